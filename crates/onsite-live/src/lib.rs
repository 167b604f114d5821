//! The live interview session: the coordinator that runs `onsite_interview`'s state machine
//! with real devices. It records each answer (`onsite_capture`), transcribes it while the
//! candidate speaks (`onsite_speech`'s streaming pipeline fed by the recorder's 16 kHz tap),
//! scores it with the rubric, writes everything to the store as it happens, and reports views,
//! levels, captions, warnings and feedback to whoever drives it: the desktop shell or
//! `onsite live`.
//!
//! Threads: the coordinator owns the session and the store connection and ticks the timers
//! every ~50 ms; each take runs on its own worker (recorder, speech forwarding, the tail
//! decode and scoring), so Whisper never delays a timer or a command.
//!
//! - [`exec`]: the one executor of the state machine's effects (store writes, scoring fed back,
//!   follow-ups), shared with `onsite interview`; answers come from an `AnswerSource`, time
//!   from a real or virtual `Clock`.
//! - [`prerecorded`]: the source and driver for a session answered from files.
//! - [`session`]: [`LiveSession`], the handle (start, control, view, wait).
//! - `coordinator`, `effects`, `present`: the coordinator thread, what it shows of the
//!   effects, and the views and report it builds.
//! - `live_answers`, `take`: the live source and one take's worker.
//! - [`feedback`]: the rubric's assessment mapped to what the room shows (pure), and read back
//!   from the store for replay.
//! - [`drawing`]: the take's final whiteboard (appended to the store by the shell while the
//!   candidate draws) read beside its words when the take is kept.
//! - [`plan`]: plans on offer, a start request resolved to tailored questions, résumé text.
//! - [`rescore`]: stored takes scored again with the current rubric pack, the old result kept.
//! - [`turn`]: hands-free turns: the answer starts when the candidate speaks and ends after a
//!   long silence (a pure detector, fed from the session microphone).
//! - [`view`], [`report`], [`options`], [`error`]: the types.
//!
//! Boundaries: no Tauri and no async runtime. Device access, decoding and storage are the
//! engine crates' jobs; this crate only sequences them. The `specta` feature derives the
//! TypeScript types the shell exports.

mod coordinator;
pub mod drawing;
mod effects;
pub mod error;
pub mod exec;
pub mod feedback;
mod live_answers;
pub mod options;
pub mod plan;
pub mod prerecorded;
mod present;
pub mod record;
pub mod report;
pub mod rescore;
pub mod session;
mod take;
pub mod turn;
pub mod view;

pub use error::LiveError;
pub use feedback::TakeFeedback;
pub use options::LiveOptions;
pub use plan::{document_text, interview_options, InterviewOptions, LivePlan, PlanRequest};
pub use report::{SessionReport, TakeReport};
pub use session::LiveSession;
pub use view::{LiveUpdate, LiveView, SessionAction, StartRequest};
