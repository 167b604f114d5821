//! A private PulseAudio server: a microphone paced in real time for tests.
//!
//! Its default source is a null sink's monitor, reached by the app through ALSA's pulse plugin
//! (an `.asoundrc` in the test's private HOME): what [`Pulse::play`] plays into the sink is
//! what the app's microphone hears, at the speed it is spoken. (ALSA's file plugin over the
//! null device is not paced: it hands over a whole file the moment the device opens.)

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A running private server, killed on drop. Panics if it cannot start: test-only code.
#[derive(Debug)]
pub struct Pulse {
    child: Child,
    /// The private HOME holding `.asoundrc`.
    pub home: PathBuf,
    /// `XDG_RUNTIME_DIR` for processes that talk to this server.
    pub runtime: PathBuf,
    /// `PULSE_SERVER` for processes that talk to this server.
    pub server: String,
}

impl Pulse {
    pub fn start(home: &Path) -> Pulse {
        let runtime = home.join("runtime");
        std::fs::create_dir_all(&runtime).expect("create the pulse runtime folder");
        let socket = runtime.join("native");
        let script = home.join("pulse.pa");
        std::fs::write(
            &script,
            format!(
                "load-module module-native-protocol-unix socket={} auth-anonymous=1\n\
                 load-module module-null-sink sink_name=virtmic rate=48000 channels=1\n\
                 set-default-sink virtmic\n\
                 set-default-source virtmic.monitor\n",
                socket.display()
            ),
        )
        .expect("write pulse.pa");
        std::fs::write(
            home.join(".asoundrc"),
            "pcm.!default { type pulse }\nctl.!default { type pulse }\n",
        )
        .expect("write .asoundrc");
        let server = format!("unix:{}", socket.display());
        let mut child = Command::new("pulseaudio")
            .args(["-n", "-F"])
            .arg(&script)
            .args(["--exit-idle-time=-1", "--daemonize=no"])
            .env("HOME", home)
            .env("XDG_RUNTIME_DIR", &runtime)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("pulseaudio is installed (scripts/setup)");
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            let up = Command::new("pactl")
                .env("PULSE_SERVER", &server)
                .arg("info")
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status()
                .is_ok_and(|s| s.success());
            if up {
                return Pulse {
                    child,
                    home: home.to_path_buf(),
                    runtime,
                    server,
                };
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        let _ = child.kill();
        let _ = child.wait();
        panic!("pulseaudio did not come up within 10 s");
    }

    /// Starts a server and points this process's ALSA (HOME's `.asoundrc`) and PulseAudio
    /// clients at it, for tests that open the microphone in-process. Call it before anything
    /// touches ALSA; tests in one binary that use it must not run concurrently with others that
    /// read these variables differently.
    pub fn start_for_this_process(home: &Path) -> Pulse {
        let pulse = Pulse::start(home);
        std::env::set_var("HOME", &pulse.home);
        std::env::set_var("XDG_RUNTIME_DIR", &pulse.runtime);
        std::env::set_var("PULSE_SERVER", &pulse.server);
        pulse
    }

    /// Sets HOME, XDG_RUNTIME_DIR and PULSE_SERVER so `command` records from this server.
    pub fn env<'a>(&self, command: &'a mut Command) -> &'a mut Command {
        command
            .env("HOME", &self.home)
            .env("XDG_RUNTIME_DIR", &self.runtime)
            .env("PULSE_SERVER", &self.server)
    }

    /// Plays `file` into the microphone, in real time.
    pub fn play(&self, file: &Path) -> Child {
        play_into(&self.server, file)
    }
}

/// Plays `file` into the microphone of the server at `server` (a [`Pulse::server`]), in real
/// time; for tasks that hold the address rather than the server.
pub fn play_into(server: &str, file: &Path) -> Child {
    Command::new("paplay")
        .env("PULSE_SERVER", server)
        .arg("--device=virtmic")
        .arg(file)
        .stdin(Stdio::null())
        .spawn()
        .expect("paplay is installed (scripts/setup)")
}

impl Drop for Pulse {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
