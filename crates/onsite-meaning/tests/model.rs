//! The model folder: what a bad one is refused with (README rows E1–E7), that the installed
//! model embeds deterministically and by meaning, and that it helps the rubric read a talking
//! point said in other words. Tests that need the installed model (scripts/fetch-meaning) skip
//! with a printed reason when it is absent; the refusals that need no model always run.

use std::path::{Path, PathBuf};

use onsite_meaning::{Embedder, MeaningError, MODEL_FILES};
use onsite_rubric::{Answer, Question, QuestionKind, RubricPack};

fn installed() -> Option<PathBuf> {
    let dirs = [Path::new(env!("CARGO_MANIFEST_DIR")).join("../../models")];
    match onsite_meaning::locate(&dirs) {
        Ok(d) => Some(d),
        Err(e) => {
            println!("skipped: {e}");
            None
        }
    }
}

/// A copy of the installed model's files (not imported: no sidecars) in a fresh folder.
fn copy_of(model: &Path) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().expect("tempdir");
    for f in MODEL_FILES {
        std::fs::copy(model.join(f), tmp.path().join(f)).expect("copy");
    }
    tmp
}

fn import_err(src: &Path) -> MeaningError {
    let out = tempfile::tempdir().expect("tempdir");
    let target = out.path().join("m");
    let err = onsite_meaning::import(src, &target).expect_err("refused");
    assert!(!target.exists(), "a refused import leaves nothing behind");
    err
}

#[test]
fn e1_a_folder_without_weights_is_refused_by_name() {
    // E1: no model.safetensors.
    let tmp = tempfile::tempdir().expect("tempdir");
    std::fs::write(tmp.path().join("config.json"), "{}").expect("write");
    std::fs::write(tmp.path().join("tokenizer.json"), "{}").expect("write");
    let err = import_err(tmp.path());
    assert_eq!(err.code(), "meaning_file_missing");
    assert!(err.to_string().contains("model.safetensors"), "{err}");
}

#[test]
fn not_installed_is_a_typed_error_naming_the_folders_searched() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let err = onsite_meaning::locate(&[tmp.path().to_path_buf()]).expect_err("absent");
    assert_eq!(err.code(), "meaning_not_installed");
    assert!(err.to_string().contains("scripts/fetch-meaning"), "{err}");
    assert!(err.to_string().contains(&tmp.path().display().to_string()));
}

#[test]
fn e2_a_config_that_is_not_json_is_refused() {
    // E2: config.json is not JSON.
    let tmp = tempfile::tempdir().expect("tempdir");
    std::fs::write(tmp.path().join("config.json"), "hidden_size: 384").expect("write");
    std::fs::write(tmp.path().join("tokenizer.json"), "{}").expect("write");
    std::fs::write(tmp.path().join("model.safetensors"), b"\0\0").expect("write");
    let err = import_err(tmp.path());
    assert_eq!(err.code(), "meaning_invalid");
    assert!(err.to_string().contains("config.json"), "{err}");
}

#[test]
fn e3_to_e5_damaged_files_are_refused_before_anything_is_written() {
    let Some(model) = installed() else { return };
    // E3: weights cut in half.
    let tmp = copy_of(&model);
    let w = tmp.path().join("model.safetensors");
    let len = std::fs::metadata(&w).expect("meta").len();
    let f = std::fs::OpenOptions::new()
        .write(true)
        .open(&w)
        .expect("open");
    f.set_len(len / 2).expect("truncate");
    let err = import_err(tmp.path());
    assert_eq!(err.code(), "meaning_invalid");
    assert!(err.to_string().contains("model.safetensors"), "{err}");
    // E4: a tokenizer.json that is some other JSON.
    let tmp = copy_of(&model);
    std::fs::write(tmp.path().join("tokenizer.json"), r#"{"vocab": []}"#).expect("write");
    let err = import_err(tmp.path());
    assert_eq!(err.code(), "meaning_invalid");
    assert!(err.to_string().contains("tokenizer.json"), "{err}");
    // E5: another model's size.
    let tmp = copy_of(&model);
    let config = std::fs::read_to_string(tmp.path().join("config.json")).expect("read");
    std::fs::write(
        tmp.path().join("config.json"),
        config.replace("\"hidden_size\": 384", "\"hidden_size\": 768"),
    )
    .expect("write");
    let err = import_err(tmp.path());
    assert_eq!(err.code(), "meaning_invalid");
    assert!(err.to_string().contains("768"), "{err}");
}

#[test]
fn e6_e7_import_records_sha256s_and_a_changed_file_or_a_second_import_is_refused() {
    let Some(model) = installed() else { return };
    let src = copy_of(&model);
    let out = tempfile::tempdir().expect("tempdir");
    let target = out.path().join("m");
    let files = onsite_meaning::import(src.path(), &target).expect("import");
    assert_eq!(files.len(), 3);
    assert_eq!(onsite_meaning::verify(&target).expect("verify"), files);
    // E6: importing over an installed model.
    let err = onsite_meaning::import(src.path(), &target).expect_err("exists");
    assert_eq!(err.code(), "meaning_exists");
    // E7: a file changed after import.
    let config = target.join("config.json");
    let text = std::fs::read_to_string(&config).expect("read");
    std::fs::write(&config, text.replace("0.1", "0.2")).expect("write");
    let err = onsite_meaning::verify(&target).expect_err("changed");
    assert_eq!(err.code(), "meaning_checksum_mismatch");
    // A folder whose files were never imported (no sidecars) does not load.
    let err = Embedder::load(src.path()).expect_err("no sidecars");
    assert_eq!(err.code(), "meaning_invalid");
    assert!(err.to_string().contains("import-meaning"), "{err}");
}

#[test]
fn embeddings_are_deterministic_and_follow_meaning() {
    let Some(dir) = installed() else { return };
    let e = Embedder::load(&dir).expect("load");
    let texts = [
        "Design a rate limiter for a public API.",
        "Each client gets a bucket of tokens that refills at a fixed pace; a request without a token is rejected with a 429.",
        "I mentored two junior engineers through their first on-call rotation.",
    ];
    let a = e.embed(&texts).expect("embed");
    let b = e.embed(&texts).expect("embed");
    assert_eq!(a, b, "the same texts give bit-identical vectors");
    // The same sentence alone or among others: no batch effects.
    assert_eq!(e.embed(&texts[1..2]).expect("embed")[0], a[1]);
    assert_eq!(a[0].len(), onsite_meaning::DIMENSIONS);
    let on = onsite_meaning::cosine(&a[0], &a[1]);
    let off = onsite_meaning::cosine(&a[0], &a[2]);
    assert!(
        on > off + 0.1,
        "a token bucket is closer to a rate limiter ({on}) than mentoring is ({off})"
    );
}

#[test]
fn a_talking_point_said_in_other_words_is_covered_only_with_meaning() {
    let Some(dir) = installed() else { return };
    let e = Embedder::load(&dir).expect("load");
    let pack = RubricPack::embedded().expect("pack");
    let question = Question {
        kind: QuestionKind::SystemDesign,
        text: "Design a rate limiter for a public API.".into(),
        talking_points: vec!["how limits are shared across many servers".into()],
    };
    let answer = Answer::from_text(
        "Each client gets a bucket of tokens that refills at a fixed pace. All the gateway \
         nodes read and write the same counters in one central cache, so a client cannot get \
         double the quota by hitting two machines.",
    );
    let words = pack.assess(&question, &answer).expect("assess");
    let with = pack
        .assess_with(&question, &answer, Some(&e))
        .expect("assess");
    assert!(
        words.talking_points.covered.is_empty(),
        "the words alone miss it"
    );
    assert_eq!(
        with.talking_points.covered, question.talking_points,
        "meaning finds it"
    );
    assert!(e.take_failure().is_none());
}
