//! CTranslate2 Whisper → whisper.cpp ggml.
//!
//! The plan is built from the `model.bin` index alone (names, shapes, types), checked
//! against the shapes whisper.cpp will allocate, and only then is the output written, one
//! tensor at a time in 64 KiB chunks. Output goes to a temporary file renamed into place, so
//! an interrupted import never leaves a half-written model under the final name; the next
//! import into that folder removes the temporary file (`import_lock.rs`).

use std::collections::BTreeMap;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use half::{bf16, f16};
use sha2::{Digest, Sha256};

use crate::checksum;
use crate::ct2::vocab::Vocabulary;
use crate::ct2::{Ct2Files, Ct2Index, Ct2Reader, DType, Variable};
use crate::error::{ModelError, Result};
use crate::ggml::{GgmlType, Hparams, MAGIC};
use crate::import_lock::{partial_name, ImportLock};
use crate::mel;

/// What an import produced.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ImportReport {
    pub out: PathBuf,
    pub name: String,
    pub hparams: Hparams,
    pub n_tensors: usize,
    pub size_bytes: u64,
    pub sha256: String,
    pub elapsed_ms: u64,
}

/// How a ggml tensor is cut from a CT2 variable: part `index` of `of` equal slices along
/// the first (output) dimension, which are contiguous in row-major storage.
#[derive(Debug, Clone, Copy)]
struct Slice {
    index: u64,
    of: u64,
}

const WHOLE: Slice = Slice { index: 0, of: 1 };

#[derive(Debug)]
struct Planned {
    name: String,
    var: usize,
    slice: Slice,
    /// PyTorch order, as whisper's state dict has it.
    dims: Vec<u64>,
    out: GgmlType,
}

/// Maps one CT2 variable to the ggml tensors cut from it. `Ok(None)` means "not a weight"
/// (metadata scalars such as `decoder/alibi`).
fn map_variable(name: &str) -> Option<Vec<(String, Slice)>> {
    let third = |i| Slice { index: i, of: 3 };
    let half = |i| Slice { index: i, of: 2 };
    let (side, rest) = name.split_once('/')?;
    if side != "encoder" && side != "decoder" {
        return None;
    }
    let param = |ct2: &str| match ct2 {
        "gamma" | "weight" => Some("weight"),
        "beta" | "bias" => Some("bias"),
        _ => None,
    };
    let whole = |n: String| Some(vec![(n, WHOLE)]);
    // Top-level tensors.
    match (side, rest) {
        ("encoder", "position_encodings/encodings") => {
            return whole("encoder.positional_embedding".into())
        }
        ("decoder", "position_encodings/encodings") => {
            return whole("decoder.positional_embedding".into())
        }
        ("decoder", "embeddings/weight") => return whole("decoder.token_embedding.weight".into()),
        _ => {}
    }
    if let Some((module, p)) = rest.split_once('/') {
        if !module.starts_with("layer_") || rest.matches('/').count() == 1 {
            let p = param(p)?;
            let target = match (side, module) {
                ("encoder", "conv1" | "conv2") => format!("encoder.{module}"),
                ("encoder", "layer_norm") => "encoder.ln_post".into(),
                ("decoder", "layer_norm") => "decoder.ln".into(),
                _ => return None,
            };
            return whole(format!("{target}.{p}"));
        }
    }
    // Per-layer tensors: {side}/layer_L/{block}/{sub}/{param}.
    let rest = rest.strip_prefix("layer_")?;
    let (layer, rest) = rest.split_once('/')?;
    let layer: u32 = layer.parse().ok()?;
    let mut it = rest.split('/');
    let (block, sub, p) = (it.next()?, it.next()?, it.next()?);
    if it.next().is_some() {
        return None;
    }
    let p = param(p)?;
    let pre = format!("{side}.blocks.{layer}");
    let is_bias = p == "bias";
    let out = match (side, block, sub) {
        (_, "self_attention", "linear_0") => {
            // The key bias is dropped: whisper.cpp has no such tensor, and a bias on the key
            // adds the same q·b to every score of a query row, which softmax cancels.
            let mut v = vec![(format!("{pre}.attn.query.{p}"), third(0))];
            if !is_bias {
                v.push((format!("{pre}.attn.key.{p}"), third(1)));
            }
            v.push((format!("{pre}.attn.value.{p}"), third(2)));
            v
        }
        (_, "self_attention", "linear_1") => vec![(format!("{pre}.attn.out.{p}"), WHOLE)],
        (_, "self_attention", "layer_norm") => vec![(format!("{pre}.attn_ln.{p}"), WHOLE)],
        (_, "ffn", "layer_norm") => vec![(format!("{pre}.mlp_ln.{p}"), WHOLE)],
        (_, "ffn", "linear_0") => vec![(format!("{pre}.mlp.0.{p}"), WHOLE)],
        (_, "ffn", "linear_1") => vec![(format!("{pre}.mlp.2.{p}"), WHOLE)],
        ("decoder", "attention", "layer_norm") => {
            vec![(format!("{pre}.cross_attn_ln.{p}"), WHOLE)]
        }
        ("decoder", "attention", "linear_0") => {
            vec![(format!("{pre}.cross_attn.query.{p}"), WHOLE)]
        }
        ("decoder", "attention", "linear_1") => {
            // Same reasoning as the self-attention key bias.
            let mut v = Vec::new();
            if !is_bias {
                v.push((format!("{pre}.cross_attn.key.{p}"), half(0)));
            }
            v.push((format!("{pre}.cross_attn.value.{p}"), half(1)));
            v
        }
        ("decoder", "attention", "linear_2") => {
            vec![(format!("{pre}.cross_attn.out.{p}"), WHOLE)]
        }
        _ => return None,
    };
    Some(out)
}

/// Variables that carry no weights and are safe to ignore.
fn is_metadata(var: &Variable) -> bool {
    var.dims.is_empty() || var.name.ends_with("alignment_heads") || !var.dtype.is_float()
}

/// The shapes whisper.cpp allocates for a model with these hyperparameters, PyTorch order.
fn expected_shapes(h: &Hparams) -> BTreeMap<String, Vec<u64>> {
    let (a, t) = (h.n_audio_state as u64, h.n_text_state as u64);
    let mut m = BTreeMap::new();
    let mut put = |n: String, d: &[u64]| {
        m.insert(n, d.to_vec());
    };
    put("encoder.conv1.weight".into(), &[a, h.n_mels as u64, 3]);
    put("encoder.conv1.bias".into(), &[a]);
    put("encoder.conv2.weight".into(), &[a, a, 3]);
    put("encoder.conv2.bias".into(), &[a]);
    put(
        "encoder.positional_embedding".into(),
        &[h.n_audio_ctx as u64, a],
    );
    put("encoder.ln_post.weight".into(), &[a]);
    put("encoder.ln_post.bias".into(), &[a]);
    put(
        "decoder.token_embedding.weight".into(),
        &[h.n_vocab as u64, t],
    );
    put(
        "decoder.positional_embedding".into(),
        &[h.n_text_ctx as u64, t],
    );
    put("decoder.ln.weight".into(), &[t]);
    put("decoder.ln.bias".into(), &[t]);
    let mut block = |pre: String, s: u64, cross: bool| {
        let mut attn = vec!["attn"];
        if cross {
            attn.push("cross_attn");
        }
        for at in attn {
            for proj in ["query", "key", "value", "out"] {
                put(format!("{pre}.{at}.{proj}.weight"), &[s, s]);
                if proj != "key" {
                    put(format!("{pre}.{at}.{proj}.bias"), &[s]);
                }
            }
            put(format!("{pre}.{at}_ln.weight"), &[s]);
            put(format!("{pre}.{at}_ln.bias"), &[s]);
        }
        put(format!("{pre}.mlp_ln.weight"), &[s]);
        put(format!("{pre}.mlp_ln.bias"), &[s]);
        put(format!("{pre}.mlp.0.weight"), &[4 * s, s]);
        put(format!("{pre}.mlp.0.bias"), &[4 * s]);
        put(format!("{pre}.mlp.2.weight"), &[s, 4 * s]);
        put(format!("{pre}.mlp.2.bias"), &[s]);
    };
    for l in 0..h.n_audio_layer {
        block(format!("encoder.blocks.{l}"), a, false);
    }
    for l in 0..h.n_text_layer {
        block(format!("decoder.blocks.{l}"), t, true);
    }
    m
}

/// The ggml element type whisper.cpp expects: f32 for vectors, conv biases and positional
/// embeddings; f16 for matrices and conv kernels.
fn output_type(name: &str, rank: usize) -> GgmlType {
    if rank < 2
        || name.ends_with("conv1.bias")
        || name.ends_with("conv2.bias")
        || name.ends_with("positional_embedding")
    {
        GgmlType::F32
    } else {
        GgmlType::F16
    }
}

struct Plan {
    hparams: Hparams,
    tensors: Vec<Planned>,
}

fn layout_err(index: &Ct2Index, detail: String) -> ModelError {
    ModelError::Ct2Layout {
        path: index.path.clone(),
        detail,
    }
}

fn plan(index: &Ct2Index) -> Result<Plan> {
    let dims_of = |name: &str| -> Result<&[u64]> {
        index
            .variable(name)
            .map(|v| v.dims.as_slice())
            .ok_or_else(|| layout_err(index, format!("missing variable {name}")))
    };
    let heads = |name: &str| -> Result<i32> {
        index
            .variable(name)
            .and_then(|v| v.scalar)
            .and_then(|n| i32::try_from(n).ok())
            .filter(|&n| n > 0)
            .ok_or_else(|| {
                layout_err(
                    index,
                    format!("{name} is missing or not a positive integer"),
                )
            })
    };
    let dim = |d: &[u64], i: usize, what: &str| -> Result<i32> {
        d.get(i)
            .and_then(|&n| i32::try_from(n).ok())
            .filter(|&n| n > 0)
            .ok_or_else(|| layout_err(index, format!("{what} has shape {d:?}")))
    };
    let max_layer = |side: &str| {
        index
            .variables
            .iter()
            .filter_map(|v| {
                v.name
                    .strip_prefix(side)?
                    .strip_prefix("/layer_")?
                    .split('/')
                    .next()?
                    .parse::<i32>()
                    .ok()
            })
            .max()
            .map_or(0, |l| l + 1)
    };
    let conv1 = dims_of("encoder/conv1/weight")?;
    let enc_pos = dims_of("encoder/position_encodings/encodings")?;
    let dec_pos = dims_of("decoder/position_encodings/encodings")?;
    let emb = dims_of("decoder/embeddings/weight")?;
    let hparams = Hparams {
        n_vocab: dim(emb, 0, "decoder/embeddings/weight")?,
        n_audio_ctx: dim(enc_pos, 0, "encoder/position_encodings/encodings")?,
        n_audio_state: dim(conv1, 0, "encoder/conv1/weight")?,
        n_audio_head: heads("encoder/num_heads")?,
        n_audio_layer: max_layer("encoder"),
        n_text_ctx: dim(dec_pos, 0, "decoder/position_encodings/encodings")?,
        n_text_state: dim(emb, 1, "decoder/embeddings/weight")?,
        n_text_head: heads("decoder/num_heads")?,
        n_text_layer: max_layer("decoder"),
        n_mels: dim(conv1, 1, "encoder/conv1/weight")?,
        ftype: 1,
    };
    hparams
        .check()
        .map_err(|problem| ModelError::Ct2Dimensions {
            path: index.path.clone(),
            problem,
        })?;
    if hparams.n_audio_state != hparams.n_text_state {
        return Err(layout_err(
            index,
            format!(
                "audio width {} differs from text width {}; whisper.cpp needs them equal",
                hparams.n_audio_state, hparams.n_text_state
            ),
        ));
    }

    let mut expected = expected_shapes(&hparams);
    let mut tensors = Vec::new();
    for (i, var) in index.variables.iter().enumerate() {
        let Some(targets) = map_variable(&var.name) else {
            if is_metadata(var) {
                continue;
            }
            return Err(layout_err(
                index,
                format!("unexpected tensor {} {:?}", var.name, var.dims),
            ));
        };
        if !var.dtype.is_float() {
            return Err(ModelError::Ct2Unsupported {
                path: index.path.clone(),
                detail: format!(
                    "{} is {:?}: quantized CTranslate2 models cannot be converted; use a float16 export",
                    var.name, var.dtype
                ),
            });
        }
        for (name, slice) in targets {
            let mut dims = var.dims.clone();
            match dims.first_mut() {
                Some(rows) if *rows % slice.of == 0 => *rows /= slice.of,
                _ => {
                    return Err(layout_err(
                        index,
                        format!(
                            "{} {:?} cannot be cut into {} parts",
                            var.name, var.dims, slice.of
                        ),
                    ))
                }
            }
            match expected.remove(&name) {
                Some(want) if want == dims => {}
                Some(want) => {
                    return Err(layout_err(
                        index,
                        format!(
                            "{name} (from {}) has shape {dims:?}, expected {want:?}",
                            var.name
                        ),
                    ))
                }
                None => {
                    return Err(layout_err(
                        index,
                        format!(
                            "{} maps to {name}, which this model should not have (or has twice)",
                            var.name
                        ),
                    ))
                }
            }
            let out = output_type(&name, dims.len());
            tensors.push(Planned {
                name,
                var: i,
                slice,
                dims,
                out,
            });
        }
    }
    if let Some((missing, _)) = expected.into_iter().next() {
        return Err(layout_err(index, format!("no variable provides {missing}")));
    }
    Ok(Plan { hparams, tensors })
}

/// A writer that hashes what it writes and counts bytes.
struct HashingWriter<W> {
    inner: W,
    hasher: Sha256,
    written: u64,
}

impl<W: Write> Write for HashingWriter<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hasher.update(&buf[..n]);
        self.written += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// The usual whisper.cpp name for this model (`tiny.en`, `base`, …), or `custom` when its
/// dimensions match no published Whisper size.
pub fn suggested_name(index: &Ct2Index) -> String {
    match plan(index) {
        Ok(p) => {
            let size = p.hparams.size_name().unwrap_or("custom");
            if p.hparams.is_multilingual() {
                size.to_string()
            } else {
                format!("{size}.en")
            }
        }
        Err(_) => "custom".into(),
    }
}

/// The default file name for a converted model.
pub fn default_file_name(name: &str) -> String {
    format!("ggml-{name}.bin")
}

/// Converts the CTranslate2 model in `files` into a whisper.cpp ggml file at `out`, and
/// records its sha256 beside it.
pub fn import_ct2(files: &Ct2Files, out: &Path) -> Result<ImportReport> {
    let started = Instant::now();
    let mut reader = Ct2Reader::open(&files.model_parts)?;
    let index = reader.index()?;
    let plan = plan(&index)?;
    let h = plan.hparams;
    if let Some(config) = &files.config {
        check_config(config, &h)?;
    }
    let eot = if h.is_multilingual() { 50257 } else { 50256 };
    let vocab = Vocabulary::read(&files.vocabulary, eot)?;
    let filters = mel::filterbank(mel::SAMPLE_RATE, mel::N_FFT, h.n_mels as usize);

    let dir = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(|e| ModelError::io(dir, e))?;
    // Held until the model has its final name and its checksum (dropped on return).
    let lock = ImportLock::acquire(dir)?;
    lock.remove_stale_partials();
    let file_name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "model.bin".into());
    let tmp = dir.join(partial_name(&file_name));
    let io = |e| ModelError::io(&tmp, e);
    let file = crate::checksum::private_file(&tmp).map_err(io)?;
    let mut w = HashingWriter {
        inner: BufWriter::with_capacity(1 << 20, file),
        hasher: Sha256::new(),
        written: 0,
    };
    let result = (|| -> Result<()> {
        let put_i32 = |w: &mut HashingWriter<_>, v: i32| w.write_all(&v.to_le_bytes()).map_err(io);
        put_i32(&mut w, MAGIC as i32)?;
        for v in h.as_array() {
            put_i32(&mut w, v)?;
        }
        put_i32(&mut w, h.n_mels)?;
        put_i32(&mut w, (mel::N_FFT / 2 + 1) as i32)?;
        for f in &filters {
            w.write_all(&f.to_le_bytes()).map_err(io)?;
        }
        put_i32(&mut w, vocab.tokens.len() as i32)?;
        for t in &vocab.tokens {
            put_i32(&mut w, t.len() as i32)?;
            w.write_all(t).map_err(io)?;
        }
        for t in &plan.tensors {
            write_tensor(&mut reader, &index.variables[t.var], t, &mut w, &tmp)?;
        }
        w.flush().map_err(io)?;
        w.inner.get_ref().sync_all().map_err(io)?;
        // Checked under the temporary name: what whisper.cpp would refuse never gets the
        // final name the registry lists.
        crate::ggml::validate(&tmp)?;
        Ok(())
    })();
    if let Err(e) = result {
        let _ = std::fs::remove_file(&tmp);
        return Err(e);
    }
    let size_bytes = w.written;
    let HashingWriter { inner, hasher, .. } = w;
    drop(inner);
    let sha256 = checksum::to_hex(&hasher.finalize());
    std::fs::rename(&tmp, out).map_err(|e| ModelError::io(out, e))?;
    checksum::write_sidecar(out, &sha256)?;
    let name = crate::registry::model_name(out);
    Ok(ImportReport {
        out: out.to_path_buf(),
        name,
        hparams: h,
        n_tensors: plan.tensors.len(),
        size_bytes,
        sha256,
        elapsed_ms: started.elapsed().as_millis() as u64,
    })
}

/// What is wrong with `config.json`; [`ModelError::Config`] names the file.
#[derive(Debug, thiserror::Error)]
pub enum ConfigProblem {
    #[error("{bytes} bytes is far too large for a model's config.json: is it the right file?")]
    TooLarge { bytes: u64 },
    #[error("not JSON ({error}); re-export the model with CTranslate2")]
    NotJson { error: serde_json::Error },
    #[error("not a JSON object; re-export the model with CTranslate2")]
    NotAnObject,
    #[error("model_type is {kind}, not whisper: this folder holds another kind of model")]
    OtherModelType { kind: serde_json::Value },
    #[error("architectures is {listed}, not a Whisper architecture: this folder holds another kind of model")]
    OtherArchitecture { listed: serde_json::Value },
    #[error("alignment head {pair} does not exist in a decoder of {layers} layers × {heads} heads: config.json belongs to a different model")]
    AlignmentHeadOutside {
        pair: serde_json::Value,
        layers: i32,
        heads: i32,
    },
}

/// `config.json` must be a JSON object that describes a Whisper model of these dimensions: a
/// Hugging Face config of another architecture, or alignment heads outside the decoder, mean
/// the folder mixes files from different models.
pub fn check_config(path: &Path, h: &Hparams) -> Result<()> {
    let err = |problem: ConfigProblem| ModelError::Config {
        path: path.to_path_buf(),
        problem,
    };
    let len = std::fs::metadata(path)
        .map_err(|e| ModelError::io(path, e))?
        .len();
    if len > 16 << 20 {
        return Err(err(ConfigProblem::TooLarge { bytes: len }));
    }
    let text = std::fs::read(path).map_err(|e| ModelError::io(path, e))?;
    let config = match serde_json::from_slice::<serde_json::Value>(&text) {
        Ok(serde_json::Value::Object(map)) => map,
        Ok(_) => return Err(err(ConfigProblem::NotAnObject)),
        Err(error) => return Err(err(ConfigProblem::NotJson { error })),
    };
    let names_whisper = |v: &serde_json::Value| {
        v.as_str()
            .is_some_and(|s| s.to_ascii_lowercase().contains("whisper"))
    };
    if let Some(kind) = config.get("model_type").filter(|v| !names_whisper(v)) {
        return Err(err(ConfigProblem::OtherModelType { kind: kind.clone() }));
    }
    if let Some(archs) = config.get("architectures") {
        let listed = archs.as_array().map(Vec::as_slice).unwrap_or_default();
        if !listed.iter().any(names_whisper) {
            return Err(err(ConfigProblem::OtherArchitecture {
                listed: archs.clone(),
            }));
        }
    }
    if let Some(heads) = config.get("alignment_heads") {
        let pairs = heads.as_array().map(Vec::as_slice).unwrap_or_default();
        for pair in pairs {
            let fits = match pair.as_array().map(Vec::as_slice) {
                Some([layer, head]) => {
                    layer
                        .as_i64()
                        .is_some_and(|l| (0..i64::from(h.n_text_layer)).contains(&l))
                        && head
                            .as_i64()
                            .is_some_and(|x| (0..i64::from(h.n_text_head)).contains(&x))
                }
                _ => false,
            };
            if !fits {
                return Err(err(ConfigProblem::AlignmentHeadOutside {
                    pair: pair.clone(),
                    layers: h.n_text_layer,
                    heads: h.n_text_head,
                }));
            }
        }
    }
    Ok(())
}

fn write_tensor<W: Write>(
    reader: &mut Ct2Reader,
    var: &Variable,
    t: &Planned,
    w: &mut HashingWriter<W>,
    tmp: &Path,
) -> Result<()> {
    let io = |e| ModelError::io(tmp, e);
    // Conv biases are broadcast over time in whisper.cpp, which allocates them as [n, 1].
    let mut dims = t.dims.clone();
    if t.name.ends_with("conv1.bias") || t.name.ends_with("conv2.bias") {
        dims.push(1);
    }
    let name = t.name.as_bytes();
    w.write_all(&(dims.len() as i32).to_le_bytes())
        .map_err(io)?;
    w.write_all(&(name.len() as i32).to_le_bytes())
        .map_err(io)?;
    w.write_all(&(t.out as i32).to_le_bytes()).map_err(io)?;
    // ggml lists dimensions innermost first, the reverse of PyTorch.
    for d in dims.iter().rev() {
        w.write_all(&(*d as i32).to_le_bytes()).map_err(io)?;
    }
    w.write_all(name).map_err(io)?;

    let part = var.nbytes / t.slice.of;
    let start = part * t.slice.index;
    let mut out = Vec::with_capacity(1 << 17);
    reader.stream(var, start, part, |chunk| {
        out.clear();
        convert_chunk(chunk, var.dtype, t.out, &mut out);
        w.write_all(&out).map_err(io)
    })
}

fn convert_chunk(chunk: &[u8], from: DType, to: GgmlType, out: &mut Vec<u8>) {
    let as_f32 = |c: &[u8]| -> f32 {
        match from {
            DType::F16 => f16::from_le_bytes([c[0], c[1]]).to_f32(),
            DType::Bf16 => bf16::from_le_bytes([c[0], c[1]]).to_f32(),
            _ => f32::from_le_bytes([c[0], c[1], c[2], c[3]]),
        }
    };
    match (from, to) {
        (DType::F16, GgmlType::F16) | (DType::F32, GgmlType::F32) => out.extend_from_slice(chunk),
        (_, GgmlType::F32) => {
            for c in chunk.chunks_exact(from.size() as usize) {
                out.extend_from_slice(&as_f32(c).to_le_bytes());
            }
        }
        _ => {
            for c in chunk.chunks_exact(from.size() as usize) {
                out.extend_from_slice(&f16::from_f32(as_f32(c)).to_le_bytes());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_fused_attention_into_slices_without_key_bias() {
        let names = |n: &str| {
            map_variable(n)
                .unwrap()
                .into_iter()
                .map(|(s, sl)| (s, sl.index, sl.of))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            names("encoder/layer_3/self_attention/linear_0/weight"),
            vec![
                ("encoder.blocks.3.attn.query.weight".into(), 0, 3),
                ("encoder.blocks.3.attn.key.weight".into(), 1, 3),
                ("encoder.blocks.3.attn.value.weight".into(), 2, 3),
            ]
        );
        assert_eq!(
            names("decoder/layer_0/self_attention/linear_0/bias"),
            vec![
                ("decoder.blocks.0.attn.query.bias".into(), 0, 3),
                ("decoder.blocks.0.attn.value.bias".into(), 2, 3),
            ]
        );
        assert_eq!(
            names("decoder/layer_1/attention/linear_1/bias"),
            vec![("decoder.blocks.1.cross_attn.value.bias".into(), 1, 2)]
        );
        assert_eq!(
            names("decoder/layer_1/attention/layer_norm/gamma"),
            vec![("decoder.blocks.1.cross_attn_ln.weight".into(), 0, 1)]
        );
        assert_eq!(
            names("encoder/layer_norm/beta"),
            vec![("encoder.ln_post.bias".into(), 0, 1)]
        );
        assert_eq!(
            names("decoder/layer_norm/gamma"),
            vec![("decoder.ln.weight".into(), 0, 1)]
        );
        assert_eq!(
            names("encoder/conv2/bias"),
            vec![("encoder.conv2.bias".into(), 0, 1)]
        );
        assert_eq!(
            names("encoder/layer_0/ffn/linear_1/weight"),
            vec![("encoder.blocks.0.mlp.2.weight".into(), 0, 1)]
        );
        assert!(map_variable("decoder/alibi").is_none());
        assert!(map_variable("encoder/layer_0/attention/linear_0/weight").is_none());
    }

    #[test]
    fn output_types_follow_whisper_cpp() {
        assert_eq!(output_type("encoder.conv1.bias", 1), GgmlType::F32);
        assert_eq!(output_type("encoder.conv1.weight", 3), GgmlType::F16);
        assert_eq!(
            output_type("decoder.positional_embedding", 2),
            GgmlType::F32
        );
        assert_eq!(
            output_type("decoder.blocks.0.mlp.0.weight", 2),
            GgmlType::F16
        );
        assert_eq!(output_type("decoder.blocks.0.mlp.0.bias", 1), GgmlType::F32);
    }

    #[test]
    fn converts_between_half_and_single_precision() {
        let mut out = Vec::new();
        let src: Vec<u8> = [1.5f32, -2.0]
            .iter()
            .flat_map(|f| f16::from_f32(*f).to_le_bytes())
            .collect();
        convert_chunk(&src, DType::F16, GgmlType::F32, &mut out);
        assert_eq!(
            out,
            [1.5f32.to_le_bytes(), (-2.0f32).to_le_bytes()].concat()
        );
        let mut back = Vec::new();
        convert_chunk(&out, DType::F32, GgmlType::F16, &mut back);
        assert_eq!(back, src);
    }
}
