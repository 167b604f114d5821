//! The session microphone through real cpal → ALSA → a private PulseAudio null sink (paced in
//! real time): a tap taken after a sound was made still starts with it, from the instant asked,
//! and a tap from "now" does not.

mod common;

use std::process::Command;
use std::time::{Duration, Instant};

use onsite_capture::mic::MicChoice;
use onsite_capture::session_mic::{SessionMic, HISTORY};
use onsite_capture::source::AudioSource;

fn loud_from(samples: &[f32], channels: usize) -> Option<usize> {
    samples
        .iter()
        .position(|s| s.abs() > 0.2)
        .map(|i| i / channels)
}

#[test]
fn a_tap_starts_with_the_sound_from_the_instant_asked_even_after_it_was_made() {
    let home = tempfile::tempdir().expect("home");
    let pulse = common::Pulse::start_for_this_process(home.path());
    let tone = home.path().join("tone.wav");
    let ok = Command::new("sox")
        .args(["-n", "-r", "48000", "-c", "1", "-b", "16"])
        .arg(&tone)
        .args(["synth", "0.4", "sine", "1000", "vol", "0.6"])
        .status()
        .expect("sox is installed (scripts/setup)")
        .success();
    assert!(ok, "sox synth");

    let mic = SessionMic::open(&MicChoice::Default).expect("open the microphone");
    // Some back ends take a while to deliver the first samples (~2 s through ALSA's pulse
    // plugin here): the reason the session opens the device before the first answer.
    let opened = Instant::now();
    let mut probe = mic.tap_from(opened);
    let mut heard = Vec::new();
    while probe.read(&mut heard) == 0 {
        assert!(
            opened.elapsed() < Duration::from_secs(10),
            "no sound from the microphone"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    eprintln!("first samples {:?} after opening", opened.elapsed());
    std::thread::sleep(Duration::from_millis(300));
    let before = Instant::now();
    let mut player = pulse.play(&tone);
    // The tone has been heard by now (paplay itself exits only once its stream drained).
    std::thread::sleep(Duration::from_millis(1_200));
    assert!(
        before.elapsed() < HISTORY,
        "the history reaches back to `before`"
    );

    // Taken after the tone ended, from before it began.
    let mut tap = mic.tap_from(before);
    let first = tap
        .first_sample_at()
        .expect("the tap's first sample is dated");
    let off = if first > before {
        first - before
    } else {
        before - first
    };
    assert!(
        off < Duration::from_millis(30),
        "the tap starts {off:?} away from the instant asked"
    );
    let channels = usize::from(tap.format().channels);
    let rate = f64::from(tap.format().sample_rate);
    let mut got = Vec::new();
    tap.read(&mut got);
    let at = loud_from(&got, channels).expect("the tone is in the tap") as f64 / rate;
    eprintln!(
        "tone heard {at:.3} s into the tap ({:.3} s of history delivered)",
        got.len() as f64 / channels as f64 / rate
    );
    // paplay and the server take a moment to start; the tone cannot come before it was played.
    assert!(at < 0.8, "tone at {at:.3} s");
    assert!(player.wait().expect("paplay").success());

    // More arrives after the history, with nothing lost in between.
    std::thread::sleep(Duration::from_millis(200));
    let held = got.len();
    tap.read(&mut got);
    assert!(got.len() > held, "the tap goes on after its history");

    // A tap from now starts after the tone: silence.
    let mut later = mic.tap_from(Instant::now());
    std::thread::sleep(Duration::from_millis(200));
    let mut quiet = Vec::new();
    later.read(&mut quiet);
    assert!(!quiet.is_empty(), "the later tap receives sound");
    assert_eq!(loud_from(&quiet, channels), None, "no tone after it ended");
    assert!(mic.failure().is_none());
    drop(mic);
    drop(pulse);
}
