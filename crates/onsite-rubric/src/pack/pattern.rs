//! Signal patterns: words (stemmed like the answer), `a|b` alternatives of one word, `*` for
//! up to three words of anything, `#num` for any number.

use crate::pack::PatTok;
use crate::text::{pieces_of, Piece, Vocab};

/// What is wrong with a signal pattern; the caller adds the pack file, line, signal and
/// pattern.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub(crate) enum PatternError {
    #[error("is empty: write the words to look for, like \"trade off\"")]
    Empty,
    #[error("cannot start with `*`: a gap goes between two words")]
    StartsWithGap,
    #[error("cannot end with `*`: a gap goes between two words")]
    EndsWithGap,
    #[error("alternative `{alt}` must be a single word (write `a|b`, not `a b|c`)")]
    AlternativeNotOneWord { alt: String },
    #[error("`{part}` has no letters or digits: remove it")]
    NoWord { part: String },
}

pub(crate) fn compile_pattern(
    source: &str,
    vocab: &mut Vocab,
) -> Result<Vec<PatTok>, PatternError> {
    let mut toks = Vec::new();
    for part in source.split_whitespace() {
        if part == "*" {
            if toks.is_empty() {
                return Err(PatternError::StartsWithGap);
            }
            toks.push(PatTok::Gap(3));
        } else if part == "#num" {
            toks.push(PatTok::Num);
        } else if part.contains('|') {
            let mut alts = Vec::new();
            for alt in part.split('|') {
                let mut pieces: Vec<Piece> = Vec::new();
                pieces_of(alt, 0, &mut pieces);
                if pieces.len() != 1 {
                    return Err(PatternError::AlternativeNotOneWord {
                        alt: alt.to_owned(),
                    });
                }
                alts.push(vocab.intern(&pieces[0].text));
            }
            toks.push(PatTok::Word(alts));
        } else {
            let mut pieces: Vec<Piece> = Vec::new();
            pieces_of(part, 0, &mut pieces);
            if pieces.is_empty() {
                return Err(PatternError::NoWord {
                    part: part.to_owned(),
                });
            }
            for p in pieces {
                toks.push(PatTok::Word(vec![vocab.intern(&p.text)]));
            }
        }
    }
    match toks.last() {
        None => Err(PatternError::Empty),
        Some(PatTok::Gap(_)) => Err(PatternError::EndsWithGap),
        _ => Ok(toks),
    }
}

/// A group that mixes `not` with other words, as in `did not|does not`: it reads as `did`,
/// `not|does`, `not` and never matches "did not". Packs written that way still load (with that
/// reading, as they always did); the default pack is checked free of it by a test.
#[cfg(test)]
fn not_in_group(source: &str) -> Option<&str> {
    source.split_whitespace().find(|part| {
        let words: Vec<&str> = part.split('|').collect();
        words.len() > 1
            && words.contains(&"not")
            && words.iter().any(|w| !matches!(*w, "not" | "never" | "no"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pattern_errors_name_the_part_and_the_fix() {
        let mut vocab = Vocab::new();
        assert!(compile_pattern("trade * off", &mut vocab).is_ok());
        let err = |source: &str, vocab: &mut Vocab| compile_pattern(source, vocab).unwrap_err();
        assert_eq!(err("  ", &mut vocab), PatternError::Empty);
        assert_eq!(err("* off", &mut vocab), PatternError::StartsWithGap);
        assert_eq!(err("trade *", &mut vocab), PatternError::EndsWithGap);
        assert_eq!(
            err("cost|run-time", &mut vocab),
            PatternError::AlternativeNotOneWord {
                alt: "run-time".into()
            }
        );
        let no_word = err("trade -- off", &mut vocab);
        assert_eq!(no_word, PatternError::NoWord { part: "--".into() });
        assert_eq!(
            no_word.to_string(),
            "`--` has no letters or digits: remove it"
        );
    }

    #[test]
    fn the_default_pack_never_runs_two_phrases_into_one_group() {
        assert_eq!(not_in_group("did not|does not care"), Some("not|does"));
        assert_eq!(not_in_group("monolith * never|not scale"), None);
        let broken: Vec<&str> = crate::pack::DEFAULT_PACK
            .lines()
            .flat_map(|line| line.split('"').skip(1).step_by(2))
            .filter(|pattern| not_in_group(pattern).is_some())
            .collect();
        assert!(
            broken.is_empty(),
            "write these as separate patterns: {broken:?}"
        );
    }
}
