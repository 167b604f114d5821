//! Where voices live, which are installed, and putting one in place.
//!
//! A voice is `voice/<name>.onnx` with `<name>.onnx.json` beside it, and Piper voices also need
//! ONNX Runtime's library, `voice/libonnxruntime.so*`, in a folder of the models search path
//! ([`onsite_models::Registry::standard`]: the data folder's `models/`, `$ONSITE_MODELS_DIR`,
//! the installed share folder, a checkout's `models/`). `scripts/fetch-voice` puts them into
//! the checkout's `models/voice/` at setup time, the .deb ships them in the share folder, and
//! nothing is ever downloaded at run time.
//!
//! Each file's sha256 is recorded beside it on install (`<file>.sha256`, as for Whisper
//! models) and checked every time a voice is opened.

use std::path::{Path, PathBuf};

use onsite_models::checksum;

use crate::error::{Result, VoiceError};
use crate::piper::{self, PiperConfig, PiperVoice};
use crate::{EspeakVoice, Voice, VoiceKind};

/// The voice used when none is named.
pub const DEFAULT_VOICE: &str = "en_US-joe-medium";

/// The name under which the espeak-ng fallback is listed and can be chosen.
pub const ESPEAK_VOICE: &str = "espeak";

/// Folder under each models folder that holds voices.
pub const VOICE_SUBDIR: &str = "voice";

/// One installed (or built-in) voice.
#[derive(Debug, Clone, serde::Serialize)]
pub struct VoiceEntry {
    pub name: String,
    pub kind: VoiceKind,
    /// The `.onnx` file, for Piper voices.
    pub path: Option<PathBuf>,
    pub sample_rate: Option<u32>,
    pub default: bool,
    /// Why the voice cannot be used, when it cannot (config unreadable, runtime missing, …).
    pub problem: Option<String>,
    pub problem_code: Option<String>,
}

/// A voice opened by [`Library::open_or_fallback`], with the reason if it is the fallback.
#[derive(Debug)]
pub struct Opened {
    pub voice: Box<dyn Voice>,
    /// Why the voice asked for could not be used and espeak-ng speaks instead.
    pub fallback_reason: Option<VoiceError>,
}

/// The voice folders, in lookup order.
#[derive(Debug, Clone)]
pub struct Library {
    dirs: Vec<PathBuf>,
}

impl Library {
    /// Voice folders directly (each holding `<name>.onnx` files).
    pub fn new(dirs: Vec<PathBuf>) -> Self {
        Self { dirs }
    }

    /// The `voice/` folder of every folder in the models search path.
    pub fn standard(data_models_dir: &Path) -> Self {
        let registry = onsite_models::Registry::standard(data_models_dir);
        Self::new(
            registry
                .dirs()
                .iter()
                .map(|d| d.join(VOICE_SUBDIR))
                .collect(),
        )
    }

    pub fn dirs(&self) -> &[PathBuf] {
        &self.dirs
    }

    /// The `.onnx` file of a Piper voice name, first in the search path.
    pub fn find(&self, name: &str) -> Option<PathBuf> {
        self.dirs
            .iter()
            .map(|d| d.join(format!("{name}.onnx")))
            .find(|p| p.is_file())
    }

    /// The ONNX Runtime library: the newest-named `libonnxruntime.so*` of the first folder
    /// that has one.
    pub fn runtime(&self) -> Option<PathBuf> {
        self.dirs.iter().find_map(|d| {
            let mut libs: Vec<PathBuf> = std::fs::read_dir(d)
                .ok()?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| {
                    p.file_name().and_then(|n| n.to_str()).is_some_and(|n| {
                        n.starts_with("libonnxruntime.so") && !n.ends_with(".sha256")
                    })
                })
                .collect();
            libs.sort();
            libs.pop()
        })
    }

    /// Every Piper voice in the search path, then the espeak-ng fallback.
    pub fn list(&self) -> Vec<VoiceEntry> {
        let mut out: Vec<VoiceEntry> = Vec::new();
        let runtime = self.runtime();
        for dir in &self.dirs {
            let Ok(read) = std::fs::read_dir(dir) else {
                continue;
            };
            let mut models: Vec<PathBuf> = read
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "onnx"))
                .collect();
            models.sort();
            for model in models {
                let name = voice_name(&model);
                if out.iter().any(|e| e.name == name) {
                    continue;
                }
                let problem = match (PiperConfig::read(&piper::config_path(&model)), &runtime) {
                    (Err(e), _) => Some(e),
                    (Ok(_), None) => Some(self.runtime_missing()),
                    (Ok(_), Some(_)) => None,
                };
                let rate = PiperConfig::read(&piper::config_path(&model))
                    .ok()
                    .map(|c| c.sample_rate);
                out.push(VoiceEntry {
                    default: name == DEFAULT_VOICE,
                    name,
                    kind: VoiceKind::Piper,
                    path: Some(model),
                    sample_rate: rate,
                    problem_code: problem.as_ref().map(|e| e.code().to_string()),
                    problem: problem.map(|e| e.to_string()),
                });
            }
        }
        let espeak = (!crate::espeak::available()).then(|| VoiceError::EspeakMissing {
            detail: "`espeak-ng --version` did not run".into(),
        });
        out.push(VoiceEntry {
            name: ESPEAK_VOICE.into(),
            kind: VoiceKind::Espeak,
            path: None,
            sample_rate: Some(crate::espeak::SAMPLE_RATE),
            default: false,
            problem_code: espeak.as_ref().map(|e| e.code().to_string()),
            problem: espeak.map(|e| e.to_string()),
        });
        out
    }

    fn runtime_missing(&self) -> VoiceError {
        VoiceError::NotFound {
            path: self
                .dirs
                .first()
                .map(|d| d.join("libonnxruntime.so"))
                .unwrap_or_else(|| PathBuf::from("libonnxruntime.so")),
        }
    }

    /// Opens `name` (`None`: the default voice), checking every file's sha256 first.
    pub fn open(&self, name: Option<&str>) -> Result<Box<dyn Voice>> {
        let name = name.unwrap_or(DEFAULT_VOICE);
        if name == ESPEAK_VOICE {
            return Ok(Box::new(EspeakVoice::new()?));
        }
        let model = self.find(name).ok_or_else(|| VoiceError::UnknownVoice {
            name: name.to_string(),
            searched: self
                .dirs
                .iter()
                .map(|d| d.display().to_string())
                .collect::<Vec<_>>()
                .join(", "),
        })?;
        let runtime = self.runtime().ok_or_else(|| self.runtime_missing())?;
        for file in [&model, &piper::config_path(&model), &runtime] {
            verify(file)?;
        }
        Ok(Box::new(PiperVoice::load(name, &model, &runtime)?))
    }

    /// [`Self::open`], but when the voice asked for cannot be used espeak-ng speaks instead,
    /// and the reason comes back so the caller can tell the user. Only a missing espeak-ng
    /// too is an error.
    pub fn open_or_fallback(&self, name: Option<&str>) -> Result<Opened> {
        match self.open(name) {
            Ok(voice) => Ok(Opened {
                voice,
                fallback_reason: None,
            }),
            Err(reason) => {
                tracing::warn!(error = %reason, "voice unavailable; espeak-ng speaks instead");
                Ok(Opened {
                    voice: Box::new(EspeakVoice::new()?),
                    fallback_reason: Some(reason),
                })
            }
        }
    }
}

/// A voice's name: its model file's name without `.onnx`.
pub fn voice_name(model: &Path) -> String {
    model
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Checks `file` against its recorded sha256 (recording one for a file dropped in by hand).
pub fn verify(file: &Path) -> Result<String> {
    match checksum::verify(file) {
        Ok(checksum::Verified::Match { sha256 } | checksum::Verified::Recorded { sha256 }) => {
            Ok(sha256)
        }
        Err(onsite_models::ModelError::ChecksumMismatch {
            path,
            expected,
            actual,
        }) => Err(VoiceError::Checksum {
            path,
            expected,
            actual,
        }),
        Err(onsite_models::ModelError::Io { path, source }) => Err(VoiceError::io(&path, source)),
        Err(e) => Err(VoiceError::Io {
            path: file.to_path_buf(),
            source: std::io::Error::other(e.to_string()),
        }),
    }
}

/// What [`install`] put in place, with each file's sha256.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Installed {
    pub files: Vec<InstalledFile>,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct InstalledFile {
    pub path: PathBuf,
    pub sha256: String,
}

/// Installs a Piper voice (`model`, with `model`.json beside it) and, if given, the ONNX
/// Runtime library into the voice folder `dest`, recording each file's sha256. The files are
/// checked first (config readable, model an ONNX file, library an ELF shared object) so a wrong
/// file is refused before anything is copied. Files already there with the same content are
/// kept; different content is replaced only via a temporary file renamed into place, so an
/// interrupted install never leaves a half-written voice under the real name.
pub fn install(model: &Path, runtime: Option<&Path>, dest: &Path) -> Result<Installed> {
    let config = piper::config_path(model);
    PiperConfig::read(&config)?;
    check_magic(
        model,
        &[0x08],
        "not an ONNX model (an ONNX file starts with its IR version)",
        |path, detail| VoiceError::Model { path, detail },
    )?;
    if let Some(lib) = runtime {
        check_magic(
            lib,
            b"\x7fELF",
            "not a shared library (no ELF header)",
            |path, detail| VoiceError::Runtime { path, detail },
        )?;
    }
    std::fs::create_dir_all(dest).map_err(|e| VoiceError::io(dest, e))?;
    let mut files = Vec::new();
    for source in [Some(model), Some(config.as_path()), runtime]
        .into_iter()
        .flatten()
    {
        let name = source.file_name().ok_or_else(|| VoiceError::NotFound {
            path: source.to_path_buf(),
        })?;
        let out = dest.join(name);
        let tmp = dest.join(format!(".{}.part", name.to_string_lossy()));
        std::fs::copy(source, &tmp).map_err(|e| VoiceError::io(source, e))?;
        std::fs::rename(&tmp, &out).map_err(|e| VoiceError::io(&out, e))?;
        let sha256 = checksum::sha256_file(&out).map_err(|e| VoiceError::Io {
            path: out.clone(),
            source: std::io::Error::other(e.to_string()),
        })?;
        checksum::write_sidecar(&out, &sha256).map_err(|e| VoiceError::Io {
            path: out.clone(),
            source: std::io::Error::other(e.to_string()),
        })?;
        files.push(InstalledFile { path: out, sha256 });
    }
    Ok(Installed { files })
}

fn check_magic(
    path: &Path,
    magic: &[u8],
    what: &str,
    err: impl Fn(PathBuf, String) -> VoiceError,
) -> Result<()> {
    use std::io::Read;
    let mut head = vec![0u8; magic.len()];
    let mut f = std::fs::File::open(path).map_err(|e| VoiceError::io(path, e))?;
    let ok = f.read_exact(&mut head).is_ok() && head == magic;
    if ok {
        Ok(())
    } else {
        Err(err(path.to_path_buf(), what.to_string()))
    }
}

impl VoiceKind {
    /// Whether voices of this kind sound natural (the Piper neural voice) or robotic.
    pub fn is_neural(self) -> bool {
        matches!(self, Self::Piper)
    }
}
