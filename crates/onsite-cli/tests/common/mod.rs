//! What the CLI tests share: the `onsite` binary with a private data folder, and the checks on
//! its output.

#![allow(dead_code, unused_imports)] // each test binary uses its own subset

use std::path::Path;
use std::process::Output;

use onsite_testkit::Onsite;

pub use onsite_testkit::{repo_root as repo, JFK_WAV};

/// The real `onsite` binary, with `data` as its data folder and nothing from the environment.
pub fn onsite(data: &Path) -> Onsite {
    onsite_testkit::onsite(env!("CARGO_BIN_EXE_onsite"), data)
}

/// The real `onsite` binary with no data folder given (the test gives one its own way, or
/// needs none).
pub fn onsite_without_data_dir() -> Onsite {
    Onsite::new(env!("CARGO_BIN_EXE_onsite"))
}

/// Asserts success and parses stdout as JSON.
pub fn ok(out: &Output) -> serde_json::Value {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON on stdout")
}

/// Asserts failure and returns stderr.
pub fn fail(out: &Output) -> String {
    assert!(
        !out.status.success(),
        "expected failure, got {}",
        String::from_utf8_lossy(&out.stdout)
    );
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Runs `onsite ARGS` with `data` as its data folder and the model search path kept to that
/// folder and the repository's models/ (no `ONSITE_MODELS_DIR`); returns success, stdout and
/// stderr.
pub fn onsite_models(data: &Path, args: &[&str]) -> (bool, String, String) {
    let out = onsite(data)
        .args(args)
        .env_remove("ONSITE_MODELS_DIR")
        .output()
        .expect("the onsite binary runs");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}
