//! `onsite bench soak`: many whole headless sessions back to back in one process, on one loaded
//! Whisper model, in a scratch data folder. After each session it prints the process's resident
//! memory, open file descriptors and threads, then the growth from the 2nd session to the last
//! (the 1st warms caches and the allocator). Figures, not assertions: a leak shows as growth.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Instant;

use anyhow::{bail, Context};
use clap::Parser;
use serde::Serialize;

use super::super::{interview, print_json, Ctx, JsonOrText};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Number of sessions
    #[arg(long, default_value_t = 20, value_parser = clap::value_parser!(u32).range(2..=1000))]
    sessions: u32,
    /// Answers for each session (audio or text), comma-separated [default: two spoken answers
    /// made with espeak-ng]
    #[arg(long, value_name = "A1,A2,...", value_delimiter = ',')]
    answers: Vec<PathBuf>,
    /// Plan for each session
    #[arg(long, default_value = "quick-15")]
    plan: String,
    #[arg(long, value_enum, default_value_t)]
    format: JsonOrText,
}

/// The interview command's own arguments, parsed the way the CLI parses them.
#[derive(Debug, Parser)]
struct InterviewArgs {
    #[command(flatten)]
    args: interview::Args,
}

#[derive(Debug, Serialize)]
struct Sample {
    session: u32,
    seconds: f64,
    rss_mib: f64,
    fds: usize,
    threads: u64,
}

#[derive(Debug, Serialize)]
struct Report {
    sessions: u32,
    answers_per_session: usize,
    load_average: String,
    samples: Vec<Sample>,
    /// RSS growth from the 2nd session to the last, in percent.
    rss_growth_pct: f64,
    fd_growth: i64,
    thread_growth: i64,
}

const ANSWERS: [&str; 2] = [
    "Before designing anything I would ask about scale and latency. At a high level producers \
     write to Kafka, a Flink job aggregates one minute windows, and the results go to Postgres. \
     The trade-off is latency against cost, and we alert on consumer lag.",
    "I met the payments team lead, understood their roadmap and offered to pair one of our \
     engineers with theirs. As a result failed payments dropped by thirty percent.",
];

pub fn run(ctx: &Ctx, args: Args) -> anyhow::Result<ExitCode> {
    let scratch = tempfile::tempdir().context("cannot create a scratch folder")?;
    let answers = if args.answers.is_empty() {
        spoken_answers(scratch.path())?
    } else {
        args.answers.clone()
    };
    // The model is found through the real data folder; the sessions go to a scratch one so
    // the benchmark never touches the user's history.
    let model = super::super::transcribe::load_model(ctx, None)?;
    let data = scratch.path().join("data");
    let scratch_ctx = Ctx::open(Some(&data), 0)?;
    let answer_list = answers
        .iter()
        .map(|p| p.display().to_string())
        .collect::<Vec<_>>()
        .join(",");

    let mut samples = Vec::new();
    for n in 1..=args.sessions {
        let parsed = InterviewArgs::try_parse_from([
            "interview",
            "--plan",
            &args.plan,
            "--answers",
            &answer_list,
        ])?;
        let started = Instant::now();
        let out = interview::run_session(&scratch_ctx, parsed.args, Some(model.clone()))?;
        let sample = Sample {
            session: n,
            seconds: started.elapsed().as_secs_f64(),
            rss_mib: super::proc_status_kib("VmRSS:").unwrap_or(0) as f64 / 1024.0,
            fds: open_fds(),
            threads: super::proc_status_kib("Threads:").unwrap_or(0),
        };
        if args.format == JsonOrText::Text {
            println!(
                "session {:>3}  {:>6.2} s  RSS {:>7.1} MiB  fds {:>4}  threads {:>3}  ({})",
                sample.session,
                sample.seconds,
                sample.rss_mib,
                sample.fds,
                sample.threads,
                out.session_id
            );
        }
        samples.push(sample);
    }
    let (second, last) = (&samples[1], &samples[samples.len() - 1]);
    let report = Report {
        sessions: args.sessions,
        answers_per_session: answers.len(),
        load_average: super::load_average(),
        rss_growth_pct: (last.rss_mib - second.rss_mib) / second.rss_mib * 100.0,
        fd_growth: last.fds as i64 - second.fds as i64,
        thread_growth: last.threads as i64 - second.threads as i64,
        samples,
    };
    match args.format {
        JsonOrText::Json => print_json(&report)?,
        JsonOrText::Text => println!(
            "growth from session 2 to {}: RSS {:+.2} % (target < 5 %), fds {:+}, threads {:+} \
             (load average {})",
            report.sessions,
            report.rss_growth_pct,
            report.fd_growth,
            report.thread_growth,
            report.load_average
        ),
    }
    Ok(ExitCode::SUCCESS)
}

/// Two spoken answers made with espeak-ng in `dir`.
fn spoken_answers(dir: &Path) -> anyhow::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for (i, text) in ANSWERS.iter().enumerate() {
        let path = dir.join(format!("answer-{}.wav", i + 1));
        let status = Command::new("espeak-ng")
            .args(["-s", "150", "-w"])
            .arg(&path)
            .arg(text)
            .status()
            .context("espeak-ng is needed for the default answers; pass --answers instead")?;
        if !status.success() {
            bail!("espeak-ng failed ({status}); pass --answers instead");
        }
        out.push(path);
    }
    Ok(out)
}

fn open_fds() -> usize {
    std::fs::read_dir("/proc/self/fd")
        .map(|d| d.count())
        .unwrap_or(0)
}
