//! Where a take's timeline marks the rubric's findings: each hesitation filler, each long
//! pause, each red flag's quoted evidence and the evidence of each framework step the answer
//! covered. The replay draws these over a take's recording; [`crate::highlight`] marks the
//! same kind of findings in a transcript's text.

use onsite_rubric::Assessment;
use onsite_transcript::Word;
use serde::Serialize;

/// What a timeline marker points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum MarkerKind {
    Filler,
    LongPause,
    RedFlag,
    TalkingPoint,
}

/// A span of a take worth seeing again, from the rubric's findings.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Marker {
    pub kind: MarkerKind,
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub start_ms: u64,
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub end_ms: u64,
    /// What it is: the filler word, the red flag's message, the framework step.
    pub label: String,
}

/// Timeline markers from the rubric's findings on a take whose transcript has `words`, in
/// time order.
pub fn markers<'a>(a: &Assessment, words: impl IntoIterator<Item = &'a Word>) -> Vec<Marker> {
    let words: Vec<&Word> = words.into_iter().collect();
    let mut out = Vec::new();
    // Hesitations ("um", "uh", ...) are fillers wherever they occur, so each one is placed
    // exactly. The rubric's other fillers ("like", "you know", ...) depend on their context
    // and are counted but not located; they are not guessed at here.
    if a.delivery.fillers.by_word.contains_key("um/uh") {
        for w in &words {
            let word = normalise(&w.text);
            if onsite_rubric::HESITATIONS.contains(&word.as_str()) {
                out.push(Marker {
                    kind: MarkerKind::Filler,
                    start_ms: w.start_ms,
                    end_ms: w.end_ms,
                    label: word,
                });
            }
        }
    }
    if a.delivery.fillers.by_word.contains_key("basically") {
        for w in words.iter().filter(|w| normalise(&w.text) == "basically") {
            out.push(Marker {
                kind: MarkerKind::Filler,
                start_ms: w.start_ms,
                end_ms: w.end_ms,
                label: "basically".into(),
            });
        }
    }
    for pause in a.delivery.long_pauses.iter().flatten() {
        out.push(Marker {
            kind: MarkerKind::LongPause,
            start_ms: pause.start_ms,
            end_ms: pause.end_ms,
            label: format!(
                "{:.1} s pause",
                pause.end_ms.saturating_sub(pause.start_ms) as f64 / 1000.0
            ),
        });
    }
    for flag in &a.red_flags {
        for e in &flag.evidence {
            if let (Some(start_ms), Some(end_ms)) = (e.start_ms, e.end_ms) {
                out.push(Marker {
                    kind: MarkerKind::RedFlag,
                    start_ms,
                    end_ms,
                    label: flag.message.clone(),
                });
            }
        }
    }
    for (step, s) in a.framework.steps() {
        for e in s.evidence.iter().filter(|_| s.covered) {
            if let (Some(start_ms), Some(end_ms)) = (e.start_ms, e.end_ms) {
                out.push(Marker {
                    kind: MarkerKind::TalkingPoint,
                    start_ms,
                    end_ms,
                    label: step.replace('_', " "),
                });
            }
        }
    }
    out.sort_by_key(|m| (m.start_ms, m.end_ms));
    out
}

/// A word as the rubric compares it: lowercase, without the punctuation around it.
fn normalise(word: &str) -> String {
    word.trim_matches(|c: char| !c.is_alphanumeric() && c != '\'')
        .to_lowercase()
}

#[cfg(test)]
mod tests {
    use onsite_rubric::{Answer, Question, QuestionKind, RubricPack};
    use onsite_transcript::{Segment, Span, Transcript};

    use super::*;

    /// A general answer with one word every 500 ms and the given measured silences.
    fn transcript(text: &str, pauses: &[(u64, u64)]) -> Transcript {
        let words: Vec<Word> = text
            .split_whitespace()
            .enumerate()
            .map(|(i, w)| Word {
                text: w.into(),
                start_ms: i as u64 * 500,
                end_ms: i as u64 * 500 + 450,
                p: 0.9,
            })
            .collect();
        let end = words.last().map_or(0, |w| w.end_ms);
        Transcript {
            text: text.into(),
            duration_ms: end,
            model: "test".into(),
            segments: vec![Segment {
                start_ms: 0,
                end_ms: end,
                text: text.into(),
                words,
            }],
            pauses: pauses
                .iter()
                .map(|&(start_ms, end_ms)| Span { start_ms, end_ms })
                .collect(),
        }
    }

    fn assess(t: &Transcript) -> Assessment {
        RubricPack::embedded()
            .expect("the embedded pack compiles")
            .assess(
                &Question::new(QuestionKind::General),
                &Answer::from_transcript(t),
            )
            .expect("assess")
    }

    #[test]
    fn hesitations_basically_and_long_pauses_are_placed_in_time_order() {
        let t = transcript(
            "Um, so I basically like Redis here because, uh, it is fast.",
            &[(1000, 4000), (4500, 5500)],
        );
        let a = assess(&t);
        let found = markers(&a, t.segments.iter().flat_map(|s| &s.words));
        let placed: Vec<(MarkerKind, u64, u64, &str)> = found
            .iter()
            .filter(|m| m.kind != MarkerKind::TalkingPoint)
            .map(|m| (m.kind, m.start_ms, m.end_ms, m.label.as_str()))
            .collect();
        assert_eq!(
            placed,
            [
                (MarkerKind::Filler, 0, 450, "um"),
                (MarkerKind::LongPause, 1000, 4000, "3.0 s pause"),
                (MarkerKind::Filler, 1500, 1950, "basically"),
                (MarkerKind::Filler, 4000, 4450, "uh"),
            ],
            "{found:?}"
        );
        // "like" before a noun is counted by the rubric only in context; it is never placed.
        assert!(!found.iter().any(|m| m.label == "like"), "{found:?}");
    }

    #[test]
    fn words_the_rubric_did_not_count_are_not_marked() {
        // The same words, but the assessment is of an answer without hesitations: the
        // timeline marks only what the rubric found.
        let clean = transcript("So I like Redis here because it is fast.", &[]);
        let a = assess(&clean);
        let spoken = transcript("Um so I basically like Redis.", &[]);
        let found = markers(&a, spoken.segments.iter().flat_map(|s| &s.words));
        assert!(
            !found.iter().any(|m| m.kind == MarkerKind::Filler),
            "{found:?}"
        );
    }
}
