//! State the shell owns for the lifetime of the app, apart from the commands that use it:
//! the data folder, the store thread and the settings read and written through it, the live
//! session, the devices (camera preview, microphone monitor), the speech model and the
//! interviewer's voice.
//!
//! Commands reach all of it through Tauri's managed state ([`Shell`], [`StoreThread`],
//! [`LiveState`]); nothing here knows about commands or views.

pub mod devices;
pub mod live;
pub mod model_install;
pub mod settings;
pub mod speech_model;
pub mod store_thread;
pub mod voice;

use std::path::Path;

use onsite_datadir::DataDir;

use crate::error::CommandError;
use devices::{MonitorSlot, PreviewSlot};
pub use live::LiveState;
use model_install::ModelInstall;
pub use settings::Settings;
use speech_model::SpeechModel;
pub use store_thread::StoreThread;
use voice::VoiceSlot;

/// The shell's managed state. The data folder is resolved once at start-up; if that failed the
/// error is kept, so every command that needs the folder reports the same actionable message.
#[derive(Debug)]
pub struct Shell {
    data_dir: Result<DataDir, CommandError>,
    /// The one Whisper model, shared by the live session and the microphone test.
    speech_model: SpeechModel,
    /// The model install Settings runs, one at a time.
    model_install: ModelInstall,
    /// The camera preview the UI draws (device check, or the take recording now).
    preview: PreviewSlot,
    monitor: MonitorSlot,
    /// The interviewer's voice, shared by the room, the device check and Settings.
    voice: VoiceSlot,
}

impl Shell {
    /// Opens `explicit` or the OS app-data folder (created 0700 if missing).
    pub fn open(explicit: Option<&Path>) -> Self {
        Self {
            data_dir: DataDir::open(explicit).map_err(CommandError::from),
            speech_model: SpeechModel::default(),
            model_install: ModelInstall::default(),
            preview: PreviewSlot::default(),
            monitor: MonitorSlot::default(),
            voice: VoiceSlot::default(),
        }
    }

    pub fn data_dir(&self) -> Result<&DataDir, CommandError> {
        self.data_dir.as_ref().map_err(Clone::clone)
    }

    /// The app's speech model (load with `get` on a blocking thread). Cheap to clone.
    pub fn speech_model(&self) -> &SpeechModel {
        &self.speech_model
    }

    /// The install of a model preset started from Settings. Cheap to clone.
    pub fn model_install(&self) -> &ModelInstall {
        &self.model_install
    }

    /// The preview slot: a live session takes its tap with `tap_for_take`. Cheap to clone.
    pub fn preview(&self) -> &PreviewSlot {
        &self.preview
    }

    pub fn monitor(&self) -> &MonitorSlot {
        &self.monitor
    }

    /// The interviewer's voice (open with `get` on a blocking thread). Cheap to clone.
    pub fn voice(&self) -> &VoiceSlot {
        &self.voice
    }
}
