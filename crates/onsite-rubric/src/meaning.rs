//! The hook through which sentence meaning (an embedding model, run outside this crate) helps
//! the rubric read talking points and relevance where word patterns fall short.
//!
//! The rubric stays pure: it never loads a model. A caller that has one passes it to
//! [`crate::RubricPack::assess_with`]; without one the rubric reads words alone, exactly as
//! [`crate::RubricPack::assess`] does. Only talking-point coverage and relevance use it
//! (assess/topic.rs), each alongside the word rule, never instead of it.

/// Sentence similarity by meaning. Implementations must be deterministic: the same texts give
/// the same figures, or the rubric would not be.
pub trait Meaning {
    /// The similarity of every text in `a` to every text in `b`, as `[a.len()][b.len()]`
    /// cosines (about 0 for unrelated sentences, 1 for the same meaning). `None` when the
    /// meaning could not be computed; the rubric then reads words alone.
    fn similarity(&self, a: &[&str], b: &[&str]) -> Option<Vec<Vec<f32>>>;
}

/// How close the answer's sentences come, by meaning, to the question and to each talking
/// point: the best cosine over the answer's sentences.
#[derive(Debug, Clone, Default)]
pub(crate) struct MeaningScores {
    /// The closest any sentence comes to the question's text (`None` when it has none).
    pub question: Option<f32>,
    /// The closest any sentence comes to each talking point, in the question's order.
    pub points: Vec<f32>,
}

/// A talking point counts as covered when some sentence comes this close to it (cosine). On
/// the development sets (`fresh`, `independent`) the closest sentence to a point labelled
/// covered that the word rule missed lay mostly between 0.45 and 0.62, to a point labelled
/// missed mostly below 0.45; 0.45 gained 13 labels and lost one there. Chosen on the
/// development sets only (crates/onsite-meaning/tests/labelled.rs, `MEANING_TUNE=1`).
pub(crate) const POINT_COVERED: f32 = 0.45;

/// An answer none of whose sentences comes this close to the question is about something
/// else, whatever words it shares with it. Off-topic answers in the development sets came
/// 0.09–0.32 close, relevant ones 0.20 and up: the overlap is wide, so only the clearly
/// unrelated are caught (5 of 12 there, and 1 relevant answer at 0.199 would be at risk).
pub(crate) const QUESTION_OFF_TOPIC: f32 = 0.21;

/// An answer with a sentence this close to the question is on topic even when it names none
/// of the question's words (no off-topic answer in the development sets came closer than
/// 0.32; the two relevant answers the word rule flagged came 0.38).
pub(crate) const QUESTION_ON_TOPIC: f32 = 0.35;

/// The scores of `sentences` (the answer's, as spoken) against the question and its points.
pub(crate) fn scores(
    meaning: &dyn Meaning,
    sentences: &[&str],
    question: &str,
    points: &[String],
) -> Option<MeaningScores> {
    if sentences.is_empty() {
        return None;
    }
    let has_question = !question.trim().is_empty();
    let mut targets: Vec<&str> = points.iter().map(String::as_str).collect();
    if has_question {
        targets.push(question);
    }
    if targets.is_empty() {
        return None;
    }
    let sims = meaning.similarity(sentences, &targets)?;
    if sims.len() != sentences.len() || sims.iter().any(|row| row.len() != targets.len()) {
        return None;
    }
    let best = |j: usize| {
        sims.iter()
            .map(|row| row[j])
            .fold(f32::NEG_INFINITY, f32::max)
    };
    Some(MeaningScores {
        question: has_question.then(|| best(points.len())),
        points: (0..points.len()).map(best).collect(),
    })
}
