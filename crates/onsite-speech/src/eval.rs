//! Measuring transcripts against known scripts: word error rate and filler survival. Used by the
//! tests and `onsite bench speech`; nothing at run time depends on it.
//! [`real_set`] reads the real-speech set (recorded human speech fetched from packages).

pub mod english;
pub mod real_set;

/// Lower-case words with punctuation stripped; hyphens and slashes split words, apostrophes stay.
pub fn normalize_words(text: &str) -> Vec<String> {
    text.split(|c: char| c.is_whitespace() || c == '-' || c == '/')
        .map(|w| {
            w.chars()
                .filter(|c| c.is_alphanumeric() || *c == '\'')
                .flat_map(char::to_lowercase)
                .collect::<String>()
        })
        .map(|w| w.trim_matches('\'').to_owned())
        .filter(|w| !w.is_empty())
        .collect()
}

/// Word error rate: (substitutions + deletions + insertions) / reference words.
pub fn word_error_rate(reference: &str, hypothesis: &str) -> f64 {
    let r = normalize_words(reference);
    let h = normalize_words(hypothesis);
    if r.is_empty() {
        return if h.is_empty() { 0.0 } else { 1.0 };
    }
    edit_distance(&r, &h) as f64 / r.len() as f64
}

/// Fewest word substitutions, deletions and insertions turning `r` into `h`.
pub fn edit_distance(r: &[String], h: &[String]) -> usize {
    let mut prev: Vec<usize> = (0..=h.len()).collect();
    let mut cur = vec![0; h.len() + 1];
    for (i, rw) in r.iter().enumerate() {
        cur[0] = i + 1;
        for (j, hw) in h.iter().enumerate() {
            let sub = prev[j] + usize::from(rw != hw);
            cur[j + 1] = sub.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[h.len()]
}

/// Fillers we count (what the rubric's filler counter looks for).
pub const FILLERS: &[&str] = &["um", "uh", "umm", "uhh", "erm", "er", "hmm", "mm"];

/// Number of filler words in `text`.
pub fn count_fillers(text: &str) -> usize {
    normalize_words(text)
        .iter()
        .filter(|w| FILLERS.contains(&w.as_str()))
        .count()
}

/// The labelled technical-vocabulary set (`data/vocabulary-set.toml`).
pub const VOCABULARY_SET: &str = include_str!("../data/vocabulary-set.toml");

/// A term marked in the set: how it is spoken, and the spellings that count as it.
#[derive(Debug, Clone, PartialEq)]
pub struct MarkedTerm {
    pub spellings: Vec<String>,
}

impl MarkedTerm {
    /// The term's identity (its spoken form's letters and digits).
    pub fn key(&self) -> String {
        crate::vocab::term_key(&self.spellings[0])
    }

    /// Occurrences in a transcript's normalized words, by the spelling found most often.
    pub fn count_in(&self, words: &[String]) -> usize {
        self.spellings
            .iter()
            .map(|s| crate::vocab::count_term(words, &normalize_words(s)))
            .max()
            .unwrap_or(0)
    }
}

/// One answer of the set: the question's context and what the candidate says.
#[derive(Debug, Clone, PartialEq)]
pub struct SetAnswer {
    pub question: String,
    pub talking_points: Vec<String>,
    /// The sentences as spoken (markup removed, the first spelling of each term).
    pub sentences: Vec<String>,
    /// Every marked term, once per mark.
    pub terms: Vec<MarkedTerm>,
    /// The sentence each of `terms` is in.
    term_sentence: Vec<usize>,
}

impl SetAnswer {
    /// The same answer with only the sentences `picked` (by index), for short tests.
    pub fn only(&self, picked: &[usize]) -> SetAnswer {
        let keep = |i: &usize| picked.contains(i);
        let (terms, term_sentence) = self
            .terms
            .iter()
            .zip(&self.term_sentence)
            .filter(|(_, i)| keep(i))
            .map(|(t, i)| (t.clone(), *i))
            .unzip();
        SetAnswer {
            question: self.question.clone(),
            talking_points: self.talking_points.clone(),
            sentences: picked
                .iter()
                .filter_map(|i| self.sentences.get(*i).cloned())
                .collect(),
            terms,
            term_sentence,
        }
    }

    /// The whole answer as one script.
    pub fn script(&self) -> String {
        self.sentences.join(" ")
    }

    /// (marked terms heard, marked terms) in a transcript of this answer: each term counts
    /// as often as it is marked, and is heard as often as it occurs, up to that.
    pub fn term_recall(&self, transcript: &str) -> (usize, usize) {
        let words = normalize_words(transcript);
        let mut wanted: Vec<(String, &MarkedTerm, usize)> = Vec::new();
        for t in &self.terms {
            match wanted.iter_mut().find(|(k, _, _)| *k == t.key()) {
                Some(w) => w.2 += 1,
                None => wanted.push((t.key(), t, 1)),
            }
        }
        let heard = wanted
            .iter()
            .map(|(_, t, n)| t.count_in(&words).min(*n))
            .sum();
        (heard, self.terms.len())
    }

    /// The marked terms missing from a transcript, for reports.
    pub fn missed_terms(&self, transcript: &str) -> Vec<String> {
        let words = normalize_words(transcript);
        let mut missed: Vec<String> = self
            .terms
            .iter()
            .filter(|t| t.count_in(&words) == 0)
            .map(|t| t.spellings[0].clone())
            .collect();
        missed.dedup();
        missed
    }

    /// Each marked term a transcript of this answer misses, with the sentence it is said in and
    /// the transcript's words heard in that sentence's place (the run of as many words that
    /// differs least from it), so a bench can show what was heard instead.
    pub fn missed_in_context(&self, transcript: &str) -> Vec<(String, String, String)> {
        let words = normalize_words(transcript);
        let mut out: Vec<(String, String, String)> = Vec::new();
        for (t, &i) in self.terms.iter().zip(&self.term_sentence) {
            if t.count_in(&words) > 0 || out.iter().any(|(m, _, _)| *m == t.spellings[0]) {
                continue;
            }
            let said = self.sentences.get(i).cloned().unwrap_or_default();
            let s = normalize_words(&said);
            let n = s.len().min(words.len());
            let heard = (0..=words.len() - n)
                .min_by_key(|&k| edit_distance(&s, &words[k..k + n]))
                .map(|k| words[k..k + n].join(" "))
                .unwrap_or_default();
            out.push((t.spellings[0].clone(), said, heard));
        }
        out
    }
}

/// The labelled set: answers with marked terms, and control answers with none.
#[derive(Debug, Clone, PartialEq)]
pub struct VocabularySet {
    pub answers: Vec<SetAnswer>,
    pub controls: Vec<SetAnswer>,
}

#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct SetFile {
    answer: Vec<SetEntry>,
    control: Vec<SetEntry>,
}

#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct SetEntry {
    question: String,
    talking_points: Vec<String>,
    sentences: Vec<String>,
}

/// Why the set would not parse (a mistake in the data file; a test reads it).
#[derive(Debug, thiserror::Error)]
pub enum SetError {
    #[error("the vocabulary set is not valid TOML: {0}")]
    Toml(#[from] Box<toml::de::Error>),
    #[error("unbalanced term brackets in {0:?}")]
    Markup(String),
}

impl VocabularySet {
    /// The set shipped in `data/vocabulary-set.toml`.
    pub fn builtin() -> Result<Self, SetError> {
        Self::parse(VOCABULARY_SET)
    }

    pub fn parse(text: &str) -> Result<Self, SetError> {
        let file: SetFile = toml::from_str(text).map_err(Box::new)?;
        let read = |entries: Vec<SetEntry>| -> Result<Vec<SetAnswer>, SetError> {
            entries
                .into_iter()
                .map(|e| {
                    let mut sentences = Vec::new();
                    let mut terms = Vec::new();
                    let mut term_sentence = Vec::new();
                    for (i, s) in e.sentences.iter().enumerate() {
                        let (spoken, marked) = unmark(s)?;
                        sentences.push(spoken);
                        term_sentence.extend(std::iter::repeat_n(i, marked.len()));
                        terms.extend(marked);
                    }
                    Ok(SetAnswer {
                        question: e.question,
                        talking_points: e.talking_points,
                        sentences,
                        terms,
                        term_sentence,
                    })
                })
                .collect()
        };
        Ok(Self {
            answers: read(file.answer)?,
            controls: read(file.control)?,
        })
    }

    pub fn term_count(&self) -> usize {
        self.answers.iter().map(|a| a.terms.len()).sum()
    }
}

/// "a [cache] in front of [Postgres|PostgreSQL]" -> the spoken sentence and its marked terms.
fn unmark(sentence: &str) -> Result<(String, Vec<MarkedTerm>), SetError> {
    let mut spoken = String::new();
    let mut terms = Vec::new();
    let mut rest = sentence;
    while let Some(open) = rest.find('[') {
        let close = rest[open..]
            .find(']')
            .map(|c| open + c)
            .ok_or_else(|| SetError::Markup(sentence.to_owned()))?;
        spoken.push_str(&rest[..open]);
        let spellings: Vec<String> = rest[open + 1..close]
            .split('|')
            .map(|s| s.trim().to_owned())
            .collect();
        if spellings[0].is_empty() {
            return Err(SetError::Markup(sentence.to_owned()));
        }
        spoken.push_str(&spellings[0]);
        terms.push(MarkedTerm { spellings });
        rest = &rest[close + 1..];
    }
    if rest.contains(']') {
        return Err(SetError::Markup(sentence.to_owned()));
    }
    spoken.push_str(rest);
    Ok((spoken, terms))
}

/// Words of `talking_points` that carry their meaning (four letters or more, not a filler of
/// English): what a transcript could wrongly "hear" of them.
pub fn talking_point_words(talking_points: &[String]) -> Vec<String> {
    const COMMON: &[&str] = &[
        "what", "when", "where", "which", "with", "that", "this", "there", "their", "they", "them",
        "from", "into", "have", "been", "were", "will", "would", "your", "each", "many", "across",
        "between", "about", "after", "before", "does", "done", "kept", "made", "stay", "stays",
        "happens", "other",
    ];
    let mut out: Vec<String> = Vec::new();
    for w in talking_points.iter().flat_map(|t| normalize_words(t)) {
        if w.len() >= 4 && !COMMON.contains(&w.as_str()) && !out.contains(&w) {
            out.push(w);
        }
    }
    out
}

/// Occurrences of any of `words` in `text`.
pub fn count_words(text: &str, words: &[String]) -> usize {
    normalize_words(text)
        .iter()
        .filter(|w| words.contains(w))
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_vocabulary_set_has_its_size_and_its_controls_hold_no_lexicon_term() {
        let set = VocabularySet::builtin().unwrap();
        let sentences: usize = set.answers.iter().map(|a| a.sentences.len()).sum();
        assert!(sentences >= 40 && set.term_count() >= 120);
        let lexicon = crate::vocab::Lexicon::builtin().unwrap();
        for c in &set.controls {
            assert!(c.terms.is_empty());
            let words = normalize_words(&c.script());
            for t in lexicon.terms() {
                let n = crate::vocab::count_term(&words, &normalize_words(t));
                assert_eq!(n, 0, "control {:?} says the lexicon's {t:?}", c.script());
            }
        }
        // A transcript that writes the terms its own way still counts.
        let a = &set.answers[0];
        assert!(a.sentences[0].starts_with("I would put a cache in front of the database"));
        let (heard, of) = a.term_recall(&a.script().replace("Postgres", "postgres"));
        assert_eq!(heard, of);
        let (heard, _) = a.term_recall(&a.script().replace("cache", "cash"));
        assert!(heard < of);
    }

    #[test]
    fn marked_terms_and_their_spellings_are_read() {
        let (spoken, terms) = unmark("a [p ninety nine|p99] of [Redis].").unwrap();
        assert_eq!(spoken, "a p ninety nine of Redis.");
        assert_eq!(terms.len(), 2);
        assert_eq!(terms[0].count_in(&normalize_words("the P99 is")), 1);
        assert!(unmark("a [broken term").is_err());
    }

    #[test]
    fn wer_counts_edits_over_reference_words() {
        assert_eq!(
            word_error_rate("And so, my fellow Americans", "and so my fellow americans"),
            0.0
        );
        assert_eq!(word_error_rate("a b c d", "a x c d"), 0.25);
        assert_eq!(word_error_rate("a b c d", "a c d"), 0.25);
        assert_eq!(word_error_rate("a b c d", "a b c d e"), 0.25);
        assert_eq!(word_error_rate("", ""), 0.0);
        assert_eq!(word_error_rate("", "hallucination"), 1.0);
    }

    #[test]
    fn fillers_are_counted_after_normalising() {
        assert_eq!(count_fillers("Um, so, uh, I think... UMM yes"), 3);
        assert_eq!(count_fillers("umbrella under"), 0);
    }
}
