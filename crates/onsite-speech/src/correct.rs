//! Near-miss correction: a word the decoder wrote that sounds like one of the answer's prompt
//! terms and sits among words of that term's topic is rewritten to the term ("cash" next to
//! "database" becomes "cache"; "item potency key" becomes "idempotency key").
//!
//! Why it exists: the prompt makes a term likelier, but tiny models still write a common word
//! that sounds the same when they are unsure, and the rubric never sees the term. Why it is
//! narrow: rewriting a word the candidate did say into a term would hand them credit for words
//! never said. So a rewrite needs all of these at once:
//!
//! - the term is one this answer's prompt lists (chosen from the question, its talking points
//!   and the profile; see [`crate::vocab::prompt_terms`]);
//! - the words sound like it: the same Double Metaphone code (primary or alternate) for the
//!   letters of the words run together and for the term's, from the `rphonetic` crate;
//! - they are spelled nearly like it ([`crate::vocab::NEAR_MISS_MAX_EDITS`]): sound codes
//!   alone are coarse ("kick" and "cache" share one);
//! - the term's own topic is talked about nearby: within [`CONTEXT_WORDS`] words either side,
//!   a cue, a `near` word or another term of a lexicon group holding the term ("database",
//!   "in front of", "hit rate"; `data/lexicon.toml`). Groups offered to every answer
//!   (`always`) are no topic and confirm nothing.
//!   A term in no group of the built-in lexicon is never written by this pass.
//!
//! - the digits agree: sound codes ignore them, and "HTTP" is not "HTTP 429";
//! - a single word the lexicon names as an ordinary word of a topic (a cue or `near` word,
//!   such as "reads") is never rewritten: it was said as itself.
//!
//! It runs after [`crate::vocab::confirm_doubtful_terms`], on words that guard let through, so
//! a term the guard took out (a different word the prompt pulled towards a term) is not put
//! back unless sound, spelling and topic all agree.

use std::sync::OnceLock;

use onsite_transcript::{Segment, Word};
use rphonetic::DoubleMetaphone;

use crate::eval::{normalize_words, FILLERS};
use crate::vocab::{near_spelling, prompt_term_list, term_key, Lexicon};

/// Words either side of a near miss searched for the term's topic: about a sentence.
pub const CONTEXT_WORDS: usize = 10;

/// Longest Double Metaphone code compared. The algorithm's usual 4 would make every word
/// starting with the same four consonant sounds alike ("Kubernetes" and "cover net").
const CODE_LENGTH: usize = 12;

/// A term a near miss may be rewritten to, with what supports it.
struct Candidate {
    /// As the lexicon spells it.
    text: String,
    /// Normalized words.
    words: Vec<String>,
    /// Letters and digits, lower-cased.
    key: String,
    codes: [String; 2],
    /// Cues and other terms of the groups holding the term, normalized.
    support: Vec<Vec<String>>,
}

fn builtin() -> Option<&'static Lexicon> {
    static LEXICON: OnceLock<Option<Lexicon>> = OnceLock::new();
    LEXICON.get_or_init(|| Lexicon::builtin().ok()).as_ref()
}

fn codes(dm: &DoubleMetaphone, key: &str) -> [String; 2] {
    let r = dm.double_metaphone(key);
    [r.primary(), r.alternate()]
}

/// The digits of a key, in order. Sound codes skip digits, so without this "HTTP" would sound
/// like "HTTP 429" and a number never said would be written.
fn digits(key: &str) -> String {
    key.chars().filter(char::is_ascii_digit).collect()
}

fn sounds_alike(a: &[String; 2], b: &[String; 2]) -> bool {
    a.iter().any(|x| !x.is_empty() && b.iter().any(|y| y == x))
}

/// The prompt's terms that the built-in lexicon holds, with their topic words.
fn candidates(lexicon: &Lexicon, prompt: &str, dm: &DoubleMetaphone) -> Vec<Candidate> {
    let mut out: Vec<Candidate> = Vec::new();
    for words in prompt_term_list(prompt) {
        let key = words.concat();
        if out.iter().any(|c| c.key == key) {
            continue;
        }
        let groups: Vec<_> = lexicon
            .groups
            .iter()
            .filter(|g| g.terms.iter().any(|t| term_key(t) == key))
            .collect();
        let Some(text) = groups
            .iter()
            .flat_map(|g| &g.terms)
            .find(|t| term_key(t) == key)
        else {
            continue;
        };
        // Groups offered to every answer are not a topic: words of one say nothing of another.
        let support: Vec<Vec<String>> = groups
            .iter()
            .filter(|g| !g.always)
            .flat_map(|g| {
                g.cue_words()
                    .iter()
                    .chain(g.near_words())
                    .cloned()
                    .chain(g.terms.iter().map(|t| normalize_words(t)))
            })
            .filter(|s| !s.is_empty() && s.concat() != key)
            .collect();
        if support.is_empty() {
            continue;
        }
        out.push(Candidate {
            text: text.clone(),
            codes: codes(dm, &key),
            words,
            key,
            support,
        });
    }
    out
}

/// Rewrites near misses of the prompt's terms in `segments` (see the module doc), using the
/// built-in lexicon's groups for the topic check. Returns how many were rewritten.
pub fn correct_near_misses(segments: &mut [Segment], prompt: &str) -> usize {
    match builtin() {
        Some(lexicon) => correct_with(segments, lexicon, prompt),
        None => 0,
    }
}

/// [`correct_near_misses`] with the given lexicon's groups.
pub fn correct_with(segments: &mut [Segment], lexicon: &Lexicon, prompt: &str) -> usize {
    let dm = DoubleMetaphone::new(Some(CODE_LENGTH));
    let cands = candidates(lexicon, prompt, &dm);
    if cands.is_empty() {
        return 0;
    }
    // Words the lexicon itself names as ordinary words of a topic ("reads", "database") were
    // said as themselves: "reads" sounds like "Redis" but is not a mishearing of it.
    let ordinary: std::collections::HashSet<String> = lexicon
        .groups
        .iter()
        .flat_map(|g| g.cue_words().iter().chain(g.near_words()))
        .map(|c| c.concat())
        .collect();
    let mut words: Vec<Word> = Vec::new();
    let mut owner: Vec<usize> = Vec::new();
    for (k, seg) in segments.iter_mut().enumerate() {
        owner.extend(std::iter::repeat_n(k, seg.words.len()));
        words.append(&mut seg.words);
    }
    let keys: Vec<String> = words
        .iter()
        .map(|w| normalize_words(&w.text).concat())
        .collect();
    let mut out: Vec<(Word, usize)> = Vec::with_capacity(words.len());
    let mut rewritten = 0;
    let mut i = 0;
    while i < words.len() {
        match find_rewrite(&keys, i, &cands, &dm, &ordinary) {
            Some((len, c)) => {
                let span = &words[i..i + len];
                let last = &span[len - 1].text;
                let trail: String = last
                    .chars()
                    .rev()
                    .take_while(|ch| !ch.is_alphanumeric())
                    .collect::<Vec<_>>()
                    .into_iter()
                    .rev()
                    .collect();
                let lead: String = span[0]
                    .text
                    .chars()
                    .take_while(|ch| !ch.is_alphanumeric())
                    .collect();
                let mut text = c.text.clone();
                if span[0]
                    .text
                    .trim_start_matches(|ch: char| !ch.is_alphanumeric())
                    .starts_with(char::is_uppercase)
                {
                    let mut chars = text.chars();
                    if let Some(first) = chars.next() {
                        text = first.to_uppercase().chain(chars).collect();
                    }
                }
                tracing::debug!(heard = %span.iter().map(|w| w.text.as_str()).collect::<Vec<_>>().join(" "),
                    term = %c.text, "a near miss of a prompt term rewritten");
                out.push((
                    Word {
                        text: format!("{lead}{text}{trail}"),
                        start_ms: span[0].start_ms,
                        end_ms: span[len - 1].end_ms,
                        p: span.iter().map(|w| w.p).fold(1.0, f32::min),
                    },
                    owner[i],
                ));
                rewritten += 1;
                i += len;
            }
            None => {
                out.push((words[i].clone(), owner[i]));
                i += 1;
            }
        }
    }
    for (w, k) in out {
        segments[k].words.push(w);
    }
    for seg in segments.iter_mut() {
        seg.text = seg
            .words
            .iter()
            .map(|w| w.text.as_str())
            .collect::<Vec<_>>()
            .join(" ");
    }
    rewritten
}

/// The longest run of words from `i` that is a near miss of a candidate with its topic nearby.
fn find_rewrite<'a>(
    keys: &[String],
    i: usize,
    cands: &'a [Candidate],
    dm: &DoubleMetaphone,
    ordinary: &std::collections::HashSet<String>,
) -> Option<(usize, &'a Candidate)> {
    if keys[i].is_empty() || FILLERS.contains(&keys[i].as_str()) {
        return None;
    }
    let mut best: Option<(usize, &Candidate)> = None;
    for c in cands {
        for len in 1..=(c.words.len() + 1).min(keys.len() - i) {
            let span = &keys[i..i + len];
            if span
                .iter()
                .any(|k| k.is_empty() || FILLERS.contains(&k.as_str()))
            {
                break;
            }
            let heard = span.concat();
            if len == 1 && ordinary.contains(&heard) {
                break;
            }
            // Already the term (or its plural): nothing to do, and no shorter miss inside it.
            if heard == c.key || heard == format!("{}s", c.key) {
                return None;
            }
            if best.is_some_and(|(l, _)| l >= len) {
                continue;
            }
            if !near_spelling(&heard, &c.key)
                || !sounds_alike(&codes(dm, &heard), &c.codes)
                || digits(&heard) != digits(&c.key)
            {
                continue;
            }
            if topic_nearby(keys, i, len, &c.support) {
                best = Some((len, c));
            }
        }
    }
    best
}

/// Whether one of `support` occurs within [`CONTEXT_WORDS`] words of `keys[i..i + len]`,
/// outside it.
fn topic_nearby(keys: &[String], i: usize, len: usize, support: &[Vec<String>]) -> bool {
    let before = &keys[i.saturating_sub(CONTEXT_WORDS)..i];
    let after = &keys[i + len..(i + len + CONTEXT_WORDS).min(keys.len())];
    [before, after].iter().any(|side| {
        support.iter().any(|s| {
            let key = s.concat();
            // A phrase may be written as one word or several ("hit rate", "hitrate").
            (1..=(s.len() + 1).min(side.len())).any(|n| side.windows(n).any(|w| w.concat() == key))
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seg(text: &str) -> Segment {
        Segment {
            start_ms: 0,
            end_ms: 1000,
            text: text.into(),
            words: text
                .split_whitespace()
                .map(|w| Word {
                    text: w.into(),
                    start_ms: 0,
                    end_ms: 0,
                    p: 0.9,
                })
                .collect(),
        }
    }

    fn corrected(text: &str, prompt: &str) -> String {
        let mut s = vec![seg(text)];
        correct_near_misses(&mut s, prompt);
        s[0].text.clone()
    }

    const PROMPT: &str =
        "Postgres, database, cache, Redis, idempotency key. Um, so, uh, I think...";

    #[test]
    fn a_near_miss_next_to_its_topic_becomes_the_term() {
        assert_eq!(
            corrected("I would put a cash in front of the database.", PROMPT),
            "I would put a cache in front of the database."
        );
        assert_eq!(
            corrected(
                "Every payment carries an item potency key, so a retry never charges twice.",
                PROMPT
            ),
            "Every payment carries an idempotency key, so a retry never charges twice."
        );
    }

    #[test]
    fn without_the_topic_nearby_or_the_term_in_the_prompt_nothing_changes() {
        // Money, not caching: no cue of the caching group nearby.
        let money = "We paid the supplier in cash at the end of the month.";
        assert_eq!(corrected(money, PROMPT), money);
        // The topic is there but the prompt does not list the term.
        let text = "I would put a cash in front of the database.";
        assert_eq!(
            corrected(text, "Kafka, topic. Um, so, uh, I think..."),
            text
        );
        // The filler prompt lists no terms at all.
        assert_eq!(corrected(text, crate::whisper::FILLER_PROMPT), text);
    }

    #[test]
    fn a_different_word_is_not_a_near_miss() {
        // "sketch" neither sounds nor is spelled like "cache".
        let text = "I like to sketch a few options before the database work.";
        assert_eq!(corrected(text, PROMPT), text);
        // A word the lexicon names as ordinary ("reads", a cue of caching) is not "Redis".
        let text = "Most reads never touch the database.";
        assert_eq!(
            corrected(text, "Redis, cache. Um, so, uh, I think..."),
            text
        );
        // Sound codes skip digits: a number is never added.
        let text = "The API returns HTTP errors when a client sends too many requests.";
        assert_eq!(
            corrected(text, "HTTP 429, rate limiter. Um, so, uh, I think..."),
            text
        );
        // Fillers are never rewritten.
        let text = "Um, uh, the database is the source of truth.";
        assert_eq!(corrected(text, PROMPT), text);
    }

    #[test]
    fn the_term_itself_is_left_alone_and_capitals_are_kept() {
        let text = "Cache hits are counted by the database.";
        assert_eq!(corrected(text, PROMPT), text);
        assert_eq!(
            corrected("Cash sits in front of the database.", PROMPT),
            "Cache sits in front of the database."
        );
    }
}
