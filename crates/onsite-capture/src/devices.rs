//! Everything `onsite devices` reports, in one serialisable value.

use crate::camera::{list_cameras, CameraInfo};
use crate::error::Result;
use crate::mic::{list_microphones, MicInfo};

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
