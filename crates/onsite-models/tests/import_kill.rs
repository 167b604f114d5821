//! An import killed mid-conversion, and two imports at once, with real processes: this test
//! binary runs itself as the child that converts the real default model, is stopped with
//! SIGSTOP once its partial file has data (so "mid-conversion" is certain, not a race), then
//! killed with SIGKILL or let go on with SIGCONT.
//!
//! Needs `models/fetch-default` to have run, like `tiny_en.rs`.

#![allow(clippy::unwrap_used)] // test helpers: a failed step is a failed test

mod common;

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::{ct2_dir, manifest};
use onsite_models::{checksum, ggml, import_ct2, Ct2Files, Registry};

/// Where the child imports to; set only for the child.
const CHILD_OUT: &str = "ONSITE_TEST_IMPORT_OUT";

/// The child process of the tests below (a no-op when run on its own).
#[test]
#[ignore = "the child process of this file's other tests"]
fn child_import() {
    let Some(out) = std::env::var_os(CHILD_OUT) else {
        return;
    };
    let files = Ct2Files::locate(&ct2_dir(), &[]).expect("the package has a CT2 model");
    import_ct2(&files, Path::new(&out)).expect("the child's import");
}

/// The child import; killed (and reaped) if a failed assertion drops it, so a stopped child
/// never outlives the test holding its output pipes open.
struct ChildImport(Option<Child>);

impl ChildImport {
    fn get(&mut self) -> &mut Child {
        self.0.as_mut().expect("the child is still ours")
    }

    fn take(mut self) -> Child {
        self.0.take().expect("the child is still ours")
    }
}

impl Drop for ChildImport {
    fn drop(&mut self) {
        if let Some(mut child) = self.0.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

fn spawn_import(out: &Path) -> ChildImport {
    Command::new(std::env::current_exe().expect("test binary"))
        .args(["child_import", "--exact", "--ignored", "--test-threads=1"])
        .env(CHILD_OUT, out)
        // The child's libtest report would interleave with this test's; shown on failure.
        .stdout(Stdio::piped())
        .spawn()
        .map(|c| ChildImport(Some(c)))
        .expect("spawn the child import")
}

/// `kill -SIG pid` through the shell's built-in (std sends only SIGKILL).
fn signal(child: &Child, sig: &str) {
    let status = Command::new("sh")
        .arg("-c")
        .arg(format!("kill -{sig} {}", child.id()))
        .status()
        .expect("sh runs");
    assert!(status.success(), "kill -{sig} failed");
}

/// A signal is delivered asynchronously: a write in progress still lands. The child is
/// stopped once the kernel says every one of its threads is (`T` in
/// `/proc/PID/task/TID/stat`; libtest runs the import on a thread of its own), or it ended.
fn wait_until_stopped(child: &Child) {
    let tasks = PathBuf::from(format!("/proc/{}/task", child.id()));
    let started = Instant::now();
    loop {
        let states: Vec<Option<char>> = std::fs::read_dir(&tasks)
            .map(|dir| {
                dir.filter_map(|e| e.ok())
                    .map(|e| {
                        let text =
                            std::fs::read_to_string(e.path().join("stat")).unwrap_or_default();
                        // The state follows the parenthesised thread name.
                        text.rsplit_once(") ")
                            .and_then(|(_, rest)| rest.chars().next())
                    })
                    .collect()
            })
            .unwrap_or_default();
        if states
            .iter()
            .all(|s| matches!(s, Some('T' | 't' | 'Z' | 'X') | None))
        {
            return;
        }
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "the child did not stop: {states:?}"
        );
        std::thread::sleep(Duration::from_millis(1));
    }
}

fn partial_of(out: &Path) -> PathBuf {
    let name = out.file_name().unwrap().to_string_lossy();
    out.with_file_name(format!(".{name}.partial"))
}

/// Starts the child import and stops it once its partial file holds data; returns the child
/// and the partial's size at that moment. Tries again (from scratch) if the child got to
/// the end before the signal landed, as it may on a machine where starting `sh` is slow.
fn import_stopped_midway(out: &Path) -> (ChildImport, u64) {
    const ATTEMPTS: usize = 5;
    for attempt in 1..=ATTEMPTS {
        if let Some(stopped) = try_stop_midway(out) {
            return stopped;
        }
        eprintln!("attempt {attempt}: the import finished before it was stopped; again");
        for f in [out.to_path_buf(), checksum::sidecar_path(out)] {
            let _ = std::fs::remove_file(f);
        }
    }
    panic!("the import was never caught mid-conversion in {ATTEMPTS} attempts");
}

fn try_stop_midway(out: &Path) -> Option<(ChildImport, u64)> {
    let partial = partial_of(out);
    let mut child = spawn_import(out);
    let started = Instant::now();
    loop {
        if std::fs::metadata(&partial).is_ok_and(|m| m.len() > 0) {
            signal(child.get(), "STOP");
            wait_until_stopped(child.get());
            break;
        }
        if let Some(status) = child.get().try_wait().unwrap() {
            assert!(status.success(), "the child import failed: {status}");
            return None;
        }
        assert!(
            started.elapsed() < Duration::from_secs(120),
            "the child never started writing {}",
            partial.display()
        );
        std::thread::sleep(Duration::from_millis(1));
    }
    // Still before the rename (the last step), so certainly mid-conversion.
    let size = std::fs::metadata(&partial).ok()?.len();
    (!out.exists()).then_some((child, size))
}

fn hidden_partials(dir: &Path) -> Vec<String> {
    let mut found: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".partial"))
        .collect();
    found.sort();
    found
}

#[test]
fn a_second_import_while_one_runs_is_refused_and_the_first_completes_undisturbed() {
    let tmp = tempfile::tempdir().unwrap();
    let models = tmp.path().join("models");
    let out = models.join("ggml-tiny.en.bin");
    let (mut child, size) = import_stopped_midway(&out);

    let files = Ct2Files::locate(&ct2_dir(), &[]).unwrap();
    for name in ["ggml-tiny.en.bin", "ggml-other.bin"] {
        let err = import_ct2(&files, &models.join(name)).unwrap_err();
        assert_eq!(err.code(), "import_busy", "{err}");
        assert!(err.to_string().contains("wait for it to finish"), "{err}");
    }
    // The refused imports touched nothing: the running one's partial is as it was.
    assert_eq!(std::fs::metadata(partial_of(&out)).unwrap().len(), size);
    assert!(!models.join("ggml-other.bin").exists());

    signal(child.get(), "CONT");
    let done = child.take().wait_with_output().unwrap();
    assert!(
        done.status.success(),
        "the first import failed ({}): {}",
        done.status,
        String::from_utf8_lossy(&done.stdout)
    );
    let info = ggml::validate(&out).unwrap();
    assert_eq!(info.n_tensors, 167);
    assert_eq!(
        checksum::sha256_file(&out).unwrap(),
        manifest("ggml_sha256"),
        "the first import's file is exactly the reference conversion"
    );
    assert_eq!(hidden_partials(&models), Vec::<String>::new());
}

#[test]
fn an_import_killed_mid_conversion_is_cleaned_up_by_the_next_one() {
    let tmp = tempfile::tempdir().unwrap();
    let models = tmp.path().join("models");
    let out = models.join("ggml-tiny.en.bin");
    let (child, _) = import_stopped_midway(&out);
    let mut child = child.take();
    child.kill().expect("SIGKILL");
    child.wait().unwrap();

    // What the kill left: a hidden partial, no model, and nothing the registry lists.
    assert_eq!(hidden_partials(&models), vec![".ggml-tiny.en.bin.partial"]);
    assert!(!out.exists());
    let registry = Registry::new(vec![models.clone()]);
    assert!(registry.list().is_empty(), "{:?}", registry.list());
    assert!(registry.find("tiny.en").is_none());
    // An earlier killed import of another model, written up to its magic.
    let other = models.join(".ggml-base.en.bin.partial");
    std::fs::write(&other, ggml::MAGIC.to_le_bytes()).unwrap();
    // Not ours: another program's partial file in the same folder stays.
    let foreign = models.join(".notes.txt.partial");
    std::fs::write(&foreign, b"draft").unwrap();

    let files = Ct2Files::locate(&ct2_dir(), &[]).unwrap();
    let report = import_ct2(&files, &out).expect("the next import succeeds");
    assert_eq!(report.sha256, manifest("ggml_sha256"));
    assert_eq!(hidden_partials(&models), vec![".notes.txt.partial"]);
    let listed = registry.list();
    assert_eq!(listed.len(), 1, "{listed:?}");
    assert_eq!(listed[0].name, "tiny.en");
    assert!(listed[0].valid, "{listed:?}");
}
