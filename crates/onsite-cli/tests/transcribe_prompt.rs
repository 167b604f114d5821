//! `onsite transcribe --prompt TEXT | --vocabulary FILE`: the terms given are heard on real
//! speech (espeak-ng, the default model), and a bad vocabulary file fails at once with a stable
//! code and a message that says how to fix it.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::*;

/// What the candidate says; tiny.en with its filler prompt alone writes "Postgres" as
/// "posters" and mangles "idempotency key" (issue 17).
const SENTENCE: &str = "Every request carries an idempotency key, and we store it with the \
                        result in Postgres.";

fn speak(dir: &Path) -> PathBuf {
    let wav = dir.join("answer.wav");
    let out = Command::new("espeak-ng")
        .args(["-v", "en-us", "-s", "150", "-g", "3", "-w"])
        .arg(&wav)
        .arg(SENTENCE)
        .output()
        .expect("espeak-ng runs (make setup installs it)");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    wav
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
