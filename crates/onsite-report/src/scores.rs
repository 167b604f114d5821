//! Every session's scores for the lists (History, Home), by the one definition the session
//! summary and the report use ([`onsite_interview::SessionScores`]).

use std::collections::BTreeMap;

use onsite_interview::{round_score, FinalTake, SessionScores};
use onsite_store::{SessionId, SessionSummary, Store};

use crate::session::take_overall;
use crate::ReportError;

/// Scores of each of `sessions` (as `Store::list_sessions` gave them) that has a scored answer,
/// read without transcripts. The overall is the mean of the rubric's overall over each
/// question's latest scored take; the competencies are the store's means over those same takes
/// (`SessionSummary::scores`), rounded as [`SessionScores`] rounds them.
pub fn session_scores(
    store: &Store,
    sessions: &[SessionSummary],
) -> Result<BTreeMap<SessionId, SessionScores>, ReportError> {
    let mut overalls: BTreeMap<SessionId, Vec<f64>> = BTreeMap::new();
    for t in store.final_take_scores()? {
        overalls
            .entry(t.session_id)
            .or_default()
            .push(take_overall(t.overall, &t.scores));
    }
    let none = BTreeMap::new();
    Ok(sessions
        .iter()
        .filter_map(|s| {
            let takes = overalls.remove(&s.id)?;
            let by_overall = SessionScores::of(takes.iter().map(|o| FinalTake {
                overall: *o,
                competencies: &none,
            }));
            let scores = SessionScores {
                competencies: s
                    .scores
                    .iter()
                    .map(|(k, v)| (k.clone(), round_score(*v)))
                    .collect(),
                ..by_overall
            };
            Some((s.id.clone(), scores))
        })
        .collect())
}
