//! `onsite live`: the real binary records a live answer from the synthetic camera and a real
//! microphone path (cpal → ALSA → a private PulseAudio null sink into which the test plays
//! jfk.wav once the answer starts), transcribes, scores and stores it, and prints the session.

mod common;

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::Stdio;

use onsite_testkit::Pulse;

#[test]
fn live_records_transcribes_scores_and_stores_an_answer() {
    let dir = tempfile::tempdir().expect("tempdir");
    let pulse = Pulse::start(dir.path());
    let data = dir.path().join("data");
    let mut child = pulse
        .env(&mut common::onsite(&data))
        .args([
            "live",
            "--questions",
            "1",
            "--no-follow-ups",
            "--answer-seconds",
            "12",
        ])
        .args([
            "--camera",
            "synthetic",
            "--mic",
            "default",
            "--format",
            "json",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("onsite live");
    // Speak when the answer starts, as a candidate would.
    let stderr = BufReader::new(child.stderr.take().expect("stderr"));
    let mut progress = Vec::new();
    let mut player = None;
    for line in stderr.lines() {
        let line = line.expect("stderr line");
        if line.starts_with("recording answer") && player.is_none() {
            player = Some(pulse.play(Path::new(common::JFK_WAV)));
        }
        progress.push(line);
    }
    let out = child.wait_with_output().expect("onsite live ends");
    if let Some(mut p) = player {
        let _ = p.kill();
        let _ = p.wait();
    }
    let progress = progress.join("\n");
    assert!(out.status.success(), "{progress}");
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON on stdout");
    assert!(progress.contains("question 1/1"), "{progress}");
    assert!(progress.contains("feedback in"), "{progress}");

    let session_id = json["session_id"].as_str().expect("session_id");
    let takes = json["questions"][0]["takes"].as_array().expect("takes");
    assert_eq!(takes.len(), 1);
    let take = &takes[0];
    assert!(take["take_id"].as_i64().is_some());
    assert_eq!(take["status"], "scored");
    assert_eq!(take["stopped"], "time_limit");
    let text = take["transcript"]["text"]
        .as_str()
        .expect("transcript")
        .to_lowercase()
        .replace(',', "");
    assert!(text.contains("ask not what your country"), "{text}");
    let overall = take["score"]["overall"].as_f64().expect("score");
    assert!((1.0..=5.0).contains(&overall));
    assert!(take["feedback_ms"].as_u64().is_some(), "{take}");
    let media = take["media_path"].as_str().expect("media path");
    assert!(Path::new(media).is_file(), "{media}");
    assert!(take["mime"].as_str().expect("mime").contains("avc1"));
    eprintln!("onsite live: stop→feedback {} ms", take["feedback_ms"]);

    // The store has it, as the library lists it.
    let list = common::ok(
        &common::onsite(&data)
            .args(["sessions", "list", "--format", "json"])
            .output()
            .expect("sessions list"),
    );
    assert!(list.to_string().contains(session_id), "{list}");
}

#[test]
fn a_broken_model_is_an_error_before_the_first_question() {
    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path().join("data");
    let broken = dir.path().join("ggml-broken.bin");
    std::fs::write(&broken, b"not a whisper model at all").expect("write");
    let out = common::onsite(&data)
        .args([
            "live",
            "--camera",
            "synthetic",
            "--mic",
            "none",
            "--answer-seconds",
            "2",
        ])
        .arg("--model")
        .arg(&broken)
        .output()
        .expect("onsite live");
    let err = common::fail(&out);
    assert!(err.to_lowercase().contains("model"), "{err}");
    assert!(!err.contains("question 1"), "no question was shown: {err}");
    let list = common::ok(
        &common::onsite(&data)
            .args(["sessions", "list", "--format", "json"])
            .output()
            .expect("sessions list"),
    );
    assert_eq!(list.as_array().map(Vec::len), Some(0), "{list}");
}
