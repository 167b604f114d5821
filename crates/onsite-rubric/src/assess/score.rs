//! Competency scores (weights over signals and features, less the raised flags' penalties),
//! their evidence and advice, and the overall with its caps.

use std::collections::HashSet;

use super::ctx::Ctx;
use crate::pack::{Cond, Term, FEATURES};
use crate::report::{Competencies, CompetencyScore};

/// Highest communication score for a long answer that uses none of the question's topic words.
pub(super) const UNRELATED_COMMUNICATION_CAP: f64 = 2.5;

/// The concreteness (see `features`) below which an answer commits to too little to be called
/// clear communication: fewer than about a third of its sentences say anything specific.
pub(super) const NONCOMMITTAL_CONCRETENESS: f64 = 0.35;

/// Each competency scored, in the pack's order, with its evidence and advice.
pub(super) fn competencies(
    ctx: &Ctx<'_>,
    features: &[f64],
    red_ids: &HashSet<String>,
) -> ([f64; 6], Competencies) {
    let pack = ctx.pack;
    let value = |term: &Term| -> f64 {
        match *term {
            Term::Signal(s) => (ctx.stats[s].strength / pack.signals[s].saturation).min(1.0),
            Term::Feature(f) => features[f].clamp(0.0, 1.0),
        }
    };
    let mut scores = [0.0f64; 6];
    let mut results = Vec::with_capacity(6);
    for (ci, comp) in pack.competencies.iter().enumerate() {
        let weights = comp.by_kind.get(&ctx.kind).unwrap_or(&comp.weights);
        let raw: f64 = weights.iter().map(|(t, w)| w * value(t)).sum();
        let penalty: f64 = red_ids
            .iter()
            .filter_map(|id| pack.red_flags.get(id))
            .map(|f| f.penalties[ci])
            .sum();
        let cap = red_ids
            .iter()
            .filter_map(|id| pack.red_flags.get(id))
            .map(|f| f.caps[ci])
            .fold(5.0, f64::min);
        let score = round1((1.0 + 4.0 * (raw / comp.full_at).min(1.0) - penalty).clamp(1.0, cap));
        scores[ci] = score;
        // Evidence: the heaviest-weighted signals that were actually heard.
        let mut sigs: Vec<(usize, f64)> = weights
            .iter()
            .filter_map(|(t, w)| {
                if let Term::Signal(s) = t {
                    Some((*s, *w))
                } else {
                    None
                }
            })
            .collect();
        sigs.sort_by(|x, y| y.1.total_cmp(&x.1));
        let mut used = HashSet::new();
        let mut evidence = Vec::new();
        for (s, _) in sigs {
            for h in ctx.stats[s].hits.iter().take(1) {
                if evidence.len() < 3 && used.insert(h.sentence) {
                    evidence.push(ctx.evidence(h));
                }
            }
        }
        let advice = comp
            .advice
            .iter()
            .find(|rule| rule.when.iter().all(|c| cond_holds(c, ctx, red_ids, score)))
            .map(|rule| ctx.render(&rule.text))
            .unwrap_or_default();
        results.push(CompetencyScore {
            score,
            evidence,
            advice,
        });
    }
    let mut results = results.into_iter();
    let mut next = || {
        results.next().unwrap_or(CompetencyScore {
            score: 1.0,
            evidence: Vec::new(),
            advice: String::new(),
        })
    };
    let competencies = Competencies {
        technical_depth: next(),
        architectural_thinking: next(),
        leadership_influence: next(),
        pragmatism: next(),
        ownership: next(),
        communication: next(),
    };
    (scores, competencies)
}

/// The overall is the weighted mean of the competencies stretched about this point, so that a
/// clearly strong answer lands near 4-5 and a clearly weak one near 1-2 (issue 16: "scores use
/// the whole 1-5 range"). Competency scores are bounded sums of partial evidence and cluster
/// in the middle; the stretch is linear, so it never changes which of two answers is better.
const STRETCH_CENTRE: f64 = 2.6;
const STRETCH: f64 = 1.3;

/// The overall and the caps that applied to it.
pub(super) struct Overall {
    pub(super) overall: f64,
    /// Too little of the answer reads as speech: a list of terms.
    pub(super) list_like: bool,
    /// Too few distinct content words.
    pub(super) short: bool,
}

pub(super) fn overall(
    ctx: &Ctx<'_>,
    scores: &[f64; 6],
    features: &[f64],
    red_ids: &HashSet<String>,
    positives: usize,
    content_words: usize,
) -> Overall {
    let pack = ctx.pack;
    let weights = pack
        .kinds
        .get(&ctx.kind)
        .map(|k| k.overall_weights)
        .unwrap_or([1.0; 6]);
    let wsum: f64 = weights.iter().sum();
    let mean = scores.iter().zip(weights).map(|(s, w)| s * w).sum::<f64>() / wsum.max(f64::EPSILON);
    let mut overall = STRETCH_CENTRE + STRETCH * (mean - STRETCH_CENTRE);
    overall -= red_ids
        .iter()
        .filter_map(|id| pack.red_flags.get(id))
        .map(|f| f.overall_penalty)
        .sum::<f64>();
    overall += pack.overall.positive_bonus * positives.min(2) as f64;
    let clause_ratio = FEATURES
        .iter()
        .position(|f| *f == "clause_ratio")
        .and_then(|i| features.get(i))
        .copied()
        .unwrap_or(0.0);
    let list_like = clause_ratio < pack.overall.min_clause_ratio;
    if list_like {
        overall = overall.min(pack.overall.list_cap);
    }
    // An answer to another question is not a good answer to this one, however fluent.
    if red_ids.contains("off_topic") {
        overall = overall.min(pack.overall.off_topic_cap);
    }
    let short = content_words < pack.overall.short_answer_words;
    if short {
        overall = overall.min(pack.overall.short_cap);
    }
    Overall {
        overall: round1(overall.clamp(1.0, 5.0)),
        list_like,
        short,
    }
}

fn cond_holds(c: &Cond, ctx: &Ctx<'_>, red: &HashSet<String>, score: f64) -> bool {
    match c {
        Cond::Has(s) => ctx.stats[*s].strength > 0.0,
        Cond::Lacks(s) => ctx.stats[*s].strength <= 0.0,
        Cond::Denied(s) => !ctx.stats[*s].negated.is_empty(),
        Cond::Flag(f) => red.contains(f),
        Cond::NoFlag(f) => !red.contains(f),
        Cond::Kind(k) => ctx.kind == *k,
        Cond::NotKind(k) => ctx.kind != *k,
        Cond::Below(x) => score < *x,
        Cond::AtLeast(x) => score >= *x,
    }
}

fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}
