//! The interview room: start a live session, control it, read its view, and a take's feedback.
//! Thin: the coordinator in `onsite_live` does the work; these resolve inputs (data folder,
//! model, remembered devices) and run anything slow on a blocking thread.

use std::sync::Arc;

use onsite_capture::camera::CameraChoice;
use onsite_capture::devices::DeviceChoice;
use onsite_live::plan::{self, InterviewOptions};
use onsite_live::{
    LiveError, LiveOptions, LiveSession, LiveView, SessionAction, StartRequest, TakeFeedback,
};
use onsite_store::Store;
use tauri::{AppHandle, State};

use crate::commands::settings;
use crate::error::CommandError;
use crate::live::LiveState;
use crate::Shell;

/// Plans, tracks and levels the home screen offers.
#[tauri::command]
#[specta::specta]
pub fn interview_options() -> InterviewOptions {
    plan::interview_options()
}

/// The text of an uploaded résumé or job description (.txt, .md, .pdf, .docx).
#[tauri::command]
#[specta::specta]
pub async fn document_text(file_name: String, bytes: Vec<u8>) -> Result<String, CommandError> {
    blocking(move || Ok(plan::document_text(&file_name, &bytes)?)).await
}

/// Starts a session: picks the questions, checks the model and devices, shows question 1.
#[tauri::command]
#[specta::specta]
pub async fn session_start(
    request: StartRequest,
    app: AppHandle,
    shell: State<'_, Shell>,
    live: State<'_, LiveState>,
) -> Result<LiveView, CommandError> {
    let data_dir = shell.data_dir()?.clone();
    let live = live.inner().clone();
    let speech_model = shell.speech_model().clone();
    let preview = shell.preview().clone();
    let preview_end = preview.clone();
    blocking(move || {
        live.install(
            || {
                let mut req = request.plan_request();
                // A different draw among equally relevant questions each session.
                req.seed = u64::try_from(onsite_store::now_ms()).unwrap_or_default();
                let plan = plan::resolve(&req, Some(&data_dir.questions_dir()))?;
                let remembered = Remembered::read(&data_dir);
                let model = speech_model.get(&data_dir, remembered.model.as_deref())?;
                let pack = Arc::new(onsite_rubric::RubricPack::select(
                    Some(&data_dir.rubrics_dir()),
                    remembered.rubric.as_deref(),
                )?);
                let mut choice = DeviceChoice::from_setting(remembered.devices);
                if request.camera.is_some() {
                    choice.camera = request.camera.clone();
                }
                if request.mic.is_some() {
                    choice.mic = request.mic.clone();
                }
                // The same list the device check offers (it includes the test camera in test set-ups).
                let (camera, mic) = choice.resolve(&crate::commands::devices::available_devices()?);
                let mut opts = LiveOptions::new(data_dir.clone(), plan, model, pack);
                if camera != CameraChoice::None {
                    // The room's camera view shows the takes' frames (a camera opens once).
                    opts.preview = Some(preview.tap_for_take());
                }
                opts.camera = camera;
                opts.mic = mic;
                opts.captions = request.captions;
                LiveSession::start(opts).map_err(|e| {
                    preview.take_ended();
                    CommandError::from(e)
                })
            },
            app,
            move || preview_end.take_ended(),
        )
    })
    .await
}

/// Applies a room action (begin/stop answer, pause, resume, skip, retry, next, end).
#[tauri::command]
#[specta::specta]
pub async fn session_control(
    action: SessionAction,
    live: State<'_, LiveState>,
) -> Result<LiveView, CommandError> {
    let live = live.inner().clone();
    blocking(move || {
        live.with(|s| s.control(action))
            .unwrap_or(Err(LiveError::NotRunning))
            .map_err(CommandError::from)
    })
    .await
}

/// The current session's view, or None when no session has been started.
#[tauri::command]
#[specta::specta]
pub fn session_view(live: State<'_, LiveState>) -> Option<LiveView> {
    live.with(LiveSession::view)
}

/// The feedback of a scored take, read back from the store (the room and replay use it).
#[tauri::command]
#[specta::specta]
pub async fn take_feedback(
    take_id: u32,
    shell: State<'_, Shell>,
) -> Result<TakeFeedback, CommandError> {
    let data_dir = shell.data_dir()?.clone();
    blocking(move || {
        let rubric = Remembered::read(&data_dir).rubric;
        let store = Store::open(&data_dir)?;
        let pack =
            onsite_rubric::RubricPack::select(Some(&data_dir.rubrics_dir()), rubric.as_deref())?;
        Ok(onsite_live::feedback::load(
            &store,
            i64::from(take_id),
            &pack,
        )?)
    })
    .await
}

/// The choices made in Settings and Devices that a session uses.
#[derive(Debug, Default)]
struct Remembered {
    devices: Option<serde_json::Value>,
    rubric: Option<String>,
    model: Option<String>,
}

impl Remembered {
    /// Unreadable settings are "not chosen": the defaults still work.
    fn read(data_dir: &onsite_datadir::DataDir) -> Remembered {
        let Ok(store) = Store::open(data_dir) else {
            return Remembered::default();
        };
        let get = |key: &str| store.setting(key).ok().flatten();
        let text = |key: &str| get(key).and_then(|v| v.as_str().map(str::to_owned));
        Remembered {
            devices: get(onsite_capture::devices::SETTINGS_KEY),
            rubric: text(settings::RUBRIC_KEY),
            model: text(settings::MODEL_KEY),
        }
    }
}

/// Runs blocking work (inference set-up, file and database I/O) off the async runtime.
async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, CommandError> + Send + 'static,
) -> Result<T, CommandError> {
    tauri::async_runtime::spawn_blocking(f)
        .await
        .map_err(|e| CommandError::new("internal", format!("a background task failed: {e}")))?
}
