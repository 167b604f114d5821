//! Devices: list and choose the camera and microphone (remembered with the settings) and the
//! camera preview, whose frames cross IPC as raw bytes. Thin: devices and preview are
//! `onsite_capture`; anything that opens a device or waits for a frame runs on a blocking
//! thread.

use std::time::Duration;

use onsite_capture::camera::CameraChoice;
use onsite_capture::preview::PreviewTap;
use tauri::State;

use crate::blocking::blocking;
use crate::error::CommandError;
use crate::state::devices::{self, available_devices};
use crate::state::settings::Change;
use crate::state::{Shell, StoreThread};
use crate::views::devices::{ChosenView, DevicesView, PreviewBytes};

/// How long `preview_frame` waits for a frame newer than the one the UI has.
const FRAME_WAIT: Duration = Duration::from_millis(500);

/// The cameras and microphones, and which are chosen.
#[tauri::command]
#[specta::specta]
pub async fn devices_list(store: State<'_, StoreThread>) -> Result<DevicesView, CommandError> {
    let chosen = store.remembered_devices().await;
    let devices = blocking(|| Ok(available_devices()?)).await?;
    Ok(DevicesView::new(devices, chosen))
}

/// Remembers the camera and microphone (ids from `devices_list`; `none` for no camera;
/// `None` keeps the current choice of that device).
#[tauri::command]
#[specta::specta]
pub async fn devices_choose(
    store: State<'_, StoreThread>,
    camera: Option<String>,
    mic: Option<String>,
) -> Result<ChosenView, CommandError> {
    let settings = store
        .change_settings(Change::Devices { camera, mic })
        .await?;
    Ok(ChosenView::from(settings.devices))
}

/// Opens `camera` (or the remembered one) for preview only; frames via `preview_frame`. While
/// a take records, its frames are served instead and this does nothing.
#[tauri::command]
#[specta::specta]
pub async fn preview_start(
    shell: State<'_, Shell>,
    store: State<'_, StoreThread>,
    camera: Option<String>,
) -> Result<(), CommandError> {
    let remembered = store.remembered_devices().await;
    let (camera, _) = blocking(move || Ok(devices::resolve(remembered, camera, None)?)).await?;
    if camera == CameraChoice::None {
        return Err(CommandError::new(
            "no_camera",
            "no camera found: connect one and choose it here, or practise audio-only",
        ));
    }
    let slot = shell.preview().clone();
    blocking(move || Ok(slot.start_standalone(&camera)?)).await
}

/// Closes the stand-alone preview's camera.
#[tauri::command]
#[specta::specta]
pub async fn preview_stop(shell: State<'_, Shell>) -> Result<(), CommandError> {
    let slot = shell.preview().clone();
    blocking(move || {
        slot.stop_standalone();
        Ok(())
    })
    .await
}

/// The newest preview frame after frame `after` (0 or none: any), waiting up to half a second
/// for one; empty bytes if none came (no camera running). Call again with the frame's number.
#[tauri::command]
#[specta::specta]
pub async fn preview_frame(
    shell: State<'_, Shell>,
    after: Option<u32>,
) -> Result<PreviewBytes, CommandError> {
    let slot = shell.preview().clone();
    blocking(move || {
        let tap: &PreviewTap = slot.tap();
        match tap.wait_newer_jpeg(u64::from(after.unwrap_or(0)), FRAME_WAIT)? {
            Some(frame) => Ok(PreviewBytes(frame.to_wire())),
            None => match slot.standalone_failure() {
                Some(failure) => Err(CommandError::new(
                    "camera_failed",
                    format!("the camera stopped: {failure}. Check it is connected, then retry"),
                )),
                None => Ok(PreviewBytes(Vec::new())),
            },
        }
    })
    .await
}
