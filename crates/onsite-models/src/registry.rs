//! Which models exist, and which file a model name means.
//!
//! Models are looked up in a search path of folders, first match wins: the data folder's
//! `models/` (where imports go), `$ONSITE_MODELS_DIR`, the installed share folder next to
//! the executable (`<exe>/../share/onsite/models`, then `<exe>/../lib/onsite/models`), and,
//! for a binary run from inside an Onsite checkout, that checkout's `models/` (see
//! [`checkout_models_dir`]). Any whisper.cpp
//! ggml file found there is listed, whatever produced it; its name is the file name without
//! `ggml-` and `.bin` (`ggml-tiny.en.bin` → `tiny.en`).

use std::path::{Path, PathBuf};

use crate::checksum;
use crate::error::{ModelError, Result};
use crate::ggml::{self, GgmlInfo};

/// The model used when none is named.
pub const DEFAULT_MODEL: &str = "tiny.en";

/// The name a model file is known by.
pub fn model_name(path: &Path) -> String {
    let file = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let stem = file.strip_prefix("ggml-").unwrap_or(&file);
    let stem = stem
        .strip_suffix(".bin")
        .or_else(|| stem.strip_suffix(".ggml"))
        .unwrap_or(stem);
    stem.to_string()
}

/// One model file found in the search path.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ModelEntry {
    pub name: String,
    pub path: PathBuf,
    pub size_bytes: u64,
    /// Whisper size (`tiny`, `base`, …) when the dimensions match a published model.
    pub kind: Option<String>,
    pub multilingual: Option<bool>,
    pub valid: bool,
    /// Why the file is unusable, when it is.
    pub error: Option<String>,
    pub error_code: Option<String>,
    /// The sha256 recorded on import, if any (not recomputed by listing).
    pub sha256: Option<String>,
    /// True for the model used when none is named.
    pub default: bool,
    /// Another file earlier in the search path has the same name and wins.
    pub shadowed: bool,
}

/// The model folders, in lookup order.
#[derive(Debug, Clone)]
pub struct Registry {
    dirs: Vec<PathBuf>,
}

impl Registry {
    pub fn new(dirs: Vec<PathBuf>) -> Self {
        let mut unique: Vec<PathBuf> = Vec::new();
        for d in dirs {
            let key = d.canonicalize().unwrap_or_else(|_| d.clone());
            if !unique
                .iter()
                .any(|u| u.canonicalize().unwrap_or_else(|_| u.clone()) == key)
            {
                unique.push(d);
            }
        }
        Self { dirs: unique }
    }

    /// The standard search path, with `data_models_dir` (the data folder's `models/`) first.
    pub fn standard(data_models_dir: &Path) -> Self {
        let mut dirs = vec![data_models_dir.to_path_buf()];
        if let Some(env) = std::env::var_os("ONSITE_MODELS_DIR") {
            dirs.extend(std::env::split_paths(&env).filter(|p| !p.as_os_str().is_empty()));
        }
        if let Some(prefix) = std::env::current_exe()
            .ok()
            .and_then(|exe| exe.parent()?.parent().map(Path::to_path_buf))
        {
            dirs.push(prefix.join("share/onsite/models"));
            dirs.push(prefix.join("lib/onsite/models"));
        }
        let exe = std::env::current_exe().ok();
        let cwd = std::env::current_dir().ok();
        if let Some(checkout) = [exe.as_deref(), cwd.as_deref()]
            .into_iter()
            .flatten()
            .find_map(checkout_models_dir)
        {
            dirs.push(checkout);
        }
        Self::new(dirs)
    }

    pub fn dirs(&self) -> &[PathBuf] {
        &self.dirs
    }

    /// Every model file in the search path, validated structurally (fast: no data is read).
    pub fn list(&self) -> Vec<ModelEntry> {
        let mut out: Vec<ModelEntry> = Vec::new();
        for dir in &self.dirs {
            let Ok(read) = std::fs::read_dir(dir) else {
                continue;
            };
            let mut files: Vec<PathBuf> = read
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.is_file() && is_candidate(p))
                .collect();
            files.sort();
            for path in files {
                let name = model_name(&path);
                let shadowed = out.iter().any(|e| e.name == name);
                out.push(entry(path, name, shadowed));
            }
        }
        for e in &mut out {
            e.default = e.name == DEFAULT_MODEL && !e.shadowed;
        }
        out
    }

    /// The validated file for `model`: a model name, a file path, or `None` for the default.
    pub fn resolve(&self, model: Option<&str>) -> Result<GgmlInfo> {
        let wanted = model.unwrap_or(DEFAULT_MODEL);
        let as_path = Path::new(wanted);
        if as_path.components().count() > 1 || as_path.is_file() {
            return ggml::validate(as_path);
        }
        match self.find(wanted) {
            Some(path) => ggml::validate(&path),
            None => Err(self.unknown(wanted)),
        }
    }

    /// [`Self::resolve`], plus the sha256 check against what was recorded on import (or
    /// recording it for a drop-in). Reads the whole file: about 0.2 s for tiny, seconds for
    /// large models, so callers that load a model once per process can afford it.
    pub fn resolve_verified(&self, model: Option<&str>) -> Result<GgmlInfo> {
        let info = self.resolve(model)?;
        checksum::verify(&info.path)?;
        Ok(info)
    }

    /// The file a model name refers to (first in the search path), without validating it.
    pub fn find(&self, name: &str) -> Option<PathBuf> {
        let name = model_name(Path::new(name));
        self.dirs.iter().find_map(|dir| {
            let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
                .ok()?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.is_file() && is_candidate(p) && model_name(p) == name)
                .collect();
            files.sort();
            files.into_iter().next()
        })
    }

    /// The error for a name that is not in the search path.
    pub fn unknown(&self, wanted: &str) -> ModelError {
        ModelError::UnknownModel {
            name: wanted.to_string(),
            searched: self
                .dirs
                .iter()
                .map(|d| d.display().to_string())
                .collect::<Vec<_>>()
                .join(", "),
        }
    }
}

/// What makes a folder an Onsite checkout: the model manifest that `models/fetch-default`
/// reads, beside the crate that owns it. Both are source files, never installed.
const CHECKOUT_MARKERS: [&str; 2] = ["models/manifest.toml", "crates/onsite-models/Cargo.toml"];

/// The `models/` folder of the Onsite checkout that holds `start` (a file or folder), if any:
/// the nearest ancestor with [`CHECKOUT_MARKERS`].
///
/// The standard search path asks this of the executable's path (a binary built in a checkout
/// lives in its `target/`), then of the current folder (`cargo run`, `cargo test`, or a target
/// folder elsewhere). That is how `make setup`'s model in the checkout's `models/` is found by
/// debug and release builds alike without compiling in the path of the machine that built
/// them: an installed `/usr/bin/onsite` is inside no checkout, so it finds nothing here.
pub fn checkout_models_dir(start: &Path) -> Option<PathBuf> {
    start
        .ancestors()
        .find(|dir| CHECKOUT_MARKERS.iter().all(|m| dir.join(m).is_file()))
        .map(|root| root.join("models"))
}

/// Model files by name, or anything else that starts with the ggml magic.
fn is_candidate(path: &Path) -> bool {
    let file = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    if file.starts_with('.') || file.ends_with(".sha256") {
        return false;
    }
    if file.ends_with(".bin") || file.ends_with(".ggml") {
        return true;
    }
    matches!(
        ggml::read_header(path),
        Ok(_) | Err(ModelError::GgmlHparams { .. })
    )
}

fn entry(path: PathBuf, name: String, shadowed: bool) -> ModelEntry {
    let size_bytes = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
    let sha256 = checksum::read_sidecar(&path);
    let base = ModelEntry {
        name,
        path: path.clone(),
        size_bytes,
        kind: None,
        multilingual: None,
        valid: false,
        error: None,
        error_code: None,
        sha256,
        default: false,
        shadowed,
    };
    match ggml::validate(&path) {
        Ok(info) => ModelEntry {
            kind: info.hparams.size_name().map(str::to_string),
            multilingual: Some(info.hparams.is_multilingual()),
            valid: true,
            ..base
        },
        Err(e) => ModelEntry {
            error: Some(e.to_string()),
            error_code: Some(e.code().to_string()),
            ..base
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_checkout_holding_the_tests_is_searched_after_the_installed_folders() {
        let repo_models = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../models")
            .canonicalize()
            .unwrap();
        let data = tempfile::tempdir().unwrap();
        let registry = Registry::standard(&data.path().join("models"));
        assert_eq!(registry.dirs()[0], data.path().join("models"));
        // The test binary runs from the checkout's target/, debug or release alike.
        let last = registry.dirs().last().unwrap().canonicalize().unwrap();
        assert_eq!(last, repo_models, "{:?}", registry.dirs());
    }

    #[test]
    fn a_checkout_is_the_nearest_ancestor_with_both_markers() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("onsite");
        let deep = root.join("target/release");
        std::fs::create_dir_all(&deep).unwrap();
        let exe = deep.join("onsite");
        std::fs::write(&exe, b"").unwrap();
        // The manifest alone is not a checkout: any folder may have a models/manifest.toml.
        std::fs::create_dir_all(root.join("models")).unwrap();
        std::fs::write(root.join("models/manifest.toml"), b"").unwrap();
        assert_eq!(checkout_models_dir(&exe), None);

        std::fs::create_dir_all(root.join("crates/onsite-models")).unwrap();
        std::fs::write(root.join("crates/onsite-models/Cargo.toml"), b"").unwrap();
        assert_eq!(checkout_models_dir(&exe), Some(root.join("models")));
        assert_eq!(checkout_models_dir(&root), Some(root.join("models")));
        assert_eq!(checkout_models_dir(tmp.path()), None);
    }

    #[test]
    fn names_come_from_file_names() {
        assert_eq!(model_name(Path::new("/m/ggml-tiny.en.bin")), "tiny.en");
        assert_eq!(
            model_name(Path::new("ggml-large-v3-turbo.bin")),
            "large-v3-turbo"
        );
        assert_eq!(model_name(Path::new("mine.ggml")), "mine");
        assert_eq!(model_name(Path::new("whisper-base")), "whisper-base");
    }
}
