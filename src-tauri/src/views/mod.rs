//! What commands hand the UI: plain serialisable types, whose TypeScript is generated into
//! `ui/src/bindings.ts`, and the mapping of engine values into them. No managed state and no
//! commands here: a view is built from what a command read, and can be tested without Tauri.

pub mod devices;
pub mod library;
pub mod media;
pub mod models;
pub mod privacy;
pub mod settings;
pub mod voice;
