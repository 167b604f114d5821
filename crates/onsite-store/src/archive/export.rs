//! Writing archives.

use std::fmt::Write as _;
use std::fs::File;
use std::io::{self, Write};
use std::path::Path;

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

use super::{Manifest, SessionFile, FORMAT_NAME, FORMAT_VERSION, MANIFEST, REPORT, SESSION_JSON};
use crate::model::{SessionDetail, SessionId};
use crate::store::restrict_to_owner;
use crate::{ArchiveError, Store, StoreError};

impl Store {
    /// Writes one session to the archive `out`.
    pub fn export_session(&self, id: &SessionId, out: &Path) -> Result<(), StoreError> {
        self.export_sessions(std::slice::from_ref(id), out)
    }

    /// Writes every session to the archive `out`.
    pub fn export_all(&self, out: &Path) -> Result<usize, StoreError> {
        let ids: Vec<SessionId> = self.list_sessions()?.into_iter().map(|s| s.id).collect();
        self.export_sessions(&ids, out)?;
        Ok(ids.len())
    }

    /// Writes `ids` to the archive `out` (0600), atomically: a failure leaves no file at `out`.
    pub fn export_sessions(&self, ids: &[SessionId], out: &Path) -> Result<(), StoreError> {
        let sessions = ids
            .iter()
            .map(|id| self.session(id))
            .collect::<Result<Vec<_>, _>>()?;
        let parent = out
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let partial = tempfile::Builder::new()
            .prefix(".onsite-export-")
            .tempfile_in(parent)
            .map_err(|e| StoreError::io("could not create a file in", parent, e))?;
        let file = partial
            .reopen()
            .map_err(|e| StoreError::io("could not write", partial.path(), e))?;
        self.write_archive(&sessions, file)
            .map_err(|e| zip_error(e, partial.path()))?;
        partial
            .persist(out)
            .map_err(|e| StoreError::io("could not write", out, e.error))?;
        restrict_to_owner(out)
    }

    fn write_archive(
        &self,
        sessions: &[SessionDetail],
        file: File,
    ) -> Result<(), zip::result::ZipError> {
        let mut zip = ZipWriter::new(io::BufWriter::new(file));
        let text = SimpleFileOptions::default()
            .compression_method(CompressionMethod::Deflated)
            .unix_permissions(0o600);
        // Recordings are already compressed; deflating them again costs time for nothing.
        let media = SimpleFileOptions::default()
            .compression_method(CompressionMethod::Stored)
            .unix_permissions(0o600)
            .large_file(true);
        let manifest = Manifest {
            format: FORMAT_NAME.to_string(),
            format_version: FORMAT_VERSION,
            sessions: sessions.iter().map(|s| s.id.clone()).collect(),
        };
        zip.start_file(MANIFEST, text)?;
        serde_json::to_writer_pretty(&mut zip, &manifest).map_err(io::Error::other)?;
        for session in sessions {
            let mut session = session.clone();
            for question in &mut session.questions {
                for take in &mut question.takes {
                    let Some(rel) = take.media_path.clone() else {
                        continue;
                    };
                    let path = self.absolute(&rel);
                    let Ok(mut source) = File::open(&path) else {
                        // A take that failed before its file was written: no media to carry.
                        take.media_path = None;
                        continue;
                    };
                    let file_name = rel.rsplit('/').next().unwrap_or(&rel);
                    zip.start_file(format!("{}/media/{file_name}", session.id), media)?;
                    io::copy(&mut source, &mut zip)?;
                }
            }
            zip.start_file(format!("{}/{SESSION_JSON}", session.id), text)?;
            let body = SessionFile {
                format_version: FORMAT_VERSION,
                session: session.clone(),
            };
            serde_json::to_writer_pretty(&mut zip, &body).map_err(io::Error::other)?;
            zip.start_file(format!("{}/{REPORT}", session.id), text)?;
            zip.write_all(report(&session).as_bytes())?;
        }
        let mut writer = zip.finish()?;
        writer.flush()?;
        writer.get_ref().sync_all()?;
        Ok(())
    }
}

fn zip_error(err: zip::result::ZipError, path: &Path) -> StoreError {
    match err {
        zip::result::ZipError::Io(e) => StoreError::io("could not write", path, e),
        other => StoreError::Archive(ArchiveError::Unreadable(other)),
    }
}

/// A plain-text report to read without Onsite.
fn report(session: &SessionDetail) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# Onsite session {}\n", session.id);
    let _ = writeln!(
        out,
        "Plan: {}  \nLevel: {}  \nStarted (unix ms): {}\n",
        session.plan, session.level, session.started_at_ms
    );
    for question in &session.questions {
        let _ = writeln!(
            out,
            "## Q{}. {}\n",
            question.position, question.question.text
        );
        for take in &question.takes {
            let _ = writeln!(
                out,
                "### Take {} ({})\n",
                take.attempt,
                take.status.as_str()
            );
            if let Some(rubric) = &take.rubric {
                for (competency, score) in &rubric.scores {
                    let _ = writeln!(out, "- {competency}: {score:.2}");
                }
                let _ = writeln!(out, "- rubric version: {}\n", rubric.rubric_version);
            }
            let text: Vec<&str> = take.segments.iter().map(|s| s.text.trim()).collect();
            let _ = writeln!(out, "{}\n", text.join(" "));
            for follow_up in &take.follow_ups {
                let _ = writeln!(out, "> Follow-up: {}\n", follow_up.text);
            }
        }
    }
    out
}
