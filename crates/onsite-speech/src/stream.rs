//! Streaming transcription: 16 kHz mono chunks in, captions as each utterance is decoded, the
//! final transcript shortly after stop.
//!
//! Two threads, neither on an async runtime: the *segmenter* thread runs voice activity detection
//! on every chunk and cuts utterances at pauses; the *whisper* thread owns the whisper state and
//! decodes utterances in order while more audio arrives. They talk over bounded channels, so a
//! slow decoder pushes back on whoever feeds the audio instead of letting memory grow. While
//! recording the decoder uses few threads (capture and video encoding need the rest); once stop
//! is signalled it switches to `threads_after_stop` to finish the backlog quickly.
//!
//! Feedback latency (stop to final transcript) is what the candidate feels. When the decoder
//! has nothing final to do it decodes the open utterance up to its latest pause (a
//! [`StreamEvent::Interim`] caption). The finished utterance reuses that decode: whole if
//! nothing was said since, otherwise (after stop) only the tail after that pause is decoded, with
//! the encoder shrunk to its length. Before stop, a finished utterance that a partial does not
//! cover entirely is decoded whole, for accuracy.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, SyncSender, TrySendError};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::Instant;

use onsite_transcript::{Segment, Span, Transcript};

use crate::error::SpeechError;
use crate::utterance::{Segmenter, SegmenterConfig, SegmenterEvent, Utterance};
use crate::whisper::{default_threads, drop_lone_unsure_word, DecodeOptions, Model, Transcriber};
use crate::SAMPLE_RATE;

/// How a stream cuts and decodes.
#[derive(Debug, Clone, PartialEq)]
pub struct StreamConfig {
    pub segmenter: SegmenterConfig,
    /// `decode.threads` is the thread count while audio is still arriving.
    pub decode: DecodeOptions,
    pub threads_after_stop: usize,
    /// After stop, decode what is left with the encoder shrunk to the audio's length
    /// ([`Transcriber::transcribe_short`]): the candidate is waiting for it. Off for files, whose
    /// words should not depend on where the backlog stood when the last chunk went in.
    pub short_tail: bool,
    /// Audio chunks that may wait for the segmenter before `send` blocks.
    pub audio_queue: usize,
    /// Utterances that may wait for Whisper before the segmenter blocks.
    pub utterance_queue: usize,
}

impl StreamConfig {
    /// A live answer from the microphone.
    pub fn live() -> Self {
        Self {
            segmenter: SegmenterConfig::live(),
            decode: DecodeOptions {
                threads: default_threads(true),
                ..DecodeOptions::default()
            },
            threads_after_stop: default_threads(false),
            short_tail: true,
            // Generous: a live source must never block; 1024 chunks is minutes of audio.
            audio_queue: 1024,
            utterance_queue: 256,
        }
    }

    /// A file decoded as fast as possible, memory bounded whatever its length.
    pub fn batch() -> Self {
        Self {
            segmenter: SegmenterConfig::batch(),
            decode: DecodeOptions::default(),
            threads_after_stop: default_threads(false),
            short_tail: false,
            audio_queue: 16,
            utterance_queue: 1,
        }
    }
}

/// What a stream reports, in order.
#[derive(Debug)]
pub enum StreamEvent {
    SpeechStarted {
        at_ms: u64,
    },
    SpeechEnded {
        at_ms: u64,
    },
    /// The utterance still being spoken, decoded up to its latest pause: a live caption that
    /// a later `Interim` or the utterance's `Caption` (same `utterance` number) replaces.
    /// Emitted only while audio arrives and the decoder has nothing final to do.
    Interim {
        utterance: usize,
        segments: Vec<Segment>,
        /// Time Whisper took for it.
        decode_ms: u64,
    },
    /// One utterance decoded: its final caption with timed words.
    Caption {
        utterance: usize,
        segments: Vec<Segment>,
        /// Time Whisper took for it.
        decode_ms: u64,
    },
    /// An utterance could not be decoded; the stream goes on without it.
    UtteranceFailed {
        utterance: usize,
        error: SpeechError,
    },
    /// The whole answer; always the last event.
    Final(Transcript),
}

enum AudioMsg {
    Chunk(Vec<f32>),
    End,
}

enum WorkMsg {
    Utterance(Utterance),
    Partial(Utterance),
    Done {
        duration_ms: u64,
        pauses: Vec<Span>,
        peak_buffered: usize,
    },
}

/// Where audio goes in; cheap to clone for a capture thread.
#[derive(Debug, Clone)]
pub struct AudioSender {
    tx: SyncSender<AudioMsg>,
}

impl std::fmt::Debug for AudioMsg {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Chunk(c) => write!(f, "Chunk({})", c.len()),
            Self::End => f.write_str("End"),
        }
    }
}

impl AudioSender {
    /// Sends 16 kHz mono samples, waiting if the queue is full.
    pub fn send(&self, chunk: Vec<f32>) -> Result<(), SpeechError> {
        self.tx
            .send(AudioMsg::Chunk(chunk))
            .map_err(|_| SpeechError::WorkerGone)
    }

    /// Sends without waiting; `Ok(false)` if the queue is full (the chunk is not sent).
    pub fn try_send(&self, chunk: Vec<f32>) -> Result<bool, SpeechError> {
        match self.tx.try_send(AudioMsg::Chunk(chunk)) {
            Ok(()) => Ok(true),
            Err(TrySendError::Full(_)) => Ok(false),
            Err(TrySendError::Disconnected(_)) => Err(SpeechError::WorkerGone),
        }
    }
}

/// Statistics a finished stream reports besides the transcript.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct StreamStats {
    /// Most audio samples the segmenter held at once.
    pub peak_buffered_samples: usize,
    pub utterances: usize,
}

/// A running transcription. Dropping it without [`Stream::finish`] abandons the work.
#[derive(Debug)]
pub struct Stream {
    audio: AudioSender,
    events: Receiver<StreamEvent>,
    stopping: Arc<AtomicBool>,
    abort: Arc<AtomicBool>,
    stats: Arc<std::sync::Mutex<StreamStats>>,
    threads: Vec<JoinHandle<()>>,
}

impl Stream {
    /// Starts both threads. Fails early if Whisper cannot create its state.
    pub fn start(model: Arc<Model>, cfg: StreamConfig) -> Result<Self, SpeechError> {
        let transcriber = Transcriber::new(model.clone(), cfg.decode.clone())?;
        let (audio_tx, audio_rx) = mpsc::sync_channel::<AudioMsg>(cfg.audio_queue.max(1));
        let (work_tx, work_rx) = mpsc::sync_channel::<WorkMsg>(cfg.utterance_queue.max(1));
        let (event_tx, events) = mpsc::channel::<StreamEvent>();
        let stopping = Arc::new(AtomicBool::new(false));
        let abort = Arc::new(AtomicBool::new(false));
        let stats = Arc::new(std::sync::Mutex::new(StreamStats::default()));

        let seg_events = event_tx.clone();
        let seg_stopping = stopping.clone();
        let seg_cfg = cfg.segmenter.clone();
        let segmenter = std::thread::Builder::new()
            .name("speech-vad".into())
            .spawn(move || segmenter_loop(seg_cfg, audio_rx, work_tx, seg_events, seg_stopping))
            .map_err(|e| SpeechError::Inference(format!("cannot start the VAD thread: {e}")))?;

        let w_stopping = stopping.clone();
        let w_abort = abort.clone();
        let w_stats = stats.clone();
        let after_stop = AfterStop {
            threads: cfg.threads_after_stop.max(1),
            short_tail: cfg.short_tail,
        };
        let whisper = std::thread::Builder::new()
            .name("speech-whisper".into())
            .spawn(move || {
                whisper_loop(
                    transcriber,
                    after_stop,
                    work_rx,
                    event_tx,
                    w_stopping,
                    w_abort,
                    w_stats,
                )
            })
            .map_err(|e| SpeechError::Inference(format!("cannot start the whisper thread: {e}")))?;

        Ok(Self {
            audio: AudioSender { tx: audio_tx },
            events,
            stopping,
            abort,
            stats,
            threads: vec![segmenter, whisper],
        })
    }

    /// A handle for the thread that produces audio.
    pub fn audio(&self) -> AudioSender {
        self.audio.clone()
    }

    /// Sends audio (waits if the queue is full).
    pub fn send(&self, chunk: Vec<f32>) -> Result<(), SpeechError> {
        self.audio.send(chunk)
    }

    /// Captions and speech events as they happen.
    pub fn events(&self) -> &Receiver<StreamEvent> {
        &self.events
    }

    /// Signals the end of the audio without waiting; events keep coming until `Final`.
    pub fn stop(&self) {
        self.stopping.store(true, Ordering::SeqCst);
        // A full queue means the segmenter is alive and will get to it; a gone one means it
        // already ended.
        let _ = self.audio.tx.send(AudioMsg::End);
    }

    /// Stops (if not yet) and waits for the final transcript, discarding pending captions.
    pub fn finish(mut self) -> Result<(Transcript, StreamStats), SpeechError> {
        self.stop();
        let mut first_error = None;
        let transcript = loop {
            match self.events.recv() {
                Ok(StreamEvent::Final(t)) => break Some(t),
                Ok(StreamEvent::UtteranceFailed { error, .. }) => {
                    first_error.get_or_insert(error);
                }
                Ok(_) => {}
                Err(_) => break None,
            }
        };
        for t in self.threads.drain(..) {
            let _ = t.join();
        }
        let stats = self.stats.lock().map(|s| *s).unwrap_or_default();
        match (transcript, first_error) {
            (Some(t), None) => Ok((t, stats)),
            (_, Some(e)) => Err(e),
            (None, None) => Err(SpeechError::WorkerGone),
        }
    }
}

impl Drop for Stream {
    fn drop(&mut self) {
        if self.threads.is_empty() {
            return;
        }
        self.abort.store(true, Ordering::SeqCst);
        self.stop();
        // Drain so neither thread blocks on a full channel, then join.
        while self.events.recv().is_ok() {}
        for t in self.threads.drain(..) {
            let _ = t.join();
        }
    }
}

fn segmenter_loop(
    cfg: SegmenterConfig,
    audio: Receiver<AudioMsg>,
    work: SyncSender<WorkMsg>,
    events: mpsc::Sender<StreamEvent>,
    stopping: Arc<AtomicBool>,
) {
    let mut seg = Segmenter::new(cfg);
    let mut out = Vec::new();
    loop {
        let msg = audio.recv().unwrap_or(AudioMsg::End);
        let end = matches!(msg, AudioMsg::End);
        match msg {
            AudioMsg::Chunk(chunk) => seg.push(&chunk, &mut out),
            AudioMsg::End => {
                stopping.store(true, Ordering::SeqCst);
                seg.finish(&mut out);
            }
        }
        for event in out.drain(..) {
            let sent = match event {
                SegmenterEvent::SpeechStarted { at_ms } => events
                    .send(StreamEvent::SpeechStarted { at_ms })
                    .map_err(|_| ()),
                SegmenterEvent::SpeechEnded { at_ms } => events
                    .send(StreamEvent::SpeechEnded { at_ms })
                    .map_err(|_| ()),
                SegmenterEvent::Utterance(u) => work.send(WorkMsg::Utterance(u)).map_err(|_| ()),
                // Captions in passing: never worth blocking the audio for.
                SegmenterEvent::Partial(u) => match work.try_send(WorkMsg::Partial(u)) {
                    Err(TrySendError::Disconnected(_)) => Err(()),
                    _ => Ok(()),
                },
            };
            if sent.is_err() {
                return; // the consumer is gone
            }
        }
        if end {
            let _ = work.send(WorkMsg::Done {
                duration_ms: seg.duration_ms(),
                pauses: seg.speech_map().pauses(),
                peak_buffered: seg.peak_buffered_samples(),
            });
            return;
        }
    }
}

/// How the decoder works once stop is signalled.
#[derive(Debug, Clone, Copy)]
struct AfterStop {
    threads: usize,
    short_tail: bool,
}

/// A decode of the open utterance up to a pause, kept for reuse by the finished utterance.
struct Speculative {
    index: usize,
    start_ms: u64,
    samples: usize,
    segments: Vec<Segment>,
}

fn whisper_loop(
    mut transcriber: Transcriber,
    after_stop: AfterStop,
    work: Receiver<WorkMsg>,
    events: mpsc::Sender<StreamEvent>,
    stopping: Arc<AtomicBool>,
    abort: Arc<AtomicBool>,
    stats: Arc<std::sync::Mutex<StreamStats>>,
) {
    let mut segments: Vec<Segment> = Vec::new();
    let mut utterances = 0;
    let mut pending: VecDeque<WorkMsg> = VecDeque::new();
    let mut spec: Option<Speculative> = None;
    loop {
        if pending.is_empty() {
            match work.recv() {
                Ok(msg) => pending.push_back(msg),
                Err(_) => return,
            }
        }
        pending.extend(work.try_iter());
        let Some(msg) = pending.pop_front() else {
            continue;
        };
        match msg {
            WorkMsg::Partial(u) => {
                // Only the newest partial is worth decoding, and only when nothing final waits.
                if !pending.is_empty()
                    || abort.load(Ordering::SeqCst)
                    || stopping.load(Ordering::SeqCst)
                {
                    continue;
                }
                let started = Instant::now();
                match transcriber.transcribe_short(&u.samples, u.start_ms) {
                    Ok(segs) => {
                        let segs = drop_lone_unsure_word(segs);
                        let floor = segments.last().map_or(0, |s| s.end_ms);
                        let _ = events.send(StreamEvent::Interim {
                            utterance: u.index,
                            segments: clamp_after(segs.clone(), floor),
                            decode_ms: started.elapsed().as_millis() as u64,
                        });
                        spec = Some(Speculative {
                            index: u.index,
                            start_ms: u.start_ms,
                            samples: u.samples.len(),
                            segments: segs,
                        });
                    }
                    // The finished utterance is decoded again and reports any error.
                    Err(error) => tracing::debug!(utterance = u.index, "partial failed: {error}"),
                }
            }
            WorkMsg::Utterance(u) => {
                if abort.load(Ordering::SeqCst) {
                    continue;
                }
                let stopped = stopping.load(Ordering::SeqCst);
                if stopped {
                    transcriber.set_threads(after_stop.threads);
                }
                utterances += 1;
                let started = Instant::now();
                let reusable = spec.take().filter(|s| {
                    s.index == u.index && s.start_ms == u.start_ms && s.samples <= u.samples.len()
                });
                let result = match reusable {
                    // Nothing was said after the pause the partial ended at.
                    Some(s) if s.samples == u.samples.len() => Ok(s.segments),
                    // After stop, only the audio since the last decoded pause is left to do:
                    // that is what the candidate waits for.
                    Some(s) if stopped && after_stop.short_tail => {
                        let tail_ms = u.start_ms + s.samples as u64 * 1000 / u64::from(SAMPLE_RATE);
                        transcriber
                            .transcribe_short(&u.samples[s.samples..], tail_ms)
                            .map(|tail| s.segments.into_iter().chain(tail).collect())
                    }
                    // The candidate is waiting: a shorter encoder window for what is left.
                    _ if stopped && after_stop.short_tail => {
                        transcriber.transcribe_short(&u.samples, u.start_ms)
                    }
                    _ => transcriber.transcribe(&u.samples, u.start_ms),
                };
                match result.map(drop_lone_unsure_word) {
                    Ok(segs) => {
                        // Utterances never overlap, but keep the whole transcript monotone even
                        // if Whisper stretched a word into the padding.
                        let floor = segments.last().map_or(0, |s| s.end_ms);
                        let segs = clamp_after(segs, floor);
                        segments.extend(segs.iter().cloned());
                        let _ = events.send(StreamEvent::Caption {
                            utterance: u.index,
                            segments: segs,
                            decode_ms: started.elapsed().as_millis() as u64,
                        });
                    }
                    Err(error) => {
                        tracing::warn!(utterance = u.index, "utterance failed: {error}");
                        let _ = events.send(StreamEvent::UtteranceFailed {
                            utterance: u.index,
                            error,
                        });
                    }
                }
            }
            WorkMsg::Done {
                duration_ms,
                pauses,
                peak_buffered,
            } => {
                if let Ok(mut s) = stats.lock() {
                    *s = StreamStats {
                        peak_buffered_samples: peak_buffered,
                        utterances,
                    };
                }
                let text = segments
                    .iter()
                    .map(|s| s.text.as_str())
                    .collect::<Vec<_>>()
                    .join(" ");
                let transcript = Transcript {
                    text,
                    duration_ms,
                    model: transcriber.model().name().to_owned(),
                    segments: std::mem::take(&mut segments),
                    pauses,
                };
                let _ = events.send(StreamEvent::Final(transcript));
                return;
            }
        }
    }
}

/// Moves segment and word starts to `floor` or later, so the transcript stays monotone.
fn clamp_after(segs: Vec<Segment>, floor: u64) -> Vec<Segment> {
    segs.into_iter()
        .map(|mut s| {
            s.start_ms = s.start_ms.max(floor);
            s.end_ms = s.end_ms.max(s.start_ms);
            for w in &mut s.words {
                w.start_ms = w.start_ms.max(floor);
                w.end_ms = w.end_ms.max(w.start_ms);
            }
            s
        })
        .collect()
}
