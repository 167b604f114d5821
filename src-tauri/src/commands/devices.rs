//! Devices: list and choose the camera and microphone (remembered in the store), the camera
//! preview (frames as raw bytes, no base64), the microphone level meter, the "say something"
//! test transcribed with the app's one speech model, and that model's status.
//!
//! Thin: devices, preview and monitor are `onsite_capture`, transcription is `onsite_speech`.
//! Anything that opens a device, waits for a frame or runs inference is on a blocking thread.

use std::time::Duration;

use onsite_capture::camera::{CameraChoice, CameraInfo};
use onsite_capture::devices::{self as capture_devices, DeviceChoice, Devices, SETTINGS_KEY};
use onsite_capture::mic::MicChoice;
use onsite_capture::preview::PreviewTap;
use onsite_speech::{Stream, StreamConfig};
use serde::Serialize;
use tauri::ipc::{InvokeResponseBody, IpcResponse};
use tauri::{AppHandle, State};
use tauri_specta::Event;

use crate::commands::settings::MODEL_KEY;
use crate::devices_state::MonitorSlot;
use crate::error::CommandError;
use crate::speech_model::ModelStatus;
use crate::store_thread::StoreThread;
use crate::Shell;

/// Set to `1` to list the synthetic test camera (end-to-end tests; it is never shown to users).
pub const TEST_DEVICES_ENV: &str = "ONSITE_TEST_DEVICES";
/// The longest microphone test.
pub const MAX_TEST_SECONDS: u32 = 30;
/// How long `preview_frame` waits for a frame newer than the one the UI has.
const FRAME_WAIT: Duration = Duration::from_millis(500);

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

/// The cameras and microphones of this machine, plus the synthetic camera when
/// `ONSITE_TEST_DEVICES=1`. What a session resolves its remembered choice against too.
pub fn available_devices() -> Result<Devices, CommandError> {
    let mut devices = capture_devices::list()?;
    if std::env::var(TEST_DEVICES_ENV).is_ok_and(|v| v == "1") {
        devices.cameras.push(CameraInfo {
            id: "synthetic".into(),
            name: "Test pattern (synthetic camera)".into(),
            description: "for automated tests".into(),
        });
    }
    Ok(devices)
}

async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, CommandError> + Send + 'static,
) -> Result<T, CommandError> {
    tauri::async_runtime::spawn_blocking(f)
        .await
        .map_err(|e| CommandError::new("internal", format!("a background task failed: {e}")))?
}

/// The remembered choice; a store that cannot be read means "nothing chosen" (the defaults
/// still work), not a device check that cannot open.
async fn remembered(store: &StoreThread) -> DeviceChoice {
    match store.run(|s| Ok(s.setting(SETTINGS_KEY)?)).await {
        Ok(value) => DeviceChoice::from_setting(value),
        Err(e) => {
            tracing::warn!(code = %e.code, "could not read the remembered devices: {e}");
            DeviceChoice::default()
        }
    }
}

async fn chosen_model(store: &StoreThread) -> Result<Option<String>, CommandError> {
    store
        .run(|s| {
            Ok(s.setting(MODEL_KEY)?
                .and_then(|v| v.as_str().map(str::to_owned)))
        })
        .await
}

/// The camera and microphone `camera`/`mic` (or, when `None`, the remembered ones) resolve to.
async fn resolve(
    store: &StoreThread,
    camera: Option<String>,
    mic: Option<String>,
) -> Result<(CameraChoice, MicChoice), CommandError> {
    let mut choice = remembered(store).await;
    if camera.is_some() {
        choice.camera = camera;
    }
    if mic.is_some() {
        choice.mic = mic;
    }
    blocking(move || Ok(choice.resolve(&available_devices()?))).await
}

/// The cameras and microphones, and which are chosen.
#[tauri::command]
#[specta::specta]
pub async fn devices_list(store: State<'_, StoreThread>) -> Result<DevicesView, CommandError> {
    let chosen = remembered(&store).await;
    let devices = blocking(available_devices).await?;
    Ok(DevicesView {
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
        chosen: ChosenView {
            camera: chosen.camera,
            mic: chosen.mic,
        },
    })
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
    store
        .run(move |s| {
            let mut choice = DeviceChoice::from_setting(s.setting(SETTINGS_KEY)?);
            if camera.is_some() {
                choice.camera = camera;
            }
            if mic.is_some() {
                choice.mic = mic;
            }
            s.set_setting(SETTINGS_KEY, &choice.to_setting())?;
            Ok(ChosenView {
                camera: choice.camera,
                mic: choice.mic,
            })
        })
        .await
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
    let (camera, _) = resolve(&store, camera, None).await?;
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

fn level_event(level: onsite_capture::audio::level::Level) -> MicLevel {
    MicLevel {
        rms_db: level.rms_db(),
        peak_db: level.peak_db(),
        error: None,
    }
}

fn emit(app: &AppHandle, event: MicLevel) {
    if let Err(e) = event.emit(app) {
        tracing::debug!(error = %e, "could not send the microphone level");
    }
}

fn start_monitor(
    monitor: &MonitorSlot,
    app: AppHandle,
    mic: MicChoice,
) -> Result<(), CommandError> {
    monitor.start(mic, move |reading| {
        let event = match reading {
            Ok(level) => level_event(level),
            Err(failure) => MicLevel {
                rms_db: onsite_capture::audio::level::FLOOR_DB,
                peak_db: onsite_capture::audio::level::FLOOR_DB,
                error: Some(failure.into()),
            },
        };
        emit(&app, event);
    })?;
    Ok(())
}

/// Listens to `mic` (or the remembered one) and sends `MicLevel` events until stopped.
#[tauri::command]
#[specta::specta]
pub async fn mic_monitor_start(
    app: AppHandle,
    shell: State<'_, Shell>,
    store: State<'_, StoreThread>,
    mic: Option<String>,
) -> Result<(), CommandError> {
    let (_, mic) = resolve(&store, None, mic).await?;
    let monitor = shell.monitor().clone();
    blocking(move || start_monitor(&monitor, app, mic)).await
}

#[tauri::command]
#[specta::specta]
pub async fn mic_monitor_stop(shell: State<'_, Shell>) -> Result<(), CommandError> {
    let monitor = shell.monitor().clone();
    blocking(move || {
        monitor.stop();
        Ok(())
    })
    .await
}

/// Records `seconds` (1-30) from `mic` (or the remembered one) and transcribes it with the
/// app's speech model. `MicLevel` events flow meanwhile; a running monitor pauses for it.
#[tauri::command]
#[specta::specta]
pub async fn mic_test(
    app: AppHandle,
    shell: State<'_, Shell>,
    store: State<'_, StoreThread>,
    mic: Option<String>,
    seconds: u32,
) -> Result<MicTest, CommandError> {
    if !(1..=MAX_TEST_SECONDS).contains(&seconds) {
        return Err(CommandError::new(
            "bad_test_length",
            format!("a microphone test lasts 1 to {MAX_TEST_SECONDS} seconds, not {seconds}"),
        ));
    }
    let (_, mic) = resolve(&store, None, mic).await?;
    let model_name = chosen_model(&store).await?;
    let data_dir = shell.data_dir()?.clone();
    let (speech_model, monitor) = (shell.speech_model().clone(), shell.monitor().clone());
    blocking(move || {
        // Warm the model while recording.
        let status = speech_model.status(&data_dir, model_name.as_deref());
        if let Some(error) = status.error {
            return Err(error);
        }
        let resume = monitor.stop();
        let level_app = app.clone();
        let clip = onsite_capture::monitor::record_clip(
            &mic,
            Duration::from_secs(u64::from(seconds)),
            |level| emit(&level_app, level_event(level)),
        );
        if let Some(previous) = resume {
            if let Err(e) = start_monitor(&monitor, app, previous) {
                tracing::warn!(error = %e, "could not resume the microphone monitor");
            }
        }
        let clip = clip?;
        let model = speech_model.get(&data_dir, model_name.as_deref())?;
        let name = model.name().to_owned();
        // The live settings: the person is waiting, so what is left at the end (here, all of
        // it) is decoded with the encoder shrunk to the clip's length.
        let stream = Stream::start(model, StreamConfig::live())?;
        stream.send(clip.samples)?;
        let (transcript, _) = stream.finish()?;
        let text = transcript.text.trim().to_owned();
        Ok(MicTest {
            heard_speech: !text.is_empty(),
            transcript: text,
            peak_db: clip.level.peak_db(),
            rms_db: clip.level.rms_db(),
            seconds,
            model: name,
        })
    })
    .await
}

/// The speech model's state; asking starts loading it in the background the first time.
#[tauri::command]
#[specta::specta]
pub async fn model_status(
    shell: State<'_, Shell>,
    store: State<'_, StoreThread>,
) -> Result<ModelStatus, CommandError> {
    let name = chosen_model(&store).await?;
    let data_dir = shell.data_dir()?.clone();
    let speech_model = shell.speech_model().clone();
    blocking(move || Ok(speech_model.status(&data_dir, name.as_deref()))).await
}
