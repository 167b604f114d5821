//! The rubric's typed vocabulary: the competencies it scores, the framework steps it looks for,
//! the red flags it raises and the delivery problems it tells the speaker about (question kinds
//! are [`crate::QuestionKind`], whose ids are kebab-case), each with the id that results, the store and the UI use and the
//! label a reader sees. Every crate and the UI (through the shell's generated bindings) take
//! these from here rather than keeping their own list of strings.

use std::fmt;

use serde::{Deserialize, Serialize};

/// One term of the vocabulary: the id stored in results and the label shown to a person.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Term {
    pub id: &'static str,
    pub label: &'static str,
}

macro_rules! vocabulary {
    (
        $(#[$doc:meta])*
        $name:ident { $($variant:ident => $id:literal, $label:literal;)+ }
    ) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[cfg_attr(feature = "specta", derive(specta::Type))]
        #[serde(rename_all = "snake_case")]
        pub enum $name {
            $($variant,)+
        }

        impl $name {
            /// Every term, in the rubric's order.
            pub const ALL: &'static [$name] = &[$(Self::$variant,)+];
            /// Every id, in the rubric's order.
            pub const IDS: &'static [&'static str] = &[$($id,)+];

            /// The id results, the store and the UI use (`snake_case`).
            pub const fn id(self) -> &'static str {
                match self {
                    $(Self::$variant => $id,)+
                }
            }

            /// What a reader sees.
            pub const fn label(self) -> &'static str {
                match self {
                    $(Self::$variant => $label,)+
                }
            }

            /// The term with this id, if this version knows it.
            pub fn from_id(id: &str) -> Option<Self> {
                Self::ALL.iter().copied().find(|t| t.id() == id)
            }

            /// Ids and labels in the rubric's order, for the UI's bindings and reports.
            pub fn terms() -> Vec<Term> {
                Self::ALL
                    .iter()
                    .map(|t| Term { id: t.id(), label: t.label() })
                    .collect()
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.label())
            }
        }
    };
}

vocabulary! {
    /// What the rubric scores an answer on, 1 to 5 each.
    Competency {
        TechnicalDepth => "technical_depth", "Technical depth";
        ArchitecturalThinking => "architectural_thinking", "Architectural thinking";
        LeadershipInfluence => "leadership_influence", "Leadership and influence";
        Pragmatism => "pragmatism", "Pragmatism";
        Ownership => "ownership", "Ownership";
        Communication => "communication", "Communication";
    }
}

vocabulary! {
    /// The steps of a system-design answer, in the order an interviewer expects them.
    FrameworkStep {
        ClarifyConstraints => "clarify_constraints", "Clarified constraints";
        HighLevelArchitecture => "high_level_architecture", "High-level architecture";
        DeepDive => "deep_dive", "Deep dive";
        TradeOffs => "trade_offs", "Trade-offs";
        GrowthOperations => "growth_operations", "Growth and operations";
        Alternatives => "alternatives", "Alternatives";
    }
}

vocabulary! {
    /// What a demanding interviewer holds against an answer.
    RedFlag {
        NoConstraints => "no_constraints", "Designing before constraints";
        OverEngineering => "over_engineering", "Over-engineering";
        NoTradeOffs => "no_trade_offs", "No trade-offs";
        IndividualOnly => "individual_only", "Individual-only story";
        NeedsRequirements => "needs_requirements", "Needs detailed requirements to move";
        Complaining => "complaining", "Complaining without solutions";
        OffTopic => "off_topic", "Off topic";
        NoExample => "no_example", "No real example";
    }
}

vocabulary! {
    /// How an answer was spoken that is worth telling the speaker (`Delivery::flags`).
    DeliveryFlag {
        Slow => "slow", "Slow pace";
        Fast => "fast", "Fast pace";
        ManyFillers => "many_fillers", "Many fillers";
        LongPauses => "long_pauses", "Long pauses";
        Hedging => "hedging", "Hedging";
        Repetition => "repetition", "Repetition";
    }
}

/// A readable label for an id this version may not know (a result stored by a newer or older
/// rubric): the known label, else the id with its first letter capitalised and `_`/`-` spaced.
pub fn label_of(id: &str) -> String {
    if let Some(known) = Competency::from_id(id)
        .map(Competency::label)
        .or_else(|| FrameworkStep::from_id(id).map(FrameworkStep::label))
        .or_else(|| RedFlag::from_id(id).map(RedFlag::label))
        .or_else(|| DeliveryFlag::from_id(id).map(DeliveryFlag::label))
    {
        return known.to_owned();
    }
    let words = id.replace(['_', '-'], " ");
    let mut chars = words.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip_and_match_serde() {
        for c in Competency::ALL {
            assert_eq!(Competency::from_id(c.id()), Some(*c));
            assert_eq!(serde_json::to_value(c).expect("json"), c.id());
        }
        for s in FrameworkStep::ALL {
            assert_eq!(serde_json::to_value(s).expect("json"), s.id());
        }
        for f in RedFlag::ALL {
            assert_eq!(serde_json::to_value(f).expect("json"), f.id());
        }
        for f in DeliveryFlag::ALL {
            assert_eq!(serde_json::to_value(f).expect("json"), f.id());
        }
        assert_eq!(Competency::IDS.len(), Competency::ALL.len());
        for (k, id) in crate::QuestionKind::ALL
            .iter()
            .zip(crate::QuestionKind::IDS)
        {
            assert_eq!(k.id(), id);
            assert_eq!(serde_json::to_value(k).expect("json"), id);
            assert_eq!(id.parse::<crate::QuestionKind>().ok(), Some(*k));
        }
    }

    #[test]
    fn unknown_ids_are_shown_readably() {
        assert_eq!(label_of("leadership_influence"), "Leadership and influence");
        assert_eq!(label_of("deep_dive"), "Deep dive");
        assert_eq!(label_of("no_trade_offs"), "No trade-offs");
        assert_eq!(label_of("quantified_result"), "Quantified result");
        assert_eq!(label_of(""), "");
    }
}
