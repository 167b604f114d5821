//! The values the store takes in and hands back.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use onsite_transcript::Segment;
use serde::{Deserialize, Serialize};

use crate::StoreError;

/// A session's id: a UUID, which also names its media folder (`media/<id>/`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct SessionId(String);

impl SessionId {
    pub(crate) fn generate() -> Self {
        Self(uuid::Uuid::new_v4().hyphenated().to_string())
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl FromStr for SessionId {
    type Err = StoreError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        // Only canonical lowercase UUIDs: the id becomes a folder name, so no other shape passes.
        let parsed = uuid::Uuid::try_parse(s)
            .map_err(|_| StoreError::invalid("session id", format!("{s:?} is not a UUID")))?;
        let canonical = parsed.hyphenated().to_string();
        if canonical != s {
            return Err(StoreError::invalid(
                "session id",
                format!("{s:?} is not a lowercase hyphenated UUID"),
            ));
        }
        Ok(Self(canonical))
    }
}

impl TryFrom<String> for SessionId {
    type Error = StoreError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        s.parse()
    }
}

impl From<SessionId> for String {
    fn from(id: SessionId) -> Self {
        id.0
    }
}

impl fmt::Display for SessionId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A question as asked within one session (row id).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct QuestionAskedId(pub i64);

/// One recorded answer (row id).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct TakeId(pub i64);

impl fmt::Display for TakeId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// Where a take is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TakeStatus {
    /// Being recorded now (or the app died while it was).
    Recording,
    /// Stopped normally.
    Complete,
    /// Found `recording` at start-up after a crash; what was committed is kept.
    Recovered,
    /// Stopped by an error; kept so the user can see and delete it.
    Failed,
}

impl TakeStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Recording => "recording",
            Self::Complete => "complete",
            Self::Recovered => "recovered",
            Self::Failed => "failed",
        }
    }

    pub(crate) fn parse(s: &str) -> Result<Self, StoreError> {
        Ok(match s {
            "recording" => Self::Recording,
            "complete" => Self::Complete,
            "recovered" => Self::Recovered,
            "failed" => Self::Failed,
            other => return Err(StoreError::invalid("take status", other.to_string())),
        })
    }
}

/// How a take ended, as told by the coordinator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TakeEnd {
    Complete,
    Failed,
}

/// What is known when a session starts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewSession {
    /// The interview plan (e.g. `system-design-45`).
    pub plan: String,
    /// The level practised (e.g. `senior`, `staff`).
    pub level: String,
    /// Tailoring inputs (role, company, job description...). Kept on this machine only.
    pub tailoring: serde_json::Value,
    pub started_at_ms: i64,
}

/// The question as it was asked: its id and version in the bank, and its text at the time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuestionSnapshot {
    pub question_id: String,
    pub question_version: String,
    pub text: String,
}

/// A rubric result to keep: the rubric's JSON as produced, its version, and the per-competency
/// scores copied out of it (the store does not interpret the JSON).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RubricRecord {
    pub rubric_version: String,
    /// Competency name -> score. Must be finite.
    pub scores: BTreeMap<String, f64>,
    /// The rubric's full result, any JSON value.
    pub result: serde_json::Value,
    pub scored_at_ms: i64,
}

impl RubricRecord {
    /// The result's own `overall` when it is a finite number (the rubric's JSON contract), as
    /// the lists read it; `None` for a result of another shape.
    pub fn overall(&self) -> Option<f64> {
        crate::migrations::rubric_overall(&self.result)
    }
}

/// What [`crate::Store::rescore`] did with a take.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum Rescored {
    /// The new result is the take's current one; the result it replaced is kept among the
    /// take's earlier results.
    Replaced {
        previous_version: String,
        previous_overall: Option<f64>,
    },
    /// The take's current result already came from this rubric version: nothing was written.
    AlreadyCurrent,
}

/// A follow-up question asked after a take.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FollowUp {
    pub position: u32,
    pub text: String,
    pub asked_at_ms: i64,
}

/// One row of the sessions list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SessionSummary {
    pub id: SessionId,
    pub started_at_ms: i64,
    pub ended_at_ms: Option<i64>,
    pub plan: String,
    pub level: String,
    pub questions: u32,
    pub takes: u32,
    /// Mean per competency over the session's questions, each question counted by its latest
    /// scored take (a retry replaces the earlier attempt).
    pub scores: BTreeMap<String, f64>,
}

/// A whole session, as `sessions show` prints it and as an export's `session.json` holds it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SessionDetail {
    pub id: SessionId,
    pub started_at_ms: i64,
    pub ended_at_ms: Option<i64>,
    /// The candidate's offset from UTC when the session started (local minus UTC, minutes;
    /// UTC-8 is -480), if the writer knew it: practice days are counted in it. Absent from
    /// archives of sessions without one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub utc_offset_minutes: Option<i32>,
    pub plan: String,
    pub level: String,
    pub tailoring: serde_json::Value,
    pub questions: Vec<QuestionDetail>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuestionDetail {
    pub position: u32,
    #[serde(flatten)]
    pub question: QuestionSnapshot,
    pub asked_at_ms: i64,
    pub takes: Vec<TakeDetail>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TakeDetail {
    /// Row id on this machine; not kept across export/import.
    #[serde(default, skip_deserializing)]
    pub id: Option<TakeId>,
    pub attempt: u32,
    pub status: TakeStatus,
    pub started_at_ms: i64,
    pub ended_at_ms: Option<i64>,
    /// Relative to the data folder (`media/<session>/<file>`).
    pub media_path: Option<String>,
    pub segments: Vec<Segment>,
    /// The current rubric result: the one the session's scores, trends and reports use.
    pub rubric: Option<RubricRecord>,
    /// Results the take had before its current one (a re-score with a newer rubric keeps the
    /// old result, with its version), oldest first. Absent from archives of takes without one.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub earlier_rubrics: Vec<RubricRecord>,
    pub follow_ups: Vec<FollowUp>,
    /// The whiteboard drawn during the take, as scene snapshots in the order they were
    /// appended (oldest first). Absent from archives of takes without a drawing, and from
    /// archives of format 1, which predate the whiteboard.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub scenes: Vec<SceneSnapshot>,
    /// What the interviewer's voice said for this take (the question, a follow-up), on the
    /// take's timeline. Absent when the voice was off, and from archives written before it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub interviewer_lines: Vec<crate::interviewer::InterviewerLine>,
}

/// The whiteboard as it stood at one moment of a take: an Excalidraw scene (the JSON the canvas
/// wrote) and when, in milliseconds from the take's start (the transcript's timeline).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SceneSnapshot {
    /// 1 for the take's first snapshot, then one more for each appended.
    pub seq: u32,
    pub at_ms: u64,
    pub scene: String,
}

/// A take found `recording` at start-up and marked `recovered`; the app tells the user, and the
/// capture crate finalises `media_path`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecoveredTake {
    pub take_id: TakeId,
    pub session_id: SessionId,
    pub question_text: String,
    pub attempt: u32,
    pub media_path: Option<String>,
    pub segments_kept: u32,
    /// Whiteboard snapshots committed before the crash.
    #[serde(default)]
    pub scenes_kept: u32,
}

/// A question's latest scored take (a retry replaces the attempt before it): what a session's
/// scores are computed from (`onsite_interview::SessionScores`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FinalTakeScore {
    pub session_id: SessionId,
    pub take_id: TakeId,
    /// The rubric result's `overall`; `None` for a result without one (another contract).
    pub overall: Option<f64>,
    /// The take's competency scores when it has no `overall` (the overall then falls back to
    /// their mean); empty otherwise. A session's competency scores over these same takes are
    /// [`SessionSummary::scores`].
    pub scores: BTreeMap<String, f64>,
}

/// One point of a competency trend: a session's score for that competency.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrendPoint {
    pub competency: String,
    pub session_id: SessionId,
    pub started_at_ms: i64,
    pub score: f64,
}

/// How search results are ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SearchOrder {
    /// Most recently recorded (or imported) first. Stops after `limit` matches, so it stays
    /// fast however common the words are.
    #[default]
    Newest,
    /// Best BM25 match first. Scores every match, so common words over many sessions cost more.
    Relevance,
}

/// A transcript segment matching a search.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SearchHit {
    pub session_id: SessionId,
    pub session_started_at_ms: i64,
    pub take_id: TakeId,
    pub question_text: String,
    pub start_ms: i64,
    pub end_ms: i64,
    /// The segment text around the match, matches wrapped in `[` `]`.
    pub snippet: String,
}

/// A take of one bank question, from any session.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuestionTake {
    pub session_id: SessionId,
    pub session_started_at_ms: i64,
    pub take_id: TakeId,
    pub attempt: u32,
    pub status: TakeStatus,
    pub question_version: String,
    pub started_at_ms: i64,
    pub ended_at_ms: Option<i64>,
    pub scores: BTreeMap<String, f64>,
}

/// Where a take's recording is, from its id alone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TakeLocation {
    pub take_id: TakeId,
    pub session_id: SessionId,
    pub status: TakeStatus,
    /// Relative to the data folder (`media/<session>/<file>`); none for a take without media.
    pub media_path: Option<String>,
}
