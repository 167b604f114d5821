//! Settings: the theme, transcription threads and the privacy page. The choices are the
//! typed [`crate::state::Settings`], read and saved on the store thread.

use tauri::{AppHandle, Manager, State};

use crate::blocking::blocking;
use crate::error::CommandError;
use crate::state::settings::{Change, Theme};
use crate::state::{Shell, StoreThread};
use crate::views::privacy::{self, PrivacyFacts};
use crate::views::settings::AppSettings;

/// Current settings.
#[tauri::command]
#[specta::specta]
pub async fn settings_get(
    shell: State<'_, Shell>,
    store: State<'_, StoreThread>,
) -> Result<AppSettings, CommandError> {
    let data_dir = shell.data_dir()?.root().display().to_string();
    Ok(AppSettings::new(store.settings().await?, data_dir))
}

/// Chooses light, dark or the system's theme.
#[tauri::command]
#[specta::specta]
pub async fn settings_set_theme(
    store: State<'_, StoreThread>,
    theme: Theme,
) -> Result<(), CommandError> {
    store.change_settings(Change::Theme(theme)).await?;
    Ok(())
}

/// Sets Whisper's thread count (1 to the number of cores), or the default with `None`.
#[tauri::command]
#[specta::specta]
pub async fn settings_set_threads(
    store: State<'_, StoreThread>,
    threads: Option<u32>,
) -> Result<(), CommandError> {
    store.change_settings(Change::Threads(threads)).await?;
    Ok(())
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
    blocking(move || Ok(privacy::privacy(&dir, &webkit))).await
}
