//! One take on its own thread: records camera and microphone, feeds the 16 kHz speech tap to a
//! streaming transcriber, and after stop finishes the transcript (the tail decode) and scores
//! it. Nothing here runs on the coordinator's thread, so its timers keep ticking while Whisper
//! works.
//!
//! The worker reports to the coordinator's inbox: started, each transcript segment as it is
//! decoded (the coordinator commits it at once), a device that ended the take by itself, and
//! finally the scored result or the discard.

use std::path::PathBuf;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender, TryRecvError};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use onsite_capture::camera::CameraChoice;
use onsite_capture::mic::MicChoice;
use onsite_capture::preview::PreviewTap;
use onsite_capture::recorder::{AudioChoice, RecordOptions, Recording, TakeSummary};
use onsite_capture::session_mic::MicTap;
use onsite_capture::video::h264::VideoSettings;
use onsite_interview::TakeId;
use onsite_rubric::{Answer, Assessment, RubricPack};
use onsite_speech::{Model, Segment, Stream, StreamConfig, StreamEvent, Transcript};

use crate::coordinator::Inbox;
use crate::error::LiveError;
use crate::view::LiveUpdate;

/// How often the worker looks for audio, captions and orders while recording.
const POLL: Duration = Duration::from_millis(20);
/// Level updates per second sent to the UI.
pub(crate) const LEVEL_EVERY: Duration = Duration::from_millis(100);

/// What a take is recorded and scored with.
#[derive(Debug)]
pub(crate) struct TakeJob {
    pub take: TakeId,
    pub out: PathBuf,
    pub camera: CameraChoice,
    pub mic: MicChoice,
    /// The session's open microphone from the moment the answer began; without it (the
    /// session could not keep the device open) the take opens `mic` itself.
    pub tap: Option<MicTap>,
    pub video: VideoSettings,
    pub preview: Option<PreviewTap>,
    pub model: Arc<Model>,
    pub speech: StreamConfig,
    pub captions: bool,
    pub question: onsite_rubric::Question,
    pub pack: Arc<RubricPack>,
}

/// Orders from the coordinator.
#[derive(Debug)]
pub(crate) enum TakeOrder {
    /// Record nothing from this instant on, until `Resume`.
    Pause(Instant),
    Resume(Instant),
    /// Keep the take: stop, finish the transcript and score it.
    Stop,
    /// Throw it away (skip, retry, end).
    Discard,
}

/// A take that was stopped and scored.
#[derive(Debug)]
pub(crate) struct TakeResult {
    pub transcript: Transcript,
    pub assessment: Assessment,
    pub media: Option<TakeSummary>,
    /// Time to stop the recorder and finalize its file.
    pub stop_ms: u64,
    /// Time from the end of the audio to the final transcript.
    pub tail_ms: u64,
    pub score_ms: u64,
    /// An utterance Whisper could not decode (the rest of the answer is kept).
    pub speech_warning: Option<String>,
}

/// Reports to the coordinator.
#[derive(Debug)]
pub(crate) enum TakeMsg {
    Started {
        take: TakeId,
    },
    StartFailed {
        take: TakeId,
        error: LiveError,
    },
    Segment {
        take: TakeId,
        segment: Segment,
    },
    /// The recording ended by itself (a device failed); the take keeps what was captured.
    DeviceEnded {
        take: TakeId,
    },
    Done {
        take: TakeId,
        result: Box<Result<TakeResult, LiveError>>,
    },
    Discarded {
        take: TakeId,
    },
}

/// The coordinator's handle on a running take.
#[derive(Debug)]
pub(crate) struct TakeHandle {
    pub take: TakeId,
    orders: Sender<TakeOrder>,
    thread: JoinHandle<()>,
}

impl TakeHandle {
    pub fn order(&self, order: TakeOrder) {
        // A worker that already ended has reported why; nothing to tell it.
        let _ = self.orders.send(order);
    }

    /// Waits for the worker to end (it has reported, so this is at most a moment).
    pub fn join(self) {
        if self.thread.join().is_err() {
            tracing::error!(take = ?self.take, "a take worker panicked");
        }
    }
}

/// Starts the worker thread for one take.
pub(crate) fn spawn(
    job: TakeJob,
    inbox: Sender<Inbox>,
    updates: Sender<LiveUpdate>,
) -> Result<TakeHandle, LiveError> {
    let (orders, order_rx) = mpsc::channel();
    let take = job.take;
    let thread = std::thread::Builder::new()
        .name("onsite-take".into())
        .spawn(move || run(job, &order_rx, &inbox, &updates))
        .map_err(|e| LiveError::Thread(e.to_string()))?;
    Ok(TakeHandle {
        take,
        orders,
        thread,
    })
}

fn send(inbox: &Sender<Inbox>, msg: TakeMsg) {
    // The coordinator gone means the session ended; the take's result has nowhere to go.
    let _ = inbox.send(Inbox::Take(msg));
}

fn run(
    mut job: TakeJob,
    orders: &Receiver<TakeOrder>,
    inbox: &Sender<Inbox>,
    updates: &Sender<LiveUpdate>,
) {
    let take = job.take;
    let (stream, recording, speech_rx) = match start(&mut job) {
        Ok(started) => started,
        Err(error) => return send(inbox, TakeMsg::StartFailed { take, error }),
    };
    send(inbox, TakeMsg::Started { take });
    let mut live = Live {
        take,
        stream,
        speech_rx,
        inbox,
        updates,
        captions: job.captions,
        speech_warning: None,
    };

    // Recording: forward audio, pass on captions and levels, wait for an order.
    let mut last_level = Instant::now();
    let mut device_ended = false;
    let order = loop {
        live.forward_audio(POLL);
        live.drain_events();
        if last_level.elapsed() >= LEVEL_EVERY {
            last_level = Instant::now();
            let l = recording.level();
            let _ = updates.send(LiveUpdate::Level {
                rms_db: to_db(l.rms),
                peak_db: to_db(l.peak),
            });
        }
        if !device_ended && recording.is_done() {
            device_ended = true;
            send(inbox, TakeMsg::DeviceEnded { take });
        }
        match orders.try_recv() {
            Ok(TakeOrder::Pause(at)) => {
                recording.pause(at);
            }
            Ok(TakeOrder::Resume(at)) => {
                recording.resume(at);
            }
            Ok(order) => break order,
            Err(TryRecvError::Empty) => {}
            Err(TryRecvError::Disconnected) => break TakeOrder::Discard,
        }
    };

    let stop_started = Instant::now();
    let media = recording.stop();
    let stop_ms = elapsed_ms(stop_started);
    if let TakeOrder::Discard = order {
        if let Ok(summary) = &media {
            // The candidate threw this take away: its recording goes too.
            if let Err(e) = std::fs::remove_file(&summary.path) {
                tracing::warn!(path = %summary.path.display(), error = %e, "could not delete a discarded take");
            }
        }
        drop(live.stream); // abandons any decoding in flight
        return send(inbox, TakeMsg::Discarded { take });
    }
    let media = match media {
        Ok(m) => Some(m),
        Err(e) => {
            // The transcript can still be scored; the file is reported and kept as it is.
            let error = LiveError::Capture(e);
            let _ = updates.send(LiveUpdate::Error {
                code: error.code().to_owned(),
                message: error.to_string(),
            });
            None
        }
    };
    let tail_started = Instant::now();
    let result = live.finish().and_then(|(transcript, speech_warning)| {
        let tail_ms = elapsed_ms(tail_started);
        let score_started = Instant::now();
        let assessment = job
            .pack
            .assess(&job.question, &Answer::from_transcript(&transcript))?;
        Ok(TakeResult {
            transcript,
            assessment,
            media,
            stop_ms,
            tail_ms,
            score_ms: elapsed_ms(score_started),
            speech_warning,
        })
    });
    send(
        inbox,
        TakeMsg::Done {
            take,
            result: Box::new(result),
        },
    );
}

type Started = (Stream, Recording, Receiver<Vec<f32>>);

fn start(job: &mut TakeJob) -> Result<Started, LiveError> {
    // Whisper's state first: a model that cannot run fails before the camera light goes on.
    let stream = Stream::start(Arc::clone(&job.model), job.speech.clone())?;
    if let Some(dir) = job.out.parent() {
        // The session's media folder is private like the data folder around it.
        let mut folder = std::fs::DirBuilder::new();
        folder.recursive(true);
        #[cfg(unix)]
        std::os::unix::fs::DirBuilderExt::mode(&mut folder, 0o700);
        folder.create(dir).map_err(|source| {
            LiveError::Capture(onsite_capture::CaptureError::Io {
                path: dir.to_path_buf(),
                source,
            })
        })?;
    }
    let (speech_tx, speech_rx) = mpsc::channel();
    let options = RecordOptions {
        out: job.out.clone(),
        camera: job.camera.clone(),
        audio: AudioChoice::Mic(job.mic.clone()),
        video: job.video,
        max_duration: None,
        speech: (job.mic != MicChoice::None).then_some(speech_tx),
        preview: job.preview.clone(),
    };
    let recording = match job.tap.take() {
        Some(tap) => Recording::start_from_tap(options, tap)?,
        None => Recording::start(options)?,
    };
    Ok((stream, recording, speech_rx))
}

/// The speech side of a take while it records and after.
struct Live<'a> {
    take: TakeId,
    stream: Stream,
    speech_rx: Receiver<Vec<f32>>,
    inbox: &'a Sender<Inbox>,
    updates: &'a Sender<LiveUpdate>,
    captions: bool,
    speech_warning: Option<String>,
}

impl Live<'_> {
    /// Moves the audio captured so far to the transcriber, waiting up to `wait` for some.
    fn forward_audio(&mut self, wait: Duration) {
        match self.speech_rx.recv_timeout(wait) {
            Ok(block) => {
                self.send_audio(block);
                while let Ok(block) = self.speech_rx.try_recv() {
                    self.send_audio(block);
                }
            }
            Err(RecvTimeoutError::Timeout) => {}
            // No microphone (or it failed): nothing will come; still pace the loop.
            Err(RecvTimeoutError::Disconnected) => std::thread::sleep(wait),
        }
    }

    fn send_audio(&mut self, block: Vec<f32>) {
        if let Err(e) = self.stream.send(block) {
            self.speech_warning.get_or_insert(e.to_string());
        }
    }

    fn drain_events(&mut self) {
        while let Ok(event) = self.stream.events().try_recv() {
            self.on_event(event);
        }
    }

    /// Handles one stream event; returns the transcript when it is the final one.
    fn on_event(&mut self, event: StreamEvent) -> Option<Transcript> {
        match event {
            StreamEvent::Caption { segments, .. } => {
                if self.captions {
                    let text = caption_text(&segments);
                    if !text.is_empty() {
                        let _ = self.updates.send(LiveUpdate::Caption {
                            text,
                            is_final: true,
                        });
                    }
                }
                for segment in segments {
                    send(
                        self.inbox,
                        TakeMsg::Segment {
                            take: self.take,
                            segment,
                        },
                    );
                }
                None
            }
            StreamEvent::Interim { segments, .. } => {
                // A caption in passing, replaced by the utterance's final one; never stored.
                if self.captions {
                    let text = caption_text(&segments);
                    if !text.is_empty() {
                        let _ = self.updates.send(LiveUpdate::Caption {
                            text,
                            is_final: false,
                        });
                    }
                }
                None
            }
            StreamEvent::UtteranceFailed { error, .. } => {
                self.speech_warning.get_or_insert(error.to_string());
                None
            }
            StreamEvent::Final(t) => Some(t),
            StreamEvent::SpeechStarted { .. } | StreamEvent::SpeechEnded { .. } => None,
        }
    }

    /// After the recorder stopped: the last audio in, then the tail decode to the final
    /// transcript. Captions of the tail still go out and their segments are committed.
    fn finish(mut self) -> Result<(Transcript, Option<String>), LiveError> {
        while let Ok(block) = self.speech_rx.try_recv() {
            self.send_audio(block);
        }
        self.stream.stop();
        loop {
            let event = self
                .stream
                .events()
                .recv()
                .map_err(|_| LiveError::Speech(onsite_speech::SpeechError::WorkerGone))?;
            if let Some(t) = self.on_event(event) {
                return Ok((t, self.speech_warning));
            }
        }
    }
}

fn caption_text(segments: &[Segment]) -> String {
    segments
        .iter()
        .map(|s| s.text.trim())
        .filter(|t| !t.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

pub(crate) fn to_db(linear: f32) -> f32 {
    (20.0 * linear.max(1e-5).log10()).max(-100.0)
}

fn elapsed_ms(since: Instant) -> u64 {
    u64::try_from(since.elapsed().as_millis()).unwrap_or(u64::MAX)
}
