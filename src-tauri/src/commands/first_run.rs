//! The first-run guide's memory: whether this data folder's user finished or skipped the
//! guide, kept with the other settings ([`crate::state::Settings`]), so "delete all my data"
//! brings the guide back. A value that cannot be read never traps the user: the guide shows
//! again and can be skipped, which writes a fresh value.

use tauri::State;

use crate::error::CommandError;
use crate::state::settings::{Change, GuideOutcome};
use crate::state::StoreThread;
use crate::views::settings::FirstRunView;

/// Whether to show the first-run guide: yes unless it was finished or skipped before.
#[tauri::command]
#[specta::specta]
pub async fn first_run_status(store: State<'_, StoreThread>) -> Result<FirstRunView, CommandError> {
    // A store that cannot answer (corrupt database, locked file) still shows the guide: the
    // guide is how a new user gets started, and skipping it needs nothing from the store.
    Ok(match store.settings().await {
        Ok(settings) => FirstRunView::from(settings.first_run),
        Err(e) => FirstRunView {
            show: true,
            outcome: None,
            problem: Some(e.message),
        },
    })
}

/// Remembers that the guide was finished or skipped, so the app opens on home next time.
#[tauri::command]
#[specta::specta]
pub async fn first_run_done(
    store: State<'_, StoreThread>,
    outcome: GuideOutcome,
) -> Result<(), CommandError> {
    store.change_settings(Change::FirstRun(outcome)).await?;
    Ok(())
}
