//! Faults a candidate's machine will meet, each survived with nothing committed lost: SIGKILL
//! while recording, while transcribing, while writing the database and while importing an
//! archive; a full disk under a recording; a missing, cut or foreign model; no camera. (A
//! microphone that vanishes mid-take is `crates/onsite-capture/tests/mic_unplugged.rs`; an
//! import killed right after its commit, a window too short to hit with a signal, is reproduced
//! in `crates/onsite-store/tests/archive.rs`.) Real binary, real files, real model.

mod common;

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::{fail, ok, onsite, JFK_WAV};
use onsite_datadir::DataDir;
use onsite_store::{NewSession, QuestionSnapshot, Store, TakeStatus};
use onsite_testkit::media::ffprobe;

fn wait_for(what: &str, limit: Duration, mut done: impl FnMut() -> bool) {
    let start = Instant::now();
    while !done() {
        assert!(start.elapsed() < limit, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(25));
    }
}

fn spawn(mut c: onsite_testkit::Onsite) -> Child {
    c.stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn onsite")
}

/// SIGKILL (std's `Child::kill`) and reap.
fn sigkill(mut child: Child) {
    child.kill().expect("SIGKILL");
    let status = child.wait().expect("wait");
    assert!(status.code().is_none(), "it was still running: {status:?}");
}

/// 88 s of real speech (jfk.wav eight times): long enough to be killed mid-transcription.
fn long_speech(dir: &Path) -> PathBuf {
    let out = dir.join("long.wav");
    let st = Command::new("sox")
        .args([JFK_WAV; 8])
        .arg(&out)
        .status()
        .expect("sox is installed (scripts/setup)");
    assert!(st.success());
    out
}

fn store(data: &Path) -> Store {
    Store::open(&DataDir::open(Some(data)).expect("data dir")).expect("store")
}

#[test]
fn sigkill_during_recording_leaves_a_take_that_recovers() {
    let tmp = tempfile::tempdir().expect("tmp");
    let data = tmp.path().join("data");
    let dir = data.join("media").join("session");
    std::fs::create_dir_all(&dir).expect("mkdir");
    let take = dir.join("take.mp4");
    let mut c = onsite(&data);
    c.args([
        "record",
        "--seconds",
        "60",
        "--camera",
        "synthetic",
        "--mic",
        "none",
        "--out",
    ])
    .arg(&take);
    let child = spawn(c);
    // Fragments are flushed every second: wait for a few past the header.
    wait_for("three fragments", Duration::from_secs(60), || {
        std::fs::metadata(&take).is_ok_and(|m| m.len() > 100_000)
    });
    std::thread::sleep(Duration::from_millis(2500));
    sigkill(child);

    let recovered = onsite_capture::recover_unfinished(&dir).expect("recover");
    assert_eq!(recovered.len(), 1, "{recovered:?}");
    let info = recovered[0].1.as_ref().expect("the take recovers");
    assert!(info.duration_ms >= 2000, "{info:?}");
    // ffprobe reads it (it fails the test if it cannot).
    let (secs, _) = ffprobe(&take);
    assert!(secs >= 2.0, "{secs}");
    // The recording is private at rest.
    let mode = std::fs::metadata(&take).expect("meta").permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
}

#[test]
fn sigkill_mid_interview_keeps_committed_answers_and_recovers_the_take() {
    let tmp = tempfile::tempdir().expect("tmp");
    let data = tmp.path().join("data");
    let a1 = tmp.path().join("a1.txt");
    std::fs::write(
        &a1,
        "I would first clarify scale and latency, then put Kafka in front of Flink.",
    )
    .expect("write");
    let a2 = tmp.path().join("a2.txt");
    std::fs::write(
        &a2,
        "We alerted on consumer lag and replayed from checkpoints.",
    )
    .expect("w");
    let long = long_speech(tmp.path());
    let mut c = onsite(&data);
    c.args(["interview", "--plan", "quick-15", "--answers"])
        .arg(format!(
            "{},{},{}",
            a1.display(),
            a2.display(),
            long.display()
        ));
    let child = spawn(c);
    // Kill while the third answer is being transcribed: two takes scored, one recording.
    let mut scored = 0;
    wait_for("the third take to start", Duration::from_secs(120), || {
        let Ok(s) = Store::open(&DataDir::open(Some(&data)).expect("dir")) else {
            return false;
        };
        let Some(id) = s
            .list_sessions()
            .ok()
            .and_then(|l| l.first().map(|x| x.id.clone()))
        else {
            return false;
        };
        let Ok(detail) = s.session(&id) else {
            return false;
        };
        let takes: Vec<_> = detail.questions.iter().flat_map(|q| &q.takes).collect();
        scored = takes.iter().filter(|t| t.rubric.is_some()).count();
        takes
            .iter()
            .any(|t| matches!(t.status, TakeStatus::Recording))
            && scored == 2
    });
    sigkill(child);

    // Restart: the take in progress is recovered, the committed ones are intact.
    let s = store(&data);
    assert_eq!(s.integrity_check().expect("check"), ["ok"]);
    assert_eq!(s.recovered_takes().len(), 1, "{:?}", s.recovered_takes());
    let sessions = s.list_sessions().expect("list");
    assert_eq!(sessions.len(), 1);
    let detail = s.session(&sessions[0].id).expect("detail");
    let takes: Vec<_> = detail.questions.iter().flat_map(|q| &q.takes).collect();
    assert_eq!(takes.len(), 3);
    assert_eq!(takes.iter().filter(|t| t.rubric.is_some()).count(), 2);
    assert!(takes
        .iter()
        .any(|t| matches!(t.status, TakeStatus::Recovered)));
    drop(s);
    // And the CLI goes on working with that folder.
    let list = ok(&onsite(&data)
        .args(["sessions", "list", "--format", "json"])
        .output()
        .expect("run"));
    assert_eq!(list.as_array().map(Vec::len), Some(1));
}

#[test]
fn sigkill_during_transcription_and_database_writes_loses_nothing_committed() {
    let tmp = tempfile::tempdir().expect("tmp");
    let data = tmp.path().join("data");
    ok(&onsite(&data)
        .args(["sessions", "seed", "--count", "3", "--format", "json"])
        .output()
        .expect("seed"));
    let before = ok(&onsite(&data)
        .args(["sessions", "list", "--format", "json"])
        .output()
        .expect("list"));

    // A transcription killed half-way.
    let long = long_speech(tmp.path());
    let mut c = onsite(&data);
    c.args(["transcribe", "--format", "json"]).arg(&long);
    let child = spawn(c);
    std::thread::sleep(Duration::from_millis(1500));
    sigkill(child);

    // A large write killed half-way (thousands of synthetic sessions being inserted).
    let mut c = onsite(&data);
    c.args(["sessions", "seed", "--count", "5000", "--seed", "7"]);
    let child = spawn(c);
    let wal = data.join("onsite.db-wal");
    wait_for("the write to begin", Duration::from_secs(60), || {
        std::fs::metadata(&wal).is_ok_and(|m| m.len() > 64 << 10)
    });
    sigkill(child);

    let s = store(&data);
    assert_eq!(s.integrity_check().expect("check"), ["ok"]);
    let all = s.list_sessions().expect("list");
    // Whatever the killed writer committed is whole: every session it left has its questions.
    for summary in &all {
        let detail = s.session(&summary.id).expect("detail");
        assert!(
            !detail.questions.is_empty(),
            "half-written session {}",
            summary.id
        );
    }
    drop(s);
    let after = ok(&onsite(&data)
        .args(["sessions", "list", "--format", "json"])
        .output()
        .expect("list"));
    for old in before.as_array().expect("array") {
        assert!(
            after
                .as_array()
                .expect("array")
                .iter()
                .any(|s| s["id"] == old["id"] && *s == *old),
            "lost or changed: {old}"
        );
    }
}

/// Sessions with one 48 MB recording each, written through the store in `data`; their ids.
fn sessions_with_media(data: &Path, count: usize) -> Vec<String> {
    let mut s = store(data);
    let mut ids = Vec::new();
    for i in 0..count {
        let started = 1_000 + i as i64 * 10_000;
        let id = s
            .create_session(&NewSession {
                plan: "quick-15".into(),
                level: "senior".into(),
                tailoring: serde_json::json!({}),
                started_at_ms: started,
            })
            .expect("session");
        let q = s
            .ask_question(
                &id,
                &QuestionSnapshot {
                    question_id: "sd-rate-limiter".into(),
                    question_version: "1".into(),
                    text: "Design a distributed rate limiter.".into(),
                },
                started + 10,
            )
            .expect("question");
        let take = s
            .start_take(q, started + 20, Some("q1-take1.mp4"))
            .expect("take");
        let media = s.absolute(take.media_path.as_deref().expect("media path"));
        std::fs::create_dir_all(media.parent().expect("parent")).expect("mkdir");
        // Sparse: quick to make, but the archive and the import write every byte.
        std::fs::File::create(&media)
            .and_then(|f| f.set_len(48 << 20))
            .expect("media");
        s.finish_take(take.id, onsite_store::TakeEnd::Complete, started + 5_000)
            .expect("finish");
        s.finish_session(&id, started + 6_000).expect("finish");
        ids.push(id.to_string());
    }
    ids
}

#[test]
fn sigkill_during_an_archive_import_leaves_each_session_whole_or_absent() {
    let tmp = tempfile::tempdir().expect("tmp");
    let (src, data) = (tmp.path().join("src"), tmp.path().join("data"));
    let imported = sessions_with_media(&src, 4);
    let archive = tmp.path().join("four.zip");
    ok(&onsite(&src)
        .args(["sessions", "export", "--all", "--format", "json", "--out"])
        .arg(&archive)
        .output()
        .expect("export"));
    ok(&onsite(&data)
        .args(["sessions", "seed", "--count", "3", "--format", "json"])
        .output()
        .expect("seed"));
    let before = ok(&onsite(&data)
        .args(["sessions", "list", "--format", "json"])
        .output()
        .expect("list"));

    // Killed while it writes the recordings (a staging folder is filling up).
    let mut c = onsite(&data);
    c.args(["sessions", "import"]).arg(&archive);
    let mut child = spawn(c);
    let started = Instant::now();
    let staged_bytes = || -> u64 {
        let Ok(entries) = std::fs::read_dir(&data) else {
            return 0;
        };
        entries
            .flatten()
            .filter(|e| e.file_name().to_string_lossy().starts_with(".import-"))
            .flat_map(|e| std::fs::read_dir(e.path()).into_iter().flatten().flatten())
            .flat_map(|s| std::fs::read_dir(s.path()).into_iter().flatten().flatten())
            .filter_map(|f| f.metadata().ok())
            .map(|m| m.len())
            .sum()
    };
    while staged_bytes() < 60 << 20 {
        assert!(
            child.try_wait().expect("wait").is_none(),
            "the import finished before it could be killed"
        );
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "the import never started writing"
        );
        std::thread::sleep(Duration::from_millis(2));
    }
    sigkill(child);

    // On restart: intact, the earlier sessions all there, each archived one whole or absent.
    let check = |what: &str| {
        let s = store(&data);
        assert_eq!(s.integrity_check().expect("check"), ["ok"], "{what}");
        let leftovers: Vec<_> = std::fs::read_dir(&data)
            .expect("data")
            .flatten()
            .filter(|e| e.file_name().to_string_lossy().starts_with(".import-"))
            .collect();
        assert!(leftovers.is_empty(), "{what}: staging left: {leftovers:?}");
        let listed = s.list_sessions().expect("list");
        let mut present = 0;
        for id in &imported {
            let media = data.join("media").join(id);
            match listed.iter().find(|l| l.id.to_string() == *id) {
                Some(l) => {
                    present += 1;
                    let detail = s.session(&l.id).expect("detail");
                    let take = &detail.questions[0].takes[0];
                    let file = s.absolute(take.media_path.as_deref().expect("media"));
                    let len = std::fs::metadata(&file).map(|m| m.len()).unwrap_or(0);
                    assert_eq!(len, 48 << 20, "{what}: {id}'s recording is not whole");
                }
                None => assert!(!media.exists(), "{what}: media of absent session {id}"),
            }
        }
        present
    };
    let present = check("after the kill");
    eprintln!(
        "killed after {:.2} s; {present} of 4 sessions present",
        started.elapsed().as_secs_f64()
    );
    let after = ok(&onsite(&data)
        .args(["sessions", "list", "--format", "json"])
        .output()
        .expect("list"));
    for old in before.as_array().expect("array") {
        assert!(
            after.as_array().expect("array").contains(old),
            "lost or changed: {old}"
        );
    }

    // The same archive imports again, and then every session is whole.
    ok(&onsite(&data)
        .args(["sessions", "import", "--format", "json"])
        .arg(&archive)
        .output()
        .expect("import"));
    assert_eq!(check("after re-importing"), 4);
}

/// The namespace wrapper for a private mount: plain as root, with a user namespace otherwise.
fn unshare_mount() -> Command {
    let plain = Command::new("unshare")
        .args(["--mount", "true"])
        .status()
        .is_ok_and(|s| s.success());
    let mut c = Command::new("unshare");
    if plain {
        c.arg("--mount");
    } else {
        c.args(["--map-root-user", "--mount"]);
    }
    c
}

#[test]
fn a_full_disk_stops_the_recording_clearly_and_corrupts_nothing() {
    let tmp = tempfile::tempdir().expect("tmp");
    let data = tmp.path().join("data");
    let out = tmp.path().join("out");
    std::fs::create_dir_all(&data).expect("mkdir");
    std::fs::create_dir_all(&out).expect("mkdir");
    let bin = env!("CARGO_BIN_EXE_onsite");
    // Everything inside one private mount namespace: a 2 MB tmpfs as the data folder, saved
    // sessions in it, a recording that fills it, then the checks (the tmpfs ends with the
    // namespace, so the take is copied out for inspection).
    let script = r#"set -u
mount -t tmpfs -o size=2m,mode=0700 onsite-full "$D" || exit 90
"$B" --data-dir "$D" sessions seed --count 2 --format json > "$O/seeded.json" || exit 91
"$B" --data-dir "$D" sessions list --format json > "$O/before.json" || exit 92
"$B" --data-dir "$D" record --seconds 120 --camera synthetic --mic none --out "$D/media/take.mp4" > "$O/record.json" 2> "$O/record.err"
echo $? > "$O/record.rc"
cp "$D/media/take.mp4" "$O/take.mp4" 2>/dev/null
# The user frees space (here: the partial take, copied out above); the saved sessions read back.
rm -f "$D/media/take.mp4"
"$B" --data-dir "$D" sessions list --format json > "$O/after.json" 2> "$O/after.err" || exit 93
"#;
    let started = Instant::now();
    let st = unshare_mount()
        .args(["sh", "-c", script])
        .env("B", bin)
        .env("D", &data)
        .env("O", &out)
        .env_remove("ONSITE_DATA_DIR")
        .status()
        .expect("unshare");
    let read = |n: &str| std::fs::read_to_string(out.join(n)).unwrap_or_default();
    assert!(
        st.success(),
        "{st:?} (90 = mount failed: needs root or user namespaces): {} {}",
        read("record.err"),
        read("after.err")
    );
    let rc: i32 = read("record.rc").trim().parse().expect("rc");
    let err = read("record.err");
    assert!(
        started.elapsed() < Duration::from_secs(110),
        "recording ran on: {err}"
    );
    assert_ne!(
        rc,
        0,
        "a full disk is not a success: {}",
        read("record.json")
    );
    assert!(!err.contains("panicked"), "{err}");
    assert!(
        err.to_lowercase().contains("no space left") || err.to_lowercase().contains("disk is full"),
        "{err}"
    );
    // What was saved before is all there.
    assert_eq!(
        read("before.json"),
        read("after.json"),
        "{}",
        read("after.err")
    );
    // What was recorded up to the full disk is a playable take.
    let take = out.join("take.mp4");
    if take.exists() {
        let _ = onsite_capture::recover(&take);
        // The partial take is readable: ffprobe fails the test if it is not.
        ffprobe(&take);
    }
}

#[test]
fn a_missing_cut_or_foreign_model_is_refused_before_the_interview_starts() {
    let tmp = tempfile::tempdir().expect("tmp");
    let data = tmp.path().join("data");
    let real = std::fs::read(onsite_testkit::default_model())
        .expect("the default model is installed (make setup)");
    let cut = tmp.path().join("cut.bin");
    std::fs::write(&cut, &real[..real.len() / 3]).expect("write");
    let foreign = tmp.path().join("llama.gguf");
    std::fs::write(
        &foreign,
        [b"GGUF".as_slice(), &[3, 0, 0, 0], &[0; 256]].concat(),
    )
    .expect("write");
    let missing = tmp.path().join("missing.bin");
    for (model, says) in [
        (&missing, "not usable"),
        (&cut, "not usable"),
        (&foreign, "GGUF"),
    ] {
        let err = fail(
            &onsite(&data)
                .args([
                    "interview",
                    "--plan",
                    "quick-15",
                    "--answers",
                    JFK_WAV,
                    "--model",
                ])
                .arg(model)
                .output()
                .expect("run"),
        );
        assert!(err.contains(says), "{}: {err}", model.display());
        assert!(!err.contains("panicked"), "{err}");
    }
    // Refused before anything started: no session was created.
    let list = ok(&onsite(&data)
        .args(["sessions", "list", "--format", "json"])
        .output()
        .expect("list"));
    assert_eq!(list, serde_json::json!([]));
}

#[test]
fn no_camera_records_audio_only() {
    let tmp = tempfile::tempdir().expect("tmp");
    let data = tmp.path().join("data");
    let devices = ok(&onsite(&data)
        .args(["devices", "--format", "json"])
        .output()
        .expect("devices"));
    if devices["cameras"].as_array().is_some_and(|c| !c.is_empty()) {
        eprintln!("this machine has a camera: the no-camera fallback is not exercised here");
        return;
    }
    // A microphone through ALSA's file plugin, reading jfk.wav's samples.
    let raw = tmp.path().join("mic.raw");
    onsite_testkit::alsa::raw_16k(JFK_WAV.as_ref(), &raw, &[]);
    onsite_testkit::alsa::file_mic(tmp.path(), &raw, 16000);
    let take = tmp.path().join("take.mp4");
    let out = onsite(&data)
        .env("HOME", tmp.path())
        .args(["record", "--seconds", "2", "--mic", "default", "--out"])
        .arg(&take)
        .output()
        .expect("record");
    let summary = ok(&out);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("no camera found: recording audio only"),
        "{stderr}"
    );
    let mime = summary["info"]["mime_type"].as_str().expect("mime");
    assert!(mime.starts_with("audio/mp4"), "{mime}");
}
