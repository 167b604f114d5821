//! The microphone: the level meter and the "say something" test, transcribed with the app's
//! one speech model. Thin: monitor and recording are `onsite_capture`, transcription is
//! `onsite_speech`; opening a device and inference run on a blocking thread.

use std::time::Duration;

use onsite_capture::mic::MicChoice;
use onsite_speech::{Stream, StreamConfig};
use tauri::{AppHandle, State};
use tauri_specta::Event;

use crate::blocking::blocking;
use crate::error::CommandError;
use crate::state::devices::{self, MonitorSlot};
use crate::state::{Shell, StoreThread};
use crate::views::devices::{MicLevel, MicTest};

/// The longest microphone test.
pub const MAX_TEST_SECONDS: u32 = 30;

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
            Ok(level) => MicLevel::from(level),
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

/// The microphone `mic` names, or the remembered one.
async fn microphone(store: &StoreThread, mic: Option<String>) -> Result<MicChoice, CommandError> {
    let remembered = store.remembered_devices().await;
    blocking(move || Ok(devices::resolve(remembered, None, mic)?.1)).await
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
    let mic = microphone(&store, mic).await?;
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
    let mic = microphone(&store, mic).await?;
    let model_name = store.settings().await?.model;
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
            |level| emit(&level_app, MicLevel::from(level)),
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
