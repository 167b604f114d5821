//! `onsite live`: a live session with real devices, headless. The same coordinator as the app
//! (`onsite_live`): each question is shown, answering starts at once, the camera and
//! microphone record for `--answer-seconds` (the answer limit, so the session's own auto-stop
//! ends it), Whisper transcribes while it records, and the feedback follows. Progress goes to
//! stderr; the session (take ids, media files, transcripts, scores, stop→feedback latency) to
//! stdout.

use std::process::ExitCode;
use std::sync::Arc;

use anyhow::bail;
use onsite_capture::camera::{list_cameras, CameraChoice};
use onsite_capture::mic::MicChoice;
use onsite_live::view::{LivePhase, LiveQuestionPart};
use onsite_live::{LiveOptions, LivePlan, LiveSession, LiveUpdate, SessionAction, SessionReport};

use super::questions::{select, PlanArgs};
use super::{print_json, Ctx, JsonOrText};

/// Longest answer `--answer-seconds` may ask for.
const MAX_ANSWER_S: u32 = 3600;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    plan: PlanArgs,
    /// Camera: `synthetic` (test pattern), `none` (audio-only), a camera id from `onsite
    /// devices`, or `default` (the first camera, else audio-only)
    #[arg(long, value_name = "C", default_value = "default")]
    camera: String,
    /// Microphone: `default`, `none`, or a name from `onsite devices`
    #[arg(long, value_name = "M", default_value = "default")]
    mic: String,
    /// Print live captions to stderr while answering
    #[arg(long)]
    captions: bool,
    /// Whisper model [default: the default model]
    #[arg(long, value_name = "NAME")]
    model: Option<String>,
    /// Rubric pack [default: the embedded default]
    #[arg(long, value_name = "NAME")]
    rubric: Option<String>,
    #[arg(long, value_enum, default_value_t)]
    format: JsonOrText,
}

pub fn run(ctx: &Ctx, mut args: Args) -> anyhow::Result<ExitCode> {
    // `--answer-seconds` here is how long each answer records, so it may be shorter than the
    // plans' 30 s minimum; it is applied to the session, not to the plan.
    let answer_s = args.plan.answer_seconds.take();
    if let Some(s) = answer_s {
        if s == 0 || s > MAX_ANSWER_S {
            bail!("--answer-seconds must be between 1 and {MAX_ANSWER_S}, not {s}");
        }
    }
    let (selection, profile, bank) = select(ctx, &args.plan)?;
    let mut plan = LivePlan::new(selection, profile, bank);
    if let Some(s) = answer_s {
        plan.set_answer_limit_ms(u64::from(s) * 1000);
    }
    let pack = Arc::new(ctx.rubric(args.rubric.as_deref())?);
    // Before the first question: a missing or broken model is an error now, not mid-answer.
    let model = super::transcribe::load_model(ctx, args.model.as_deref())?;
    let mut opts = LiveOptions::new(ctx.data_dir.clone(), plan, model, pack);
    opts.camera = match args.camera.as_str() {
        "default" => list_cameras()?
            .first()
            .map_or(CameraChoice::None, |c| CameraChoice::Device(c.id.clone())),
        other => other.parse().unwrap_or(CameraChoice::None),
    };
    opts.mic = args.mic.parse().unwrap_or(MicChoice::Default);
    opts.captions = args.captions;

    let (session, updates) = LiveSession::start(opts)?;
    eprintln!("session {}", session.session_id());
    let mut shown: Option<(LivePhase, u32, u32)> = None;
    for update in updates.iter() {
        match update {
            LiveUpdate::View(view) => {
                let key = (view.phase, view.question_index, view.take);
                if shown == Some(key) {
                    continue;
                }
                shown = Some(key);
                match view.phase {
                    LivePhase::Prep => {
                        let part = match view.question.part {
                            LiveQuestionPart::Main => "question",
                            LiveQuestionPart::FollowUp => "follow-up to question",
                        };
                        eprintln!(
                            "{part} {}/{}: {}",
                            view.question_index + 1,
                            view.question_count,
                            view.question.text
                        );
                        act(&session, SessionAction::BeginAnswer);
                    }
                    LivePhase::Answering => {
                        let secs = view.timer.map_or(0, |t| t.limit_ms.div_ceil(1000));
                        eprintln!("recording answer (take {}, up to {secs} s)", view.take);
                    }
                    LivePhase::Scoring => eprintln!("stopped; transcribing and scoring"),
                    LivePhase::Feedback => {
                        if let Some(e) = &view.scoring_error {
                            eprintln!("no feedback: {e}");
                        }
                        act(&session, SessionAction::Next);
                    }
                    LivePhase::Summary => {}
                }
            }
            LiveUpdate::Caption { text, is_final } if is_final => eprintln!("  « {text} »"),
            LiveUpdate::Feedback(fb) => eprintln!(
                "feedback in {} ms: overall {:.1} — {}",
                fb.feedback_ms.unwrap_or_default(),
                fb.overall,
                fb.summary
            ),
            LiveUpdate::Warning {
                timer,
                seconds_left,
            } => eprintln!("{seconds_left} s left ({timer:?})"),
            LiveUpdate::Error { code, message } => eprintln!("warning [{code}]: {message}"),
            LiveUpdate::Finished { .. } => break,
            LiveUpdate::Level { .. } | LiveUpdate::Caption { .. } => {}
        }
    }
    let report = session.wait()?;
    match args.format {
        JsonOrText::Json => print_json(&report)?,
        JsonOrText::Text => print!("{}", render_text(&report)),
    }
    Ok(ExitCode::SUCCESS)
}

/// Sends an action; one the session has already moved past (its timer got there first) is
/// harmless and only logged.
fn act(session: &LiveSession, action: SessionAction) {
    if let Err(e) = session.control(action) {
        tracing::debug!(?action, code = e.code(), "action not applied: {e}");
    }
}

fn render_text(r: &SessionReport) -> String {
    let mut s = format!(
        "Session {} · {} at {} level{}\n\n",
        r.session_id,
        r.plan,
        r.level,
        if r.ended_early { " · ended early" } else { "" }
    );
    for q in &r.questions {
        s.push_str(&format!("{}. {}\n", q.position, q.text));
        for t in &q.takes {
            s.push_str(&format!(
                "   take {} ({:?}, {}): {}\n",
                t.take_id, t.part, t.status, t.media_path
            ));
            if let Some(tr) = &t.transcript {
                s.push_str(&format!("   Transcript: {}\n", tr.text.trim()));
            }
            if let Some(a) = &t.score {
                s.push_str(&format!(
                    "   Score: {:.1} — {} (feedback in {} ms)\n",
                    a.overall,
                    a.summary,
                    t.feedback_ms.unwrap_or_default()
                ));
            }
        }
        if let Some(f) = &q.follow_up {
            s.push_str(&format!("   Follow-up: {f}\n"));
        }
        s.push('\n');
    }
    if let Some(o) = r.summary.overall {
        s.push_str(&format!("Overall {o:.1}\n"));
    }
    s
}
