//! The end-of-session summary: per-competency scores, strongest and weakest areas, the three
//! things to practise next, and recommended next questions.

use std::collections::BTreeMap;

use onsite_rubric::Competency;
use serde::Serialize;

use crate::bank::Bank;
use crate::flow::{Outcome, Session};
use crate::question::{Gap, Level, Track};
use crate::session_scores::{FinalTake, SessionScores};

/// A competency and its session score.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Area {
    pub competency: String,
    pub score: f64,
}

/// Something to practise, from the gaps that recurred.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Practice {
    /// The gap behind it; `None` when it comes from a weak competency instead.
    pub gap: Option<Gap>,
    pub focus: String,
    pub advice: String,
    /// In how many answers the gap appeared.
    pub answers: usize,
}

/// A question worth trying next, and why.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Recommendation {
    pub id: String,
    pub track: Track,
    pub level: Level,
    pub text: String,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Summary {
    pub questions: usize,
    /// Questions and follow-ups with a scored answer.
    pub answered: usize,
    pub skipped: usize,
    pub ended_early: bool,
    /// The session's overall ([`SessionScores`]): mean of the final takes' rubric overall.
    pub overall: Option<f64>,
    /// Mean per competency across the final takes ([`SessionScores`]).
    pub competencies: BTreeMap<String, f64>,
    pub strongest: Option<Area>,
    pub weakest: Option<Area>,
    pub practise_next: Vec<Practice>,
    pub recommended_next: Vec<Recommendation>,
}

/// Summarises a session; recommendations come from `bank` at `level`, leaving out what was asked.
pub fn summarise(session: &Session, bank: &Bank, level: Level) -> Summary {
    let finals = session.final_takes();
    let cards: Vec<_> = finals
        .iter()
        .filter_map(|r| match &r.outcome {
            Outcome::Scored { card, .. } => Some(card),
            _ => None,
        })
        .collect();
    // The one definition every screen shares (a no-speech answer counts, at its low score).
    let SessionScores {
        overall,
        competencies,
        ..
    } = SessionScores::of(cards.iter().map(|c| FinalTake {
        overall: c.overall,
        competencies: &c.competencies,
    }));
    // Ties resolve by name so the summary is stable.
    let strongest = competencies
        .iter()
        .max_by(|a, b| a.1.total_cmp(b.1).then_with(|| b.0.cmp(a.0)))
        .map(|(k, v)| Area {
            competency: k.clone(),
            score: *v,
        });
    let weakest = competencies
        .iter()
        .min_by(|a, b| a.1.total_cmp(b.1).then_with(|| a.0.cmp(b.0)))
        .map(|(k, v)| Area {
            competency: k.clone(),
            score: *v,
        });

    // Gaps weigh by how high the rubric ranked them in each answer, and by how often they recur.
    let mut weight: BTreeMap<Gap, (f64, usize)> = BTreeMap::new();
    for c in &cards {
        for (rank, g) in c.gaps.iter().take(3).enumerate() {
            let e = weight.entry(*g).or_insert((0.0, 0));
            e.0 += 3.0 - rank as f64;
            e.1 += 1;
        }
    }
    let mut ranked: Vec<(Gap, f64, usize)> = weight
        .into_iter()
        .filter(|(g, _)| *g != Gap::NoSpeech)
        .map(|(g, (w, n))| (g, w, n))
        .collect();
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let mut practise_next: Vec<Practice> = ranked
        .iter()
        .take(3)
        .map(|(g, _, n)| Practice {
            gap: Some(*g),
            focus: gap_focus(*g).to_string(),
            advice: gap_advice(*g).to_string(),
            answers: *n,
        })
        .collect();
    // Fewer than three recurring gaps: fill with the weakest competencies.
    let mut by_score: Vec<(&String, &f64)> = competencies.iter().collect();
    by_score.sort_by(|a, b| a.1.total_cmp(b.1).then_with(|| a.0.cmp(b.0)));
    for (name, _) in by_score {
        if practise_next.len() >= 3 {
            break;
        }
        practise_next.push(Practice {
            gap: None,
            focus: name.replace('_', " "),
            advice: competency_advice(name).to_string(),
            answers: 0,
        });
    }

    let asked: Vec<&str> = session
        .config
        .questions
        .iter()
        .map(|q| q.question.id.as_str())
        .collect();
    let top_gaps: Vec<Gap> = ranked.iter().take(2).map(|r| r.0).collect();
    let weak_tracks = weakest
        .as_ref()
        .map(|w| tracks_for(&w.competency))
        .unwrap_or(&[]);
    let recommended_next = recommend(bank, level, &asked, &top_gaps, weak_tracks);

    let skipped = session.skipped.len();
    Summary {
        questions: session.config.questions.len(),
        answered: finals.len(),
        skipped,
        ended_early: session.ended_early,
        overall,
        competencies,
        strongest,
        weakest,
        practise_next,
        recommended_next,
    }
}

fn recommend(
    bank: &Bank,
    level: Level,
    asked: &[&str],
    gaps: &[Gap],
    weak_tracks: &[Track],
) -> Vec<Recommendation> {
    let mut scored: Vec<(f64, &crate::question::Question, String)> = Vec::new();
    for q in bank.filter(None, Some(level)) {
        if asked.contains(&q.id.as_str()) {
            continue;
        }
        let mut score = 0.0;
        let mut why = Vec::new();
        for (i, g) in gaps.iter().enumerate() {
            if q.follow_ups.contains_key(g) {
                score += 2.0 - i as f64 * 0.5;
                why.push(format!("it probes {}", gap_focus(*g)));
            }
        }
        if weak_tracks.contains(&q.track) {
            score += 1.0;
            why.push(format!(
                "it exercises your weakest area through {}",
                q.track.label()
            ));
        }
        if score > 0.0 {
            scored.push((score, q, why.join(" and ")));
        }
    }
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.id.cmp(&b.1.id)));
    // One per track first, so the three recommendations are not all the same kind of question.
    let mut out: Vec<Recommendation> = Vec::new();
    let mut used_tracks = Vec::new();
    for pass in 0..2 {
        for (_, q, why) in &scored {
            if out.len() >= 3 {
                break;
            }
            if out.iter().any(|r| r.id == q.id) || (pass == 0 && used_tracks.contains(&q.track)) {
                continue;
            }
            used_tracks.push(q.track);
            out.push(Recommendation {
                id: q.id.clone(),
                track: q.track,
                level: q.level,
                text: q.text.clone(),
                reason: format!("Recommended because {why}."),
            });
        }
    }
    out
}

fn tracks_for(competency: &str) -> &'static [Track] {
    let Some(c) = Competency::from_id(competency) else {
        return &[];
    };
    match c {
        Competency::TechnicalDepth => &[Track::ArchitectureReview, Track::SystemDesign],
        Competency::ArchitecturalThinking => &[Track::SystemDesign, Track::ArchitectureReview],
        Competency::LeadershipInfluence => &[Track::Leadership],
        Competency::Pragmatism => &[Track::TechnicalDebt, Track::Ambiguity],
        Competency::Ownership => &[Track::Ambiguity, Track::Operations],
        Competency::Communication => &[Track::Leadership, Track::Learning],
    }
}

/// A short name for what a gap is about.
pub fn gap_focus(g: Gap) -> &'static str {
    match g {
        Gap::NoSpeech => "answering out loud",
        Gap::NeedsRequirements => "moving forward on stated assumptions",
        Gap::NoConstraints => "clarifying constraints before designing",
        Gap::NoTradeOffs => "naming trade-offs",
        Gap::OverEngineering => "keeping designs as simple as the constraints allow",
        Gap::NoDeepDive => "going deep on one component",
        Gap::NoFailureModes => "failure modes",
        Gap::NoOperations => "operations: monitoring, alerting and recovery",
        Gap::NoAlternatives => "weighing alternatives",
        Gap::Complaining => "turning problems into actions",
        Gap::IndividualOnly => "showing how you brought others along",
        Gap::NoSituation => "setting the scene of a story",
        Gap::NoAction => "saying what you personally did",
        Gap::NoResult => "ending stories with the outcome",
        Gap::NoQuantifiedResult => "quantifying results",
        Gap::NoBusinessImpact => "tying work to business impact",
        Gap::NoInfluence => "influence beyond your own work",
        Gap::NoExample => "answering with a real example",
    }
}

fn gap_advice(g: Gap) -> &'static str {
    match g {
        Gap::NoSpeech => "Answer out loud, even briefly: a rough answer is something to improve.",
        Gap::NeedsRequirements => "When details are missing, state an assumption (\"let's say 10,000 requests a second\") and carry on; offer to revisit it.",
        Gap::NoConstraints => "Spend the first minutes on scale, latency, consistency and cost, and say the numbers you assume before drawing anything.",
        Gap::NoTradeOffs => "For each major decision say what you gain, what you give up, and when you would choose the other way.",
        Gap::OverEngineering => "Start from the simplest design that meets the stated constraints; add machinery only when a number demands it.",
        Gap::NoDeepDive => "After the overview, pick the riskiest component and go one level deeper: data model, API, storage, caching.",
        Gap::NoFailureModes => "For each critical component, say what happens when it fails, what users see, and whether you fail open or closed.",
        Gap::NoOperations => "Close designs with how you'd run them: the metrics and alerts, the dashboards, how you'd recover and grow capacity.",
        Gap::NoAlternatives => "Mention at least one approach you rejected and why; it shows the choice was deliberate.",
        Gap::Complaining => "When a story involves others' mistakes, spend your words on what you did about it and what you learned.",
        Gap::IndividualOnly => "Name who else was involved and how you aligned, unblocked or grew them; senior impact is through people.",
        Gap::NoSituation => "Open each story with one or two sentences of context: the team, the system, the stakes.",
        Gap::NoAction => "Use \"I\" for your own actions and walk through them step by step.",
        Gap::NoResult => "End every story with its outcome, even when it was mixed, and what you learned.",
        Gap::NoQuantifiedResult => "Put a number on results: latency, incidents, hours saved, revenue, adoption.",
        Gap::NoBusinessImpact => "Say why the work mattered to customers or the business, not only to engineers.",
        Gap::NoInfluence => "Describe whose mind you changed and how: the data, the document, the conversation.",
        Gap::NoExample => "When asked for a time something happened, tell one real occasion: the situation, what you did, what came of it; save the general method for the lesson.",
    }
}

fn competency_advice(name: &str) -> &'static str {
    let Some(c) = Competency::from_id(name) else {
        return "Practise this area with a targeted question.";
    };
    match c {
        Competency::TechnicalDepth => "Go deeper on mechanisms: how the data store, cache or protocol actually behaves under load and failure.",
        Competency::ArchitecturalThinking => "Structure designs: constraints, high-level architecture, deep dive, trade-offs, operations, alternatives.",
        Competency::LeadershipInfluence => "Bring stories where you changed others' minds or grew people, not only what you built.",
        Competency::Pragmatism => "Show judgement about what not to build, and when good enough is the right call.",
        Competency::Ownership => "Show end-to-end ownership: noticing problems, following through, and owning mistakes.",
        Competency::Communication => "Lead with the answer, then the reasons; keep sentences short and avoid fillers.",
    }
}
