//! Everything that can go wrong turning audio into a transcript, as one enum the UI can show.

use std::path::PathBuf;

/// Why speech work failed. Match on [`SpeechError::code`], never on the message.
#[derive(Debug, thiserror::Error)]
pub enum SpeechError {
    #[error("cannot read {path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{path} is not audio Onsite can read ({detail}); use WAV, FLAC, MP3, Ogg/Vorbis, AAC/MP4 or MKV/WebM")]
    UnsupportedFormat { path: PathBuf, detail: String },
    #[error("{path} is damaged or cut short: {detail}")]
    Corrupt { path: PathBuf, detail: String },
    #[error("{path} holds no audio samples")]
    Empty { path: PathBuf },
    #[error("{path} is {size} bytes; the limit is {limit} bytes")]
    FileTooLarge {
        path: PathBuf,
        size: u64,
        limit: u64,
    },
    #[error("{path} lasts {seconds} s; the limit is {limit} s (split it first)")]
    TooLong {
        path: PathBuf,
        seconds: u64,
        limit: u64,
    },
    #[error("{path} has an unusable layout: {detail}")]
    BadLayout { path: PathBuf, detail: String },
    #[error("resampling failed: {0}")]
    Resample(String),
    #[error("whisper model {path} not found; run `make setup` (or `models/fetch-default`) to install the default model, or pass --model with a ggml file")]
    ModelMissing { path: PathBuf },
    #[error("whisper could not load {path}: the file is not a valid whisper.cpp ggml model (truncated or foreign); re-import it with `onsite models import-ct2`")]
    ModelLoad { path: PathBuf },
    #[error("whisper inference failed: {0}")]
    Inference(String),
    #[error("the transcription worker stopped unexpectedly")]
    WorkerGone,
}

impl SpeechError {
    /// Stable identifier for the UI and scripts.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Io { .. } => "speech_io",
            Self::UnsupportedFormat { .. } => "speech_unsupported_format",
            Self::Corrupt { .. } => "speech_corrupt_audio",
            Self::Empty { .. } => "speech_empty_audio",
            Self::FileTooLarge { .. } => "speech_file_too_large",
            Self::TooLong { .. } => "speech_audio_too_long",
            Self::BadLayout { .. } => "speech_bad_layout",
            Self::Resample(_) => "speech_resample",
            Self::ModelMissing { .. } => "speech_model_missing",
            Self::ModelLoad { .. } => "speech_model_load",
            Self::Inference(_) => "speech_inference",
            Self::WorkerGone => "speech_worker_gone",
        }
    }
}
