//! The History and Replay screens' views of the library: sessions with their scores, a
//! session in full (timed words, timeline markers, feedback) and search hits, mapped from the
//! store's values. The rubric's result is read back with its own type
//! (`onsite_rubric::Assessment`) for the feedback and the timeline markers
//! ([`onsite_report::markers`]); a result this version cannot read simply has neither.

use onsite_report::{Marker, SessionScores};
use onsite_rubric::Assessment;
use onsite_store::{
    SearchHit, SessionDetail, SessionId, SessionSummary, Store, TakeDetail, TakeId,
};
use serde::{Deserialize, Serialize};

use crate::error::CommandError;

/// Most search hits returned at once: a screenful, newest first.
const SEARCH_LIMIT: usize = 50;

/// A competency's score, by its rubric id (`technical_depth`, ...), 1.0–5.0.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
pub struct Score {
    pub id: String,
    #[specta(type = specta_typescript::Number)]
    pub score: f64,
}

/// One row of the History list (and the home screen's recent sessions).
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
pub struct SessionRow {
    pub id: String,
    /// Unix milliseconds.
    #[specta(type = specta_typescript::Number)]
    pub started_at_ms: i64,
    #[specta(type = Option<specta_typescript::Number>)]
    pub ended_at_ms: Option<i64>,
    pub plan: String,
    pub level: String,
    pub questions: u32,
    pub takes: u32,
    /// The session's overall: the mean of the rubric's overall over each question's latest
    /// scored take, as the session summary and the report show it; none before any score.
    #[specta(type = Option<specta_typescript::Number>)]
    pub overall: Option<f64>,
    /// Per competency, the mean over the session's questions (each by its latest scored take),
    /// rounded to 0.1 like every other screen.
    pub scores: Vec<Score>,
}

/// A word of a take's transcript, timed from the start of the take's recording.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
pub struct TimedWord {
    pub text: String,
    #[specta(type = specta_typescript::Number)]
    pub start_ms: u64,
    #[specta(type = specta_typescript::Number)]
    pub end_ms: u64,
}

/// A red flag with the quoted words that raised it.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
pub struct RedFlagView {
    pub id: String,
    pub message: String,
    pub quote: Option<String>,
    #[specta(type = Option<specta_typescript::Number>)]
    pub start_ms: Option<u64>,
}

/// What the rubric said about one take (the replay's feedback panel when the live session's
/// `take_feedback` is not available).
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
pub struct TakeScore {
    #[specta(type = specta_typescript::Number)]
    pub overall: f64,
    pub summary: String,
    pub scores: Vec<Score>,
    pub red_flags: Vec<RedFlagView>,
    #[specta(type = Option<specta_typescript::Number>)]
    pub wpm: Option<f64>,
    #[specta(type = Option<specta_typescript::Number>)]
    pub fillers_per_min: Option<f64>,
    pub long_pauses: u32,
    pub covered: Vec<String>,
    pub missed: Vec<String>,
}

/// One recorded answer.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
pub struct TakeView {
    /// The id the replay asks media for (`take_media_info`, `take_media_chunk`).
    pub take_id: u32,
    pub attempt: u32,
    /// `recording`, `complete`, `recovered` (after a crash) or `failed`.
    pub status: String,
    #[specta(type = specta_typescript::Number)]
    pub started_at_ms: i64,
    #[specta(type = Option<specta_typescript::Number>)]
    pub ended_at_ms: Option<i64>,
    pub has_media: bool,
    pub text: String,
    pub words: Vec<TimedWord>,
    pub markers: Vec<Marker>,
    pub score: Option<TakeScore>,
    pub follow_ups: Vec<String>,
    /// What the interviewer's voice said for this take, in order (empty when it was off).
    pub interviewer_lines: Vec<InterviewerLineView>,
}

/// A line the interviewer said, on the take's timeline (negative: before the answer began).
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
pub struct InterviewerLineView {
    /// `question` or `follow_up` (onsite_store::LineKind's id).
    pub kind: String,
    pub label: String,
    pub text: String,
    #[specta(type = specta_typescript::Number)]
    pub start_ms: i64,
    #[specta(type = specta_typescript::Number)]
    pub end_ms: i64,
    /// Cut short by the candidate or by the answer starting.
    pub stopped: bool,
}

/// A question as asked, with every take of it.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
pub struct QuestionView {
    pub position: u32,
    pub question_id: String,
    pub text: String,
    pub takes: Vec<TakeView>,
}

/// A whole session for the replay studio.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
pub struct SessionView {
    pub id: String,
    #[specta(type = specta_typescript::Number)]
    pub started_at_ms: i64,
    #[specta(type = Option<specta_typescript::Number>)]
    pub ended_at_ms: Option<i64>,
    pub plan: String,
    pub level: String,
    pub questions: Vec<QuestionView>,
}

/// A transcript passage matching a search.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
pub struct SearchResult {
    pub session_id: String,
    #[specta(type = specta_typescript::Number)]
    pub session_started_at_ms: i64,
    pub take_id: u32,
    pub question_text: String,
    #[specta(type = specta_typescript::Number)]
    pub start_ms: i64,
    /// The passage around the match; matched words are wrapped in `[` and `]`.
    pub snippet: String,
}

/// Which way the confirmation of `data_delete_all` goes.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, specta::Type)]
pub struct DeleteAllRequest {
    /// Must be exactly "DELETE ALL MY DATA".
    pub confirmation: String,
}

pub fn list(store: &Store) -> Result<Vec<SessionRow>, CommandError> {
    let sessions = store.list_sessions()?;
    let mut scored = onsite_report::session_scores(store, &sessions)?;
    Ok(sessions
        .into_iter()
        .map(|s| {
            let scores = scored.remove(&s.id).unwrap_or_default();
            row(s, scores)
        })
        .collect())
}

/// A session's row; its scores are the session summary's and the report's (one definition,
/// `onsite_interview::SessionScores`), never recomputed here.
fn row(s: SessionSummary, scored: SessionScores) -> SessionRow {
    SessionRow {
        id: s.id.to_string(),
        started_at_ms: s.started_at_ms,
        ended_at_ms: s.ended_at_ms,
        plan: s.plan,
        level: s.level,
        questions: s.questions,
        takes: s.takes,
        overall: scored.overall,
        scores: scores(&scored.competencies),
    }
}

fn scores(map: &std::collections::BTreeMap<String, f64>) -> Vec<Score> {
    map.iter()
        .map(|(id, score)| Score {
            id: id.clone(),
            score: *score,
        })
        .collect()
}

pub fn detail(store: &Store, id: &SessionId) -> Result<SessionView, CommandError> {
    let SessionDetail {
        id,
        started_at_ms,
        ended_at_ms,
        plan,
        level,
        questions,
        ..
    } = store.session(id)?;
    let questions = questions
        .into_iter()
        .map(|q| {
            Ok(QuestionView {
                position: q.position,
                question_id: q.question.question_id,
                text: q.question.text,
                takes: q.takes.into_iter().map(take).collect::<Result<_, _>>()?,
            })
        })
        .collect::<Result<_, CommandError>>()?;
    Ok(SessionView {
        id: id.to_string(),
        started_at_ms,
        ended_at_ms,
        plan,
        level,
        questions,
    })
}

pub fn ipc_take_id(id: TakeId) -> Result<u32, CommandError> {
    u32::try_from(id.0).map_err(|_| {
        CommandError::new(
            "take_id_out_of_range",
            format!(
                "take {id} is beyond what this version can show; export and re-import the session"
            ),
        )
    })
}

fn take(t: TakeDetail) -> Result<TakeView, CommandError> {
    let id = t
        .id
        .ok_or_else(|| CommandError::new("take_without_id", "a take has no id; reopen the app"))?;
    let words: Vec<TimedWord> = t
        .segments
        .iter()
        .flat_map(|s| &s.words)
        .map(|w| TimedWord {
            text: w.text.trim().to_owned(),
            start_ms: w.start_ms,
            end_ms: w.end_ms,
        })
        .filter(|w| !w.text.is_empty())
        .collect();
    let text = t
        .segments
        .iter()
        .map(|s| s.text.trim())
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    let assessment = t
        .rubric
        .as_ref()
        .and_then(|r| serde_json::from_value::<Assessment>(r.result.clone()).ok());
    let markers = assessment
        .as_ref()
        .map(|a| onsite_report::markers(a, t.segments.iter().flat_map(|s| &s.words)))
        .unwrap_or_default();
    let score = match (&t.rubric, &assessment) {
        (_, Some(a)) => Some(take_score(a)),
        (Some(r), None) => Some(TakeScore {
            overall: onsite_report::take_overall(None, &r.scores),
            summary: String::new(),
            scores: scores(&r.scores),
            red_flags: Vec::new(),
            wpm: None,
            fillers_per_min: None,
            long_pauses: 0,
            covered: Vec::new(),
            missed: Vec::new(),
        }),
        (None, None) => None,
    };
    Ok(TakeView {
        take_id: ipc_take_id(id)?,
        attempt: t.attempt,
        status: t.status.as_str().to_owned(),
        started_at_ms: t.started_at_ms,
        ended_at_ms: t.ended_at_ms,
        has_media: t.media_path.is_some(),
        text,
        words,
        markers,
        score,
        follow_ups: t.follow_ups.into_iter().map(|f| f.text).collect(),
        interviewer_lines: t
            .interviewer_lines
            .into_iter()
            .map(|l| InterviewerLineView {
                kind: l.kind.id().to_owned(),
                label: l.kind.label().to_owned(),
                text: l.text,
                start_ms: l.start_ms,
                end_ms: l.end_ms,
                stopped: l.stopped,
            })
            .collect(),
    })
}

fn take_score(a: &Assessment) -> TakeScore {
    TakeScore {
        overall: a.overall,
        summary: a.summary.clone(),
        scores: a
            .competencies
            .iter()
            .into_iter()
            .map(|(id, c)| Score {
                id: id.to_owned(),
                score: c.score,
            })
            .collect(),
        red_flags: a
            .red_flags
            .iter()
            .map(|f| {
                let first = f.evidence.first();
                RedFlagView {
                    id: f.id.clone(),
                    message: f.message.clone(),
                    quote: first.map(|e| e.text.clone()),
                    start_ms: first.and_then(|e| e.start_ms),
                }
            })
            .collect(),
        wpm: a.delivery.wpm,
        fillers_per_min: a.delivery.fillers.per_min,
        long_pauses: a
            .delivery
            .long_pauses
            .as_ref()
            .map_or(0, |p| u32::try_from(p.len()).unwrap_or(u32::MAX)),
        covered: a.talking_points.covered.clone(),
        missed: a.talking_points.missed.clone(),
    }
}

pub fn search(store: &Store, query: &str) -> Result<Vec<SearchResult>, CommandError> {
    store
        .search(query, SEARCH_LIMIT)?
        .into_iter()
        .map(|h: SearchHit| {
            Ok(SearchResult {
                session_id: h.session_id.to_string(),
                session_started_at_ms: h.session_started_at_ms,
                take_id: ipc_take_id(h.take_id)?,
                question_text: h.question_text,
                start_ms: h.start_ms,
                snippet: h.snippet,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use onsite_datadir::DataDir;
    use onsite_report::MarkerKind;
    use onsite_rubric::{Answer, Question, QuestionKind, RubricPack};
    use onsite_store::{NewSession, QuestionSnapshot, RubricRecord, TakeEnd};
    use onsite_transcript::{Segment, Transcript, Word};

    use super::*;

    fn timed(text: &str, start_ms: u64) -> Segment {
        let mut t = start_ms;
        let words = text
            .split_whitespace()
            .map(|w| {
                let word = Word {
                    text: w.to_owned(),
                    start_ms: t,
                    end_ms: t + 300,
                    p: 0.9,
                };
                t += 400;
                word
            })
            .collect();
        Segment {
            start_ms,
            end_ms: t,
            text: text.to_owned(),
            words,
        }
    }

    const ANSWER: &str = "um so first I would clarify the constraints like the read write ratio \
        and latency budget then um we shard the counters by key with a cache in front and the \
        trade off is consistency versus availability if redis fails we fall back to local \
        counters honestly it was their fault they never listened";

    /// A session recorded as the app records one: a question, two takes, the second scored
    /// by the real rubric on a timed transcript.
    fn seeded() -> (tempfile::TempDir, Store, SessionId, TakeId, Assessment) {
        let tmp = tempfile::tempdir().unwrap();
        let dir = DataDir::open(Some(&tmp.path().join("data"))).unwrap();
        let mut store = Store::open(&dir).unwrap();
        let session = store
            .create_session(&NewSession {
                plan: "quick-15".into(),
                level: "staff".into(),
                tailoring: serde_json::json!({}),
                started_at_ms: 1_700_000_000_000,
            })
            .unwrap();
        let asked = store
            .ask_question(
                &session,
                &QuestionSnapshot {
                    question_id: "sd-rate-limiter".into(),
                    question_version: "1".into(),
                    text: "Design a distributed rate limiter.".into(),
                },
                1_700_000_000_100,
            )
            .unwrap();
        let first = store
            .start_take(asked, 1_700_000_000_200, Some("q1-t1.mp4"))
            .unwrap();
        store
            .append_segment(first.id, &timed("we add a cache", 0))
            .unwrap();
        store
            .finish_take(first.id, TakeEnd::Complete, 1_700_000_005_000)
            .unwrap();

        let take = store
            .start_take(asked, 1_700_000_010_000, Some("q1-t2.mp4"))
            .unwrap();
        let segment = timed(ANSWER, 500);
        store.append_segment(take.id, &segment).unwrap();
        // The interviewer asked while the candidate prepared, before this take began.
        store
            .add_interviewer_line(
                take.id,
                onsite_store::LineKind::Question,
                "Design a rate limiter.",
                1_700_000_004_000,
                1_700_000_006_500,
                false,
            )
            .unwrap();
        store
            .finish_take(take.id, TakeEnd::Complete, 1_700_000_030_000)
            .unwrap();
        let transcript = Transcript {
            text: ANSWER.into(),
            duration_ms: segment.end_ms,
            model: "test".into(),
            segments: vec![segment],
            pauses: Vec::new(),
        };
        let assessment = RubricPack::embedded()
            .unwrap()
            .assess(
                &Question::new(QuestionKind::SystemDesign),
                &Answer::from_transcript(&transcript),
            )
            .unwrap();
        let scores: BTreeMap<String, f64> = assessment
            .competencies
            .iter()
            .into_iter()
            .map(|(k, c)| (k.to_owned(), c.score))
            .collect();
        store
            .save_rubric(
                take.id,
                &RubricRecord {
                    rubric_version: assessment.rubric_version.clone(),
                    scores,
                    result: serde_json::to_value(&assessment).unwrap(),
                    scored_at_ms: 1_700_000_031_000,
                },
            )
            .unwrap();
        store
            .add_follow_up(take.id, "What if traffic grew tenfold?", 1_700_000_032_000)
            .unwrap();
        (tmp, store, session, take.id, assessment)
    }

    #[test]
    fn the_list_carries_the_sessions_scores_by_the_one_definition() {
        let (_tmp, store, session, _, assessment) = seeded();

        let rows = list(&store).unwrap();

        assert_eq!(rows.len(), 1);
        let row = &rows[0];
        assert_eq!(row.id, session.to_string());
        assert_eq!((row.questions, row.takes), (1, 2));
        assert_eq!(row.scores.len(), 6);
        // The rubric's overall (its weights, penalties and caps), not the mean of the
        // competencies, which differs for this answer.
        let competency_mean: f64 = assessment
            .competencies
            .iter()
            .into_iter()
            .map(|(_, c)| c.score)
            .sum::<f64>()
            / 6.0;
        assert_eq!(row.overall, Some(assessment.overall));
        assert_ne!(
            row.overall,
            Some(onsite_report::round_score(competency_mean)),
            "the fixture should tell the two definitions apart"
        );
        // And the session report says the same.
        let report = onsite_report::SessionReport::load(&store, &row.id).unwrap();
        assert_eq!(report.summary.overall, row.overall);
        for s in &row.scores {
            assert_eq!(Some(&s.score), report.summary.competencies.get(&s.id));
        }
    }

    #[test]
    fn the_detail_has_timed_words_markers_and_feedback() {
        let (_tmp, store, session, take_id, assessment) = seeded();

        let view = detail(&store, &session).unwrap();

        let takes = &view.questions[0].takes;
        assert_eq!(takes.len(), 2);
        assert!(takes[0].score.is_none(), "the first take was not scored");
        let take = &takes[1];
        assert_eq!(i64::from(take.take_id), take_id.0);
        assert!(take.has_media);
        assert_eq!(take.words[0].text, "um");
        assert_eq!(take.words[0].start_ms, 500);
        assert_eq!(take.words.len(), ANSWER.split_whitespace().count());
        assert_eq!(take.follow_ups, vec!["What if traffic grew tenfold?"]);
        assert!(
            takes[0].interviewer_lines.is_empty(),
            "the voice said nothing for it"
        );
        assert_eq!(take.interviewer_lines.len(), 1);
        let line = &take.interviewer_lines[0];
        assert_eq!(
            (line.kind.as_str(), line.label.as_str()),
            ("question", "Question")
        );
        assert_eq!(line.text, "Design a rate limiter.");
        assert!(
            line.start_ms < 0 && line.end_ms < 0,
            "said before the answer: {line:?}"
        );
        let score = take.score.as_ref().unwrap();
        assert_eq!(score.overall, assessment.overall);

        // Both "um"s the rubric counted are on the timeline, at their words' times.
        let fillers: Vec<u64> = take
            .markers
            .iter()
            .filter(|m| m.kind == MarkerKind::Filler && m.label == "um")
            .map(|m| m.start_ms)
            .collect();
        let ums: Vec<u64> = take
            .words
            .iter()
            .filter(|w| w.text == "um")
            .map(|w| w.start_ms)
            .collect();
        assert_eq!(assessment.delivery.fillers.by_word.get("um/uh"), Some(&2));
        assert_eq!(fillers, ums);
        // Every red flag's timed quote is on the timeline.
        let flags: Vec<(u64, u64)> = take
            .markers
            .iter()
            .filter(|m| m.kind == MarkerKind::RedFlag)
            .map(|m| (m.start_ms, m.end_ms))
            .collect();
        for e in assessment.red_flags.iter().flat_map(|f| &f.evidence) {
            let span = (e.start_ms.unwrap(), e.end_ms.unwrap());
            assert!(flags.contains(&span), "{span:?} not in {flags:?}");
        }
        assert!(take
            .markers
            .iter()
            .any(|m| m.kind == MarkerKind::TalkingPoint));
        assert!(take
            .markers
            .windows(2)
            .all(|w| w[0].start_ms <= w[1].start_ms));
    }

    #[test]
    fn search_finds_spoken_words_with_snippets() {
        let (_tmp, store, session, take_id, _) = seeded();

        let hits = search(&store, "shard counters").unwrap();

        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].session_id, session.to_string());
        assert_eq!(i64::from(hits[0].take_id), take_id.0);
        assert!(hits[0].snippet.contains("[shard]"), "{}", hits[0].snippet);
        assert!(search(&store, "kubernetes").unwrap().is_empty());
        assert!(search(&store, "  \"* ").unwrap().is_empty());
    }

    #[test]
    fn an_unknown_session_is_a_clear_error() {
        let (_tmp, store, _, _, _) = seeded();
        let missing: SessionId = "00000000-0000-4000-8000-000000000000".parse().unwrap();
        assert_eq!(
            detail(&store, &missing).unwrap_err().code,
            "store_not_found"
        );
    }
}
