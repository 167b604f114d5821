//! sha256 of model files, recorded in a `sha256sum`-compatible sidecar (`<file>.sha256`).
//!
//! A sidecar rather than a central manifest: it travels with the file when a user copies
//! models between machines, and `sha256sum -c` can check it without Onsite.

use std::fs::File;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::error::{ModelError, Result};

pub fn to_hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

pub fn sidecar_path(model: &Path) -> PathBuf {
    let mut name = model.as_os_str().to_owned();
    name.push(".sha256");
    PathBuf::from(name)
}

pub fn sha256_file(path: &Path) -> Result<String> {
    let mut file = File::open(path).map_err(|e| ModelError::io(path, e))?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 1 << 20];
    loop {
        let n = file.read(&mut buf).map_err(|e| ModelError::io(path, e))?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
    }
    Ok(to_hex(&hasher.finalize()))
}

pub fn write_sidecar(model: &Path, sha256: &str) -> Result<()> {
    let file_name = model
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let side = sidecar_path(model);
    let mut f = private_file(&side).map_err(|e| ModelError::io(&side, e))?;
    f.write_all(format!("{sha256}  {file_name}\n").as_bytes())
        .map_err(|e| ModelError::io(&side, e))
}

/// Creates (or truncates) a file only its owner can read: models sit in the private data folder
/// and keep its promise of 0600 files.
pub(crate) fn private_file(path: &Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options.open(path)
}

/// The recorded sha256, if a well-formed sidecar exists.
pub fn read_sidecar(model: &Path) -> Option<String> {
    let text = std::fs::read_to_string(sidecar_path(model)).ok()?;
    let hex = text.split_whitespace().next()?.to_ascii_lowercase();
    (hex.len() == 64 && hex.bytes().all(|b| b.is_ascii_hexdigit())).then_some(hex)
}

/// The result of checking a file against its recorded sha256.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case", tag = "status")]
pub enum Verified {
    /// The file matches what was recorded on import.
    Match { sha256: String },
    /// Nothing was recorded (a dropped-in file); this sha256 is now recorded.
    Recorded { sha256: String },
}

/// Compares the file's sha256 with its sidecar; records one if there was none.
pub fn verify(model: &Path) -> Result<Verified> {
    let actual = sha256_file(model)?;
    match read_sidecar(model) {
        Some(expected) if expected == actual => Ok(Verified::Match { sha256: actual }),
        Some(expected) => Err(ModelError::ChecksumMismatch {
            path: model.to_path_buf(),
            expected,
            actual,
        }),
        None => {
            write_sidecar(model, &actual)?;
            Ok(Verified::Recorded { sha256: actual })
        }
    }
}
