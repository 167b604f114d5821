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
    if version >= 4 {
        // A v4 build kept session_scores with every rubric write.
        conn.execute_batch(&format!(
            "INSERT INTO session_scores (session_id, competency, score)
                 VALUES ('{SESSION}', 'ownership', 3.5), ('{SESSION}', 'communication', 2.5);"
        ))
        .unwrap();
    }
    if version >= 5 {
        // And a v5 build each question's final take (the result above has no overall).
        conn.execute_batch(&format!(
            "INSERT INTO final_takes (session_id, take_id) VALUES ('{SESSION}', 1);"
        ))
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
            // The question's final take, whose result has no overall: its competencies stand in.
            let finals = store.final_take_scores().unwrap();
            assert_eq!(finals.len(), 1, "from v{version}");
            assert_eq!(finals[0].take_id.0, 1);
            assert_eq!(finals[0].overall, None);
            assert_eq!(finals[0].scores["communication"], 2.5, "from v{version}");
            assert_eq!(takes[0].follow_ups[0].text, "What would you automate?");
            // The result scored before re-scoring existed is the take's current one, and a
            // re-score keeps it, scores and all, as an earlier result.
            assert!(takes[0].earlier_rubrics.is_empty(), "from v{version}");
            let mut store = store;
            let rescored = store
                .rescore(
                    takes[0].id.unwrap(),
                    &onsite_store::RubricRecord {
                        rubric_version: "default@1.0.0".into(),
                        scores: [("ownership".to_string(), 4.0)].into(),
                        result: serde_json::json!({ "overall": 4.0 }),
                        scored_at_ms: 9_500,
                    },
                )
                .unwrap();
            assert_eq!(
                rescored,
                onsite_store::Rescored::Replaced {
                    previous_version: "core-1".into(),
                    previous_overall: None
                },
                "from v{version}"
            );
            let take = &store.session(&id).unwrap().questions[0].takes[0];
            assert_eq!(take.earlier_rubrics.len(), 1);
            let earlier = &take.earlier_rubrics[0];
            assert_eq!(earlier.rubric_version, "core-1");
            assert_eq!(
                earlier.result,
                serde_json::json!({"summary": "clear timeline"})
            );
            assert_eq!(earlier.scored_at_ms, 5100);
            assert_eq!(
                earlier.scores,
                [
                    ("communication".to_string(), 2.5),
                    ("ownership".to_string(), 3.5)
                ]
                .into()
            );
            assert_eq!(store.final_take_scores().unwrap()[0].overall, Some(4.0));
            assert_eq!(store.list_sessions().unwrap()[0].scores["ownership"], 4.0);
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

/// Session, take, overall, competency scores (only when there is no overall).
type FinalRow = (String, i64, Option<f64>, Vec<(String, f64)>);

/// What `Store::final_take_scores` computed before V5 stored each take's overall: the latest
/// scored take of each question by a window query, its overall read from the rubric JSON, and
/// its competency rows when that overall is not a number.
fn final_takes_the_v4_way(conn: &Connection) -> Vec<FinalRow> {
    let mut stmt = conn
        .prepare(
            "WITH f AS MATERIALIZED (
                 SELECT l.session_id, l.take_id,
                        CASE WHEN json_valid(r.result_json)
                        THEN json_extract(r.result_json, '$.overall') END AS overall
                 FROM (SELECT q.session_id, t.id AS take_id,
                              ROW_NUMBER() OVER (PARTITION BY q.id ORDER BY t.attempt DESC) AS rn
                       FROM questions_asked q
                       JOIN takes t ON t.question_asked_id = q.id
                       JOIN rubric_results r ON r.take_id = t.id) l
                 JOIN rubric_results r ON r.take_id = l.take_id
                 WHERE l.rn = 1)
             SELECT f.session_id, f.take_id, f.overall, c.competency, c.score
             FROM f LEFT JOIN competency_scores c ON c.take_id = f.take_id
                 AND typeof(f.overall) NOT IN ('real', 'integer')
             ORDER BY f.session_id, f.take_id, c.competency",
        )
        .unwrap();
    let mut rows = stmt.query([]).unwrap();
    let mut out: Vec<FinalRow> = Vec::new();
    while let Some(row) = rows.next().unwrap() {
        let take: i64 = row.get(1).unwrap();
        if out.last().is_none_or(|f| f.1 != take) {
            let overall = match row.get_ref(2).unwrap() {
                rusqlite::types::ValueRef::Real(x) => Some(x),
                rusqlite::types::ValueRef::Integer(n) => Some(n as f64),
                _ => None,
            };
            out.push((row.get(0).unwrap(), take, overall, Vec::new()));
        }
        if let Some(name) = row.get::<_, Option<String>>(3).unwrap() {
            out.last_mut().unwrap().3.push((name, row.get(4).unwrap()));
        }
    }
    out
}

/// Synthetic sessions written with the v3 schema's own SQL (as that build wrote them), whose
/// rubric results carry every shape of `overall` a stored result can have.
fn fill_v3_with_scored_sessions(conn: &Connection, count: usize) {
    let mut rng = onsite_store::synthetic::Rng::new(11);
    let tx = conn.unchecked_transaction().unwrap();
    let mut n = 0usize;
    for i in 0..count {
        let session = onsite_store::synthetic::synthetic_session(
            &mut rng,
            1_700_000_000_000 + i as i64 * 86_400_000,
        );
        tx.execute(
            "INSERT INTO sessions (id, started_at_ms, ended_at_ms, plan, level, tailoring_json)
             VALUES (?1, ?2, ?3, ?4, ?5, '{}')",
            rusqlite::params![
                session.id.as_str(),
                session.started_at_ms,
                session.ended_at_ms,
                session.plan,
                session.level
            ],
        )
        .unwrap();
        for q in &session.questions {
            tx.execute(
                "INSERT INTO questions_asked (session_id, position, question_id, question_version,
                                              text, asked_at_ms)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                rusqlite::params![
                    session.id.as_str(),
                    q.position,
                    q.question.question_id,
                    q.question.question_version,
                    q.question.text,
                    q.asked_at_ms
                ],
            )
            .unwrap();
            let question = tx.last_insert_rowid();
            for t in &q.takes {
                tx.execute(
                    "INSERT INTO takes (question_asked_id, attempt, status, started_at_ms,
                                        ended_at_ms)
                     VALUES (?1, ?2, 'complete', ?3, ?4)",
                    rusqlite::params![question, t.attempt, t.started_at_ms, t.ended_at_ms],
                )
                .unwrap();
                let take = tx.last_insert_rowid();
                let rubric = t.rubric.as_ref().unwrap();
                n += 1;
                // Mostly the rubric's own shape (a real overall); then an integer overall, a
                // text one, none at all, and a result that is not JSON.
                let json = match n % 9 {
                    1 => serde_json::json!({ "overall": 3, "scores": rubric.scores }).to_string(),
                    2 => serde_json::json!({ "overall": "high" }).to_string(),
                    3 => serde_json::json!({ "summary": "older contract" }).to_string(),
                    4 => "{not json".to_string(),
                    _ => rubric.result.to_string(),
                };
                // Some questions were never scored: their takes have no rubric row.
                if n.is_multiple_of(13) {
                    continue;
                }
                tx.execute(
                    "INSERT INTO rubric_results (take_id, rubric_version, result_json,
                                                 scored_at_ms)
                     VALUES (?1, ?2, ?3, ?4)",
                    rusqlite::params![take, rubric.rubric_version, json, rubric.scored_at_ms],
                )
                .unwrap();
                for (competency, score) in &rubric.scores {
                    tx.execute(
                        "INSERT INTO competency_scores (take_id, competency, score)
                         VALUES (?1, ?2, ?3)",
                        rusqlite::params![take, competency, score],
                    )
                    .unwrap();
                }
            }
        }
    }
    tx.commit().unwrap();
}

#[test]
fn upgrading_from_v4_stores_each_takes_overall_as_the_old_read_computed_it() {
    let (_tmp, dir) = data_dir();
    let before = {
        let mut conn = Connection::open(dir.db_path()).unwrap();
        conn.pragma_update(None, "foreign_keys", true).unwrap();
        migrations::migrations().to_version(&mut conn, 3).unwrap();
        fill_v3_with_scored_sessions(&conn, 40);
        // V4 as it shipped: its SQL backfills session_scores from the rows above.
        migrations::migrations().to_version(&mut conn, 4).unwrap();
        final_takes_the_v4_way(&conn)
    };
    assert!(before.len() > 150, "{} final takes", before.len());
    let shapes = |v: &[FinalRow]| {
        (
            v.iter().filter(|f| f.2.is_some()).count(),
            v.iter().filter(|f| f.2 == Some(3.0)).count(),
            v.iter().filter(|f| f.2.is_none()).count(),
        )
    };
    let (with_overall, integer, without) = shapes(&before);
    assert!(
        with_overall > 100 && integer > 5 && without > 30,
        "{:?}",
        shapes(&before)
    );

    let store = Store::open(&dir).unwrap();
    assert_eq!(store.schema_version().unwrap(), migrations::LATEST);
    assert_eq!(store.integrity_check().unwrap(), vec!["ok".to_string()]);
    let after: Vec<_> = store
        .final_take_scores()
        .unwrap()
        .into_iter()
        .map(|f| {
            (
                f.session_id.to_string(),
                f.take_id.0,
                f.overall,
                f.scores.into_iter().collect::<Vec<_>>(),
            )
        })
        .collect();
    assert_eq!(after, before);
}
