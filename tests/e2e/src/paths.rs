//! Where the app binary and the test artifacts are.

use std::path::PathBuf;

pub use onsite_testkit::repo_root;

/// The app under test: `$ONSITE_APP_BIN`, or the debug build in the target folder.
pub fn app_binary() -> PathBuf {
    if let Some(bin) = std::env::var_os("ONSITE_APP_BIN") {
        return PathBuf::from(bin);
    }
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo_root().join("target"));
    target.join("debug").join("onsite-app")
}

/// The `onsite` CLI of the same build, for tests that make their data with it.
pub fn cli_binary() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo_root().join("target"));
    target.join("debug").join("onsite")
}

/// `tests/artifacts/` (git-ignored): screenshots for a person to look at.
pub fn artifacts_dir() -> PathBuf {
    repo_root().join("tests").join("artifacts")
}
