//! The coordinator: one thread that owns the session (through the shared [`Executor`], which
//! holds the state machine and the store connection and carries out the machine's effects),
//! ticks the timers, takes commands and worker reports from one inbox, and shows what happened
//! (see [`crate::effects`]). It never waits on Whisper or the recorder: those
//! run on take workers ([`crate::take`]) and report back through the inbox.

use std::collections::HashMap;
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use onsite_interview::flow::{Event, Phase};
use onsite_interview::TakeId;

use crate::error::{LiveError, Result};
use crate::exec::Executor;
use crate::feedback::TakeFeedback;
use crate::live_answers::LiveAnswers;
use crate::options::LiveOptions;
use crate::report::TakeReport;
use crate::take::{TakeMsg, TakeOrder, LEVEL_EVERY};
use crate::turn::{MicTurns, TurnDetector, TurnEvent, PRE_ROLL};
use crate::view::{LiveUpdate, LiveView, SessionAction};

/// A view is re-sent this often while a timer runs, so countdowns stay current.
const VIEW_EVERY: Duration = Duration::from_millis(250);

/// Everything that reaches the coordinator.
#[derive(Debug)]
pub(crate) enum Inbox {
    Command {
        action: SessionAction,
        reply: Sender<Result<LiveView>>,
    },
    Take(TakeMsg),
}

/// The coordinator's state. Lives on its own thread once the session has started.
#[derive(Debug)]
pub(crate) struct Coordinator {
    pub opts: LiveOptions,
    /// The session, its store connection and the effects carried out (shared with
    /// `onsite interview`).
    pub exec: Executor,
    /// Where answers come from: take workers recording the devices.
    pub takes: LiveAnswers,
    pub updates: Sender<LiveUpdate>,
    pub shared_view: Arc<Mutex<LiveView>>,
    pub has_camera: bool,
    pub has_mic: bool,
    /// When each kept take was told to stop: the start of its feedback latency.
    pub stopped_at: HashMap<TakeId, Instant>,
    pub feedback: Option<TakeFeedback>,
    pub scoring_error: Option<String>,
    pub reports: Vec<TakeReport>,
    pub last_view: Instant,
    /// When the meter last got a reading of the session microphone (between answers).
    pub last_level: Instant,
    /// Hands-free turns: listening for the start of an answer (after `Listen`) or its end.
    pub turns: Option<MicTurns>,
}

impl Coordinator {
    /// The session clock: monotonic milliseconds since the session started.
    pub fn now_ms(&self) -> u64 {
        self.exec.now_ms()
    }

    /// Runs until the session is over and every take worker has reported.
    pub fn run(mut self, inbox: Receiver<Inbox>) -> Result<crate::report::SessionReport> {
        let tick = self.opts.tick;
        let mut next_tick = Instant::now() + tick;
        loop {
            if self.exec.session().is_finished() && self.takes.workers.is_empty() {
                break;
            }
            let wait = next_tick.saturating_duration_since(Instant::now());
            match inbox.recv_timeout(wait) {
                Ok(Inbox::Command { action, reply }) => {
                    let result = self.command(action);
                    let _ = reply.send(result);
                }
                Ok(Inbox::Take(msg)) => self.on_take(msg),
                Err(RecvTimeoutError::Timeout) => {
                    self.tick();
                    next_tick += tick;
                    // After a stall (a suspended laptop), tick from now rather than in a burst.
                    if next_tick < Instant::now() {
                        next_tick = Instant::now() + tick;
                    }
                }
                // Unreachable while we hold a sender ourselves; kept for clarity.
                Err(RecvTimeoutError::Disconnected) => break,
            }
        }
        for (_, worker) in self.takes.workers.drain() {
            worker.join();
        }
        Ok(self.report())
    }

    fn tick(&mut self) {
        self.prep_level();
        self.hands_free();
        let now_ms = self.now_ms();
        let before = self.exec.session().phase.clone();
        match self.step(Event::Tick { now_ms }) {
            Ok(()) => {
                let phase = &self.exec.session().phase;
                let timed = matches!(phase, Phase::Prep { .. } | Phase::Answering { .. });
                if *phase != before && !same_phase(&before, phase)
                    || (timed && self.last_view.elapsed() >= VIEW_EVERY)
                {
                    self.publish_view();
                }
            }
            Err(e) => self.report_error(&e),
        }
    }

    /// While the candidate prepares, the room's meter shows the open microphone, so they see
    /// it hears them before they start (during an answer the take's worker sends it).
    fn prep_level(&mut self) {
        if !matches!(self.exec.session().phase, Phase::Prep { .. })
            || self.last_level.elapsed() < LEVEL_EVERY
        {
            return;
        }
        if let Some(mic) = &self.takes.mic {
            self.last_level = Instant::now();
            let l = mic.level();
            let _ = self.updates.send(LiveUpdate::Level {
                rms_db: crate::take::to_db(l.rms),
                peak_db: crate::take::to_db(l.peak),
            });
        }
    }

    /// Hands-free turns: the candidate's speech begins the answer, a long silence ends it.
    fn hands_free(&mut self) {
        let Some(turns) = self.turns.as_mut() else {
            return;
        };
        let (prep, answering, paused) = match &self.exec.session().phase {
            Phase::Prep { .. } => (true, false, false),
            Phase::Answering { timer, .. } => (false, true, timer.paused()),
            _ => (false, false, false),
        };
        if !prep && !answering {
            self.turns = None;
            return;
        }
        let event = match turns.poll() {
            Ok(event) => event,
            Err(e) => {
                tracing::warn!(error = %e, "hands-free turns stopped");
                self.turns = None;
                return;
            }
        };
        if paused {
            turns.detector().restart_silence();
            return;
        }
        let now_ms = self.exec.now_ms();
        match event {
            Some(TurnEvent::Started { frame }) if prep => {
                let spoke = turns.instant_of(frame);
                turns.detector().answering();
                tracing::info!("hands-free: the candidate started answering");
                self.takes.begin_from = Some(spoke.checked_sub(PRE_ROLL).unwrap_or(spoke));
                if let Err(e) = self.step(Event::BeginAnswer { now_ms }) {
                    self.takes.begin_from = None;
                    self.report_error(&e);
                }
                self.publish_view();
            }
            Some(TurnEvent::Ended { .. }) if answering => {
                tracing::info!("hands-free: the answer ended in a long silence");
                self.turns = None;
                if let Err(e) = self.step(Event::StopAnswer { now_ms }) {
                    self.report_error(&e);
                }
                self.publish_view();
            }
            _ => {}
        }
    }

    /// Starts listening with a fresh tap of the session microphone from now.
    fn listen(&mut self, detector: TurnDetector) {
        let Some(mic) = self.takes.session_mic() else {
            return;
        };
        match MicTurns::new(mic.tap_from(Instant::now()), detector) {
            Ok(turns) => self.turns = Some(turns),
            Err(e) => tracing::warn!(error = %e, "no hands-free turns"),
        }
    }

    /// A user action: the machine's event, then the view the caller shows.
    fn command(&mut self, action: SessionAction) -> Result<LiveView> {
        let at = Instant::now();
        let now_ms = self.now_ms();
        if action == SessionAction::Listen {
            if let (Some(cfg), Phase::Prep { .. }) =
                (self.opts.hands_free.clone(), &self.exec.session().phase)
            {
                self.listen(TurnDetector::for_start(cfg));
            }
            return Ok(self.publish_view());
        }
        if action == SessionAction::StopListening {
            if matches!(self.exec.session().phase, Phase::Prep { .. }) {
                self.turns = None;
            }
            return Ok(self.publish_view());
        }
        let event = match action {
            SessionAction::Listen | SessionAction::StopListening => return Ok(self.publish_view()),
            SessionAction::BeginAnswer => Event::BeginAnswer { now_ms },
            SessionAction::StopAnswer => Event::StopAnswer { now_ms },
            SessionAction::Pause => Event::Pause { now_ms },
            SessionAction::Resume => Event::Resume { now_ms },
            SessionAction::Skip => Event::Skip { now_ms },
            SessionAction::Retry => Event::Retry { now_ms },
            SessionAction::Next => Event::Next { now_ms },
            SessionAction::End => Event::EndEarly { now_ms },
        };
        self.step(event)?;
        match (&self.exec.session().phase, &self.opts.hands_free) {
            // Begun with the key: a long silence may still end it.
            (Phase::Answering { .. }, Some(cfg)) if action == SessionAction::BeginAnswer => {
                self.listen(TurnDetector::for_end(cfg.clone()))
            }
            (Phase::Answering { .. }, _) => {}
            _ => self.turns = None,
        }
        // Pausing an answer pauses its recording too (the machine only stops the timer):
        // nothing said while paused is recorded, and the take goes on after resume.
        if let Phase::Answering { take, .. } = &self.exec.session().phase {
            let order = match action {
                SessionAction::Pause => Some(TakeOrder::Pause(at)),
                SessionAction::Resume => Some(TakeOrder::Resume(at)),
                _ => None,
            };
            if let (Some(order), Some(worker)) = (order, self.takes.workers.get(take)) {
                worker.order(order);
            }
        }
        Ok(self.publish_view())
    }

    /// Applies one event, carries out its effects and shows them. A refused event changes
    /// nothing.
    pub fn step(&mut self, event: Event) -> Result<()> {
        let stepped = self.exec.step(event, &mut self.takes)?;
        self.show(stepped);
        Ok(())
    }

    /// Tells the UI about a failure that does not stop the session.
    pub fn report_error(&self, e: &LiveError) {
        tracing::warn!(code = e.code(), error = %e, "live session");
        let _ = self.updates.send(LiveUpdate::Error {
            code: e.code().to_owned(),
            message: e.to_string(),
        });
    }

    /// Sends the current view and keeps it for `session_view`.
    pub fn publish_view(&mut self) -> LiveView {
        let view = self.view();
        if let Ok(mut slot) = self.shared_view.lock() {
            *slot = view.clone();
        }
        self.last_view = Instant::now();
        let _ = self.updates.send(LiveUpdate::View(Box::new(view.clone())));
        view
    }

    fn on_take(&mut self, msg: TakeMsg) {
        let result = match msg {
            TakeMsg::Started { take } => {
                tracing::info!(?take, "take recording");
                Ok(())
            }
            TakeMsg::Segment { take, segment } => self.exec.commit_segment(take, &segment),
            TakeMsg::DeviceEnded { take } => self.device_ended(take),
            TakeMsg::StartFailed { take, error } => {
                self.start_failed(take, error);
                Ok(())
            }
            TakeMsg::Done { take, result } => self.take_done(take, *result),
            TakeMsg::Discarded { take } => {
                if let Some(w) = self.takes.workers.remove(&take) {
                    w.join();
                }
                Ok(())
            }
        };
        if let Err(e) = result {
            self.report_error(&e);
        }
    }

    fn device_ended(&mut self, take: TakeId) -> Result<()> {
        let answering =
            matches!(self.exec.session().phase, Phase::Answering { take: t, .. } if t == take);
        if !answering {
            return Ok(());
        }
        let _ = self.updates.send(LiveUpdate::Error {
            code: "live_device_ended".into(),
            message: "a camera or microphone stopped during the answer; what was recorded up to \
                      then is kept and scored. Check the device before the next answer."
                .into(),
        });
        let now_ms = self.now_ms();
        self.step(Event::StopAnswer { now_ms })?;
        self.publish_view();
        Ok(())
    }

    /// Nothing was recorded: the executor fails the take (and, if it was being answered,
    /// tells the machine, so the candidate can retry).
    fn start_failed(&mut self, take: TakeId, error: LiveError) {
        if let Some(w) = self.takes.workers.remove(&take) {
            w.join();
        }
        let stepped = self.exec.start_failed(take, error, &mut self.takes);
        let fed = stepped.failed.iter().any(|f| f.fed);
        self.show(stepped);
        if fed {
            self.publish_view();
        }
    }
}

/// True when two phases differ only in their timers' progress.
fn same_phase(a: &Phase, b: &Phase) -> bool {
    match (a, b) {
        (
            Phase::Prep {
                question: x,
                part: p,
                ..
            },
            Phase::Prep {
                question: y,
                part: q,
                ..
            },
        ) => x == y && p == q,
        (Phase::Answering { take: x, .. }, Phase::Answering { take: y, .. }) => x == y,
        _ => false,
    }
}
