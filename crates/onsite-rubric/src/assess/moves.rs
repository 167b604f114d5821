//! The answer read as moves, sentence by sentence: a question to the interviewer, a constraint
//! stated or asked (a topic such as scale or latency in a question, an assumption, a quantity
//! or a hard requirement), a commitment to architecture, a choice set aside ("instead of",
//! "later, if we need it").
//!
//! Why sentences and not phrases: "I would start with the architecture" contains words that
//! sound like planning, but it is a commitment to design before any constraint is known; "scale
//! first: roughly three thousand checkouts a minute" names no "requirement" but is exactly the
//! constraint an interviewer wants. What a sentence *does* decides, not which words it holds.

use std::collections::HashSet;

use super::{bare, Ctx};
use crate::input::QuestionKind;
use crate::report::{Move, MoveKind};
use crate::scale::{quantities, Quantity};

/// Verbs that open a question when the transcript lost its question mark ("do we need
/// retries"), and that make a question of a wh-word after it ("what is the budget").
const QUESTION_VERBS: &[&str] = &[
    "do", "does", "is", "are", "can", "should", "will", "would", "could", "did", "have", "has",
    "was", "were",
];
/// Wh-words open a question only with a verb or a measure after them: "how many users" and
/// "what is the budget" ask, "when someone posts" and "what I'd do is" do not.
const WH_WORDS: &[&str] = &["how", "what", "who", "which", "when", "where", "why"];
const MEASURES: &[&str] = &["many", "much", "often", "big", "fast", "long", "large"];

/// Words a spoken sentence may open with before what it says.
const LEAD_INS: &[&str] = &[
    "", "um", "uh", "er", "so", "and", "okay", "ok", "well", "now", "right", "alright", "first",
    "then", "also",
];

fn opens_question(first: &str, second: &str) -> bool {
    QUESTION_VERBS.contains(&first)
        || (WH_WORDS.contains(&first)
            && (QUESTION_VERBS.contains(&second) || MEASURES.contains(&second)))
}

/// Per sentence (indexed like `Analysed::sentences`), what it does.
#[derive(Debug)]
pub(super) struct Moves {
    /// Asks the interviewer something.
    pub question: Vec<bool>,
    /// Asks about, assumes, quantifies or states a constraint.
    pub constraint: Vec<bool>,
    /// Commits to a piece of the design (architecture language or a chosen component) and is
    /// neither a question nor a constraint move.
    pub commitment: Vec<bool>,
    /// Rejects or defers what it names: "instead of Kafka", "later, if we ever need it".
    pub set_aside: Vec<bool>,
    /// People and rate quantities each sentence states.
    pub quantities: Vec<Vec<Quantity>>,
}

impl Moves {
    pub(super) fn read(ctx: &Ctx<'_>) -> Self {
        let n = ctx.a.sentences.len();
        let has = |name: &str| ctx.sentences_with(name);
        let mut assumption = vec![false; n];
        for h in &ctx.sig("assumption").hits {
            if !assumptions_talked_of(ctx, h) {
                assumption[h.sentence] = true;
            }
        }
        // "Let me say what I'm assuming, and you stop me if it's off." announces what follows:
        // the next sentence is the assumption it announced ("The IDs go into database primary
        // keys, so I want 64-bit integers").
        let said = assumption.clone();
        for si in 1..n {
            let before = &ctx.a.sentences[si - 1];
            // An announcement says that assumptions come, not what they are ("I'll assume
            // yes, which makes safety the main requirement" is one already).
            let words = &ctx.words[before.first_word..=before.last_word];
            let announces = said[si - 1]
                && words.len() < 15
                && !ctx.a.tokens[before.tokens.clone()]
                    .iter()
                    .any(|t| t.is_number)
                && (words
                    .last()
                    .is_some_and(|w| w.text.trim_end().ends_with(':'))
                    || words.iter().any(|w| {
                        matches!(
                            bare(&w.text).as_str(),
                            "let" | "here" | "what" | "following" | "few" | "some" | "stop"
                        )
                    }));
            if announces {
                assumption[si] = true;
            }
        }
        let (topic, requirement, ask) = (has("constraint"), has("requirement"), speaker_asks(ctx));
        let (reject, defer) = (has("reject"), has("defer"));
        // "I'd need to know the users, the budget and the deadline before I could say
        // anything" asks about constraints only to refuse to start.
        let refusal = has("needs_requirements");
        let component = ctx.sentences_naming_components();
        // What the answer chose: architecture, a part, or (outside a question) a mechanism or
        // a technology, beyond the words of the question itself.
        let chosen = ctx.sentences_beyond_question(&["architecture", "deep_dive", "tech_term"]);
        let mut moves = Moves {
            question: vec![false; n],
            constraint: vec![false; n],
            commitment: vec![false; n],
            set_aside: vec![false; n],
            quantities: vec![Vec::new(); n],
        };
        let mut designed = false;
        for (si, s) in ctx.a.sentences.iter().enumerate() {
            let words = &ctx.words[s.first_word..=s.last_word];
            let last = words.last().map(|w| w.text.trim_end()).unwrap_or("");
            // The first words after the lead-ins people open with ("um, so how many...").
            let opening: Vec<String> = words
                .iter()
                .map(|w| bare(&w.text))
                .skip_while(|w| LEAD_INS.contains(&w.as_str()))
                .take(2)
                .collect();
            let word = |k: usize| opening.get(k).map(String::as_str).unwrap_or("");
            // A short sentence may ask after a lead-in clause: "So first thing, who's using it."
            let clause_asks = words.len() <= 15
                && words.windows(3).any(|w| {
                    w[0].text.ends_with(',') && opens_question(&bare(&w[1].text), &bare(&w[2].text))
                });
            // "Three questions first, because they change the data model." announces the
            // questions that follow; it designs nothing.
            let announces_questions = words.len() <= 12
                && words
                    .iter()
                    .any(|w| matches!(bare(&w.text).as_str(), "questions" | "question"))
                && words.iter().any(|w| {
                    matches!(
                        bare(&w.text).as_str(),
                        "first" | "few" | "couple" | "some" | "two" | "three" | "four"
                    )
                });
            let question = last.ends_with('?')
                || opens_question(word(0), word(1))
                || clause_asks
                || announces_questions;
            // A question put to the interviewer ("do we need retries?", "is this real-time?"),
            // not a rhetorical one ("what happens if Redis is down?"), pins down the problem.
            let addressed = question
                && words.iter().any(|w| {
                    matches!(
                        bare(&w.text).as_str(),
                        "we" | "you" | "us" | "our" | "this" | "they"
                    )
                });
            let numbered = ctx.a.tokens[s.tokens.clone()].iter().any(|t| t.is_number);
            let qs = quantities(words.iter().map(|w| w.text.as_str()));
            let quantified = !qs.is_empty();
            // A topic (scale, latency, consistency, cost) counts when it is asked about,
            // assumed, put as a number, or said as a must; a quantity of people or events, or
            // a hard requirement, is a constraint on its own.
            // Outside system design, a stated assumption ("I assumed most of the delay was in
            // access requests") is how a candidate pins down an unclear problem.
            let assumed = assumption[si] && ctx.kind != QuestionKind::SystemDesign;
            // Before any design, a case put with a number is an assumption stated as a
            // condition: "If it's one garage with a few hundred spots, the gates must keep
            // working offline". After the design it is growth ("if traffic grows 10x").
            let scenario = !designed
                && numbered
                && words
                    .iter()
                    .take(3)
                    .any(|w| matches!(bare(&w.text).as_str(), "if" | "suppose" | "say"));
            let constraint = (question || !refusal[si])
                && (assumed
                    || (topic[si] && (question || ask[si] || assumption[si] || requirement[si]))
                    || quantified && !component[si]
                    || requirement[si]
                    || (ctx.kind == QuestionKind::SystemDesign && addressed)
                    || (assumption[si] && numbered)
                    || scenario);
            moves.question[si] = question;
            moves.constraint[si] = constraint;
            moves.set_aside[si] = reject[si] || defer[si];
            // An opening that names the problem back ("Right, a shared cache for product
            // teams.") is the question restated, not a design: short, nobody acting in it, one
            // part named at most ("Kafka for events, Cassandra for storage." is a design).
            let parts_named = ctx
                .pack
                .components
                .iter()
                .filter(|c| ctx.stats[c.signal].hits.iter().any(|h| h.sentence == si))
                .count();
            let restated = si == 0
                && words.len() <= 8
                && parts_named <= 1
                && !words.iter().any(|w| {
                    w.text.contains('\'')
                        || matches!(
                            bare(&w.text).as_str(),
                            "i" | "we" | "you" | "they" | "it" | "would" | "will" | "use" | "put"
                        )
                });
            // "I'd hold off on proposing components until then" refuses to design; it
            // commits to nothing.
            moves.commitment[si] =
                !question && !constraint && !restated && !refusal[si] && chosen[si];
            designed |= moves.commitment[si];
            moves.quantities[si] = qs;
        }
        moves
    }

    pub(super) fn first_commitment(&self) -> Option<usize> {
        self.commitment.iter().position(|c| *c)
    }

    /// Quantities stated as constraints (not, say, a component's capacity mid-design).
    pub(super) fn stated_scale(&self) -> Vec<Quantity> {
        self.quantities
            .iter()
            .zip(&self.constraint)
            .filter(|(_, c)| **c)
            .flat_map(|(q, _)| q.iter().copied())
            .collect()
    }

    /// The moves as the assessment reports them: one per kind and sentence, in the order said,
    /// each with the span it was read from. Repeated sentences are read once.
    pub(super) fn spans(&self, ctx: &Ctx<'_>, unique: &[bool]) -> Vec<Move> {
        let mut out: Vec<Move> = Vec::new();
        let mut seen: HashSet<(MoveKind, usize)> = HashSet::new();
        let mut push = |kind: MoveKind, sentence: usize, evidence| {
            if unique[sentence] && seen.insert((kind, sentence)) {
                out.push(Move { kind, evidence });
            }
        };
        let speculative = ctx.sentences_with("speculative");
        let by_signal: [(MoveKind, &str); 11] = [
            (MoveKind::Assumption, "assumption"),
            (MoveKind::Requirement, "requirement"),
            (MoveKind::ComponentChoice, "tech_term"),
            (MoveKind::Justification, "justification"),
            (MoveKind::AlternativeRejected, "reject"),
            (MoveKind::AlternativeRejected, "alternatives"),
            (MoveKind::FailureMode, "failure_mode"),
            (MoveKind::Operations, "growth_operations"),
            (MoveKind::Result, "result"),
            (MoveKind::OtherPerson, "others_act"),
            (MoveKind::Blame, "complaining"),
        ];
        for (kind, signal) in by_signal {
            for h in &ctx.sig(signal).hits {
                let set_aside = kind == MoveKind::ComponentChoice && self.set_aside[h.sentence];
                let empty_reason = kind == MoveKind::Justification && speculative[h.sentence];
                if !set_aside && !empty_reason {
                    push(kind, h.sentence, ctx.evidence(h));
                }
            }
        }
        for c in &ctx.pack.components {
            for h in &ctx.stats[c.signal].hits {
                if !self.set_aside[h.sentence] {
                    push(MoveKind::ComponentChoice, h.sentence, ctx.evidence(h));
                }
            }
        }
        for signal in ["mentoring", "collaboration"] {
            for h in &ctx.sig(signal).hits {
                push(MoveKind::OtherPerson, h.sentence, ctx.evidence(h));
            }
        }
        for h in &ctx.sig("needs_requirements").hits {
            if !self.question[h.sentence] {
                push(MoveKind::Refusal, h.sentence, ctx.evidence(h));
            }
        }
        for si in 0..self.question.len() {
            if self.question[si] {
                push(MoveKind::Question, si, ctx.sentence_evidence(si));
            } else if self.constraint[si] && !self.quantities[si].is_empty() {
                // "Three thousand checkouts a minute" states an assumption without the word.
                push(MoveKind::Assumption, si, ctx.sentence_evidence(si));
            }
        }
        out.sort_by_key(|m| (m.evidence.start_word, m.kind.id()));
        out
    }
}

/// "Otherwise we'd be making assumptions" talks about assumptions without making one: the
/// plural noun names them, "I'd assume", "assuming" or "my assumption is" makes one, and so do
/// "my assumptions are" and "a one-page assumptions doc: we'd target...", which go on to them.
pub(super) fn assumptions_talked_of(ctx: &Ctx<'_>, h: &super::Hit) -> bool {
    let at = ctx.a.tokens[h.start].word;
    let said = &ctx.words[at].text;
    let goes_on = said.trim_end().ends_with(':')
        || ctx.words.get(at + 1).is_some_and(|next| {
            matches!(
                bare(&next.text).as_str(),
                "doc" | "docs" | "document" | "list" | "page" | "table" | "are" | "were"
            )
        });
    // "I'd rather take that time than make an assumption we'll regret": the side turned down.
    let first = ctx.a.sentences[h.sentence].first_word;
    let turned_down = ctx.words[at.saturating_sub(3).max(first)..at]
        .iter()
        .any(|w| bare(&w.text) == "than");
    turned_down || (h.end - h.start == 1 && bare(said) == "assumptions" && !goes_on)
}

/// Sentences where the speaker finds something out: "I'd ask about peak traffic", "let me
/// confirm the latency target", "clarify first: ...". Not a part of the design that asks or
/// confirms ("the app asks our API for an upload URL", "we mark the booking as confirmed").
fn speaker_asks(ctx: &Ctx<'_>) -> Vec<bool> {
    let mut out = vec![false; ctx.a.sentences.len()];
    for h in &ctx.sig("ask").hits {
        let first = ctx.a.sentences[h.sentence].first_word;
        let at = ctx.a.tokens[h.start].word;
        let before = &ctx.words[at.saturating_sub(4).max(first)..at];
        let by_speaker = at == first
            || before.iter().any(|w| {
                let w = bare(&w.text);
                matches!(
                    w.as_str(),
                    "i" | "we"
                        | "me"
                        | "us"
                        | "let"
                        | "would"
                        | "to"
                        | "first"
                        | "i'd"
                        | "we'd"
                        | "i'll"
                        | "we'll"
                        | "i'm"
                        | "we're"
                        | "you"
                )
            });
        if by_speaker {
            out[h.sentence] = true;
        }
    }
    out
}
