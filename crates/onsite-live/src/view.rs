//! What a live session shows and what it can be told: the view, the actions and the updates
//! sent to whoever drives it (the desktop shell or `onsite live`).
//!
//! These are the IPC contract of the interview room, so they use plain numbers that fit a
//! JavaScript `number` (u32 milliseconds, f64 scores) and snake_case names.

use serde::{Deserialize, Serialize};

use crate::feedback::TakeFeedback;

/// Where the interview is, as the room shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum LivePhase {
    Prep,
    Answering,
    Scoring,
    Feedback,
    Summary,
}

/// Which countdown runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum LiveTimerKind {
    Prep,
    Answer,
}

/// Whether the question shown is the plan's question or its follow-up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum LiveQuestionPart {
    Main,
    FollowUp,
}

/// The question on screen and why it was chosen.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct LiveQuestion {
    pub id: String,
    pub text: String,
    pub track: String,
    pub kind: String,
    pub level: String,
    /// Why this question was picked (the résumé/JD terms it matched, or the plan's slot).
    pub reason: String,
    pub part: LiveQuestionPart,
}

/// A running (or paused) countdown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct LiveTimer {
    pub kind: LiveTimerKind,
    pub limit_ms: u32,
    pub remaining_ms: u32,
}

/// The room's whole state; sent on every change and a few times a second while a timer runs.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct LiveView {
    pub session_id: String,
    pub phase: LivePhase,
    pub paused: bool,
    /// 0-based index of the current question.
    pub question_index: u32,
    pub question_count: u32,
    pub question: LiveQuestion,
    /// The follow-up being answered, or the one `next` will ask (shown on the feedback).
    pub follow_up_text: Option<String>,
    /// Attempt number of the current take (1 for the first); 0 before the first take.
    pub take: u32,
    /// Store id of the current (or last) take of this question, once started.
    #[cfg_attr(feature = "specta", specta(type = f64))]
    pub take_id: Option<i64>,
    pub timer: Option<LiveTimer>,
    pub captions: bool,
    pub has_camera: bool,
    pub has_mic: bool,
    /// Set in the feedback phase when the take was scored.
    pub feedback: Option<TakeFeedback>,
    /// Set in the feedback phase when scoring failed: what went wrong.
    pub scoring_error: Option<String>,
    /// Set in the summary phase.
    pub summary: Option<LiveSummary>,
}

/// One competency's session score.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct LiveSummaryScore {
    pub id: String,
    pub name: String,
    pub score: f64,
}

/// Something to practise next, or a question to try next.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct LiveSummaryItem {
    pub title: String,
    pub detail: String,
}

/// The end of the session: scores across the final takes and what to do next.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct LiveSummary {
    pub answered: u32,
    pub skipped: u32,
    pub ended_early: bool,
    pub overall: Option<f64>,
    pub competencies: Vec<LiveSummaryScore>,
    pub practise_next: Vec<LiveSummaryItem>,
    pub recommended_next: Vec<LiveSummaryItem>,
}

/// What the candidate (or a script) can do in the room.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum SessionAction {
    /// Done thinking: start answering before the prep time is up.
    BeginAnswer,
    /// Done answering: stop recording and get feedback.
    StopAnswer,
    Pause,
    Resume,
    /// Leave this question (or decline the follow-up) unanswered.
    Skip,
    /// A new take of the current question.
    Retry,
    /// From the feedback: ask the follow-up or go to the next question.
    Next,
    /// End the session now; scored answers are kept.
    End,
    /// The interviewer has finished asking (its voice and the echo after it are over): with
    /// hands-free turns on, the answer starts when the candidate starts speaking from now.
    /// Nothing otherwise.
    Listen,
    /// The interviewer speaks again (the question replayed): stop listening until the next
    /// `Listen`, so its words cannot start an answer.
    StopListening,
}

/// Everything a running session reports, in order.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum LiveUpdate {
    View(Box<LiveView>),
    /// Microphone level, about 10 per second while recording.
    Level {
        rms_db: f32,
        peak_db: f32,
    },
    /// A live caption (only when captions are on): one decoded utterance.
    Caption {
        text: String,
        is_final: bool,
    },
    /// A timer will run out soon.
    Warning {
        timer: LiveTimerKind,
        seconds_left: u32,
    },
    Feedback(Box<TakeFeedback>),
    Finished {
        session_id: String,
    },
    /// Something went wrong; the session goes on unless the phase says otherwise.
    Error {
        code: String,
        message: String,
    },
}

/// How the home screen starts a session.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct StartRequest {
    /// `quick-15`, `system-design-45`, `behavioural-30` or `staff-loop`.
    pub plan: String,
    /// `senior` or `staff`; None lets the résumé/JD (or the plan) decide.
    pub level: Option<String>,
    /// Only these tracks (ids from `interview_options`); empty = the plan's mix.
    pub tracks: Vec<String>,
    pub resume_text: Option<String>,
    pub job_text: Option<String>,
    /// Live captions while answering (off by default).
    pub captions: bool,
    /// Camera id from the device list, `none`, or None for the remembered choice.
    pub camera: Option<String>,
    /// Microphone id from the device list, `none`, or None for the remembered choice.
    pub mic: Option<String>,
}

impl StartRequest {
    /// The plan part of the request.
    pub fn plan_request(&self) -> crate::plan::PlanRequest {
        crate::plan::PlanRequest {
            plan: self.plan.clone(),
            level: self.level.clone(),
            tracks: self.tracks.clone(),
            resume_text: self.resume_text.clone(),
            job_text: self.job_text.clone(),
            ..Default::default()
        }
    }
}
