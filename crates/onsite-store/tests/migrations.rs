//! Upgrading: a database created at every earlier schema version, with data in it, opens at
//! the latest version with its data intact and searchable.
#![allow(clippy::unwrap_used)] // tests: a failed unwrap is a failed test

mod common;

use common::data_dir;
use onsite_store::{migrations, Store, TakeStatus};
use rusqlite::Connection;

const SESSION: &str = "0b5e9c2e-8a51-4c59-9a43-6c3e2f1d7a10";

/// Rows as a build at `version` would have written them.
fn fill(conn: &Connection, version: usize) {
    conn.execute_batch(&format!(
        "INSERT INTO sessions (id, started_at_ms, ended_at_ms, plan, level, tailoring_json)
             VALUES ('{SESSION}', 1000, 9000, 'behavioural-30', 'senior', '{{\"role\":\"sre\"}}');
         INSERT INTO questions_asked (id, session_id, position, question_id, question_version,
                                      text, asked_at_ms)
             VALUES (1, '{SESSION}', 1, 'ops-incident', '3', 'Walk me through an incident.', 1100);
         INSERT INTO takes (id, question_asked_id, attempt, status, started_at_ms, ended_at_ms,
                            media_path)
             VALUES (1, 1, 1, 'complete', 1200, 5000, 'media/{SESSION}/q1-take1.mp4'),
                    (2, 1, 2, 'recording', 6000, NULL, NULL);
         INSERT INTO segments (id, take_id, start_ms, end_ms, text)
             VALUES (1, 1, 0, 1500, 'the pager fired at three in the morning'),
                    (2, 2, 0, 900, 'second attempt before the crash');
         INSERT INTO words (segment_id, idx, text, start_ms, end_ms, p)
             VALUES (1, 0, 'the', 0, 100, 0.9), (1, 1, 'pager', 120, 400, 0.8);"
    ))
    .unwrap();
    if version >= 2 {
        conn.execute_batch(
            "INSERT INTO rubric_results (take_id, rubric_version, result_json, scored_at_ms)
                 VALUES (1, 'core-1', '{\"summary\":\"clear timeline\"}', 5100);
             INSERT INTO competency_scores (take_id, competency, score)
                 VALUES (1, 'ownership', 3.5), (1, 'communication', 2.5);
             INSERT INTO follow_ups (take_id, position, text, asked_at_ms)
                 VALUES (1, 1, 'What would you automate?', 5200);
             INSERT INTO settings (key, value_json) VALUES ('camera', '{\"index\":0}');",
        )
        .unwrap();
    }
}

#[test]
fn every_earlier_schema_version_upgrades_with_its_data() {
    const { assert!(migrations::LATEST >= 4) };
    for version in 1..migrations::LATEST {
        let (_tmp, dir) = data_dir();
        {
            let mut conn = Connection::open(dir.db_path()).unwrap();
            conn.pragma_update(None, "foreign_keys", true).unwrap();
            migrations::migrations()
                .to_version(&mut conn, version)
                .unwrap();
            fill(&conn, version);
        }

        let store = Store::open(&dir).unwrap();
        assert_eq!(
            store.schema_version().unwrap(),
            migrations::LATEST,
            "from v{version}"
        );
        assert_eq!(store.integrity_check().unwrap(), vec!["ok".to_string()]);
        // The take a crash left recording in the old build is recovered by the new one.
        assert_eq!(store.recovered_takes().len(), 1, "from v{version}");

        let id = SESSION.parse().unwrap();
        let session = store.session(&id).unwrap();
        assert_eq!(session.tailoring["role"], "sre", "from v{version}");
        let takes = &session.questions[0].takes;
        assert_eq!(takes[0].segments[0].words[1].text, "pager");
        assert_eq!(takes[1].status, TakeStatus::Recovered);

        // Segments written before full-text search existed are searchable after the upgrade.
        let hits = store.search("pager", 10).unwrap();
        assert_eq!(hits.len(), 1, "from v{version}");
        assert_eq!(hits[0].session_id, id);

        if version >= 2 {
            let list = store.list_sessions().unwrap();
            assert_eq!(list[0].scores["ownership"], 3.5, "from v{version}");
            assert_eq!(takes[0].follow_ups[0].text, "What would you automate?");
            assert_eq!(
                store.setting("camera").unwrap(),
                Some(serde_json::json!({"index": 0}))
            );
        }
    }
}

#[test]
fn a_new_database_is_created_at_the_latest_version() {
    let (_tmp, dir) = data_dir();
    let store = Store::open(&dir).unwrap();
    assert_eq!(store.schema_version().unwrap(), migrations::LATEST);
}
