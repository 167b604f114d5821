//! `onsite stories --format json|text`: the story bank — STAR stories found in behavioural
//! answers, grouped when they tell the same story, and the competencies with no story yet.

use std::process::ExitCode;

use onsite_report::{competency_label, StoryBank};

use super::report::{open_store, with_code};
use super::{print_json, Ctx, JsonOrText};

#[derive(Debug, clap::Args)]
pub struct Args {
    #[arg(long, value_enum, default_value_t)]
    format: JsonOrText,
}

pub fn run(ctx: &Ctx, args: Args) -> anyhow::Result<ExitCode> {
    let store = open_store(ctx)?;
    let bank = StoryBank::load(&store).map_err(with_code)?;
    if args.format == JsonOrText::Json {
        print_json(&bank)?;
        return Ok(ExitCode::SUCCESS);
    }
    println!(
        "{} stories in {} behavioural answers",
        bank.stories.len(),
        bank.behavioural_answers
    );
    for s in &bank.stories {
        let covered: Vec<String> = s.covered.iter().map(|c| competency_label(c)).collect();
        println!(
            "\n#{} {}\n  told {} time(s); covers: {}",
            s.id,
            s.title,
            s.answers.len(),
            if covered.is_empty() {
                "nothing yet at the bar".into()
            } else {
                covered.join(", ")
            }
        );
        for l in &s.links {
            println!(
                "  takes {} and {}: similarity {:.2}, sharing {}",
                l.a,
                l.b,
                l.similarity.score,
                l.similarity.shared.join(", ")
            );
        }
    }
    if !bank.competencies_without_story.is_empty() {
        let missing: Vec<String> = bank
            .competencies_without_story
            .iter()
            .map(|c| competency_label(c))
            .collect();
        println!("\nNo story yet for: {}", missing.join(", "));
    }
    Ok(ExitCode::SUCCESS)
}
