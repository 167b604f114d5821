//! Seeds a real store the way the app fills it: sessions, questions, takes with timed words,
//! rubric results from the real rubric pack. Shared by the CLI's report, progress, rescore and
//! stories tests, the shell's progress test and the end-to-end Progress test.

use std::path::Path;

use onsite_datadir::DataDir;
use onsite_rubric::{Answer, Assessment, Question, QuestionKind, RubricPack};
use onsite_store::{NewSession, QuestionSnapshot, RubricRecord, SessionId, Store, TakeEnd, TakeId};
use onsite_transcript::{Segment, Span, Transcript, Word};

pub const DAY_MS: i64 = 86_400_000;

#[derive(Debug)]
pub struct Seeder {
    pub store: Store,
    pack: RubricPack,
    /// When set, results are stored as if this rubric version had produced them, with their
    /// overall lowered by 1: what an older build would have left behind.
    pub older_rubric: Option<String>,
}

#[derive(Debug)]
pub struct Seeded {
    pub take: TakeId,
    pub assessment: Assessment,
}

impl Seeder {
    pub fn open(data: &Path) -> Self {
        let dir = DataDir::open(Some(data)).expect("data dir");
        Self {
            store: Store::open(&dir).expect("store"),
            pack: RubricPack::select(None, None).expect("default rubric pack"),
            older_rubric: None,
        }
    }

    pub fn session(&mut self, plan: &str, started_at_ms: i64) -> SessionId {
        self.store
            .create_session(&NewSession {
                plan: plan.into(),
                level: "senior".into(),
                tailoring: serde_json::json!({}),
                started_at_ms,
            })
            .expect("session")
    }

    /// One answered question: the text is spoken at 150 wpm, and `||` in it is a 3 s silence.
    pub fn answer(
        &mut self,
        session: &SessionId,
        at_ms: i64,
        question_id: &str,
        question: &str,
        kind: QuestionKind,
        text: &str,
    ) -> Seeded {
        let asked = self
            .store
            .ask_question(
                session,
                &QuestionSnapshot {
                    question_id: question_id.into(),
                    question_version: "1".into(),
                    text: question.into(),
                },
                at_ms,
            )
            .expect("ask");
        let take = self.store.start_take(asked, at_ms, None).expect("take").id;
        let mut words = Vec::new();
        let mut pauses = Vec::new();
        let mut t = 0u64;
        for w in text.split_whitespace() {
            if w == "||" {
                pauses.push(Span {
                    start_ms: t,
                    end_ms: t + 3_000,
                });
                t += 3_000;
                continue;
            }
            words.push(Word {
                text: w.into(),
                start_ms: t,
                end_ms: t + 350,
                p: 0.9,
            });
            t += 400;
        }
        let clean: Vec<&str> = words.iter().map(|w| w.text.as_str()).collect();
        let segment = Segment {
            start_ms: 0,
            end_ms: t,
            text: clean.join(" "),
            words,
        };
        let transcript = Transcript {
            text: segment.text.clone(),
            duration_ms: t,
            model: "seed".into(),
            segments: vec![segment.clone()],
            pauses,
        };
        self.store.append_segment(take, &segment).expect("segment");
        self.store
            .finish_take(take, TakeEnd::Complete, at_ms + t as i64)
            .expect("finish");
        let mut q = Question::new(kind);
        q.text = question.into();
        let assessment = self
            .pack
            .assess(&q, &Answer::from_transcript(&transcript))
            .expect("assess");
        let mut stored = assessment.clone();
        if let Some(older) = &self.older_rubric {
            stored.rubric_version = older.clone();
            stored.overall = (stored.overall - 1.0).max(1.0);
        }
        let record = RubricRecord {
            rubric_version: stored.rubric_version.clone(),
            scores: assessment
                .competencies
                .iter()
                .into_iter()
                .map(|(k, c)| (k.to_string(), c.score))
                .collect(),
            result: serde_json::to_value(&stored).expect("json"),
            scored_at_ms: at_ms + t as i64,
        };
        self.store.save_rubric(take, &record).expect("rubric");
        Seeded { take, assessment }
    }

    pub fn finish(&mut self, session: &SessionId, at_ms: i64) {
        self.store
            .finish_session(session, at_ms)
            .expect("finish session");
    }
}
