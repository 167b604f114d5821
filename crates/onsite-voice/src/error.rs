//! Everything that can go wrong with a voice, named so the UI and scripts can react by `code()`.

use std::path::PathBuf;

/// A voice problem. Each message names the file or program concerned and what to do.
#[derive(Debug, thiserror::Error)]
pub enum VoiceError {
    #[error("no voice named '{name}' (searched {searched}); `onsite voices` lists the installed ones, `make setup` installs the default")]
    UnknownVoice { name: String, searched: String },

    #[error(
        "{path}: not found; `make setup` (scripts/fetch-voice) installs the voice and ONNX Runtime"
    )]
    NotFound { path: PathBuf },

    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    #[error(
        "{path}: not a Piper voice config: {detail}; install the voice again (scripts/fetch-voice)"
    )]
    Config { path: PathBuf, detail: String },

    #[error("{path}: not a usable Piper voice model: {detail}; install the voice again (scripts/fetch-voice)")]
    Model { path: PathBuf, detail: String },

    #[error("{path}: cannot load ONNX Runtime: {detail}; install it again (scripts/fetch-voice)")]
    Runtime { path: PathBuf, detail: String },

    #[error("{path}: sha256 is {actual} but {expected} was recorded on install: the file changed or is damaged; install the voice again (scripts/fetch-voice)")]
    Checksum {
        path: PathBuf,
        expected: String,
        actual: String,
    },

    #[error("espeak-ng is not installed ({detail}); install the Debian package espeak-ng (`make setup` does)")]
    EspeakMissing { detail: String },

    #[error("espeak-ng failed: {detail}")]
    Espeak { detail: String },

    #[error("synthesis failed: {detail}")]
    Synthesis { detail: String },

    #[error("nothing to say: the text has no words")]
    EmptyText,

    #[error("speed {speed} is out of range: use a factor from {min} to {max} (1 is the voice's own pace)")]
    Speed { speed: f32, min: f32, max: f32 },

    #[error("{path}: cannot write WAV: {detail}")]
    Wav { path: PathBuf, detail: String },
}

impl VoiceError {
    /// The stable code scripts and the UI match on; never changes once published.
    pub fn code(&self) -> &'static str {
        match self {
            Self::UnknownVoice { .. } => "voice_unknown",
            Self::NotFound { .. } => "voice_not_found",
            Self::Io { .. } => "voice_io",
            Self::Config { .. } => "voice_config",
            Self::Model { .. } => "voice_model",
            Self::Runtime { .. } => "voice_runtime",
            Self::Checksum { .. } => "voice_checksum",
            Self::EspeakMissing { .. } => "voice_espeak_missing",
            Self::Espeak { .. } => "voice_espeak",
            Self::Synthesis { .. } => "voice_synthesis",
            Self::EmptyText => "voice_empty_text",
            Self::Speed { .. } => "voice_speed",
            Self::Wav { .. } => "voice_wav",
        }
    }

    pub(crate) fn io(path: &std::path::Path, source: std::io::Error) -> Self {
        if source.kind() == std::io::ErrorKind::NotFound {
            Self::NotFound {
                path: path.to_path_buf(),
            }
        } else {
            Self::Io {
                path: path.to_path_buf(),
                source,
            }
        }
    }
}

pub type Result<T> = std::result::Result<T, VoiceError>;
