//! `onsite transcribe --prompt TEXT | --vocabulary FILE`: the terms given are heard on real
//! speech (espeak-ng, the default model), and a bad vocabulary file fails at once with a stable
//! code and a message that says how to fix it. Also `onsite bench speech --replay`, which scores
//! kept vocabulary-set transcripts again with the near-miss correction, on transcripts written
//! here (no model needed).

mod common;

use std::path::{Path, PathBuf};

use common::*;

/// What the candidate says; tiny.en with its filler prompt alone writes "Postgres" as
/// "posters" and mangles "idempotency key" (issue 17).
const SENTENCE: &str = "Every request carries an idempotency key, and we store it with the \
                        result in Postgres.";

/// [`SENTENCE`] in espeak-ng's US English voice, with a short gap between words.
fn speak(dir: &Path) -> PathBuf {
    onsite_testkit::espeak_with(
        dir,
        "answer.wav",
        &["-v", "en-us", "-s", "150", "-g", "3"],
        SENTENCE,
    )
}

/// The transcript's words, lower-cased, letters and digits only.
fn text(data: &Path, wav: &Path, extra: &[&str]) -> String {
    let out = onsite(data)
        .arg("transcribe")
        .arg(wav)
        .args(["--format", "text"])
        .args(extra)
        .output()
        .expect("onsite runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .to_lowercase()
        .replace(|c: char| !c.is_alphanumeric() && c != ' ', "")
}

fn heard(text: &str) -> usize {
    let squashed = text.replace(' ', "");
    ["postgres", "idempotencykey"]
        .iter()
        .filter(|t| squashed.contains(*t))
        .count()
}

#[test]
fn a_vocabulary_file_or_a_prompt_makes_its_terms_heard() {
    let data = tempfile::tempdir().expect("tempdir");
    let wav = speak(data.path());
    let plain = text(data.path(), &wav, &[]);
    let terms = data.path().join("terms.txt");
    std::fs::write(&terms, "# our stack\nPostgres\nidempotency key\nKafka\n").expect("write");
    let with_file = text(
        data.path(),
        &wav,
        &["--vocabulary", terms.to_str().expect("utf-8 path")],
    );
    let with_prompt = text(
        data.path(),
        &wav,
        &[
            "--prompt",
            "Postgres, idempotency key. Um, so, uh, I think...",
        ],
    );
    eprintln!("plain: {plain}\nvocabulary: {with_file}\nprompt: {with_prompt}");
    assert!(heard(&plain) < 2, "the case needs a term missed: {plain}");
    assert_eq!(heard(&with_file), 2, "{with_file}");
    assert_eq!(heard(&with_prompt), 2, "{with_prompt}");
    // The listed term that was never said is not written.
    assert!(!with_file.contains("kafka"), "{with_file}");
}

#[test]
fn bad_vocabulary_files_fail_at_once_with_a_code() {
    let data = tempfile::tempdir().expect("tempdir");
    let case = |name: &str, body: Option<&str>| {
        let path = data.path().join(name);
        if let Some(body) = body {
            std::fs::write(&path, body).expect("write");
        }
        // The audio does not exist: the vocabulary is refused before the model or the audio
        // is touched.
        let out = onsite(data.path())
            .args(["transcribe", "no-such-audio.wav", "--vocabulary"])
            .arg(&path)
            .output()
            .expect("onsite runs");
        assert!(out.stdout.is_empty());
        fail(&out)
    };
    let err = case("bad.toml", Some("[[group]]\nterm = [\"Kafka\"]\n"));
    assert!(err.contains("code: vocabulary_invalid"), "{err}");
    assert!(
        err.contains("bad.toml") && err.contains("[[group]]"),
        "{err}"
    );

    let err = case("empty.txt", Some("# nothing yet\n\n"));
    assert!(err.contains("code: vocabulary_empty"), "{err}");
    assert!(err.contains("one per line"), "{err}");

    let err = case("dashes.txt", Some("Kafka\n---\n"));
    assert!(err.contains("code: vocabulary_bad_term"), "{err}");
    assert!(err.contains("\"---\""), "{err}");

    let err = case("missing.txt", None);
    assert!(err.contains("code: vocabulary_unreadable"), "{err}");
    assert!(err.contains("missing.txt"), "{err}");
}

#[test]
fn prompt_and_vocabulary_are_one_or_the_other_and_an_empty_prompt_is_refused() {
    let data = tempfile::tempdir().expect("tempdir");
    let out = onsite(data.path())
        .args([
            "transcribe",
            JFK_WAV,
            "--prompt",
            "Kafka",
            "--vocabulary",
            "x.txt",
        ])
        .output()
        .expect("onsite runs");
    let err = fail(&out);
    assert!(err.contains("cannot be used with"), "{err}");

    let out = onsite(data.path())
        .args(["transcribe", JFK_WAV, "--prompt", "  "])
        .output()
        .expect("onsite runs");
    let err = fail(&out);
    assert!(err.contains("--prompt is empty"), "{err}");
}

/// Writes the vocabulary set's scripts as kept transcripts for one voice, as
/// `bench speech --keep-transcripts` names them, with `edit` applied to each answer's text.
fn write_kept(dir: &Path, edit: impl Fn(usize, &str) -> String) {
    let set = onsite_speech::eval::VocabularySet::builtin().expect("the set parses");
    let transcript = |text: &str| {
        let words: Vec<onsite_transcript::Word> = text
            .split_whitespace()
            .map(|w| onsite_transcript::Word {
                text: w.into(),
                start_ms: 0,
                end_ms: 0,
                p: 0.9,
            })
            .collect();
        let t = onsite_transcript::Transcript {
            text: text.into(),
            duration_ms: 1000,
            model: "tiny.en".into(),
            segments: vec![onsite_transcript::Segment {
                start_ms: 0,
                end_ms: 1000,
                text: text.into(),
                words,
            }],
            pauses: Vec::new(),
        };
        serde_json::to_vec(&t).expect("serialises")
    };
    for mode in ["filler", "interview"] {
        for (i, a) in set.answers.iter().enumerate() {
            let path = dir.join(format!("tiny.en-espeak-us-{mode}-answer{i}.json"));
            std::fs::write(path, transcript(&edit(i, &a.script()))).expect("written");
        }
        for (i, c) in set.controls.iter().enumerate() {
            let path = dir.join(format!("tiny.en-espeak-us-{mode}-control{i}.json"));
            std::fs::write(path, transcript(&c.script())).expect("written");
        }
    }
}

fn replay(data: &Path, dir: &Path) -> std::process::Output {
    onsite(data)
        .args([
            "bench",
            "speech",
            "--vocabulary-only",
            "--voices",
            "espeak-us",
        ])
        .arg("--replay")
        .arg(dir)
        .args(["--format", "json"])
        .output()
        .expect("onsite runs")
}

#[test]
fn bench_replay_scores_kept_transcripts_with_the_correction() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let kept = tmp.path().join("kept");
    std::fs::create_dir_all(&kept).unwrap();

    // A missing folder names the flag that writes one.
    let out = replay(&data, &tmp.path().join("none"));
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("--keep-transcripts"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    // The catalogue answer (the first) heard with "cash" for every "cache": the one marked
    // "cache" is missed, and the correction writes it back because "in front of the database"
    // is said next to it; nothing is invented and the controls stay free of terms.
    write_kept(&kept, |i, s| {
        if i == 0 {
            s.replace("cache", "cash")
        } else {
            s.to_owned()
        }
    });
    let out = replay(&data, &kept);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let rows: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let row = &rows[0];
    assert_eq!(row["voice"], "espeak-us");
    let terms = row["terms"].as_u64().unwrap();
    assert_eq!(terms, 123);
    assert_eq!(row["filler"].as_u64(), Some(terms - 1), "{row}");
    assert_eq!(row["interview"].as_u64(), Some(terms - 1), "{row}");
    assert_eq!(row["corrected"].as_u64(), Some(terms), "{row}");
    assert!(row["rewrites"][0].as_u64().unwrap() >= 1, "{row}");
    assert_eq!(row["rewrites"][1].as_u64(), Some(0), "{row}");
    assert_eq!(row["control_terms"], serde_json::json!([0, 0, 0]), "{row}");
    assert_eq!(row["invented"], serde_json::json!([0, 0]), "{row}");
}
