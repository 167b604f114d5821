//! Recording a session as it happens: every call is its own transaction, committed on return,
//! so whatever a crash interrupts, what was acknowledged is on disk.

use std::path::{Component, Path};

use onsite_transcript::Segment;
use rusqlite::{params, OptionalExtension, Transaction};

use crate::model::{
    NewSession, QuestionAskedId, QuestionSnapshot, Rescored, RubricRecord, SceneSnapshot,
    SessionDetail, SessionId, TakeEnd, TakeId, TakeStatus,
};
use crate::{Store, StoreError};

/// A take just started: its id, attempt number (1 for the first take of the question) and
/// where its media goes (relative to the data folder).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StartedTake {
    pub id: TakeId,
    pub attempt: u32,
    pub media_path: Option<String>,
}

impl Store {
    /// Starts a session whose local UTC offset is unknown (practice days then count it at the
    /// reader's offset). Writers that know the candidate's clock use
    /// [`Store::create_session_at_offset`].
    pub fn create_session(&mut self, new: &NewSession) -> Result<SessionId, StoreError> {
        self.create_session_at_offset(new, None)
    }

    /// Starts a session, recording the candidate's offset from UTC at its start (local minus
    /// UTC, minutes; see [`crate::local_utc_offset_minutes`]), so that its practice day stays
    /// the local one across a daylight-saving change. At most ±14 h.
    pub fn create_session_at_offset(
        &mut self,
        new: &NewSession,
        utc_offset_minutes: Option<i32>,
    ) -> Result<SessionId, StoreError> {
        validate_utc_offset(utc_offset_minutes)?;
        let id = SessionId::generate();
        self.conn.execute(
            "INSERT INTO sessions (id, started_at_ms, plan, level, tailoring_json,
                                   utc_offset_minutes)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                id.as_str(),
                new.started_at_ms,
                new.plan,
                new.level,
                serde_json::to_string(&new.tailoring)
                    .map_err(|e| StoreError::invalid("tailoring", e.to_string()))?,
                utc_offset_minutes
            ],
        )?;
        Ok(id)
    }

    pub fn finish_session(&mut self, id: &SessionId, ended_at_ms: i64) -> Result<(), StoreError> {
        let changed = self.conn.execute(
            "UPDATE sessions SET ended_at_ms = ?2 WHERE id = ?1",
            params![id.as_str(), ended_at_ms],
        )?;
        require_found(changed, "session", id)
    }

    /// Records that `question` was asked next in `session`.
    pub fn ask_question(
        &mut self,
        session: &SessionId,
        question: &QuestionSnapshot,
        asked_at_ms: i64,
    ) -> Result<QuestionAskedId, StoreError> {
        let tx = self.conn.transaction()?;
        require_session(&tx, session)?;
        tx.execute(
            "INSERT INTO questions_asked
                 (session_id, position, question_id, question_version, text, asked_at_ms)
             VALUES (?1, (SELECT COALESCE(MAX(position), 0) + 1 FROM questions_asked
                          WHERE session_id = ?1), ?2, ?3, ?4, ?5)",
            params![
                session.as_str(),
                question.question_id,
                question.question_version,
                question.text,
                asked_at_ms
            ],
        )?;
        let id = tx.last_insert_rowid();
        tx.commit()?;
        Ok(QuestionAskedId(id))
    }

    /// Starts a take of `question` (a retry if it already has one). `media_file` is the file
    /// name the recorder will write in the session's media folder.
    pub fn start_take(
        &mut self,
        question: QuestionAskedId,
        started_at_ms: i64,
        media_file: Option<&str>,
    ) -> Result<StartedTake, StoreError> {
        let tx = self.conn.transaction()?;
        let session: String = tx
            .query_row(
                "SELECT session_id FROM questions_asked WHERE id = ?1",
                [question.0],
                |r| r.get(0),
            )
            .optional()?
            .ok_or_else(|| not_found("question", question.0))?;
        let media_path = match media_file {
            Some(file) => {
                let session: SessionId = session.parse()?;
                let path = format!("media/{session}/{file}");
                validate_media_path(&session, &path)?;
                Some(path)
            }
            None => None,
        };
        let attempt: u32 = tx.query_row(
            "SELECT COALESCE(MAX(attempt), 0) + 1 FROM takes WHERE question_asked_id = ?1",
            [question.0],
            |r| r.get(0),
        )?;
        tx.execute(
            "INSERT INTO takes (question_asked_id, attempt, status, started_at_ms, media_path)
             VALUES (?1, ?2, 'recording', ?3, ?4)",
            params![question.0, attempt, started_at_ms, media_path],
        )?;
        let id = TakeId(tx.last_insert_rowid());
        tx.commit()?;
        Ok(StartedTake {
            id,
            attempt,
            media_path,
        })
    }

    /// Commits one transcript segment (and its words) of `take` as soon as it is produced.
    pub fn append_segment(&mut self, take: TakeId, segment: &Segment) -> Result<(), StoreError> {
        self.append_segments(take, std::slice::from_ref(segment))
    }

    /// Commits several segments in one transaction (import, re-transcription, benchmarks).
    pub fn append_segments(
        &mut self,
        take: TakeId,
        segments: &[Segment],
    ) -> Result<(), StoreError> {
        for segment in segments {
            validate_segment(segment)?;
        }
        let tx = self.conn.transaction()?;
        require_take(&tx, take)?;
        insert_segments(&tx, take, segments)?;
        tx.commit()?;
        Ok(())
    }

    /// Commits one whiteboard snapshot of `take`, drawn `at_ms` after the take started (the
    /// transcript's timeline), as soon as the canvas hands it over: its own transaction, so a
    /// crash keeps the drawing up to the last append. The scene must read as an Excalidraw
    /// scene within `onsite-diagram`'s bounds ([`StoreError::Scene`] otherwise, and nothing is
    /// written); `at_ms` never goes back within a take. A scene identical to the take's last one
    /// is not stored again. Returns the snapshot's `seq` (the last one's for a repeat).
    pub fn append_scene(
        &mut self,
        take: TakeId,
        at_ms: u64,
        scene: &str,
    ) -> Result<u32, StoreError> {
        validate_scene(scene)?;
        let at = ms(at_ms)?;
        let tx = self.conn.transaction()?;
        require_take(&tx, take)?;
        let last: Option<(u32, i64, String)> = tx
            .query_row(
                "SELECT seq, at_ms, scene FROM take_scenes WHERE take_id = ?1
                 ORDER BY seq DESC LIMIT 1",
                [take.0],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?;
        if let Some((seq, last_at, last_scene)) = &last {
            if at < *last_at {
                return Err(StoreError::invalid(
                    "whiteboard snapshot",
                    format!(
                        "at {at_ms} ms is before the take's last snapshot at {last_at} ms; \
                         snapshots are appended in time order"
                    ),
                ));
            }
            if last_scene == scene {
                return Ok(*seq);
            }
        }
        let seq = last.map_or(1, |(seq, _, _)| seq + 1);
        tx.prepare_cached(
            "INSERT INTO take_scenes (take_id, seq, at_ms, scene) VALUES (?1, ?2, ?3, ?4)",
        )?
        .execute(params![take.0, seq, at, scene])?;
        tx.commit()?;
        Ok(seq)
    }

    /// Ends a take that is `recording`.
    pub fn finish_take(
        &mut self,
        take: TakeId,
        end: TakeEnd,
        ended_at_ms: i64,
    ) -> Result<(), StoreError> {
        let status = match end {
            TakeEnd::Complete => TakeStatus::Complete,
            TakeEnd::Failed => TakeStatus::Failed,
        };
        let tx = self.conn.transaction()?;
        let current = require_take(&tx, take)?;
        if current != TakeStatus::Recording {
            return Err(StoreError::TakeNotRecording {
                take: take.0,
                status: current.as_str(),
            });
        }
        tx.execute(
            "UPDATE takes SET status = ?2, ended_at_ms = ?3 WHERE id = ?1",
            params![take.0, status.as_str(), ended_at_ms],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Makes `rubric` the current result of `take`. A result it already had is kept among its
    /// earlier results ([`crate::TakeDetail::earlier_rubrics`]), never thrown away.
    pub fn save_rubric(&mut self, take: TakeId, rubric: &RubricRecord) -> Result<(), StoreError> {
        validate_rubric(rubric)?;
        let tx = self.conn.transaction()?;
        require_take(&tx, take)?;
        insert_rubric(&tx, take, rubric)?;
        refresh_take_session(&tx, take)?;
        tx.commit()?;
        Ok(())
    }

    /// Re-scores a scored take: `rubric` (from the rubric version in its `rubric_version`)
    /// becomes the current result and the one it replaces is kept, with its version, among the
    /// take's earlier results; the session's scores follow, all in one transaction. When the
    /// current result already came from that version nothing is written, so running a
    /// re-score twice, or again after a crash, changes nothing more.
    pub fn rescore(&mut self, take: TakeId, rubric: &RubricRecord) -> Result<Rescored, StoreError> {
        validate_rubric(rubric)?;
        let tx = self.conn.transaction()?;
        require_take(&tx, take)?;
        let current: Option<(String, Option<f64>)> = tx
            .query_row(
                "SELECT rubric_version, overall FROM rubric_results WHERE take_id = ?1",
                [take.0],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        let Some((previous_version, previous_overall)) = current else {
            return Err(StoreError::NotScored { take: take.0 });
        };
        if previous_version == rubric.rubric_version {
            return Ok(Rescored::AlreadyCurrent);
        }
        insert_rubric(&tx, take, rubric)?;
        refresh_take_session(&tx, take)?;
        tx.commit()?;
        Ok(Rescored::Replaced {
            previous_version,
            previous_overall,
        })
    }

    /// Records a follow-up question asked after `take`; returns its position (1-based).
    pub fn add_follow_up(
        &mut self,
        take: TakeId,
        text: &str,
        asked_at_ms: i64,
    ) -> Result<u32, StoreError> {
        let tx = self.conn.transaction()?;
        require_take(&tx, take)?;
        let position: u32 = tx.query_row(
            "SELECT COALESCE(MAX(position), 0) + 1 FROM follow_ups WHERE take_id = ?1",
            [take.0],
            |r| r.get(0),
        )?;
        tx.execute(
            "INSERT INTO follow_ups (take_id, position, text, asked_at_ms) VALUES (?1, ?2, ?3, ?4)",
            params![take.0, position, text, asked_at_ms],
        )?;
        tx.commit()?;
        Ok(position)
    }

    pub fn set_setting(&mut self, key: &str, value: &serde_json::Value) -> Result<(), StoreError> {
        let json = serde_json::to_string(value)
            .map_err(|e| StoreError::invalid("setting", e.to_string()))?;
        self.conn.execute(
            "INSERT INTO settings (key, value_json) VALUES (?1, ?2)
             ON CONFLICT (key) DO UPDATE SET value_json = excluded.value_json",
            params![key, json],
        )?;
        Ok(())
    }

    pub fn setting(&self, key: &str) -> Result<Option<serde_json::Value>, StoreError> {
        let json: Option<String> = self
            .conn
            .query_row(
                "SELECT value_json FROM settings WHERE key = ?1",
                [key],
                |r| r.get(0),
            )
            .optional()?;
        json.map(|j| {
            serde_json::from_str(&j)
                .map_err(|e| StoreError::invalid("stored setting", e.to_string()))
        })
        .transpose()
    }
}

/// Recomputes the scores of the session `take` belongs to.
fn refresh_take_session(tx: &Transaction<'_>, take: TakeId) -> Result<(), StoreError> {
    let session: String = tx.query_row(
        "SELECT q.session_id FROM takes t JOIN questions_asked q ON q.id = t.question_asked_id
         WHERE t.id = ?1",
        [take.0],
        |r| r.get(0),
    )?;
    refresh_session_scores(tx, &session)
}

/// Inserts a whole session (import, synthetic data) inside `tx`. The caller has validated it.
pub(crate) fn insert_session_detail(
    tx: &Transaction<'_>,
    session: &SessionDetail,
) -> Result<(), StoreError> {
    tx.execute(
        "INSERT INTO sessions (id, started_at_ms, ended_at_ms, plan, level, tailoring_json,
                               utc_offset_minutes)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            session.id.as_str(),
            session.started_at_ms,
            session.ended_at_ms,
            session.plan,
            session.level,
            serde_json::to_string(&session.tailoring)
                .map_err(|e| StoreError::invalid("tailoring", e.to_string()))?,
            session.utc_offset_minutes
        ],
    )?;
    let mut insert_question = tx.prepare_cached(
        "INSERT INTO questions_asked
             (session_id, position, question_id, question_version, text, asked_at_ms)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    let mut insert_take = tx.prepare_cached(
        "INSERT INTO takes (question_asked_id, attempt, status, started_at_ms, ended_at_ms,
                            media_path)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    let mut insert_follow_up = tx.prepare_cached(
        "INSERT INTO follow_ups (take_id, position, text, asked_at_ms) VALUES (?1, ?2, ?3, ?4)",
    )?;
    for question in &session.questions {
        insert_question.execute(params![
            session.id.as_str(),
            question.position,
            question.question.question_id,
            question.question.question_version,
            question.question.text,
            question.asked_at_ms
        ])?;
        let question_id = tx.last_insert_rowid();
        for take in &question.takes {
            insert_take.execute(params![
                question_id,
                take.attempt,
                take.status.as_str(),
                take.started_at_ms,
                take.ended_at_ms,
                take.media_path
            ])?;
            let take_id = TakeId(tx.last_insert_rowid());
            insert_segments(tx, take_id, &take.segments)?;
            insert_scenes(tx, take_id, &take.scenes)?;
            crate::interviewer::insert_interviewer_lines(tx, take_id, &take.interviewer_lines)?;
            for earlier in &take.earlier_rubrics {
                insert_earlier_rubric(tx, take_id, earlier)?;
            }
            if let Some(rubric) = &take.rubric {
                insert_rubric(tx, take_id, rubric)?;
            }
            for follow_up in &take.follow_ups {
                insert_follow_up.execute(params![
                    take_id.0,
                    follow_up.position,
                    follow_up.text,
                    follow_up.asked_at_ms
                ])?;
            }
        }
    }
    refresh_session_scores(tx, session.id.as_str())
}

/// Recomputes one session's `final_takes` with their overall (migrations V5, V6) and
/// `session_scores` (V4 for the rule), in the transaction that changed its scores.
fn refresh_session_scores(tx: &Transaction<'_>, session: &str) -> Result<(), StoreError> {
    tx.prepare_cached("DELETE FROM final_takes WHERE session_id = ?1")?
        .execute([session])?;
    tx.prepare_cached(&format!(
        "INSERT INTO final_takes (session_id, take_id, overall)
         SELECT l.session_id, l.take_id, r.overall
         FROM ({} WHERE q.session_id = ?1) l JOIN rubric_results r ON r.take_id = l.take_id
         WHERE l.rn = 1",
        crate::migrations::LATEST_SCORED_TAKES
    ))?
    .execute([session])?;
    tx.prepare_cached("DELETE FROM session_scores WHERE session_id = ?1")?
        .execute([session])?;
    tx.prepare_cached(&format!(
        "INSERT INTO session_scores (session_id, competency, score)
         SELECT l.session_id, c.competency, AVG(c.score)
         FROM ({} WHERE q.session_id = ?1) l
         JOIN competency_scores c ON c.take_id = l.take_id
         WHERE l.rn = 1
         GROUP BY l.session_id, c.competency",
        crate::migrations::LATEST_SCORED_TAKES
    ))?
    .execute([session])?;
    Ok(())
}

fn insert_segments(
    tx: &Transaction<'_>,
    take: TakeId,
    segments: &[Segment],
) -> Result<(), StoreError> {
    let mut insert_segment = tx.prepare_cached(
        "INSERT INTO segments (take_id, start_ms, end_ms, text) VALUES (?1, ?2, ?3, ?4)",
    )?;
    let mut insert_word = tx.prepare_cached(
        "INSERT INTO words (segment_id, idx, text, start_ms, end_ms, p)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    for segment in segments {
        insert_segment.execute(params![
            take.0,
            ms(segment.start_ms)?,
            ms(segment.end_ms)?,
            segment.text
        ])?;
        let segment_id = tx.last_insert_rowid();
        for (idx, word) in segment.words.iter().enumerate() {
            insert_word.execute(params![
                segment_id,
                idx as i64,
                word.text,
                ms(word.start_ms)?,
                ms(word.end_ms)?,
                f64::from(word.p)
            ])?;
        }
    }
    Ok(())
}

/// Inserts a take's whiteboard snapshots as they are (import); the caller has validated them
/// ([`validate_scenes`]).
fn insert_scenes(
    tx: &Transaction<'_>,
    take: TakeId,
    scenes: &[SceneSnapshot],
) -> Result<(), StoreError> {
    let mut insert = tx.prepare_cached(
        "INSERT INTO take_scenes (take_id, seq, at_ms, scene) VALUES (?1, ?2, ?3, ?4)",
    )?;
    for snapshot in scenes {
        insert.execute(params![
            take.0,
            snapshot.seq,
            ms(snapshot.at_ms)?,
            snapshot.scene
        ])?;
    }
    Ok(())
}

/// Makes `rubric` the current result of `take`; the current one, if any, moves to the take's
/// earlier results with the competency scores it had.
fn insert_rubric(
    tx: &Transaction<'_>,
    take: TakeId,
    rubric: &RubricRecord,
) -> Result<(), StoreError> {
    tx.prepare_cached(
        "INSERT INTO earlier_rubric_results
             (take_id, rubric_version, result_json, scores_json, scored_at_ms, overall)
         SELECT r.take_id, r.rubric_version, r.result_json,
                COALESCE((SELECT json_group_object(c.competency, c.score)
                          FROM competency_scores c WHERE c.take_id = r.take_id), '{}'),
                r.scored_at_ms, r.overall
         FROM rubric_results r WHERE r.take_id = ?1",
    )?
    .execute([take.0])?;
    // Deleting cascades to the old per-competency scores (copied above).
    tx.execute("DELETE FROM rubric_results WHERE take_id = ?1", [take.0])?;
    let json = serde_json::to_string(&rubric.result)
        .map_err(|e| StoreError::invalid("rubric result", e.to_string()))?;
    tx.execute(
        "INSERT INTO rubric_results (take_id, rubric_version, result_json, scored_at_ms, overall)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![
            take.0,
            rubric.rubric_version,
            json,
            rubric.scored_at_ms,
            crate::migrations::rubric_overall(&rubric.result)
        ],
    )?;
    let mut insert_score = tx.prepare_cached(
        "INSERT INTO competency_scores (take_id, competency, score) VALUES (?1, ?2, ?3)",
    )?;
    for (competency, score) in &rubric.scores {
        insert_score.execute(params![take.0, competency, score])?;
    }
    Ok(())
}

/// Adds `rubric` to the earlier results of `take` (an import carrying them), after any it has.
fn insert_earlier_rubric(
    tx: &Transaction<'_>,
    take: TakeId,
    rubric: &RubricRecord,
) -> Result<(), StoreError> {
    let json = serde_json::to_string(&rubric.result)
        .map_err(|e| StoreError::invalid("rubric result", e.to_string()))?;
    let scores = serde_json::to_string(&rubric.scores)
        .map_err(|e| StoreError::invalid("rubric scores", e.to_string()))?;
    tx.prepare_cached(
        "INSERT INTO earlier_rubric_results
             (take_id, rubric_version, result_json, scores_json, scored_at_ms, overall)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![
        take.0,
        rubric.rubric_version,
        json,
        scores,
        rubric.scored_at_ms,
        rubric.overall()
    ])?;
    Ok(())
}

fn ms(value: u64) -> Result<i64, StoreError> {
    i64::try_from(value).map_err(|_| StoreError::invalid("timing", format!("{value} ms")))
}

pub(crate) fn validate_segment(segment: &Segment) -> Result<(), StoreError> {
    let transcript = onsite_transcript::Transcript {
        segments: vec![segment.clone()],
        ..Default::default()
    };
    transcript
        .validate()
        .map_err(|e| StoreError::invalid("transcript segment", e.to_string()))?;
    ms(segment.end_ms)?;
    Ok(())
}

/// The largest whiteboard snapshot stored, in bytes: the diagram reader's own bound
/// ([`onsite_diagram::MAX_BYTES`]), so that whatever is stored can be read back as a diagram.
pub const MAX_SCENE_BYTES: usize = onsite_diagram::MAX_BYTES;

/// A snapshot is stored only if it reads as an Excalidraw scene within the diagram reader's
/// bounds (bytes, elements): the store never keeps a drawing that replay or the rubric would
/// refuse.
pub(crate) fn validate_scene(scene: &str) -> Result<(), StoreError> {
    onsite_diagram::read(scene.as_bytes())
        .map(|_| ())
        .map_err(StoreError::Scene)
}

/// An imported take's snapshots: each a valid scene, `seq` 1, 2, 3… and `at_ms` never going
/// back, as [`Store::append_scene`] writes them.
pub(crate) fn validate_scenes(scenes: &[SceneSnapshot]) -> Result<(), StoreError> {
    let mut last_at = 0;
    for (i, snapshot) in scenes.iter().enumerate() {
        let expected = u32::try_from(i + 1).unwrap_or(u32::MAX);
        if snapshot.seq != expected {
            return Err(StoreError::invalid(
                "whiteboard snapshot",
                format!("snapshot {} is numbered {}", expected, snapshot.seq),
            ));
        }
        if snapshot.at_ms < last_at {
            return Err(StoreError::invalid(
                "whiteboard snapshot",
                format!(
                    "snapshot {} at {} ms is before the one before it ({last_at} ms)",
                    snapshot.seq, snapshot.at_ms
                ),
            ));
        }
        last_at = snapshot.at_ms;
        ms(snapshot.at_ms)?;
        validate_scene(&snapshot.scene)?;
    }
    Ok(())
}

/// The widest offsets in use are UTC-12 and UTC+14; the schema allows ±14 h.
pub(crate) const MAX_UTC_OFFSET_MINUTES: i32 = 14 * 60;

pub(crate) fn validate_utc_offset(minutes: Option<i32>) -> Result<(), StoreError> {
    match minutes {
        Some(m) if m.abs() > MAX_UTC_OFFSET_MINUTES => Err(StoreError::invalid(
            "UTC offset",
            format!("{m} minutes is beyond ±14 h; pass local time minus UTC in minutes"),
        )),
        _ => Ok(()),
    }
}

pub(crate) fn validate_rubric(rubric: &RubricRecord) -> Result<(), StoreError> {
    for (competency, score) in &rubric.scores {
        if !score.is_finite() {
            return Err(StoreError::invalid(
                "rubric score",
                format!("{competency} = {score} is not a finite number"),
            ));
        }
    }
    Ok(())
}

/// A media path must be `media/<session id>/<file>` with a plain file name, so that deleting
/// the session's folder deletes all its media and nothing else.
pub(crate) fn validate_media_path(session: &SessionId, path: &str) -> Result<(), StoreError> {
    let bad = |reason: &str| StoreError::invalid("media path", format!("{path:?}: {reason}"));
    let mut parts = Path::new(path).components();
    match (parts.next(), parts.next(), parts.next(), parts.next()) {
        (
            Some(Component::Normal(media)),
            Some(Component::Normal(dir)),
            Some(Component::Normal(file)),
            None,
        ) if media == "media" && dir == session.as_str() => {
            let file = file.to_str().ok_or_else(|| bad("not UTF-8"))?;
            if is_plain_file_name(file) {
                Ok(())
            } else {
                Err(bad(
                    "the file name may use only letters, digits, '.', '-' and '_'",
                ))
            }
        }
        _ => Err(bad("expected media/<session id>/<file>")),
    }
}

pub(crate) fn is_plain_file_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 128
        && !name.starts_with('.')
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
}

fn require_found(changed: usize, what: &'static str, id: &SessionId) -> Result<(), StoreError> {
    if changed == 0 {
        Err(not_found(what, id))
    } else {
        Ok(())
    }
}

pub(crate) fn not_found(what: &'static str, id: impl ToString) -> StoreError {
    StoreError::NotFound {
        what,
        id: id.to_string(),
    }
}

fn require_session(tx: &Transaction<'_>, session: &SessionId) -> Result<(), StoreError> {
    let found: Option<i64> = tx
        .query_row(
            "SELECT 1 FROM sessions WHERE id = ?1",
            [session.as_str()],
            |r| r.get(0),
        )
        .optional()?;
    found
        .map(|_| ())
        .ok_or_else(|| not_found("session", session))
}

fn require_take(tx: &Transaction<'_>, take: TakeId) -> Result<TakeStatus, StoreError> {
    let status: Option<String> = tx
        .query_row("SELECT status FROM takes WHERE id = ?1", [take.0], |r| {
            r.get(0)
        })
        .optional()?;
    TakeStatus::parse(&status.ok_or_else(|| not_found("take", take))?)
}
