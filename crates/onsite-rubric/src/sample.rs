//! A realistic timed transcript of any length, for benchmarks (`onsite bench rubric`).
//!
//! Built from the labelled answers written for this crate, concatenated in order (so no sentence
//! is a repeat the engine would skip) and timed at 150 words a minute with a pause of three
//! seconds every 120 words.

use onsite_transcript::{Segment, Span, Transcript, Word};

const ANSWERS: &[&str] = &[
    include_str!("../tests/labelled/answers/amb_gap.txt"),
    include_str!("../tests/labelled/answers/amb_medium.txt"),
    include_str!("../tests/labelled/answers/amb_needs_req.txt"),
    include_str!("../tests/labelled/answers/amb_strong.txt"),
    include_str!("../tests/labelled/answers/amb_weak.txt"),
    include_str!("../tests/labelled/answers/beh_complain.txt"),
    include_str!("../tests/labelled/answers/beh_fillers.txt"),
    include_str!("../tests/labelled/answers/beh_individual.txt"),
    include_str!("../tests/labelled/answers/beh_medium.txt"),
    include_str!("../tests/labelled/answers/beh_repeat.txt"),
    include_str!("../tests/labelled/answers/beh_strong.txt"),
    include_str!("../tests/labelled/answers/beh_weak.txt"),
    include_str!("../tests/labelled/answers/gen_gap.txt"),
    include_str!("../tests/labelled/answers/gen_medium.txt"),
    include_str!("../tests/labelled/answers/gen_strong.txt"),
    include_str!("../tests/labelled/answers/gen_weak.txt"),
    include_str!("../tests/labelled/answers/ops_individual.txt"),
    include_str!("../tests/labelled/answers/ops_medium.txt"),
    include_str!("../tests/labelled/answers/ops_negation.txt"),
    include_str!("../tests/labelled/answers/ops_rambling.txt"),
    include_str!("../tests/labelled/answers/ops_strong.txt"),
    include_str!("../tests/labelled/answers/ops_weak.txt"),
    include_str!("../tests/labelled/answers/sd_buzz.txt"),
    include_str!("../tests/labelled/answers/sd_fillers.txt"),
    include_str!("../tests/labelled/answers/sd_medium.txt"),
    include_str!("../tests/labelled/answers/sd_needs_req.txt"),
    include_str!("../tests/labelled/answers/sd_negation.txt"),
    include_str!("../tests/labelled/answers/sd_rambling.txt"),
    include_str!("../tests/labelled/answers/sd_strong.txt"),
    include_str!("../tests/labelled/answers/sd_weak.txt"),
    include_str!("../tests/labelled/answers/td_buzz.txt"),
    include_str!("../tests/labelled/answers/td_complain.txt"),
    include_str!("../tests/labelled/answers/td_medium.txt"),
    include_str!("../tests/labelled/answers/td_overeng.txt"),
    include_str!("../tests/labelled/answers/td_strong.txt"),
    include_str!("../tests/labelled/answers/td_weak.txt"),
];

/// A transcript of exactly `words` words (or fewer if the corpus is exhausted, about 5,000).
pub fn sample_transcript(words: usize) -> Transcript {
    let mut out = Transcript {
        model: "sample".into(),
        ..Default::default()
    };
    let mut t = 0u64;
    let mut count = 0usize;
    let per_word = 400u64;
    'outer: for answer in ANSWERS {
        let mut seg = Segment {
            start_ms: t,
            end_ms: t,
            text: String::new(),
            words: Vec::new(),
        };
        for w in answer.split_whitespace() {
            if count == words {
                out.segments.push(seg);
                break 'outer;
            }
            if count > 0 && count.is_multiple_of(120) {
                out.pauses.push(Span {
                    start_ms: t,
                    end_ms: t + 3000,
                });
                t += 3000;
            }
            seg.words.push(Word {
                text: w.to_owned(),
                start_ms: t,
                end_ms: t + per_word - 40,
                p: 0.9,
            });
            if !seg.text.is_empty() {
                seg.text.push(' ');
            }
            seg.text.push_str(w);
            t += per_word;
            seg.end_ms = t;
            count += 1;
        }
        out.segments.push(seg);
    }
    out.duration_ms = t;
    out.text = out
        .segments
        .iter()
        .map(|s| s.text.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn builds_the_requested_length_with_timings() {
        let t = super::sample_transcript(2000);
        assert_eq!(t.words().count(), 2000);
        assert!(t.validate().is_ok());
        assert!(t.pauses.len() >= 15);
    }
}
