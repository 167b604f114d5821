//! Measuring transcripts against known scripts: word error rate and filler survival. Used by the
//! tests and `onsite bench speech`; nothing at run time depends on it.

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
    prev[h.len()] as f64 / r.len() as f64
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

#[cfg(test)]
mod tests {
    use super::*;

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
