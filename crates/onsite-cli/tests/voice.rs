//! `onsite say` and `onsite voices` with the real voice `make setup` installs (the checkout's
//! models/voice/), sox reading what they write, and Whisper (tiny.en) hearing it.

mod common;

use std::path::Path;
use std::process::{Command, Output};

use common::onsite;

fn run(cmd: &mut Command) -> Output {
    cmd.output().expect("onsite runs")
}

fn ok(out: &Output) -> String {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// `sox FILE -n stat`'s figure for `key` (sox prints them on stderr).
fn sox_stat(wav: &Path, key: &str) -> f64 {
    let out = Command::new("sox")
        .arg(wav)
        .args(["-n", "stat"])
        .output()
        .expect("sox runs");
    let text = String::from_utf8_lossy(&out.stderr);
    text.lines()
        .find_map(|l| l.strip_prefix(key))
        .and_then(|rest| rest.split(':').nth(1))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or_else(|| panic!("no {key} in sox's stat: {text}"))
}

#[test]
fn say_writes_speech_that_sox_reads_and_whisper_hears() {
    onsite_testkit::default_model();
    let data = tempfile::tempdir().expect("tempdir");
    let wav = data.path().join("question.wav");
    let text = "Tell me about a time you disagreed with your manager. What did you do next?";
    let out = run(onsite(data.path())
        .args(["say", text, "--out"])
        .arg(&wav)
        .args(["--format", "json"]));
    let summary: serde_json::Value = serde_json::from_str(&ok(&out)).expect("JSON");
    assert_eq!(summary["voice"], "en_US-joe-medium", "{summary}");
    assert_eq!(summary["kind"], "piper");
    assert_eq!(summary["sample_rate"], 22050);

    let seconds = sox_stat(&wav, "Length (seconds)");
    assert!((3.0..=8.0).contains(&seconds), "{seconds} s for 15 words");
    assert!(sox_stat(&wav, "RMS     amplitude") > 0.02, "silent");

    let heard = ok(&run(onsite(data.path())
        .arg("transcribe")
        .arg(&wav)
        .args(["--format", "text"])))
    .to_lowercase();
    for word in ["tell", "time", "disagreed", "manager", "what", "next"] {
        assert!(heard.contains(word), "'{word}' not heard in: {heard}");
    }
}

#[test]
fn voices_are_listed_with_the_default_and_the_fallback() {
    let data = tempfile::tempdir().expect("tempdir");
    let out = ok(&run(
        onsite(data.path()).args(["voices", "list", "--format", "json"])
    ));
    let voices: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    let list = voices.as_array().expect("array");
    let joe = list
        .iter()
        .find(|v| v["name"] == "en_US-joe-medium")
        .expect("the default voice is installed (make setup)");
    assert_eq!(joe["default"], true);
    assert_eq!(joe["kind"], "piper");
    assert!(joe["problem"].is_null(), "{joe}");
    let espeak = list.last().expect("espeak last");
    assert_eq!(espeak["name"], "espeak");
    assert!(espeak["problem"].is_null(), "{espeak}");
    let text = ok(&run(onsite(data.path()).args(["say", "--list"])));
    assert!(text.contains("* en_US-joe-medium"), "{text}");
}

#[test]
fn bad_requests_fail_with_their_codes_and_write_nothing() {
    let data = tempfile::tempdir().expect("tempdir");
    let wav = data.path().join("x.wav");
    let fails = |cmd: &mut Command, code: &str| {
        let out = run(cmd);
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success());
        assert!(err.contains(code), "expected {code}: {err}");
        assert!(!wav.exists());
        err.into_owned()
    };
    fails(
        onsite(data.path())
            .args(["say", "Hello.", "--voice", "nobody", "--out"])
            .arg(&wav),
        "voice_unknown",
    );
    fails(
        onsite(data.path())
            .args(["say", "Hello.", "--speed", "5", "--out"])
            .arg(&wav),
        "voice_speed",
    );
    fails(
        onsite(data.path())
            .args(["say", " ... ", "--out"])
            .arg(&wav),
        "voice_empty_text",
    );
    let err = fails(
        onsite(data.path())
            .args(["say", "Hello.", "--voice", "espeak", "--out"])
            .arg(&wav)
            .env("ONSITE_ESPEAK", data.path().join("no-espeak-here")),
        "voice_espeak_missing",
    );
    assert!(err.contains("apt") || err.contains("espeak-ng"), "{err}");
}
