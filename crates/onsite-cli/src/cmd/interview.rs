//! `onsite interview`: a whole session headless, driven through the interview engine's state
//! machine with prerecorded answers instead of a microphone.
//!
//! The machine's effects are carried out by the same executor as the app's live sessions
//! (`onsite_live::exec`), so a session is stored exactly as the app stores it: each question
//! recorded when shown, each answer a take whose transcript segments are committed, scored with
//! the rubric and saved, and the follow-up stored both on the take it follows and as its own
//! asked question (`<id>/follow-up`) whose answer is a take. The answers come from
//! `onsite_live::prerecorded`: time is virtual, an answer lasts as long as its audio (or its
//! words at 150 per minute for text), so time limits and auto-stop behave as they would live.

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use std::collections::HashMap;

use anyhow::{bail, Context as _};
use onsite_interview::flow::{Outcome, Part, SessionConfig, StopReason, TakeId, TakeRecord};
use onsite_interview::{summarise, FollowUp, Summary};
use onsite_live::exec::{Clock, Executor};
use onsite_live::prerecorded::{self, is_audio, Answered, Prerecorded, MAX_TEXT_BYTES};
use onsite_rubric::{DiagramReading, DrawnAssessment};
use onsite_store::{NewSession, Store};
use onsite_transcript::Transcript;
use serde::Serialize;

use super::questions::{select, PlanArgs};
use super::{print_json, Ctx, JsonOrText};

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    plan: PlanArgs,
    /// Answers in order, comma-separated: audio files or .txt/.json transcripts; one per
    /// question, and one per follow-up when the plan asks follow-ups
    #[arg(long, value_name = "A1,A2,...", value_delimiter = ',', required = true)]
    answers: Vec<PathBuf>,
    /// Whiteboards drawn during the answers, comma-separated, in the order of --answers:
    /// `.excalidraw` scenes, an empty entry for an answer drawn without one
    /// (`a.excalidraw,,c.excalidraw`). Each is stored with its take and read beside its words
    #[arg(long, value_name = "D1,D2,...", value_delimiter = ',')]
    diagrams: Vec<String>,
    /// Whisper model for audio answers [default: the default model]
    #[arg(long, value_name = "NAME")]
    model: Option<String>,
    /// Rubric pack [default: the embedded default]
    #[arg(long, value_name = "NAME")]
    rubric: Option<String>,
    #[arg(long, value_enum, default_value_t)]
    format: JsonOrText,
}

/// One answered take, as printed.
#[derive(Debug, Serialize)]
struct AnswerOut {
    file: String,
    take: u32,
    stopped: StopReason,
    transcript: Transcript,
    score: DrawnAssessment,
}

#[derive(Debug, Serialize)]
struct FollowUpOut {
    #[serde(flatten)]
    follow_up: FollowUp,
    answer: Option<AnswerOut>,
}

#[derive(Debug, Serialize)]
struct QuestionOut {
    position: usize,
    id: String,
    track: String,
    level: String,
    kind: String,
    text: String,
    reason: String,
    prep_s: u32,
    answer_s: u32,
    answer: Option<AnswerOut>,
    follow_up: Option<FollowUpOut>,
    skipped: bool,
}

#[derive(Debug, Serialize)]
pub(crate) struct SessionOut {
    pub(crate) session_id: String,
    plan: String,
    level: String,
    level_reason: String,
    ended_early: bool,
    questions: Vec<QuestionOut>,
    summary: Summary,
}

pub fn run(ctx: &Ctx, args: Args) -> anyhow::Result<ExitCode> {
    let format = args.format;
    let out = run_session(ctx, args, None)?;
    match format {
        JsonOrText::Json => print_json(&out)?,
        JsonOrText::Text => print!("{}", render_text(&out)),
    }
    Ok(ExitCode::SUCCESS)
}

/// One whole session, stored; `loaded` is a Whisper model already in memory (the soak
/// benchmark runs many sessions on one), else the model is loaded here when an answer is audio.
pub(crate) fn run_session(
    ctx: &Ctx,
    args: Args,
    loaded: Option<Arc<onsite_speech::Model>>,
) -> anyhow::Result<SessionOut> {
    let (sel, profile, bank) = select(ctx, &args.plan)?;
    let config = SessionConfig::from_selection(&sel);
    let max = config.questions.len() * if config.follow_ups { 2 } else { 1 };
    if args.answers.len() > max {
        bail!(
            "{} answers given, but the {} plan can use at most {max} ({} questions{}); \
             remove {} or choose more questions with --questions",
            args.answers.len(),
            sel.plan,
            config.questions.len(),
            if config.follow_ups {
                " and a follow-up after each"
            } else {
                ""
            },
            args.answers.len() - max
        );
    }
    for a in &args.answers {
        if !a.is_file() {
            bail!("answer file {} does not exist", a.display());
        }
        // Checked before the session exists, so a refused answer leaves nothing in the store.
        let size = std::fs::metadata(a).map(|m| m.len()).unwrap_or(0);
        if !is_audio(a) && size > MAX_TEXT_BYTES {
            bail!(
                "{} is {size} bytes; a text answer is at most {MAX_TEXT_BYTES}",
                a.display()
            );
        }
    }
    let diagrams = read_diagrams(&args.diagrams, args.answers.len())?;
    let pack = ctx.rubric(args.rubric.as_deref())?;
    let needs_model = args.answers.iter().any(|a| is_audio(a));
    let model = if needs_model {
        Some(match loaded {
            Some(m) => m,
            None => super::transcribe::load_model(ctx, args.model.as_deref())?,
        })
    } else {
        None
    };

    let store = Store::open(&ctx.data_dir)?;
    let tailoring = serde_json::json!({
        "resume_file": args.plan.resume.as_ref().map(|p| p.display().to_string()),
        "job_file": args.plan.job.as_ref().map(|p| p.display().to_string()),
        "profile": profile,
        "questions": sel.questions.iter().map(|q| serde_json::json!({"id": q.question.id, "reason": q.reason})).collect::<Vec<_>>(),
    });
    let mut exec = Executor::create(
        store,
        &NewSession {
            plan: sel.plan.to_string(),
            level: sel.level.to_string(),
            tailoring,
            started_at_ms: onsite_store::now_ms(),
        },
        config,
        Clock::Virtual(0),
    )?;
    let session_id = exec.session_id().clone();
    tracing::info!(session = %session_id, plan = %sel.plan, "headless interview start");
    // Audio answers are primed with their question's technical terms, as in the app.
    let profile_terms = profile.terms.iter().map(|t| t.name.clone()).collect();
    let mut answers = Prerecorded::new(args.answers.clone(), model, Arc::new(pack))
        .with_vocabulary(onsite_live::options::builtin_lexicon(), profile_terms);
    prerecorded::drive(&mut exec, &mut answers)?;
    let session = exec.session();
    let mut answered = answers.into_answered();
    let mut drawn = attach_diagrams(ctx, &exec, &args.answers, diagrams, &answered)?;

    let summary = summarise(session, &bank, sel.level);
    let finals = session.final_takes();
    let mut questions = Vec::new();
    for (i, p) in sel.questions.iter().enumerate() {
        let final_of = |part: Part| {
            finals
                .iter()
                .find(|r| r.take.question == i && r.take.part == part)
        };
        let main = final_of(Part::Main);
        let follow_up = main.and_then(|r| match &r.outcome {
            Outcome::Scored { follow_up, .. } => follow_up.clone(),
            _ => None,
        });
        let mut answer_of = |r: &&TakeRecord| {
            answered
                .remove(&r.take)
                .map(|a| answer_out(r.take.take, a, drawn.remove(&r.take)))
        };
        let follow_up_answer = final_of(Part::FollowUp).and_then(&mut answer_of);
        let answer = main.and_then(&mut answer_of);
        questions.push(QuestionOut {
            position: i + 1,
            id: p.question.id.clone(),
            track: p.question.track.to_string(),
            level: p.question.level.to_string(),
            kind: p.question.kind.to_string(),
            text: p.question.text.clone(),
            reason: p.reason.clone(),
            prep_s: p.question.prep_s,
            answer_s: p.question.answer_s,
            skipped: answer.is_none(),
            answer,
            follow_up: follow_up
                .filter(|_| session.config.follow_ups)
                .map(|f| FollowUpOut {
                    follow_up: f,
                    answer: follow_up_answer,
                }),
        });
    }
    let out = SessionOut {
        session_id: session_id.to_string(),
        plan: sel.plan.to_string(),
        level: sel.level.to_string(),
        level_reason: sel.level_reason.clone(),
        ended_early: session.ended_early,
        questions,
        summary,
    };
    Ok(out)
}

fn answer_out(take: u32, a: Answered, diagram: Option<DiagramReading>) -> AnswerOut {
    AnswerOut {
        file: a.answer.file.display().to_string(),
        take,
        stopped: a.stopped,
        transcript: a.answer.transcript,
        score: DrawnAssessment {
            assessment: a.assessment,
            diagram,
        },
    }
}

/// A drawing given for one answer: the scene as written (what the store keeps) and its graph.
struct Drawing {
    scene: String,
    graph: onsite_diagram::Graph,
}

/// Reads every `--diagrams` entry before the session exists, so that a bad scene is refused
/// with its own error (the README's W rows) and nothing is stored.
fn read_diagrams(entries: &[String], answers: usize) -> anyhow::Result<Vec<Option<Drawing>>> {
    if entries.len() > answers {
        bail!(
            "{} diagrams given for {answers} answers: give at most one per answer, in the order \
             of --answers (an empty entry for an answer without one, e.g. a.excalidraw,,c.excalidraw)",
            entries.len()
        );
    }
    entries
        .iter()
        .map(|entry| {
            let entry = entry.trim();
            if entry.is_empty() {
                return Ok(None);
            }
            let path = std::path::Path::new(entry);
            let graph = super::diagram::read_scene(path)
                .with_context(|| format!("cannot read the diagram {entry}"))?;
            // Read once more as text: it parsed as JSON within the size bound, so it is UTF-8.
            let scene = std::fs::read_to_string(path)
                .with_context(|| format!("cannot read the diagram {entry}"))?;
            Ok(Some(Drawing { scene, graph }))
        })
        .collect()
}

/// Stores each answer's drawing with its take (one snapshot at the end of the answer, on the
/// take's timeline) and saves the take's result again with the drawing's reading, which keeps
/// the words-only result among the take's earlier results. Returns the readings by take.
fn attach_diagrams(
    ctx: &Ctx,
    exec: &Executor,
    files: &[PathBuf],
    mut diagrams: Vec<Option<Drawing>>,
    answered: &HashMap<TakeId, Answered>,
) -> anyhow::Result<HashMap<TakeId, DiagramReading>> {
    let mut out = HashMap::new();
    if diagrams.iter().all(Option::is_none) {
        return Ok(out);
    }
    // Answers are taken from the list in order, one per take started (a discarded take used
    // one too), so the stored takes in the order they were made, matched by file name, find
    // each answer's place in the list.
    let mut takes: Vec<(onsite_store::TakeId, TakeId)> = answered
        .keys()
        .filter_map(|t| exec.store_take(*t).map(|s| (s, *t)))
        .collect();
    takes.sort_by_key(|(s, _)| s.0);
    // A second connection beside the executor's, as the CLI beside the app.
    let mut store = Store::open(&ctx.data_dir)?;
    let mut next = 0;
    for (store_take, take) in takes {
        let a = &answered[&take];
        let Some(i) = (next..files.len()).find(|&i| files[i] == a.answer.file) else {
            continue;
        };
        next = i + 1;
        let Some(drawing) = diagrams.get_mut(i).and_then(Option::take) else {
            continue;
        };
        let end_ms = a
            .answer
            .transcript
            .segments
            .iter()
            .map(|s| s.end_ms)
            .max()
            .unwrap_or(0);
        store.append_scene(store_take, end_ms, &drawing.scene)?;
        let words = onsite_rubric::Answer::from_transcript(&a.answer.transcript);
        let reading = onsite_rubric::read_diagram(&a.assessment, &words, &drawing.graph);
        let result = DrawnAssessment {
            assessment: a.assessment.clone(),
            diagram: Some(reading.clone()),
        };
        store.save_rubric(
            store_take,
            &onsite_store::RubricRecord {
                rubric_version: a.assessment.rubric_version.clone(),
                scores: onsite_interview::ScoreCard::from_assessment(&a.assessment).competencies,
                result: serde_json::to_value(&result)?,
                scored_at_ms: onsite_store::now_ms(),
            },
        )?;
        out.insert(take, reading);
    }
    Ok(out)
}

fn render_text(out: &SessionOut) -> String {
    let mut s = format!(
        "Session {} · {} at {} level{}

",
        out.session_id,
        out.plan,
        out.level,
        if out.ended_early {
            " · ended early"
        } else {
            ""
        }
    );
    for q in &out.questions {
        s.push_str(&format!(
            "{}. {}
",
            q.position, q.text
        ));
        match &q.answer {
            Some(a) => s.push_str(&format!(
                "   Answer ({}): {}
   Score: {:.1} — {}
",
                a.file, a.transcript.text, a.score.assessment.overall, a.score.assessment.summary
            )),
            None => s.push_str(
                "   (not answered)
",
            ),
        }
        if let Some(d) = q.answer.as_ref().and_then(|a| a.score.diagram.as_ref()) {
            s.push_str(&super::score::render_diagram(d).replace('\n', "\n   "));
            s.push('\n');
        }
        if let Some(f) = &q.follow_up {
            s.push_str(&format!(
                "   Follow-up: {}
",
                f.follow_up.text
            ));
            if let Some(a) = &f.answer {
                s.push_str(&format!(
                    "   Answer ({}): {}
   Score: {:.1}
",
                    a.file, a.transcript.text, a.score.assessment.overall
                ));
            }
        }
        s.push('\n');
    }
    let sum = &out.summary;
    if let Some(o) = sum.overall {
        s.push_str(&format!("Overall {o:.1}\n"));
    }
    for (k, v) in &sum.competencies {
        s.push_str(&format!("  {k:<24} {v:.1}\n"));
    }
    s.push_str("Practise next:\n");
    for p in &sum.practise_next {
        s.push_str(&format!("  - {}: {}\n", p.focus, p.advice));
    }
    s.push_str("Try next:\n");
    for r in &sum.recommended_next {
        s.push_str(&format!("  - {} — {}\n", r.id, r.reason));
    }
    s
}
