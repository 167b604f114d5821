//! The assessment: the JSON contract `onsite score` prints and the store keeps.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::gap::Gap;
use crate::input::QuestionKind;
use crate::vocabulary::{Competency, FrameworkStep};

/// A quoted span of the answer. Word indexes are inclusive and count the answer's spoken words
/// from 0; milliseconds are null when the answer had no timings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Evidence {
    pub text: String,
    pub start_word: usize,
    pub end_word: usize,
    pub start_ms: Option<u64>,
    pub end_ms: Option<u64>,
}

/// One competency: 1.0–5.0, the spans that earned it, and what to do next.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CompetencyScore {
    pub score: f64,
    pub evidence: Vec<Evidence>,
    pub advice: String,
}

/// The six competencies, keyed by name in JSON.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Competencies {
    pub technical_depth: CompetencyScore,
    pub architectural_thinking: CompetencyScore,
    pub leadership_influence: CompetencyScore,
    pub pragmatism: CompetencyScore,
    pub ownership: CompetencyScore,
    pub communication: CompetencyScore,
}

impl Competencies {
    /// One competency's score.
    pub fn get(&self, c: Competency) -> &CompetencyScore {
        match c {
            Competency::TechnicalDepth => &self.technical_depth,
            Competency::ArchitecturalThinking => &self.architectural_thinking,
            Competency::LeadershipInfluence => &self.leadership_influence,
            Competency::Pragmatism => &self.pragmatism,
            Competency::Ownership => &self.ownership,
            Competency::Communication => &self.communication,
        }
    }

    /// In the contract's order, with their JSON names.
    pub fn iter(&self) -> [(&'static str, &CompetencyScore); 6] {
        let all = Competency::ALL;
        std::array::from_fn(|i| (all[i].id(), self.get(all[i])))
    }
}

/// One step of the system-design framework.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Step {
    pub covered: bool,
    pub evidence: Vec<Evidence>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Framework {
    pub clarify_constraints: Step,
    pub high_level_architecture: Step,
    pub deep_dive: Step,
    pub trade_offs: Step,
    pub growth_operations: Step,
    pub alternatives: Step,
    /// Whether constraints were asked or assumed before the first architecture; false too for a
    /// system design with no constraint at all; null when the answer has no architecture, or
    /// (other kinds) no constraints.
    pub constraints_before_architecture: Option<bool>,
}

impl Framework {
    /// One step.
    pub fn get(&self, step: FrameworkStep) -> &Step {
        match step {
            FrameworkStep::ClarifyConstraints => &self.clarify_constraints,
            FrameworkStep::HighLevelArchitecture => &self.high_level_architecture,
            FrameworkStep::DeepDive => &self.deep_dive,
            FrameworkStep::TradeOffs => &self.trade_offs,
            FrameworkStep::GrowthOperations => &self.growth_operations,
            FrameworkStep::Alternatives => &self.alternatives,
        }
    }

    /// In the order an interviewer expects them, with their JSON names.
    pub fn steps(&self) -> [(&'static str, &Step); 6] {
        let all = FrameworkStep::ALL;
        std::array::from_fn(|i| (all[i].id(), self.get(all[i])))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Star {
    pub situation: bool,
    pub task: bool,
    pub action: bool,
    pub result: bool,
    /// A result with a number, percentage, duration or money.
    pub quantified_result: bool,
}

/// How often the answer says "I", "we" and "they" (as speaker, team, others).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Agency {
    pub i: u32,
    pub we: u32,
    pub they: u32,
}

/// A red flag or a positive signal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Signal {
    pub id: String,
    pub message: String,
    pub evidence: Vec<Evidence>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Fillers {
    pub count: u32,
    pub per_min: Option<f64>,
    pub by_word: BTreeMap<String, u32>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Hedges {
    pub count: u32,
    pub per_min: Option<f64>,
    pub by_phrase: BTreeMap<String, u32>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pause {
    pub start_ms: u64,
    pub end_ms: u64,
}

/// How the answer was spoken. Timing fields are null for plain text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Delivery {
    pub words: usize,
    pub duration_s: Option<f64>,
    pub wpm: Option<f64>,
    pub fillers: Fillers,
    /// Silences longer than the pack's threshold (2.5 s by default), from voice activity
    /// detection; null when the input had no timings.
    pub long_pauses: Option<Vec<Pause>>,
    pub hedges: Hedges,
    /// Share of the answer's words in sentences that repeat an earlier one (0..1).
    pub repetition: f64,
    /// Delivery problems worth telling the speaker: `slow`, `fast`, `many_fillers`,
    /// `long_pauses`, `hedging`, `repetition`.
    pub flags: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TalkingPoints {
    pub covered: Vec<String>,
    pub missed: Vec<String>,
}

/// What a stretch of the answer does, as an interviewer would note it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MoveKind {
    /// A question put to the interviewer.
    Question,
    /// An assumption or a quantity stated ("let's assume", "three thousand checkouts a minute").
    Assumption,
    /// A hard requirement ("we can never oversell").
    Requirement,
    /// A component or technology chosen.
    ComponentChoice,
    /// A reason given for a choice.
    Justification,
    /// An option considered and set aside.
    AlternativeRejected,
    /// A failure mode or risk, and what happens then.
    FailureMode,
    /// Monitoring, rollout, scaling or recovery.
    Operations,
    /// What came of it.
    Result,
    /// Someone else acting, credited or helped.
    OtherPerson,
    /// Blame of people, teams or management.
    Blame,
    /// A refusal to proceed without more requirements.
    Refusal,
}

impl MoveKind {
    pub const ALL: [MoveKind; 12] = [
        Self::Question,
        Self::Assumption,
        Self::Requirement,
        Self::ComponentChoice,
        Self::Justification,
        Self::AlternativeRejected,
        Self::FailureMode,
        Self::Operations,
        Self::Result,
        Self::OtherPerson,
        Self::Blame,
        Self::Refusal,
    ];

    /// The JSON name.
    pub fn id(self) -> &'static str {
        match self {
            Self::Question => "question",
            Self::Assumption => "assumption",
            Self::Requirement => "requirement",
            Self::ComponentChoice => "component_choice",
            Self::Justification => "justification",
            Self::AlternativeRejected => "alternative_rejected",
            Self::FailureMode => "failure_mode",
            Self::Operations => "operations",
            Self::Result => "result",
            Self::OtherPerson => "other_person",
            Self::Blame => "blame",
            Self::Refusal => "refusal",
        }
    }

    /// What a person reads.
    pub fn label(self) -> &'static str {
        match self {
            Self::Question => "Question to the interviewer",
            Self::Assumption => "Stated assumption",
            Self::Requirement => "Requirement",
            Self::ComponentChoice => "Component chosen",
            Self::Justification => "Reason given",
            Self::AlternativeRejected => "Alternative set aside",
            Self::FailureMode => "Failure mode",
            Self::Operations => "Operations",
            Self::Result => "Result",
            Self::OtherPerson => "Someone else's role",
            Self::Blame => "Blame",
            Self::Refusal => "Refusal to proceed",
        }
    }
}

/// One move, with the span it was read from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Move {
    pub kind: MoveKind,
    pub evidence: Evidence,
}

/// Everything the rubric found in one answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Assessment {
    pub overall: f64,
    pub kind: QuestionKind,
    /// True when the answer held no words; every score is then 1.0 and `summary` says so.
    pub no_speech: bool,
    pub summary: String,
    pub competencies: Competencies,
    pub framework: Framework,
    pub star: Star,
    pub agency: Agency,
    pub red_flags: Vec<Signal>,
    pub positive_signals: Vec<Signal>,
    pub delivery: Delivery,
    pub talking_points: TalkingPoints,
    /// What is missing, most important first: the follow-up an interviewer would ask about.
    pub gaps: Vec<Gap>,
    pub rubric_version: String,
    /// The answer read as moves, in the order they were said (empty in results stored before
    /// rubric 2.0.0).
    #[serde(default)]
    pub moves: Vec<Move>,
}

impl Assessment {
    /// The gap an interviewer would probe next, if any.
    pub fn biggest_gap(&self) -> Option<Gap> {
        self.gaps.first().copied()
    }

    pub fn has_red_flag(&self, id: &str) -> bool {
        self.red_flags.iter().any(|f| f.id == id)
    }

    /// A competency's score by its JSON name.
    pub fn competency(&self, name: &str) -> Option<&CompetencyScore> {
        self.competencies
            .iter()
            .into_iter()
            .find(|(n, _)| *n == name)
            .map(|(_, c)| c)
    }
}
