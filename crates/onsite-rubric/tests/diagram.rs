//! The whiteboard read beside the words: findings quoted by element, evidence for the
//! framework steps only where the words went too, no score moved by a drawing, no praise for a
//! flagged answer.
#![allow(clippy::unwrap_used)] // tests: a failed unwrap is a failed test

use onsite_rubric::{Answer, DrawnAssessment, Question, QuestionKind, RubricPack};

fn scene(name: &str) -> onsite_diagram::Graph {
    let path = format!(
        "{}/../onsite-diagram/tests/scenes/{name}.excalidraw",
        env!("CARGO_MANIFEST_DIR")
    );
    onsite_diagram::read(&std::fs::read(path).unwrap()).unwrap()
}

fn answer(name: &str) -> Answer {
    let path = format!("{}/tests/diagram/{name}.txt", env!("CARGO_MANIFEST_DIR"));
    Answer::from_text(&std::fs::read_to_string(path).unwrap())
}

fn assess(question: &Question, answer: &Answer, drawing: Option<&str>) -> DrawnAssessment {
    let pack = RubricPack::embedded().unwrap();
    let graph = drawing.map(scene);
    pack.assess_drawn(question, answer, None, graph.as_ref())
        .unwrap()
}

fn system_design() -> Question {
    Question::new(QuestionKind::SystemDesign)
}

#[test]
fn an_architecture_drawn_and_talked_about_is_evidence_quoted_by_element() {
    let words = answer("strong");
    let plain = assess(&system_design(), &words, None);
    let drawn = assess(&system_design(), &words, Some("good"));
    // The same assessment, whatever was drawn.
    assert_eq!(drawn.assessment, plain.assessment);
    assert!(plain.diagram.is_none());
    let d = drawn.diagram.unwrap();
    assert_eq!(d.nodes.len(), 9);
    assert!(d.nodes.iter().any(|n| n.id == "pg"
        && n.label.as_deref() == Some("Postgres primary")
        && n.kind == "sql_store"));
    assert!(d
        .edges
        .iter()
        .any(|e| e.from == "api" && e.to == "pg" && e.label.as_deref() == Some("writes")));

    let arch = d
        .framework
        .iter()
        .find(|s| s.step == "high_level_architecture")
        .expect("architecture evidence");
    let ids: Vec<&str> = arch.elements.iter().map(|e| e.id.as_str()).collect();
    for id in [
        "client", "lb", "api", "redis", "pg", "kafka", "worker", "stripe",
    ] {
        assert!(ids.contains(&id), "{id} in {ids:?}");
    }
    assert!(
        arch.message.contains("\u{201c}Order service\u{201d}"),
        "{}",
        arch.message
    );
    // The drawn read and write paths are said with it, by their labels.
    assert!(
        arch.message.contains(
            "Reads go Mobile client → Load balancer → Order service → Redis cluster; writes go \
             Mobile client → Load balancer → Order service → Postgres primary."
        ),
        "{}",
        arch.message
    );
    assert!(arch.lowered.is_empty());
    let deep = d
        .framework
        .iter()
        .find(|s| s.step == "deep_dive")
        .expect("deep-dive evidence");
    assert!(
        deep.elements.iter().any(|e| e.id == "pg"),
        "the deep dive into the Postgres write path is drawn: {deep:?}"
    );
    // Every finding quotes its elements with their labels.
    for f in &d.findings {
        assert_eq!(
            f.evidence.iter().map(|e| e.id.clone()).collect::<Vec<_>>(),
            f.elements
        );
    }
}

#[test]
fn a_store_with_no_replica_lowers_the_evidence_only_when_the_words_tell_no_failure_story() {
    let words = answer("single");
    let plain = assess(&system_design(), &words, None);
    let drawn = assess(&system_design(), &words, Some("single_db"));
    assert_eq!(
        drawn.assessment, plain.assessment,
        "a drawing never moves a score"
    );
    let d = drawn.diagram.unwrap();
    let finding = d.findings.iter().find(|f| f.id == "no_replica").unwrap();
    assert_eq!(finding.elements, vec!["db".to_string()]);
    assert_eq!(finding.evidence[0].label.as_deref(), Some("Postgres"));
    let deep = d.framework.iter().find(|s| s.step == "deep_dive").unwrap();
    assert!(deep.lowered.iter().any(|e| e.id == "db"), "{deep:?}");
    assert!(deep.elements.iter().all(|e| e.id != "db"), "{deep:?}");
    let arch = d
        .framework
        .iter()
        .find(|s| s.step == "high_level_architecture")
        .unwrap();
    assert!(arch.lowered.iter().any(|e| e.id == "db"), "{arch:?}");

    // The same drawing, with words that say how Postgres fails over: nothing is lowered.
    let told = Answer::from_text(&format!(
        "{} If Postgres fails we fail over to a standby replica within a minute and lose at \
         most the last second of writes.",
        std::fs::read_to_string(format!(
            "{}/tests/diagram/single.txt",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap()
    ));
    let d = assess(&system_design(), &told, Some("single_db"))
        .diagram
        .unwrap();
    assert!(
        d.findings.iter().all(|f| f.id != "no_replica"),
        "{:?}",
        d.findings
    );
    for step in &d.framework {
        assert!(step.lowered.is_empty(), "{step:?}");
    }
    let deep = d.framework.iter().find(|s| s.step == "deep_dive").unwrap();
    assert!(deep.elements.iter().any(|e| e.id == "db"), "{deep:?}");
}

#[test]
fn a_drawing_alone_earns_nothing_and_a_flagged_answer_gets_no_praise() {
    // No words: the drawing is findings only (everything drawn is unexplained), no evidence.
    let silent = Answer::from_text("");
    let plain = assess(&system_design(), &silent, None);
    let drawn = assess(&system_design(), &silent, Some("good"));
    assert_eq!(drawn.assessment, plain.assessment);
    let d = drawn.diagram.unwrap();
    assert!(d.framework.is_empty(), "{:?}", d.framework);
    assert!(d.findings.iter().any(|f| f.id == "drawn_not_explained"));

    // Words that cover the architecture but earn a red flag: the drawing praises nothing.
    let question = Question {
        text: "Design an order lookup for a small shop with 50 users".into(),
        ..system_design()
    };
    let flagged = assess(&question, &answer("flagged"), Some("single_db"));
    assert!(flagged.assessment.has_red_flag("over_engineering"));
    assert!(flagged.assessment.framework.high_level_architecture.covered);
    let d = flagged.diagram.unwrap();
    assert!(d.framework.is_empty(), "{:?}", d.framework);
    assert!(d.findings.iter().any(|f| f.id == "no_replica"));
}

#[test]
fn the_json_contract_only_gains_a_diagram_key() {
    let words = answer("strong");
    let plain = serde_json::to_value(assess(&system_design(), &words, None)).unwrap();
    let drawn = serde_json::to_value(assess(&system_design(), &words, Some("good"))).unwrap();
    let (plain, drawn) = (plain.as_object().unwrap(), drawn.as_object().unwrap());
    assert!(!plain.contains_key("diagram"));
    for (k, v) in plain {
        assert_eq!(drawn.get(k), Some(v), "{k}");
    }
    assert_eq!(drawn.len(), plain.len() + 1);
    let d = &drawn["diagram"];
    assert_eq!(d["nodes"][0]["id"], "client");
    assert_eq!(d["nodes"][0]["kind"], "client");
    assert!(d["edges"][0]["from"].is_string());
    assert!(d["findings"].is_array());
    // And it reads back.
    let back: DrawnAssessment =
        serde_json::from_value(serde_json::Value::Object(drawn.clone())).unwrap();
    assert!(back.diagram.is_some());
}

#[test]
fn a_drawing_with_a_read_path_and_no_write_path_is_told_so() {
    let rect = |id: &str, label: &str, x: i32| {
        format!(
            r#"{{"type":"rectangle","id":"{id}","x":{x},"y":0,"width":120,"height":60,"boundElements":[{{"type":"text","id":"{id}-t"}}]}},
               {{"type":"text","id":"{id}-t","x":{x},"y":20,"width":100,"height":20,"text":"{label}","containerId":"{id}"}}"#
        )
    };
    let arrow = |id: &str, from: &str, to: &str, label: &str, x: i32| {
        format!(
            r#"{{"type":"arrow","id":"{id}","x":{x},"y":30,"width":60,"height":0,"points":[[0,0],[60,0]],"startBinding":{{"elementId":"{from}"}},"endBinding":{{"elementId":"{to}"}},"boundElements":[{{"type":"text","id":"{id}-t"}}]}},
               {{"type":"text","id":"{id}-t","x":{x},"y":10,"width":40,"height":20,"text":"{label}","containerId":"{id}"}}"#
        )
    };
    let scene = format!(
        r#"{{"type":"excalidraw","version":2,"elements":[{},{},{},{},{}]}}"#,
        rect("client", "Mobile client", 0),
        rect("api", "Order service", 200),
        rect("pg", "Postgres primary", 400),
        arrow("a1", "client", "api", "HTTPS", 120),
        arrow("a2", "api", "pg", "reads", 320),
    );
    let graph = onsite_diagram::read(scene.as_bytes()).unwrap();
    let pack = RubricPack::embedded().unwrap();
    let drawn = pack
        .assess_drawn(&system_design(), &answer("strong"), None, Some(&graph))
        .unwrap();
    let arch = drawn
        .diagram
        .unwrap()
        .framework
        .into_iter()
        .find(|s| s.step == "high_level_architecture")
        .expect("architecture evidence");
    assert!(
        arch.message.contains(
            "Reads go Mobile client → Order service → Postgres primary, but no arrow says how \
             data is written"
        ),
        "{}",
        arch.message
    );
}
