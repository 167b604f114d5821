//! Onsite's desktop shell: opens the window, owns the app's state, and exposes the engine crates
//! to the web front end (`ui/`) as thin Tauri commands.
//!
//! Three layers, each knowing only the ones below it:
//! - [`state`]: what lives as long as the app (the data folder, the store thread and the
//!   settings read through it, the live session, devices, the speech model);
//! - [`views`]: the serialisable types the UI receives, mapped from engine values;
//! - [`commands`]: thin Tauri commands that read state, call an engine crate (slow work via
//!   [`blocking`]) and return a view.
//!
//! Boundaries: no business logic lives here. Each command resolves its inputs, calls one engine
//! crate and maps the result (or the engine's error, via [`error::CommandError`]) for the UI.
//! The TypeScript bindings in `ui/src/bindings.ts` are generated from [`bindings::builder`].

pub mod bindings;
pub mod blocking;
pub mod commands;
pub mod error;
pub mod state;
pub mod views;

use std::process::ExitCode;

pub use state::Shell;
use state::{LiveState, StoreThread};

/// Environment variable naming the data folder; tests point it at a temporary folder.
pub const DATA_DIR_ENV: &str = "ONSITE_DATA_DIR";

/// Starts the desktop app and returns when its last window closes.
pub fn run() -> ExitCode {
    let explicit = std::env::var_os(DATA_DIR_ENV).map(std::path::PathBuf::from);
    let shell = Shell::open(explicit.as_deref());
    // Held until the app exits so buffered log lines reach the file.
    let _log_guard = shell
        .data_dir()
        .ok()
        .map(|dir| onsite_datadir::logging::init(dir, 0));
    if let Err(err) = shell.data_dir() {
        // Without a data folder there is no log file either: stderr is all we have. The window
        // still opens and shows this error, so the user learns what to fix.
        eprintln!("onsite: {err}");
    }
    tracing::info!(
        version = env!("CARGO_PKG_VERSION"),
        "starting the desktop app"
    );

    // Opened before the window so that crash recovery runs before anything else writes.
    let store = StoreThread::start(shell.data_dir().cloned());
    let specta = bindings::builder();
    let result = tauri::Builder::default()
        .manage(shell)
        .manage(store)
        .manage(LiveState::default())
        .invoke_handler(specta.invoke_handler())
        .setup(move |app| {
            specta.mount_events(app);
            Ok(())
        })
        .run(tauri::generate_context!());
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            tracing::error!(error = %err, "the desktop app failed");
            eprintln!("onsite: the desktop app failed: {err}");
            ExitCode::FAILURE
        }
    }
}
