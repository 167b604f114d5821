//! Listening to a microphone without recording: the device check's level meter, and the short
//! "say something" clip it transcribes.
//!
//! Both open the device at 16 kHz mono when it offers that (what speech recognition wants, and
//! what a virtual device reading a 16 kHz file must be opened at), else at its default format,
//! and drain its ring buffer on a worker thread, never on the audio callback.

use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use crate::audio::level::Level;
use crate::audio::resample::MonoResampler;
use crate::audio::{downmix_into, AudioFormat, SPEECH_RATE};
use crate::error::{CaptureError, Result};
use crate::mic::{MicChoice, MicStream};
use crate::source::{AudioSource, SourceState};

/// One meter reading covers this much audio (~10 readings a second for the UI).
pub const WINDOW: Duration = Duration::from_millis(100);
/// A device that delivers nothing for this long is treated as gone.
const STALL: Duration = Duration::from_secs(2);
/// How long a device that has just opened may take to deliver its first sound. PulseAudio
/// behind ALSA's pulse plugin was seen taking ~2 s on a loaded machine: a slow start, not a
/// missing device, so it must not fail the 5-second test before the user said anything.
const FIRST_SOUND: Duration = Duration::from_secs(6);
const POLL: Duration = Duration::from_millis(10);

/// When the device last delivered sound, and whether it has delivered any yet.
struct LastSound {
    at: Instant,
    heard: bool,
}

impl LastSound {
    fn new() -> Self {
        Self {
            at: Instant::now(),
            heard: false,
        }
    }

    fn heard(&mut self) {
        self.at = Instant::now();
        self.heard = true;
    }

    /// The limit that was passed, when the device has been silent for too long.
    fn silent_too_long(&self) -> Option<Duration> {
        let limit = if self.heard { STALL } else { FIRST_SOUND };
        (self.at.elapsed() > limit).then_some(limit)
    }
}

fn speech_format() -> AudioFormat {
    AudioFormat {
        sample_rate: SPEECH_RATE,
        channels: 1,
    }
}

/// Peak and RMS over a window of blocks (the mic's own meter only keeps the last block, which
/// can miss a short sound between two UI reads).
#[derive(Debug, Default)]
struct Window {
    peak: f32,
    sum_sq: f64,
    count: usize,
}

impl Window {
    fn add(&mut self, samples: &[f32]) {
        for &s in samples {
            self.peak = self.peak.max(s.abs());
            self.sum_sq += f64::from(s) * f64::from(s);
        }
        self.count += samples.len();
    }

    fn take(&mut self) -> Level {
        let rms = if self.count == 0 {
            0.0
        } else {
            (self.sum_sq / self.count as f64).sqrt() as f32
        };
        let level = Level {
            peak: self.peak.min(1.0),
            rms: rms.min(1.0),
        };
        *self = Self::default();
        level
    }
}

/// The loudest window since the last reading. A UI reading ~10 times a second then sees a
/// short sound even when the device delivered it between two readings (a virtual device can
/// hand over seconds at once), instead of only the last window. Non-negative f32 bits order
/// like the floats, so `fetch_max` on the bits is a lock-free float max.
#[derive(Debug, Default)]
struct LoudestSince {
    peak: AtomicU32,
    rms: AtomicU32,
}

impl LoudestSince {
    fn add(&self, level: Level) {
        self.peak
            .fetch_max(level.peak.clamp(0.0, 1.0).to_bits(), Ordering::AcqRel);
        self.rms
            .fetch_max(level.rms.clamp(0.0, 1.0).to_bits(), Ordering::AcqRel);
    }

    fn take(&self) -> Level {
        Level {
            peak: f32::from_bits(self.peak.swap(0, Ordering::AcqRel)),
            rms: f32::from_bits(self.rms.swap(0, Ordering::AcqRel)),
        }
    }
}

/// A microphone opened only to show its level. Stops when dropped.
#[derive(Debug)]
pub struct MicMonitor {
    meter: Arc<LoudestSince>,
    stop: Arc<AtomicBool>,
    failure: Arc<Mutex<Option<String>>>,
    thread: Option<thread::JoinHandle<()>>,
}

impl MicMonitor {
    pub fn start(choice: &MicChoice) -> Result<Self> {
        let mut mic = MicStream::open_with(choice, Some(speech_format()))?;
        let meter = Arc::new(LoudestSince::default());
        let stop = Arc::new(AtomicBool::new(false));
        let failure = Arc::new(Mutex::new(None));
        let (t_meter, t_stop, t_failure) =
            (Arc::clone(&meter), Arc::clone(&stop), Arc::clone(&failure));
        let thread = thread::Builder::new()
            .name("onsite-mic-monitor".into())
            .spawn(move || {
                let format = mic.format();
                let per_window = (WINDOW.as_secs_f64() * f64::from(format.sample_rate)) as usize;
                let (mut raw, mut mono) = (Vec::new(), Vec::new());
                let mut window = Window::default();
                let mut last_sound = LastSound::new();
                while !t_stop.load(Ordering::Acquire) {
                    raw.clear();
                    if mic.read(&mut raw) > 0 {
                        last_sound.heard();
                    }
                    let failed = match mic.state() {
                        SourceState::Failed(message) => Some(message),
                        SourceState::Running => last_sound.silent_too_long().map(|limit| {
                            format!("no sound from the device for {} s", limit.as_secs())
                        }),
                    };
                    if let Some(message) = failed {
                        tracing::warn!(%message, "microphone monitor ended");
                        if let Ok(mut slot) = t_failure.lock() {
                            *slot = Some(message);
                        }
                        break;
                    }
                    mono.clear();
                    downmix_into(&raw, format.channels, &mut mono);
                    for chunk in mono.chunks(per_window.max(1)) {
                        window.add(chunk);
                        if window.count >= per_window {
                            t_meter.add(window.take());
                        }
                    }
                    thread::sleep(POLL);
                }
                mic.stop();
            })
            .map_err(|e| CaptureError::MicrophoneOpen(format!("cannot start the monitor: {e}")))?;
        Ok(Self {
            meter,
            stop,
            failure,
            thread: Some(thread),
        })
    }

    /// The loudest complete 100 ms window since the previous call (silence if none came).
    /// Meant for one reader that asks at a steady rate, like a meter's refresh.
    pub fn level(&self) -> Level {
        self.meter.take()
    }

    /// Why the microphone stopped, if it failed (e.g. unplugged).
    pub fn failure(&self) -> Option<String> {
        self.failure.lock().ok().and_then(|s| s.clone())
    }

    pub fn stop(mut self) {
        self.halt();
    }

    fn halt(&mut self) {
        self.stop.store(true, Ordering::Release);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

impl Drop for MicMonitor {
    fn drop(&mut self) {
        self.halt();
    }
}

/// A short recording for the microphone test, at 16 kHz mono.
#[derive(Debug, Clone)]
pub struct SpeechClip {
    pub samples: Vec<f32>,
    /// Loudest sample and overall RMS, linear 0..=1.
    pub level: Level,
}

/// Records `duration` of audio (counted in samples, so a device that delivers faster than
/// real time still gives exactly `duration`) from `choice`. `on_level` is called with each
/// 100 ms window's level, for a meter during the test. Blocks for about `duration`.
pub fn record_clip(
    choice: &MicChoice,
    duration: Duration,
    mut on_level: impl FnMut(Level),
) -> Result<SpeechClip> {
    let mut mic = MicStream::open_with(choice, Some(speech_format()))?;
    let format = mic.format();
    let mut resampler = MonoResampler::new(format.sample_rate, SPEECH_RATE)?;
    let wanted = (duration.as_secs_f64() * f64::from(SPEECH_RATE)).round() as usize;
    let per_window = (WINDOW.as_secs_f64() * f64::from(SPEECH_RATE)) as usize;
    let mut samples = Vec::with_capacity(wanted + per_window);
    let (mut raw, mut mono) = (Vec::new(), Vec::new());
    let mut window = Window::default();
    let mut overall = Window::default();
    let mut metered = 0usize;
    let mut last_sound = LastSound::new();
    while samples.len() < wanted {
        raw.clear();
        if mic.read(&mut raw) > 0 {
            last_sound.heard();
        } else {
            if let SourceState::Failed(message) = mic.state() {
                return Err(CaptureError::MicrophoneFailed(message));
            }
            if let Some(limit) = last_sound.silent_too_long() {
                return Err(CaptureError::MicrophoneFailed(format!(
                    "no sound from the device for {} s: check it is connected",
                    limit.as_secs()
                )));
            }
            thread::sleep(POLL);
            continue;
        }
        mono.clear();
        downmix_into(&raw, format.channels, &mut mono);
        resampler.process(&mono, &mut samples)?;
        for chunk in samples[metered..].chunks(per_window) {
            window.add(chunk);
            overall.add(chunk);
            if window.count >= per_window {
                on_level(window.take());
            }
        }
        metered = samples.len();
    }
    mic.stop();
    samples.truncate(wanted);
    Ok(SpeechClip {
        samples,
        level: overall.take(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_window_keeps_the_loudest_sample_and_the_rms_of_all() {
        let mut w = Window::default();
        w.add(&[0.0, 0.5]);
        w.add(&[-0.5, 0.0]);
        let level = w.take();
        assert!((level.peak - 0.5).abs() < 1e-6);
        assert!((level.rms - (0.125f32).sqrt()).abs() < 1e-6);
        assert_eq!(w.take().peak, 0.0, "taking resets the window");
    }
}
