//! The hardware traits the recorder works against, each with a real and a test implementation.
//!
//! Audio: [`crate::mic::MicStream`] (cpal; tested through real ALSA) and [`SyntheticMic`] (a
//! beep every second on the recorder's clock, for measuring A/V sync). Video:
//! [`crate::camera::DeviceCamera`] (nokhwa) and [`crate::camera::SyntheticCamera`].

use std::time::Instant;

use crate::audio::level::Level;
use crate::audio::AudioFormat;
use crate::error::Result;
use crate::video::frame::I420Frame;

/// Whether an audio source is still delivering.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SourceState {
    Running,
    /// The device failed (e.g. unplugged); what was captured so far is kept.
    Failed(String),
}

/// A stream of interleaved f32 samples.
pub trait AudioSource: Send {
    fn format(&self) -> AudioFormat;
    /// Moves every sample available now into `out`; returns how many. Never blocks.
    fn read(&mut self, out: &mut Vec<f32>) -> usize;
    /// When the first sample was captured, on the monotonic clock.
    fn first_sample_at(&self) -> Option<Instant>;
    fn state(&mut self) -> SourceState;
    fn level(&self) -> Level;
    /// Samples lost because the consumer fell behind (should stay 0).
    fn dropped_samples(&self) -> u64 {
        0
    }
}

/// One captured picture and when it was taken.
#[derive(Debug, Clone)]
pub struct CapturedFrame {
    pub frame: I420Frame,
    pub captured_at: Instant,
}

/// A camera: blocks until the next frame.
pub trait VideoSource {
    fn width(&self) -> u32;
    fn height(&self) -> u32;
    fn fps(&self) -> u32;
    fn next_frame(&mut self) -> Result<CapturedFrame>;
}

/// A test microphone: 48 kHz mono, silent except a 1 kHz beep for the first 100 ms of every
/// second counted from `epoch`, delivered in real time in 10 ms blocks from its own thread.
#[derive(Debug)]
pub struct SyntheticMic {
    consumer: rtrb::Consumer<f32>,
    meter: std::sync::Arc<crate::audio::level::LevelMeter>,
    epoch: Instant,
    stop: std::sync::Arc<std::sync::atomic::AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl SyntheticMic {
    pub const RATE: u32 = 48_000;

    pub fn start(epoch: Instant) -> Self {
        use std::sync::atomic::{AtomicBool, Ordering};
        use std::sync::Arc;
        let (mut producer, consumer) = rtrb::RingBuffer::<f32>::new(Self::RATE as usize * 4);
        let stop = Arc::new(AtomicBool::new(false));
        let meter = Arc::new(crate::audio::level::LevelMeter::new());
        let (t_stop, t_meter) = (Arc::clone(&stop), Arc::clone(&meter));
        let block = Self::RATE as usize / 100;
        let thread = std::thread::spawn(move || {
            let mut n: u64 = 0;
            let mut buf = vec![0f32; block];
            while !t_stop.load(Ordering::Acquire) {
                let due = epoch
                    + std::time::Duration::from_secs_f64((n + block as u64) as f64 / 48_000.0);
                if let Some(wait) = due.checked_duration_since(Instant::now()) {
                    std::thread::sleep(wait);
                }
                for (i, s) in buf.iter_mut().enumerate() {
                    let t = n + i as u64;
                    let in_second = t % u64::from(Self::RATE);
                    *s = if in_second < u64::from(Self::RATE) / 10 {
                        (2.0 * std::f32::consts::PI * 1000.0 * t as f32 / 48_000.0).sin() * 0.5
                    } else {
                        0.0
                    };
                }
                t_meter.record(&buf);
                for &s in &buf {
                    let _ = producer.push(s);
                }
                n += block as u64;
            }
        });
        Self {
            consumer,
            meter,
            epoch,
            stop,
            thread: Some(thread),
        }
    }
}

impl Drop for SyntheticMic {
    fn drop(&mut self) {
        self.stop.store(true, std::sync::atomic::Ordering::Release);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

impl AudioSource for SyntheticMic {
    fn format(&self) -> AudioFormat {
        AudioFormat {
            sample_rate: Self::RATE,
            channels: 1,
        }
    }

    fn read(&mut self, out: &mut Vec<f32>) -> usize {
        let n = self.consumer.slots();
        if let Ok(chunk) = self.consumer.read_chunk(n) {
            let (a, b) = chunk.as_slices();
            out.extend_from_slice(a);
            out.extend_from_slice(b);
            chunk.commit_all();
        }
        n
    }

    fn first_sample_at(&self) -> Option<Instant> {
        Some(self.epoch)
    }

    fn state(&mut self) -> SourceState {
        SourceState::Running
    }

    fn level(&self) -> Level {
        self.meter.read()
    }
}
