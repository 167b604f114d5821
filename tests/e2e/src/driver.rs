//! Starting and stopping `tauri-driver`, and opening the app through it.

use std::net::{Ipv4Addr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder};
use nix::sys::signal::{kill, Signal};
use nix::unistd::Pid;

/// Why the harness could not start the app; each says what to do about it.
#[derive(Debug, thiserror::Error)]
pub enum E2eError {
    #[error("the app binary {0} does not exist: build it first with `make app`")]
    NoApp(PathBuf),
    #[error(
        "tauri-driver is not installed: run scripts/setup (cargo install tauri-driver --locked)"
    )]
    NoDriver,
    #[error("could not start tauri-driver: {0}")]
    Spawn(std::io::Error),
    #[error("no free local port for tauri-driver: {0}")]
    Port(std::io::Error),
    #[error(
        "tauri-driver did not listen on port {0} within {1:?}; is there an X display (xvfb-run)?"
    )]
    NotListening(u16, Duration),
    #[error("could not open a WebDriver session with the app: {0}")]
    Session(#[from] fantoccini::error::NewSessionError),
    #[error("the app showed neither the first-run guide nor home, or skipping the guide failed: {0}; see the screenshot")]
    FirstRun(#[from] fantoccini::error::CmdError),
}

impl E2eError {
    pub fn code(&self) -> &'static str {
        match self {
            Self::NoApp(_) => "e2e_no_app",
            Self::NoDriver => "e2e_no_driver",
            Self::Spawn(_) => "e2e_spawn",
            Self::Port(_) => "e2e_port",
            Self::NotListening(..) => "e2e_not_listening",
            Self::Session(_) => "e2e_session",
            Self::FirstRun(_) => "e2e_first_run",
        }
    }
}

/// A running `tauri-driver`, stopped with SIGTERM when dropped.
///
/// Never SIGKILL it: it would leave its WebKitWebDriver child running, holding the port and the
/// test's output pipe open, and the test run would hang.
#[derive(Debug)]
pub struct Driver {
    child: Child,
    port: u16,
}

/// The app's environment for one test: its data folder and a private home for WebKit's files.
#[derive(Debug)]
pub struct App {
    /// `ONSITE_DATA_DIR` for the app: a fresh folder, so tests never touch real data.
    pub data_dir: PathBuf,
    scratch: tempfile::TempDir,
    /// More environment for the app (e.g. a HOME whose `.asoundrc` picks the microphone).
    env: Vec<(String, std::ffi::OsString)>,
    /// The app binary [`crate::in_app`] launches: the build tree's unless the test names one.
    pub binary: PathBuf,
}

impl App {
    pub fn new() -> std::io::Result<Self> {
        let scratch = tempfile::tempdir()?;
        Ok(Self {
            data_dir: scratch.path().join("onsite-data"),
            scratch,
            env: Vec::new(),
            binary: crate::app_binary(),
        })
    }

    /// Launches `binary` instead of the build tree's app (the installed package's, say).
    pub fn with_binary(mut self, binary: PathBuf) -> Self {
        self.binary = binary;
        self
    }

    /// Sets an environment variable for the app (after the harness's own, so it can override).
    pub fn with_env(mut self, key: &str, value: impl Into<std::ffi::OsString>) -> Self {
        self.env.push((key.to_owned(), value.into()));
        self
    }

    /// The app on `pulse`, the test's private PulseAudio server: its HOME (whose `.asoundrc`
    /// sends ALSA's default device there), runtime folder and address. Both the microphone the
    /// test speaks into and the sink replay plays to are that server.
    pub fn with_pulse(self, pulse: &onsite_testkit::Pulse) -> Self {
        self.with_env("HOME", pulse.home.clone())
            .with_env("XDG_RUNTIME_DIR", pulse.runtime.clone())
            .with_env("PULSE_SERVER", pulse.server.clone())
    }

    fn scratch(&self) -> &Path {
        self.scratch.path()
    }
}

const LISTEN_TIMEOUT: Duration = Duration::from_secs(30);

impl Driver {
    /// Starts tauri-driver on free ports; the app it launches gets `app`'s environment.
    pub fn start(app: &App) -> Result<Self, E2eError> {
        let driver = tauri_driver_path().ok_or(E2eError::NoDriver)?;
        let port = free_port()?;
        let native_port = free_port()?;
        let scratch = app.scratch();
        for xdg in ["xdg-data", "xdg-cache", "xdg-config"] {
            std::fs::create_dir_all(scratch.join(xdg)).map_err(E2eError::Spawn)?;
        }
        // WebKitWebDriver starts the app with this environment. XDG folders point into the
        // scratch folder so WebKit's caches and local storage stay out of the user's home.
        let mut command = Command::new(driver);
        command
            .arg("--port")
            .arg(port.to_string())
            .arg("--native-port")
            .arg(native_port.to_string())
            .env("ONSITE_DATA_DIR", &app.data_dir)
            .env("XDG_DATA_HOME", scratch.join("xdg-data"))
            .env("XDG_CACHE_HOME", scratch.join("xdg-cache"))
            .env("XDG_CONFIG_HOME", scratch.join("xdg-config"))
            .envs(app.env.iter().map(|(k, v)| (k, v)))
            .stdin(Stdio::null());
        let child = command.spawn().map_err(E2eError::Spawn)?;
        let driver = Self { child, port };
        driver.wait_until_listening()?;
        Ok(driver)
    }

    fn wait_until_listening(&self) -> Result<(), E2eError> {
        let started = Instant::now();
        while started.elapsed() < LISTEN_TIMEOUT {
            if TcpStream::connect((Ipv4Addr::LOCALHOST, self.port)).is_ok() {
                return Ok(());
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        Err(E2eError::NotListening(self.port, LISTEN_TIMEOUT))
    }

    /// Launches the app binary and returns a WebDriver session attached to its main window,
    /// on the home screen: a fresh data folder opens on the first-run guide, which is skipped
    /// here (as a user would) so that every test starts from home. `e2e_first_run` tests the
    /// guide itself through [`Driver::open_at_first_screen`].
    pub async fn open(&self, app_binary: &Path) -> Result<Client, E2eError> {
        let client = self.open_at_first_screen(app_binary).await?;
        if let Err(e) = crate::page::skip_first_run(&client).await {
            crate::page::shot(&client, "first-run-skip-failure").await;
            return Err(e.into());
        }
        Ok(client)
    }

    /// Launches the app binary and returns a WebDriver session on whatever it shows first.
    pub async fn open_at_first_screen(&self, app_binary: &Path) -> Result<Client, E2eError> {
        if !app_binary.is_file() {
            return Err(E2eError::NoApp(app_binary.to_path_buf()));
        }
        let mut caps = serde_json::Map::new();
        caps.insert(
            "tauri:options".into(),
            serde_json::json!({ "application": app_binary }),
        );
        caps.insert("browserName".into(), "wry".into());
        let client = ClientBuilder::native()
            .capabilities(caps)
            .connect(&format!("http://127.0.0.1:{}", self.port))
            .await?;
        Ok(client)
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let Ok(raw) = i32::try_from(self.child.id()) else {
            return;
        };
        if kill(Pid::from_raw(raw), Signal::SIGTERM).is_err() {
            return; // already gone
        }
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        eprintln!(
            "tauri-driver (pid {raw}) did not exit within 10 s of SIGTERM; leaving it running"
        );
    }
}

fn tauri_driver_path() -> Option<PathBuf> {
    let in_path = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|dir| dir.join("tauri-driver"))
            .find(|candidate| candidate.is_file())
    });
    in_path.or_else(|| {
        let cargo_home = std::env::var_os("CARGO_HOME")
            .map(PathBuf::from)
            .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".cargo")))?;
        let candidate = cargo_home.join("bin").join("tauri-driver");
        candidate.is_file().then_some(candidate)
    })
}

fn free_port() -> Result<u16, E2eError> {
    // The OS picks an unused port; released at once so tauri-driver can bind it.
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).map_err(E2eError::Port)?;
    Ok(listener.local_addr().map_err(E2eError::Port)?.port())
}
