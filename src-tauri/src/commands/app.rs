//! About the app itself: version and where its data lives.

use serde::Serialize;
use tauri::State;

use crate::error::CommandError;
use crate::state::Shell;

/// What the home screen shows about this installation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct AppInfo {
    /// The app's version, e.g. `0.1.0`.
    pub version: String,
    /// Absolute path of the data folder (recordings, transcripts, database, logs).
    pub data_dir: String,
}

/// Version and data folder, or why the data folder cannot be used.
#[tauri::command]
#[specta::specta]
pub fn app_info(shell: State<'_, Shell>) -> Result<AppInfo, CommandError> {
    info(&shell)
}

fn info(shell: &Shell) -> Result<AppInfo, CommandError> {
    let dir = shell.data_dir()?;
    Ok(AppInfo {
        version: env!("CARGO_PKG_VERSION").to_owned(),
        data_dir: dir.root().display().to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_the_version_and_the_created_data_folder() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("data");

        let info = info(&Shell::open(Some(&root))).unwrap();

        assert_eq!(info.version, env!("CARGO_PKG_VERSION"));
        assert_eq!(info.data_dir, root.display().to_string());
        assert!(
            root.join("logs").is_dir(),
            "the data folder layout is created"
        );
    }

    #[test]
    fn an_unusable_data_folder_is_reported_with_its_code() {
        let tmp = tempfile::tempdir().unwrap();
        let file = tmp.path().join("file");
        std::fs::write(&file, b"x").unwrap();

        let err = info(&Shell::open(Some(&file))).unwrap_err();

        assert_eq!(err.code, "data_dir_not_a_directory");
        assert!(err.message.contains("choose another --data-dir"), "{err}");
    }
}
