//! The feedback shown after an answer, mapped from the rubric's [`Assessment`] and the
//! transcript: scores with their quoted evidence, framework or STAR coverage, red flags,
//! delivery against its band, talking points, three next steps and the follow-up.
//!
//! Pure: the same mapping serves the live room (just scored) and replay (read back from the
//! store by [`load`]).

use onsite_rubric::{
    Assessment, CompetencyScore, DrawnAssessment, Evidence, QuestionKind, RubricPack,
};
use onsite_store::{Store, TakeId, TakeStatus};
use onsite_transcript::Transcript;
use serde::Serialize;

use crate::drawing::FeedbackDrawing;
use crate::error::{LiveError, Result};

/// How many next steps the feedback gives.
pub const NEXT_STEPS: usize = 3;

/// A quoted span of the answer, with its time in the recording when known.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct FeedbackQuote {
    pub text: String,
    pub start_ms: Option<u32>,
    pub end_ms: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct CompetencyFeedback {
    /// Rubric name, e.g. `architectural_thinking`.
    pub id: String,
    pub name: String,
    /// 1.0–5.0
    pub score: f64,
    pub evidence: Vec<FeedbackQuote>,
    pub advice: String,
}

/// One step of the system-design framework or one part of STAR.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct FeedbackCoverage {
    pub id: String,
    pub name: String,
    pub covered: bool,
    pub evidence: Option<FeedbackQuote>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct RedFlagFeedback {
    pub id: String,
    pub name: String,
    /// The words that raised it, when the rubric quoted them.
    pub quote: Option<FeedbackQuote>,
    pub advice: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct FeedbackPause {
    pub start_ms: u32,
    pub end_ms: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct DeliveryFeedback {
    /// None for an answer without timings or words.
    pub wpm: Option<f64>,
    /// The comfortable speaking rate, [low, high] words per minute.
    pub wpm_band: [f64; 2],
    pub fillers: u32,
    pub fillers_per_min: Option<f64>,
    pub long_pauses: Vec<FeedbackPause>,
    pub hedges: u32,
    /// Problems worth telling: `slow`, `fast`, `many_fillers`, `long_pauses`, `hedging`, …
    pub flags: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct TalkingPointsFeedback {
    pub covered: Vec<String>,
    pub missed: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct FeedbackWord {
    pub text: String,
    pub start_ms: u32,
    pub end_ms: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct FeedbackTranscript {
    pub text: String,
    pub words: Vec<FeedbackWord>,
}

/// The take's recording, played by the replay through Media Source Extensions.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct FeedbackMedia {
    #[cfg_attr(feature = "specta", specta(type = f64))]
    pub take_id: i64,
    /// MSE type, e.g. `video/mp4; codecs="avc1.42c01f,opus"`.
    pub mime: String,
}

/// Everything shown after one answer.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct TakeFeedback {
    #[cfg_attr(feature = "specta", specta(type = f64))]
    pub take_id: i64,
    pub question_id: String,
    pub question_text: String,
    /// 1.0–5.0
    pub overall: f64,
    /// One sentence: the rubric's verdict.
    pub summary: String,
    pub no_speech: bool,
    pub competencies: Vec<CompetencyFeedback>,
    /// `framework` (design, debt, operations, ambiguity) or `star` (behavioural).
    pub coverage_kind: String,
    pub coverage: Vec<FeedbackCoverage>,
    pub red_flags: Vec<RedFlagFeedback>,
    pub delivery: DeliveryFeedback,
    pub talking_points: TalkingPointsFeedback,
    pub next_steps: Vec<String>,
    /// The follow-up chosen from this answer's biggest gap, if the plan asks one.
    pub follow_up: Option<String>,
    pub transcript: FeedbackTranscript,
    pub media: Option<FeedbackMedia>,
    /// Milliseconds from stop to this feedback being ready (live takes only).
    pub feedback_ms: Option<u32>,
    /// The whiteboard drawn during the take as the rubric read it; `None` when nothing was drawn.
    pub drawing: Option<FeedbackDrawing>,
}

/// What a take's feedback is built from besides the assessment.
#[derive(Debug, Clone, Copy)]
pub struct TakeContext<'a> {
    pub take_id: i64,
    pub question_id: &'a str,
    pub question_text: &'a str,
    pub follow_up: Option<&'a str>,
    pub media_mime: Option<&'a str>,
}

/// Maps an assessment and its transcript to the feedback the room shows.
pub fn build(
    ctx: TakeContext<'_>,
    a: &Assessment,
    transcript: &Transcript,
    pack: &RubricPack,
) -> TakeFeedback {
    let (coverage_kind, coverage) = coverage(a);
    TakeFeedback {
        take_id: ctx.take_id,
        question_id: ctx.question_id.to_owned(),
        question_text: ctx.question_text.to_owned(),
        overall: a.overall,
        summary: a.summary.clone(),
        no_speech: a.no_speech,
        competencies: a
            .competencies
            .iter()
            .into_iter()
            .map(|(id, c)| competency(id, c))
            .collect(),
        coverage_kind: coverage_kind.to_owned(),
        coverage,
        red_flags: a
            .red_flags
            .iter()
            .map(|s| RedFlagFeedback {
                id: s.id.clone(),
                name: label(&s.id),
                quote: s.evidence.first().map(quote),
                advice: s.message.clone(),
            })
            .collect(),
        delivery: DeliveryFeedback {
            wpm: a.delivery.wpm,
            wpm_band: pack.delivery.wpm_band,
            fillers: a.delivery.fillers.count,
            fillers_per_min: a.delivery.fillers.per_min,
            long_pauses: a
                .delivery
                .long_pauses
                .iter()
                .flatten()
                .map(|p| FeedbackPause {
                    start_ms: ms(p.start_ms),
                    end_ms: ms(p.end_ms),
                })
                .collect(),
            hedges: a.delivery.hedges.count,
            flags: a.delivery.flags.clone(),
        },
        talking_points: TalkingPointsFeedback {
            covered: a.talking_points.covered.clone(),
            missed: a.talking_points.missed.clone(),
        },
        next_steps: next_steps(a),
        follow_up: ctx.follow_up.map(str::to_owned),
        transcript: transcript_view(transcript),
        media: ctx.media_mime.map(|mime| FeedbackMedia {
            take_id: ctx.take_id,
            mime: mime.to_owned(),
        }),
        feedback_ms: None,
        drawing: None,
    }
}

/// The three things to do next, most important first: the red flags' advice, then the advice
/// of the weakest competencies, then missed talking points. Never repeats itself.
pub fn next_steps(a: &Assessment) -> Vec<String> {
    let mut steps: Vec<String> = Vec::new();
    let mut push = |s: String| {
        let s = s.trim().to_owned();
        if !s.is_empty() && !steps.contains(&s) && steps.len() < NEXT_STEPS {
            steps.push(s);
        }
    };
    for flag in &a.red_flags {
        push(flag.message.clone());
    }
    let mut weakest: Vec<(&str, &CompetencyScore)> = a.competencies.iter().into_iter().collect();
    // Stable: ties keep the rubric's order.
    weakest.sort_by(|x, y| x.1.score.total_cmp(&y.1.score));
    for (_, c) in weakest {
        push(c.advice.clone());
    }
    for point in &a.talking_points.missed {
        push(format!("Cover this next time: {point}."));
    }
    steps
}

fn competency(id: &str, c: &CompetencyScore) -> CompetencyFeedback {
    CompetencyFeedback {
        id: id.to_owned(),
        name: label(id),
        score: c.score,
        evidence: c.evidence.iter().map(quote).collect(),
        advice: c.advice.clone(),
    }
}

fn coverage(a: &Assessment) -> (&'static str, Vec<FeedbackCoverage>) {
    if a.kind == QuestionKind::Behavioural {
        let s = a.star;
        let items = [
            ("situation", s.situation),
            ("task", s.task),
            ("action", s.action),
            ("result", s.result),
            ("quantified_result", s.quantified_result),
        ]
        .into_iter()
        .map(|(id, covered)| FeedbackCoverage {
            id: id.to_owned(),
            name: label(id),
            covered,
            evidence: None,
        })
        .collect();
        return ("star", items);
    }
    let items = a
        .framework
        .steps()
        .into_iter()
        .map(|(id, step)| FeedbackCoverage {
            id: id.to_owned(),
            name: label(id),
            covered: step.covered,
            evidence: step.evidence.first().map(quote),
        })
        .collect();
    ("framework", items)
}

fn quote(e: &Evidence) -> FeedbackQuote {
    FeedbackQuote {
        text: e.text.clone(),
        start_ms: e.start_ms.map(ms),
        end_ms: e.end_ms.map(ms),
    }
}

fn transcript_view(t: &Transcript) -> FeedbackTranscript {
    FeedbackTranscript {
        text: t.text.trim().to_owned(),
        words: t
            .segments
            .iter()
            .flat_map(|s| &s.words)
            .map(|w| FeedbackWord {
                text: w.text.trim().to_owned(),
                start_ms: ms(w.start_ms),
                end_ms: ms(w.end_ms),
            })
            .filter(|w| !w.text.is_empty())
            .collect(),
    }
}

/// Milliseconds as a JavaScript-safe number (an answer is minutes, far below u32::MAX).
fn ms(v: u64) -> u32 {
    u32::try_from(v).unwrap_or(u32::MAX)
}

/// A rubric id as a reader sees it: `leadership_influence` → `Leadership and influence`.
pub fn label(id: &str) -> String {
    onsite_rubric::label_of(id)
}

/// Reads a scored take back from the store and maps it: what replay and `take_feedback` show.
pub fn load(store: &Store, take: i64, pack: &RubricPack) -> Result<TakeFeedback> {
    let id = TakeId(take);
    let location = store.take_location(id).map_err(|e| match e.code() {
        "store_not_found" => LiveError::TakeNotFound(take),
        _ => LiveError::Store(e),
    })?;
    let detail = store.session(&location.session_id)?;
    let (question, detail_take) = detail
        .questions
        .iter()
        .find_map(|q| {
            q.takes
                .iter()
                .find(|t| t.id == Some(id))
                .map(|t| (&q.question, t))
        })
        .ok_or(LiveError::TakeNotFound(take))?;
    let rubric = detail_take
        .rubric
        .as_ref()
        .ok_or(LiveError::NotScored(take))?;
    // A take answered with a whiteboard keeps its reading beside the assessment's own keys.
    let DrawnAssessment {
        assessment,
        diagram,
    } = serde_json::from_value(rubric.result.clone()).map_err(|e| LiveError::BadStoredResult {
        take,
        reason: e.to_string(),
    })?;
    let transcript = Transcript {
        text: detail_take
            .segments
            .iter()
            .map(|s| s.text.trim())
            .collect::<Vec<_>>()
            .join(" "),
        duration_ms: detail_take.segments.last().map_or(0, |s| s.end_ms),
        model: String::new(),
        segments: detail_take.segments.clone(),
        pauses: Vec::new(),
    };
    // A take still being recorded has no playable file yet; a recovered one does.
    let media_mime = match (&location.media_path, location.status) {
        (Some(rel), status) if status != TakeStatus::Recording => {
            onsite_capture::inspect(&store.absolute(rel))
                .ok()
                .map(|info| info.mime_type)
        }
        _ => None,
    };
    let follow_up = detail_take.follow_ups.last().map(|f| f.text.as_str());
    let mut feedback = build(
        TakeContext {
            take_id: take,
            question_id: &question.question_id,
            question_text: &question.text,
            follow_up,
            media_mime: media_mime.as_deref(),
        },
        &assessment,
        &transcript,
        pack,
    );
    feedback.drawing = diagram.as_ref().map(FeedbackDrawing::from);
    Ok(feedback)
}

#[cfg(test)]
mod tests {
    use onsite_rubric::{Answer, Question};
    use onsite_transcript::{Segment, Word};

    use super::*;

    fn pack() -> RubricPack {
        RubricPack::embedded().expect("embedded pack")
    }

    fn assess(kind: QuestionKind, text: &str) -> Assessment {
        let q = Question {
            kind,
            text: "Design a URL shortener".into(),
            talking_points: vec!["cache hot links".into(), "custom aliases".into()],
        };
        pack().assess(&q, &Answer::from_text(text)).expect("assess")
    }

    fn context() -> TakeContext<'static> {
        TakeContext {
            take_id: 7,
            question_id: "sd-url-shortener",
            question_text: "Design a URL shortener",
            follow_up: Some("What happens when the cache is down?"),
            media_mime: None,
        }
    }

    const DESIGN: &str = "Before designing I would clarify the constraints: how many writes per \
        second and what latency we need. Assuming a hundred million links, I would put a stateless \
        API service behind a load balancer, store links in a key value store and cache hot links. \
        The trade-off is consistency versus availability: I would choose availability. We monitor \
        error rates and alert on latency. An alternative is a relational database.";

    #[test]
    fn a_design_answer_gets_framework_coverage_with_quoted_evidence() {
        let a = assess(QuestionKind::SystemDesign, DESIGN);
        let fb = build(context(), &a, &Transcript::default(), &pack());
        assert_eq!(fb.coverage_kind, "framework");
        let ids: Vec<&str> = fb.coverage.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "clarify_constraints",
                "high_level_architecture",
                "deep_dive",
                "trade_offs",
                "growth_operations",
                "alternatives"
            ]
        );
        let clarify = &fb.coverage[0];
        assert!(clarify.covered);
        let quote = clarify.evidence.as_ref().expect("evidence quoted");
        assert!(
            DESIGN.to_lowercase().contains(&quote.text.to_lowercase()),
            "{quote:?}"
        );
        assert_eq!(fb.competencies.len(), 6);
        assert_eq!(fb.competencies[1].name, "Architectural thinking");
        assert_eq!(fb.overall, a.overall);
        assert_eq!(fb.delivery.wpm_band, pack().delivery.wpm_band);
        assert_eq!(
            fb.follow_up.as_deref(),
            Some("What happens when the cache is down?")
        );
        assert!(fb.media.is_none(), "no media without a file");
        assert_eq!(fb.talking_points.covered, a.talking_points.covered);
    }

    #[test]
    fn a_behavioural_answer_gets_star_coverage() {
        let a = assess(
            QuestionKind::Behavioural,
            "Last year our team missed a launch. I owned the recovery plan, I met each team lead \
             and we cut the scope. As a result we shipped two weeks later and churn fell by 10%.",
        );
        let fb = build(context(), &a, &Transcript::default(), &pack());
        assert_eq!(fb.coverage_kind, "star");
        let covered: Vec<(&str, bool)> = fb
            .coverage
            .iter()
            .map(|c| (c.id.as_str(), c.covered))
            .collect();
        assert_eq!(
            covered,
            [
                ("situation", a.star.situation),
                ("task", a.star.task),
                ("action", a.star.action),
                ("result", a.star.result),
                ("quantified_result", a.star.quantified_result),
            ]
        );
        assert!(a.star.quantified_result, "10% is a quantified result");
    }

    #[test]
    fn next_steps_are_three_distinct_with_red_flags_first() {
        // Designing at once with no constraints, and complaining: red flags.
        let a = assess(
            QuestionKind::SystemDesign,
            "I would just use Kafka and Kubernetes and microservices everywhere with a service \
             mesh. The other team's code was terrible and it was their fault.",
        );
        assert!(!a.red_flags.is_empty(), "the answer raises red flags");
        let steps = next_steps(&a);
        assert_eq!(steps.len(), NEXT_STEPS);
        assert_eq!(steps[0], a.red_flags[0].message.trim());
        let mut unique = steps.clone();
        unique.dedup();
        assert_eq!(unique.len(), steps.len(), "{steps:?}");
        let fb = build(context(), &a, &Transcript::default(), &pack());
        assert_eq!(fb.next_steps, steps);
        let flag = &fb.red_flags[0];
        assert_eq!(flag.advice, a.red_flags[0].message);
        assert!(
            !flag.name.is_empty() && !flag.name.contains('_'),
            "{}",
            flag.name
        );
    }

    #[test]
    fn an_empty_answer_still_gets_three_next_steps_and_no_words() {
        let a = assess(QuestionKind::SystemDesign, "");
        assert!(a.no_speech);
        let fb = build(context(), &a, &Transcript::default(), &pack());
        assert!(fb.no_speech);
        assert_eq!(fb.next_steps.len(), NEXT_STEPS);
        assert!(fb.transcript.words.is_empty());
    }

    #[test]
    fn transcript_words_and_media_are_mapped_with_their_times() {
        let t = Transcript {
            text: " Ask not ".into(),
            duration_ms: 2_000,
            model: "tiny.en".into(),
            segments: vec![Segment {
                start_ms: 100,
                end_ms: 900,
                text: " Ask not".into(),
                words: vec![
                    Word {
                        text: " Ask".into(),
                        start_ms: 100,
                        end_ms: 400,
                        p: 0.9,
                    },
                    Word {
                        text: " ".into(),
                        start_ms: 400,
                        end_ms: 450,
                        p: 0.1,
                    },
                    Word {
                        text: " not".into(),
                        start_ms: 450,
                        end_ms: 900,
                        p: 0.9,
                    },
                ],
            }],
            pauses: Vec::new(),
        };
        let a = pack()
            .assess(
                &Question {
                    kind: QuestionKind::General,
                    text: String::new(),
                    talking_points: Vec::new(),
                },
                &Answer::from_transcript(&t),
            )
            .expect("assess");
        let ctx = TakeContext {
            media_mime: Some("audio/mp4; codecs=\"opus\""),
            ..context()
        };
        let fb = build(ctx, &a, &t, &pack());
        assert_eq!(fb.transcript.text, "Ask not");
        let words: Vec<(&str, u32, u32)> = fb
            .transcript
            .words
            .iter()
            .map(|w| (w.text.as_str(), w.start_ms, w.end_ms))
            .collect();
        assert_eq!(words, [("Ask", 100, 400), ("not", 450, 900)]);
        let media = fb.media.expect("media");
        assert_eq!(
            (media.take_id, media.mime.as_str()),
            (7, "audio/mp4; codecs=\"opus\"")
        );
    }

    #[test]
    fn labels_read_like_words() {
        assert_eq!(label("leadership_influence"), "Leadership and influence");
        assert_eq!(
            label("designs_before_constraints"),
            "Designs before constraints"
        );
        assert_eq!(label(""), "");
    }
}
