//! The app's one Whisper model: loaded lazily on a worker thread, shared by everything that
//! transcribes (the live session, the device check's microphone test) as one `Arc<Model>`.
//!
//! Loading takes a while (hundreds of ms for tiny, seconds for larger models), so it never runs
//! on the async runtime: callers on a blocking thread use [`SpeechModel::get`] (which waits for
//! a load already in progress rather than starting a second one), and the UI polls
//! [`SpeechModel::status`], which starts a background load the first time it is asked.

use std::path::PathBuf;
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::Duration;

use onsite_datadir::DataDir;
use onsite_models::Registry;
use onsite_speech::Model;
use serde::Serialize;

use crate::error::CommandError;

/// Where the model is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum ModelState {
    /// No usable file for the chosen model: it must be installed or imported.
    Missing,
    Loading,
    Ready,
    /// The file is there but could not be loaded (`error` says why).
    Error,
}

/// What the device check and settings show about the speech model.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
pub struct ModelStatus {
    /// The model's name, e.g. `tiny.en`.
    pub name: String,
    pub path: Option<String>,
    pub state: ModelState,
    pub error: Option<CommandError>,
    /// How long the load took, once ready.
    pub load_ms: Option<u32>,
}

#[derive(Debug, Default)]
enum Slot {
    #[default]
    Unloaded,
    Loading {
        path: PathBuf,
    },
    Ready(Arc<Model>),
    Failed {
        path: PathBuf,
        error: CommandError,
    },
}

/// The shared model slot. Cheap to clone.
#[derive(Debug, Clone, Default)]
pub struct SpeechModel {
    inner: Arc<(Mutex<Slot>, Condvar)>,
}

/// The file the chosen model name (or the default) refers to, validated.
fn resolve(data_dir: &DataDir, chosen: Option<&str>) -> Result<PathBuf, CommandError> {
    Registry::standard(&data_dir.models_dir())
        .resolve(chosen)
        .map(|info| info.path)
        .map_err(|e| {
            CommandError::new(
                e.code(),
                format!(
                    "{e}. Import a Whisper model in Settings → Model (or run `make setup`), then \
                     try again."
                ),
            )
        })
}

fn is_missing(error: &CommandError) -> bool {
    matches!(error.code.as_str(), "unknown_model" | "not_found")
}

impl SpeechModel {
    fn lock(&self) -> MutexGuard<'_, Slot> {
        self.inner.0.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The chosen model (`None` = the default), loading it if needed, or waiting for a load
    /// already under way. Blocks: call from a blocking thread, never the async runtime.
    pub fn get(
        &self,
        data_dir: &DataDir,
        chosen: Option<&str>,
    ) -> Result<Arc<Model>, CommandError> {
        let path = resolve(data_dir, chosen)?;
        let mut slot = self.lock();
        loop {
            match &*slot {
                Slot::Ready(model) if model.path() == path => return Ok(Arc::clone(model)),
                Slot::Loading { .. } => {
                    slot = self
                        .inner
                        .1
                        .wait_timeout(slot, Duration::from_millis(200))
                        .unwrap_or_else(|p| p.into_inner())
                        .0;
                }
                // Unloaded, another model, or a failed load (the file may have been fixed).
                _ => break,
            }
        }
        *slot = Slot::Loading { path: path.clone() };
        drop(slot);
        let name = onsite_models::registry::model_name(&path);
        tracing::info!(model = %name, path = %path.display(), "loading the speech model");
        let loaded = Model::load_named(&path, &name).map_err(|e| {
            CommandError::new(
                e.code(),
                format!(
                    "the speech model {name} could not be loaded: {e}. Re-import it in \
                     Settings → Model, or choose another."
                ),
            )
        });
        let mut slot = self.lock();
        *slot = match &loaded {
            Ok(model) => {
                tracing::info!(model = %name, ms = model.load_time().as_millis(), "speech model ready");
                Slot::Ready(Arc::clone(model))
            }
            Err(error) => {
                tracing::warn!(model = %name, "{error}");
                Slot::Failed {
                    path,
                    error: error.clone(),
                }
            }
        };
        drop(slot);
        self.inner.1.notify_all();
        loaded
    }

    /// Where the chosen model is. Unless it is loaded, loading or known broken, this starts
    /// loading it on a thread of its own, so the model is warm by the first answer.
    pub fn status(&self, data_dir: &DataDir, chosen: Option<&str>) -> ModelStatus {
        let wanted = chosen.unwrap_or(onsite_models::registry::DEFAULT_MODEL);
        let path = match resolve(data_dir, chosen) {
            Ok(path) => path,
            Err(error) => {
                return ModelStatus {
                    name: onsite_models::registry::model_name(std::path::Path::new(wanted)),
                    path: None,
                    state: if is_missing(&error) {
                        ModelState::Missing
                    } else {
                        ModelState::Error
                    },
                    error: Some(error),
                    load_ms: None,
                }
            }
        };
        let status = |state, error, load_ms| ModelStatus {
            name: onsite_models::registry::model_name(&path),
            path: Some(path.display().to_string()),
            state,
            error,
            load_ms,
        };
        match &*self.lock() {
            Slot::Ready(model) if model.path() == path => {
                let ms = u32::try_from(model.load_time().as_millis()).unwrap_or(u32::MAX);
                return status(ModelState::Ready, None, Some(ms));
            }
            Slot::Loading { path: loading } if *loading == path => {
                return status(ModelState::Loading, None, None)
            }
            Slot::Failed {
                path: failed,
                error,
            } if *failed == path => return status(ModelState::Error, Some(error.clone()), None),
            _ => {}
        }
        let (me, dir, chosen) = (self.clone(), data_dir.clone(), chosen.map(str::to_owned));
        let spawned = std::thread::Builder::new()
            .name("onsite-model-load".into())
            .spawn(move || {
                // The outcome is kept in the slot; status reports it.
                let _ = me.get(&dir, chosen.as_deref());
            });
        if let Err(e) = spawned {
            return status(
                ModelState::Error,
                Some(CommandError::new(
                    "model_load_thread",
                    format!("could not start loading the model: {e}; restart Onsite"),
                )),
                None,
            );
        }
        status(ModelState::Loading, None, None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_model_is_reported_missing_with_what_to_do() {
        let dir = tempfile::tempdir().expect("tempdir");
        let data = DataDir::open(Some(dir.path())).expect("data dir");
        let model = SpeechModel::default();
        let status = model.status(&data, Some("no-such-model"));
        assert_eq!(status.state, ModelState::Missing);
        assert_eq!(status.name, "no-such-model");
        let error = status.error.expect("an error");
        assert!(error.message.contains("Settings"), "{}", error.message);
        let err = model
            .get(&data, Some("no-such-model"))
            .expect_err("nothing to load");
        assert_eq!(err.code, "unknown_model");
    }

    #[test]
    fn callers_share_one_load_of_the_real_model_and_status_follows_it() {
        let dir = tempfile::tempdir().expect("tempdir");
        let data = DataDir::open(Some(dir.path())).expect("data dir");
        let model = SpeechModel::default();
        // Asking for the status starts the load in the background.
        let first = model.status(&data, None);
        assert_eq!(
            first.name, "tiny.en",
            "the default model (installed by make setup)"
        );
        assert!(
            matches!(first.state, ModelState::Loading | ModelState::Ready),
            "{first:?}"
        );
        let (a, b) = std::thread::scope(|s| {
            let a = s.spawn(|| model.get(&data, None));
            let b = s.spawn(|| model.get(&data, None));
            (a.join().expect("thread"), b.join().expect("thread"))
        });
        let (a, b) = (a.expect("loads"), b.expect("loads"));
        assert!(Arc::ptr_eq(&a, &b), "one model, shared");
        let ready = model.status(&data, None);
        assert_eq!(ready.state, ModelState::Ready);
        assert!(ready.load_ms.is_some());
        assert!(ready.error.is_none());
    }

    #[test]
    fn a_broken_file_is_an_error_state_not_a_panic() {
        let dir = tempfile::tempdir().expect("tempdir");
        let data = DataDir::open(Some(dir.path())).expect("data dir");
        let bad = data.models_dir().join("ggml-broken.bin");
        std::fs::create_dir_all(data.models_dir()).expect("models dir");
        std::fs::write(&bad, b"not a model").expect("write");
        let status = SpeechModel::default().status(&data, Some(bad.to_str().expect("utf-8")));
        assert_eq!(status.state, ModelState::Error);
        assert!(status.error.is_some());
    }
}
