//! Words of labels and of the spoken answer, compared the same way: lower case, split at
//! anything that is not a letter or digit, and a plural compared with its singular.

/// The lower-case words of `text` ("API-GW (v2)" → ["api", "gw", "v2"]).
pub(crate) fn tokens(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// Whether a word written `word` is the catalogue's `term` or its plural ("caches", "queues").
pub(crate) fn same_word(word: &str, term: &str) -> bool {
    word == term
        || word
            .strip_suffix('s')
            .is_some_and(|w| w == term || w.strip_suffix('e').is_some_and(|w| w == term))
}

/// Whether the phrase `term` (already split into words) starts at `at` in `words`. Only its
/// last word may be plural: "message queues", not "messages queue".
pub(crate) fn phrase_at(words: &[String], at: usize, term: &[String]) -> bool {
    !term.is_empty()
        && at + term.len() <= words.len()
        && term
            .iter()
            .zip(&words[at..])
            .enumerate()
            .all(|(j, (t, w))| {
                if j + 1 == term.len() {
                    same_word(w, t)
                } else {
                    w == t
                }
            })
}

/// Where the phrase `term` (already split into words) starts in `words`, every time.
pub(crate) fn find_phrase(words: &[String], term: &[String]) -> Vec<usize> {
    (0..words.len())
        .filter(|&i| phrase_at(words, i, term))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_at_punctuation_and_folds_case() {
        assert_eq!(tokens("API-GW (v2)"), ["api", "gw", "v2"]);
        assert_eq!(tokens("  "), Vec::<String>::new());
    }

    #[test]
    fn plurals_match_their_singular() {
        assert!(same_word("caches", "cache"));
        assert!(same_word("queues", "queue"));
        assert!(same_word("boxes", "box"));
        assert!(!same_word("cache", "caches"));
        assert!(!same_word("redisx", "redis"));
    }

    #[test]
    fn phrases_are_found_where_they_start() {
        let w = tokens("two message queues and a message queue");
        let t = tokens("message queue");
        assert_eq!(find_phrase(&w, &t), [1, 5]);
        assert!(find_phrase(&w[..1], &t).is_empty());
    }
}
