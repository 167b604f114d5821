//! Onsite's local store: everything a candidate records, kept in SQLite on their machine.
//!
//! It owns `onsite.db` in the data folder (WAL, foreign keys, busy timeout, schema migrations)
//! and the lifetime of the media files its rows point to: sessions, the questions asked (as
//! snapshots), takes, transcript segments and words, each take's whiteboard (Excalidraw scene
//! snapshots on the take's timeline, checked with `onsite-diagram`'s bounds), rubric results with per-competency scores
//! (each take's current result, and the earlier ones a re-score replaced, each with its rubric
//! version), follow-ups, the interviewer's lines as its voice said them, and settings. Segments are committed as they arrive; after a crash,
//! takes left `recording` are marked `recovered` at the next open and listed for the app to
//! report. It answers the UI's queries (sessions with scores, trends, full-text search, takes
//! of a question), exports and imports zip archives, deletes without leaving orphan files, and
//! takes online backups.
//!
//! Boundaries: it never reads or rewrites media content (the capture crate writes and
//! finalises recordings), never interprets rubric JSON beyond copying out its top-level
//! `overall` (it keeps the scores it is given), never aggregates a session's overall (that is
//! `onsite_interview::SessionScores`, which does not depend on the store), and never talks to
//! the network. One [`Store`] owns one connection; give it to one thread.

mod archive;
mod backup;
pub mod bench;
mod delete;
mod error;
pub mod interviewer;
pub mod migrations;
mod model;
mod query;
mod store;
pub mod synthetic;
mod write;

pub use archive::{ImportLimits, ImportReport, FORMAT_VERSION};
pub use error::{ArchiveError, StoreError};
pub use interviewer::{InterviewerLine, LineKind};
pub use model::{
    FinalTakeScore, FollowUp, NewSession, QuestionAskedId, QuestionDetail, QuestionSnapshot,
    QuestionTake, RecoveredTake, Rescored, RubricRecord, SceneSnapshot, SearchHit, SearchOrder,
    SessionDetail, SessionId, SessionSummary, TakeDetail, TakeEnd, TakeId, TakeLocation,
    TakeStatus, TrendPoint,
};
pub use store::Store;
pub use write::StartedTake;
pub use write::MAX_SCENE_BYTES;

/// Milliseconds since the Unix epoch, the store's unit for wall-clock times.
pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}

/// The system time zone's offset from UTC at `at_ms` (local minus UTC, in minutes; UTC-8 is
/// -480): what a writer records with [`Store::create_session_at_offset`]. `None` when the zone
/// cannot be read. Safe in a multi-threaded process (unlike `time`'s local offset on Linux):
/// jiff reads `TZ` and the tz database itself.
pub fn local_utc_offset_minutes(at_ms: i64) -> Option<i32> {
    jiff::tz::TimeZone::try_system()
        .ok()
        .and_then(|tz| utc_offset_minutes_in(&tz, at_ms))
}

fn utc_offset_minutes_in(tz: &jiff::tz::TimeZone, at_ms: i64) -> Option<i32> {
    let at = jiff::Timestamp::from_millisecond(at_ms).ok()?;
    let minutes = tz.to_offset(at).seconds() / 60;
    (minutes.abs() <= write::MAX_UTC_OFFSET_MINUTES).then_some(minutes)
}

/// `2026-11-27 19:05 UTC` for a time in Unix milliseconds (for listings and reports).
pub fn format_utc(ms: i64) -> String {
    let format = time::macros::format_description!("[year]-[month]-[day] [hour]:[minute] UTC");
    time::OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * 1_000_000)
        .ok()
        .and_then(|t| t.format(format).ok())
        .unwrap_or_else(|| format!("{ms} ms"))
}

#[cfg(test)]
mod tests {
    use super::utc_offset_minutes_in;

    #[test]
    fn the_offset_follows_daylight_saving_at_each_instant() {
        // US Eastern, as a POSIX rule (no tz database needed): EDT -4 h from the second Sunday
        // of March to the first Sunday of November, EST -5 h otherwise.
        let eastern = jiff::tz::TimeZone::posix("EST5EDT,M3.2.0,M11.1.0").unwrap();
        // 2026-11-01 05:59 UTC is 01:59 EDT; at 06:00 UTC clocks fall back to 01:00 EST.
        let fall_back = 1_793_512_800_000;
        assert_eq!(
            utc_offset_minutes_in(&eastern, fall_back - 60_000),
            Some(-240)
        );
        assert_eq!(utc_offset_minutes_in(&eastern, fall_back), Some(-300));
        assert_eq!(
            utc_offset_minutes_in(&jiff::tz::TimeZone::UTC, fall_back),
            Some(0)
        );
    }
}
