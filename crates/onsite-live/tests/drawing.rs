//! The whiteboard drawn during a live take, read beside its words when the take is kept: a real
//! store file, the shared executor, scene snapshots appended through a second connection (as
//! the desktop shell's store thread does while the candidate draws), the real rubric pack and
//! the diagram reader. What is checked is what the stored result and the replay feedback say.
#![allow(clippy::unwrap_used)] // tests: a failed unwrap is a failed test

use onsite_datadir::DataDir;
use onsite_interview::flow::{Event, Phase, StopReason};
use onsite_interview::TakeId;
use onsite_live::drawing::{self, FeedbackDrawing};
use onsite_live::exec::{AnswerSource, Clock, Executor, TakeStart};
use onsite_live::plan::{resolve, PlanRequest};
use onsite_rubric::{Answer, Assessment, RubricPack};
use onsite_store::{NewSession, Store};
use onsite_transcript::Transcript;

/// A source whose results arrive later, as a live take worker's do.
struct Later;

impl AnswerSource for Later {
    fn begin(&mut self, _take: TakeId) -> Option<String> {
        None
    }
    fn start(&mut self, _start: TakeStart) -> onsite_live::error::Result<()> {
        Ok(())
    }
    fn stop(&mut self, _take: TakeId, _reason: StopReason) {}
    fn discard(&mut self, _take: TakeId) {}
    fn score(&mut self, _take: TakeId) -> Option<onsite_live::error::Result<Assessment>> {
        None
    }
}

const WORDS: &str = "The web client calls an API server behind a load balancer, and the API \
    server reads and writes orders in Postgres. For the high level architecture, the client \
    sends GET orders to the API server, which queries Postgres. Going deeper, the API server \
    keeps a connection pool to Postgres and we index orders by customer.";

/// The scene a candidate drew: a web client, an API server and Postgres joined by arrows.
fn drawn_scene() -> String {
    std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../onsite-diagram/tests/scenes/single_db.excalidraw"
    ))
    .unwrap()
}

/// The same drawing before the arrows and the database: what stood halfway through.
fn half_scene() -> String {
    let mut scene: serde_json::Value = serde_json::from_str(&drawn_scene()).unwrap();
    let elements = scene["elements"].as_array_mut().unwrap();
    elements.truncate(4);
    scene.to_string()
}

/// The words as the streaming transcriber would have kept them: one segment over 12 s.
fn transcript() -> Transcript {
    Transcript {
        text: WORDS.to_owned(),
        duration_ms: 12_000,
        model: "test".to_owned(),
        segments: vec![onsite_transcript::Segment {
            start_ms: 0,
            end_ms: 12_000,
            text: WORDS.to_owned(),
            words: Vec::new(),
        }],
        pauses: Vec::new(),
    }
}

#[test]
fn the_final_drawing_is_read_with_the_words_kept_and_shown_in_replay() {
    let tmp = tempfile::tempdir().unwrap();
    let data = DataDir::open(Some(&tmp.path().join("data"))).unwrap();
    let plan = resolve(
        &PlanRequest {
            plan: "quick-15".into(),
            questions: Some(1),
            follow_ups: Some(false),
            ..Default::default()
        },
        None,
    )
    .unwrap();
    let pack = RubricPack::embedded().unwrap();
    let mut exec = Executor::create(
        Store::open(&data).unwrap(),
        &NewSession {
            plan: plan.selection.plan.to_string(),
            level: plan.selection.level.to_string(),
            tailoring: serde_json::json!({}),
            started_at_ms: onsite_store::now_ms(),
        },
        plan.config.clone(),
        Clock::Virtual(0),
    )
    .unwrap();
    let mut src = Later;
    exec.step(Event::Start { now_ms: 0 }, &mut src).unwrap();
    exec.step(Event::BeginAnswer { now_ms: 10 }, &mut src)
        .unwrap();
    let Phase::Answering { take, .. } = exec.session().phase else {
        panic!("answering expected, got {:?}", exec.session().phase);
    };
    let store_take = exec.store_take(take).unwrap();

    // The shell's connection appends the drawing while the candidate talks.
    let mut shell = Store::open(&data).unwrap();
    shell
        .append_scene(store_take, 4_000, &half_scene())
        .unwrap();
    shell
        .append_scene(store_take, 9_000, &drawn_scene())
        .unwrap();
    exec.step(Event::StopAnswer { now_ms: 12_000 }, &mut src)
        .unwrap();

    let words = transcript();
    let q = &plan.config.questions[0].question;
    let assessment = pack
        .assess(
            &onsite_interview::score::rubric_question(q),
            &Answer::from_transcript(&words),
        )
        .unwrap();
    let reading = drawing::read_final(exec.store(), store_take, &assessment, &words)
        .unwrap()
        .expect("a drawing was stored");
    // The final drawing, not the half one: all three components and both arrows.
    let labels: Vec<&str> = reading
        .nodes
        .iter()
        .filter_map(|n| n.label.as_deref())
        .collect();
    assert!(labels.contains(&"Postgres"), "{labels:?}");
    assert!(labels.contains(&"API server"), "{labels:?}");
    assert_eq!(reading.edges.len(), 2);
    // One Postgres with no replica and no failure story told: the drawing's finding names it.
    let no_replica = reading
        .findings
        .iter()
        .find(|f| f.id == "no_replica")
        .expect("a single database is a finding");
    assert!(
        no_replica.message.contains("Postgres"),
        "{}",
        no_replica.message
    );

    let stepped = exec
        .take_done(take, Ok(&assessment), Some(&reading), &mut src)
        .unwrap()
        .expect("the machine was waiting for this take");
    assert!(!stepped.effects.is_empty());

    // Stored with the result: the assessment's keys and the diagram beside them.
    let stored = shell.session(exec.session_id()).unwrap();
    let result = &stored.questions[0].takes[0].rubric.as_ref().unwrap().result;
    assert_eq!(result["overall"], serde_json::json!(assessment.overall));
    assert_eq!(result["diagram"]["edges"].as_array().unwrap().len(), 2);

    // Replay's feedback reads it back, naming the drawn components and the finding.
    let fb = onsite_live::feedback::load(&shell, store_take.0, &pack).unwrap();
    let drawing: FeedbackDrawing = fb.drawing.expect("the replayed feedback shows the drawing");
    let kinds: Vec<(&str, &str)> = drawing
        .components
        .iter()
        .map(|c| (c.label.as_deref().unwrap_or(""), c.kind.as_str()))
        .collect();
    assert!(kinds.contains(&("Postgres", "sql_store")), "{kinds:?}");
    assert!(drawing.findings.iter().any(|f| f.id == "no_replica"
        && f.elements
            .iter()
            .any(|e| e.label.as_deref() == Some("Postgres"))));
    assert_eq!(drawing.connections, 2);
}

#[test]
fn a_take_with_nothing_drawn_reads_no_drawing() {
    let tmp = tempfile::tempdir().unwrap();
    let data = DataDir::open(Some(&tmp.path().join("data"))).unwrap();
    let mut store = Store::open(&data).unwrap();
    let session = store
        .create_session(&NewSession {
            plan: "quick-15".into(),
            level: "staff".into(),
            tailoring: serde_json::json!({}),
            started_at_ms: 1_000,
        })
        .unwrap();
    let asked = store
        .ask_question(
            &session,
            &onsite_store::QuestionSnapshot {
                question_id: "q".into(),
                question_version: "1".into(),
                text: "Design a URL shortener.".into(),
            },
            1_000,
        )
        .unwrap();
    let take = store.start_take(asked, 1_100, None).unwrap().id;
    let pack = RubricPack::embedded().unwrap();
    let words = transcript();
    let a = pack
        .assess(
            &onsite_rubric::Question {
                kind: onsite_rubric::QuestionKind::SystemDesign,
                text: "Design a URL shortener.".into(),
                talking_points: Vec::new(),
            },
            &Answer::from_transcript(&words),
        )
        .unwrap();
    assert_eq!(drawing::read_final(&store, take, &a, &words).unwrap(), None);
}

#[test]
fn a_rescored_take_keeps_its_drawing() {
    // A design answer stored by an older rubric, drawn on while it was given.
    let tmp = tempfile::tempdir().unwrap();
    let mut seeder = onsite_testkit::seed::Seeder::open(tmp.path());
    seeder.older_rubric = Some("default@0.9.0".into());
    let session = seeder.session("system-design-45", onsite_store::now_ms());
    let seeded = seeder.answer(
        &session,
        onsite_store::now_ms(),
        "sd-shortener",
        "Design a URL shortener.",
        onsite_rubric::QuestionKind::SystemDesign,
        "I would assume ten thousand reads a second. An API server writes to Postgres and the \
         reads come from a cache in front of it.",
    );
    seeder
        .store
        .append_scene(seeded.take, 2_000, &drawn_scene())
        .unwrap();

    let pack = RubricPack::embedded().unwrap();
    let rows = onsite_live::rescore::rescore_session(&mut seeder.store, &pack, &session).unwrap();
    assert_eq!(
        rows[0].status,
        onsite_live::rescore::RescoreStatus::Rescored,
        "{rows:?}"
    );
    let stored = seeder.store.session(&session).unwrap();
    let current = stored.questions[0].takes[0].rubric.as_ref().unwrap();
    assert_eq!(current.rubric_version, pack.version_label());
    // The new result keeps the drawing's reading: both arrows and the lone Postgres.
    assert_eq!(
        current.result["diagram"]["edges"].as_array().unwrap().len(),
        2
    );
    assert!(current.result["diagram"]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["id"] == "no_replica"));
}
