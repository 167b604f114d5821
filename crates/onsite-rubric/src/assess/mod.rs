//! Scoring one answer: a pipeline of stages over the analysed transcript, each in its own file.
//!
//! 1. [`signals`]: which sentences count (repeats dropped, only speech earns credit) and what
//!    the pack's phrase patterns find in them, into a [`Ctx`] every later stage reads.
//! 2. [`tally`]: who acts ("I", "we", "they") and how much of the answer is speech.
//! 3. [`moves`]: what each sentence does (a question, a constraint, a commitment to the design,
//!    an option set aside).
//! 4. [`framework`]: the system-design steps and their order, and the STAR parts of a story.
//! 5. [`delivery`](mod@delivery) (pace, fillers, pauses) and [`topic`] (relevance to the
//!    question, talking points).
//! 6. [`features`]: the computed features competency weights read.
//! 7. [`flags`]: the red flags, judged from the moves; then [`positive`] signals, which never
//!    contradict a raised flag.
//! 8. [`score`]: competencies and the overall with its caps; [`gaps`] in the kind's order;
//!    [`summary`](mod@summary) writes the verdict.
//!
//! [`no_speech`](mod@no_speech) is the answer with no words.

mod ctx;
mod delivery;
mod features;
mod flags;
mod framework;
mod gaps;
mod moves;
mod no_speech;
mod occasion;
mod positive;
mod repeat;
mod score;
mod signals;
mod specific;
mod summary;
mod tally;
mod topic;

use std::collections::{HashMap, HashSet};

use crate::error::RubricError;
use crate::input::{Answer, Question};
use crate::pack::RubricPack;
use crate::report::*;
use crate::scale::{level_of, quantities};
use crate::text::{analyse, LocalVocab};
use ctx::{bare, join_list, Ctx, Hit};
use delivery::delivery;
use features::{features, FeatureInput};
use framework::{Order, StarRead};
use moves::Moves;
use no_speech::no_speech;
use signals::{match_signals, Sentences};
use summary::summary;
use tally::Tally;
use topic::{relevance, talking_points};

/// Largest answer scored: about five hours of speech. Bigger inputs are refused, not truncated.
pub const MAX_ANSWER_WORDS: usize = 50_000;

/// Scores an answer. Deterministic; no I/O.
pub fn assess(
    pack: &RubricPack,
    question: &Question,
    answer: &Answer,
    meaning: Option<&dyn crate::Meaning>,
) -> Result<Assessment, RubricError> {
    if answer.words.len() > MAX_ANSWER_WORDS {
        return Err(RubricError::AnswerTooLong {
            words: answer.words.len(),
            limit: MAX_ANSWER_WORDS,
        });
    }
    let mut local = LocalVocab::new(&pack.vocab);
    let a = analyse(&answer.words, &mut local);
    let kind = question.kind;

    let mut question_stems: Vec<u32> =
        analyse(&crate::text::words_from_text(&question.text), &mut local)
            .tokens
            .iter()
            .map(|t| t.stem)
            .collect();
    question_stems.sort_unstable();
    question_stems.dedup();
    let sentences = Sentences::read(pack, &a);
    // Meaning (when the caller has a model): how close the sentences come to the question and
    // its talking points; used only by topic.rs, beside the word rules.
    let meaning = meaning
        .and_then(|m| topic::meaning_scores(m, question, &answer.words, &a, &sentences.unique));
    let ctx = Ctx {
        pack,
        words: &answer.words,
        a: &a,
        stats: signals::keep_spoken_verbs(
            pack,
            &a,
            &answer.words,
            match_signals(pack, &a, &sentences),
        ),
        kind,
        question_stems,
    };
    let tally = Tally::count(pack, &a, &sentences);
    if tally.content_tokens == 0 {
        return Ok(no_speech(pack, question, answer, &a));
    }

    let moves = Moves::read(&ctx);
    let mut order = Order::read(&ctx, &moves, &sentences);
    let star_read = StarRead::read(&ctx, &sentences);
    let star = star_read.star();
    let delivery = delivery(pack, answer, &a, &ctx, sentences.repeated_words);
    // Relevance: the share of the question's topic words the answer uses.
    let relevance = relevance(
        pack,
        question,
        &a,
        &sentences.unique,
        &mut local,
        meaning.as_ref(),
    );
    let question_words = crate::text::words_from_text(&question.text);
    let question_scale = level_of(&quantities(question_words.iter().map(|w| w.text.as_str())));
    // A design whose chosen parts fit the scale it stated: credit for pragmatism.
    let fit = flags::unwarranted(&ctx, &moves, question_scale);
    let scale_fit = kind == crate::input::QuestionKind::SystemDesign
        && fit.stated
        && fit.cost == 0
        && moves.first_commitment().is_some();
    // Who else acts in the story: read once for the flags and the features.
    let roles = flags::others_roles(&ctx);
    let applicable = |id: &str| {
        pack.kinds
            .get(&kind)
            .is_some_and(|k| k.red_flags.iter().any(|f| f == id))
    };
    let (red, unneeded) = flags::red_flags(
        &ctx,
        &flags::FlagInput {
            roles: &roles,
            moves: &moves,
            question_scale,
            relevance,
            content_words: tally.unique_content.len(),
            first_constraint: order.first_constraint,
            asks_for_occasion: occasion::asks_for_occasion(&question.text),
        },
        applicable,
    );
    // The trade-offs step and the no_trade_offs flag say the same thing: when the flag stands
    // (the flag model may raise it where the phrase readings found a trade-off), the step is
    // not credited, so the feedback never praises a trade-off and flags its absence at once.
    if red.iter().any(|(id, _)| id == "no_trade_offs") {
        if let Some(step) = order.steps.get_mut(3) {
            step.covered = false;
            step.evidence.clear();
        }
    }
    let features = features(
        &ctx,
        &FeatureInput {
            roles: &roles,
            order: &order,
            star: &star_read,
            tally: &tally,
            sentences: &sentences,
            delivery: &delivery,
            relevance,
            total_words: answer.words.len(),
            scale_fit,
        },
    );

    let red_ids: HashSet<String> = red.iter().map(|(id, _)| id.clone()).collect();
    let positive = positive::positive(&ctx, &order, &star_read, &red_ids);

    let (mut scores, mut competencies) = score::competencies(&ctx, &features, &red_ids);
    // Communication is relevance as much as fluency: a long answer that uses none of the
    // question's topic words (nor their synonyms) did not communicate an answer to it, whether
    // or not the off-topic flag (which is stricter, since it caps the overall) was raised.
    let unrelated = relevance.is_some_and(|r| r.found == 0) && tally.unique_content.len() >= 40;
    // Nor did an answer whose sentences commit to nothing: no technology, mechanism, number,
    // assumption, result or thing done ("think holistically", "keep options open").
    let noncommittal = crate::pack::FEATURES
        .iter()
        .position(|f| *f == "concreteness")
        .and_then(|i| features.get(i))
        .is_some_and(|c| *c < score::NONCOMMITTAL_CONCRETENESS)
        && tally.unique_content.len() >= 40;
    // Nor did one that names nothing particular: no number, name, acronym or technology in
    // more than a few of its sentences.
    let counted: Vec<usize> = (0..a.sentences.len())
        .filter(|si| sentences.unique[*si] && sentences.clause[*si])
        .collect();
    let vague = counted.len() >= specific::FEWEST_SENTENCES
        && specific::share(&ctx, &counted) < specific::VAGUE_SHARE;
    if unrelated || noncommittal || vague {
        let c = &mut competencies.communication;
        c.score = c.score.min(score::UNRELATED_COMMUNICATION_CAP);
        scores[5] = c.score;
    }
    let score::Overall {
        overall,
        list_like,
        short,
    } = score::overall(
        &ctx,
        &scores,
        &features,
        &red_ids,
        positive.len(),
        tally.unique_content.len(),
    );
    let gaps = gaps::gaps(&ctx, &order.steps, &star, &red_ids);

    let talking_points = talking_points(
        pack,
        question,
        &a,
        &sentences.unique,
        &mut local,
        meaning.as_ref(),
    );
    let to_signals = |list: Vec<(String, Vec<Evidence>)>,
                      table: &HashMap<String, crate::pack::FlagText>|
     -> Vec<crate::report::Signal> {
        list.into_iter()
            .map(|(id, evidence)| crate::report::Signal {
                message: table
                    .get(&id)
                    .map(|t| ctx.render(&t.message))
                    .unwrap_or_default(),
                id,
                evidence,
            })
            .collect()
    };
    let mut red_flags = to_signals(red, &pack.red_flags);
    if !unneeded.is_empty() {
        if let Some(f) = red_flags.iter_mut().find(|f| f.id == "over_engineering") {
            f.message = format!("{} {unneeded}", f.message);
        }
    }
    let positive_signals = to_signals(positive, &pack.positives);
    let penalised: Vec<bool> = (0..6)
        .map(|ci| {
            red_ids
                .iter()
                .filter_map(|id| pack.red_flags.get(id))
                .any(|f| f.penalties[ci] > 0.0)
        })
        .collect();
    let summary = summary(&summary::Verdict {
        overall,
        scores: &scores,
        penalised: &penalised,
        list_like,
        short,
        red: &red_flags,
        gap: gaps.first(),
        unrelated: unrelated || noncommittal || vague,
    });

    Ok(Assessment {
        overall,
        kind,
        no_speech: false,
        summary,
        competencies,
        framework: order.framework(),
        star,
        agency: tally.agency,
        red_flags,
        positive_signals,
        delivery,
        talking_points,
        gaps,
        rubric_version: pack.version_label(),
        moves: moves.spans(&ctx, &sentences.unique),
    })
}
