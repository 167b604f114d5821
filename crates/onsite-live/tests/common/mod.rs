//! What the live-session tests share: the real Whisper model (loaded once), a private
//! PulseAudio server whose null sink's monitor is the default microphone (so captured audio is
//! paced in real time, unlike ALSA's file plugin over a null slave), and the jfk.wav fixture.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

use onsite_speech::Model;

/// jfk.wav: 11 s of real speech ("… ask not what your country can do for you …").
pub fn jfk_wav() -> PathBuf {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/fixtures/jfk.wav");
    assert!(p.exists(), "fixture missing: {}", p.display());
    p
}

/// The repository's default model (installed by `make setup`), loaded once per test binary.
pub fn model() -> Arc<Model> {
    static MODEL: OnceLock<Arc<Model>> = OnceLock::new();
    MODEL
        .get_or_init(|| {
            let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../models/ggml-tiny.en.bin");
            Model::load_named(&path, "tiny.en").expect("the default model (run `make setup`)")
        })
        .clone()
}

/// A private PulseAudio server with a null sink whose monitor is the default source; ALSA's
/// default device is routed to it through the pulse plugin. Killed on drop.
pub struct Pulse {
    child: Child,
    pub server: String,
}

impl Pulse {
    pub fn start(home: &Path) -> Pulse {
        let runtime = home.join("runtime");
        std::fs::create_dir_all(&runtime).expect("runtime dir");
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
        .expect("pulse script");
        std::fs::write(
            home.join(".asoundrc"),
            "pcm.!default { type pulse }\nctl.!default { type pulse }\n",
        )
        .expect("asoundrc");
        std::env::set_var("HOME", home);
        std::env::set_var("XDG_RUNTIME_DIR", &runtime);
        let server = format!("unix:{}", socket.display());
        std::env::set_var("PULSE_SERVER", &server);
        let mut child = Command::new("pulseaudio")
            .args(["-n", "-F"])
            .arg(&script)
            .args([
                "--exit-idle-time=-1",
                "--daemonize=no",
                "--log-target=stderr",
            ])
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
                return Pulse { child, server };
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        let _ = child.kill();
        let _ = child.wait();
        panic!("pulseaudio did not come up");
    }

    /// Plays a file into the null sink, i.e. into the default microphone.
    pub fn play(&self, file: &Path) -> Child {
        Command::new("paplay")
            .env("PULSE_SERVER", &self.server)
            .arg("--device=virtmic")
            .arg(file)
            .spawn()
            .expect("paplay")
    }
}

impl Drop for Pulse {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
