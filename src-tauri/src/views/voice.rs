//! What the voice commands hand the UI: a sentence's WAV bytes (raw, an `ArrayBuffer`), the
//! voices Settings offers and the check of a choice, question 1's line planned ahead, and which
//! part of a question a saved line is.

use onsite_voice::Library;
use serde::Serialize;
use tauri::ipc::{InvokeResponseBody, IpcResponse};

use crate::error::CommandError;

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
pub(crate) fn voice_options(library: &Library) -> Vec<VoiceOption> {
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

/// `name` is one of `options` and usable.
pub(crate) fn check_choice(options: &[VoiceOption], name: &str) -> Result<(), CommandError> {
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

/// The first line of a session planned ahead: what the room will say first, at what speed.
#[derive(Debug, Clone, PartialEq, serde::Serialize, specta::Type)]
pub struct PlannedLine {
    pub text: String,
    pub speed: f32,
}

/// Which part of a question a line is: the room's `LiveQuestionPart` ids (`main`,
/// `follow_up`), as the UI sends them back.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum SpokenPart {
    Main,
    FollowUp,
}
