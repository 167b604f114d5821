//! The first stage: which sentences count, and what the pack's phrase patterns find in them.
//!
//! A sentence counts once (exact repeats anywhere and near repeats within a window are dropped)
//! and earns credit only if it reads as speech (enough words, some function words), so a list of
//! buzzwords earns nothing. Each signal counts at most `per_sentence` distinct patterns in a
//! sentence, so saying a thing again never earns more. A negator shortly before a match in the
//! same clause files it as negated ("we never discussed trade-offs").

use std::collections::{HashMap, HashSet};

use super::ctx::{Hit, SignalStat};
use super::repeat::StemSet;
use crate::pack::{PatTok, RubricPack};
use crate::text::{Analysed, SpokenWord, Token};

/// How far back a sentence is compared with earlier ones for near-repeats.
const REPEAT_WINDOW: usize = 200;

/// Per sentence, whether it is read at all and whether it reads as speech.
pub(super) struct Sentences {
    /// Not a repeat of an earlier sentence.
    pub(super) unique: Vec<bool>,
    /// Reads as speech rather than a list of terms.
    pub(super) clause: Vec<bool>,
    /// Words in the repeated sentences.
    pub(super) repeated_words: usize,
}

impl Sentences {
    pub(super) fn read(pack: &RubricPack, a: &Analysed) -> Self {
        // Repeats: exact ones anywhere, near ones (same words, ≥ 80% overlap) within a window.
        let mut unique = vec![true; a.sentences.len()];
        let mut seen_exact: HashSet<Vec<u32>> = HashSet::new();
        let mut recent: Vec<StemSet> = Vec::new();
        let mut repeated_words = 0usize;
        for (i, s) in a.sentences.iter().enumerate() {
            let seq: Vec<u32> = a.tokens[s.tokens.clone()].iter().map(|t| t.stem).collect();
            let set = StemSet::new(&seq);
            let near = set.stems.len() >= 4
                && recent
                    .iter()
                    .rev()
                    .take(REPEAT_WINDOW)
                    .any(|r| r.near_repeat_of(&set));
            if !seen_exact.insert(seq) || near {
                unique[i] = false;
                repeated_words += s.last_word + 1 - s.first_word;
            } else {
                recent.push(set);
            }
        }
        let clause = a
            .sentences
            .iter()
            .map(|s| {
                let toks = &a.tokens[s.tokens.clone()];
                let fw = toks.iter().filter(|t| is_function_word(pack, t)).count();
                toks.len() >= 3 && fw >= 1 && fw as f64 >= 0.2 * toks.len() as f64
            })
            .collect();
        Sentences {
            unique,
            clause,
            repeated_words,
        }
    }
}

pub(super) fn is_function_word(pack: &RubricPack, t: &Token) -> bool {
    pack.function_words.binary_search(&t.stem).is_ok()
}

/// Every signal's hits over the unique sentences, and its strength.
pub(super) fn match_signals(pack: &RubricPack, a: &Analysed, s: &Sentences) -> Vec<SignalStat> {
    let mut stats = vec![SignalStat::default(); pack.signals.len()];
    for (si, sentence) in a.sentences.iter().enumerate() {
        if !s.unique[si] {
            continue;
        }
        let end = sentence.tokens.end;
        let mut found: Vec<Hit> = Vec::new();
        for i in sentence.tokens.clone() {
            let t = &a.tokens[i];
            let by_word = pack
                .by_first
                .get(t.stem as usize)
                .map(|v| v.as_slice())
                .unwrap_or(&[]);
            let by_num: &[usize] = if t.is_number { &pack.num_first } else { &[] };
            for &p in by_word.iter().chain(by_num) {
                let pattern = &pack.patterns[p];
                if let Some(e) = match_from(&a.tokens, i, end, &pattern.toks) {
                    // A negator the pattern did not ask for, swallowed by one of its `*` gaps,
                    // turns it round ("I don't wait for someone to clarify it" is no refusal),
                    // for every signal, negatable or not.
                    let negated = gap_negated(pack, &a.tokens[i..e], &pattern.toks)
                        || (pack.signals[pattern.signal].negatable
                            && negated_at(pack, &a.tokens, sentence.tokens.start, i));
                    found.push(Hit {
                        signal: pattern.signal,
                        pattern: p,
                        sentence: si,
                        start: i,
                        end: e,
                        negated,
                    });
                }
            }
        }
        // One hit per signal per overlapping stretch; each signal counts up to `per_sentence`
        // distinct patterns in a sentence, and only in sentences that read as speech.
        found.sort_by_key(|h| (h.signal, h.start, std::cmp::Reverse(h.end)));
        let mut kept: Vec<Hit> = Vec::new();
        for h in found {
            if kept
                .iter()
                .any(|k| k.signal == h.signal && k.start < h.end && h.start < k.end)
            {
                continue;
            }
            kept.push(h);
        }
        let mut per_signal: HashMap<usize, HashSet<usize>> = HashMap::new();
        for h in kept {
            let st = &mut stats[h.signal];
            if h.negated {
                st.negated.push(h);
                continue;
            }
            if !s.clause[si] {
                continue;
            }
            st.hits.push(h);
            per_signal.entry(h.signal).or_default().insert(h.pattern);
        }
        for (sig, patterns) in per_signal {
            stats[sig].strength +=
                patterns.len().min(pack.signals[sig].per_sentence as usize) as f64;
        }
    }
    for st in &mut stats {
        st.hits.sort_by_key(|h| (h.sentence, h.start));
        st.negated.sort_by_key(|h| (h.sentence, h.start));
    }
    stats
}

/// A negator inside a match that is none of the pattern's own words: one a gap took in.
fn gap_negated(pack: &RubricPack, span: &[Token], pattern: &[PatTok]) -> bool {
    pattern.iter().any(|t| matches!(t, PatTok::Gap(_)))
        && span.iter().any(|t| {
            pack.negators.binary_search(&t.stem).is_ok()
                && !pattern
                    .iter()
                    .any(|p| matches!(p, PatTok::Word(alts) if alts.contains(&t.stem)))
        })
}

fn match_from(tokens: &[Token], i: usize, end: usize, pat: &[PatTok]) -> Option<usize> {
    let Some(first) = pat.first() else {
        return Some(i);
    };
    match first {
        PatTok::Word(alts) => (i < end && alts.contains(&tokens[i].stem))
            .then(|| match_from(tokens, i + 1, end, &pat[1..]))
            .flatten(),
        PatTok::Num => (i < end && tokens[i].is_number)
            .then(|| match_from(tokens, i + 1, end, &pat[1..]))
            .flatten(),
        PatTok::Gap(max) => (0..=*max)
            .take_while(|skip| i + skip <= end)
            .find_map(|skip| match_from(tokens, i + skip, end, &pat[1..])),
    }
}

/// A negator within the window before the match, in the same clause, cancels it: "we never
/// discussed trade-offs", "without a cache", "I didn't consider alternatives".
fn negated_at(pack: &RubricPack, tokens: &[Token], sentence_start: usize, at: usize) -> bool {
    let mut j = at;
    let mut steps = 0;
    if tokens[at].boundary_before {
        return false;
    }
    while j > sentence_start && steps < pack.negation_window {
        j -= 1;
        steps += 1;
        if pack.negators.binary_search(&tokens[j].stem).is_ok() {
            return true;
        }
        if tokens[j].boundary_before {
            break;
        }
    }
    false
}

/// The `mechanism` signal reads what a part does ("each service loads all flags", "the lease
/// expires"), but its words are stemmed, so "load", "locks" and "the queue" would match as
/// nouns. Only hits spoken as a verb in the third person stay: the word ends in "s" and does
/// not follow a determiner or a preposition ("the loads", "per batches" are nouns).
pub(super) fn keep_spoken_verbs(
    pack: &RubricPack,
    a: &Analysed,
    words: &[SpokenWord],
    mut stats: Vec<SignalStat>,
) -> Vec<SignalStat> {
    let Some(&id) = pack.signal_ids.get("mechanism") else {
        return stats;
    };
    let st = &mut stats[id];
    st.hits.retain(|h| {
        let at = a.tokens[h.start].word;
        let said = super::bare(&words[at].text);
        let after_noun_marker = at
            .checked_sub(1)
            .is_some_and(|p| NOT_BEFORE_VERB.contains(&super::bare(&words[p].text).as_str()));
        said.ends_with('s') && !said.ends_with("ss") && !after_noun_marker
    });
    let sentences: HashSet<usize> = st.hits.iter().map(|h| h.sentence).collect();
    st.strength = sentences.len() as f64 * f64::from(pack.signals[id].per_sentence.min(1));
    stats
}

/// Words after which a word ending in "s" is a noun, not a verb.
const NOT_BEFORE_VERB: &[&str] = &[
    "the", "a", "an", "of", "per", "to", "our", "their", "its", "his", "her", "my", "your",
    "these", "those", "no", "any", "some", "more", "less", "fewer", "many", "all", "with", "for",
    "in", "on", "by", "from", "into", "about", "heavy", "peak", "high", "low", "how",
];
