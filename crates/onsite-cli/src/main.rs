//! `onsite`: the second shell over the engine crates (the desktop app is the first).
//!
//! Every capability of the app is reachable from here, so that it can be scripted, tested and
//! benchmarked without a window. This crate parses arguments, opens the data folder, calls the
//! engine crates and prints their results; it holds no business logic of its own. Each
//! subcommand lives in its own module under `cmd/`.

mod cmd;
mod error_code;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{ArgAction, Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "onsite",
    version,
    about = "Offline mock interviews for senior and staff engineers",
    long_about = "Offline mock interviews for senior and staff engineers.\n\n\
        Everything runs on this machine: questions, recording, Whisper transcription and \
        rubric scoring. Nothing is sent anywhere."
)]
struct Cli {
    /// Folder for the database, recordings, models and logs [default: the OS app-data folder]
    #[arg(long, global = true, value_name = "DIR", env = "ONSITE_DATA_DIR")]
    data_dir: Option<PathBuf>,

    /// More detail on stderr (-v info, -vv debug); the log file always gets info
    #[arg(short, long, global = true, action = ArgAction::Count)]
    verbose: u8,

    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Show where Onsite keeps its data and which version is running
    Info(cmd::info::Args),
    /// Whisper models: list, import a CTranslate2 export, verify checksums
    #[command(subcommand)]
    Models(cmd::models::Args),
    /// Transcribe an audio file with Whisper on this machine (JSON with timed words by default)
    Transcribe(cmd::transcribe::Args),
    /// Score an answer (.txt, transcribe .json, or audio) with the offline rubric
    Score(cmd::score::Args),
    /// Recorded sessions: list, show, search, delete, export, import, re-score, back up
    #[command(subcommand)]
    Sessions(cmd::sessions::Args),
    /// Measure performance (prints figures)
    #[command(subcommand)]
    Bench(cmd::bench::Args),
    /// List microphones and cameras
    Devices(cmd::devices::Args),
    /// Record a take (camera + microphone) to a crash-safe fragmented MP4 file
    Record(cmd::record::Args),
    /// The question bank: list questions, or pick a tailored set for a plan
    #[command(subcommand)]
    Questions(cmd::questions::Args),
    /// Run a whole interview headless with prerecorded answers (audio or .txt), scored and stored
    Interview(cmd::interview::Args),
    /// Run a live interview with the camera and microphone: recorded, transcribed, scored, stored
    Live(cmd::live::Args),
    /// Write a session's report: self-contained HTML, PDF or Markdown
    Report(cmd::report::Args),
    /// Progress over time: competency trends, practice streaks, takes compared
    Progress(cmd::progress::Args),
    /// The story bank: your STAR stories, grouped, and competencies with no story yet
    Stories(cmd::stories::Args),
    /// Say a text with the interviewer's voice into a WAV file (offline), or list the voices
    Say(cmd::say::Args),
    /// The interviewer's voices: list, install
    #[command(subcommand)]
    Voices(cmd::say::VoicesArgs),
    /// Read a whiteboard (.excalidraw) as a system-design graph, with findings on what it lacks
    Diagram(cmd::diagram::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(err) => {
            let message = format!("{err:#}");
            eprintln!("error: {message}");
            // Scripts read the stable code, never the message (some messages carry it already,
            // as `[code]`; a code that is also an ordinary word, like `config`, still gets its
            // line).
            if let Some(code) =
                error_code::of(&err).filter(|c| !message.contains(&format!("[{c}]")))
            {
                eprintln!("code: {code}");
            }
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let ctx = cmd::Ctx::open(cli.data_dir.as_deref(), cli.verbose)?;
    match cli.command {
        Command::Info(args) => cmd::info::run(&ctx, args),
        Command::Models(args) => cmd::models::run(&ctx, args),
        Command::Transcribe(args) => cmd::transcribe::run(&ctx, args),
        Command::Score(args) => cmd::score::run(&ctx, args),
        Command::Sessions(args) => cmd::sessions::run(&ctx, args),
        Command::Bench(args) => cmd::bench::run(&ctx, args),
        Command::Devices(args) => cmd::devices::run(&ctx, args),
        Command::Record(args) => cmd::record::run(&ctx, args),
        Command::Questions(args) => cmd::questions::run(&ctx, args),
        Command::Interview(args) => cmd::interview::run(&ctx, args),
        Command::Live(args) => cmd::live::run(&ctx, args),
        Command::Report(args) => cmd::report::run(&ctx, args),
        Command::Progress(args) => cmd::progress::run(&ctx, args),
        Command::Stories(args) => cmd::stories::run(&ctx, args),
        Command::Say(args) => cmd::say::run(&ctx, args),
        Command::Voices(args) => cmd::say::voices(&ctx, args),
        Command::Diagram(args) => cmd::diagram::run(&ctx, args),
    }
}
