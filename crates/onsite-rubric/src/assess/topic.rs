//! What the question asked about: its talking points, and how many of its topic words the
//! answer uses. With sentence meaning ([`crate::Meaning`]) a point is also covered when a
//! sentence says it in other words, and relevance also asks whether any sentence is about the
//! question at all.

use super::*;
use crate::meaning::{MeaningScores, POINT_COVERED, QUESTION_OFF_TOPIC, QUESTION_ON_TOPIC};
use crate::text::Analysed;

/// The meaning scores of the answer's unique sentences (as spoken, three words or more: a
/// fragment says too little to be compared) against the question and its talking points.
pub(super) fn meaning_scores(
    meaning: &dyn crate::Meaning,
    question: &Question,
    words: &[crate::text::SpokenWord],
    a: &Analysed,
    unique: &[bool],
) -> Option<MeaningScores> {
    let texts: Vec<String> = a
        .sentences
        .iter()
        .enumerate()
        .filter(|(i, s)| unique[*i] && s.last_word + 1 >= s.first_word + 3)
        .map(|(_, s)| {
            words[s.first_word..=s.last_word]
                .iter()
                .map(|w| w.text.as_str())
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect();
    let sentences: Vec<&str> = texts.iter().map(String::as_str).collect();
    crate::meaning::scores(
        meaning,
        &sentences,
        &question.text,
        &question.talking_points,
    )
}

/// A talking point is covered when most of its content words are said within two consecutive
/// sentences, or (with meaning) when a sentence comes close enough to it in meaning.
pub(super) fn talking_points(
    pack: &RubricPack,
    question: &Question,
    a: &Analysed,
    unique: &[bool],
    local: &mut LocalVocab<'_>,
    meaning: Option<&MeaningScores>,
) -> TalkingPoints {
    let mut covered = Vec::new();
    let mut missed = Vec::new();
    let sets: Vec<HashSet<u32>> = a
        .sentences
        .iter()
        .enumerate()
        .map(|(i, s)| {
            if unique[i] {
                a.tokens[s.tokens.clone()].iter().map(|t| t.stem).collect()
            } else {
                HashSet::new()
            }
        })
        .collect();
    for (pi, point) in question.talking_points.iter().enumerate() {
        let by_meaning = meaning
            .and_then(|m| m.points.get(pi))
            .is_some_and(|&sim| sim >= POINT_COVERED);
        let pa = analyse(&crate::text::words_from_text(point), local);
        let mut need: Vec<u32> = pa
            .tokens
            .iter()
            .map(|t| t.stem)
            .filter(|s| {
                pack.function_words.binary_search(s).is_err()
                    && pack.stopwords.binary_search(s).is_err()
            })
            .collect();
        need.sort_unstable();
        need.dedup();
        let threshold = ((need.len() as f64) * 0.6).ceil().max(1.0) as usize;
        let hit = !need.is_empty()
            && (0..sets.len()).any(|i| {
                let here = need
                    .iter()
                    .filter(|s| {
                        sets[i].contains(s) || sets.get(i + 1).is_some_and(|n| n.contains(s))
                    })
                    .count();
                here >= threshold
            });
        if hit || by_meaning {
            covered.push(point.clone());
        } else {
            missed.push(point.clone());
        }
    }
    TalkingPoints { covered, missed }
}

/// How far an answer keeps to its question's topic words.
#[derive(Debug, Clone, Copy)]
pub(super) struct Relevance {
    /// Topic words (or a synonym of each) the answer uses at least once.
    pub found: usize,
    /// The question's topic words.
    pub keys: usize,
}

/// How many of the question's topic words the answer's sentences use; `None`
/// when the question names no topic (no text, or only stopwords). Stems match, so "limiting"
/// answers "rate limiter".
///
/// With meaning, the closest sentence overrules the words when it is clear: below
/// [`QUESTION_OFF_TOPIC`] no sentence is about the question, so the shared words count for
/// nothing (`found` 0, which the off-topic flag reads); at [`QUESTION_ON_TOPIC`] or above a
/// sentence is about it in other words, so at least one topic word counts as found.
pub(super) fn relevance(
    pack: &RubricPack,
    question: &Question,
    a: &Analysed,
    unique: &[bool],
    local: &mut LocalVocab<'_>,
    meaning: Option<&MeaningScores>,
) -> Option<Relevance> {
    let qa = analyse(&crate::text::words_from_text(&question.text), local);
    let mut keys: Vec<u32> = qa
        .tokens
        .iter()
        .filter(|t| {
            !t.is_number
                && pack.function_words.binary_search(&t.stem).is_err()
                && pack.question_stopwords.binary_search(&t.stem).is_err()
        })
        .map(|t| t.stem)
        .collect();
    keys.sort_unstable();
    keys.dedup();
    if keys.is_empty() {
        return None;
    }
    let said: HashSet<u32> = a
        .sentences
        .iter()
        .enumerate()
        .filter(|(i, _)| unique[*i])
        .flat_map(|(_, s)| a.tokens[s.tokens.clone()].iter().map(|t| t.stem))
        .collect();
    // A word that begins with a topic word of four letters or more is about it too: "rider"
    // answers "ride-sharing", "editors" and "editing" answer "editor". Reading an answer as on
    // topic when it is not costs less than capping a good answer as off topic.
    let said_stems: Vec<&str> = said.iter().filter_map(|id| local.stem_of(*id)).collect();
    let begins_with = |k: u32| {
        local.stem_of(k).is_some_and(|key| {
            key.chars().count() >= 4 && said_stems.iter().any(|s| s.starts_with(key))
        })
    };
    let found = keys
        .iter()
        .filter(|k| {
            said.contains(k)
                || begins_with(**k)
                || pack
                    .topic_synonyms
                    .get(k)
                    .is_some_and(|alts| alts.iter().any(|a| said.contains(a)))
        })
        .count();
    let found = match meaning.and_then(|m| m.question) {
        Some(sim) if sim < QUESTION_OFF_TOPIC => 0,
        Some(sim) if sim >= QUESTION_ON_TOPIC => found.max(1),
        _ => found,
    };
    Some(Relevance {
        found,
        keys: keys.len(),
    })
}
