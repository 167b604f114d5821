//! A crash of the app, as the operating system would deliver one: SIGKILL, so nothing in the
//! app gets to finalise anything. The next `in_app` on the same [`App`](crate::App) relaunches
//! it on the same data folder, where its start-up recovery runs.

use std::path::Path;
use std::time::{Duration, Instant};

use nix::sys::signal::{kill, Signal};
use nix::unistd::Pid;

/// SIGKILLs the running app launched on `data_dir` (the main process: its executable's name is
/// `binary`'s and its environment names `data_dir`) and waits until it is gone. Returns how
/// many processes it killed; panics when none was running.
pub fn kill_app(binary: &Path, data_dir: &Path) -> usize {
    let name = binary
        .file_name()
        .expect("the app binary has a file name")
        .to_string_lossy()
        .into_owned();
    let wanted = format!("ONSITE_DATA_DIR={}", data_dir.display()).into_bytes();
    let mut killed = Vec::new();
    for entry in std::fs::read_dir("/proc")
        .expect("/proc is readable")
        .flatten()
    {
        let Some(pid) = entry
            .file_name()
            .to_str()
            .and_then(|s| s.parse::<i32>().ok())
        else {
            continue;
        };
        let Ok(exe) = std::fs::read_link(entry.path().join("exe")) else {
            continue; // another user's, or gone
        };
        // A rebuilt binary shows as "onsite-app (deleted)".
        let exe_name = exe.file_name().map(|n| n.to_string_lossy().into_owned());
        if !exe_name.is_some_and(|n| n == name || n.starts_with(&format!("{name} "))) {
            continue;
        }
        let Ok(environ) = std::fs::read(entry.path().join("environ")) else {
            continue;
        };
        if environ
            .split(|b| *b == 0)
            .any(|var| var == wanted.as_slice())
        {
            kill(Pid::from_raw(pid), Signal::SIGKILL).expect("SIGKILL the app");
            killed.push(pid);
        }
    }
    assert!(
        !killed.is_empty(),
        "no {name} running on {}",
        data_dir.display()
    );
    // Gone once its parent (WebKitWebDriver) has reaped it, or at least no longer running.
    let deadline = Instant::now() + Duration::from_secs(10);
    for pid in &killed {
        loop {
            let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
            // The state follows the command name in parentheses: Z is a zombie (dead).
            let state = stat.rsplit(") ").next().and_then(|s| s.chars().next());
            if stat.is_empty() || state == Some('Z') || state == Some('X') {
                break;
            }
            assert!(Instant::now() < deadline, "{name} ({pid}) outlived SIGKILL");
            std::thread::sleep(Duration::from_millis(20));
        }
    }
    killed.len()
}
