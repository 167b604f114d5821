//! What a question is: its track, level, rubric kind, limits, talking points and follow-ups.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

/// The areas of a senior/staff loop a question belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Track {
    SystemDesign,
    Leadership,
    TechnicalDebt,
    Operations,
    Ambiguity,
    ArchitectureReview,
    Learning,
}

impl Track {
    pub const ALL: [Track; 7] = [
        Track::SystemDesign,
        Track::Leadership,
        Track::TechnicalDebt,
        Track::Operations,
        Track::Ambiguity,
        Track::ArchitectureReview,
        Track::Learning,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Track::SystemDesign => "system-design",
            Track::Leadership => "leadership",
            Track::TechnicalDebt => "technical-debt",
            Track::Operations => "operations",
            Track::Ambiguity => "ambiguity",
            Track::ArchitectureReview => "architecture-review",
            Track::Learning => "learning",
        }
    }

    /// Parses the kebab-case name used in files and on the command line.
    pub fn parse(s: &str) -> Option<Track> {
        Track::ALL.into_iter().find(|t| t.as_str() == s)
    }

    /// Human label for reasons and summaries.
    pub fn label(self) -> &'static str {
        match self {
            Track::SystemDesign => "system design",
            Track::Leadership => "leadership and influence",
            Track::TechnicalDebt => "technical debt",
            Track::Operations => "operations and incident response",
            Track::Ambiguity => "ambiguity and ownership",
            Track::ArchitectureReview => "architecture and code-review deep dive",
            Track::Learning => "learning and knowledge gaps",
        }
    }
}

impl fmt::Display for Track {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The seniority a question is pitched at. Staff questions are about an organisation's direction;
/// senior ones about a team's systems.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Senior,
    Staff,
}

impl Level {
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Senior => "senior",
            Level::Staff => "staff",
        }
    }

    pub fn parse(s: &str) -> Option<Level> {
        match s {
            "senior" => Some(Level::Senior),
            "staff" => Some(Level::Staff),
            _ => None,
        }
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The rubric kind: which scoring lens the rubric engine applies (`onsite score --kind`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    SystemDesign,
    Behavioural,
    TechnicalDebt,
    Operations,
    Ambiguity,
    General,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::SystemDesign => "system-design",
            Kind::Behavioural => "behavioural",
            Kind::TechnicalDebt => "technical-debt",
            Kind::Operations => "operations",
            Kind::Ambiguity => "ambiguity",
            Kind::General => "general",
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A weakness the rubric can find in an answer, and so what a follow-up can aim at.
///
/// The names are the rubric's own: its red flags, system-design framework steps, STAR parts and
/// competencies, so a follow-up keyed in a question file lines up with a rubric result by name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Gap {
    // Red flags.
    NoConstraints,
    OverEngineering,
    NoTradeOffs,
    IndividualOnly,
    NeedsRequirements,
    Complaining,
    // System-design framework steps left uncovered.
    ClarifyConstraints,
    HighLevelArchitecture,
    DeepDive,
    TradeOffs,
    GrowthOperations,
    Alternatives,
    // STAR parts left out of a story.
    Situation,
    Task,
    Action,
    Result,
    QuantifiedResult,
    // Competencies that scored lowest.
    TechnicalDepth,
    ArchitecturalThinking,
    LeadershipInfluence,
    Pragmatism,
    Ownership,
    Communication,
}

impl Gap {
    pub const ALL: [Gap; 23] = [
        Gap::NoConstraints,
        Gap::OverEngineering,
        Gap::NoTradeOffs,
        Gap::IndividualOnly,
        Gap::NeedsRequirements,
        Gap::Complaining,
        Gap::ClarifyConstraints,
        Gap::HighLevelArchitecture,
        Gap::DeepDive,
        Gap::TradeOffs,
        Gap::GrowthOperations,
        Gap::Alternatives,
        Gap::Situation,
        Gap::Task,
        Gap::Action,
        Gap::Result,
        Gap::QuantifiedResult,
        Gap::TechnicalDepth,
        Gap::ArchitecturalThinking,
        Gap::LeadershipInfluence,
        Gap::Pragmatism,
        Gap::Ownership,
        Gap::Communication,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Gap::NoConstraints => "no_constraints",
            Gap::OverEngineering => "over_engineering",
            Gap::NoTradeOffs => "no_trade_offs",
            Gap::IndividualOnly => "individual_only",
            Gap::NeedsRequirements => "needs_requirements",
            Gap::Complaining => "complaining",
            Gap::ClarifyConstraints => "clarify_constraints",
            Gap::HighLevelArchitecture => "high_level_architecture",
            Gap::DeepDive => "deep_dive",
            Gap::TradeOffs => "trade_offs",
            Gap::GrowthOperations => "growth_operations",
            Gap::Alternatives => "alternatives",
            Gap::Situation => "situation",
            Gap::Task => "task",
            Gap::Action => "action",
            Gap::Result => "result",
            Gap::QuantifiedResult => "quantified_result",
            Gap::TechnicalDepth => "technical_depth",
            Gap::ArchitecturalThinking => "architectural_thinking",
            Gap::LeadershipInfluence => "leadership_influence",
            Gap::Pragmatism => "pragmatism",
            Gap::Ownership => "ownership",
            Gap::Communication => "communication",
        }
    }

    /// Parses a rubric id (red flag, framework step, STAR part or competency name).
    pub fn parse(s: &str) -> Option<Gap> {
        Gap::ALL.into_iter().find(|g| g.as_str() == s)
    }

    /// The gap that means the same thing seen from the other side: a red flag and the framework
    /// step whose absence raises it. A question may key its follow-up under either name.
    pub fn twin(self) -> Option<Gap> {
        match self {
            Gap::NoConstraints => Some(Gap::ClarifyConstraints),
            Gap::ClarifyConstraints => Some(Gap::NoConstraints),
            Gap::NoTradeOffs => Some(Gap::TradeOffs),
            Gap::TradeOffs => Some(Gap::NoTradeOffs),
            Gap::IndividualOnly => Some(Gap::LeadershipInfluence),
            Gap::LeadershipInfluence => Some(Gap::IndividualOnly),
            Gap::QuantifiedResult => Some(Gap::Result),
            Gap::Result => Some(Gap::QuantifiedResult),
            _ => None,
        }
    }
}

impl fmt::Display for Gap {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How a template slot (`{tech}` in the text) is filled from a candidate's profile.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Slot {
    /// Taxonomy category to draw from (e.g. `streaming`, `datastore`, `cloud`).
    pub from: String,
    /// Used when the profile names nothing in that category, so the question still reads well.
    pub default: String,
}

/// One interview question, as written in the bank.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Question {
    pub id: String,
    pub track: Track,
    pub level: Level,
    pub kind: Kind,
    /// May contain `{slot}` placeholders described in `slots`.
    pub text: String,
    /// Seconds to think before answering.
    pub prep_s: u32,
    /// Seconds allowed for the answer.
    pub answer_s: u32,
    /// What a strong answer covers.
    pub talking_points: Vec<String>,
    /// Follow-ups keyed by the gap they probe.
    pub follow_ups: BTreeMap<Gap, String>,
    /// Technologies and domains the question touches (taxonomy ids).
    pub tags: Vec<String>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub slots: BTreeMap<String, Slot>,
}

impl Question {
    /// The names of the `{slot}` placeholders in the text, in order of appearance.
    pub fn placeholders(&self) -> Vec<&str> {
        placeholders(&self.text)
    }
}

pub(crate) fn placeholders(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) => {
                out.push(&after[..close]);
                rest = &after[close + 1..];
            }
            None => break,
        }
    }
    out
}
