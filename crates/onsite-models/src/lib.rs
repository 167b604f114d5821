//! Whisper model files for Onsite: getting them, checking them, finding them.
//!
//! - [`ct2`] reads CTranslate2 Whisper exports (the form in which the default model is
//!   published on PyPI) and [`convert`] turns them into whisper.cpp's ggml format.
//! - [`ggml`] validates ggml files structurally, fast, before whisper.cpp ever sees them.
//! - [`checksum`] records and checks sha256 sidecars.
//! - [`registry`] lists the models in the search path and resolves a name to a validated file.
//!
//! This crate never runs inference and never touches the network; the speech crate loads
//! what [`registry::Registry::resolve`] returns.

pub mod checksum;
pub mod convert;
pub mod ct2;
mod error;
pub mod ggml;
pub mod mel;
pub mod registry;

pub use convert::{import_ct2, ImportReport};
pub use ct2::Ct2Files;
pub use error::{ModelError, Result};
pub use ggml::{GgmlInfo, Hparams};
pub use registry::{ModelEntry, Registry, DEFAULT_MODEL};
