//! The `onsite` command line as a test runs it: one runner for the CLI's own tests and the
//! end-to-end tests that make their data with the built binary.

use std::ops::{Deref, DerefMut};
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// The `onsite` binary at `bin` with `data` as its data folder (`--data-dir DATA`, before the
/// arguments the test adds) and none taken from the environment the tests run in.
pub fn onsite(bin: impl AsRef<Path>, data: &Path) -> Onsite {
    let mut run = Onsite::new(bin);
    run.data_dir(data);
    run
}

/// One run of `onsite`, built like a [`Command`]: `data_dir`, `arg`, `args`, `env` and
/// `env_remove`, then [`Onsite::output`], or [`Onsite::run_within`] for a run that must end in
/// time. It dereferences to its `Command` for the rest (piped output,
/// `spawn`), so a test that needs a running child still starts from the same runner.
#[derive(Debug)]
pub struct Onsite {
    cmd: Command,
}

/// What a finished (or stopped) run printed.
#[derive(Debug)]
pub struct Ran {
    /// The exit code; `None` when it was killed for running past its limit (or by a signal).
    pub status: Option<i32>,
    pub stdout: String,
    pub stderr: String,
    pub elapsed: Duration,
}

impl Onsite {
    /// The binary at `bin` (the CLI's tests pass `env!("CARGO_BIN_EXE_onsite")`, the
    /// end-to-end tests the built one) with no data folder given: `ONSITE_DATA_DIR` is removed
    /// so the test's own environment never chooses one.
    pub fn new(bin: impl AsRef<Path>) -> Self {
        let mut cmd = Command::new(bin.as_ref());
        cmd.env_remove("ONSITE_DATA_DIR");
        Self { cmd }
    }

    /// `--data-dir DATA`.
    pub fn data_dir(&mut self, data: &Path) -> &mut Self {
        self.cmd.arg("--data-dir").arg(data);
        self
    }

    pub fn arg(&mut self, arg: impl AsRef<std::ffi::OsStr>) -> &mut Self {
        self.cmd.arg(arg);
        self
    }

    pub fn args<I, S>(&mut self, args: I) -> &mut Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<std::ffi::OsStr>,
    {
        self.cmd.args(args);
        self
    }

    pub fn env(
        &mut self,
        key: impl AsRef<std::ffi::OsStr>,
        value: impl AsRef<std::ffi::OsStr>,
    ) -> &mut Self {
        self.cmd.env(key, value);
        self
    }

    pub fn env_remove(&mut self, key: impl AsRef<std::ffi::OsStr>) -> &mut Self {
        self.cmd.env_remove(key);
        self
    }

    /// Runs it to the end and returns what it printed, as [`Command::output`] does.
    pub fn output(&mut self) -> std::io::Result<Output> {
        self.cmd.output()
    }

    /// Runs it with nothing on its standard input, killing it after `limit`; a run killed that
    /// way has no status.
    pub fn run_within(&mut self, limit: Duration) -> Ran {
        let started = Instant::now();
        let mut child = self
            .cmd
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn onsite");
        let stdout = child.stdout.take().expect("stdout is piped");
        let stderr = child.stderr.take().expect("stderr is piped");
        let out = std::thread::spawn(move || std::io::read_to_string(stdout).unwrap_or_default());
        let err = std::thread::spawn(move || std::io::read_to_string(stderr).unwrap_or_default());
        let status = loop {
            if let Some(st) = child.try_wait().expect("wait for onsite") {
                break st.code();
            }
            if started.elapsed() > limit {
                let _ = child.kill();
                let _ = child.wait();
                break None;
            }
            std::thread::sleep(Duration::from_millis(20));
        };
        Ran {
            status,
            stdout: out.join().unwrap_or_default(),
            stderr: err.join().unwrap_or_default(),
            elapsed: started.elapsed(),
        }
    }
}

impl Deref for Onsite {
    type Target = Command;
    fn deref(&self) -> &Command {
        &self.cmd
    }
}

impl DerefMut for Onsite {
    fn deref_mut(&mut self) -> &mut Command {
        &mut self.cmd
    }
}
