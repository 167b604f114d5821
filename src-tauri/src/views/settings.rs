//! The Settings screen's and the first-run guide's views of the remembered choices
//! ([`crate::state::Settings`]).

use serde::Serialize;

use crate::state::settings::{FirstRun, GuideOutcome, Settings, Theme};

/// The app's settings as the Settings screen shows them.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
pub struct AppSettings {
    pub theme: Theme,
    /// Threads Whisper uses; `None` means the default (the machine's cores, at most 4).
    pub threads: Option<u32>,
    pub max_threads: u32,
    /// The chosen rubric pack; `None` means the embedded default.
    pub rubric_pack: Option<String>,
    /// The chosen speech model; `None` means the default (`tiny.en`).
    pub model: Option<String>,
    pub data_dir: String,
    /// Whether the interviewer speaks; `None`: yes when a voice is installed.
    pub voice_on: Option<bool>,
    /// Speaking speed (1 = the voice's own pace).
    pub voice_speed: f32,
    pub voice_speed_min: f32,
    pub voice_speed_max: f32,
    /// The interviewer's voice by name; `None`: the default Piper voice.
    pub voice_name: Option<String>,
    /// Hands-free turns; `None`: on when the voice is on.
    pub hands_free: Option<bool>,
    /// The silence, in seconds, that ends a hands-free answer.
    pub end_silence_s: u32,
    pub end_silence_min: u32,
    pub end_silence_max: u32,
}

impl AppSettings {
    pub fn new(settings: Settings, data_dir: String) -> Self {
        AppSettings {
            theme: settings.theme,
            threads: settings.threads,
            max_threads: crate::state::settings::max_threads(),
            rubric_pack: settings.rubric_pack,
            model: settings.model,
            data_dir,
            voice_on: settings.voice_on,
            voice_speed: settings.voice_speed.unwrap_or(1.0),
            voice_speed_min: onsite_voice::SPEED_RANGE.0,
            voice_speed_max: onsite_voice::SPEED_RANGE.1,
            voice_name: settings.voice_name,
            hands_free: settings.hands_free,
            end_silence_s: settings.end_silence_s.unwrap_or(
                u32::try_from(onsite_live::turn::DEFAULT_END_SILENCE.as_secs()).unwrap_or(5),
            ),
            end_silence_min: *onsite_live::turn::END_SILENCE_RANGE_S.start(),
            end_silence_max: *onsite_live::turn::END_SILENCE_RANGE_S.end(),
        }
    }
}

/// Whether the app opens on the guide.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct FirstRunView {
    pub show: bool,
    /// How the guide ended last time, when that is known.
    pub outcome: Option<GuideOutcome>,
    /// Why the remembered value could not be read, when it could not (the guide shows).
    pub problem: Option<String>,
}

impl From<FirstRun> for FirstRunView {
    /// Shown unless it was finished or skipped before.
    fn from(f: FirstRun) -> Self {
        FirstRunView {
            show: f.outcome.is_none(),
            outcome: f.outcome,
            problem: f.problem,
        }
    }
}
