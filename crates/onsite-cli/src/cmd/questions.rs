//! `onsite questions`: browse the question bank and pick a tailored set for a plan.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use onsite_interview::{
    document, pick, Bank, Level, Plan, PlanId, PlanOptions, Profile, Selection, Taxonomy, Track,
};

use super::{print_json, Ctx, JsonOrText};

#[derive(Debug, clap::Subcommand)]
pub enum Args {
    /// List questions in the bank (built-in plus the data folder's questions/)
    List(ListArgs),
    /// Choose a plan's questions, tailored to a résumé and/or job description, with reasons
    Pick(PickArgs),
}

#[derive(Debug, clap::Args)]
pub struct ListArgs {
    /// Only this track: system-design, leadership, technical-debt, operations, ambiguity,
    /// architecture-review, learning
    #[arg(long, value_name = "T")]
    track: Option<String>,
    /// Only this level: senior or staff
    #[arg(long, value_name = "L")]
    level: Option<String>,
    #[arg(long, value_enum, default_value_t)]
    format: JsonOrText,
}

/// Plan and tailoring options shared by `questions pick` and `interview`.
#[derive(Debug, Clone, clap::Args)]
pub struct PlanArgs {
    /// quick-15, system-design-45, behavioural-30 or staff-loop
    #[arg(long, value_name = "P", default_value = "quick-15")]
    pub plan: String,
    /// Résumé to tailor to (.txt, .md, .pdf or .docx)
    #[arg(long, value_name = "FILE")]
    pub resume: Option<PathBuf>,
    /// Job description to tailor to (.txt, .md, .pdf or .docx)
    #[arg(long, value_name = "FILE")]
    pub job: Option<PathBuf>,
    /// Number of questions instead of the plan's own
    #[arg(long, value_name = "N")]
    pub questions: Option<usize>,
    /// Prep time per question, seconds (0 starts answering at once)
    #[arg(long, value_name = "S")]
    pub prep_seconds: Option<u32>,
    /// Answer time per question, seconds
    #[arg(long, value_name = "S")]
    pub answer_seconds: Option<u32>,
    /// Level instead of the one the inputs signal: senior or staff
    #[arg(long, value_name = "L")]
    pub level: Option<String>,
    /// Ask no follow-ups
    #[arg(long)]
    pub no_follow_ups: bool,
    /// Varies the choice among equally relevant questions
    #[arg(long, default_value_t = 0)]
    pub seed: u64,
}

#[derive(Debug, clap::Args)]
pub struct PickArgs {
    #[command(flatten)]
    plan: PlanArgs,
    #[arg(long, value_enum, default_value_t)]
    format: JsonOrText,
}

pub fn run(ctx: &Ctx, args: Args) -> anyhow::Result<ExitCode> {
    match args {
        Args::List(a) => list(ctx, a),
        Args::Pick(a) => {
            let (sel, _, _) = select(ctx, &a.plan)?;
            match a.format {
                JsonOrText::Json => print_json(&sel.questions)?,
                JsonOrText::Text => print!("{}", render_selection(&sel)),
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn list(ctx: &Ctx, a: ListArgs) -> anyhow::Result<ExitCode> {
    let track = a.track.as_deref().map(parse_track).transpose()?;
    let level = a.level.as_deref().map(parse_level).transpose()?;
    let bank = load_bank(ctx)?;
    let qs = bank.filter(track, level);
    match a.format {
        JsonOrText::Json => print_json(&qs)?,
        JsonOrText::Text => {
            for q in &qs {
                println!("{:<36} {:<20} {:<7} {}", q.id, q.track, q.level, q.text);
            }
            println!("{} questions", qs.len());
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub fn load_bank(ctx: &Ctx) -> anyhow::Result<Bank> {
    Ok(Bank::load(Some(&ctx.data_dir.questions_dir()))?)
}

fn parse_track(s: &str) -> anyhow::Result<Track> {
    Track::parse(s).with_context(|| {
        let all: Vec<&str> = Track::ALL.iter().map(|t| t.as_str()).collect();
        format!("unknown track {s:?}; choose one of {}", all.join(", "))
    })
}

fn parse_level(s: &str) -> anyhow::Result<Level> {
    Level::parse(s).with_context(|| format!("unknown level {s:?}; choose senior or staff"))
}

fn read_doc(path: Option<&Path>) -> anyhow::Result<Option<String>> {
    path.map(|p| document::read_text(p).map_err(anyhow::Error::from))
        .transpose()
}

/// Resolves the plan, reads the tailoring inputs and picks the questions.
pub fn select(ctx: &Ctx, a: &PlanArgs) -> anyhow::Result<(Selection, Profile, Bank)> {
    let id = PlanId::parse(&a.plan)?;
    let opts = PlanOptions {
        questions: a.questions,
        prep_s: a.prep_seconds,
        answer_s: a.answer_seconds,
        follow_ups: a.no_follow_ups.then_some(false),
        level: a.level.as_deref().map(parse_level).transpose()?,
    };
    let plan = Plan::with_options(id, opts)?;
    let resume = read_doc(a.resume.as_deref())?;
    let job = read_doc(a.job.as_deref())?;
    let tax = Taxonomy::builtin()?;
    let profile = Profile::build(&tax, resume.as_deref(), job.as_deref());
    let bank = load_bank(ctx)?;
    let sel = pick(&bank, &plan, &profile, a.seed)?;
    Ok((sel, profile, bank))
}

fn render_selection(sel: &Selection) -> String {
    let mut out = format!(
        "Plan {} at {} level ({})\n\n",
        sel.plan, sel.level, sel.level_reason
    );
    for (i, p) in sel.questions.iter().enumerate() {
        out.push_str(&format!(
            "{}. [{} · {}s prep · {}s answer] {}\n   Why: {}\n\n",
            i + 1,
            p.question.track,
            p.question.prep_s,
            p.question.answer_s,
            p.question.text,
            p.reason
        ));
    }
    out
}
