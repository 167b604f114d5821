//! Properties that keep the rubric hard to game: saying more filler, deleting content,
//! shuffling, or repeating yourself never buys a better score.

use onsite_rubric::{Answer, Assessment, Question, QuestionKind, RubricPack};
use proptest::prelude::*;

fn pack() -> &'static RubricPack {
    static PACK: std::sync::OnceLock<RubricPack> = std::sync::OnceLock::new();
    PACK.get_or_init(|| RubricPack::embedded().expect("embedded pack"))
}

fn assess(kind: QuestionKind, text: &str) -> Assessment {
    pack()
        .assess(&Question::new(kind), &Answer::from_text(text))
        .expect("assess")
}

const LABELLED: &[(&str, QuestionKind)] = &[
    (
        include_str!("labelled/answers/sd_strong.txt"),
        QuestionKind::SystemDesign,
    ),
    (
        include_str!("labelled/answers/sd_medium.txt"),
        QuestionKind::SystemDesign,
    ),
    (
        include_str!("labelled/answers/sd_weak.txt"),
        QuestionKind::SystemDesign,
    ),
    (
        include_str!("labelled/answers/beh_strong.txt"),
        QuestionKind::Behavioural,
    ),
    (
        include_str!("labelled/answers/beh_medium.txt"),
        QuestionKind::Behavioural,
    ),
    (
        include_str!("labelled/answers/td_strong.txt"),
        QuestionKind::TechnicalDebt,
    ),
    (
        include_str!("labelled/answers/ops_strong.txt"),
        QuestionKind::Operations,
    ),
    (
        include_str!("labelled/answers/amb_strong.txt"),
        QuestionKind::Ambiguity,
    ),
    (
        include_str!("labelled/answers/gen_strong.txt"),
        QuestionKind::General,
    ),
];

const CONSTRAINTS: &[&str] = &[
    "Before I design anything, how many requests per second do we expect at peak?",
    "Let's assume about ten million daily active users, mostly reads.",
    "What is the latency budget, is it something like fifty milliseconds at p99?",
    "Do we need strong consistency here, or is a few seconds of staleness fine?",
];
const ARCHITECTURE: &[&str] = &[
    "At a high level, clients talk to a stateless service behind a load balancer.",
    "The write path goes through a queue to a pool of workers.",
    "So the main components are the API gateway, the service and the database.",
];
const DEEP: &[&str] = &[
    "I'd shard the table by user id and keep a read replica in each zone.",
    "The cache uses a TTL of five minutes with write-through on updates.",
    "Each request carries an idempotency key so retries are safe.",
];
const TRADE: &[&str] = &[
    "The trade-off is consistency versus availability, and here I'd pick availability.",
    "The downside is more operational complexity, which I think is worth it at this scale.",
];
const OPS: &[&str] = &[
    "I'd monitor the error rate and alert when it crosses one percent.",
    "If Redis goes down we fail open and fall back to a local limit.",
    "Another option would be a sliding window log, but it costs more memory.",
];

/// Openers that sound like planning but ask and assume nothing.
const OPENERS: &[&str] = &[
    "I would start with the architecture.",
    "Let me clarify the requirements first.",
    "First, let's think about the big picture before the details.",
    "I'd like to understand the problem before jumping into the design.",
    "Let me start with the high-level design and then go deeper.",
    "Before designing anything, I want to think about what matters here.",
];
/// Heavy machinery, each sentence with no constraint or reason of its own.
const HEAVY: &[&str] = &[
    "Every event also goes through Kafka.",
    "Each part runs as its own microservice on Kubernetes.",
    "We replicate everything across five regions, active active.",
    "A Flink job processes the stream of requests.",
    "A service mesh handles the traffic between the services.",
];
/// Assumptions stated with a number and no question.
const ASSUMPTIONS: &[&str] = &[
    "Let's assume ten thousand requests per second at peak.",
    "I'll assume about two million daily users.",
    "Assume roughly 500 writes a second, mostly small.",
    "Let's say 50 million users, and reads outnumber writes ten to one.",
];

/// A well-ordered system-design answer: constraints, architecture, depth, trade-offs, operations.
fn ordered_answer() -> impl Strategy<Value = Vec<&'static str>> {
    let pick = |pool: &'static [&'static str]| proptest::sample::subsequence(pool, 1..=pool.len());
    (
        pick(CONSTRAINTS),
        pick(ARCHITECTURE),
        pick(DEEP),
        pick(TRADE),
        pick(OPS),
    )
        .prop_map(|(a, b, c, d, e)| {
            let mut all = a;
            all.extend(b);
            all.extend(c);
            all.extend(d);
            all.extend(e);
            all
        })
}

fn insert_fillers(text: &str, inserts: &[(usize, usize)]) -> String {
    const FILLERS: &[&str] = &["um", "uh", "er", "basically", "umm", "Um,", "uh,"];
    let mut words: Vec<String> = text.split(' ').map(str::to_owned).collect();
    for (pos, which) in inserts {
        let at = pos % (words.len() + 1);
        words.insert(at, FILLERS[which % FILLERS.len()].to_owned());
    }
    words.join(" ")
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn adding_fillers_never_raises_communication(
        which in 0..LABELLED.len(),
        inserts in proptest::collection::vec((0usize..400, 0usize..7), 1..25),
    ) {
        let (text, kind) = LABELLED[which];
        let before = assess(kind, text);
        let after = assess(kind, &insert_fillers(text, &inserts));
        prop_assert!(after.competencies.communication.score <= before.competencies.communication.score,
            "communication rose from {} to {}", before.competencies.communication.score, after.competencies.communication.score);
        prop_assert!(after.delivery.fillers.count >= before.delivery.fillers.count + inserts.len() as u32);
    }

    #[test]
    fn deleting_the_constraints_never_raises_clarify_constraints(sentences in ordered_answer()) {
        let with: String = sentences.join(" ");
        let without: String = sentences.iter().filter(|s| !CONSTRAINTS.contains(s)).copied().collect::<Vec<_>>().join(" ");
        let a = assess(QuestionKind::SystemDesign, &with);
        let b = assess(QuestionKind::SystemDesign, &without);
        prop_assert!(a.framework.clarify_constraints.covered);
        prop_assert!(!b.framework.clarify_constraints.covered || a.framework.clarify_constraints.covered);
        prop_assert!(b.competencies.architectural_thinking.score <= a.competencies.architectural_thinking.score);
        prop_assert!(b.has_red_flag("no_constraints"));
    }

    #[test]
    fn shuffling_sentences_does_not_raise_structure_scores(
        (sentences, shuffled) in ordered_answer().prop_flat_map(|s| (Just(s.clone()), Just(s).prop_shuffle()))
    ) {
        let a = assess(QuestionKind::SystemDesign, &sentences.join(" "));
        let b = assess(QuestionKind::SystemDesign, &shuffled.join(" "));
        prop_assert_eq!(a.framework.constraints_before_architecture, Some(true));
        prop_assert!(b.competencies.architectural_thinking.score <= a.competencies.architectural_thinking.score);
        prop_assert!(b.competencies.communication.score <= a.competencies.communication.score);
        prop_assert!(b.overall <= a.overall);
    }

    #[test]
    fn repeating_the_answer_does_not_raise_any_score(sentences in ordered_answer(), times in 2usize..4) {
        let once = sentences.join(" ");
        let again = vec![once.as_str(); times].join("\n\n");
        let a = assess(QuestionKind::SystemDesign, &once);
        let b = assess(QuestionKind::SystemDesign, &again);
        prop_assert!(b.overall <= a.overall);
        for ((name, x), (_, y)) in a.competencies.iter().into_iter().zip(b.competencies.iter()) {
            prop_assert!(y.score <= x.score, "{} rose from {} to {}", name, x.score, y.score);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    /// Any text at all (odd Unicode, punctuation runs, digits glued to words) scores without
    /// panicking, inside the scale, with evidence that points at real words.
    #[test]
    fn any_text_scores_within_bounds(text in "(\\PC|[ .,?!'\u{2019}%$-]|um|like|you know|I|we|trade-off|Redis|10%){0,200}") {
        let answer = Answer::from_text(&text);
        let a = pack().assess(&Question::new(QuestionKind::SystemDesign), &answer).expect("assess");
        prop_assert!((1.0..=5.0).contains(&a.overall));
        for (_, c) in a.competencies.iter() {
            prop_assert!((1.0..=5.0).contains(&c.score));
            for e in &c.evidence {
                prop_assert!(e.start_word <= e.end_word && e.end_word < answer.word_count());
            }
        }
    }
}

#[test]
fn repeating_any_labelled_answer_does_not_raise_any_score() {
    for (text, kind) in LABELLED {
        let a = assess(*kind, text);
        let b = assess(*kind, &format!("{text}\n\n{text}"));
        assert!(b.overall <= a.overall);
        for ((name, x), (_, y)) in a.competencies.iter().into_iter().zip(b.competencies.iter()) {
            assert!(
                y.score <= x.score,
                "{name} rose from {} to {}",
                x.score,
                y.score
            );
        }
        assert!(
            b.delivery.repetition >= 0.45,
            "repetition {}",
            b.delivery.repetition
        );
    }
}

#[test]
fn repeating_one_phrase_adds_no_credit() {
    let once = "The trade-off is consistency versus availability, and I'd pick availability for this feed.";
    let a = assess(QuestionKind::SystemDesign, once);
    let b = assess(QuestionKind::SystemDesign, &[once; 6].join(" "));
    for ((name, x), (_, y)) in a.competencies.iter().into_iter().zip(b.competencies.iter()) {
        assert!(
            y.score <= x.score,
            "{name} rose from {} to {}",
            x.score,
            y.score
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 32, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn heavy_components_without_a_constraint_never_raise_pragmatism(
        sentences in ordered_answer(),
        heavy in proptest::sample::subsequence(HEAVY, 1..=HEAVY.len()),
    ) {
        let base = sentences.join(" ");
        let mut more = sentences.clone();
        more.extend(heavy.iter().copied());
        let a = assess(QuestionKind::SystemDesign, &base);
        let b = assess(QuestionKind::SystemDesign, &more.join(" "));
        prop_assert!(
            b.competencies.pragmatism.score <= a.competencies.pragmatism.score,
            "pragmatism rose from {} to {}", a.competencies.pragmatism.score, b.competencies.pragmatism.score
        );
    }

    #[test]
    fn an_opener_never_covers_clarify_constraints(
        opener in proptest::sample::select(OPENERS),
        design in proptest::sample::subsequence(ARCHITECTURE, 1..=ARCHITECTURE.len()),
        deep in proptest::sample::subsequence(DEEP, 0..=DEEP.len()),
    ) {
        let mut all = vec![opener];
        all.extend(design);
        all.extend(deep);
        let a = assess(QuestionKind::SystemDesign, &all.join(" "));
        prop_assert!(!a.framework.clarify_constraints.covered, "{:?}", a.framework.clarify_constraints.evidence);
        prop_assert!(a.has_red_flag("no_constraints"));
    }

    #[test]
    fn a_stated_assumption_with_a_number_covers_clarify_constraints_before_the_design(
        assumption in proptest::sample::select(ASSUMPTIONS),
        design in proptest::sample::subsequence(ARCHITECTURE, 1..=ARCHITECTURE.len()),
        at in 0usize..4,
    ) {
        let mut all: Vec<&str> = design;
        all.insert(at.min(all.len()), assumption);
        let a = assess(QuestionKind::SystemDesign, &all.join(" "));
        if at == 0 {
            prop_assert!(a.framework.clarify_constraints.covered);
            prop_assert_eq!(a.framework.constraints_before_architecture, Some(true));
        } else {
            // Said after the design began, it clarified nothing the design was chosen for.
            prop_assert_eq!(a.framework.constraints_before_architecture, Some(false));
            prop_assert!(!a.framework.clarify_constraints.covered);
            prop_assert!(a.has_red_flag("no_constraints"));
        }
    }
}
