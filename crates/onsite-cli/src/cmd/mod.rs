//! One module per subcommand; `Ctx` is what every subcommand gets.

pub mod bench;
pub mod devices;
pub mod diagram;
pub mod info;
pub mod interview;
pub mod live;
pub mod models;
pub mod progress;
pub mod questions;
pub mod record;
pub mod report;
pub mod say;
pub mod score;
pub mod sessions;
pub mod stories;
pub mod transcribe;

use std::path::Path;

use onsite_datadir::{logging, DataDir};

/// The data folder and logging, set up once before any subcommand runs.
#[derive(Debug)]
pub struct Ctx {
    pub data_dir: DataDir,
    _log: logging::LogGuard,
}

impl Ctx {
    pub fn open(explicit_data_dir: Option<&Path>, verbosity: u8) -> anyhow::Result<Self> {
        let data_dir = DataDir::open(explicit_data_dir)?;
        let log = logging::init(&data_dir, verbosity);
        tracing::info!(data_dir = %data_dir.root().display(), "onsite cli start");
        Ok(Self {
            data_dir,
            _log: log,
        })
    }

    /// The rubric pack `name` (None: the default) from the data folder's `rubrics/` or the
    /// embedded default. A pack written for an older rubric loads with what it lacks taken from
    /// the default; the user is told which parts, so a changed score is never a mystery.
    pub fn rubric(&self, name: Option<&str>) -> anyhow::Result<onsite_rubric::RubricPack> {
        let pack = onsite_rubric::RubricPack::select(Some(&self.data_dir.rubrics_dir()), name)?;
        if !pack.inherited().is_empty() {
            let taken = pack.inherited().join(", ");
            tracing::warn!(pack = %pack.version_label(), %taken, "rubric pack written for an older rubric");
            eprintln!(
                "note: rubric pack {} was written for an older rubric; taken from the built-in default: {taken}",
                pack.version_label()
            );
        }
        Ok(pack)
    }
}

/// `--format` values shared by commands that print either JSON or text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, Default)]
pub enum JsonOrText {
    Json,
    #[default]
    Text,
}

/// Prints `value` as pretty JSON on stdout.
pub fn print_json<T: serde::Serialize>(value: &T) -> anyhow::Result<()> {
    println!("{}", serde_json::to_string_pretty(value)?);
    Ok(())
}
