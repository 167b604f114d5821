//! Whether a question that asks for a time something happened was answered with one.
//!
//! "Tell me about a noisy-neighbour incident" asks for an occasion: what happened, what the
//! candidate did, what came of it. An answer that describes how they would design such a
//! system, or how they usually run planning, may share every topic word with the question and
//! still not answer it; interviewers call this speaking in generalities. It is read from the
//! tense of the telling, not from topic words: an occasion is told in the past ("we found",
//! "she rolled back", "the cause was"), a method in the present or the conditional.

use super::flags::{capitalised_word, verb_after, NOT_NAMES};
use super::{bare, Ctx};

/// Whether a question asks for a particular past occasion rather than for a method or an
/// opinion: "Tell me about a time...", "Walk me through an incident you handled", "Tell me
/// about a bad schema migration", "How did you deal with...". "Tell me about how you approach
/// reviews" and "How would you..." do not.
pub(super) fn asks_for_occasion(question: &str) -> bool {
    let words: Vec<String> = question.split_whitespace().map(bare).collect();
    let w = |i: usize| words.get(i).map_or("", String::as_str);
    let article = |s: &str| matches!(s, "a" | "an" | "the" | "one" | "your" | "some");
    let opening = (w(0) == "tell" && w(1) == "me" && w(2) == "about" && article(w(3)))
        || (w(0) == "walk" && w(1) == "me" && w(2) == "through" && article(w(3)))
        || (w(0) == "describe" && w(1) == "a" && matches!(w(2), "time" | "situation"))
        || (w(0) == "how" && w(1) == "did" && w(2) == "you");
    let a_time = words.windows(2).any(|p| p[0] == "a" && p[1] == "time");
    let did_you = words.windows(2).any(|p| p[0] == "did" && p[1] == "you");
    opening || a_time || did_you
}

/// Sentences that tell something that happened: a subject (the candidate, the team, a
/// colleague, "it") with a verb in the past tense. A sentence that speaks in the conditional
/// ("I'd split tenants", "we would revisit") tells a plan, not an occasion.
pub(super) fn told(ctx: &Ctx<'_>) -> usize {
    ctx.a
        .sentences
        .iter()
        .filter(|s| {
            let raw = &ctx.words[s.first_word..=s.last_word];
            let words: Vec<String> = raw.iter().map(|w| bare(&w.text)).collect();
            if words.iter().any(|w| conditional(w)) {
                return false;
            }
            words.iter().enumerate().any(|(i, w)| {
                let subject = SUBJECTS.contains(&w.as_str())
                    || (capitalised_word(&raw[i].text) && !NOT_NAMES.contains(&w.as_str()));
                subject && verb_after(&words[i + 1..]).is_some_and(past)
            })
        })
        .count()
}

/// Fewest sentences telling what happened for an answer to count as an occasion; one is a
/// passing example inside a method ("last year this raised our completion rate").
pub(super) const FEWEST_TOLD: usize = 2;

/// Shortest answer, in sentences, read this way: a short answer is judged by what it has.
pub(super) const FEWEST_SENTENCES: usize = 5;

fn conditional(word: &str) -> bool {
    matches!(
        word,
        "would" | "will" | "i'd" | "we'd" | "you'd" | "i'll" | "we'll" | "you'll"
    )
}

/// Words that open a clause as its subject.
const SUBJECTS: &[&str] = &[
    "i",
    "we",
    "he",
    "she",
    "they",
    "it",
    "this",
    "that",
    "team",
    "manager",
    "lead",
    "everyone",
    "nobody",
    "someone",
    "customers",
    "users",
];

/// A verb in the past tense, of any kind: acting, being, knowing ("was", "had", "realised").
fn past(verb: &str) -> bool {
    let negated = verb
        .strip_suffix("n't")
        .is_some_and(|v| matches!(v, "was" | "were" | "did" | "had" | "could" | "would"));
    negated
        || matches!(
            verb,
            "was" | "were" | "had" | "did" | "got" | "made" | "took"
        )
        || super::flags::any_past(verb)
}

#[cfg(test)]
mod tests {
    use super::asks_for_occasion;

    #[test]
    fn questions_that_ask_for_an_occasion() {
        for q in [
            "Tell me about a time you disagreed with your manager.",
            "Tell me about a noisy-neighbour incident.",
            "Walk me through an incident you handled.",
            "Describe a time you changed your mind.",
            "How did you deal with a flaky test suite?",
            "Tell me about the project you're most proud of.",
            "Tell me about a significant production incident you were involved in. What did you do?",
        ] {
            assert!(asks_for_occasion(q), "{q}");
        }
        for q in [
            "Tell me about how you approach design reviews.",
            "How would you approach a project where the goal is vague?",
            "How do you choose a database for a new service?",
            "Your CEO says 'make it faster' and nothing else. What do you do?",
            "Design a rate limiter for a public API.",
            "",
        ] {
            assert!(!asks_for_occasion(q), "{q}");
        }
    }
}
