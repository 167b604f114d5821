//! The one error shape that crosses IPC: `{ code, message }`.
//!
//! Engine crates each have their own thiserror enum with a stable `code()`. The UI branches on
//! `code` (never on the text) and shows `message`. Converting an engine error takes one line:
//! add its type to the `from_engine_errors!` list below.

use serde::Serialize;

/// An error a command returns to the UI.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type, thiserror::Error)]
#[error("{message}")]
pub struct CommandError {
    /// Stable identifier, e.g. `data_dir_create`; part of the UI contract.
    pub code: String,
    /// A sentence for the user saying what went wrong and what to do.
    pub message: String,
}

impl CommandError {
    pub fn new(code: &str, message: impl Into<String>) -> Self {
        Self {
            code: code.to_owned(),
            message: message.into(),
        }
    }
}

/// Implements `From<EngineError> for CommandError` for engine errors that have `code()`.
macro_rules! from_engine_errors {
    ($($engine:ty),+ $(,)?) => {$(
        impl From<$engine> for CommandError {
            fn from(err: $engine) -> Self {
                Self::new(err.code(), err.to_string())
            }
        }
    )+};
}

from_engine_errors!(
    onsite_datadir::DataDirError,
    onsite_store::StoreError,
    onsite_capture::CaptureError,
    onsite_models::ModelError,
    onsite_rubric::RubricError,
    onsite_live::LiveError,
    onsite_speech::SpeechError,
    onsite_report::ReportError,
    onsite_voice::VoiceError,
    crate::state::devices::MonitorError,
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_engine_error_keeps_its_code_and_message() {
        let tmp = tempfile::tempdir().unwrap();
        let file = tmp.path().join("not-a-folder");
        std::fs::write(&file, b"x").unwrap();
        let engine = onsite_datadir::DataDir::open(Some(&file)).unwrap_err();
        let message = engine.to_string();

        let err = CommandError::from(engine);

        assert_eq!(err.code, "data_dir_not_a_directory");
        assert_eq!(err.message, message);
    }

    #[test]
    fn crosses_ipc_as_code_and_message_only() {
        let err = CommandError::new("data_dir_no_home", "could not find a home folder");
        let json = serde_json::to_value(&err).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"code": "data_dir_no_home", "message": "could not find a home folder"})
        );
    }
}
