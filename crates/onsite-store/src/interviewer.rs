//! The interviewer's lines on a take's timeline: the question or follow-up as the voice said
//! it, and when, so a replay shows what was asked beside what the candidate answered.
//!
//! A line is said before its take starts (the question plays while the candidate prepares),
//! so its times are in milliseconds from the take's start like segments, but negative when the
//! line came first. Lines go with their take (`ON DELETE CASCADE`) and travel with it in
//! export archives (`TakeDetail::interviewer_lines`).

use rusqlite::{params, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};

use crate::model::TakeId;
use crate::write::not_found;
use crate::{Store, StoreError};

/// Longest line kept (a question is a few hundred characters).
pub const MAX_LINE_CHARS: usize = 4_000;

/// What the interviewer said: the question, or the follow-up to the previous answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LineKind {
    Question,
    FollowUp,
}

impl LineKind {
    pub fn id(self) -> &'static str {
        match self {
            Self::Question => "question",
            Self::FollowUp => "follow_up",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Question => "Question",
            Self::FollowUp => "Follow-up",
        }
    }

    fn from_id(id: &str) -> Option<Self> {
        [Self::Question, Self::FollowUp]
            .into_iter()
            .find(|k| k.id() == id)
    }
}

/// One line the interviewer said, on its take's timeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InterviewerLine {
    pub kind: LineKind,
    pub text: String,
    /// From the take's start; negative when said before the answer began.
    pub start_ms: i64,
    pub end_ms: i64,
    /// Cut short (the candidate stopped it, or began answering).
    #[serde(default)]
    pub stopped: bool,
}

impl Store {
    /// Keeps a line the interviewer said for `take`, from `said_at_ms` to `ended_at_ms` (wall
    /// clock, Unix milliseconds), placed on the take's timeline. Refused (nothing written)
    /// when the text is empty or too long, or the times run backwards.
    pub fn add_interviewer_line(
        &mut self,
        take: TakeId,
        kind: LineKind,
        text: &str,
        said_at_ms: i64,
        ended_at_ms: i64,
        stopped: bool,
    ) -> Result<InterviewerLine, StoreError> {
        let tx = self.conn.transaction()?;
        let started: i64 = tx
            .query_row(
                "SELECT started_at_ms FROM takes WHERE id = ?1",
                [take.0],
                |r| r.get(0),
            )
            .optional()?
            .ok_or_else(|| not_found("take", take.0))?;
        let line = InterviewerLine {
            kind,
            text: text.trim().to_string(),
            start_ms: said_at_ms.saturating_sub(started),
            end_ms: ended_at_ms.saturating_sub(started),
            stopped,
        };
        validate_lines(std::slice::from_ref(&line))?;
        insert_interviewer_lines(&tx, take, std::slice::from_ref(&line))?;
        tx.commit()?;
        Ok(line)
    }

    /// The interviewer's lines of `take`, in the order they were said.
    pub fn interviewer_lines(&self, take: TakeId) -> Result<Vec<InterviewerLine>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT kind, text, start_ms, end_ms, stopped FROM interviewer_lines
             WHERE take_id = ?1 ORDER BY start_ms, id",
        )?;
        let rows = stmt.query_map([take.0], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, i64>(2)?,
                r.get::<_, i64>(3)?,
                r.get::<_, bool>(4)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (kind, text, start_ms, end_ms, stopped) = row?;
            let kind = LineKind::from_id(&kind)
                .ok_or_else(|| StoreError::invalid("interviewer line", format!("kind {kind}")))?;
            out.push(InterviewerLine {
                kind,
                text,
                start_ms,
                end_ms,
                stopped,
            });
        }
        Ok(out)
    }
}

/// Every line has words, fits [`MAX_LINE_CHARS`] and ends at or after it starts.
pub(crate) fn validate_lines(lines: &[InterviewerLine]) -> Result<(), StoreError> {
    for line in lines {
        if line.text.trim().is_empty() {
            return Err(StoreError::invalid("interviewer line", "the text is empty"));
        }
        if line.text.chars().count() > MAX_LINE_CHARS {
            return Err(StoreError::invalid(
                "interviewer line",
                format!("longer than {MAX_LINE_CHARS} characters"),
            ));
        }
        if line.end_ms < line.start_ms {
            return Err(StoreError::invalid(
                "interviewer line",
                format!(
                    "ends at {} ms, before it starts at {} ms",
                    line.end_ms, line.start_ms
                ),
            ));
        }
    }
    Ok(())
}

pub(crate) fn insert_interviewer_lines(
    tx: &Transaction<'_>,
    take: TakeId,
    lines: &[InterviewerLine],
) -> Result<(), StoreError> {
    let mut insert = tx.prepare_cached(
        "INSERT INTO interviewer_lines (take_id, kind, text, start_ms, end_ms, stopped)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    for line in lines {
        insert.execute(params![
            take.0,
            line.kind.id(),
            line.text,
            line.start_ms,
            line.end_ms,
            line.stopped
        ])?;
    }
    Ok(())
}
