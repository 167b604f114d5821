//! `onsite progress --format json|text`: per-competency trends, practice streaks, and the last
//! two takes of each question compared.

use std::process::ExitCode;

use onsite_report::{Progress, TrendDirection};

use super::report::{open_store, with_code};
use super::{print_json, Ctx, JsonOrText};

#[derive(Debug, clap::Args)]
pub struct Args {
    #[arg(long, value_enum, default_value_t)]
    format: JsonOrText,
    /// Your offset from UTC now, in minutes (UTC-8 is -480); default: the system's time zone
    /// now. It places today, and the day of any session stored without its own offset (from
    /// earlier versions); a session that recorded the offset it was started at keeps it, so a
    /// daylight-saving change never moves it to another day.
    #[arg(long, value_name = "MINUTES", allow_hyphen_values = true,
          value_parser = clap::value_parser!(i32).range(-14 * 60..=14 * 60))]
    utc_offset: Option<i32>,
}

/// The system time zone's offset from UTC now, in minutes; UTC when it cannot be read.
fn local_offset_minutes() -> i32 {
    jiff::ZonedDateTime::now().offset().seconds() / 60
}

pub fn run(ctx: &Ctx, args: Args) -> anyhow::Result<ExitCode> {
    let store = open_store(ctx)?;
    let offset = args.utc_offset.unwrap_or_else(local_offset_minutes);
    let p = Progress::load(&store, onsite_store::now_ms(), offset).map_err(with_code)?;
    if args.format == JsonOrText::Json {
        print_json(&p)?;
        return Ok(ExitCode::SUCCESS);
    }
    if p.sessions == 0 {
        println!("No sessions yet: run `onsite interview` or practise in the app.");
        return Ok(ExitCode::SUCCESS);
    }
    println!(
        "{} sessions · streak {} days (longest {}) · {} practice days",
        p.sessions, p.streak.current_days, p.streak.longest_days, p.streak.practice_days
    );
    for t in &p.trends {
        let arrow = match t.direction {
            TrendDirection::Up => "↑",
            TrendDirection::Down => "↓",
            TrendDirection::Flat => "→",
        };
        println!(
            "{:<26} {:.1} → {:.1} {arrow} ({:+.1}, {} sessions)",
            t.label,
            t.first,
            t.latest,
            t.change,
            t.points.len()
        );
    }
    for c in &p.comparisons {
        println!(
            "\n{}\n  overall {} → {}{}",
            c.question_text,
            c.before
                .overall
                .map(|o| format!("{o:.1}"))
                .unwrap_or("-".into()),
            c.after
                .overall
                .map(|o| format!("{o:.1}"))
                .unwrap_or("-".into()),
            c.overall_change
                .map(|d| format!(" ({d:+.1})"))
                .unwrap_or_default()
        );
        for g in &c.gaps_closed {
            println!("  fixed: {g}");
        }
        for g in &c.gaps_new {
            println!("  new gap: {g}");
        }
        if !c.words_added.is_empty() {
            println!("  now mentions: {}", c.words_added.join(", "));
        }
    }
    Ok(ExitCode::SUCCESS)
}
