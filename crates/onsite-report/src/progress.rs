//! Progress over time: per-competency trends across sessions, practice streaks, and the last
//! two takes of each question compared side by side.
//!
//! Streaks count the candidate's local calendar days. A session started by a writer that knew
//! the candidate's clock carries its own UTC offset (`SessionDetail::utc_offset_minutes`) and
//! lands on the local day it was practised, whatever daylight-saving change came since. The
//! caller's offset (the app from the webview's clock, the CLI from `--utc-offset` or the
//! system's time zone) places "today" and every session stored without an offset (earlier
//! builds, imports of them).

use std::collections::{BTreeMap, BTreeSet};

use onsite_interview::summary::gap_focus;
use onsite_interview::Gap as FocusGap;
use onsite_store::{SessionDetail, Store};
use serde::Serialize;

use crate::competency::competency_label;
use crate::session::{assessment_of, round1, take_overall};
use crate::text::content_words;
use crate::ReportError;
use onsite_interview::round_score;

/// A change in a competency's score smaller than this reads as noise, not a trend.
pub const TREND_NOISE: f64 = 0.2;
const DAY_MS: i64 = 86_400_000;

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Progress {
    #[cfg_attr(feature = "specta", specta(type = u32))]
    pub sessions: usize,
    pub trends: Vec<CompetencyTrend>,
    pub streak: Streak,
    pub comparisons: Vec<TakeComparison>,
    /// Local time minus UTC, in minutes, that days were counted in (UTC-8 is -480).
    pub utc_offset_minutes: i32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum TrendDirection {
    Up,
    Down,
    Flat,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct TrendPoint {
    pub session_id: String,
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub started_at_ms: i64,
    pub score: f64,
    /// The rubric version (`name@version`) the session's scores came from; several joined with
    /// " + " when its answers were scored by different versions (a partly re-scored session).
    pub rubric_version: Option<String>,
}

/// Where a trend's consecutive points were scored by different rubric versions: a step there
/// may be the rubric's, not the candidate's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct RubricChange {
    /// The first session scored by `to`.
    pub at_session_id: String,
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub at_started_at_ms: i64,
    pub from: String,
    pub to: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
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
    /// Between which points the rubric version changed, oldest first; empty when one version
    /// scored them all. `onsite sessions rescore` brings old sessions to the current version.
    pub rubric_changes: Vec<RubricChange>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Streak {
    /// Days in a row with a session, ending today or yesterday (local days); 0 otherwise.
    pub current_days: u32,
    pub longest_days: u32,
    /// Distinct days with at least one session.
    pub practice_days: u32,
    /// `YYYY-MM-DD` (local) of the latest session.
    pub last_practice_day: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct TakeSide {
    pub session_id: String,
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub take_id: i64,
    pub attempt: u32,
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub started_at_ms: i64,
    pub overall: Option<f64>,
    pub scores: BTreeMap<String, f64>,
    pub transcript: String,
    /// Words per minute and fillers per minute, when the rubric could time the answer.
    pub wpm: Option<f64>,
    pub fillers_per_min: Option<f64>,
    /// The red flags the rubric raised, as it words them.
    pub red_flags: Vec<String>,
    /// The question's talking points the answer covered.
    pub talking_points: Vec<String>,
}

/// Two takes of the same bank question, older first, and what changed between them.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
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
    /// Red flags raised before and not after, and the other way round.
    pub red_flags_gone: Vec<String>,
    pub red_flags_new: Vec<String>,
    /// Talking points covered only in the later take, and only in the earlier one.
    pub talking_points_new: Vec<String>,
    pub talking_points_dropped: Vec<String>,
    /// Both takes are in one session (the replay can play them side by side).
    pub same_session: bool,
}

impl Progress {
    /// Progress over every session in `store`, with streaks counted in local days (local time
    /// is UTC + `utc_offset_minutes`) up to `now_ms`.
    pub fn load(store: &Store, now_ms: i64, utc_offset_minutes: i32) -> Result<Self, ReportError> {
        let sessions = store
            .list_sessions()?
            .iter()
            .map(|s| store.session(&s.id))
            .collect::<Result<Vec<_>, _>>()?;
        let trend = store.competency_trend(None)?;
        let versions: BTreeMap<&str, String> = sessions
            .iter()
            .filter_map(|s| Some((s.id.as_str(), session_rubric_version(s)?)))
            .collect();
        let mut by: BTreeMap<String, Vec<TrendPoint>> = BTreeMap::new();
        for p in trend {
            let rubric_version = versions.get(p.session_id.as_str()).cloned();
            by.entry(p.competency).or_default().push(TrendPoint {
                session_id: p.session_id.to_string(),
                started_at_ms: p.started_at_ms,
                // Rounded as the session summary and History round it: one number everywhere.
                score: round_score(p.score),
                rubric_version,
            });
        }
        let trends = by
            .into_iter()
            .filter_map(|(competency, points)| {
                let first = points.first()?.score;
                let latest = points.last()?.score;
                let change = round1(latest - first);
                Some(CompetencyTrend {
                    rubric_changes: rubric_changes(&points),
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
            streak: streak_in_own_offsets(
                sessions
                    .iter()
                    .map(|s| (s.started_at_ms, s.utc_offset_minutes)),
                now_ms,
                utc_offset_minutes,
            ),
            comparisons: comparisons(&sessions),
            utc_offset_minutes,
        })
    }
}

/// The rubric version of a session's scores: that of each question's latest scored take, the
/// takes its scores are computed from (`Store::final_take_scores`). `None` when none is scored.
fn session_rubric_version(session: &SessionDetail) -> Option<String> {
    let versions: BTreeSet<&str> = session
        .questions
        .iter()
        .filter_map(|q| {
            q.takes
                .iter()
                .filter_map(|t| Some((t.attempt, t.rubric.as_ref()?)))
                .max_by_key(|(attempt, _)| *attempt)
                .map(|(_, r)| r.rubric_version.as_str())
        })
        .collect();
    (!versions.is_empty()).then(|| versions.into_iter().collect::<Vec<_>>().join(" + "))
}

/// Each place where a point's rubric version differs from the point before it.
fn rubric_changes(points: &[TrendPoint]) -> Vec<RubricChange> {
    points
        .windows(2)
        .filter_map(|w| {
            let (from, to) = (w[0].rubric_version.as_ref()?, w[1].rubric_version.as_ref()?);
            (from != to).then(|| RubricChange {
                at_session_id: w[1].session_id.clone(),
                at_started_at_ms: w[1].started_at_ms,
                from: from.clone(),
                to: to.clone(),
            })
        })
        .collect()
}

/// The widest offsets in use (UTC-12 to UTC+14); anything else is a caller's mistake and is
/// clamped rather than allowed to shift days arbitrarily.
const MAX_OFFSET_MINUTES: i32 = 14 * 60;

/// Streaks with every session (and today) at one offset.
#[cfg(test)]
pub(crate) fn streak(
    starts: impl Iterator<Item = i64>,
    now_ms: i64,
    utc_offset_minutes: i32,
) -> Streak {
    streak_in_own_offsets(starts.map(|t| (t, None)), now_ms, utc_offset_minutes)
}

/// Streaks over sessions given as (start, the offset recorded with it): each session's local
/// day is taken at its own offset when it has one, else at `utc_offset_minutes`, which also
/// places today.
pub(crate) fn streak_in_own_offsets(
    starts: impl Iterator<Item = (i64, Option<i32>)>,
    now_ms: i64,
    utc_offset_minutes: i32,
) -> Streak {
    let local_day = |ms: i64, offset_minutes: i32| {
        let offset_ms =
            i64::from(offset_minutes.clamp(-MAX_OFFSET_MINUTES, MAX_OFFSET_MINUTES)) * 60_000;
        ms.saturating_add(offset_ms).div_euclid(DAY_MS)
    };
    let days: BTreeSet<i64> = starts
        .map(|(ms, own)| local_day(ms, own.unwrap_or(utc_offset_minutes)))
        .collect();
    let mut longest = 0u32;
    let mut run = 0u32;
    let mut prev: Option<i64> = None;
    for d in &days {
        run = if prev == Some(d - 1) { run + 1 } else { 1 };
        longest = longest.max(run);
        prev = Some(*d);
    }
    let today = local_day(now_ms, utc_offset_minutes);
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
    let record_scores = t
        .take
        .rubric
        .as_ref()
        .map(|r| r.scores.clone())
        .unwrap_or_default();
    TakeSide {
        session_id: t.session.id.to_string(),
        take_id: t.take.id.map(|i| i.0).unwrap_or(0),
        attempt: t.take.attempt,
        started_at_ms: t.take.started_at_ms,
        overall: Some(take_overall(a.as_ref().map(|a| a.overall), &record_scores)),
        scores: record_scores,
        wpm: a.as_ref().and_then(|a| a.delivery.wpm).map(round_score),
        fillers_per_min: a
            .as_ref()
            .and_then(|a| a.delivery.fillers.per_min)
            .map(round_score),
        red_flags: a
            .as_ref()
            .map(|a| a.red_flags.iter().map(|f| f.message.clone()).collect())
            .unwrap_or_default(),
        talking_points: a
            .as_ref()
            .map(|a| a.talking_points.covered.clone())
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
        red_flags_gone: only_in(&before.red_flags, &after.red_flags),
        red_flags_new: only_in(&after.red_flags, &before.red_flags),
        talking_points_new: only_in(&after.talking_points, &before.talking_points),
        talking_points_dropped: only_in(&before.talking_points, &after.talking_points),
        same_session: before.session_id == after.session_id,
        before,
        after,
    }
}

fn only_in(these: &[String], other: &[String]) -> Vec<String> {
    these
        .iter()
        .filter(|x| !other.contains(x))
        .cloned()
        .collect()
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
    fn a_rubric_change_is_marked_between_the_points_that_differ_only() {
        let point = |id: &str, at: i64, version: Option<&str>| TrendPoint {
            session_id: id.into(),
            started_at_ms: at,
            score: 3.0,
            rubric_version: version.map(Into::into),
        };
        let points = [
            point("a", 1, Some("default@0.9.0")),
            point("b", 2, Some("default@0.9.0")),
            point("c", 3, Some("default@0.9.0 + default@1.0.0")),
            point("d", 4, Some("default@1.0.0")),
            // A session whose version is unknown marks nothing on either side.
            point("e", 5, None),
            point("f", 6, Some("default@1.0.0")),
        ];
        let change = |at: &str, at_ms: i64, from: &str, to: &str| RubricChange {
            at_session_id: at.into(),
            at_started_at_ms: at_ms,
            from: from.into(),
            to: to.into(),
        };
        assert_eq!(
            rubric_changes(&points),
            vec![
                change("c", 3, "default@0.9.0", "default@0.9.0 + default@1.0.0"),
                change("d", 4, "default@0.9.0 + default@1.0.0", "default@1.0.0"),
            ]
        );
        assert!(rubric_changes(&points[..2]).is_empty());
    }

    #[test]
    fn streaks_count_consecutive_utc_days() {
        let day = |d: i64| d * DAY_MS + 3_600_000;
        // Days 1,2,3 (run of 3), 5, then 9,10 with "now" on day 10 (run of 2 alive).
        let s = streak([1, 2, 2, 3, 5, 9, 10].into_iter().map(day), day(10), 0);
        assert_eq!((s.current_days, s.longest_days, s.practice_days), (2, 3, 6));
        // The day after, not yet practised: the streak is still alive.
        assert_eq!(
            streak([9, 10].into_iter().map(day), day(11), 0).current_days,
            2
        );
        // Two days later it is broken.
        assert_eq!(
            streak([9, 10].into_iter().map(day), day(12), 0).current_days,
            0
        );
        assert_eq!(streak(std::iter::empty(), 0, 0).last_practice_day, None);
        assert_eq!(
            streak([day(20_000)].into_iter(), day(20_000), 0)
                .last_practice_day
                .as_deref(),
            Some("2024-10-04")
        );
    }

    #[test]
    fn streaks_count_the_candidates_local_days() {
        const HOUR: i64 = 3_600_000;
        let pst = -8 * 60;
        // Local midnight of 2026-11-26 in UTC-8 is 08:00 UTC.
        let nov26 = 20_783 * DAY_MS + 8 * HOUR;
        // 4 pm on the 26th and 3 pm on the 27th (UTC-8): 00:00 and 23:00 UTC of the 27th.
        let evenings = [nov26 + 16 * HOUR, nov26 + DAY_MS + 15 * HOUR];
        let now = nov26 + DAY_MS + 20 * HOUR;
        let local = streak(evenings.into_iter(), now, pst);
        assert_eq!((local.current_days, local.longest_days), (2, 2));
        assert_eq!(local.last_practice_day.as_deref(), Some("2026-11-27"));
        // Counted in UTC both sessions fall on the 27th: one day, the bug this guards against.
        assert_eq!(streak(evenings.into_iter(), now, 0).practice_days, 1);
        // 3 pm on the 26th and 5 pm on the 27th: UTC days 26 and 28, a streak broken in UTC.
        let afternoons = [nov26 + 15 * HOUR, nov26 + DAY_MS + 17 * HOUR];
        assert_eq!(streak(afternoons.into_iter(), now, pst).current_days, 2);
        assert_eq!(streak(afternoons.into_iter(), now, 0).longest_days, 1);
        // An absurd offset is clamped, never wraps days around.
        assert_eq!(
            streak(evenings.into_iter(), now, i32::MAX).practice_days,
            streak(evenings.into_iter(), now, 14 * 60).practice_days
        );
    }
}
