//! The one error type of the capture crate, with stable codes the UI and CLI can match on.

use std::path::PathBuf;

/// Everything that can go wrong while listing devices, capturing or recording.
#[derive(Debug, thiserror::Error)]
pub enum CaptureError {
    #[error("no microphone found: connect one, or record with --mic none")]
    NoMicrophone,
    #[error("microphone {0:?} not found (run `onsite devices` to list them)")]
    MicrophoneNotFound(String),
    #[error("the microphone could not be opened: {0}")]
    MicrophoneOpen(String),
    #[error("the microphone failed during the take: {0}")]
    MicrophoneFailed(String),
    #[error("camera {0:?} not found (run `onsite devices` to list them)")]
    CameraNotFound(String),
    #[error("the camera could not be opened: {0}")]
    CameraOpen(String),
    #[error("the camera failed during the take: {0}")]
    CameraFailed(String),
    #[error("unsupported camera frame format {0}")]
    UnsupportedFrameFormat(String),
    #[error("a camera frame could not be decoded: {0}")]
    FrameDecode(String),
    #[error("video encoder error: {0}")]
    VideoEncoder(String),
    #[error("audio encoder error: {0}")]
    AudioEncoder(String),
    #[error("resampler error: {0}")]
    Resample(String),
    #[error("muxer error: {0}")]
    Mux(String),
    #[error("a take needs a camera or a microphone; both are off")]
    NothingToRecord,
    #[error("{path}: not a recording Onsite can read ({reason})")]
    NotARecording { path: PathBuf, reason: String },
    #[error(
        "the disk is full: {path} could not be written; what was recorded up to now is kept. \
         Free some space and record again"
    )]
    DiskFull { path: PathBuf },
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

impl CaptureError {
    /// A stable identifier for the kind of failure (never the message text).
    pub fn code(&self) -> &'static str {
        match self {
            Self::NoMicrophone => "no_microphone",
            Self::MicrophoneNotFound(_) => "microphone_not_found",
            Self::MicrophoneOpen(_) => "microphone_open",
            Self::MicrophoneFailed(_) => "microphone_failed",
            Self::CameraNotFound(_) => "camera_not_found",
            Self::CameraOpen(_) => "camera_open",
            Self::CameraFailed(_) => "camera_failed",
            Self::UnsupportedFrameFormat(_) => "unsupported_frame_format",
            Self::FrameDecode(_) => "frame_decode",
            Self::VideoEncoder(_) => "video_encoder",
            Self::AudioEncoder(_) => "audio_encoder",
            Self::Resample(_) => "resample",
            Self::Mux(_) => "mux",
            Self::NothingToRecord => "nothing_to_record",
            Self::NotARecording { .. } => "not_a_recording",
            Self::DiskFull { .. } => "disk_full",
            Self::Io { .. } => "io",
        }
    }

    pub(crate) fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        if source.kind() == std::io::ErrorKind::StorageFull {
            return Self::DiskFull { path: path.into() };
        }
        Self::Io {
            path: path.into(),
            source,
        }
    }
}

pub type Result<T, E = CaptureError> = std::result::Result<T, E>;
