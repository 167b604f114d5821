//! Export and import archives: a zip that carries sessions from one machine to another.
//!
//! Layout (format version 2; version 1, written before takes had a whiteboard, is still read):
//! ```text
//! manifest.json                {"format": "onsite-export", "format_version": 1, "sessions": [id...]}
//! <session id>/session.json    {"format_version": 1, "session": SessionDetail}
//! <session id>/report.md       a readable report (ignored on import)
//! <session id>/media/<file>    the take recordings (take media_path `media/<id>/<file>`)
//! ```

mod export;
mod import;

use serde::{Deserialize, Serialize};

use crate::model::{SessionDetail, SessionId};

pub use import::{ImportLimits, ImportReport};

/// The archive format this build writes. 2 added each take's whiteboard snapshots
/// (`TakeDetail::scenes`); an Onsite that knows only 1 refuses such an archive as newer rather
/// than importing it without its drawings.
pub const FORMAT_VERSION: u64 = 2;
/// Every format this build reads: version 1 archives are version 2 without drawings.
const READABLE_VERSIONS: &[u64] = &[1, 2];
const FORMAT_NAME: &str = "onsite-export";
const MANIFEST: &str = "manifest.json";
const SESSION_JSON: &str = "session.json";
const REPORT: &str = "report.md";
const STAGING_PREFIX: &str = ".import-";

#[derive(Debug, Serialize, Deserialize)]
struct Manifest {
    format: String,
    format_version: u64,
    sessions: Vec<SessionId>,
}

#[derive(Debug, Serialize, Deserialize)]
struct SessionFile {
    format_version: u64,
    session: SessionDetail,
}
