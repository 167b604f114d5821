//! The part of a rubric result the session needs, and the bridge from the rubric crate.
//!
//! The state machine works on [`ScoreCard`] rather than the rubric's full `Assessment` so that it
//! stays a small, testable core; the full assessment is stored and shown by the caller.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::question::{Gap, Question};

/// Scores and gaps of one scored take.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScoreCard {
    pub overall: f64,
    /// The six competencies by their rubric names, 1.0–5.0.
    pub competencies: BTreeMap<String, f64>,
    /// What the answer is missing, most important first (the rubric's order).
    pub gaps: Vec<Gap>,
    pub no_speech: bool,
}

impl ScoreCard {
    pub fn from_assessment(a: &onsite_rubric::Assessment) -> ScoreCard {
        ScoreCard {
            overall: a.overall,
            competencies: a
                .competencies
                .iter()
                .into_iter()
                .map(|(name, c)| (name.to_string(), c.score))
                .collect(),
            gaps: a.gaps.iter().map(|g| Gap::from(*g)).collect(),
            no_speech: a.no_speech,
        }
    }

    pub fn biggest_gap(&self) -> Option<Gap> {
        self.gaps.first().copied()
    }
}

impl From<onsite_rubric::Gap> for Gap {
    fn from(g: onsite_rubric::Gap) -> Gap {
        use onsite_rubric::Gap as R;
        // Exhaustive on purpose: a new rubric gap must be given follow-ups here.
        match g {
            R::NoSpeech => Gap::NoSpeech,
            R::NeedsRequirements => Gap::NeedsRequirements,
            R::NoConstraints => Gap::NoConstraints,
            R::NoTradeOffs => Gap::NoTradeOffs,
            R::OverEngineering => Gap::OverEngineering,
            R::NoDeepDive => Gap::NoDeepDive,
            R::NoFailureModes => Gap::NoFailureModes,
            R::NoOperations => Gap::NoOperations,
            R::NoAlternatives => Gap::NoAlternatives,
            R::Complaining => Gap::Complaining,
            R::IndividualOnly => Gap::IndividualOnly,
            R::NoSituation => Gap::NoSituation,
            R::NoAction => Gap::NoAction,
            R::NoResult => Gap::NoResult,
            R::NoQuantifiedResult => Gap::NoQuantifiedResult,
            R::NoBusinessImpact => Gap::NoBusinessImpact,
            R::NoInfluence => Gap::NoInfluence,
            R::NoExample => Gap::NoExample,
        }
    }
}

/// The rubric's view of a bank question: kind, text and talking points.
pub fn rubric_question(q: &Question) -> onsite_rubric::Question {
    onsite_rubric::Question {
        kind: q.kind,
        text: q.text.clone(),
        talking_points: q.talking_points.clone(),
    }
}

/// The rubric's view of a follow-up: the parent's kind with the follow-up's text.
pub fn rubric_follow_up(parent: &Question, text: &str) -> onsite_rubric::Question {
    onsite_rubric::Question {
        kind: parent.kind,
        text: text.to_string(),
        talking_points: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rubric_gap_keeps_its_id() {
        for g in onsite_rubric::Gap::ALL {
            assert_eq!(Gap::from(g).as_str(), g.as_str());
        }
        assert_eq!(Gap::ALL.len(), onsite_rubric::Gap::ALL.len());
    }
}
