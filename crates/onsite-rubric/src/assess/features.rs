//! The computed features, each 0..1, that competency weights read beside the signals.

use super::ctx::Ctx;
use super::framework::{Order, StarRead};
use super::signals::Sentences;
use super::tally::Tally;
use super::topic::Relevance;
use crate::pack::FEATURES;
use crate::report::Delivery;

/// What the features are computed from.
pub(super) struct FeatureInput<'a> {
    /// Sentences where someone other than the candidate has a role (`flags::others_roles`).
    pub(super) roles: &'a std::collections::HashSet<usize>,
    pub(super) order: &'a Order,
    pub(super) star: &'a StarRead,
    pub(super) tally: &'a Tally,
    pub(super) sentences: &'a Sentences,
    pub(super) delivery: &'a Delivery,
    pub(super) relevance: Option<Relevance>,
    pub(super) total_words: usize,
    /// A design that states its scale and chooses nothing heavier than it warrants.
    pub(super) scale_fit: bool,
}

/// The features in [`FEATURES`] order.
pub(super) fn features(ctx: &Ctx<'_>, inp: &FeatureInput<'_>) -> Vec<f64> {
    let t = inp.tally;
    // Sentences where a mechanism comes with its reason or its failure mode. The same sentence
    // only: reading the next one too would let a shuffled answer score higher than its order.
    let justified_depth = {
        let mech = ctx.sentences_with_any(&["deep_dive", "mechanism"]);
        let j = ctx.sentences_with("justification");
        let f = ctx.sentences_with("failure_mode");
        (0..mech.len())
            .filter(|si| mech[*si] && (j[*si] || f[*si]))
            .count()
    };
    // Sentences that commit to something: a choice, a mechanism, a number, an act, a result,
    // an assumption, a trade-off. A fluent paragraph that commits to nothing communicates
    // little, however well it flows.
    let roles = inp.roles;
    let concreteness = {
        // Generic words ("the user", "scale", "the architecture", "I'd start by") commit to
        // nothing; technology, mechanisms, failures, assumptions, results and things done do.
        let mut said = ctx.sentences_with_any(&[
            "deep_dive",
            "tech_term",
            "assumption",
            "failure_mode",
            "result",
            "growth_operations",
            "debt_practice",
        ]);
        let components = ctx.sentences_naming_components();
        let acts = super::flags::candidate_acts(ctx);
        for (si, s) in said.iter_mut().enumerate() {
            // A comparison ("cheaper to run, easier to debug") is a specific claim too.
            let sentence = &ctx.a.sentences[si];
            let compares = ctx.words[sentence.first_word..=sentence.last_word]
                .iter()
                .any(|w| super::flags::COMPARATIVES.contains(&super::ctx::bare(&w.text).as_str()));
            *s = *s || components[si] || acts.contains(&si) || roles.contains(&si) || compares;
        }
        let counted: Vec<usize> = (0..ctx.a.sentences.len())
            .filter(|si| inp.sentences.unique[*si] && inp.sentences.clause[*si])
            .collect();
        let committed = counted
            .iter()
            .filter(|si| {
                said[**si]
                    || ctx.a.tokens[ctx.a.sentences[**si].tokens.clone()]
                        .iter()
                        .any(|t| t.is_number)
            })
            .count();
        if counted.is_empty() {
            0.0
        } else {
            ramp(committed as f64 / counted.len() as f64, 0.2, 0.6)
        }
    };
    let avg_len = t.clause_tokens as f64 / t.clause_sentences.max(1) as f64;
    let clause_ratio = t.clause_tokens as f64 / t.content_tokens.max(1) as f64;
    let total_words = inp.total_words.max(1) as f64;
    let feature = |name: &str| -> f64 {
        match name {
            "framework_coverage" => {
                inp.order.steps.iter().filter(|s| s.covered).count() as f64 / 6.0
            }
            "constraints_first" => match inp.order.constraints_first {
                Some(true) => 1.0,
                None if inp.order.first_constraint.is_some() => 0.5,
                _ => 0.0,
            },
            "star_coverage" => inp.star.coverage.iter().filter(|c| **c).count() as f64 / 4.0,
            "quantified_result" => f64::from(u8::from(inp.star.quantified.is_some())),
            "we_balance" => {
                let (i, w) = (f64::from(t.agency.i), f64::from(t.agency.we));
                if i == 0.0 && w == 0.0 {
                    0.0
                } else if i == 0.0 || w == 0.0 {
                    0.3
                } else {
                    (2.0 * i.min(w) / i.max(w)).min(1.0)
                }
            }
            "clause_ratio" => clause_ratio,
            "sentence_length" => ramp(avg_len, 3.0, 8.0) * (1.0 - ramp(avg_len, 30.0, 60.0)),
            "substance" => (t.unique_content.len() as f64 / 60.0).min(1.0),
            // The "low_*" features reward the absence of a fault, which is no merit in an answer
            // without sentences, so they count only as far as the answer is speech.
            "low_repetition" => {
                clause_ratio * (1.0 - (inp.sentences.repeated_words as f64 / total_words))
            }
            "low_fillers" => {
                clause_ratio
                    * (1.0 - (f64::from(inp.delivery.fillers.count) / total_words / 0.08).min(1.0))
            }
            // Rambling circles the same few words: a moving type-token ratio near 0.6 reads as
            // going round in circles, 0.85 and above as moving the answer forward.
            "variety" => ramp(t.variety, 0.6, 0.85),
            // Like the "low_*" features, on-topic counts only as far as the answer is speech.
            "relevance" => {
                inp.relevance
                    .map_or(1.0, |r| (r.found as f64 / r.keys.min(3) as f64).min(1.0))
                    * clause_ratio
            }
            // Depth is a mechanism with its reason or its failure, not a named technology.
            "justified_depth" => (justified_depth as f64 / 3.0).min(1.0),
            "concreteness" => concreteness,
            "scale_fit" => f64::from(u8::from(inp.scale_fit)),
            // Leading shows in others acting in the story: three sentences give a role to
            // someone other than the candidate.
            // A sentence said twice counts once, as for the signals.
            "others_roles" => {
                let counted = roles
                    .iter()
                    .filter(|si| inp.sentences.unique.get(**si).copied().unwrap_or(false))
                    .count();
                (counted as f64 / 3.0).min(1.0)
            }
            "low_hedges" => {
                clause_ratio
                    * (1.0
                        - (f64::from(inp.delivery.hedges.count) * 100.0
                            / t.content_tokens.max(1) as f64
                            / 3.0)
                            .min(1.0))
            }
            _ => 0.0,
        }
    };
    FEATURES.iter().map(|f| feature(f)).collect()
}

/// 0 below `lo`, 1 above `hi`, linear between.
fn ramp(x: f64, lo: f64, hi: f64) -> f64 {
    ((x - lo) / (hi - lo)).clamp(0.0, 1.0)
}
