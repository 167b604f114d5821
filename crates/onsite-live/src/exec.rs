//! The one executor of the interview state machine's effects, shared by every driver: the live
//! coordinator (real devices, the real clock) and `onsite interview` (prerecorded answers, a
//! virtual clock). It owns the [`Session`] and the store connection and does, for each effect,
//! what is the same whoever drives: each question or follow-up recorded as asked, each take's
//! row started, its segments committed, its result kept (rubric saved, take complete) or the
//! take failed, the result fed back into the machine, the session ended in the store.
//!
//! What differs between drivers sits behind [`AnswerSource`] (where an answer comes from: a
//! take worker recording and transcribing, or a file read and transcribed) and [`Clock`] (real
//! or virtual time). Showing things (views, captions, feedback) stays with the driver, which
//! gets every effect carried out back in [`Stepped`].

use std::collections::{HashMap, HashSet, VecDeque};
use std::time::Instant;

use onsite_interview::flow::{Effect, Event, Phase, Session, SessionConfig, StopReason};
use onsite_interview::score::{rubric_follow_up, rubric_question, ScoreCard};
use onsite_interview::{Part, TakeId};
use onsite_rubric::{Assessment, DiagramReading, DrawnAssessment};
use onsite_store::{NewSession, QuestionAskedId, RubricRecord, SessionId, Store, TakeEnd};
use onsite_transcript::Segment;

use crate::error::{LiveError, Result};

/// What the store keeps of an assessment of `take` (the same for a first score and a
/// re-score): the whole result, its version and the competency scores copied out, with the
/// whiteboard's reading, when there is one, kept beside the assessment. The result is then
/// `onsite_rubric::DrawnAssessment`, the assessment's own keys plus `diagram`, so every reader
/// of a stored result reads it as before.
pub(crate) fn drawn_record(
    a: &Assessment,
    diagram: Option<&DiagramReading>,
    take: onsite_store::TakeId,
    scored_at_ms: i64,
) -> Result<RubricRecord> {
    let bad = |e: serde_json::Error| LiveError::BadStoredResult {
        take: take.0,
        reason: e.to_string(),
    };
    let result = match diagram {
        None => serde_json::to_value(a).map_err(bad)?,
        Some(d) => serde_json::to_value(DrawnAssessment {
            assessment: a.clone(),
            diagram: Some(d.clone()),
        })
        .map_err(bad)?,
    };
    Ok(RubricRecord {
        rubric_version: a.rubric_version.clone(),
        scores: ScoreCard::from_assessment(a).competencies,
        result,
        scored_at_ms,
    })
}

/// The session clock events are stamped with: monotonic milliseconds since the start.
#[derive(Debug, Clone, Copy)]
pub enum Clock {
    /// Wall time passing: a live session.
    Real(Instant),
    /// Time that moves only when told: an answer lasts as long as its recording says.
    Virtual(u64),
}

impl Clock {
    pub fn now_ms(&self) -> u64 {
        match self {
            Clock::Real(epoch) => u64::try_from(epoch.elapsed().as_millis()).unwrap_or(u64::MAX),
            Clock::Virtual(ms) => *ms,
        }
    }

    /// Moves a virtual clock on to `ms` (never back); real time passes by itself.
    pub fn advance_to(&mut self, ms: u64) {
        if let Clock::Virtual(now) = self {
            *now = (*now).max(ms);
        }
    }
}

/// A take whose row exists, handed to the source to be answered.
#[derive(Debug, Clone)]
pub struct TakeStart {
    pub take: TakeId,
    pub limit_ms: u64,
    pub store_id: onsite_store::TakeId,
    /// The recording's file name in the session's media folder, as [`AnswerSource::begin`]
    /// gave it.
    pub media_file: Option<String>,
    /// What the answer is scored against: the question, or its follow-up's text.
    pub question: onsite_rubric::Question,
}

/// Where answers come from. The executor has written the store rows before it calls these;
/// the source only records or reads the answer and scores it.
pub trait AnswerSource {
    /// The take's answer begins now (before its row is written, so a recorder can start from
    /// this instant): the file name its recording will have, or `None` when nothing is recorded.
    fn begin(&mut self, take: TakeId) -> Option<String>;
    /// Begins the answer. An error fails the take: it is marked failed and the machine told.
    fn start(&mut self, start: TakeStart) -> Result<()>;
    /// Keeps the take: stop recording, it is to be scored.
    fn stop(&mut self, take: TakeId, reason: StopReason);
    /// Throws the take away (skip, retry, end early).
    fn discard(&mut self, take: TakeId);
    /// The take's result when the source has it now; `None` when it arrives later, through
    /// [`Executor::take_done`] (a worker still decoding the tail).
    fn score(&mut self, take: TakeId) -> Option<Result<Assessment>>;
}

/// A take that could not be recorded or read.
#[derive(Debug)]
pub struct TakeFailure {
    pub take: TakeId,
    pub error: LiveError,
    /// True when the machine was told (the take was being answered): its feedback shows why.
    pub fed: bool,
}

/// What one step carried out, for the driver to show.
#[derive(Debug, Default)]
pub struct Stepped {
    /// Every effect carried out, in order, including those of the events it led to (a result
    /// the source had at once, a take that failed to start).
    pub effects: Vec<Effect>,
    /// Takes that failed to start.
    pub failed: Vec<TakeFailure>,
    /// Effects that failed for other reasons; the session went on without them.
    pub errors: Vec<LiveError>,
}

/// Runs the session state machine and carries out its effects against the store.
#[derive(Debug)]
pub struct Executor {
    session: Session,
    store: Store,
    session_id: SessionId,
    clock: Clock,
    /// Store rows of the questions shown: (question index, part) -> asked row.
    asked: HashMap<(usize, Part), QuestionAskedId>,
    takes: HashMap<TakeId, onsite_store::TakeId>,
    /// Takes whose row is no longer `recording` (kept, failed or discarded).
    ended: HashSet<TakeId>,
    /// The follow-up asked after each question, once asked.
    follow_ups: HashMap<usize, String>,
    /// Events the effects led to, stepped before `step` returns.
    queue: VecDeque<Event>,
}

impl Executor {
    /// Creates the session in `store`, with the UTC offset it starts at (so its practice day
    /// stays the local one across a daylight-saving change), ready to start.
    pub fn create(
        mut store: Store,
        new: &NewSession,
        config: SessionConfig,
        clock: Clock,
    ) -> Result<Executor> {
        let offset = onsite_store::local_utc_offset_minutes(new.started_at_ms);
        let id = store.create_session_at_offset(new, offset)?;
        Ok(Executor::new(store, id, config, clock))
    }

    /// A session already created in `store` as `session_id`, not yet started.
    pub fn new(
        store: Store,
        session_id: SessionId,
        config: SessionConfig,
        clock: Clock,
    ) -> Executor {
        Executor {
            session: Session::new(config),
            store,
            session_id,
            clock,
            asked: HashMap::new(),
            takes: HashMap::new(),
            ended: HashSet::new(),
            follow_ups: HashMap::new(),
            queue: VecDeque::new(),
        }
    }

    pub fn session(&self) -> &Session {
        &self.session
    }

    pub fn session_id(&self) -> &SessionId {
        &self.session_id
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    pub fn now_ms(&self) -> u64 {
        self.clock.now_ms()
    }

    pub fn clock_mut(&mut self) -> &mut Clock {
        &mut self.clock
    }

    /// The store's id of a take that was started.
    pub fn store_take(&self, take: TakeId) -> Option<onsite_store::TakeId> {
        self.takes.get(&take).copied()
    }

    /// The follow-up asked after question `question`, once asked.
    pub fn follow_up(&self, question: usize) -> Option<&str> {
        self.follow_ups.get(&question).map(String::as_str)
    }

    /// Applies `event` and carries out its effects and those of the events they lead to. A
    /// refused event is an error and changes nothing; a failed effect is reported in the
    /// result and the session goes on.
    pub fn step(&mut self, event: Event, src: &mut dyn AnswerSource) -> Result<Stepped> {
        let mut out = Stepped::default();
        self.apply(event, src, &mut out)?;
        self.drain(src, &mut out);
        Ok(out)
    }

    /// A segment of a take's transcript: committed at once, so a crash keeps it.
    pub fn commit_segment(&mut self, take: TakeId, segment: &Segment) -> Result<()> {
        if let Some(id) = self.takes.get(&take) {
            self.store.append_segment(*id, segment)?;
        }
        Ok(())
    }

    /// A result that arrived after `Score` (from a take worker). It is kept in the store even
    /// when the session has moved on (it is the candidate's real answer), with the reading of
    /// the whiteboard drawn during it when there is one; the machine is told only when it is
    /// waiting for this take, and then the step is returned.
    pub fn take_done(
        &mut self,
        take: TakeId,
        result: std::result::Result<&Assessment, &LiveError>,
        diagram: Option<&DiagramReading>,
        src: &mut dyn AnswerSource,
    ) -> Result<Option<Stepped>> {
        let event = self.keep(take, result, diagram)?;
        if !self.scoring(take) {
            return Ok(None);
        }
        self.step(event, src).map(Some)
    }

    /// A take that could not start after all (its worker failed to open a device or the
    /// model): failed in the store and, when it is being answered, stopped and reported to the
    /// machine as not scored, so the candidate can retry.
    pub fn start_failed(
        &mut self,
        take: TakeId,
        error: LiveError,
        src: &mut dyn AnswerSource,
    ) -> Stepped {
        let mut out = Stepped::default();
        self.fail_start(take, error, &mut out);
        self.drain(src, &mut out);
        out
    }

    fn apply(&mut self, event: Event, src: &mut dyn AnswerSource, out: &mut Stepped) -> Result<()> {
        let (next, effects) = self.session.step(event)?;
        self.session = next;
        for effect in effects {
            if let Err(e) = self.effect(&effect, src, out) {
                out.errors.push(e);
            }
            out.effects.push(effect);
        }
        Ok(())
    }

    fn drain(&mut self, src: &mut dyn AnswerSource, out: &mut Stepped) {
        while let Some(event) = self.queue.pop_front() {
            if let Err(e) = self.apply(event, src, out) {
                out.errors.push(e);
            }
        }
    }

    fn effect(
        &mut self,
        effect: &Effect,
        src: &mut dyn AnswerSource,
        out: &mut Stepped,
    ) -> Result<()> {
        match effect {
            Effect::ShowQuestion { question, .. } => self.ask(*question, Part::Main, None),
            Effect::AskFollowUp {
                question,
                follow_up,
                ..
            } => {
                self.follow_ups.insert(*question, follow_up.text.clone());
                self.ask(*question, Part::FollowUp, Some(&follow_up.text))
            }
            Effect::StartTake { take, limit_ms } => {
                if let Err(error) = self.start_take(*take, *limit_ms, src) {
                    self.fail_start(*take, error, out);
                }
                Ok(())
            }
            Effect::StopTake { take, reason } => {
                src.stop(*take, *reason);
                Ok(())
            }
            Effect::Score { take } => {
                if self.ended.contains(take) {
                    return Ok(()); // failed to start: the machine is told by `fail_start`
                }
                if let Some(result) = src.score(*take) {
                    let event = self.keep(*take, result.as_ref(), None)?;
                    self.queue.push_back(event);
                }
                Ok(())
            }
            Effect::DiscardTake { take } => {
                src.discard(*take);
                self.end_take(*take, TakeEnd::Failed)
            }
            Effect::Finished { .. } => Ok(self
                .store
                .finish_session(&self.session_id, onsite_store::now_ms())?),
            Effect::Warning { .. } | Effect::ShowFeedback { .. } => Ok(()),
        }
    }

    /// Records the question (or follow-up) as asked.
    fn ask(&mut self, question: usize, part: Part, follow_up: Option<&str>) -> Result<()> {
        let q = &self.session.config.questions[question].question;
        let id = crate::record::ask_question(
            &mut self.store,
            &self.session_id,
            question,
            q,
            part,
            follow_up,
            &self.takes,
        )?;
        self.asked.insert((question, part), id);
        Ok(())
    }

    fn start_take(
        &mut self,
        take: TakeId,
        limit_ms: u64,
        src: &mut dyn AnswerSource,
    ) -> Result<()> {
        let asked = *self
            .asked
            .get(&(take.question, take.part))
            .ok_or(LiveError::NotAsked)?;
        let media_file = src.begin(take);
        let started =
            self.store
                .start_take(asked, onsite_store::now_ms(), media_file.as_deref())?;
        self.takes.insert(take, started.id);
        let q = &self.session.config.questions[take.question].question;
        let question = match take.part {
            Part::Main => rubric_question(q),
            Part::FollowUp => rubric_follow_up(q, self.follow_up(take.question).unwrap_or("")),
        };
        src.start(TakeStart {
            take,
            limit_ms,
            store_id: started.id,
            media_file,
            question,
        })
    }

    fn fail_start(&mut self, take: TakeId, error: LiveError, out: &mut Stepped) {
        if let Err(e) = self.end_take(take, TakeEnd::Failed) {
            out.errors.push(e);
        }
        let fed = matches!(self.session.phase, Phase::Answering { take: t, .. } if t == take);
        if fed {
            // Nothing was recorded: the take ends as not scored, and the candidate can retry.
            self.queue.push_back(Event::StopAnswer {
                now_ms: self.clock.now_ms(),
            });
            self.queue.push_back(Event::ScoringFailed {
                code: error.code().to_owned(),
            });
        }
        out.failed.push(TakeFailure { take, error, fed });
    }

    /// Keeps a take's result in the store (complete with its rubric, or failed) and returns
    /// the event that tells the machine.
    fn keep(
        &mut self,
        take: TakeId,
        result: std::result::Result<&Assessment, &LiveError>,
        diagram: Option<&DiagramReading>,
    ) -> Result<Event> {
        let a = match result {
            Ok(a) => a,
            Err(error) => {
                self.end_take(take, TakeEnd::Failed)?;
                return Ok(Event::ScoringFailed {
                    code: error.code().to_owned(),
                });
            }
        };
        let id = self.store_take(take).ok_or(LiveError::NotAsked)?;
        self.end_take(take, TakeEnd::Complete)?;
        self.store
            .save_rubric(id, &drawn_record(a, diagram, id, onsite_store::now_ms())?)?;
        Ok(Event::Scored {
            card: ScoreCard::from_assessment(a),
        })
    }

    /// Ends a take's row once: a take discarded while its start was failing is not ended twice.
    fn end_take(&mut self, take: TakeId, end: TakeEnd) -> Result<()> {
        let Some(id) = self.store_take(take) else {
            return Ok(());
        };
        if self.ended.insert(take) {
            self.store.finish_take(id, end, onsite_store::now_ms())?;
        }
        Ok(())
    }

    fn scoring(&self, take: TakeId) -> bool {
        matches!(self.session.phase, Phase::Scoring { take: t, .. } if t == take)
    }
}
