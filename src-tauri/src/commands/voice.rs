//! The interviewer's voice: its status, a line's sentences as WAV files for the webview to
//! play, lines prepared ahead, and the voice settings. Thin: `state::voice` holds the voice
//! and `onsite_voice` does the work.
//!
//! Playback is the webview's (Web Audio, from the WAV bytes): the shell never opens an audio
//! output device, so the microphone's capture stream (cpal/ALSA in `onsite_capture`) shares
//! nothing with the interviewer's audio, and stopping the voice is immediate on the page.
//! The bytes cross IPC raw (an `ArrayBuffer`), as a take's media does: no base64, no JSON.

use tauri::State;

use crate::blocking::blocking;
use crate::error::CommandError;
use crate::state::settings::Change;
use crate::state::voice::{VoiceSlot, VoiceStatus};
use crate::state::{Shell, StoreThread};
use onsite_live::plan;
use onsite_live::StartRequest;
use onsite_voice::Library;

use crate::views::voice::{check_choice, voice_options};
pub use crate::views::voice::{PlannedLine, VoiceKindView, VoiceOption, VoiceWav};

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

/// The voices that can be chosen, in the library's order (Piper voices, then espeak-ng).
#[tauri::command]
#[specta::specta]
pub async fn voice_list(shell: State<'_, Shell>) -> Result<Vec<VoiceOption>, CommandError> {
    let dir = shell.data_dir()?.clone();
    blocking(move || Ok(voice_options(&Library::standard(&dir.models_dir())))).await
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
