//! A microphone kept open for a whole interview session, with a short history, so an answer
//! starts with the sound from the moment the candidate asked to start rather than from the
//! moment a device finished opening (up to seconds through ALSA's pulse plugin).
//!
//! A drain thread empties the [`MicStream`]'s ring buffer every few milliseconds (the cpal
//! callback still only pushes into that ring: no lock or allocation on the audio thread),
//! keeps the last [`HISTORY`] of samples, and copies each block to the takes tapping it. A
//! [`MicTap`] taken "from" an instant starts with the history from that instant on and then
//! receives every block as it is drained, with nothing lost or repeated in between.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread;
use std::time::{Duration, Instant};

use crate::audio::level::{Level, LevelMeter};
use crate::audio::AudioFormat;
use crate::error::{CaptureError, Result};
use crate::mic::{MicChoice, MicStream};
use crate::source::{AudioSource, SourceState};

/// How much sound is kept for a take that starts a moment in the past.
pub const HISTORY: Duration = Duration::from_secs(2);
const POLL: Duration = Duration::from_millis(10);

#[derive(Debug, Default)]
struct State {
    /// The most recent samples (interleaved), oldest first, at most [`HISTORY`] of them.
    history: VecDeque<f32>,
    /// Frames drained since the device started: the frame after the newest in `history`.
    frames_end: u64,
    /// When `frames_end` was last advanced: the anchor that maps frames to instants. Recent
    /// anchoring keeps the mapping free of drift between the device's and the system's clock.
    drained_at: Option<Instant>,
    taps: Vec<mpsc::Sender<Vec<f32>>>,
    failure: Option<String>,
    dropped: u64,
}

#[derive(Debug)]
struct Inner {
    format: AudioFormat,
    state: Mutex<State>,
    level: LevelMeter,
    stop: AtomicBool,
}

impl Inner {
    fn lock(&self) -> MutexGuard<'_, State> {
        // A panicking drain thread leaves plain sample data behind: still usable.
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn frames_per_sec(&self) -> f64 {
        f64::from(self.format.sample_rate)
    }
}

/// An open microphone shared by the takes of a session. Stops when dropped.
#[derive(Debug)]
pub struct SessionMic {
    inner: Arc<Inner>,
    thread: Option<thread::JoinHandle<()>>,
}

impl SessionMic {
    /// Opens the chosen microphone (its default format) and starts draining it.
    pub fn open(choice: &MicChoice) -> Result<Self> {
        let mic = MicStream::open(choice)?;
        let format = mic.format();
        let inner = Arc::new(Inner {
            format,
            state: Mutex::new(State::default()),
            level: LevelMeter::default(),
            stop: AtomicBool::new(false),
        });
        let drain = Arc::clone(&inner);
        let thread = thread::Builder::new()
            .name("onsite-session-mic".into())
            .spawn(move || run(mic, &drain))
            .map_err(|e| CaptureError::MicrophoneOpen(e.to_string()))?;
        Ok(Self {
            inner,
            thread: Some(thread),
        })
    }

    pub fn format(&self) -> AudioFormat {
        self.inner.format
    }

    /// The level of the most recent block, for a meter between takes.
    pub fn level(&self) -> Level {
        self.inner.level.read()
    }

    /// Why the device stopped, once it has.
    pub fn failure(&self) -> Option<String> {
        self.inner.lock().failure.clone()
    }

    /// A source that starts with the sound captured at `from` (as far back as [`HISTORY`]
    /// reaches; later if the device started after it) and goes on with everything after.
    pub fn tap_from(&self, from: Instant) -> MicTap {
        let (tx, rx) = mpsc::channel();
        let mut state = self.inner.lock();
        let channels = usize::from(self.inner.format.channels.max(1));
        let held = (state.history.len() / channels) as u64;
        let oldest = state.frames_end - held;
        let start = match state.drained_at {
            Some(anchor) => {
                let back = anchor.saturating_duration_since(from).as_secs_f64();
                let frames = (back * self.inner.frames_per_sec()).round() as u64;
                state.frames_end.saturating_sub(frames).max(oldest)
            }
            None => state.frames_end,
        };
        let skip = usize::try_from(start - oldest).unwrap_or(usize::MAX) * channels;
        let past: Vec<f32> = state.history.iter().skip(skip).copied().collect();
        // The instant of the tap's first sample, on the same anchor.
        let first_at = state.drained_at.map(|anchor| {
            let ahead = (state.frames_end - start) as f64 / self.inner.frames_per_sec();
            anchor
                .checked_sub(Duration::from_secs_f64(ahead))
                .unwrap_or(anchor)
        });
        if !past.is_empty() {
            let _ = tx.send(past);
        }
        state.taps.push(tx);
        let failure = state.failure.clone();
        drop(state);
        MicTap {
            inner: Arc::clone(&self.inner),
            rx,
            first_at,
            from,
            failure,
        }
    }
}

impl Drop for SessionMic {
    fn drop(&mut self) {
        self.inner.stop.store(true, Ordering::Release);
        if let Some(t) = self.thread.take() {
            if t.join().is_err() {
                tracing::error!("the session microphone's drain thread panicked");
            }
        }
    }
}

fn run(mut mic: MicStream, inner: &Inner) {
    let channels = usize::from(inner.format.channels.max(1));
    let keep = (HISTORY.as_secs_f64() * inner.frames_per_sec()) as usize * channels;
    let mut block = Vec::new();
    while !inner.stop.load(Ordering::Acquire) {
        block.clear();
        mic.read(&mut block);
        let failed = match mic.state() {
            SourceState::Failed(message) => Some(message),
            SourceState::Running => None,
        };
        if !block.is_empty() {
            inner.level.record(&block);
        }
        let mut state = inner.lock();
        if !block.is_empty() {
            state.history.extend(block.iter().copied());
            let excess = state.history.len().saturating_sub(keep);
            state.history.drain(..excess);
            state.frames_end += (block.len() / channels) as u64;
            state.drained_at = Some(Instant::now());
            // A take that ended dropped its receiver: forget it.
            state.taps.retain(|tap| tap.send(block.clone()).is_ok());
        }
        state.dropped = mic.dropped_samples();
        if let Some(message) = failed {
            state.failure.get_or_insert(message);
        }
        drop(state);
        thread::sleep(POLL);
    }
}

/// One take's view of a [`SessionMic`]: an [`AudioSource`] whose first sample is the one
/// captured at the instant it was taken from.
#[derive(Debug)]
pub struct MicTap {
    inner: Arc<Inner>,
    rx: mpsc::Receiver<Vec<f32>>,
    first_at: Option<Instant>,
    from: Instant,
    failure: Option<String>,
}

impl MicTap {
    /// The instant the tap was asked to start from: the take's clock starts there.
    pub fn from(&self) -> Instant {
        self.from
    }
}

impl AudioSource for MicTap {
    fn format(&self) -> AudioFormat {
        self.inner.format
    }

    fn read(&mut self, out: &mut Vec<f32>) -> usize {
        let before = out.len();
        while let Ok(block) = self.rx.try_recv() {
            out.extend_from_slice(&block);
        }
        out.len() - before
    }

    fn first_sample_at(&self) -> Option<Instant> {
        // Before the device delivered anything, the tap starts with its first sample, which
        // the mic's own clock dates.
        self.first_at.or_else(|| {
            let state = self.inner.lock();
            let anchor = state.drained_at?;
            let ahead = state.frames_end as f64 / self.inner.frames_per_sec();
            anchor.checked_sub(Duration::from_secs_f64(ahead))
        })
    }

    fn state(&mut self) -> SourceState {
        if self.failure.is_none() {
            self.failure = self.inner.lock().failure.clone();
        }
        match &self.failure {
            Some(message) => SourceState::Failed(message.clone()),
            None => SourceState::Running,
        }
    }

    fn level(&self) -> Level {
        self.inner.level.read()
    }

    fn dropped_samples(&self) -> u64 {
        self.inner.lock().dropped
    }
}
