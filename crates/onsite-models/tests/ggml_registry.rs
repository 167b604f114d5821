//! The ggml validator on damaged files, checksums, and the registry over real folders.

mod common;

use std::path::{Path, PathBuf};

use common::Ct2;
use onsite_models::checksum::{self, Verified};
use onsite_models::{ggml, import_ct2, Ct2Files, Registry};

/// A valid small ggml Whisper file, converted from a test-written CT2 model.
fn converted(dir: &Path, file: &str) -> PathBuf {
    let src = tempfile::tempdir().expect("temp dir");
    let ct2 = common::write_dir(src.path(), &Ct2::whisper(8, 51864));
    let out = dir.join(file);
    let files = Ct2Files::locate(&ct2, &[]).expect("test model folder is complete");
    import_ct2(&files, &out).expect("test model converts");
    out
}

#[test]
fn truncation_anywhere_is_reported_as_such() {
    let tmp = tempfile::tempdir().unwrap();
    let good = converted(tmp.path(), "ggml-good.bin");
    let full = std::fs::read(&good).unwrap();
    let cut_path = tmp.path().join("cut.bin");
    // Header, mel block, vocabulary and tensor records all get cut somewhere.
    let cuts = (1..200).chain((200..full.len()).step_by(full.len() / 211));
    for cut in cuts {
        std::fs::write(&cut_path, &full[..cut]).unwrap();
        let err = ggml::validate(&cut_path).unwrap_err();
        let msg = err.to_string();
        assert!(
            matches!(err.code(), "ggml_truncated" | "not_ggml" | "ggml_corrupt"),
            "cut at {cut}: {msg}"
        );
        assert!(msg.contains("cut.bin"), "{msg}");
        if cut > 4 + 44 + 8 {
            assert_eq!(err.code(), "ggml_truncated", "cut at {cut}: {msg}");
        }
    }
    // One byte short of the end: the last tensor is incomplete.
    std::fs::write(&cut_path, &full[..full.len() - 1]).unwrap();
    let err = ggml::validate(&cut_path).unwrap_err();
    let last = common::Ggml::parse(&full).tensors.last().unwrap().0.clone();
    assert!(err.to_string().contains(&format!("tensor {last}")), "{err}");
}

#[test]
fn foreign_and_corrupt_files_are_named() {
    let tmp = tempfile::tempdir().unwrap();
    let good = converted(tmp.path(), "ggml-good.bin");
    let full = std::fs::read(&good).unwrap();
    let p = tmp.path().join("model.bin");
    let check = |bytes: &[u8], code: &str, needle: &str| {
        std::fs::write(&p, bytes).unwrap();
        let err = ggml::validate(&p).unwrap_err();
        let msg = err.to_string();
        assert_eq!(err.code(), code, "{msg}");
        assert!(msg.contains(needle), "{msg:?} should mention {needle:?}");
        assert!(msg.contains("model.bin"), "{msg}");
    };

    check(b"Hello, this is a README.\n", "not_ggml", "\"Hell\"");
    check(b"", "not_ggml", "only 0 bytes");
    check(b"GGUF\x03\x00\x00\x00rest", "not_ggml", "GGUF");

    let mut bad = full.clone();
    bad[4..8].copy_from_slice(&i32::MAX.to_le_bytes());
    check(&bad, "ggml_hparams", "n_vocab = 2147483647");

    let mut bad = full.clone();
    bad[4 + 3 * 4..4 + 4 * 4].copy_from_slice(&3i32.to_le_bytes()); // n_audio_head
    check(&bad, "ggml_hparams", "not divisible");

    let mut bad = full.clone();
    bad[48..52].copy_from_slice(&7i32.to_le_bytes()); // mel rows ≠ n_mels
    check(&bad, "ggml_corrupt", "mel filters are 7");

    let mut bad = full.clone();
    bad.extend_from_slice(b"trailing junk");
    check(&bad, "ggml_corrupt", "n_dims");

    // The first tensor's type field, after header, mels and vocabulary.
    let g = common::Ggml::parse(&full);
    let vocab_bytes: usize = g.vocab.iter().map(|t| 4 + t.len()).sum();
    let first = 4 + 44 + 8 + 201 * 2 * 4 + 4 + vocab_bytes;
    let mut bad = full.clone();
    bad[first + 8..first + 12].copy_from_slice(&99i32.to_le_bytes());
    check(&bad, "ggml_corrupt", "unknown type 99");

    let mut bad = full.clone();
    bad[first..first + 4].copy_from_slice(&1000i32.to_le_bytes());
    check(&bad, "ggml_corrupt", "n_dims 1000");

    // Dropping a whole tensor record keeps the structure valid but not the model.
    let (name, t) = &g.tensors[0];
    let record = 12 + 4 * t.dims.len() + name.len() + t.data.len();
    let mut bad = full[..first].to_vec();
    bad.extend_from_slice(&full[first + record..]);
    check(&bad, "ggml_truncated", "after 49 of the 50 tensors");

    std::fs::create_dir_all(tmp.path().join("dir.bin")).unwrap();
    let err = ggml::validate(&tmp.path().join("dir.bin")).unwrap_err();
    assert!(matches!(err.code(), "not_ggml" | "io"), "{err}");
    let err = ggml::validate(&tmp.path().join("absent.bin")).unwrap_err();
    assert_eq!(err.code(), "not_found");
}

#[test]
fn verify_detects_changes_and_records_drop_ins() {
    let tmp = tempfile::tempdir().unwrap();
    let model = converted(tmp.path(), "ggml-good.bin");
    let Verified::Match { sha256 } = checksum::verify(&model).unwrap() else {
        panic!("import must record a checksum")
    };
    assert_eq!(sha256, checksum::sha256_file(&model).unwrap());
    // The sidecar is sha256sum's format.
    let side = std::fs::read_to_string(checksum::sidecar_path(&model)).unwrap();
    assert_eq!(side, format!("{sha256}  ggml-good.bin\n"));

    // Flip one weight bit: the structure still validates, the checksum does not.
    let mut bytes = std::fs::read(&model).unwrap();
    let n = bytes.len();
    bytes[n - 3] ^= 0x01;
    std::fs::write(&model, &bytes).unwrap();
    ggml::validate(&model).unwrap();
    let err = checksum::verify(&model).unwrap_err();
    assert_eq!(err.code(), "checksum_mismatch");
    assert!(err.to_string().contains(&sha256), "{err}");

    // A dropped-in file has no sidecar: the first verify records one, the next matches.
    std::fs::remove_file(checksum::sidecar_path(&model)).unwrap();
    assert!(matches!(
        checksum::verify(&model).unwrap(),
        Verified::Recorded { .. }
    ));
    assert!(matches!(
        checksum::verify(&model).unwrap(),
        Verified::Match { .. }
    ));
}

#[test]
fn registry_lists_drop_ins_and_resolves_by_search_order() {
    let tmp = tempfile::tempdir().unwrap();
    let first = tmp.path().join("data-models");
    let second = tmp.path().join("shared-models");
    std::fs::create_dir_all(&first).unwrap();
    std::fs::create_dir_all(&second).unwrap();
    let tiny_first = converted(&first, "ggml-tiny.en.bin");
    let tiny_second = converted(&second, "ggml-tiny.en.bin");
    // A drop-in without the usual name, found by its magic.
    let custom = second.join("my-whisper");
    std::fs::copy(&tiny_second, &custom).unwrap();
    // A broken file named like a model is listed as invalid; unrelated files are not listed.
    let broken = first.join("ggml-broken.bin");
    let bytes = std::fs::read(&tiny_first).unwrap();
    std::fs::write(&broken, &bytes[..bytes.len() / 2]).unwrap();
    std::fs::write(first.join("notes.txt"), "not a model").unwrap();

    let reg = Registry::new(vec![
        first.clone(),
        second.clone(),
        tmp.path().join("missing"),
    ]);
    let list = reg.list();
    let names: Vec<(&str, bool, bool)> = list
        .iter()
        .map(|m| (m.name.as_str(), m.valid, m.shadowed))
        .collect();
    assert_eq!(
        names,
        vec![
            ("broken", false, false),
            ("tiny.en", true, false),
            ("tiny.en", true, true),
            ("my-whisper", true, false),
        ]
    );
    let broken_entry = &list[0];
    assert_eq!(broken_entry.error_code.as_deref(), Some("ggml_truncated"));
    let tiny = &list[1];
    assert!(tiny.default);
    assert_eq!(tiny.path, tiny_first);
    assert_eq!(tiny.multilingual, Some(false));
    assert_eq!(
        tiny.sha256,
        Some(checksum::sha256_file(&tiny_first).unwrap())
    );

    // Resolution: the default, a name, a path; the first folder wins.
    assert_eq!(reg.resolve(None).unwrap().path, tiny_first);
    assert_eq!(reg.resolve(Some("my-whisper")).unwrap().path, custom);
    assert_eq!(
        reg.resolve(Some(tiny_second.to_str().unwrap()))
            .unwrap()
            .path,
        tiny_second
    );
    reg.resolve_verified(None).unwrap();
    let mut bytes = std::fs::read(&tiny_first).unwrap();
    let n = bytes.len();
    bytes[n - 1] ^= 0x40;
    std::fs::write(&tiny_first, &bytes).unwrap();
    assert_eq!(reg.resolve(None).unwrap().path, tiny_first);
    assert_eq!(
        reg.resolve_verified(None).unwrap_err().code(),
        "checksum_mismatch"
    );
    let err = reg.resolve(Some("broken")).unwrap_err();
    assert_eq!(err.code(), "ggml_truncated");
    let err = reg.resolve(Some("large-v3")).unwrap_err();
    assert_eq!(err.code(), "unknown_model");
    assert!(err.to_string().contains("shared-models"), "{err}");
    assert!(err.to_string().contains("import-ct2"), "{err}");
}
