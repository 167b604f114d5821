//! Measurements behind `onsite bench capture`: encoder speed, and the CPU, memory and disk a
//! real take costs. Figures are printed by the CLI, never asserted by timed tests.

use std::path::Path;
use std::time::{Duration, Instant};

use crate::camera::CameraChoice;
use crate::error::{CaptureError, Result};
use crate::recorder::{AudioChoice, RecordOptions, Recording};
use crate::video::frame::I420Frame;
use crate::video::h264::{H264Encoder, VideoSettings};
use crate::video::pattern;

#[derive(Debug, Clone, serde::Serialize)]
pub struct CaptureBench {
    pub width: u32,
    pub height: u32,
    /// Frames per second OpenH264 encodes on one thread (target: >= 60 at 1280x720).
    pub encode_fps: f64,
    pub take_seconds: f64,
    /// CPU cores the whole recording pipeline used (camera, mic, encode, mux).
    pub pipeline_cores: f64,
    pub rss_start_mb: f64,
    pub rss_end_mb: f64,
    pub rss_peak_mb: f64,
    pub bytes_per_minute: u64,
    /// Projected size of a 15-minute take (target: <= 250 MB).
    pub projected_15min_mb: f64,
    pub dropped_audio_samples: u64,
}

/// Encodes `frames` synthetic 720p frames, then records a `take` long take into `dir`.
pub fn run(dir: &Path, frames: u32, take: Duration) -> Result<CaptureBench> {
    let settings = VideoSettings::hd();
    let mut encoder = H264Encoder::new(settings)?;
    // Pre-drawn frames so only encoding is timed.
    let mut pictures = Vec::new();
    for i in 1..=30u64 {
        let mut f = I420Frame::black(settings.width, settings.height)?;
        pattern::draw(&mut f, i, 31);
        pictures.push(f);
    }
    let started = Instant::now();
    for i in 0..frames as usize {
        encoder.encode(&pictures[i % pictures.len()])?;
    }
    let encode_fps = f64::from(frames) / started.elapsed().as_secs_f64();

    let out = dir.join("bench-take.mp4");
    if out.exists() {
        std::fs::remove_file(&out).map_err(|e| CaptureError::io(&out, e))?;
    }
    let rss_start = rss_mb("VmRSS");
    let cpu_start = cpu_seconds();
    let wall = Instant::now();
    let rec = Recording::start(RecordOptions {
        out: out.clone(),
        camera: CameraChoice::Synthetic,
        audio: AudioChoice::Synthetic,
        video: settings,
        max_duration: Some(take),
        speech: None,
        preview: None,
    })?;
    while !rec.is_done() {
        std::thread::sleep(Duration::from_millis(50));
    }
    let summary = rec.stop()?;
    let wall = wall.elapsed().as_secs_f64();
    let cpu = cpu_seconds() - cpu_start;
    let bytes = std::fs::metadata(&out)
        .map_err(|e| CaptureError::io(&out, e))?
        .len();
    let minutes = take.as_secs_f64() / 60.0;
    let bytes_per_minute = (bytes as f64 / minutes) as u64;
    Ok(CaptureBench {
        width: settings.width,
        height: settings.height,
        encode_fps,
        take_seconds: take.as_secs_f64(),
        pipeline_cores: cpu / wall,
        rss_start_mb: rss_start,
        rss_end_mb: rss_mb("VmRSS"),
        rss_peak_mb: rss_mb("VmHWM"),
        bytes_per_minute,
        projected_15min_mb: bytes_per_minute as f64 * 15.0 / 1e6,
        dropped_audio_samples: summary.dropped_audio_samples,
    })
}

/// User + system CPU seconds of this process (Linux /proc; 0 elsewhere).
fn cpu_seconds() -> f64 {
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else {
        return 0.0;
    };
    // Fields after the ")" of the command name; utime and stime are fields 14 and 15.
    let Some(rest) = stat.rsplit_once(')').map(|(_, r)| r) else {
        return 0.0;
    };
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|v| v.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    // Clock ticks are 100 Hz on every Linux platform Onsite targets.
    (ticks(11) + ticks(12)) / 100.0
}

fn rss_mb(key: &str) -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with(key))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<f64>().ok())
        })
        .map_or(0.0, |kb| kb / 1024.0)
}
