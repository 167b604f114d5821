//! Adaptive follow-ups: after an answer, at most one question aimed at its biggest gap.

use serde::Serialize;

use crate::question::{Gap, Kind, Question};

/// Where a follow-up's text came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FollowUpSource {
    /// Written for this question, keyed to this gap (or a closely related one).
    Question,
    /// The generic follow-up for the gap, when the question has none for it.
    Generic,
    /// The answer had no gap worth probing: a stretch question instead.
    Stretch,
}

/// The follow-up to ask, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FollowUp {
    /// The gap it probes; `None` for a stretch question after a complete answer.
    pub gap: Option<Gap>,
    pub text: String,
    pub source: FollowUpSource,
}

/// The follow-up for `question` given the rubric's gaps, most important first.
///
/// A silent answer gets none (retrying is the useful next step, not a follow-up).
pub fn choose(question: &Question, gaps: &[Gap]) -> Option<FollowUp> {
    let Some(&gap) = gaps.first() else {
        return Some(FollowUp {
            gap: None,
            text: stretch(question.kind).to_string(),
            source: FollowUpSource::Stretch,
        });
    };
    if gap == Gap::NoSpeech {
        return None;
    }
    let own = question.follow_ups.get(&gap).or_else(|| {
        gap.related()
            .iter()
            .find_map(|g| question.follow_ups.get(g))
    });
    Some(match own {
        Some(text) => FollowUp {
            gap: Some(gap),
            text: text.clone(),
            source: FollowUpSource::Question,
        },
        None => FollowUp {
            gap: Some(gap),
            text: generic(gap).to_string(),
            source: FollowUpSource::Generic,
        },
    })
}

/// The generic follow-up an interviewer asks for each gap.
pub fn generic(gap: Gap) -> &'static str {
    match gap {
        Gap::NoSpeech => "I didn't catch an answer there. Take a moment and try again.",
        Gap::NeedsRequirements => {
            "You won't get more detail than this. Make an assumption and tell me what you'd do first."
        }
        Gap::NoConstraints => {
            "What scale were you assuming: users, requests per second, data size? Would your design change at ten times that?"
        }
        Gap::NoTradeOffs => {
            "If latency mattered more than cost here, what would you change, and what would you give up?"
        }
        Gap::OverEngineering => {
            "What's the simplest version that would meet the requirements you stated? What would you leave out for now?"
        }
        Gap::NoDeepDive => {
            "Pick the component you'd worry about most and go one level deeper: the data model, the API, or how it stores state."
        }
        Gap::NoFailureModes => {
            "What happens when the most important component fails? Walk me through what users see and how the system recovers."
        }
        Gap::NoOperations => {
            "How would you know this is healthy in production? What would you monitor and alert on, and what would wake you at night?"
        }
        Gap::NoAlternatives => {
            "What other approach did you consider, and why didn't you choose it?"
        }
        Gap::Complaining => {
            "What did you do about it, and what would you do differently yourself next time?"
        }
        Gap::IndividualOnly => "Who else was involved, and how did you bring them along?",
        Gap::NoSituation => {
            "Set the scene for me: what was the team, the system and the stakes at the time?"
        }
        Gap::NoAction => "What did you personally do, step by step?",
        Gap::NoResult => "How did it turn out in the end?",
        Gap::NoQuantifiedResult => {
            "Can you put a number on the result: time saved, incidents avoided, money, users?"
        }
        Gap::NoBusinessImpact => "Why did this matter to customers or to the business?",
        Gap::NoInfluence => {
            "Whose mind did you have to change to make this happen, and how did you do it?"
        }
        Gap::NoExample => {
            "Can you tell me about one specific time this happened: what was going on, and what did you do?"
        }
    }
}

/// Asked when an answer covered everything the rubric looks for.
fn stretch(kind: Kind) -> &'static str {
    match kind {
        Kind::SystemDesign => {
            "Good. Now the traffic grows tenfold over a year. What breaks first, and what do you change?"
        }
        Kind::Operations => {
            "If this happened again next month, what would you want to be different about how it unfolds?"
        }
        Kind::TechnicalDebt => {
            "How would you stop the same kind of debt from building up again?"
        }
        Kind::Ambiguity => "Looking back, which assumption was riskiest, and how did you check it?",
        Kind::Behavioural | Kind::General => {
            "If you faced the same situation tomorrow, what would you do differently?"
        }
    }
}
