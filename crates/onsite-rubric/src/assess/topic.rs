//! What the question asked about: its talking points, and how many of its topic words the
//! answer uses.

use super::*;

/// A talking point is covered when most of its content words are said within two consecutive
/// sentences.
pub(super) fn talking_points(
    pack: &RubricPack,
    question: &Question,
    a: &Analysed,
    unique: &[bool],
    local: &mut LocalVocab<'_>,
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
    for point in &question.talking_points {
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
        if hit {
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
pub(super) fn relevance(
    pack: &RubricPack,
    question: &Question,
    a: &Analysed,
    unique: &[bool],
    local: &mut LocalVocab<'_>,
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
    let found = keys
        .iter()
        .filter(|k| {
            said.contains(k)
                || pack
                    .topic_synonyms
                    .get(k)
                    .is_some_and(|alts| alts.iter().any(|a| said.contains(a)))
        })
        .count();
    Some(Relevance {
        found,
        keys: keys.len(),
    })
}
