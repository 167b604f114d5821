//! The one error type of a live session, with stable codes the UI and CLI match on.

/// Everything that can stop a live session or one of its commands.
#[derive(Debug, thiserror::Error)]
pub enum LiveError {
    #[error(transparent)]
    Plan(#[from] onsite_interview::PlanError),
    #[error(transparent)]
    Bank(#[from] onsite_interview::BankError),
    #[error(transparent)]
    Document(#[from] onsite_interview::document::DocumentError),
    #[error(transparent)]
    Taxonomy(#[from] onsite_interview::taxonomy::TaxonomyError),
    #[error(transparent)]
    Flow(#[from] onsite_interview::StepError),
    #[error(transparent)]
    Rubric(#[from] onsite_rubric::RubricError),
    #[error(transparent)]
    Store(#[from] onsite_store::StoreError),
    /// The take's stored whiteboard could not be read beside its answer.
    #[error(transparent)]
    Diagram(#[from] onsite_diagram::DiagramError),
    #[error(transparent)]
    Speech(#[from] onsite_speech::SpeechError),
    #[error(transparent)]
    Capture(#[from] onsite_capture::CaptureError),
    #[error("unknown track {0:?}; choose from: {1}")]
    UnknownTrack(String, String),
    #[error("unknown level {0:?}; choose senior or staff")]
    UnknownLevel(String),
    #[error("none of the chosen tracks fit the {plan} plan; choose one of: {available}")]
    NoTrackFits { plan: String, available: String },
    #[error("{name:?} is {size} bytes; documents over {limit} bytes are not read")]
    DocumentTooLarge {
        name: String,
        size: usize,
        limit: u64,
    },
    #[error("a session needs a camera or a microphone, and neither is available: connect one or choose one in Devices")]
    NothingToRecord,
    #[error("an interview is already running: end it before starting another")]
    AlreadyRunning,
    #[error("no interview is running: start one first")]
    NotRunning,
    #[error("take {0} does not exist (it may have been deleted)")]
    TakeNotFound(i64),
    #[error("take {0} has no feedback: it was not scored (skipped, retried or failed)")]
    NotScored(i64),
    #[error("the stored feedback of take {take} cannot be read: {reason}")]
    BadStoredResult { take: i64, reason: String },
    #[error("could not start a session thread: {0}")]
    Thread(String),
    #[error("the session stopped unexpectedly; its answers so far are saved")]
    CoordinatorGone,
    #[error("a take was started for a question that was never shown")]
    NotAsked,
    #[error("the session did not converge")]
    DidNotConverge,
    #[error("no answer left for this take")]
    AnswerMissing,
    #[error("no Whisper model loaded for an audio answer")]
    NoModel,
    #[error("cannot read {}", path.display())]
    AnswerUnreadable {
        path: std::path::PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{} is {size} bytes; a text answer is at most {limit}", path.display())]
    AnswerTooLarge {
        path: std::path::PathBuf,
        size: u64,
        limit: u64,
    },
    #[error("{} is not UTF-8 text (invalid byte at offset {offset}); give audio, a .txt or a transcript .json", path.display())]
    AnswerNotUtf8 {
        path: std::path::PathBuf,
        offset: usize,
    },
    #[error("{} is not a transcript", path.display())]
    NotATranscript {
        path: std::path::PathBuf,
        #[source]
        source: onsite_transcript::TranscriptError,
    },
    #[error("cannot transcribe {}", path.display())]
    Transcribe {
        path: std::path::PathBuf,
        #[source]
        source: onsite_speech::SpeechError,
    },
}

impl LiveError {
    /// A stable identifier for the kind of failure (never the message text).
    pub fn code(&self) -> &'static str {
        match self {
            Self::Plan(e) => e.code(),
            Self::Bank(e) => e.code(),
            Self::Document(e) => e.code(),
            Self::Taxonomy(e) => e.code(),
            Self::Flow(e) => e.code(),
            Self::Rubric(e) => e.code(),
            Self::Store(e) => e.code(),
            Self::Diagram(e) => e.code(),
            Self::Speech(e) => e.code(),
            Self::Capture(e) => e.code(),
            Self::UnknownTrack(..) => "live_unknown_track",
            Self::UnknownLevel(_) => "live_unknown_level",
            Self::NoTrackFits { .. } => "live_no_track_fits",
            Self::DocumentTooLarge { .. } => "document_too_large",
            Self::NothingToRecord => "live_nothing_to_record",
            Self::AlreadyRunning => "live_already_running",
            Self::NotRunning => "live_not_running",
            Self::TakeNotFound(_) => "live_take_not_found",
            Self::NotScored(_) => "live_take_not_scored",
            Self::BadStoredResult { .. } => "live_bad_stored_result",
            Self::Thread(_) => "live_thread",
            Self::CoordinatorGone => "live_coordinator_gone",
            Self::NotAsked => "live_not_asked",
            Self::DidNotConverge => "live_did_not_converge",
            Self::AnswerMissing => "live_answer_missing",
            Self::NoModel => "live_no_model",
            Self::AnswerUnreadable { .. } => "live_answer_unreadable",
            Self::AnswerTooLarge { .. } => "live_answer_too_large",
            Self::AnswerNotUtf8 { .. } => "live_answer_not_utf8",
            Self::NotATranscript { source, .. } => source.code(),
            Self::Transcribe { source, .. } => source.code(),
        }
    }
}

pub type Result<T, E = LiveError> = std::result::Result<T, E>;
