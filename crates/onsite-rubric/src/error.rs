//! Why a pack or an answer was refused.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum RubricError {
    #[error("rubric pack {}{}: {problem}", file.display(), line.map(|l| format!(", line {l}")).unwrap_or_default())]
    PackInvalid {
        file: PathBuf,
        line: Option<usize>,
        problem: String,
    },
    #[error("cannot read rubric pack {}: {source}", path.display())]
    PackIo {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("no rubric pack named `{name}`; available: {available}")]
    PackNotFound { name: String, available: String },
    #[error("the answer has {words} words; the limit is {limit} (about five hours of speech)")]
    AnswerTooLong { words: usize, limit: usize },
    #[error("unknown question kind `{0}`; use system-design, behavioural, technical-debt, operations, ambiguity or general")]
    UnknownKind(String),
}

impl RubricError {
    /// Stable identifier for the UI and scripts; never match on the message text.
    pub fn code(&self) -> &'static str {
        match self {
            Self::PackInvalid { .. } => "rubric_pack_invalid",
            Self::PackIo { .. } => "rubric_pack_io",
            Self::PackNotFound { .. } => "rubric_pack_not_found",
            Self::AnswerTooLong { .. } => "rubric_answer_too_long",
            Self::UnknownKind(_) => "rubric_unknown_kind",
        }
    }
}
