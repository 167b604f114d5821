//! Progress over time: per-competency trends across sessions, practice streaks, and the last
//! two takes of each question compared side by side.

use std::collections::{BTreeMap, BTreeSet};

use onsite_interview::summary::gap_focus;
use onsite_interview::Gap as FocusGap;
use onsite_store::{SessionDetail, Store};
use serde::Serialize;

use crate::competency::competency_label;
use crate::session::{assessment_of, round1};
use crate::text::content_words;
use crate::ReportError;

/// A change in a competency's score smaller than this reads as noise, not a trend.
pub const TREND_NOISE: f64 = 0.2;
const DAY_MS: i64 = 86_400_000;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Progress {
    pub sessions: usize,
    pub trends: Vec<CompetencyTrend>,
    pub streak: Streak,
    pub comparisons: Vec<TakeComparison>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TrendDirection {
    Up,
    Down,
    Flat,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TrendPoint {
    pub session_id: String,
    pub started_at_ms: i64,
    pub score: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CompetencyTrend {
    pub competency: String,
    pub label: String,
    /// Oldest first.
    pub points: Vec<TrendPoint>,
    pub first: f64,
    pub latest: f64,
    /// `latest - first`, rounded to 0.1.
    pub change: f64,
    pub direction: TrendDirection,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Streak {
    /// Days in a row with a session, ending today or yesterday (UTC); 0 otherwise.
    pub current_days: u32,
    pub longest_days: u32,
    /// Distinct days with at least one session.
    pub practice_days: u32,
    /// `YYYY-MM-DD` (UTC) of the latest session.
    pub last_practice_day: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TakeSide {
    pub session_id: String,
    pub take_id: i64,
    pub attempt: u32,
    pub started_at_ms: i64,
    pub overall: Option<f64>,
    pub scores: BTreeMap<String, f64>,
    pub transcript: String,
}

/// Two takes of the same bank question, older first, and what changed between them.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TakeComparison {
    pub question_id: String,
    pub question_text: String,
    pub before: TakeSide,
    pub after: TakeSide,
    pub overall_change: Option<f64>,
    /// Competency -> `after - before`.
    pub score_changes: BTreeMap<String, f64>,
    /// What the rubric missed before and no longer misses, as practice focus texts.
    pub gaps_closed: Vec<String>,
    pub gaps_new: Vec<String>,
    /// Content words said only in the later take, and only in the earlier one.
    pub words_added: Vec<String>,
    pub words_dropped: Vec<String>,
}

impl Progress {
    /// Progress over every session in `store`, with streaks counted up to `now_ms`.
    pub fn load(store: &Store, now_ms: i64) -> Result<Self, ReportError> {
        let sessions = store
            .list_sessions()?
            .iter()
            .map(|s| store.session(&s.id))
            .collect::<Result<Vec<_>, _>>()?;
        let trend = store.competency_trend(None)?;
        let mut by: BTreeMap<String, Vec<TrendPoint>> = BTreeMap::new();
        for p in trend {
            by.entry(p.competency).or_default().push(TrendPoint {
                session_id: p.session_id.to_string(),
                started_at_ms: p.started_at_ms,
                score: p.score,
            });
        }
        let trends = by
            .into_iter()
            .filter_map(|(competency, points)| {
                let first = points.first()?.score;
                let latest = points.last()?.score;
                let change = round1(latest - first);
                Some(CompetencyTrend {
                    label: competency_label(&competency),
                    competency,
                    points,
                    first,
                    latest,
                    change,
                    direction: if change >= TREND_NOISE {
                        TrendDirection::Up
                    } else if change <= -TREND_NOISE {
                        TrendDirection::Down
                    } else {
                        TrendDirection::Flat
                    },
                })
            })
            .collect();
        Ok(Self {
            sessions: sessions.len(),
            trends,
            streak: streak(sessions.iter().map(|s| s.started_at_ms), now_ms),
            comparisons: comparisons(&sessions),
        })
    }
}

pub(crate) fn streak(starts: impl Iterator<Item = i64>, now_ms: i64) -> Streak {
    let days: BTreeSet<i64> = starts.map(|ms| ms.div_euclid(DAY_MS)).collect();
    let mut longest = 0u32;
    let mut run = 0u32;
    let mut prev: Option<i64> = None;
    for d in &days {
        run = if prev == Some(d - 1) { run + 1 } else { 1 };
        longest = longest.max(run);
        prev = Some(*d);
    }
    let today = now_ms.div_euclid(DAY_MS);
    let mut current = 0u32;
    // A streak is still alive on a day the candidate has not practised yet.
    let mut day = if days.contains(&today) {
        today
    } else {
        today - 1
    };
    while days.contains(&day) {
        current += 1;
        day -= 1;
    }
    Streak {
        current_days: current,
        longest_days: longest,
        practice_days: u32::try_from(days.len()).unwrap_or(u32::MAX),
        last_practice_day: days.last().map(|d| day_string(*d)),
    }
}

fn day_string(day: i64) -> String {
    let fmt = time::macros::format_description!("[year]-[month]-[day]");
    time::OffsetDateTime::from_unix_timestamp(day * 86_400)
        .ok()
        .and_then(|t| t.format(fmt).ok())
        .unwrap_or_else(|| day.to_string())
}

struct ScoredTake<'a> {
    session: &'a SessionDetail,
    text: &'a str,
    take: &'a onsite_store::TakeDetail,
}

fn comparisons(sessions: &[SessionDetail]) -> Vec<TakeComparison> {
    let mut by_question: BTreeMap<&str, Vec<ScoredTake<'_>>> = BTreeMap::new();
    for s in sessions {
        for q in &s.questions {
            for t in q.takes.iter().filter(|t| t.rubric.is_some()) {
                by_question
                    .entry(q.question.question_id.as_str())
                    .or_default()
                    .push(ScoredTake {
                        session: s,
                        text: &q.question.text,
                        take: t,
                    });
            }
        }
    }
    let mut out = Vec::new();
    for (question_id, mut takes) in by_question {
        if takes.len() < 2 {
            continue;
        }
        takes.sort_by_key(|t| (t.take.started_at_ms, t.take.id.map(|i| i.0)));
        let (Some(after), Some(before)) = (takes.last(), takes.get(takes.len() - 2)) else {
            continue;
        };
        out.push(compare(question_id, before, after));
    }
    out
}

fn side(t: &ScoredTake<'_>) -> TakeSide {
    let a = assessment_of(t.take);
    TakeSide {
        session_id: t.session.id.to_string(),
        take_id: t.take.id.map(|i| i.0).unwrap_or(0),
        attempt: t.take.attempt,
        started_at_ms: t.take.started_at_ms,
        overall: a.as_ref().map(|a| a.overall),
        scores: t
            .take
            .rubric
            .as_ref()
            .map(|r| r.scores.clone())
            .unwrap_or_default(),
        transcript: t
            .take
            .segments
            .iter()
            .map(|s| s.text.trim())
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(" "),
    }
}

fn gaps(t: &ScoredTake<'_>) -> Vec<FocusGap> {
    assessment_of(t.take)
        .map(|a| a.gaps.into_iter().map(FocusGap::from).collect())
        .unwrap_or_default()
}

fn compare(question_id: &str, b: &ScoredTake<'_>, a: &ScoredTake<'_>) -> TakeComparison {
    let before = side(b);
    let after = side(a);
    let score_changes = after
        .scores
        .iter()
        .filter_map(|(k, v)| before.scores.get(k).map(|old| (k.clone(), round1(v - old))))
        .collect();
    let (gb, ga) = (gaps(b), gaps(a));
    let focus = |g: &FocusGap| gap_focus(*g).to_string();
    let wb: Vec<String> = content_words(&before.transcript);
    let wa: Vec<String> = content_words(&after.transcript);
    let (sb, sa): (BTreeSet<&String>, BTreeSet<&String>) =
        (wb.iter().collect(), wa.iter().collect());
    let words_added = distinctive(&wa, &sb);
    let words_dropped = distinctive(&wb, &sa);
    TakeComparison {
        question_id: question_id.to_string(),
        question_text: b.text.to_string(),
        overall_change: before
            .overall
            .zip(after.overall)
            .map(|(x, y)| round1(y - x)),
        score_changes,
        gaps_closed: gb.iter().filter(|g| !ga.contains(g)).map(focus).collect(),
        gaps_new: ga.iter().filter(|g| !gb.contains(g)).map(focus).collect(),
        words_added,
        words_dropped,
        before,
        after,
    }
}

/// Words of `said` that `other` lacks, most repeated first (ties in order of first use), at
/// most 15: what the take talked about that the other did not.
fn distinctive(said: &[String], other: &BTreeSet<&String>) -> Vec<String> {
    let mut counts: Vec<(&String, usize, usize)> = Vec::new();
    for (i, w) in said.iter().enumerate() {
        if other.contains(w) {
            continue;
        }
        match counts.iter_mut().find(|c| c.0 == w) {
            Some(c) => c.1 += 1,
            None => counts.push((w, 1, i)),
        }
    }
    counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.2.cmp(&b.2)));
    counts.into_iter().take(15).map(|c| c.0.clone()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streaks_count_consecutive_utc_days() {
        let day = |d: i64| d * DAY_MS + 3_600_000;
        // Days 1,2,3 (run of 3), 5, then 9,10 with "now" on day 10 (run of 2 alive).
        let s = streak([1, 2, 2, 3, 5, 9, 10].into_iter().map(day), day(10));
        assert_eq!((s.current_days, s.longest_days, s.practice_days), (2, 3, 6));
        // The day after, not yet practised: the streak is still alive.
        assert_eq!(
            streak([9, 10].into_iter().map(day), day(11)).current_days,
            2
        );
        // Two days later it is broken.
        assert_eq!(
            streak([9, 10].into_iter().map(day), day(12)).current_days,
            0
        );
        assert_eq!(streak(std::iter::empty(), 0).last_practice_day, None);
        assert_eq!(
            streak([day(20_000)].into_iter(), day(20_000))
                .last_practice_day
                .as_deref(),
            Some("2024-10-04")
        );
    }
}
