//! Reading: the sessions list with scores, one session in full, trends, search, and the takes
//! of one question across sessions.

use std::collections::{BTreeMap, HashMap};

use onsite_transcript::{Segment, Word};
use rusqlite::{params, OptionalExtension};

use crate::model::{
    FinalTakeScore, FollowUp, QuestionDetail, QuestionSnapshot, QuestionTake, RubricRecord,
    SceneSnapshot, SearchHit, SearchOrder, SessionDetail, SessionId, SessionSummary, TakeDetail,
    TakeId, TakeLocation, TakeStatus, TrendPoint,
};
use crate::write::not_found;
use crate::{Store, StoreError};

impl Store {
    /// All sessions, newest first, with their per-competency scores.
    pub fn list_sessions(&self) -> Result<Vec<SessionSummary>, StoreError> {
        let mut scores: HashMap<String, BTreeMap<String, f64>> = HashMap::new();
        {
            // In key order, so each session's id is copied once, not once per competency.
            let mut stmt = self.conn.prepare_cached(
                "SELECT session_id, competency, score FROM session_scores
                 ORDER BY session_id, competency",
            )?;
            let mut rows = stmt.query([])?;
            let mut current: Option<(String, BTreeMap<String, f64>)> = None;
            while let Some(row) = rows.next()? {
                let session = row.get_ref(0)?.as_str().map_err(rusqlite::Error::from)?;
                if current.as_ref().is_none_or(|(id, _)| id != session) {
                    if let Some((id, map)) = current.take() {
                        scores.insert(id, map);
                    }
                    current = Some((session.to_string(), BTreeMap::new()));
                }
                if let Some((_, map)) = current.as_mut() {
                    map.insert(row.get(1)?, row.get(2)?);
                }
            }
            if let Some((id, map)) = current {
                scores.insert(id, map);
            }
        }
        let mut stmt = self.conn.prepare_cached(
            "SELECT s.id, s.started_at_ms, s.ended_at_ms, s.plan, s.level,
                    (SELECT COUNT(*) FROM questions_asked q WHERE q.session_id = s.id),
                    (SELECT COUNT(*) FROM questions_asked q JOIN takes t
                         ON t.question_asked_id = q.id WHERE q.session_id = s.id)
             FROM sessions s ORDER BY s.started_at_ms DESC, s.id",
        )?;
        let mut rows = stmt.query([])?;
        let mut out = Vec::new();
        while let Some(row) = rows.next()? {
            let id: String = row.get(0)?;
            out.push(SessionSummary {
                scores: scores.remove(&id).unwrap_or_default(),
                id: id.parse()?,
                started_at_ms: row.get(1)?,
                ended_at_ms: row.get(2)?,
                plan: row.get(3)?,
                level: row.get(4)?,
                questions: row.get(5)?,
                takes: row.get(6)?,
            });
        }
        Ok(out)
    }

    /// One session in full: questions, takes, transcripts, rubric results, follow-ups.
    pub fn session(&self, id: &SessionId) -> Result<SessionDetail, StoreError> {
        let head = self
            .conn
            .query_row(
                "SELECT started_at_ms, ended_at_ms, plan, level, tailoring_json, utc_offset_minutes
                 FROM sessions WHERE id = ?1",
                [id.as_str()],
                |r| {
                    Ok((
                        r.get::<_, i64>(0)?,
                        r.get::<_, Option<i64>>(1)?,
                        r.get::<_, String>(2)?,
                        r.get::<_, String>(3)?,
                        r.get::<_, String>(4)?,
                        r.get::<_, Option<i32>>(5)?,
                    ))
                },
            )
            .optional()?
            .ok_or_else(|| not_found("session", id))?;
        let (started_at_ms, ended_at_ms, plan, level, tailoring_json, utc_offset_minutes) = head;
        let mut questions = Vec::new();
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, position, question_id, question_version, text, asked_at_ms
             FROM questions_asked WHERE session_id = ?1 ORDER BY position",
        )?;
        let rows = stmt.query_map([id.as_str()], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, u32>(1)?,
                QuestionSnapshot {
                    question_id: r.get(2)?,
                    question_version: r.get(3)?,
                    text: r.get(4)?,
                },
                r.get::<_, i64>(5)?,
            ))
        })?;
        for row in rows {
            let (question_row, position, question, asked_at_ms) = row?;
            questions.push(QuestionDetail {
                position,
                question,
                asked_at_ms,
                takes: self.takes_of(question_row)?,
            });
        }
        Ok(SessionDetail {
            id: id.clone(),
            started_at_ms,
            ended_at_ms,
            utc_offset_minutes,
            plan,
            level,
            tailoring: parse_json("tailoring", &tailoring_json)?,
            questions,
        })
    }

    fn takes_of(&self, question_row: i64) -> Result<Vec<TakeDetail>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, attempt, status, started_at_ms, ended_at_ms, media_path
             FROM takes WHERE question_asked_id = ?1 ORDER BY attempt",
        )?;
        let rows = stmt.query_map([question_row], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, u32>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, i64>(3)?,
                r.get::<_, Option<i64>>(4)?,
                r.get::<_, Option<String>>(5)?,
            ))
        })?;
        let mut takes = Vec::new();
        for row in rows {
            let (id, attempt, status, started_at_ms, ended_at_ms, media_path) = row?;
            let take = TakeId(id);
            takes.push(TakeDetail {
                id: Some(take),
                attempt,
                status: TakeStatus::parse(&status)?,
                started_at_ms,
                ended_at_ms,
                media_path,
                segments: self.segments_of(take)?,
                rubric: self.rubric_of(take)?,
                earlier_rubrics: self.earlier_rubrics_of(take)?,
                follow_ups: self.follow_ups_of(take)?,
                scenes: self.scenes(take)?,
                interviewer_lines: self.interviewer_lines(take)?,
            });
        }
        Ok(takes)
    }

    /// Where `take` lives: its session, status and media path (relative to the data folder,
    /// validated when the take was started). What the replay needs to find a recording from a
    /// take id alone, so that no client ever names a file.
    pub fn take_location(&self, take: TakeId) -> Result<TakeLocation, StoreError> {
        let row = self
            .conn
            .prepare_cached(
                "SELECT q.session_id, t.status, t.media_path
                 FROM takes t JOIN questions_asked q ON q.id = t.question_asked_id
                 WHERE t.id = ?1",
            )?
            .query_row([take.0], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, Option<String>>(2)?,
                ))
            })
            .optional()?
            .ok_or_else(|| not_found("take", take))?;
        let (session, status, media_path) = row;
        Ok(TakeLocation {
            take_id: take,
            session_id: session.parse()?,
            status: TakeStatus::parse(&status)?,
            media_path,
        })
    }

    /// The committed transcript of a take, in time order.
    pub fn segments_of(&self, take: TakeId) -> Result<Vec<Segment>, StoreError> {
        let mut segments: Vec<(i64, Segment)> = Vec::new();
        {
            let mut stmt = self.conn.prepare_cached(
                "SELECT id, start_ms, end_ms, text FROM segments WHERE take_id = ?1
                 ORDER BY start_ms, id",
            )?;
            let mut rows = stmt.query([take.0])?;
            while let Some(r) = rows.next()? {
                segments.push((
                    r.get(0)?,
                    Segment {
                        start_ms: get_ms(r, 1)?,
                        end_ms: get_ms(r, 2)?,
                        text: r.get(3)?,
                        words: Vec::new(),
                    },
                ));
            }
        }
        let mut stmt = self.conn.prepare_cached(
            "SELECT text, start_ms, end_ms, p FROM words WHERE segment_id = ?1 ORDER BY idx",
        )?;
        for (id, segment) in &mut segments {
            let mut rows = stmt.query([*id])?;
            while let Some(r) = rows.next()? {
                segment.words.push(Word {
                    text: r.get(0)?,
                    start_ms: get_ms(r, 1)?,
                    end_ms: get_ms(r, 2)?,
                    p: r.get::<_, f64>(3)? as f32,
                });
            }
        }
        Ok(segments.into_iter().map(|(_, s)| s).collect())
    }

    /// The whiteboard snapshots of `take`, oldest first (empty when nothing was drawn).
    pub fn scenes(&self, take: TakeId) -> Result<Vec<SceneSnapshot>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT seq, at_ms, scene FROM take_scenes WHERE take_id = ?1 ORDER BY seq",
        )?;
        let rows = stmt.query_map([take.0], |r| {
            Ok(SceneSnapshot {
                seq: r.get(0)?,
                at_ms: get_ms(r, 1)?,
                scene: r.get(2)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The whiteboard of `take` as it stood at `ms` into the take (a replay's playhead): the
    /// last snapshot appended at or before it; none before the first stroke. `u64::MAX` gives
    /// the final drawing.
    pub fn scene_at(&self, take: TakeId, ms: u64) -> Result<Option<SceneSnapshot>, StoreError> {
        let at = i64::try_from(ms).unwrap_or(i64::MAX);
        Ok(self
            .conn
            .prepare_cached(
                "SELECT seq, at_ms, scene FROM take_scenes WHERE take_id = ?1 AND at_ms <= ?2
                 ORDER BY at_ms DESC, seq DESC LIMIT 1",
            )?
            .query_row(params![take.0, at], |r| {
                Ok(SceneSnapshot {
                    seq: r.get(0)?,
                    at_ms: get_ms(r, 1)?,
                    scene: r.get(2)?,
                })
            })
            .optional()?)
    }

    fn rubric_of(&self, take: TakeId) -> Result<Option<RubricRecord>, StoreError> {
        let head = self
            .conn
            .prepare_cached(
                "SELECT rubric_version, result_json, scored_at_ms FROM rubric_results
                 WHERE take_id = ?1",
            )?
            .query_row([take.0], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, i64>(2)?,
                ))
            })
            .optional()?;
        let Some((rubric_version, json, scored_at_ms)) = head else {
            return Ok(None);
        };
        Ok(Some(RubricRecord {
            rubric_version,
            scores: self.scores_of(take)?,
            result: parse_json("rubric result", &json)?,
            scored_at_ms,
        }))
    }

    /// The results `take` had before its current one, oldest first.
    fn earlier_rubrics_of(&self, take: TakeId) -> Result<Vec<RubricRecord>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT rubric_version, result_json, scores_json, scored_at_ms
             FROM earlier_rubric_results WHERE take_id = ?1 ORDER BY id",
        )?;
        let mut rows = stmt.query([take.0])?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            let scores: String = r.get(2)?;
            out.push(RubricRecord {
                rubric_version: r.get(0)?,
                result: parse_json("earlier rubric result", &r.get::<_, String>(1)?)?,
                scores: serde_json::from_str(&scores)
                    .map_err(|e| StoreError::invalid("earlier rubric scores", e.to_string()))?,
                scored_at_ms: r.get(3)?,
            });
        }
        Ok(out)
    }

    fn scores_of(&self, take: TakeId) -> Result<BTreeMap<String, f64>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT competency, score FROM competency_scores WHERE take_id = ?1")?;
        let rows = stmt.query_map([take.0], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    fn follow_ups_of(&self, take: TakeId) -> Result<Vec<FollowUp>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT position, text, asked_at_ms FROM follow_ups WHERE take_id = ?1
             ORDER BY position",
        )?;
        let rows = stmt.query_map([take.0], |r| {
            Ok(FollowUp {
                position: r.get(0)?,
                text: r.get(1)?,
                asked_at_ms: r.get(2)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Each question's latest scored take in every session, with the rubric's overall and the
    /// competency scores: a session's scores for the lists, in one read (no transcripts).
    pub fn final_take_scores(&self) -> Result<Vec<FinalTakeScore>, StoreError> {
        // `final_takes` holds each question's latest scored take with the rubric's own overall,
        // written with the rubric (migrations V5, V6): one compact table read in key order.
        let mut out: Vec<FinalTakeScore> = Vec::new();
        {
            let mut stmt = self.conn.prepare_cached(
                "SELECT session_id, take_id, overall FROM final_takes
                 ORDER BY session_id, take_id",
            )?;
            let mut rows = stmt.query([])?;
            while let Some(row) = rows.next()? {
                // Rows come by session: parse (validate) each session id once.
                let session = row.get_ref(0)?.as_str().map_err(rusqlite::Error::from)?;
                let session_id = match out.last() {
                    Some(f) if f.session_id.as_str() == session => f.session_id.clone(),
                    _ => session.parse()?,
                };
                out.push(FinalTakeScore {
                    session_id,
                    take_id: TakeId(row.get(1)?),
                    overall: row.get(2)?,
                    scores: BTreeMap::new(),
                });
            }
        }
        // Competency scores only for takes without an overall (their mean stands in). A join
        // for every take probed competency_scores 5,000 times for nothing at 1,000 sessions.
        let missing: HashMap<TakeId, usize> = out
            .iter()
            .enumerate()
            .filter(|(_, f)| f.overall.is_none())
            .map(|(i, f)| (f.take_id, i))
            .collect();
        if !missing.is_empty() {
            let mut stmt = self.conn.prepare_cached(
                "SELECT f.take_id, c.competency, c.score
                 FROM final_takes f JOIN competency_scores c ON c.take_id = f.take_id
                 WHERE f.overall IS NULL",
            )?;
            let mut rows = stmt.query([])?;
            while let Some(row) = rows.next()? {
                if let Some(&i) = missing.get(&TakeId(row.get(0)?)) {
                    out[i].scores.insert(row.get(1)?, row.get(2)?);
                }
            }
        }
        Ok(out)
    }

    /// Per-competency session scores over time, oldest first; all competencies when `None`.
    pub fn competency_trend(
        &self,
        competency: Option<&str>,
    ) -> Result<Vec<TrendPoint>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT c.competency, c.session_id, s.started_at_ms, c.score
             FROM session_scores c JOIN sessions s ON s.id = c.session_id
             WHERE (?1 IS NULL OR c.competency = ?1)
             ORDER BY c.competency, s.started_at_ms, c.session_id",
        )?;
        let rows = stmt.query_map(params![competency], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, i64>(2)?,
                r.get::<_, f64>(3)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (competency, session, started_at_ms, score) = row?;
            out.push(TrendPoint {
                competency,
                session_id: session.parse()?,
                started_at_ms,
                score,
            });
        }
        Ok(out)
    }

    /// Full-text search in transcripts, newest first. Every word of `query` must occur;
    /// the last one may be a prefix (search as you type). FTS syntax in `query` is not
    /// interpreted, so any user text is safe.
    pub fn search(&self, query: &str, limit: usize) -> Result<Vec<SearchHit>, StoreError> {
        self.search_ordered(query, SearchOrder::Newest, limit)
    }

    /// [`Store::search`] with a choice of order.
    pub fn search_ordered(
        &self,
        query: &str,
        order: SearchOrder,
        limit: usize,
    ) -> Result<Vec<SearchHit>, StoreError> {
        let Some(fts) = fts_query(query) else {
            return Ok(Vec::new());
        };
        let order_by = match order {
            SearchOrder::Newest => "segments_fts.rowid DESC",
            SearchOrder::Relevance => "rank",
        };
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT q.session_id, s.started_at_ms, seg.take_id, q.text, seg.start_ms, seg.end_ms,
                    snippet(segments_fts, 0, '[', ']', '…', 16)
             FROM segments_fts
             JOIN segments seg ON seg.id = segments_fts.rowid
             JOIN takes t ON t.id = seg.take_id
             JOIN questions_asked q ON q.id = t.question_asked_id
             JOIN sessions s ON s.id = q.session_id
             WHERE segments_fts MATCH ?1
             ORDER BY {order_by} LIMIT ?2"
        ))?;
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let rows = stmt.query_map(params![fts, limit], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, i64>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, i64>(4)?,
                r.get::<_, i64>(5)?,
                r.get::<_, String>(6)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (session, session_started_at_ms, take, question_text, start_ms, end_ms, snippet) =
                row?;
            out.push(SearchHit {
                session_id: session.parse()?,
                session_started_at_ms,
                take_id: TakeId(take),
                question_text,
                start_ms,
                end_ms,
                snippet,
            });
        }
        Ok(out)
    }

    /// Every take of bank question `question_id`, across sessions, oldest first.
    pub fn question_takes(&self, question_id: &str) -> Result<Vec<QuestionTake>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT q.session_id, s.started_at_ms, t.id, t.attempt, t.status, q.question_version,
                    t.started_at_ms, t.ended_at_ms
             FROM questions_asked q
             JOIN sessions s ON s.id = q.session_id
             JOIN takes t ON t.question_asked_id = q.id
             WHERE q.question_id = ?1
             ORDER BY t.started_at_ms, t.id",
        )?;
        let rows = stmt.query_map([question_id], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, i64>(2)?,
                r.get::<_, u32>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, String>(5)?,
                r.get::<_, i64>(6)?,
                r.get::<_, Option<i64>>(7)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (session, session_started_at_ms, take, attempt, status, version, started, ended) =
                row?;
            let take_id = TakeId(take);
            out.push(QuestionTake {
                session_id: session.parse()?,
                session_started_at_ms,
                take_id,
                attempt,
                status: TakeStatus::parse(&status)?,
                question_version: version,
                started_at_ms: started,
                ended_at_ms: ended,
                scores: self.scores_of(take_id)?,
            });
        }
        Ok(out)
    }
}

/// Turns user text into an FTS5 query of quoted terms, the last one a prefix.
fn fts_query(input: &str) -> Option<String> {
    let terms: Vec<String> = input
        .split(|c: char| !c.is_alphanumeric() && c != '\'')
        .map(|t| t.trim_matches('\''))
        .filter(|t| !t.is_empty())
        .map(|t| format!("\"{}\"", t.replace('"', "\"\"")))
        .collect();
    let (last, rest) = terms.split_last()?;
    let mut query = rest.join(" ");
    if !query.is_empty() {
        query.push(' ');
    }
    query.push_str(last);
    query.push('*');
    Some(query)
}

/// Times are stored as INTEGER (i64); they were validated non-negative on the way in.
fn get_ms(row: &rusqlite::Row<'_>, idx: usize) -> rusqlite::Result<u64> {
    Ok(u64::try_from(row.get::<_, i64>(idx)?).unwrap_or(0))
}

fn parse_json(what: &'static str, json: &str) -> Result<serde_json::Value, StoreError> {
    serde_json::from_str(json).map_err(|e| StoreError::invalid(what, e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::fts_query;

    #[test]
    fn user_text_becomes_quoted_terms() {
        assert_eq!(
            fts_query("cache invalid").as_deref(),
            Some("\"cache\" \"invalid\"*")
        );
        assert_eq!(
            fts_query("  \"OR\" NEAR( ").as_deref(),
            Some("\"OR\" \"NEAR\"*")
        );
        assert_eq!(fts_query(" -- ** "), None);
    }
}
