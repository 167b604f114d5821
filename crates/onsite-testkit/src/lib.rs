//! Test-only helpers shared by the engine crates' integration tests and the end-to-end tests.
//!
//! Boundaries: a dev-dependency only, never linked into a shipped binary. It holds the real
//! test sources the tests drive the production code paths with (a private PulseAudio server as
//! the microphone, the shared speech fixture, a store seeded with the real rubric's results);
//! no mocks. Helpers panic with a message when the
//! machine lacks what they need: in a test, that is the test failing and saying why.

pub mod pulse;
pub mod seed;

pub use pulse::Pulse;

use std::path::{Path, PathBuf};
use std::process::Command;

/// jfk.wav: 11 s of real speech, 16 kHz mono 16-bit ("… ask not what your country can do for
/// you …"), from `../shared/fixtures` beside the repository.
pub fn jfk_wav() -> PathBuf {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/fixtures/jfk.wav");
    assert!(p.exists(), "fixture missing: {}", p.display());
    p
}

/// The default Whisper model (tiny.en, ggml) that `make setup` puts in the repository's
/// `models/`: the one real model the tests transcribe with.
pub fn default_model() -> PathBuf {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../models/ggml-tiny.en.bin");
    assert!(
        p.is_file(),
        "the Whisper model {} is missing: run `make setup` (or `models/fetch-default`) first",
        p.display()
    );
    p
}

/// The `onsite` command line at `bin` (the CLI's own tests pass `env!("CARGO_BIN_EXE_onsite")`,
/// the end-to-end tests the built one) with `data` as its data folder, and none taken from the
/// environment the tests run in.
pub fn onsite(bin: impl AsRef<Path>, data: &Path) -> Command {
    let mut c = Command::new(bin.as_ref());
    c.arg("--data-dir").arg(data).env_remove("ONSITE_DATA_DIR");
    c
}
