//! The running live session, held for the interview room's commands, and the thread that
//! forwards its updates to the webview as `LiveEvent`s. No interview logic here: that is
//! `onsite_live`'s coordinator.

use std::sync::mpsc::Receiver;
use std::sync::{Arc, Mutex};

use onsite_live::{LiveError, LiveSession, LiveUpdate};
use serde::Serialize;
use tauri_specta::Event;

use crate::error::CommandError;

/// What a live session reports, as the webview receives it: `events.liveEvent.listen(...)`.
#[derive(Debug, Clone, Serialize, specta::Type, tauri_specta::Event)]
pub struct LiveEvent(pub LiveUpdate);

/// The app's one live session (at most one runs at a time). Cheap to clone: commands move a
/// clone onto a blocking thread.
#[derive(Debug, Default, Clone)]
pub struct LiveState {
    current: Arc<Mutex<Option<LiveSession>>>,
}

impl LiveState {
    /// Runs `f` on the current session, if one is running.
    pub fn with<T>(&self, f: impl FnOnce(&LiveSession) -> T) -> Option<T> {
        let guard = self.current.lock().unwrap_or_else(|p| p.into_inner());
        guard.as_ref().map(f)
    }

    /// Installs a new session, refusing while another is still running.
    pub fn install(
        &self,
        start: impl FnOnce() -> Result<(LiveSession, Receiver<LiveUpdate>), CommandError>,
        app: tauri::AppHandle,
        on_end: impl FnOnce() + Send + 'static,
    ) -> Result<onsite_live::LiveView, CommandError> {
        let mut guard = self.current.lock().unwrap_or_else(|p| p.into_inner());
        if guard.as_ref().is_some_and(|s| !s.is_done()) {
            return Err(LiveError::AlreadyRunning.into());
        }
        let (session, updates) = start()?;
        let view = session.view();
        forward(updates, app, on_end)?;
        *guard = Some(session);
        Ok(view)
    }
}

/// Forwards updates to the webview until the session's channel closes (the session is over).
fn forward(
    updates: Receiver<LiveUpdate>,
    app: tauri::AppHandle,
    on_end: impl FnOnce() + Send + 'static,
) -> Result<(), CommandError> {
    std::thread::Builder::new()
        .name("onsite-live-events".into())
        .spawn(move || {
            for update in updates {
                if let Err(e) = LiveEvent(update).emit(&app) {
                    tracing::warn!(error = %e, "could not send a live event to the window");
                }
            }
            on_end();
        })
        .map(|_| ())
        .map_err(|e| LiveError::Thread(e.to_string()).into())
}
