//! `onsite stories --format json` on a real store: two answers telling the same story (in
//! different words, in different sessions) are one story; different stories stay apart; the
//! competencies without a story are exactly those no story covered.

mod common;
use onsite_testkit::seed;

use common::{ok, onsite};
use onsite_rubric::QuestionKind;
use seed::{Seeder, DAY_MS};
// Sample answers shared with the other progress and story tests.
use onsite_testkit::answers::{MIGRATION, PAYMENTS_A, PAYMENTS_B};

const MENTORING: &str = "A new graduate on my team was struggling with code reviews. I set up \
    weekly pairing sessions and wrote a checklist with her. As a result within three months she \
    was reviewing the on-call runbooks herself.";
const DESIGN: &str = "I would put a load balancer in front of stateless web servers and keep \
    sessions in Redis.";

#[test]
fn the_same_story_is_grouped_and_different_stories_are_not() {
    let tmp = tempfile::tempdir().expect("tmp");
    let t0 = onsite_store::now_ms() - 3 * DAY_MS;
    let mut s = Seeder::open(tmp.path());
    let a = s.session("behavioural-30", t0);
    let pa = s.answer(
        &a,
        t0,
        "ld-influence",
        "Tell me about a time you influenced another team.",
        QuestionKind::Behavioural,
        PAYMENTS_A,
    );
    let mig = s.answer(
        &a,
        t0 + 60_000,
        "ow-big-change",
        "Tell me about the biggest technical change you led.",
        QuestionKind::Behavioural,
        MIGRATION,
    );
    s.answer(
        &a,
        t0 + 120_000,
        "sd-web",
        "Design a web tier.",
        QuestionKind::SystemDesign,
        DESIGN,
    );
    let b = s.session("behavioural-30", t0 + DAY_MS);
    let pb = s.answer(
        &b,
        t0 + DAY_MS,
        "ld-conflict",
        "Describe a conflict with another team and how it ended.",
        QuestionKind::Behavioural,
        PAYMENTS_B,
    );
    let men = s.answer(
        &b,
        t0 + DAY_MS + 60_000,
        "ld-mentoring",
        "Tell me about someone you mentored.",
        QuestionKind::Behavioural,
        MENTORING,
    );
    drop(s);

    let bank = ok(&onsite(tmp.path())
        .args(["stories", "--format", "json"])
        .output()
        .expect("run"));
    assert_eq!(bank["behavioural_answers"], 4, "{bank}");
    let stories = bank["stories"].as_array().expect("stories");
    let takes_of = |st: &serde_json::Value| -> Vec<i64> {
        st["answers"]
            .as_array()
            .expect("answers")
            .iter()
            .map(|a| a["take_id"].as_i64().expect("id"))
            .collect()
    };
    let story_of = |take: i64| stories.iter().position(|st| takes_of(st).contains(&take));
    let payments = story_of(pa.take.0).expect("payments story detected");
    assert_eq!(
        story_of(pb.take.0),
        Some(payments),
        "retold story grouped: {bank}"
    );
    assert_eq!(takes_of(&stories[payments]).len(), 2);
    let migration = story_of(mig.take.0).expect("migration story detected");
    let mentoring = story_of(men.take.0).expect("mentoring story detected");
    assert!(
        migration != payments && mentoring != payments && migration != mentoring,
        "{bank}"
    );
    assert_eq!(stories.len(), 3, "the design answer is not a story: {bank}");

    // The link says why: shared names and numbers.
    let link = &stories[payments]["links"][0];
    let shared: Vec<&str> = link["similarity"]["shared"]
        .as_array()
        .expect("shared")
        .iter()
        .filter_map(|v| v.as_str())
        .collect();
    assert!(
        shared.contains(&"priya") && shared.contains(&"acme") && shared.contains(&"30%"),
        "{link}"
    );
    assert!(
        link["similarity"]["score"].as_f64().expect("score")
            >= bank["threshold"].as_f64().expect("t")
    );

    // Covered = best score at or above 3 in any telling; the rest have no story yet.
    let mut covered = std::collections::BTreeSet::new();
    for st in stories {
        for (name, score) in st["competencies"].as_object().expect("c") {
            let listed = st["covered"]
                .as_array()
                .expect("covered")
                .iter()
                .any(|c| c == name);
            assert_eq!(listed, score.as_f64().expect("s") >= 3.0, "{name} in {st}");
            if listed {
                covered.insert(name.clone());
            }
        }
    }
    let missing: Vec<String> = bank["competencies_without_story"]
        .as_array()
        .expect("m")
        .iter()
        .map(|v| v.as_str().expect("s").to_string())
        .collect();
    for c in [
        "technical_depth",
        "architectural_thinking",
        "leadership_influence",
        "pragmatism",
        "ownership",
        "communication",
    ] {
        assert_eq!(
            missing.contains(&c.to_string()),
            !covered.contains(c),
            "{c}"
        );
    }
    assert!(
        !missing.is_empty(),
        "a behavioural bank leaves something uncovered: {bank}"
    );
}
