//! What the live-session tests share: the real Whisper model (loaded once), a private
//! PulseAudio server whose null sink's monitor is the default microphone (so captured audio is
//! paced in real time, unlike ALSA's file plugin over a null slave), and the jfk.wav fixture.
// Each test binary uses a different part of this module.
#![allow(dead_code, unused_imports)]

use std::sync::{Arc, OnceLock};

use onsite_speech::Model;

pub use onsite_testkit::{jfk_wav, Pulse};

/// The repository's default model (installed by `make setup`), loaded once per test binary.
pub fn model() -> Arc<Model> {
    static MODEL: OnceLock<Arc<Model>> = OnceLock::new();
    MODEL
        .get_or_init(|| {
            Model::load_named(&onsite_testkit::default_model(), "tiny.en")
                .expect("the default model loads")
        })
        .clone()
}
