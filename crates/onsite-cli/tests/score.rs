//! `onsite score` as a user runs it: text, transcript JSON and real audio in; the JSON contract
//! or a readable report out; clear errors for bad input.

mod common;

use common::{fail, ok, onsite, JFK_WAV};

const STRONG: &str = include_str!("../../onsite-rubric/tests/labelled/answers/sd_strong.txt");

#[test]
fn a_rubric_pack_written_for_an_older_rubric_scores_and_says_what_it_took() {
    // The default pack as rubric 1.0.0 shipped it, kept by a user as rubrics/mine.toml.
    let tmp = tempfile::tempdir().expect("tmp");
    let rubrics = tmp.path().join("rubrics");
    std::fs::create_dir_all(&rubrics).expect("mkdir");
    let old = include_str!("../../onsite-rubric/tests/packs/default-1.0.0.toml").replacen(
        "name = \"default\"",
        "name = \"mine\"",
        1,
    );
    std::fs::write(rubrics.join("mine.toml"), old).expect("write pack");
    let input = tmp.path().join("answer.txt");
    std::fs::write(&input, STRONG).expect("write");
    let out = onsite(tmp.path())
        .args(["score", "--kind", "system-design", "--rubric", "mine"])
        .arg(&input)
        .output()
        .expect("run");
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    let v = ok(&out);
    assert_eq!(v["rubric_version"], "mine@1.0.0");
    assert!(
        stderr.contains("written for an older rubric") && stderr.contains("signal bystander"),
        "{stderr}"
    );
    // The built-in default says nothing of the kind.
    let out = onsite(tmp.path())
        .arg("score")
        .arg(&input)
        .output()
        .expect("run");
    assert!(out.status.success());
    assert!(!String::from_utf8_lossy(&out.stderr).contains("older rubric"));
}

#[test]
fn scores_a_text_answer_as_json_and_as_a_report() {
    let tmp = tempfile::tempdir().expect("tmp");
    let input = tmp.path().join("answer.txt");
    std::fs::write(&input, STRONG).expect("write");
    let v = ok(&onsite(tmp.path())
        .args([
            "score",
            "--kind",
            "system-design",
            "--question",
            "Design a rate limiter",
            "--talking-point",
            "what happens when Redis is down",
        ])
        .arg(&input)
        .output()
        .expect("run"));
    assert!(
        v["overall"].as_f64().expect("overall") >= 4.0,
        "{}",
        v["overall"]
    );
    assert_eq!(v["framework"]["clarify_constraints"]["covered"], true);
    assert_eq!(
        v["talking_points"]["covered"][0],
        "what happens when Redis is down"
    );
    assert!(v["delivery"]["wpm"].is_null() && v["delivery"]["duration_s"].is_null());
    assert_eq!(v["rubric_version"], "default@2.7.1");

    let out = onsite(tmp.path())
        .args(["score", "--kind", "system-design", "--format", "text"])
        .arg(&input)
        .output()
        .expect("run");
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).expect("utf8");
    assert!(text.starts_with("Overall "), "{text}");
    for part in [
        "Competencies",
        "technical depth",
        "Framework",
        "[x] clarify constraints",
        "Delivery",
    ] {
        assert!(text.contains(part), "missing {part}:\n{text}");
    }
}

#[test]
fn scores_transcript_json_with_timings() {
    let tmp = tempfile::tempdir().expect("tmp");
    let words: Vec<serde_json::Value> = "Um so how many requests per second do we expect at peak"
        .split(' ')
        .enumerate()
        .map(|(i, w)| serde_json::json!({"text": w, "start_ms": i * 400, "end_ms": i * 400 + 350, "p": 0.9}))
        .collect();
    let t = serde_json::json!({"text": "", "duration_ms": 9000, "model": "tiny.en",
        "segments": [{"start_ms": 0, "end_ms": 4750, "text": "", "words": words}],
        "pauses": [{"start_ms": 4750, "end_ms": 8000}]});
    let input = tmp.path().join("t.json");
    std::fs::write(&input, serde_json::to_vec(&t).expect("json")).expect("write");
    let v = ok(&onsite(tmp.path())
        .args(["score", "--kind", "system-design"])
        .arg(&input)
        .output()
        .expect("run"));
    assert_eq!(v["delivery"]["words"], 12);
    assert_eq!(v["delivery"]["fillers"]["count"], 1);
    assert_eq!(
        v["delivery"]["long_pauses"].as_array().map(Vec::len),
        Some(1)
    );
    assert!(
        v["delivery"]["wpm"]
            .as_f64()
            .is_some_and(|w| w > 140.0 && w < 160.0),
        "{}",
        v["delivery"]["wpm"]
    );
    assert!(v["framework"]["clarify_constraints"]["evidence"][0]["start_ms"].is_number());
}

#[test]
fn scores_real_audio_after_transcribing_it() {
    let tmp = tempfile::tempdir().expect("tmp");
    let v = ok(&onsite(tmp.path())
        .args(["score", "--kind", "general"])
        .arg(JFK_WAV)
        .output()
        .expect("run"));
    let words = v["delivery"]["words"].as_u64().expect("words");
    assert!((20..=26).contains(&words), "{words} words");
    assert!(
        v["delivery"]["wpm"]
            .as_f64()
            .is_some_and(|w| w > 60.0 && w < 200.0),
        "{}",
        v["delivery"]["wpm"]
    );
    assert!(v["delivery"]["long_pauses"].is_array());
    assert_eq!(v["no_speech"], false);
}

#[test]
fn bad_inputs_get_clear_errors_or_a_no_speech_result() {
    let tmp = tempfile::tempdir().expect("tmp");
    let bin = tmp.path().join("bad.txt");
    std::fs::write(&bin, b"\xff\xfe\x00garbage").expect("write");
    let err = fail(
        &onsite(tmp.path())
            .arg("score")
            .arg(&bin)
            .output()
            .expect("run"),
    );
    assert!(err.contains("not UTF-8"), "{err}");

    let big = tmp.path().join("big.txt");
    std::fs::write(
        &big,
        "we shard by key and cache reads. ".repeat(10 * 1024 * 1024 / 33),
    )
    .expect("write");
    let err = fail(
        &onsite(tmp.path())
            .arg("score")
            .arg(&big)
            .output()
            .expect("run"),
    );
    assert!(err.contains("limit"), "{err}");

    let empty = tmp.path().join("empty.txt");
    std::fs::write(&empty, "").expect("write");
    let v = ok(&onsite(tmp.path())
        .arg("score")
        .arg(&empty)
        .output()
        .expect("run"));
    assert_eq!(v["no_speech"], true);
    assert!(v["summary"]
        .as_str()
        .is_some_and(|s| s.contains("No speech")));

    let json = tmp.path().join("broken.json");
    std::fs::write(&json, "{\"text\": 3}").expect("write");
    let err = fail(
        &onsite(tmp.path())
            .arg("score")
            .arg(&json)
            .output()
            .expect("run"),
    );
    assert!(err.contains("not a transcript"), "{err}");
}

#[test]
fn a_malformed_user_pack_is_named_with_its_line() {
    let tmp = tempfile::tempdir().expect("tmp");
    let rubrics = tmp.path().join("rubrics");
    std::fs::create_dir_all(&rubrics).expect("mkdir");
    std::fs::write(
        rubrics.join("mine.toml"),
        "[pack]\nname = \"mine\"\nversion = 1\n",
    )
    .expect("write");
    let input = tmp.path().join("a.txt");
    std::fs::write(&input, "We cache reads.").expect("write");
    let err = fail(
        &onsite(tmp.path())
            .args(["score", "--rubric", "mine"])
            .arg(&input)
            .output()
            .expect("run"),
    );
    assert!(err.contains("mine.toml") && err.contains("line 3"), "{err}");
}
