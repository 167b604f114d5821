//! `onsite score --meaning` and `onsite models import-meaning` as a user runs them. The tests
//! that need the sentence-embedding model (scripts/fetch-meaning puts it in the checkout's
//! models/, which a binary built in the checkout finds) skip with a printed reason without it.

mod common;

use std::path::Path;

use common::{fail, ok, onsite};

fn model_installed() -> bool {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../models/all-MiniLM-L6-v2");
    let present = dir.join("model.safetensors.sha256").is_file();
    if !present {
        println!(
            "skipped: {} is not installed (scripts/fetch-meaning)",
            dir.display()
        );
    }
    present
}

#[test]
fn meaning_covers_a_talking_point_said_in_other_words_and_is_off_by_default() {
    if !model_installed() {
        return;
    }
    let tmp = tempfile::tempdir().expect("tmp");
    let input = tmp.path().join("answer.txt");
    std::fs::write(
        &input,
        "Each client gets a bucket of tokens that refills at a fixed pace. All the gateway nodes \
         read and write the same counters in one central cache, so a client cannot get double \
         the quota by hitting two machines.",
    )
    .expect("write");
    let score = |extra: &[&str]| {
        let out = onsite(tmp.path())
            .args([
                "score",
                "--kind",
                "system-design",
                "--question",
                "Design a rate limiter for a public API.",
                "--talking-point",
                "how limits are shared across many servers",
            ])
            .args(extra)
            .arg(&input)
            .output()
            .expect("run");
        ok(&out)
    };
    let words = score(&[]);
    assert_eq!(
        words["talking_points"]["covered"].as_array().map(Vec::len),
        Some(0)
    );
    let meaning = score(&["--meaning"]);
    assert_eq!(
        meaning["talking_points"]["covered"][0],
        "how limits are shared across many servers"
    );
}

#[test]
fn import_meaning_refuses_a_folder_without_weights_and_writes_nothing() {
    let tmp = tempfile::tempdir().expect("tmp");
    let src = tmp.path().join("src");
    std::fs::create_dir_all(&src).expect("mkdir");
    std::fs::write(src.join("config.json"), "{}").expect("write");
    std::fs::write(src.join("tokenizer.json"), "{}").expect("write");
    let out_dir = tmp.path().join("out");
    let out = onsite(tmp.path())
        .args(["models", "import-meaning"])
        .arg(&src)
        .arg("--out")
        .arg(&out_dir)
        .output()
        .expect("run");
    let stderr = fail(&out);
    assert!(stderr.contains("code: meaning_file_missing"), "{stderr}");
    assert!(stderr.contains("model.safetensors"), "{stderr}");
    assert!(!out_dir.exists());
}
