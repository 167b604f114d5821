//! SYNTHETIC data for benchmarks and UI tests: made-up sessions, clearly marked as such
//! (plan `synthetic`, tailoring `{"synthetic": true}`), never presented as a real interview.

use std::collections::BTreeMap;

use onsite_transcript::{Segment, Word};

use crate::model::{
    FollowUp, QuestionDetail, QuestionSnapshot, RubricRecord, SessionDetail, SessionId, TakeDetail,
    TakeStatus,
};
use crate::write::insert_session_detail;
use crate::{Store, StoreError};

pub const COMPETENCIES: [&str; 6] = [
    "architectural_thinking",
    "communication",
    "leadership_influence",
    "ownership",
    "pragmatism",
    "technical_depth",
];

const QUESTIONS: [(&str, &str); 8] = [
    (
        "sd-url-shortener",
        "Design a URL shortener for a billion links.",
    ),
    ("sd-rate-limiter", "Design a distributed rate limiter."),
    ("sd-feed", "Design the home feed of a social network."),
    (
        "lead-disagree",
        "Tell me about a time you disagreed with another team's design.",
    ),
    (
        "debt-migration",
        "How did you pay down a large piece of technical debt?",
    ),
    (
        "ops-incident",
        "Walk me through a serious incident you owned.",
    ),
    (
        "amb-vague-goal",
        "Your director asks you to 'make the platform faster'. What do you do?",
    ),
    (
        "lead-mentor",
        "How have you grown other engineers on your team?",
    ),
];

const VOCABULARY: &[&str] = &[
    "we",
    "the",
    "a",
    "to",
    "and",
    "first",
    "I",
    "would",
    "clarify",
    "constraints",
    "traffic",
    "latency",
    "consistency",
    "availability",
    "cache",
    "invalidation",
    "shard",
    "partition",
    "replica",
    "queue",
    "backpressure",
    "trade-off",
    "cost",
    "monitoring",
    "alerting",
    "rollback",
    "team",
    "stakeholders",
    "aligned",
    "migration",
    "database",
    "index",
    "read",
    "write",
    "throughput",
    "p99",
    "SLO",
    "incident",
    "postmortem",
    "ownership",
    "mentored",
    "design",
    "review",
    "simplest",
    "option",
    "because",
    "then",
    "measure",
    "capacity",
    "failover",
    "region",
    "idempotent",
    "retries",
    "budget",
    "deadline",
    "scope",
    "risk",
];

/// A small deterministic generator (SplitMix64), so seeded data is the same on every run.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Self(seed)
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n.max(1)
    }
    fn pick<'a>(&mut self, items: &'a [&'a str]) -> &'a str {
        items[self.below(items.len() as u64) as usize]
    }
}

/// A synthetic transcript segment of `words` words starting at `start_ms`.
pub fn synthetic_segment(rng: &mut Rng, start_ms: u64, words: usize) -> Segment {
    let mut t = start_ms;
    let mut out = Vec::with_capacity(words);
    for _ in 0..words {
        let len = 180 + rng.below(250);
        out.push(Word {
            text: rng.pick(VOCABULARY).to_string(),
            start_ms: t,
            end_ms: t + len,
            p: 0.5 + (rng.below(50) as f32) / 100.0,
        });
        t += len + rng.below(120);
    }
    let text = out
        .iter()
        .map(|w| w.text.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    Segment {
        start_ms,
        end_ms: t,
        text,
        words: out,
    }
}

/// A whole synthetic session: 5 questions, 1-2 takes each, transcripts and rubric scores.
pub fn synthetic_session(rng: &mut Rng, started_at_ms: i64) -> SessionDetail {
    let mut questions = Vec::new();
    let mut clock = started_at_ms;
    for position in 1..=5u32 {
        let (question_id, text) = QUESTIONS[rng.below(QUESTIONS.len() as u64) as usize];
        let asked_at_ms = clock;
        let mut takes = Vec::new();
        for attempt in 1..=(1 + rng.below(2) as u32) {
            let mut segments = Vec::new();
            let mut t = 0;
            for _ in 0..(6 + rng.below(6)) {
                let words = 15 + rng.below(10) as usize;
                let segment = synthetic_segment(rng, t, words);
                t = segment.end_ms + 300;
                segments.push(segment);
            }
            let scores: BTreeMap<String, f64> = COMPETENCIES
                .iter()
                .map(|c| ((*c).to_string(), 1.0 + (rng.below(300) as f64) / 100.0))
                .collect();
            let started = clock;
            clock += t as i64 + 5_000;
            takes.push(TakeDetail {
                id: None,
                attempt,
                status: TakeStatus::Complete,
                started_at_ms: started,
                ended_at_ms: Some(clock),
                media_path: None,
                segments,
                rubric: Some(RubricRecord {
                    rubric_version: "synthetic-1".to_string(),
                    // Like the rubric's result, an `overall` beside the scores (the lists
                    // read it for each session's overall).
                    result: serde_json::json!({
                        "synthetic": true,
                        "overall": (scores.values().sum::<f64>() / scores.len() as f64 * 10.0)
                            .round() / 10.0,
                        "scores": scores,
                    }),
                    scores,
                    scored_at_ms: clock,
                }),
                earlier_rubrics: Vec::new(),
                follow_ups: vec![FollowUp {
                    position: 1,
                    text: "What would you change if traffic grew tenfold?".to_string(),
                    asked_at_ms: clock,
                }],
                scenes: Vec::new(),
                interviewer_lines: Vec::new(),
            });
        }
        questions.push(QuestionDetail {
            position,
            question: QuestionSnapshot {
                question_id: question_id.to_string(),
                question_version: "1".to_string(),
                text: text.to_string(),
            },
            asked_at_ms,
            takes,
        });
    }
    SessionDetail {
        id: SessionId::generate(),
        started_at_ms,
        ended_at_ms: Some(clock),
        utc_offset_minutes: None,
        plan: "synthetic".to_string(),
        level: if rng.below(2) == 0 { "senior" } else { "staff" }.to_string(),
        tailoring: serde_json::json!({ "synthetic": true }),
        questions,
    }
}

impl Store {
    /// Inserts `count` SYNTHETIC sessions, one a day ending now, in one transaction.
    pub fn seed_synthetic(
        &mut self,
        count: usize,
        seed: u64,
    ) -> Result<Vec<SessionId>, StoreError> {
        let now = crate::now_ms();
        let mut rng = Rng::new(seed);
        let tx = self.conn.transaction()?;
        let mut ids = Vec::with_capacity(count);
        for i in 0..count {
            let days_ago = (count - i) as i64;
            let session = synthetic_session(&mut rng, now - days_ago * 86_400_000);
            insert_session_detail(&tx, &session)?;
            ids.push(session.id);
        }
        tx.commit()?;
        Ok(ids)
    }
}
