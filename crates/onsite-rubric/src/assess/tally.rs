//! Counts over the unique sentences: who acts ("I", "we", "they"), how much of the answer is
//! speech, and the content words the variety and substance features read.

use std::collections::HashSet;

use super::repeat::moving_type_token_ratio;
use super::signals::{is_function_word, Sentences};
use crate::pack::RubricPack;
use crate::report::Agency;
use crate::text::{Agent, Analysed};

/// Content words per window of the moving type-token ratio.
const VARIETY_WINDOW: usize = 30;

pub(super) struct Tally {
    pub(super) agency: Agency,
    /// Tokens in unique sentences.
    pub(super) content_tokens: usize,
    /// Tokens in unique sentences that read as speech.
    pub(super) clause_tokens: usize,
    pub(super) clause_sentences: usize,
    /// Distinct content stems in speech.
    pub(super) unique_content: HashSet<u32>,
    /// Moving type-token ratio of the content words in speech.
    pub(super) variety: f64,
}

impl Tally {
    pub(super) fn count(pack: &RubricPack, a: &Analysed, s: &Sentences) -> Self {
        let mut agency = Agency {
            i: 0,
            we: 0,
            they: 0,
        };
        let mut content_tokens = 0usize;
        let mut clause_tokens = 0usize;
        let mut unique_content: HashSet<u32> = HashSet::new();
        let mut clause_sentences = 0usize;
        let mut content_stream: Vec<u32> = Vec::new();
        for (si, sentence) in a.sentences.iter().enumerate() {
            if !s.unique[si] {
                continue;
            }
            clause_sentences += usize::from(s.clause[si]);
            for t in &a.tokens[sentence.tokens.clone()] {
                match t.agent {
                    Agent::I => agency.i += 1,
                    Agent::We => agency.we += 1,
                    Agent::They => agency.they += 1,
                    Agent::None => {}
                }
                content_tokens += 1;
                if s.clause[si] {
                    clause_tokens += 1;
                    if !is_function_word(pack, t) {
                        unique_content.insert(t.stem);
                        content_stream.push(t.stem);
                    }
                }
            }
        }
        Tally {
            agency,
            content_tokens,
            clause_tokens,
            clause_sentences,
            unique_content,
            variety: moving_type_token_ratio(&content_stream, VARIETY_WINDOW),
        }
    }
}
