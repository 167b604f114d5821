//! The one-sentence verdict: the overall, the strongest competency when one has earned it,
//! and what to fix first.

use crate::gap::Gap;
use crate::pack::COMPETENCIES;

/// Least score a competency needs to be called the answer's strongest.
pub(super) const PRAISE_FLOOR: f64 = 3.5;

/// What the verdict is written from.
pub(super) struct Verdict<'a> {
    pub(super) overall: f64,
    pub(super) scores: &'a [f64; 6],
    /// Per competency, whether a raised flag counts against it.
    pub(super) penalised: &'a [bool],
    pub(super) list_like: bool,
    pub(super) short: bool,
    pub(super) red: &'a [crate::report::Signal],
    pub(super) gap: Option<&'a Gap>,
    /// The answer never touches the question's topic, commits to nothing, or names nothing
    /// particular.
    pub(super) unrelated: bool,
}

pub(super) fn summary(v: &Verdict<'_>) -> String {
    let Verdict {
        overall,
        scores,
        penalised,
        list_like,
        short,
        red,
        gap,
        unrelated,
    } = *v;
    // Praise is earned: the best competency is named only when it is good on its own and no
    // raised flag counts against it (a fluent complaint is not strong communication).
    let best = (0..6)
        .filter(|c| !penalised.get(*c).copied().unwrap_or(false))
        .max_by(|a, b| scores[*a].total_cmp(&scores[*b]).then(b.cmp(a)))
        .filter(|c| {
            scores[*c] >= PRAISE_FLOOR
                && overall >= PRAISE_FLOOR - 0.5
                && red.len() < 2
                // Nor does an answer to another question, or a method given for an occasion.
                && !red.iter().any(|f| f.id == "off_topic" || f.id == "no_example")
                // An answer that never touches the question's topic earns no praise.
                && !unrelated
                && !list_like
                && !short
        });
    let mut s = match best {
        Some(best) => format!(
            "Overall {overall:.1}/5. Strongest: {} ({:.1}).",
            COMPETENCIES[best].replace('_', " "),
            scores[best]
        ),
        None => format!("Overall {overall:.1}/5."),
    };
    if list_like {
        s.push_str(" Much of the answer is a list of terms rather than sentences; explain how the pieces fit together.");
    } else if short {
        s.push_str(" The answer is too short to show much; talk it through in full sentences.");
    }
    if !red.is_empty() {
        let ids: Vec<&str> = red.iter().map(|r| r.id.as_str()).collect();
        s.push_str(&format!(" Red flags: {}.", ids.join(", ")));
    }
    if let Some(g) = gap {
        s.push_str(&format!(" Biggest gap: {}.", g.as_str().replace('_', " ")));
    }
    s
}
