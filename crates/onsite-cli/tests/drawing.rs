//! The whiteboard beside an answer: `onsite score --diagram` and `onsite interview --diagrams`,
//! with the real binary, the real default rubric and the diagram crate's scenes.

mod common;

use std::path::{Path, PathBuf};

use common::{fail, ok, onsite};
use onsite_datadir::DataDir;
use onsite_store::Store;

fn scene(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../onsite-diagram/tests/scenes")
        .join(format!("{name}.excalidraw"))
}

fn answer(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../onsite-rubric/tests/diagram")
        .join(format!("{name}.txt"))
}

#[test]
fn score_with_a_diagram_adds_the_drawing_and_changes_no_score() {
    let tmp = tempfile::tempdir().expect("tmp");
    let score = |diagram: Option<&Path>| {
        let mut cmd = onsite(tmp.path());
        cmd.args(["score", "--kind", "system-design"]);
        if let Some(d) = diagram {
            cmd.arg("--diagram").arg(d);
        }
        ok(&cmd.arg(answer("strong")).output().expect("run"))
    };
    let plain = score(None);
    let drawn = score(Some(&scene("good")));
    assert!(plain.get("diagram").is_none());
    for (k, v) in plain.as_object().expect("object") {
        assert_eq!(drawn.get(k), Some(v), "{k} changed with a drawing");
    }
    let d = &drawn["diagram"];
    assert_eq!(d["nodes"].as_array().expect("nodes").len(), 9);
    assert!(d["edges"]
        .as_array()
        .expect("edges")
        .iter()
        .any(|e| e["from"] == "api" && e["to"] == "pg" && e["label"] == "writes"));
    let arch = d["framework"]
        .as_array()
        .expect("framework")
        .iter()
        .find(|s| s["step"] == "high_level_architecture")
        .expect("architecture evidence");
    assert!(arch["elements"]
        .as_array()
        .expect("elements")
        .iter()
        .any(|e| e["id"] == "pg" && e["label"] == "Postgres primary"));

    // The text report says it too, quoting elements with their ids.
    let out = onsite(tmp.path())
        .args([
            "score",
            "--kind",
            "system-design",
            "--format",
            "text",
            "--diagram",
        ])
        .arg(scene("single_db"))
        .arg(answer("single"))
        .output()
        .expect("run");
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("Diagram  3 components, 2 connections"),
        "{text}"
    );
    assert!(text.contains("no_replica"), "{text}");
    assert!(text.contains("\u{201c}Postgres\u{201d} [db]"), "{text}");
}

#[test]
fn a_bad_scene_is_refused_before_scoring_with_its_own_code() {
    // W9: the bad-input table's row for a scene given to score or interview.
    let tmp = tempfile::tempdir().expect("tmp");
    let good = std::fs::read(scene("good")).expect("scene");
    let cut = tmp.path().join("cut.excalidraw");
    std::fs::write(&cut, &good[..good.len() / 2]).expect("write");
    let err = fail(
        &onsite(tmp.path())
            .args(["score", "--kind", "system-design", "--diagram"])
            .arg(&cut)
            .arg(answer("strong"))
            .output()
            .expect("run"),
    );
    assert!(err.contains("code: diagram_truncated"), "{err}");
    assert!(err.contains("cut.excalidraw"), "{err}");
}

#[test]
fn interview_stores_each_drawing_with_its_take_and_reads_it() {
    let tmp = tempfile::tempdir().expect("tmp");
    let d = tmp.path();
    let answers = format!(
        "{},{}",
        answer("strong").display(),
        answer("single").display()
    );
    let v = ok(&onsite(d)
        .args([
            "interview",
            "--plan",
            "system-design-45",
            "--format",
            "json",
        ])
        .args(["--answers", &answers])
        .arg("--diagrams")
        .arg(format!("{},", scene("good").display()))
        .output()
        .expect("run"));
    let qs = v["questions"].as_array().expect("questions");
    let first = &qs[0]["answer"]["score"];
    assert_eq!(
        first["diagram"]["nodes"].as_array().expect("nodes").len(),
        9
    );
    assert!(first["overall"].is_number());
    // The second answer was given without a drawing (an empty entry).
    let second = qs
        .iter()
        .skip(1)
        .find_map(|q| q["answer"].get("score"))
        .or_else(|| qs[0]["follow_up"]["answer"].get("score"))
        .expect("a second answer");
    assert!(second.get("diagram").is_none());

    let store = Store::open(&DataDir::open(Some(d)).expect("dir")).expect("store");
    let sessions = store.list_sessions().expect("list");
    let session = store.session(&sessions[0].id).expect("session");
    let take = &session.questions[0].takes[0];
    assert_eq!(take.scenes.len(), 1);
    assert_eq!(
        take.scenes[0].scene,
        std::fs::read_to_string(scene("good")).expect("scene")
    );
    let stored = &take.rubric.as_ref().expect("rubric").result;
    assert_eq!(stored["diagram"], first["diagram"]);
    assert_eq!(stored["overall"], first["overall"]);
    // The words-only result is kept, not dropped.
    assert_eq!(take.earlier_rubrics.len(), 1);
    let others: usize = session
        .questions
        .iter()
        .flat_map(|q| &q.takes)
        .skip(1)
        .map(|t| t.scenes.len())
        .sum();
    assert_eq!(others, 0);

    // A Markdown report writes the whiteboard as an SVG file beside it and refers to it.
    let out = d.join("report.md");
    let done = onsite(d)
        .args([
            "report",
            &sessions[0].id.to_string(),
            "--format",
            "md",
            "--out",
        ])
        .arg(&out)
        .output()
        .expect("run");
    assert!(
        done.status.success(),
        "{}",
        String::from_utf8_lossy(&done.stderr)
    );
    let name = format!("{}-q1-diagram.svg", sessions[0].id);
    let md = std::fs::read_to_string(&out).expect("md");
    assert!(md.contains(&format!("]({name})")), "{md}");
    let svg = std::fs::read_to_string(d.join(&name)).expect("the SVG beside the report");
    assert!(svg.contains(">Order service</text>"), "{svg}");
}

#[test]
fn interview_refuses_bad_or_extra_diagrams_before_storing_anything() {
    let tmp = tempfile::tempdir().expect("tmp");
    let d = tmp.path();
    let junk = d.join("junk.excalidraw");
    std::fs::write(&junk, b"\x00\x01 not a scene").expect("write");
    let err = fail(
        &onsite(d)
            .args(["interview", "--plan", "system-design-45"])
            .arg("--answers")
            .arg(answer("strong"))
            .arg("--diagrams")
            .arg(&junk)
            .output()
            .expect("run"),
    );
    assert!(err.contains("code: diagram_not_json"), "{err}");
    // W10: more diagrams than answers.
    let err = fail(
        &onsite(d)
            .args(["interview", "--plan", "system-design-45"])
            .arg("--answers")
            .arg(answer("strong"))
            .arg("--diagrams")
            .arg(format!(
                "{},{}",
                scene("good").display(),
                scene("good").display()
            ))
            .output()
            .expect("run"),
    );
    assert!(err.contains("2 diagrams given for 1 answers"), "{err}");
    let store = Store::open(&DataDir::open(Some(d)).expect("dir")).expect("store");
    assert!(store.list_sessions().expect("list").is_empty());
}
