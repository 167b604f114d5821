//! `onsite sessions ...` end to end on real data folders: the JSON contract, export/import
//! between folders, deletion, and the corrupt-database offer.
#![allow(clippy::unwrap_used)] // tests: a failed unwrap is a failed test

mod common;

use std::path::Path;

use common::onsite;

fn json(data: &Path, args: &[&str]) -> serde_json::Value {
    let out = onsite(data).args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn sessions_round_trip_through_the_cli() {
    let tmp = tempfile::tempdir().unwrap();
    let here = tmp.path().join("here");
    let there = tmp.path().join("there");
    json(
        &here,
        &["sessions", "seed", "--count", "3", "--format", "json"],
    );

    let list = json(&here, &["sessions", "list", "--format", "json"]);
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), 3);
    for key in [
        "id",
        "started_at_ms",
        "plan",
        "level",
        "questions",
        "takes",
        "scores",
    ] {
        assert!(list[0].get(key).is_some(), "{key} missing");
    }
    assert_eq!(list[0]["plan"], "synthetic");
    let id = list[0]["id"].as_str().unwrap().to_string();

    let show = json(&here, &["sessions", "show", &id, "--format", "json"]);
    assert_eq!(show["id"], id.as_str());
    assert!(show["questions"][0]["takes"][0]["segments"][0]["words"][0]["p"].is_number());

    let archive = tmp.path().join("all.zip");
    let archive_s = archive.to_str().unwrap();
    json(
        &here,
        &[
            "sessions", "export", "--all", "--out", archive_s, "--format", "json",
        ],
    );
    let report = json(
        &there,
        &["sessions", "import", archive_s, "--format", "json"],
    );
    assert_eq!(report["imported"].as_array().unwrap().len(), 3);
    let again = json(
        &there,
        &["sessions", "import", archive_s, "--format", "json"],
    );
    assert_eq!(again["already_present"].as_array().unwrap().len(), 3);
    assert_eq!(
        json(&there, &["sessions", "list", "--format", "json"]),
        json(&here, &["sessions", "list", "--format", "json"])
    );

    json(&there, &["sessions", "delete", &id, "--format", "json"]);
    let out = onsite(&there)
        .args(["sessions", "show", &id])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("store_not_found"));

    // --all needs --yes.
    assert!(!onsite(&there)
        .args(["sessions", "delete", "--all"])
        .output()
        .unwrap()
        .status
        .success());
    json(
        &there,
        &["sessions", "delete", "--all", "--yes", "--format", "json"],
    );
    assert_eq!(
        json(&there, &["sessions", "list", "--format", "json"]),
        serde_json::json!([])
    );
}

#[test]
fn a_corrupt_database_is_explained_and_moved_aside_on_request() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    std::fs::create_dir_all(&data).unwrap();
    std::fs::write(data.join("onsite.db"), b"not a database at all".repeat(100)).unwrap();

    let out = onsite(&data).args(["sessions", "list"]).output().unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("store_corrupt") && err.contains("repair --move-aside"),
        "{err}"
    );

    // Without --move-aside nothing moves.
    assert!(!onsite(&data)
        .args(["sessions", "repair"])
        .output()
        .unwrap()
        .status
        .success());
    assert!(data.join("onsite.db").exists());

    let moved = json(
        &data,
        &["sessions", "repair", "--move-aside", "--format", "json"],
    );
    assert_eq!(moved["status"], "moved_aside");
    let aside = Path::new(moved["moved_to"].as_str().unwrap());
    assert_eq!(
        std::fs::read(aside).unwrap(),
        b"not a database at all".repeat(100)
    );
    assert_eq!(
        json(&data, &["sessions", "list", "--format", "json"]),
        serde_json::json!([])
    );
}
