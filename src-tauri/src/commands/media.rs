//! A take's recording, for the replay's Media Source Extensions player.
//!
//! WebKitGTK's media player refuses `tauri://`, `asset://` and `file://` sources, so the replay
//! feeds a `MediaSource` itself: it asks for the take's MSE type, then reads the fragmented MP4
//! in chunks that cross IPC as raw bytes (no base64, no JSON). Nothing is served over a socket
//! and the CSP is unchanged (the player's `blob:` URL is already allowed by `media-src`).
//!
//! The UI names a take by id only. The file comes from the store's row for that take, and is
//! opened only if it resolves (symlinks followed) to a file inside the data folder's `media/`:
//! a client can never name a path, and a damaged row cannot point outside.

use std::path::PathBuf;

use onsite_store::TakeId;
use tauri::State;

use crate::blocking::blocking;
use crate::error::CommandError;
use crate::state::StoreThread;
use crate::views::media::{self, MediaChunk, TakeMedia};

/// The MSE type, size and duration of a take's recording.
#[tauri::command]
#[specta::specta]
pub async fn take_media_info(
    store: State<'_, StoreThread>,
    take_id: u32,
) -> Result<TakeMedia, CommandError> {
    let (path, status) = locate(&store, take_id).await?;
    blocking(move || media::media_info(take_id, &path, status)).await
}

/// Up to `length` bytes (at most 4 MiB) of a take's recording from `offset`; an empty answer
/// means the end of the file.
#[tauri::command]
#[specta::specta]
pub async fn take_media_chunk(
    store: State<'_, StoreThread>,
    take_id: u32,
    offset: f64,
    length: u32,
) -> Result<MediaChunk, CommandError> {
    if !(offset.is_finite() && offset >= 0.0 && offset.fract() == 0.0) {
        return Err(CommandError::new(
            "media_bad_range",
            format!("offset {offset} is not a byte position"),
        ));
    }
    let (path, _) = locate(&store, take_id).await?;
    blocking(move || media::read_chunk(&path, offset as u64, length))
        .await
        .map(MediaChunk)
}

async fn locate(store: &StoreThread, take_id: u32) -> Result<(PathBuf, String), CommandError> {
    store
        .run(move |s| {
            let found = s.take_location(TakeId(i64::from(take_id)))?;
            let relative = found.media_path.ok_or_else(|| {
                CommandError::new(
                    "media_none",
                    format!("take {take_id} has no recording (it was answered without one)"),
                )
            })?;
            let path = media::resolve(&s.data_dir().media_dir(), &s.absolute(&relative))?;
            Ok((path, found.status.as_str().to_owned()))
        })
        .await
}
