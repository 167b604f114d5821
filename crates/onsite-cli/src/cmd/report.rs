//! `onsite report SESSION_ID --format html|pdf|md --out FILE`: one session's report, written
//! on this machine (HTML self-contained, PDF with the bundled font).

use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context as _;
use onsite_report::{Format, ReportError, SessionReport};

use onsite_store::Store;

use super::Ctx;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The session's id, as `onsite sessions list` prints it
    session_id: String,
    /// File format
    #[arg(long, value_enum, default_value_t = ReportFormat::Html)]
    format: ReportFormat,
    /// Where to write the report (replaced if it exists)
    #[arg(long, value_name = "FILE")]
    out: PathBuf,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum ReportFormat {
    Html,
    Pdf,
    Md,
}

impl From<ReportFormat> for Format {
    fn from(f: ReportFormat) -> Self {
        match f {
            ReportFormat::Html => Format::Html,
            ReportFormat::Pdf => Format::Pdf,
            ReportFormat::Md => Format::Md,
        }
    }
}

pub fn run(ctx: &Ctx, args: Args) -> anyhow::Result<ExitCode> {
    let started = Instant::now();
    let store = open_store(ctx)?;
    let report = SessionReport::load(&store, &args.session_id).map_err(with_code)?;
    let bytes = report.render(args.format.into()).map_err(with_code)?;
    // A Markdown report shows each whiteboard as an SVG file beside it, which it refers to.
    let dir = args
        .out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(std::path::Path::new("."));
    for (name, contents) in report.companion_files(args.format.into()) {
        write_atomically(&dir.join(name), contents.as_bytes())?;
    }
    write_atomically(&args.out, &bytes)?;
    println!(
        "wrote {} ({} bytes, {} questions) in {} ms",
        args.out.display(),
        bytes.len(),
        report.questions.len(),
        started.elapsed().as_millis()
    );
    Ok(ExitCode::SUCCESS)
}

/// A half-written report never replaces a good one: write beside it, then rename.
fn write_atomically(out: &std::path::Path, bytes: &[u8]) -> anyhow::Result<()> {
    let dir = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let mut tmp = tempfile::NamedTempFile::new_in(&dir)
        .with_context(|| format!("cannot write in {}; does the folder exist?", dir.display()))?;
    tmp.write_all(bytes)
        .with_context(|| format!("writing {}", out.display()))?;
    tmp.persist(out)
        .with_context(|| format!("writing {}", out.display()))?;
    Ok(())
}

pub fn with_code(err: ReportError) -> anyhow::Error {
    anyhow::anyhow!("{err} [{}]", err.code())
}

/// The store, with the repair hint when it is damaged (as `onsite sessions` gives it).
pub fn open_store(ctx: &Ctx) -> anyhow::Result<Store> {
    Store::open(&ctx.data_dir).map_err(|err| {
        let hint = if err.code() == "store_corrupt" {
            "\nhint: `onsite sessions repair --move-aside` keeps it as onsite.db.corrupt-<time> \
             and starts a fresh database"
        } else {
            ""
        };
        anyhow::anyhow!("{err} [{}]{hint}", err.code())
    })
}
