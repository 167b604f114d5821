//! The interviewer's voice: its status, a line's sentences as WAV files for the webview to
//! play, lines prepared ahead, and the voice settings. Thin: `state::voice` holds the voice
//! and `onsite_voice` does the work.
//!
//! Playback is the webview's (Web Audio, from the WAV bytes): the shell never opens an audio
//! output device, so the microphone's capture stream (cpal/ALSA in `onsite_capture`) shares
//! nothing with the interviewer's audio, and stopping the voice is immediate on the page.
//! The bytes cross IPC raw (an `ArrayBuffer`), as a take's media does: no base64, no JSON.

use tauri::ipc::{InvokeResponseBody, IpcResponse};
use tauri::State;

use crate::blocking::blocking;
use crate::error::CommandError;
use crate::state::settings::Change;
use crate::state::voice::{VoiceSlot, VoiceStatus};
use crate::state::{Shell, StoreThread};
use onsite_live::plan;
use onsite_live::StartRequest;
use onsite_store::{LineKind, TakeId};

/// A WAV file's bytes; reach the UI as an `ArrayBuffer`.
#[derive(Debug)]
pub struct VoiceWav(pub Vec<u8>);

impl IpcResponse for VoiceWav {
    fn body(self) -> tauri::Result<InvokeResponseBody> {
        Ok(InvokeResponseBody::Raw(self.0))
    }
}

impl specta::Type for VoiceWav {
    fn definition(_: &mut specta::Types) -> specta::datatype::DataType {
        specta::datatype::DataType::Reference(specta_typescript::define("ArrayBuffer"))
    }
}

/// Whether the voice is installed and ready; the first call starts opening it.
#[tauri::command]
#[specta::specta]
pub fn voice_status(shell: State<'_, Shell>) -> Result<VoiceStatus, CommandError> {
    Ok(shell.voice().status(shell.data_dir()?))
}

/// The sentences a line is said in, in order (request each with `voice_sentence`).
#[tauri::command]
#[specta::specta]
pub fn voice_sentences(text: String) -> Vec<String> {
    VoiceSlot::sentences(&text)
}

/// Sentence `index` of `text` at `speed`, as a 16-bit mono WAV file.
#[tauri::command]
#[specta::specta]
pub async fn voice_sentence(
    text: String,
    index: u32,
    speed: f32,
    shell: State<'_, Shell>,
) -> Result<VoiceWav, CommandError> {
    let (voice, dir) = (shell.voice().clone(), shell.data_dir()?.clone());
    let asked = std::time::Instant::now();
    blocking(move || {
        let said = voice.sentence(&dir, &text, index, speed)?;
        // Info, not debug: the log file is where the time to a question's first sound is read
        // (prepared or not, synthesis, and the whole request including the WAV encoding).
        tracing::info!(
            index,
            prepared = said.prepared,
            synthesis_ms = said.synthesis_ms,
            total_ms = asked.elapsed().as_millis(),
            speed,
            "voice sentence handed out"
        );
        Ok(VoiceWav(said.wav))
    })
    .await
}

/// Prepares the first sentence of a line that will be said soon (the follow-up shown on the
/// feedback), in the background; returns at once.
#[tauri::command]
#[specta::specta]
pub fn voice_prepare(
    text: String,
    speed: f32,
    shell: State<'_, Shell>,
) -> Result<(), CommandError> {
    // Nobody waits for it: the line is said when the candidate asks for the follow-up.
    let _ = shell
        .voice()
        .prepare_in_background(shell.data_dir()?, text, speed);
    Ok(())
}

/// The first line of a session planned ahead: what the room will say first, at what speed.
#[derive(Debug, Clone, PartialEq, serde::Serialize, specta::Type)]
pub struct PlannedLine {
    pub text: String,
    pub speed: f32,
}

/// The session the device check will start, planned now so the voice prepares question 1's
/// first sentence while the candidate checks the camera and microphone; `session_start` with
/// the same request then draws the same questions. Returns question 1's line at once, so the
/// page can fetch and decode its first sentence ahead too (`voice_sentence` waits for the
/// preparation): question 1 then sounds as it shows. Nothing when the voice is turned off; a
/// plan that cannot be resolved is left for `session_start` to report.
#[tauri::command]
#[specta::specta]
pub async fn voice_plan_ahead(
    request: StartRequest,
    shell: State<'_, Shell>,
    store: State<'_, StoreThread>,
) -> Result<Option<PlannedLine>, CommandError> {
    let remembered = store.settings().await.unwrap_or_default();
    if remembered.voice_on == Some(false) {
        return Ok(None);
    }
    let speed = remembered.voice_speed.unwrap_or(1.0);
    let (voice, dir) = (shell.voice().clone(), shell.data_dir()?.clone());
    blocking(move || {
        let mut req = request.plan_request();
        req.seed = u64::try_from(onsite_store::now_ms()).unwrap_or_default();
        match plan::resolve(&req, Some(&dir.questions_dir())) {
            Ok(resolved) => {
                let texts: Vec<String> = resolved
                    .config
                    .questions
                    .iter()
                    .map(|q| q.question.text.clone())
                    .collect();
                let first = texts.first().cloned();
                // Nobody waits: the session waits (briefly) for question 1 when it starts.
                let _ = voice.plan_ahead(&dir, req, texts, speed);
                Ok(first.map(|text| PlannedLine { text, speed }))
            }
            Err(e) => {
                tracing::debug!("not planned ahead: {e}");
                Ok(None)
            }
        }
    })
    .await
}

/// Which part of a question a line is: the room's `LiveQuestionPart` ids (`main`,
/// `follow_up`), as the UI sends them back.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum SpokenPart {
    Main,
    FollowUp,
}

/// Keeps a line the interviewer said with the take it was said for (the question played while
/// the candidate prepared, so `said_at_ms` is usually before the take started). Times are
/// Unix milliseconds; the store places them on the take's timeline.
#[tauri::command]
#[specta::specta]
pub async fn interviewer_line_save(
    take_id: u32,
    part: SpokenPart,
    text: String,
    said_at_ms: f64,
    ended_at_ms: f64,
    stopped: bool,
    store: State<'_, StoreThread>,
) -> Result<(), CommandError> {
    let kind = match part {
        SpokenPart::Main => LineKind::Question,
        SpokenPart::FollowUp => LineKind::FollowUp,
    };
    let ms = |x: f64| -> Result<i64, CommandError> {
        if x.is_finite() && x >= 0.0 && x.fract() == 0.0 {
            Ok(x as i64)
        } else {
            Err(CommandError::new(
                "voice_line_time",
                format!("{x} is not a time in whole milliseconds"),
            ))
        }
    };
    let (from, to) = (ms(said_at_ms)?, ms(ended_at_ms)?);
    store
        .run(move |s| {
            s.add_interviewer_line(TakeId(i64::from(take_id)), kind, &text, from, to, stopped)?;
            Ok(())
        })
        .await
}

/// Turns hands-free turns on or off (`None`: on when the voice is on) and sets the silence
/// that ends an answer. A silence out of range is refused (`turn_silence`) and changes nothing.
#[tauri::command]
#[specta::specta]
pub async fn turns_settings_set(
    hands_free: Option<bool>,
    end_silence_s: u32,
    store: State<'_, StoreThread>,
) -> Result<(), CommandError> {
    store
        .change_settings(Change::EndSilence(Some(end_silence_s)))
        .await?;
    store.change_settings(Change::HandsFree(hands_free)).await?;
    Ok(())
}

/// Turns the interviewer's voice on or off (`None`: on when a voice is installed) and sets
/// its speed. A speed out of range is refused (`voice_speed`) and changes nothing.
#[tauri::command]
#[specta::specta]
pub async fn voice_settings_set(
    on: Option<bool>,
    speed: f32,
    store: State<'_, StoreThread>,
) -> Result<(), CommandError> {
    store
        .change_settings(Change::VoiceSpeed(Some(speed)))
        .await?;
    store.change_settings(Change::VoiceOn(on)).await?;
    Ok(())
}
