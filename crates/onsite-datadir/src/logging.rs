//! Logging to `logs/onsite.log` in the data folder and to stderr.

use tracing_appender::non_blocking::WorkerGuard;
use tracing_subscriber::{fmt, prelude::*, EnvFilter};

use crate::DataDir;

/// Keeps the background log writer alive; drop it last so buffered lines are flushed.
#[must_use = "logs are lost if the guard is dropped early"]
#[derive(Debug)]
pub struct LogGuard {
    _file: WorkerGuard,
}

/// Starts logging: everything at `info` and above goes to a daily log file in the data folder;
/// stderr shows warnings by default, more with `verbosity` (1 = info, 2+ = debug).
/// `RUST_LOG` overrides the stderr filter. Calling it twice is harmless (the second is ignored).
pub fn init(data_dir: &DataDir, verbosity: u8) -> LogGuard {
    let appender = tracing_appender::rolling::daily(data_dir.logs_dir(), "onsite.log");
    // The appender creates today's file with the process umask; logs name sessions and files,
    // so they are kept to the owner like everything else in the folder. (A file the appender
    // rolls over to at midnight in a long-running process is fixed at the next start; the
    // 0700 folder already keeps other users out.)
    restrict_logs(data_dir);
    let (writer, guard) = tracing_appender::non_blocking(appender);
    let stderr_level = match verbosity {
        0 => "warn",
        1 => "info",
        _ => "debug",
    };
    let stderr_filter =
        EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(stderr_level));
    let file_layer = fmt::layer()
        .with_ansi(false)
        .with_writer(writer)
        .with_filter(EnvFilter::new("info"));
    let stderr_layer = fmt::layer()
        .with_writer(std::io::stderr)
        .with_filter(stderr_filter);
    // A second init (tests, or the shell embedding the CLI code) keeps the first subscriber.
    let _ = tracing_subscriber::registry()
        .with(file_layer)
        .with(stderr_layer)
        .try_init();
    LogGuard { _file: guard }
}

#[cfg(unix)]
fn restrict_logs(data_dir: &DataDir) {
    use std::os::unix::fs::PermissionsExt;
    let Ok(entries) = std::fs::read_dir(data_dir.logs_dir()) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_file() {
            // Best effort: a log file we cannot chmod is still inside the 0700 folder.
            let _ = std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600));
        }
    }
}

#[cfg(not(unix))]
fn restrict_logs(_data_dir: &DataDir) {}
