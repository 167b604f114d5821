//! The real default model: the PyPI package's CTranslate2 tiny.en, converted here, must be
//! byte-identical to what the manifest records and must transcribe real speech word for word
//! in whisper.cpp (through whisper-rs, the same binding the speech crate uses).
//!
//! Needs `models/fetch-default` to have run (`make test` runs it through `scripts/setup`);
//! the unpacked package stays in `models/cache/`.

mod common;

use std::path::{Path, PathBuf};

use common::{ct2_dir, manifest, repo};
use onsite_models::{ggml, import_ct2, Ct2Files};
use whisper_rs::{FullParams, SamplingStrategy, WhisperContext, WhisperContextParameters};

fn convert_default(out_dir: &Path) -> PathBuf {
    let out = out_dir.join(manifest("file"));
    let files = Ct2Files::locate(&ct2_dir(), &[]).expect("the package has a CT2 model");
    let report = import_ct2(&files, &out).expect("the default package converts");
    assert_eq!(
        report.sha256,
        manifest("ggml_sha256"),
        "conversion is deterministic"
    );
    out
}

#[test]
fn default_package_converts_to_the_recorded_file() {
    let tmp = tempfile::tempdir().unwrap();
    let out = convert_default(tmp.path());
    let info = ggml::validate(&out).unwrap();
    assert_eq!(info.hparams.size_name(), Some("tiny"));
    assert!(!info.hparams.is_multilingual());
    assert_eq!(info.hparams.n_vocab, 51864);
    assert_eq!(
        (info.hparams.n_audio_head, info.hparams.n_text_head),
        (6, 6)
    );
    assert_eq!(info.n_vocab_tokens, 50256);
    assert_eq!(info.n_tensors, 167);
}

fn words(text: &str) -> Vec<String> {
    text.to_lowercase()
        .split_whitespace()
        .map(|w| {
            w.chars()
                .filter(|c| c.is_alphanumeric() || *c == '\'')
                .collect::<String>()
        })
        .filter(|w| !w.is_empty())
        .collect()
}

#[test]
fn whisper_cpp_transcribes_jfk_word_for_word() {
    let tmp = tempfile::tempdir().unwrap();
    let model = convert_default(tmp.path());
    let fixtures = repo().join("../shared/fixtures");
    let mut wav = hound::WavReader::open(fixtures.join("jfk.wav")).unwrap();
    let spec = wav.spec();
    assert_eq!(
        (spec.sample_rate, spec.channels, spec.bits_per_sample),
        (16_000, 1, 16)
    );
    let samples: Vec<f32> = wav
        .samples::<i16>()
        .map(|s| f32::from(s.unwrap()) / 32768.0)
        .collect();

    whisper_rs::install_logging_hooks();
    let mut params = WhisperContextParameters::default();
    params.use_gpu(false);
    let ctx = WhisperContext::new_with_params(model.to_str().unwrap(), params).unwrap();
    assert!(!ctx.is_multilingual());
    let mut state = ctx.create_state().unwrap();
    let mut p = FullParams::new(SamplingStrategy::Greedy { best_of: 1 });
    p.set_n_threads(2);
    p.set_language(Some("en"));
    p.set_print_progress(false);
    p.set_print_realtime(false);
    p.set_print_special(false);
    p.set_print_timestamps(false);
    state.full(p, &samples).unwrap();
    let text: String = state
        .as_iter()
        .map(|s| s.to_str_lossy().unwrap().into_owned())
        .collect();

    let expected = std::fs::read_to_string(fixtures.join("jfk.txt")).unwrap();
    assert_eq!(words(&text), words(&expected), "transcript: {text:?}");
}
