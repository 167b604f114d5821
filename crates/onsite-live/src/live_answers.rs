//! The live [`AnswerSource`]: each take recorded from the camera and the session's open
//! microphone and transcribed while it records, on its own worker ([`crate::take`]). Stopping
//! or discarding is an order to the worker; its result reaches the coordinator's inbox and then
//! [`crate::exec::Executor::take_done`].

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::mpsc::Sender;
use std::sync::Arc;
use std::time::Instant;

use onsite_capture::camera::CameraChoice;
use onsite_capture::mic::MicChoice;
use onsite_capture::preview::PreviewTap;
use onsite_capture::session_mic::SessionMic;
use onsite_capture::video::h264::VideoSettings;
use onsite_interview::flow::StopReason;
use onsite_interview::{Part, TakeId};
use onsite_rubric::{Assessment, RubricPack};
use onsite_speech::vocab::Lexicon;
use onsite_speech::{Model, StreamConfig};

use crate::coordinator::Inbox;
use crate::error::Result;
use crate::exec::{AnswerSource, TakeStart};
use crate::options::LiveOptions;
use crate::take::{self, TakeHandle, TakeJob, TakeOrder};
use crate::view::LiveUpdate;

/// Takes recorded with real devices.
#[derive(Debug)]
pub(crate) struct LiveAnswers {
    camera: CameraChoice,
    mic_choice: MicChoice,
    pub has_mic: bool,
    video: VideoSettings,
    preview: Option<PreviewTap>,
    model: Arc<Model>,
    speech: StreamConfig,
    lexicon: Option<Arc<Lexicon>>,
    profile_terms: Vec<String>,
    captions: bool,
    pack: Arc<RubricPack>,
    /// The session's media folder.
    media_dir: PathBuf,
    inbox: Sender<Inbox>,
    updates: Sender<LiveUpdate>,
    /// The microphone, open for the whole session so each answer starts with the sound from
    /// the moment it began (see `onsite_capture::session_mic`). Reopened at the next answer if
    /// it failed.
    pub mic: Option<SessionMic>,
    /// When the current take's answer began (see [`AnswerSource::begin`]).
    begun: Option<(TakeId, Instant)>,
    /// When the next answer began, if before it was begun: a hands-free start, detected a
    /// moment after the candidate started speaking (see [`crate::turn`]).
    pub begin_from: Option<Instant>,
    /// Take workers still running (recording, decoding the tail, or discarding).
    pub workers: HashMap<TakeId, TakeHandle>,
    /// Each take's recording.
    pub media: HashMap<TakeId, PathBuf>,
}

/// What the live source needs besides the options.
#[derive(Debug)]
pub(crate) struct Devices {
    pub has_camera: bool,
    pub has_mic: bool,
    pub mic: Option<SessionMic>,
    pub media_dir: PathBuf,
    pub inbox: Sender<Inbox>,
    pub updates: Sender<LiveUpdate>,
}

impl LiveAnswers {
    pub fn new(opts: &LiveOptions, d: Devices) -> LiveAnswers {
        LiveAnswers {
            camera: if d.has_camera {
                opts.camera.clone()
            } else {
                CameraChoice::None
            },
            mic_choice: if d.has_mic {
                opts.mic.clone()
            } else {
                MicChoice::None
            },
            has_mic: d.has_mic,
            video: opts.video,
            preview: opts.preview.clone(),
            model: Arc::clone(&opts.model),
            speech: opts.speech.clone(),
            lexicon: opts.lexicon.clone(),
            profile_terms: crate::options::profile_terms(&opts.plan),
            captions: opts.captions,
            pack: Arc::clone(&opts.pack),
            media_dir: d.media_dir,
            inbox: d.inbox,
            updates: d.updates,
            mic: d.mic,
            begun: None,
            begin_from: None,
            workers: HashMap::new(),
            media: HashMap::new(),
        }
    }

    /// The session's microphone, reopened if it failed since the last answer. `None` when the
    /// session has none or it will not open (the take then opens the device itself and
    /// reports why it cannot).
    pub(crate) fn session_mic(&mut self) -> Option<&SessionMic> {
        if !self.has_mic {
            return None;
        }
        if self.mic.as_ref().is_some_and(|m| m.failure().is_some()) {
            self.mic = None;
        }
        if self.mic.is_none() {
            match SessionMic::open(&self.mic_choice) {
                Ok(m) => self.mic = Some(m),
                Err(e) => {
                    tracing::warn!(error = %e, "the session microphone will not open");
                    return None;
                }
            }
        }
        self.mic.as_ref()
    }

    fn order(&self, take: TakeId, order: TakeOrder) {
        if let Some(w) = self.workers.get(&take) {
            w.order(order);
        }
    }
}

impl AnswerSource for LiveAnswers {
    fn begin(&mut self, take: TakeId) -> Option<String> {
        // The answer began now (or when hands-free speech started): its take starts with the
        // sound from this instant.
        let from = self.begin_from.take().unwrap_or_else(Instant::now);
        self.begun = Some((take, from));
        Some(format!(
            "q{}{}-take{}-{}.mp4",
            take.question + 1,
            if take.part == Part::FollowUp {
                "-follow-up"
            } else {
                ""
            },
            take.take,
            onsite_store::now_ms()
        ))
    }

    fn start(&mut self, s: TakeStart) -> Result<()> {
        let begun = match self.begun.take() {
            Some((t, at)) if t == s.take => at,
            _ => Instant::now(),
        };
        let file = s
            .media_file
            .unwrap_or_else(|| format!("take-{}.mp4", s.store_id.0));
        let out = self.media_dir.join(file);
        self.media.insert(s.take, out.clone());
        let tap = self.session_mic().map(|m| m.tap_from(begun));
        let job = TakeJob {
            take: s.take,
            tap,
            out,
            camera: self.camera.clone(),
            mic: self.mic_choice.clone(),
            video: self.video,
            preview: self.preview.clone(),
            model: Arc::clone(&self.model),
            speech: crate::options::speech_for_answer(
                &self.speech,
                self.lexicon.as_deref(),
                &s.question,
                &self.profile_terms,
            ),
            captions: self.captions,
            question: s.question,
            pack: Arc::clone(&self.pack),
        };
        let handle = take::spawn(job, self.inbox.clone(), self.updates.clone())?;
        self.workers.insert(s.take, handle);
        Ok(())
    }

    fn stop(&mut self, take: TakeId, _reason: StopReason) {
        self.order(take, TakeOrder::Stop);
    }

    fn discard(&mut self, take: TakeId) {
        self.order(take, TakeOrder::Discard);
    }

    /// The worker scores after its tail decode and reports `Done`.
    fn score(&mut self, _take: TakeId) -> Option<Result<Assessment>> {
        None
    }
}
