//! Every session's scores for the lists (History, Home), by the one definition the session
//! summary and the report use ([`onsite_interview::SessionScores`]).

use std::collections::BTreeMap;

use onsite_interview::{FinalTake, SessionScores};
use onsite_store::{FinalTakeScore, SessionId, Store};

use crate::session::take_overall;
use crate::ReportError;

/// Scores of every session with at least one scored answer, read without transcripts.
pub fn session_scores(store: &Store) -> Result<BTreeMap<SessionId, SessionScores>, ReportError> {
    let mut by_session: BTreeMap<SessionId, Vec<FinalTakeScore>> = BTreeMap::new();
    for t in store.final_take_scores()? {
        by_session.entry(t.session_id.clone()).or_default().push(t);
    }
    Ok(by_session
        .into_iter()
        .map(|(id, takes)| {
            let overalls: Vec<f64> = takes
                .iter()
                .map(|t| take_overall(t.overall, &t.scores))
                .collect();
            let scores = SessionScores::of(takes.iter().zip(&overalls).map(|(t, o)| FinalTake {
                overall: *o,
                competencies: &t.scores,
            }));
            (id, scores)
        })
        .collect())
}
