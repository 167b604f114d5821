//! Everything a live session is started with.

use std::sync::Arc;
use std::time::Duration;

use onsite_capture::camera::CameraChoice;
use onsite_capture::mic::MicChoice;
use onsite_capture::preview::PreviewTap;
use onsite_capture::video::h264::VideoSettings;
use onsite_datadir::DataDir;
use onsite_rubric::RubricPack;
use onsite_speech::{Model, StreamConfig};

use crate::plan::LivePlan;

/// How often the coordinator ticks the state machine's timers.
pub const TICK: Duration = Duration::from_millis(50);

/// A live session's inputs. The model is loaded by the caller (the app shares one), so a
/// missing or broken model is an error before the session exists.
#[derive(Debug)]
pub struct LiveOptions {
    pub data_dir: DataDir,
    pub plan: LivePlan,
    pub model: Arc<Model>,
    pub pack: Arc<RubricPack>,
    pub camera: CameraChoice,
    pub mic: MicChoice,
    pub video: VideoSettings,
    /// Receives the camera's frames while a take records, for the room's live preview.
    pub preview: Option<PreviewTap>,
    /// Live captions while answering (off by default: dense live feedback hurts; teach after).
    pub captions: bool,
    pub speech: StreamConfig,
    pub tick: Duration,
}

impl LiveOptions {
    /// Defaults for a real session: live speech settings, 1280×720 video, captions off.
    pub fn new(
        data_dir: DataDir,
        plan: LivePlan,
        model: Arc<Model>,
        pack: Arc<RubricPack>,
    ) -> LiveOptions {
        LiveOptions {
            data_dir,
            plan,
            model,
            pack,
            camera: CameraChoice::None,
            mic: MicChoice::Default,
            video: VideoSettings::hd(),
            preview: None,
            captions: false,
            speech: StreamConfig::live(),
            tick: TICK,
        }
    }
}
