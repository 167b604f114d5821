//! Opening the database: permissions, pragmas, damage detection, migrations and crash recovery.

use std::fs::{self, File, OpenOptions, TryLockError};
use std::path::{Path, PathBuf};
use std::time::Duration;

use onsite_datadir::DataDir;
use rusqlite::{Connection, ErrorCode, OpenFlags};

use crate::migrations;
use crate::model::{RecoveredTake, SessionId, TakeId};
use crate::StoreError;

/// How long a write waits for another connection (the CLI next to the app) before `Busy`.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// The one owner of the database connection.
///
/// `Store` is `Send` but not `Sync`: give it to one thread (the coordinator's, or a dedicated
/// store thread) and send it requests; never share it behind a lock held across work.
#[derive(Debug)]
pub struct Store {
    pub(crate) conn: Connection,
    pub(crate) data_dir: DataDir,
    /// Held for the life of the store when this process is the primary writer; the OS releases
    /// it when the process dies, which is how a crash is told apart from another live writer.
    _writer_lock: Option<File>,
    recovered: Vec<RecoveredTake>,
}

impl Store {
    /// Opens (creating or upgrading) `onsite.db` in `data_dir`.
    ///
    /// If no other Onsite process holds the data folder, this one becomes the primary writer and
    /// finishes what a crash left behind: takes still `recording` become `recovered` (see
    /// [`Store::recovered_takes`]), interrupted deletions and imports are cleaned up.
    /// A damaged file gives [`StoreError::Corrupt`]; see [`Store::move_aside_corrupt`].
    pub fn open(data_dir: &DataDir) -> Result<Self, StoreError> {
        let db_path = data_dir.db_path();
        let writer_lock = try_writer_lock(&data_dir.root().join("onsite.lock"))?;
        create_private_file(&db_path)?;
        let conn = open_connection(&db_path).map_err(|e| with_path(e, &db_path))?;
        let mut store = Self {
            conn,
            data_dir: data_dir.clone(),
            _writer_lock: writer_lock,
            recovered: Vec::new(),
        };
        store.migrate(&db_path)?;
        if store.is_primary() {
            store.recovered = store.recover_interrupted_takes()?;
            if let Err(err) = store.run_pending_deletions() {
                // Not fatal: the rows are gone and the paths stay queued for the next open.
                tracing::warn!(code = err.code(), "could not finish deleting media: {err}");
            }
            store.finish_interrupted_imports();
        }
        Ok(store)
    }

    /// Takes that a crash left `recording`, now `recovered`; empty unless this store is primary.
    pub fn recovered_takes(&self) -> &[RecoveredTake] {
        &self.recovered
    }

    /// Whether this store holds the data folder's writer lock (no other Onsite process had it).
    pub fn is_primary(&self) -> bool {
        self._writer_lock.is_some()
    }

    pub fn data_dir(&self) -> &DataDir {
        &self.data_dir
    }

    /// The schema version of the open database.
    pub fn schema_version(&self) -> Result<usize, StoreError> {
        let version: i64 = self
            .conn
            .pragma_query_value(None, "user_version", |row| row.get(0))?;
        Ok(usize::try_from(version).unwrap_or(0))
    }

    /// `PRAGMA integrity_check`: `["ok"]` when the file is sound, else SQLite's findings.
    pub fn integrity_check(&self) -> Result<Vec<String>, StoreError> {
        let mut stmt = self.conn.prepare("PRAGMA integrity_check")?;
        let rows = stmt.query_map([], |row| row.get::<_, String>(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Renames a damaged `onsite.db` (and its `-wal`/`-shm` companions) to
    /// `onsite.db.corrupt-<UTC timestamp>` so that the next [`Store::open`] starts fresh.
    /// Nothing is deleted. Returns the new path of the database file.
    /// Call it with no `Store` open on this folder.
    pub fn move_aside_corrupt(data_dir: &DataDir) -> Result<PathBuf, StoreError> {
        let db_path = data_dir.db_path();
        let stamp = time::OffsetDateTime::now_utc()
            .format(time::macros::format_description!(
                "[year][month][day]T[hour][minute][second]Z"
            ))
            .map_err(|e| StoreError::invalid("timestamp", e.to_string()))?;
        let base = |n: u32| {
            let suffix = if n == 0 {
                String::new()
            } else {
                format!("-{n}")
            };
            data_dir
                .root()
                .join(format!("onsite.db.corrupt-{stamp}{suffix}"))
        };
        let mut n = 0;
        let target = loop {
            let candidate = base(n);
            if !candidate.exists() {
                break candidate;
            }
            n += 1;
        };
        // Companions first: a WAL left next to a fresh database would be applied to it.
        for ext in ["-wal", "-shm"] {
            let from = PathBuf::from(format!("{}{ext}", db_path.display()));
            if from.exists() {
                let to = PathBuf::from(format!("{}{ext}", target.display()));
                fs::rename(&from, &to)
                    .map_err(|e| StoreError::io("could not move aside", &from, e))?;
            }
        }
        if db_path.exists() {
            fs::rename(&db_path, &target)
                .map_err(|e| StoreError::io("could not move aside", &db_path, e))?;
        }
        tracing::warn!(to = %target.display(), "moved a damaged database aside");
        Ok(target)
    }

    /// Path of a data-folder-relative media path.
    pub fn absolute(&self, relative: &str) -> PathBuf {
        self.data_dir.root().join(relative)
    }

    fn migrate(&mut self, db_path: &Path) -> Result<(), StoreError> {
        let found = self
            .schema_version()
            .map_err(|e| with_path_store(e, db_path))?;
        if found > migrations::LATEST {
            return Err(StoreError::TooNew {
                path: db_path.to_path_buf(),
                found,
                supported: migrations::LATEST,
            });
        }
        migrations::migrations()
            .to_latest(&mut self.conn)
            .map_err(StoreError::Migration)
    }

    fn recover_interrupted_takes(&mut self) -> Result<Vec<RecoveredTake>, StoreError> {
        let tx = self.conn.transaction()?;
        let recovered = {
            let mut stmt = tx.prepare(
                "SELECT t.id, q.session_id, q.text, t.attempt, t.media_path,
                        (SELECT COUNT(*) FROM segments s WHERE s.take_id = t.id),
                        (SELECT COUNT(*) FROM take_scenes w WHERE w.take_id = t.id)
                 FROM takes t JOIN questions_asked q ON q.id = t.question_asked_id
                 WHERE t.status = 'recording' ORDER BY t.id",
            )?;
            let rows = stmt.query_map([], |row| {
                Ok((
                    row.get::<_, i64>(0)?,
                    row.get::<_, String>(1)?,
                    row.get::<_, String>(2)?,
                    row.get::<_, u32>(3)?,
                    row.get::<_, Option<String>>(4)?,
                    row.get::<_, u32>(5)?,
                    row.get::<_, u32>(6)?,
                ))
            })?;
            let mut out = Vec::new();
            for row in rows {
                let (take, session, question_text, attempt, media_path, segments_kept, scenes_kept) =
                    row?;
                out.push(RecoveredTake {
                    take_id: TakeId(take),
                    session_id: session.parse::<SessionId>()?,
                    question_text,
                    attempt,
                    media_path,
                    segments_kept,
                    scenes_kept,
                });
            }
            out
        };
        // The take ends where its last committed segment or whiteboard snapshot ends: the best
        // evidence left. Its snapshots stay as committed, so replay shows the drawing as it was.
        tx.execute(
            "UPDATE takes SET status = 'recovered',
                 ended_at_ms = COALESCE(ended_at_ms, started_at_ms + MAX(
                     COALESCE((SELECT MAX(end_ms) FROM segments s WHERE s.take_id = takes.id), 0),
                     COALESCE((SELECT MAX(at_ms) FROM take_scenes w
                               WHERE w.take_id = takes.id), 0)))
             WHERE status = 'recording'",
            [],
        )?;
        tx.commit()?;
        for take in &recovered {
            tracing::warn!(take = take.take_id.0, session = %take.session_id,
                segments = take.segments_kept, scenes = take.scenes_kept, "recovered a take interrupted by a crash");
        }
        Ok(recovered)
    }
}

fn open_connection(db_path: &Path) -> Result<Connection, rusqlite::Error> {
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
        | OpenFlags::SQLITE_OPEN_CREATE
        | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(db_path, flags)?;
    conn.busy_timeout(BUSY_TIMEOUT)?;
    // The first statement that reads the header: a file that is not SQLite fails here.
    let mode: String = conn.pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get(0))?;
    if !mode.eq_ignore_ascii_case("wal") {
        tracing::warn!(mode, "SQLite refused WAL mode");
    }
    conn.pragma_update(None, "foreign_keys", true)?;
    // FULL: a committed segment survives power loss too, not just a crash of the app; commits
    // are a few per second while recording, so the fsync is cheap.
    conn.pragma_update(None, "synchronous", "FULL")?;
    // Deleted answers are overwritten, not left readable in free pages.
    conn.pragma_update(None, "secure_delete", true)?;
    let check: String = conn.query_row("PRAGMA quick_check(1)", [], |r| r.get(0))?;
    if check != "ok" {
        return Err(rusqlite::Error::SqliteFailure(
            rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_CORRUPT),
            Some(check),
        ));
    }
    Ok(conn)
}

/// Attaches the database path to damage errors found while opening.
fn with_path(err: rusqlite::Error, db_path: &Path) -> StoreError {
    match err.sqlite_error_code() {
        Some(ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase) => StoreError::Corrupt {
            path: db_path.to_path_buf(),
            detail: err.to_string(),
        },
        _ => StoreError::from(err),
    }
}

fn with_path_store(err: StoreError, db_path: &Path) -> StoreError {
    match err {
        StoreError::Corrupt { detail, .. } => StoreError::Corrupt {
            path: db_path.to_path_buf(),
            detail,
        },
        other => other,
    }
}

fn try_writer_lock(path: &Path) -> Result<Option<File>, StoreError> {
    let file = private_options()
        .write(true)
        .truncate(false)
        .open(path)
        .map_err(|e| StoreError::io("could not open the lock file", path, e))?;
    match file.try_lock() {
        Ok(()) => Ok(Some(file)),
        Err(TryLockError::WouldBlock) => {
            tracing::info!("another Onsite process holds the data folder; skipping recovery");
            Ok(None)
        }
        Err(TryLockError::Error(e)) => Err(StoreError::io("could not lock", path, e)),
    }
}

/// Creates `path` empty and 0600 if missing, and tightens it to 0600 if present; SQLite gives
/// the `-wal` and `-shm` files the database file's mode, so they inherit it.
pub(crate) fn create_private_file(path: &Path) -> Result<(), StoreError> {
    private_options()
        .append(true)
        .open(path)
        .map_err(|e| StoreError::io("could not create", path, e))?;
    restrict_to_owner(path)
}

pub(crate) fn private_options() -> OpenOptions {
    let mut options = OpenOptions::new();
    options.create(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options
}

pub(crate) fn restrict_to_owner(path: &Path) -> Result<(), StoreError> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(path, fs::Permissions::from_mode(0o600))
            .map_err(|e| StoreError::io("could not set permissions on", path, e))?;
    }
    Ok(())
}
