//! The privacy promise, checked the way a sceptical user would: a whole headless interview
//! (real speech, real Whisper model, real store) runs in a network namespace that has no
//! interface at all, and under `strace` it makes no connection to any internet address; after
//! it, everything it left in the data folder is readable by its owner only.

mod common;

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::{ok, JFK_WAV};
use onsite_testkit::espeak;

const ANSWER: &str = "Before designing anything I would ask about scale and latency. At a high \
    level, producers write to Kafka, a Flink job aggregates one minute windows and the results \
    go to Postgres. The trade-off is latency against cost, and we alert on consumer lag.";

/// `onsite … interview` with two spoken answers (espeak-ng and the real human voice of jfk.wav).
fn interview_args(data: &Path, answer: &Path) -> Vec<String> {
    vec![
        env!("CARGO_BIN_EXE_onsite").to_string(),
        "--data-dir".into(),
        data.display().to_string(),
        "interview".into(),
        "--plan".into(),
        "quick-15".into(),
        "--format".into(),
        "json".into(),
        "--answers".into(),
        format!("{},{}", answer.display(), JFK_WAV),
    ]
}

/// The namespace wrapper: `unshare --net` as root, with a user namespace otherwise (so that CI
/// need not be root). Fails loudly when neither works: the promise is not checked silently.
fn unshare() -> Command {
    let plain = Command::new("unshare")
        .args(["--net", "true"])
        .status()
        .is_ok_and(|s| s.success());
    let mut c = Command::new("unshare");
    if plain {
        c.arg("--net");
    } else {
        c.args(["--map-root-user", "--net"]);
    }
    c
}

fn run_session_ok(out: &Output) {
    let v = ok(out);
    let qs = v["questions"].as_array().expect("questions");
    let spoken = qs[0]["answer"]["transcript"]["text"]
        .as_str()
        .expect("text")
        .to_lowercase();
    assert!(
        spoken.contains("latency") || spoken.contains("kafka"),
        "{spoken}"
    );
    let jfk = qs[0]["follow_up"]["answer"]["transcript"]["text"]
        .as_str()
        .expect("follow-up answer")
        .to_lowercase();
    assert!(jfk.contains("ask not what your country"), "{jfk}");
    assert!(qs[0]["answer"]["score"]["overall"].is_number());
}

#[test]
fn a_whole_session_works_in_a_namespace_without_network() {
    let tmp = tempfile::tempdir().expect("tmp");
    let data = tmp.path().join("data");
    let answer = espeak(tmp.path(), "a1.wav", ANSWER);

    // The namespace really has no way out: only a loopback interface, and it is down.
    let links = unshare()
        .args(["cat", "/proc/net/dev"])
        .output()
        .expect("unshare");
    assert!(links.status.success(), "{links:?}");
    let ifaces: Vec<String> = String::from_utf8_lossy(&links.stdout)
        .lines()
        .skip(2)
        .filter_map(|l| l.split(':').next().map(|n| n.trim().to_string()))
        .collect();
    assert_eq!(ifaces, ["lo"]);

    let out = unshare()
        .args(interview_args(&data, &answer))
        .env_remove("ONSITE_DATA_DIR")
        .output()
        .expect("unshare onsite interview");
    run_session_ok(&out);

    // Data at rest: the folder and every folder in it 0700, every file 0600 (database and its
    // WAL, logs).
    assert_private(&data);
    let names = files_under(&data);
    assert!(names.iter().any(|p| p.ends_with("onsite.db")), "{names:?}");
    assert!(
        names
            .iter()
            .any(|p| p.to_string_lossy().contains("logs/onsite.log")),
        "{names:?}"
    );
}

#[test]
fn a_whole_session_opens_no_internet_socket() {
    let tmp = tempfile::tempdir().expect("tmp");
    let data = tmp.path().join("data");
    let answer = espeak(tmp.path(), "a1.wav", ANSWER);
    let trace = tmp.path().join("strace.txt");
    // --seccomp-bpf: only network calls stop the traced threads; without it every syscall does,
    // and Whisper's busy-waiting worker threads crawl.
    let out = Command::new("strace")
        .args(["--seccomp-bpf", "-f", "-e", "trace=network", "-o"])
        .arg(&trace)
        .args(interview_args(&data, &answer))
        .env_remove("ONSITE_DATA_DIR")
        .output()
        .expect("strace is installed (scripts/setup)");
    run_session_ok(&out);
    let trace = std::fs::read_to_string(&trace).expect("trace");
    let bad = internet_calls(&trace);
    assert!(bad.is_empty(), "internet traffic:\n{}", bad.join("\n"));
    // The trace is real: strace followed the process to its end.
    assert!(trace.contains("+++ exited with 0 +++"), "{trace}");
}

/// Lines of an `strace -e trace=network` log that reach (or listen on) an IPv4/IPv6 address,
/// loopback included: a local server would be just as suspicious as a remote one.
fn internet_calls(trace: &str) -> Vec<String> {
    trace
        .lines()
        .filter(|l| {
            let call = [
                "connect(",
                "sendto(",
                "sendmsg(",
                "sendmmsg(",
                "bind(",
                "listen(",
            ]
            .iter()
            .any(|c| l.contains(c));
            // An address of the IPv4/IPv6 family (not a netlink dump that mentions one).
            let inet = l.contains("sa_family=AF_INET");
            (call && inet) || l.contains("socket(AF_INET")
        })
        .map(str::to_string)
        .collect()
}

#[test]
fn internet_calls_are_recognised_in_a_trace() {
    let trace = "1 socket(AF_UNIX, SOCK_STREAM|SOCK_CLOEXEC, 0) = 3\n\
        1 connect(3, {sa_family=AF_UNIX, sun_path=\"/tmp/.X11-unix/X0\"}, 20) = 0\n\
        2 connect(4, {sa_family=AF_INET, sin_port=htons(443), sin_addr=inet_addr(\"1.2.3.4\")}, 16) = -1 ENETUNREACH\n\
        3 sendto(5, \"x\", 1, 0, {sa_family=AF_INET6, sin6_port=htons(53)}, 28) = 1\n\
        4 sendmsg(6, {msg_name={sa_family=AF_NETLINK}, msg_iov=[{rtm_family=AF_INET}]}, 0) = 20\n";
    let bad = internet_calls(trace);
    assert_eq!(bad.len(), 2, "{bad:?}");
    assert!(bad[0].contains("1.2.3.4") && bad[1].contains("AF_INET6"));
}

fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).expect("read_dir") {
        let p = e.expect("entry").path();
        if p.is_dir() {
            out.extend(files_under(&p));
        } else {
            out.push(p);
        }
    }
    out
}

/// Asserts `dir` and every folder below it are 0700 and every file 0600.
pub fn assert_private(dir: &Path) {
    let mode = |p: &Path| std::fs::metadata(p).expect("metadata").permissions().mode() & 0o777;
    assert_eq!(mode(dir), 0o700, "{}", dir.display());
    for e in std::fs::read_dir(dir).expect("read_dir") {
        let p = e.expect("entry").path();
        if p.is_dir() {
            assert_private(&p);
        } else {
            assert_eq!(mode(&p), 0o600, "{} is {:o}", p.display(), mode(&p));
        }
    }
}

/// `onsite live`, the app's own coordinator with a real (synthetic) camera and a microphone fed
/// through ALSA's file plugin, inside a namespace with no network and under strace at once:
/// it records, transcribes and scores, opens no internet socket, and leaves only private files
/// (the recording included).
#[test]
fn a_live_session_works_offline_opens_no_internet_socket_and_keeps_files_private() {
    let tmp = tempfile::tempdir().expect("tmp");
    let data = tmp.path().join("data");
    let raw = tmp.path().join("mic.raw");
    onsite_testkit::alsa::raw_16k(JFK_WAV.as_ref(), &raw, &[]);
    onsite_testkit::alsa::file_mic(tmp.path(), &raw, 16000);
    let trace = tmp.path().join("strace.txt");
    let out = unshare()
        .args(["strace", "--seccomp-bpf", "-f", "-e", "trace=network", "-o"])
        .arg(&trace)
        .arg(env!("CARGO_BIN_EXE_onsite"))
        .arg("--data-dir")
        .arg(&data)
        .args([
            "live",
            "--camera",
            "synthetic",
            "--mic",
            "default",
            "--questions",
            "1",
            "--no-follow-ups",
            "--prep-seconds",
            "0",
            "--answer-seconds",
            "3",
            "--format",
            "json",
        ])
        .env("HOME", tmp.path())
        .env_remove("ONSITE_DATA_DIR")
        .output()
        .expect("unshare strace onsite live");
    let v = ok(&out);
    let take = &v["questions"][0]["takes"][0];
    assert!(
        take["error"].is_null() && take["media_path"].is_string(),
        "{v}"
    );
    let trace = std::fs::read_to_string(&trace).expect("trace");
    assert!(trace.contains("+++ exited with 0 +++"), "{trace}");
    let bad = internet_calls(&trace);
    assert!(bad.is_empty(), "internet traffic:\n{}", bad.join("\n"));
    assert_private(&data);
    assert!(
        files_under(&data.join("media"))
            .iter()
            .any(|p| p.extension().is_some_and(|e| e == "mp4")),
        "the take was recorded"
    );
}

/// Files Onsite makes after the first run stay private too: an exported archive, a database
/// backup and a report are 0600 wherever they are written, and a data folder that receives an
/// imported session (its recordings, the database, the logs of every command run) holds only
/// 0700 folders and 0600 files.
#[test]
fn exports_backups_reports_and_imported_sessions_are_private() {
    use onsite_store::{NewSession, QuestionSnapshot, Store, TakeEnd};
    let tmp = tempfile::tempdir().expect("tmp");
    let (src, dst) = (tmp.path().join("src"), tmp.path().join("dst"));
    let id = {
        let dir = onsite_datadir::DataDir::open(Some(&src)).expect("data dir");
        let mut s = Store::open(&dir).expect("store");
        let id = s
            .create_session(&NewSession {
                plan: "quick-15".into(),
                level: "senior".into(),
                tailoring: serde_json::json!({}),
                started_at_ms: 1_000,
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
                1_010,
            )
            .expect("question");
        let take = s.start_take(q, 1_020, Some("q1-take1.mp4")).expect("take");
        let media = s.absolute(take.media_path.as_deref().expect("media path"));
        std::fs::create_dir_all(media.parent().expect("parent")).expect("mkdir");
        std::fs::write(&media, b"recording").expect("media");
        s.finish_take(take.id, TakeEnd::Complete, 2_000)
            .expect("finish");
        id.to_string()
    };
    let run = |data: &Path, args: &[&str]| {
        ok(&common::onsite(data)
            .args(args)
            .args(["--format", "json"])
            .output()
            .expect("onsite"))
    };
    let out = tmp.path().join("out");
    std::fs::create_dir_all(&out).expect("mkdir");
    let archive = out.join("all.zip");
    let backup = out.join("backup.db");
    run(
        &src,
        &[
            "sessions",
            "export",
            "--all",
            "--out",
            archive.to_str().expect("utf-8"),
        ],
    );
    run(
        &src,
        &[
            "sessions",
            "backup",
            "--out",
            backup.to_str().expect("utf-8"),
        ],
    );
    run(
        &dst,
        &["sessions", "import", archive.to_str().expect("utf-8")],
    );
    let report = out.join("report.html");
    let st = common::onsite(&dst)
        .args(["report", &id, "--out"])
        .arg(&report)
        .output()
        .expect("report");
    assert!(
        st.status.success(),
        "{}",
        String::from_utf8_lossy(&st.stderr)
    );

    let mode = |p: &Path| std::fs::metadata(p).expect("metadata").permissions().mode() & 0o777;
    for file in [&archive, &backup, &report] {
        assert_eq!(mode(file), 0o600, "{} is {:o}", file.display(), mode(file));
    }
    assert!(dst.join("media").join(&id).join("q1-take1.mp4").is_file());
    assert_private(&dst);
}
