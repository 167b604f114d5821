//! Text into sentences, and sentences into clauses.
//!
//! Sentences are the unit of synthesis: the first one can play while the rest are computed, so
//! a question starts to sound after one sentence's work rather than the whole question's.
//! Clauses (split at `, ; :`) are what espeak-ng phonemises one per line; the punctuation is
//! put back between them because Piper voices were trained with it (it shapes pauses and
//! intonation).

/// The sentences of `text`, trimmed, in order, none empty. A sentence ends at `.`, `?` or `!`
/// followed by white space or the end of the text (so "e.g." inside a word, "3.5" and
/// "node.js" do not end one), and at a line break.
pub fn sentences(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for line in text.lines() {
        let chars: Vec<char> = line.chars().collect();
        let mut start = 0;
        let mut i = 0;
        while i < chars.len() {
            let c = chars[i];
            if matches!(c, '.' | '?' | '!') {
                // Take a run of terminators and closing quotes/brackets with it ("?!", ".)").
                let mut end = i + 1;
                while end < chars.len()
                    && matches!(chars[end], '.' | '?' | '!' | '"' | '\'' | ')' | '”' | '’')
                {
                    end += 1;
                }
                if end == chars.len() || chars[end].is_whitespace() {
                    push_trimmed(&mut out, &chars[start..end]);
                    start = end;
                }
                i = end;
            } else {
                i += 1;
            }
        }
        push_trimmed(&mut out, &chars[start..]);
    }
    out
}

fn push_trimmed(out: &mut Vec<String>, chars: &[char]) {
    let s: String = chars.iter().collect();
    let s = s.trim();
    if s.chars().any(char::is_alphanumeric) {
        out.push(s.to_string());
    }
}

/// A clause of a sentence and the punctuation that ended it (`,` `;` `:` `.` `?` `!`, or
/// `.` when the sentence had none).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Clause {
    pub text: String,
    pub terminator: char,
}

/// The clauses of one sentence, each with words in it.
pub fn clauses(sentence: &str) -> Vec<Clause> {
    let mut out = Vec::new();
    let mut current = String::new();
    let chars: Vec<char> = sentence.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        let next = chars.get(i + 1);
        let next_is_space = next.is_none_or(|n| n.is_whitespace());
        let is_mark = matches!(c, ',' | ';' | ':' | '.' | '?' | '!');
        if is_mark && next.is_some_and(|n| matches!(n, '.' | '?' | '!')) {
            // "?!" or "...": the last mark of the run ends the clause.
            continue;
        }
        if is_mark && next_is_space {
            push_clause(&mut out, &mut current, c);
        } else {
            current.push(c);
        }
    }
    push_clause(&mut out, &mut current, '.');
    // The sentence's own ending decides its intonation, so a trailing bare clause gets it.
    out
}

fn push_clause(out: &mut Vec<Clause>, current: &mut String, terminator: char) {
    let text = current.trim();
    if text.chars().any(char::is_alphanumeric) {
        out.push(Clause {
            text: text.to_string(),
            terminator,
        });
    } else if let Some(last) = out.last_mut() {
        // "Why?!" or ", ." : the stronger mark wins over a comma.
        if matches!(last.terminator, ',' | ';' | ':') || matches!(terminator, '?' | '!') {
            last.terminator = terminator;
        }
    }
    current.clear();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_end_at_terminators_before_space() {
        assert_eq!(
            sentences("Design a URL shortener. How would you scale it to 3.5 billion links? Go!"),
            vec![
                "Design a URL shortener.",
                "How would you scale it to 3.5 billion links?",
                "Go!"
            ]
        );
        assert_eq!(
            sentences("Use node.js (or not).\nSecond line"),
            vec!["Use node.js (or not).", "Second line"]
        );
        assert!(sentences(" ... \n\n").is_empty());
    }

    #[test]
    fn clauses_keep_their_punctuation() {
        let c = clauses("First, tell me: why; then how?");
        let got: Vec<(&str, char)> = c.iter().map(|c| (c.text.as_str(), c.terminator)).collect();
        assert_eq!(
            got,
            vec![
                ("First", ','),
                ("tell me", ':'),
                ("why", ';'),
                ("then how", '?')
            ]
        );
        let c = clauses("No ending here");
        assert_eq!(
            c,
            vec![Clause {
                text: "No ending here".into(),
                terminator: '.'
            }]
        );
        assert_eq!(
            clauses("Really?!"),
            vec![Clause {
                text: "Really".into(),
                terminator: '!'
            }]
        );
        assert_eq!(
            clauses("3,000 users").len(),
            1,
            "a comma inside a number is not a clause break"
        );
    }
}
