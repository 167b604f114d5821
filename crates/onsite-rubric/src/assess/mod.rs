//! Scoring one answer: match the pack's phrase patterns sentence by sentence, then turn what
//! was found into framework coverage, STAR, red flags, competency scores and advice.
//!
//! The stages, in order: this file matches patterns per sentence ([`repeat`] drops repeated
//! sentences first); [`moves`] reads what each sentence does (a question, a constraint, a
//! commitment to the design, an option set aside); [`topic`] measures talking points and
//! relevance; [`delivery`](mod@delivery) reads pace, fillers and pauses; [`flags`] judges the red flags from
//! the moves; this file then scores the competencies and the overall, and [`summary`](mod@summary) writes
//! the verdict. [`no_speech`](mod@no_speech) is the answer with no words.
//!
//! Two rules keep the scores honest. Only sentences that read as speech (enough words, some
//! function words) earn credit, so a list of buzzwords earns nothing. Repeated sentences are
//! read once, and each signal counts at most a few times per sentence, so saying a thing again
//! never earns more.

mod delivery;
mod flags;
mod moves;
mod no_speech;
mod repeat;
mod summary;
mod topic;

use std::collections::{BTreeMap, HashMap, HashSet};

use crate::error::RubricError;
use crate::gap::Gap;
use crate::input::{Answer, Question, QuestionKind};
use crate::pack::{Cond, PatTok, RubricPack, Term, COMPETENCIES, FEATURES};
use crate::report::*;
use crate::scale::{level_of, quantities};
use crate::text::{analyse, Agent, Analysed, LocalVocab, SpokenWord, Token};
use delivery::delivery;
use moves::Moves;
use no_speech::no_speech;
use repeat::{moving_type_token_ratio, StemSet};
use summary::summary;
use topic::{relevance, talking_points};

/// Largest answer scored: about five hours of speech. Bigger inputs are refused, not truncated.
pub const MAX_ANSWER_WORDS: usize = 50_000;

/// How far back a sentence is compared with earlier ones for near-repeats.
const REPEAT_WINDOW: usize = 200;
const EVIDENCE_MAX_WORDS: usize = 30;
/// Content words per window of the moving type-token ratio.
const VARIETY_WINDOW: usize = 30;

#[derive(Debug, Clone, Copy)]
struct Hit {
    signal: usize,
    pattern: usize,
    sentence: usize,
    start: usize,
    end: usize,
    negated: bool,
}

/// What one signal amounted to in this answer.
#[derive(Debug, Default, Clone)]
struct SignalStat {
    strength: f64,
    hits: Vec<Hit>,
    negated: Vec<Hit>,
}

struct Ctx<'a> {
    pack: &'a RubricPack,
    words: &'a [SpokenWord],
    a: &'a Analysed,
    stats: Vec<SignalStat>,
    kind: QuestionKind,
}

impl Ctx<'_> {
    fn sig(&self, name: &str) -> &SignalStat {
        // Required signals are checked when the pack loads.
        static EMPTY: SignalStat = SignalStat {
            strength: 0.0,
            hits: Vec::new(),
            negated: Vec::new(),
        };
        self.pack
            .signal_ids
            .get(name)
            .map(|i| &self.stats[*i])
            .unwrap_or(&EMPTY)
    }

    fn has(&self, name: &str) -> bool {
        self.sig(name).strength > 0.0
    }

    /// Per sentence, whether a signal was heard in it (not negated, in speech).
    fn sentences_with(&self, name: &str) -> Vec<bool> {
        let mut out = vec![false; self.a.sentences.len()];
        for h in &self.sig(name).hits {
            out[h.sentence] = true;
        }
        out
    }

    /// A whole sentence as evidence (its first words when it is long).
    fn sentence_evidence(&self, si: usize) -> Evidence {
        let s = &self.a.sentences[si];
        let last = s.last_word.min(s.first_word + EVIDENCE_MAX_WORDS - 1);
        span_evidence(self.words, s.first_word, last)
    }

    fn evidence(&self, hit: &Hit) -> Evidence {
        let s = &self.a.sentences[hit.sentence];
        let (mut first, mut last) = (s.first_word, s.last_word);
        if last + 1 - first > EVIDENCE_MAX_WORDS {
            let hit_word = self.a.tokens[hit.start].word;
            first = hit_word
                .saturating_sub(EVIDENCE_MAX_WORDS / 2)
                .max(s.first_word);
            last = (first + EVIDENCE_MAX_WORDS - 1).min(s.last_word);
        }
        span_evidence(self.words, first, last)
    }

    fn surface(&self, hit: &Hit) -> String {
        let (a, b) = (
            self.a.tokens[hit.start].word,
            self.a.tokens[hit.end - 1].word,
        );
        let text: Vec<&str> = self.words[a..=b].iter().map(|w| w.text.as_str()).collect();
        text.join(" ")
            .trim_matches(|c: char| !c.is_alphanumeric())
            .to_owned()
    }

    /// Distinct things said for a signal, in order, case-insensitively.
    fn terms(&self, name: &str) -> Vec<String> {
        let mut seen = HashSet::new();
        let mut out = Vec::new();
        for hit in &self.sig(name).hits {
            let s = self.surface(hit);
            if seen.insert(s.to_lowercase()) {
                out.push(s);
            }
        }
        out
    }

    fn render(&self, template: &str) -> String {
        let mut out = String::new();
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let Some(close) = rest[open..].find('}').map(|c| c + open) else {
                break;
            };
            let inner = &rest[open + 1..close];
            let (what, signal) = inner.split_once(':').unwrap_or(("", ""));
            let text = match what {
                "terms" => join_list(&self.terms(signal).into_iter().take(3).collect::<Vec<_>>()),
                "first" => self.terms(signal).into_iter().next().unwrap_or_default(),
                "quote" => self
                    .sig(signal)
                    .hits
                    .first()
                    .map(|h| quote(&self.evidence(h).text))
                    .unwrap_or_default(),
                "negated" => self
                    .sig(signal)
                    .negated
                    .first()
                    .map(|h| quote(&self.evidence(h).text))
                    .unwrap_or_default(),
                _ => String::new(),
            };
            out.push_str(&text);
            rest = &rest[close + 1..];
        }
        out.push_str(rest);
        out
    }
}

fn quote(text: &str) -> String {
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.len() > 14 {
        format!("\u{201c}{}\u{2026}\u{201d}", words[..14].join(" "))
    } else {
        format!("\u{201c}{}\u{201d}", words.join(" "))
    }
}

/// A spoken word as compared with a list of words: lowercase, without the punctuation around it.
fn bare(text: &str) -> String {
    text.trim_matches(|c: char| !c.is_alphabetic())
        .to_lowercase()
}

fn join_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

fn span_evidence(words: &[SpokenWord], first: usize, last: usize) -> Evidence {
    let text: Vec<&str> = words[first..=last]
        .iter()
        .map(|w| w.text.as_str())
        .collect();
    Evidence {
        text: text.join(" "),
        start_word: first,
        end_word: last,
        start_ms: words[first].start_ms,
        end_ms: words[last].end_ms,
    }
}

fn match_from(tokens: &[Token], i: usize, end: usize, pat: &[PatTok]) -> Option<usize> {
    let Some(first) = pat.first() else {
        return Some(i);
    };
    match first {
        PatTok::Word(alts) => (i < end && alts.contains(&tokens[i].stem))
            .then(|| match_from(tokens, i + 1, end, &pat[1..]))
            .flatten(),
        PatTok::Num => (i < end && tokens[i].is_number)
            .then(|| match_from(tokens, i + 1, end, &pat[1..]))
            .flatten(),
        PatTok::Gap(max) => (0..=*max)
            .take_while(|skip| i + skip <= end)
            .find_map(|skip| match_from(tokens, i + skip, end, &pat[1..])),
    }
}

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
    let n_sent = a.sentences.len();

    // Repeats: exact ones anywhere, near ones (same words, ≥ 80% overlap) within a window.
    let mut unique = vec![true; n_sent];
    let mut seen_exact: HashSet<Vec<u32>> = HashSet::new();
    let mut recent: Vec<StemSet> = Vec::new();
    let mut repeated_words = 0usize;
    for (i, s) in a.sentences.iter().enumerate() {
        let seq: Vec<u32> = a.tokens[s.tokens.clone()].iter().map(|t| t.stem).collect();
        let set = StemSet::new(&seq);
        let near = set.stems.len() >= 4
            && recent
                .iter()
                .rev()
                .take(REPEAT_WINDOW)
                .any(|r| r.near_repeat_of(&set));
        if !seen_exact.insert(seq) || near {
            unique[i] = false;
            repeated_words += s.last_word + 1 - s.first_word;
        } else {
            recent.push(set);
        }
    }

    // Meaning (when the caller has a model): how close the sentences come to the question and
    // its talking points; used only by topic.rs, beside the word rules.
    let meaning =
        meaning.and_then(|m| topic::meaning_scores(m, question, &answer.words, &a, &unique));

    // Sentences that read as speech rather than a list of terms.
    let is_fw = |t: &Token| pack.function_words.binary_search(&t.stem).is_ok();
    let clause: Vec<bool> = a
        .sentences
        .iter()
        .map(|s| {
            let toks = &a.tokens[s.tokens.clone()];
            let fw = toks.iter().filter(|t| is_fw(t)).count();
            toks.len() >= 3 && fw >= 1 && fw as f64 >= 0.2 * toks.len() as f64
        })
        .collect();

    // Pattern hits, per unique sentence.
    let mut stats = vec![SignalStat::default(); pack.signals.len()];
    for (si, s) in a.sentences.iter().enumerate() {
        if !unique[si] {
            continue;
        }
        let end = s.tokens.end;
        let mut found: Vec<Hit> = Vec::new();
        for i in s.tokens.clone() {
            let t = &a.tokens[i];
            let by_word = pack
                .by_first
                .get(t.stem as usize)
                .map(|v| v.as_slice())
                .unwrap_or(&[]);
            let by_num: &[usize] = if t.is_number { &pack.num_first } else { &[] };
            for &p in by_word.iter().chain(by_num) {
                let pattern = &pack.patterns[p];
                if let Some(e) = match_from(&a.tokens, i, end, &pattern.toks) {
                    let negated = pack.signals[pattern.signal].negatable
                        && negated_at(pack, &a.tokens, s.tokens.start, i);
                    found.push(Hit {
                        signal: pattern.signal,
                        pattern: p,
                        sentence: si,
                        start: i,
                        end: e,
                        negated,
                    });
                }
            }
        }
        // One hit per signal per overlapping stretch; each signal counts up to `per_sentence`
        // distinct patterns in a sentence, and only in sentences that read as speech.
        found.sort_by_key(|h| (h.signal, h.start, std::cmp::Reverse(h.end)));
        let mut kept: Vec<Hit> = Vec::new();
        for h in found {
            if kept
                .iter()
                .any(|k| k.signal == h.signal && k.start < h.end && h.start < k.end)
            {
                continue;
            }
            kept.push(h);
        }
        let mut per_signal: HashMap<usize, (HashSet<usize>, bool)> = HashMap::new();
        for h in kept {
            let st = &mut stats[h.signal];
            if h.negated {
                st.negated.push(h);
                continue;
            }
            if !clause[si] {
                continue;
            }
            st.hits.push(h);
            per_signal.entry(h.signal).or_default().0.insert(h.pattern);
        }
        for (sig, (patterns, _)) in per_signal {
            stats[sig].strength +=
                patterns.len().min(pack.signals[sig].per_sentence as usize) as f64;
        }
    }
    for st in &mut stats {
        st.hits.sort_by_key(|h| (h.sentence, h.start));
        st.negated.sort_by_key(|h| (h.sentence, h.start));
    }
    let ctx = Ctx {
        pack,
        words: &answer.words,
        a: &a,
        stats,
        kind,
    };

    // Agency, over unique sentences.
    let mut agency = Agency {
        i: 0,
        we: 0,
        they: 0,
    };
    let mut content_tokens = 0usize;
    let mut clause_tokens = 0usize;
    let mut unique_content: HashSet<u32> = HashSet::new();
    let mut clause_sentences = 0usize;
    let mut content_stream: Vec<u32> = Vec::new();
    for (si, s) in a.sentences.iter().enumerate() {
        if !unique[si] {
            continue;
        }
        clause_sentences += usize::from(clause[si]);
        for t in &a.tokens[s.tokens.clone()] {
            match t.agent {
                Agent::I => agency.i += 1,
                Agent::We => agency.we += 1,
                Agent::They => agency.they += 1,
                Agent::None => {}
            }
            content_tokens += 1;
            if clause[si] {
                clause_tokens += 1;
                if !is_fw(t) {
                    unique_content.insert(t.stem);
                    content_stream.push(t.stem);
                }
            }
        }
    }
    let variety = moving_type_token_ratio(&content_stream, VARIETY_WINDOW);
    let total_words = answer.words.len();
    if content_tokens == 0 {
        return Ok(no_speech(pack, question, answer, &a));
    }

    // Framework and order.
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
    let mut steps: Vec<Step> = pack.framework.iter().map(|s| step(s)).collect();
    // Constraints and architecture are moves, not phrases: "I'd start with the architecture"
    // clarifies nothing, and "three thousand checkouts a minute" clarifies scale.
    let moves = Moves::read(&ctx);
    let constraint_sentences: Vec<usize> = (0..n_sent)
        // A quantity of people or events is a constraint even in a terse sentence ("assume
        // roughly 500 writes a second"), which the speech test would otherwise drop.
        .filter(|si| {
            moves.constraint[*si]
                && unique[*si]
                && (clause[*si] || !moves.quantities[*si].is_empty())
        })
        .collect();
    steps[0] = Step {
        covered: !constraint_sentences.is_empty(),
        evidence: constraint_sentences
            .iter()
            .take(2)
            .map(|si| ctx.sentence_evidence(*si))
            .collect(),
    };
    if !steps[1].covered {
        if let Some(si) = moves.first_commitment() {
            steps[1] = Step {
                covered: true,
                evidence: vec![ctx.sentence_evidence(si)],
            };
        }
    }
    let first_constraint = constraint_sentences.first().copied();
    let first_arch = moves.first_commitment();
    let constraints_first = match (first_constraint, first_arch) {
        (Some(c), Some(h)) => Some(c <= h),
        (Some(_), None) if steps[1].covered => Some(true),
        // A design with no constraint anywhere was designed before its constraints, as the
        // no_constraints flag says (for design questions, where the order is judged).
        (None, Some(_)) if kind == QuestionKind::SystemDesign => Some(false),
        _ => None,
    };
    let framework = Framework {
        clarify_constraints: steps[0].clone(),
        high_level_architecture: steps[1].clone(),
        deep_dive: steps[2].clone(),
        trade_offs: steps[3].clone(),
        growth_operations: steps[4].clone(),
        alternatives: steps[5].clone(),
        constraints_before_architecture: constraints_first,
    };

    // STAR.
    let star_cov: Vec<bool> = pack
        .star
        .iter()
        .map(|sigs| sigs.iter().any(|s| ctx.stats[*s].strength > 0.0))
        .collect();
    let result_sentences: HashSet<usize> =
        ctx.sig("result").hits.iter().map(|h| h.sentence).collect();
    let has_number = |si: usize| {
        unique[si]
            && clause[si]
            && a.tokens[a.sentences[si].tokens.clone()]
                .iter()
                .any(|t| t.is_number)
    };
    let quantified_result = result_sentences
        .iter()
        .any(|&si| has_number(si) || (si + 1 < n_sent && has_number(si + 1)));
    let star = Star {
        situation: star_cov[0],
        task: star_cov[1],
        action: star_cov[2],
        result: star_cov[3],
        quantified_result,
    };

    // Delivery.
    let delivery = delivery(pack, answer, &a, &ctx, repeated_words);

    // Relevance: the share of the question's topic words the answer uses.
    let relevance = relevance(pack, question, &a, &unique, &mut local, meaning.as_ref());
    // Sentences where a mechanism comes with its reason or its failure mode. The same sentence
    // only: reading the next one too would let a shuffled answer score higher than its order.
    let justified_depth = {
        let mech = ctx.sentences_with("deep_dive");
        let why: Vec<bool> = {
            let j = ctx.sentences_with("justification");
            let f = ctx.sentences_with("failure_mode");
            j.iter().zip(&f).map(|(a, b)| *a || *b).collect()
        };
        (0..n_sent).filter(|si| mech[*si] && why[*si]).count()
    };

    // Features, each 0..1.
    let avg_len = clause_tokens as f64 / clause_sentences.max(1) as f64;
    let clause_ratio = clause_tokens as f64 / content_tokens as f64;
    let feature = |name: &str| -> f64 {
        match name {
            "framework_coverage" => steps.iter().filter(|s| s.covered).count() as f64 / 6.0,
            "constraints_first" => match constraints_first {
                Some(true) => 1.0,
                None if first_constraint.is_some() => 0.5,
                _ => 0.0,
            },
            "star_coverage" => star_cov.iter().filter(|c| **c).count() as f64 / 4.0,
            "quantified_result" => f64::from(u8::from(quantified_result)),
            "we_balance" => {
                let (i, w) = (f64::from(agency.i), f64::from(agency.we));
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
            "substance" => (unique_content.len() as f64 / 60.0).min(1.0),
            // The "low_*" features reward the absence of a fault, which is no merit in an answer
            // without sentences, so they count only as far as the answer is speech.
            "low_repetition" => {
                clause_ratio * (1.0 - (repeated_words as f64 / total_words.max(1) as f64))
            }
            "low_fillers" => {
                clause_ratio
                    * (1.0
                        - (f64::from(delivery.fillers.count) / total_words.max(1) as f64 / 0.08)
                            .min(1.0))
            }
            // Rambling circles the same few words: a moving type-token ratio near 0.6 reads as
            // going round in circles, 0.85 and above as moving the answer forward.
            "variety" => ramp(variety, 0.6, 0.85),
            // Like the "low_*" features, on-topic counts only as far as the answer is speech.
            "relevance" => {
                relevance.map_or(1.0, |r| (r.found as f64 / r.keys.min(3) as f64).min(1.0))
                    * clause_ratio
            }
            // Depth is a mechanism with its reason or its failure, not a named technology.
            "justified_depth" => (justified_depth as f64 / 3.0).min(1.0),
            "low_hedges" => {
                clause_ratio
                    * (1.0
                        - (f64::from(delivery.hedges.count) * 100.0
                            / content_tokens.max(1) as f64
                            / 3.0)
                            .min(1.0))
            }
            _ => 0.0,
        }
    };
    let features: Vec<f64> = FEATURES.iter().map(|f| feature(f)).collect();

    // Red flags.
    let applicable = |id: &str| {
        pack.kinds
            .get(&kind)
            .is_some_and(|k| k.red_flags.iter().any(|f| f == id))
    };
    let ev = |name: &str, n: usize| -> Vec<Evidence> {
        ctx.sig(name)
            .hits
            .iter()
            .take(n)
            .map(|h| ctx.evidence(h))
            .collect()
    };
    let question_words = crate::text::words_from_text(&question.text);
    let question_scale = level_of(&quantities(question_words.iter().map(|w| w.text.as_str())));
    let (red, unneeded) = flags::red_flags(
        &ctx,
        &flags::FlagInput {
            moves: &moves,
            question_scale,
            relevance,
            content_words: unique_content.len(),
            first_constraint,
        },
        applicable,
    );
    let red_ids: HashSet<String> = red.iter().map(|(id, _)| id.clone()).collect();

    // Positive signals.
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
    if quantified_result && kind != QuestionKind::SystemDesign {
        let e = ctx
            .sig("result")
            .hits
            .iter()
            .find(|h| {
                has_number(h.sentence) || (h.sentence + 1 < n_sent && has_number(h.sentence + 1))
            })
            .map(|h| ctx.evidence(h));
        positive.push(("quantified_result".into(), e.into_iter().collect()));
    }
    if constraints_first == Some(true) {
        positive.push((
            "constraints_first".into(),
            first_constraint
                .map(|si| ctx.sentence_evidence(si))
                .into_iter()
                .collect(),
        ));
    }
    // Praise never contradicts a flag: influence in a story where no one else has a role is
    // not cross-team influence.
    if ctx.sig("influence").strength >= 2.0 && !red_ids.contains("individual_only") {
        positive.push(("cross_team_influence".into(), ev("influence", 2)));
    }
    if ctx.sig("failure_mode").strength >= 2.0 {
        positive.push(("failure_mode_reasoning".into(), ev("failure_mode", 2)));
    }

    // Competencies.
    let value = |term: &Term| -> f64 {
        match *term {
            Term::Signal(s) => (ctx.stats[s].strength / pack.signals[s].saturation).min(1.0),
            Term::Feature(f) => features[f].clamp(0.0, 1.0),
        }
    };
    let mut scores = [0.0f64; 6];
    let mut results = Vec::with_capacity(6);
    for (ci, comp) in pack.competencies.iter().enumerate() {
        let weights = comp.by_kind.get(&kind).unwrap_or(&comp.weights);
        let raw: f64 = weights.iter().map(|(t, w)| w * value(t)).sum();
        let penalty: f64 = red_ids
            .iter()
            .filter_map(|id| pack.red_flags.get(id))
            .map(|f| f.penalties[ci])
            .sum();
        let score = round1((1.0 + 4.0 * raw - penalty).clamp(1.0, 5.0));
        scores[ci] = score;
        // Evidence: the heaviest-weighted signals that were actually heard.
        let mut sigs: Vec<(usize, f64)> = weights
            .iter()
            .filter_map(|(t, w)| {
                if let Term::Signal(s) = t {
                    Some((*s, *w))
                } else {
                    None
                }
            })
            .collect();
        sigs.sort_by(|x, y| y.1.total_cmp(&x.1));
        let mut used = HashSet::new();
        let mut evidence = Vec::new();
        for (s, _) in sigs {
            for h in ctx.stats[s].hits.iter().take(1) {
                if evidence.len() < 3 && used.insert(h.sentence) {
                    evidence.push(ctx.evidence(h));
                }
            }
        }
        let advice = comp
            .advice
            .iter()
            .find(|rule| {
                rule.when
                    .iter()
                    .all(|c| cond_holds(c, &ctx, &red_ids, score))
            })
            .map(|rule| ctx.render(&rule.text))
            .unwrap_or_default();
        results.push(CompetencyScore {
            score,
            evidence,
            advice,
        });
    }
    let mut results = results.into_iter();
    let mut next = || {
        results.next().unwrap_or(CompetencyScore {
            score: 1.0,
            evidence: Vec::new(),
            advice: String::new(),
        })
    };
    let competencies = Competencies {
        technical_depth: next(),
        architectural_thinking: next(),
        leadership_influence: next(),
        pragmatism: next(),
        ownership: next(),
        communication: next(),
    };

    // Overall.
    let kd = pack.kinds.get(&kind);
    let weights = kd.map(|k| k.overall_weights).unwrap_or([1.0; 6]);
    let wsum: f64 = weights.iter().sum();
    let mut overall =
        scores.iter().zip(weights).map(|(s, w)| s * w).sum::<f64>() / wsum.max(f64::EPSILON);
    overall -= red_ids
        .iter()
        .filter_map(|id| pack.red_flags.get(id))
        .map(|f| f.overall_penalty)
        .sum::<f64>();
    overall += pack.overall.positive_bonus * positive.len().min(2) as f64;
    let list_like = features[FEATURES
        .iter()
        .position(|f| *f == "clause_ratio")
        .unwrap_or(0)]
        < pack.overall.min_clause_ratio;
    if list_like {
        overall = overall.min(pack.overall.list_cap);
    }
    // An answer to another question is not a good answer to this one, however fluent.
    if red_ids.contains("off_topic") {
        overall = overall.min(pack.overall.off_topic_cap);
    }
    let short = unique_content.len() < pack.overall.short_answer_words;
    if short {
        overall = overall.min(pack.overall.short_cap);
    }
    let overall = round1(overall.clamp(1.0, 5.0));

    // Gaps, in the kind's order of importance.
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
        !steps[0].covered || red_ids.contains("no_constraints"),
    );
    gap_if(Gap::NoTradeOffs, !steps[3].covered);
    gap_if(Gap::OverEngineering, red_ids.contains("over_engineering"));
    gap_if(Gap::NoDeepDive, !steps[2].covered);
    gap_if(Gap::NoFailureModes, !ctx.has("failure_mode"));
    gap_if(Gap::NoOperations, !steps[4].covered);
    gap_if(Gap::NoAlternatives, !steps[5].covered);
    gap_if(Gap::Complaining, red_ids.contains("complaining"));
    gap_if(Gap::IndividualOnly, red_ids.contains("individual_only"));
    gap_if(Gap::NoSituation, !star.situation);
    gap_if(Gap::NoAction, !star.action);
    gap_if(Gap::NoResult, !star.result);
    gap_if(Gap::NoQuantifiedResult, !star.quantified_result);
    gap_if(Gap::NoBusinessImpact, !ctx.has("business_impact"));
    gap_if(Gap::NoInfluence, !ctx.has("influence"));
    let gaps: Vec<Gap> = kd
        .map(|k| {
            k.gap_order
                .iter()
                .copied()
                .filter(|g| present.contains(g))
                .collect()
        })
        .unwrap_or_default();

    let talking_points = talking_points(pack, question, &a, &unique, &mut local, meaning.as_ref());
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
    let summary = summary(
        overall,
        &scores,
        &penalised,
        list_like,
        short,
        &red_flags,
        gaps.first(),
    );

    Ok(Assessment {
        overall,
        kind,
        no_speech: false,
        summary,
        competencies,
        framework,
        star,
        agency,
        red_flags,
        positive_signals,
        delivery,
        talking_points,
        gaps,
        rubric_version: pack.version_label(),
        moves: moves.spans(&ctx, &unique),
    })
}

fn cond_holds(c: &Cond, ctx: &Ctx<'_>, red: &HashSet<String>, score: f64) -> bool {
    match c {
        Cond::Has(s) => ctx.stats[*s].strength > 0.0,
        Cond::Lacks(s) => ctx.stats[*s].strength <= 0.0,
        Cond::Denied(s) => !ctx.stats[*s].negated.is_empty(),
        Cond::Flag(f) => red.contains(f),
        Cond::NoFlag(f) => !red.contains(f),
        Cond::Kind(k) => ctx.kind == *k,
        Cond::NotKind(k) => ctx.kind != *k,
        Cond::Below(x) => score < *x,
        Cond::AtLeast(x) => score >= *x,
    }
}

/// A negator within the window before the match, in the same clause, cancels it: "we never
/// discussed trade-offs", "without a cache", "I didn't consider alternatives".
fn negated_at(pack: &RubricPack, tokens: &[Token], sentence_start: usize, at: usize) -> bool {
    let mut j = at;
    let mut steps = 0;
    if tokens[at].boundary_before {
        return false;
    }
    while j > sentence_start && steps < pack.negation_window {
        j -= 1;
        steps += 1;
        if pack.negators.binary_search(&tokens[j].stem).is_ok() {
            return true;
        }
        if tokens[j].boundary_before {
            break;
        }
    }
    false
}

/// 0 below `lo`, 1 above `hi`, linear between.
fn ramp(x: f64, lo: f64, hi: f64) -> f64 {
    ((x - lo) / (hi - lo)).clamp(0.0, 1.0)
}

fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}
