//! The privacy page: exactly what Onsite stores where, with sizes, and what it promises.

use std::path::{Path, PathBuf};

use onsite_datadir::DataDir;
use serde::Serialize;

/// One place Onsite (or the web engine under it) keeps something.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
pub struct StoredPlace {
    pub what: String,
    pub path: String,
    pub holds: String,
    #[specta(type = Option<specta_typescript::Number>)]
    pub size_bytes: Option<u64>,
}

/// Said on the privacy page and in the first-run guide: uninstalling is not deleting.
pub const UNINSTALL_KEEPS_DATA: &str = "Removing the Onsite package leaves your recordings and database in the data folder: delete them from the app first (History → Delete all my data) or delete the data folder yourself.";

/// The privacy page.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
pub struct PrivacyFacts {
    pub places: Vec<StoredPlace>,
    pub statements: Vec<String>,
}

/// Bytes under `path` (files only, symlinks not followed); `None` if it does not exist.
fn size_of(path: &Path) -> Option<u64> {
    let meta = std::fs::symlink_metadata(path).ok()?;
    if !meta.is_dir() {
        return Some(meta.len());
    }
    let mut total = 0;
    for entry in std::fs::read_dir(path).ok()?.flatten() {
        total += size_of(&entry.path()).unwrap_or(0);
    }
    Some(total)
}

pub fn privacy(dir: &DataDir, webkit: &[Option<PathBuf>]) -> PrivacyFacts {
    let place = |what: &str, path: PathBuf, holds: &str| StoredPlace {
        what: what.to_owned(),
        size_bytes: size_of(&path),
        path: path.display().to_string(),
        holds: holds.to_owned(),
    };
    let mut places = vec![
        place(
            "Data folder",
            dir.root().to_path_buf(),
            "Everything below, readable only by your user account (mode 0700).",
        ),
        place(
            "Database",
            dir.db_path(),
            "Sessions, the questions asked, transcripts with word timings, scores and feedback, follow-ups, settings (SQLite; deleted text is overwritten).",
        ),
        place(
            "Recordings",
            dir.media_dir(),
            "One MP4 per answer (camera video and microphone audio), in a folder per session.",
        ),
        place(
            "Speech models",
            dir.models_dir(),
            "Whisper models you imported. They hold no personal data.",
        ),
        place(
            "Rubric packs",
            dir.rubrics_dir(),
            "Scoring rule packs you added (the default is built in).",
        ),
        place(
            "Question banks",
            dir.questions_dir(),
            "Question banks you added (the default is built in).",
        ),
        place(
            "Logs",
            dir.logs_dir(),
            "The app's diagnostic log, one file a day: what the app did and what went wrong.",
        ),
    ];
    for path in webkit.iter().flatten() {
        places.push(place(
            "Web engine (WebKit)",
            path.clone(),
            "WebKit's own store for the window: caches and local storage. Onsite keeps nothing of yours here.",
        ));
    }
    PrivacyFacts {
        places,
        statements: vec![
            "Nothing leaves this computer: Onsite makes no network connection, has no account and sends no telemetry.".into(),
            "Transcription (Whisper) and scoring run on this machine.".into(),
            "The window may not load anything remote: its Content Security Policy allows only the app's own files.".into(),
            "Deleting a session removes its rows and its recordings; \"Delete all my data\" removes every session, recording and setting (models and logs stay).".into(),
            UNINSTALL_KEEPS_DATA.into(),
        ],
    }
}

#[cfg(test)]
mod tests {
    use onsite_store::Store;

    use super::*;

    fn data() -> (tempfile::TempDir, DataDir, Store) {
        let tmp = tempfile::tempdir().unwrap();
        let dir = DataDir::open(Some(&tmp.path().join("data"))).unwrap();
        let store = Store::open(&dir).unwrap();
        (tmp, dir, store)
    }

    #[test]
    fn privacy_names_every_place_with_real_sizes() {
        let (tmp, dir, _store) = data();
        std::fs::create_dir_all(dir.media_dir().join("s")).unwrap();
        std::fs::write(dir.media_dir().join("s/t.mp4"), vec![0u8; 1000]).unwrap();
        let webkit = tmp.path().join("webkit");

        let facts = privacy(&dir, &[Some(webkit.clone())]);

        let find = |what: &str| facts.places.iter().find(|p| p.what == what).unwrap();
        assert_eq!(find("Recordings").size_bytes, Some(1000));
        assert_eq!(find("Database").path, dir.db_path().display().to_string());
        assert!(find("Database").size_bytes.unwrap() > 0);
        let web = find("Web engine (WebKit)");
        assert_eq!(web.path, webkit.display().to_string());
        assert_eq!(web.size_bytes, None, "not created yet");
        assert!(facts.statements[0].contains("Nothing leaves this computer"));
        assert!(
            facts
                .statements
                .iter()
                .any(|s| s
                    .contains("Removing the Onsite package leaves your recordings and database"))
        );
    }
}
