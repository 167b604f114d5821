//! One import at a time per folder, and the clean-up of what a killed import left behind.
//!
//! A conversion writes `.NAME.partial` and renames it into place when it is complete. A
//! SIGKILL, a crash or a power cut in between leaves the partial: hidden from the registry, but
//! as large as the model. Every import holds an exclusive advisory lock (`flock`) on the output
//! folder itself for its whole run. The kernel drops such a lock when its process dies, however
//! it dies, so an import that holds it knows every partial in the folder belongs to a dead
//! import and removes it; and a second import into the same folder while one runs is refused
//! before it touches anything, rather than truncating the first one's file.
//!
//! The lock is on the folder, not on a lock file, so nothing is left beside the models and
//! there is no lock file to delete (deleting one races with a process about to lock it).

use std::fs::{File, TryLockError};
use std::io::Read;
use std::path::{Path, PathBuf};

use crate::error::{ModelError, Result};
use crate::ggml::MAGIC;

/// The exclusive right to write models into one folder; released when dropped (or when the
/// process dies).
#[derive(Debug)]
pub(crate) struct ImportLock {
    dir: PathBuf,
    /// `None` when the file system refuses the lock: imports then run unguarded and leave
    /// stale partials alone, as nothing can tell a live one from a dead one.
    held: Option<File>,
}

/// The hidden name an import writes `file_name` under until it is complete.
pub(crate) fn partial_name(file_name: &str) -> String {
    format!(".{file_name}.partial")
}

impl ImportLock {
    /// Takes the folder's lock, or refuses with [`ModelError::ImportBusy`] when another import
    /// holds it. Never waits.
    pub(crate) fn acquire(dir: &Path) -> Result<Self> {
        let handle = File::open(dir).map_err(|e| ModelError::io(dir, e))?;
        let held = match handle.try_lock() {
            Ok(()) => Some(handle),
            Err(TryLockError::WouldBlock) => {
                return Err(ModelError::ImportBusy {
                    dir: dir.to_path_buf(),
                })
            }
            // Some network file systems refuse locks on folders: importing there still works,
            // as it did before locks, only without the clean-up.
            Err(TryLockError::Error(e)) => {
                tracing::warn!(dir = %dir.display(), error = %e, "cannot lock the models folder: stale partial models are not cleaned up");
                None
            }
        };
        Ok(Self {
            dir: dir.to_path_buf(),
            held,
        })
    }

    /// Deletes the partial models of imports that died in this folder; returns what it
    /// deleted. Only files named like [`partial_name`] of a model file that are empty or start
    /// with the ggml magic are touched: another program's `.partial` files are not ours.
    pub(crate) fn remove_stale_partials(&self) -> Vec<PathBuf> {
        if self.held.is_none() {
            return Vec::new();
        }
        let Ok(entries) = std::fs::read_dir(&self.dir) else {
            return Vec::new();
        };
        let mut removed = Vec::new();
        for path in entries.filter_map(|e| e.ok().map(|e| e.path())) {
            if !is_our_partial(&path) {
                continue;
            }
            match std::fs::remove_file(&path) {
                Ok(()) => {
                    tracing::info!(path = %path.display(), "removed the partial model of an import that did not finish");
                    removed.push(path);
                }
                Err(e) => {
                    tracing::warn!(path = %path.display(), error = %e, "could not remove a stale partial model");
                }
            }
        }
        removed
    }
}

fn is_our_partial(path: &Path) -> bool {
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
        return false;
    };
    let Some(model) = name
        .strip_prefix('.')
        .and_then(|n| n.strip_suffix(".partial"))
    else {
        return false;
    };
    if !(model.ends_with(".bin") || model.ends_with(".ggml")) {
        return false;
    }
    // A symbolic link is never ours: the importer creates regular files.
    if !std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_file()) {
        return false;
    }
    let mut head = [0u8; 4];
    match File::open(path).and_then(|mut f| f.read(&mut head)) {
        // Killed before its first buffer reached the disk.
        Ok(0) => true,
        Ok(4) => u32::from_le_bytes(head) == MAGIC,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_our_partials_are_recognised() {
        let dir = tempfile::tempdir().unwrap();
        let put = |name: &str, bytes: &[u8]| {
            let p = dir.path().join(name);
            std::fs::write(&p, bytes).unwrap();
            p
        };
        let magic = MAGIC.to_le_bytes();
        assert!(is_our_partial(&put(".ggml-tiny.en.bin.partial", &magic)));
        assert!(is_our_partial(&put(".mine.ggml.partial", b"")));
        // Another program's partial download, a visible file, a foreign payload.
        assert!(!is_our_partial(&put(".video.mp4.partial", &magic)));
        assert!(!is_our_partial(&put("ggml-tiny.en.bin.partial", &magic)));
        assert!(!is_our_partial(&put(
            ".ggml-base.bin.partial",
            b"PK\x03\x04"
        )));
        assert!(!is_our_partial(&dir.path().join(".ggml-none.bin.partial")));
    }

    #[test]
    fn a_second_lock_on_the_same_folder_is_refused_until_the_first_is_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let first = ImportLock::acquire(dir.path()).unwrap();
        let err = ImportLock::acquire(dir.path()).unwrap_err();
        assert_eq!(err.code(), "import_busy");
        assert!(err.to_string().contains("wait for it"), "{err}");
        drop(first);
        ImportLock::acquire(dir.path()).unwrap();
    }
}
