//! The Settings screen's views of speech models and rubric packs: what is installed, where
//! it was looked for, which is chosen, and what an import or a check found.

use std::path::Path;

use onsite_datadir::DataDir;
use onsite_models::preset::{Installed, Measured};
use onsite_models::{ggml, registry::model_name, ModelEntry, Registry};
use onsite_rubric::RubricPack;
use serde::Serialize;

use crate::error::CommandError;
use crate::state::model_install::InstallProgress;

/// A speech model file found in the model folders.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
pub struct ModelView {
    pub name: String,
    pub path: String,
    #[specta(type = specta_typescript::Number)]
    pub size_bytes: u64,
    /// Whisper size (`tiny`, `base`, ...) when recognised.
    pub kind: Option<String>,
    pub valid: bool,
    pub error: Option<String>,
    pub sha256: Option<String>,
    pub default: bool,
    pub shadowed: bool,
    /// Imported into (or dropped into) the data folder, rather than found elsewhere.
    pub in_data_folder: bool,
}

/// The model list and where it was searched.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
pub struct ModelsView {
    pub models: Vec<ModelView>,
    pub searched: Vec<String>,
    pub chosen: Option<String>,
}

/// The outcome of checking a model file against its recorded sha256.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
pub struct ModelCheck {
    pub name: String,
    pub sha256: String,
    /// True when no checksum had been recorded and this one now is (a dropped-in file).
    pub newly_recorded: bool,
}

/// A rubric pack that can score answers.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
pub struct RubricPackView {
    pub name: String,
    /// `name@version`, as recorded with every score.
    pub label: String,
    pub builtin: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
pub struct RubricPacksView {
    pub packs: Vec<RubricPackView>,
    pub chosen: Option<String>,
    /// Why packs in the data folder's `rubrics/` could not be loaded, if they could not.
    pub problem: Option<String>,
    pub folder: String,
}

fn model_view(e: ModelEntry, data_models: &Path) -> ModelView {
    let in_data_folder = e.path.parent().is_some_and(|p| same_dir(p, data_models));
    ModelView {
        name: e.name,
        path: e.path.display().to_string(),
        size_bytes: e.size_bytes,
        kind: e.kind,
        valid: e.valid,
        error: e.error,
        sha256: e.sha256,
        default: e.default,
        shadowed: e.shadowed,
        in_data_folder,
    }
}

fn same_dir(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}

pub fn list_models(dir: &DataDir, chosen: Option<String>) -> ModelsView {
    let registry = Registry::standard(&dir.models_dir());
    let models_dir = dir.models_dir();
    ModelsView {
        models: registry
            .list()
            .into_iter()
            .map(|e| model_view(e, &models_dir))
            .collect(),
        searched: registry
            .dirs()
            .iter()
            .map(|d| d.display().to_string())
            .collect(),
        chosen,
    }
}

/// Imports `source` into the data folder's `models/` (`onsite_models::install`, where the
/// refusals are) and shows the installed model as the list does.
pub fn import_model(dir: &DataDir, source: &Path) -> Result<ModelView, CommandError> {
    let models_dir = dir.models_dir();
    let out = onsite_models::install::import(source, &models_dir)?;
    let name = model_name(&out);
    Registry::standard(&models_dir)
        .list()
        .into_iter()
        .find(|e| e.path == out)
        .map(|e| model_view(e, &models_dir))
        .ok_or_else(|| {
            CommandError::new(
                "model_import_not_listed",
                format!(
                    "{name} was written to {} but is not listed as a model",
                    out.display()
                ),
            )
        })
}

/// A model a user can install by name (`models/presets.toml`), with its measured figures.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
pub struct PresetView {
    pub name: String,
    /// What it is for, e.g. "English only, 75 MB: the default".
    pub note: String,
    /// Size of the installed file, known before installing.
    #[specta(type = specta_typescript::Number)]
    pub size_bytes: u64,
    pub multilingual: bool,
    pub license: String,
    /// The model used when none is chosen.
    pub default: bool,
    /// Where the valid installed file is, if it is installed.
    pub installed: Option<String>,
    /// The model transcribing answers (the chosen one, or the default when none is).
    pub in_use: bool,
    /// `onsite bench speech`'s figures for it, with the date and the machine's load.
    pub measured: Option<Measured>,
}

/// The presets, and the install Settings last started.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
pub struct PresetsView {
    pub presets: Vec<PresetView>,
    pub install: Option<InstallProgress>,
}

/// Every preset, which is installed (a valid file found by the name in the search path) and
/// which is in use.
pub fn list_presets(
    dir: &DataDir,
    chosen: Option<String>,
    install: Option<InstallProgress>,
) -> Result<PresetsView, CommandError> {
    let found = Registry::standard(&dir.models_dir()).list();
    let in_use = chosen.unwrap_or_else(|| onsite_models::DEFAULT_MODEL.to_owned());
    let presets = onsite_models::preset::builtin()?
        .into_iter()
        .map(|p| PresetView {
            installed: found
                .iter()
                .find(|e| e.name == p.name && e.valid && !e.shadowed)
                .map(|e| e.path.display().to_string()),
            in_use: p.name == in_use,
            name: p.name,
            note: p.note,
            size_bytes: p.ggml_bytes,
            multilingual: p.multilingual,
            license: p.license,
            default: p.default,
            measured: p.measured,
        })
        .collect();
    Ok(PresetsView { presets, install })
}

/// The model list's row for a preset just installed.
pub fn installed_model(dir: &DataDir, installed: &Installed) -> Result<ModelView, CommandError> {
    let models_dir = dir.models_dir();
    Registry::standard(&models_dir)
        .list()
        .into_iter()
        .find(|e| e.path == installed.path)
        .map(|e| model_view(e, &models_dir))
        .ok_or_else(|| {
            CommandError::new(
                "model_import_not_listed",
                format!(
                    "{} was written to {} but is not listed as a model",
                    installed.name,
                    installed.path.display()
                ),
            )
        })
}

pub fn verify_model(dir: &DataDir, name: &str) -> Result<ModelCheck, CommandError> {
    let registry = Registry::standard(&dir.models_dir());
    let path = registry.find(name).ok_or_else(|| registry.unknown(name))?;
    ggml::validate(&path)?;
    let verified = onsite_models::checksum::verify(&path)?;
    let (sha256, newly_recorded) = match verified {
        onsite_models::checksum::Verified::Match { sha256 } => (sha256, false),
        onsite_models::checksum::Verified::Recorded { sha256 } => (sha256, true),
    };
    Ok(ModelCheck {
        name: model_name(&path),
        sha256,
        newly_recorded,
    })
}

pub fn list_packs(dir: &DataDir, chosen: Option<String>) -> RubricPacksView {
    let mut packs = Vec::new();
    if let Ok(p) = RubricPack::embedded() {
        packs.push(RubricPackView {
            name: p.name().to_owned(),
            label: p.version_label(),
            builtin: true,
        });
    }
    let problem = match RubricPack::load_dir(&dir.rubrics_dir()) {
        Ok(found) => {
            packs.extend(found.into_iter().map(|p| RubricPackView {
                name: p.name().to_owned(),
                label: p.version_label(),
                builtin: false,
            }));
            None
        }
        Err(e) => Some(e.to_string()),
    };
    RubricPacksView {
        packs,
        chosen,
        problem,
        folder: dir.rubrics_dir().display().to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn data() -> (tempfile::TempDir, DataDir) {
        let tmp = tempfile::tempdir().unwrap();
        let dir = DataDir::open(Some(&tmp.path().join("data"))).unwrap();
        (tmp, dir)
    }

    #[test]
    fn importing_a_broken_file_is_refused_and_copies_nothing() {
        let (tmp, dir) = data();
        let fake = tmp.path().join("ggml-fake.bin");
        std::fs::write(&fake, b"this is not a model").unwrap();

        let err = import_model(&dir, &fake).unwrap_err();
        assert_eq!(err.code, "not_ggml", "{err:?}");
        assert!(!dir.models_dir().join("ggml-fake.bin").exists());

        let missing = import_model(&dir, &tmp.path().join("nope")).unwrap_err();
        assert_eq!(missing.code, "model_import_not_found");
        assert_eq!(
            import_model(&dir, Path::new("")).unwrap_err().code,
            "model_import_no_path"
        );
    }

    /// The real default model (fetched by scripts/setup) is imported, listed and verified.
    #[test]
    fn a_real_ggml_model_imports_lists_and_verifies() {
        let (_tmp, dir) = data();
        let Some(source) = Registry::standard(&dir.models_dir()).find("tiny.en") else {
            panic!("the default model is missing: run scripts/setup (models/fetch-default)");
        };
        let copy_dir = tempfile::tempdir().unwrap();
        let renamed = copy_dir.path().join("ggml-tiny-copy.bin");
        std::fs::copy(&source, &renamed).unwrap();

        let imported = import_model(&dir, &renamed).unwrap();
        assert_eq!(imported.name, "tiny-copy");
        assert!(imported.valid && imported.in_data_folder, "{imported:?}");
        let listed = list_models(&dir, Some("tiny-copy".into()));
        assert!(listed.models.iter().any(|m| m.name == "tiny-copy"));
        assert_eq!(listed.chosen.as_deref(), Some("tiny-copy"));

        let check = verify_model(&dir, "tiny-copy").unwrap();
        assert!(!check.newly_recorded, "import records the checksum");
        assert_eq!(Some(check.sha256), imported.sha256);
        let again = import_model(&dir, &renamed).unwrap_err();
        assert_eq!(again.code, "model_import_exists");

        // A changed file no longer verifies.
        let installed = dir.models_dir().join("ggml-tiny-copy.bin");
        let mut bytes = std::fs::read(&installed).unwrap();
        let last = bytes.len() - 1;
        bytes[last] ^= 0xff;
        std::fs::write(&installed, bytes).unwrap();
        assert_eq!(
            verify_model(&dir, "tiny-copy").unwrap_err().code,
            "checksum_mismatch"
        );
    }

    #[test]
    fn presets_say_which_is_installed_and_in_use_with_their_figures() {
        let (_tmp, dir) = data();
        let view = list_presets(&dir, None, None).unwrap();
        let tiny = &view.presets[0];
        assert_eq!(tiny.name, "tiny.en");
        assert!(tiny.default && tiny.in_use, "{tiny:?}");
        assert!(
            tiny.installed.is_some(),
            "the checkout's default model (make setup) is found"
        );
        assert!(tiny.size_bytes > 70_000_000, "{tiny:?}");
        let measured = tiny.measured.as_ref().expect("tiny.en is measured");
        assert!(measured.machine.contains("load average"), "{measured:?}");
        let base = view.presets.iter().find(|p| p.name == "base").unwrap();
        assert!(!base.in_use && base.installed.is_none(), "{base:?}");

        // Choosing base puts it in use; tiny.en no longer is.
        let chosen = list_presets(&dir, Some("base".into()), None).unwrap();
        assert!(chosen.presets.iter().any(|p| p.name == "base" && p.in_use));
        assert!(!chosen.presets[0].in_use);

        // A broken file under a preset's name is not "installed".
        std::fs::create_dir_all(dir.models_dir()).unwrap();
        std::fs::write(dir.models_dir().join("ggml-base.bin"), b"not a model").unwrap();
        let broken = list_presets(&dir, None, None).unwrap();
        assert!(broken
            .presets
            .iter()
            .any(|p| p.name == "base" && p.installed.is_none()));
    }

    #[test]
    fn packs_list_the_builtin_and_report_a_broken_one() {
        let (_tmp, dir) = data();
        let view = list_packs(&dir, None);
        assert!(view.packs.iter().any(|p| p.builtin && p.name == "default"));
        assert!(view.problem.is_none());

        std::fs::create_dir_all(dir.rubrics_dir()).unwrap();
        std::fs::write(dir.rubrics_dir().join("broken.toml"), "name = [").unwrap();
        let broken = list_packs(&dir, None);
        assert!(broken.problem.unwrap().contains("broken.toml"));
        assert!(
            broken.packs.iter().any(|p| p.builtin),
            "the default is still offered"
        );
    }
}
