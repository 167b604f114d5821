//! What a finished session produced, take by take: what `onsite live --format json` prints and
//! what tests check (store ids, media files, transcripts, scores, stop→feedback latency).

use std::path::Path;

use onsite_interview::flow::StopReason;
use onsite_interview::{Part, Summary, TakeId};
use onsite_rubric::Assessment;
use onsite_transcript::Transcript;
use serde::Serialize;

/// One take and what became of it.
#[derive(Debug, Clone, Serialize)]
pub struct TakeReport {
    #[serde(skip)]
    pub take: TakeId,
    /// The store's id of the take.
    pub take_id: i64,
    pub part: Part,
    pub attempt: u32,
    /// `recording`, `scored`, `scoring_failed`, `discarded` or `failed`.
    pub status: &'static str,
    pub stopped: Option<StopReason>,
    /// Absolute path of the recording (deleted when the take was discarded).
    pub media_path: String,
    pub mime: Option<String>,
    pub media_duration_ms: Option<u64>,
    /// Set when a device failed mid-answer; the take keeps what was captured.
    pub device_error: Option<String>,
    pub transcript: Option<Transcript>,
    pub score: Option<Assessment>,
    /// From stop to the feedback being ready.
    pub feedback_ms: Option<u64>,
    /// Parts of it: stopping the recorder, the tail decode, scoring.
    pub stop_ms: Option<u64>,
    pub tail_ms: Option<u64>,
    pub score_ms: Option<u64>,
    pub error: Option<String>,
}

impl TakeReport {
    pub(crate) fn new(take: TakeId, take_id: i64, media: &Path) -> TakeReport {
        TakeReport {
            take,
            take_id,
            part: take.part,
            attempt: take.take,
            status: "recording",
            stopped: None,
            media_path: media.display().to_string(),
            mime: None,
            media_duration_ms: None,
            device_error: None,
            transcript: None,
            score: None,
            feedback_ms: None,
            stop_ms: None,
            tail_ms: None,
            score_ms: None,
            error: None,
        }
    }
}

/// One question of the session with its takes (main answer and follow-up) in order.
#[derive(Debug, Clone, Serialize)]
pub struct QuestionReport {
    pub position: usize,
    pub id: String,
    pub track: String,
    pub kind: String,
    pub level: String,
    pub text: String,
    pub reason: String,
    pub follow_up: Option<String>,
    pub takes: Vec<TakeReport>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SessionReport {
    pub session_id: String,
    pub plan: String,
    pub level: String,
    pub level_reason: String,
    pub ended_early: bool,
    pub has_camera: bool,
    pub has_mic: bool,
    pub questions: Vec<QuestionReport>,
    pub summary: Summary,
}
