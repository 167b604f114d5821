//! `onsite bench rubric`: how long the rubric engine takes to score a long answer.

use std::process::ExitCode;
use std::time::Instant;

use onsite_rubric::{Answer, Question, QuestionKind, RubricPack};

use crate::cmd::Ctx;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Words in the timed sample transcript
    #[arg(long, default_value_t = 2000)]
    words: usize,
    /// Times to score it (the median is reported)
    #[arg(long, default_value_t = 200)]
    runs: usize,
}

pub fn run(ctx: &Ctx, args: Args) -> anyhow::Result<ExitCode> {
    let pack = RubricPack::embedded()?;
    let transcript = onsite_rubric::sample::sample_transcript(args.words);
    let question = Question {
        kind: QuestionKind::SystemDesign,
        text: "Design a rate limiter for a public API.".into(),
        talking_points: vec![
            "what happens when Redis is down".into(),
            "token bucket or sliding window".into(),
        ],
    };
    let words = transcript.words().count();
    // Warm up caches and the allocator before timing.
    let first = pack.assess(&question, &Answer::from_transcript(&transcript))?;
    let mut times = Vec::with_capacity(args.runs.max(1));
    for _ in 0..args.runs.max(1) {
        let start = Instant::now();
        let answer = Answer::from_transcript(&transcript);
        let a = pack.assess(&question, &answer)?;
        times.push(start.elapsed().as_secs_f64() * 1000.0);
        std::hint::black_box(a);
    }
    times.sort_by(f64::total_cmp);
    let pick = |q: f64| times[((times.len() - 1) as f64 * q).round() as usize];
    println!(
        "rubric: scored a {words}-word timed transcript {} times (rubric {})",
        times.len(),
        first.rubric_version
    );
    println!(
        "  median {:.3} ms   p90 {:.3} ms   min {:.3} ms   (target: median <= 2 ms)",
        pick(0.5),
        pick(0.9),
        times[0]
    );
    println!(
        "  build: {}",
        if cfg!(debug_assertions) {
            "debug"
        } else {
            "release"
        }
    );
    diagram(args.runs.max(1))?;
    with_meaning(ctx, &pack, &question, &transcript, args.runs)?;
    println!("  load average: {}", super::load_average());
    Ok(ExitCode::SUCCESS)
}

/// Reading a whiteboard: a generated 200-element scene parsed, classified and checked, as the
/// assessment of a drawn answer will do it.
fn diagram(runs: usize) -> anyhow::Result<()> {
    let scene = onsite_diagram::sample::scene(200);
    let said = onsite_rubric::sample::sample_transcript(300).text;
    let check = |graph: &onsite_diagram::Graph| (graph.findings(Some(&said)), graph.paths());
    let first = onsite_diagram::read(scene.as_bytes())?;
    let (findings, paths) = check(&first);
    let mut times = Vec::with_capacity(runs);
    for _ in 0..runs {
        let start = Instant::now();
        let graph = onsite_diagram::read(scene.as_bytes())?;
        std::hint::black_box(check(&graph));
        times.push(start.elapsed().as_secs_f64() * 1000.0);
    }
    times.sort_by(f64::total_cmp);
    let pick = |q: f64| times[((times.len() - 1) as f64 * q).round() as usize];
    println!(
        "diagram: read a 200-element scene ({} bytes: {} nodes, {} edges; {} findings, {} paths \
         with a 300-word answer) {} times",
        scene.len(),
        first.nodes.len(),
        first.edges.len(),
        findings.len(),
        paths.len(),
        times.len()
    );
    println!(
        "  median {:.3} ms   p90 {:.3} ms   min {:.3} ms   (target: <= 5 ms)",
        pick(0.5),
        pick(0.9),
        times[0]
    );
    Ok(())
}

/// The same answer scored with the sentence-embedding model (`onsite score --meaning`), when it
/// is installed: every unique sentence is embedded, so this is the time a user would wait.
fn with_meaning(
    ctx: &Ctx,
    pack: &RubricPack,
    question: &Question,
    transcript: &onsite_transcript::Transcript,
    runs: usize,
) -> anyhow::Result<()> {
    let start = Instant::now();
    let embedder = match crate::cmd::score::load_meaning(ctx) {
        Ok(e) => e,
        Err(e) => {
            println!("rubric with meaning: skipped: {e} [{}]", e.code());
            return Ok(());
        }
    };
    let load_ms = start.elapsed().as_secs_f64() * 1000.0;
    let meaning: Option<&dyn onsite_rubric::Meaning> = Some(&embedder);
    let first = pack.assess_with(question, &Answer::from_transcript(transcript), meaning)?;
    // Embedding costs a thousand times what the word rules do: a few runs give the median.
    let runs = runs.clamp(1, 3);
    let mut times = Vec::with_capacity(runs);
    for _ in 0..runs {
        let start = Instant::now();
        let a = pack.assess_with(question, &Answer::from_transcript(transcript), meaning)?;
        times.push(start.elapsed().as_secs_f64() * 1000.0);
        std::hint::black_box(a);
    }
    if let Some(failure) = embedder.take_failure() {
        anyhow::bail!("embedding failed: {failure}");
    }
    times.sort_by(f64::total_cmp);
    println!(
        "rubric with meaning (onsite score --meaning): the same transcript {} times \
         ({} of {} talking points covered; model loaded and verified in {load_ms:.0} ms)",
        times.len(),
        first.talking_points.covered.len(),
        question.talking_points.len(),
    );
    println!(
        "  median {:.1} ms   min {:.1} ms   (target: <= 60 ms)",
        times[times.len() / 2],
        times[0]
    );
    Ok(())
}
