//! `onsite bench store`: the store's speed on SYNTHETIC data in a scratch data folder.

use std::time::{Duration, Instant};

use onsite_datadir::DataDir;
use serde::Serialize;

use crate::model::{NewSession, QuestionSnapshot, SearchOrder, TakeEnd};
use crate::synthetic::{synthetic_segment, Rng};
use crate::{Store, StoreError};

/// Figures measured by [`run`]; times in milliseconds.
#[derive(Debug, Clone, Serialize)]
pub struct StoreBench {
    pub words_inserted: usize,
    pub words_per_transaction: usize,
    pub words_per_second: f64,
    pub sessions: usize,
    pub seed_ms: f64,
    pub list_sessions_ms_median: f64,
    pub list_sessions_ms_max: f64,
    /// `final_take_scores`: what the app adds to the list for the sessions' overall scores.
    pub final_take_scores_ms_median: f64,
    pub final_take_scores_ms_max: f64,
    pub search_queries: Vec<String>,
    pub search_ms_median: f64,
    pub search_ms_max: f64,
    pub search_relevance_ms_median: f64,
    pub search_relevance_ms_max: f64,
    /// Segments matching each query (how much work a relevance sort does).
    pub search_matches: Vec<usize>,
    pub search_hits_first_query: usize,
}

/// Runs the store benchmark in `scratch` (a data folder created for it; the caller removes it).
pub fn run(scratch: &DataDir, sessions: usize, words: usize) -> Result<StoreBench, StoreError> {
    let mut store = Store::open(scratch)?;
    let mut rng = Rng::new(7);

    // Words as the speech worker hands them over: segments of ~20 words, committed in batches.
    let session = store.create_session(&NewSession {
        plan: "synthetic".into(),
        level: "staff".into(),
        tailoring: serde_json::json!({ "synthetic": true }),
        started_at_ms: crate::now_ms(),
    })?;
    let question = store.ask_question(
        &session,
        &QuestionSnapshot {
            question_id: "bench".into(),
            question_version: "1".into(),
            text: "Synthetic benchmark question".into(),
        },
        crate::now_ms(),
    )?;
    let take = store.start_take(question, crate::now_ms(), None)?;
    let words_per_segment = 20;
    let segments_per_tx = 50;
    let segments: Vec<_> = (0..words.div_ceil(words_per_segment))
        .map(|i| synthetic_segment(&mut rng, i as u64 * 10_000, words_per_segment))
        .collect();
    let started = Instant::now();
    for batch in segments.chunks(segments_per_tx) {
        store.append_segments(take.id, batch)?;
    }
    let insert_time = started.elapsed();
    store.finish_take(take.id, TakeEnd::Complete, crate::now_ms())?;
    let words_inserted = segments.len() * words_per_segment;

    let started = Instant::now();
    store.seed_synthetic(sessions, 42)?;
    let seed_time = started.elapsed();

    let mut list_times = Vec::new();
    for _ in 0..21 {
        let started = Instant::now();
        let listed = store.list_sessions()?;
        list_times.push(started.elapsed());
        std::hint::black_box(listed);
    }

    let mut final_times = Vec::new();
    for _ in 0..21 {
        let started = Instant::now();
        let finals = store.final_take_scores()?;
        final_times.push(started.elapsed());
        std::hint::black_box(finals);
    }

    let search_queries: Vec<String> = [
        "cache invalidation",
        "failover region",
        "idempotent retries",
        "postmortem",
        "backpress",
    ]
    .iter()
    .map(|q| (*q).to_string())
    .collect();
    let mut search_times = Vec::new();
    let mut relevance_times = Vec::new();
    let mut search_hits_first_query = 0;
    for round in 0..5 {
        for (i, query) in search_queries.iter().enumerate() {
            let started = Instant::now();
            let hits = store.search_ordered(query, SearchOrder::Newest, 50)?;
            search_times.push(started.elapsed());
            if round == 0 && i == 0 {
                search_hits_first_query = hits.len();
            }
            let started = Instant::now();
            let hits = store.search_ordered(query, SearchOrder::Relevance, 50)?;
            relevance_times.push(started.elapsed());
            std::hint::black_box(hits);
        }
    }
    let search_matches = search_queries
        .iter()
        .map(|q| {
            store
                .search_ordered(q, SearchOrder::Newest, usize::MAX)
                .map(|h| h.len())
        })
        .collect::<Result<Vec<_>, _>>()?;

    Ok(StoreBench {
        words_inserted,
        words_per_transaction: words_per_segment * segments_per_tx,
        words_per_second: words_inserted as f64 / insert_time.as_secs_f64().max(1e-9),
        sessions,
        seed_ms: ms(seed_time),
        list_sessions_ms_median: ms(median(&mut list_times)),
        list_sessions_ms_max: ms(list_times.iter().copied().max().unwrap_or_default()),
        final_take_scores_ms_median: ms(median(&mut final_times)),
        final_take_scores_ms_max: ms(final_times.iter().copied().max().unwrap_or_default()),
        search_queries,
        search_ms_median: ms(median(&mut search_times)),
        search_ms_max: ms(search_times.iter().copied().max().unwrap_or_default()),
        search_relevance_ms_median: ms(median(&mut relevance_times)),
        search_relevance_ms_max: ms(relevance_times.iter().copied().max().unwrap_or_default()),
        search_matches,
        search_hits_first_query,
    })
}

fn median(times: &mut [Duration]) -> Duration {
    times.sort();
    times.get(times.len() / 2).copied().unwrap_or_default()
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}
