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
