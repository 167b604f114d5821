//! Online backup: a consistent copy of the live database, taken with SQLite's backup API while
//! the app may be writing.

use std::path::Path;

use rusqlite::{Connection, MAIN_DB};

use crate::store::{create_private_file, restrict_to_owner};
use crate::{Store, StoreError};

impl Store {
    /// Copies the database to `out` (0600). The copy is written beside `out` and renamed into
    /// place once checked, so `out` is never a half-written file. Media is not included; use
    /// an export for a portable archive.
    pub fn backup_to(&self, out: &Path) -> Result<(), StoreError> {
        let parent = out
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let partial = tempfile::Builder::new()
            .prefix(".onsite-backup-")
            .tempfile_in(parent)
            .map_err(|e| StoreError::io("could not create a file in", parent, e))?;
        let partial_path = partial.path().to_path_buf();
        create_private_file(&partial_path)?;
        self.conn.backup(MAIN_DB, &partial_path, None)?;
        let copy = Connection::open(&partial_path)?;
        let check: String = copy.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
        drop(copy);
        if check != "ok" {
            return Err(StoreError::Corrupt {
                path: partial_path,
                detail: check,
            });
        }
        partial
            .persist(out)
            .map_err(|e| StoreError::io("could not write", out, e.error))?;
        restrict_to_owner(out)
    }
}
