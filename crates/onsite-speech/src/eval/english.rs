//! An English text normaliser for scoring transcripts, applied to the reference and the
//! transcript alike, modelled on the one Whisper's own evaluation uses (openai/whisper,
//! `whisper/normalizers/english.py`, `EnglishTextNormalizer`): two texts that say the same
//! words in different spellings must score as the same words, so that WER counts mishearings
//! and not writing conventions. What it makes one, in this order:
//!
//! - case, and text in `[...]`, `<...>` or `(...)` (annotations, not words);
//! - contractions, written out ("I'm" / "I am", "that's" / "that is", "won't" / "will not",
//!   "gonna" / "going to"): a person saying either is heard right when either is written;
//! - titles ("Mr." / "mister", "Dr." / "doctor");
//! - symbols read aloud ("*" / "star", "%" / "percent", "&" / "and", "+" / "plus");
//! - numbers: digits are written as words ("10" / "ten", "1,250" / "one thousand two hundred
//!   fifty", "3rd" / "third"), and "and" inside a number is dropped ("one hundred and five");
//!   Whisper's normaliser goes the other way (words to digits); words are the direction our
//!   references are written in, and either direction makes the two spellings one;
//! - common British spellings as American ("colour" / "color", "metres" / "meters"), a short
//!   list of words an interview answer uses rather than Whisper's 1,700-word table;
//! - "ok" / "okay", "alright" / "all right", "hm" / "hmm";
//! - punctuation, hyphens, slashes and dots between letters split words ("cold-hearted",
//!   "www.asterisk.org").
//!
//! It never changes what a word is: a word written differently because it was heard
//! differently ("cloves" for "clubs") stays an error.

/// Words as scored.
pub fn english_words(text: &str) -> Vec<String> {
    let text = strip_annotations(&text.to_lowercase());
    let mut words = Vec::new();
    for raw in split(&text) {
        expand(&raw, &mut words);
    }
    drop_and_inside_numbers(words)
}

/// Removes `[...]`, `<...>` and `(...)`; an unclosed bracket keeps the rest of the text.
fn strip_annotations(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut close: Option<char> = None;
    for c in text.chars() {
        match close {
            Some(end) if c == end => {
                close = None;
                out.push(' ');
            }
            Some(_) => {}
            None => match c {
                '[' => close = Some(']'),
                '<' => close = Some('>'),
                '(' => close = Some(')'),
                _ => out.push(c),
            },
        }
    }
    if close.is_some() {
        // An opening bracket with no end is not an annotation: keep the text as written.
        return text.to_owned();
    }
    out
}

/// Splits into raw tokens: whitespace, hyphens, slashes and other punctuation separate words;
/// apostrophes stay inside (contractions are expanded later); a dot or comma between digits
/// stays (a decimal or a grouped number); symbols read aloud become their own token.
fn split(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().map(normalize_apostrophe).collect();
    let mut tokens = Vec::new();
    let mut cur = String::new();
    for (i, &c) in chars.iter().enumerate() {
        let prev = i.checked_sub(1).map(|p| chars[p]);
        let next = chars.get(i + 1).copied();
        let between_digits =
            prev.is_some_and(|p| p.is_ascii_digit()) && next.is_some_and(|n| n.is_ascii_digit());
        if c.is_alphanumeric() || c == '\'' || ((c == '.' || c == ',') && between_digits) {
            cur.push(c);
            continue;
        }
        if !cur.is_empty() {
            tokens.push(std::mem::take(&mut cur));
        }
        if let Some(word) = spoken_symbol(c) {
            tokens.push(word.to_owned());
        }
    }
    if !cur.is_empty() {
        tokens.push(cur);
    }
    tokens
}

fn normalize_apostrophe(c: char) -> char {
    match c {
        '\u{2019}' | '\u{2018}' | '`' => '\'',
        _ => c,
    }
}

/// Symbols a speaker says as a word.
fn spoken_symbol(c: char) -> Option<&'static str> {
    match c {
        '*' => Some("star"),
        '%' => Some("percent"),
        '&' => Some("and"),
        '+' => Some("plus"),
        '@' => Some("at"),
        _ => None,
    }
}

/// One raw token into scored words.
fn expand(raw: &str, out: &mut Vec<String>) {
    let word = raw.trim_matches('\'');
    if word.is_empty() {
        return;
    }
    if let Some(whole) = WHOLE_WORDS.iter().find(|(w, _)| *w == word) {
        out.extend(whole.1.split(' ').map(str::to_owned));
        return;
    }
    if let Some(words) = number_words(word) {
        out.extend(words);
        return;
    }
    // Letters and digits run together ("p99", "mp3") are scored as their runs, as Whisper's
    // normaliser splits them, so "p99" and "p 99" are the same words.
    let runs = letter_digit_runs(word);
    if runs.len() > 1 {
        for run in runs {
            expand(&run, out);
        }
        return;
    }
    for (suffix, rest) in SUFFIXES {
        if let Some(stem) = word.strip_suffix(suffix) {
            if !stem.is_empty() {
                expand(stem, out);
                out.push((*rest).to_owned());
                return;
            }
        }
    }
    let word: String = word.chars().filter(|c| *c != '\'').collect();
    let word = BRITISH
        .iter()
        .find(|(gb, _)| *gb == word)
        .map_or(word.clone(), |(_, us)| (*us).to_owned());
    out.push(word);
}

fn letter_digit_runs(word: &str) -> Vec<String> {
    let mut runs: Vec<String> = Vec::new();
    let mut last_digit: Option<bool> = None;
    for c in word.chars() {
        let digit = c.is_ascii_digit();
        match runs.last_mut() {
            Some(run) if last_digit == Some(digit) || !c.is_alphanumeric() => run.push(c),
            _ => runs.push(c.to_string()),
        }
        if c.is_alphanumeric() {
            last_digit = Some(digit);
        }
    }
    runs
}

/// Whole words written another way (contractions whose stem changes, titles, spellings).
const WHOLE_WORDS: &[(&str, &str)] = &[
    ("won't", "will not"),
    ("can't", "can not"),
    ("cannot", "can not"),
    ("shan't", "shall not"),
    ("ain't", "aint"),
    ("let's", "let us"),
    ("y'all", "you all"),
    ("ma'am", "madam"),
    ("wanna", "want to"),
    ("gotta", "got to"),
    ("gonna", "going to"),
    ("mr", "mister"),
    ("mrs", "missus"),
    ("ms", "miss"),
    ("dr", "doctor"),
    ("prof", "professor"),
    ("st", "saint"),
    ("jr", "junior"),
    ("sr", "senior"),
    ("vs", "versus"),
    ("ok", "okay"),
    ("alright", "all right"),
    ("hm", "hmm"),
];

/// Contraction endings, written out. "'s" is read as "is" (as Whisper's normaliser does) on
/// both sides, so a possessive scores the same whichever way it is written.
const SUFFIXES: &[(&str, &str)] = &[
    ("n't", "not"),
    ("'re", "are"),
    ("'s", "is"),
    ("'d", "would"),
    ("'ll", "will"),
    ("'ve", "have"),
    ("'m", "am"),
];

/// British spellings of words an engineer's answer uses, as American (Whisper's English
/// models write American spelling; a reference may not).
const BRITISH: &[(&str, &str)] = &[
    ("colour", "color"),
    ("colours", "colors"),
    ("behaviour", "behavior"),
    ("behaviours", "behaviors"),
    ("favour", "favor"),
    ("favourite", "favorite"),
    ("honour", "honor"),
    ("labour", "labor"),
    ("neighbour", "neighbor"),
    ("neighbours", "neighbors"),
    ("centre", "center"),
    ("centres", "centers"),
    ("metre", "meter"),
    ("metres", "meters"),
    ("litre", "liter"),
    ("theatre", "theater"),
    ("programme", "program"),
    ("licence", "license"),
    ("defence", "defense"),
    ("offence", "offense"),
    ("catalogue", "catalog"),
    ("dialogue", "dialog"),
    ("analogue", "analog"),
    ("grey", "gray"),
    ("organise", "organize"),
    ("organised", "organized"),
    ("organisation", "organization"),
    ("organisations", "organizations"),
    ("realise", "realize"),
    ("realised", "realized"),
    ("recognise", "recognize"),
    ("recognised", "recognized"),
    ("prioritise", "prioritize"),
    ("prioritised", "prioritized"),
    ("optimise", "optimize"),
    ("optimised", "optimized"),
    ("optimisation", "optimization"),
    ("minimise", "minimize"),
    ("maximise", "maximize"),
    ("normalise", "normalize"),
    ("normalised", "normalized"),
    ("serialise", "serialize"),
    ("serialised", "serialized"),
    ("serialisation", "serialization"),
    ("summarise", "summarize"),
    ("apologise", "apologize"),
    ("analyse", "analyze"),
    ("analysed", "analyzed"),
    ("travelled", "traveled"),
    ("travelling", "traveling"),
    ("cancelled", "canceled"),
    ("cancelling", "canceling"),
    ("modelling", "modeling"),
    ("modelled", "modeled"),
    ("labelled", "labeled"),
    ("labelling", "labeling"),
    ("signalled", "signaled"),
    ("enrolment", "enrollment"),
    ("fulfil", "fulfill"),
    ("judgement", "judgment"),
];

const ONES: [&str; 20] = [
    "zero",
    "one",
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
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
];

const TENS: [&str; 10] = [
    "", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
];

/// A token of digits (with grouping commas, a decimal point or an ordinal ending) as words;
/// None for anything else. Numbers of a trillion and more stay digits.
fn number_words(token: &str) -> Option<Vec<String>> {
    let (digits, ordinal) = ["st", "nd", "rd", "th"]
        .iter()
        .find_map(|s| token.strip_suffix(s).map(|d| (d, true)))
        .unwrap_or((token, false));
    if digits.is_empty() || !digits.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let (int_part, frac) = match digits.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (digits, None),
    };
    let int_digits: String = int_part.chars().filter(|c| *c != ',').collect();
    if !int_digits.chars().all(|c| c.is_ascii_digit())
        || !frac.is_none_or(|f| !f.is_empty() && f.chars().all(|c| c.is_ascii_digit()))
        || (ordinal && frac.is_some())
    {
        return None;
    }
    let n: u64 = int_digits.parse().ok().filter(|n| *n < 1_000_000_000_000)?;
    let mut words = cardinal(n);
    if let Some(f) = frac {
        words.push("point".to_owned());
        words.extend(
            f.chars()
                .map(|d| ONES[(d as u8 - b'0') as usize].to_owned()),
        );
    }
    if ordinal {
        if let Some(last) = words.last_mut() {
            *last = ordinal_of(last);
        }
    }
    Some(words)
}

fn cardinal(n: u64) -> Vec<String> {
    if n < 20 {
        return vec![ONES[n as usize].to_owned()];
    }
    let mut words = Vec::new();
    let mut rest = n;
    for (size, name) in [
        (1_000_000_000, "billion"),
        (1_000_000, "million"),
        (1_000, "thousand"),
        (100, "hundred"),
    ] {
        if rest >= size {
            words.extend(cardinal(rest / size));
            words.push(name.to_owned());
            rest %= size;
        }
    }
    if rest >= 20 {
        words.push(TENS[(rest / 10) as usize].to_owned());
        rest %= 10;
        if rest > 0 {
            words.push(ONES[rest as usize].to_owned());
        }
    } else if rest > 0 {
        words.push(ONES[rest as usize].to_owned());
    }
    words
}

fn ordinal_of(word: &str) -> String {
    match word {
        "one" => "first".to_owned(),
        "two" => "second".to_owned(),
        "three" => "third".to_owned(),
        "five" => "fifth".to_owned(),
        "eight" => "eighth".to_owned(),
        "nine" => "ninth".to_owned(),
        "twelve" => "twelfth".to_owned(),
        w if w.ends_with('y') => format!("{}ieth", &w[..w.len() - 1]),
        w => format!("{w}th"),
    }
}

/// "one hundred and five" is "one hundred five": an "and" after hundred, thousand, million or
/// billion and before a number word is part of the number, however it was written.
fn drop_and_inside_numbers(words: Vec<String>) -> Vec<String> {
    let is_multiplier = |w: &str| matches!(w, "hundred" | "thousand" | "million" | "billion");
    let is_number = |w: &str| ONES[1..].contains(&w) || TENS[2..].contains(&w);
    let mut out: Vec<String> = Vec::with_capacity(words.len());
    for (i, w) in words.iter().enumerate() {
        if w == "and"
            && out.last().is_some_and(|p| is_multiplier(p))
            && words.get(i + 1).is_some_and(|n| is_number(n))
        {
            continue;
        }
        out.push(w.clone());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::english_words;

    fn same(a: &str, b: &str) {
        assert_eq!(english_words(a), english_words(b), "{a:?} vs {b:?}");
    }

    #[test]
    fn case_punctuation_hyphens_and_dots_split_words() {
        assert_eq!(
            english_words("Unless to be rather cold-hearted, and/or ill-disposed!"),
            ["unless", "to", "be", "rather", "cold", "hearted", "and", "or", "ill", "disposed"]
        );
        same("visit www.asterisk.org", "Visit WWW. Asterisk. org.");
    }

    #[test]
    fn contractions_and_titles_are_written_out() {
        same(
            "I'm sorry, that's not a valid extension",
            "I am sorry that is not a valid extension",
        );
        same("You're about to enter", "you are about to enter");
        same(
            "we won't, we can't, we're gonna",
            "we will not we can not we are going to",
        );
        same("And Mr. John Dashwood", "and mister john dashwood");
        same("it’s curly", "it is curly");
        assert_eq!(english_words("Let's"), ["let", "us"]);
    }

    #[test]
    fn numbers_in_digits_are_numbers_in_words() {
        same("Press 1, then 0", "press one then zero");
        same("go forward 10 meters", "go forward ten meters");
        same(
            "1,250 requests",
            "one thousand two hundred and fifty requests",
        );
        same("p99 is 250", "p ninety nine is two hundred fifty");
        same(
            "the 3rd and 21st of 2024",
            "the third and twenty first of two thousand twenty four",
        );
        same("2.5 seconds", "two point five seconds");
        same("99% of it", "ninety nine percent of it");
        // An "and" that is not inside a number stays.
        assert_eq!(
            english_words("a hundred and the rest"),
            ["a", "hundred", "and", "the", "rest"]
        );
    }

    #[test]
    fn symbols_spellings_and_annotations() {
        same(
            "separated by * and then press",
            "separated by star and then press",
        );
        same("the colour of the metres", "the color of the meters");
        same("OK, alright, hm", "okay all right hmm");
        same("he [laughs] said (inaudible) it", "he said it");
        // An unclosed bracket is kept as text rather than swallowing the rest.
        assert_eq!(english_words("a (b c"), ["a", "b", "c"]);
    }

    #[test]
    fn a_different_word_stays_different() {
        assert_ne!(
            english_words("four of clubs"),
            english_words("four of cloves")
        );
        assert_ne!(
            english_words("forced aligner"),
            english_words("force deliner")
        );
        assert_ne!(english_words("login"), english_words("log in"));
    }
}
