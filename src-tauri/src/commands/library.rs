//! The library: past sessions, their transcripts and scores, search and deletion. Each
//! command runs on the store thread; the views are [`crate::views::library`]'s.

use onsite_store::SessionId;
use tauri::State;

use crate::error::CommandError;
use crate::state::StoreThread;
use crate::views::library::{self, DeleteAllRequest, SearchResult, SessionRow, SessionView};

/// The text `data_delete_all` must be given, so that no stray call can wipe everything.
pub const DELETE_ALL_CONFIRMATION: &str = "DELETE ALL MY DATA";

/// All sessions, newest first, with their scores.
#[tauri::command]
#[specta::specta]
pub async fn sessions_list(store: State<'_, StoreThread>) -> Result<Vec<SessionRow>, CommandError> {
    store.run(|s| library::list(s)).await
}

/// One session in full: questions, takes, timed transcripts, scores, markers, follow-ups.
#[tauri::command]
#[specta::specta]
pub async fn session_detail(
    store: State<'_, StoreThread>,
    session_id: String,
) -> Result<SessionView, CommandError> {
    let id = parse_session(&session_id)?;
    store.run(move |s| library::detail(s, &id)).await
}

/// Full-text search in every transcript, newest first.
#[tauri::command]
#[specta::specta]
pub async fn sessions_search(
    store: State<'_, StoreThread>,
    query: String,
) -> Result<Vec<SearchResult>, CommandError> {
    store.run(move |s| library::search(s, &query)).await
}

/// Deletes a session: its rows and its recordings on disk.
#[tauri::command]
#[specta::specta]
pub async fn session_delete(
    store: State<'_, StoreThread>,
    session_id: String,
) -> Result<(), CommandError> {
    let id = parse_session(&session_id)?;
    store
        .run(move |s| s.delete_session(&id).map_err(CommandError::from))
        .await
}

/// Deletes every session, recording and setting (models and logs stay). Refused unless
/// `request.confirmation` is exactly "DELETE ALL MY DATA".
#[tauri::command]
#[specta::specta]
pub async fn data_delete_all(
    store: State<'_, StoreThread>,
    request: DeleteAllRequest,
) -> Result<(), CommandError> {
    confirm_delete_all(&request)?;
    store
        .run(|s| s.delete_all().map_err(CommandError::from))
        .await
}

fn parse_session(id: &str) -> Result<SessionId, CommandError> {
    id.parse::<SessionId>().map_err(CommandError::from)
}

fn confirm_delete_all(request: &DeleteAllRequest) -> Result<(), CommandError> {
    if request.confirmation == DELETE_ALL_CONFIRMATION {
        Ok(())
    } else {
        Err(CommandError::new(
            "delete_all_not_confirmed",
            format!("nothing was deleted: type \"{DELETE_ALL_CONFIRMATION}\" to confirm"),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deleting_needs_the_exact_confirmation_and_a_real_id() {
        let bad = DeleteAllRequest {
            confirmation: "yes".into(),
        };
        assert_eq!(
            confirm_delete_all(&bad).unwrap_err().code,
            "delete_all_not_confirmed"
        );
        let good = DeleteAllRequest {
            confirmation: DELETE_ALL_CONFIRMATION.into(),
        };
        assert!(confirm_delete_all(&good).is_ok());
        assert_eq!(
            parse_session("../../etc").unwrap_err().code,
            "store_invalid"
        );
    }
}
