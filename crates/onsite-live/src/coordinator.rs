//! The coordinator: one thread that owns the session state machine and the store connection,
//! ticks the timers, takes commands and worker reports from one inbox, and carries out the
//! machine's effects (see [`crate::effects`]). It never waits on Whisper or the recorder: those
//! run on take workers ([`crate::take`]) and report back through the inbox.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use onsite_interview::flow::{Event, Phase, Session};
use onsite_interview::{Part, TakeId};
use onsite_store::{QuestionAskedId, SessionId, Store};

use onsite_capture::session_mic::SessionMic;

use crate::error::{LiveError, Result};
use crate::feedback::TakeFeedback;
use crate::options::LiveOptions;
use crate::report::TakeReport;
use crate::take::{TakeHandle, TakeMsg, TakeOrder, LEVEL_EVERY};
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
    pub session: Session,
    pub store: Store,
    pub session_id: SessionId,
    pub epoch: Instant,
    pub inbox: Sender<Inbox>,
    pub updates: Sender<LiveUpdate>,
    pub shared_view: Arc<Mutex<LiveView>>,
    pub has_camera: bool,
    pub has_mic: bool,
    /// The microphone, open for the whole session so each answer starts with the sound from
    /// the moment it began (see `onsite_capture::session_mic`). Reopened at the next answer if
    /// it failed.
    pub mic: Option<SessionMic>,
    /// Store rows of the questions shown: (question index, part) -> asked row.
    pub asked: HashMap<(usize, Part), QuestionAskedId>,
    pub store_takes: HashMap<TakeId, onsite_store::TakeId>,
    pub media: HashMap<TakeId, PathBuf>,
    /// Take workers still running (recording, decoding the tail, or discarding).
    pub workers: HashMap<TakeId, TakeHandle>,
    /// When each kept take was told to stop: the start of its feedback latency.
    pub stopped_at: HashMap<TakeId, Instant>,
    pub feedback: Option<TakeFeedback>,
    pub scoring_error: Option<String>,
    /// The follow-up being answered, once asked.
    pub follow_up_asked: HashMap<usize, String>,
    pub reports: Vec<TakeReport>,
    pub last_view: Instant,
    /// When the meter last got a reading of the session microphone (between answers).
    pub last_level: Instant,
}

impl Coordinator {
    /// The session clock: monotonic milliseconds since the session started.
    pub fn now_ms(&self) -> u64 {
        u64::try_from(self.epoch.elapsed().as_millis()).unwrap_or(u64::MAX)
    }

    /// Runs until the session is over and every take worker has reported.
    pub fn run(mut self, inbox: Receiver<Inbox>) -> Result<crate::report::SessionReport> {
        let tick = self.opts.tick;
        let mut next_tick = Instant::now() + tick;
        loop {
            if self.session.is_finished() && self.workers.is_empty() {
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
        for (_, worker) in self.workers.drain() {
            worker.join();
        }
        Ok(self.report())
    }

    fn tick(&mut self) {
        self.prep_level();
        let now_ms = self.now_ms();
        let before = self.session.phase.clone();
        match self.step(Event::Tick { now_ms }) {
            Ok(()) => {
                let timed = matches!(
                    self.session.phase,
                    Phase::Prep { .. } | Phase::Answering { .. }
                );
                if self.session.phase != before && !same_phase(&before, &self.session.phase)
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
        if !matches!(self.session.phase, Phase::Prep { .. })
            || self.last_level.elapsed() < LEVEL_EVERY
        {
            return;
        }
        if let Some(mic) = &self.mic {
            self.last_level = Instant::now();
            let l = mic.level();
            let _ = self.updates.send(LiveUpdate::Level {
                rms_db: crate::take::to_db(l.rms),
                peak_db: crate::take::to_db(l.peak),
            });
        }
    }

    /// A user action: the machine's event, then the view the caller shows.
    fn command(&mut self, action: SessionAction) -> Result<LiveView> {
        let at = Instant::now();
        let now_ms = self.now_ms();
        let event = match action {
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
        // Pausing an answer pauses its recording too (the machine only stops the timer):
        // nothing said while paused is recorded, and the take goes on after resume.
        if let Phase::Answering { take, .. } = &self.session.phase {
            let order = match action {
                SessionAction::Pause => Some(TakeOrder::Pause(at)),
                SessionAction::Resume => Some(TakeOrder::Resume(at)),
                _ => None,
            };
            if let (Some(order), Some(worker)) = (order, self.workers.get(take)) {
                worker.order(order);
            }
        }
        Ok(self.publish_view())
    }

    /// Applies one event and carries out its effects. A refused event changes nothing.
    pub fn step(&mut self, event: Event) -> Result<()> {
        let (next, effects) = self.session.step(event)?;
        self.session = next;
        for effect in effects {
            if let Err(e) = self.effect(effect) {
                self.report_error(&e);
            }
        }
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
            TakeMsg::Segment { take, segment } => self.commit_segment(take, &segment),
            TakeMsg::DeviceEnded { take } => self.device_ended(take),
            TakeMsg::StartFailed { take, error } => self.start_failed(take, error),
            TakeMsg::Done { take, result } => self.take_done(take, *result),
            TakeMsg::Discarded { take } => {
                if let Some(w) = self.workers.remove(&take) {
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
        let answering = matches!(self.session.phase, Phase::Answering { take: t, .. } if t == take);
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

    fn start_failed(&mut self, take: TakeId, error: LiveError) -> Result<()> {
        if let Some(w) = self.workers.remove(&take) {
            w.join();
        }
        self.report_error(&error);
        if let Some(id) = self.store_takes.get(&take) {
            self.store
                .finish_take(*id, onsite_store::TakeEnd::Failed, onsite_store::now_ms())?;
        }
        self.mark_report(take, |r| {
            r.status = "failed";
            r.error = Some(error.to_string());
        });
        let answering = matches!(self.session.phase, Phase::Answering { take: t, .. } if t == take);
        if answering {
            // Nothing was recorded: the take ends as failed, and the candidate can retry.
            let now_ms = self.now_ms();
            self.stopped_at.remove(&take);
            self.step(Event::StopAnswer { now_ms })?;
            self.scoring_error = Some(error.to_string());
            self.step(Event::ScoringFailed {
                code: error.code().to_owned(),
            })?;
            self.publish_view();
        }
        Ok(())
    }
}

/// True when two phases differ only in their timers' progress.
fn same_phase(a: &Phase, b: &Phase) -> bool {
    match (a, b) {
        (Phase::Prep { question: x, .. }, Phase::Prep { question: y, .. }) => x == y,
        (Phase::Answering { take: x, .. }, Phase::Answering { take: y, .. }) => x == y,
        _ => false,
    }
}
