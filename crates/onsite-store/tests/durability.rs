//! Crashes: a writer process killed with SIGKILL mid-take, and recovery at the next open.
#![allow(clippy::unwrap_used)] // tests: a failed unwrap is a failed test

mod common;

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use common::{data_dir, record_session, segment};
use onsite_datadir::DataDir;
use onsite_store::{NewSession, QuestionSnapshot, Store, TakeStatus};

const CHILD_ENV: &str = "ONSITE_STORE_TEST_WRITER_DIR";
const KILL_AFTER: usize = 40;

/// In the child process: records one take forever, printing each committed segment's number.
fn writer_child(dir: &str) {
    let dir = DataDir::open(Some(std::path::Path::new(dir))).unwrap();
    let mut store = Store::open(&dir).unwrap();
    let session = store
        .create_session(&NewSession {
            plan: "p".into(),
            level: "staff".into(),
            tailoring: serde_json::json!({}),
            started_at_ms: 1_000,
        })
        .unwrap();
    let question = store
        .ask_question(
            &session,
            &QuestionSnapshot {
                question_id: "q".into(),
                question_version: "1".into(),
                text: "Tell me about an incident.".into(),
            },
            1_000,
        )
        .unwrap();
    let take = store
        .start_take(question, 1_000, Some("q1-take1.mp4"))
        .unwrap();
    for i in 0.. {
        store
            .append_segment(
                take.id,
                &segment(i * 1_000, &format!("segment number {i} of the answer")),
            )
            .unwrap();
        // Drawing while talking: a whiteboard snapshot with one more box each second.
        store
            .append_scene(
                take.id,
                i * 1_000,
                &onsite_diagram::sample::scene(4 * (i as usize + 1)),
            )
            .unwrap();
        // Printed only after the commit returned: the parent may count on every printed one.
        println!("committed {i}");
    }
}

#[test]
fn writer_killed_mid_take_loses_no_committed_segment() {
    if let Ok(dir) = std::env::var(CHILD_ENV) {
        writer_child(&dir);
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("data");
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "writer_killed_mid_take_loses_no_committed_segment",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(CHILD_ENV, &root)
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut last_committed = None;
    let stdout = BufReader::new(child.stdout.take().unwrap());
    for line in stdout.lines() {
        let line = line.unwrap();
        if let Some(n) = line.strip_prefix("committed ") {
            let n: usize = n.parse().unwrap();
            last_committed = Some(n);
            if n + 1 >= KILL_AFTER {
                child.kill().unwrap(); // SIGKILL on Unix: no destructor, no flush, no unlock.
                break;
            }
        }
    }
    let status = child.wait().unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        assert_eq!(
            status.signal(),
            Some(9),
            "the writer must die by SIGKILL: {status:?}"
        );
    }
    let last_committed = last_committed.expect("the writer never committed a segment");

    let dir = DataDir::open(Some(&root)).unwrap();
    let store = Store::open(&dir).unwrap();
    assert_eq!(store.integrity_check().unwrap(), vec!["ok".to_string()]);
    let recovered = store.recovered_takes();
    assert_eq!(recovered.len(), 1, "{recovered:?}");
    assert!(recovered[0].segments_kept as usize > last_committed);
    // And every whiteboard snapshot acknowledged: the drawing as it stood at the last one.
    assert!(recovered[0].scenes_kept as usize > last_committed);
    assert_eq!(
        recovered[0]
            .media_path
            .as_deref()
            .unwrap()
            .rsplit('/')
            .next(),
        Some("q1-take1.mp4")
    );

    let sessions = store.list_sessions().unwrap();
    let session = store.session(&sessions[0].id).unwrap();
    let take = &session.questions[0].takes[0];
    assert_eq!(take.status, TakeStatus::Recovered);
    // Every segment the writer acknowledged is there, in order, with its words.
    for i in 0..=last_committed {
        assert_eq!(
            take.segments[i].text,
            format!("segment number {i} of the answer")
        );
        assert_eq!(take.segments[i].words.len(), 6);
    }
    for i in 0..=last_committed {
        assert_eq!(
            take.scenes[i].scene,
            onsite_diagram::sample::scene(4 * (i + 1))
        );
    }
    // The take ends where its last committed segment ends.
    assert_eq!(
        take.ended_at_ms,
        Some(1_000 + take.segments.last().unwrap().end_ms as i64)
    );
    drop(store);

    // Recovery happens once: the next open finds nothing to recover.
    let store = Store::open(&dir).unwrap();
    assert!(store.recovered_takes().is_empty());
}

#[test]
fn recovery_runs_only_when_no_other_writer_holds_the_folder() {
    let (_tmp, dir) = data_dir();
    let mut writer = Store::open(&dir).unwrap();
    assert!(writer.is_primary());
    let (session, _) = record_session(&mut writer, 1, "done");
    let question = writer
        .ask_question(
            &session,
            &QuestionSnapshot {
                question_id: "q2".into(),
                question_version: "1".into(),
                text: "Another".into(),
            },
            2,
        )
        .unwrap();
    let live = writer.start_take(question, 3, None).unwrap();
    writer
        .append_segment(live.id, &segment(0, "still talking"))
        .unwrap();

    // A second process (the CLI next to the running app) must not "recover" a live take.
    let reader = Store::open(&dir).unwrap();
    assert!(!reader.is_primary());
    assert!(reader.recovered_takes().is_empty());
    let take = &reader.session(&session).unwrap().questions[1].takes[0];
    assert_eq!(take.status, TakeStatus::Recording);
    drop(reader);

    // The app closes without finishing the take (as a crash would); the next open recovers it.
    drop(writer);
    let store = Store::open(&dir).unwrap();
    assert_eq!(store.recovered_takes().len(), 1);
    assert_eq!(store.recovered_takes()[0].take_id, live.id);
    assert_eq!(store.recovered_takes()[0].segments_kept, 1);
    let take = &store.session(&session).unwrap().questions[1].takes[0];
    assert_eq!(take.status, TakeStatus::Recovered);
    assert_eq!(take.segments[0].text, "still talking");
}
