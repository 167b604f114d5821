//! Spoken answers a test writes on the spot with espeak-ng: the words are the test's own, so
//! what Whisper should hear is known, and the audio is real speech through the real decoding
//! path rather than a recording checked into the repository.

use std::path::{Path, PathBuf};
use std::process::Command;

/// `text` spoken by espeak-ng into the WAV file `dir/name` at 150 words a minute (slower than
/// espeak's 175, nearer an interview's pace and easier for tiny.en to hear); returns its path.
pub fn espeak(dir: &Path, name: &str, text: &str) -> PathBuf {
    espeak_with(dir, name, &["-s", "150"], text)
}

/// `text` spoken by espeak-ng with its own `options` (voice, speed, gap between words; none
/// gives espeak's defaults) into the WAV file `dir/name`; returns its path. A missing
/// espeak-ng, or one that fails, fails the test with what it said.
pub fn espeak_with(dir: &Path, name: &str, options: &[&str], text: &str) -> PathBuf {
    let path = dir.join(name);
    let out = Command::new("espeak-ng")
        .args(options)
        .arg("-w")
        .arg(&path)
        .arg(text)
        .output()
        .expect("espeak-ng is installed (scripts/setup)");
    assert!(
        out.status.success(),
        "espeak-ng {options:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    path
}
