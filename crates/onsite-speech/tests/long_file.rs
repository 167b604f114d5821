//! A ten-minute file is decoded, cut and transcribed without memory growing with its length.
//! Its own test binary, so the process's peak RSS is this test's alone.

mod common;

use std::process::Command;

use common::*;
use onsite_speech::eval::normalize_words;
use onsite_speech::utterance::Segmenter;
use onsite_speech::{transcribe_file, StreamConfig};

fn peak_rss_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").expect("/proc/self/status");
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|r| r.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .expect("VmHWM in /proc/self/status")
}

#[test]
fn ten_minutes_of_48k_stereo_stream_through_in_bounded_memory() {
    let dir = tempfile::tempdir().unwrap();
    // One minute: jfk, then 49 s of silence; repeated ten times, as 48 kHz stereo 16-bit (110 MB
    // on disk, 230 MB as f32 if it were decoded whole).
    let minute = dir.path().join("minute.wav");
    run(Command::new("sox")
        .arg(JFK_WAV)
        .args(["-r", "48000", "-c", "2"])
        .arg(&minute)
        .args(["pad", "0", "49"]));
    let long = dir.path().join("long.wav");
    let mut sox = Command::new("sox");
    for _ in 0..10 {
        sox.arg(&minute);
    }
    run(sox.arg(&long));

    // Warm up: the model's own buffers are allocated by the first decode.
    let (warm, _) = transcribe_file(model(), &minute, StreamConfig::batch()).unwrap();
    assert_eq!(normalize_words(&warm.text), normalize_words(&jfk_text()));
    let before = peak_rss_kib();

    let cfg = StreamConfig::batch();
    let bound = Segmenter::new(cfg.segmenter.clone()).buffer_bound(16_000);
    let (t, stats) = transcribe_file(model(), &long, cfg).unwrap();
    let after = peak_rss_kib();

    assert_eq!(t.duration_ms, 600_000);
    let jfk_words = normalize_words(&jfk_text()).len();
    let got = normalize_words(&t.text).len();
    assert!(got.abs_diff(10 * jfk_words) <= 5, "{got} words: {}", t.text);
    assert_timings_sane(&t);
    assert!(
        stats.peak_buffered_samples <= bound,
        "{} > {bound}",
        stats.peak_buffered_samples
    );
    let growth_mib = (after.saturating_sub(before)) as f64 / 1024.0;
    eprintln!("peak RSS {before} KiB -> {after} KiB (+{growth_mib:.1} MiB) for a 10-minute file");
    assert!(
        growth_mib < 20.0,
        "peak RSS grew by {growth_mib:.1} MiB on a 10-minute file"
    );
}
