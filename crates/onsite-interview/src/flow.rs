//! The session state machine: Idle → Prep(q) → Answering(q) → Scoring(q) → Feedback(q) →
//! [Prep(q, follow-up) → Answering → Scoring → Feedback →] … → Summary, with prep and answer
//! timers, a warning before each limit, auto-stop at the limit,
//! pause/resume, skip, retry, follow-ups and ending early.
//!
//! [`Session::step`] is pure: it takes an [`Event`] (every event carries the time from the
//! caller's monotonic clock, so tests drive time exactly) and returns the next session and the
//! [`Effect`]s the caller must carry out: start or stop recording, score a take, show feedback.
//! An event that makes no sense in the current phase is a typed [`StepError`] and leaves the
//! session as it was. The machine never reads a clock, records audio or scores anything itself.

use serde::Serialize;

use crate::follow_up::{self, FollowUp};
use crate::pick::Selection;
use crate::question::Question;
use crate::score::ScoreCard;

/// A warning is given this long before a prep or answer limit.
pub const WARN_BEFORE_MS: u64 = 30_000;

/// A follow-up's preparation: long enough for the interviewer to ask it aloud (the longest
/// follow-up takes about 8 s to say) and for a short pause to think, as after a follow-up in a
/// real interview. Never longer than the question's own preparation, so a plan without
/// preparation time asks its follow-ups without it too.
pub const FOLLOW_UP_PREP_MS: u64 = 15_000;

/// Whether a take answers the question itself or its follow-up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Part {
    Main,
    FollowUp,
}

/// Identifies one recording: question index, part, and take number (1 for the first attempt).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct TakeId {
    pub question: usize,
    pub part: Part,
    pub take: u32,
}

/// A question as the session runs it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SessionQuestion {
    pub question: Question,
    pub prep_ms: u64,
    pub answer_ms: u64,
}

/// What the session was built with; it does not change while the session runs.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SessionConfig {
    pub questions: Vec<SessionQuestion>,
    pub follow_ups: bool,
    /// A follow-up's preparation, at most its question's (see [`FOLLOW_UP_PREP_MS`]).
    pub follow_up_prep_ms: u64,
    pub follow_up_answer_ms: u64,
}

impl SessionConfig {
    pub fn from_selection(sel: &Selection) -> SessionConfig {
        SessionConfig {
            questions: sel
                .questions
                .iter()
                .map(|p| SessionQuestion {
                    question: p.question.clone(),
                    prep_ms: u64::from(p.question.prep_s) * 1000,
                    answer_ms: u64::from(p.question.answer_s) * 1000,
                })
                .collect(),
            follow_ups: sel.follow_ups,
            follow_up_prep_ms: FOLLOW_UP_PREP_MS,
            follow_up_answer_ms: u64::from(sel.follow_up_answer_s) * 1000,
        }
    }
}

/// A countdown that can be paused. Times are the caller's monotonic milliseconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Timer {
    pub limit_ms: u64,
    /// Time used before the current run started.
    used_ms: u64,
    /// When the current run started; `None` while paused.
    since_ms: Option<u64>,
    warned: bool,
}

impl Timer {
    fn start(limit_ms: u64, now_ms: u64) -> Timer {
        Timer {
            limit_ms,
            used_ms: 0,
            since_ms: Some(now_ms),
            warned: false,
        }
    }

    pub fn elapsed_ms(&self, now_ms: u64) -> u64 {
        self.used_ms + self.since_ms.map_or(0, |s| now_ms.saturating_sub(s))
    }

    pub fn remaining_ms(&self, now_ms: u64) -> u64 {
        self.limit_ms.saturating_sub(self.elapsed_ms(now_ms))
    }

    pub fn paused(&self) -> bool {
        self.since_ms.is_none()
    }

    /// The clock time at which the limit is reached, if running: the next phase starts from
    /// there, not from whenever the tick that noticed it arrived.
    fn deadline(&self) -> Option<u64> {
        self.since_ms
            .map(|s| s + self.limit_ms.saturating_sub(self.used_ms))
    }
}

/// Where the session is.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "phase", rename_all = "snake_case")]
pub enum Phase {
    Idle,
    /// The question, or its follow-up, is shown (and said) and the candidate prepares.
    Prep {
        question: usize,
        part: Part,
        timer: Timer,
    },
    Answering {
        take: TakeId,
        timer: Timer,
    },
    Scoring {
        take: TakeId,
        stopped: StopReason,
    },
    Feedback {
        take: TakeId,
        /// The follow-up that `Next` will ask, if the plan asks follow-ups.
        follow_up: Option<FollowUp>,
    },
    Summary,
}

impl Phase {
    pub fn name(&self) -> &'static str {
        match self {
            Phase::Idle => "idle",
            Phase::Prep { .. } => "prep",
            Phase::Answering { .. } => "answering",
            Phase::Scoring { .. } => "scoring",
            Phase::Feedback { .. } => "feedback",
            Phase::Summary => "summary",
        }
    }
}

/// Something that happened: a user action, a tick of the clock, or a scoring result.
#[derive(Debug, Clone, PartialEq)]
pub enum Event {
    Start {
        now_ms: u64,
    },
    Tick {
        now_ms: u64,
    },
    /// Done thinking: start answering before the prep time is up.
    BeginAnswer {
        now_ms: u64,
    },
    /// Done answering.
    StopAnswer {
        now_ms: u64,
    },
    Pause {
        now_ms: u64,
    },
    Resume {
        now_ms: u64,
    },
    Skip {
        now_ms: u64,
    },
    /// A new take of the current question (or follow-up).
    Retry {
        now_ms: u64,
    },
    Scored {
        card: ScoreCard,
    },
    ScoringFailed {
        code: String,
    },
    /// Leave the feedback: ask the follow-up, or move to the next question.
    Next {
        now_ms: u64,
    },
    EndEarly {
        now_ms: u64,
    },
}

impl Event {
    pub fn name(&self) -> &'static str {
        match self {
            Event::Start { .. } => "start",
            Event::Tick { .. } => "tick",
            Event::BeginAnswer { .. } => "begin_answer",
            Event::StopAnswer { .. } => "stop_answer",
            Event::Pause { .. } => "pause",
            Event::Resume { .. } => "resume",
            Event::Skip { .. } => "skip",
            Event::Retry { .. } => "retry",
            Event::Scored { .. } => "scored",
            Event::ScoringFailed { .. } => "scoring_failed",
            Event::Next { .. } => "next",
            Event::EndEarly { .. } => "end_early",
        }
    }
}

/// Which timer a warning is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TimerKind {
    Prep,
    Answer,
}

/// Why a take stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StopReason {
    /// The candidate said they were done.
    Stopped,
    /// The answer time ran out.
    TimeLimit,
}

/// What the caller must do after a step.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "effect", rename_all = "snake_case")]
pub enum Effect {
    /// Show question `question` and start its prep countdown.
    ShowQuestion {
        question: usize,
        prep_ms: u64,
    },
    /// Start recording a take with this time limit.
    StartTake {
        take: TakeId,
        limit_ms: u64,
    },
    /// Show the follow-up and start its prep countdown (with no prep time, the `StartTake` of
    /// its answer follows at once).
    AskFollowUp {
        question: usize,
        follow_up: FollowUp,
        prep_ms: u64,
    },
    Warning {
        timer: TimerKind,
        remaining_ms: u64,
    },
    /// Stop recording and keep the take; it is to be scored.
    StopTake {
        take: TakeId,
        reason: StopReason,
    },
    /// Score this take and send back `Scored` or `ScoringFailed`.
    Score {
        take: TakeId,
    },
    /// Stop recording and throw the take away (skipped, retried or ended early).
    DiscardTake {
        take: TakeId,
    },
    ShowFeedback {
        take: TakeId,
    },
    /// The session is over; the summary can be shown.
    Finished {
        ended_early: bool,
    },
}

/// What became of a take.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum Outcome {
    Scored {
        card: ScoreCard,
        stopped: StopReason,
        /// The follow-up chosen from this take's gaps, if any.
        follow_up: Option<FollowUp>,
    },
    ScoringFailed {
        code: String,
    },
    /// Thrown away by a retry, a skip or ending early.
    Discarded,
}

/// One take and what became of it, in the order they happened.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TakeRecord {
    pub take: TakeId,
    #[serde(flatten)]
    pub outcome: Outcome,
}

/// A question or follow-up left without an answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Skipped {
    pub question: usize,
    pub part: Part,
}

/// An event that does not apply in the current phase. The session is unchanged.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StepError {
    #[error("cannot {event} while in {phase}")]
    NotAllowed {
        event: &'static str,
        phase: &'static str,
    },
    #[error("the timer is already paused")]
    AlreadyPaused,
    #[error("the timer is not paused")]
    NotPaused,
    #[error("the session has no questions")]
    NoQuestions,
}

impl StepError {
    pub fn code(&self) -> &'static str {
        match self {
            StepError::NotAllowed { .. } => "flow_event_not_allowed",
            StepError::AlreadyPaused => "flow_already_paused",
            StepError::NotPaused => "flow_not_paused",
            StepError::NoQuestions => "flow_no_questions",
        }
    }
}

/// A whole session: its fixed configuration, where it is, and what has happened so far.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Session {
    pub config: SessionConfig,
    pub phase: Phase,
    pub takes: Vec<TakeRecord>,
    pub skipped: Vec<Skipped>,
    pub ended_early: bool,
}

/// The result of a step: the next session and what to do.
pub type Transition = (Session, Vec<Effect>);

impl Session {
    pub fn new(config: SessionConfig) -> Session {
        Session {
            config,
            phase: Phase::Idle,
            takes: Vec::new(),
            skipped: Vec::new(),
            ended_early: false,
        }
    }

    /// Applies `event`; on error the caller keeps the session it had.
    pub fn step(&self, event: Event) -> Result<Transition, StepError> {
        let mut next = self.clone();
        let mut fx = Vec::new();
        next.apply(event, &mut fx)?;
        Ok((next, fx))
    }

    pub fn is_finished(&self) -> bool {
        self.phase == Phase::Summary
    }

    fn not_allowed(&self, event: &Event) -> StepError {
        StepError::NotAllowed {
            event: event.name(),
            phase: self.phase.name(),
        }
    }

    fn apply(&mut self, event: Event, fx: &mut Vec<Effect>) -> Result<(), StepError> {
        let phase = self.phase.clone();
        match (phase, event) {
            (Phase::Idle, Event::Start { now_ms }) => {
                if self.config.questions.is_empty() {
                    return Err(StepError::NoQuestions);
                }
                self.enter_prep(0, now_ms, fx);
            }

            (
                Phase::Prep {
                    question,
                    part,
                    timer,
                },
                Event::Tick { now_ms },
            ) => {
                if let Some(t) = self.tick(timer, TimerKind::Prep, now_ms, fx) {
                    self.phase = Phase::Prep {
                        question,
                        part,
                        timer: t,
                    };
                } else {
                    let at = timer.deadline().unwrap_or(now_ms);
                    self.start_take(question, part, 1, at, fx);
                }
            }
            (Phase::Prep { question, part, .. }, Event::BeginAnswer { now_ms }) => {
                self.start_take(question, part, 1, now_ms, fx);
            }

            (Phase::Answering { take, timer }, Event::Tick { now_ms }) => {
                if let Some(t) = self.tick(timer, TimerKind::Answer, now_ms, fx) {
                    self.phase = Phase::Answering { take, timer: t };
                } else {
                    self.stop_take(take, StopReason::TimeLimit, fx);
                }
            }
            (Phase::Answering { take, .. }, Event::StopAnswer { .. }) => {
                self.stop_take(take, StopReason::Stopped, fx);
            }

            (
                Phase::Prep {
                    question,
                    part,
                    timer,
                },
                Event::Pause { now_ms },
            ) => {
                let timer = pause(timer, now_ms)?;
                self.phase = Phase::Prep {
                    question,
                    part,
                    timer,
                };
            }
            (
                Phase::Prep {
                    question,
                    part,
                    timer,
                },
                Event::Resume { now_ms },
            ) => {
                let timer = resume(timer, now_ms)?;
                self.phase = Phase::Prep {
                    question,
                    part,
                    timer,
                };
            }
            (Phase::Answering { take, timer }, Event::Pause { now_ms }) => {
                let timer = pause(timer, now_ms)?;
                self.phase = Phase::Answering { take, timer };
            }
            (Phase::Answering { take, timer }, Event::Resume { now_ms }) => {
                let timer = resume(timer, now_ms)?;
                self.phase = Phase::Answering { take, timer };
            }

            (Phase::Scoring { take, stopped }, Event::Scored { card }) => {
                let follow_up = if take.part == Part::Main && self.config.follow_ups {
                    follow_up::choose(&self.config.questions[take.question].question, &card.gaps)
                } else {
                    None
                };
                self.takes.push(TakeRecord {
                    take,
                    outcome: Outcome::Scored {
                        card,
                        stopped,
                        follow_up: follow_up.clone(),
                    },
                });
                self.phase = Phase::Feedback { take, follow_up };
                fx.push(Effect::ShowFeedback { take });
            }
            (Phase::Scoring { take, .. }, Event::ScoringFailed { code }) => {
                self.takes.push(TakeRecord {
                    take,
                    outcome: Outcome::ScoringFailed { code },
                });
                self.phase = Phase::Feedback {
                    take,
                    follow_up: None,
                };
                fx.push(Effect::ShowFeedback { take });
            }

            (Phase::Feedback { take, follow_up }, Event::Next { now_ms }) => match follow_up {
                Some(f) => self.ask_follow_up(take.question, f, now_ms, fx),
                None => self.advance(take.question, now_ms, fx),
            },

            // Skipping a follow-up while it is prepared declines it: the main answer stands.
            (Phase::Prep { question, part, .. }, Event::Skip { now_ms }) => {
                self.skipped.push(Skipped { question, part });
                self.advance(question, now_ms, fx);
            }
            (Phase::Answering { take, .. }, Event::Skip { now_ms }) => {
                self.discard(take, fx);
                if !self.has_scored(take.question, take.part) {
                    self.skipped.push(Skipped {
                        question: take.question,
                        part: take.part,
                    });
                }
                self.advance(take.question, now_ms, fx);
            }
            (
                Phase::Feedback {
                    take,
                    follow_up: Some(_),
                },
                Event::Skip { now_ms },
            ) => {
                // Declining the follow-up: the main answer stands.
                self.skipped.push(Skipped {
                    question: take.question,
                    part: Part::FollowUp,
                });
                self.advance(take.question, now_ms, fx);
            }

            (Phase::Answering { take, .. }, Event::Retry { now_ms }) => {
                self.discard(take, fx);
                self.start_take(take.question, take.part, take.take + 1, now_ms, fx);
            }
            (Phase::Feedback { take, .. }, Event::Retry { now_ms }) => {
                self.start_take(take.question, take.part, take.take + 1, now_ms, fx);
            }

            (Phase::Summary, ev @ Event::EndEarly { .. }) => return Err(self.not_allowed(&ev)),
            (phase, Event::EndEarly { .. }) => {
                match phase {
                    Phase::Answering { take, .. } => self.discard(take, fx),
                    Phase::Scoring { take, .. } => self.takes.push(TakeRecord {
                        take,
                        outcome: Outcome::Discarded,
                    }),
                    _ => {}
                }
                self.ended_early = true;
                self.finish(fx);
            }

            // Ticks outside a timed phase are harmless: the UI's clock keeps running.
            (
                Phase::Idle | Phase::Scoring { .. } | Phase::Feedback { .. } | Phase::Summary,
                Event::Tick { .. },
            ) => {}

            (_, ev) => return Err(self.not_allowed(&ev)),
        }
        Ok(())
    }

    /// Advances a running timer. Returns the updated timer, or `None` when the limit is reached.
    fn tick(
        &self,
        mut timer: Timer,
        kind: TimerKind,
        now_ms: u64,
        fx: &mut Vec<Effect>,
    ) -> Option<Timer> {
        if timer.paused() {
            return Some(timer);
        }
        let elapsed = timer.elapsed_ms(now_ms);
        if elapsed >= timer.limit_ms {
            return None;
        }
        if !timer.warned
            && timer.limit_ms > WARN_BEFORE_MS
            && elapsed + WARN_BEFORE_MS >= timer.limit_ms
        {
            timer.warned = true;
            fx.push(Effect::Warning {
                timer: kind,
                remaining_ms: timer.limit_ms - elapsed,
            });
        }
        Some(timer)
    }

    fn enter_prep(&mut self, question: usize, now_ms: u64, fx: &mut Vec<Effect>) {
        let prep_ms = self.config.questions[question].prep_ms;
        fx.push(Effect::ShowQuestion { question, prep_ms });
        if prep_ms == 0 {
            self.start_take(question, Part::Main, 1, now_ms, fx);
        } else {
            self.phase = Phase::Prep {
                question,
                part: Part::Main,
                timer: Timer::start(prep_ms, now_ms),
            };
        }
    }

    /// Asks the follow-up as a question is asked: shown (and said), then a short preparation
    /// ([`FOLLOW_UP_PREP_MS`], at most the question's own) before its answer is recorded.
    fn ask_follow_up(
        &mut self,
        question: usize,
        follow_up: FollowUp,
        now_ms: u64,
        fx: &mut Vec<Effect>,
    ) {
        let prep_ms = self
            .config
            .follow_up_prep_ms
            .min(self.config.questions[question].prep_ms);
        fx.push(Effect::AskFollowUp {
            question,
            follow_up,
            prep_ms,
        });
        if prep_ms == 0 {
            self.start_take(question, Part::FollowUp, 1, now_ms, fx);
        } else {
            self.phase = Phase::Prep {
                question,
                part: Part::FollowUp,
                timer: Timer::start(prep_ms, now_ms),
            };
        }
    }

    fn start_take(
        &mut self,
        question: usize,
        part: Part,
        take: u32,
        now_ms: u64,
        fx: &mut Vec<Effect>,
    ) {
        let limit_ms = match part {
            Part::Main => self.config.questions[question].answer_ms,
            Part::FollowUp => self.config.follow_up_answer_ms,
        };
        let take = TakeId {
            question,
            part,
            take,
        };
        fx.push(Effect::StartTake { take, limit_ms });
        self.phase = Phase::Answering {
            take,
            timer: Timer::start(limit_ms, now_ms),
        };
    }

    fn stop_take(&mut self, take: TakeId, reason: StopReason, fx: &mut Vec<Effect>) {
        fx.push(Effect::StopTake { take, reason });
        fx.push(Effect::Score { take });
        self.phase = Phase::Scoring {
            take,
            stopped: reason,
        };
    }

    fn discard(&mut self, take: TakeId, fx: &mut Vec<Effect>) {
        fx.push(Effect::DiscardTake { take });
        self.takes.push(TakeRecord {
            take,
            outcome: Outcome::Discarded,
        });
    }

    fn has_scored(&self, question: usize, part: Part) -> bool {
        self.takes.iter().any(|r| {
            r.take.question == question
                && r.take.part == part
                && matches!(r.outcome, Outcome::Scored { .. })
        })
    }

    fn advance(&mut self, question: usize, now_ms: u64, fx: &mut Vec<Effect>) {
        if question + 1 < self.config.questions.len() {
            self.enter_prep(question + 1, now_ms, fx);
        } else {
            self.finish(fx);
        }
    }

    fn finish(&mut self, fx: &mut Vec<Effect>) {
        self.phase = Phase::Summary;
        fx.push(Effect::Finished {
            ended_early: self.ended_early,
        });
    }

    /// The latest scored take of each (question, part), in question order: what the summary
    /// counts. Earlier takes of a retried answer are superseded.
    pub fn final_takes(&self) -> Vec<&TakeRecord> {
        let mut latest: Vec<&TakeRecord> = Vec::new();
        for r in &self.takes {
            if !matches!(r.outcome, Outcome::Scored { .. }) {
                continue;
            }
            match latest
                .iter_mut()
                .find(|l| l.take.question == r.take.question && l.take.part == r.take.part)
            {
                Some(l) => *l = r,
                None => latest.push(r),
            }
        }
        latest.sort_by_key(|r| (r.take.question, r.take.part == Part::FollowUp));
        latest
    }
}

fn pause(mut timer: Timer, now_ms: u64) -> Result<Timer, StepError> {
    let since = timer.since_ms.ok_or(StepError::AlreadyPaused)?;
    timer.used_ms += now_ms.saturating_sub(since);
    timer.since_ms = None;
    Ok(timer)
}

fn resume(mut timer: Timer, now_ms: u64) -> Result<Timer, StepError> {
    if timer.since_ms.is_some() {
        return Err(StepError::NotPaused);
    }
    timer.since_ms = Some(now_ms);
    Ok(timer)
}
