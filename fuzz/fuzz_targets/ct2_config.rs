//! The `config.json` checks of `onsite models import-ct2` (a JSON object describing a Whisper
//! model of the converted dimensions): any bytes are accepted or give a `ModelError`; never a
//! panic.
#![no_main]

use std::io::Write;

use libfuzzer_sys::fuzz_target;
use onsite_models::convert::check_config;
use onsite_models::Hparams;

/// tiny.en, the default model: its config.json is the seed.
const TINY_EN: Hparams = Hparams {
    n_vocab: 51864,
    n_audio_ctx: 1500,
    n_audio_state: 384,
    n_audio_head: 6,
    n_audio_layer: 4,
    n_text_ctx: 448,
    n_text_state: 384,
    n_text_head: 6,
    n_text_layer: 4,
    n_mels: 80,
    ftype: 1,
};

fuzz_target!(|data: &[u8]| {
    let mut f = tempfile::Builder::new()
        .suffix("config.json")
        .tempfile()
        .expect("temp file");
    f.write_all(data).expect("write");
    let _ = check_config(f.path(), &TINY_EN);
});
