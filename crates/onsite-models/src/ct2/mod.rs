//! Reading a CTranslate2 Whisper model directory: `model.bin` (possibly in parts),
//! `vocabulary.json` or `vocabulary.txt`, and `config.json`.
//!
//! `model.bin` is indexed in one pass that reads only headers and seeks over tensor data, so
//! the converter can stream each tensor later without holding the model in memory. Every
//! header field is bounded against the file length before anything is allocated: a crafted
//! or truncated file yields an error naming the field, never a panic or a huge allocation.

mod parts;
pub mod vocab;

use std::io::{BufReader, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

pub use parts::PartsReader;

use crate::error::{ModelError, Result};

/// The only `model.bin` layout this reader knows (CTranslate2 ≥ 3).
pub const SUPPORTED_VERSION: u32 = 6;
const MAX_STRING: u16 = 4096;
const MAX_RANK: u8 = 8;
const MAX_VARIABLES: u32 = 1_000_000;

/// Element types of CTranslate2 variables, by their on-disk id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DType {
    F32,
    I8,
    I16,
    I32,
    F16,
    Bf16,
}

impl DType {
    fn from_id(id: u8) -> Option<Self> {
        Some(match id {
            0 => Self::F32,
            1 => Self::I8,
            2 => Self::I16,
            3 => Self::I32,
            4 => Self::F16,
            5 => Self::Bf16,
            _ => return None,
        })
    }

    pub fn size(self) -> u64 {
        match self {
            Self::I8 => 1,
            Self::I16 | Self::F16 | Self::Bf16 => 2,
            Self::F32 | Self::I32 => 4,
        }
    }

    pub fn is_float(self) -> bool {
        matches!(self, Self::F32 | Self::F16 | Self::Bf16)
    }
}

/// One variable's header; its data sits at `offset` in the logical `model.bin`.
#[derive(Debug, Clone)]
pub struct Variable {
    pub name: String,
    /// PyTorch order: `[out, in]` for linear weights.
    pub dims: Vec<u64>,
    pub dtype: DType,
    pub offset: u64,
    pub nbytes: u64,
    /// The value of rank-0 integer variables (e.g. `encoder/num_heads`), read eagerly.
    pub scalar: Option<i64>,
}

impl Variable {
    pub fn elements(&self) -> u64 {
        self.dims.iter().product()
    }
}

/// The files that make up one CTranslate2 model.
#[derive(Debug, Clone)]
pub struct Ct2Files {
    /// `model.bin`, or its parts in order.
    pub model_parts: Vec<PathBuf>,
    pub vocabulary: PathBuf,
    pub config: Option<PathBuf>,
}

impl Ct2Files {
    /// Finds the model files in `dir`. `extra_parts` are further `model.bin.partN` files that
    /// live elsewhere (split packages install each part in its own folder); all parts are
    /// ordered by their number.
    pub fn locate(dir: &Path, extra_parts: &[PathBuf]) -> Result<Self> {
        if !dir.is_dir() {
            return Err(ModelError::NotFound {
                path: dir.to_path_buf(),
            });
        }
        // CTranslate2 ≥ 3 writes vocabulary.json; older exports vocabulary.txt.
        let vocabulary = ["vocabulary.json", "vocabulary.txt"]
            .iter()
            .map(|name| dir.join(name))
            .find(|p| p.is_file())
            .ok_or_else(|| ModelError::Ct2Format {
                path: dir.to_path_buf(),
                detail: "no vocabulary.json or vocabulary.txt in this folder; copy the whole \
                         CTranslate2 export folder"
                    .into(),
            })?;
        let config = Some(dir.join("config.json")).filter(|p| p.is_file());
        let single = dir.join("model.bin");
        let model_parts = if single.is_file() {
            if !extra_parts.is_empty() {
                return Err(ModelError::Ct2Format {
                    path: single,
                    detail: "a whole model.bin is present, so extra parts make no sense".into(),
                });
            }
            vec![single]
        } else {
            let entries = std::fs::read_dir(dir).map_err(|e| ModelError::io(dir, e))?;
            let mut numbered = Vec::new();
            for entry in entries {
                let path = entry.map_err(|e| ModelError::io(dir, e))?.path();
                if let Some(n) = part_number(&path) {
                    numbered.push((n, path));
                }
            }
            for extra in extra_parts {
                let n = part_number(extra).ok_or_else(|| ModelError::Ct2Format {
                    path: extra.clone(),
                    detail: "a part must be named model.bin.partN".into(),
                })?;
                numbered.push((n, extra.clone()));
            }
            numbered.sort();
            // Naming a part that is already in the folder is harmless, not a duplicate.
            numbered
                .dedup_by(|a, b| a.0 == b.0 && a.1.canonicalize().ok() == b.1.canonicalize().ok());
            if numbered.is_empty() {
                return Err(ModelError::Ct2Format {
                    path: dir.to_path_buf(),
                    detail: "no model.bin (or model.bin.partN) in this folder".into(),
                });
            }
            for (i, pair) in numbered.iter().enumerate() {
                let expected = i as u64 + 1;
                if pair.0 != expected {
                    return Err(ModelError::Ct2Format {
                        path: pair.1.clone(),
                        detail: format!(
                            "model.bin parts must be numbered 1, 2, …; part {expected} is missing or duplicated \
                             (pass parts from other folders with --part)"
                        ),
                    });
                }
            }
            numbered.into_iter().map(|(_, p)| p).collect()
        };
        Ok(Self {
            model_parts,
            vocabulary,
            config,
        })
    }
}

fn part_number(path: &Path) -> Option<u64> {
    let name = path.file_name()?.to_str()?;
    name.strip_prefix("model.bin.part")?.parse().ok()
}

/// The header of a `model.bin`: every variable with its shape, type and data offset.
#[derive(Debug)]
pub struct Ct2Index {
    pub path: PathBuf,
    pub spec: String,
    pub revision: u32,
    pub variables: Vec<Variable>,
    /// `(alias, target)` pairs: names that share another variable's data.
    pub aliases: Vec<(String, String)>,
    pub total_len: u64,
}

impl Ct2Index {
    pub fn variable(&self, name: &str) -> Option<&Variable> {
        self.variables.iter().find(|v| v.name == name)
    }
}

/// A bounds-checked cursor over the logical `model.bin`.
pub struct Ct2Reader {
    inner: BufReader<PartsReader>,
    pos: u64,
    len: u64,
    path: PathBuf,
}

impl std::fmt::Debug for Ct2Reader {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Ct2Reader")
            .field("path", &self.path)
            .field("pos", &self.pos)
            .field("len", &self.len)
            .finish()
    }
}

impl Ct2Reader {
    pub fn open(parts: &[PathBuf]) -> Result<Self> {
        let reader = PartsReader::open(parts)?;
        let len = reader.total_len();
        let path = reader.display_path();
        Ok(Self {
            inner: BufReader::with_capacity(1 << 20, reader),
            pos: 0,
            len,
            path,
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    fn need(&self, n: u64, what: &str) -> Result<()> {
        let end = self.pos.saturating_add(n);
        if end > self.len {
            return Err(ModelError::Ct2Truncated {
                path: self.path.clone(),
                what: what.to_string(),
                needed: end,
                len: self.len,
            });
        }
        Ok(())
    }

    fn read_exact(&mut self, buf: &mut [u8], what: &str) -> Result<()> {
        self.need(buf.len() as u64, what)?;
        self.inner
            .read_exact(buf)
            .map_err(|e| ModelError::io(&self.path, e))?;
        self.pos += buf.len() as u64;
        Ok(())
    }

    fn u8(&mut self, what: &str) -> Result<u8> {
        let mut b = [0u8; 1];
        self.read_exact(&mut b, what)?;
        Ok(b[0])
    }

    fn u16(&mut self, what: &str) -> Result<u16> {
        let mut b = [0u8; 2];
        self.read_exact(&mut b, what)?;
        Ok(u16::from_le_bytes(b))
    }

    fn u32(&mut self, what: &str) -> Result<u32> {
        let mut b = [0u8; 4];
        self.read_exact(&mut b, what)?;
        Ok(u32::from_le_bytes(b))
    }

    fn string(&mut self, what: &str) -> Result<String> {
        let n = self.u16(what)?;
        if n == 0 || n > MAX_STRING {
            return Err(self.format(format!("{what}: string length {n} out of range")));
        }
        let mut buf = vec![0u8; usize::from(n)];
        self.read_exact(&mut buf, what)?;
        // Strings are stored with their C terminator.
        if buf.pop() != Some(0) {
            return Err(self.format(format!("{what}: string is not NUL-terminated")));
        }
        String::from_utf8(buf).map_err(|_| self.format(format!("{what}: string is not UTF-8")))
    }

    fn skip(&mut self, n: u64, what: &str) -> Result<()> {
        self.need(n, what)?;
        let delta = i64::try_from(n).map_err(|_| self.format(format!("{what}: size overflow")))?;
        self.inner
            .seek_relative(delta)
            .map_err(|e| ModelError::io(&self.path, e))?;
        self.pos += n;
        Ok(())
    }

    fn format(&self, detail: String) -> ModelError {
        ModelError::Ct2Format {
            path: self.path.clone(),
            detail,
        }
    }

    /// Reads every header and seeks over the data.
    pub fn index(&mut self) -> Result<Ct2Index> {
        self.seek_to(0)?;
        let version = self.u32("version")?;
        if version != SUPPORTED_VERSION {
            // Text files and other formats land here too; say what was seen.
            return Err(if version > 1000 {
                self.format(format!(
                    "first 4 bytes are {:?}, not a CTranslate2 version number",
                    String::from_utf8_lossy(&version.to_le_bytes())
                ))
            } else {
                ModelError::Ct2Unsupported {
                    path: self.path.clone(),
                    detail: format!(
                        "model.bin version {version}; only version {SUPPORTED_VERSION} is supported"
                    ),
                }
            });
        }
        let spec = self.string("spec name")?;
        if spec != "WhisperSpec" {
            return Err(self.format(format!("model spec is {spec:?}, not WhisperSpec")));
        }
        let revision = self.u32("spec revision")?;
        let n_vars = self.u32("variable count")?;
        // The smallest record is a 2-char name, rank 0, dtype, size: 2+2+1+1+4 bytes.
        if n_vars > MAX_VARIABLES || u64::from(n_vars) * 10 > self.len - self.pos {
            return Err(self.format(format!(
                "variable count {n_vars} cannot fit in a {}-byte file",
                self.len
            )));
        }
        let mut variables = Vec::with_capacity(n_vars as usize);
        for i in 0..n_vars {
            variables.push(self.variable(i)?);
        }
        let n_aliases = self.u32("alias count")?;
        if n_aliases > MAX_VARIABLES || u64::from(n_aliases) * 4 > self.len - self.pos {
            return Err(self.format(format!("alias count {n_aliases} out of range")));
        }
        let mut aliases = Vec::with_capacity(n_aliases as usize);
        for _ in 0..n_aliases {
            let alias = self.string("alias name")?;
            let target = self.string("alias target")?;
            aliases.push((alias, target));
        }
        Ok(Ct2Index {
            path: self.path.clone(),
            spec,
            revision,
            variables,
            aliases,
            total_len: self.len,
        })
    }

    fn variable(&mut self, i: u32) -> Result<Variable> {
        let name = self.string(&format!("name of variable {i}"))?;
        let rank = self.u8(&format!("rank of {name}"))?;
        if rank > MAX_RANK {
            return Err(self.format(format!("{name}: rank {rank} is absurd")));
        }
        let mut dims = Vec::with_capacity(usize::from(rank));
        for _ in 0..rank {
            dims.push(u64::from(self.u32(&format!("shape of {name}"))?));
        }
        let dtype_id = self.u8(&format!("dtype of {name}"))?;
        let dtype = DType::from_id(dtype_id)
            .ok_or_else(|| self.format(format!("{name}: unknown dtype id {dtype_id}")))?;
        let nbytes = u64::from(self.u32(&format!("size of {name}"))?);
        let expected = dims
            .iter()
            .try_fold(dtype.size(), |acc, &d| acc.checked_mul(d))
            .ok_or_else(|| self.format(format!("{name}: shape {dims:?} overflows")))?;
        if expected != nbytes {
            return Err(self.format(format!(
                "{name}: shape {dims:?} of {dtype:?} needs {expected} bytes but {nbytes} are declared"
            )));
        }
        let offset = self.pos;
        let scalar = if rank == 0 && nbytes <= 8 {
            let mut b = [0u8; 8];
            self.read_exact(&mut b[..nbytes as usize], &format!("data of {name}"))?;
            Some(match dtype {
                DType::I8 => i64::from(b[0] as i8),
                DType::I16 => i64::from(i16::from_le_bytes([b[0], b[1]])),
                DType::I32 => i64::from(i32::from_le_bytes([b[0], b[1], b[2], b[3]])),
                _ => 0,
            })
            .filter(|_| !dtype.is_float())
        } else {
            self.skip(nbytes, &format!("data of {name}"))?;
            None
        };
        Ok(Variable {
            name,
            dims,
            dtype,
            offset,
            nbytes,
            scalar,
        })
    }

    fn seek_to(&mut self, pos: u64) -> Result<()> {
        self.inner
            .seek(SeekFrom::Start(pos))
            .map_err(|e| ModelError::io(&self.path, e))?;
        self.pos = pos;
        Ok(())
    }

    /// Reads `len` bytes of a variable's data starting `start` bytes into it, in chunks handed
    /// to `sink`, so no tensor is ever held whole.
    pub fn stream(
        &mut self,
        var: &Variable,
        start: u64,
        len: u64,
        mut sink: impl FnMut(&[u8]) -> Result<()>,
    ) -> Result<()> {
        if start.checked_add(len).is_none_or(|end| end > var.nbytes) {
            return Err(self.format(format!("{}: read past its data", var.name)));
        }
        self.seek_to(var.offset + start)?;
        let what = format!("data of {}", var.name);
        self.need(len, &what)?;
        let mut buf = vec![0u8; 1 << 16];
        let mut left = len;
        while left > 0 {
            let n = left.min(buf.len() as u64) as usize;
            self.read_exact(&mut buf[..n], &what)?;
            sink(&buf[..n])?;
            left -= n as u64;
        }
        Ok(())
    }
}
