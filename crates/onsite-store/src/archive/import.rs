//! Reading archives: everything is checked before anything is written, media is staged in a
//! folder beside `media/`, and the rows go in one transaction, so a refused or failed import
//! leaves the data folder exactly as it was.
//!
//! The transaction is the commit point. Staged media moves into `media/` only after it, so a
//! process killed at any moment leaves each imported session either absent (rows not
//! committed: its staged media is deleted on the next open) or whole (rows committed: the next
//! open moves its staged media into place, [`Store::finish_interrupted_imports`]). Moving media
//! first, as this once did, left complete media folders with no session after a kill between
//! the moves and the commit, and the same archive could then not be imported again.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::fs::{self, File};
use std::io::{self, BufReader, Read};
use std::path::Path;

use rusqlite::OptionalExtension;
use serde::Serialize;
use zip::ZipArchive;

use super::{
    Manifest, SessionFile, FORMAT_NAME, FORMAT_VERSION, MANIFEST, READABLE_VERSIONS, REPORT,
    SESSION_JSON, STAGING_PREFIX,
};
use crate::model::{SessionDetail, SessionId, TakeStatus};
use crate::store::private_options;
use crate::write::{
    insert_session_detail, is_plain_file_name, validate_media_path, validate_rubric,
    validate_scenes, validate_segment, validate_utc_offset,
};
use crate::{ArchiveError, Store, StoreError};

/// Bounds that keep a hostile or broken archive from exhausting disk or memory.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImportLimits {
    /// Size of the archive file itself.
    pub max_archive_bytes: u64,
    pub max_entries: usize,
    /// Uncompressed size of `manifest.json` or one `session.json`.
    pub max_json_bytes: u64,
    /// Uncompressed size of one media file.
    pub max_media_bytes: u64,
    /// Uncompressed size of everything together.
    pub max_total_bytes: u64,
    /// Largest uncompressed/compressed ratio for entries above `ratio_floor_bytes`. Recordings
    /// are stored uncompressed and JSON deflates ~10x; a zip bomb expands ~1000x.
    pub max_ratio: u64,
    pub ratio_floor_bytes: u64,
}

impl Default for ImportLimits {
    fn default() -> Self {
        const GIB: u64 = 1 << 30;
        Self {
            max_archive_bytes: 64 * GIB,
            max_entries: 100_000,
            max_json_bytes: 64 << 20,
            max_media_bytes: 16 * GIB,
            max_total_bytes: 64 * GIB,
            max_ratio: 200,
            ratio_floor_bytes: 1 << 20,
        }
    }
}

/// What an import did. Importing the same archive twice imports nothing the second time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImportReport {
    pub imported: Vec<SessionId>,
    pub already_present: Vec<SessionId>,
}

/// What an entry of the archive is, from its name.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Entry {
    Manifest,
    SessionJson(SessionId),
    Report(SessionId),
    Media(SessionId, String),
}

struct Checked {
    manifest: usize,
    session_json: BTreeMap<SessionId, usize>,
    media: BTreeMap<(SessionId, String), (usize, u64)>,
}

impl Store {
    /// Imports an archive written by [`Store::export_sessions`] with the default limits.
    pub fn import(&mut self, archive: &Path) -> Result<ImportReport, StoreError> {
        self.import_with_limits(archive, &ImportLimits::default())
    }

    pub fn import_with_limits(
        &mut self,
        archive_path: &Path,
        limits: &ImportLimits,
    ) -> Result<ImportReport, StoreError> {
        let size = fs::metadata(archive_path)
            .map_err(|e| StoreError::io("could not read", archive_path, e))?
            .len();
        if size > limits.max_archive_bytes {
            return Err(too_large("the archive", size, limits.max_archive_bytes));
        }
        let file = File::open(archive_path)
            .map_err(|e| StoreError::io("could not read", archive_path, e))?;
        let mut zip = ZipArchive::new(BufReader::new(file)).map_err(ArchiveError::Unreadable)?;
        if zip.len() > limits.max_entries {
            return Err(too_large(
                "the number of entries",
                zip.len() as u64,
                limits.max_entries as u64,
            ));
        }
        let checked = check_entries(&mut zip, limits)?;

        let manifest: Manifest = parse_versioned(
            &read_bounded(&mut zip, checked.manifest, limits.max_json_bytes)?,
            MANIFEST,
        )?;
        if manifest.format != FORMAT_NAME {
            return Err(invalid(
                MANIFEST,
                format!("format is {:?}", manifest.format),
            ));
        }
        let listed: BTreeSet<SessionId> = manifest.sessions.iter().cloned().collect();
        if listed.len() != manifest.sessions.len() {
            return Err(invalid(MANIFEST, "a session is listed twice"));
        }
        let in_archive: BTreeSet<SessionId> = checked
            .session_json
            .keys()
            .chain(checked.media.keys().map(|(id, _)| id))
            .cloned()
            .collect();
        if let Some(extra) = in_archive.difference(&listed).next() {
            return Err(ArchiveError::UnexpectedEntry {
                name: format!("{extra}/"),
            }
            .into());
        }

        let mut sessions = Vec::new();
        for id in &manifest.sessions {
            let name = format!("{id}/{SESSION_JSON}");
            let index = *checked
                .session_json
                .get(id)
                .ok_or_else(|| ArchiveError::Missing { name: name.clone() })?;
            let file: SessionFile = parse_versioned(
                &read_bounded(&mut zip, index, limits.max_json_bytes)?,
                &name,
            )?;
            let mut session = file.session;
            validate_session(id, &mut session, &checked, &name)?;
            sessions.push(session);
        }

        let mut report = ImportReport {
            imported: Vec::new(),
            already_present: Vec::new(),
        };
        let mut fresh = Vec::new();
        for session in sessions {
            if self.session_exists(&session.id)? {
                report.already_present.push(session.id);
            } else {
                fresh.push(session);
            }
        }
        if fresh.is_empty() {
            return Ok(report);
        }
        for session in &fresh {
            let target = self.data_dir.session_media_dir(session.id.as_str());
            if target.exists() {
                return Err(StoreError::invalid(
                    "import",
                    format!(
                        "{} already exists but no such session is stored; move it away first",
                        target.display()
                    ),
                ));
            }
        }

        let staging = tempfile::Builder::new()
            .prefix(STAGING_PREFIX)
            .tempdir_in(self.data_dir.root())
            .map_err(|e| StoreError::io("could not create staging in", self.data_dir.root(), e))?;
        let mut written = 0u64;
        for session in &fresh {
            for (file_name, (index, declared)) in referenced_media(session, &checked) {
                let dir = staging.path().join(session.id.as_str());
                // Private like the media folder it is moved into.
                let mut folder = fs::DirBuilder::new();
                folder.recursive(true);
                #[cfg(unix)]
                std::os::unix::fs::DirBuilderExt::mode(&mut folder, 0o700);
                folder
                    .create(&dir)
                    .map_err(|e| StoreError::io("could not create", &dir, e))?;
                let dest = dir.join(&file_name);
                let copied = extract_bounded(&mut zip, index, declared, &dest)?;
                written += copied;
                if written > limits.max_total_bytes {
                    return Err(too_large(
                        "the archive's content",
                        written,
                        limits.max_total_bytes,
                    ));
                }
            }
        }

        let tx = self.conn.transaction()?;
        for session in &fresh {
            insert_session_detail(&tx, session)?;
        }
        tx.commit()?;
        // Committed: from here a failure must not lose the staged media.
        for session in &fresh {
            let staged = staging.path().join(session.id.as_str());
            if staged.exists() {
                let target = self.data_dir.session_media_dir(session.id.as_str());
                if let Err(e) = fs::rename(&staged, &target) {
                    let kept = staging.keep();
                    tracing::warn!(staging = %kept.display(), "import media left staged: {e}");
                    return Err(StoreError::io(
                        "could not move imported media into place (reopening Onsite retries) at",
                        &target,
                        e,
                    ));
                }
            }
        }
        report.imported = fresh.into_iter().map(|s| s.id).collect();
        Ok(report)
    }

    /// Finishes what a process killed mid-import left in staging folders: media of sessions
    /// whose rows were committed moves into place; anything else (rows never committed) is
    /// deleted. Run by the primary store on open.
    pub(crate) fn finish_interrupted_imports(&self) {
        let Ok(entries) = fs::read_dir(self.data_dir.root()) else {
            return;
        };
        for entry in entries.flatten() {
            if !entry
                .file_name()
                .to_string_lossy()
                .starts_with(STAGING_PREFIX)
            {
                continue;
            }
            let staging = entry.path();
            for staged in fs::read_dir(&staging).into_iter().flatten().flatten() {
                let name = staged.file_name();
                let Some(id) = name.to_str().and_then(|n| n.parse::<SessionId>().ok()) else {
                    continue;
                };
                let target = self.data_dir.session_media_dir(id.as_str());
                let committed = self.session_exists(&id).unwrap_or(false);
                if committed && !target.exists() {
                    match fs::rename(staged.path(), &target) {
                        Ok(()) => tracing::info!(session = %id, "finished an interrupted import"),
                        Err(e) => {
                            // Kept for the next open rather than deleted with the staging folder.
                            tracing::warn!(session = %id, "could not finish an import: {e}");
                            return;
                        }
                    }
                }
            }
            if let Err(err) = fs::remove_dir_all(&staging) {
                tracing::warn!(path = %staging.display(), "could not remove staging: {err}");
            }
        }
    }

    fn session_exists(&self, id: &SessionId) -> Result<bool, StoreError> {
        Ok(self
            .conn
            .query_row(
                "SELECT 1 FROM sessions WHERE id = ?1",
                [id.as_str()],
                |_| Ok(()),
            )
            .optional()?
            .is_some())
    }
}

/// Names, kinds and declared sizes of every entry, before reading any content.
fn check_entries<R: Read + io::Seek>(
    zip: &mut ZipArchive<R>,
    limits: &ImportLimits,
) -> Result<Checked, StoreError> {
    let mut manifest = None;
    let mut session_json = BTreeMap::new();
    let mut media = BTreeMap::new();
    let mut seen = HashSet::new();
    let mut total = 0u64;
    for index in 0..zip.len() {
        let file = zip.by_index_raw(index).map_err(ArchiveError::Unreadable)?;
        let name = file.name().map_err(ArchiveError::Unreadable)?.into_owned();
        if !is_safe_name(&name) || file.enclosed_name().is_none() || file.is_symlink() {
            return Err(ArchiveError::UnsafePath { name }.into());
        }
        if file.encrypted() {
            return Err(invalid(&name, "encrypted entries are not supported"));
        }
        if !seen.insert(name.clone()) {
            return Err(invalid(&name, "the entry appears twice"));
        }
        if file.is_dir() {
            if !is_known_dir(&name) {
                return Err(ArchiveError::UnexpectedEntry { name }.into());
            }
            continue;
        }
        let entry = classify(&name)?;
        let size = file.size();
        let limit = match entry {
            Entry::Media(..) => limits.max_media_bytes,
            _ => limits.max_json_bytes,
        };
        if size > limit {
            return Err(too_large(&format!("entry {name:?}"), size, limit));
        }
        total = total.saturating_add(size);
        if total > limits.max_total_bytes {
            return Err(too_large(
                "the archive's content",
                total,
                limits.max_total_bytes,
            ));
        }
        let compressed = file.compressed_size().max(1);
        if size > limits.ratio_floor_bytes && size / compressed > limits.max_ratio {
            return Err(ArchiveError::CompressionRatio {
                name,
                compressed,
                size,
                ratio: size / compressed,
            }
            .into());
        }
        match entry {
            Entry::Manifest => manifest = Some(index),
            Entry::SessionJson(id) => {
                session_json.insert(id, index);
            }
            Entry::Report(_) => {}
            Entry::Media(id, file_name) => {
                media.insert((id, file_name), (index, size));
            }
        }
    }
    Ok(Checked {
        manifest: manifest.ok_or_else(|| ArchiveError::Missing {
            name: MANIFEST.to_string(),
        })?,
        session_json,
        media,
    })
}

/// Relative, forward-slash names with no `.`/`..` parts, drive letters or NULs; checked on the
/// raw name, since the zip crate's own check rewrites some unsafe names into safe ones.
fn is_safe_name(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with('/')
        && !name.contains(['\\', ':', '\0'])
        && name
            .trim_end_matches('/')
            .split('/')
            .all(|part| !part.is_empty() && part != "." && part != "..")
}

fn classify(name: &str) -> Result<Entry, StoreError> {
    let unexpected = || {
        StoreError::from(ArchiveError::UnexpectedEntry {
            name: name.to_string(),
        })
    };
    let parts: Vec<&str> = name.split('/').collect();
    let session = |s: &str| s.parse::<SessionId>().map_err(|_| unexpected());
    match parts.as_slice() {
        [MANIFEST] => Ok(Entry::Manifest),
        [id, SESSION_JSON] => Ok(Entry::SessionJson(session(id)?)),
        [id, REPORT] => Ok(Entry::Report(session(id)?)),
        [id, "media", file] if is_plain_file_name(file) => {
            Ok(Entry::Media(session(id)?, (*file).to_string()))
        }
        _ => Err(unexpected()),
    }
}

fn is_known_dir(name: &str) -> bool {
    let parts: Vec<&str> = name.trim_end_matches('/').split('/').collect();
    match parts.as_slice() {
        [id] | [id, "media"] => id.parse::<SessionId>().is_ok(),
        _ => false,
    }
}

/// Checks what the database constraints would otherwise reject mid-transaction, and that
/// every media path points at a file inside the archive.
fn validate_session(
    folder: &SessionId,
    session: &mut SessionDetail,
    checked: &Checked,
    name: &str,
) -> Result<(), StoreError> {
    if &session.id != folder {
        return Err(invalid(
            name,
            format!("its id {} is not its folder's", session.id),
        ));
    }
    validate_utc_offset(session.utc_offset_minutes).map_err(|e| invalid(name, e.to_string()))?;
    let mut positions = HashSet::new();
    for question in &mut session.questions {
        if !positions.insert(question.position) {
            return Err(invalid(
                name,
                format!("question {} appears twice", question.position),
            ));
        }
        let mut attempts = HashSet::new();
        for take in &mut question.takes {
            if !attempts.insert(take.attempt) {
                return Err(invalid(
                    name,
                    format!("take {} appears twice", take.attempt),
                ));
            }
            // Nothing is recording on this machine: an export taken mid-take arrives recovered.
            if take.status == TakeStatus::Recording {
                take.status = TakeStatus::Recovered;
            }
            if let Some(path) = &take.media_path {
                validate_media_path(folder, path).map_err(|e| invalid(name, e.to_string()))?;
                let file = path.rsplit('/').next().unwrap_or_default().to_string();
                if !checked.media.contains_key(&(folder.clone(), file)) {
                    return Err(ArchiveError::Missing {
                        name: format!(
                            "{folder}/media/{}",
                            path.rsplit('/').next().unwrap_or_default()
                        ),
                    }
                    .into());
                }
            }
            for segment in &take.segments {
                validate_segment(segment).map_err(|e| invalid(name, e.to_string()))?;
            }
            validate_scenes(&take.scenes)
                .map_err(|e| invalid(name, format!("take {}'s whiteboard: {e}", take.attempt)))?;
            crate::interviewer::validate_lines(&take.interviewer_lines).map_err(|e| {
                invalid(
                    name,
                    format!("take {}'s interviewer lines: {e}", take.attempt),
                )
            })?;
            if let Some(rubric) = &take.rubric {
                validate_rubric(rubric).map_err(|e| invalid(name, e.to_string()))?;
            }
            if take.rubric.is_none() && !take.earlier_rubrics.is_empty() {
                return Err(invalid(
                    name,
                    format!(
                        "take {} has earlier rubric results but no current one",
                        take.attempt
                    ),
                ));
            }
            for rubric in &take.earlier_rubrics {
                validate_rubric(rubric).map_err(|e| invalid(name, e.to_string()))?;
            }
            let mut follow_ups = HashSet::new();
            for follow_up in &take.follow_ups {
                if !follow_ups.insert(follow_up.position) {
                    return Err(invalid(name, "a follow-up appears twice"));
                }
            }
        }
    }
    Ok(())
}

/// The archive entries the session's takes refer to: file name -> (entry index, size).
fn referenced_media(session: &SessionDetail, checked: &Checked) -> BTreeMap<String, (usize, u64)> {
    let mut out = BTreeMap::new();
    for take in session.questions.iter().flat_map(|q| &q.takes) {
        if let Some(path) = &take.media_path {
            let file = path.rsplit('/').next().unwrap_or_default().to_string();
            if let Some(found) = checked.media.get(&(session.id.clone(), file.clone())) {
                out.insert(file, *found);
            }
        }
    }
    out
}

/// Checks `format_version` before the rest, so that a newer archive says so instead of
/// failing on some field this build does not know.
fn parse_versioned<T: serde::de::DeserializeOwned>(
    bytes: &[u8],
    name: &str,
) -> Result<T, StoreError> {
    let value: serde_json::Value =
        serde_json::from_slice(bytes).map_err(|e| invalid(name, e.to_string()))?;
    let version = value
        .get("format_version")
        .and_then(serde_json::Value::as_u64);
    match version {
        Some(found) if READABLE_VERSIONS.contains(&found) => {}
        Some(found) => {
            return Err(ArchiveError::UnknownVersion {
                found,
                supported: FORMAT_VERSION,
            }
            .into())
        }
        None => return Err(invalid(name, "format_version is missing")),
    }
    serde_json::from_value(value).map_err(|e| invalid(name, e.to_string()))
}

/// Reads a whole entry, never more than `limit` bytes whatever its header claims.
fn read_bounded<R: Read + io::Seek>(
    zip: &mut ZipArchive<R>,
    index: usize,
    limit: u64,
) -> Result<Vec<u8>, StoreError> {
    let file = zip.by_index(index).map_err(ArchiveError::Unreadable)?;
    let name = file.name().map(|n| n.into_owned()).unwrap_or_default();
    let mut bytes = Vec::new();
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| invalid(&name, e.to_string()))?;
    if bytes.len() as u64 > limit {
        return Err(too_large(
            &format!("entry {name:?}"),
            bytes.len() as u64,
            limit,
        ));
    }
    Ok(bytes)
}

/// Copies an entry to a new 0600 file, refusing more bytes than its header declared.
fn extract_bounded<R: Read + io::Seek>(
    zip: &mut ZipArchive<R>,
    index: usize,
    declared: u64,
    dest: &Path,
) -> Result<u64, StoreError> {
    let file = zip.by_index(index).map_err(ArchiveError::Unreadable)?;
    let name = file.name().map(|n| n.into_owned()).unwrap_or_default();
    let mut out = private_options()
        .write(true)
        .create_new(true)
        .open(dest)
        .map_err(|e| StoreError::io("could not create", dest, e))?;
    let copied = io::copy(&mut file.take(declared + 1), &mut out).map_err(|e| {
        if e.kind() == io::ErrorKind::InvalidData || e.kind() == io::ErrorKind::UnexpectedEof {
            invalid(&name, e.to_string())
        } else {
            StoreError::io("could not write", dest, e)
        }
    })?;
    if copied > declared {
        return Err(invalid(
            &name,
            "it holds more data than its header declares",
        ));
    }
    out.sync_all()
        .map_err(|e| StoreError::io("could not write", dest, e))?;
    Ok(copied)
}

fn too_large(what: &str, size: u64, limit: u64) -> StoreError {
    ArchiveError::TooLarge {
        what: what.to_string(),
        size,
        limit,
    }
    .into()
}

fn invalid(what: &str, reason: impl Into<String>) -> StoreError {
    ArchiveError::Invalid {
        what: what.to_string(),
        reason: reason.into(),
    }
    .into()
}
