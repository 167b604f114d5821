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
use onsite_voice::Library;
use serde::Serialize;

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

/// Whether the chosen voice is installed and ready; the first call starts opening it.
#[tauri::command]
#[specta::specta]
pub async fn voice_status(
    shell: State<'_, Shell>,
    store: State<'_, StoreThread>,
) -> Result<VoiceStatus, CommandError> {
    // The remembered choice, in case this is the first the shell hears of the voice.
    let remembered = store.settings().await.unwrap_or_default();
    shell.voice().choose(remembered.voice_name);
    Ok(shell.voice().status(shell.data_dir()?))
}

/// The kinds of voice, as the UI receives them ([`onsite_voice::VoiceKind`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum VoiceKindView {
    Piper,
    Espeak,
}

impl From<onsite_voice::VoiceKind> for VoiceKindView {
    fn from(kind: onsite_voice::VoiceKind) -> Self {
        match kind {
            onsite_voice::VoiceKind::Piper => Self::Piper,
            onsite_voice::VoiceKind::Espeak => Self::Espeak,
        }
    }
}

/// One voice Settings offers: the installed Piper voices and the espeak-ng fallback, by the
/// names `onsite say --voice` takes.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
pub struct VoiceOption {
    pub name: String,
    pub kind: VoiceKindView,
    /// What kind of voice it is, in words.
    pub label: String,
    /// The voice used when none is chosen.
    pub default: bool,
    /// Why it cannot be used, when it cannot (it is listed, not offered).
    pub problem: Option<CommandError>,
}

/// The voices that can be chosen, in the library's order (Piper voices, then espeak-ng).
#[tauri::command]
#[specta::specta]
pub async fn voice_list(shell: State<'_, Shell>) -> Result<Vec<VoiceOption>, CommandError> {
    let dir = shell.data_dir()?.clone();
    blocking(move || Ok(voice_options(&Library::standard(&dir.models_dir())))).await
}

fn voice_options(library: &Library) -> Vec<VoiceOption> {
    library
        .list()
        .into_iter()
        .map(|entry| VoiceOption {
            label: entry.kind.label().to_string(),
            kind: entry.kind.into(),
            default: entry.default,
            problem: entry.problem.map(|message| {
                CommandError::new(
                    entry.problem_code.as_deref().unwrap_or("voice_unusable"),
                    message,
                )
            }),
            name: entry.name,
        })
        .collect()
}

/// Chooses the interviewer's voice (`None`: the default Piper voice) for the room, the device
/// check and the samples. A name that is not an installed, usable voice is refused
/// (`voice_unknown`) and changes nothing.
#[tauri::command]
#[specta::specta]
pub async fn voice_choose(
    name: Option<String>,
    shell: State<'_, Shell>,
    store: State<'_, StoreThread>,
) -> Result<(), CommandError> {
    if let Some(name) = &name {
        let dir = shell.data_dir()?.clone();
        let options =
            blocking(move || Ok(voice_options(&Library::standard(&dir.models_dir())))).await?;
        check_choice(&options, name)?;
    }
    store
        .change_settings(Change::VoiceName(name.clone()))
        .await?;
    shell.voice().choose(name);
    Ok(())
}

/// `name` is one of `options` and usable.
fn check_choice(options: &[VoiceOption], name: &str) -> Result<(), CommandError> {
    match options.iter().find(|o| o.name == name) {
        Some(VoiceOption {
            problem: Some(problem),
            ..
        }) => Err(CommandError::new(
            &problem.code,
            format!("the voice {name} cannot be used: {}", problem.message),
        )),
        Some(_) => Ok(()),
        None => Err(CommandError::new(
            "voice_unknown",
            format!(
                "no voice named {name}; choose one of: {}",
                options
                    .iter()
                    .map(|o| o.name.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        )),
    }
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
    voice.choose(remembered.voice_name);
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_voices_offered_are_the_installed_ones_and_an_unknown_choice_is_refused() {
        let dir = tempfile::tempdir().expect("tempdir");
        // A library with no Piper voice: espeak-ng alone is offered (Debian's espeak-ng).
        let options = voice_options(&Library::new(vec![dir.path().join("voice")]));
        let names: Vec<&str> = options.iter().map(|o| o.name.as_str()).collect();
        assert_eq!(names, vec![onsite_voice::ESPEAK_VOICE]);
        assert_eq!(options[0].kind, VoiceKindView::Espeak);
        assert!(options[0].problem.is_none(), "{:?}", options[0].problem);
        assert!(check_choice(&options, onsite_voice::ESPEAK_VOICE).is_ok());
        let err = check_choice(&options, "en_US-joe-medium").expect_err("not installed here");
        assert_eq!(err.code, "voice_unknown");
        assert!(err.message.contains("espeak"), "{}", err.message);
        // A voice listed with a problem is refused with its code.
        let broken = vec![VoiceOption {
            problem: Some(CommandError::new("voice_not_found", "no libonnxruntime.so")),
            ..options[0].clone()
        }];
        let err = check_choice(&broken, onsite_voice::ESPEAK_VOICE).expect_err("broken");
        assert_eq!(err.code, "voice_not_found");
    }
}
