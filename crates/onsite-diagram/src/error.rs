//! The one error type of this crate: what was wrong with the bytes, with a stable code.

use thiserror::Error;

/// Why a scene could not be read. Every message says what to do about it; [`DiagramError::code`]
/// is the stable identifier for scripts.
#[derive(Debug, Error)]
pub enum DiagramError {
    /// The caller could not read the file (the crate does no I/O; callers build this).
    #[error("cannot read {what} {path}: {reason}")]
    Unreadable {
        what: &'static str,
        path: String,
        reason: String,
    },
    #[error(
        "the scene is {bytes} bytes, over the {limit}-byte limit: remove embedded images or split \
         the drawing"
    )]
    TooLarge { bytes: usize, limit: usize },
    #[error(
        "the scene has more than {limit} elements: a system-design diagram needs far fewer; \
         split it or delete hand-drawn strokes"
    )]
    TooManyElements { limit: usize },
    #[error(
        "not JSON ({detail}): save the drawing from Excalidraw with \"Save to disk\" (a \
         .excalidraw file)"
    )]
    NotJson { detail: String },
    #[error(
        "the scene is cut short at line {line}, column {column}: the file is truncated; save it \
         again from Excalidraw"
    )]
    Truncated { line: usize, column: usize },
    #[error(
        "JSON, but not an Excalidraw scene ({found}): expected an object with \"type\": \
         \"excalidraw\" and an \"elements\" array, as Excalidraw's \"Save to disk\" writes"
    )]
    NotExcalidraw { found: String },
    /// The component catalogue is not valid (a defect of the build or of a pack's catalogue).
    #[error("the component catalogue is not valid: {detail}")]
    Catalogue { detail: String },
    #[error(
        "an Excalidraw scene with an element of the wrong shape ({detail}): save it again from \
         Excalidraw rather than editing the file by hand"
    )]
    Invalid { detail: String },
}

impl DiagramError {
    /// The stable code, for scripts (`onsite` prints it as `code: …`).
    pub fn code(&self) -> &'static str {
        match self {
            Self::Unreadable { .. } => "diagram_unreadable",
            Self::TooLarge { .. } => "diagram_too_large",
            Self::TooManyElements { .. } => "diagram_too_many_elements",
            Self::NotJson { .. } => "diagram_not_json",
            Self::Truncated { .. } => "diagram_truncated",
            Self::NotExcalidraw { .. } => "diagram_not_excalidraw",
            Self::Invalid { .. } => "diagram_invalid",
            Self::Catalogue { .. } => "diagram_catalogue_invalid",
        }
    }

    /// For callers that read the file: `what` is "scene" or "transcript".
    pub fn unreadable(what: &'static str, path: &std::path::Path, reason: impl ToString) -> Self {
        Self::Unreadable {
            what,
            path: path.display().to_string(),
            reason: reason.to_string(),
        }
    }
}
