//! Recording a session and reading it back through every query the UI uses.
#![allow(clippy::unwrap_used)] // tests: a failed unwrap is a failed test

mod common;

use common::{data_dir, record_session, rubric, segment};
use onsite_store::{Store, TakeEnd, TakeStatus};

#[test]
fn a_recorded_session_reads_back_in_full() {
    let (_tmp, dir) = data_dir();
    let mut store = Store::open(&dir).unwrap();
    let (id, takes) = record_session(&mut store, 1_000_000, "then shard the counters by key");

    let session = store.session(&id).unwrap();
    assert_eq!(session.plan, "system-design-45");
    assert_eq!(session.tailoring["company"], "Acme");
    assert_eq!(session.ended_at_ms, Some(1_001_000));
    let question = &session.questions[0];
    assert_eq!(question.question.question_version, "2");
    assert_eq!(question.takes.len(), 2);
    let take = &question.takes[1];
    assert_eq!(take.id, Some(takes[1]));
    assert_eq!(take.status, TakeStatus::Complete);
    assert_eq!(
        take.media_path.as_deref(),
        Some(format!("media/{id}/q1-take2.mp4").as_str())
    );
    assert_eq!(take.segments.len(), 2);
    assert_eq!(
        take.segments[1],
        segment(3_000, "then shard the counters by key")
    );
    assert_eq!(take.rubric.as_ref().unwrap().scores["communication"], 3.0);
    assert_eq!(take.rubric.as_ref().unwrap().result["summary"], "ok");
    assert_eq!(take.follow_ups[0].text, "What if traffic grew tenfold?");
}

#[test]
fn session_scores_count_the_latest_take_of_each_question() {
    let (_tmp, dir) = data_dir();
    let mut store = Store::open(&dir).unwrap();
    let (older, _) = record_session(&mut store, 1_000, "alpha");
    let (newer, takes) = record_session(&mut store, 2_000, "beta");
    // A re-score replaces the earlier result of that take.
    store
        .save_rubric(
            takes[1],
            &rubric(&[("communication", 4.0), ("ownership", 1.0)]),
        )
        .unwrap();

    let list = store.list_sessions().unwrap();
    assert_eq!(
        list.iter().map(|s| &s.id).collect::<Vec<_>>(),
        vec![&newer, &older]
    );
    assert_eq!(list[1].questions, 1);
    assert_eq!(list[1].takes, 2);
    // Attempt 2 (3.0 / 3.5) replaces attempt 1 (2.0 / 2.5).
    assert_eq!(list[1].scores["communication"], 3.0);
    assert_eq!(list[1].scores["technical_depth"], 3.5);
    assert_eq!(list[0].scores["communication"], 4.0);
    assert!(!list[0].scores.contains_key("technical_depth"));

    let trend = store.competency_trend(Some("communication")).unwrap();
    let points: Vec<_> = trend
        .iter()
        .map(|p| (p.session_id.clone(), p.score))
        .collect();
    assert_eq!(points, vec![(older.clone(), 3.0), (newer.clone(), 4.0)]);
    let all = store.competency_trend(None).unwrap();
    assert_eq!(
        all.len(),
        4,
        "communication x2, technical_depth x1, ownership x1: {all:?}"
    );
}

#[test]
fn full_text_search_finds_words_and_ignores_query_syntax() {
    let (_tmp, dir) = data_dir();
    let mut store = Store::open(&dir).unwrap();
    let (a, _) = record_session(&mut store, 1_000, "we used a token bucket in Redis");
    let (b, _) = record_session(&mut store, 2_000, "a sliding window log was simpler");

    let hits = store.search("token bucket", 10).unwrap();
    assert_eq!(hits.len(), 2, "one per take of session a");
    assert!(hits.iter().all(|h| h.session_id == a));
    assert!(hits[0].snippet.contains("[token]"), "{}", hits[0].snippet);
    assert_eq!(hits[0].question_text, "Design a distributed rate limiter.");

    // The last word is a prefix, as the user types.
    assert!(store
        .search("slid", 10)
        .unwrap()
        .iter()
        .all(|h| h.session_id == b));
    assert_eq!(store.search("slid", 10).unwrap().len(), 2);
    // FTS operators typed by the user are searched as words, not run as syntax.
    assert!(store.search("\"bucket OR NEAR(", 10).unwrap().is_empty());
    assert!(store.search("***", 10).unwrap().is_empty());
    // Limit is honoured; newest first by default.
    let newest = store.search("clarify", 3).unwrap();
    assert_eq!(newest.len(), 3);
    assert_eq!(newest[0].session_id, b);
    // By relevance, the segment where the words are densest comes first.
    record_session(&mut store, 3_000, "redis redis redis token bucket");
    let best = store
        .search_ordered("redis", onsite_store::SearchOrder::Relevance, 10)
        .unwrap();
    assert!(
        best[0].snippet.starts_with("[redis] [redis]"),
        "{}",
        best[0].snippet
    );
    let newest = store.search("redis", 10).unwrap();
    assert_eq!(newest.len(), 4);
}

#[test]
fn takes_of_one_question_across_sessions() {
    let (_tmp, dir) = data_dir();
    let mut store = Store::open(&dir).unwrap();
    let (a, _) = record_session(&mut store, 1_000, "x");
    let (b, _) = record_session(&mut store, 5_000, "y");
    let takes = store.question_takes("sd-rate-limiter").unwrap();
    let seen: Vec<_> = takes
        .iter()
        .map(|t| (t.session_id.clone(), t.attempt))
        .collect();
    assert_eq!(seen, vec![(a.clone(), 1), (a, 2), (b.clone(), 1), (b, 2)]);
    assert_eq!(takes[3].scores["technical_depth"], 3.5);
    assert!(store.question_takes("no-such-question").unwrap().is_empty());
}

#[test]
fn invalid_input_is_refused_with_a_code_and_changes_nothing() {
    let (_tmp, dir) = data_dir();
    let mut store = Store::open(&dir).unwrap();
    let (_, takes) = record_session(&mut store, 1_000, "x");

    let err = store.finish_take(takes[0], TakeEnd::Failed, 5).unwrap_err();
    assert_eq!(err.code(), "store_take_not_recording");

    let bad_score = rubric(&[("communication", f64::NAN)]);
    assert_eq!(
        store.save_rubric(takes[0], &bad_score).unwrap_err().code(),
        "store_invalid"
    );

    let mut backwards = segment(5_000, "late");
    backwards.end_ms = 1;
    assert_eq!(
        store
            .append_segment(takes[0], &backwards)
            .unwrap_err()
            .code(),
        "store_invalid"
    );

    let session = store.list_sessions().unwrap()[0].id.clone();
    let question = store
        .ask_question(
            &session,
            &onsite_store::QuestionSnapshot {
                question_id: "q".into(),
                question_version: "1".into(),
                text: "t".into(),
            },
            1,
        )
        .unwrap();
    for evil in ["../../etc/passwd", "a/b.mp4", ".hidden", ""] {
        let err = store.start_take(question, 1, Some(evil)).unwrap_err();
        assert_eq!(err.code(), "store_invalid", "{evil:?} accepted");
    }
    assert_eq!(
        store
            .append_segment(onsite_store::TakeId(9_999), &segment(0, "x"))
            .unwrap_err()
            .code(),
        "store_not_found"
    );
    assert_eq!(store.session(&session).unwrap().questions[1].takes.len(), 0);
}

#[test]
fn settings_round_trip() {
    let (_tmp, dir) = data_dir();
    let mut store = Store::open(&dir).unwrap();
    assert_eq!(store.setting("camera").unwrap(), None);
    store
        .set_setting("camera", &serde_json::json!({"index": 1}))
        .unwrap();
    store
        .set_setting("camera", &serde_json::json!({"index": 2}))
        .unwrap();
    drop(store);
    let store = Store::open(&dir).unwrap();
    assert_eq!(
        store.setting("camera").unwrap(),
        Some(serde_json::json!({"index": 2}))
    );
}

#[cfg(unix)]
#[test]
fn database_files_are_private_and_in_wal_mode() {
    use std::os::unix::fs::PermissionsExt;
    let (_tmp, dir) = data_dir();
    let mut store = Store::open(&dir).unwrap();
    record_session(&mut store, 1, "x");
    let wal = dir.root().join("onsite.db-wal");
    assert!(wal.exists(), "WAL mode writes a -wal file");
    for path in [
        dir.db_path(),
        wal,
        dir.root().join("onsite.db-shm"),
        dir.root().join("onsite.lock"),
    ] {
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "{}", path.display());
    }
    let conn = rusqlite::Connection::open(dir.db_path()).unwrap();
    let mode: String = conn
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
}

#[test]
fn store_can_be_owned_by_a_dedicated_thread() {
    fn assert_send<T: Send>() {}
    assert_send::<Store>();
    let (_tmp, dir) = data_dir();
    let store = Store::open(&dir).unwrap();
    let handle = std::thread::spawn(move || {
        let mut store = store;
        record_session(&mut store, 1, "threaded").0
    });
    let id = handle.join().unwrap();
    let store = Store::open(&dir).unwrap();
    assert_eq!(store.session(&id).unwrap().questions.len(), 1);
}

#[test]
fn a_take_is_located_by_its_id_alone() {
    let (_tmp, dir) = data_dir();
    let mut store = Store::open(&dir).unwrap();
    let (id, takes) = record_session(&mut store, 1_000, "alpha");

    let found = store.take_location(takes[1]).unwrap();
    assert_eq!(found.session_id, id);
    assert_eq!(found.status, TakeStatus::Complete);
    assert_eq!(
        found.media_path.as_deref(),
        Some(format!("media/{id}/q1-take2.mp4").as_str())
    );

    let missing = store
        .take_location(onsite_store::TakeId(9_999))
        .unwrap_err();
    assert_eq!(missing.code(), "store_not_found");
}

#[test]
fn final_take_scores_are_the_latest_scored_take_with_the_rubrics_overall() {
    let (_tmp, dir) = data_dir();
    let mut store = Store::open(&dir).unwrap();
    let (older, _) = record_session(&mut store, 1_000, "alpha");
    let (newer, takes) = record_session(&mut store, 2_000, "beta");
    let mut with_overall = rubric(&[("communication", 4.0)]);
    with_overall.result = serde_json::json!({ "overall": 2.7, "summary": "ok" });
    store.save_rubric(takes[1], &with_overall).unwrap();

    let finals = store.final_take_scores().unwrap();

    assert_eq!(
        finals.len(),
        2,
        "one per question: the retry replaced attempt 1"
    );
    let of = |id| finals.iter().find(|f| &f.session_id == id).unwrap();
    // A result without an overall (another rubric contract) reads as none.
    assert_eq!(of(&older).overall, None);
    assert_eq!(of(&older).scores["technical_depth"], 3.5, "attempt 2's");
    assert_eq!(of(&newer).take_id, takes[1]);
    assert_eq!(of(&newer).overall, Some(2.7));
    assert!(
        of(&newer).scores.is_empty(),
        "scores only stand in for a missing overall"
    );
    // An overall that is not a number is not trusted either.
    let mut odd = rubric(&[("communication", 4.0)]);
    odd.result = serde_json::json!({ "overall": "high" });
    store.save_rubric(takes[1], &odd).unwrap();
    assert_eq!(
        store
            .final_take_scores()
            .unwrap()
            .iter()
            .find(|f| f.session_id == newer)
            .unwrap()
            .overall,
        None
    );
}
