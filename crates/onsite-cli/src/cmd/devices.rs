//! `onsite devices`: the microphones and cameras this machine has.

use std::process::ExitCode;

use super::{print_json, Ctx, JsonOrText};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Output format
    #[arg(long, value_enum, default_value_t)]
    format: JsonOrText,
}

pub fn run(_ctx: &Ctx, args: Args) -> anyhow::Result<ExitCode> {
    let devices = onsite_capture::devices::list()?;
    if args.format == JsonOrText::Json {
        print_json(&devices)?;
        return Ok(ExitCode::SUCCESS);
    }
    println!("Microphones:");
    if devices.microphones.is_empty() {
        println!("  (none: interviews can still be browsed and replayed)");
    }
    for m in &devices.microphones {
        let default = if m.is_default { "  [default]" } else { "" };
        println!(
            "  {}  ({} Hz, {} ch, id {}){default}",
            m.name, m.sample_rate, m.channels, m.id
        );
    }
    println!("Cameras:");
    if devices.cameras.is_empty() {
        println!("  (none: interviews are recorded audio-only)");
    }
    for c in &devices.cameras {
        println!("  {}  {}  ({})", c.id, c.name, c.description);
    }
    Ok(ExitCode::SUCCESS)
}
