//! Onsite's interview engine: what to ask, in which order, for how long, and what to ask next.
//!
//! It holds the question bank (embedded TOML plus the user's own files), the curated taxonomy
//! that reads a résumé or job description offline, the plans, the picking of tailored
//! questions with the reason for each, the choice of an adaptive follow-up from the rubric's
//! biggest gap, and the session state machine with its timers. Everything here is a pure
//! function of its inputs and an injected clock: no audio, no scoring, no storage, no UI. The
//! rubric scores answers, the store keeps them, and `onsite_live::exec` carries out the effects
//! for the app, `onsite live` and `onsite interview` alike.

pub mod bank;
pub mod document;
pub mod flow;
pub mod follow_up;
pub mod pick;
pub mod plan;
pub mod profile;
pub mod question;
pub mod score;
pub mod session_scores;
pub mod summary;
pub mod taxonomy;

pub use bank::{Bank, BankError, QuestionProblem};
pub use flow::{Effect, Event, Part, Phase, Session, SessionConfig, StepError, TakeId};
pub use follow_up::FollowUp;
pub use pick::{pick, Picked, Selection};
pub use plan::{Plan, PlanError, PlanId, PlanOptions};
pub use profile::{Profile, Source};
pub use question::{Gap, Kind, Level, Question, Track};
pub use score::ScoreCard;
pub use session_scores::{round_score, FinalTake, SessionScores};
pub use summary::{summarise, Summary};
pub use taxonomy::Taxonomy;
