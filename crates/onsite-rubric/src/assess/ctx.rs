//! What every stage reads: the signals' pattern hits ([`SignalStat`]) over the analysed answer,
//! and how a hit or a sentence becomes quoted evidence.

use std::collections::HashSet;

use crate::input::QuestionKind;
use crate::pack::RubricPack;
use crate::report::Evidence;
use crate::text::{Analysed, SpokenWord};

/// Longest evidence quoted, in words; a longer sentence is cut around the hit.
const EVIDENCE_MAX_WORDS: usize = 30;

#[derive(Debug, Clone, Copy)]
pub(super) struct Hit {
    pub(super) signal: usize,
    pub(super) pattern: usize,
    pub(super) sentence: usize,
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) negated: bool,
}

/// What one signal amounted to in this answer.
#[derive(Debug, Default, Clone)]
pub(super) struct SignalStat {
    pub(super) strength: f64,
    pub(super) hits: Vec<Hit>,
    pub(super) negated: Vec<Hit>,
}

pub(super) struct Ctx<'a> {
    pub(super) pack: &'a RubricPack,
    pub(super) words: &'a [SpokenWord],
    pub(super) a: &'a Analysed,
    pub(super) stats: Vec<SignalStat>,
    pub(super) kind: QuestionKind,
    /// The question's word stems, sorted: a part the question names ("design an API gateway")
    /// is the problem, not a choice the answer made.
    pub(super) question_stems: Vec<u32>,
}

impl Ctx<'_> {
    pub(super) fn sig(&self, name: &str) -> &SignalStat {
        // Required signals are checked when the pack loads.
        static EMPTY: SignalStat = SignalStat {
            strength: 0.0,
            hits: Vec::new(),
            negated: Vec::new(),
        };
        self.pack
            .signal_ids
            .get(name)
            .map(|i| &self.stats[*i])
            .unwrap_or(&EMPTY)
    }

    pub(super) fn has(&self, name: &str) -> bool {
        self.sig(name).strength > 0.0
    }

    /// Per sentence, whether a signal was heard in it (not negated, in speech).
    pub(super) fn sentences_with(&self, name: &str) -> Vec<bool> {
        let mut out = vec![false; self.a.sentences.len()];
        for h in &self.sig(name).hits {
            out[h.sentence] = true;
        }
        out
    }

    /// Per sentence, whether any of the signals was heard in it.
    pub(super) fn sentences_with_any(&self, names: &[&str]) -> Vec<bool> {
        let mut out = vec![false; self.a.sentences.len()];
        for name in names {
            for h in &self.sig(name).hits {
                out[h.sentence] = true;
            }
        }
        out
    }

    /// Per sentence, whether it names a component of the pack's catalogue.
    pub(super) fn sentences_naming_components(&self) -> Vec<bool> {
        let mut out = vec![false; self.a.sentences.len()];
        for c in &self.pack.components {
            for h in &self.stats[c.signal].hits {
                out[h.sentence] = true;
            }
        }
        out
    }

    /// Whether a hit only says back words of the question: "An API gateway is a central
    /// piece" answers "design an API gateway" by naming the problem, choosing nothing.
    pub(super) fn only_asked(&self, h: &Hit) -> bool {
        self.a.tokens[h.start..h.end]
            .iter()
            .all(|t| self.question_stems.binary_search(&t.stem).is_ok())
    }

    /// Per sentence, whether any of the signals was heard in it beyond the question's words.
    pub(super) fn sentences_beyond_question(&self, names: &[&str]) -> Vec<bool> {
        let mut out = vec![false; self.a.sentences.len()];
        let signals = names
            .iter()
            .map(|name| self.sig(name))
            .chain(self.pack.components.iter().map(|c| &self.stats[c.signal]));
        for stat in signals {
            for h in &stat.hits {
                if !self.only_asked(h) {
                    out[h.sentence] = true;
                }
            }
        }
        out
    }

    /// A whole sentence as evidence (its first words when it is long).
    pub(super) fn sentence_evidence(&self, si: usize) -> Evidence {
        let s = &self.a.sentences[si];
        let last = s.last_word.min(s.first_word + EVIDENCE_MAX_WORDS - 1);
        span_evidence(self.words, s.first_word, last)
    }

    pub(super) fn evidence(&self, hit: &Hit) -> Evidence {
        let s = &self.a.sentences[hit.sentence];
        let (mut first, mut last) = (s.first_word, s.last_word);
        if last + 1 - first > EVIDENCE_MAX_WORDS {
            let hit_word = self.a.tokens[hit.start].word;
            first = hit_word
                .saturating_sub(EVIDENCE_MAX_WORDS / 2)
                .max(s.first_word);
            last = (first + EVIDENCE_MAX_WORDS - 1).min(s.last_word);
        }
        span_evidence(self.words, first, last)
    }

    pub(super) fn surface(&self, hit: &Hit) -> String {
        let (a, b) = (
            self.a.tokens[hit.start].word,
            self.a.tokens[hit.end - 1].word,
        );
        let text: Vec<&str> = self.words[a..=b].iter().map(|w| w.text.as_str()).collect();
        text.join(" ")
            .trim_matches(|c: char| !c.is_alphanumeric())
            .to_owned()
    }

    /// Distinct things said for a signal, in order, case-insensitively.
    pub(super) fn terms(&self, name: &str) -> Vec<String> {
        let mut seen = HashSet::new();
        let mut out = Vec::new();
        for hit in &self.sig(name).hits {
            let s = self.surface(hit);
            if seen.insert(s.to_lowercase()) {
                out.push(s);
            }
        }
        out
    }

    pub(super) fn render(&self, template: &str) -> String {
        let mut out = String::new();
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let Some(close) = rest[open..].find('}').map(|c| c + open) else {
                break;
            };
            let inner = &rest[open + 1..close];
            let (what, signal) = inner.split_once(':').unwrap_or(("", ""));
            let text = match what {
                "terms" => join_list(&self.terms(signal).into_iter().take(3).collect::<Vec<_>>()),
                "first" => self.terms(signal).into_iter().next().unwrap_or_default(),
                "quote" => self
                    .sig(signal)
                    .hits
                    .first()
                    .map(|h| quote(&self.evidence(h).text))
                    .unwrap_or_default(),
                "negated" => self
                    .sig(signal)
                    .negated
                    .first()
                    .map(|h| quote(&self.evidence(h).text))
                    .unwrap_or_default(),
                _ => String::new(),
            };
            out.push_str(&text);
            rest = &rest[close + 1..];
        }
        out.push_str(rest);
        out
    }
}

pub(super) fn quote(text: &str) -> String {
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.len() > 14 {
        format!("\u{201c}{}\u{2026}\u{201d}", words[..14].join(" "))
    } else {
        format!("\u{201c}{}\u{201d}", words.join(" "))
    }
}

/// A spoken word as compared with a list of words: lowercase, without the punctuation around it.
pub(super) fn bare(text: &str) -> String {
    text.trim_matches(|c: char| !c.is_alphabetic())
        .to_lowercase()
}

pub(super) fn join_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

pub(super) fn span_evidence(words: &[SpokenWord], first: usize, last: usize) -> Evidence {
    let text: Vec<&str> = words[first..=last]
        .iter()
        .map(|w| w.text.as_str())
        .collect();
    Evidence {
        text: text.join(" "),
        start_word: first,
        end_word: last,
        start_ms: words[first].start_ms,
        end_ms: words[last].end_ms,
    }
}
