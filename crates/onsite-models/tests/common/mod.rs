//! Writers for small but complete CTranslate2 Whisper models and ggml files, so that the
//! reader, converter and validator can be exercised on every kind of damage.

#![allow(dead_code, unused_imports, clippy::unwrap_used)] // test-only helpers: a failed write is a failed test

use std::path::{Path, PathBuf};

pub const F32: u8 = 0;
pub const I8: u8 = 1;
pub const I16: u8 = 2;
pub const F16: u8 = 4;

#[derive(Debug, Clone)]
pub struct Var {
    pub name: String,
    pub dims: Vec<u32>,
    pub dtype: u8,
    pub data: Vec<u8>,
}

/// A CTranslate2 `model.bin`, field by field, so tests can break any one of them.
#[derive(Debug, Clone)]
pub struct Ct2 {
    pub version: u32,
    pub spec: String,
    pub vars: Vec<Var>,
    pub aliases: Vec<(String, String)>,
}

fn f16_data(n: usize, seed: usize) -> Vec<u8> {
    (0..n)
        .flat_map(|i| half::f16::from_f32(((i + seed) % 17) as f32 * 0.125 - 1.0).to_le_bytes())
        .collect()
}

impl Ct2 {
    /// A Whisper model with width `s`, one encoder and one decoder layer, 2 mel bins and the
    /// English vocabulary size, all f16 like the published exports.
    pub fn whisper(s: u32, n_vocab: u32) -> Self {
        let mut vars = Vec::new();
        let mut t = |name: &str, dims: &[u32]| {
            let n: u32 = dims.iter().product();
            let seed = vars.len();
            vars.push(Var {
                name: name.to_string(),
                dims: dims.to_vec(),
                dtype: F16,
                data: f16_data(n as usize, seed),
            });
        };
        t("encoder/conv1/weight", &[s, 2, 3]);
        t("encoder/conv1/bias", &[s]);
        t("encoder/conv2/weight", &[s, s, 3]);
        t("encoder/conv2/bias", &[s]);
        t("encoder/position_encodings/encodings", &[6, s]);
        t("encoder/layer_norm/gamma", &[s]);
        t("encoder/layer_norm/beta", &[s]);
        for side in ["encoder", "decoder"] {
            let l = format!("{side}/layer_0");
            t(&format!("{l}/self_attention/linear_0/weight"), &[3 * s, s]);
            t(&format!("{l}/self_attention/linear_0/bias"), &[3 * s]);
            t(&format!("{l}/self_attention/linear_1/weight"), &[s, s]);
            t(&format!("{l}/self_attention/linear_1/bias"), &[s]);
            t(&format!("{l}/self_attention/layer_norm/gamma"), &[s]);
            t(&format!("{l}/self_attention/layer_norm/beta"), &[s]);
            t(&format!("{l}/ffn/layer_norm/gamma"), &[s]);
            t(&format!("{l}/ffn/layer_norm/beta"), &[s]);
            t(&format!("{l}/ffn/linear_0/weight"), &[4 * s, s]);
            t(&format!("{l}/ffn/linear_0/bias"), &[4 * s]);
            t(&format!("{l}/ffn/linear_1/weight"), &[s, 4 * s]);
            t(&format!("{l}/ffn/linear_1/bias"), &[s]);
            if side == "decoder" {
                t(&format!("{l}/attention/layer_norm/gamma"), &[s]);
                t(&format!("{l}/attention/layer_norm/beta"), &[s]);
                t(&format!("{l}/attention/linear_0/weight"), &[s, s]);
                t(&format!("{l}/attention/linear_0/bias"), &[s]);
                t(&format!("{l}/attention/linear_1/weight"), &[2 * s, s]);
                t(&format!("{l}/attention/linear_1/bias"), &[2 * s]);
                t(&format!("{l}/attention/linear_2/weight"), &[s, s]);
                t(&format!("{l}/attention/linear_2/bias"), &[s]);
            }
        }
        t("decoder/embeddings/weight", &[n_vocab, s]);
        t("decoder/position_encodings/encodings", &[5, s]);
        t("decoder/layer_norm/gamma", &[s]);
        t("decoder/layer_norm/beta", &[s]);
        for (name, dtype, bytes) in [
            ("encoder/num_heads", I16, 2i16.to_le_bytes().to_vec()),
            ("decoder/num_heads", I16, 2i16.to_le_bytes().to_vec()),
            ("decoder/alibi", I8, vec![0]),
        ] {
            vars.push(Var {
                name: name.into(),
                dims: vec![],
                dtype,
                data: bytes,
            });
        }
        vars.sort_by(|a, b| a.name.cmp(&b.name));
        Self {
            version: 6,
            spec: "WhisperSpec".into(),
            vars,
            aliases: vec![(
                "decoder/projection/weight".into(),
                "decoder/embeddings/weight".into(),
            )],
        }
    }

    pub fn var_mut(&mut self, name: &str) -> &mut Var {
        self.vars
            .iter_mut()
            .find(|v| v.name == name)
            .unwrap_or_else(|| panic!("no {name}"))
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        let mut b = Vec::new();
        let string = |b: &mut Vec<u8>, s: &str| {
            b.extend_from_slice(&(s.len() as u16 + 1).to_le_bytes());
            b.extend_from_slice(s.as_bytes());
            b.push(0);
        };
        b.extend_from_slice(&self.version.to_le_bytes());
        string(&mut b, &self.spec);
        b.extend_from_slice(&3u32.to_le_bytes());
        b.extend_from_slice(&(self.vars.len() as u32).to_le_bytes());
        for v in &self.vars {
            string(&mut b, &v.name);
            b.push(v.dims.len() as u8);
            for d in &v.dims {
                b.extend_from_slice(&d.to_le_bytes());
            }
            b.push(v.dtype);
            b.extend_from_slice(&(v.data.len() as u32).to_le_bytes());
            b.extend_from_slice(&v.data);
        }
        b.extend_from_slice(&(self.aliases.len() as u32).to_le_bytes());
        for (a, t) in &self.aliases {
            string(&mut b, a);
            string(&mut b, t);
        }
        b
    }
}

/// A vocabulary.txt with `eot` ordinary GPT-2 byte-level tokens, then `<|endoftext|>` and
/// specials, ending with a newline like the published files.
pub fn vocabulary(eot: usize, total: usize) -> String {
    let mut lines: Vec<String> = (0..eot)
        .map(|i| match i {
            0 => "Ġthe".to_string(),
            1 => "Ċ".to_string(),
            2 => "Ã©".to_string(),
            _ => format!("t{i}"),
        })
        .collect();
    lines.push("<|endoftext|>".into());
    while lines.len() < total {
        lines.push(format!("<|special{}|>", lines.len()));
    }
    lines.join("\n") + "\n"
}

/// Writes a complete CT2 model folder and returns it.
pub fn write_dir(root: &Path, model: &Ct2) -> PathBuf {
    let dir = root.join("ct2");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("model.bin"), model.to_bytes()).unwrap();
    std::fs::write(dir.join("vocabulary.txt"), vocabulary(50256, 51864)).unwrap();
    std::fs::write(dir.join("config.json"), r#"{"suppress_ids": [1, 2]}"#).unwrap();
    dir
}

/// One tensor record of a ggml file.
#[derive(Debug, Clone)]
pub struct GgmlTensor {
    pub ttype: i32,
    /// ggml order (innermost first).
    pub dims: Vec<i32>,
    pub data: Vec<u8>,
}

/// A ggml Whisper file taken apart, independently of the crate's own validator.
#[derive(Debug)]
pub struct Ggml {
    pub hparams: [i32; 11],
    pub mel: (i32, i32, Vec<f32>),
    pub vocab: Vec<Vec<u8>>,
    pub tensors: Vec<(String, GgmlTensor)>,
}

impl Ggml {
    pub fn parse(b: &[u8]) -> Self {
        let mut p = 0usize;
        let i32_at = |p: &mut usize| {
            let v = i32::from_le_bytes(b[*p..*p + 4].try_into().unwrap());
            *p += 4;
            v
        };
        assert_eq!(i32_at(&mut p) as u32, 0x6767_6d6c);
        let mut hparams = [0i32; 11];
        for h in &mut hparams {
            *h = i32_at(&mut p);
        }
        let (n_mel, n_fft) = (i32_at(&mut p), i32_at(&mut p));
        let mel = (0..n_mel * n_fft)
            .map(|_| f32::from_bits(i32_at(&mut p) as u32))
            .collect();
        let n_vocab = i32_at(&mut p);
        let mut vocab = Vec::new();
        for _ in 0..n_vocab {
            let len = i32_at(&mut p) as usize;
            vocab.push(b[p..p + len].to_vec());
            p += len;
        }
        let mut tensors = Vec::new();
        while p < b.len() {
            let n_dims = i32_at(&mut p);
            let name_len = i32_at(&mut p) as usize;
            let ttype = i32_at(&mut p);
            let dims: Vec<i32> = (0..n_dims).map(|_| i32_at(&mut p)).collect();
            let name = String::from_utf8(b[p..p + name_len].to_vec()).unwrap();
            p += name_len;
            let n: i32 = dims.iter().product();
            let size = n as usize * if ttype == 0 { 4 } else { 2 };
            tensors.push((
                name,
                GgmlTensor {
                    ttype,
                    dims,
                    data: b[p..p + size].to_vec(),
                },
            ));
            p += size;
        }
        Self {
            hparams,
            mel: (n_mel, n_fft, mel),
            vocab,
            tensors,
        }
    }

    pub fn tensor(&self, name: &str) -> &GgmlTensor {
        &self
            .tensors
            .iter()
            .find(|(n, _)| n == name)
            .unwrap_or_else(|| panic!("no tensor {name}"))
            .1
    }

    pub fn has(&self, name: &str) -> bool {
        self.tensors.iter().any(|(n, _)| n == name)
    }
}

/// f16 little-endian bytes widened to f32 little-endian bytes.
pub fn widen(f16_bytes: &[u8]) -> Vec<u8> {
    f16_bytes
        .chunks_exact(2)
        .flat_map(|c| {
            half::f16::from_le_bytes([c[0], c[1]])
                .to_f32()
                .to_le_bytes()
        })
        .collect()
}

pub use onsite_testkit::{default_ct2_dir as ct2_dir, manifest, repo_root as repo};
