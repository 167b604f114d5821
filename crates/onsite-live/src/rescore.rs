//! Re-scoring stored takes with the current rubric pack, so old sessions can be read with the
//! judgement of today's rubric without losing the judgement they were given.
//!
//! Each scored take is scored again from what the store kept of it: its transcript (segments
//! with word timings; an answer given as text, whose segments have none, is scored as text, as
//! it was the first time) and its question as asked (the snapshot's text, with the kind and
//! talking points its stored result records). The new result becomes the take's current one
//! and the old one is kept with its rubric version ([`Store::rescore`]), one transaction per
//! take: an interrupted run leaves every take either re-scored or untouched, and running it
//! again finishes the rest (a take already scored by this rubric version is left as it is).
//!
//! What the store does not keep cannot be replayed: the pauses were measured on the audio when
//! the answer was given, and only the long ones survive, in the stored result; those are carried
//! over, so a pack with a shorter long-pause threshold than the old one may find fewer. A take
//! answered with a whiteboard is read with its final drawing again, so the new result keeps its
//! `diagram` key.

use onsite_rubric::{Answer, QuestionKind, RubricPack};
use onsite_store::{QuestionDetail, Rescored, SessionDetail, SessionId, Store, TakeDetail, TakeId};
use onsite_transcript::{Span, Transcript};
use serde::Serialize;

use crate::error::Result;
use crate::exec::drawn_record;

/// What happened to one take.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RescoreStatus {
    /// Scored with the current pack: the new result is current, the old one kept.
    Rescored,
    /// Its current result already came from the current pack's version: nothing changed.
    AlreadyCurrent,
    /// Not scored again, for [`TakeRescore::reason`]; its result is unchanged.
    Skipped,
}

impl RescoreStatus {
    pub fn id(self) -> &'static str {
        match self {
            Self::Rescored => "rescored",
            Self::AlreadyCurrent => "already_current",
            Self::Skipped => "skipped",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Rescored => "re-scored",
            Self::AlreadyCurrent => "already scored with this rubric; nothing to do",
            Self::Skipped => "skipped",
        }
    }
}

/// Why a scored take could not be scored again.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SkipReason {
    /// No words were kept for it (nothing was heard, or the transcript was lost).
    NoTranscript,
    /// Its stored result does not say which kind of question it answered (a result from
    /// another contract, such as synthetic benchmark data), so the rubric cannot be chosen.
    UnknownKind,
}

impl SkipReason {
    pub fn id(self) -> &'static str {
        match self {
            Self::NoTranscript => "no_transcript",
            Self::UnknownKind => "unknown_kind",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::NoTranscript => "it has no stored transcript to score",
            Self::UnknownKind => {
                "its stored result does not record the question's kind, so the rubric cannot \
                 be applied"
            }
        }
    }
}

/// One take re-scored (or not), as `onsite sessions rescore` prints it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TakeRescore {
    pub session_id: SessionId,
    pub take_id: TakeId,
    pub question: String,
    pub status: RescoreStatus,
    /// Why it was skipped; only for [`RescoreStatus::Skipped`].
    pub reason: Option<SkipReason>,
    /// The rubric version of the result it had, and that result's overall.
    pub old_version: String,
    pub old_overall: Option<f64>,
    /// The version and overall of its current result now: the pack's for a re-scored take, the
    /// old ones for a take already current, none for a skipped take.
    pub new_version: Option<String>,
    pub new_overall: Option<f64>,
}

/// Re-scores every scored take of one session; see the module doc.
pub fn rescore_session(
    store: &mut Store,
    pack: &RubricPack,
    session: &SessionId,
) -> Result<Vec<TakeRescore>> {
    let detail = store.session(session)?;
    rescore_detail(store, pack, &detail)
}

/// Re-scores every scored take of every session, oldest session first.
pub fn rescore_all(store: &mut Store, pack: &RubricPack) -> Result<Vec<TakeRescore>> {
    let mut ids: Vec<(i64, SessionId)> = store
        .list_sessions()?
        .into_iter()
        .map(|s| (s.started_at_ms, s.id))
        .collect();
    ids.sort();
    let mut out = Vec::new();
    for (_, id) in ids {
        out.extend(rescore_session(store, pack, &id)?);
    }
    Ok(out)
}

fn rescore_detail(
    store: &mut Store,
    pack: &RubricPack,
    session: &SessionDetail,
) -> Result<Vec<TakeRescore>> {
    let version = pack.version_label();
    let mut out = Vec::new();
    for question in &session.questions {
        for take in &question.takes {
            let (Some(id), Some(old)) = (take.id, take.rubric.as_ref()) else {
                continue;
            };
            let mut row = TakeRescore {
                session_id: session.id.clone(),
                take_id: id,
                question: question.question.text.clone(),
                status: RescoreStatus::AlreadyCurrent,
                reason: None,
                old_version: old.rubric_version.clone(),
                old_overall: old.overall(),
                new_version: Some(old.rubric_version.clone()),
                new_overall: old.overall(),
            };
            if old.rubric_version == version {
                out.push(row);
                continue;
            }
            let skip = |mut row: TakeRescore, reason| {
                row.status = RescoreStatus::Skipped;
                row.reason = Some(reason);
                row.new_version = None;
                row.new_overall = None;
                row
            };
            let Some(answer) = stored_answer(take, &old.result) else {
                out.push(skip(row, SkipReason::NoTranscript));
                continue;
            };
            let Some(rubric_question) = stored_question(question, &old.result) else {
                out.push(skip(row, SkipReason::UnknownKind));
                continue;
            };
            let assessment = pack.assess(&rubric_question, &answer)?;
            // A take answered with a whiteboard keeps the drawing's reading beside the new
            // assessment, as when it was first scored: a re-scored result without it would
            // lose the drawn evidence from the feedback and the report.
            let diagram = match take.scenes.last() {
                Some(last) => {
                    let graph = onsite_diagram::read(last.scene.as_bytes())?;
                    Some(onsite_rubric::read_diagram(&assessment, &answer, &graph))
                }
                None => None,
            };
            let record = drawn_record(&assessment, diagram.as_ref(), id, onsite_store::now_ms())?;
            match store.rescore(id, &record)? {
                Rescored::Replaced {
                    previous_version,
                    previous_overall,
                } => {
                    // What the store replaced, read in the same transaction as the write.
                    row.old_version = previous_version;
                    row.old_overall = previous_overall;
                    row.status = RescoreStatus::Rescored;
                    row.new_version = Some(record.rubric_version);
                    row.new_overall = Some(assessment.overall);
                }
                // Another writer re-scored it with this version since it was read; the
                // rubric is deterministic, so its overall is the one just computed.
                Rescored::AlreadyCurrent => {
                    row.new_version = Some(record.rubric_version);
                    row.new_overall = Some(assessment.overall);
                }
            }
            out.push(row);
        }
    }
    Ok(out)
}

/// The answer as the rubric first read it, rebuilt from the take's stored segments; `None`
/// when no words were kept.
fn stored_answer(take: &TakeDetail, result: &serde_json::Value) -> Option<Answer> {
    let text = take
        .segments
        .iter()
        .map(|s| s.text.trim())
        .filter(|t| !t.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    if text.is_empty() {
        return None;
    }
    // Spoken answers are stored with word timings; text answers (`onsite interview` with .txt
    // files) without any, and were scored as plain text.
    if take.segments.iter().all(|s| s.words.is_empty()) {
        return Some(Answer::from_text(&text));
    }
    let transcript = Transcript {
        text,
        duration_ms: take.segments.iter().map(|s| s.end_ms).max().unwrap_or(0),
        model: "stored".into(),
        segments: take.segments.clone(),
        pauses: stored_long_pauses(result),
    };
    Some(Answer::from_transcript(&transcript))
}

/// The long pauses the earlier result found (`delivery.long_pauses`): the only pauses kept.
fn stored_long_pauses(result: &serde_json::Value) -> Vec<Span> {
    result
        .pointer("/delivery/long_pauses")
        .cloned()
        .and_then(|v| serde_json::from_value::<Vec<Span>>(v).ok())
        .unwrap_or_default()
}

/// The question as it was put to the rubric: the snapshot's text, and the kind and talking
/// points the stored result records (the bank may have changed since; the snapshot has not).
fn stored_question(
    question: &QuestionDetail,
    result: &serde_json::Value,
) -> Option<onsite_rubric::Question> {
    let kind: QuestionKind = serde_json::from_value(result.get("kind")?.clone()).ok()?;
    let points = |key: &str| -> Vec<String> {
        result
            .pointer(&format!("/talking_points/{key}"))
            .cloned()
            .and_then(|v| serde_json::from_value(v).ok())
            .unwrap_or_default()
    };
    let mut talking_points = points("covered");
    talking_points.extend(points("missed"));
    Some(onsite_rubric::Question {
        kind,
        text: question.question.text.clone(),
        talking_points,
    })
}
