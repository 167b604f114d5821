//! Red flags: each one a judgement over the answer's moves, not the presence of a phrase.
//!
//! - `no_constraints`: the first commitment to a design comes before any constraint move.
//! - `over_engineering`: the components chosen (not rejected, negated, deferred, named in an
//!   "if" or in a question) cost more than the stated scale warrants; with no scale stated, a
//!   heavy stack with no reason given; or the simple option dismissed.
//! - `no_trade_offs`: nothing concrete is given up, by the pack's give-up language, a trade-off
//!   spelled out under its name, or a choice weighed in plain words (a comparison with "but",
//!   what the other option "would have cost").
//! - `individual_only`: a story told in "I" where no one else acts, is credited or is helped
//!   (escalating to a VP or writing a doc for "the team" does not give anyone a role), or
//!   where the candidate says the "we" was really "I".
//! - `needs_requirements`: a refusal to start until requirements arrive (a phrase the pack lists,
//!   or a gate and what it awaits in the speaker's own words), not followed by an assumption or
//!   a decision ("rather than wait for a spec, I'd assume..." is the good move).
//! - `complaining`: blame with no fix of the candidate's own (a fix in the passive voice is
//!   none), blame in more sentences than fixes, a story that ends on its grievance, or one
//!   that is all grievance with nothing done.
//! - `off_topic`: an answer to another question: none of the question's topic words (or their
//!   synonyms), and for stories nothing of what every answer of the kind has.
//! - `no_example`: a question asking for a time something happened answered with a method or
//!   a plan, told in the present or the conditional ([`super::occasion`]).
//!
//! After these readings the default pack's flag model ([`crate::pack::flag_model`]) may veto a
//! flag the answer's words make unlikely, or raise one they make near certain ([`learned`]).

use std::collections::HashSet;

use super::moves::Moves;
use super::{bare, Ctx, Hit};
use crate::input::QuestionKind;
use crate::report::Evidence;
use crate::scale::{level_of, ScaleLevel};

/// What the flags read besides the signals.
pub(super) struct FlagInput<'a> {
    /// Sentences where someone other than the candidate has a role ([`others_roles`]).
    pub roles: &'a HashSet<usize>,
    pub moves: &'a Moves,
    /// The scale the question itself states ("for 10 million users"), if any.
    pub question_scale: Option<ScaleLevel>,
    /// The question's topic words the answer uses, and how many there are; `None` when the
    /// question has no topic words (a bare kind with no text).
    pub relevance: Option<super::topic::Relevance>,
    pub content_words: usize,
    /// The first sentence that counts as a constraint move for the framework step (so the flag
    /// and the step never disagree).
    pub first_constraint: Option<usize>,
    /// Whether the question asks for a time something happened ([`super::occasion`]).
    pub asks_for_occasion: bool,
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

    // Said outright ("I can't really point to a deadline I missed") or told in the present.
    // `no_occasion` is optional in a pack: a pack written before it never reads the first.
    if applicable("no_example")
        && inp.asks_for_occasion
        && (ctx.has("no_occasion")
            || (ctx.a.sentences.len() >= super::occasion::FEWEST_SENTENCES
                && inp.content_words >= 40
                && super::occasion::told(ctx) < super::occasion::FEWEST_TOLD))
    {
        red.push(("no_example".into(), Vec::new()));
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

    if applicable("no_trade_offs") && !named_trade_off(ctx) && !contrasts_qualities(ctx) {
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

    if applicable("individual_only") && individual_only(ctx, inp.roles) {
        red.push(("individual_only".into(), ev("action_i", 2)));
    }

    if applicable("needs_requirements") {
        if let Some(refusal) = first_refusal(ctx, moves) {
            // An assumption made and kept: not "you'd like me to assume?", not "if I assume a
            // hundred million links, the design is wrong", not inside another refusal.
            // Asking for more ("so I asked her for the data volumes") continues a refusal.
            let refusals = ctx.sentences_with("needs_requirements");
            let gated = gated_refusals(ctx, moves);
            let asks = ctx.sentences_with("ask");
            let kept = |si: usize| {
                !moves.question[si]
                    && !refusals[si]
                    && !gated[si]
                    && !asks[si]
                    && !others_said(ctx, si)
            };
            let moved_on =
                ctx.sig("assumption").hits.iter().any(|h| {
                    after(h, refusal)
                        && kept(h.sentence)
                        && !conditional(ctx, h)
                        && !super::moves::assumptions_talked_of(ctx, h)
                }) || moves.constraint.iter().enumerate().any(|(si, c)| {
                    *c && si > refusal.sentence && kept(si) && !starts_with_if(ctx, si)
                });
            if !moved_on {
                red.push(("needs_requirements".into(), vec![ctx.evidence(refusal)]));
            }
        } else if never_designs(ctx, moves, inp) && !red.iter().any(|(id, _)| id == "off_topic") {
            // However the refusal is worded, a long answer to a design question that asks
            // and waits but never commits to any part of a design has not moved.
            let evidence = ctx
                .sig("pending_info")
                .hits
                .first()
                .map(|h| vec![ctx.evidence(h)])
                .unwrap_or_default();
            red.push(("needs_requirements".into(), evidence));
        }
    }

    if applicable("complaining") {
        let blame = ctx.sig("complaining").strength;
        // "We were set up to fail" is done to the candidate, not a fix of theirs.
        let fixes = ctx
            .sig("own_fix")
            .hits
            .iter()
            .filter(|h| !passive(ctx, h) && !counterfactual(ctx, h))
            .map(|h| h.sentence)
            .collect::<HashSet<_>>();
        let fix = fixes.len() as f64;
        // A story that ends on the grievance ("It's not my problem if people don't read their
        // email.", "It is what it is.") has no fix after it, whatever was done before.
        let last_blame = ctx.sig("complaining").hits.iter().map(|h| h.sentence).max();
        let n = ctx.a.sentences.len();
        let ends_in_blame =
            blame >= 2.0 && last_blame.is_some_and(|b| b + 2 >= n && fixes.iter().all(|f| *f < b));
        if (blame > 0.0 && (fix == 0.0 || (blame >= 2.0 && blame > fix) || ends_in_blame))
            || (fixes.is_empty() && grievance_without_action(ctx))
        {
            red.push(("complaining".into(), ev("complaining", 2)));
        }
    }
    learned(ctx, inp, &applicable, &mut red, &mut unneeded);
    (red, unneeded)
}

/// The flag model read beside the phrase readings ([`crate::pack::flag_model`]): a flag they
/// raise stands unless the model finds it unlikely on the answer's words; a flag they miss
/// fires when the model is sure on the words, with the sentences whose words weigh most as
/// evidence. Off-topic answers are left as the readings judged them (the model never saw one
/// labelled).
fn learned(
    ctx: &Ctx<'_>,
    inp: &FlagInput<'_>,
    applicable: &impl Fn(&str) -> bool,
    red: &mut Vec<(String, Vec<Evidence>)>,
    unneeded: &mut String,
) {
    let Some(model) = ctx.pack.flag_model.as_ref() else {
        return;
    };
    if red.iter().any(|(id, _)| id == "off_topic") {
        return;
    }
    let text: Vec<&str> = ctx.words.iter().map(|w| w.text.as_str()).collect();
    let weights = model.weigh(&model.words(&text.join(" ")));
    // What each sentence weighs, read only when the model raises a flag and quotes them.
    let mut per_sentence: Option<Vec<Vec<f64>>> = None;
    for (at, (flag, params)) in model.flags().iter().enumerate() {
        if !applicable(flag) {
            continue;
        }
        let weight = weights[at];
        let raised = red.iter().position(|(id, _)| id == flag);
        match raised {
            Some(i) if params.vetoes(weight) => {
                red.remove(i);
                if flag == "over_engineering" {
                    unneeded.clear();
                }
            }
            // Words cannot see who did what: a story where a colleague acts ("Priya spotted
            // that the replicas had fallen behind and restarted them") is not made solo by the
            // many "I"s around it.
            None if params.raises(weight)
                && (flag != "individual_only" || inp.roles.is_empty()) =>
            {
                let sentences = per_sentence.get_or_insert_with(|| {
                    ctx.a
                        .sentences
                        .iter()
                        .map(|s| {
                            let said: Vec<&str> = ctx.words[s.first_word..=s.last_word]
                                .iter()
                                .map(|w| w.text.as_str())
                                .collect();
                            model.weigh(&model.words(&said.join(" ")))
                        })
                        .collect()
                });
                let mut by_weight: Vec<(usize, f64)> = sentences
                    .iter()
                    .enumerate()
                    .map(|(si, w)| (si, w[at]))
                    .filter(|(_, w)| *w > 0.0)
                    .collect();
                by_weight.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
                let evidence = by_weight
                    .iter()
                    .take(2)
                    .map(|(si, _)| ctx.sentence_evidence(*si))
                    .collect();
                red.push((flag.clone(), evidence));
            }
            _ => {}
        }
    }
}

/// A story that is all grievance: the speaker tells what is wrong ("nobody could tell which
/// one was live", "it's been on the roadmap for three planning cycles", "it kind of faded
/// out") and never acts on it. No blame word is needed; no act of the speaker's (the caller
/// has already found no fix of theirs) is the complaint.
fn grievance_without_action(ctx: &Ctx<'_>) -> bool {
    if !matches!(
        ctx.kind,
        QuestionKind::Behavioural
            | QuestionKind::TechnicalDebt
            | QuestionKind::Operations
            | QuestionKind::Ambiguity
    ) {
        return false;
    }
    // Joining or arriving is being there, not acting.
    let acted = ctx.a.sentences.iter().any(|s| {
        let words: Vec<String> = ctx.words[s.first_word..=s.last_word]
            .iter()
            .map(|w| bare(&w.text))
            .collect();
        words.iter().enumerate().any(|(i, w)| {
            matches!(w.as_str(), "i" | "we")
                && verb_after(&words[i + 1..]).is_some_and(|v| {
                    past_act(v)
                        && !matches!(
                            v,
                            "joined" | "started" | "arrived" | "came" | "moved" | "left" | "had"
                        )
                })
        })
    });
    let grievances = ctx
        .a
        .sentences
        .iter()
        .filter(|s| {
            ctx.words[s.first_word..=s.last_word].iter().any(|w| {
                matches!(
                    bare(&w.text).as_str(),
                    "never" | "nobody" | "nothing" | "none" | "wrong" | "broken" | "lost"
                )
            })
        })
        .count();
    !acted && grievances >= 2 && ctx.a.sentences.len() >= 5
}

/// Whether a hit is something that was not done: "it's not something I could have fixed",
/// "we couldn't have migrated it in time".
fn counterfactual(ctx: &Ctx<'_>, h: &Hit) -> bool {
    let (a, b) = (ctx.a.tokens[h.start].word, ctx.a.tokens[h.end - 1].word);
    (a..=b).any(|w| {
        let w = bare(&ctx.words[w].text);
        w == "could" || w == "couldn't"
    })
}

/// A design answer of five sentences or more that never commits to a part, a mechanism or a
/// technology, while asking questions or waiting on information: on the development sets every
/// design answer labelled as needing requirements to move reads this way, and no answer
/// labelled as not needing them does.
fn never_designs(ctx: &Ctx<'_>, moves: &Moves, inp: &FlagInput<'_>) -> bool {
    let questions = moves.question.iter().filter(|q| **q).count();
    ctx.kind == QuestionKind::SystemDesign
        && ctx.a.sentences.len() >= 5
        && inp.content_words >= 40
        && moves.first_commitment().is_none()
        && (ctx.has("pending_info") || questions >= 2)
}

/// Whether a hit that opens with its subject ("we ... set up") is in the passive voice: "we
/// were set up to fail".
fn passive(ctx: &Ctx<'_>, h: &Hit) -> bool {
    let w = ctx.a.tokens[h.start].word;
    ctx.words.get(w + 1).is_some_and(|next| {
        matches!(
            bare(&next.text).as_str(),
            "were" | "was" | "got" | "get" | "been" | "are" | "am"
        )
    })
}

/// An answer to another question. A design question names its topic in a word or two ("rate
/// limiter"), so using none of them, nor their synonyms, is enough. Elsewhere the answer must
/// also be no story (a situation and something the candidate or the team did) and lack what
/// every answer of its kind has: a technical-debt answer's refactoring, migration and tests; an
/// incident's failure and operations.
fn off_topic(ctx: &Ctx<'_>, inp: &FlagInput<'_>) -> bool {
    let Some(rel) = inp.relevance else {
        return false;
    };
    let (0, keys) = (rel.found, rel.keys) else {
        return false;
    };
    if inp.content_words < 40 {
        return false;
    }
    // A story told about something else is hard to tell from one told in other words, and a
    // false "off topic" caps a good answer: a story is off topic only for a design question.
    let story = ctx.has("situation") && (ctx.has("action_i") || ctx.has("action_we"));
    match ctx.kind {
        QuestionKind::SystemDesign => keys >= 1,
        // A general question can be answered with a story or with a design; a story that has
        // the candidate or the team acting more than once is read as an answer in other words.
        QuestionKind::General => {
            let acting = ctx.has("action_we") || ctx.sig("action_i").hits.len() >= 2;
            keys >= 1 && !story && !acting
        }
        QuestionKind::TechnicalDebt => keys >= 1 && !ctx.has("debt_practice") && !story,
        QuestionKind::Operations => {
            keys >= 1 && !ctx.has("failure_mode") && !ctx.has("growth_operations")
        }
        QuestionKind::Behavioural | QuestionKind::Ambiguity => keys >= 2 && !story,
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
/// down ("rather than wait for a spec", "instead of waiting"): a refusal the pack names, or one
/// read from its parts ([`gated_refusals`]).
fn first_refusal<'c>(ctx: &'c Ctx<'_>, moves: &Moves) -> Option<&'c Hit> {
    // Turned down: the pack's `reject` language ("rather than", "instead of") earlier in the
    // same sentence.
    let rejects = &ctx.sig("reject").hits;
    let turned_down = |h: &Hit| {
        rejects
            .iter()
            .any(|r| r.sentence == h.sentence && r.start < h.start)
            || rather_than_before(ctx, h)
            || waiting_declined(ctx, h)
    };
    let gated = gated_refusals(ctx, moves);
    ctx.sig("needs_requirements")
        .hits
        .iter()
        // A question ("before designing anything, how many users?") refuses nothing.
        .filter(|h| !moves.question[h.sentence])
        .chain(ctx.sig("gate").hits.iter().filter(|h| gated[h.sentence]))
        .chain(
            ctx.sig("gate_hard")
                .hits
                .iter()
                .filter(|h| gated[h.sentence]),
        )
        .filter(|h| !turned_down(h))
        .min_by_key(|h| (h.sentence, h.start))
}

/// Whether the hit is the option after "than" in "I'd rather read old positions than block on
/// consistency": the one turned down.
fn rather_than_before(ctx: &Ctx<'_>, h: &Hit) -> bool {
    let first = ctx.a.sentences[h.sentence].first_word;
    let before: Vec<String> = ctx.words[first..ctx.a.tokens[h.start].word]
        .iter()
        .map(|w| bare(&w.text))
        .collect();
    before
        .iter()
        .position(|w| w == "rather")
        .is_some_and(|r| before[r + 1..].iter().any(|w| w == "than"))
}

/// Whether the hit is a wait the speaker did without: "without waiting for someone to hand me
/// a spec", "so rather than wait for a definition", "instead of waiting on product".
fn waiting_declined(ctx: &Ctx<'_>, h: &Hit) -> bool {
    let (first, last) = (ctx.a.tokens[h.start].word, ctx.a.tokens[h.end - 1].word);
    let word = |i: usize| ctx.words.get(i).map(|w| bare(&w.text)).unwrap_or_default();
    // The hit may be the gate word itself ("without") with the wait after it.
    let Some(wait) = (first..=last + 1).find(|&i| word(i).starts_with("wait")) else {
        return false;
    };
    wait > 0
        && (matches!(word(wait - 1).as_str(), "without" | "than")
            || (wait > 1 && word(wait - 2) == "instead" && word(wait - 1) == "of"))
}

/// Sentences that hold a refusal in the candidate's own words: a gate ("until", "without",
/// "wait for", "I can't choose") and something to be settled first by others (the spec,
/// sign-off, a decision, every detail), in a sentence that asks nothing, assumes nothing,
/// states no constraint and is no "if". "Until all of that is written down and signed off,
/// anything I draw is a guess" refuses; "until product confirms, I'll assume ten thousand
/// users" moves on.
fn gated_refusals(ctx: &Ctx<'_>, moves: &Moves) -> Vec<bool> {
    let info = ctx.sentences_with("pending_info");
    let assumes = ctx.sentences_with("assumption");
    // "Before I draw anything, a few questions" announces questions; it refuses nothing.
    let asks = |si: usize| {
        let s = &ctx.a.sentences[si];
        ctx.words[s.first_word..=s.last_word]
            .iter()
            .any(|w| matches!(bare(&w.text).as_str(), "question" | "questions"))
    };
    let mut out = vec![false; ctx.a.sentences.len()];
    // What is awaited follows the gate ("until it is signed off"), except after "before",
    // which follows it ("get clear answers before I start").
    let info_placed = |g: &Hit| {
        let before = bare(&ctx.words[ctx.a.tokens[g.start].word].text) == "before";
        ctx.sig("pending_info")
            .hits
            .iter()
            .any(|i| i.sentence == g.sentence && (before || i.start >= g.end))
    };
    // A refusal is the speaker's stance: "I", "we" or a generic "you" is in it ("it would merge
    // without a server deciding the order" describes a design).
    let speaker = |si: usize| {
        let s = &ctx.a.sentences[si];
        ctx.words[s.first_word..=s.last_word].iter().any(|w| {
            let w = bare(&w.text);
            matches!(w.as_str(), "i" | "we" | "you" | "me" | "us")
                || w.starts_with("i'")
                || w.starts_with("we'")
                || w.starts_with("you'")
        })
    };
    for h in ctx
        .sig("gate")
        .hits
        .iter()
        .chain(&ctx.sig("gate_hard").hits)
    {
        let si = h.sentence;
        if info[si]
            && info_placed(h)
            && speaker(si)
            && !assumes[si]
            && !asks(si)
            && !moves.question[si]
            && !moves.constraint[si]
            && !conditional(ctx, h)
        {
            out[si] = true;
        }
    }
    out
}

/// Whether a sentence reports someone else's habit, not the candidate's move: "I know some
/// people just default to Postgres". Read from its first words, where the subject is.
fn others_said(ctx: &Ctx<'_>, si: usize) -> bool {
    let s = &ctx.a.sentences[si];
    ctx.words[s.first_word..=s.last_word]
        .iter()
        .take(6)
        .any(|w| {
            matches!(
                bare(&w.text).as_str(),
                "people" | "others" | "teams" | "everyone" | "everybody" | "someone" | "somebody"
            )
        })
}

/// Whether a trade-off is named with something concrete in its sentence: a technology, a
/// mechanism, a quality (latency, consistency, cost...), a failure, a number. "There were
/// downsides to every approach, as there always are" and "rather than being dogmatic" give
/// nothing up.
pub(super) fn named_trade_off(ctx: &Ctx<'_>) -> bool {
    const CONCRETE: &[&str] = &[
        "tech_term",
        "deep_dive",
        "failure_mode",
        "growth_operations",
        "architecture",
        "debt_practice",
    ];
    let named = ctx.sentences_with_any(CONCRETE);
    let component = ctx.sentences_naming_components();
    // Two qualities weighed against each other are concrete too: "giving up long offline
    // editing to get a smaller, simpler format", "latency for consistency". The constraint
    // signal's wider words ("users", "what success looks like") are not.
    let compared = |si: usize| {
        let s = &ctx.a.sentences[si];
        let words: Vec<String> = ctx.words[s.first_word..=s.last_word]
            .iter()
            .map(|w| bare(&w.text))
            .collect();
        // "fast matches versus fair matches" weighs two things in words of its own; "pros and
        // cons to a fixed percentage versus big clean-ups" names the sides and weighs nothing.
        let pros_and_cons = words.iter().any(|w| w == "pros" || w == "cons");
        words.iter().any(|w| {
            COMPARATIVES.contains(&w.as_str())
                || QUALITIES.contains(&w.as_str())
                || (!pros_and_cons && (w == "versus" || w == "vs"))
        })
    };
    let concrete = |si: usize| {
        named[si]
            || component[si]
            || compared(si)
            || ctx.a.tokens[ctx.a.sentences[si].tokens.clone()]
                .iter()
                .any(|t| t.is_number)
    };
    let n = ctx.a.sentences.len();
    // "I'd rather not put a number on it until product confirms" refuses; it gives nothing up.
    let refusals = &ctx.sig("needs_requirements").hits;
    let refusal = |h: &Hit| {
        refusals
            .iter()
            .any(|r| r.sentence == h.sentence && r.start < h.end && h.start < r.end)
    };
    // "I'd rather take two extra weeks to get the spec right than build the wrong thing" prefers
    // waiting to moving: a refusal, whatever its grammar. "Rather than wait for a new spec, I
    // wrote..." prefers moving; the spec is on the side turned down.
    let awaits_spec = |si: usize| {
        let s = &ctx.a.sentences[si];
        let words: Vec<String> = ctx.words[s.first_word..=s.last_word]
            .iter()
            .map(|w| bare(&w.text))
            .collect();
        let than = words.iter().position(|w| w == "than");
        words.iter().enumerate().any(|(i, w)| {
            matches!(
                w.as_str(),
                "spec" | "specs" | "specification" | "requirements" | "sign-off"
            ) && than.is_some_and(|t| i < t)
        })
    };
    // The word itself is no trade: "for the user store there's a trade-off there, and for the
    // budget..." matched "trade off * for".
    let the_noun = |h: &Hit| {
        let first = bare(&ctx.words[ctx.a.tokens[h.start].word].text);
        first.starts_with("trade-off") || first.starts_with("tradeoff")
    };
    // A sentence that says "trade-offs" must itself name what is traded: "thoughtful about all
    // of those trade-offs ... rather than locking in too early" leans on its neighbours.
    let talks_of_them = ctx.sentences_with("trade_off_word");
    ctx.sig("trade_off")
        .hits
        .iter()
        .filter(|h| !refusal(h) && !awaits_spec(h.sentence) && !the_noun(h))
        .any(|h| {
            concrete(h.sentence)
                || (!talks_of_them[h.sentence]
                    && ((h.sentence > 0 && concrete(h.sentence - 1))
                        || (h.sentence + 1 < n && concrete(h.sentence + 1))))
        })
        || (0..n).any(|si| weighed(ctx, si))
        || (0..n).any(|si| spelled_out(ctx, si) && concrete(si) && !awaits_spec(si))
}

/// A trade-off named as one and spelled out in its sentence: "that's the trade-off with JWTs:
/// no database hit per request, but revocation needs this extra piece", "Trade-off: email-link
/// identity is weaker than a real ID check", "the trade I'd call out is we spent two weeks
/// rebuilding a feature instead of a straight delete". One trade-off, definite (or the
/// sentence's label), followed by what it is. "There are trade-offs", "the trade-offs between
/// consistency and availability" and "no trade-off" name none.
fn spelled_out(ctx: &Ctx<'_>, si: usize) -> bool {
    let s = &ctx.a.sentences[si];
    let raw = &ctx.words[s.first_word..=s.last_word];
    let words: Vec<String> = raw.iter().map(|w| bare(&w.text)).collect();
    words.iter().enumerate().any(|(i, w)| {
        let noun = matches!(w.as_str(), "trade-off" | "tradeoff" | "trade");
        // As the sentence's label ("Trade-off: ..."), or after "the" with what it is of, or
        // who calls it: "the trade-off with", "the trade I'd call out".
        let label = i == 0 && raw[i].text.trim_end().ends_with(':');
        let definite = i > 0
            && words[i - 1] == "the"
            && !words[..i - 1]
                .iter()
                .any(|x| matches!(x.as_str(), "no" | "not" | "without" | "never"))
            && words.get(i + 1).is_some_and(|next| {
                matches!(
                    next.as_str(),
                    "with" | "of" | "here" | "i" | "i'd" | "we" | "we're" | "you" | "for" | "in"
                ) || raw[i].text.trim_end().ends_with(':')
            });
        noun && (label || definite) && words.len() - i > 5
    })
}

/// A choice weighed in plain words, with no trade-off phrase: a quality compared against the
/// other option with what the choice still bought ("six weeks slower than just deleting
/// things, but nothing broke"), or what the other option would have cost ("waiting would have
/// cost three weeks of nothing").
pub(super) fn weighed(ctx: &Ctx<'_>, si: usize) -> bool {
    let words = |si: usize| -> Vec<String> {
        let s = &ctx.a.sentences[si];
        ctx.words[s.first_word..=s.last_word]
            .iter()
            .map(|w| bare(&w.text))
            .collect()
    };
    let w = words(si);
    // Against another option, not against a plan: "longer than planned" weighs nothing.
    let compared_than = w.iter().enumerate().any(|(i, x)| {
        COMPARATIVES.contains(&x.as_str())
            && w[i + 1..].iter().take(4).enumerate().any(|(j, y)| {
                y == "than"
                    && !w.get(i + 2 + j).is_some_and(|after| {
                        matches!(
                            after.as_str(),
                            "planned"
                                | "expected"
                                | "estimated"
                                | "usual"
                                | "normal"
                                | "anticipated"
                                | "hoped"
                                | "promised"
                                | "before"
                                | "ever"
                                | "thought"
                                | "we"
                                | "i"
                                | "they"
                                | "anyone"
                        )
                    })
            })
    });
    let contrast = |w: &[String]| {
        w.iter().any(|x| {
            matches!(
                x.as_str(),
                "but" | "though" | "although" | "whereas" | "yet"
            )
        })
    };
    let next_contrasts = ctx.a.sentences.get(si + 1).is_some_and(|next| {
        matches!(
            bare(&ctx.words[next.first_word].text).as_str(),
            "but" | "though" | "still"
        )
    });
    let would_have_cost = w
        .windows(3)
        .any(|t| t[0] == "would" && t[1] == "have" && matches!(t[2].as_str(), "cost" | "meant"));
    (compared_than && (contrast(&w) || next_contrasts)) || would_have_cost
}

/// Qualities compared: what a concrete trade-off weighs.
pub(super) const COMPARATIVES: &[&str] = &[
    "faster", "slower", "simpler", "cheaper", "smaller", "bigger", "larger", "easier", "harder",
    "safer", "riskier", "fresher", "staler", "stronger", "weaker", "fewer", "quicker", "costlier",
    "longer", "shorter", "heavier", "lighter", "looser", "tighter",
];

/// Qualities a design trades against each other.
const QUALITIES: &[&str] = &[
    "latency",
    "consistency",
    "availability",
    "freshness",
    "durability",
    "throughput",
    "cost",
    "costs",
    "correctness",
    "accuracy",
    "simplicity",
    "complexity",
    "staleness",
    "stale",
    "money",
    "memory",
    "storage",
    "bandwidth",
    "speed",
    "reliability",
    "loss",
    "losses",
    "downtime",
    "isolation",
    "flexibility",
    "security",
    "privacy",
];

/// Whether any sentence turns on a contrast and weighs something in it: "a push channel would
/// be faster, but it's another moving part", "cheap to run, though the first deploy is slow".
/// Answers labelled as naming no trade-off almost never have such a sentence (3 of 111 on the
/// development sets), answers labelled as naming one often do (66 of 132), in wording no
/// phrase list keeps up with; so the flag is not raised over one.
fn contrasts_qualities(ctx: &Ctx<'_>) -> bool {
    (0..ctx.a.sentences.len()).any(|si| contrast_weighed(ctx, si))
}

/// Whether sentence `si` turns on a contrast and weighs something in it. It only keeps the flag
/// down: the trade-offs step still needs a trade-off named, so a contrast earns no credit.
fn contrast_weighed(ctx: &Ctx<'_>, si: usize) -> bool {
    let s = &ctx.a.sentences[si];
    let words: Vec<String> = ctx.words[s.first_word..=s.last_word]
        .iter()
        .map(|w| bare(&w.text))
        .collect();
    // "Six weeks longer than planned, but we got there" measures against a plan, not against
    // another option.
    let against_plan = words.windows(2).any(|p| {
        p[0] == "than"
            && matches!(
                p[1].as_str(),
                "planned" | "expected" | "hoped" | "estimated" | "promised" | "we"
            )
    });
    // "I could say a number, but if it's wrong by ten times the design is wrong, so I'd rather
    // not put a number on it": a refusal weighs nothing it gives up.
    let refuses = ctx
        .sig("needs_requirements")
        .hits
        .iter()
        .any(|h| h.sentence == si);
    !against_plan
        && !refuses
        && words.iter().any(|w| CONTRASTS.contains(&w.as_str()))
        && words.iter().any(|w| {
            COMPARATIVES.contains(&w.as_str())
                || QUALITIES.contains(&w.as_str())
                || WEIGHING.contains(&w.as_str())
        })
}

/// Words on which a sentence turns from one side to the other.
const CONTRASTS: &[&str] = &[
    "but", "however", "although", "though", "whereas", "while", "instead", "rather", "except",
    "unless",
];

/// Words that weigh a side: what it costs, loses or gains.
const WEIGHING: &[&str] = &[
    "cheap",
    "expensive",
    "costly",
    "simple",
    "complex",
    "lose",
    "sacrifice",
    "risk",
    "risky",
    "overhead",
    "downside",
    "price",
    "pay",
    "paying",
    "slow",
    "fast",
    "stale",
    // How a side is judged, in the plain words people weigh options with: "the embeddings were
    // a few points better on recall, but they needed a GPU", "revocation is trivial, but every
    // service then has to call the store", "auto-merging would have been clean, but one wrong
    // merge...".
    "better",
    "worse",
    "trivial",
    "awkward",
    "painful",
    "clean",
    "cleaner",
    "extra",
    "limits",
    "fragile",
    "brittle",
    "heavy",
    "free",
    "manual",
];

/// Cost of unwarranted components that makes over-engineering: one heavy piece (a stream
/// processor, several regions) or two lighter ones (a log and microservices).
const UNWARRANTED_COST: u32 = 2;

/// Components chosen beyond what the scale warrants. With a stated (or question-given, or "a
/// small internal tool") scale, every chosen component that needs more counts: a stream
/// processor for ten thousand customers, a log and microservices for fifty requests a second.
/// With no scale at all, a component counts when no reason is given for it ("because it
/// scales" and "from day one" are no reasons).
/// The heavy components an answer chooses beyond what its scale warrants.
pub(super) struct Unwarranted {
    /// The scale the answer states, else the question's, else "a small internal tool".
    pub level: Option<ScaleLevel>,
    /// Whether the answer itself put the scale (a number, or words such as "an internal tool").
    pub stated: bool,
    pub cost: u32,
    pub labels: Vec<String>,
    pub evidence: Vec<Evidence>,
}

/// Reads the components chosen (not rejected, deferred, contingent, asked about or abandoned)
/// against the scale; shared by the over-engineering flag and the pragmatism feature that
/// credits a design that fits its stated scale.
pub(super) fn unwarranted(
    ctx: &Ctx<'_>,
    moves: &Moves,
    question_scale: Option<ScaleLevel>,
) -> Unwarranted {
    // The scale the answer states, else the question's, else "a small internal tool".
    let small = ctx.has("small_scale").then_some(ScaleLevel::Small);
    let said = level_of(&moves.stated_scale());
    let stated = said.is_some() || small.is_some();
    let level = said.or(question_scale).or(small);
    // "Because it scales" or "to be future-proof" is no reason.
    let speculative = ctx.sentences_with("speculative");
    let justified: Vec<bool> = ctx
        .sentences_with("justification")
        .iter()
        .zip(&speculative)
        .map(|(j, s)| *j && !*s)
        .collect();
    // "Eight months in we had a Kubernetes cluster with nothing on it ... so we stopped the
    // rewrite": what a story abandons is the over-engineering it learned from, not its choice.
    let abandoned_before = abandonment(ctx);
    let mut cost = 0u32;
    let mut evidence = Vec::new();
    let mut labels = Vec::new();
    let mut sentences = HashSet::new();
    for c in &ctx.pack.components {
        let Some(hit) = ctx.stats[c.signal]
            .hits
            .iter()
            // "If the access is pure key-value at very high rates, Cassandra makes sense" is a
            // contingency, not a choice; nor is a component named in a question ("or do we have
            // cross-region trips?").
            .find(|h| {
                !moves.set_aside[h.sentence]
                    && !conditional(ctx, h)
                    && !moves.question[h.sentence]
                    && abandoned_before.is_none_or(|a| h.sentence > a)
            })
        else {
            continue;
        };
        let unwarranted = match (level, c.warranted_at) {
            // A reason of its own in the sentence ("Kafka here because three consumers read
            // the same event and we want replay") bridges one step of scale, never two: Kafka
            // for a medium load with a reason is judgement, for a small one it is not.
            (Some(level), Some(needs)) => {
                needs > level && !(justified[hit.sentence] && needs <= level.next())
            }
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
    Unwarranted {
        level,
        stated,
        cost,
        labels,
        evidence,
    }
}

fn over_engineering(ctx: &Ctx<'_>, inp: &FlagInput<'_>) -> Option<(Vec<Evidence>, String)> {
    let Unwarranted {
        level,
        cost,
        labels,
        mut evidence,
        ..
    } = unwarranted(ctx, inp.moves, inp.question_scale);
    // Leaving the simple option with a reason is judgement, not a red flag: "at 50,000 events
    // a second per region a single database wouldn't keep up" when the answer has stated a
    // large scale, or a number in the dismissing sentence itself.
    let reasoned = |h: &&Hit| {
        level == Some(ScaleLevel::Large)
            || ctx.a.tokens[ctx.a.sentences[h.sentence].tokens.clone()]
                .iter()
                .any(|t| t.is_number)
    };
    let dismissed = ctx.sig("dismiss_simple").hits.iter().find(|h| !reasoned(h));
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

/// The last sentence in which the speaker or the team stops what they had started ("we
/// stopped the rewrite", "I killed the project", "we scrapped it").
fn abandonment(ctx: &Ctx<'_>) -> Option<usize> {
    ctx.a.sentences.iter().rposition(|s| {
        let words: Vec<String> = ctx.words[s.first_word..=s.last_word]
            .iter()
            .map(|w| bare(&w.text))
            .collect();
        words.iter().enumerate().any(|(i, w)| {
            matches!(w.as_str(), "i" | "we")
                && verb_after(&words[i + 1..]).is_some_and(|v| {
                    matches!(
                        v,
                        "stopped"
                            | "killed"
                            | "scrapped"
                            | "abandoned"
                            | "cancelled"
                            | "canceled"
                            | "shelved"
                            | "paused"
                            | "halted"
                    )
                })
        })
    })
}

/// Whether a story is told as one person's: the candidate acts and nobody else has a real role.
///
/// Someone has a role when "we" act, a colleague acts, is worked with, credited or helped to
/// grow. Not a role: people who only watch or wave the work through ("the rest of the team
/// found out at standup", "the teams reviewed and approved my PRs"), and a colleague's verb
/// that is really the candidate's ("my manager wanted us to ship" is not the manager shipping).
/// One such sentence beside a long run of "I" is a walk-on part, not a role, so a story with
/// many sentences of the candidate acting needs two.
fn individual_only(ctx: &Ctx<'_>, roles: &HashSet<usize>) -> bool {
    let mut acts: HashSet<usize> = ctx
        .sig("action_i")
        .hits
        .iter()
        .map(|h| h.sentence)
        .collect();
    acts.extend(candidate_acts(ctx));
    // "When I say we, it was me the whole way" makes every "we" an "I".
    let only_me = ctx.has("only_me") && !ctx.has("mentoring") && !ctx.has("others_act");
    // Escalating is one person's move: the boss it went to deciding ("until she came back",
    // "when her decision came, I implemented what she listed") gives no one a part in the work.
    let escalated = ctx.a.sentences.iter().any(|s| {
        ctx.words[s.first_word..=s.last_word]
            .iter()
            .any(|w| bare(&w.text).starts_with("escalat"))
    });
    let peers: HashSet<usize> = if escalated {
        let shared = ctx.sentences_with_any(&["action_we", "collaboration", "mentoring"]);
        roles
            .iter()
            .copied()
            .filter(|si| shared[*si] || !boss_acts(ctx, *si))
            .collect()
    } else {
        roles.clone()
    };
    only_me || (acts.len() >= 3 && peers.is_empty()) || (acts.len() >= SOLO_RUN && peers.len() < 2)
}

/// Whether the one acting in sentence `si` is the candidate's boss, or a "he"/"she" standing
/// for them: the person an escalation went to.
fn boss_acts(ctx: &Ctx<'_>, si: usize) -> bool {
    let s = &ctx.a.sentences[si];
    ctx.words[s.first_word..=s.last_word].iter().any(|w| {
        matches!(
            bare(&w.text).as_str(),
            "she"
                | "he"
                | "her"
                | "his"
                | "manager"
                | "director"
                | "vp"
                | "cto"
                | "ceo"
                | "boss"
                | "leadership"
        )
    })
}

/// The sentences in which someone other than the candidate has a role: a colleague who acts
/// (by name, by role or as "she"), a shared "we", collaboration or mentoring; bystanders and
/// approvers have none.
pub(super) fn others_roles(ctx: &Ctx<'_>) -> HashSet<usize> {
    let bystander = ctx.sentences_with("bystander");
    let mut roles: HashSet<usize> = HashSet::new();
    for h in &ctx.sig("others_act").hits {
        if bystander[h.sentence] || candidate_inside(ctx, h) {
            continue;
        }
        roles.insert(h.sentence);
    }
    for (si, sentence) in ctx.a.sentences.iter().enumerate() {
        if !bystander[si] && (named_colleague_acts(ctx, sentence) || someone_else_acts(ctx, si)) {
            roles.insert(si);
        }
    }
    roles.extend(ctx.sig("collaboration").hits.iter().map(|h| h.sentence));
    // "We shipped on time" or "we launched four days late" is the outcome everyone shares,
    // not a part anyone played: a story where only the candidate acts still ends that way.
    roles.extend(
        ctx.sig("action_we")
            .hits
            .iter()
            .filter(|h| {
                let verb = bare(&ctx.words[ctx.a.tokens[h.end - 1].word].text);
                // "Five services, we deploy about once a week" is a habit, not a part played.
                any_past(&verb)
                    && !matches!(
                        verb.as_str(),
                        "shipped" | "launched" | "released" | "delivered" | "agreed"
                    )
            })
            .map(|h| h.sentence),
    );
    // Someone mentored, coached or given the lead has a role; an audience ("the juniors", "a
    // brown-bag series", "mentoring is something I care about") has none.
    roles.extend(
        ctx.sig("mentoring")
            .hits
            .iter()
            .filter(|h| {
                let first = bare(&ctx.words[ctx.a.tokens[h.start].word].text);
                // "brown-bag" is one written word.
                let head = first.split('-').next().unwrap_or_default();
                !MENTORING_AUDIENCE.contains(&head)
            })
            .map(|h| h.sentence),
    );
    roles
}

/// First words of mentoring phrases that name an audience or a topic, not a person elevated.
const MENTORING_AUDIENCE: &[&str] = &[
    "junior",
    "juniors",
    "brown",
    "tech",
    "knowledge",
    "mentoring",
    "stretch",
];

/// Sentences of the candidate acting past which one walk-on by someone else is not a role.
const SOLO_RUN: usize = 6;

/// Whether the candidate appears between a colleague and their verb, which makes the verb the
/// candidate's ("my manager wanted us to ship").
fn candidate_inside(ctx: &Ctx<'_>, h: &Hit) -> bool {
    let (a, b) = (ctx.a.tokens[h.start].word, ctx.a.tokens[h.end - 1].word);
    (a + 1..b).any(|w| {
        let w = bare(&ctx.words[w].text);
        matches!(w.as_str(), "i" | "we" | "us" | "me" | "myself")
            || w.starts_with("i'")
            || w.starts_with("we'")
    })
}

/// Whether a sentence opens with a colleague's name doing something: "Priya spotted that the
/// replicas had fallen behind", "Tomás wrote contract tests". A name is read from its spelling
/// (capitalised, as transcripts and typed answers write names) and from being a word the rubric
/// does not know, so "Recovery took forty minutes" or "Traffic dropped" name no one.
fn named_colleague_acts(ctx: &Ctx<'_>, sentence: &crate::text::Sentence) -> bool {
    let Some(token) = ctx.a.tokens.get(sentence.tokens.start) else {
        return false;
    };
    let first = token.word;
    if first >= sentence.last_word || token.stem < ctx.pack.vocab.len() {
        return false;
    }
    if !capitalised_word(&ctx.words[first].text) {
        return false;
    }
    let verb = bare(&ctx.words[first + 1].text);
    (verb.ends_with("ed") && !matches!(verb.as_str(), "approved" | "signed" | "agreed"))
        || COLLEAGUE_VERBS.contains(&verb.as_str())
}

/// A word written like a name ("Priya", "Mei"): a capital, then three or more letters in all,
/// the rest lower case, and not a word that opens sentences ("The", "Then").
pub(super) fn capitalised_word(text: &str) -> bool {
    let name = text.trim_matches(|c: char| !c.is_alphabetic());
    let mut chars = name.chars();
    chars.next().is_some_and(char::is_uppercase)
        && name.chars().count() >= 3
        && chars.all(char::is_lowercase)
        && !SENTENCE_OPENERS.contains(&bare(name).as_str())
}

/// Capitalised words that open sentences without naming anyone.
const SENTENCE_OPENERS: &[&str] = &[
    "the",
    "then",
    "they",
    "that",
    "this",
    "there",
    "these",
    "those",
    "and",
    "but",
    "because",
    "after",
    "before",
    "when",
    "while",
    "once",
    "now",
    "our",
    "his",
    "her",
    "she",
    "one",
    "what",
    "which",
    "who",
    "how",
    "why",
    "for",
    "with",
    "from",
    "into",
    "also",
    "eventually",
    "finally",
    "later",
    "first",
    "next",
    "last",
    "both",
    "everyone",
    "everybody",
    "nobody",
    "someone",
    "management",
    "leadership",
    "product",
    "engineering",
    "customers",
    "users",
    "support",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "today",
    "yesterday",
    "it's",
    "its",
    "all",
    "each",
    "every",
    "most",
    "some",
    "many",
    "another",
    "over",
    "within",
    "during",
    "since",
    "until",
    "luckily",
    "unfortunately",
    "honestly",
    "sure",
    "yeah",
    "well",
    "okay",
    "basically",
    "actually",
    "looking",
    "overall",
    "initially",
    "afterwards",
    "instead",
    "meanwhile",
    "here",
    "having",
    "given",
    "being",
    "based",
    "around",
];

/// Sentences where the candidate did something: "I" and a verb in the past tense ("I told the
/// team", "I sized each one", "I then booked a meeting"). The pack's `action_i` names common
/// verbs; a story is told in many more, and an individual-only story is one where this count
/// runs long while nobody else acts. Knowing, thinking and wanting are not acts.
pub(super) fn candidate_acts(ctx: &Ctx<'_>) -> HashSet<usize> {
    let mut out = HashSet::new();
    for (si, s) in ctx.a.sentences.iter().enumerate() {
        let words: Vec<String> = ctx.words[s.first_word..=s.last_word]
            .iter()
            .map(|w| bare(&w.text))
            .collect();
        let acted = words
            .iter()
            .enumerate()
            .any(|(i, w)| w == "i" && verb_after(&words[i + 1..]).is_some_and(past_act));
        if acted {
            out.insert(si);
        }
    }
    out
}

/// Whether someone other than the candidate does something in sentence `si`: a name or a
/// colleague ("Mei", "her team", "one of her engineers", "she") followed by a verb in the past
/// tense, perhaps after an aside between commas ("Mei, their tech lead, agreed to be the first
/// adopter") or with the candidate beside them ("Mei and I ran a session").
fn someone_else_acts(ctx: &Ctx<'_>, si: usize) -> bool {
    let s = &ctx.a.sentences[si];
    let raw = &ctx.words[s.first_word..=s.last_word];
    let words: Vec<String> = raw.iter().map(|w| bare(&w.text)).collect();
    let is_name = |j: usize| {
        capitalised_word(&raw[j].text)
            && !NOT_NAMES.contains(&words[j].as_str())
            // "the move to Bazel went smoother": after a preposition or an article a capitalised
            // word is a thing, not someone doing the work.
            && !(j > 0
                && matches!(
                    words[j - 1].as_str(),
                    "to" | "of" | "in" | "on" | "with" | "from" | "into" | "by" | "the" | "a" | "an"
                ))
            // A word the pack knows ("Postgres", "Kafka", "Monday") names no one.
            && ctx
                .pack
                .vocab
                .lookup_stem(&ctx.pack.vocab.stem(&words[j]))
                .is_none()
    };
    (0..words.len()).any(|j| {
        let subject = COLLEAGUES.contains(&words[j].as_str()) || (j > 0 && is_name(j));
        if !subject {
            return false;
        }
        // "I kept the team focused": the team is what the candidate acted on.
        let object_of_mine = j >= 2
            && (j.saturating_sub(3)..j - 1)
                .any(|i| words[i] == "i" && words.get(i + 1).is_some_and(|v| any_past(v)));
        if object_of_mine {
            return false;
        }
        let mut k = j + 1;
        // An aside between commas: "Mei, their tech lead, agreed".
        if raw[j].text.ends_with(',') {
            match (k..words.len().min(j + 6)).find(|i| raw[*i].text.ends_with(',')) {
                Some(close) => k = close + 1,
                None => return false,
            }
        }
        // Where they sit, before what they did: "Chen on the reporting team did store-level
        // timezones", "Ahmed on my team took the email templating".
        if words
            .get(k)
            .is_some_and(|w| matches!(w.as_str(), "on" | "from" | "in"))
        {
            if let Some(t) = (k + 1..words.len().min(k + 5))
                .find(|i| matches!(words[*i].as_str(), "team" | "squad" | "side" | "group"))
            {
                k = t + 1;
            }
        }
        // "Mei and I ran": a shared act is a role.
        if words.get(k).is_some_and(|w| w == "and") && words.get(k + 1).is_some_and(|w| w == "i") {
            k += 2;
        }
        // "junior engineers were still adding to the pile": at work, in the progressive.
        let progressive = matches!(words.get(k).map(String::as_str), Some("was" | "were"))
            && words[k + 1..]
                .iter()
                .take(2)
                .any(|w| w.len() > 4 && w.ends_with("ing") && !AUDIENCE_ING.contains(&w.as_str()));
        progressive
            || verb_after(&words[k.min(words.len())..])
                .is_some_and(|v| past_act(v) && !APPROVER_VERBS.contains(&v))
    }) || had_others_do(&words)
}

/// "Others I designed and had lead engineers build": the colleagues did the building.
fn had_others_do(words: &[String]) -> bool {
    words.iter().enumerate().any(|(j, w)| {
        w == "had"
            && (j + 1..words.len().min(j + 4)).any(|k| {
                COLLEAGUES.contains(&words[k].as_str())
                    && words.get(k + 1).is_some_and(|v| {
                        v.chars().all(char::is_alphabetic)
                            && !matches!(
                                v.as_str(),
                                "who"
                                    | "that"
                                    | "were"
                                    | "was"
                                    | "had"
                                    | "and"
                                    // "I had two engineers on my team who could not agree":
                                    // where they sit, not what they did.
                                    | "on"
                                    | "in"
                                    | "at"
                                    | "from"
                                    | "with"
                            )
                    })
            })
    })
}

/// Progressive verbs of an audience, not of someone at work.
const AUDIENCE_ING: &[&str] = &[
    "listening",
    "watching",
    "waiting",
    "complaining",
    "asking",
    // "what he was going for": an intent, not work; "he was struggling": a state.
    "going",
    "struggling",
];

/// What someone who only hears about the work, or waves it through, does: no role in it.
const APPROVER_VERBS: &[&str] = &[
    "agreed",
    "approved",
    "signed",
    "read",
    "liked",
    "told",
    "asked",
    "said",
    "replied",
    "accepted",
    "answered",
    "listened",
    "reviewed",
    "came",
    "heard",
    "praised",
    "thanked",
    "endorsed",
    "backed",
    "supported",
    "allowed",
    "let",
    "saw",
    "loved",
    "noticed",
    "mentioned",
    "attended",
    "avoided",
    "enjoyed",
    "appreciated",
    // Teams that adopt the candidate's library use the outcome; they had no part in it.
    "adopted",
    // Leaving, moving on or wanting something is no part in the work: "one of the two left
    // about four months later", "eventually he moved to another team", "he wanted a promotion".
    "left",
    "moved",
    "quit",
    "wanted",
];

/// Words that name other people doing the work.
const COLLEAGUES: &[&str] = &[
    "team",
    "teams",
    "engineer",
    "engineers",
    "lead",
    "colleague",
    "colleagues",
    "teammate",
    "teammates",
    "he",
    "she",
    "someone",
    "everyone",
    "sre",
    "pm",
    "designer",
    "intern",
    "junior",
    "juniors",
    "reviewer",
    "reviewers",
    "partner",
    "developer",
    "developers",
];

/// Capitalised words that are not people.
pub(super) const NOT_NAMES: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "january",
    "february",
    "march",
    "april",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "slack",
    "jira",
    "github",
    "google",
    "amazon",
    "aws",
    "friday's",
    "christmas",
];

/// The verb after a subject: the first of the next three words that is not an adverb ("I then
/// booked", "Mei quickly wrote").
pub(super) fn verb_after(words: &[String]) -> Option<&str> {
    words
        .iter()
        .take(3)
        .map(String::as_str)
        .find(|v| !(v.ends_with("ly") || ADVERBS.contains(v)))
}

/// A verb in the past tense, acts and states alike ("fixed", "told", "knew", "was").
pub(super) fn any_past(verb: &str) -> bool {
    MENTAL_PAST.contains(&verb)
        || (verb.len() >= 4 && verb.ends_with("ed") && !matches!(verb, "need" | "feed" | "seed"))
        || COLLEAGUE_VERBS.contains(&verb)
        || IRREGULAR_PAST.contains(&verb)
}

fn past_act(verb: &str) -> bool {
    if MENTAL_PAST.contains(&verb) {
        return false;
    }
    (verb.len() >= 4 && verb.ends_with("ed") && !matches!(verb, "need" | "feed" | "seed"))
        || COLLEAGUE_VERBS.contains(&verb)
        || IRREGULAR_PAST.contains(&verb)
}

/// Words between "I" and its verb that change nothing: "I then booked", "I also wrote".
const ADVERBS: &[&str] = &[
    "then",
    "also",
    "just",
    "finally",
    "eventually",
    "actually",
    "basically",
    "first",
    "still",
    "even",
    "myself",
    "personally",
    "again",
    "quickly",
    "immediately",
];

/// Past tenses that are not acts on the work.
const MENTAL_PAST: &[&str] = &[
    "knew",
    "thought",
    "felt",
    "realised",
    "realized",
    "learned",
    "learnt",
    "believed",
    "wanted",
    "liked",
    "loved",
    "hated",
    "hoped",
    "guessed",
    "wondered",
    "remembered",
    "understood",
    "noticed",
    "assumed",
    "expected",
    "needed",
    "used",
    "tried",
    "was",
    "were",
    "had",
    "could",
    "would",
    "should",
    "might",
    "did",
    "got",
    "joined",
    "inherited",
    "worked",
];

const IRREGULAR_PAST: &[&str] = &[
    "told", "sent", "spent", "went", "bought", "began", "broke", "chose", "drew", "fought", "paid",
    "read", "said", "sold", "spoke", "stood", "taught", "threw", "tore", "undid", "oversaw",
    "withdrew", "left", "met", "shut", "sat", "hit", "cut", "let", "sought", "wound",
];

/// Irregular past tenses a colleague acts with (regular ones end in "-ed").
const COLLEAGUE_VERBS: &[&str] = &[
    "wrote", "built", "found", "took", "ran", "led", "drove", "made", "did", "came", "caught",
    "brought", "gave", "set", "put", "kept", "held", "won", "saw", "knew", "rewrote", "dug",
    "spun", "split", "owns", "leads", "runs",
];
