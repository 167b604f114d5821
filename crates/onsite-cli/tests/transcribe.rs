//! `onsite transcribe` as other tools run it: the exact JSON contract, subtitles, clear errors.

mod common;

use common::onsite;
use onsite_testkit::JFK_WAV;

#[test]
fn json_follows_the_contract_exactly() {
    // Fails with what to do when `make setup` has not fetched the model.
    onsite_testkit::default_model();
    let data = tempfile::tempdir().expect("tempdir");
    let out = onsite(data.path())
        .args(["transcribe", JFK_WAV])
        .output()
        .expect("onsite runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON on stdout");
    let keys = |v: &serde_json::Value| {
        let mut k: Vec<String> = v.as_object().expect("object").keys().cloned().collect();
        k.sort();
        k
    };
    // `pauses` is the documented addition (silences measured by the VAD).
    assert_eq!(
        keys(&v),
        ["duration_ms", "model", "pauses", "segments", "text"]
    );
    assert_eq!(v["model"], "tiny.en");
    assert_eq!(v["duration_ms"], 11_000);
    let text = v["text"].as_str().expect("text").to_lowercase();
    assert!(
        text.contains("ask not what your country can do for you"),
        "{text}"
    );
    let seg = &v["segments"][0];
    assert_eq!(keys(seg), ["end_ms", "start_ms", "text", "words"]);
    let word = &seg["words"][0];
    assert_eq!(keys(word), ["end_ms", "p", "start_ms", "text"]);
    assert!(word["p"].as_f64().expect("p") > 0.0);
    // The same JSON is what `onsite score` reads back.
    onsite_transcript_roundtrip(&out.stdout);
}

fn onsite_transcript_roundtrip(bytes: &[u8]) {
    let t: serde_json::Value = serde_json::from_slice(bytes).expect("json");
    let words: usize = t["segments"]
        .as_array()
        .expect("segments")
        .iter()
        .map(|s| s["words"].as_array().map_or(0, Vec::len))
        .sum();
    assert_eq!(words, 22, "jfk.txt has 22 words");
}

#[test]
fn subtitles_and_text_formats() {
    // Fails with what to do when `make setup` has not fetched the model.
    onsite_testkit::default_model();
    let data = tempfile::tempdir().expect("tempdir");
    let out = onsite(data.path())
        .args(["transcribe", JFK_WAV, "--format", "vtt", "--threads", "1"])
        .output()
        .expect("onsite runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let vtt = String::from_utf8_lossy(&out.stdout);
    assert!(vtt.starts_with("WEBVTT\n\n00:00:0"), "{vtt}");
    assert!(vtt.contains(" --> "), "{vtt}");
}

#[test]
fn bad_input_and_unknown_models_fail_clearly() {
    let data = tempfile::tempdir().expect("tempdir");
    let notes = data.path().join("notes.wav");
    std::fs::write(&notes, "not audio at all\n").expect("write");
    let out = onsite(data.path())
        .arg("transcribe")
        .arg(&notes)
        .output()
        .expect("onsite runs");
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("not audio Onsite can read"), "{err}");
    assert!(out.stdout.is_empty(), "nothing on stdout for a failure");

    let out = onsite(data.path())
        .args(["transcribe", JFK_WAV, "--model", "no-such-model"])
        .output()
        .expect("onsite runs");
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("no-such-model"), "{err}");
}
