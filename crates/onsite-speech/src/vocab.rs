//! Decoding that knows the interview: a technical lexicon kept as data
//! (`data/lexicon.toml`), the Whisper prompt built from it for one answer, and the guard that
//! keeps the prompt's own words out of the transcript when they were not said.
//!
//! Why a prompt: Whisper writes what is likely given what came before. Primed with "Postgres,
//! PagerDuty, idempotency key", it writes those instead of "posters", "page or do this", "item
//! potency key". Why it is built per answer: whisper.cpp keeps at most 224 prompt tokens and
//! long prompts make Whisper drop speech, so only the terms that fit this question (found in its
//! text and talking points, the résumé and job description) and a short list of everyday ones
//! go in.
//!
//! What the prompt never holds: the talking points' or the question's sentences. A phrase in the
//! prompt is one Whisper may "hear" in silence or in a different answer, and a talking point
//! heard that was never said would give the candidate credit the rubric must not give. Only
//! technical terms go in; [`strip_prompt_echo`] removes a run of them copied in prompt order,
//! which is how Whisper repeats its prompt; and [`confirm_doubtful_terms`] lets a decode without
//! the terms overrule a term Whisper wrote without being sure of it (a near sound the prompt
//! pulled towards a term).

use std::path::{Path, PathBuf};

use serde::Deserialize;

use onsite_transcript::{Segment, Word};

use crate::eval::normalize_words;
use crate::whisper::FILLER_PROMPT;

/// The lexicon shipped with Onsite.
pub const BUILTIN_LEXICON: &str = include_str!("../data/lexicon.toml");

/// Most characters of terms in a prompt: ~100 tokens, well inside whisper.cpp's 224, so the
/// prompt never crowds out the answer's own context.
pub const PROMPT_TERM_CHARS: usize = 420;

/// Why a lexicon could not be read.
#[derive(Debug, thiserror::Error)]
pub enum VocabularyError {
    #[error("cannot read the vocabulary file {path}: {source}")]
    Unreadable {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{path} is not a valid lexicon: {source}; write [[group]] tables with `terms = [...]` (see data/lexicon.toml), or one term per line in a .txt file")]
    Invalid {
        path: PathBuf,
        #[source]
        source: Box<toml::de::Error>,
    },
    #[error(
        "{path} holds no terms; add at least one (one per line, or `terms = [...]` in a [[group]])"
    )]
    Empty { path: PathBuf },
    #[error("{path}: the term {term:?} has no letters or digits; remove it")]
    BadTerm { path: PathBuf, term: String },
}

impl VocabularyError {
    /// Stable identifier for the UI and scripts.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Unreadable { .. } => "vocabulary_unreadable",
            Self::Invalid { .. } => "vocabulary_invalid",
            Self::Empty { .. } => "vocabulary_empty",
            Self::BadTerm { .. } => "vocabulary_bad_term",
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct LexiconFile {
    #[serde(rename = "group", default)]
    groups: Vec<GroupFile>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct GroupFile {
    #[serde(default)]
    topic: String,
    #[serde(default)]
    cues: Vec<String>,
    #[serde(default)]
    near: Vec<String>,
    terms: Vec<String>,
    #[serde(default)]
    always: bool,
}

/// Terms talked about together, and the words that make them relevant to an answer.
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    pub topic: String,
    /// Normalized cue phrases.
    cues: Vec<Vec<String>>,
    /// Normalized phrases that confirm a near miss of a term for the correction pass
    /// (`crate::correct`); never put in the prompt.
    near: Vec<Vec<String>>,
    pub terms: Vec<String>,
    pub always: bool,
}

/// A technical lexicon: groups of terms as they should be written.
#[derive(Debug, Clone, PartialEq)]
pub struct Lexicon {
    pub groups: Vec<Group>,
}

impl Group {
    /// The cue phrases, normalized.
    pub fn cue_words(&self) -> &[Vec<String>] {
        &self.cues
    }

    /// The phrases that confirm a near miss of one of the group's terms, normalized.
    pub fn near_words(&self) -> &[Vec<String>] {
        &self.near
    }
}

impl Lexicon {
    /// The lexicon shipped with Onsite (`data/lexicon.toml`).
    pub fn builtin() -> Result<Lexicon, VocabularyError> {
        Self::parse_toml(BUILTIN_LEXICON, Path::new("data/lexicon.toml"))
    }

    /// Reads a lexicon: TOML groups (`.toml`, as the built-in one) or one term per line (any
    /// other file; `#` starts a comment). A plain list is one group offered to every answer.
    pub fn load(path: &Path) -> Result<Lexicon, VocabularyError> {
        let text = std::fs::read_to_string(path).map_err(|source| VocabularyError::Unreadable {
            path: path.to_owned(),
            source,
        })?;
        if path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("toml"))
        {
            Self::parse_toml(&text, path)
        } else {
            let terms = text
                .lines()
                .map(|l| l.split('#').next().unwrap_or_default().trim())
                .filter(|l| !l.is_empty())
                .map(str::to_owned)
                .collect();
            Self::from_groups(
                vec![Group {
                    topic: "listed".into(),
                    cues: Vec::new(),
                    near: Vec::new(),
                    terms,
                    always: true,
                }],
                path,
            )
        }
    }

    pub fn parse_toml(text: &str, path: &Path) -> Result<Lexicon, VocabularyError> {
        let file: LexiconFile = toml::from_str(text).map_err(|e| VocabularyError::Invalid {
            path: path.to_owned(),
            source: Box::new(e),
        })?;
        let groups = file
            .groups
            .into_iter()
            .map(|g| Group {
                topic: g.topic,
                cues: g.cues.iter().map(|c| normalize_words(c)).collect(),
                near: g.near.iter().map(|c| normalize_words(c)).collect(),
                terms: g.terms,
                always: g.always,
            })
            .collect();
        Self::from_groups(groups, path)
    }

    fn from_groups(groups: Vec<Group>, path: &Path) -> Result<Lexicon, VocabularyError> {
        for term in groups.iter().flat_map(|g| &g.terms) {
            if term_key(term).is_empty() {
                return Err(VocabularyError::BadTerm {
                    path: path.to_owned(),
                    term: term.clone(),
                });
            }
        }
        if groups.iter().all(|g| g.terms.is_empty()) {
            return Err(VocabularyError::Empty {
                path: path.to_owned(),
            });
        }
        Ok(Lexicon { groups })
    }

    /// Every distinct term, in file order.
    pub fn terms(&self) -> Vec<&str> {
        let mut seen = std::collections::HashSet::new();
        self.groups
            .iter()
            .flat_map(|g| &g.terms)
            .filter(|t| seen.insert(term_key(t)))
            .map(String::as_str)
            .collect()
    }
}

/// What the app knows about the answer about to be given.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AnswerContext {
    pub question: String,
    pub talking_points: Vec<String>,
    /// Technologies and practices from the résumé and job description the session was tailored
    /// to, strongest first ("Kafka", "Kubernetes").
    pub profile_terms: Vec<String>,
}

/// The prompt for one answer: the terms this answer is likely to use, then the filler prompt,
/// so Whisper stays verbatim ("um", "uh") for filler counting. whisper.cpp keeps the end of a
/// long prompt and the end weighs most, so the most relevant terms come last, right before the
/// fillers.
pub fn interview_prompt(lexicon: &Lexicon, answer: &AnswerContext) -> String {
    fit_prompt(&prompt_terms(lexicon, answer))
}

/// The prompt for a lexicon on its own, with no answer to fit it to (`onsite transcribe
/// --vocabulary`): every term in file order as far as the budget goes, the first nearest the
/// audio, then the filler prompt.
pub fn list_prompt(lexicon: &Lexicon) -> String {
    let terms: Vec<String> = lexicon.terms().into_iter().map(str::to_owned).collect();
    fit_prompt(&terms)
}

fn fit_prompt(terms: &[String]) -> String {
    let mut picked: Vec<&str> = Vec::new();
    let mut chars = 0;
    for t in terms {
        if chars + t.len() + 2 > PROMPT_TERM_CHARS {
            continue;
        }
        chars += t.len() + 2;
        picked.push(t);
    }
    if picked.is_empty() {
        return FILLER_PROMPT.to_owned();
    }
    picked.reverse();
    format!("{}. {FILLER_PROMPT}", picked.join(", "))
}

/// Terms for the prompt, most relevant first, each once: terms the question and its talking
/// points name; the résumé and job description's; technical-looking words of the question
/// ("gRPC", "S3"); the lexicon groups the question cues, most cued first; then the groups
/// offered to every answer.
pub fn prompt_terms(lexicon: &Lexicon, answer: &AnswerContext) -> Vec<String> {
    let context_text = std::iter::once(answer.question.as_str())
        .chain(answer.talking_points.iter().map(String::as_str))
        .collect::<Vec<_>>()
        .join(" . ");
    let context = normalize_words(&context_text);
    let profile: Vec<Vec<String>> = answer
        .profile_terms
        .iter()
        .map(|t| normalize_words(t))
        .collect();
    let mut out: Vec<String> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let mut push = |t: &str, out: &mut Vec<String>| {
        if seen.insert(term_key(t)) {
            out.push(t.to_owned());
        }
    };
    for t in lexicon.terms() {
        if count_term(&context, &normalize_words(t)) > 0 {
            push(t, &mut out);
        }
    }
    for t in &answer.profile_terms {
        push(t, &mut out);
    }
    for w in context_text.split(|c: char| c.is_whitespace() || c == ',' || c == '.') {
        let w = w.trim_matches(|c: char| !c.is_alphanumeric());
        let technical = w
            .chars()
            .skip(1)
            .any(|c| c.is_uppercase() || c.is_ascii_digit());
        if w.len() >= 2 && technical {
            push(w, &mut out);
        }
    }
    let mut scored: Vec<(usize, usize, &Group)> = lexicon
        .groups
        .iter()
        .enumerate()
        .filter(|(_, g)| !g.always)
        .map(|(i, g)| {
            let cued = g.cues.iter().filter(|c| contains_seq(&context, c)).count();
            let named = g
                .terms
                .iter()
                .filter(|t| profile.contains(&normalize_words(t)))
                .count();
            (cued + 2 * named, i, g)
        })
        .filter(|(score, _, _)| *score > 0)
        .collect();
    scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    // The best-cued group's terms first, then the next group's: a long group cannot push
    // every other relevant group out of the budget.
    let lists: Vec<&Vec<String>> = scored.iter().map(|(_, _, g)| &g.terms).collect();
    let always: Vec<&Vec<String>> = lexicon
        .groups
        .iter()
        .filter(|g| g.always)
        .map(|g| &g.terms)
        .collect();
    for t in interleave(&lists, 6) {
        push(t, &mut out);
    }
    for t in always.iter().flat_map(|l| l.iter()) {
        push(t, &mut out);
    }
    out
}

/// Takes `step` terms from each list in turn until all are used.
fn interleave<'a>(lists: &[&'a Vec<String>], step: usize) -> Vec<&'a str> {
    let mut out = Vec::new();
    let mut start = 0;
    loop {
        let mut any = false;
        for l in lists {
            for t in l.iter().skip(start).take(step) {
                out.push(t.as_str());
                any = true;
            }
        }
        if !any {
            return out;
        }
        start += step;
    }
}

fn contains_seq(hay: &[String], needle: &[String]) -> bool {
    !needle.is_empty() && hay.windows(needle.len()).any(|w| w == needle)
}

/// A term's identity: its letters and digits, lower-cased ("Dead-letter queue" and "dead
/// letter queue" are one term).
pub fn term_key(term: &str) -> String {
    term.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Occurrences of `term` (normalized words) in `words` (normalized words), not overlapping. A
/// term matches a run of words that spells it with or without the spaces ("Pager Duty",
/// "PagerDuty", "page-rduty" do not: letters must match in order, spaces aside), and a plural
/// "s" or "es" on its last word.
pub fn count_term(words: &[String], term: &[String]) -> usize {
    let keys: Vec<String> = words.iter().map(|w| w.replace('\'', "")).collect();
    term_spans(&keys, term).len()
}

/// Fewest consecutive prompt words that, copied in the prompt's order, count as an echo of the
/// prompt rather than speech: two terms or more in the order the prompt lists them.
pub const ECHO_MIN_WORDS: usize = 4;

/// Removes from `words` every run of [`ECHO_MIN_WORDS`] or more words that repeats the prompt
/// in its order (Whisper's way of hallucinating its prompt). Fillers of the prompt are not
/// counted as part of a run: a candidate saying "um, so, uh, I think" is speaking.
pub fn strip_prompt_echo<T>(words: &mut Vec<T>, text: impl Fn(&T) -> &str, prompt: &str) {
    let prompt_words = normalize_words(prompt.strip_suffix(FILLER_PROMPT).unwrap_or(prompt));
    if prompt_words.len() < ECHO_MIN_WORDS || words.len() < ECHO_MIN_WORDS {
        return;
    }
    let keys: Vec<String> = words
        .iter()
        .map(|w| normalize_words(text(w)).concat())
        .collect();
    let mut drop = vec![false; words.len()];
    let mut i = 0;
    while i < keys.len() {
        let mut best = 0;
        for (j, _) in prompt_words
            .iter()
            .enumerate()
            .filter(|(_, p)| **p == keys[i])
        {
            let run = keys[i..]
                .iter()
                .zip(&prompt_words[j..])
                .take_while(|(a, b)| a == b)
                .count();
            best = best.max(run);
        }
        if best >= ECHO_MIN_WORDS {
            for d in drop.iter_mut().skip(i).take(best) {
                *d = true;
            }
            tracing::debug!(words = best, "dropping words that repeat the prompt");
            i += best;
        } else {
            i += 1;
        }
    }
    let mut it = drop.iter();
    words.retain(|_| !*it.next().unwrap_or(&false));
}

/// At or above this mean probability a prompt term Whisper wrote is taken as heard. Below it
/// the term is checked against a decode of the same audio without the terms
/// ([`confirm_doubtful_terms`]). A said term Whisper hears clearly comes out near 0.98; a near
/// sound the prompt pulled towards a term came out at 0.45 ("sketch" written "cache" in a whole
/// answer) and at 0.54 (the same sentence alone), so a bar just above "unsure" is not enough.
pub const PROMPT_TERM_SURE_P: f32 = 0.8;

/// Below this mean token log-probability a segment decoded with a prompt that lists terms is
/// doubtful, and stands only if the decode without the terms hears words at its time too.
/// Speech Whisper follows scores well above it; words it made up from the prompt over music
/// scored -0.67.
pub const PROMPT_SEGMENT_MIN_LOGP: f32 = -0.5;

/// Whether `prompt` lists terms (the filler prompt alone lists none).
pub fn lists_terms(prompt: &str) -> bool {
    !prompt_term_list(prompt).is_empty()
}

/// The terms a prompt lists: its pieces between commas and full stops before the filler
/// prompt, normalized. A free-text prompt gives long pieces that simply match nothing.
pub(crate) fn prompt_term_list(prompt: &str) -> Vec<Vec<String>> {
    prompt
        .strip_suffix(FILLER_PROMPT)
        .unwrap_or(prompt)
        .split([',', '.', ';'])
        .map(normalize_words)
        .filter(|t| !t.is_empty() && t.len() <= 4)
        .collect()
}

/// Prompt terms in `words` written with a mean probability under [`PROMPT_TERM_SURE_P`], as
/// (first word, words), in order and not overlapping.
fn doubtful_spans(words: &[Word], terms: &[Vec<String>]) -> Vec<(usize, usize)> {
    let keys: Vec<String> = words
        .iter()
        .map(|w| normalize_words(&w.text).concat())
        .collect();
    let mut spans: Vec<(usize, usize)> = terms
        .iter()
        .flat_map(|term| term_spans(&keys, term))
        .filter(|&(start, len)| {
            let mean = words[start..start + len].iter().map(|w| w.p).sum::<f32>() / len as f32;
            mean < PROMPT_TERM_SURE_P
        })
        .collect();
    spans.sort_unstable();
    // Two terms can match the same words ("cache" in "cache hit ratio"): keep the first.
    let mut end = 0;
    spans.retain(|&(start, len)| {
        let keep = start >= end;
        if keep {
            end = start + len;
        }
        keep
    });
    spans
}

/// Whether `words` hold a prompt term that [`confirm_doubtful_terms`] would need to check: the
/// caller decodes the audio again without the terms only then.
pub fn has_doubtful_terms(words: &[Word], prompt: &str) -> bool {
    let terms = prompt_term_list(prompt);
    !terms.is_empty() && !doubtful_spans(words, &terms).is_empty()
}

/// Checks every prompt term Whisper wrote without being sure of it against `plain`, the same
/// audio decoded with the filler prompt only. The term stands if `plain` writes it, or a near
/// miss of its spelling, at that place; otherwise the words `plain` has there replace it. A prompt makes its terms likelier
/// everywhere, so in speech that does not say them Whisper can still pick one for a near sound
/// ("sketch" written "cache"); crediting that would give the candidate a word, or a talking
/// point, they never said. So a doubtful term reads as it would have without the prompt, and
/// only terms heard clearly (or heard without the prompt as well) are the prompt's gain.
///
/// "At that place" is found by lining the two decodes' words up (fewest edits), not by their
/// times: word times from a fitted encoder window are too rough to cut the plain decode by.
pub fn confirm_doubtful_terms(segments: &mut [Segment], plain: &[Word], prompt: &str) {
    // One list across the segments: a term alone in its segment still lines up with the plain
    // decode's words around it.
    let mut words: Vec<Word> = Vec::new();
    let mut owner: Vec<usize> = Vec::new();
    for (k, seg) in segments.iter_mut().enumerate() {
        owner.extend(std::iter::repeat_n(k, seg.words.len()));
        words.append(&mut seg.words);
    }
    let kept = confirm_words(&words, plain, prompt, &owner);
    for (w, k) in kept {
        segments[k].words.push(w);
    }
}

/// [`confirm_doubtful_terms`] on one list; each word out with its owner (a replacement word takes
/// the owner of the term it replaces).
fn confirm_words(
    words: &[Word],
    plain: &[Word],
    prompt: &str,
    owner: &[usize],
) -> Vec<(Word, usize)> {
    let all = || words.iter().cloned().zip(owner.iter().copied()).collect();
    let terms = prompt_term_list(prompt);
    if terms.is_empty() || words.is_empty() {
        return all();
    }
    let spans = doubtful_spans(words, &terms);
    if spans.is_empty() {
        return all();
    }
    let own = |range: std::ops::Range<usize>| {
        words[range.clone()]
            .iter()
            .cloned()
            .zip(owner[range].iter().copied())
    };
    let key = |w: &Word| normalize_words(&w.text).concat();
    let wk: Vec<String> = words.iter().map(key).collect();
    let pk: Vec<String> = plain.iter().map(key).collect();
    let map = align(&wk, &pk);
    // Anchors: words both decodes wrote alike.
    let anchor = |i: usize| map[i].filter(|&j| pk[j] == wk[i]);
    let region_lo = map.iter().flatten().next().copied().unwrap_or(0);
    let region_hi = map.iter().flatten().last().map_or(0, |j| j + 1);
    let mut out = Vec::with_capacity(words.len());
    let mut next = 0;
    for (start, len) in spans {
        out.extend(own(next..start));
        next = start + len;
        let lo = (0..start)
            .rev()
            .find_map(anchor)
            .map_or(region_lo, |j| j + 1);
        let hi = (next..words.len()).find_map(anchor).unwrap_or(region_hi);
        let term: Vec<String> = words[start..next]
            .iter()
            .flat_map(|w| normalize_words(&w.text))
            .collect();
        // One word of slack either side: the decodes may split a phrase differently.
        let near = &pk[lo.saturating_sub(1).min(pk.len())..(hi + 1).min(pk.len())];
        if !term_spans(near, &term).is_empty() {
            out.extend(own(start..next));
            continue;
        }
        // A long gap means the decodes went apart: nothing is safer than a guess.
        let instead = if lo < hi && hi - lo <= len + 3 {
            &plain[lo..hi]
        } else {
            &[][..]
        };
        // A near miss of the term's spelling ("posters" for "Postgres", "cash" for "cache") is
        // the mishearing the prompt is there to fix; a different word ("sketch") is not.
        let heard: String = pk[lo.min(hi)..hi].concat();
        if !heard.is_empty() && near_spelling(&heard, &term.concat()) {
            out.extend(own(start..next));
            continue;
        }
        tracing::debug!(term = %term.join(" "),
            instead = %instead.iter().map(|w| w.text.as_str()).collect::<Vec<_>>().join(" "),
            "a doubtful prompt term not heard without the prompt");
        out.extend(instead.iter().cloned().map(|w| (w, owner[start])));
    }
    out.extend(own(next..words.len()));
    out
}

/// Most letter edits, as a share of the longer spelling, for a word the plain decode wrote to
/// count as a near miss of a prompt term: "posters"/"postgres" 0.25, "cash"/"cache" 0.4,
/// "page or do this"/"pagerduty" 0.42, but "sketch"/"cache" 0.83 and "it is"/"redis" 0.6.
pub const NEAR_MISS_MAX_EDITS: f32 = 0.5;

/// Whether `heard` (letters and digits) spells nearly `term`, by [`NEAR_MISS_MAX_EDITS`].
pub(crate) fn near_spelling(heard: &str, term: &str) -> bool {
    let (a, b): (Vec<char>, Vec<char>) = (heard.chars().collect(), term.chars().collect());
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut diag = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let up = row[j + 1];
            row[j + 1] = (up + 1).min(row[j] + 1).min(diag + usize::from(ca != cb));
            diag = up;
        }
    }
    let edits = row[b.len()] as f32;
    edits <= NEAR_MISS_MAX_EDITS * a.len().max(b.len()) as f32
}

/// For each of `a`, the index of the word of `b` it lines up with (the same word or one in its
/// place), by fewest edits with `a` placed anywhere within `b` (words of `b` before and after it
/// are free).
fn align(a: &[String], b: &[String]) -> Vec<Option<usize>> {
    let (m, n) = (a.len(), b.len());
    let mut d = vec![vec![0usize; n + 1]; m + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for i in 1..=m {
        for j in 1..=n {
            let sub = d[i - 1][j - 1] + usize::from(a[i - 1] != b[j - 1]);
            d[i][j] = sub.min(d[i - 1][j] + 1).min(d[i][j - 1] + 1);
        }
    }
    // On a tie, the latest end: a last word put in place of another, not left out.
    let mut j = (0..=n).rev().min_by_key(|&j| d[m][j]).unwrap_or(0);
    let mut i = m;
    let mut out = vec![None; m];
    while i > 0 && j > 0 {
        if d[i][j] == d[i - 1][j - 1] + usize::from(a[i - 1] != b[j - 1]) {
            out[i - 1] = Some(j - 1);
            i -= 1;
            j -= 1;
        } else if d[i][j] == d[i - 1][j] + 1 {
            i -= 1;
        } else {
            j -= 1;
        }
    }
    out
}

/// Where `term` occurs in `keys` (one key per word, a word's letters and digits), as (first
/// word, words), by the rules of [`count_term`].
fn term_spans(keys: &[String], term: &[String]) -> Vec<(usize, usize)> {
    let key: String = term.concat();
    let mut out = Vec::new();
    if key.is_empty() {
        return out;
    }
    let mut i = 0;
    while i < keys.len() {
        let mut joined = String::new();
        let mut matched = 0;
        for (k, w) in keys[i..].iter().take(term.len() + 2).enumerate() {
            joined.push_str(w);
            if joined.len() > key.len() + 2 {
                break;
            }
            if matches!(joined.strip_prefix(key.as_str()), Some("" | "s" | "es")) {
                matched = k + 1;
                break;
            }
        }
        if matched > 0 {
            out.push((i, matched));
            i += matched;
        } else {
            i += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<String> {
        normalize_words(s)
    }

    #[test]
    fn the_builtin_lexicon_parses_and_every_term_is_distinct_and_spelled() {
        let lex = Lexicon::builtin().unwrap();
        assert!(lex.terms().len() >= 200, "{}", lex.terms().len());
        assert!(lex.groups.iter().any(|g| g.always));
        assert!(lex.groups.iter().all(|g| g.always || !g.cues.is_empty()));
    }

    #[test]
    fn terms_match_across_spacing_case_hyphens_and_plurals() {
        let t = |s: &str| normalize_words(s);
        assert_eq!(
            count_term(&words("We paged via Pager Duty."), &t("PagerDuty")),
            1
        );
        assert_eq!(
            count_term(&words("a dead-letter queue"), &t("dead letter queue")),
            1
        );
        assert_eq!(
            count_term(&words("two idempotency keys"), &t("idempotency key")),
            1
        );
        assert_eq!(count_term(&words("P99 and p99"), &t("p99")), 2);
        assert_eq!(count_term(&words("cash in front"), &t("cache")), 0);
        assert_eq!(count_term(&words("cached pages"), &t("cache")), 0);
        assert_eq!(count_term(&words("the CI/CD pipeline"), &t("CI CD")), 1);
    }

    #[test]
    fn the_prompt_puts_the_questions_terms_last_and_keeps_the_fillers() {
        let lex = Lexicon::builtin().unwrap();
        let answer = AnswerContext {
            question: "Design a rate limiter for a public API.".into(),
            talking_points: vec!["Where the limits are enforced".into()],
            profile_terms: vec!["Envoy".into()],
        };
        let prompt = interview_prompt(&lex, &answer);
        assert!(prompt.ends_with(FILLER_PROMPT), "{prompt}");
        let body = prompt.strip_suffix(FILLER_PROMPT).unwrap();
        assert!(body.len() <= PROMPT_TERM_CHARS + 2, "{}", body.len());
        let terms: Vec<&str> = body.trim().trim_end_matches('.').split(", ").collect();
        // Named by the question, then the résumé's, nearest the fillers.
        let last = &terms[terms.len() - 3..];
        assert_eq!(last, ["Envoy", "API", "rate limiter"], "{prompt}");
        assert!(terms.contains(&"token bucket"), "{prompt}");
        assert!(terms.contains(&"Kubernetes"), "always offered: {prompt}");
        // Never the question's or talking points' sentences.
        assert!(
            !prompt.contains("public") && !prompt.contains("enforced"),
            "{prompt}"
        );
    }

    #[test]
    fn without_any_term_the_prompt_is_the_filler_prompt() {
        let lex = Lexicon::parse_toml(
            "[[group]]\ntopic = \"x\"\ncues = [\"zebra\"]\nterms = [\"Kafka\"]\n",
            Path::new("x.toml"),
        )
        .unwrap();
        let prompt = interview_prompt(&lex, &AnswerContext::default());
        assert_eq!(prompt, FILLER_PROMPT);
    }

    #[test]
    fn an_echo_of_the_prompt_is_removed_but_speech_using_its_terms_is_kept() {
        let prompt = format!("Redis, Postgres, Kafka, Kubernetes, PagerDuty. {FILLER_PROMPT}");
        let strip = |s: &str| {
            let mut w: Vec<String> = s.split(' ').map(str::to_owned).collect();
            strip_prompt_echo(&mut w, |w| w.as_str(), &prompt);
            w.join(" ")
        };
        assert_eq!(strip("Redis, Postgres, Kafka, Kubernetes, PagerDuty."), "");
        assert_eq!(
            strip("so Postgres, Kafka, Kubernetes, PagerDuty then"),
            "so then"
        );
        assert_eq!(
            strip("we use Kafka and Postgres with Redis"),
            "we use Kafka and Postgres with Redis"
        );
        // The fillers at the end of the prompt are speech when a candidate says them.
        assert_eq!(
            strip("Um, so, uh, I think we shard"),
            "Um, so, uh, I think we shard"
        );
    }

    #[test]
    fn a_doubtful_prompt_term_stands_only_if_heard_without_the_prompt() {
        let prompt = format!("dead-letter queue, cache, Redis. {FILLER_PROMPT}");
        let ws = |list: &[(&str, f32, u64)]| -> Vec<Word> {
            list.iter()
                .map(|&(t, p, at)| Word {
                    text: t.to_owned(),
                    start_ms: at,
                    end_ms: at + 200,
                    p,
                })
                .collect()
        };
        let run = |prompted: &[(&str, f32, u64)], plain: &[(&str, f32, u64)]| {
            // The last word in a segment of its own, as Whisper often cuts a sentence.
            let mut w = ws(prompted);
            let last = w.split_off(w.len() - 1);
            let seg = |words: Vec<Word>| Segment {
                start_ms: 0,
                end_ms: 0,
                text: String::new(),
                words,
            };
            let mut segs = vec![seg(w), seg(last)];
            confirm_doubtful_terms(&mut segs, &ws(plain), &prompt);
            assert_eq!(segs.len(), 2);
            segs.iter()
                .flat_map(|s| &s.words)
                .map(|w| w.text.as_str())
                .collect::<Vec<_>>()
                .join(" ")
        };
        // "sketch" pulled to "cache" by the prompt: what the plain decode heard comes back.
        assert_eq!(
            run(
                &[("to", 0.3, 0), ("cache", 0.54, 200), ("options", 0.9, 400)],
                &[("to", 0.5, 0), ("sketch", 0.7, 210), ("options", 0.9, 400)]
            ),
            "to sketch options"
        );
        // Heard unsure with the prompt but also without it: it stands.
        assert_eq!(
            run(
                &[("a", 0.9, 0), ("cache", 0.6, 200)],
                &[("a", 0.9, 0), ("cache", 0.7, 400)]
            ),
            "a cache"
        );
        // Heard clearly: the plain decode is not consulted.
        let sure = ws(&[("a", 0.9, 0), ("cache", 0.98, 200)]);
        assert!(!has_doubtful_terms(&sure, &prompt));
        assert_eq!(
            run(
                &[("a", 0.9, 0), ("cache", 0.98, 200)],
                &[("a", 0.9, 0), ("cash", 0.9, 200)]
            ),
            "a cache"
        );
        // A term of several words, doubtful on average, and nothing at its time without it.
        assert_eq!(
            run(
                &[
                    ("a", 0.9, 0),
                    ("dead", 0.3, 200),
                    ("letter", 0.6, 400),
                    ("queue", 0.9, 600),
                    ("here", 0.9, 800)
                ],
                &[("a", 0.9, 0), ("here", 0.9, 800)]
            ),
            "a here"
        );
        // Word times are not trusted: the plain words are found by their place in the sentence.
        // A near miss of the term ("cash") lets it stand; a different word replaces it, and the
        // words around it are not repeated.
        assert_eq!(
            run(
                &[
                    ("put", 0.9, 0),
                    ("a", 0.9, 0),
                    ("cache", 0.6, 0),
                    ("in", 0.9, 0),
                    ("front", 0.9, 0)
                ],
                &[
                    ("we", 0.9, 0),
                    ("put", 0.9, 100),
                    ("a", 0.9, 200),
                    ("cash", 0.6, 300),
                    ("in", 0.9, 400),
                    ("front", 0.9, 500),
                    ("of", 0.9, 600)
                ]
            ),
            "put a cache in front"
        );
        assert_eq!(
            run(
                &[
                    ("put", 0.9, 0),
                    ("a", 0.9, 0),
                    ("cache", 0.6, 0),
                    ("in", 0.9, 0),
                    ("front", 0.9, 0)
                ],
                &[
                    ("we", 0.9, 0),
                    ("put", 0.9, 100),
                    ("a", 0.9, 200),
                    ("sketch", 0.6, 300),
                    ("in", 0.9, 400),
                    ("front", 0.9, 500),
                    ("of", 0.9, 600)
                ]
            ),
            "put a sketch in front"
        );
        assert!(near_spelling("posters", "postgres") && near_spelling("pageordothis", "pagerduty"));
        assert!(!near_spelling("sketch", "cache") && !near_spelling("itis", "redis"));
        // Words that are not the prompt's terms are never touched, however unsure.
        let w = ws(&[("posters", 0.2, 0), ("cash", 0.3, 200)]);
        assert!(!has_doubtful_terms(&w, &prompt));
        assert_eq!(
            run(&[("posters", 0.2, 0), ("cash", 0.3, 200)], &[]),
            "posters cash"
        );
        // A term alone at the end, its own segment, lined up with the words before it.
        assert_eq!(
            run(
                &[("never", 0.9, 0), ("touch", 0.9, 0), ("Postgres.", 0.6, 0)],
                &[("never", 0.9, 0), ("touch", 0.9, 0), ("posters.", 0.6, 0)]
            ),
            "never touch Postgres."
        );
        assert_eq!(
            run(
                &[("never", 0.9, 0), ("touch", 0.9, 0), ("cache.", 0.6, 0)],
                &[("never", 0.9, 0), ("touch", 0.9, 0), ("sketches.", 0.6, 0)]
            ),
            "never touch sketches."
        );
        // The filler prompt alone lists no terms.
        assert!(!has_doubtful_terms(&ws(&[("so", 0.1, 0)]), FILLER_PROMPT));
    }

    #[test]
    fn a_plain_list_and_bad_files_load_or_fail_clearly() {
        let dir = tempfile::tempdir().unwrap();
        let list = dir.path().join("terms.txt");
        std::fs::write(&list, "# ours\nAcmeQueue\n\nFooDB # the store\n").unwrap();
        let lex = Lexicon::load(&list).unwrap();
        assert_eq!(lex.terms(), ["AcmeQueue", "FooDB"]);

        let empty = dir.path().join("empty.txt");
        std::fs::write(&empty, "# nothing\n").unwrap();
        assert_eq!(
            Lexicon::load(&empty).unwrap_err().code(),
            "vocabulary_empty"
        );

        let bad = dir.path().join("bad.toml");
        std::fs::write(&bad, "[[group]]\nterm = [\"x\"]\n").unwrap();
        let err = Lexicon::load(&bad).unwrap_err();
        assert_eq!(err.code(), "vocabulary_invalid");
        assert!(err.to_string().contains("[[group]]"), "{err}");

        let missing = Lexicon::load(&dir.path().join("nope.txt")).unwrap_err();
        assert_eq!(missing.code(), "vocabulary_unreadable");
    }
}
