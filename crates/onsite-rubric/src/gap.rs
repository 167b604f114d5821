//! Gaps: what an answer is missing, as a stable enum the interview engine picks follow-ups from.

use serde::{Deserialize, Serialize};

/// Something an interviewer would probe next. Ids (`as_str`) are stable: they are stored with
/// sessions and named in rubric packs' `gap_order`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Gap {
    /// Nothing was said.
    NoSpeech,
    /// Refused to move without detailed requirements.
    NeedsRequirements,
    /// Designed without asking about or assuming scale, latency, consistency or cost.
    NoConstraints,
    /// Named no trade-off (or only said there were none).
    NoTradeOffs,
    /// Reached for complex machinery the stated constraints do not need.
    OverEngineering,
    /// Stayed at boxes and arrows: no data store, cache, API or failover detail.
    NoDeepDive,
    /// Never said what happens when a component fails.
    NoFailureModes,
    /// No monitoring, alerting, recovery or growth plan.
    NoOperations,
    /// No alternative considered.
    NoAlternatives,
    /// Blamed others without saying what was done about it.
    Complaining,
    /// "I" did everything; nobody else was involved or elevated.
    IndividualOnly,
    /// No setting for the story.
    NoSituation,
    /// No account of what the speaker personally did.
    NoAction,
    /// The story has no outcome.
    NoResult,
    /// The outcome has no number.
    NoQuantifiedResult,
    /// No link to customers, money or the business.
    NoBusinessImpact,
    /// Nobody outside the speaker's own work was convinced or aligned.
    NoInfluence,
    /// Asked for a time it happened, answered with a method or a plan.
    NoExample,
}

impl Gap {
    pub const ALL: [Gap; 18] = [
        Self::NoSpeech,
        Self::NeedsRequirements,
        Self::NoConstraints,
        Self::NoTradeOffs,
        Self::OverEngineering,
        Self::NoDeepDive,
        Self::NoFailureModes,
        Self::NoOperations,
        Self::NoAlternatives,
        Self::Complaining,
        Self::IndividualOnly,
        Self::NoSituation,
        Self::NoAction,
        Self::NoResult,
        Self::NoQuantifiedResult,
        Self::NoBusinessImpact,
        Self::NoInfluence,
        Self::NoExample,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::NoSpeech => "no_speech",
            Self::NeedsRequirements => "needs_requirements",
            Self::NoConstraints => "no_constraints",
            Self::NoTradeOffs => "no_trade_offs",
            Self::OverEngineering => "over_engineering",
            Self::NoDeepDive => "no_deep_dive",
            Self::NoFailureModes => "no_failure_modes",
            Self::NoOperations => "no_operations",
            Self::NoAlternatives => "no_alternatives",
            Self::Complaining => "complaining",
            Self::IndividualOnly => "individual_only",
            Self::NoSituation => "no_situation",
            Self::NoAction => "no_action",
            Self::NoResult => "no_result",
            Self::NoQuantifiedResult => "no_quantified_result",
            Self::NoBusinessImpact => "no_business_impact",
            Self::NoInfluence => "no_influence",
            Self::NoExample => "no_example",
        }
    }

    pub fn from_id(id: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|g| g.as_str() == id)
    }
}
