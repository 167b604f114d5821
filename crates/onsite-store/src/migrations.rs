//! The schema, as the ordered list of migrations that built it.
//!
//! Never edit a migration that has shipped: append a new one. `tests/migrations.rs` creates a
//! database at every earlier version, fills it, and upgrades it to the latest.

use rusqlite::Transaction;
use rusqlite_migration::{HookResult, Migrations, M};

const V1_CORE: &str = r#"
-- A session is one mock interview. Its id (a UUID) also names its media folder.
CREATE TABLE sessions (
    id             TEXT PRIMARY KEY,
    started_at_ms  INTEGER NOT NULL,
    ended_at_ms    INTEGER,
    plan           TEXT NOT NULL,
    level          TEXT NOT NULL,
    -- Role, company, job description...: private tailoring inputs, kept only here.
    tailoring_json TEXT NOT NULL DEFAULT '{}'
) STRICT;
CREATE INDEX sessions_by_start ON sessions(started_at_ms);

-- A snapshot of the question as asked, so later edits to the bank do not rewrite history.
CREATE TABLE questions_asked (
    id               INTEGER PRIMARY KEY,
    session_id       TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    position         INTEGER NOT NULL,
    question_id      TEXT NOT NULL,
    question_version TEXT NOT NULL,
    text             TEXT NOT NULL,
    asked_at_ms      INTEGER NOT NULL,
    UNIQUE (session_id, position)
) STRICT;
CREATE INDEX questions_asked_by_question ON questions_asked(question_id);

CREATE TABLE takes (
    id                INTEGER PRIMARY KEY,
    question_asked_id INTEGER NOT NULL REFERENCES questions_asked(id) ON DELETE CASCADE,
    attempt           INTEGER NOT NULL,
    status            TEXT NOT NULL
                      CHECK (status IN ('recording', 'complete', 'recovered', 'failed')),
    started_at_ms     INTEGER NOT NULL,
    ended_at_ms       INTEGER,
    -- Relative to the data folder: media/<session id>/<file>.
    media_path        TEXT,
    UNIQUE (question_asked_id, attempt)
) STRICT;
CREATE INDEX takes_by_status ON takes(status);

CREATE TABLE segments (
    id       INTEGER PRIMARY KEY,
    take_id  INTEGER NOT NULL REFERENCES takes(id) ON DELETE CASCADE,
    start_ms INTEGER NOT NULL,
    end_ms   INTEGER NOT NULL,
    text     TEXT NOT NULL
) STRICT;
CREATE INDEX segments_by_take ON segments(take_id, start_ms);

CREATE TABLE words (
    segment_id INTEGER NOT NULL REFERENCES segments(id) ON DELETE CASCADE,
    idx        INTEGER NOT NULL,
    text       TEXT NOT NULL,
    start_ms   INTEGER NOT NULL,
    end_ms     INTEGER NOT NULL,
    p          REAL NOT NULL,
    PRIMARY KEY (segment_id, idx)
) STRICT, WITHOUT ROWID;
"#;

const V2_SCORES: &str = r#"
-- The rubric's whole result is kept as JSON (the report shows it); the per-competency scores
-- are copied out so that trends are plain queries.
CREATE TABLE rubric_results (
    take_id        INTEGER PRIMARY KEY REFERENCES takes(id) ON DELETE CASCADE,
    rubric_version TEXT NOT NULL,
    result_json    TEXT NOT NULL,
    scored_at_ms   INTEGER NOT NULL
) STRICT;

CREATE TABLE competency_scores (
    take_id    INTEGER NOT NULL REFERENCES rubric_results(take_id) ON DELETE CASCADE,
    competency TEXT NOT NULL,
    score      REAL NOT NULL,
    PRIMARY KEY (take_id, competency)
) STRICT, WITHOUT ROWID;

CREATE TABLE follow_ups (
    id          INTEGER PRIMARY KEY,
    take_id     INTEGER NOT NULL REFERENCES takes(id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    text        TEXT NOT NULL,
    asked_at_ms INTEGER NOT NULL,
    UNIQUE (take_id, position)
) STRICT;

CREATE TABLE settings (
    key        TEXT PRIMARY KEY,
    value_json TEXT NOT NULL
) STRICT;
"#;

const V3_SEARCH_AND_DELETION: &str = r#"
-- Full-text search over transcript segments; the segments table stays the only copy of the text.
CREATE VIRTUAL TABLE segments_fts USING fts5(
    text,
    content = 'segments',
    content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2'
);
INSERT INTO segments_fts(segments_fts) VALUES ('rebuild');
CREATE TRIGGER segments_fts_insert AFTER INSERT ON segments BEGIN
    INSERT INTO segments_fts(rowid, text) VALUES (new.id, new.text);
END;
CREATE TRIGGER segments_fts_delete AFTER DELETE ON segments BEGIN
    INSERT INTO segments_fts(segments_fts, rowid, text) VALUES ('delete', old.id, old.text);
END;
CREATE TRIGGER segments_fts_update AFTER UPDATE OF text ON segments BEGIN
    INSERT INTO segments_fts(segments_fts, rowid, text) VALUES ('delete', old.id, old.text);
    INSERT INTO segments_fts(rowid, text) VALUES (new.id, new.text);
END;

-- Media folders whose rows are gone but whose files may still be on disk: written in the same
-- transaction as the row deletion, cleared once the files are gone, retried at every open.
CREATE TABLE pending_deletions (
    path TEXT PRIMARY KEY
) STRICT;

CREATE INDEX sessions_by_level ON sessions(level);
"#;

/// The latest scored take of each question, `rn = 1`; shared by the backfill below and by
/// `write::refresh_session_scores`, so both compute session scores the same way.
pub(crate) const LATEST_SCORED_TAKES: &str = "
    SELECT q.session_id, t.id AS take_id,
           ROW_NUMBER() OVER (PARTITION BY q.id ORDER BY t.attempt DESC) AS rn
    FROM questions_asked q
    JOIN takes t ON t.question_asked_id = q.id
    JOIN rubric_results r ON r.take_id = t.id";

const V4_SESSION_SCORES: &str = r#"
-- Session scores kept up to date on every rubric write, so the sessions list and trends are a
-- plain read instead of a window query over every take (50 ms -> ~2 ms at 1,000 sessions).
-- A session's score for a competency is the mean over its questions of each question's
-- latest scored take: a retry replaces the attempt before it.
CREATE TABLE session_scores (
    session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    competency TEXT NOT NULL,
    score      REAL NOT NULL,
    PRIMARY KEY (session_id, competency)
) STRICT, WITHOUT ROWID;
CREATE INDEX session_scores_by_competency ON session_scores(competency);
INSERT INTO session_scores (session_id, competency, score)
    SELECT l.session_id, c.competency, AVG(c.score)
    FROM (
        SELECT q.session_id, t.id AS take_id,
               ROW_NUMBER() OVER (PARTITION BY q.id ORDER BY t.attempt DESC) AS rn
        FROM questions_asked q
        JOIN takes t ON t.question_asked_id = q.id
        JOIN rubric_results r ON r.take_id = t.id
    ) l
    JOIN competency_scores c ON c.take_id = l.take_id
    WHERE l.rn = 1
    GROUP BY l.session_id, c.competency;
"#;

const V5_TAKE_OVERALL_AND_LOCAL_OFFSET: &str = r#"
-- The rubric's own overall for a take, copied out of its result when it is saved (as the
-- competency scores are), so the lists read a number instead of parsing every result. NULL for
-- a result without a numeric `overall`. The hook below fills it for results already stored.
ALTER TABLE rubric_results ADD COLUMN overall REAL;

-- Each question's latest scored take (the rule in LATEST_SCORED_TAKES), kept up to date with
-- session_scores, so a session's final takes are an indexed read instead of a window query over
-- every take. Sessions aggregate these in Rust (onsite_interview::SessionScores), not here.
CREATE TABLE final_takes (
    session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    take_id    INTEGER NOT NULL UNIQUE REFERENCES rubric_results(take_id) ON DELETE CASCADE,
    PRIMARY KEY (session_id, take_id)
) STRICT, WITHOUT ROWID;
INSERT INTO final_takes (session_id, take_id)
    SELECT l.session_id, l.take_id
    FROM (
        SELECT q.session_id, t.id AS take_id,
               ROW_NUMBER() OVER (PARTITION BY q.id ORDER BY t.attempt DESC) AS rn
        FROM questions_asked q
        JOIN takes t ON t.question_asked_id = q.id
        JOIN rubric_results r ON r.take_id = t.id
    ) l
    WHERE l.rn = 1;

-- The candidate's offset from UTC (local minus UTC, minutes) when the session started, so that
-- practice days stay right across a daylight-saving change. NULL when the writer did not know
-- it (sessions from earlier builds, imports of them): the reader's offset applies then.
ALTER TABLE sessions ADD COLUMN utc_offset_minutes INTEGER
    CHECK (utc_offset_minutes BETWEEN -840 AND 840);
"#;

const V6_FINAL_TAKE_OVERALL: &str = r#"
-- Each final take's overall beside it, so the lists read this one compact table. Read from
-- rubric_results, the overall sits after the whole result JSON in its row (kilobytes for a real
-- rubric, often in overflow pages), which SQLite loads to reach it.
ALTER TABLE final_takes ADD COLUMN overall REAL;
UPDATE final_takes
    SET overall = (SELECT r.overall FROM rubric_results r WHERE r.take_id = final_takes.take_id);
"#;

const V7_EARLIER_RUBRIC_RESULTS: &str = r#"
-- The results a take had before its current one: a re-score with a newer rubric keeps the old
-- result with its version, so that a score never changes without a trace. The current result
-- stays the one row in rubric_results, which alone feeds competency_scores, final_takes and
-- session_scores: the lists and trends read exactly what they read before, and only a whole
-- session (show, export, replay) reads this table. Apart from rubric_results rather than more
-- rows of it because that table's key is the take, which competency_scores and final_takes
-- refer to.
CREATE TABLE earlier_rubric_results (
    id             INTEGER PRIMARY KEY,
    take_id        INTEGER NOT NULL REFERENCES takes(id) ON DELETE CASCADE,
    rubric_version TEXT NOT NULL,
    result_json    TEXT NOT NULL,
    -- Its competency scores as they were copied out while it was current (name -> score).
    scores_json    TEXT NOT NULL,
    scored_at_ms   INTEGER NOT NULL,
    overall        REAL
) STRICT;
-- Oldest first within a take: ids grow as results are replaced.
CREATE INDEX earlier_rubric_results_by_take ON earlier_rubric_results(take_id, id);
"#;

const V8_TAKE_SCENES: &str = r#"
-- The whiteboard of a take: an append-only log of Excalidraw scene snapshots on the take's own
-- timeline (at_ms from the take's start, like segments), each committed as it is appended so a
-- crash keeps the drawing up to the last append. The scene is kept as the canvas wrote it (the
-- store checks it reads as a scene, within onsite-diagram's bounds, and never interprets it).
CREATE TABLE take_scenes (
    take_id INTEGER NOT NULL REFERENCES takes(id) ON DELETE CASCADE,
    seq     INTEGER NOT NULL,
    at_ms   INTEGER NOT NULL CHECK (at_ms >= 0),
    scene   TEXT NOT NULL,
    PRIMARY KEY (take_id, seq)
) STRICT;
CREATE INDEX take_scenes_by_time ON take_scenes(take_id, at_ms);
"#;

const V9_INTERVIEWER_LINES: &str = r#"
-- What the interviewer's voice said for a take (the question, a follow-up) and when, on the
-- take's timeline in ms from its start like segments: negative when said before the answer
-- began. Replay shows them beside the candidate's words.
CREATE TABLE interviewer_lines (
    id       INTEGER PRIMARY KEY,
    take_id  INTEGER NOT NULL REFERENCES takes(id) ON DELETE CASCADE,
    kind     TEXT NOT NULL CHECK (kind IN ('question', 'follow_up')),
    text     TEXT NOT NULL,
    start_ms INTEGER NOT NULL,
    end_ms   INTEGER NOT NULL CHECK (end_ms >= start_ms),
    stopped  INTEGER NOT NULL DEFAULT 0 CHECK (stopped IN (0, 1))
) STRICT;
CREATE INDEX interviewer_lines_by_take ON interviewer_lines(take_id, start_ms);
"#;

/// Fills `rubric_results.overall` for results stored before V5, with the same reading of the
/// JSON as a save ([`rubric_overall`]), so an upgraded database and a new one agree.
fn backfill_take_overall(tx: &Transaction<'_>) -> HookResult {
    let mut read = tx.prepare("SELECT take_id, result_json FROM rubric_results")?;
    let mut write = tx.prepare("UPDATE rubric_results SET overall = ?2 WHERE take_id = ?1")?;
    let mut rows = read.query([])?;
    while let Some(row) = rows.next()? {
        let take: i64 = row.get(0)?;
        let json: String = row.get(1)?;
        // A result that is not JSON has no overall, as before (it read as none).
        let overall = serde_json::from_str::<serde_json::Value>(&json)
            .ok()
            .and_then(|result| rubric_overall(&result));
        if overall.is_some() {
            write.execute(rusqlite::params![take, overall])?;
        }
    }
    Ok(())
}

/// A rubric result's overall: its top-level `overall` when that is a number (the rubric's JSON
/// contract, `onsite_rubric::Assessment::overall`); none for another shape, which the lists
/// then replace by the mean of the take's competency scores.
pub(crate) fn rubric_overall(result: &serde_json::Value) -> Option<f64> {
    result
        .get("overall")
        .and_then(serde_json::Value::as_f64)
        .filter(|x| x.is_finite())
}

/// The schema version this build writes: how many steps [`migrations`] has.
pub const LATEST: usize = 9;

/// The migration steps in order; the database's `user_version` is how many have run.
pub fn migrations() -> Migrations<'static> {
    Migrations::new(vec![
        M::up(V1_CORE),
        M::up(V2_SCORES),
        M::up(V3_SEARCH_AND_DELETION),
        M::up(V4_SESSION_SCORES),
        M::up_with_hook(V5_TAKE_OVERALL_AND_LOCAL_OFFSET, backfill_take_overall),
        M::up(V6_FINAL_TAKE_OVERALL),
        M::up(V7_EARLIER_RUBRIC_RESULTS),
        M::up(V8_TAKE_SCENES),
        M::up(V9_INTERVIEWER_LINES),
    ])
}

#[cfg(test)]
mod tests {
    use rusqlite::Connection;

    #[test]
    fn migrations_are_valid() {
        super::migrations().validate().unwrap();
    }

    #[test]
    fn latest_is_the_number_of_steps() {
        let mut conn = Connection::open_in_memory().unwrap();
        super::migrations().to_latest(&mut conn).unwrap();
        let version: i64 = conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap();
        assert_eq!(usize::try_from(version).unwrap(), super::LATEST);
    }
}
