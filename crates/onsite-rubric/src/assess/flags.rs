//! Red flags: each one a judgement over the answer's moves, not the presence of a phrase.
//!
//! - `no_constraints`: the first commitment to a design comes before any constraint move.
//! - `over_engineering`: the components chosen (not rejected, negated or deferred) cost more
//!   than the stated scale warrants; with no scale stated, a heavy stack with no reason given;
//!   or the simple option dismissed.
//! - `no_trade_offs`: nothing is given up, by the pack's give-up language.
//! - `individual_only`: a story told in "I" where no one else acts, is credited or is helped
//!   (escalating to a VP or writing a doc for "the team" does not give anyone a role), or
//!   where the candidate says the "we" was really "I".
//! - `needs_requirements`: a refusal to start until requirements arrive, not followed by an
//!   assumption or a decision ("rather than wait for a spec, I'd assume..." is the good move).
//! - `complaining`: blame with no fix of the candidate's own, or blame that dominates.
//! - `off_topic`: an answer to another question: none of the question's topic words (or their
//!   synonyms), and for stories nothing of what every answer of the kind has.

use std::collections::HashSet;

use super::moves::Moves;
use super::{bare, Ctx, Hit};
use crate::input::QuestionKind;
use crate::report::Evidence;
use crate::scale::{level_of, ScaleLevel};

/// What the flags read besides the signals.
pub(super) struct FlagInput<'a> {
    pub moves: &'a Moves,
    /// The scale the question itself states ("for 10 million users"), if any.
    pub question_scale: Option<ScaleLevel>,
    pub agency: &'a crate::report::Agency,
    /// The question's topic words the answer uses, and how many there are; `None` when the
    /// question has no topic words (a bare kind with no text).
    pub relevance: Option<(usize, usize)>,
    pub content_words: usize,
    /// The first sentence that counts as a constraint move for the framework step (so the flag
    /// and the step never disagree).
    pub first_constraint: Option<usize>,
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

    if applicable("off_topic") && off_topic(ctx, inp) {
        red.push(("off_topic".into(), Vec::new()));
    }

    if applicable("no_constraints") {
        if let Some(commit) = moves.first_commitment() {
            if inp.first_constraint.is_none_or(|c| c > commit) {
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
            ctx.sig("trade_off_word")
                .negated
                .iter()
                .take(2)
                .map(|h| ctx.evidence(h))
                .collect(),
        ));
    }

    // Someone else has a role when "we" act, a colleague acts or is credited, or someone is
    // helped to grow; "we" as the setting ("we had a problem") is not a role.
    let others = ctx.has("action_we")
        || ctx.has("collaboration")
        || ctx.has("mentoring")
        || ctx.has("others_act");
    // "When I say we, it was me the whole way" makes every "we" an "I".
    let only_me = ctx.has("only_me") && !ctx.has("mentoring") && !ctx.has("others_act");
    if applicable("individual_only") && (only_me || (inp.agency.i >= 4 && !others)) {
        red.push(("individual_only".into(), ev("action_i", 2)));
    }

    if applicable("needs_requirements") {
        if let Some(refusal) = first_refusal(ctx, moves) {
            // An assumption made and kept: not "you'd like me to assume?", not "if I assume a
            // hundred million links, the design is wrong", not inside another refusal.
            // Asking for more ("so I asked her for the data volumes") continues a refusal.
            let refusals = ctx.sentences_with("needs_requirements");
            let asks = ctx.sentences_with("ask");
            let kept = |si: usize| !moves.question[si] && !refusals[si] && !asks[si];
            let moved_on = ctx
                .sig("assumption")
                .hits
                .iter()
                .any(|h| after(h, refusal) && kept(h.sentence) && !conditional(ctx, h))
                || moves.constraint.iter().enumerate().any(|(si, c)| {
                    *c && si > refusal.sentence && kept(si) && !starts_with_if(ctx, si)
                });
            if !moved_on {
                red.push(("needs_requirements".into(), vec![ctx.evidence(refusal)]));
            }
        }
    }

    if applicable("complaining") {
        let blame = ctx.sig("complaining").strength;
        let fix = ctx.sig("own_fix").strength;
        if blame > 0.0 && (fix == 0.0 || (blame >= 3.0 && blame > 2.0 * fix)) {
            red.push(("complaining".into(), ev("complaining", 2)));
        }
    }
    (red, unneeded)
}

/// An answer to another question. A design question names its topic in a word or two ("rate
/// limiter"), so using none of them, nor their synonyms, is enough. Elsewhere the answer must
/// also lack what every answer of its kind has: a story's situation and actions; a
/// technical-debt answer's refactoring, migration and tests; an incident's failure and
/// operations (those two kinds also need three topic words absent, not two).
fn off_topic(ctx: &Ctx<'_>, inp: &FlagInput<'_>) -> bool {
    let Some((0, keys)) = inp.relevance else {
        return false;
    };
    if inp.content_words < 40 {
        return false;
    }
    match ctx.kind {
        QuestionKind::SystemDesign | QuestionKind::General => keys >= 1,
        QuestionKind::TechnicalDebt => keys >= 3 && !ctx.has("debt_practice"),
        QuestionKind::Operations => {
            keys >= 3 && !ctx.has("failure_mode") && !ctx.has("growth_operations")
        }
        // A story told about something else is hard to tell from one told in other words, and
        // a false "off topic" caps a good answer: only an answer that is no story at all.
        QuestionKind::Behavioural | QuestionKind::Ambiguity => {
            let story = ctx.has("situation") && (ctx.has("action_i") || ctx.has("action_we"));
            keys >= 2 && !story
        }
    }
}

fn is_if(word: &str) -> bool {
    bare(word) == "if"
}

/// Whether "if" comes before the hit in its sentence.
fn conditional(ctx: &Ctx<'_>, h: &Hit) -> bool {
    let first = ctx.a.sentences[h.sentence].first_word;
    ctx.words[first..ctx.a.tokens[h.start].word]
        .iter()
        .any(|w| is_if(&w.text))
}

fn starts_with_if(ctx: &Ctx<'_>, si: usize) -> bool {
    is_if(&ctx.words[ctx.a.sentences[si].first_word].text)
}

fn after(h: &Hit, refusal: &Hit) -> bool {
    h.sentence > refusal.sentence || (h.sentence == refusal.sentence && h.start >= refusal.end)
}

/// The first "I need the full requirements first" that is not the option the candidate turns
/// down ("rather than wait for a spec", "instead of waiting").
fn first_refusal<'c>(ctx: &'c Ctx<'_>, moves: &Moves) -> Option<&'c Hit> {
    // Turned down: the pack's `reject` language ("rather than", "instead of") earlier in the
    // same sentence.
    let rejects = &ctx.sig("reject").hits;
    let turned_down = |h: &Hit| {
        rejects
            .iter()
            .any(|r| r.sentence == h.sentence && r.start < h.start)
    };
    ctx.sig("needs_requirements")
        .hits
        .iter()
        // A question ("before designing anything, how many users?") refuses nothing.
        .find(|h| !turned_down(h) && !moves.question[h.sentence])
}

/// Cost of unwarranted components that makes over-engineering: one heavy piece (a stream
/// processor, several regions) or two lighter ones (a log and microservices).
const UNWARRANTED_COST: u32 = 2;

/// Components chosen beyond what the scale warrants. With a stated (or question-given, or "a
/// small internal tool") scale, every chosen component that needs more counts: a stream
/// processor for ten thousand customers, a log and microservices for fifty requests a second.
/// With no scale at all, a component counts when no reason is given for it ("because it
/// scales" and "from day one" are no reasons).
fn over_engineering(ctx: &Ctx<'_>, inp: &FlagInput<'_>) -> Option<(Vec<Evidence>, String)> {
    let moves = inp.moves;
    // The scale the answer states, else the question's, else "a small internal tool".
    let small = ctx.has("small_scale").then_some(ScaleLevel::Small);
    let level = level_of(&moves.stated_scale())
        .or(inp.question_scale)
        .or(small);
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
    let dismissed = ctx.sig("dismiss_simple").hits.first();
    if cost >= UNWARRANTED_COST || dismissed.is_some() {
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
