//! A take's whiteboard: scene snapshots appended on the take's timeline, read back whole or as
//! they stood at a playhead, refused when they are not a scene, deleted with the session,
//! carried by archives (old archives still import), kept by crash recovery and by upgrades.
#![allow(clippy::unwrap_used)] // tests: a failed unwrap is a failed test

mod common;

use std::fs;
use std::io::{Read, Write};

use common::{data_dir, old_database_with_one_take, record_session};
use onsite_store::{migrations, NewSession, QuestionSnapshot, Store, TakeId};
use zip::write::SimpleFileOptions;

/// A scene of `boxes` labelled boxes joined by arrows (about four elements per box).
fn scene(boxes: usize) -> String {
    onsite_diagram::sample::scene(boxes * 4)
}

/// A started take with nothing in it yet.
fn take(store: &mut Store) -> TakeId {
    let session = store
        .create_session(&NewSession {
            plan: "system-design-45".into(),
            level: "staff".into(),
            tailoring: serde_json::json!({}),
            started_at_ms: 1_000,
        })
        .unwrap();
    let question = store
        .ask_question(
            &session,
            &QuestionSnapshot {
                question_id: "sd-url-shortener".into(),
                question_version: "1".into(),
                text: "Design a URL shortener.".into(),
            },
            1_000,
        )
        .unwrap();
    store.start_take(question, 1_100, None).unwrap().id
}

#[test]
fn snapshots_are_appended_in_time_and_read_at_a_playhead() {
    let (_tmp, dir) = data_dir();
    let mut store = Store::open(&dir).unwrap();
    let take = take(&mut store);
    assert!(store.scenes(take).unwrap().is_empty());
    assert_eq!(store.scene_at(take, u64::MAX).unwrap(), None);

    assert_eq!(store.append_scene(take, 2_000, &scene(1)).unwrap(), 1);
    assert_eq!(store.append_scene(take, 5_000, &scene(2)).unwrap(), 2);
    // Two snapshots in the same millisecond keep their order.
    assert_eq!(store.append_scene(take, 5_000, &scene(3)).unwrap(), 3);
    // The same scene again (the canvas reports a change that changed nothing) is not kept twice.
    assert_eq!(store.append_scene(take, 6_000, &scene(3)).unwrap(), 3);

    let all = store.scenes(take).unwrap();
    let seen: Vec<(u32, u64)> = all.iter().map(|s| (s.seq, s.at_ms)).collect();
    assert_eq!(seen, vec![(1, 2_000), (2, 5_000), (3, 5_000)]);
    assert_eq!(all[1].scene, scene(2));

    assert_eq!(
        store.scene_at(take, 1_999).unwrap(),
        None,
        "before the first stroke"
    );
    assert_eq!(store.scene_at(take, 2_000).unwrap().unwrap().seq, 1);
    assert_eq!(store.scene_at(take, 4_999).unwrap().unwrap().seq, 1);
    assert_eq!(store.scene_at(take, 5_000).unwrap().unwrap().seq, 3);
    assert_eq!(
        store.scene_at(take, u64::MAX).unwrap().unwrap().scene,
        scene(3)
    );

    // The whole session carries the drawing.
    let sessions = store.list_sessions().unwrap();
    let detail = store.session(&sessions[0].id).unwrap();
    assert_eq!(detail.questions[0].takes[0].scenes, all);
}

#[test]
fn garbage_out_of_order_and_unknown_takes_are_refused_and_nothing_is_stored() {
    // W11: the bad-input table's row for a snapshot that is not a scene.
    let (_tmp, dir) = data_dir();
    let mut store = Store::open(&dir).unwrap();
    let take = take(&mut store);
    store.append_scene(take, 3_000, &scene(2)).unwrap();

    let too_many = format!(
        r#"{{"type":"excalidraw","elements":[{}]}}"#,
        vec![r#"{"id":"x","type":"line"}"#; onsite_diagram::MAX_ELEMENTS + 1].join(",")
    );
    let whole = scene(2);
    for (bad, code) in [
        ("not json at all", "store_scene_invalid"),
        (&whole[..whole.len() / 2], "store_scene_invalid"),
        (
            r#"{"type":"excalidrawlib","libraryItems":[]}"#,
            "store_scene_invalid",
        ),
        (too_many.as_str(), "store_scene_invalid"),
    ] {
        let err = store.append_scene(take, 4_000, bad).unwrap_err();
        assert_eq!(err.code(), code, "{err}");
        assert!(err.to_string().contains("not saved"), "{err}");
    }
    let err = store.append_scene(take, 2_999, &scene(3)).unwrap_err();
    assert_eq!(err.code(), "store_invalid", "{err}");
    let err = store.append_scene(TakeId(9_999), 0, &scene(1)).unwrap_err();
    assert_eq!(err.code(), "store_not_found", "{err}");

    // What was there before the refusals is all there is.
    let kept = store.scenes(take).unwrap();
    assert_eq!(kept.len(), 1);
    assert_eq!(kept[0].scene, scene(2));
}

#[test]
fn deleting_the_session_deletes_its_drawings() {
    let (_tmp, dir) = data_dir();
    let mut store = Store::open(&dir).unwrap();
    let (id, takes) = record_session(&mut store, 1_000, "we chose a token bucket");
    store.append_scene(takes[0], 1_000, &scene(2)).unwrap();
    store.append_scene(takes[1], 1_000, &scene(3)).unwrap();
    store.delete_session(&id).unwrap();
    assert!(store.scenes(takes[0]).unwrap().is_empty());
    assert!(store.scenes(takes[1]).unwrap().is_empty());
    drop(store);
    // No snapshot row is left in the file for any take.
    let conn = rusqlite::Connection::open(dir.db_path()).unwrap();
    let rows: i64 = conn
        .query_row("SELECT COUNT(*) FROM take_scenes", [], |r| r.get(0))
        .unwrap();
    assert_eq!(rows, 0);
}

#[test]
fn drawings_travel_in_archives_and_a_format_1_archive_still_imports() {
    let (_tmp, here) = data_dir();
    let mut store = Store::open(&here).unwrap();
    let (id, takes) = record_session(&mut store, 1_000, "we chose a token bucket");
    store.append_scene(takes[1], 500, &scene(1)).unwrap();
    store.append_scene(takes[1], 9_000, &scene(4)).unwrap();
    let out = tempfile::tempdir().unwrap();
    let archive = out.path().join("drawn.zip");
    store.export_session(&id, &archive).unwrap();

    let (_tmp2, there) = data_dir();
    let mut other = Store::open(&there).unwrap();
    other.import(&archive).unwrap();
    let imported = other.session(&id).unwrap();
    let take = &imported.questions[0].takes[1];
    let original = store.scenes(takes[1]).unwrap();
    assert_eq!(take.scenes, original);
    assert_eq!(
        other
            .scene_at(take.id.unwrap(), 8_999)
            .unwrap()
            .unwrap()
            .scene,
        scene(1)
    );
    assert!(imported.questions[0].takes[0].scenes.is_empty());

    // An archive written before the whiteboard (format 1, no `scenes`) imports as before.
    let (_tmp3, plain) = data_dir();
    let mut old_store = Store::open(&plain).unwrap();
    let (old_id, _) = record_session(&mut old_store, 1_000, "no drawing here");
    let old_archive = out.path().join("v1.zip");
    old_store.export_session(&old_id, &old_archive).unwrap();
    let v1 = out.path().join("v1-rewritten.zip");
    rewrite(&old_archive, &v1, |name, bytes| {
        if !name.ends_with(".json") {
            return bytes;
        }
        let mut v: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
        assert!(v.to_string().find("\"scenes\"").is_none());
        v["format_version"] = serde_json::json!(1);
        serde_json::to_vec(&v).unwrap()
    });
    let (_tmp4, fresh) = data_dir();
    let mut fresh = Store::open(&fresh).unwrap();
    assert_eq!(fresh.import(&v1).unwrap().imported, vec![old_id.clone()]);
    let detail = fresh.session(&old_id).unwrap();
    assert!(detail.questions[0]
        .takes
        .iter()
        .all(|t| t.scenes.is_empty()));
}

#[test]
fn an_archive_with_a_broken_drawing_is_refused_whole() {
    let (_tmp, here) = data_dir();
    let mut store = Store::open(&here).unwrap();
    let (id, takes) = record_session(&mut store, 1_000, "we chose a token bucket");
    store.append_scene(takes[0], 500, &scene(1)).unwrap();
    store.append_scene(takes[0], 900, &scene(2)).unwrap();
    let out = tempfile::tempdir().unwrap();
    let archive = out.path().join("a.zip");
    store.export_session(&id, &archive).unwrap();

    type Edit = fn(&mut serde_json::Value);
    let edits: [(&str, Edit); 3] = [
        ("not a scene", |s| {
            s["scene"] = serde_json::json!("{\"type\":\"png\"}")
        }),
        ("time going back", |s| {
            s["at_ms"] = serde_json::json!(10_000)
        }),
        ("a gap in seq", |s| s["seq"] = serde_json::json!(7)),
    ];
    for (what, edit) in edits {
        let bad = out.path().join(format!("{what}.zip"));
        rewrite(&archive, &bad, |name, bytes| {
            if !name.ends_with("session.json") {
                return bytes;
            }
            let mut v: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
            edit(&mut v["session"]["questions"][0]["takes"][0]["scenes"][0]);
            serde_json::to_vec(&v).unwrap()
        });
        let (_t, there) = data_dir();
        let mut other = Store::open(&there).unwrap();
        let err = other.import(&bad).unwrap_err();
        assert_eq!(err.code(), "archive_invalid", "{what}: {err}");
        assert!(err.to_string().contains("whiteboard"), "{what}: {err}");
        assert!(other.list_sessions().unwrap().is_empty(), "{what}");
    }
}

#[test]
fn an_interrupted_take_is_recovered_with_its_drawing() {
    let (_tmp, dir) = data_dir();
    let mut store = Store::open(&dir).unwrap();
    let take = take(&mut store);
    store
        .append_segment(take, &common::segment(0, "a client calls the API"))
        .unwrap();
    store.append_scene(take, 1_000, &scene(1)).unwrap();
    store.append_scene(take, 42_000, &scene(2)).unwrap();
    // The process goes away without finishing the take (tests/durability.rs does this with
    // SIGKILL; every append is its own commit either way).
    drop(store);

    let store = Store::open(&dir).unwrap();
    let recovered = store.recovered_takes();
    assert_eq!(recovered.len(), 1);
    assert_eq!(recovered[0].scenes_kept, 2);
    let sessions = store.list_sessions().unwrap();
    let detail = store.session(&sessions[0].id).unwrap();
    let t = &detail.questions[0].takes[0];
    // The take ends at its last evidence: here the last snapshot, after the last word.
    assert_eq!(t.ended_at_ms, Some(1_100 + 42_000));
    assert_eq!(t.scenes.len(), 2);
    assert_eq!(
        store.scene_at(take, u64::MAX).unwrap().unwrap().scene,
        scene(2)
    );
}

#[test]
fn a_database_from_before_the_whiteboard_opens_and_gains_it() {
    let (_tmp, dir) = data_dir();
    // Version 7: the last schema before take_scenes (V8). Not LATEST - 1, which moves on
    // as migrations are added after V8 and would already hold the table.
    old_database_with_one_take(&dir, 7);
    let mut store = Store::open(&dir).unwrap();
    assert_eq!(store.schema_version().unwrap(), migrations::LATEST);
    assert!(store.scenes(TakeId(1)).unwrap().is_empty());
    store.append_scene(TakeId(1), 10, &scene(1)).unwrap();
    assert_eq!(store.scenes(TakeId(1)).unwrap().len(), 1);
}

/// Copies the zip `from` to `to`, passing each entry's bytes through `edit`.
fn rewrite(from: &std::path::Path, to: &std::path::Path, edit: impl Fn(&str, Vec<u8>) -> Vec<u8>) {
    let mut zip = zip::ZipArchive::new(fs::File::open(from).unwrap()).unwrap();
    let mut out = zip::ZipWriter::new(fs::File::create(to).unwrap());
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        let name = f.name().unwrap().into_owned();
        let mut bytes = Vec::new();
        f.read_to_end(&mut bytes).unwrap();
        out.start_file(&name, SimpleFileOptions::default()).unwrap();
        out.write_all(&edit(&name, bytes)).unwrap();
    }
    out.finish().unwrap();
}
