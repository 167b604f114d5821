//! Practice days across a daylight-saving change, from a real store file: a session that
//! recorded its UTC offset stays on the local day it was practised; one without an offset is
//! counted at the reader's offset.
#![allow(clippy::unwrap_used)] // tests: a failed unwrap is a failed test

use onsite_datadir::DataDir;
use onsite_report::Progress;
use onsite_store::{NewSession, Store};

const HOUR: i64 = 3_600_000;
const EDT: i32 = -4 * 60;
const EST: i32 = -5 * 60;

/// Unix milliseconds of a UTC wall-clock time in November or October 2026.
fn utc(month: u32, day: i64, hour: i64, minute: i64) -> i64 {
    // 2026-10-01T00:00Z.
    let oct1 = 1_790_812_800_000;
    let day0 = match month {
        10 => 0,
        11 => 31,
        _ => unreachable!(),
    };
    oct1 + (day0 + day - 1) * 24 * HOUR + hour * HOUR + minute * 60_000
}

fn session(store: &mut Store, started_at_ms: i64, offset: Option<i32>) {
    store
        .create_session_at_offset(
            &NewSession {
                plan: "quick-15".into(),
                level: "senior".into(),
                tailoring: serde_json::json!({}),
                started_at_ms,
            },
            offset,
        )
        .unwrap();
}

#[test]
fn each_session_keeps_its_own_local_day_across_the_fall_back() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = DataDir::open(Some(&tmp.path().join("data"))).unwrap();
    // US Eastern falls back from EDT (UTC-4) to EST (UTC-5) at 2026-11-01 06:00 UTC.
    {
        let mut store = Store::open(&dir).unwrap();
        // 00:30 EDT on Saturday 31 October: at today's EST it would read 23:30 on the 30th.
        session(&mut store, utc(10, 31, 4, 30), Some(EDT));
        // 23:30 EST on Sunday 1 November (04:30 UTC on the 2nd).
        session(&mut store, utc(11, 2, 4, 30), Some(EST));
        // 18:00 EST on Monday 2 November.
        session(&mut store, utc(11, 2, 23, 0), Some(EST));
        // From a build that did not record offsets: 04:30 UTC on Friday 30 October.
        session(&mut store, utc(10, 30, 4, 30), None);
    }
    // Reopened from the file: the offsets were stored, not kept in memory.
    let store = Store::open(&dir).unwrap();
    let now = utc(11, 3, 1, 0); // 20:00 EST on Monday 2 November.

    let p = Progress::load(&store, now, EST).unwrap();
    assert_eq!(p.utc_offset_minutes, EST);
    // Days: Thu 29 Oct (the session without an offset, at EST), Sat 31, Sun 1, Mon 2.
    assert_eq!(p.streak.practice_days, 4);
    assert_eq!((p.streak.current_days, p.streak.longest_days), (3, 3));
    assert_eq!(p.streak.last_practice_day.as_deref(), Some("2026-11-02"));

    // Read at EDT, only the session without an offset moves (to Fri 30 Oct, 00:30 EDT),
    // which joins the run; the Saturday session stays on Saturday.
    let p = Progress::load(&store, now, EDT).unwrap();
    assert_eq!(p.streak.practice_days, 4);
    assert_eq!((p.streak.current_days, p.streak.longest_days), (4, 4));
}

#[test]
fn one_offset_for_every_session_would_move_saturday_to_friday() {
    // The same Saturday session without its own offset: read at EST it falls on Friday the
    // 30th, breaking the run (what a single offset did before sessions kept theirs).
    let tmp = tempfile::tempdir().unwrap();
    let dir = DataDir::open(Some(&tmp.path().join("data"))).unwrap();
    let mut store = Store::open(&dir).unwrap();
    session(&mut store, utc(10, 31, 4, 30), None);
    session(&mut store, utc(11, 2, 4, 30), Some(EST));
    session(&mut store, utc(11, 2, 23, 0), Some(EST));
    let p = Progress::load(&store, utc(11, 3, 1, 0), EST).unwrap();
    assert_eq!((p.streak.current_days, p.streak.longest_days), (2, 2));
    assert_eq!(p.streak.practice_days, 3);
}
