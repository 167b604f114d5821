//! Re-scoring: a take's new result becomes current and feeds the session's scores, the result
//! it replaced is kept with its rubric version, and both travel in archives and go with the
//! take when it is deleted.
#![allow(clippy::unwrap_used)] // tests: a failed unwrap is a failed test

mod common;

use std::fs;

use common::{data_dir, record_session, rubric, scores, walk};
use onsite_store::{Rescored, RubricRecord, Store, TakeEnd};

/// A result from another rubric version, with the rubric's own `overall`.
fn newer(version: &str, overall: f64, pairs: &[(&str, f64)]) -> RubricRecord {
    RubricRecord {
        rubric_version: version.into(),
        scores: scores(pairs),
        result: serde_json::json!({ "overall": overall, "rubric_version": version }),
        scored_at_ms: 9_000,
    }
}

#[test]
fn a_rescore_keeps_the_old_result_and_the_new_one_is_current() {
    let (_tmp, dir) = data_dir();
    let mut store = Store::open(&dir).unwrap();
    let (id, takes) = record_session(&mut store, 1_000, "a token bucket per tenant");
    let old = store.session(&id).unwrap().questions[0].takes[1]
        .rubric
        .clone()
        .unwrap();
    assert_eq!(old.rubric_version, "core-1");
    assert_eq!(
        store.list_sessions().unwrap()[0].scores["communication"],
        3.0
    );

    let v2 = newer(
        "core@2.0.0",
        4.2,
        &[("communication", 4.5), ("technical_depth", 4.0)],
    );
    assert_eq!(
        store.rescore(takes[1], &v2).unwrap(),
        Rescored::Replaced {
            previous_version: "core-1".into(),
            previous_overall: None,
        }
    );

    let take = &store.session(&id).unwrap().questions[0].takes[1];
    assert_eq!(take.rubric.as_ref(), Some(&v2));
    assert_eq!(
        take.earlier_rubrics,
        vec![old.clone()],
        "kept whole, scores too"
    );
    // The current result feeds the lists: session scores and the final take's overall.
    assert_eq!(
        store.list_sessions().unwrap()[0].scores["communication"],
        4.5
    );
    let finals = store.final_take_scores().unwrap();
    assert_eq!(
        (finals[0].take_id, finals[0].overall),
        (takes[1], Some(4.2))
    );
    assert_eq!(
        store.competency_trend(Some("technical_depth")).unwrap()[0].score,
        4.0
    );
    assert_eq!(
        store.question_takes("sd-rate-limiter").unwrap()[1].scores["communication"],
        4.5
    );

    // The same version again is a no-op: nothing more is kept.
    assert_eq!(
        store.rescore(takes[1], &v2).unwrap(),
        Rescored::AlreadyCurrent
    );
    let v3 = newer("core@3.0.0", 1.5, &[("communication", 1.5)]);
    assert_eq!(
        store.rescore(takes[1], &v3).unwrap(),
        Rescored::Replaced {
            previous_version: "core@2.0.0".into(),
            previous_overall: Some(4.2),
        }
    );
    let take = &store.session(&id).unwrap().questions[0].takes[1];
    assert_eq!(take.earlier_rubrics, vec![old, v2], "oldest first");
    assert_eq!(
        store.list_sessions().unwrap()[0].scores,
        scores(&[("communication", 1.5)]),
        "the replaced result's competencies are gone from the scores"
    );
    // The other take was not touched.
    let first = &store.session(&id).unwrap().questions[0].takes[0];
    assert!(first.earlier_rubrics.is_empty());
    assert_eq!(first.rubric.as_ref().unwrap().rubric_version, "core-1");
}

#[test]
fn a_rescore_is_refused_for_an_unscored_or_missing_take_or_a_bad_score_and_changes_nothing() {
    let (_tmp, dir) = data_dir();
    let mut store = Store::open(&dir).unwrap();
    let (id, takes) = record_session(&mut store, 1_000, "words");
    let before = store.session(&id).unwrap();

    let mut bad = newer("core@2.0.0", 3.0, &[("communication", 3.0)]);
    bad.scores.insert("technical_depth".into(), f64::NAN);
    assert_eq!(
        store.rescore(takes[1], &bad).unwrap_err().code(),
        "store_invalid"
    );
    assert_eq!(
        store
            .rescore(onsite_store::TakeId(9_999), &newer("core@2.0.0", 3.0, &[]))
            .unwrap_err()
            .code(),
        "store_not_found"
    );
    assert_eq!(store.session(&id).unwrap(), before);

    // A take that was never scored has nothing to re-score.
    let question = store
        .ask_question(
            &id,
            &onsite_store::QuestionSnapshot {
                question_id: "q2".into(),
                question_version: "1".into(),
                text: "Another question".into(),
            },
            2_000,
        )
        .unwrap();
    let unscored = store.start_take(question, 2_100, None).unwrap().id;
    store.finish_take(unscored, TakeEnd::Failed, 2_200).unwrap();
    let err = store
        .rescore(unscored, &newer("core@2.0.0", 3.0, &[]))
        .unwrap_err();
    assert_eq!(err.code(), "store_not_scored");
    assert!(err.to_string().contains("never scored"), "{err}");
}

#[test]
fn earlier_results_travel_in_archives_and_go_with_their_take() {
    let (_tmp, here) = data_dir();
    let mut store = Store::open(&here).unwrap();
    let (id, takes) = record_session(&mut store, 1_000, "we shard by tenant");
    let (kept, _) = record_session(&mut store, 5_000, "another session");
    // The old result carries a word found nowhere else, to look for in the files afterwards.
    let mut old = rubric(&[("communication", 2.0)]);
    old.result = serde_json::json!({ "summary": "axolotl was the old verdict" });
    store.save_rubric(takes[1], &old).unwrap();
    store
        .rescore(
            takes[1],
            &newer("core@2.0.0", 3.9, &[("communication", 3.9)]),
        )
        .unwrap();

    let out = tempfile::tempdir().unwrap();
    let archive = out.path().join("one.zip");
    store.export_session(&id, &archive).unwrap();
    let (_tmp2, there) = data_dir();
    let mut other = Store::open(&there).unwrap();
    other.import(&archive).unwrap();
    let mut original = store.session(&id).unwrap();
    let mut imported = other.session(&id).unwrap();
    for s in [&mut original, &mut imported] {
        s.questions
            .iter_mut()
            .flat_map(|q| &mut q.takes)
            .for_each(|t| t.id = None);
    }
    assert_eq!(imported, original);
    let take = &imported.questions[0].takes[1];
    let versions: Vec<&str> = take
        .earlier_rubrics
        .iter()
        .map(|r| r.rubric_version.as_str())
        .collect();
    // record_session's result, the one saved over it, then the re-score replaced that.
    assert_eq!(versions, ["core-1", "core-1"]);
    assert_eq!(take.earlier_rubrics[1], old);
    assert_eq!(take.rubric.as_ref().unwrap().rubric_version, "core@2.0.0");
    let scores_of = |s: &Store| {
        s.list_sessions()
            .unwrap()
            .into_iter()
            .find(|row| row.id == id)
            .unwrap()
            .scores
    };
    assert_eq!(scores_of(&other), scores_of(&store));
    assert_eq!(scores_of(&other)["communication"], 3.9);

    // Deleting the session deletes its earlier results, rows and text alike.
    store.delete_session(&id).unwrap();
    let conn = rusqlite::Connection::open(here.db_path()).unwrap();
    let left: i64 = conn
        .query_row("SELECT COUNT(*) FROM earlier_rubric_results", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(left, 0);
    assert!(store.session(&kept).unwrap().questions[0].takes[1]
        .earlier_rubrics
        .is_empty());
    drop(conn);
    drop(store);
    for file in walk(here.root())
        .iter()
        .filter(|p| p.to_string_lossy().starts_with("onsite.db"))
    {
        let bytes = fs::read(here.root().join(file)).unwrap();
        assert!(
            !bytes.windows(8).any(|w| w == b"axolotl "),
            "{}",
            file.display()
        );
    }
}
