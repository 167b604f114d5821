//! What is scored: the question and the answer.

use std::str::FromStr;

use onsite_transcript::Transcript;
use serde::{Deserialize, Serialize};

use crate::error::RubricError;
use crate::text::{words_from_text, SpokenWord};

/// The kind of question, which decides what a strong answer must contain.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "kebab-case")]
pub enum QuestionKind {
    SystemDesign,
    Behavioural,
    TechnicalDebt,
    Operations,
    Ambiguity,
    General,
}

impl QuestionKind {
    pub const ALL: [QuestionKind; 6] = [
        Self::SystemDesign,
        Self::Behavioural,
        Self::TechnicalDebt,
        Self::Operations,
        Self::Ambiguity,
        Self::General,
    ];

    /// Every id, in [`QuestionKind::ALL`]'s order.
    pub const IDS: [&'static str; 6] = [
        "system-design",
        "behavioural",
        "technical-debt",
        "operations",
        "ambiguity",
        "general",
    ];

    /// The id results, question banks and the UI use (kebab-case, as serialised).
    pub const fn id(self) -> &'static str {
        self.as_str()
    }

    /// What a reader sees.
    pub const fn label(self) -> &'static str {
        match self {
            Self::SystemDesign => "System design",
            Self::Behavioural => "Behavioural",
            Self::TechnicalDebt => "Technical debt",
            Self::Operations => "Incidents and operations",
            Self::Ambiguity => "Ambiguity",
            Self::General => "General",
        }
    }

    /// Ids and labels in [`QuestionKind::ALL`]'s order, for the UI's bindings and reports.
    pub fn terms() -> Vec<crate::Term> {
        Self::ALL
            .iter()
            .map(|k| crate::Term {
                id: k.id(),
                label: k.label(),
            })
            .collect()
    }

    pub const fn as_str(self) -> &'static str {
        match self {
            Self::SystemDesign => "system-design",
            Self::Behavioural => "behavioural",
            Self::TechnicalDebt => "technical-debt",
            Self::Operations => "operations",
            Self::Ambiguity => "ambiguity",
            Self::General => "general",
        }
    }
}

impl std::fmt::Display for QuestionKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for QuestionKind {
    type Err = RubricError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|k| k.as_str() == s || (s == "behavioral" && *k == Self::Behavioural))
            .ok_or_else(|| RubricError::UnknownKind(s.to_owned()))
    }
}

/// The question the answer responds to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Question {
    pub kind: QuestionKind,
    #[serde(default)]
    pub text: String,
    /// Points a strong answer touches, e.g. "what happens when the cache is down".
    #[serde(default)]
    pub talking_points: Vec<String>,
}

impl Question {
    pub fn new(kind: QuestionKind) -> Self {
        Self {
            kind,
            text: String::new(),
            talking_points: Vec::new(),
        }
    }
}

/// The answer's words, timed (from a transcript) or not (plain text).
#[derive(Debug, Clone, PartialEq)]
pub struct Answer {
    pub(crate) words: Vec<SpokenWord>,
    pub(crate) timed: bool,
    pub(crate) pauses_ms: Vec<(u64, u64)>,
}

impl Answer {
    /// A plain-text answer: timing fields of the result are null.
    pub fn from_text(text: &str) -> Self {
        Self {
            words: words_from_text(text),
            timed: false,
            pauses_ms: Vec::new(),
        }
    }

    /// A transcribed answer. Segments Whisper gave without word timings are split on spaces and
    /// their words spread evenly over the segment, so evidence still points at the audio.
    pub fn from_transcript(t: &Transcript) -> Self {
        let mut words = Vec::new();
        for seg in &t.segments {
            if seg.words.is_empty() {
                let parts: Vec<&str> = seg.text.split_whitespace().collect();
                let n = parts.len().max(1) as u64;
                let span = seg.end_ms.saturating_sub(seg.start_ms);
                for (i, p) in parts.iter().enumerate() {
                    let i = i as u64;
                    words.push(SpokenWord {
                        text: (*p).to_owned(),
                        start_ms: Some(seg.start_ms + span * i / n),
                        end_ms: Some(seg.start_ms + span * (i + 1) / n),
                    });
                }
            } else {
                words.extend(
                    seg.words
                        .iter()
                        .filter(|w| !w.text.trim().is_empty())
                        .map(|w| SpokenWord {
                            text: w.text.trim().to_owned(),
                            start_ms: Some(w.start_ms),
                            end_ms: Some(w.end_ms),
                        }),
                );
            }
        }
        Self {
            words,
            timed: true,
            pauses_ms: t.pauses.iter().map(|p| (p.start_ms, p.end_ms)).collect(),
        }
    }

    /// Number of spoken words.
    pub fn word_count(&self) -> usize {
        self.words.len()
    }
}
