//! The shell's one library connection to the store, owned by a thread of its own.
//!
//! `onsite_store::Store` is `Send` but not `Sync` and wants one owner thread that is sent
//! requests. Commands send a closure here and await its answer, so SQLite work never runs on
//! the async runtime and never waits behind a lock held across work.
//!
//! It is opened at start-up, before any live session, so this connection becomes the data
//! folder's primary writer and finishes what a crash left behind: takes left `recording` are
//! marked `recovered` by the store, and their recordings are finalised here with
//! `onsite_capture::recover` (a torn last fragment trimmed, the durations written) so that
//! they replay like any other take.

use std::sync::mpsc;
use std::thread;

use onsite_datadir::DataDir;
use onsite_store::Store;

use crate::error::CommandError;

type Job = Box<dyn FnOnce(Result<&mut Store, &CommandError>) + Send>;

/// A handle to the store thread; cheap to clone.
#[derive(Debug, Clone)]
pub struct StoreThread {
    jobs: mpsc::Sender<Job>,
}

impl StoreThread {
    /// Starts the thread and opens the store on it. If opening fails (a damaged database,
    /// an unusable folder) every request gets that error, with what to do about it.
    pub fn start(data_dir: Result<DataDir, CommandError>) -> Self {
        let (jobs, rx) = mpsc::channel::<Job>();
        let spawned = thread::Builder::new()
            .name("onsite-store".into())
            .spawn(move || {
                let mut store = data_dir.and_then(open_and_recover);
                for job in rx {
                    match &mut store {
                        Ok(store) => job(Ok(store)),
                        Err(err) => job(Err(err)),
                    }
                }
            });
        if let Err(err) = spawned {
            // Requests then fail with `store_thread_gone` (the receiver is dropped).
            tracing::error!(error = %err, "could not start the store thread");
        }
        Self { jobs }
    }

    /// Runs `work` on the store thread and returns its result.
    pub async fn run<T, F>(&self, work: F) -> Result<T, CommandError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Store) -> Result<T, CommandError> + Send + 'static,
    {
        let (reply, answer) = tokio::sync::oneshot::channel();
        let job: Job = Box::new(move |store| {
            let result = match store {
                Ok(store) => work(store),
                Err(err) => Err(err.clone()),
            };
            // The caller may have gone away (window closed); nothing to do then.
            let _ = reply.send(result);
        });
        self.jobs.send(job).map_err(|_| gone())?;
        answer.await.map_err(|_| gone())?
    }
}

fn gone() -> CommandError {
    CommandError::new(
        "store_thread_gone",
        "the app's database worker stopped; restart Onsite (the log in the data folder says why)",
    )
}

fn open_and_recover(data_dir: DataDir) -> Result<Store, CommandError> {
    let store = Store::open(&data_dir).map_err(CommandError::from)?;
    for take in store.recovered_takes() {
        let Some(relative) = &take.media_path else {
            continue;
        };
        let path = store.absolute(relative);
        if !path.exists() {
            continue;
        }
        match onsite_capture::recover(&path) {
            Ok(info) => tracing::info!(
                take = take.take_id.0,
                duration_ms = info.duration_ms,
                "finalised the recording of a take interrupted by a crash"
            ),
            Err(err) => tracing::warn!(
                take = take.take_id.0,
                code = err.code(),
                "could not finalise a recording interrupted by a crash: {err}"
            ),
        }
    }
    Ok(store)
}
