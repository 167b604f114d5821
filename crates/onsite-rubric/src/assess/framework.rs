//! The system-design framework steps and the STAR parts a story covers, with their evidence.
//!
//! Most steps are covered by their signals. Clarifying constraints is a move, not a phrase
//! ("I'd start with the architecture" clarifies nothing; "three thousand checkouts a minute"
//! clarifies scale), so it is read from [`Moves`], and so is the order of constraints and design.

use std::collections::HashSet;

use super::ctx::{Ctx, Hit};
use super::moves::Moves;
use super::signals::Sentences;
use crate::input::QuestionKind;
use crate::report::{Framework, Star, Step};

/// The framework as read: the steps in the pack's order, and where the first constraint is.
pub(super) struct Order {
    pub(super) steps: Vec<Step>,
    pub(super) first_constraint: Option<usize>,
    pub(super) constraints_first: Option<bool>,
}

impl Order {
    pub(super) fn read(ctx: &Ctx<'_>, moves: &Moves, s: &Sentences) -> Self {
        let step = |signals: &[usize]| -> Step {
            let mut hits: Vec<&Hit> = signals
                .iter()
                .flat_map(|s| ctx.stats[*s].hits.iter())
                .collect();
            hits.sort_by_key(|h| (h.sentence, h.start));
            let covered = signals.iter().any(|s| ctx.stats[*s].strength > 0.0);
            let mut sentences = HashSet::new();
            let evidence = hits
                .into_iter()
                .filter(|h| sentences.insert(h.sentence))
                .take(2)
                .map(|h| ctx.evidence(h))
                .collect();
            Step { covered, evidence }
        };
        let mut steps: Vec<Step> = ctx.pack.framework.iter().map(|s| step(s)).collect();
        // An architecture or a deep dive is more than one sentence: a single "the architecture
        // should be simple" or "the caching strategy should fit" sketches nothing.
        for i in [1, 2] {
            if let Some(st) = steps.get_mut(i) {
                if st.evidence.len() < 2 {
                    st.covered = false;
                }
            }
        }
        let constraint_sentences: Vec<usize> = (0..ctx.a.sentences.len())
            // A quantity of people or events is a constraint even in a terse sentence ("assume
            // roughly 500 writes a second"), which the speech test would otherwise drop.
            .filter(|si| {
                moves.constraint[*si]
                    && s.unique[*si]
                    && (s.clause[*si] || !moves.quantities[*si].is_empty())
            })
            .collect();
        // In a design, clarifying comes before designing: numbers stated only after the design
        // is built ("and I guess it should handle a million IDs a second") size nothing the
        // design was chosen for. The no_constraints flag reads the same order. (A story's
        // situation names its systems before any estimate, so the order is not read there.)
        let first_commit = moves.first_commitment();
        let clarified: Vec<usize> = constraint_sentences
            .iter()
            .copied()
            .filter(|si| {
                ctx.kind != QuestionKind::SystemDesign || first_commit.is_none_or(|c| *si < c)
            })
            .collect();
        steps[0] = Step {
            covered: !clarified.is_empty(),
            evidence: clarified
                .iter()
                .take(2)
                .map(|si| ctx.sentence_evidence(*si))
                .collect(),
        };
        if !steps[1].covered {
            let committed: Vec<usize> = (0..moves.commitment.len())
                .filter(|si| moves.commitment[*si] && s.unique[*si])
                .take(2)
                .collect();
            if committed.len() == 2 {
                steps[1] = Step {
                    covered: true,
                    evidence: committed
                        .iter()
                        .map(|si| ctx.sentence_evidence(*si))
                        .collect(),
                };
            }
        }
        // An option turned down is an alternative considered, whatever words name it: "I did
        // think about putting Kafka in the middle" weighs another design without saying
        // "alternative".
        if !steps[5].covered {
            let design = ctx.sentences_with_any(&["tech_term", "architecture", "deep_dive"]);
            let component = ctx.sentences_naming_components();
            let named = |si: usize| design[si] || component[si];
            // Turned down, not put off: "later we'd add Redis" weighs nothing.
            let rejected = ctx.sentences_with("reject");
            // An option weighed in the conditional: "a CRDT would let clients merge without a
            // server, but it carries metadata per character".
            let would_but = |si: usize| {
                let sentence = &ctx.a.sentences[si];
                let words: Vec<String> = ctx.words[sentence.first_word..=sentence.last_word]
                    .iter()
                    .map(|w| super::bare(&w.text))
                    .collect();
                words
                    .iter()
                    .position(|w| w == "would")
                    .is_some_and(|at| words[at..].iter().any(|w| w == "but"))
            };
            let weighed: Vec<usize> = (0..ctx.a.sentences.len())
                .filter(|si| (rejected[*si] || would_but(*si)) && s.unique[*si] && named(*si))
                .take(2)
                .collect();
            if !weighed.is_empty() {
                steps[5] = Step {
                    covered: true,
                    evidence: weighed
                        .iter()
                        .map(|si| ctx.sentence_evidence(*si))
                        .collect(),
                };
            }
        }
        // The step and the no_trade_offs flag read the same thing: a trade-off that gives up
        // something concrete, not "there are downsides to every approach".
        if let Some(st) = steps.get_mut(3) {
            if st.covered && !super::flags::named_trade_off(ctx) {
                st.covered = false;
            }
            // A choice weighed in plain words ("six weeks slower than deleting, but nothing
            // broke") covers the step without any trade-off phrase.
            if !st.covered {
                let weighed: Vec<usize> = (0..ctx.a.sentences.len())
                    .filter(|si| s.unique[*si] && super::flags::weighed(ctx, *si))
                    .take(2)
                    .collect();
                if !weighed.is_empty() {
                    *st = Step {
                        covered: true,
                        evidence: weighed
                            .iter()
                            .map(|si| ctx.sentence_evidence(*si))
                            .collect(),
                    };
                }
            }
        }
        let first_constraint = constraint_sentences.first().copied();
        let first_arch = moves.first_commitment();
        let constraints_first = match (first_constraint, first_arch) {
            (Some(c), Some(h)) => Some(c <= h),
            (Some(_), None) if steps[1].covered => Some(true),
            // A design with no constraint anywhere was designed before its constraints, as the
            // no_constraints flag says (for design questions, where the order is judged).
            (None, Some(_)) if ctx.kind == QuestionKind::SystemDesign => Some(false),
            _ => None,
        };
        Order {
            steps,
            first_constraint,
            constraints_first,
        }
    }

    pub(super) fn framework(&self) -> Framework {
        // The pack always defines the six steps (checked when it loads).
        let step = |i: usize| {
            self.steps.get(i).cloned().unwrap_or(Step {
                covered: false,
                evidence: Vec::new(),
            })
        };
        Framework {
            clarify_constraints: step(0),
            high_level_architecture: step(1),
            deep_dive: step(2),
            trade_offs: step(3),
            growth_operations: step(4),
            alternatives: step(5),
            constraints_before_architecture: self.constraints_first,
        }
    }
}

/// The STAR parts, and the result that carries a number (in its sentence or the next).
pub(super) struct StarRead {
    pub(super) coverage: Vec<bool>,
    pub(super) quantified: Option<Hit>,
}

impl StarRead {
    pub(super) fn read(ctx: &Ctx<'_>, s: &Sentences) -> Self {
        let mut coverage: Vec<bool> = ctx
            .pack
            .star
            .iter()
            .map(|sigs| sigs.iter().any(|s| ctx.stats[*s].strength > 0.0))
            .collect();
        // The situation is what a story says before anyone acts: "Our CI had got to the point
        // where people ignored red builds" sets the scene without a stock phrase.
        if coverage.first() == Some(&false) && ctx.kind != QuestionKind::SystemDesign {
            let acts = super::flags::candidate_acts(ctx);
            let acted = |si: usize| {
                acts.contains(&si)
                    || ["action_i", "action_we"]
                        .iter()
                        .any(|name| ctx.sig(name).hits.iter().any(|h| h.sentence == si))
            };
            let first_act = (0..ctx.a.sentences.len()).find(|si| acted(*si));
            let scene = (0..first_act.unwrap_or(0))
                .any(|si| s.unique[si] && s.clause[si] && ctx.a.sentences[si].tokens.len() >= 6);
            coverage[0] = scene;
        }
        let n_sent = ctx.a.sentences.len();
        let has_number = |si: usize| {
            s.unique[si]
                && s.clause[si]
                && ctx.a.tokens[ctx.a.sentences[si].tokens.clone()]
                    .iter()
                    .any(|t| t.is_number)
        };
        let quantified = ctx
            .sig("result")
            .hits
            .iter()
            .find(|h| {
                has_number(h.sentence) || (h.sentence + 1 < n_sent && has_number(h.sentence + 1))
            })
            .copied();
        StarRead {
            coverage,
            quantified,
        }
    }

    pub(super) fn star(&self) -> Star {
        let part = |i: usize| self.coverage.get(i).copied().unwrap_or(false);
        Star {
            situation: part(0),
            task: part(1),
            action: part(2),
            result: part(3),
            quantified_result: self.quantified.is_some(),
        }
    }
}
