//! Choosing and ordering a plan's questions for a profile, filling templates, and saying why.

use serde::Serialize;

use crate::bank::Bank;
use crate::plan::{Plan, PlanError, PlanId, PlanSlot};
use crate::profile::{Profile, ProfileTerm};
use crate::question::{Level, Question, Track};
use crate::taxonomy::TermKind;

/// A question chosen for a session: the bank question with its template filled, the limits
/// the plan gives it, and why it was chosen.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Picked {
    #[serde(flatten)]
    pub question: Question,
    /// The bank text before filling, when the question is a template.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub template: Option<String>,
    /// Why this question, in words shown to the user.
    pub reason: String,
    /// Profile terms that matched the question's tags, strongest first.
    pub matched: Vec<String>,
    /// Relevance to the profile (0 when nothing matched).
    pub relevance: f64,
}

/// The outcome of picking: the level used and the questions in order.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Selection {
    pub plan: PlanId,
    pub level: Level,
    pub level_reason: String,
    pub follow_ups: bool,
    pub follow_up_answer_s: u32,
    pub questions: Vec<Picked>,
}

/// Picks the plan's questions for `profile`. `seed` varies the choice among equally relevant
/// questions (the app passes a session counter); the same inputs always give the same result.
pub fn pick(
    bank: &Bank,
    plan: &Plan,
    profile: &Profile,
    seed: u64,
) -> Result<Selection, PlanError> {
    let (level, level_reason) = choose_level(plan, profile);
    let mut chosen: Vec<Picked> = Vec::new();
    for (position, slot) in plan.slots.iter().enumerate() {
        let best = best_for_slot(bank, slot, level, profile, seed, &chosen).ok_or(
            PlanError::NoQuestions {
                track: slot.tracks[0],
                level,
            },
        )?;
        let (q, relevance, matched) = best;
        let mut picked = fill(q, profile);
        picked.question.prep_s = plan
            .prep_s
            .unwrap_or_else(|| slot.prep_cap_s.map_or(q.prep_s, |c| c.min(q.prep_s)));
        picked.question.answer_s = plan
            .answer_s
            .unwrap_or_else(|| slot.answer_cap_s.map_or(q.answer_s, |c| c.min(q.answer_s)));
        picked.relevance = relevance;
        picked.reason = reason(plan, position, q, &matched, level, &level_reason, profile);
        picked.matched = matched.iter().map(|t| t.name.clone()).collect();
        chosen.push(picked);
    }
    Ok(Selection {
        plan: plan.id,
        level,
        level_reason,
        follow_ups: plan.follow_ups,
        follow_up_answer_s: plan.follow_up_answer_s,
        questions: chosen,
    })
}

fn choose_level(plan: &Plan, profile: &Profile) -> (Level, String) {
    if let Some(l) = plan.level {
        return (l, format!("the {} plan is pitched at {l} level", plan.id));
    }
    match (profile.level, profile.level_source) {
        (Some(l), Some(src)) => {
            let evidence = profile
                .level_evidence()
                .iter()
                .map(|p| format!("\u{201c}{p}\u{201d}"))
                .collect::<Vec<_>>()
                .join(", ");
            (l, format!("{} signals {l} level ({evidence})", src.label()))
        }
        _ => (
            Level::Senior,
            "no résumé or job description signalled a level, so senior is assumed".to_string(),
        ),
    }
}

type Candidate<'a> = (&'a Question, f64, Vec<&'a ProfileTerm>);

fn best_for_slot<'a>(
    bank: &'a Bank,
    slot: &PlanSlot,
    level: Level,
    profile: &'a Profile,
    seed: u64,
    chosen: &[Picked],
) -> Option<Candidate<'a>> {
    let taken = |q: &Question| chosen.iter().any(|c| c.question.id == q.id);
    let mut best: Option<(Candidate<'a>, (f64, u64))> = None;
    for (rank, track) in slot.tracks.iter().enumerate() {
        for q in bank.filter(Some(*track), Some(level)) {
            if taken(q) {
                continue;
            }
            let (relevance, matched) = relevance(q, profile);
            // Earlier tracks in a slot are preferred unless a later one is clearly more relevant.
            let score = relevance - 0.25 * rank as f64;
            let tie = tiebreak(seed, &q.id);
            let better = match &best {
                None => true,
                Some((_, (s, t))) => score > *s || (score == *s && tie < *t),
            };
            if better {
                best = Some(((q, relevance, matched), (score, tie)));
            }
        }
    }
    best.map(|(c, _)| c)
}

/// How well a question fits the profile: matched tags weighted by how strongly the profile
/// features them, technologies and domains above general practices, with diminishing returns.
fn relevance<'a>(q: &Question, profile: &'a Profile) -> (f64, Vec<&'a ProfileTerm>) {
    let mut matched: Vec<&ProfileTerm> = q.tags.iter().filter_map(|t| profile.term(t)).collect();
    matched.sort_by(|a, b| {
        b.weight()
            .total_cmp(&a.weight())
            .then_with(|| a.id.cmp(&b.id))
    });
    let score = matched
        .iter()
        .map(|t| {
            let kind = match t.kind {
                TermKind::Technology | TermKind::Domain => 1.0,
                TermKind::Practice => 0.4,
            };
            kind * (1.0 + t.weight()).ln()
        })
        .sum::<f64>();
    let slot_bonus = if q
        .slots
        .values()
        .any(|s| profile.best_in(&s.from, &q.tags).is_some())
    {
        0.5
    } else {
        0.0
    };
    (score + slot_bonus, matched)
}

/// A stable pseudo-random order among equally relevant questions (FNV-1a of seed and id).
fn tiebreak(seed: u64, id: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in seed.to_le_bytes().iter().chain(id.as_bytes()) {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// The question with its `{slot}`s filled from the profile (or their defaults).
pub fn fill(q: &Question, profile: &Profile) -> Picked {
    let mut text = q.text.clone();
    for (name, slot) in &q.slots {
        let value = profile
            .best_in(&slot.from, &q.tags)
            .map_or(slot.default.as_str(), |t| t.name.as_str());
        text = text.replace(&format!("{{{name}}}"), value);
    }
    let template = (!q.slots.is_empty()).then(|| q.text.clone());
    let mut question = q.clone();
    question.text = text;
    Picked {
        question,
        template,
        reason: String::new(),
        matched: Vec::new(),
        relevance: 0.0,
    }
}

fn reason(
    plan: &Plan,
    position: usize,
    q: &Question,
    matched: &[&ProfileTerm],
    level: Level,
    level_reason: &str,
    profile: &Profile,
) -> String {
    let mut parts = vec![format!(
        "Question {} of the {} plan ({}).",
        position + 1,
        plan.id,
        track_label(q.track)
    )];
    if matched.is_empty() {
        parts.push(
            "Nothing in your résumé or job description points to a particular topic here, so this is a core question for the track."
                .to_string(),
        );
    } else {
        let evidence: Vec<String> = matched.iter().take(3).map(|t| t.evidence()).collect();
        parts.push(format!("Chosen because {}.", join_and(&evidence)));
    }
    for slot in q.slots.values() {
        if let Some(t) = profile.best_in(&slot.from, &q.tags) {
            parts.push(format!("Tailored to {} because {}.", t.name, t.evidence()));
        }
    }
    parts.push(format!("Pitched at {level} level: {level_reason}."));
    parts.join(" ")
}

fn track_label(t: Track) -> &'static str {
    t.label()
}

fn join_and(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{}, and {last}", init.join(", ")),
    }
}
