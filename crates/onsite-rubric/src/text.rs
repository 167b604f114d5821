//! Turning spoken words into what the rules read: tokens with stems, sentences, clause
//! boundaries and fillers, each token remembering the transcript word it came from.
//!
//! Words are what the candidate said (and what evidence quotes); tokens are the normalised pieces
//! a word splits into ("didn't" → "did", "not"; "10%" → "10", "percent"). Fillers are removed
//! here, before any rule sees the text, so that saying "um" can never change what an answer is
//! credited with — only the delivery figures.

use std::collections::{BTreeMap, HashMap};

use rust_stemmers::{Algorithm, Stemmer};

/// One spoken word as the candidate said it, with timings when the input had them.
#[derive(Debug, Clone, PartialEq)]
pub struct SpokenWord {
    pub text: String,
    pub start_ms: Option<u64>,
    pub end_ms: Option<u64>,
}

/// A normalised piece of a word.
#[derive(Debug, Clone)]
pub(crate) struct Token {
    /// Interned stem.
    pub stem: u32,
    /// Index of the word in the answer's word list.
    pub word: usize,
    pub is_number: bool,
    pub agent: Agent,
    /// A comma, dash or clause word ("but") sits just before this token.
    pub boundary_before: bool,
}

/// Who a pronoun names: the speaker, their group, or others.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Agent {
    None,
    I,
    We,
    They,
}

fn agent_of(piece: &str) -> Agent {
    match piece {
        "i" | "me" | "my" | "myself" | "mine" => Agent::I,
        "we" | "us" | "our" | "ours" | "ourselves" => Agent::We,
        "they" | "them" | "their" | "theirs" | "themselves" => Agent::They,
        _ => Agent::None,
    }
}

/// A sentence: ranges into the token and word lists.
#[derive(Debug, Clone)]
pub(crate) struct Sentence {
    pub tokens: std::ops::Range<usize>,
    pub first_word: usize,
    pub last_word: usize,
}

/// Lower-cases and interns stems. Stems known to the rubric keep the ids the patterns were
/// compiled with; words the rubric never mentions get fresh ids for this answer only.
pub(crate) struct Vocab {
    stemmer: Stemmer,
    ids: HashMap<String, u32>,
}

impl std::fmt::Debug for Vocab {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Vocab")
            .field("stems", &self.ids.len())
            .finish()
    }
}

impl Vocab {
    pub fn new() -> Self {
        Self {
            stemmer: Stemmer::create(Algorithm::English),
            ids: HashMap::new(),
        }
    }

    pub fn stem(&self, piece: &str) -> String {
        self.stemmer.stem(piece).into_owned()
    }

    /// Id of a stem, adding it (used while compiling a pack).
    pub fn intern(&mut self, piece: &str) -> u32 {
        let stem = self.stem(piece);
        let next = self.ids.len() as u32;
        *self.ids.entry(stem).or_insert(next)
    }

    pub fn len(&self) -> u32 {
        self.ids.len() as u32
    }

    pub fn lookup_stem(&self, stem: &str) -> Option<u32> {
        self.ids.get(stem).copied()
    }
}

/// Per-answer stemming cache on top of the pack's vocabulary.
pub(crate) struct LocalVocab<'a> {
    base: &'a Vocab,
    /// Piece to id, so each spelling is stemmed once.
    cache: HashMap<String, u32>,
    /// Ids given to stems the pack does not know, by stem, so that "editors" in an answer
    /// matches "editor" in its question as "limiting" matches the pack's "limiter".
    local_stems: HashMap<String, u32>,
    /// The stem behind each id handed out, for reading one word as the start of another.
    stems: HashMap<u32, String>,
    next: u32,
}

impl<'a> LocalVocab<'a> {
    pub fn new(base: &'a Vocab) -> Self {
        Self {
            base,
            cache: HashMap::new(),
            local_stems: HashMap::new(),
            stems: HashMap::new(),
            next: base.len(),
        }
    }

    pub fn id(&mut self, piece: &str) -> u32 {
        if let Some(id) = self.cache.get(piece) {
            return *id;
        }
        let stem = self.base.stem(piece);
        let id = match self.base.lookup_stem(&stem) {
            Some(id) => id,
            None => match self.local_stems.get(&stem) {
                Some(id) => *id,
                None => {
                    let id = self.next;
                    self.next += 1;
                    self.local_stems.insert(stem.clone(), id);
                    id
                }
            },
        };
        self.stems.entry(id).or_insert(stem);
        self.cache.insert(piece.to_owned(), id);
        id
    }

    /// The stem of an id this vocabulary handed out.
    pub fn stem_of(&self, id: u32) -> Option<&str> {
        self.stems.get(&id).map(String::as_str)
    }
}

/// A normalised piece before stemming.
#[derive(Debug, Clone)]
pub(crate) struct Piece {
    pub text: String,
    pub word: usize,
    pub is_number: bool,
}

const NUMBER_WORDS: &[&str] = &[
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "fifteen",
    "twenty",
    "thirty",
    "forty",
    "fifty",
    "sixty",
    "hundred",
    "hundreds",
    "thousand",
    "thousands",
    "million",
    "millions",
    "billion",
    "billions",
    "half",
    "double",
    "doubled",
    "twice",
    "triple",
    "tripled",
    "dozen",
    "percent",
];
/// Sounds that are always fillers, whatever surrounds them (counted together as `um/uh`).
/// Public so that a replay can place them on a timeline exactly as they were counted.
pub const HESITATIONS: &[&str] = &[
    "um", "uh", "er", "erm", "uhm", "umm", "uhh", "hmm", "mm", "ah",
];
const ABBREVIATIONS: &[&str] = &[
    "e.g.", "i.e.", "etc.", "vs.", "mr.", "ms.", "dr.", "approx.",
];

/// Splits one word into normalised pieces (contractions expanded, numbers marked).
pub(crate) fn pieces_of(word_text: &str, word: usize, out: &mut Vec<Piece>) {
    let lower = if word_text.is_ascii() {
        word_text.to_ascii_lowercase()
    } else {
        word_text
            .to_lowercase()
            .replace(['\u{2019}', '\u{2018}'], "'")
    };
    let mut current = String::new();
    let flush = |current: &mut String, out: &mut Vec<Piece>| {
        if !current.is_empty() {
            push_piece(std::mem::take(current), word, out);
        }
    };
    let chars: Vec<char> = lower.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        let digit_around = |j: Option<usize>| {
            j.and_then(|j| chars.get(j))
                .is_some_and(|c| c.is_ascii_digit())
        };
        if c.is_alphanumeric() || (c == '\'' && !current.is_empty()) {
            current.push(c);
        } else if (c == '.' || c == ',')
            && digit_around(i.checked_sub(1))
            && digit_around(Some(i + 1))
        {
            // 3.5 and 10,000 stay one number.
            if c == '.' {
                current.push(c);
            }
        } else {
            flush(&mut current, out);
            match c {
                '%' => out.push(Piece {
                    text: "percent".into(),
                    word,
                    is_number: true,
                }),
                '$' | '£' | '€' => out.push(Piece {
                    text: "dollar".into(),
                    word,
                    is_number: true,
                }),
                _ => {}
            }
        }
    }
    flush(&mut current, out);
}

fn push_piece(raw: String, word: usize, out: &mut Vec<Piece>) {
    let raw = raw.trim_end_matches('\'').to_owned();
    if raw.is_empty() {
        return;
    }
    // Leading digits with a unit glued on: 3x, 200ms, 10k.
    if raw.starts_with(|c: char| c.is_ascii_digit()) {
        let split = raw
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(raw.len());
        let (num, unit) = raw.split_at(split);
        out.push(Piece {
            text: num.to_owned(),
            word,
            is_number: true,
        });
        let unit = match unit {
            "" => return,
            "x" => "times",
            "k" => "thousand",
            "m" | "mm" => "million",
            "b" | "bn" => "billion",
            "ms" => "millisecond",
            "s" | "sec" => "second",
            "th" | "st" | "nd" | "rd" => return,
            other => other,
        };
        out.push(Piece {
            text: unit.to_owned(),
            word,
            is_number: true,
        });
        return;
    }
    if raw == "cannot" {
        push_plain("can", word, out);
        push_plain("not", word, out);
        return;
    }
    if let Some(base) = raw.strip_suffix("n't") {
        let base = match base {
            "ca" => "can",
            "wo" => "will",
            "sha" => "shall",
            other => other,
        };
        push_plain(base, word, out);
        push_plain("not", word, out);
        return;
    }
    if let Some((base, suffix)) = raw.split_once('\'') {
        push_plain(base, word, out);
        match suffix {
            "m" => push_plain("am", word, out),
            "re" => push_plain("are", word, out),
            "ve" => push_plain("have", word, out),
            "ll" => push_plain("will", word, out),
            "d" => push_plain("would", word, out),
            "s" if base == "let" => push_plain("us", word, out),
            "s" if matches!(
                base,
                "it" | "that" | "there" | "what" | "here" | "he" | "she" | "who" | "where" | "how"
            ) =>
            {
                push_plain("is", word, out)
            }
            _ => {}
        }
        return;
    }
    push_plain(&raw, word, out);
}

fn push_plain(text: &str, word: usize, out: &mut Vec<Piece>) {
    if text.is_empty() {
        return;
    }
    let is_number =
        NUMBER_WORDS.contains(&text) || text.chars().all(|c| c.is_ascii_digit() || c == '.');
    out.push(Piece {
        text: text.to_owned(),
        word,
        is_number,
    });
}

/// How a word ends: sentence end, clause end, or neither.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum WordEnd {
    None,
    Clause,
    Sentence,
}

pub(crate) fn word_end(text: &str) -> WordEnd {
    let trimmed = text.trim_end_matches(['"', '\'', ')', ']', '\u{201d}', '\u{2019}']);
    let lower = trimmed.to_lowercase();
    if ABBREVIATIONS.contains(&lower.as_str()) {
        return WordEnd::None;
    }
    match trimmed.chars().last() {
        Some('.' | '?' | '!' | '\u{2026}') => WordEnd::Sentence,
        Some(',' | ';' | ':' | '-' | '\u{2014}' | '\u{2013}') => WordEnd::Clause,
        _ => WordEnd::None,
    }
}

/// Where fillers were found, by their canonical form.
#[derive(Debug, Default, Clone)]
pub(crate) struct FillerCount {
    pub by_word: BTreeMap<String, u32>,
    pub total: u32,
}

/// Marks which pieces are fillers, using the context rules documented on each arm.
/// `clause_start[i]` says piece `i` begins a sentence or follows a comma; `comma_after[i]` that
/// its word ends in a comma or dash.
pub(crate) fn mark_fillers(
    pieces: &[Piece],
    clause_start: &[bool],
    comma_after: &[bool],
    count: &mut FillerCount,
) -> Vec<bool> {
    let n = pieces.len();
    let mut filler = vec![false; n];
    let t = |i: usize| pieces.get(i).map(|p| p.text.as_str()).unwrap_or("");
    let mut i = 0;
    while i < n {
        // The word before, skipping fillers already found, so that inserting "um" never changes
        // how its neighbours are read.
        let prev_index = (0..i).rev().find(|j| !filler[*j]);
        let prev = |i: usize| match prev_index {
            Some(j) if !clause_start[i] && !(j + 1..i).any(|k| clause_start[k]) => t(j),
            _ => "",
        };
        let w = t(i);
        let mut found: Option<(&str, usize)> = None;
        match w {
            w if HESITATIONS.contains(&w) => found = Some(("um/uh", 1)),
            "basically" => found = Some(("basically", 1)),
            // "what actually happened" is content; "actually, we…" is a filler.
            "actually" if clause_start[i] || comma_after[i] => found = Some(("actually", 1)),
            // "I like Redis", "something like Kafka", "looks like a cache" are content; "it was
            // like, slow", "and like we" are fillers.
            "like" => {
                let p = prev(i);
                let set_off = clause_start[i] || comma_after[i];
                let quotative = matches!(
                    p,
                    "was" | "is" | "were" | "and" | "so" | "but" | "just" | "are"
                );
                if set_off || quotative {
                    found = Some(("like", 1));
                }
            }
            // "you know, we…" is a filler; "do you know how", "you know the drill" are not.
            "you" if t(i + 1) == "know" => {
                let next = t(i + 2);
                let p = prev(i);
                let asking = matches!(p, "do" | "did" | "not" | "if" | "would" | "whether");
                let object = matches!(
                    next,
                    "what"
                        | "how"
                        | "why"
                        | "when"
                        | "where"
                        | "that"
                        | "if"
                        | "whether"
                        | "the"
                        | "about"
                        | "it"
                        | "them"
                        | "him"
                        | "her"
                        | "this"
                );
                if !asking && (!object || comma_after[i + 1]) {
                    found = Some(("you know", 2));
                }
            }
            // "what I mean is" is content; "I mean, we…" is a filler.
            "i" if t(i + 1) == "mean" => {
                let p = prev(i);
                let next = t(i + 2);
                if p != "what" && !matches!(next, "is" | "that" | "it" | "to") {
                    found = Some(("i mean", 2));
                }
            }
            // "a kind of queue", "what sort of load" are content; "it was kind of slow" is not.
            "sort" | "kind" if t(i + 1) == "of" => {
                let p = prev(i);
                if !matches!(
                    p,
                    "a" | "the"
                        | "what"
                        | "this"
                        | "that"
                        | "which"
                        | "some"
                        | "any"
                        | "each"
                        | "every"
                        | "one"
                        | "same"
                        | "different"
                        | "these"
                        | "those"
                        | "all"
                        | "many"
                        | "two"
                        | "our"
                        | "my"
                        | "their"
                ) {
                    found = Some((if w == "sort" { "sort of" } else { "kind of" }, 2));
                }
            }
            _ => {}
        }
        if let Some((name, len)) = found {
            for flag in filler.iter_mut().skip(i).take(len) {
                *flag = true;
            }
            *count.by_word.entry(name.to_owned()).or_insert(0) += 1;
            count.total += 1;
            i += len;
        } else {
            i += 1;
        }
    }
    filler
}

/// Tokens and sentences of an answer.
#[derive(Debug, Default)]
pub(crate) struct Analysed {
    pub tokens: Vec<Token>,
    pub sentences: Vec<Sentence>,
    pub fillers: FillerCount,
}

/// Longest run of words treated as one sentence when the speaker (or Whisper) gives no stop.
const MAX_SENTENCE_WORDS: usize = 45;

/// Tokenises, finds fillers and splits sentences. Answers and talking points analysed with the
/// same `local` vocabulary share stem ids.
pub(crate) fn analyse(words: &[SpokenWord], local: &mut LocalVocab<'_>) -> Analysed {
    let mut pieces = Vec::with_capacity(words.len() + words.len() / 4);
    let mut clause_start = Vec::with_capacity(pieces.capacity());
    let mut comma_after = Vec::with_capacity(pieces.capacity());
    let mut sentence_start_piece = Vec::with_capacity(pieces.capacity());
    let mut ends: Vec<WordEnd> = Vec::with_capacity(words.len());
    let mut next_starts_sentence = true;
    let mut next_starts_clause = true;
    let mut words_in_sentence = 0;
    for (w, word) in words.iter().enumerate() {
        let before = pieces.len();
        pieces_of(&word.text, w, &mut pieces);
        let mut end = word_end(&word.text);
        words_in_sentence += 1;
        if end != WordEnd::Sentence && words_in_sentence >= MAX_SENTENCE_WORDS {
            end = WordEnd::Sentence;
        }
        if end == WordEnd::Sentence {
            words_in_sentence = 0;
        }
        ends.push(end);
        for k in before..pieces.len() {
            clause_start.push(k == before && (next_starts_clause || next_starts_sentence));
            sentence_start_piece.push(k == before && next_starts_sentence);
            comma_after.push(k + 1 == pieces.len() && end == WordEnd::Clause);
        }
        let hesitation = pieces[before..]
            .iter()
            .all(|p| HESITATIONS.contains(&p.text.as_str()) || p.text == "basically");
        if pieces.len() > before && !hesitation {
            next_starts_sentence = end == WordEnd::Sentence;
            next_starts_clause = end != WordEnd::None;
        } else {
            // A word that is only punctuation ("—") still ends what came before it, and a bare
            // "um" is transparent: the word after it starts a clause if it would have anyway.
            next_starts_sentence |= end == WordEnd::Sentence;
            next_starts_clause |= end != WordEnd::None;
        }
    }
    let mut fillers = FillerCount::default();
    let is_filler = mark_fillers(&pieces, &clause_start, &comma_after, &mut fillers);

    let mut out = Analysed {
        fillers,
        ..Default::default()
    };
    let mut sentence_begin_token = 0usize;
    let mut sentence_first_word: Option<usize> = None;
    let mut last_word_seen = 0usize;
    let mut pending_boundary = false;
    let close = |out: &mut Analysed, begin: &mut usize, first: &mut Option<usize>, last: usize| {
        if let Some(first_word) = first.take() {
            if out.tokens.len() > *begin {
                out.sentences.push(Sentence {
                    tokens: *begin..out.tokens.len(),
                    first_word,
                    last_word: last,
                });
            }
        }
        *begin = out.tokens.len();
    };
    for (k, piece) in pieces.iter().enumerate() {
        if sentence_start_piece[k] {
            close(
                &mut out,
                &mut sentence_begin_token,
                &mut sentence_first_word,
                last_word_seen,
            );
        }
        if is_filler[k] {
            continue;
        }
        let clause_word = matches!(
            piece.text.as_str(),
            "but" | "however" | "although" | "though" | "whereas" | "except" | "yet"
        );
        let boundary =
            (clause_start[k] && !sentence_start_piece[k]) || pending_boundary || clause_word;
        pending_boundary = false;
        out.tokens.push(Token {
            stem: local.id(&piece.text),
            word: piece.word,
            is_number: piece.is_number,
            agent: agent_of(&piece.text),
            boundary_before: boundary,
        });
        if sentence_first_word.is_none() {
            sentence_first_word = Some(piece.word);
        }
        last_word_seen = piece.word;
        if clause_word {
            pending_boundary = true;
        }
    }
    close(
        &mut out,
        &mut sentence_begin_token,
        &mut sentence_first_word,
        last_word_seen,
    );
    out
}

/// Splits plain text into spoken words (no timings).
pub fn words_from_text(text: &str) -> Vec<SpokenWord> {
    let mut words = Vec::new();
    for paragraph in text.split("\n\n") {
        let before = words.len();
        words.extend(paragraph.split_whitespace().map(|w| SpokenWord {
            text: w.to_owned(),
            start_ms: None,
            end_ms: None,
        }));
        // A paragraph break ends a sentence even when the writer left out the full stop.
        if words.len() > before {
            if let Some(last) = words.last_mut() {
                if word_end(&last.text) != WordEnd::Sentence {
                    last.text.push('.');
                }
            }
        }
    }
    words
}

#[cfg(test)]
mod tests {
    use super::*;

    fn piece_texts(word: &str) -> Vec<String> {
        let mut out = Vec::new();
        pieces_of(word, 0, &mut out);
        out.into_iter().map(|p| p.text).collect()
    }

    #[test]
    fn expands_contractions_and_numbers() {
        assert_eq!(piece_texts("didn't"), ["did", "not"]);
        assert_eq!(piece_texts("I'm"), ["i", "am"]);
        assert_eq!(piece_texts("won't,"), ["will", "not"]);
        assert_eq!(piece_texts("40%"), ["40", "percent"]);
        assert_eq!(piece_texts("3x"), ["3", "times"]);
        assert_eq!(piece_texts("trade-offs"), ["trade", "offs"]);
        assert_eq!(piece_texts("10,000"), ["10000"]);
        assert_eq!(piece_texts("Redis's"), ["redis"]);
    }

    fn fillers(text: &str) -> BTreeMap<String, u32> {
        let vocab = Vocab::new();
        analyse(&words_from_text(text), &mut LocalVocab::new(&vocab))
            .fillers
            .by_word
    }

    #[test]
    fn words_the_pack_does_not_know_share_an_id_by_stem() {
        let vocab = Vocab::new();
        let mut local = LocalVocab::new(&vocab);
        let editor = local.id("editor");
        assert_eq!(local.id("editors"), editor);
        assert_ne!(local.id("tunnel"), editor);
        assert_eq!(local.id("editor"), editor);
    }

    #[test]
    fn like_as_a_verb_is_not_a_filler() {
        assert!(fillers("I like Redis for this.").is_empty());
        assert!(fillers("Something like Kafka would work.").is_empty());
        assert_eq!(fillers("It was like, really slow.").get("like"), Some(&1));
        assert_eq!(fillers("So like we moved it.").get("like"), Some(&1));
    }

    #[test]
    fn context_rules_for_multiword_fillers() {
        assert!(fillers(
            "Do you know how it works? What kind of load is it? What I mean is simple."
        )
        .is_empty());
        let f = fillers("Um, you know, it was kind of slow, I mean, basically broken.");
        assert_eq!(f.get("um/uh"), Some(&1));
        assert_eq!(f.get("you know"), Some(&1));
        assert_eq!(f.get("kind of"), Some(&1));
        assert_eq!(f.get("i mean"), Some(&1));
        assert_eq!(f.get("basically"), Some(&1));
    }

    #[test]
    fn sentences_and_clause_boundaries() {
        let vocab = Vocab::new();
        let a = analyse(
            &words_from_text(
                "We cache reads. But writes, um, go to the primary! Then e.g. replicas",
            ),
            &mut LocalVocab::new(&vocab),
        );
        assert_eq!(a.sentences.len(), 3);
        assert_eq!(a.sentences[1].first_word, 3);
        assert!(a.tokens.iter().any(|t| t.boundary_before));
    }
}
