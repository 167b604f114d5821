//! Settings: speech models (list, import, verify, choose), rubric packs, transcription
//! threads, theme, and the privacy page's facts about what is stored where.
//!
//! Choices are kept in the store's settings table under the keys below (so "delete all my
//! data" resets them). Model work (import, sha256) reads whole files and runs on a blocking
//! thread; the store is only touched on its own thread.

use std::path::{Path, PathBuf};

use onsite_datadir::DataDir;
use onsite_models::{ggml, registry::model_name, ModelEntry, Registry};
use onsite_rubric::RubricPack;
use onsite_store::Store;
use serde::{Deserialize, Serialize};
use tauri::{AppHandle, Manager, State};

use crate::error::CommandError;
use crate::store_thread::StoreThread;
use crate::Shell;

/// Setting keys (the speech model loader and the live session read these too).
pub const THEME_KEY: &str = "ui.theme";
pub const THREADS_KEY: &str = "transcription.threads";
pub const RUBRIC_KEY: &str = "rubric.pack";
pub const MODEL_KEY: &str = "speech.model";

/// Light, dark, or whatever the system says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum Theme {
    Light,
    Dark,
    System,
}

/// The app's settings as the Settings screen shows them.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
pub struct AppSettings {
    pub theme: Theme,
    /// Threads Whisper uses; `None` means the default (the machine's cores, at most 4).
    pub threads: Option<u32>,
    pub max_threads: u32,
    /// The chosen rubric pack; `None` means the embedded default.
    pub rubric_pack: Option<String>,
    /// The chosen speech model; `None` means the default (`tiny.en`).
    pub model: Option<String>,
    pub data_dir: String,
}

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

/// One place Onsite (or the web engine under it) keeps something.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
pub struct StoredPlace {
    pub what: String,
    pub path: String,
    pub holds: String,
    #[specta(type = Option<specta_typescript::Number>)]
    pub size_bytes: Option<u64>,
}

/// Said on the privacy page and in the first-run guide: uninstalling is not deleting.
pub const UNINSTALL_KEEPS_DATA: &str = "Removing the Onsite package leaves your recordings and database in the data folder: delete them from the app first (History → Delete all my data) or delete the data folder yourself.";

/// The privacy page.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
pub struct PrivacyFacts {
    pub places: Vec<StoredPlace>,
    pub statements: Vec<String>,
}

/// Current settings.
#[tauri::command]
#[specta::specta]
pub async fn settings_get(
    shell: State<'_, Shell>,
    store: State<'_, StoreThread>,
) -> Result<AppSettings, CommandError> {
    let data_dir = shell.data_dir()?.root().display().to_string();
    store.run(move |s| read_settings(s, data_dir)).await
}

/// Chooses light, dark or the system's theme.
#[tauri::command]
#[specta::specta]
pub async fn settings_set_theme(
    store: State<'_, StoreThread>,
    theme: Theme,
) -> Result<(), CommandError> {
    store
        .run(move |s| put(s, THEME_KEY, serde_json::to_value(theme)))
        .await
}

/// Sets Whisper's thread count (1 to the number of cores), or the default with `None`.
#[tauri::command]
#[specta::specta]
pub async fn settings_set_threads(
    store: State<'_, StoreThread>,
    threads: Option<u32>,
) -> Result<(), CommandError> {
    let threads = check_threads(threads)?;
    store
        .run(move |s| put(s, THREADS_KEY, serde_json::to_value(threads)))
        .await
}

/// The speech models in the search path.
#[tauri::command]
#[specta::specta]
pub async fn models_list(
    shell: State<'_, Shell>,
    store: State<'_, StoreThread>,
) -> Result<ModelsView, CommandError> {
    let dir = shell.data_dir()?.clone();
    let chosen = store.run(|s| get_string(s, MODEL_KEY)).await?;
    blocking(move || Ok(list_models(&dir, chosen))).await
}

/// Imports a model from a path typed by the user: a CTranslate2 Whisper export (a folder) is
/// converted to ggml; a whisper.cpp ggml file is validated and copied. Either lands in the
/// data folder's `models/` with its sha256 recorded.
#[tauri::command]
#[specta::specta]
pub async fn model_import(
    shell: State<'_, Shell>,
    path: String,
) -> Result<ModelView, CommandError> {
    let dir = shell.data_dir()?.clone();
    blocking(move || import_model(&dir, Path::new(path.trim()))).await
}

/// Checks a model's file against the sha256 recorded when it was imported.
#[tauri::command]
#[specta::specta]
pub async fn model_verify(
    shell: State<'_, Shell>,
    name: String,
) -> Result<ModelCheck, CommandError> {
    let dir = shell.data_dir()?.clone();
    blocking(move || verify_model(&dir, &name)).await
}

/// Chooses the speech model used from the next model load; `None` for the default.
#[tauri::command]
#[specta::specta]
pub async fn model_choose(
    shell: State<'_, Shell>,
    store: State<'_, StoreThread>,
    name: Option<String>,
) -> Result<(), CommandError> {
    let dir = shell.data_dir()?.clone();
    if let Some(name) = name.clone() {
        blocking(move || {
            Registry::standard(&dir.models_dir()).resolve(Some(&name))?;
            Ok(())
        })
        .await?;
    }
    store
        .run(move |s| put(s, MODEL_KEY, serde_json::to_value(name)))
        .await
}

/// The rubric packs: the embedded default and those in the data folder's `rubrics/`.
#[tauri::command]
#[specta::specta]
pub async fn rubric_packs(
    shell: State<'_, Shell>,
    store: State<'_, StoreThread>,
) -> Result<RubricPacksView, CommandError> {
    let dir = shell.data_dir()?.clone();
    let chosen = store.run(|s| get_string(s, RUBRIC_KEY)).await?;
    blocking(move || Ok(list_packs(&dir, chosen))).await
}

/// Chooses the rubric pack for new answers; `None` for the embedded default.
#[tauri::command]
#[specta::specta]
pub async fn rubric_choose(
    shell: State<'_, Shell>,
    store: State<'_, StoreThread>,
    name: Option<String>,
) -> Result<(), CommandError> {
    let dir = shell.data_dir()?.clone();
    if let Some(name) = name.clone() {
        blocking(move || {
            RubricPack::select(Some(&dir.rubrics_dir()), Some(&name))?;
            Ok(())
        })
        .await?;
    }
    store
        .run(move |s| put(s, RUBRIC_KEY, serde_json::to_value(name)))
        .await
}

/// Exactly what is stored where, with sizes.
#[tauri::command]
#[specta::specta]
pub async fn privacy_facts(
    app: AppHandle,
    shell: State<'_, Shell>,
) -> Result<PrivacyFacts, CommandError> {
    let dir = shell.data_dir()?.clone();
    let paths = app.path();
    let webkit = [paths.app_local_data_dir().ok(), paths.app_cache_dir().ok()];
    blocking(move || Ok(privacy(&dir, &webkit))).await
}

async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, CommandError> + Send + 'static,
) -> Result<T, CommandError> {
    tauri::async_runtime::spawn_blocking(work)
        .await
        .map_err(|e| {
            CommandError::new("worker_failed", format!("the task failed: {e}; try again"))
        })?
}

fn put(
    store: &mut Store,
    key: &str,
    value: serde_json::Result<serde_json::Value>,
) -> Result<(), CommandError> {
    let value = value.map_err(|e| CommandError::new("setting_invalid", e.to_string()))?;
    store.set_setting(key, &value)?;
    Ok(())
}

fn get_string(store: &mut Store, key: &str) -> Result<Option<String>, CommandError> {
    Ok(store
        .setting(key)?
        .and_then(|v| v.as_str().map(str::to_owned)))
}

pub(crate) fn max_threads() -> u32 {
    std::thread::available_parallelism()
        .map(|n| u32::try_from(n.get()).unwrap_or(u32::MAX))
        .unwrap_or(1)
}

pub(crate) fn check_threads(threads: Option<u32>) -> Result<Option<u32>, CommandError> {
    let max = max_threads();
    match threads {
        Some(n) if n == 0 || n > max => Err(CommandError::new(
            "threads_out_of_range",
            format!("choose between 1 and {max} threads (this machine has {max} cores)"),
        )),
        other => Ok(other),
    }
}

pub(crate) fn read_settings(
    store: &mut Store,
    data_dir: String,
) -> Result<AppSettings, CommandError> {
    let theme = store
        .setting(THEME_KEY)?
        .and_then(|v| serde_json::from_value(v).ok())
        .unwrap_or(Theme::System);
    let threads = store
        .setting(THREADS_KEY)?
        .and_then(|v| v.as_u64())
        .and_then(|n| u32::try_from(n).ok());
    Ok(AppSettings {
        theme,
        threads,
        max_threads: max_threads(),
        rubric_pack: get_string(store, RUBRIC_KEY)?,
        model: get_string(store, MODEL_KEY)?,
        data_dir,
    })
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

pub(crate) fn list_models(dir: &DataDir, chosen: Option<String>) -> ModelsView {
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

pub(crate) fn import_model(dir: &DataDir, source: &Path) -> Result<ModelView, CommandError> {
    if source.as_os_str().is_empty() {
        return Err(CommandError::new(
            "model_import_no_path",
            "type the path of a CTranslate2 model folder or a whisper.cpp ggml file",
        ));
    }
    let models_dir = dir.models_dir();
    let out: PathBuf = if source.is_dir() {
        let files = onsite_models::Ct2Files::locate(source, &[])?;
        let mut reader = onsite_models::ct2::Ct2Reader::open(&files.model_parts)?;
        let name = onsite_models::convert::suggested_name(&reader.index()?);
        let out = models_dir.join(onsite_models::convert::default_file_name(&name));
        refuse_existing(&out)?;
        onsite_models::import_ct2(&files, &out)?.out
    } else if source.is_file() {
        ggml::validate(source)?;
        let file_name = source
            .file_name()
            .ok_or_else(|| CommandError::new("model_import_no_path", "that path names no file"))?;
        let out = models_dir.join(file_name);
        refuse_existing(&out)?;
        std::fs::copy(source, &out).map_err(|e| {
            CommandError::new(
                "model_import_copy",
                format!(
                    "could not copy the model into {}: {e}",
                    models_dir.display()
                ),
            )
        })?;
        let sha = onsite_models::checksum::sha256_file(&out)?;
        onsite_models::checksum::write_sidecar(&out, &sha)?;
        out
    } else {
        return Err(CommandError::new(
            "model_import_not_found",
            format!("{} does not exist; check the path", source.display()),
        ));
    };
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

fn refuse_existing(out: &Path) -> Result<(), CommandError> {
    if out.exists() {
        return Err(CommandError::new(
            "model_import_exists",
            format!(
                "{} is already installed; delete it first to import it again",
                out.display()
            ),
        ));
    }
    Ok(())
}

pub(crate) fn verify_model(dir: &DataDir, name: &str) -> Result<ModelCheck, CommandError> {
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

pub(crate) fn list_packs(dir: &DataDir, chosen: Option<String>) -> RubricPacksView {
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

/// Bytes under `path` (files only, symlinks not followed); `None` if it does not exist.
fn size_of(path: &Path) -> Option<u64> {
    let meta = std::fs::symlink_metadata(path).ok()?;
    if !meta.is_dir() {
        return Some(meta.len());
    }
    let mut total = 0;
    for entry in std::fs::read_dir(path).ok()?.flatten() {
        total += size_of(&entry.path()).unwrap_or(0);
    }
    Some(total)
}

pub(crate) fn privacy(dir: &DataDir, webkit: &[Option<PathBuf>]) -> PrivacyFacts {
    let place = |what: &str, path: PathBuf, holds: &str| StoredPlace {
        what: what.to_owned(),
        size_bytes: size_of(&path),
        path: path.display().to_string(),
        holds: holds.to_owned(),
    };
    let mut places = vec![
        place(
            "Data folder",
            dir.root().to_path_buf(),
            "Everything below, readable only by your user account (mode 0700).",
        ),
        place(
            "Database",
            dir.db_path(),
            "Sessions, the questions asked, transcripts with word timings, scores and feedback, follow-ups, settings (SQLite; deleted text is overwritten).",
        ),
        place(
            "Recordings",
            dir.media_dir(),
            "One MP4 per answer (camera video and microphone audio), in a folder per session.",
        ),
        place(
            "Speech models",
            dir.models_dir(),
            "Whisper models you imported. They hold no personal data.",
        ),
        place(
            "Rubric packs",
            dir.rubrics_dir(),
            "Scoring rule packs you added (the default is built in).",
        ),
        place(
            "Question banks",
            dir.questions_dir(),
            "Question banks you added (the default is built in).",
        ),
        place(
            "Logs",
            dir.logs_dir(),
            "The app's diagnostic log, one file a day: what the app did and what went wrong.",
        ),
    ];
    for path in webkit.iter().flatten() {
        places.push(place(
            "Web engine (WebKit)",
            path.clone(),
            "WebKit's own store for the window: caches and local storage. Onsite keeps nothing of yours here.",
        ));
    }
    PrivacyFacts {
        places,
        statements: vec![
            "Nothing leaves this computer: Onsite makes no network connection, has no account and sends no telemetry.".into(),
            "Transcription (Whisper) and scoring run on this machine.".into(),
            "The window may not load anything remote: its Content Security Policy allows only the app's own files.".into(),
            "Deleting a session removes its rows and its recordings; \"Delete all my data\" removes every session, recording and setting (models and logs stay).".into(),
            UNINSTALL_KEEPS_DATA.into(),
        ],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn data() -> (tempfile::TempDir, DataDir, Store) {
        let tmp = tempfile::tempdir().unwrap();
        let dir = DataDir::open(Some(&tmp.path().join("data"))).unwrap();
        let store = Store::open(&dir).unwrap();
        (tmp, dir, store)
    }

    #[test]
    fn settings_default_then_read_back_what_was_saved() {
        let (_tmp, _dir, mut store) = data();
        let fresh = read_settings(&mut store, "/d".into()).unwrap();
        assert_eq!(fresh.theme, Theme::System);
        assert_eq!(fresh.threads, None);
        assert_eq!(fresh.rubric_pack, None);

        put(&mut store, THEME_KEY, serde_json::to_value(Theme::Dark)).unwrap();
        put(&mut store, THREADS_KEY, serde_json::to_value(Some(1u32))).unwrap();
        put(
            &mut store,
            RUBRIC_KEY,
            serde_json::to_value(Some("default")),
        )
        .unwrap();
        let saved = read_settings(&mut store, "/d".into()).unwrap();
        assert_eq!(saved.theme, Theme::Dark);
        assert_eq!(saved.threads, Some(1));
        assert_eq!(saved.rubric_pack.as_deref(), Some("default"));

        // "Delete all my data" resets them.
        store.delete_all().unwrap();
        assert_eq!(
            read_settings(&mut store, "/d".into()).unwrap().theme,
            Theme::System
        );
    }

    #[test]
    fn threads_must_fit_the_machine() {
        assert_eq!(check_threads(None).unwrap(), None);
        assert_eq!(check_threads(Some(1)).unwrap(), Some(1));
        assert_eq!(
            check_threads(Some(0)).unwrap_err().code,
            "threads_out_of_range"
        );
        let too_many = check_threads(Some(max_threads() + 1)).unwrap_err();
        assert!(too_many.message.contains("between 1 and"), "{too_many:?}");
    }

    #[test]
    fn importing_a_broken_file_is_refused_and_copies_nothing() {
        let (tmp, dir, _store) = data();
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
        let (_tmp, dir, _store) = data();
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
    fn packs_list_the_builtin_and_report_a_broken_one() {
        let (_tmp, dir, _store) = data();
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

    #[test]
    fn privacy_names_every_place_with_real_sizes() {
        let (tmp, dir, _store) = data();
        std::fs::create_dir_all(dir.media_dir().join("s")).unwrap();
        std::fs::write(dir.media_dir().join("s/t.mp4"), vec![0u8; 1000]).unwrap();
        let webkit = tmp.path().join("webkit");

        let facts = privacy(&dir, &[Some(webkit.clone())]);

        let find = |what: &str| facts.places.iter().find(|p| p.what == what).unwrap();
        assert_eq!(find("Recordings").size_bytes, Some(1000));
        assert_eq!(find("Database").path, dir.db_path().display().to_string());
        assert!(find("Database").size_bytes.unwrap() > 0);
        let web = find("Web engine (WebKit)");
        assert_eq!(web.path, webkit.display().to_string());
        assert_eq!(web.size_bytes, None, "not created yet");
        assert!(facts.statements[0].contains("Nothing leaves this computer"));
        assert!(
            facts
                .statements
                .iter()
                .any(|s| s
                    .contains("Removing the Onsite package leaves your recordings and database"))
        );
    }
}
