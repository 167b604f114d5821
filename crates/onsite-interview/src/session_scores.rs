//! The one definition of a session's scores, used by the end-of-session summary, the session
//! report, the History list, Home and Progress, so that every screen shows the same numbers.
//!
//! A session counts each question (a follow-up is its own question) by its latest scored take:
//! a retry replaces the attempt before it, and a question never scored is left out. An answer
//! the rubric heard no speech in counts as scored (it scores the minimum): it was answered, and
//! a retry is how a candidate replaces it. From those takes:
//! - `overall` is the mean of the rubric's own `overall` for each take (the rubric's weighting,
//!   red-flag penalties and caps included), never the mean of the competency scores (that
//!   ignored the penalties: a session read 1.6 in its summary and 1.7 in History);
//! - each competency is the mean of its scores over the takes that have it;
//! - all of them are rounded to 0.1, the precision the screens show.

use std::collections::BTreeMap;

use serde::Serialize;

/// One question's latest scored take, as the session sees it.
#[derive(Debug, Clone, Copy)]
pub struct FinalTake<'a> {
    /// The rubric's overall score (1.0–5.0).
    pub overall: f64,
    /// Competency id -> score (1.0–5.0).
    pub competencies: &'a BTreeMap<String, f64>,
}

/// A session's scores, rounded to 0.1.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct SessionScores {
    /// How many takes the scores are over (one per scored question).
    pub scored: usize,
    /// `None` until an answer is scored.
    pub overall: Option<f64>,
    pub competencies: BTreeMap<String, f64>,
}

impl SessionScores {
    /// Scores over `finals`: one entry per question, its latest scored take.
    pub fn of<'a>(finals: impl IntoIterator<Item = FinalTake<'a>>) -> Self {
        let mut scored = 0usize;
        let mut overall_sum = 0.0;
        let mut sums: BTreeMap<&str, (f64, u32)> = BTreeMap::new();
        for take in finals {
            scored += 1;
            overall_sum += take.overall;
            for (name, score) in take.competencies {
                let e = sums.entry(name.as_str()).or_insert((0.0, 0));
                e.0 += score;
                e.1 += 1;
            }
        }
        Self {
            scored,
            overall: (scored > 0).then(|| round_score(overall_sum / scored as f64)),
            competencies: sums
                .into_iter()
                .map(|(k, (s, n))| (k.to_string(), round_score(s / f64::from(n))))
                .collect(),
        }
    }
}

/// Scores are shown to one decimal; rounding once, here, keeps every screen agreeing.
pub fn round_score(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scores(v: &[(&str, f64)]) -> BTreeMap<String, f64> {
        v.iter().map(|(k, s)| (k.to_string(), *s)).collect()
    }

    #[test]
    fn overall_is_the_mean_of_the_rubric_overall_not_of_the_competencies() {
        // The rubric penalised a red flag: its overall sits below the competencies' mean.
        let a = scores(&[("ownership", 2.0), ("communication", 2.0)]);
        let b = scores(&[("ownership", 1.0), ("communication", 2.0)]);
        let s = SessionScores::of([
            FinalTake {
                overall: 1.5,
                competencies: &a,
            },
            FinalTake {
                overall: 1.6,
                competencies: &b,
            },
        ]);
        assert_eq!(s.scored, 2);
        // Mean of the competency means would be 1.75 -> 1.8; the session's overall is 1.55 -> 1.6.
        assert_eq!(s.overall, Some(1.6));
        assert_eq!(s.competencies["ownership"], 1.5);
        assert_eq!(s.competencies["communication"], 2.0);
    }

    #[test]
    fn nothing_scored_has_no_overall() {
        let s = SessionScores::of([]);
        assert_eq!((s.scored, s.overall), (0, None));
        assert!(s.competencies.is_empty());
    }
}
