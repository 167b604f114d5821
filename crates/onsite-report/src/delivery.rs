//! Delivery over the course of one answer, from the transcript's word timings: pace, fillers
//! and pauses, as the charts draw them.

use onsite_rubric::Assessment;
use onsite_transcript::Segment;
use serde::Serialize;

/// Silences at least this long count as pauses when the rubric had no voice-activity pauses
/// (the rubric pack's default threshold).
const PAUSE_MS: u64 = 2_500;

/// Words per minute over one slice of the answer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PacePoint {
    /// Middle of the slice, seconds from the start of the answer.
    pub t_s: f64,
    pub wpm: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FillerHit {
    pub word: String,
    pub at_ms: Option<u64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct PauseSpan {
    pub start_ms: u64,
    pub end_ms: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DeliveryReport {
    pub words: usize,
    pub duration_s: Option<f64>,
    pub wpm: Option<f64>,
    /// Pace in slices of the answer; empty without word timings.
    pub pace: Vec<PacePoint>,
    /// Filler hits located in the timed words (for the chart).
    pub fillers: Vec<FillerHit>,
    /// Fillers the rubric counted (also for answers without word timings).
    pub filler_count: usize,
    pub pauses: Vec<PauseSpan>,
    /// The rubric's delivery flags (`slow`, `fast`, `many_fillers`...).
    pub flags: Vec<String>,
}

impl DeliveryReport {
    pub fn build(segments: &[Segment], assessment: Option<&Assessment>) -> Self {
        let words: Vec<_> = segments.iter().flat_map(|s| s.words.iter()).collect();
        let timed = words.iter().any(|w| w.end_ms > 0);
        let start = words.first().map(|w| w.start_ms).unwrap_or(0);
        let end = words.iter().map(|w| w.end_ms).max().unwrap_or(0);
        let duration_ms = end.saturating_sub(start);

        let mut pace = Vec::new();
        if timed && duration_ms > 0 && words.len() >= 2 {
            // Up to ten equal slices, none shorter than 5 s, so one slow word does not read as
            // a collapse in pace and the last slice is not a noisy stub.
            let slices = (duration_ms / 5_000).clamp(1, 10);
            let slice_ms = duration_ms.div_ceil(slices);
            for i in 0..slices {
                let t = start + i * slice_ms;
                let slice_end = (t + slice_ms).min(end);
                let len = slice_end.saturating_sub(t).max(1);
                let n = words
                    .iter()
                    .filter(|w| {
                        w.start_ms >= t
                            && (w.start_ms < slice_end || (i + 1 == slices && w.start_ms <= end))
                    })
                    .count();
                pace.push(PacePoint {
                    t_s: ((t + len / 2 - start) as f64 / 100.0).round() / 10.0,
                    wpm: (n as f64 * 60_000.0 / len as f64).round(),
                });
            }
        }

        let filler_words = assessment.map(filler_variants).unwrap_or_default();
        let mut fillers = Vec::new();
        let norm: Vec<String> = words.iter().map(|w| normalise(&w.text)).collect();
        for (i, w) in words.iter().enumerate() {
            for f in &filler_words {
                let parts: Vec<&str> = f.split_whitespace().collect();
                if parts.is_empty() || i + parts.len() > norm.len() {
                    continue;
                }
                if parts.iter().zip(&norm[i..]).all(|(p, n)| p == n) {
                    fillers.push(FillerHit {
                        word: f.clone(),
                        at_ms: timed.then_some(w.start_ms.saturating_sub(start)),
                    });
                }
            }
        }

        let pauses = match assessment.and_then(|a| a.delivery.long_pauses.as_ref()) {
            Some(p) => p
                .iter()
                .map(|p| PauseSpan {
                    start_ms: p.start_ms,
                    end_ms: p.end_ms,
                })
                .collect(),
            None if timed => words
                .windows(2)
                .filter(|w| w[1].start_ms.saturating_sub(w[0].end_ms) >= PAUSE_MS)
                .map(|w| PauseSpan {
                    start_ms: w[0].end_ms.saturating_sub(start),
                    end_ms: w[1].start_ms.saturating_sub(start),
                })
                .collect(),
            None => Vec::new(),
        };

        let word_count = assessment.map(|a| a.delivery.words).unwrap_or(words.len());
        let duration_s = assessment
            .and_then(|a| a.delivery.duration_s)
            .or_else(|| (timed && duration_ms > 0).then_some(duration_ms as f64 / 1000.0));
        let wpm = assessment.and_then(|a| a.delivery.wpm).or_else(|| {
            duration_s
                .filter(|d| *d > 0.0)
                .map(|d| (word_count as f64 * 60.0 / d).round())
        });
        let filler_count = assessment
            .map(|a| a.delivery.fillers.count as usize)
            .unwrap_or(fillers.len());
        Self {
            words: word_count,
            filler_count,
            duration_s,
            wpm,
            pace,
            fillers,
            pauses,
            flags: assessment
                .map(|a| a.delivery.flags.clone())
                .unwrap_or_default(),
        }
    }
}

/// The filler words the rubric counted. Its keys group spellings (`um/uh`), so they are split.
pub(crate) fn filler_variants(a: &Assessment) -> Vec<String> {
    let mut out: Vec<String> = a
        .delivery
        .fillers
        .by_word
        .keys()
        .flat_map(|k| k.split('/'))
        .map(|w| w.trim().to_lowercase())
        .filter(|w| !w.is_empty())
        .collect();
    out.sort();
    out.dedup();
    out
}

/// Lowercase without surrounding punctuation, as fillers are listed.
fn normalise(word: &str) -> String {
    word.trim_matches(|c: char| !c.is_alphanumeric() && c != '\'')
        .to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;
    use onsite_transcript::Word;

    fn seg(words: &[(&str, u64, u64)]) -> Segment {
        Segment {
            start_ms: words.first().map(|w| w.1).unwrap_or(0),
            end_ms: words.last().map(|w| w.2).unwrap_or(0),
            text: words.iter().map(|w| w.0).collect::<Vec<_>>().join(" "),
            words: words
                .iter()
                .map(|(t, s, e)| Word {
                    text: (*t).into(),
                    start_ms: *s,
                    end_ms: *e,
                    p: 0.9,
                })
                .collect(),
        }
    }

    #[test]
    fn pace_follows_the_word_timings_and_gaps_become_pauses() {
        // 20 words at 2 words/s (120 wpm), a 4 s silence, then 10 words at 1 word/s (60 wpm).
        let mut w: Vec<(String, u64, u64)> = (0..20)
            .map(|i| ("word".to_string(), i * 500, i * 500 + 400))
            .collect();
        w.extend((0..10).map(|i| {
            (
                "word".to_string(),
                14_000 + i * 1000,
                14_000 + i * 1000 + 400,
            )
        }));
        let words: Vec<(&str, u64, u64)> = w.iter().map(|(t, s, e)| (t.as_str(), *s, *e)).collect();
        let d = DeliveryReport::build(&[seg(&words)], None);
        assert_eq!(
            d.pauses,
            vec![PauseSpan {
                start_ms: 9_900,
                end_ms: 14_000
            }]
        );
        let wpm: Vec<f64> = d.pace.iter().map(|p| p.wpm).collect();
        assert_eq!(wpm.len(), 4, "{wpm:?}");
        assert!(wpm[0] >= 110.0, "fast start: {wpm:?}");
        assert!((50.0..=70.0).contains(&wpm[3]), "slow end: {wpm:?}");
        assert!(wpm[2] < wpm[3], "the pause pulls its slice down: {wpm:?}");
        assert_eq!(d.words, 30);
    }
}
