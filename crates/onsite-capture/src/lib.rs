//! Capture and recording for Onsite: microphone (cpal), camera (nokhwa), and the crash-safe
//! recorder that writes each take as fragmented MP4 (H.264 + Opus) a webview can play with
//! Media Source Extensions.
//!
//! Boundaries: pure signal code lives in [`audio`] and [`video`] (no devices, no threads);
//! hardware sits behind the traits in [`source`] with real implementations ([`mic`],
//! [`camera`]) and test sources; the MP4 file format work is in [`mp4`]; [`recorder`] owns the
//! threads and state of a take, [`pause`] its paused stretches, and [`session_mic`] keeps one
//! microphone open across a session's takes with a short history. Speech recognition, storage and UI are other crates' jobs:
//! this crate hands them 16 kHz mono samples, a file path and a codecs string. No Tauri here.

pub mod audio;
pub mod bench;
pub mod camera;
pub mod devices;
pub mod error;
pub mod mic;
pub mod monitor;
pub mod mp4;
pub mod pause;
pub mod preview;
pub mod recorder;
pub mod session_mic;
pub mod source;
pub mod video;

pub use error::{CaptureError, Result};
pub use mp4::finalize::{finalize, inspect, TakeInfo, TrackInfo};
pub use mp4::writer::{recover, recover_unfinished};
pub use recorder::{AudioChoice, RecordOptions, Recording, TakeSummary};
pub use session_mic::{MicTap, SessionMic};
