//! whisper.cpp's ggml model file: layout constants and a fast structural validator.
//!
//! Layout (little-endian), as written by whisper.cpp's `convert-pt-to-ggml.py`:
//! magic `0x67676d6c`; eleven i32 hparams; mel filters (`n_mel`, `n_fft`, f32 × both);
//! vocabulary (count, then length-prefixed byte strings); then tensor records until the end
//! of the file: `n_dims`, name length, ggml type, dims (innermost first), name, data.
//!
//! Validation walks every record and seeks over the data, so a truncated or padded file is
//! caught in milliseconds without reading the weights. whisper.cpp itself would abort or
//! misbehave on such files, so nothing is handed to it unvalidated.

use std::fs::File;
use std::io::{BufReader, Read};
use std::path::{Path, PathBuf};

use crate::error::{ModelError, Result};

/// `"ggml"` as a little-endian u32.
pub const MAGIC: u32 = 0x6767_6d6c;

/// ggml tensor element types that whisper.cpp model files use (including quantized ones).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(i32)]
pub enum GgmlType {
    F32 = 0,
    F16 = 1,
    Q4_0 = 2,
    Q4_1 = 3,
    Q5_0 = 6,
    Q5_1 = 7,
    Q8_0 = 8,
    Q2K = 10,
    Q3K = 11,
    Q4K = 12,
    Q5K = 13,
    Q6K = 14,
    Bf16 = 30,
}

impl GgmlType {
    pub fn from_id(id: i32) -> Option<Self> {
        Some(match id {
            0 => Self::F32,
            1 => Self::F16,
            2 => Self::Q4_0,
            3 => Self::Q4_1,
            6 => Self::Q5_0,
            7 => Self::Q5_1,
            8 => Self::Q8_0,
            10 => Self::Q2K,
            11 => Self::Q3K,
            12 => Self::Q4K,
            13 => Self::Q5K,
            14 => Self::Q6K,
            30 => Self::Bf16,
            _ => return None,
        })
    }

    /// (elements per block, bytes per block), from ggml's type traits.
    pub fn block(self) -> (u64, u64) {
        match self {
            Self::F32 => (1, 4),
            Self::F16 | Self::Bf16 => (1, 2),
            Self::Q4_0 => (32, 18),
            Self::Q4_1 => (32, 20),
            Self::Q5_0 => (32, 22),
            Self::Q5_1 => (32, 24),
            Self::Q8_0 => (32, 34),
            Self::Q2K => (256, 84),
            Self::Q3K => (256, 110),
            Self::Q4K => (256, 144),
            Self::Q5K => (256, 176),
            Self::Q6K => (256, 210),
        }
    }
}

/// The eleven header fields, in file order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Hparams {
    pub n_vocab: i32,
    pub n_audio_ctx: i32,
    pub n_audio_state: i32,
    pub n_audio_head: i32,
    pub n_audio_layer: i32,
    pub n_text_ctx: i32,
    pub n_text_state: i32,
    pub n_text_head: i32,
    pub n_text_layer: i32,
    pub n_mels: i32,
    pub ftype: i32,
}

impl Hparams {
    pub fn as_array(&self) -> [i32; 11] {
        [
            self.n_vocab,
            self.n_audio_ctx,
            self.n_audio_state,
            self.n_audio_head,
            self.n_audio_layer,
            self.n_text_ctx,
            self.n_text_state,
            self.n_text_head,
            self.n_text_layer,
            self.n_mels,
            self.ftype,
        ]
    }

    fn from_array(a: [i32; 11]) -> Self {
        Self {
            n_vocab: a[0],
            n_audio_ctx: a[1],
            n_audio_state: a[2],
            n_audio_head: a[3],
            n_audio_layer: a[4],
            n_text_ctx: a[5],
            n_text_state: a[6],
            n_text_head: a[7],
            n_text_layer: a[8],
            n_mels: a[9],
            ftype: a[10],
        }
    }

    /// whisper.cpp's own rule: the multilingual vocabulary has 51865 or more tokens.
    pub fn is_multilingual(&self) -> bool {
        self.n_vocab >= 51865
    }

    /// The Whisper size these dimensions belong to, when they match a published one.
    pub fn size_name(&self) -> Option<&'static str> {
        Some(match (self.n_audio_layer, self.n_audio_state) {
            (4, 384) => "tiny",
            (6, 512) => "base",
            (12, 768) => "small",
            (24, 1024) => "medium",
            (32, 1280) if self.n_text_layer == 4 => "large-v3-turbo",
            (32, 1280) => "large",
            _ => return None,
        })
    }

    /// How many tensors whisper.cpp loads for these dimensions: 7 encoder-level, 4
    /// decoder-level, 15 per encoder block and 24 per decoder block (with cross-attention).
    pub fn tensor_count(&self) -> i64 {
        7 + 4 + 15 * i64::from(self.n_audio_layer) + 24 * i64::from(self.n_text_layer)
    }

    /// Rejects values no Whisper model has, before they size any allocation.
    pub fn check(&self) -> std::result::Result<(), HparamsError> {
        let within = |field: &'static str, value: i32, min: i32, max: i32| {
            if (min..=max).contains(&value) {
                Ok(())
            } else {
                Err(HparamsError::OutOfRange {
                    field,
                    value,
                    min,
                    max,
                })
            }
        };
        within("n_vocab", self.n_vocab, 50_000, 60_000)?;
        within("n_audio_ctx", self.n_audio_ctx, 1, 10_000)?;
        within("n_audio_state", self.n_audio_state, 1, 8192)?;
        within("n_audio_head", self.n_audio_head, 1, 256)?;
        within("n_audio_layer", self.n_audio_layer, 1, 256)?;
        within("n_text_ctx", self.n_text_ctx, 1, 10_000)?;
        within("n_text_state", self.n_text_state, 1, 8192)?;
        within("n_text_head", self.n_text_head, 1, 256)?;
        within("n_text_layer", self.n_text_layer, 1, 256)?;
        within("n_mels", self.n_mels, 1, 512)?;
        // The thousands hold the quantization version; the rest is the ggml type.
        within("ftype", self.ftype % 1000, 0, 40)?;
        let divides = |width: &'static str, state: i32, heads_field: &'static str, heads: i32| {
            if state % heads == 0 {
                Ok(())
            } else {
                Err(HparamsError::HeadsDoNotDivide {
                    width,
                    state,
                    heads_field,
                    heads,
                })
            }
        };
        divides(
            "n_audio_state",
            self.n_audio_state,
            "n_audio_head",
            self.n_audio_head,
        )?;
        divides(
            "n_text_state",
            self.n_text_state,
            "n_text_head",
            self.n_text_head,
        )?;
        Ok(())
    }
}

/// Why eleven header numbers cannot describe a Whisper model. Carried by
/// [`ModelError::GgmlHparams`] and [`ModelError::Ct2Dimensions`], which name the file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HparamsError {
    #[error("{field} = {value} is outside {min}..={max}")]
    OutOfRange {
        field: &'static str,
        value: i32,
        min: i32,
        max: i32,
    },
    #[error("{width} {state} is not divisible by {heads_field} {heads}")]
    HeadsDoNotDivide {
        width: &'static str,
        state: i32,
        heads_field: &'static str,
        heads: i32,
    },
}

/// What validation learned about a ggml file.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct GgmlInfo {
    pub path: PathBuf,
    pub hparams: Hparams,
    pub n_vocab_tokens: u32,
    pub n_tensors: u32,
    pub size_bytes: u64,
}

const MAX_TOKEN_LEN: u32 = 1024;
const MAX_NAME_LEN: i32 = 256;
const MAX_DIMS: i32 = 4;

struct Walker {
    r: BufReader<File>,
    pos: u64,
    len: u64,
    path: PathBuf,
}

impl Walker {
    fn truncated(&self, what: &str, needed: u64) -> ModelError {
        ModelError::GgmlTruncated {
            path: self.path.clone(),
            detail: format!(
                "{what} needs bytes up to {needed} but the file has {} (incomplete download or copy?)",
                self.len
            ),
        }
    }

    fn corrupt(&self, detail: String) -> ModelError {
        ModelError::GgmlCorrupt {
            path: self.path.clone(),
            detail,
        }
    }

    fn need(&self, n: u64, what: &str) -> Result<()> {
        let end = self.pos.saturating_add(n);
        if end > self.len {
            return Err(self.truncated(what, end));
        }
        Ok(())
    }

    fn bytes(&mut self, buf: &mut [u8], what: &str) -> Result<()> {
        self.need(buf.len() as u64, what)?;
        self.r
            .read_exact(buf)
            .map_err(|e| ModelError::io(&self.path, e))?;
        self.pos += buf.len() as u64;
        Ok(())
    }

    fn i32(&mut self, what: &str) -> Result<i32> {
        let mut b = [0u8; 4];
        self.bytes(&mut b, what)?;
        Ok(i32::from_le_bytes(b))
    }

    fn skip(&mut self, n: u64, what: &str) -> Result<()> {
        self.need(n, what)?;
        let delta = i64::try_from(n).map_err(|_| self.corrupt(format!("{what}: size overflow")))?;
        self.r
            .seek_relative(delta)
            .map_err(|e| ModelError::io(&self.path, e))?;
        self.pos += n;
        Ok(())
    }
}

/// Reads and checks only the magic and hparams.
pub fn read_header(path: &Path) -> Result<Hparams> {
    let mut w = open(path)?;
    header(&mut w)
}

fn open(path: &Path) -> Result<Walker> {
    let file = File::open(path).map_err(|e| ModelError::io(path, e))?;
    let meta = file.metadata().map_err(|e| ModelError::io(path, e))?;
    if !meta.is_file() {
        return Err(ModelError::NotGgml {
            path: path.to_path_buf(),
            detail: "not a regular file".into(),
        });
    }
    Ok(Walker {
        r: BufReader::with_capacity(64 << 10, file),
        pos: 0,
        len: meta.len(),
        path: path.to_path_buf(),
    })
}

fn header(w: &mut Walker) -> Result<Hparams> {
    if w.len < 4 {
        return Err(ModelError::NotGgml {
            path: w.path.clone(),
            detail: format!("only {} bytes", w.len),
        });
    }
    let magic = w.i32("magic")? as u32;
    if magic != MAGIC {
        let shown = magic.to_le_bytes();
        let detail = if shown == *b"GGUF" {
            "this is a GGUF file (llama.cpp format), not a whisper.cpp model".to_string()
        } else {
            format!(
                "starts with {:?} instead of the ggml magic",
                String::from_utf8_lossy(&shown)
            )
        };
        return Err(ModelError::NotGgml {
            path: w.path.clone(),
            detail,
        });
    }
    let mut a = [0i32; 11];
    for v in &mut a {
        *v = w.i32("hparams")?;
    }
    let h = Hparams::from_array(a);
    h.check().map_err(|problem| ModelError::GgmlHparams {
        path: w.path.clone(),
        problem,
    })?;
    Ok(h)
}

/// Checks the whole structure of a ggml Whisper file without reading tensor data.
pub fn validate(path: &Path) -> Result<GgmlInfo> {
    let mut w = open(path)?;
    let hparams = header(&mut w)?;

    let n_mel = w.i32("mel filter rows")?;
    let n_fft = w.i32("mel filter columns")?;
    if n_mel != hparams.n_mels || !(1..=4096).contains(&n_fft) {
        return Err(w.corrupt(format!(
            "mel filters are {n_mel}×{n_fft}; expected {} rows",
            hparams.n_mels
        )));
    }
    w.skip(n_mel as u64 * n_fft as u64 * 4, "mel filters")?;

    let n_tokens = w.i32("vocabulary size")?;
    if !(0..=hparams.n_vocab).contains(&n_tokens) {
        return Err(w.corrupt(format!(
            "vocabulary holds {n_tokens} tokens but the model has {}",
            hparams.n_vocab
        )));
    }
    for i in 0..n_tokens {
        let len = w.i32("token length")? as u32;
        if len > MAX_TOKEN_LEN {
            return Err(w.corrupt(format!("token {i} claims {len} bytes")));
        }
        w.skip(u64::from(len), "vocabulary")?;
    }

    let mut n_tensors = 0u32;
    let mut name = Vec::with_capacity(MAX_NAME_LEN as usize);
    while w.pos < w.len {
        let n_dims = w.i32("tensor header")?;
        let name_len = w.i32("tensor header")?;
        let ttype = w.i32("tensor header")?;
        if !(1..=MAX_DIMS).contains(&n_dims) || !(1..=MAX_NAME_LEN).contains(&name_len) {
            return Err(w.corrupt(format!(
                "tensor record {n_tensors} at byte {} has n_dims {n_dims}, name length {name_len}",
                w.pos - 12
            )));
        }
        let ty = GgmlType::from_id(ttype).ok_or_else(|| {
            w.corrupt(format!(
                "tensor record {n_tensors} has unknown type {ttype}"
            ))
        })?;
        let mut elements = 1u64;
        for _ in 0..n_dims {
            let d = w.i32("tensor dims")?;
            if d <= 0 {
                return Err(w.corrupt(format!("tensor record {n_tensors} has dimension {d}")));
            }
            elements = elements.saturating_mul(d as u64);
        }
        name.resize(name_len as usize, 0);
        w.bytes(&mut name, "tensor name")?;
        let shown = String::from_utf8_lossy(&name).into_owned();
        let (per_block, block_bytes) = ty.block();
        if !elements.is_multiple_of(per_block) {
            return Err(w.corrupt(format!(
                "{shown}: {elements} elements do not fill {ty:?} blocks of {per_block}"
            )));
        }
        let size = (elements / per_block).saturating_mul(block_bytes);
        w.skip(size, &format!("tensor {shown}"))?;
        n_tensors += 1;
    }
    let expected = hparams.tensor_count();
    if i64::from(n_tensors) < expected {
        // Ending exactly between records is what an interrupted copy usually looks like.
        return Err(ModelError::GgmlTruncated {
            path: w.path.clone(),
            detail: format!(
                "the file ends after {n_tensors} of the {expected} tensors a Whisper model of these dimensions has"
            ),
        });
    }
    if i64::from(n_tensors) != expected {
        return Err(w.corrupt(format!(
            "{n_tensors} tensors, but a Whisper model of these dimensions has {expected}"
        )));
    }
    Ok(GgmlInfo {
        path: path.to_path_buf(),
        hparams,
        n_vocab_tokens: n_tokens as u32,
        n_tensors,
        size_bytes: w.len,
    })
}
