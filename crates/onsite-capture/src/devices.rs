//! Everything `onsite devices` reports, in one serialisable value.

use crate::camera::{list_cameras, CameraChoice, CameraInfo};
use crate::error::Result;
use crate::mic::{list_microphones, MicChoice, MicInfo};

/// The capture devices of this machine. Empty lists are normal (no camera, no sound card).
#[derive(Debug, Clone, serde::Serialize)]
pub struct Devices {
    pub microphones: Vec<MicInfo>,
    pub cameras: Vec<CameraInfo>,
}

pub fn list() -> Result<Devices> {
    Ok(Devices {
        microphones: list_microphones()?,
        cameras: list_cameras()?,
    })
}

/// The store setting under which [`DeviceChoice`] is remembered.
pub const SETTINGS_KEY: &str = "devices";

/// The camera and microphone the user chose, as remembered between runs (ids as
/// [`list`] reports them). `None` means "the default microphone" / "no camera chosen yet".
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct DeviceChoice {
    #[serde(default)]
    pub camera: Option<String>,
    #[serde(default)]
    pub mic: Option<String>,
}

impl DeviceChoice {
    /// The value stored under [`SETTINGS_KEY`].
    pub fn to_setting(&self) -> serde_json::Value {
        serde_json::json!({ "camera": self.camera, "mic": self.mic })
    }

    /// Reads a stored value. Anything unreadable (an older or hand-edited setting) is "no
    /// choice yet" rather than an error: the defaults still work and the next choice fixes it.
    pub fn from_setting(value: Option<serde_json::Value>) -> Self {
        value
            .and_then(|v| match serde_json::from_value(v) {
                Ok(choice) => Some(choice),
                Err(e) => {
                    tracing::warn!(error = %e, "ignoring an unreadable device choice");
                    None
                }
            })
            .unwrap_or_default()
    }

    /// What a take or preview opens: the chosen camera if it is still connected (else the
    /// first one, else none), the chosen microphone by id or name (the microphone code falls
    /// back to the default when it is gone). `synthetic` and `none` pass through.
    pub fn resolve(&self, devices: &Devices) -> (CameraChoice, MicChoice) {
        let camera = match self.camera.as_deref() {
            Some("none") => CameraChoice::None,
            Some("synthetic") => CameraChoice::Synthetic,
            Some(id) if devices.cameras.iter().any(|c| c.id == id) => CameraChoice::from_id(id),
            // A listed `synthetic` camera (test set-ups) opens as the synthetic one.
            _ => devices
                .cameras
                .first()
                .map_or(CameraChoice::None, |c| CameraChoice::from_id(&c.id)),
        };
        let mic = match self.mic.as_deref() {
            None | Some("default") => MicChoice::Default,
            Some("none") => MicChoice::None,
            Some(id) => MicChoice::Named(id.to_owned()),
        };
        (camera, mic)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn devices(cameras: &[&str]) -> Devices {
        Devices {
            microphones: Vec::new(),
            cameras: cameras
                .iter()
                .map(|id| CameraInfo {
                    id: (*id).to_owned(),
                    name: format!("cam {id}"),
                    description: String::new(),
                })
                .collect(),
        }
    }

    #[test]
    fn a_gone_camera_falls_back_to_the_first_and_mics_pass_through() {
        let chosen = DeviceChoice {
            camera: Some("2".into()),
            mic: Some("USB mic".into()),
        };
        assert_eq!(
            chosen.resolve(&devices(&["0", "2"])),
            (
                CameraChoice::Device("2".into()),
                MicChoice::Named("USB mic".into())
            )
        );
        assert_eq!(
            chosen.resolve(&devices(&["0"])).0,
            CameraChoice::Device("0".into())
        );
        assert_eq!(chosen.resolve(&devices(&[])).0, CameraChoice::None);
        assert_eq!(
            DeviceChoice::default().resolve(&devices(&["synthetic"])).0,
            CameraChoice::Synthetic,
            "a listed test camera opens as the synthetic one"
        );
        let synthetic = DeviceChoice {
            camera: Some("synthetic".into()),
            mic: None,
        };
        assert_eq!(
            synthetic.resolve(&devices(&[])),
            (CameraChoice::Synthetic, MicChoice::Default)
        );
    }
}
