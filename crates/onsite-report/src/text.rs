//! Small text tools for comparing answers: words, content words, numbers (digits or spoken).

/// Common English words that say nothing about what a story is about.
const STOPWORDS: &[&str] = &[
    "a",
    "about",
    "above",
    "after",
    "again",
    "against",
    "all",
    "also",
    "am",
    "an",
    "and",
    "any",
    "are",
    "around",
    "as",
    "at",
    "back",
    "be",
    "because",
    "been",
    "before",
    "being",
    "below",
    "between",
    "both",
    "but",
    "by",
    "can",
    "could",
    "did",
    "do",
    "does",
    "doing",
    "done",
    "down",
    "during",
    "each",
    "even",
    "every",
    "few",
    "first",
    "for",
    "from",
    "further",
    "get",
    "got",
    "had",
    "has",
    "have",
    "having",
    "he",
    "her",
    "here",
    "hers",
    "him",
    "his",
    "how",
    "i",
    "if",
    "in",
    "into",
    "is",
    "it",
    "its",
    "itself",
    "just",
    "know",
    "last",
    "let",
    "like",
    "made",
    "make",
    "many",
    "me",
    "more",
    "most",
    "much",
    "must",
    "my",
    "need",
    "needed",
    "new",
    "no",
    "nor",
    "not",
    "now",
    "of",
    "off",
    "on",
    "once",
    "one",
    "only",
    "or",
    "other",
    "our",
    "ours",
    "out",
    "over",
    "own",
    "really",
    "right",
    "said",
    "same",
    "say",
    "see",
    "she",
    "should",
    "so",
    "some",
    "still",
    "such",
    "than",
    "that",
    "the",
    "their",
    "theirs",
    "them",
    "then",
    "there",
    "these",
    "they",
    "thing",
    "things",
    "think",
    "this",
    "those",
    "though",
    "through",
    "time",
    "to",
    "too",
    "took",
    "under",
    "until",
    "up",
    "us",
    "used",
    "very",
    "want",
    "wanted",
    "was",
    "way",
    "we",
    "well",
    "went",
    "were",
    "what",
    "when",
    "where",
    "which",
    "while",
    "who",
    "whom",
    "why",
    "will",
    "with",
    "within",
    "without",
    "would",
    "yeah",
    "yes",
    "you",
    "your",
    "um",
    "uh",
    "erm",
    "okay",
    "actually",
    "basically",
    "kind",
    "sort",
    "lot",
    "able",
    "going",
    "together",
    "result",
    "situation",
    "task",
    "action",
    "company",
    "team",
    "teams",
    "work",
    "worked",
];

pub fn is_stopword(w: &str) -> bool {
    STOPWORDS.contains(&w)
}

/// Words as written, without surrounding punctuation (keeps `%`, `$` attached to numbers).
pub fn words(text: &str) -> Vec<&str> {
    text.split_whitespace()
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric() && c != '%' && c != '$' && c != '\'')
                .trim_matches('\'')
        })
        .filter(|w| !w.is_empty())
        .collect()
}

/// Lowercase content words (no stopwords, no numbers, at least 3 letters).
pub fn content_words(text: &str) -> Vec<String> {
    words(text)
        .into_iter()
        .map(str::to_lowercase)
        .filter(|w| w.chars().count() >= 3 && w.chars().all(|c| c.is_alphabetic() || c == '-'))
        .filter(|w| !is_stopword(w))
        .collect()
}

fn small_number(w: &str) -> Option<u64> {
    const UNITS: [&str; 20] = [
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
    const TENS: [&str; 8] = [
        "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
    ];
    if let Some(i) = UNITS.iter().position(|u| *u == w) {
        return Some(i as u64);
    }
    TENS.iter()
        .position(|t| *t == w)
        .map(|i| (i as u64 + 2) * 10)
}

fn scale(w: &str) -> Option<u64> {
    match w {
        "hundred" => Some(100),
        "thousand" => Some(1_000),
        "million" | "millions" => Some(1_000_000),
        "billion" | "billions" => Some(1_000_000_000),
        _ => None,
    }
}

/// Numbers mentioned, normalised so that "thirty percent", "30 percent" and "30%" agree
/// (`30%`), and "two million" equals "2,000,000". "one" alone is left out: it is mostly an
/// article ("one of our engineers"), not a figure.
pub fn numbers(text: &str) -> Vec<String> {
    let toks: Vec<String> = words(text).into_iter().map(str::to_lowercase).collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        let t = toks[i].as_str();
        let mut value: Option<String> = None;
        let mut consumed = 1;
        if t.starts_with(|c: char| c.is_ascii_digit()) {
            let split = t
                .find(|c: char| !(c.is_ascii_digit() || c == ',' || c == '.'))
                .unwrap_or(t.len());
            let (num, suffix) = t.split_at(split);
            let mut v: String = num.trim_end_matches(['.', ',']).replace(',', "");
            match suffix {
                "k" => v.push_str("000"),
                "" | "%" => {
                    if let Some(s) = toks.get(i + 1).and_then(|n| scale(n)) {
                        if let Ok(n) = v.parse::<u64>() {
                            v = (n * s).to_string();
                            consumed = 2;
                        }
                    }
                }
                unit => v.push_str(unit),
            }
            value = Some(v);
        } else if let Some(n) = small_number(t) {
            let mut total = n;
            let mut j = i + 1;
            // "thirty five", "two hundred", "two million"
            while let Some(next) = toks.get(j) {
                if let Some(u) =
                    small_number(next).filter(|u| *u < 10 && total % 10 == 0 && total >= 20)
                {
                    total += u;
                } else if let Some(s) = scale(next) {
                    total *= s;
                } else {
                    break;
                }
                j += 1;
            }
            consumed = j - i;
            if !(t == "one" && consumed == 1) {
                value = Some(total.to_string());
            }
        }
        if let Some(mut v) = value {
            let next = toks.get(i + consumed).map(String::as_str);
            if t.ends_with('%') || matches!(next, Some("percent" | "per-cent")) {
                v.push('%');
            }
            out.push(v);
        }
        i += consumed;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spoken_and_written_numbers_agree() {
        assert_eq!(
            numbers("dropped by thirty percent, then 30% again; two million events and 2000000"),
            ["30%", "30%", "2000000", "2000000"]
        );
        assert_eq!(
            numbers("one of our engineers paired for thirty five days"),
            ["35"]
        );
        assert_eq!(
            numbers("p99 fell to 120ms from 1.5s, 2,000 users"),
            ["120ms", "1.5s", "2000"]
        );
    }
}
