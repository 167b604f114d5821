//! The first-run guide's memory: whether this data folder's user finished or skipped the guide.
//!
//! Kept in the store's settings under [`FIRST_RUN_KEY`] as a small versioned JSON value
//! (`{"version":1,"outcome":"completed"}`), so "delete all my data" brings the guide back. A value
//! that cannot be read (corrupt, another version, or a store that will not answer) never traps
//! the user: the guide shows again and can be skipped, which writes a fresh value.

use serde::{Deserialize, Serialize};
use tauri::State;

use crate::error::CommandError;
use crate::store_thread::StoreThread;

pub const FIRST_RUN_KEY: &str = "first_run";
/// Bump when the guide changes enough that everyone should see it again.
const VERSION: u32 = 1;

/// How the guide ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum GuideOutcome {
    /// Stepped through to the end (and maybe started the first session).
    Completed,
    /// "Skip guide" at some step.
    Skipped,
}

/// Whether the app opens on the guide.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct FirstRunView {
    pub show: bool,
    /// How the guide ended last time, when that is known.
    pub outcome: Option<GuideOutcome>,
    /// Why the remembered value could not be read, when it could not (the guide shows).
    pub problem: Option<String>,
}

#[derive(Debug, Serialize, Deserialize)]
struct Stored {
    version: u32,
    outcome: GuideOutcome,
}

/// Whether to show the first-run guide: yes unless it was finished or skipped before.
#[tauri::command]
#[specta::specta]
pub async fn first_run_status(store: State<'_, StoreThread>) -> Result<FirstRunView, CommandError> {
    // A store that cannot answer (corrupt database, locked file) still shows the guide: the
    // guide is how a new user gets started, and skipping it needs nothing from the store.
    Ok(store
        .run(|s| Ok(view(s.setting(FIRST_RUN_KEY))))
        .await
        .unwrap_or_else(|e| FirstRunView {
            show: true,
            outcome: None,
            problem: Some(e.message),
        }))
}

/// Remembers that the guide was finished or skipped, so the app opens on home next time.
#[tauri::command]
#[specta::specta]
pub async fn first_run_done(
    store: State<'_, StoreThread>,
    outcome: GuideOutcome,
) -> Result<(), CommandError> {
    store
        .run(move |s| {
            s.set_setting(FIRST_RUN_KEY, &stored(outcome))?;
            Ok(())
        })
        .await
}

fn stored(outcome: GuideOutcome) -> serde_json::Value {
    serde_json::json!({ "version": VERSION, "outcome": outcome })
}

fn view<E: std::fmt::Display>(read: Result<Option<serde_json::Value>, E>) -> FirstRunView {
    let unreadable = |why: String| FirstRunView {
        show: true,
        outcome: None,
        problem: Some(format!(
            "the saved first-run state could not be read ({why}); the guide shows again"
        )),
    };
    match read {
        Ok(None) => FirstRunView {
            show: true,
            outcome: None,
            problem: None,
        },
        Ok(Some(value)) => match serde_json::from_value::<Stored>(value) {
            Ok(s) if s.version == VERSION => FirstRunView {
                show: false,
                outcome: Some(s.outcome),
                problem: None,
            },
            Ok(s) => unreadable(format!(
                "version {} where {VERSION} was expected",
                s.version
            )),
            Err(e) => unreadable(e.to_string()),
        },
        Err(e) => unreadable(e.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use onsite_datadir::DataDir;
    use onsite_store::Store;

    fn store() -> (tempfile::TempDir, DataDir, Store) {
        let tmp = tempfile::tempdir().unwrap();
        let dir = DataDir::open(Some(&tmp.path().join("data"))).unwrap();
        let store = Store::open(&dir).unwrap();
        (tmp, dir, store)
    }

    #[test]
    fn absent_shows_the_guide_and_a_saved_outcome_hides_it_until_delete_all() {
        let (_tmp, dir, mut store) = store();
        let fresh = view(store.setting(FIRST_RUN_KEY));
        assert!(fresh.show && fresh.outcome.is_none() && fresh.problem.is_none());

        store
            .set_setting(FIRST_RUN_KEY, &stored(GuideOutcome::Skipped))
            .unwrap();
        drop(store);
        // Remembered in the database file, not in memory.
        let mut store = Store::open(&dir).unwrap();
        let saved = view(store.setting(FIRST_RUN_KEY));
        assert_eq!(
            saved,
            FirstRunView {
                show: false,
                outcome: Some(GuideOutcome::Skipped),
                problem: None
            }
        );
        let raw = store.setting(FIRST_RUN_KEY).unwrap().unwrap();
        assert_eq!(raw, serde_json::json!({"version": 1, "outcome": "skipped"}));

        store.delete_all().unwrap();
        assert!(view(store.setting(FIRST_RUN_KEY)).show);
    }

    #[test]
    fn unreadable_values_show_the_guide_with_the_reason() {
        let (_tmp, _dir, mut store) = store();
        for (value, reason) in [
            (serde_json::json!("done"), "invalid type"),
            (serde_json::json!({"version": 1}), "missing field `outcome`"),
            (
                serde_json::json!({"version": 1, "outcome": "maybe"}),
                "unknown variant",
            ),
            (
                serde_json::json!({"version": 7, "outcome": "completed"}),
                "version 7",
            ),
        ] {
            store.set_setting(FIRST_RUN_KEY, &value).unwrap();
            let v = view(store.setting(FIRST_RUN_KEY));
            assert!(v.show, "{value}");
            let problem = v.problem.unwrap();
            assert!(problem.contains(reason), "{value}: {problem}");
        }
        // A read that fails outright (e.g. the store's JSON text is corrupt) shows it too.
        let failed = view::<&str>(Err("stored setting is invalid"));
        assert!(failed.show);
        assert!(failed
            .problem
            .unwrap()
            .contains("stored setting is invalid"));
    }
}
