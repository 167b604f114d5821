//! The interviewer's lines in the session report, from a real store: the question the voice
//! asked (and a follow-up it cut short) shown beside the candidate's words in HTML, Markdown and
//! the PDF (its text read back by pdftotext); a take without lines shows none.
#![allow(clippy::unwrap_used)] // tests: a failed unwrap is a failed test

use std::process::Command;

use onsite_datadir::DataDir;
use onsite_report::{Format, SessionReport};
use onsite_rubric::{Answer, Question, QuestionKind, RubricPack};
use onsite_store::{LineKind, NewSession, QuestionSnapshot, RubricRecord, Store, TakeEnd};
use onsite_transcript::Segment;

const QUESTION: &str = "Tell me about a launch that went wrong.";
const FOLLOW_UP: &str = "What would you do differently?";
const ANSWER: &str = "We shipped the billing migration on a Friday and the retries doubled.";

/// A session with one answered question; `said` adds the interviewer's two lines.
fn session(said: bool) -> (tempfile::TempDir, Store, String) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = DataDir::open(Some(&tmp.path().join("data"))).unwrap();
    let mut store = Store::open(&dir).unwrap();
    let id = store
        .create_session(&NewSession {
            plan: "behavioural-30".into(),
            level: "senior".into(),
            tailoring: serde_json::json!({}),
            started_at_ms: 1_000,
        })
        .unwrap();
    let snapshot = QuestionSnapshot {
        question_id: "bh-launch".into(),
        question_version: "1".into(),
        text: QUESTION.into(),
    };
    let q = store.ask_question(&id, &snapshot, 1_000).unwrap();
    let take = store.start_take(q, 10_000, None).unwrap().id;
    let segment = Segment {
        start_ms: 0,
        end_ms: 5_000,
        text: ANSWER.into(),
        words: Vec::new(),
    };
    store.append_segment(take, &segment).unwrap();
    if said {
        store
            .add_interviewer_line(take, LineKind::Question, QUESTION, 2_000, 5_000, false)
            .unwrap();
        store
            .add_interviewer_line(take, LineKind::FollowUp, FOLLOW_UP, 6_000, 7_000, true)
            .unwrap();
    }
    store.finish_take(take, TakeEnd::Complete, 16_000).unwrap();
    // Scored, as every reported answer is.
    let a = RubricPack::embedded()
        .unwrap()
        .assess(
            &Question::new(QuestionKind::Behavioural),
            &Answer::from_text(ANSWER),
        )
        .unwrap();
    let record = RubricRecord {
        rubric_version: a.rubric_version.clone(),
        scores: a
            .competencies
            .iter()
            .into_iter()
            .map(|(k, c)| (k.to_string(), c.score))
            .collect(),
        result: serde_json::to_value(&a).unwrap(),
        scored_at_ms: 17_000,
    };
    store.save_rubric(take, &record).unwrap();
    (tmp, store, id.to_string())
}

fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn the_interviewers_lines_are_shown_beside_the_answer_in_every_format() {
    let (tmp, store, id) = session(true);
    let report = SessionReport::load(&store, &id).unwrap();
    let lines = &report.questions[0].interviewer;
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert_eq!(lines[0].heading(), "Interviewer (question)");
    assert_eq!(lines[1].heading(), "Interviewer (follow-up, cut short)");

    let html = String::from_utf8(report.render(Format::Html).unwrap()).unwrap();
    let asked = html
        .find(&format!(
            "<strong>Interviewer (question):</strong> {}",
            "Tell me about a launch that went wrong."
        ))
        .expect("the question as said, in HTML");
    assert!(html.contains(
        "<strong>Interviewer (follow-up, cut short):</strong> What would you do differently?"
    ));
    let answered = html
        .find("<h4>Transcript</h4>")
        .expect("the answer's words");
    assert!(
        asked < answered,
        "the question comes just before the answer's words"
    );
    assert!(html[answered..].contains("the retries doubled"));

    let md = String::from_utf8(report.render(Format::Md).unwrap()).unwrap();
    assert!(
        md.contains(&format!("**Interviewer (question):** {QUESTION}")),
        "{md}"
    );
    assert!(md.contains(&format!(
        "**Interviewer (follow-up, cut short):** {FOLLOW_UP}"
    )));

    let pdf_path = tmp.path().join("report.pdf");
    std::fs::write(&pdf_path, report.render(Format::Pdf).unwrap()).unwrap();
    let text = Command::new("pdftotext")
        .arg(&pdf_path)
        .arg("-")
        .output()
        .expect("pdftotext is installed (scripts/setup: poppler-utils)");
    assert!(text.status.success());
    let text = squash(&String::from_utf8_lossy(&text.stdout));
    assert!(
        text.contains(&format!("Interviewer (question): {QUESTION}")),
        "{text}"
    );
    assert!(
        text.contains(&format!("Interviewer (follow-up, cut short): {FOLLOW_UP}")),
        "{text}"
    );

    // Without the voice: no interviewer lines anywhere.
    let (_tmp2, quiet_store, quiet_id) = session(false);
    let quiet = SessionReport::load(&quiet_store, &quiet_id).unwrap();
    assert!(quiet.questions[0].interviewer.is_empty());
    let html = String::from_utf8(quiet.render(Format::Html).unwrap()).unwrap();
    assert!(!html.contains("Interviewer ("));
    let md = String::from_utf8(quiet.render(Format::Md).unwrap()).unwrap();
    assert!(!md.contains("Interviewer ("));
}
