//! Conversion of small, complete CTranslate2 Whisper models written by the test, and of
//! crafted damaged ones: every tensor lands where whisper.cpp looks for it, and every kind
//! of damage gets an error that names the file and the problem.

mod common;

use std::path::{Path, PathBuf};

use common::{widen, Ct2, Ggml, Var, F16, F32, I8};
use onsite_models::{ggml, import_ct2, Ct2Files, ModelError};

const S: u32 = 8;
const N_VOCAB: u32 = 51864;

fn convert(model: &Ct2) -> (tempfile::TempDir, Result<PathBuf, ModelError>) {
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = common::write_dir(tmp.path(), model);
    let out = tmp.path().join("out/ggml-test.bin");
    let result = Ct2Files::locate(&dir, &[])
        .and_then(|files| import_ct2(&files, &out))
        .map(|r| r.out);
    (tmp, result)
}

fn convert_err(model: &Ct2) -> ModelError {
    let (tmp, result) = convert(model);
    let err = result.expect_err("damaged model must not convert");
    // Nothing is left behind under the final name or as a partial file.
    let out_dir = tmp.path().join("out");
    let leftovers: Vec<_> = std::fs::read_dir(&out_dir)
        .map(|d| d.filter_map(|e| e.ok()).map(|e| e.file_name()).collect())
        .unwrap_or_default();
    assert!(leftovers.is_empty(), "left behind: {leftovers:?}");
    err
}

fn var_data(model: &Ct2, name: &str) -> Vec<u8> {
    model
        .vars
        .iter()
        .find(|v| v.name == name)
        .unwrap_or_else(|| panic!("test model has no {name}"))
        .data
        .clone()
}

#[test]
fn every_tensor_lands_where_whisper_cpp_looks_for_it() {
    let model = Ct2::whisper(S, N_VOCAB);
    let (_tmp, out) = convert(&model);
    let out = out.unwrap();
    let bytes = std::fs::read(&out).unwrap();
    let g = Ggml::parse(&bytes);

    // hparams: vocab, audio ctx/state/head/layer, text ctx/state/head/layer, mels, ftype.
    assert_eq!(g.hparams, [51864, 6, 8, 2, 1, 5, 8, 2, 1, 2, 1]);
    assert_eq!((g.mel.0, g.mel.1, g.mel.2.len()), (2, 201, 402));
    assert_eq!(g.vocab.len(), 50256);
    assert_eq!(g.vocab[0], b" the");
    assert_eq!(g.vocab[1], b"\n");
    assert_eq!(g.vocab[2], "é".as_bytes());
    assert_eq!(g.vocab[50255], b"t50255");
    assert_eq!(g.tensors.len(), 50);

    let s = S as usize;
    // Fused self-attention QKV: thirds along the output dimension, matrices kept f16.
    let qkv = var_data(&model, "encoder/layer_0/self_attention/linear_0/weight");
    let third = qkv.len() / 3;
    for (i, proj) in ["query", "key", "value"].iter().enumerate() {
        let t = g.tensor(&format!("encoder.blocks.0.attn.{proj}.weight"));
        assert_eq!((t.ttype, t.dims.clone()), (1, vec![S as i32, S as i32]));
        assert_eq!(t.data, qkv[i * third..(i + 1) * third], "{proj}");
    }
    // Biases become f32; the key has none.
    let qkv_b = var_data(&model, "decoder/layer_0/self_attention/linear_0/bias");
    let q_b = g.tensor("decoder.blocks.0.attn.query.bias");
    assert_eq!((q_b.ttype, q_b.dims.clone()), (0, vec![S as i32]));
    assert_eq!(q_b.data, widen(&qkv_b[..2 * s]));
    assert_eq!(
        g.tensor("decoder.blocks.0.attn.value.bias").data,
        widen(&qkv_b[4 * s..])
    );
    assert!(!g.has("decoder.blocks.0.attn.key.bias"));
    assert!(!g.has("encoder.blocks.0.attn.key.bias"));

    // Cross-attention key/value: halves of linear_1; key without bias.
    let kv = var_data(&model, "decoder/layer_0/attention/linear_1/weight");
    assert_eq!(
        g.tensor("decoder.blocks.0.cross_attn.key.weight").data,
        kv[..kv.len() / 2]
    );
    assert_eq!(
        g.tensor("decoder.blocks.0.cross_attn.value.weight").data,
        kv[kv.len() / 2..]
    );
    let kv_b = var_data(&model, "decoder/layer_0/attention/linear_1/bias");
    assert_eq!(
        g.tensor("decoder.blocks.0.cross_attn.value.bias").data,
        widen(&kv_b[2 * s..])
    );
    assert!(!g.has("decoder.blocks.0.cross_attn.key.bias"));

    // Conv: kernel stays f16 with dims reversed; bias f32 as [n, 1] (ggml order [1, n]).
    let conv1 = g.tensor("encoder.conv1.weight");
    assert_eq!((conv1.ttype, conv1.dims.clone()), (1, vec![3, 2, S as i32]));
    assert_eq!(conv1.data, var_data(&model, "encoder/conv1/weight"));
    let conv2_b = g.tensor("encoder.conv2.bias");
    assert_eq!(
        (conv2_b.ttype, conv2_b.dims.clone()),
        (0, vec![1, S as i32])
    );
    assert_eq!(conv2_b.data, widen(&var_data(&model, "encoder/conv2/bias")));

    // Positional embeddings are f32; the token embedding stays f16.
    let pos = g.tensor("encoder.positional_embedding");
    assert_eq!((pos.ttype, pos.dims.clone()), (0, vec![S as i32, 6]));
    assert_eq!(
        pos.data,
        widen(&var_data(&model, "encoder/position_encodings/encodings"))
    );
    assert_eq!(g.tensor("decoder.positional_embedding").ttype, 0);
    let emb = g.tensor("decoder.token_embedding.weight");
    assert_eq!(
        (emb.ttype, emb.dims.clone()),
        (1, vec![S as i32, N_VOCAB as i32])
    );

    // MLP and norms.
    let mlp0 = g.tensor("decoder.blocks.0.mlp.0.weight");
    assert_eq!(mlp0.dims, vec![S as i32, 4 * S as i32]);
    assert_eq!(
        mlp0.data,
        var_data(&model, "decoder/layer_0/ffn/linear_0/weight")
    );
    assert_eq!(
        g.tensor("decoder.blocks.0.mlp.2.weight").data,
        var_data(&model, "decoder/layer_0/ffn/linear_1/weight")
    );
    assert_eq!(
        g.tensor("encoder.ln_post.weight").data,
        widen(&var_data(&model, "encoder/layer_norm/gamma"))
    );
    assert_eq!(
        g.tensor("decoder.ln.bias").data,
        widen(&var_data(&model, "decoder/layer_norm/beta"))
    );
    assert_eq!(
        g.tensor("decoder.blocks.0.cross_attn_ln.weight").data,
        widen(&var_data(
            &model,
            "decoder/layer_0/attention/layer_norm/gamma"
        ))
    );
    assert_eq!(
        g.tensor("encoder.blocks.0.attn_ln.bias").data,
        widen(&var_data(
            &model,
            "encoder/layer_0/self_attention/layer_norm/beta"
        ))
    );
    assert_eq!(
        g.tensor("encoder.blocks.0.mlp_ln.weight").data,
        widen(&var_data(&model, "encoder/layer_0/ffn/layer_norm/gamma"))
    );

    // The crate's own validator agrees, and the sidecar records the file's sha256.
    let info = ggml::validate(&out).unwrap();
    assert_eq!(info.n_tensors, 50);
    assert_eq!(info.size_bytes, bytes.len() as u64);
    assert!(matches!(
        onsite_models::checksum::verify(&out).unwrap(),
        onsite_models::checksum::Verified::Match { .. }
    ));
}

#[test]
fn f32_exports_convert_to_the_same_file_as_f16() {
    let model = Ct2::whisper(S, N_VOCAB);
    let mut wide = model.clone();
    for v in &mut wide.vars {
        if v.dtype == F16 {
            v.data = widen(&v.data);
            v.dtype = F32;
        }
    }
    let (_a, a) = convert(&model);
    let (_b, b) = convert(&wide);
    assert_eq!(
        std::fs::read(a.unwrap()).unwrap(),
        std::fs::read(b.unwrap()).unwrap()
    );
}

fn split_into_parts(bytes: &[u8], dirs: &[&Path], cuts: &[usize]) -> Vec<PathBuf> {
    let mut bounds = vec![0];
    bounds.extend_from_slice(cuts);
    bounds.push(bytes.len());
    bounds
        .windows(2)
        .enumerate()
        .map(|(i, w)| {
            let dir = dirs[i.min(dirs.len() - 1)];
            let p = dir.join(format!("model.bin.part{}", i + 1));
            std::fs::write(&p, &bytes[w[0]..w[1]]).expect("write part");
            p
        })
        .collect()
}

#[test]
fn split_model_bin_converts_like_the_whole_file() {
    let model = Ct2::whisper(S, N_VOCAB);
    let (_whole_tmp, whole) = convert(&model);
    let whole = std::fs::read(whole.unwrap()).unwrap();

    let tmp = tempfile::tempdir().unwrap();
    let dir = common::write_dir(tmp.path(), &model);
    let bytes = std::fs::read(dir.join("model.bin")).unwrap();
    std::fs::remove_file(dir.join("model.bin")).unwrap();
    // Parts from two packages: part1 beside the vocabulary, the rest elsewhere. The cuts
    // fall inside a header, a name and tensor data.
    let other = tmp.path().join("other");
    std::fs::create_dir_all(&other).unwrap();
    let parts = split_into_parts(&bytes, &[&dir, &other], &[7, 100, bytes.len() / 2]);
    // In any order, and naming part1 (already in the folder) again does no harm.
    let extra: Vec<PathBuf> = parts.iter().rev().cloned().collect();
    let files = Ct2Files::locate(&dir, &extra).unwrap();
    assert_eq!(files.model_parts, parts);
    let out = tmp.path().join("split.bin");
    import_ct2(&files, &out).unwrap();
    assert_eq!(std::fs::read(&out).unwrap(), whole);

    // A missing middle part is named; a missing last part is a truncation.
    let err = Ct2Files::locate(&dir, &[parts[2].clone(), parts[3].clone()]).unwrap_err();
    assert_eq!(err.code(), "ct2_format");
    assert!(err.to_string().contains("part 2 is missing"), "{err}");
    let files = Ct2Files::locate(&dir, &parts[1..3]).unwrap();
    let err = import_ct2(&files, &out).unwrap_err();
    assert_eq!(err.code(), "ct2_truncated");
    assert!(
        err.to_string().contains("model.bin.part1 (+2 more parts)"),
        "{err}"
    );
}

#[test]
fn crafted_headers_get_clear_errors() {
    let base = Ct2::whisper(S, N_VOCAB);
    let check = |model: Ct2, code: &str, needle: &str| {
        let err = convert_err(&model);
        let msg = err.to_string();
        assert_eq!(err.code(), code, "{msg}");
        assert!(msg.contains(needle), "{msg:?} should mention {needle:?}");
        assert!(msg.contains("model.bin"), "{msg:?} should name the file");
    };

    let mut m = base.clone();
    m.version = 5;
    check(m, "ct2_unsupported", "version 5");

    let mut m = base.clone();
    m.spec = "TransformerSpec".into();
    check(m, "ct2_format", "TransformerSpec");

    let mut m = base.clone();
    m.var_mut("encoder/conv1/bias").dims = vec![1; 200];
    check(m, "ct2_format", "rank 200");

    let mut m = base.clone();
    m.var_mut("encoder/conv1/bias").dtype = 9;
    check(m, "ct2_format", "unknown dtype id 9");

    // A shape claiming 2^64 elements over a few bytes of data: refused, not allocated.
    let mut m = base.clone();
    m.var_mut("encoder/conv1/bias").dims = vec![u32::MAX, u32::MAX, u32::MAX];
    check(m, "ct2_format", "overflows");

    let mut m = base.clone();
    m.var_mut("encoder/conv1/bias").dims = vec![S + 1];
    check(m, "ct2_format", "declared");

    let mut m = base.clone();
    let v = m.var_mut("encoder/layer_0/ffn/linear_0/weight");
    v.dtype = I8;
    v.data.truncate(v.data.len() / 2);
    check(m, "ct2_unsupported", "quantized");

    let mut m = base.clone();
    m.vars
        .retain(|v| v.name != "decoder/layer_0/ffn/linear_1/bias");
    check(m, "ct2_layout", "decoder.blocks.0.mlp.2.bias");

    let mut m = base.clone();
    m.vars.push(Var {
        name: "encoder/layer_0/self_attention/rotary/weight".into(),
        dims: vec![4],
        dtype: F16,
        data: vec![0; 8],
    });
    check(m, "ct2_layout", "unexpected tensor");

    let mut m = base.clone();
    let v = m.var_mut("decoder/layer_0/attention/linear_1/weight");
    v.dims = vec![3 * S, S];
    v.data = vec![0; (3 * S * S * 2) as usize];
    check(m, "ct2_layout", "cross_attn.key.weight");

    let mut m = base.clone();
    m.vars.retain(|v| v.name != "encoder/num_heads");
    check(m, "ct2_layout", "encoder/num_heads");

    let mut m = base.clone();
    m.var_mut("decoder/num_heads").data = 3i16.to_le_bytes().to_vec();
    check(m, "ct2_layout", "not divisible");
}

#[test]
fn absurd_counts_are_refused_before_allocating() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = common::write_dir(tmp.path(), &Ct2::whisper(S, N_VOCAB));
    let path = dir.join("model.bin");
    let mut bytes = std::fs::read(&path).unwrap();
    // version (4) + spec (2 + 12) + revision (4): the variable count sits at byte 22.
    bytes[22..26].copy_from_slice(&u32::MAX.to_le_bytes());
    std::fs::write(&path, &bytes).unwrap();
    let err = import_ct2(
        &Ct2Files::locate(&dir, &[]).unwrap(),
        &tmp.path().join("o.bin"),
    )
    .unwrap_err();
    assert_eq!(err.code(), "ct2_format");
    assert!(err.to_string().contains("cannot fit"), "{err}");
}

#[test]
fn any_truncation_is_an_error_never_a_panic() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = common::write_dir(tmp.path(), &Ct2::whisper(S, N_VOCAB));
    let full = std::fs::read(dir.join("model.bin")).unwrap();
    let out = tmp.path().join("o.bin");
    // Every cut in the first few headers, then a spread through the data.
    let cuts = (0..400).chain((400..full.len()).step_by(full.len() / 97));
    for cut in cuts {
        std::fs::write(dir.join("model.bin"), &full[..cut]).unwrap();
        let files = Ct2Files::locate(&dir, &[]).unwrap();
        let err = import_ct2(&files, &out).unwrap_err();
        assert!(
            matches!(err.code(), "ct2_truncated" | "ct2_format"),
            "cut at {cut}: {err}"
        );
        assert!(!out.exists());
    }
}

#[test]
fn foreign_files_and_folders_are_named() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = common::write_dir(tmp.path(), &Ct2::whisper(S, N_VOCAB));
    let out = tmp.path().join("o.bin");

    std::fs::write(dir.join("model.bin"), "this is a text file, not a model\n").unwrap();
    let err = import_ct2(&Ct2Files::locate(&dir, &[]).unwrap(), &out).unwrap_err();
    assert_eq!(err.code(), "ct2_format");
    assert!(
        err.to_string().contains("not a CTranslate2 version"),
        "{err}"
    );

    let empty = tmp.path().join("empty");
    std::fs::create_dir_all(&empty).unwrap();
    let err = Ct2Files::locate(&empty, &[]).unwrap_err();
    assert!(err.to_string().contains("vocabulary.txt"), "{err}");
    std::fs::write(empty.join("vocabulary.txt"), "a\n").unwrap();
    let err = Ct2Files::locate(&empty, &[]).unwrap_err();
    assert!(err.to_string().contains("no model.bin"), "{err}");
    let err = Ct2Files::locate(&tmp.path().join("nope"), &[]).unwrap_err();
    assert_eq!(err.code(), "not_found");
}

#[test]
fn bad_vocabulary_and_config_are_named() {
    let model = Ct2::whisper(S, N_VOCAB);
    let tmp = tempfile::tempdir().unwrap();
    let dir = common::write_dir(tmp.path(), &model);
    let out = tmp.path().join("o.bin");
    let files = Ct2Files::locate(&dir, &[]).unwrap();

    // <|endoftext|> one entry late: ids would shift, so it is refused.
    std::fs::write(dir.join("vocabulary.txt"), common::vocabulary(50257, 51864)).unwrap();
    let err = import_ct2(&files, &out).unwrap_err();
    assert_eq!(err.code(), "vocabulary");
    assert!(err.to_string().contains("vocabulary.txt"), "{err}");

    let mut text = common::vocabulary(50256, 51864);
    text = text.replacen("t7\n", "t€7\n", 1);
    std::fs::write(dir.join("vocabulary.txt"), text).unwrap();
    let err = import_ct2(&files, &out).unwrap_err();
    assert!(err.to_string().contains("token 7"), "{err}");

    std::fs::write(dir.join("vocabulary.txt"), common::vocabulary(50256, 51864)).unwrap();
    std::fs::write(dir.join("config.json"), "{ not json").unwrap();
    let err = import_ct2(&files, &out).unwrap_err();
    assert_eq!(err.code(), "config");
    assert!(err.to_string().contains("config.json"), "{err}");
    assert!(!out.exists());
}
