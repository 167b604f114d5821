//! The device check's views: the cameras and microphones with the remembered choice, the
//! microphone level events, what the "say something" test heard, and preview frames as raw
//! bytes (no base64, no JSON).

use onsite_capture::devices::{DeviceChoice, Devices};
use serde::Serialize;
use tauri::ipc::{InvokeResponseBody, IpcResponse};

use crate::error::CommandError;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct CameraView {
    pub id: String,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct MicView {
    pub id: String,
    pub name: String,
    pub is_default: bool,
}

/// The remembered choice; `None` = not chosen (the default microphone, the first camera).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct ChosenView {
    pub camera: Option<String>,
    pub mic: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct DevicesView {
    pub cameras: Vec<CameraView>,
    pub mics: Vec<MicView>,
    pub chosen: ChosenView,
}

/// The microphone level, about ten times a second while the monitor or a test runs:
/// `events.micLevel.listen(...)`. `error` is set (and the meter stops) if the device failed.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type, tauri_specta::Event)]
pub struct MicLevel {
    pub rms_db: f32,
    pub peak_db: f32,
    pub error: Option<CommandError>,
}

/// What the "say something" test heard.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
pub struct MicTest {
    pub transcript: String,
    pub peak_db: f32,
    pub rms_db: f32,
    /// Whisper found words in it (false: silence, or too quiet to understand).
    pub heard_speech: bool,
    pub seconds: u32,
    /// The speech model that transcribed it.
    pub model: String,
}

/// A preview frame for the webview: `OSPV`, frame number (u32 LE), width and height (u16 LE),
/// then a JPEG. Empty when no new frame came in time. Reaches the UI as an `ArrayBuffer`.
#[derive(Debug)]
pub struct PreviewBytes(pub Vec<u8>);

impl IpcResponse for PreviewBytes {
    fn body(self) -> tauri::Result<InvokeResponseBody> {
        Ok(InvokeResponseBody::Raw(self.0))
    }
}

impl specta::Type for PreviewBytes {
    fn definition(_: &mut specta::Types) -> specta::datatype::DataType {
        specta::datatype::DataType::Reference(specta_typescript::define("ArrayBuffer"))
    }
}

impl DevicesView {
    pub fn new(devices: Devices, chosen: DeviceChoice) -> Self {
        DevicesView {
            cameras: devices
                .cameras
                .into_iter()
                .map(|c| CameraView {
                    id: c.id,
                    name: c.name,
                })
                .collect(),
            mics: devices
                .microphones
                .into_iter()
                .map(|m| MicView {
                    id: m.id,
                    name: m.name,
                    is_default: m.is_default,
                })
                .collect(),
            chosen: ChosenView::from(chosen),
        }
    }
}

impl From<DeviceChoice> for ChosenView {
    fn from(choice: DeviceChoice) -> Self {
        ChosenView {
            camera: choice.camera,
            mic: choice.mic,
        }
    }
}

impl From<onsite_capture::audio::level::Level> for MicLevel {
    fn from(level: onsite_capture::audio::level::Level) -> Self {
        MicLevel {
            rms_db: level.rms_db(),
            peak_db: level.peak_db(),
            error: None,
        }
    }
}
