//! The session report's content, read from the store: what every renderer draws.

use std::collections::BTreeMap;

use onsite_interview::summary::gap_focus;
use onsite_interview::Gap as FocusGap;
use onsite_interview::{round_score, FinalTake, SessionScores};
use onsite_rubric::{Assessment, Gap};
use onsite_store::{SessionDetail, SessionId, Store, StoreError, TakeDetail};
use serde::Serialize;

use crate::competency::{competency_label, COMPETENCIES};
use crate::delivery::DeliveryReport;
use crate::diagram::{figure, DiagramFigure};
use crate::highlight::{self, Highlight};
use crate::ReportError;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SessionReport {
    pub session_id: String,
    pub plan: String,
    pub level: String,
    pub started_at_ms: i64,
    pub ended_at_ms: Option<i64>,
    /// `2026-11-27 19:05 UTC`.
    pub date: String,
    pub questions: Vec<QuestionReport>,
    pub summary: SummaryReport,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QuestionReport {
    pub position: u32,
    pub question_id: String,
    pub text: String,
    pub follow_up: bool,
    /// How many takes were recorded; the report shows the latest scored one.
    pub takes: usize,
    pub attempt: Option<u32>,
    pub scored: Option<ScoredTake>,
    /// What the interviewer's voice said for the reported take (the question, a follow-up),
    /// in order: shown beside the candidate's words. Empty when the voice was off.
    pub interviewer: Vec<SpokenLine>,
    pub transcript: String,
    pub highlights: Vec<Highlight>,
    pub delivery: DeliveryReport,
    pub follow_ups: Vec<String>,
    /// The whiteboard as it stood at the end of the reported take, if one was drawn.
    pub diagram: Option<DiagramFigure>,
}

/// One line the interviewer said, as the report shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SpokenLine {
    /// `Question` or `Follow-up` (the store's `LineKind` label).
    pub label: String,
    pub text: String,
    /// Cut short: the candidate stopped it or began answering.
    pub stopped: bool,
}

impl SpokenLine {
    /// `Interviewer (question)`, with `, cut short` when it was.
    pub fn heading(&self) -> String {
        let cut = if self.stopped { ", cut short" } else { "" };
        format!("Interviewer ({}{cut})", self.label.to_lowercase())
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScoredTake {
    pub overall: f64,
    /// The rubric's one-paragraph verdict.
    pub verdict: String,
    pub competencies: Vec<CompetencyLine>,
    /// What to work on, most important first (from the rubric's gaps).
    pub next_steps: Vec<String>,
    pub red_flags: Vec<String>,
    pub strengths: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CompetencyLine {
    pub competency: String,
    pub label: String,
    pub score: f64,
    pub evidence: Vec<String>,
    pub advice: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SummaryReport {
    pub answered: usize,
    pub overall: Option<f64>,
    pub competencies: BTreeMap<String, f64>,
    pub strongest: Option<String>,
    pub weakest: Option<String>,
    /// The session's next steps: recurring gaps first, then the weakest competency's advice.
    pub next_steps: Vec<String>,
}

impl SummaryReport {
    /// Session scores in the rubric's competency order, with labels.
    pub fn ordered(&self) -> Vec<(String, f64)> {
        let mut names: Vec<&str> = COMPETENCIES
            .iter()
            .copied()
            .filter(|c| self.competencies.contains_key(*c))
            .collect();
        names.extend(
            self.competencies
                .keys()
                .map(String::as_str)
                .filter(|k| !COMPETENCIES.contains(k)),
        );
        names
            .into_iter()
            .filter_map(|n| self.competencies.get(n).map(|v| (competency_label(n), *v)))
            .collect()
    }
}

impl SessionReport {
    /// Reads session `id` (as the user typed it) from `store` and builds its report.
    pub fn load(store: &Store, id: &str) -> Result<Self, ReportError> {
        let sid: SessionId = id
            .parse()
            .map_err(|_| ReportError::BadSessionId(id.to_string()))?;
        let detail = store.session(&sid).map_err(|e| match e {
            StoreError::NotFound { .. } => ReportError::UnknownSession(id.to_string()),
            other => ReportError::Store(other),
        })?;
        Ok(Self::from_detail(&detail))
    }

    pub fn from_detail(d: &SessionDetail) -> Self {
        let questions: Vec<QuestionReport> = d
            .questions
            .iter()
            .map(|q| {
                let take = latest_scored(&q.takes);
                let assessment = take.and_then(assessment_of);
                let transcript = take
                    .map(|t| {
                        t.segments
                            .iter()
                            .map(|s| s.text.trim())
                            .filter(|s| !s.is_empty())
                            .collect::<Vec<_>>()
                            .join(" ")
                    })
                    .unwrap_or_default();
                let scored = take.and_then(|t| scored_take(t, assessment.as_ref()));
                let evidence: Vec<(String, String)> = scored
                    .iter()
                    .flat_map(|s| s.competencies.iter())
                    .flat_map(|c| c.evidence.iter().map(|e| (c.competency.clone(), e.clone())))
                    .collect();
                let fillers: Vec<String> = assessment
                    .as_ref()
                    .map(crate::delivery::filler_variants)
                    .unwrap_or_default();
                QuestionReport {
                    position: q.position,
                    question_id: q.question.question_id.clone(),
                    text: q.question.text.clone(),
                    follow_up: q.question.question_id.ends_with("/follow-up"),
                    takes: q.takes.len(),
                    attempt: take.map(|t| t.attempt),
                    interviewer: take
                        .map(|t| {
                            t.interviewer_lines
                                .iter()
                                .map(|l| SpokenLine {
                                    label: l.kind.label().to_string(),
                                    text: l.text.clone(),
                                    stopped: l.stopped,
                                })
                                .collect()
                        })
                        .unwrap_or_default(),
                    highlights: highlight::find(&transcript, &evidence, &fillers),
                    transcript,
                    delivery: DeliveryReport::build(
                        take.map(|t| t.segments.as_slice()).unwrap_or(&[]),
                        assessment.as_ref(),
                    ),
                    follow_ups: take
                        .map(|t| t.follow_ups.iter().map(|f| f.text.clone()).collect())
                        .unwrap_or_default(),
                    diagram: take.and_then(|t| figure(t, assessment.as_ref())),
                    scored,
                }
            })
            .collect();
        let summary = summarise(d, &questions);
        Self {
            session_id: d.id.to_string(),
            plan: d.plan.clone(),
            level: d.level.clone(),
            started_at_ms: d.started_at_ms,
            ended_at_ms: d.ended_at_ms,
            date: onsite_store::format_utc(d.started_at_ms),
            questions,
            summary,
        }
    }
}

/// A retry replaces the earlier attempt, as in the store's session scores.
pub(crate) fn latest_scored(takes: &[TakeDetail]) -> Option<&TakeDetail> {
    takes
        .iter()
        .filter(|t| t.rubric.is_some())
        .max_by_key(|t| t.attempt)
        .or_else(|| takes.iter().max_by_key(|t| t.attempt))
}

/// The rubric's full result; `None` for results from another rubric contract (the stored
/// per-competency scores are still reported).
pub(crate) fn assessment_of(take: &TakeDetail) -> Option<Assessment> {
    take.rubric
        .as_ref()
        .and_then(|r| serde_json::from_value(r.result.clone()).ok())
}

fn scored_take(take: &TakeDetail, a: Option<&Assessment>) -> Option<ScoredTake> {
    let record = take.rubric.as_ref()?;
    let mut competencies: Vec<CompetencyLine> = Vec::new();
    let mut names: Vec<&str> = COMPETENCIES.to_vec();
    names.extend(
        record
            .scores
            .keys()
            .map(String::as_str)
            .filter(|k| !COMPETENCIES.contains(k)),
    );
    for name in names {
        let Some(score) = record.scores.get(name).copied() else {
            continue;
        };
        let c = a.and_then(|a| a.competency(name));
        competencies.push(CompetencyLine {
            competency: name.to_string(),
            label: competency_label(name),
            score,
            evidence: c
                .map(|c| c.evidence.iter().map(|e| e.text.clone()).collect())
                .unwrap_or_default(),
            advice: c.map(|c| c.advice.clone()).unwrap_or_default(),
        });
    }
    Some(ScoredTake {
        overall: take_overall(a.map(|a| a.overall), &record.scores),
        verdict: a.map(|a| a.summary.clone()).unwrap_or_default(),
        competencies,
        next_steps: a
            .map(|a| {
                a.gaps
                    .iter()
                    .filter(|g| **g != Gap::NoSpeech)
                    .take(3)
                    .map(|g| gap_focus(FocusGap::from(*g)).to_string())
                    .collect()
            })
            .unwrap_or_default(),
        red_flags: a
            .map(|a| a.red_flags.iter().map(|s| s.message.clone()).collect())
            .unwrap_or_default(),
        strengths: a
            .map(|a| {
                a.positive_signals
                    .iter()
                    .map(|s| s.message.clone())
                    .collect()
            })
            .unwrap_or_default(),
    })
}

fn summarise(d: &SessionDetail, questions: &[QuestionReport]) -> SummaryReport {
    let scored: Vec<&ScoredTake> = questions.iter().filter_map(|q| q.scored.as_ref()).collect();
    let by_take: Vec<(f64, BTreeMap<String, f64>)> = scored
        .iter()
        .map(|s| {
            let scores = s
                .competencies
                .iter()
                .map(|c| (c.competency.clone(), c.score))
                .collect();
            (s.overall, scores)
        })
        .collect();
    // The same numbers as the session summary, History and Progress.
    let SessionScores {
        overall,
        competencies,
        ..
    } = SessionScores::of(by_take.iter().map(|(overall, scores)| FinalTake {
        overall: *overall,
        competencies: scores,
    }));
    // Ties resolve by name so the report is stable.
    let strongest = competencies
        .iter()
        .max_by(|a, b| a.1.total_cmp(b.1).then_with(|| b.0.cmp(a.0)))
        .map(|(k, _)| k.clone());
    let weakest = competencies
        .iter()
        .min_by(|a, b| a.1.total_cmp(b.1).then_with(|| a.0.cmp(b.0)))
        .map(|(k, _)| k.clone());

    // Gaps weigh by their rank in each answer and by how often they recur.
    let mut weight: BTreeMap<FocusGap, f64> = BTreeMap::new();
    for q in &d.questions {
        if let Some(a) = latest_scored(&q.takes).and_then(assessment_of) {
            for (rank, g) in a
                .gaps
                .iter()
                .filter(|g| **g != Gap::NoSpeech)
                .take(3)
                .enumerate()
            {
                *weight.entry(FocusGap::from(*g)).or_insert(0.0) += 3.0 - rank as f64;
            }
        }
    }
    let mut ranked: Vec<(FocusGap, f64)> = weight.into_iter().collect();
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let mut next_steps: Vec<String> = ranked
        .iter()
        .take(3)
        .map(|(g, _)| format!("Practise {}", gap_focus(*g)))
        .collect();
    if let Some(w) = &weakest {
        let advice = scored
            .iter()
            .flat_map(|s| s.competencies.iter())
            .filter(|c| &c.competency == w && !c.advice.is_empty())
            .min_by(|a, b| a.score.total_cmp(&b.score))
            .map(|c| format!("{}: {}", c.label, c.advice));
        if let Some(advice) = advice {
            if !next_steps.contains(&advice) {
                next_steps.push(advice);
            }
        }
    }
    SummaryReport {
        answered: scored.len(),
        overall,
        competencies,
        strongest,
        weakest,
        next_steps,
    }
}

pub(crate) fn round1(x: f64) -> f64 {
    round_score(x)
}

/// A take's overall: the rubric's own, or for a result without one (another rubric contract)
/// the mean of its stored competency scores.
pub fn take_overall(rubric_overall: Option<f64>, scores: &BTreeMap<String, f64>) -> f64 {
    rubric_overall.unwrap_or_else(|| {
        if scores.is_empty() {
            0.0
        } else {
            round_score(scores.values().sum::<f64>() / scores.len() as f64)
        }
    })
}
