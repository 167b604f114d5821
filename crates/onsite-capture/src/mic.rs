//! Microphones: listing them, and streaming one through cpal into a preallocated ring buffer.
//!
//! The cpal data callback only converts samples to f32, pushes them into an `rtrb` ring buffer
//! and updates the lock-free level meter: no allocation, lock or I/O on the audio thread. A
//! worker (the recorder) drains the ring buffer. The cpal stream lives on its own owner thread
//! because cpal streams are not `Send` on every platform.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc;
use std::sync::Arc;
use std::thread;
use std::time::{Duration, Instant};

use cpal::traits::{DeviceTrait, HostTrait, StreamTrait};

use crate::audio::level::LevelMeter;
use crate::audio::AudioFormat;
use crate::error::{CaptureError, Result};
use crate::source::{AudioSource, SourceState};

/// Ring buffer size in seconds: the worker may stall this long before samples are dropped.
const RING_SECONDS: usize = 4;

/// One input device as `onsite devices` shows it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct MicInfo {
    pub name: String,
    pub id: String,
    pub is_default: bool,
    pub sample_rate: u32,
    pub channels: u16,
}

/// Which microphone a take uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MicChoice {
    None,
    Default,
    /// A device name (or id) as listed; falls back to the default when it is gone.
    Named(String),
}

impl std::str::FromStr for MicChoice {
    type Err = std::convert::Infallible;
    fn from_str(s: &str) -> std::result::Result<Self, Self::Err> {
        Ok(match s {
            "none" => Self::None,
            "default" => Self::Default,
            other => Self::Named(other.to_owned()),
        })
    }
}

/// Lists the input devices of the default host. No devices is an empty list, not an error.
pub fn list_microphones() -> Result<Vec<MicInfo>> {
    let host = cpal::default_host();
    let default_id = host
        .default_input_device()
        .and_then(|d| d.id().ok())
        .map(|id| id.to_string());
    let devices = host
        .input_devices()
        .map_err(|e| CaptureError::MicrophoneOpen(e.to_string()))?;
    let mut out = Vec::new();
    for device in devices {
        let Ok(config) = device.default_input_config() else {
            continue;
        };
        let id = device.id().map(|i| i.to_string()).unwrap_or_default();
        let name = device
            .description()
            .map(|d| d.name().to_owned())
            .unwrap_or_else(|_| id.clone());
        out.push(MicInfo {
            is_default: default_id.as_deref() == Some(id.as_str()),
            name,
            id,
            sample_rate: config.sample_rate(),
            channels: config.channels(),
        });
    }
    Ok(out)
}

fn find_device(choice: &MicChoice) -> Result<cpal::Device> {
    let host = cpal::default_host();
    if let MicChoice::Named(wanted) = choice {
        if let Ok(devices) = host.input_devices() {
            for device in devices {
                let id = device.id().map(|i| i.to_string()).unwrap_or_default();
                let name = device.description().map(|d| d.name().to_owned());
                if id == *wanted || name.as_deref().ok() == Some(wanted.as_str()) {
                    return Ok(device);
                }
            }
        }
        tracing::warn!(wanted = %wanted, "chosen microphone is gone; using the default");
    }
    host.default_input_device()
        .ok_or(CaptureError::NoMicrophone)
}

/// State shared between the callback, the owner thread and the consumer.
#[derive(Debug, Default)]
struct Shared {
    level: LevelMeter,
    /// Nanoseconds after `origin` at which the first sample was captured (0 = not yet).
    first_sample_ns: AtomicU64,
    frames: AtomicU64,
    dropped: AtomicU64,
    failed: AtomicBool,
    stop: AtomicBool,
}

/// A live microphone stream. Drop or [`MicStream::stop`] ends it.
#[derive(Debug)]
pub struct MicStream {
    consumer: rtrb::Consumer<f32>,
    format: AudioFormat,
    shared: Arc<Shared>,
    origin: Instant,
    errors: mpsc::Receiver<String>,
    failure: Option<String>,
    owner: Option<thread::JoinHandle<()>>,
}

impl MicStream {
    /// Opens the chosen microphone with its default configuration and starts it.
    pub fn open(choice: &MicChoice) -> Result<Self> {
        Self::open_with(choice, None)
    }

    /// Like [`MicStream::open`], but opens `prefer` (rate and channels, 16-bit if offered)
    /// when the device supports it. Virtual devices need this: an ALSA `file` plugin must be
    /// read in exactly the format of its file.
    pub fn open_with(choice: &MicChoice, prefer: Option<AudioFormat>) -> Result<Self> {
        if *choice == MicChoice::None {
            return Err(CaptureError::NoMicrophone);
        }
        let device = find_device(choice)?;
        let preferred = prefer.and_then(|want| {
            let ranges: Vec<_> = device.supported_input_configs().ok()?.collect();
            let fits = |r: &&cpal::SupportedStreamConfigRange| {
                r.channels() == want.channels && r.contains_rate(want.sample_rate)
            };
            let range = ranges
                .iter()
                .filter(fits)
                .find(|r| r.sample_format() == cpal::SampleFormat::I16)
                .or_else(|| ranges.iter().find(fits))?;
            (*range).try_with_sample_rate(want.sample_rate)
        });
        let supported = match preferred {
            Some(config) => config,
            None => device
                .default_input_config()
                .map_err(|e| CaptureError::MicrophoneOpen(e.to_string()))?,
        };
        let format = AudioFormat {
            sample_rate: supported.sample_rate(),
            channels: supported.channels(),
        };
        let capacity = format.sample_rate as usize * usize::from(format.channels) * RING_SECONDS;
        let (producer, consumer) = rtrb::RingBuffer::<f32>::new(capacity);
        let shared = Arc::new(Shared::default());
        let origin = Instant::now();
        let (err_tx, err_rx) = mpsc::sync_channel::<String>(8);
        let (ready_tx, ready_rx) = mpsc::sync_channel::<Result<()>>(1);

        let thread_shared = Arc::clone(&shared);
        let owner = thread::Builder::new()
            .name("onsite-mic".into())
            .spawn(move || {
                let stream = build_stream(
                    &device,
                    &supported,
                    producer,
                    Arc::clone(&thread_shared),
                    origin,
                    err_tx,
                );
                let stream = match stream.and_then(|s| {
                    s.play()
                        .map_err(|e| CaptureError::MicrophoneOpen(e.to_string()))?;
                    Ok(s)
                }) {
                    Ok(s) => {
                        let _ = ready_tx.send(Ok(()));
                        s
                    }
                    Err(e) => {
                        let _ = ready_tx.send(Err(e));
                        return;
                    }
                };
                while !thread_shared.stop.load(Ordering::Acquire) {
                    thread::park_timeout(Duration::from_millis(50));
                }
                drop(stream);
            })
            .map_err(|e| CaptureError::MicrophoneOpen(e.to_string()))?;
        match ready_rx.recv() {
            Ok(Ok(())) => {}
            Ok(Err(e)) => {
                let _ = owner.join();
                return Err(e);
            }
            Err(_) => {
                let _ = owner.join();
                return Err(CaptureError::MicrophoneOpen(
                    "the audio thread ended before the stream started".into(),
                ));
            }
        }
        Ok(Self {
            consumer,
            format,
            shared,
            origin,
            errors: err_rx,
            failure: None,
            owner: Some(owner),
        })
    }

    /// The meter the UI polls.
    pub fn level(&self) -> crate::audio::level::Level {
        self.shared.level.read()
    }

    /// Frames the worker did not drain in time (should stay 0).
    pub fn dropped_samples(&self) -> u64 {
        self.shared.dropped.load(Ordering::Relaxed)
    }

    /// Stops the device and waits (briefly) for its thread.
    pub fn stop(&mut self) {
        self.shared.stop.store(true, Ordering::Release);
        if let Some(owner) = self.owner.take() {
            owner.thread().unpark();
            // Closing a stream whose device vanished can block forever inside the driver
            // (seen with ALSA's pulse plugin after the server died). Never let that hang the
            // take: wait a moment, then leave the stuck thread behind.
            let deadline = Instant::now() + Duration::from_secs(1);
            while !owner.is_finished() && Instant::now() < deadline {
                thread::sleep(Duration::from_millis(10));
            }
            if owner.is_finished() {
                let _ = owner.join();
            } else {
                tracing::warn!("the microphone's audio thread did not stop; leaving it behind");
            }
        }
    }
}

impl Drop for MicStream {
    fn drop(&mut self) {
        self.stop();
    }
}

impl AudioSource for MicStream {
    fn format(&self) -> AudioFormat {
        self.format
    }

    fn read(&mut self, out: &mut Vec<f32>) -> usize {
        let n = self.consumer.slots();
        if n == 0 {
            return 0;
        }
        if let Ok(chunk) = self.consumer.read_chunk(n) {
            let (a, b) = chunk.as_slices();
            out.extend_from_slice(a);
            out.extend_from_slice(b);
            chunk.commit_all();
        }
        n
    }

    fn first_sample_at(&self) -> Option<Instant> {
        match self.shared.first_sample_ns.load(Ordering::Acquire) {
            0 => None,
            ns => Some(self.origin + Duration::from_nanos(ns)),
        }
    }

    fn state(&mut self) -> SourceState {
        if let Ok(message) = self.errors.try_recv() {
            self.failure = Some(message);
        }
        match &self.failure {
            Some(message) if self.shared.failed.load(Ordering::Acquire) => {
                SourceState::Failed(message.clone())
            }
            _ => SourceState::Running,
        }
    }

    fn level(&self) -> crate::audio::level::Level {
        MicStream::level(self)
    }

    fn dropped_samples(&self) -> u64 {
        MicStream::dropped_samples(self)
    }
}

fn build_stream(
    device: &cpal::Device,
    supported: &cpal::SupportedStreamConfig,
    producer: rtrb::Producer<f32>,
    shared: Arc<Shared>,
    origin: Instant,
    errors: mpsc::SyncSender<String>,
) -> Result<cpal::Stream> {
    let config = supported.config();
    let channels = config.channels;
    let rate = config.sample_rate;
    let err_shared = Arc::clone(&shared);
    let on_error = move |e: cpal::Error| {
        // Xruns are recoverable; anything else (unplugged, invalidated) ends the take.
        if e.kind() == cpal::ErrorKind::Xrun {
            tracing::warn!("microphone overrun");
            return;
        }
        err_shared.failed.store(true, Ordering::Release);
        let _ = errors.try_send(e.to_string());
    };
    macro_rules! build {
        ($t:ty) => {
            device.build_input_stream::<$t, _, _>(
                config,
                callback::<$t>(producer, shared, origin, channels, rate),
                on_error,
                None,
            )
        };
    }
    let stream = match supported.sample_format() {
        cpal::SampleFormat::F32 => build!(f32),
        cpal::SampleFormat::I16 => build!(i16),
        cpal::SampleFormat::I32 => build!(i32),
        cpal::SampleFormat::U16 => build!(u16),
        cpal::SampleFormat::U8 => build!(u8),
        cpal::SampleFormat::I8 => build!(i8),
        cpal::SampleFormat::F64 => build!(f64),
        other => {
            return Err(CaptureError::MicrophoneOpen(format!(
                "unsupported sample format {other:?}"
            )))
        }
    };
    stream.map_err(|e| CaptureError::MicrophoneOpen(e.to_string()))
}

/// The real-time callback: convert, push, meter. Nothing here allocates, locks or does I/O.
fn callback<T>(
    mut producer: rtrb::Producer<f32>,
    shared: Arc<Shared>,
    origin: Instant,
    channels: u16,
    rate: u32,
) -> impl FnMut(&[T], &cpal::InputCallbackInfo) + Send + 'static
where
    T: cpal::SizedSample,
    f32: cpal::FromSample<T>,
{
    // A fixed scratch block so metering never allocates; longer callbacks are metered in parts.
    let mut scratch = [0f32; 1024];
    move |data: &[T], _info| {
        if shared.first_sample_ns.load(Ordering::Relaxed) == 0 {
            // The block was captured over the time it covers, so its first sample is that old.
            let frames = data.len() / usize::from(channels.max(1));
            let age = Duration::from_secs_f64(frames as f64 / f64::from(rate.max(1)));
            let at = Instant::now().saturating_duration_since(origin + age);
            let at = at.as_nanos().max(1) as u64;
            shared.first_sample_ns.store(at, Ordering::Release);
        }
        for block in data.chunks(scratch.len()) {
            let scratch = &mut scratch[..block.len()];
            for (dst, &src) in scratch.iter_mut().zip(block) {
                *dst = <f32 as cpal::FromSample<T>>::from_sample_(src);
            }
            shared.level.record(scratch);
            let writable = producer.slots().min(scratch.len());
            if let Ok(mut chunk) = producer.write_chunk(writable) {
                let (a, b) = chunk.as_mut_slices();
                let split = a.len();
                a.copy_from_slice(&scratch[..split]);
                b.copy_from_slice(&scratch[split..writable]);
                chunk.commit_all();
            }
            let lost = scratch.len() - writable;
            if lost > 0 {
                shared.dropped.fetch_add(lost as u64, Ordering::Relaxed);
            }
        }
        shared.frames.fetch_add(
            (data.len() / usize::from(channels.max(1))) as u64,
            Ordering::Relaxed,
        );
    }
}
