//! Everything the app remembers between runs, as one typed value: [`Settings`], read and
//! changed on the store thread ([`StoreThread::settings`], [`StoreThread::change_settings`]).
//!
//! The values live in the store's settings table, each under a key below (so "delete all my
//! data" resets them); this module is the only code that knows the keys or the stored shapes.
//! A value that cannot be read is "not chosen": the default applies and the next choice
//! overwrites it, so an odd value never locks the user out of a screen. The first-run guide's
//! value also says why it could not be read, and the guide then shows again.

use onsite_capture::devices::{self as capture_devices, DeviceChoice};
use onsite_store::Store;
use serde::{Deserialize, Serialize};

use crate::error::CommandError;
use crate::state::StoreThread;

const THEME_KEY: &str = "ui.theme";
const THREADS_KEY: &str = "transcription.threads";
const RUBRIC_KEY: &str = "rubric.pack";
const MODEL_KEY: &str = "speech.model";
const VOICE_ON_KEY: &str = "voice.on";
const VOICE_SPEED_KEY: &str = "voice.speed";
const VOICE_NAME_KEY: &str = "voice.name";
const HANDS_FREE_KEY: &str = "turns.hands_free";
const END_SILENCE_KEY: &str = "turns.end_silence_s";
const DEVICES_KEY: &str = capture_devices::SETTINGS_KEY;
/// A small versioned value, `{"version":1,"outcome":"completed"}`.
const FIRST_RUN_KEY: &str = "first_run";
/// Bump when the first-run guide changes enough that everyone should see it again.
const FIRST_RUN_VERSION: u32 = 1;

/// Light, dark, or whatever the system says.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum Theme {
    Light,
    Dark,
    #[default]
    System,
}

/// How the guide ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum GuideOutcome {
    /// Stepped through to the end (and maybe started the first session).
    Completed,
    /// "Skip guide" at some step.
    Skipped,
}

/// What is known about the first-run guide: how it ended, or why that could not be read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FirstRun {
    pub outcome: Option<GuideOutcome>,
    pub problem: Option<String>,
}

/// The app's remembered choices. `None` means the default: the machine's threads, the
/// embedded rubric pack, the default speech model.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Settings {
    pub theme: Theme,
    pub threads: Option<u32>,
    pub rubric_pack: Option<String>,
    pub model: Option<String>,
    /// The camera and microphone chosen in the device check.
    pub devices: DeviceChoice,
    pub first_run: FirstRun,
    /// Whether the interviewer speaks; `None`: yes when a voice is installed.
    pub voice_on: Option<bool>,
    /// The interviewer's speaking speed (1 = the voice's own pace); `None`: 1.
    pub voice_speed: Option<f32>,
    /// The interviewer's voice, by its library name (`onsite say --list`); `None`: the default
    /// Piper voice. Checked against the installed voices when chosen (`voice_choose`).
    pub voice_name: Option<String>,
    /// Hands-free turns (the answer starts when the candidate speaks and ends after a long
    /// silence); `None`: on when the voice is on.
    pub hands_free: Option<bool>,
    /// The silence, in seconds, that ends a hands-free answer; `None`: 5.
    pub end_silence_s: Option<u32>,
}

/// One change to the remembered choices.
#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    Theme(Theme),
    /// Refused unless 1 to the machine's core count (`None`: the default).
    Threads(Option<u32>),
    RubricPack(Option<String>),
    Model(Option<String>),
    /// A `None` device keeps its current choice.
    Devices {
        camera: Option<String>,
        mic: Option<String>,
    },
    FirstRun(GuideOutcome),
    VoiceOn(Option<bool>),
    /// Refused outside [`onsite_voice::SPEED_RANGE`].
    VoiceSpeed(Option<f32>),
    VoiceName(Option<String>),
    HandsFree(Option<bool>),
    /// Refused outside [`onsite_live::turn::END_SILENCE_RANGE_S`].
    EndSilence(Option<u32>),
}

#[derive(Debug, Serialize, Deserialize)]
struct StoredFirstRun {
    version: u32,
    outcome: GuideOutcome,
}

impl Settings {
    /// Reads every remembered choice; a value that cannot be read takes its default.
    pub fn read(store: &Store) -> Settings {
        let get = |key: &str| match store.setting(key) {
            Ok(value) => value,
            Err(e) => {
                tracing::warn!(key, code = e.code(), "ignoring an unreadable setting: {e}");
                None
            }
        };
        let text = |key: &str| get(key).and_then(|v| v.as_str().map(str::to_owned));
        Settings {
            theme: get(THEME_KEY)
                .and_then(|v| serde_json::from_value(v).ok())
                .unwrap_or_default(),
            threads: get(THREADS_KEY)
                .and_then(|v| v.as_u64())
                .and_then(|n| u32::try_from(n).ok()),
            rubric_pack: text(RUBRIC_KEY),
            model: text(MODEL_KEY),
            devices: DeviceChoice::from_setting(get(DEVICES_KEY)),
            first_run: first_run(store.setting(FIRST_RUN_KEY)),
            voice_on: get(VOICE_ON_KEY).and_then(|v| v.as_bool()),
            voice_speed: get(VOICE_SPEED_KEY)
                .and_then(|v| v.as_f64())
                .map(|s| s as f32)
                .filter(|s| check_speed(Some(*s)).is_ok()),
            voice_name: text(VOICE_NAME_KEY),
            hands_free: get(HANDS_FREE_KEY).and_then(|v| v.as_bool()),
            end_silence_s: get(END_SILENCE_KEY)
                .and_then(|v| v.as_u64())
                .and_then(|s| u32::try_from(s).ok())
                .filter(|s| onsite_live::turn::END_SILENCE_RANGE_S.contains(s)),
        }
    }

    /// Saves `change` and returns the settings as they now are.
    pub fn change(store: &mut Store, change: Change) -> Result<Settings, CommandError> {
        let (key, value) = match change {
            Change::Theme(theme) => (THEME_KEY, json(theme)?),
            Change::Threads(threads) => (THREADS_KEY, json(check_threads(threads)?)?),
            Change::RubricPack(name) => (RUBRIC_KEY, json(name)?),
            Change::Model(name) => (MODEL_KEY, json(name)?),
            Change::Devices { camera, mic } => {
                let mut choice = DeviceChoice::from_setting(store.setting(DEVICES_KEY)?);
                if camera.is_some() {
                    choice.camera = camera;
                }
                if mic.is_some() {
                    choice.mic = mic;
                }
                (DEVICES_KEY, choice.to_setting())
            }
            Change::FirstRun(outcome) => (
                FIRST_RUN_KEY,
                json(StoredFirstRun {
                    version: FIRST_RUN_VERSION,
                    outcome,
                })?,
            ),
            Change::VoiceOn(on) => (VOICE_ON_KEY, json(on)?),
            Change::VoiceSpeed(speed) => (VOICE_SPEED_KEY, json(check_speed(speed)?)?),
            Change::VoiceName(name) => (VOICE_NAME_KEY, json(name)?),
            Change::HandsFree(on) => (HANDS_FREE_KEY, json(on)?),
            Change::EndSilence(s) => (END_SILENCE_KEY, json(check_end_silence(s)?)?),
        };
        store.set_setting(key, &value)?;
        Ok(Settings::read(store))
    }

    /// The hands-free turns a session starts with: on unless turned off (by default, whenever
    /// the voice is on), ending after the chosen silence.
    pub fn turns(&self) -> Option<onsite_live::turn::TurnConfig> {
        let on = self.hands_free.unwrap_or(self.voice_on != Some(false));
        on.then(|| onsite_live::turn::TurnConfig {
            end_silence: self
                .end_silence_s
                .map_or(onsite_live::turn::DEFAULT_END_SILENCE, |s| {
                    std::time::Duration::from_secs(u64::from(s))
                }),
            ..Default::default()
        })
    }
}

impl StoreThread {
    /// The remembered choices, read on the store thread.
    pub async fn settings(&self) -> Result<Settings, CommandError> {
        self.run(|s| Ok(Settings::read(s))).await
    }

    /// The remembered camera and microphone. A store that cannot be read means "nothing
    /// chosen" (the defaults still work), never a device check or session that cannot open.
    pub async fn remembered_devices(&self) -> DeviceChoice {
        match self.settings().await {
            Ok(settings) => settings.devices,
            Err(e) => {
                tracing::warn!(code = %e.code, "could not read the remembered devices: {e}");
                DeviceChoice::default()
            }
        }
    }

    /// Saves one change on the store thread and returns the settings as they now are.
    pub async fn change_settings(&self, change: Change) -> Result<Settings, CommandError> {
        self.run(move |s| Settings::change(s, change)).await
    }
}

fn json(value: impl Serialize) -> Result<serde_json::Value, CommandError> {
    serde_json::to_value(value).map_err(|e| CommandError::new("setting_invalid", e.to_string()))
}

/// Threads this machine can give Whisper: its core count.
pub fn max_threads() -> u32 {
    std::thread::available_parallelism()
        .map(|n| u32::try_from(n.get()).unwrap_or(u32::MAX))
        .unwrap_or(1)
}

fn check_threads(threads: Option<u32>) -> Result<Option<u32>, CommandError> {
    let max = max_threads();
    match threads {
        Some(n) if n == 0 || n > max => Err(CommandError::new(
            "threads_out_of_range",
            format!("choose between 1 and {max} threads (this machine has {max} cores)"),
        )),
        other => Ok(other),
    }
}

fn check_speed(speed: Option<f32>) -> Result<Option<f32>, CommandError> {
    let (min, max) = onsite_voice::SPEED_RANGE;
    match speed {
        Some(s) if !(s.is_finite() && (min..=max).contains(&s)) => Err(CommandError::new(
            "voice_speed",
            format!("choose a speaking speed from {min} to {max} (1 is the voice's own pace)"),
        )),
        other => Ok(other),
    }
}

fn check_end_silence(s: Option<u32>) -> Result<Option<u32>, CommandError> {
    let range = onsite_live::turn::END_SILENCE_RANGE_S;
    match s {
        Some(s) if !range.contains(&s) => Err(CommandError::new(
            "turn_silence",
            format!(
                "choose a silence from {} to {} seconds to end a hands-free answer",
                range.start(),
                range.end()
            ),
        )),
        other => Ok(other),
    }
}

fn first_run<E: std::fmt::Display>(read: Result<Option<serde_json::Value>, E>) -> FirstRun {
    let unreadable = |why: String| FirstRun {
        outcome: None,
        problem: Some(format!(
            "the saved first-run state could not be read ({why}); the guide shows again"
        )),
    };
    match read {
        Ok(None) => FirstRun::default(),
        Ok(Some(value)) => match serde_json::from_value::<StoredFirstRun>(value) {
            Ok(s) if s.version == FIRST_RUN_VERSION => FirstRun {
                outcome: Some(s.outcome),
                problem: None,
            },
            Ok(s) => unreadable(format!(
                "version {} where {FIRST_RUN_VERSION} was expected",
                s.version
            )),
            Err(e) => unreadable(e.to_string()),
        },
        Err(e) => unreadable(e.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use onsite_datadir::DataDir;

    use super::*;
    use crate::views::settings::FirstRunView;

    fn data() -> (tempfile::TempDir, DataDir, Store) {
        let tmp = tempfile::tempdir().unwrap();
        let dir = DataDir::open(Some(&tmp.path().join("data"))).unwrap();
        let store = Store::open(&dir).unwrap();
        (tmp, dir, store)
    }

    fn view(store: &Store) -> FirstRunView {
        FirstRunView::from(Settings::read(store).first_run)
    }

    #[test]
    fn settings_default_then_read_back_what_was_saved() {
        let (_tmp, _dir, mut store) = data();
        let fresh = Settings::read(&store);
        assert_eq!(fresh.theme, Theme::System);
        assert_eq!(fresh.threads, None);
        assert_eq!(fresh.rubric_pack, None);

        Settings::change(&mut store, Change::Theme(Theme::Dark)).unwrap();
        Settings::change(&mut store, Change::Threads(Some(1))).unwrap();
        Settings::change(&mut store, Change::RubricPack(Some("default".into()))).unwrap();
        let saved = Settings::read(&store);
        assert_eq!(saved.theme, Theme::Dark);
        assert_eq!(saved.threads, Some(1));
        assert_eq!(saved.rubric_pack.as_deref(), Some("default"));

        // "Delete all my data" resets them.
        store.delete_all().unwrap();
        assert_eq!(Settings::read(&store).theme, Theme::System);
    }

    #[test]
    fn threads_must_fit_the_machine() {
        assert_eq!(check_threads(None).unwrap(), None);
        assert_eq!(check_threads(Some(1)).unwrap(), Some(1));
        assert_eq!(
            check_threads(Some(0)).unwrap_err().code,
            "threads_out_of_range"
        );
        let too_many = check_threads(Some(max_threads() + 1)).unwrap_err();
        assert!(too_many.message.contains("between 1 and"), "{too_many:?}");
    }

    #[test]
    fn hands_free_follows_the_voice_unless_chosen_and_a_bad_silence_is_refused() {
        let (_tmp, _dir, mut store) = data();
        let fresh = Settings::read(&store);
        let on = fresh.turns().expect("on by default");
        assert_eq!(on.end_silence, onsite_live::turn::DEFAULT_END_SILENCE);
        let quiet = Settings::change(&mut store, Change::VoiceOn(Some(false))).unwrap();
        assert_eq!(quiet.turns(), None, "off with the voice");
        let chosen = Settings::change(&mut store, Change::HandsFree(Some(true))).unwrap();
        assert!(chosen.turns().is_some(), "chosen without the voice");
        let saved = Settings::change(&mut store, Change::EndSilence(Some(8))).unwrap();
        assert_eq!(
            saved.turns().map(|t| t.end_silence),
            Some(std::time::Duration::from_secs(8))
        );
        let err = Settings::change(&mut store, Change::EndSilence(Some(1))).unwrap_err();
        assert_eq!(err.code, "turn_silence");
        assert_eq!(Settings::read(&store).end_silence_s, Some(8), "kept");
        let off = Settings::change(&mut store, Change::HandsFree(Some(false))).unwrap();
        assert_eq!(off.turns(), None);
    }

    #[test]
    fn voice_choices_are_remembered_and_a_speed_out_of_range_refused() {
        let (_tmp, _dir, mut store) = data();
        let fresh = Settings::read(&store);
        assert_eq!((fresh.voice_on, fresh.voice_speed), (None, None));
        Settings::change(&mut store, Change::VoiceOn(Some(false))).unwrap();
        let saved = Settings::change(&mut store, Change::VoiceSpeed(Some(1.25))).unwrap();
        assert_eq!(
            (saved.voice_on, saved.voice_speed),
            (Some(false), Some(1.25))
        );
        let err = Settings::change(&mut store, Change::VoiceSpeed(Some(3.0))).unwrap_err();
        assert_eq!(err.code, "voice_speed");
        assert_eq!(Settings::read(&store).voice_speed, Some(1.25), "kept");
        // An odd stored value is "not chosen".
        store
            .set_setting(VOICE_SPEED_KEY, &serde_json::json!(40))
            .unwrap();
        assert_eq!(Settings::read(&store).voice_speed, None);
    }

    #[test]
    fn the_chosen_voice_is_remembered_and_none_means_the_default() {
        let (_tmp, _dir, mut store) = data();
        assert_eq!(Settings::read(&store).voice_name, None, "the default voice");
        let chosen =
            Settings::change(&mut store, Change::VoiceName(Some("espeak".into()))).unwrap();
        assert_eq!(chosen.voice_name.as_deref(), Some("espeak"));
        // The other voice choices are untouched by it.
        assert_eq!((chosen.voice_on, chosen.voice_speed), (None, None));
        let back = Settings::change(&mut store, Change::VoiceName(None)).unwrap();
        assert_eq!(back.voice_name, None);
        // An odd stored value is "not chosen".
        store
            .set_setting(VOICE_NAME_KEY, &serde_json::json!(7))
            .unwrap();
        assert_eq!(Settings::read(&store).voice_name, None);
    }

    #[test]
    fn a_device_change_keeps_the_other_device() {
        let (_tmp, _dir, mut store) = data();
        let change = |camera: Option<&str>, mic: Option<&str>| Change::Devices {
            camera: camera.map(str::to_owned),
            mic: mic.map(str::to_owned),
        };
        Settings::change(&mut store, change(Some("cam-1"), Some("mic-1"))).unwrap();
        let after = Settings::change(&mut store, change(None, Some("mic-2"))).unwrap();
        assert_eq!(after.devices.camera.as_deref(), Some("cam-1"));
        assert_eq!(after.devices.mic.as_deref(), Some("mic-2"));
    }

    #[test]
    fn absent_shows_the_guide_and_a_saved_outcome_hides_it_until_delete_all() {
        let (_tmp, dir, mut store) = data();
        let fresh = view(&store);
        assert!(fresh.show && fresh.outcome.is_none() && fresh.problem.is_none());

        Settings::change(&mut store, Change::FirstRun(GuideOutcome::Skipped)).unwrap();
        drop(store);
        // Remembered in the database file, not in memory.
        let mut store = Store::open(&dir).unwrap();
        let saved = view(&store);
        assert_eq!(
            saved,
            FirstRunView {
                show: false,
                outcome: Some(GuideOutcome::Skipped),
                problem: None
            }
        );
        let raw = store.setting(FIRST_RUN_KEY).unwrap().unwrap();
        assert_eq!(raw, serde_json::json!({"version": 1, "outcome": "skipped"}));

        store.delete_all().unwrap();
        assert!(view(&store).show);
    }

    #[test]
    fn unreadable_values_show_the_guide_with_the_reason() {
        let (_tmp, _dir, mut store) = data();
        for (value, reason) in [
            (serde_json::json!("done"), "invalid type"),
            (serde_json::json!({"version": 1}), "missing field `outcome`"),
            (
                serde_json::json!({"version": 1, "outcome": "maybe"}),
                "unknown variant",
            ),
            (
                serde_json::json!({"version": 7, "outcome": "completed"}),
                "version 7",
            ),
        ] {
            store.set_setting(FIRST_RUN_KEY, &value).unwrap();
            let v = view(&store);
            assert!(v.show, "{value}");
            let problem = v.problem.unwrap();
            assert!(problem.contains(reason), "{value}: {problem}");
        }
        // A read that fails outright (e.g. the store's JSON text is corrupt) shows it too.
        let failed = FirstRunView::from(first_run::<&str>(Err("stored setting is invalid")));
        assert!(failed.show);
        assert!(failed
            .problem
            .unwrap()
            .contains("stored setting is invalid"));
    }
}
