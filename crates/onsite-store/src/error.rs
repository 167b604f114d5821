//! What can go wrong in the store, as values the UI can show and scripts can match by `code()`.

use std::io;
use std::path::PathBuf;

/// Errors from the store. Every variant has a stable [`StoreError::code`].
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(
        "the database {path} is damaged ({detail}); it can be moved aside (kept, never deleted) \
         and a fresh one started"
    )]
    Corrupt { path: PathBuf, detail: String },
    #[error(
        "the database {path} was written by a newer Onsite (schema {found}, this one knows up to \
         {supported}); update Onsite to open it"
    )]
    TooNew {
        path: PathBuf,
        found: usize,
        supported: usize,
    },
    #[error("the database is busy (another Onsite is writing to it); try again in a moment")]
    Busy,
    #[error("could not upgrade the database schema: {0}")]
    Migration(#[source] rusqlite_migration::Error),
    #[error("database error: {0}")]
    Sqlite(#[source] rusqlite::Error),
    #[error("{action} {path}: {source}")]
    Io {
        action: &'static str,
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    #[error("no {what} with id {id}")]
    NotFound { what: &'static str, id: String },
    #[error("take {take} is {status}, not recording; it cannot be changed")]
    TakeNotRecording { take: i64, status: &'static str },
    #[error("take {take} has no rubric result to re-score (it was never scored)")]
    NotScored { take: i64 },
    #[error("invalid {what}: {reason}")]
    Invalid { what: &'static str, reason: String },
    /// A whiteboard scene that does not read as an Excalidraw scene within the diagram
    /// reader's bounds; nothing was stored.
    #[error("the drawing was not saved: {0}")]
    Scene(#[source] onsite_diagram::DiagramError),
    #[error(transparent)]
    Archive(#[from] ArchiveError),
}

impl StoreError {
    /// Stable identifier for the UI and scripts; never match on the message text.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Corrupt { .. } => "store_corrupt",
            Self::TooNew { .. } => "store_too_new",
            Self::Busy => "store_busy",
            Self::Migration(_) => "store_migration",
            Self::Sqlite(_) => "store_sqlite",
            Self::Io { .. } => "store_io",
            Self::NotFound { .. } => "store_not_found",
            Self::TakeNotRecording { .. } => "store_take_not_recording",
            Self::NotScored { .. } => "store_not_scored",
            Self::Invalid { .. } => "store_invalid",
            Self::Scene(_) => "store_scene_invalid",
            Self::Archive(err) => err.code(),
        }
    }

    pub(crate) fn io(action: &'static str, path: impl Into<PathBuf>, source: io::Error) -> Self {
        Self::Io {
            action,
            path: path.into(),
            source,
        }
    }

    pub(crate) fn invalid(what: &'static str, reason: impl Into<String>) -> Self {
        Self::Invalid {
            what,
            reason: reason.into(),
        }
    }
}

impl From<rusqlite::Error> for StoreError {
    fn from(err: rusqlite::Error) -> Self {
        use rusqlite::ErrorCode;
        match err.sqlite_error_code() {
            Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => Self::Busy,
            // The path is unknown here; `Store::open` maps these with the path first, so this
            // arm only catches damage found later (a page read mid-query).
            Some(ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase) => Self::Corrupt {
                path: PathBuf::new(),
                detail: err.to_string(),
            },
            _ => Self::Sqlite(err),
        }
    }
}

/// Why an archive was refused by import (or could not be written by export).
#[derive(Debug, thiserror::Error)]
pub enum ArchiveError {
    #[error("not a readable Onsite archive: {0}")]
    Unreadable(#[source] zip::result::ZipError),
    #[error("the archive entry {name:?} points outside its folder or is not a plain file")]
    UnsafePath { name: String },
    #[error("the archive entry {name:?} is not part of an Onsite export")]
    UnexpectedEntry { name: String },
    #[error("the archive has no {name}")]
    Missing { name: String },
    #[error("{what} is {size} bytes; the limit is {limit}")]
    TooLarge { what: String, size: u64, limit: u64 },
    #[error(
        "the archive entry {name:?} expands {ratio}x ({compressed} -> {size} bytes); refusing a \
         likely zip bomb"
    )]
    CompressionRatio {
        name: String,
        compressed: u64,
        size: u64,
        ratio: u64,
    },
    #[error("the archive is format version {found}; this Onsite reads version {supported}")]
    UnknownVersion { found: u64, supported: u64 },
    #[error("the archive's {what} is invalid: {reason}")]
    Invalid { what: String, reason: String },
}

impl ArchiveError {
    /// Stable identifier for the UI and scripts.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Unreadable(_) => "archive_unreadable",
            Self::UnsafePath { .. } => "archive_unsafe_path",
            Self::UnexpectedEntry { .. } => "archive_unexpected_entry",
            Self::Missing { .. } => "archive_missing_entry",
            Self::TooLarge { .. } => "archive_too_large",
            Self::CompressionRatio { .. } => "archive_zip_bomb",
            Self::UnknownVersion { .. } => "archive_unknown_version",
            Self::Invalid { .. } => "archive_invalid",
        }
    }
}
