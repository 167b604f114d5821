//! The interviewer's lines on a take's timeline: kept relative to the take's start (negative
//! when said before the answer), refused when empty or backwards, shown in the session's
//! detail, deleted with the session, carried by archives, and added by an upgrade.
#![allow(clippy::unwrap_used)] // tests: a failed unwrap is a failed test

mod common;

use common::{data_dir, old_database_with_one_take, record_session};
use onsite_store::{migrations, LineKind, Store, TakeId};

#[test]
fn lines_sit_on_the_take_timeline_and_show_in_the_session() {
    let (_tmp, dir) = data_dir();
    let mut store = Store::open(&dir).unwrap();
    let (id, takes) = record_session(&mut store, 1_000, "we chose a token bucket");
    let started = store.session(&id).unwrap().questions[0].takes[0].started_at_ms;

    // The question played 20 s before the answer began, for 6.5 s.
    let asked = store
        .add_interviewer_line(
            takes[0],
            LineKind::Question,
            "  Design a rate limiter.  ",
            started - 20_000,
            started - 13_500,
            false,
        )
        .unwrap();
    assert_eq!((asked.start_ms, asked.end_ms), (-20_000, -13_500));
    assert_eq!(asked.text, "Design a rate limiter.");
    store
        .add_interviewer_line(
            takes[0],
            LineKind::FollowUp,
            "How does it fail?",
            started + 1_000,
            started + 1_500,
            true,
        )
        .unwrap();

    let lines = store.interviewer_lines(takes[0]).unwrap();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0], asked);
    assert_eq!(lines[1].kind, LineKind::FollowUp);
    assert!(lines[1].stopped);
    assert!(store.interviewer_lines(takes[1]).unwrap().is_empty());
    let detail = store.session(&id).unwrap();
    assert_eq!(detail.questions[0].takes[0].interviewer_lines, lines);
    assert_eq!(LineKind::FollowUp.id(), "follow_up");
    assert_eq!(LineKind::FollowUp.label(), "Follow-up");
}

#[test]
fn empty_backwards_or_orphan_lines_are_refused_and_nothing_is_written() {
    let (_tmp, dir) = data_dir();
    let mut store = Store::open(&dir).unwrap();
    let (_id, takes) = record_session(&mut store, 1_000, "we chose a token bucket");
    let q = LineKind::Question;
    let err = store
        .add_interviewer_line(takes[0], q, "   ", 0, 10, false)
        .unwrap_err();
    assert_eq!(err.code(), "store_invalid", "{err}");
    let err = store
        .add_interviewer_line(takes[0], q, "Why?", 5_000, 4_000, false)
        .unwrap_err();
    assert!(err.to_string().contains("before it starts"), "{err}");
    let long = "word ".repeat(1_000);
    assert!(store
        .add_interviewer_line(takes[0], q, &long, 0, 10, false)
        .is_err());
    let err = store
        .add_interviewer_line(TakeId(9_999), q, "Why?", 0, 10, false)
        .unwrap_err();
    assert_eq!(err.code(), "store_not_found", "{err}");
    assert!(store.interviewer_lines(takes[0]).unwrap().is_empty());
}

#[test]
fn lines_go_with_the_session_and_travel_in_archives() {
    let (_tmp, here) = data_dir();
    let mut store = Store::open(&here).unwrap();
    let (id, takes) = record_session(&mut store, 1_000, "we chose a token bucket");
    let started = store.session(&id).unwrap().questions[0].takes[1].started_at_ms;
    store
        .add_interviewer_line(
            takes[1],
            LineKind::Question,
            "Walk me through it.",
            started - 9_000,
            started - 7_000,
            false,
        )
        .unwrap();
    let out = tempfile::tempdir().unwrap();
    let archive = out.path().join("spoken.zip");
    store.export_session(&id, &archive).unwrap();

    let (_tmp2, there) = data_dir();
    let mut other = Store::open(&there).unwrap();
    other.import(&archive).unwrap();
    let imported = other.session(&id).unwrap();
    assert_eq!(
        imported.questions[0].takes[1].interviewer_lines,
        store.interviewer_lines(takes[1]).unwrap()
    );
    assert!(imported.questions[0].takes[0].interviewer_lines.is_empty());

    store.delete_session(&id).unwrap();
    assert!(store.interviewer_lines(takes[1]).unwrap().is_empty());
    drop(store);
    let conn = rusqlite::Connection::open(here.db_path()).unwrap();
    let rows: i64 = conn
        .query_row("SELECT COUNT(*) FROM interviewer_lines", [], |r| r.get(0))
        .unwrap();
    assert_eq!(rows, 0);
}

#[test]
fn a_database_from_before_the_voice_opens_and_gains_the_table() {
    let (_tmp, dir) = data_dir();
    old_database_with_one_take(&dir, 8);
    let mut store = Store::open(&dir).unwrap();
    assert_eq!(store.schema_version().unwrap(), migrations::LATEST);
    assert!(store.interviewer_lines(TakeId(1)).unwrap().is_empty());
    store
        .add_interviewer_line(TakeId(1), LineKind::Question, "Q?", 500, 900, false)
        .unwrap();
    assert_eq!(
        store.interviewer_lines(TakeId(1)).unwrap()[0].start_ms,
        -500
    );
}
