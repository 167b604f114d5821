//! The shipped question bank meets its rules, and user files extend it or are refused clearly.

use std::collections::HashSet;

use onsite_interview::{Bank, Kind, Level, Taxonomy, Track};

#[test]
fn builtin_bank_is_valid_and_large_enough() {
    let bank = Bank::builtin().expect("the embedded bank loads");
    assert!(bank.len() >= 150, "only {} questions", bank.len());
    let mut ids = HashSet::new();
    for q in bank.questions() {
        assert!(ids.insert(q.id.clone()), "duplicate id {}", q.id);
        assert!(
            !q.talking_points.is_empty(),
            "{} has no talking points",
            q.id
        );
        assert!(!q.follow_ups.is_empty(), "{} has no follow-up", q.id);
        assert!(!q.tags.is_empty(), "{} has no tags", q.id);
        assert!(
            q.text.ends_with('?') || q.text.ends_with('.'),
            "{}: {}",
            q.id,
            q.text
        );
    }
    // Every track has questions at both levels, so every plan can be filled at either level.
    for track in Track::ALL {
        for level in [Level::Senior, Level::Staff] {
            let n = bank.filter(Some(track), Some(level)).len();
            assert!(n >= 5, "{track} has only {n} {level} questions");
        }
    }
    let kinds: HashSet<Kind> = bank.questions().iter().map(|q| q.kind).collect();
    assert!(kinds.contains(&Kind::SystemDesign) && kinds.contains(&Kind::Behavioural));
}

#[test]
fn every_tag_and_slot_category_is_in_the_taxonomy() {
    let bank = Bank::builtin().expect("bank");
    let tax = Taxonomy::builtin().expect("taxonomy");
    let categories: HashSet<&str> = tax.terms().iter().map(|t| t.category.as_str()).collect();
    for q in bank.questions() {
        for tag in &q.tags {
            assert!(
                tax.find(tag).is_some(),
                "{}: tag {tag:?} is not in the taxonomy",
                q.id
            );
        }
        for (name, slot) in &q.slots {
            let ok = matches!(slot.from.as_str(), "technology" | "domain")
                || categories.contains(slot.from.as_str());
            assert!(
                ok,
                "{}: slot {name} draws from unknown category {}",
                q.id, slot.from
            );
        }
    }
}

#[test]
fn user_files_extend_the_bank() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        dir.path().join("mine.toml"),
        r#"
[defaults]
track = "operations"
level = "senior"
kind = "operations"
prep_s = 30
answer_s = 120

[[question]]
id = "my-own-question"
text = "Tell me about the last time you were paged at night."
tags = ["on-call"]
talking_points = ["What happened"]
follow_ups.result = "How did it end?"
"#,
    )
    .expect("write");
    std::fs::write(dir.path().join("notes.txt"), "ignored").expect("write");
    let bank = Bank::load(Some(dir.path())).expect("loads");
    let q = bank.get("my-own-question").expect("user question present");
    assert_eq!(q.track, Track::Operations);
    assert_eq!(q.answer_s, 120);
    assert_eq!(bank.len(), Bank::builtin().expect("bank").len() + 1);
    // A missing folder is simply no user questions.
    let none = Bank::load(Some(&dir.path().join("absent"))).expect("absent folder is fine");
    assert_eq!(none.len(), Bank::builtin().expect("bank").len());
}

fn load_one(text: &str) -> onsite_interview::BankError {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("bad.toml"), text).expect("write");
    Bank::load(Some(dir.path())).expect_err("must be refused")
}

#[test]
fn malformed_user_file_names_file_and_line() {
    let err = load_one("[[question]]\nid = \"x-1\"\ntext = \"unterminated\n");
    assert_eq!(err.code(), "question_file_invalid");
    let msg = err.to_string();
    assert!(msg.contains("bad.toml:3:"), "{msg}");

    let err = load_one(
        "\n\n[[question]]\nid = \"x-2\"\ntrack = \"operations\"\nlevel = \"senior\"\nkind = \"operations\"\nprep_s = 10\nanswer_s = 60\ntext = \"A question without any talking points at all?\"\nfollow_ups.result = \"And?\"\n",
    );
    assert_eq!(err.code(), "question_invalid");
    let msg = err.to_string();
    assert!(
        msg.contains("bad.toml:3:") && msg.contains("talking point"),
        "{msg}"
    );

    let err = load_one(
        "[[question]]\nid = \"x-3\"\ntrack = \"operations\"\nlevel = \"senior\"\nkind = \"operations\"\nprep_s = 10\nanswer_s = 60\ntext = \"A question with a follow-up keyed to nonsense?\"\ntalking_points = [\"a\"]\nfollow_ups.not_a_gap = \"And?\"\n",
    );
    assert_eq!(err.code(), "question_file_invalid");
    assert!(err.to_string().contains("not_a_gap"), "{err}");

    let err = load_one(
        "[[question]]\nid = \"x-4\"\ntrack = \"operations\"\nlevel = \"principal\"\nkind = \"operations\"\nprep_s = 10\nanswer_s = 60\ntext = \"Pitched at a level we do not have?\"\ntalking_points = [\"a\"]\nfollow_ups.result = \"And?\"\n",
    );
    assert_eq!(err.code(), "question_file_invalid");
    // The line of the offending value, not just of the question.
    assert!(err.to_string().contains("bad.toml:4:"), "{err}");
}

#[test]
fn duplicate_of_a_builtin_id_is_refused() {
    let err = load_one(
        "[[question]]\nid = \"sd-rate-limiter\"\ntrack = \"operations\"\nlevel = \"senior\"\nkind = \"operations\"\nprep_s = 10\nanswer_s = 60\ntext = \"Same id as a shipped question, again?\"\ntalking_points = [\"a\"]\nfollow_ups.result = \"And?\"\n",
    );
    assert_eq!(err.code(), "question_duplicate_id");
    assert!(
        err.to_string().contains("builtin:system-design.toml"),
        "{err}"
    );
}

#[test]
fn template_slots_must_match_the_text() {
    let err = load_one(
        "[[question]]\nid = \"x-5\"\ntrack = \"operations\"\nlevel = \"senior\"\nkind = \"operations\"\nprep_s = 10\nanswer_s = 60\ntext = \"You've run {tech} in production: what broke?\"\ntalking_points = [\"a\"]\nfollow_ups.result = \"And?\"\n",
    );
    assert_eq!(err.code(), "question_invalid");
    assert!(err.to_string().contains("{tech}"), "{err}");
}

#[test]
fn an_answer_with_no_real_example_is_asked_for_one() {
    // Whatever a story question's own follow-ups say, an answer that described a method instead
    // of an occasion is asked for the occasion: the generic follow-up, never one written for
    // another gap.
    let bank = Bank::builtin().expect("bank");
    let stories: Vec<_> = bank
        .questions()
        .iter()
        .filter(|q| matches!(q.kind, Kind::Behavioural | Kind::Operations))
        .collect();
    assert!(!stories.is_empty());
    for q in stories {
        let f = onsite_interview::follow_up::choose(q, &[onsite_interview::Gap::NoExample])
            .expect("a follow-up");
        assert_eq!(f.gap, Some(onsite_interview::Gap::NoExample));
        assert!(f.text.contains("one specific time"), "{}: {}", q.id, f.text);
    }
}
