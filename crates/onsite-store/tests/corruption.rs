//! A damaged database gets a clear error and can be moved aside, never deleted.
#![allow(clippy::unwrap_used)] // tests: a failed unwrap is a failed test

mod common;

use std::fs;
use std::io::{Seek, SeekFrom, Write};

use common::{data_dir, record_session};
use onsite_store::Store;

#[test]
fn a_file_that_is_not_a_database_is_reported_and_moved_aside() {
    let (_tmp, dir) = data_dir();
    let garbage = b"this is a text file, not SQLite".repeat(200);
    fs::write(dir.db_path(), &garbage).unwrap();

    let err = Store::open(&dir).unwrap_err();
    assert_eq!(err.code(), "store_corrupt");
    assert!(err.to_string().contains("onsite.db"), "{err}");
    assert!(err.to_string().contains("moved aside"), "{err}");
    assert_eq!(
        fs::read(dir.db_path()).unwrap(),
        garbage,
        "opening must not touch the file"
    );

    let aside = Store::move_aside_corrupt(&dir).unwrap();
    assert!(aside
        .file_name()
        .unwrap()
        .to_str()
        .unwrap()
        .starts_with("onsite.db.corrupt-"));
    assert_eq!(fs::read(&aside).unwrap(), garbage, "kept byte for byte");

    let mut store = Store::open(&dir).unwrap();
    assert!(store.list_sessions().unwrap().is_empty());
    record_session(&mut store, 1, "fresh start");
    assert_eq!(fs::read(&aside).unwrap(), garbage);
}

#[test]
fn damaged_pages_are_detected_at_open() {
    let (_tmp, dir) = data_dir();
    {
        let mut store = Store::open(&dir).unwrap();
        for i in 0..30 {
            record_session(
                &mut store,
                i,
                &"a long answer about caches and queues ".repeat(40),
            );
        }
    }
    // Checkpointed and closed; now overwrite pages in the middle of the file.
    let len = fs::metadata(dir.db_path()).unwrap().len();
    assert!(len > 64 * 1024, "need several pages, got {len}");
    let mut file = fs::OpenOptions::new()
        .write(true)
        .open(dir.db_path())
        .unwrap();
    for page in [len / 4096 / 2, len / 4096 / 2 + 1, 2] {
        file.seek(SeekFrom::Start(page * 4096)).unwrap();
        file.write_all(&[0xA5; 4096]).unwrap();
    }
    drop(file);

    let err = Store::open(&dir).unwrap_err();
    assert_eq!(err.code(), "store_corrupt", "{err}");
    let aside = Store::move_aside_corrupt(&dir).unwrap();
    assert_eq!(fs::metadata(&aside).unwrap().len(), len);
    assert!(Store::open(&dir)
        .unwrap()
        .list_sessions()
        .unwrap()
        .is_empty());
}

#[test]
fn a_database_from_a_newer_onsite_is_refused_untouched() {
    let (_tmp, dir) = data_dir();
    drop(Store::open(&dir).unwrap());
    let conn = rusqlite::Connection::open(dir.db_path()).unwrap();
    conn.pragma_update(None, "user_version", 99).unwrap();
    drop(conn);
    let err = Store::open(&dir).unwrap_err();
    assert_eq!(err.code(), "store_too_new");
    let conn = rusqlite::Connection::open(dir.db_path()).unwrap();
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, 99);
}
