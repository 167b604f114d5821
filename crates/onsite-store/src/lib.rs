//! Onsite's local store: everything a candidate records, kept in SQLite on their machine.
//!
//! It owns `onsite.db` in the data folder (WAL, foreign keys, busy timeout, schema migrations)
//! and the lifetime of the media files its rows point to: sessions, the questions asked (as
//! snapshots), takes, transcript segments and words, rubric results with per-competency scores,
//! follow-ups and settings. Segments are committed as they arrive; after a crash, takes left
//! `recording` are marked `recovered` at the next open and listed for the app to report. It
//! answers the UI's queries (sessions with scores, trends, full-text search, takes of a
//! question), exports and imports zip archives, deletes without leaving orphan files, and takes
//! online backups.
//!
//! Boundaries: it never reads or rewrites media content (the capture crate writes and
//! finalises recordings), never interprets rubric JSON (it keeps the scores it is given), and
//! never talks to the network. One [`Store`] owns one connection; give it to one thread.

mod archive;
mod backup;
pub mod bench;
mod delete;
mod error;
pub mod migrations;
mod model;
mod query;
mod store;
pub mod synthetic;
mod write;

pub use archive::{ImportLimits, ImportReport, FORMAT_VERSION};
pub use error::{ArchiveError, StoreError};
pub use model::{
    FinalTakeScore, FollowUp, NewSession, QuestionAskedId, QuestionDetail, QuestionSnapshot,
    QuestionTake, RecoveredTake, RubricRecord, SearchHit, SearchOrder, SessionDetail, SessionId,
    SessionSummary, TakeDetail, TakeEnd, TakeId, TakeLocation, TakeStatus, TrendPoint,
};
pub use store::Store;
pub use write::StartedTake;

/// Milliseconds since the Unix epoch, the store's unit for wall-clock times.
pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}

/// `2026-11-27 19:05 UTC` for a time in Unix milliseconds (for listings and reports).
pub fn format_utc(ms: i64) -> String {
    let format = time::macros::format_description!("[year]-[month]-[day] [hour]:[minute] UTC");
    time::OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * 1_000_000)
        .ok()
        .and_then(|t| t.format(format).ok())
        .unwrap_or_else(|| format!("{ms} ms"))
}
