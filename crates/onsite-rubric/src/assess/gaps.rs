//! The gaps an answer leaves, in its kind's order of importance: the first one is what the
//! summary names and the follow-up question asks about.

use std::collections::HashSet;

use super::ctx::Ctx;
use crate::gap::Gap;
use crate::report::{Star, Step};

pub(super) fn gaps(
    ctx: &Ctx<'_>,
    steps: &[Step],
    star: &Star,
    red_ids: &HashSet<String>,
) -> Vec<Gap> {
    let covered = |i: usize| steps.get(i).is_some_and(|s| s.covered);
    let mut present: HashSet<Gap> = HashSet::new();
    let mut gap_if = |g: Gap, cond: bool| {
        if cond {
            present.insert(g);
        }
    };
    gap_if(
        Gap::NeedsRequirements,
        red_ids.contains("needs_requirements"),
    );
    gap_if(
        Gap::NoConstraints,
        !covered(0) || red_ids.contains("no_constraints"),
    );
    gap_if(Gap::NoTradeOffs, !covered(3));
    gap_if(Gap::OverEngineering, red_ids.contains("over_engineering"));
    gap_if(Gap::NoDeepDive, !covered(2));
    gap_if(Gap::NoFailureModes, !ctx.has("failure_mode"));
    gap_if(Gap::NoOperations, !covered(4));
    gap_if(Gap::NoAlternatives, !covered(5));
    gap_if(Gap::Complaining, red_ids.contains("complaining"));
    gap_if(Gap::IndividualOnly, red_ids.contains("individual_only"));
    gap_if(Gap::NoSituation, !star.situation);
    gap_if(Gap::NoAction, !star.action);
    gap_if(Gap::NoResult, !star.result);
    gap_if(Gap::NoQuantifiedResult, !star.quantified_result);
    gap_if(Gap::NoBusinessImpact, !ctx.has("business_impact"));
    gap_if(Gap::NoInfluence, !ctx.has("influence"));
    gap_if(Gap::NoExample, red_ids.contains("no_example"));
    ctx.pack
        .kinds
        .get(&ctx.kind)
        .map(|k| {
            k.gap_order
                .iter()
                .copied()
                .filter(|g| present.contains(g))
                .collect()
        })
        .unwrap_or_default()
}
