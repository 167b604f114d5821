//! The interview room: start a live session, control it, read its view, and a take's feedback.
//! Thin: the coordinator in `onsite_live` does the work; these resolve inputs (data folder,
//! model, the remembered settings) and run anything slow on a blocking thread.

use std::sync::Arc;

use onsite_capture::camera::CameraChoice;
use onsite_live::plan::{self, InterviewOptions};
use onsite_live::{
    LiveError, LiveOptions, LiveSession, LiveView, SessionAction, StartRequest, TakeFeedback,
};
use onsite_rubric::RubricPack;
use tauri::{AppHandle, State};

use crate::blocking::blocking;
use crate::error::CommandError;
use crate::state::{devices, LiveState, Settings, Shell, StoreThread};

/// How long starting a session waits for question 1's first sentence to be ready to play.
const FIRST_LINE_WAIT: std::time::Duration = std::time::Duration::from_secs(2);

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
    store: State<'_, StoreThread>,
    live: State<'_, LiveState>,
) -> Result<LiveView, CommandError> {
    let data_dir = shell.data_dir()?.clone();
    // Unreadable settings are "not chosen": the defaults still work.
    let remembered = store.settings().await.unwrap_or_else(|e| {
        tracing::warn!(code = %e.code, "starting with the default settings: {e}");
        Settings::default()
    });
    let live = live.inner().clone();
    let speech_model = shell.speech_model().clone();
    let preview = shell.preview().clone();
    let preview_end = preview.clone();
    let voice = shell.voice().clone();
    blocking(move || {
        live.install(
            || {
                let mut req = request.plan_request();
                // A different draw among equally relevant questions each session, or the one the
                // device check planned ahead (its question 1 is being prepared already).
                req.seed = voice
                    .seed_planned_for(&req)
                    .unwrap_or_else(|| u64::try_from(onsite_store::now_ms()).unwrap_or_default());
                let plan = plan::resolve(&req, Some(&data_dir.questions_dir()))?;
                let mut first_line = None;
                if remembered.voice_on != Some(false) {
                    // The questions are known now: the voice prepares question 1 while the
                    // devices open and the model loads.
                    let texts = plan
                        .config
                        .questions
                        .iter()
                        .map(|q| q.question.text.clone());
                    first_line = voice.plan_session(
                        &data_dir,
                        texts.collect(),
                        remembered.voice_speed.unwrap_or(1.0),
                    );
                }
                let turns = remembered.turns();
                let model = speech_model.get(&data_dir, remembered.model.as_deref())?;
                let pack = Arc::new(RubricPack::select(
                    Some(&data_dir.rubrics_dir()),
                    remembered.rubric_pack.as_deref(),
                )?);
                // The same list the device check offers (it includes the test camera in test set-ups).
                let (camera, mic) = devices::resolve(
                    remembered.devices,
                    request.camera.clone(),
                    request.mic.clone(),
                )?;
                let mut opts = LiveOptions::new(data_dir.clone(), plan, model, pack);
                if camera != CameraChoice::None {
                    // The room's camera view shows the takes' frames (a camera opens once).
                    opts.preview = Some(preview.tap_for_take());
                }
                opts.camera = camera;
                opts.mic = mic;
                opts.captions = request.captions;
                opts.hands_free = turns;
                // Question 1 shows (and its prep timer starts) once its first sentence can
                // play at once, unless that takes long: then the voice catches up.
                if let Some(line) = first_line {
                    line.wait(FIRST_LINE_WAIT);
                }
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
    store: State<'_, StoreThread>,
) -> Result<TakeFeedback, CommandError> {
    let rubrics = shell.data_dir()?.rubrics_dir();
    store
        .run(move |s| {
            let chosen = Settings::read(s).rubric_pack;
            let pack = RubricPack::select(Some(&rubrics), chosen.as_deref())?;
            Ok(onsite_live::feedback::load(s, i64::from(take_id), &pack)?)
        })
        .await
}
