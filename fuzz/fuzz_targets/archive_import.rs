//! The session archive importer (`onsite sessions import`): any bytes import cleanly or give a
//! `StoreError`, never a panic, and never write outside the data folder's staging area.
#![no_main]

use std::io::Write;
use std::sync::Mutex;

use libfuzzer_sys::fuzz_target;
use onsite_datadir::DataDir;
use onsite_store::Store;

struct Target {
    _dir: tempfile::TempDir,
    store: Store,
}

static TARGET: Mutex<Option<Target>> = Mutex::new(None);

fuzz_target!(|data: &[u8]| {
    let mut guard = TARGET.lock().unwrap_or_else(|e| e.into_inner());
    let target = guard.get_or_insert_with(|| {
        let dir = tempfile::tempdir().expect("temp dir");
        let data_dir = DataDir::open(Some(&dir.path().join("data"))).expect("data dir");
        let store = Store::open(&data_dir).expect("store");
        Target { _dir: dir, store }
    });
    let mut f = tempfile::NamedTempFile::new().expect("temp file");
    f.write_all(data).expect("write");
    let _ = target.store.import(f.path());
});
