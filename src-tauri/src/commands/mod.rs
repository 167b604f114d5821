//! Tauri commands, one module per area. Each is thin: resolve state ([`crate::state`]), call an
//! engine crate (slow work through [`crate::blocking`]), return a view ([`crate::views`]).
//! Commands never import other commands: what two areas share lives in `state` or `views`.
//! Register a new command in `bindings::builder` and in `build.rs`'s `COMMANDS`, and grant it
//! in `capabilities/main-window.json`.

pub mod app;
pub mod devices;
pub mod first_run;
pub mod interviewer;
pub mod library;
pub mod media;
pub mod microphone;
pub mod models;
pub mod progress;
pub mod report;
pub mod scenes;
pub mod session;
pub mod settings;
pub mod voice;
