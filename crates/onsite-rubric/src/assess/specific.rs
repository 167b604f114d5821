//! How much of an answer names particular things: a number, a name, an acronym, a technology.
//!
//! "We looked at the pros and cons of each option very carefully with the team. In the end we
//! went with a balanced approach that took the best parts of each" reads fluently and names
//! nothing a listener could check. A demanding interviewer does not call that clear
//! communication, however well it flows; one that says "three teams", "Priya", "p99" or
//! "Postgres" can be followed and questioned.

use super::{bare, Ctx};

/// Share of sentences (of those read as speech) below which an answer names too little to be
/// called clear communication, and the fewest such sentences for the share to mean anything.
pub(super) const VAGUE_SHARE: f64 = 0.15;
pub(super) const FEWEST_SENTENCES: usize = 6;

/// The share of `counted` sentences that name something particular.
pub(super) fn share(ctx: &Ctx<'_>, counted: &[usize]) -> f64 {
    if counted.is_empty() {
        return 0.0;
    }
    let named = ctx.sentences_with_any(&["tech_term"]);
    let components = ctx.sentences_naming_components();
    let particular = counted
        .iter()
        .filter(|&&si| {
            let s = &ctx.a.sentences[si];
            named[si]
                || components[si]
                || ctx.a.tokens[s.tokens.clone()].iter().any(|t| t.is_number)
                || ctx.a.tokens[s.tokens.clone()].iter().any(|t| {
                    // A name is a word the pack does not know ("Priya", "Stripe"); a capital on
                    // a known word ("Um", "So") names nothing.
                    let unknown = t.stem >= ctx.pack.vocab.len();
                    let text = &ctx.words[t.word].text;
                    particular_word(text, t.word == s.first_word) && (unknown || is_acronym(text))
                })
        })
        .count();
    particular as f64 / counted.len() as f64
}

/// A name ("Priya", "Stripe") anywhere but the sentence's first word, or an acronym ("SLA",
/// "ERP"), as transcripts and typed answers write them.
fn particular_word(text: &str, first: bool) -> bool {
    let w = text.trim_matches(|c: char| !c.is_alphanumeric());
    let letters = w.chars().filter(|c| c.is_alphabetic()).count();
    let acronym = is_acronym(text);
    let name = !first
        && w.chars().next().is_some_and(char::is_uppercase)
        && letters >= 2
        && !matches!(
            bare(w).as_str(),
            "i" | "i'd" | "i'm" | "i've" | "i'll" | "ok" | "okay"
        );
    acronym && bare(w) != "i" || name
}

/// "SLA", "ERPs": two capitals or more, perhaps a plural "s".
fn is_acronym(text: &str) -> bool {
    let w = text.trim_matches(|c: char| !c.is_alphanumeric());
    let capitals = w.chars().filter(char::is_ascii_uppercase).count();
    capitals >= 2 && w.chars().all(|c| c.is_ascii_uppercase() || c == 's')
}

#[cfg(test)]
mod tests {
    use super::particular_word;

    #[test]
    fn names_and_acronyms_are_particular() {
        assert!(particular_word("Priya,", false));
        assert!(particular_word("SLA", true));
        assert!(particular_word("ERPs", false));
        assert!(!particular_word("The", true));
        assert!(!particular_word("I'd", false));
        assert!(!particular_word("balanced", false));
    }
}
