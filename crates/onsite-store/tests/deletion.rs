//! Deleting removes rows and media; nothing is orphaned, even across a crash; backups work.
#![allow(clippy::unwrap_used)] // tests: a failed unwrap is a failed test

mod common;

use std::fs;

use common::{data_dir, orphan_media, record_session, walk};
use onsite_store::Store;

#[test]
fn deleting_a_session_removes_its_rows_and_media_only() {
    let (_tmp, dir) = data_dir();
    let mut store = Store::open(&dir).unwrap();
    let (gone, _) = record_session(&mut store, 1_000, "delete me please quetzalcoatl");
    let (kept, _) = record_session(&mut store, 2_000, "keep me");
    assert!(dir.session_media_dir(gone.as_str()).exists());

    store.delete_session(&gone).unwrap();
    assert_eq!(store.session(&gone).unwrap_err().code(), "store_not_found");
    assert!(
        store.search("please", 10).unwrap().is_empty(),
        "search index updated"
    );
    assert!(!dir.session_media_dir(gone.as_str()).exists());
    assert_eq!(store.session(&kept).unwrap().questions[0].takes.len(), 2);
    assert!(
        orphan_media(&store).is_empty(),
        "{:?}",
        orphan_media(&store)
    );
    assert_eq!(store.question_takes("sd-rate-limiter").unwrap().len(), 2);

    // No row for the deleted session survives in any table.
    let conn = rusqlite::Connection::open(dir.db_path()).unwrap();
    let count: i64 = conn
        .query_row(
            "SELECT (SELECT COUNT(*) FROM takes) + (SELECT COUNT(*) FROM segments) +
                    (SELECT COUNT(*) FROM competency_scores) / 2 + (SELECT COUNT(*) FROM follow_ups)",
            [],
            |r| r.get(0),
        )
        .unwrap();
    // The kept session: 2 takes + 4 segments + 4/2 scores + 2 follow-ups.
    assert_eq!(count, 10);
    assert_eq!(
        store.delete_session(&gone).unwrap_err().code(),
        "store_not_found"
    );

    // The deleted words are gone from the files, not just unreachable.
    drop(conn);
    drop(store);
    for file in walk(dir.root())
        .iter()
        .filter(|p| p.to_string_lossy().starts_with("onsite.db"))
    {
        let bytes = fs::read(dir.root().join(file)).unwrap();
        let needle = b"quetzalcoatl";
        assert!(
            !bytes.windows(needle.len()).any(|w| w == needle),
            "{}",
            file.display()
        );
    }
}

#[test]
fn delete_all_leaves_an_empty_folder_and_no_trace_in_the_database() {
    let (_tmp, dir) = data_dir();
    let mut store = Store::open(&dir).unwrap();
    for i in 0..3 {
        record_session(&mut store, i, "a secret project codename zanzibar");
    }
    store
        .set_setting("name", &serde_json::json!("Ada"))
        .unwrap();
    store.delete_all().unwrap();

    assert!(store.list_sessions().unwrap().is_empty());
    assert_eq!(store.setting("name").unwrap(), None);
    let media: Vec<_> = walk(dir.root())
        .into_iter()
        .filter(|p| p.starts_with("media"))
        .collect();
    assert!(media.is_empty(), "{media:?}");
    assert!(
        dir.media_dir().is_dir(),
        "the empty media folder is kept for new recordings"
    );
    drop(store);
    // The text is gone from the file itself, not just unlinked.
    let bytes = fs::read(dir.db_path()).unwrap();
    let needle = b"zanzibar";
    assert!(!bytes.windows(needle.len()).any(|w| w == needle));
    let store = Store::open(&dir).unwrap();
    assert!(store.search("zanzibar", 10).unwrap().is_empty());
}

#[test]
fn a_deletion_interrupted_before_the_files_went_is_finished_at_next_open() {
    let (_tmp, dir) = data_dir();
    let mut store = Store::open(&dir).unwrap();
    let (id, _) = record_session(&mut store, 1, "x");
    drop(store);
    // As if the process died right after the row transaction committed.
    let conn = rusqlite::Connection::open(dir.db_path()).unwrap();
    conn.execute_batch(&format!(
        "PRAGMA foreign_keys = ON;
         INSERT INTO pending_deletions (path) VALUES ('media/{id}');
         DELETE FROM sessions WHERE id = '{id}';"
    ))
    .unwrap();
    drop(conn);
    assert!(dir.session_media_dir(id.as_str()).exists());

    let store = Store::open(&dir).unwrap();
    assert!(!dir.session_media_dir(id.as_str()).exists());
    assert!(orphan_media(&store).is_empty());
}

#[test]
fn a_queued_path_outside_media_is_never_deleted() {
    let (_tmp, dir) = data_dir();
    drop(Store::open(&dir).unwrap());
    let precious = dir.models_dir().join("ggml-tiny.en.bin");
    fs::write(&precious, b"weights").unwrap();
    let conn = rusqlite::Connection::open(dir.db_path()).unwrap();
    conn.execute_batch(
        "INSERT INTO pending_deletions (path) VALUES ('models/ggml-tiny.en.bin'), ('media/../models');",
    )
    .unwrap();
    drop(conn);
    drop(Store::open(&dir).unwrap());
    assert_eq!(fs::read(&precious).unwrap(), b"weights");
}

#[test]
fn online_backup_is_a_consistent_private_copy() {
    let (_tmp, dir) = data_dir();
    let mut store = Store::open(&dir).unwrap();
    let (id, _) = record_session(&mut store, 1, "backed up answer");
    let out = tempfile::tempdir().unwrap();
    let backup = out.path().join("onsite-backup.db");
    // Taken while the store is open and has un-checkpointed WAL content.
    store.backup_to(&backup).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = fs::metadata(&backup).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }
    let copy = rusqlite::Connection::open(&backup).unwrap();
    let check: String = copy
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");
    let found: String = copy
        .query_row("SELECT id FROM sessions", [], |r| r.get(0))
        .unwrap();
    assert_eq!(found, id.to_string());
    let hits: i64 = copy
        .query_row(
            "SELECT COUNT(*) FROM segments_fts WHERE segments_fts MATCH 'backed'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(hits, 2);
}
