//! Delivery: pace, fillers, hedges, long pauses and repetition, from the words and their
//! timings.

use super::*;
use crate::vocabulary::DeliveryFlag;
use std::collections::BTreeMap;

use crate::text::Analysed;

pub(super) fn delivery(
    pack: &RubricPack,
    answer: &Answer,
    a: &Analysed,
    ctx: &Ctx<'_>,
    repeated_words: usize,
) -> Delivery {
    let cfg = &pack.delivery;
    let words = answer.words.len();
    let duration_ms = if answer.timed {
        let start = answer.words.iter().filter_map(|w| w.start_ms).min();
        let end = answer.words.iter().filter_map(|w| w.end_ms).max();
        match (start, end) {
            (Some(s), Some(e)) if e > s => Some(e - s),
            _ => None,
        }
    } else {
        None
    };
    let minutes = duration_ms.map(|d| d as f64 / 60_000.0);
    let per_min = |count: u32| minutes.map(|m| round1(f64::from(count) / m));
    let wpm = minutes.map(|m| round1(words as f64 / m));
    let mut by_phrase: BTreeMap<String, u32> = BTreeMap::new();
    for h in &ctx.sig("hedge").hits {
        *by_phrase.entry(ctx.surface(h).to_lowercase()).or_insert(0) += 1;
    }
    let hedge_count = by_phrase.values().sum();
    let long_pauses = answer.timed.then(|| {
        answer
            .pauses_ms
            .iter()
            .filter(|(s, e)| e.saturating_sub(*s) > cfg.long_pause_ms)
            .map(|(s, e)| Pause {
                start_ms: *s,
                end_ms: *e,
            })
            .collect::<Vec<_>>()
    });
    let repetition = round2(repeated_words as f64 / words.max(1) as f64);
    let mut flags = Vec::new();
    if let Some(w) = wpm {
        if w < cfg.wpm_flag[0] {
            flags.push(DeliveryFlag::Slow.id().to_owned());
        } else if w > cfg.wpm_flag[1] {
            flags.push(DeliveryFlag::Fast.id().to_owned());
        }
    }
    let fillers_rate = per_min(a.fillers.total)
        .unwrap_or_else(|| f64::from(a.fillers.total) * 140.0 / words.max(1) as f64);
    if fillers_rate > cfg.fillers_per_min_flag {
        flags.push(DeliveryFlag::ManyFillers.id().to_owned());
    }
    if long_pauses.as_ref().is_some_and(|p| p.len() >= 2) {
        flags.push(DeliveryFlag::LongPauses.id().to_owned());
    }
    let hedge_rate = per_min(hedge_count)
        .unwrap_or_else(|| f64::from(hedge_count) * 140.0 / words.max(1) as f64);
    if hedge_rate > cfg.hedges_per_min_flag {
        flags.push(DeliveryFlag::Hedging.id().to_owned());
    }
    if repetition >= 0.2 {
        flags.push(DeliveryFlag::Repetition.id().to_owned());
    }
    Delivery {
        words,
        duration_s: duration_ms.map(|d| round1(d as f64 / 1000.0)),
        wpm,
        fillers: Fillers {
            count: a.fillers.total,
            per_min: per_min(a.fillers.total),
            by_word: a.fillers.by_word.clone(),
        },
        long_pauses,
        hedges: Hedges {
            count: hedge_count,
            per_min: per_min(hedge_count),
            by_phrase,
        },
        repetition,
        flags,
    }
}

pub(super) fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}
