//! Positive signals: what the answer did that a reviewer would name. Praise never contradicts a
//! raised red flag.

use std::collections::HashSet;

use super::ctx::Ctx;
use super::framework::{Order, StarRead};
use crate::input::QuestionKind;
use crate::report::Evidence;

pub(super) fn positive(
    ctx: &Ctx<'_>,
    order: &Order,
    star: &StarRead,
    red_ids: &HashSet<String>,
) -> Vec<(String, Vec<Evidence>)> {
    let ev = |name: &str, n: usize| -> Vec<Evidence> {
        ctx.sig(name)
            .hits
            .iter()
            .take(n)
            .map(|h| ctx.evidence(h))
            .collect()
    };
    let mut positive: Vec<(String, Vec<Evidence>)> = Vec::new();
    let gap_hits = &ctx.sig("knowledge_gap").hits;
    let approach_hits = &ctx.sig("approach").hits;
    if let Some((g, ap)) = gap_hits.iter().find_map(|g| {
        approach_hits
            .iter()
            .find(|ap| ap.sentence >= g.sentence && ap.sentence <= g.sentence + 2)
            .map(|ap| (g, ap))
    }) {
        positive.push((
            "knowledge_gap_with_approach".into(),
            vec![ctx.evidence(g), ctx.evidence(ap)],
        ));
    }
    // A number next to "reduced" in a design answer is not a story's outcome.
    if ctx.kind != QuestionKind::SystemDesign {
        if let Some(h) = &star.quantified {
            positive.push(("quantified_result".into(), vec![ctx.evidence(h)]));
        }
    }
    if order.constraints_first == Some(true) {
        positive.push((
            "constraints_first".into(),
            order
                .first_constraint
                .map(|si| ctx.sentence_evidence(si))
                .into_iter()
                .collect(),
        ));
    }
    // Influence in a story where no one else has a role is not cross-team influence.
    if ctx.sig("influence").strength >= 2.0 && !red_ids.contains("individual_only") {
        positive.push(("cross_team_influence".into(), ev("influence", 2)));
    }
    if ctx.sig("failure_mode").strength >= 2.0 {
        positive.push(("failure_mode_reasoning".into(), ev("failure_mode", 2)));
    }
    positive
}
