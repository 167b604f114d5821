//! Shared by the integration tests: the real model, real fixtures, real synthetic speech.
#![allow(dead_code, unused_imports)]

use std::path::PathBuf;
use std::process::Command;
use std::sync::{Arc, OnceLock};

use onsite_speech::{Model, Transcript};

pub use onsite_testkit::{JFK_TXT, JFK_WAV};

/// The default model's path (a missing model fails with what to run).
pub fn model_path() -> PathBuf {
    onsite_testkit::default_model()
}

/// The default model, loaded once per test binary. A missing model is a failure, not a skip.
pub fn model() -> Arc<Model> {
    static MODEL: OnceLock<Arc<Model>> = OnceLock::new();
    MODEL
        .get_or_init(|| Model::load(&model_path()).expect("the default model loads"))
        .clone()
}

pub fn jfk_text() -> String {
    std::fs::read_to_string(JFK_TXT).expect("jfk.txt fixture (../shared/fixtures)")
}

/// Runs a command that must succeed (sox, ffmpeg, espeak-ng are set up by `make setup`).
pub fn run(cmd: &mut Command) {
    let out = cmd
        .output()
        .unwrap_or_else(|e| panic!("cannot run {cmd:?}: {e} (run `make setup`)"));
    assert!(
        out.status.success(),
        "{cmd:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Word timings run forwards, never overlap, and lie inside the audio.
pub fn assert_timings_sane(t: &Transcript) {
    let mut prev_end = 0;
    let mut n = 0;
    for s in &t.segments {
        assert!(
            s.start_ms <= s.end_ms && s.end_ms <= t.duration_ms,
            "segment {s:?}"
        );
        for w in &s.words {
            assert!(
                w.start_ms >= prev_end,
                "word {w:?} starts before {prev_end}"
            );
            assert!(w.start_ms <= w.end_ms, "word {w:?} runs backwards");
            assert!(
                w.end_ms <= t.duration_ms,
                "word {w:?} past the end {}",
                t.duration_ms
            );
            assert!((0.0..=1.0).contains(&w.p));
            prev_end = w.end_ms;
            n += 1;
        }
    }
    assert!(n > 0, "no words at all");
    t.validate().expect("transcript invariants hold");
}
