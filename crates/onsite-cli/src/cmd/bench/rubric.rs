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

pub fn run(_ctx: &Ctx, args: Args) -> anyhow::Result<ExitCode> {
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
    println!("  load average: {}", super::load_average());
    Ok(ExitCode::SUCCESS)
}
