//! The device check's microphone paths through real cpal and ALSA: the level monitor and the
//! "say something" clip, with the default capture device being ALSA's file plugin reading real
//! speech (jfk.wav). The null slave is not paced: the file arrives at once; after its end the
//! plugin keeps delivering its last period.

mod common;

use std::time::{Duration, Instant};

use onsite_capture::mic::MicChoice;
use onsite_capture::monitor::{record_clip, MicMonitor};

#[test]
fn monitor_meters_the_speech_and_the_clip_is_the_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (rate, mut speech) = common::read_wav_f32(&common::jfk_wav());
    // 3 s fit the microphone's ring buffer however late the worker drains it.
    speech.truncate(3 * rate as usize);
    let raw = dir.path().join("mic.raw");
    let bytes: Vec<u8> = speech
        .iter()
        .flat_map(|s| ((s * 32768.0) as i16).to_le_bytes())
        .collect();
    std::fs::write(&raw, bytes).expect("raw");
    common::alsa_file_mic(dir.path(), &raw, rate);

    // The clip: exactly the asked length, starting with the file's samples bit for bit.
    let mut windows = 0;
    let clip = record_clip(&MicChoice::Default, Duration::from_secs(4), |_| {
        windows += 1
    })
    .expect("record");
    assert_eq!(clip.samples.len(), 4 * 16_000);
    assert!(windows >= 39, "a level every 100 ms: {windows}");
    let max_err = speech
        .iter()
        .zip(&clip.samples)
        .map(|(a, b)| (a - b).abs())
        .fold(0.0f32, f32::max);
    assert!(max_err < 1e-4, "clip differs from the file by {max_err}");
    assert!(clip.level.peak_db() > -20.0);

    // The monitor: the speech burst shows on the meter, which then falls back.
    let monitor = MicMonitor::start(&MicChoice::Default).expect("open the ALSA file mic");
    let deadline = Instant::now() + Duration::from_secs(5);
    let mut loudest = f32::MIN;
    while Instant::now() < deadline && loudest < -20.0 {
        // As slowly as the app's meter reads: a burst between two readings still shows.
        std::thread::sleep(Duration::from_millis(100));
        loudest = loudest.max(monitor.level().peak_db());
    }
    assert!(loudest > -20.0, "speech peaks at {loudest} dBFS");
    // Past the end of its file the plugin repeats its last, quiet period (-40 dBFS here):
    // the meter must follow the sound down, not hold the loudest block.
    std::thread::sleep(Duration::from_millis(300));
    let _ = monitor.level();
    std::thread::sleep(Duration::from_millis(200));
    let after = monitor.level().peak_db();
    assert!(
        (-60.0..=-30.0).contains(&after),
        "the meter fell back to the quiet tail after the speech: {after} dBFS"
    );
    assert!(monitor.failure().is_none());
    monitor.stop();
}

#[test]
fn a_missing_microphone_is_a_clear_error() {
    let err = MicMonitor::start(&MicChoice::None).expect_err("no microphone");
    assert_eq!(err.code(), "no_microphone");
}
