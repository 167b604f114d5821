//! `onsite diagram` on the real scene files in crates/onsite-diagram/tests/scenes/: the JSON
//! keeps the documented shape (`nodes: [{id, label, kind}]`, `edges: [{from, to, label}]`,
//! `findings: [{id, message, elements}]`), the text form names the findings, a transcript adds
//! the spoken comparison, and bad scenes fail with their stable code.

mod common;

use common::{fail, ok, onsite};
use serde_json::Value;

fn scene(name: &str) -> String {
    format!(
        "{}/../onsite-diagram/tests/scenes/{name}",
        env!("CARGO_MANIFEST_DIR")
    )
}

fn finding_ids(v: &Value) -> Vec<&str> {
    v["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| f["id"].as_str().expect("id"))
        .collect()
}

#[test]
fn each_scene_prints_its_graph_and_findings_as_json() {
    let tmp = tempfile::tempdir().expect("tmp");
    let expected: [(&str, &[&str]); 6] = [
        ("good.excalidraw", &[]),
        ("unlabelled.excalidraw", &["unlabelled", "unlabelled"]),
        ("disconnected.excalidraw", &["disconnected", "disconnected"]),
        ("single_db.excalidraw", &["no_replica"]),
        (
            "loose_arrows.excalidraw",
            &["disconnected", "loose_arrow", "loose_arrow"],
        ),
        ("deleted.excalidraw", &[]),
    ];
    for (name, ids) in expected {
        let v = ok(&onsite(tmp.path())
            .args(["diagram", &scene(name), "--format", "json"])
            .output()
            .expect("run"));
        assert_eq!(finding_ids(&v), ids, "{name}");
        for n in v["nodes"].as_array().expect("nodes") {
            assert!(n["id"].is_string() && n["kind"].is_string(), "{n}");
            assert!(n["label"].is_string() || n["label"].is_null(), "{n}");
        }
        for e in v["edges"].as_array().expect("edges") {
            assert!(e["from"].is_string() && e["to"].is_string(), "{e}");
            assert!(e["label"].is_string() || e["label"].is_null(), "{e}");
        }
        for f in v["findings"].as_array().expect("findings") {
            assert!(f["message"].as_str().is_some_and(|m| m.len() > 20), "{f}");
            assert!(f["elements"].is_array(), "{f}");
        }
    }

    let v = ok(&onsite(tmp.path())
        .args(["diagram", &scene("single_db.excalidraw")])
        .output()
        .expect("run"));
    let kinds: Vec<(&str, &str)> = v["nodes"]
        .as_array()
        .expect("nodes")
        .iter()
        .map(|n| {
            (
                n["label"].as_str().unwrap_or(""),
                n["kind"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        kinds,
        [
            ("Web client", "client"),
            ("API server", "service"),
            ("Postgres", "sql_store")
        ]
    );
    assert_eq!(v["edges"][1]["from"], "api");
    assert_eq!(v["edges"][1]["to"], "db");
    assert_eq!(v["edges"][1]["label"], "query");
    assert_eq!(v["findings"][0]["elements"], serde_json::json!(["db"]));
    assert_eq!(v["paths"][0]["kind"], "read");
    assert_eq!(
        v["paths"][0]["nodes"],
        serde_json::json!(["client", "api", "db"])
    );
}

#[test]
fn a_transcript_adds_what_was_said_and_not_drawn() {
    let tmp = tempfile::tempdir().expect("tmp");
    let said = tmp.path().join("answer.txt");
    std::fs::write(
        &said,
        "The web client calls the API server, which reads from Postgres. A Redis cache in \
         front of it absorbs the hot reads.",
    )
    .expect("write");
    let out = onsite(tmp.path())
        .args([
            "diagram",
            &scene("single_db.excalidraw"),
            "--format",
            "text",
        ])
        .arg("--transcript")
        .arg(&said)
        .output()
        .expect("run");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("3 components, 2 connections"), "{text}");
    assert!(
        text.contains("Postgres") && text.contains("SQL store"),
        "{text}"
    );
    assert!(
        text.contains("[spoken_not_drawn] The answer speaks of a cache (\"redis\", \"cache\")"),
        "{text}"
    );
    assert!(text.contains("[no_replica] \"Postgres\" (SQL store) holds state but has no replica drawn and the answer never says what happens when it fails"), "{text}");
}

#[test]
fn bad_scenes_fail_with_their_code() {
    let tmp = tempfile::tempdir().expect("tmp");
    let cut = tmp.path().join("cut.excalidraw");
    let good = std::fs::read(scene("good.excalidraw")).expect("good");
    std::fs::write(&cut, &good[..good.len() / 3]).expect("write");
    let err = fail(
        &onsite(tmp.path())
            .arg("diagram")
            .arg(&cut)
            .output()
            .expect("run"),
    );
    assert!(
        err.contains("cut short") && err.contains("code: diagram_truncated"),
        "{err}"
    );
    let missing = tmp.path().join("missing.excalidraw");
    let err = fail(
        &onsite(tmp.path())
            .arg("diagram")
            .arg(&missing)
            .output()
            .expect("run"),
    );
    assert!(
        err.contains("missing.excalidraw") && err.contains("code: diagram_unreadable"),
        "{err}"
    );
}
