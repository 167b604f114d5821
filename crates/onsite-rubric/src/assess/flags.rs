//! Red flags: each one a judgement over the answer's moves, not the presence of a phrase.
//!
//! - `no_constraints`: the first commitment to a design comes before any constraint move.
//! - `over_engineering`: the components chosen (not rejected, negated or deferred) cost more
//!   than the stated scale warrants; with no scale stated, a heavy stack with no reason given;
//!   or the simple option dismissed.
//! - `no_trade_offs`: nothing is given up, by the pack's give-up language.
//! - `individual_only`: a story told in "I" where no one else acts, is credited or is helped
//!   (escalating to a VP or writing a doc for "the team" does not give anyone a role).
//! - `needs_requirements`: a refusal to start until requirements arrive, not followed by an
//!   assumption or a decision ("rather than wait for a spec, I'd assume..." is the good move).
//! - `complaining`: blame with no fix of the candidate's own, or blame that dominates.
//! - `off_topic`: a design answer that never touches what the question asked about.

use std::collections::HashSet;

use super::moves::Moves;
use super::{Ctx, Hit};
use crate::report::Evidence;
use crate::scale::{level_of, ScaleLevel};

/// What the flags read besides the signals.
pub(super) struct FlagInput<'a> {
    pub moves: &'a Moves,
    /// The scale the question itself states ("for 10 million users"), if any.
    pub question_scale: Option<ScaleLevel>,
    pub agency: &'a crate::report::Agency,
    /// Share of the question's topic words the answer uses (0..1); `None` when the question
    /// has no topic words (a bare kind with no text).
    pub relevance: Option<f64>,
    pub content_words: usize,
}

/// The raised flags, each with its evidence, and a sentence naming the components that made
/// over-engineering fire (appended to that flag's message; empty otherwise).
pub(super) fn red_flags(
    ctx: &Ctx<'_>,
    inp: &FlagInput<'_>,
    applicable: impl Fn(&str) -> bool,
) -> (Vec<(String, Vec<Evidence>)>, String) {
    let mut unneeded = String::new();
    let mut red: Vec<(String, Vec<Evidence>)> = Vec::new();
    let moves = inp.moves;
    // Evidence from distinct sentences.
    let ev = |name: &str, n: usize| -> Vec<Evidence> {
        let mut seen = HashSet::new();
        ctx.sig(name)
            .hits
            .iter()
            .filter(|h| seen.insert(h.sentence))
            .take(n)
            .map(|h| ctx.evidence(h))
            .collect()
    };

    if applicable("off_topic") {
        if let Some(r) = inp.relevance {
            if r == 0.0 && inp.content_words >= 40 {
                red.push(("off_topic".into(), Vec::new()));
            }
        }
    }

    if applicable("no_constraints") {
        if let Some(commit) = moves.first_commitment() {
            if moves.first_constraint().is_none_or(|c| c > commit) {
                red.push(("no_constraints".into(), vec![ctx.sentence_evidence(commit)]));
            }
        }
    }

    if applicable("over_engineering") {
        if let Some((evidence, detail)) = over_engineering(ctx, inp) {
            red.push(("over_engineering".into(), evidence));
            unneeded = detail;
        }
    }

    if applicable("no_trade_offs") && !ctx.has("trade_off") {
        red.push((
            "no_trade_offs".into(),
            ctx.sig("trade_off")
                .negated
                .iter()
                .take(2)
                .map(|h| ctx.evidence(h))
                .collect(),
        ));
    }

    let a = inp.agency;
    let others = ctx.has("action_we")
        || ctx.has("collaboration")
        || ctx.has("mentoring")
        || ctx.has("others_act")
        || (a.we >= 2 && a.we * 3 >= a.i);
    if applicable("individual_only") && a.i >= 4 && !others {
        red.push(("individual_only".into(), ev("action_i", 2)));
    }

    if applicable("needs_requirements") {
        if let Some(refusal) = first_refusal(ctx) {
            let moved_on = ctx.sig("assumption").hits.iter().any(|h| after(h, refusal))
                || moves
                    .constraint
                    .iter()
                    .enumerate()
                    .any(|(si, c)| *c && si > refusal.sentence && !moves.question[si]);
            if !moved_on {
                red.push(("needs_requirements".into(), vec![ctx.evidence(refusal)]));
            }
        }
    }

    if applicable("complaining") {
        let blame = ctx.sig("complaining").strength;
        let fix = ctx.sig("own_fix").strength;
        if blame > 0.0 && (fix == 0.0 || (blame >= 3.0 && blame > fix)) {
            red.push(("complaining".into(), ev("complaining", 2)));
        }
    }
    (red, unneeded)
}

fn after(h: &Hit, refusal: &Hit) -> bool {
    h.sentence > refusal.sentence || (h.sentence == refusal.sentence && h.start >= refusal.end)
}

/// The first "I need the full requirements first" that is not the option the candidate turns
/// down ("rather than wait for a spec", "instead of waiting").
fn first_refusal<'c>(ctx: &'c Ctx<'_>) -> Option<&'c Hit> {
    let turned_down = |h: &Hit| {
        let first = ctx.a.sentences[h.sentence].first_word;
        let before = &ctx.words[first..=ctx.a.tokens[h.start].word];
        before.windows(2).any(|w| {
            let (x, y) = (w[0].text.to_lowercase(), w[1].text.to_lowercase());
            (x == "rather" && y.starts_with("than")) || (x == "instead" && y.starts_with("of"))
        })
    };
    ctx.sig("needs_requirements")
        .hits
        .iter()
        .find(|h| !turned_down(h))
}

/// Components chosen beyond what the scale warrants. With a stated (or question-given) scale,
/// the cost of every chosen component that needs more than it counts, and two points are a
/// flag: a stream processor for ten thousand customers, or a log and microservices for fifty
/// requests a second. With no scale at all, only a heavy stack given without a reason is.
fn over_engineering(ctx: &Ctx<'_>, inp: &FlagInput<'_>) -> Option<(Vec<Evidence>, String)> {
    let moves = inp.moves;
    let level = level_of(&moves.stated_scale()).or(inp.question_scale);
    // "Because it scales" or "to be future-proof" is no reason.
    let speculative = ctx.sentences_with("speculative");
    let justified: Vec<bool> = ctx
        .sentences_with("justification")
        .iter()
        .zip(&speculative)
        .map(|(j, s)| *j && !*s)
        .collect();
    let mut cost = 0u32;
    let mut evidence = Vec::new();
    let mut labels = Vec::new();
    let mut sentences = HashSet::new();
    for c in &ctx.pack.components {
        let Some(hit) = ctx.stats[c.signal]
            .hits
            .iter()
            .find(|h| !moves.set_aside[h.sentence])
        else {
            continue;
        };
        let unwarranted = match (level, c.warranted_at) {
            (Some(level), Some(needs)) => needs > level,
            // With no scale stated, a component that a reason could justify costs only when
            // no reason is given for it.
            (None, Some(needs)) => needs > ScaleLevel::Small && !justified[hit.sentence],
            (_, None) => !justified[hit.sentence],
        };
        if unwarranted {
            cost += c.cost;
            labels.push(c.label.clone());
            if sentences.insert(hit.sentence) && evidence.len() < 2 {
                evidence.push(ctx.evidence(hit));
            }
        }
    }
    let threshold = if level.is_some() { 2 } else { 3 };
    let dismissed = ctx.sig("dismiss_simple").hits.first();
    if cost >= threshold || dismissed.is_some() {
        if let Some(d) = dismissed {
            evidence.insert(0, ctx.evidence(d));
        }
        let detail = match (labels.is_empty(), level) {
            (true, _) => String::new(),
            (false, Some(_)) => format!(
                "More than the scale stated needs: {}.",
                super::join_list(&labels)
            ),
            (false, None) => format!(
                "Chosen with no scale stated and no reason given: {}.",
                super::join_list(&labels)
            ),
        };
        Some((evidence, detail))
    } else {
        None
    }
}
