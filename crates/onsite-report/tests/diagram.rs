//! A take's whiteboard in the session report, from a real store: the final snapshot drawn
//! inline in HTML (no URL), as an SVG file a Markdown report refers to, and as vector lines
//! in the PDF; with what the rubric read in it.
#![allow(clippy::unwrap_used)] // tests: a failed unwrap is a failed test

use onsite_datadir::DataDir;
use onsite_report::{Format, SessionReport};
use onsite_rubric::{Answer, Question, QuestionKind, RubricPack};
use onsite_store::{NewSession, QuestionSnapshot, RubricRecord, Store, TakeEnd};
use onsite_transcript::Segment;

const ANSWER: &str = "Before designing anything, how many requests per second do we expect? \
    Let's assume two hundred requests a second, mostly reads. At a high level the web client \
    calls a stateless API server, and the API server queries Postgres for the orders. Let me go \
    deeper into the query path: the API server queries Postgres with an index on customer id, \
    because the lookup by customer is the hot query. The trade-off is simplicity over scale.";

fn scene(name: &str) -> String {
    std::fs::read_to_string(format!(
        "{}/../onsite-diagram/tests/scenes/{name}.excalidraw",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

/// A session with one scored answer; `drawn` adds a half-drawn and a final whiteboard.
fn session(drawn: bool) -> (tempfile::TempDir, Store, String) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = DataDir::open(Some(&tmp.path().join("data"))).unwrap();
    let mut store = Store::open(&dir).unwrap();
    let id = store
        .create_session(&NewSession {
            plan: "system-design-45".into(),
            level: "staff".into(),
            tailoring: serde_json::json!({}),
            started_at_ms: 1_000,
        })
        .unwrap();
    let q = store
        .ask_question(
            &id,
            &QuestionSnapshot {
                question_id: "sd-orders".into(),
                question_version: "1".into(),
                text: "Design an order lookup.".into(),
            },
            1_000,
        )
        .unwrap();
    let take = store.start_take(q, 1_000, None).unwrap().id;
    store
        .append_segment(
            take,
            &Segment {
                start_ms: 0,
                end_ms: 30_000,
                text: ANSWER.into(),
                words: Vec::new(),
            },
        )
        .unwrap();
    if drawn {
        store
            .append_scene(take, 5_000, &scene("disconnected"))
            .unwrap();
        store
            .append_scene(take, 25_000, &scene("single_db"))
            .unwrap();
    }
    store.finish_take(take, TakeEnd::Complete, 31_000).unwrap();
    let a = RubricPack::embedded()
        .unwrap()
        .assess(
            &Question::new(QuestionKind::SystemDesign),
            &Answer::from_text(ANSWER),
        )
        .unwrap();
    store
        .save_rubric(
            take,
            &RubricRecord {
                rubric_version: a.rubric_version.clone(),
                scores: a
                    .competencies
                    .iter()
                    .into_iter()
                    .map(|(k, c)| (k.to_string(), c.score))
                    .collect(),
                result: serde_json::to_value(&a).unwrap(),
                scored_at_ms: 32_000,
            },
        )
        .unwrap();
    (tmp, store, id.to_string())
}

#[test]
fn the_final_whiteboard_is_drawn_in_every_format_with_its_reading() {
    let (_tmp, store, id) = session(true);
    let report = SessionReport::load(&store, &id).unwrap();
    let d = report.questions[0].diagram.as_ref().expect("a diagram");
    // The final snapshot, not the half-drawn one: three components and their labels.
    assert_eq!(d.at_ms, 25_000);
    let texts: Vec<&str> = d
        .sketch
        .marks
        .iter()
        .filter_map(|m| match m {
            onsite_diagram::Mark::Text { text, .. } => Some(text.as_str()),
            _ => None,
        })
        .collect();
    for label in [
        "Web client",
        "API server",
        "Postgres",
        "GET /orders",
        "query",
    ] {
        assert!(texts.contains(&label), "{label} in {texts:?}");
    }
    // Read now from the stored assessment and transcript (the result has no diagram key).
    assert!(
        d.findings
            .iter()
            .any(|f| f.contains("\"Postgres\"") && f.contains("replica")),
        "{:?}",
        d.findings
    );

    let html = String::from_utf8(report.render(Format::Html).unwrap()).unwrap();
    assert!(html.contains("<svg class=\"diagram\""), "inline SVG");
    assert!(html.contains(">API server</text>"));
    assert!(
        !html.contains("http://") && !html.contains("https://"),
        "no URL in HTML"
    );

    let md = String::from_utf8(report.render(Format::Md).unwrap()).unwrap();
    let files = report.diagram_files();
    assert_eq!(files.len(), 1);
    let (name, svg) = &files[0];
    assert_eq!(name, &format!("{id}-q1-diagram.svg"));
    assert!(md.contains(&format!("]({name})")), "{md}");
    assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
    assert!(svg.contains(">Postgres</text>"));

    // The PDF draws it: more content than the same report without a drawing.
    let pdf = report.render(Format::Pdf).unwrap();
    assert!(pdf.starts_with(b"%PDF"));
    let (_tmp2, plain_store, plain_id) = session(false);
    let plain = SessionReport::load(&plain_store, &plain_id).unwrap();
    assert!(plain.questions[0].diagram.is_none());
    assert!(plain.diagram_files().is_empty());
    let plain_pdf = plain.render(Format::Pdf).unwrap();
    assert!(
        pdf.len() > plain_pdf.len() + 500,
        "{} vs {}",
        pdf.len(),
        plain_pdf.len()
    );
}
