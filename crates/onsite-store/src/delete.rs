//! Deleting a session, or everything, rows and media alike, with no orphan files.
//!
//! The rows go in one transaction that also queues the media folder in `pending_deletions`;
//! the files go right after, and the queue entry with them. If the process dies in between,
//! the next primary open finishes the job, so a crash never leaves orphan recordings.

use std::fs;
use std::io;
use std::path::{Component, Path};

use rusqlite::params;

use crate::model::SessionId;
use crate::write::not_found;
use crate::{Store, StoreError};

impl Store {
    /// Deletes a session: its rows (questions, takes, transcripts, scores) and its media folder.
    pub fn delete_session(&mut self, id: &SessionId) -> Result<(), StoreError> {
        let tx = self.conn.transaction()?;
        tx.execute(
            "INSERT OR IGNORE INTO pending_deletions (path) VALUES (?1)",
            [format!("media/{id}")],
        )?;
        // Media recorded outside the session folder cannot exist (paths are validated), but
        // queue each take's file too so that the invariant does not rest on that alone.
        tx.execute(
            "INSERT OR IGNORE INTO pending_deletions (path)
             SELECT t.media_path FROM takes t JOIN questions_asked q ON q.id = t.question_asked_id
             WHERE q.session_id = ?1 AND t.media_path IS NOT NULL",
            [id.as_str()],
        )?;
        let deleted = tx.execute("DELETE FROM sessions WHERE id = ?1", params![id.as_str()])?;
        if deleted == 0 {
            return Err(not_found("session", id));
        }
        tx.commit()?;
        self.run_pending_deletions()?;
        self.scrub()
    }

    /// "Delete all my data": every session, every recording and every setting. The database
    /// file is then compacted so that no deleted text lingers in it. Models and logs stay.
    pub fn delete_all(&mut self) -> Result<(), StoreError> {
        let tx = self.conn.transaction()?;
        tx.execute(
            "INSERT OR IGNORE INTO pending_deletions (path) VALUES ('media')",
            [],
        )?;
        tx.execute("DELETE FROM sessions", [])?;
        tx.execute("DELETE FROM settings", [])?;
        tx.commit()?;
        self.run_pending_deletions()?;
        self.conn.execute(
            "INSERT INTO segments_fts(segments_fts) VALUES ('rebuild')",
            [],
        )?;
        self.conn.execute_batch(
            "PRAGMA wal_checkpoint(TRUNCATE); VACUUM; PRAGMA wal_checkpoint(TRUNCATE);",
        )?;
        Ok(())
    }

    /// Makes deleted text unreadable in the files, not just unreachable: FTS5 keeps a deleted
    /// row's terms in its index until segments merge, and the WAL keeps old page images until
    /// a checkpoint. `secure_delete` (set at open) zeroes the freed table pages.
    fn scrub(&mut self) -> Result<(), StoreError> {
        self.conn.execute(
            "INSERT INTO segments_fts(segments_fts) VALUES ('optimize')",
            [],
        )?;
        self.conn
            .execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")?;
        Ok(())
    }

    /// Removes the queued media paths that are still on disk; each is dequeued once gone.
    pub(crate) fn run_pending_deletions(&mut self) -> Result<(), StoreError> {
        let paths: Vec<String> = {
            let mut stmt = self.conn.prepare("SELECT path FROM pending_deletions")?;
            let rows = stmt.query_map([], |r| r.get(0))?;
            rows.collect::<Result<_, _>>()?
        };
        let mut first_error = None;
        for path in paths {
            match self.remove_media(&path) {
                Ok(()) => {
                    self.conn
                        .execute("DELETE FROM pending_deletions WHERE path = ?1", [&path])?;
                }
                Err(err) => {
                    tracing::warn!(path, "could not delete media: {err}");
                    first_error.get_or_insert(err);
                }
            }
        }
        first_error.map_or(Ok(()), Err)
    }

    fn remove_media(&self, relative: &str) -> Result<(), StoreError> {
        // Only ever below media/: a damaged or hostile row must not aim this at other files.
        let rel = Path::new(relative);
        let mut components = rel.components();
        let inside_media = components.next() == Some(Component::Normal("media".as_ref()))
            && components.all(|c| matches!(c, Component::Normal(_)));
        if !inside_media {
            return Err(StoreError::invalid(
                "queued media path",
                format!("{relative:?} is not inside media/"),
            ));
        }
        let path = self.data_dir.root().join(rel);
        let result = match fs::symlink_metadata(&path) {
            Ok(meta) if meta.is_dir() => fs::remove_dir_all(&path),
            Ok(_) => fs::remove_file(&path),
            Err(err) if err.kind() == io::ErrorKind::NotFound => Ok(()),
            Err(err) => Err(err),
        };
        result.map_err(|e| StoreError::io("could not delete", &path, e))?;
        if relative == "media" {
            fs::create_dir(&path).map_err(|e| StoreError::io("could not create", &path, e))?;
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                fs::set_permissions(&path, fs::Permissions::from_mode(0o700))
                    .map_err(|e| StoreError::io("could not set permissions on", &path, e))?;
            }
        }
        Ok(())
    }
}
