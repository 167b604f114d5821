//! `onsite info`: where the data lives and what is running.

use std::process::ExitCode;

use serde::Serialize;

use super::{print_json, Ctx, JsonOrText};

#[derive(Debug, clap::Args)]
pub struct Args {
    #[arg(long, value_enum, default_value_t)]
    format: JsonOrText,
}

#[derive(Debug, Serialize)]
struct Info {
    version: &'static str,
    data_dir: String,
    database: String,
    media: String,
    models: String,
    rubrics: String,
    questions: String,
    logs: String,
}

pub fn run(ctx: &Ctx, args: Args) -> anyhow::Result<ExitCode> {
    let d = &ctx.data_dir;
    let show = |p: std::path::PathBuf| p.display().to_string();
    let info = Info {
        version: env!("CARGO_PKG_VERSION"),
        data_dir: d.root().display().to_string(),
        database: show(d.db_path()),
        media: show(d.media_dir()),
        models: show(d.models_dir()),
        rubrics: show(d.rubrics_dir()),
        questions: show(d.questions_dir()),
        logs: show(d.logs_dir()),
    };
    match args.format {
        JsonOrText::Json => print_json(&info)?,
        JsonOrText::Text => {
            println!("Onsite {}", info.version);
            println!("data folder  {}", info.data_dir);
            println!("database     {}", info.database);
            println!("recordings   {}", info.media);
            println!("models       {}", info.models);
            println!("rubric packs {}", info.rubrics);
            println!("questions    {}", info.questions);
            println!("logs         {}", info.logs);
        }
    }
    Ok(ExitCode::SUCCESS)
}
