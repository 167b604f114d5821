//! `onsite sessions rescore` on a real store: answers scored by an older rubric version are
//! scored again with the embedded pack, the old result kept and the new one current; a second
//! run changes nothing; a take with no transcript is skipped with its reason.

mod common;
use onsite_testkit::seed;

use common::{ok, onsite};
use onsite_datadir::DataDir;
use onsite_rubric::{QuestionKind, RubricPack};
use onsite_store::{RubricRecord, Store, TakeEnd};
use seed::{Seeder, DAY_MS};

const OLD: &str = "default@0.9.0";
const DESIGN_Q: &str = "Design a URL shortener for a billion links.";
const DESIGN: &str = "Before designing I would ask about scale: assume a billion links and ten \
    thousand reads per second. An API writes to Postgres and a Redis cache serves reads. The \
    trade-off is consistency against latency, so the cache expires after a minute.";
const STORY_Q: &str = "Tell me about a time you disagreed with your manager.";
const STORY: &str = "My manager wanted to skip load testing. I showed him last year's outage \
    numbers and we agreed to a one day test, which found a memory leak before launch.";

#[test]
fn rescoring_keeps_the_old_result_makes_the_new_one_current_and_is_idempotent() {
    let tmp = tempfile::tempdir().expect("tmp");
    let now = onsite_store::now_ms();
    let current = RubricPack::select(None, None)
        .expect("pack")
        .version_label();
    let mut s = Seeder::open(tmp.path());
    s.older_rubric = Some(OLD.into());
    let old_session = s.session("system-design-45", now - 2 * DAY_MS);
    let design = s.answer(
        &old_session,
        now - 2 * DAY_MS,
        "sd-shortener",
        DESIGN_Q,
        QuestionKind::SystemDesign,
        DESIGN,
    );
    let story = s.answer(
        &old_session,
        now - 2 * DAY_MS + 60_000,
        "ld-disagree",
        STORY_Q,
        QuestionKind::Behavioural,
        STORY,
    );
    // A scored take whose transcript is gone (nothing was heard).
    let asked = s
        .store
        .ask_question(
            &old_session,
            &onsite_store::QuestionSnapshot {
                question_id: "ld-conflict".into(),
                question_version: "1".into(),
                text: "Tell me about a conflict.".into(),
            },
            now - 2 * DAY_MS + 120_000,
        )
        .expect("ask");
    let silent = s
        .store
        .start_take(asked, now - 2 * DAY_MS + 120_000, None)
        .expect("take")
        .id;
    s.store
        .finish_take(silent, TakeEnd::Complete, now - 2 * DAY_MS + 125_000)
        .expect("finish");
    let mut silent_result = serde_json::to_value(&story.assessment).expect("json");
    silent_result["rubric_version"] = OLD.into();
    s.store
        .save_rubric(
            silent,
            &RubricRecord {
                rubric_version: OLD.into(),
                scores: [("communication".to_string(), 1.0)].into(),
                result: silent_result,
                scored_at_ms: now - 2 * DAY_MS,
            },
        )
        .expect("rubric");
    // A session already scored by the current pack.
    s.older_rubric = None;
    let new_session = s.session("system-design-45", now - DAY_MS);
    s.answer(
        &new_session,
        now - DAY_MS,
        "sd-shortener",
        DESIGN_Q,
        QuestionKind::SystemDesign,
        DESIGN,
    );
    drop(s);

    let rows = ok(&onsite(tmp.path())
        .args([
            "sessions",
            "rescore",
            old_session.as_str(),
            "--format",
            "json",
        ])
        .output()
        .expect("run"));
    let rows = rows.as_array().expect("array");
    assert_eq!(rows.len(), 3, "{rows:#?}");
    for (row, seeded) in rows.iter().zip([&design, &story]) {
        assert_eq!(row["session_id"], old_session.as_str());
        assert_eq!(row["take_id"], seeded.take.0);
        assert_eq!(row["status"], "rescored");
        assert_eq!(row["old_version"], OLD);
        assert_eq!(row["new_version"], current.as_str());
        assert_eq!(
            row["old_overall"],
            (seeded.assessment.overall - 1.0).max(1.0)
        );
        assert_eq!(row["new_overall"], seeded.assessment.overall);
    }
    assert_eq!(rows[2]["take_id"], silent.0);
    assert_eq!(rows[2]["status"], "skipped");
    assert_eq!(rows[2]["reason"], "no_transcript");
    assert_eq!(rows[2]["new_version"], serde_json::Value::Null);

    // In the store: the new result current (the one the lists read), the old one kept.
    let dir = DataDir::open(Some(tmp.path())).expect("dir");
    let store = Store::open(&dir).expect("store");
    let session = store.session(&old_session).expect("session");
    let design_take = &session.questions[0].takes[0];
    let now_current = design_take.rubric.as_ref().expect("current");
    assert_eq!(now_current.rubric_version, current);
    assert_eq!(
        now_current.result,
        serde_json::to_value(&design.assessment).expect("json"),
        "the same result the pack gives the answer fresh"
    );
    assert_eq!(design_take.earlier_rubrics.len(), 1);
    assert_eq!(design_take.earlier_rubrics[0].rubric_version, OLD);
    assert_eq!(
        design_take.earlier_rubrics[0].result["overall"],
        (design.assessment.overall - 1.0).max(1.0)
    );
    let silent_take = &session.questions[2].takes[0];
    assert_eq!(
        silent_take.rubric.as_ref().expect("kept").rubric_version,
        OLD
    );
    assert!(silent_take.earlier_rubrics.is_empty());
    let finals = store.final_take_scores().expect("finals");
    let design_final = finals
        .iter()
        .find(|f| f.take_id == design.take)
        .expect("final");
    assert_eq!(design_final.overall, Some(design.assessment.overall));
    drop(store);

    // Again, over everything: nothing more to do, and it says so; nothing more is kept.
    let again = onsite(tmp.path())
        .args(["sessions", "rescore", "--all"])
        .output()
        .expect("run");
    assert!(again.status.success());
    let text = String::from_utf8_lossy(&again.stdout);
    assert!(
        text.contains("0 re-scored") && text.contains("3 already current"),
        "{text}"
    );
    assert!(text.contains("already scored with this rubric"), "{text}");
    assert!(text.contains("no stored transcript"), "{text}");
    let store = Store::open(&dir).expect("store");
    let session = store.session(&old_session).expect("session");
    assert_eq!(session.questions[0].takes[0].earlier_rubrics.len(), 1);
}

#[test]
fn progress_marks_where_the_rubric_changed_until_the_old_session_is_rescored() {
    let tmp = tempfile::tempdir().expect("tmp");
    let now = onsite_store::now_ms();
    let current = RubricPack::select(None, None)
        .expect("pack")
        .version_label();
    let mut s = Seeder::open(tmp.path());
    s.older_rubric = Some(OLD.into());
    let old_session = s.session("system-design-45", now - 2 * DAY_MS);
    s.answer(
        &old_session,
        now - 2 * DAY_MS,
        "sd-shortener",
        DESIGN_Q,
        QuestionKind::SystemDesign,
        DESIGN,
    );
    s.older_rubric = None;
    let new_session = s.session("system-design-45", now - DAY_MS);
    s.answer(
        &new_session,
        now - DAY_MS,
        "sd-shortener",
        DESIGN_Q,
        QuestionKind::SystemDesign,
        DESIGN,
    );
    drop(s);
    let progress = || {
        ok(&onsite(tmp.path())
            .args(["progress", "--format", "json"])
            .output()
            .expect("run"))
    };

    let p = progress();
    let trends = p["trends"].as_array().expect("trends");
    assert_eq!(trends.len(), 6);
    for t in trends {
        assert_eq!(t["points"][0]["rubric_version"], OLD);
        assert_eq!(t["points"][1]["rubric_version"], current.as_str());
        assert_eq!(
            t["rubric_changes"],
            serde_json::json!([{
                "at_session_id": new_session.as_str(),
                "at_started_at_ms": now - DAY_MS,
                "from": OLD,
                "to": current,
            }]),
            "{}",
            t["competency"]
        );
    }
    // The same answer scored by the same rubric scores the same: the trend is flat once both
    // sessions are on one version, and nothing is marked.
    ok(&onsite(tmp.path())
        .args(["sessions", "rescore", "--all", "--format", "json"])
        .output()
        .expect("run"));
    let p = progress();
    for t in p["trends"].as_array().expect("trends") {
        assert_eq!(t["rubric_changes"], serde_json::json!([]));
        assert_eq!(t["points"][0]["rubric_version"], current.as_str());
        assert_eq!(t["change"], 0.0);
    }
}
