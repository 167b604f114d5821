//! [`LiveSession`]: the handle a shell holds on a running session. Starting checks everything
//! that can be checked before the first question (devices, store), then hands the session to
//! the coordinator thread; commands go to it over a channel and come back with the new view.

use std::collections::HashMap;
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Instant;

use onsite_capture::camera::{list_cameras, CameraChoice};
use onsite_capture::mic::{list_microphones, MicChoice};
use onsite_capture::session_mic::SessionMic;
use onsite_interview::flow::Event;
use onsite_store::{NewSession, Store};

use crate::coordinator::{Coordinator, Inbox};
use crate::error::{LiveError, Result};
use crate::exec::{Clock, Executor};
use crate::live_answers::{Devices, LiveAnswers};
use crate::options::LiveOptions;
use crate::report::SessionReport;
use crate::view::{LiveUpdate, LiveView, SessionAction};

/// A running live session. Dropping it ends the session early (answers already scored are
/// kept) without waiting for the coordinator.
#[derive(Debug)]
pub struct LiveSession {
    session_id: String,
    inbox: Sender<Inbox>,
    view: Arc<Mutex<LiveView>>,
    thread: Option<JoinHandle<Result<SessionReport>>>,
}

impl LiveSession {
    /// Checks the devices, creates the session in the store, shows the first question and
    /// starts the coordinator. Updates arrive on the returned receiver, starting with warnings
    /// about devices that are not there and the first view.
    pub fn start(mut opts: LiveOptions) -> Result<(LiveSession, Receiver<LiveUpdate>)> {
        let (updates, updates_rx) = mpsc::channel();
        let (has_camera, has_mic) = resolve_devices(&mut opts, &updates)?;
        let store = Store::open(&opts.data_dir)?;
        let sel = &opts.plan.selection;
        let tailoring = serde_json::json!({
            "source": "live",
            "profile": opts.plan.profile,
            "questions": sel.questions.iter().map(|q| serde_json::json!({"id": q.question.id, "reason": q.reason})).collect::<Vec<_>>(),
        });
        let epoch = Instant::now();
        let exec = Executor::create(
            store,
            &NewSession {
                plan: sel.plan.to_string(),
                level: sel.level.to_string(),
                tailoring,
                started_at_ms: onsite_store::now_ms(),
            },
            opts.plan.config.clone(),
            Clock::Real(epoch),
        )?;
        let session_id = exec.session_id().clone();
        tracing::info!(session = %session_id, plan = %sel.plan, has_camera, has_mic, "live session start");
        let (inbox, inbox_rx) = mpsc::channel();
        let mic = open_mic(&opts, has_mic, &updates);
        let takes = LiveAnswers::new(
            &opts,
            Devices {
                has_camera,
                has_mic,
                mic,
                media_dir: opts.data_dir.session_media_dir(session_id.as_str()),
                inbox: inbox.clone(),
                updates: updates.clone(),
            },
        );
        let mut coordinator = Coordinator {
            exec,
            takes,
            updates,
            shared_view: Arc::new(Mutex::new(placeholder_view(session_id.as_str()))),
            has_camera,
            has_mic,
            stopped_at: HashMap::new(),
            feedback: None,
            scoring_error: None,
            reports: Vec::new(),
            last_view: epoch,
            last_level: epoch,
            turns: None,
            opts,
        };
        coordinator.step(Event::Start { now_ms: 0 })?;
        coordinator.publish_view();
        let view = Arc::clone(&coordinator.shared_view);
        let thread = std::thread::Builder::new()
            .name("onsite-live".into())
            .spawn(move || coordinator.run(inbox_rx))
            .map_err(|e| LiveError::Thread(e.to_string()))?;
        Ok((
            LiveSession {
                session_id: session_id.to_string(),
                inbox,
                view,
                thread: Some(thread),
            },
            updates_rx,
        ))
    }

    pub fn session_id(&self) -> &str {
        &self.session_id
    }

    /// Applies an action; returns the view after it, or why it does not apply now.
    pub fn control(&self, action: SessionAction) -> Result<LiveView> {
        let (reply, reply_rx) = mpsc::channel();
        self.inbox
            .send(Inbox::Command { action, reply })
            .map_err(|_| LiveError::NotRunning)?;
        reply_rx.recv().map_err(|_| LiveError::NotRunning)?
    }

    /// The latest view (no round trip to the coordinator).
    pub fn view(&self) -> LiveView {
        match self.view.lock() {
            Ok(v) => v.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    /// True once the coordinator has ended (the session is over and every take is saved).
    pub fn is_done(&self) -> bool {
        self.thread.as_ref().is_none_or(JoinHandle::is_finished)
    }

    /// Waits for the coordinator to end and returns what the session produced.
    pub fn wait(mut self) -> Result<SessionReport> {
        match self.thread.take() {
            Some(t) => t.join().map_err(|_| LiveError::CoordinatorGone)?,
            None => Err(LiveError::CoordinatorGone),
        }
    }
}

impl Drop for LiveSession {
    fn drop(&mut self) {
        if self.thread.as_ref().is_some_and(|t| !t.is_finished()) {
            let (reply, _) = mpsc::channel();
            let _ = self.inbox.send(Inbox::Command {
                action: SessionAction::End,
                reply,
            });
        }
    }
}

/// Falls back to what is there: no camera means audio-only, no microphone means video-only
/// (with a warning each); neither is an error before the first question.
fn resolve_devices(opts: &mut LiveOptions, updates: &Sender<LiveUpdate>) -> Result<(bool, bool)> {
    let warn = |code: &str, message: String| {
        tracing::warn!(code, %message, "live session devices");
        let _ = updates.send(LiveUpdate::Error {
            code: code.to_owned(),
            message,
        });
    };
    let has_camera = match &opts.camera {
        CameraChoice::None => false,
        CameraChoice::Synthetic => true,
        CameraChoice::Device(id) => {
            let found = list_cameras()?.iter().any(|c| &c.id == id || &c.name == id);
            if !found {
                warn(
                    "camera_not_found",
                    format!("camera {id:?} is not connected: this session is audio-only"),
                );
                opts.camera = CameraChoice::None;
            }
            found
        }
    };
    let has_mic = match &opts.mic {
        MicChoice::None => false,
        MicChoice::Default | MicChoice::Named(_) => {
            let any = !list_microphones()?.is_empty();
            if !any {
                warn(
                    "no_microphone",
                    "no microphone found: answers are recorded without sound and cannot be \
                     transcribed; connect one and start again to be scored"
                        .to_owned(),
                );
                opts.mic = MicChoice::None;
            }
            any
        }
    };
    if !has_camera && !has_mic {
        return Err(LiveError::NothingToRecord);
    }
    Ok((has_camera, has_mic))
}

/// Opens the microphone for the session. A device that will not open now is tried again when
/// the first answer starts (and fails that take with its error if it still will not).
fn open_mic(opts: &LiveOptions, has_mic: bool, updates: &Sender<LiveUpdate>) -> Option<SessionMic> {
    if !has_mic {
        return None;
    }
    match SessionMic::open(&opts.mic) {
        Ok(mic) => Some(mic),
        Err(e) => {
            let e = LiveError::Capture(e);
            tracing::warn!(code = e.code(), error = %e, "session microphone");
            let _ = updates.send(LiveUpdate::Error {
                code: e.code().to_owned(),
                message: e.to_string(),
            });
            None
        }
    }
}

fn placeholder_view(session_id: &str) -> LiveView {
    use crate::view::{LivePhase, LiveQuestion, LiveQuestionPart};
    LiveView {
        session_id: session_id.to_owned(),
        phase: LivePhase::Prep,
        paused: false,
        question_index: 0,
        question_count: 0,
        question: LiveQuestion {
            id: String::new(),
            text: String::new(),
            track: String::new(),
            kind: String::new(),
            level: String::new(),
            reason: String::new(),
            part: LiveQuestionPart::Main,
        },
        follow_up_text: None,
        take: 0,
        take_id: None,
        timer: None,
        captions: false,
        has_camera: false,
        has_mic: false,
        feedback: None,
        scoring_error: None,
        summary: None,
    }
}
