//! `onsite bench store`: word inserts, the sessions list and full-text search, on SYNTHETIC
//! sessions in a scratch data folder (the user's own data is never touched).

use std::process::ExitCode;
use std::time::{Duration, Instant};

use onsite_datadir::DataDir;
use onsite_store::bench::StoreBench;
use onsite_store::Store;
use serde::Serialize;

use crate::cmd::{print_json, Ctx, JsonOrText};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Synthetic sessions to list and search over
    #[arg(long, default_value_t = 1000)]
    sessions: usize,
    /// Transcript words to insert (in transactions of 1,000 words)
    #[arg(long, default_value_t = 200_000)]
    words: usize,
    #[arg(long, value_enum, default_value_t)]
    format: JsonOrText,
}

pub fn run(_ctx: &Ctx, args: Args) -> anyhow::Result<ExitCode> {
    let scratch = tempfile::Builder::new()
        .prefix("onsite-bench-store-")
        .tempdir()?;
    let dir = DataDir::open(Some(&scratch.path().join("data")))?;
    let store_figures = onsite_store::bench::run(&dir, args.sessions, args.words)
        .map_err(|e| anyhow::anyhow!("{e} [{}]", e.code()))?;
    let history = history_read(&dir)?;
    let figures = Figures {
        history_read_ms_median: ms(history[history.len() / 2]),
        history_read_ms_max: ms(history[history.len() - 1]),
        store: store_figures,
    };
    if args.format == JsonOrText::Json {
        return print_json(&figures).map(|()| ExitCode::SUCCESS);
    }
    let f = &figures.store;
    println!(
        "store: SYNTHETIC data in a scratch folder (build: {}, load {})",
        if cfg!(debug_assertions) {
            "debug"
        } else {
            "release"
        },
        super::load_average()
    );
    println!(
        "  insert words      {:>10.0} words/s  ({} words, {} per transaction; target >= 50,000)",
        f.words_per_second, f.words_inserted, f.words_per_transaction
    );
    println!(
        "  seed sessions     {:>10.1} ms       ({} sessions with transcripts and scores)",
        f.seed_ms, f.sessions
    );
    println!(
        "  list with scores  {:>10.2} ms median, {:.2} ms max  (target <= 20 ms)",
        f.list_sessions_ms_median, f.list_sessions_ms_max
    );
    println!(
        "  session scores    {:>10.2} ms median, {:.2} ms max  (latest scored take per question, with the rubric's overall)",
        f.final_take_scores_ms_median, f.final_take_scores_ms_max
    );
    println!(
        "  History read      {:>10.2} ms median, {:.2} ms max  (the list and each session's scores, as History and Home read them; target <= 20 ms)",
        figures.history_read_ms_median, figures.history_read_ms_max
    );
    println!(
        "  full-text search  {:>10.2} ms median, {:.2} ms max  (newest first, 50 hits; target <= 20 ms)",
        f.search_ms_median, f.search_ms_max
    );
    println!(
        "    by relevance    {:>10.2} ms median, {:.2} ms max  (BM25 over every match)",
        f.search_relevance_ms_median, f.search_relevance_ms_max
    );
    let matches: Vec<String> = f
        .search_queries
        .iter()
        .zip(&f.search_matches)
        .map(|(q, n)| format!("{q:?} {n}"))
        .collect();
    println!("    segments matched: {}", matches.join(", "));
    Ok(ExitCode::SUCCESS)
}

/// The store figures, and the whole History read timed through the report crate.
#[derive(Debug, Serialize)]
struct Figures {
    #[serde(flatten)]
    store: StoreBench,
    history_read_ms_median: f64,
    history_read_ms_max: f64,
}

/// What History and Home do for their rows: the sessions list, then every session's scores by
/// the one definition (`onsite_report::session_scores`). 21 runs, sorted.
fn history_read(dir: &DataDir) -> anyhow::Result<Vec<Duration>> {
    let store = Store::open(dir).map_err(|e| anyhow::anyhow!("{e} [{}]", e.code()))?;
    let mut times = Vec::new();
    for _ in 0..21 {
        let started = Instant::now();
        let sessions = store
            .list_sessions()
            .map_err(|e| anyhow::anyhow!("{e} [{}]", e.code()))?;
        let scores = onsite_report::session_scores(&store, &sessions)
            .map_err(|e| anyhow::anyhow!("{e} [{}]", e.code()))?;
        times.push(started.elapsed());
        std::hint::black_box((sessions, scores));
    }
    times.sort();
    Ok(times)
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}
