//! `onsite progress --format json` on a real store seeded over three days: trends equal the
//! stored session scores, the streak counts the days, and two takes of one question are compared.

mod common;
use onsite_testkit::seed;

use common::{ok, onsite};
use onsite_rubric::QuestionKind;
use seed::{Seeder, DAY_MS};
// Sample answers shared with the other progress and story tests.
use onsite_testkit::answers::{
    SHORTENER_QUESTION as Q, STRONG_SHORTENER as STRONG, WEAK_SHORTENER as WEAK,
};

const OTHER_Q: &str = "Tell me about a time you disagreed with your manager.";
const OTHER: &str = "My manager wanted to skip load testing. I showed him last year's outage \
    numbers and we agreed to a one day test, which found a memory leak before launch.";

#[test]
fn trends_streaks_and_takes_compared_from_a_seeded_store() {
    let tmp = tempfile::tempdir().expect("tmp");
    let now = onsite_store::now_ms();
    let mut s = Seeder::open(tmp.path());
    let s1 = s.session("system-design-45", now - 2 * DAY_MS);
    let first = s.answer(
        &s1,
        now - 2 * DAY_MS,
        "sd-shortener",
        Q,
        QuestionKind::SystemDesign,
        WEAK,
    );
    let s2 = s.session("behavioural-30", now - DAY_MS);
    s.answer(
        &s2,
        now - DAY_MS,
        "ld-disagree",
        OTHER_Q,
        QuestionKind::Behavioural,
        OTHER,
    );
    let s3 = s.session("system-design-45", now - 60_000);
    let second = s.answer(
        &s3,
        now - 60_000,
        "sd-shortener",
        Q,
        QuestionKind::SystemDesign,
        STRONG,
    );
    drop(s);

    let p = ok(&onsite(tmp.path())
        .args(["progress", "--format", "json"])
        .output()
        .expect("run"));
    assert_eq!(p["sessions"], 3);
    assert_eq!(p["streak"]["current_days"], 3, "{}", p["streak"]);
    assert_eq!(p["streak"]["longest_days"], 3);
    assert_eq!(p["streak"]["practice_days"], 3);

    // Each session has one answer, so its score per competency is that take's score.
    let trends = p["trends"].as_array().expect("trends");
    assert_eq!(trends.len(), 6, "{trends:?}");
    for t in trends {
        let name = t["competency"].as_str().expect("name");
        let points = t["points"].as_array().expect("points");
        assert_eq!(points.len(), 3, "{name}");
        assert_eq!(points[0]["session_id"], s1.to_string());
        assert_eq!(points[2]["session_id"], s3.to_string());
        let want_first = first.assessment.competency(name).expect("c").score;
        let want_last = second.assessment.competency(name).expect("c").score;
        assert!(
            (t["first"].as_f64().expect("f") - want_first).abs() < 1e-9,
            "{name}"
        );
        assert!(
            (t["latest"].as_f64().expect("l") - want_last).abs() < 1e-9,
            "{name}"
        );
        let change = t["change"].as_f64().expect("change");
        let dir = t["direction"].as_str().expect("dir");
        assert_eq!(
            dir,
            if change >= 0.2 {
                "up"
            } else if change <= -0.2 {
                "down"
            } else {
                "flat"
            }
        );
    }
    let arch = trends
        .iter()
        .find(|t| t["competency"] == "architectural_thinking")
        .expect("arch");
    assert_eq!(
        arch["direction"], "up",
        "the strong answer is better designed: {arch}"
    );

    // The question taken twice is compared; the one taken once is not.
    let cmp = p["comparisons"].as_array().expect("comparisons");
    assert_eq!(cmp.len(), 1, "{cmp:?}");
    let c = &cmp[0];
    assert_eq!(c["question_id"], "sd-shortener");
    assert_eq!(c["before"]["take_id"], first.take.0);
    assert_eq!(c["after"]["take_id"], second.take.0);
    assert!(c["after"]["transcript"]
        .as_str()
        .expect("t")
        .contains("Redis cache"));
    let delta = second.assessment.overall - first.assessment.overall;
    assert!(
        (c["overall_change"].as_f64().expect("d") - (delta * 10.0).round() / 10.0).abs() < 1e-9
    );
    assert!(c["words_added"]
        .as_array()
        .expect("w")
        .iter()
        .any(|w| w == "redis"));
    assert!(!c["gaps_closed"].as_array().expect("g").is_empty(), "{c}");

    // Text output for people.
    let out = onsite(tmp.path()).args(["progress"]).output().expect("run");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("streak 3 days") && text.contains("Architectural thinking"),
        "{text}"
    );
}

#[test]
fn an_empty_store_has_no_progress_yet() {
    let tmp = tempfile::tempdir().expect("tmp");
    let p = ok(&onsite(tmp.path())
        .args(["progress", "--format", "json"])
        .output()
        .expect("run"));
    assert_eq!(p["sessions"], 0);
    assert_eq!(p["streak"]["current_days"], 0);
    assert!(p["trends"].as_array().expect("t").is_empty());
}

/// Streaks count the user's local days: two afternoons in a row in UTC-8 (4 pm, then 3 pm the
/// next day) are one UTC day, and two days with `--utc-offset -480`.
#[test]
fn streaks_count_local_days_at_the_given_utc_offset() {
    const HOUR: i64 = 3_600_000;
    let pst: i64 = -8 * 60;
    let now = onsite_store::now_ms();
    // Local midnight (UTC-8) that starts today, as a UTC instant.
    let today = (now + pst * 60_000).div_euclid(DAY_MS) * DAY_MS - pst * 60_000;
    let tmp = tempfile::tempdir().expect("tmp");
    let mut s = Seeder::open(tmp.path());
    for at in [today - 2 * DAY_MS + 16 * HOUR, today - DAY_MS + 15 * HOUR] {
        let id = s.session("behavioural-30", at);
        s.answer(
            &id,
            at,
            "ld-disagree",
            OTHER_Q,
            QuestionKind::Behavioural,
            OTHER,
        );
    }
    drop(s);

    let run = |offset: &str| {
        ok(&onsite(tmp.path())
            .args(["progress", "--format", "json", "--utc-offset", offset])
            .output()
            .expect("run"))
    };
    let local = run("-480");
    assert_eq!(local["utc_offset_minutes"], -480);
    assert_eq!(local["streak"]["practice_days"], 2, "{}", local["streak"]);
    assert_eq!(
        local["streak"]["current_days"], 2,
        "alive until the end of today"
    );
    assert_eq!(local["streak"]["longest_days"], 2);
    // The keys that were there before are still there.
    for key in ["sessions", "trends", "streak", "comparisons"] {
        assert!(local.get(key).is_some(), "{key}");
    }
    let utc = run("0");
    assert_eq!(utc["streak"]["practice_days"], 1, "{}", utc["streak"]);

    // An offset no time zone has is refused, not clamped silently.
    let out = onsite(tmp.path())
        .args(["progress", "--utc-offset", "9999"])
        .output()
        .expect("run");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("--utc-offset"));
}
