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

/// The rubric kind: which scoring lens the rubric engine applies (`onsite score --kind`). It is
/// the rubric's own vocabulary enum, so the question bank, the engine and the UI share one list.
pub use onsite_rubric::QuestionKind as Kind;

/// What an answer is missing, and so what a follow-up can aim at.
///
/// The ids are exactly the rubric's gap ids (`onsite_rubric::Gap::as_str`), so a follow-up keyed
/// in a question file lines up with the rubric's `biggest_gap` by name; the conversion from the
/// rubric's enum is exhaustive, so a gap added there fails to compile here until it is mapped.
/// Question files may also use the framework/STAR step names as aliases (`deep_dive`,
/// `alternatives`, `quantified_result`, ...).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Gap {
    NoSpeech,
    NeedsRequirements,
    #[serde(alias = "clarify_constraints")]
    NoConstraints,
    #[serde(alias = "trade_offs")]
    NoTradeOffs,
    OverEngineering,
    #[serde(alias = "deep_dive")]
    NoDeepDive,
    #[serde(alias = "failure_modes")]
    NoFailureModes,
    #[serde(alias = "growth_operations")]
    NoOperations,
    #[serde(alias = "alternatives")]
    NoAlternatives,
    Complaining,
    IndividualOnly,
    #[serde(alias = "situation")]
    NoSituation,
    #[serde(alias = "action")]
    NoAction,
    #[serde(alias = "result")]
    NoResult,
    #[serde(alias = "quantified_result")]
    NoQuantifiedResult,
    #[serde(alias = "business_impact")]
    NoBusinessImpact,
    #[serde(alias = "influence")]
    NoInfluence,
    NoExample,
}

impl Gap {
    pub const ALL: [Gap; 18] = [
        Gap::NoSpeech,
        Gap::NeedsRequirements,
        Gap::NoConstraints,
        Gap::NoTradeOffs,
        Gap::OverEngineering,
        Gap::NoDeepDive,
        Gap::NoFailureModes,
        Gap::NoOperations,
        Gap::NoAlternatives,
        Gap::Complaining,
        Gap::IndividualOnly,
        Gap::NoSituation,
        Gap::NoAction,
        Gap::NoResult,
        Gap::NoQuantifiedResult,
        Gap::NoBusinessImpact,
        Gap::NoInfluence,
        Gap::NoExample,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Gap::NoSpeech => "no_speech",
            Gap::NeedsRequirements => "needs_requirements",
            Gap::NoConstraints => "no_constraints",
            Gap::NoTradeOffs => "no_trade_offs",
            Gap::OverEngineering => "over_engineering",
            Gap::NoDeepDive => "no_deep_dive",
            Gap::NoFailureModes => "no_failure_modes",
            Gap::NoOperations => "no_operations",
            Gap::NoAlternatives => "no_alternatives",
            Gap::Complaining => "complaining",
            Gap::IndividualOnly => "individual_only",
            Gap::NoSituation => "no_situation",
            Gap::NoAction => "no_action",
            Gap::NoResult => "no_result",
            Gap::NoQuantifiedResult => "no_quantified_result",
            Gap::NoBusinessImpact => "no_business_impact",
            Gap::NoInfluence => "no_influence",
            Gap::NoExample => "no_example",
        }
    }

    /// Parses a rubric gap id.
    pub fn parse(s: &str) -> Option<Gap> {
        Gap::ALL.into_iter().find(|g| g.as_str() == s)
    }

    /// Gaps close enough that a follow-up written for one also probes the other, best first.
    pub fn related(self) -> &'static [Gap] {
        match self {
            Gap::NoResult => &[Gap::NoQuantifiedResult, Gap::NoBusinessImpact],
            Gap::NoQuantifiedResult => &[Gap::NoResult, Gap::NoBusinessImpact],
            Gap::NoBusinessImpact => &[Gap::NoQuantifiedResult, Gap::NoResult],
            Gap::IndividualOnly => &[Gap::NoInfluence],
            Gap::NoInfluence => &[Gap::IndividualOnly],
            Gap::NoFailureModes => &[Gap::NoOperations, Gap::NoDeepDive],
            Gap::NoOperations => &[Gap::NoFailureModes],
            Gap::NoDeepDive => &[Gap::NoFailureModes],
            Gap::NoSituation => &[Gap::NoAction],
            Gap::NoAction => &[Gap::NoSituation],
            Gap::NoAlternatives => &[Gap::NoTradeOffs],
            _ => &[],
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
