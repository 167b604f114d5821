//! The interviewer's side of a take that is not its voice: each line it said, kept with the
//! take, and the hands-free turn settings (when an answer starts and ends without a key).
//! Thin: the store thread keeps the lines and the settings.

use tauri::State;

use crate::error::CommandError;
use crate::state::settings::Change;
use crate::state::StoreThread;
use crate::views::voice::SpokenPart;
use onsite_store::{LineKind, TakeId};

/// Keeps a line the interviewer said with the take it was said for (the question played while
/// the candidate prepared, so `said_at_ms` is usually before the take started). Times are
/// Unix milliseconds; the store places them on the take's timeline.
#[tauri::command]
#[specta::specta]
pub async fn interviewer_line_save(
    take_id: u32,
    part: SpokenPart,
    text: String,
    said_at_ms: f64,
    ended_at_ms: f64,
    stopped: bool,
    store: State<'_, StoreThread>,
) -> Result<(), CommandError> {
    let kind = match part {
        SpokenPart::Main => LineKind::Question,
        SpokenPart::FollowUp => LineKind::FollowUp,
    };
    let ms = |x: f64| -> Result<i64, CommandError> {
        if x.is_finite() && x >= 0.0 && x.fract() == 0.0 {
            Ok(x as i64)
        } else {
            Err(CommandError::new(
                "voice_line_time",
                format!("{x} is not a time in whole milliseconds"),
            ))
        }
    };
    let (from, to) = (ms(said_at_ms)?, ms(ended_at_ms)?);
    store
        .run(move |s| {
            s.add_interviewer_line(TakeId(i64::from(take_id)), kind, &text, from, to, stopped)?;
            Ok(())
        })
        .await
}

/// Turns hands-free turns on or off (`None`: on when the voice is on) and sets the silence
/// that ends an answer. A silence out of range is refused (`turn_silence`) and changes nothing.
#[tauri::command]
#[specta::specta]
pub async fn turns_settings_set(
    hands_free: Option<bool>,
    end_silence_s: u32,
    store: State<'_, StoreThread>,
) -> Result<(), CommandError> {
    store
        .change_settings(Change::EndSilence(Some(end_silence_s)))
        .await?;
    store.change_settings(Change::HandsFree(hands_free)).await?;
    Ok(())
}
