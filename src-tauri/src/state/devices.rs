//! What the shell holds for the device check and the interview room's preview: the app's one
//! preview tap (fed by the stand-alone camera preview, or by a recording take), the running
//! microphone monitor, and the device list both the device check and a session resolve their
//! choice against. No capture logic here: that is `onsite_capture`.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread;
use std::time::Duration;

use onsite_capture::audio::level::Level;
use onsite_capture::camera::{CameraChoice, CameraInfo};
use onsite_capture::devices::{DeviceChoice, Devices};
use onsite_capture::mic::MicChoice;
use onsite_capture::monitor::MicMonitor;
use onsite_capture::preview::{CameraPreview, PreviewTap};

/// The preview frames the UI reads. One tap for the app's lifetime, so frame numbers keep
/// increasing when the source changes from the device check's preview to a take.
#[derive(Debug, Clone, Default)]
pub struct PreviewSlot {
    tap: PreviewTap,
    standalone: Arc<Mutex<Option<CameraPreview>>>,
    /// A take is recording into the tap: the stand-alone preview stays closed meanwhile.
    take_running: Arc<AtomicBool>,
}

impl PreviewSlot {
    fn standalone(&self) -> MutexGuard<'_, Option<CameraPreview>> {
        self.standalone.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The tap `preview_frame` reads.
    pub fn tap(&self) -> &PreviewTap {
        &self.tap
    }

    /// For a take about to record with the camera: stops the stand-alone preview (a camera
    /// opens once) and returns the tap to put in `RecordOptions::preview`. Blocks briefly.
    pub fn tap_for_take(&self) -> PreviewTap {
        self.take_running.store(true, Ordering::Release);
        self.stop_standalone();
        self.tap.clone()
    }

    /// The take has ended: no stale last frame, and the device check may open the camera.
    pub fn take_ended(&self) {
        self.take_running.store(false, Ordering::Release);
        self.tap.clear();
    }

    pub fn take_running(&self) -> bool {
        self.take_running.load(Ordering::Acquire)
    }

    /// Opens the stand-alone preview of `camera` (closing the previous one first), unless a
    /// take is recording: then its frames are already in the tap. Blocks while the camera opens.
    pub fn start_standalone(
        &self,
        camera: &onsite_capture::camera::CameraChoice,
    ) -> Result<(), onsite_capture::CaptureError> {
        let mut slot = self.standalone();
        if let Some(old) = slot.take() {
            old.stop();
        }
        if self.take_running() {
            return Ok(());
        }
        *slot = Some(CameraPreview::start(camera, self.tap.clone())?);
        Ok(())
    }

    /// Stops the stand-alone preview, if one runs. Blocks until its camera is closed.
    pub fn stop_standalone(&self) {
        if let Some(old) = self.standalone().take() {
            old.stop();
        }
    }

    /// Why the stand-alone preview's camera stopped, if it failed.
    pub fn standalone_failure(&self) -> Option<String> {
        self.standalone().as_ref().and_then(CameraPreview::failure)
    }
}

/// Why the microphone monitor ended; the level event carries it to the UI as a
/// `CommandError`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MonitorError {
    /// The device failed or fell silent (unplugged, or taken by another program).
    #[error("the microphone stopped: {reason}. Check it is connected, then choose it again")]
    Stopped { reason: String },
}

impl MonitorError {
    /// Stable identifier for the UI (the same as a take's failed microphone).
    pub fn code(&self) -> &'static str {
        match self {
            Self::Stopped { .. } => "microphone_failed",
        }
    }
}

/// A running microphone monitor and the thread that reports its level ~10 times a second.
#[derive(Debug)]
struct MonitorRun {
    choice: MicChoice,
    stop: Arc<AtomicBool>,
    thread: thread::JoinHandle<()>,
}

/// The microphone monitor slot: at most one monitor runs.
#[derive(Debug, Clone, Default)]
pub struct MonitorSlot {
    run: Arc<Mutex<Option<MonitorRun>>>,
}

/// How often the level is reported.
pub const LEVEL_EVERY: Duration = Duration::from_millis(100);

impl MonitorSlot {
    fn run(&self) -> MutexGuard<'_, Option<MonitorRun>> {
        self.run.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Starts monitoring `choice` (stopping any monitor first); `report` receives each level,
    /// or the failure that ended the monitor. Blocks while the device opens.
    pub fn start(
        &self,
        choice: MicChoice,
        report: impl Fn(Result<Level, MonitorError>) + Send + 'static,
    ) -> Result<(), onsite_capture::CaptureError> {
        self.stop();
        let monitor = MicMonitor::start(&choice)?;
        let stop = Arc::new(AtomicBool::new(false));
        let t_stop = Arc::clone(&stop);
        let thread = thread::Builder::new()
            .name("onsite-mic-level".into())
            .spawn(move || {
                while !t_stop.load(Ordering::Acquire) {
                    if let Some(reason) = monitor.failure() {
                        report(Err(MonitorError::Stopped { reason }));
                        break;
                    }
                    report(Ok(monitor.level()));
                    thread::sleep(LEVEL_EVERY);
                }
                monitor.stop();
            })
            .map_err(|e| {
                onsite_capture::CaptureError::MicrophoneOpen(format!(
                    "cannot start the level meter: {e}"
                ))
            })?;
        *self.run() = Some(MonitorRun {
            choice,
            stop,
            thread,
        });
        Ok(())
    }

    /// Stops the monitor; returns the microphone it was listening to. Blocks until closed.
    pub fn stop(&self) -> Option<MicChoice> {
        let run = self.run().take()?;
        run.stop.store(true, Ordering::Release);
        let _ = run.thread.join();
        Some(run.choice)
    }
}

/// Set to `1` to list the synthetic test camera (end-to-end tests; it is never shown to users).
pub const TEST_DEVICES_ENV: &str = "ONSITE_TEST_DEVICES";

/// The cameras and microphones of this machine, plus the synthetic camera when
/// `ONSITE_TEST_DEVICES=1`. What a session resolves its remembered choice against too.
pub fn available_devices() -> Result<Devices, onsite_capture::CaptureError> {
    let mut devices = onsite_capture::devices::list()?;
    if std::env::var(TEST_DEVICES_ENV).is_ok_and(|v| v == "1") {
        devices.cameras.push(CameraInfo {
            id: "synthetic".into(),
            name: "Test pattern (synthetic camera)".into(),
            description: "for automated tests".into(),
        });
    }
    Ok(devices)
}

/// The camera and microphone to open: `camera` and `mic` where given, the remembered
/// `choice` otherwise, resolved against [`available_devices`]. Blocks while devices are listed.
pub fn resolve(
    mut choice: DeviceChoice,
    camera: Option<String>,
    mic: Option<String>,
) -> Result<(CameraChoice, MicChoice), onsite_capture::CaptureError> {
    if camera.is_some() {
        choice.camera = camera;
    }
    if mic.is_some() {
        choice.mic = mic;
    }
    Ok(choice.resolve(&available_devices()?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::CommandError;

    #[test]
    fn a_stopped_microphone_reaches_the_ui_with_its_code_reason_and_remedy() {
        let err = CommandError::from(MonitorError::Stopped {
            reason: "no sound from the device for 6 s".into(),
        });
        assert_eq!(err.code, "microphone_failed");
        assert_eq!(
            err.message,
            "the microphone stopped: no sound from the device for 6 s. Check it is connected, \
             then choose it again"
        );
    }
}
