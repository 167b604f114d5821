//! Shared helpers: real data folders on disk and a session recorded the way the app does it.
#![allow(dead_code, clippy::unwrap_used)]

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use onsite_datadir::DataDir;
use onsite_store::{NewSession, QuestionSnapshot, RubricRecord, SessionId, Store, TakeEnd, TakeId};
use onsite_transcript::{Segment, Word};

pub fn data_dir() -> (tempfile::TempDir, DataDir) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = DataDir::open(Some(&tmp.path().join("data"))).unwrap();
    (tmp, dir)
}

pub fn segment(start_ms: u64, text: &str) -> Segment {
    let mut t = start_ms;
    let words = text
        .split_whitespace()
        .map(|w| {
            let word = Word {
                text: w.to_string(),
                start_ms: t,
                end_ms: t + 300,
                p: 0.9,
            };
            t += 350;
            word
        })
        .collect();
    Segment {
        start_ms,
        end_ms: t,
        text: text.to_string(),
        words,
    }
}

pub fn scores(pairs: &[(&str, f64)]) -> BTreeMap<String, f64> {
    pairs.iter().map(|(k, v)| (k.to_string(), *v)).collect()
}

pub fn rubric(pairs: &[(&str, f64)]) -> RubricRecord {
    RubricRecord {
        rubric_version: "core-1".into(),
        scores: scores(pairs),
        result: serde_json::json!({ "summary": "ok", "scores": scores(pairs) }),
        scored_at_ms: 1_000,
    }
}

/// A finished session with one question answered twice (the retry scores higher) and a media
/// file per take. Returns the session and the take ids.
pub fn record_session(
    store: &mut Store,
    started_at_ms: i64,
    words: &str,
) -> (SessionId, Vec<TakeId>) {
    let session = store
        .create_session(&NewSession {
            plan: "system-design-45".into(),
            level: "staff".into(),
            tailoring: serde_json::json!({ "role": "platform", "company": "Acme" }),
            started_at_ms,
        })
        .unwrap();
    let question = store
        .ask_question(
            &session,
            &QuestionSnapshot {
                question_id: "sd-rate-limiter".into(),
                question_version: "2".into(),
                text: "Design a distributed rate limiter.".into(),
            },
            started_at_ms + 10,
        )
        .unwrap();
    let mut takes = Vec::new();
    for (attempt, score) in [(1u32, 2.0), (2, 3.0)] {
        let file = format!("q1-take{attempt}.mp4");
        let take = store
            .start_take(
                question,
                started_at_ms + 100 * i64::from(attempt),
                Some(&file),
            )
            .unwrap();
        assert_eq!(take.attempt, attempt);
        let media = store.absolute(take.media_path.as_deref().unwrap());
        fs::create_dir_all(media.parent().unwrap()).unwrap();
        fs::write(&media, format!("fake mp4 bytes of take {attempt}")).unwrap();
        store
            .append_segment(
                take.id,
                &segment(0, "first I would clarify the constraints"),
            )
            .unwrap();
        store
            .append_segment(take.id, &segment(3_000, words))
            .unwrap();
        store
            .finish_take(
                take.id,
                TakeEnd::Complete,
                started_at_ms + 100 * i64::from(attempt) + 50,
            )
            .unwrap();
        store
            .save_rubric(
                take.id,
                &rubric(&[("communication", score), ("technical_depth", score + 0.5)]),
            )
            .unwrap();
        store
            .add_follow_up(
                take.id,
                "What if traffic grew tenfold?",
                started_at_ms + 500,
            )
            .unwrap();
        takes.push(take.id);
    }
    store
        .finish_session(&session, started_at_ms + 1_000)
        .unwrap();
    (session, takes)
}

/// Every file under `root`, relative, sorted.
pub fn walk(root: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                out.push(path.strip_prefix(root).unwrap().to_path_buf());
            }
        }
    }
    out.sort();
    out
}

/// Files under media/ that no take refers to.
pub fn orphan_media(store: &Store) -> Vec<PathBuf> {
    let referenced: Vec<String> = store
        .list_sessions()
        .unwrap()
        .iter()
        .flat_map(|s| store.session(&s.id).unwrap().questions)
        .flat_map(|q| q.takes)
        .filter_map(|t| t.media_path)
        .collect();
    walk(store.data_dir().root())
        .into_iter()
        .filter(|p| p.starts_with("media"))
        .filter(|p| !referenced.iter().any(|r| Path::new(r) == p.as_path()))
        .collect()
}

/// A database left at schema `version` (an older release's), holding one finished take with
/// id 1, to show that opening it migrates it and keeps the take usable.
pub fn old_database_with_one_take(dir: &DataDir, version: usize) {
    let mut conn = rusqlite::Connection::open(dir.db_path()).unwrap();
    onsite_store::migrations::migrations()
        .to_version(&mut conn, version)
        .unwrap();
    conn.execute_batch(
        "INSERT INTO sessions (id, started_at_ms, plan, level)
             VALUES ('6f1c7a1e-2b1d-4c55-9a3e-0c4d2b7e9f10', 1000, 'p', 'staff');
         INSERT INTO questions_asked (id, session_id, position, question_id,
                                      question_version, text, asked_at_ms)
             VALUES (1, '6f1c7a1e-2b1d-4c55-9a3e-0c4d2b7e9f10', 1, 'q', '1', 'Q?', 1000);
         INSERT INTO takes (id, question_asked_id, attempt, status, started_at_ms,
                            ended_at_ms)
             VALUES (1, 1, 1, 'complete', 1000, 2000);",
    )
    .unwrap();
}
