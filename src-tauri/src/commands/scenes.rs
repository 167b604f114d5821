//! The whiteboard drawn during a take: the room appends a snapshot of the Excalidraw scene as
//! the candidate draws (debounced there, on the take's own timeline), Replay reads them back.
//! Thin: the store validates each snapshot with `onsite_diagram`, keeps it in its own
//! transaction (so a crash keeps the drawing up to the last append) and refuses what it
//! cannot read (`store_scene_invalid`) without touching what is stored.

use onsite_store::TakeId;
use serde::Serialize;
use specta::Type;
use tauri::State;

use crate::error::CommandError;
use crate::state::store_thread::StoreThread;

/// One stored snapshot of a take's whiteboard.
#[derive(Debug, Clone, Serialize, Type)]
pub struct SceneView {
    /// 1 for the take's first snapshot, then one more for each kept.
    pub seq: u32,
    /// Milliseconds from the start of the take's recording (a u32 holds 49 days).
    pub at_ms: u32,
    /// The scene as Excalidraw's `serializeAsJSON` wrote it.
    pub scene: String,
}

/// Keeps `scene` as the take's whiteboard from `at_ms` (ms on the take's timeline, never going
/// back within a take). Returns the snapshot's sequence number; a snapshot identical to the
/// last is not stored twice and returns the last one's.
#[tauri::command]
#[specta::specta]
pub async fn scene_append(
    take_id: u32,
    at_ms: f64,
    scene: String,
    store: State<'_, StoreThread>,
) -> Result<u32, CommandError> {
    let at = whole_ms(at_ms)?;
    store
        .run(move |s| Ok(s.append_scene(TakeId(i64::from(take_id)), at, &scene)?))
        .await
}

/// The take's whiteboard as it stood at `at_ms` (the last snapshot at or before it), or
/// `None` when nothing was drawn by then. A playhead past the end gives the final drawing.
#[tauri::command]
#[specta::specta]
pub async fn scene_at(
    take_id: u32,
    at_ms: f64,
    store: State<'_, StoreThread>,
) -> Result<Option<SceneView>, CommandError> {
    let at = whole_ms(at_ms)?;
    store
        .run(move |s| Ok(s.scene_at(TakeId(i64::from(take_id)), at)?.map(view)))
        .await
}

/// Every snapshot of the take's whiteboard in order (empty when nothing was drawn): Replay
/// loads them once and follows the playhead without asking again.
#[tauri::command]
#[specta::specta]
pub async fn scenes(
    take_id: u32,
    store: State<'_, StoreThread>,
) -> Result<Vec<SceneView>, CommandError> {
    store
        .run(move |s| {
            Ok(s.scenes(TakeId(i64::from(take_id)))?
                .into_iter()
                .map(view)
                .collect())
        })
        .await
}

fn view(s: onsite_store::SceneSnapshot) -> SceneView {
    SceneView {
        seq: s.seq,
        at_ms: u32::try_from(s.at_ms).unwrap_or(u32::MAX),
        scene: s.scene,
    }
}

/// JavaScript sends numbers; only whole, non-negative milliseconds are a time on a take.
fn whole_ms(x: f64) -> Result<u64, CommandError> {
    if x.is_finite() && x >= 0.0 && x.fract() == 0.0 && x <= u64::MAX as f64 {
        Ok(x as u64)
    } else {
        Err(CommandError::new(
            "scene_time",
            format!("{x} is not a time on the take in whole milliseconds"),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::whole_ms;

    /// README bad-input row W12: a snapshot's time that is not whole, non-negative ms.
    #[test]
    fn only_whole_non_negative_milliseconds_are_a_time_on_the_take() {
        assert_eq!(whole_ms(0.0).ok(), Some(0));
        assert_eq!(whole_ms(125_000.0).ok(), Some(125_000));
        for bad in [-1.0, 1.5, f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
            let err = whole_ms(bad).err().map(|e| e.code);
            assert_eq!(err.as_deref(), Some("scene_time"), "{bad}");
        }
    }
}
