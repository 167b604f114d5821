//! A private PulseAudio server: a microphone paced in real time for tests.
//!
//! Its default source is a null sink's monitor, reached by the app through ALSA's pulse plugin
//! (an `.asoundrc` in the test's private HOME): what [`Pulse::play`] plays into the sink is
//! what the app's microphone hears, at the speed it is spoken. (ALSA's file plugin over the
//! null device is not paced: it hands over a whole file the moment the device opens.)
//!
//! [`Pulse::start_room`] is a room with an interviewer in it: the app's speakers are a second
//! null sink whose monitor a test records ([`Pulse::record`]), and what they play is also heard
//! by the microphone, as in a room.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The null sink [`Pulse::start`]'s microphone hears (its monitor is the default source).
pub const MIC_SINK: &str = "virtmic";
/// In [`Pulse::start_room`]: the sink the candidate speaks into (its monitor is the app's
/// microphone).
pub const CANDIDATE_SINK: &str = "candidate";
/// In [`Pulse::start_room`]: the app's default output, the interviewer's voice.
pub const INTERVIEWER_SINK: &str = "interviewer";

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
    /// The null sink whose monitor is the default source: what is played into it, the
    /// microphone hears.
    pub mic_sink: String,
}

impl Pulse {
    /// One null sink, [`MIC_SINK`]: the default output and, through its monitor, the default
    /// microphone.
    pub fn start(home: &Path) -> Pulse {
        Pulse::start_with(
            home,
            &format!(
                "load-module module-null-sink sink_name={MIC_SINK} rate=48000 channels=1\n\
                 set-default-sink {MIC_SINK}\n\
                 set-default-source {MIC_SINK}.monitor\n"
            ),
            MIC_SINK,
        )
    }

    /// A room: two null sinks. [`INTERVIEWER_SINK`] is the default output (the app's voice
    /// plays there; [`Pulse::record`] its monitor), [`CANDIDATE_SINK`]'s monitor is the default
    /// microphone ([`Pulse::play`] speaks into it). What the interviewer sink plays is looped
    /// into the candidate sink as well (`module-loopback`, 20 ms), as speakers are heard by the
    /// microphone in a room: the app must keep its own voice out of the answer.
    pub fn start_room(home: &Path) -> Pulse {
        Pulse::start_with(
            home,
            &format!(
                "load-module module-null-sink sink_name={INTERVIEWER_SINK} rate=48000 channels=1\n\
                 load-module module-null-sink sink_name={CANDIDATE_SINK} rate=48000 channels=1\n\
                 load-module module-loopback source={INTERVIEWER_SINK}.monitor sink={CANDIDATE_SINK} \
                 latency_msec=20 source_dont_move=true sink_dont_move=true\n\
                 set-default-sink {INTERVIEWER_SINK}\n\
                 set-default-source {CANDIDATE_SINK}.monitor\n"
            ),
            CANDIDATE_SINK,
        )
    }

    /// Starts a server on a socket in `home` running `setup` (pulse.pa lines), whose
    /// microphone is `mic_sink`'s monitor.
    fn start_with(home: &Path, setup: &str, mic_sink: &str) -> Pulse {
        let runtime = home.join("runtime");
        std::fs::create_dir_all(&runtime).expect("create the pulse runtime folder");
        let socket = runtime.join("native");
        let script = home.join("pulse.pa");
        std::fs::write(
            &script,
            format!(
                "load-module module-native-protocol-unix socket={} auth-anonymous=1\n{setup}",
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
                    mic_sink: mic_sink.to_owned(),
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
        play_into_sink(&self.server, &self.mic_sink, file)
    }

    /// Records what `sink` plays (its monitor), from now until [`Recording::stop`], as 16 kHz
    /// mono.
    pub fn record(&self, sink: &str, file: &Path) -> Recording {
        let raw = file.with_extension("raw");
        let out = std::fs::File::create(&raw).expect("create the recording");
        let child = Command::new("parec")
            .env("PULSE_SERVER", &self.server)
            .arg(format!("--device={sink}.monitor"))
            .args([
                "--format=s16le",
                "--rate=16000",
                "--channels=1",
                "--latency-msec=20",
            ])
            .stdin(Stdio::null())
            .stdout(out)
            .spawn()
            .expect("parec is installed (scripts/setup)");
        Recording {
            child,
            raw,
            wav: file.to_path_buf(),
            started: Instant::now(),
        }
    }
}

/// Plays `file` into the microphone of the server at `server` (a [`Pulse::server`] started by
/// [`Pulse::start`]), in real time; for tasks that hold the address rather than the server.
pub fn play_into(server: &str, file: &Path) -> Child {
    play_into_sink(server, MIC_SINK, file)
}

/// Plays `file` into `sink` of the server at `server`, in real time.
pub fn play_into_sink(server: &str, sink: &str, file: &Path) -> Child {
    Command::new("paplay")
        .env("PULSE_SERVER", server)
        .arg(format!("--device={sink}"))
        .arg(file)
        .stdin(Stdio::null())
        .spawn()
        .expect("paplay is installed (scripts/setup)")
}

/// A sink's monitor being recorded by `parec` (killed on drop).
#[derive(Debug)]
pub struct Recording {
    child: Child,
    raw: PathBuf,
    wav: PathBuf,
    /// When `parec` was started.
    pub started: Instant,
}

impl Recording {
    /// Ends the recording and writes it as a 16 kHz mono WAV file at the path given to
    /// [`Pulse::record`]; returns that path.
    pub fn stop(mut self) -> PathBuf {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let status = Command::new("sox")
            .args([
                "-t", "raw", "-e", "signed", "-b", "16", "-r", "16000", "-c", "1",
            ])
            .arg(&self.raw)
            .arg(&self.wav)
            .status()
            .expect("sox is installed (scripts/setup)");
        assert!(
            status.success(),
            "sox failed to write {}",
            self.wav.display()
        );
        self.wav.clone()
    }
}

impl Drop for Recording {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Pulse {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
