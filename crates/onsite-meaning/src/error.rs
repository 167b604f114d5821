//! What can go wrong with the sentence-embedding model, each with a stable code.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum MeaningError {
    /// No model folder in the search path: the rubric then reads words alone.
    #[error(
        "the sentence-embedding model is not installed (looked for {dir_name}/ in: {searched}); \
         run scripts/fetch-meaning, or `onsite models import-meaning DIR`"
    )]
    NotInstalled { dir_name: String, searched: String },
    /// A file the model needs is not in its folder.
    #[error("{path} is missing: the model folder needs config.json, tokenizer.json and model.safetensors")]
    FileMissing { path: PathBuf },
    /// A file does not match the sha256 recorded when it was imported.
    #[error("{path} has sha256 {actual} but {expected} was recorded on import: the file changed or is damaged; import the model again")]
    ChecksumMismatch {
        path: PathBuf,
        expected: String,
        actual: String,
    },
    /// A file was read but is not what a BERT sentence-embedding model holds.
    #[error("{path} is not a usable model file: {reason}")]
    Invalid { path: PathBuf, reason: String },
    /// A file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// Tokenising or running the model failed (never expected with valid files).
    #[error("embedding failed: {0}")]
    Inference(String),
    /// The target folder of an import already holds a model.
    #[error("{path} already exists; remove it first or import to another folder")]
    Exists { path: PathBuf },
}

impl MeaningError {
    /// The stable code the CLI prints and the app maps to a message.
    pub fn code(&self) -> &'static str {
        match self {
            MeaningError::NotInstalled { .. } => "meaning_not_installed",
            MeaningError::FileMissing { .. } => "meaning_file_missing",
            MeaningError::ChecksumMismatch { .. } => "meaning_checksum_mismatch",
            MeaningError::Invalid { .. } => "meaning_invalid",
            MeaningError::Io { .. } => "meaning_io",
            MeaningError::Inference(_) => "meaning_inference",
            MeaningError::Exists { .. } => "meaning_exists",
        }
    }

    pub(crate) fn io(path: &std::path::Path, source: std::io::Error) -> Self {
        MeaningError::Io {
            path: path.to_path_buf(),
            source,
        }
    }
}

impl From<onsite_models::ModelError> for MeaningError {
    fn from(e: onsite_models::ModelError) -> Self {
        match e {
            onsite_models::ModelError::ChecksumMismatch {
                path,
                expected,
                actual,
            } => MeaningError::ChecksumMismatch {
                path,
                expected,
                actual,
            },
            other => MeaningError::Inference(other.to_string()),
        }
    }
}

pub type Result<T> = std::result::Result<T, MeaningError>;
