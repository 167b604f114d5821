//! `onsite interview`: a whole session headless, driven through the interview engine's state
//! machine with prerecorded answers instead of a microphone.
//!
//! It carries out the machine's effects the way the app's coordinator does: each question is
//! recorded in the store when shown, each answer becomes a take whose transcript segments are
//! committed, is scored with the rubric and saved, and the follow-up is stored both on the take
//! it follows and as its own asked question (`<id>/follow-up`) whose answer is a take. Time is
//! virtual: an answer lasts as long as its audio (or its words at 150 per minute for text), so
//! time limits and auto-stop behave as they would live.

use std::collections::{HashMap, VecDeque};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::{bail, Context};
use onsite_interview::flow::{
    Effect, Event, Outcome, Part, Phase, Session, SessionConfig, StopReason,
};
use onsite_interview::score::{rubric_follow_up, rubric_question, ScoreCard};
use onsite_interview::{summarise, FollowUp, Summary, TakeId};
use onsite_rubric::{Answer, Assessment, RubricPack};
use onsite_store::{NewSession, QuestionAskedId, RubricRecord, Store, TakeEnd};
use onsite_transcript::{Segment, Transcript};
use serde::Serialize;

use super::questions::{select, PlanArgs};
use super::{print_json, Ctx, JsonOrText};

const AUDIO_EXTENSIONS: &[&str] = &["wav", "mp3", "flac", "ogg", "opus", "m4a", "mp4", "webm"];
/// Largest text answer read.
const MAX_TEXT_BYTES: u64 = 10 * 1024 * 1024;
/// Speaking rate used to give text answers a duration.
const TEXT_WPM: u64 = 150;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    plan: PlanArgs,
    /// Answers in order, comma-separated: audio files or .txt/.json transcripts; one per
    /// question, and one per follow-up when the plan asks follow-ups
    #[arg(long, value_name = "A1,A2,...", value_delimiter = ',', required = true)]
    answers: Vec<PathBuf>,
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
    score: Assessment,
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

/// A prepared answer: its transcript and how long it lasts on the virtual clock.
struct Prepared {
    file: PathBuf,
    transcript: Transcript,
    timed: bool,
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
    let pack = RubricPack::select(Some(&ctx.data_dir.rubrics_dir()), args.rubric.as_deref())?;
    let needs_model = args.answers.iter().any(|a| is_audio(a));
    let model = if needs_model {
        Some(match loaded {
            Some(m) => m,
            None => super::transcribe::load_model(ctx, args.model.as_deref())?,
        })
    } else {
        None
    };

    let mut store = Store::open(&ctx.data_dir)?;
    let tailoring = serde_json::json!({
        "resume_file": args.plan.resume.as_ref().map(|p| p.display().to_string()),
        "job_file": args.plan.job.as_ref().map(|p| p.display().to_string()),
        "profile": profile,
        "questions": sel.questions.iter().map(|q| serde_json::json!({"id": q.question.id, "reason": q.reason})).collect::<Vec<_>>(),
    });
    let session_id = store.create_session(&NewSession {
        plan: sel.plan.to_string(),
        level: sel.level.to_string(),
        tailoring,
        started_at_ms: onsite_store::now_ms(),
    })?;
    tracing::info!(session = %session_id, plan = %sel.plan, "headless interview start");

    let mut runner = Runner {
        store: &mut store,
        session_id: session_id.clone(),
        pack: &pack,
        model,
        answers: args.answers.iter().cloned().collect(),
        now_ms: 0,
        asked: HashMap::new(),
        store_takes: HashMap::new(),
        answered: HashMap::new(),
        pending_answer: None,
    };
    let session = runner.drive(Session::new(config))?;
    let mut answered = std::mem::take(&mut runner.answered);
    store.finish_session(&session_id, onsite_store::now_ms())?;

    let summary = summarise(&session, &bank, sel.level);
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
        let follow_up_answer = final_of(Part::FollowUp).and_then(|r| answered.remove(&r.take));
        let answer = main.and_then(|r| answered.remove(&r.take));
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

fn is_audio(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| AUDIO_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
}

/// Carries out the state machine's effects against the store, speech and rubric.
struct Runner<'a> {
    store: &'a mut Store,
    session_id: onsite_store::SessionId,
    pack: &'a RubricPack,
    model: Option<Arc<onsite_speech::Model>>,
    answers: VecDeque<PathBuf>,
    /// Virtual session clock.
    now_ms: u64,
    /// Store rows of the questions shown: (question index, part) -> asked row.
    asked: HashMap<(usize, Part), QuestionAskedId>,
    store_takes: HashMap<TakeId, onsite_store::TakeId>,
    answered: HashMap<TakeId, AnswerOut>,
    pending_answer: Option<(TakeId, Prepared)>,
}

impl Runner<'_> {
    fn drive(&mut self, mut session: Session) -> anyhow::Result<Session> {
        let mut events = VecDeque::from([Event::Start { now_ms: 0 }]);
        // Bounded: every answer and question can only be visited a few times.
        let mut budget = 64 + 16 * (session.config.questions.len() + self.answers.len());
        while let Some(event) = events.pop_front() {
            budget = budget
                .checked_sub(1)
                .context("the session did not converge")?;
            let (next, effects) = session
                .step(event)
                .map_err(|e| anyhow::anyhow!("interview flow: {e} [{}]", e.code()))?;
            session = next;
            let mut pending: Option<(TakeId, Prepared, u64)> = None;
            for effect in effects {
                match effect {
                    Effect::ShowQuestion { question, prep_ms } => {
                        self.ask(&session, question, Part::Main, None)?;
                        if self.answers.is_empty() {
                            events.push_back(Event::EndEarly {
                                now_ms: self.now_ms,
                            });
                        } else if prep_ms > 0 {
                            // The candidate is ready at once. With no preparation time the
                            // flow has already started the answer (StartTake follows).
                            events.push_back(Event::BeginAnswer {
                                now_ms: self.now_ms,
                            });
                        }
                    }
                    Effect::AskFollowUp {
                        question,
                        follow_up,
                    } => {
                        self.ask(&session, question, Part::FollowUp, Some(&follow_up))?;
                    }
                    Effect::StartTake { take, limit_ms } => {
                        let asked = *self
                            .asked
                            .get(&(take.question, take.part))
                            .context("take of a question that was never shown")?;
                        let file = self
                            .answers
                            .pop_front()
                            .context("no answer left for this take")?;
                        let started = self.store.start_take(asked, onsite_store::now_ms(), None)?;
                        self.store_takes.insert(take, started.id);
                        let prepared = self.prepare(&file)?;
                        pending = Some((take, prepared, limit_ms));
                    }
                    Effect::Warning { .. } => {}
                    Effect::StopTake { take, .. } => {
                        let id = self.store_id(take)?;
                        self.store
                            .finish_take(id, TakeEnd::Complete, onsite_store::now_ms())?;
                    }
                    Effect::Score { take } => match self.score(&session, take) {
                        Ok(card) => events.push_back(Event::Scored { card }),
                        Err(e) => {
                            tracing::warn!(error = %format!("{e:#}"), "scoring failed");
                            events.push_back(Event::ScoringFailed {
                                code: "scoring_failed".into(),
                            });
                        }
                    },
                    Effect::DiscardTake { take } => {
                        if let Some(id) = self.store_takes.get(&take) {
                            self.store
                                .finish_take(*id, TakeEnd::Failed, onsite_store::now_ms())?;
                        }
                    }
                    Effect::ShowFeedback { .. } => {
                        // Fewer answers than the plan wants ends the session after the last
                        // one, as "end early" does in the app.
                        let more_to_ask = match &session.phase {
                            Phase::Feedback { take, follow_up } => {
                                follow_up.is_some()
                                    || take.question + 1 < session.config.questions.len()
                            }
                            _ => false,
                        };
                        if self.answers.is_empty() && more_to_ask {
                            events.push_back(Event::EndEarly {
                                now_ms: self.now_ms,
                            });
                        } else {
                            events.push_back(Event::Next {
                                now_ms: self.now_ms,
                            });
                        }
                    }
                    Effect::Finished { .. } => {}
                }
            }
            if let Some((take, prepared, limit_ms)) = pending {
                events.push_back(self.play(take, prepared, limit_ms)?);
            }
        }
        Ok(session)
    }

    fn store_id(&self, take: TakeId) -> anyhow::Result<onsite_store::TakeId> {
        self.store_takes
            .get(&take)
            .copied()
            .context("take was never started")
    }

    /// Records the question (or follow-up) as asked in the store, as the live coordinator does.
    fn ask(
        &mut self,
        session: &Session,
        question: usize,
        part: Part,
        follow_up: Option<&FollowUp>,
    ) -> anyhow::Result<()> {
        let id = onsite_live::record::ask_question(
            self.store,
            &self.session_id,
            question,
            &session.config.questions[question].question,
            part,
            follow_up.map(|f| f.text.as_str()),
            &self.store_takes,
        )?;
        self.asked.insert((question, part), id);
        Ok(())
    }

    /// Reads or transcribes an answer file.
    fn prepare(&self, file: &Path) -> anyhow::Result<Prepared> {
        if is_audio(file) {
            let model = self.model.clone().context("no Whisper model loaded")?;
            let transcript = super::transcribe::transcribe_with(
                model,
                file,
                onsite_speech::StreamConfig::batch(),
            )?;
            return Ok(Prepared {
                file: file.to_path_buf(),
                transcript,
                timed: true,
            });
        }
        let size = std::fs::metadata(file)
            .with_context(|| format!("cannot read {}", file.display()))?
            .len();
        if size > MAX_TEXT_BYTES {
            bail!(
                "{} is {size} bytes; a text answer is at most {MAX_TEXT_BYTES}",
                file.display()
            );
        }
        let bytes =
            std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
        let is_json = file
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("json"));
        if is_json {
            let transcript = Transcript::from_json_slice(&bytes)
                .with_context(|| format!("{} is not a transcript", file.display()))?;
            return Ok(Prepared {
                file: file.to_path_buf(),
                transcript,
                timed: true,
            });
        }
        let text = String::from_utf8(bytes).map_err(|e| {
            anyhow::anyhow!(
                "{} is not UTF-8 text (invalid byte at offset {}); give audio, a .txt or a transcript .json",
                file.display(),
                e.utf8_error().valid_up_to()
            )
        })?;
        let text = text.trim().to_string();
        let words = text.split_whitespace().count() as u64;
        let duration_ms = words * 60_000 / TEXT_WPM;
        let segments = if text.is_empty() {
            Vec::new()
        } else {
            vec![Segment {
                start_ms: 0,
                end_ms: duration_ms,
                text: text.clone(),
                words: Vec::new(),
            }]
        };
        Ok(Prepared {
            file: file.to_path_buf(),
            transcript: Transcript {
                text,
                duration_ms,
                model: "text".into(),
                segments,
                pauses: Vec::new(),
            },
            timed: false,
        })
    }

    /// "Speaks" a prepared answer on the virtual clock: commits its segments as a live take
    /// would, cut at the time limit, and returns the event that ends it.
    fn play(&mut self, take: TakeId, mut p: Prepared, limit_ms: u64) -> anyhow::Result<Event> {
        let timed_out = p.transcript.duration_ms >= limit_ms;
        if timed_out && p.timed {
            // The recording stops at the limit: what was said after it was never captured.
            p.transcript.segments.retain(|s| s.start_ms < limit_ms);
            for s in &mut p.transcript.segments {
                s.words.retain(|w| w.start_ms < limit_ms);
                s.end_ms = s.end_ms.min(limit_ms);
            }
            p.transcript.text = p
                .transcript
                .segments
                .iter()
                .map(|s| s.text.trim())
                .collect::<Vec<_>>()
                .join(" ");
            p.transcript.duration_ms = limit_ms;
        }
        let id = self.store_id(take)?;
        for segment in &p.transcript.segments {
            self.store.append_segment(id, segment)?;
        }
        let start = self.now_ms;
        self.now_ms = start + p.transcript.duration_ms.min(limit_ms);
        self.pending_answer = Some((take, p));
        Ok(if timed_out {
            Event::Tick {
                now_ms: start + limit_ms,
            }
        } else {
            Event::StopAnswer {
                now_ms: self.now_ms,
            }
        })
    }

    fn score(&mut self, session: &Session, take: TakeId) -> anyhow::Result<ScoreCard> {
        let (_, p) = self
            .pending_answer
            .take()
            .filter(|(t, _)| *t == take)
            .context("no recorded answer to score")?;
        let q = &session.config.questions[take.question].question;
        let rq = match take.part {
            Part::Main => rubric_question(q),
            Part::FollowUp => {
                let text = self
                    .follow_up_text(session, take.question)
                    .unwrap_or_default();
                rubric_follow_up(q, &text)
            }
        };
        let answer = if p.timed {
            Answer::from_transcript(&p.transcript)
        } else {
            Answer::from_text(&p.transcript.text)
        };
        let assessment = self.pack.assess(&rq, &answer)?;
        let card = ScoreCard::from_assessment(&assessment);
        let record = RubricRecord {
            rubric_version: assessment.rubric_version.clone(),
            scores: card.competencies.clone(),
            result: serde_json::to_value(&assessment)?,
            scored_at_ms: onsite_store::now_ms(),
        };
        self.store.save_rubric(self.store_id(take)?, &record)?;
        let stopped = match &session.phase {
            Phase::Scoring { stopped, .. } => *stopped,
            _ => StopReason::Stopped,
        };
        self.answered.insert(
            take,
            AnswerOut {
                file: p.file.display().to_string(),
                take: take.take,
                stopped,
                transcript: p.transcript,
                score: assessment,
            },
        );
        Ok(card)
    }

    fn follow_up_text(&self, session: &Session, question: usize) -> Option<String> {
        session.takes.iter().rev().find_map(|r| match &r.outcome {
            Outcome::Scored {
                follow_up: Some(f), ..
            } if r.take.question == question && r.take.part == Part::Main => Some(f.text.clone()),
            _ => None,
        })
    }
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
                a.file, a.transcript.text, a.score.overall, a.score.summary
            )),
            None => s.push_str(
                "   (not answered)
",
            ),
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
                    a.file, a.transcript.text, a.score.overall
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
