use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// Errors the UI can show when the data folder cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum DataDirError {
    #[error("could not find a home folder to keep Onsite's data in; pass --data-dir DIR")]
    NoHome,
    #[error("could not create the data folder {path}: {source}")]
    Create { path: PathBuf, source: io::Error },
    #[error("{path} exists but is not a folder; choose another --data-dir")]
    NotADirectory { path: PathBuf },
}

impl DataDirError {
    /// Stable identifier for the UI and scripts; never match on the message text.
    pub fn code(&self) -> &'static str {
        match self {
            Self::NoHome => "data_dir_no_home",
            Self::Create { .. } => "data_dir_create",
            Self::NotADirectory { .. } => "data_dir_not_a_directory",
        }
    }
}

/// The data folder, known to exist with its sub-folders once constructed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataDir {
    root: PathBuf,
}

impl DataDir {
    /// The OS app-data folder (e.g. `~/.local/share/onsite` on Linux).
    pub fn default_root() -> Result<PathBuf, DataDirError> {
        directories::ProjectDirs::from("", "", "onsite")
            .map(|dirs| dirs.data_dir().to_path_buf())
            .ok_or(DataDirError::NoHome)
    }

    /// Opens `explicit` or the default folder, creating it and its parts as needed.
    pub fn open(explicit: Option<&Path>) -> Result<Self, DataDirError> {
        let root = match explicit {
            Some(path) => path.to_path_buf(),
            None => Self::default_root()?,
        };
        Self::open_at(root)
    }

    /// Opens (creating as needed) the data folder at `root`.
    pub fn open_at(root: PathBuf) -> Result<Self, DataDirError> {
        let dir = Self { root };
        create_private_dir(&dir.root)?;
        for sub in [
            dir.media_dir(),
            dir.models_dir(),
            dir.rubrics_dir(),
            dir.questions_dir(),
            dir.logs_dir(),
        ] {
            create_private_dir(&sub)?;
        }
        Ok(dir)
    }

    pub fn root(&self) -> &Path {
        &self.root
    }
    pub fn db_path(&self) -> PathBuf {
        self.root.join("onsite.db")
    }
    pub fn media_dir(&self) -> PathBuf {
        self.root.join("media")
    }
    /// Folder for one session's takes; not created here (the recorder creates it on first take).
    pub fn session_media_dir(&self, session_id: &str) -> PathBuf {
        self.media_dir().join(session_id)
    }
    pub fn models_dir(&self) -> PathBuf {
        self.root.join("models")
    }
    pub fn rubrics_dir(&self) -> PathBuf {
        self.root.join("rubrics")
    }
    pub fn questions_dir(&self) -> PathBuf {
        self.root.join("questions")
    }
    pub fn logs_dir(&self) -> PathBuf {
        self.root.join("logs")
    }
}

fn create_private_dir(path: &Path) -> Result<(), DataDirError> {
    if path.exists() && !path.is_dir() {
        return Err(DataDirError::NotADirectory {
            path: path.to_path_buf(),
        });
    }
    fs::create_dir_all(path).map_err(|source| DataDirError::Create {
        path: path.to_path_buf(),
        source,
    })?;
    restrict_to_owner(path).map_err(|source| DataDirError::Create {
        path: path.to_path_buf(),
        source,
    })
}

#[cfg(unix)]
fn restrict_to_owner(path: &Path) -> io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    // Recordings of a candidate's face and voice are private: other local users get nothing.
    fs::set_permissions(path, fs::Permissions::from_mode(0o700))
}

#[cfg(not(unix))]
fn restrict_to_owner(_path: &Path) -> io::Result<()> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn creates_private_layout() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("nested/data");
        let dir = DataDir::open(Some(&root)).unwrap();
        for sub in ["media", "models", "rubrics", "questions", "logs"] {
            assert!(root.join(sub).is_dir(), "{sub} missing");
        }
        assert_eq!(dir.db_path(), root.join("onsite.db"));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = fs::metadata(&root).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o700);
        }
    }

    #[test]
    fn reopening_is_idempotent_and_tightens_loose_permissions() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("d");
        DataDir::open(Some(&root)).unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            fs::set_permissions(&root, fs::Permissions::from_mode(0o755)).unwrap();
            DataDir::open(Some(&root)).unwrap();
            let mode = fs::metadata(&root).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o700);
        }
    }

    #[test]
    fn a_file_in_the_way_is_a_clear_error() {
        let tmp = tempfile::tempdir().unwrap();
        let file = tmp.path().join("file");
        fs::write(&file, b"x").unwrap();
        let err = DataDir::open(Some(&file)).unwrap_err();
        assert_eq!(err.code(), "data_dir_not_a_directory");
    }
}
