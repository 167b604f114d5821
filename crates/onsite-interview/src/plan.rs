//! Interview plans: how many questions from which tracks, with which time limits.

use std::fmt;

use serde::Serialize;

use crate::question::{Level, Track};

/// The built-in plans.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Default)]
pub enum PlanId {
    #[default]
    #[serde(rename = "quick-15")]
    Quick15,
    #[serde(rename = "system-design-45")]
    SystemDesign45,
    #[serde(rename = "behavioural-30")]
    Behavioural30,
    #[serde(rename = "staff-loop")]
    StaffLoop,
}

impl PlanId {
    pub const ALL: [PlanId; 4] = [
        PlanId::Quick15,
        PlanId::SystemDesign45,
        PlanId::Behavioural30,
        PlanId::StaffLoop,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            PlanId::Quick15 => "quick-15",
            PlanId::SystemDesign45 => "system-design-45",
            PlanId::Behavioural30 => "behavioural-30",
            PlanId::StaffLoop => "staff-loop",
        }
    }

    pub fn parse(s: &str) -> Result<PlanId, PlanError> {
        PlanId::ALL
            .into_iter()
            .find(|p| p.as_str() == s)
            .ok_or_else(|| PlanError::UnknownPlan(s.to_string()))
    }
}

impl fmt::Display for PlanId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Why a plan could not be built as asked.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PlanError {
    #[error("unknown plan {0:?}; choose quick-15, system-design-45, behavioural-30 or staff-loop")]
    UnknownPlan(String),
    #[error("a plan needs between 1 and {max} questions, not {asked}")]
    QuestionCount { asked: usize, max: usize },
    #[error("{what} must be between {min} and {max} seconds, not {asked}")]
    TimeLimit {
        what: &'static str,
        asked: u32,
        min: u32,
        max: u32,
    },
    #[error("no {level} questions in the bank for the {track} track")]
    NoQuestions { track: Track, level: Level },
}

impl PlanError {
    pub fn code(&self) -> &'static str {
        match self {
            PlanError::UnknownPlan(_) => "plan_unknown",
            PlanError::QuestionCount { .. } => "plan_question_count",
            PlanError::TimeLimit { .. } => "plan_time_limit",
            PlanError::NoQuestions { .. } => "plan_no_questions",
        }
    }
}

/// One position in a plan: which tracks may fill it, and optional caps on its time limits.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlanSlot {
    /// Tracks in order of preference.
    pub tracks: Vec<Track>,
    /// Caps the question's own prep time (short plans shorten long questions).
    pub prep_cap_s: Option<u32>,
    pub answer_cap_s: Option<u32>,
}

/// A plan, resolved with the user's options.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Plan {
    pub id: PlanId,
    pub description: &'static str,
    /// Forced level (the staff loop is always staff); otherwise the profile or `senior` decides.
    pub level: Option<Level>,
    pub follow_ups: bool,
    pub follow_up_answer_s: u32,
    pub slots: Vec<PlanSlot>,
    /// Overrides every question's limits when set.
    pub prep_s: Option<u32>,
    pub answer_s: Option<u32>,
}

/// What the user may change about a plan.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PlanOptions {
    pub questions: Option<usize>,
    pub prep_s: Option<u32>,
    pub answer_s: Option<u32>,
    pub follow_ups: Option<bool>,
    pub level: Option<Level>,
}

pub const MAX_QUESTIONS: usize = 12;

fn slot(tracks: &[Track], prep: Option<u32>, answer: Option<u32>) -> PlanSlot {
    PlanSlot {
        tracks: tracks.to_vec(),
        prep_cap_s: prep,
        answer_cap_s: answer,
    }
}

impl Plan {
    /// The plan as shipped, before options.
    pub fn builtin(id: PlanId) -> Plan {
        use Track::*;
        let (description, level, follow_up_answer_s, slots) = match id {
            PlanId::Quick15 => (
                "A mixed 15-minute session: one short design question, one leadership story, one on operations, debt or ambiguity.",
                None,
                60,
                vec![
                    slot(&[SystemDesign, ArchitectureReview], Some(60), Some(240)),
                    slot(&[Leadership], Some(30), Some(150)),
                    slot(&[Operations, TechnicalDebt, Ambiguity], Some(30), Some(150)),
                ],
            ),
            PlanId::SystemDesign45 => (
                "A 45-minute design round: one full system design and one deep dive into architecture you know.",
                None,
                120,
                vec![
                    slot(&[SystemDesign], Some(180), Some(1200)),
                    slot(&[ArchitectureReview], Some(90), Some(600)),
                ],
            ),
            PlanId::Behavioural30 => (
                "A 30-minute behavioural round: leadership, ambiguity, technical debt, incidents and learning.",
                None,
                60,
                vec![
                    slot(&[Leadership], Some(45), Some(240)),
                    slot(&[Ambiguity], Some(45), Some(240)),
                    slot(&[TechnicalDebt], Some(45), Some(240)),
                    slot(&[Operations], Some(45), Some(240)),
                    slot(&[Learning], Some(45), Some(240)),
                ],
            ),
            PlanId::StaffLoop => (
                "A staff-level loop of about an hour: organisation-wide design, strategy, influence, debt and a deep dive.",
                Some(Level::Staff),
                90,
                vec![
                    slot(&[SystemDesign], None, None),
                    slot(&[Leadership], None, None),
                    slot(&[TechnicalDebt, Operations], None, None),
                    slot(&[Ambiguity], None, None),
                    slot(&[ArchitectureReview], None, None),
                ],
            ),
        };
        Plan {
            id,
            description,
            level,
            follow_ups: true,
            follow_up_answer_s,
            slots,
            prep_s: None,
            answer_s: None,
        }
    }

    /// The plan with the user's options applied and checked.
    pub fn with_options(id: PlanId, opts: PlanOptions) -> Result<Plan, PlanError> {
        let mut plan = Plan::builtin(id);
        if let Some(n) = opts.questions {
            if n == 0 || n > MAX_QUESTIONS {
                return Err(PlanError::QuestionCount {
                    asked: n,
                    max: MAX_QUESTIONS,
                });
            }
            // More questions than slots repeats the plan's rotation of tracks.
            let base = plan.slots.clone();
            plan.slots = (0..n).map(|i| base[i % base.len()].clone()).collect();
        }
        if let Some(p) = opts.prep_s {
            check("prep time", p, 0, 1800)?;
            plan.prep_s = Some(p);
        }
        if let Some(a) = opts.answer_s {
            check("answer time", a, 30, 3600)?;
            plan.answer_s = Some(a);
        }
        if let Some(f) = opts.follow_ups {
            plan.follow_ups = f;
        }
        if let Some(l) = opts.level {
            plan.level = Some(l);
        }
        Ok(plan)
    }

    /// Most recorded answers this plan can use: one per question, plus one per follow-up.
    pub fn max_answers(&self) -> usize {
        self.slots.len() * if self.follow_ups { 2 } else { 1 }
    }
}

fn check(what: &'static str, asked: u32, min: u32, max: u32) -> Result<(), PlanError> {
    if (min..=max).contains(&asked) {
        Ok(())
    } else {
        Err(PlanError::TimeLimit {
            what,
            asked,
            min,
            max,
        })
    }
}
