//! The one way commands run slow work (files, devices, model loads, inference) off the async
//! runtime, and the one error a worker that never answered becomes.

use crate::error::CommandError;

/// Runs `work` on Tauri's blocking pool and returns its result. If the worker panicked or was
/// cancelled the command fails with `worker_failed`: nothing finished, and trying again is safe.
pub async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, CommandError> + Send + 'static,
) -> Result<T, CommandError> {
    tauri::async_runtime::spawn_blocking(work)
        .await
        .map_err(|e| {
            CommandError::new(
                "worker_failed",
                format!("the task stopped before it finished ({e}); try again"),
            )
        })?
}
