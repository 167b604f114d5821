//! Helpers shared by the capture integration tests: real ALSA set-ups, a private PulseAudio
//! server, and ffprobe/ffmpeg to check what the recorder wrote.
// Each test binary uses a different part of this module.
#![allow(dead_code, unused_imports)]

use std::path::Path;
use std::process::Command;

pub use onsite_testkit::media::{ffprobe, Stream};
pub use onsite_testkit::{jfk_wav, Pulse};

pub fn read_wav_f32(path: &Path) -> (u32, Vec<f32>) {
    let mut reader = hound::WavReader::open(path).expect("open wav");
    let rate = reader.spec().sample_rate;
    let samples = reader
        .samples::<i16>()
        .map(|s| f32::from(s.expect("sample")) / 32768.0)
        .collect();
    (rate, samples)
}

/// Makes `home/.asoundrc` whose default capture device is the ALSA file plugin reading `raw`
/// (S16_LE, `rate`, mono) and points HOME at it. Call before anything touches ALSA.
pub fn alsa_file_mic(home: &Path, raw: &Path, rate: u32) {
    onsite_testkit::alsa::file_mic(home, raw, rate);
    std::env::set_var("HOME", home);
}

/// Decodes the whole file with ffmpeg; returns stderr (empty when it decodes cleanly).
pub fn decode_errors(path: &Path) -> String {
    let out = Command::new("ffmpeg")
        .args(["-v", "error", "-i"])
        .arg(path)
        .args(["-f", "null", "-"])
        .output()
        .expect("ffmpeg");
    assert!(
        out.status.success(),
        "ffmpeg failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// The file's audio decoded to mono f32 at `rate`.
pub fn decode_audio(path: &Path, rate: u32) -> Vec<f32> {
    let out = Command::new("ffmpeg")
        .args(["-v", "error", "-i"])
        .arg(path)
        .args([
            "-vn",
            "-ac",
            "1",
            "-ar",
            &rate.to_string(),
            "-f",
            "f32le",
            "-",
        ])
        .output()
        .expect("ffmpeg");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
        .chunks_exact(4)
        .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
        .collect()
}

/// (pts seconds, mean luma) of every video frame.
pub fn video_luma(path: &Path) -> Vec<(f64, f32)> {
    let probe = Command::new("ffprobe")
        .args([
            "-v",
            "error",
            "-select_streams",
            "v:0",
            "-show_entries",
            "frame=pts_time",
        ])
        .args(["-of", "csv=p=0"])
        .arg(path)
        .output()
        .expect("ffprobe");
    let times: Vec<f64> = String::from_utf8_lossy(&probe.stdout)
        .lines()
        .filter_map(|l| l.trim().trim_end_matches(',').parse().ok())
        .collect();
    let out = Command::new("ffmpeg")
        .args(["-v", "error", "-i"])
        .arg(path)
        .args([
            "-an",
            "-fps_mode",
            "passthrough",
            "-vf",
            "scale=16:16,format=gray",
        ])
        .args(["-f", "rawvideo", "-"])
        .output()
        .expect("ffmpeg");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let lumas: Vec<f32> = out
        .stdout
        .chunks_exact(256)
        .map(|f| f.iter().map(|&p| f32::from(p)).sum::<f32>() / 256.0)
        .collect();
    assert_eq!(times.len(), lumas.len(), "one timestamp per decoded frame");
    times.into_iter().zip(lumas).collect()
}

/// RMS per 10 ms window.
pub fn envelope(samples: &[f32], rate: u32) -> Vec<f32> {
    let win = (rate / 100) as usize;
    samples
        .chunks(win)
        .map(|c| (c.iter().map(|s| s * s).sum::<f32>() / c.len() as f32).sqrt())
        .collect()
}

/// Best normalized correlation of `b` against `a` over lags 0..max_lag windows, and the lag.
pub fn best_correlation(a: &[f32], b: &[f32], max_lag: usize) -> (f32, usize) {
    let mut best = (f32::MIN, 0);
    for lag in 0..max_lag.min(b.len()) {
        let n = a.len().min(b.len() - lag);
        if n < 100 {
            break;
        }
        let (x, y) = (&a[..n], &b[lag..lag + n]);
        let mx = x.iter().sum::<f32>() / n as f32;
        let my = y.iter().sum::<f32>() / n as f32;
        let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
        for (p, q) in x.iter().zip(y) {
            sxy += (p - mx) * (q - my);
            sxx += (p - mx) * (p - mx);
            syy += (q - my) * (q - my);
        }
        let r = sxy / (sxx.sqrt() * syy.sqrt()).max(1e-9);
        if r > best.0 {
            best = (r, lag);
        }
    }
    best
}
