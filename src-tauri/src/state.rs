//! State the shell owns for the lifetime of the app.

use std::path::Path;

use onsite_datadir::DataDir;

use crate::error::CommandError;

/// The shell's managed state. The data folder is resolved once at start-up; if that failed the
/// error is kept, so every command that needs the folder reports the same actionable message.
#[derive(Debug)]
pub struct Shell {
    data_dir: Result<DataDir, CommandError>,
}

impl Shell {
    /// Opens `explicit` or the OS app-data folder (created 0700 if missing).
    pub fn open(explicit: Option<&Path>) -> Self {
        Self {
            data_dir: DataDir::open(explicit).map_err(CommandError::from),
        }
    }

    pub fn data_dir(&self) -> Result<&DataDir, CommandError> {
        self.data_dir.as_ref().map_err(Clone::clone)
    }
}
