//! Tauri commands, one module per area. Each is thin: resolve state, call an engine crate, map
//! the result. Register a new command in `bindings::builder` and in `build.rs`'s `COMMANDS`, and
//! grant it in `capabilities/main-window.json`.

pub mod app;
pub mod devices;
pub mod first_run;
pub mod library;
pub mod media;
pub mod progress;
pub mod report;
pub mod session;
pub mod settings;
