//! The assessment of an answer with no words: every score 1.0 and a summary that says why.

use super::*;
use std::collections::BTreeMap;

use crate::gap::Gap;
use crate::text::Analysed;

pub(super) fn no_speech(
    pack: &RubricPack,
    question: &Question,
    answer: &Answer,
    a: &Analysed,
) -> Assessment {
    let empty = || CompetencyScore {
        score: 1.0,
        evidence: Vec::new(),
        advice: "No speech was detected. Check that the microphone is on and answer out loud."
            .into(),
    };
    let step = || Step {
        covered: false,
        evidence: Vec::new(),
    };
    let timed = answer.timed;
    Assessment {
        overall: 1.0,
        kind: question.kind,
        no_speech: true,
        summary: "No speech was detected in this answer.".into(),
        competencies: Competencies {
            technical_depth: empty(),
            architectural_thinking: empty(),
            leadership_influence: empty(),
            pragmatism: empty(),
            ownership: empty(),
            communication: empty(),
        },
        framework: Framework {
            clarify_constraints: step(),
            high_level_architecture: step(),
            deep_dive: step(),
            trade_offs: step(),
            growth_operations: step(),
            alternatives: step(),
            constraints_before_architecture: None,
        },
        star: Star {
            situation: false,
            task: false,
            action: false,
            result: false,
            quantified_result: false,
        },
        agency: Agency {
            i: 0,
            we: 0,
            they: 0,
        },
        red_flags: Vec::new(),
        positive_signals: Vec::new(),
        delivery: Delivery {
            words: answer.words.len(),
            duration_s: None,
            wpm: None,
            fillers: Fillers {
                count: a.fillers.total,
                per_min: None,
                by_word: a.fillers.by_word.clone(),
            },
            long_pauses: timed.then(Vec::new),
            hedges: Hedges {
                count: 0,
                per_min: None,
                by_phrase: BTreeMap::new(),
            },
            repetition: 0.0,
            flags: Vec::new(),
        },
        talking_points: TalkingPoints {
            covered: Vec::new(),
            missed: question.talking_points.clone(),
        },
        gaps: vec![Gap::NoSpeech],
        rubric_version: pack.version_label(),
        moves: Vec::new(),
    }
}
