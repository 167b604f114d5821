//! `onsite models list|import-ct2|verify` end to end on the real default package (unpacked in
//! models/cache by models/fetch-default), in a private data folder.

mod common;

use common::{onsite_models as onsite, repo};
use onsite_testkit::{default_ct2_dir, manifest};

use std::path::Path;
use std::process::Command;

#[test]
fn import_list_verify_round_trip() {
    // Fails with what to run when models/fetch-default has not unpacked it.
    let ct2 = default_ct2_dir();
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

/// `onsite models import` is the app's Settings -> Model -> Import from the command line: the
/// same engine function, so the same model lands in the data folder and the same refusals come
/// back with the same codes, leaving the installed model as it was.
#[test]
fn import_puts_a_model_into_the_data_folder_and_refuses_what_it_cannot_use() {
    let shipped = repo().join("models").join(manifest("file"));
    assert!(shipped.is_file(), "run models/fetch-default first");
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let import = |path: &Path| {
        onsite(
            &data,
            &[
                "models",
                "import",
                path.to_str().unwrap(),
                "--format",
                "json",
            ],
        )
    };

    let (ok, out, err) = import(&shipped);
    assert!(ok, "{err}");
    let installed: serde_json::Value = serde_json::from_str(&out).unwrap();
    let model = data.join("models").join(manifest("file"));
    assert_eq!(installed["path"], model.to_str().unwrap());
    assert_eq!(installed["name"], "tiny.en");
    assert_eq!(installed["sha256"], manifest("ggml_sha256").as_str());
    let (ok, out, _) = onsite(&data, &["models", "verify", "tiny.en"]);
    assert!(ok && out.starts_with("ok "), "{out}");

    // The same file again: refused, the installed copy untouched.
    let (ok, _, err) = import(&shipped);
    assert!(!ok);
    assert!(err.contains("code: model_import_exists"), "{err}");
    assert_eq!(
        std::fs::metadata(&model).unwrap().len(),
        std::fs::metadata(&shipped).unwrap().len()
    );

    // Not a model, and nothing there: refused, nothing written.
    let text = tmp.path().join("ggml-notes.bin");
    std::fs::write(&text, "just some text, not a model\n").unwrap();
    let (ok, _, err) = import(&text);
    assert!(!ok);
    assert!(err.contains("code: not_ggml"), "{err}");
    assert!(!data.join("models/ggml-notes.bin").exists());
    let (ok, _, err) = import(&tmp.path().join("missing.bin"));
    assert!(!ok);
    assert!(err.contains("code: model_import_not_found"), "{err}");
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
    let out = common::onsite(&tmp.path().join("data"))
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

/// A copy of the `onsite` binary at `exe`: hard-linked when it can be (the same file system),
/// so that the copy is free; the executable's own path is what the search path reads.
fn place_binary(exe: &Path) {
    let dir = exe.parent().expect("the binary's path has a folder");
    std::fs::create_dir_all(dir).expect("the binary's folder can be made");
    let built = Path::new(env!("CARGO_BIN_EXE_onsite"));
    if std::fs::hard_link(built, exe).is_err() {
        std::fs::copy(built, exe).expect("the onsite binary can be copied");
    }
}

/// The paths `onsite models list` prints, run as `exe` from `cwd` with an empty data folder.
fn listed_paths(exe: &Path, cwd: &Path, data: &Path) -> Vec<String> {
    let out = Command::new(exe)
        .arg("--data-dir")
        .arg(data)
        .args(["models", "list", "--format", "json"])
        .current_dir(cwd)
        .env_remove("ONSITE_MODELS_DIR")
        .env_remove("ONSITE_DATA_DIR")
        .output()
        .expect("the copied onsite binary runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let list: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON on stdout");
    list.as_array()
        .expect("a list of models")
        .iter()
        .map(|m| {
            m["path"]
                .as_str()
                .expect("each model has a path")
                .to_string()
        })
        .collect()
}

#[test]
fn a_binary_inside_a_checkout_finds_its_models_and_one_outside_does_not() {
    // The layout a newcomer has after `make setup` and `cargo build --release --bin onsite`,
    // copied into a temporary folder: nothing here depends on where the real checkout is.
    // The folder must lie outside that checkout (not under its target/, as
    // CARGO_TARGET_TMPDIR does): every binary placed under it would be inside the real one.
    let tmp = tempfile::tempdir().unwrap();
    assert!(
        onsite_models::registry::checkout_models_dir(tmp.path()).is_none(),
        "the temporary folder {} is inside an Onsite checkout",
        tmp.path().display()
    );
    let checkout = tmp.path().join("onsite");
    for marker in ["models/manifest.toml", "crates/onsite-models/Cargo.toml"] {
        let path = checkout.join(marker);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::copy(repo().join(marker), path).unwrap();
    }
    let model = checkout.join("models/ggml-tiny.en.bin");
    std::fs::write(&model, b"listed by path: its contents do not matter here").unwrap();
    let model = model.to_str().unwrap().to_string();
    let data = tmp.path().join("data");

    let inside = checkout.join("target/release/onsite");
    place_binary(&inside);
    let elsewhere = tmp.path().join("elsewhere");
    std::fs::create_dir_all(&elsewhere).unwrap();
    assert!(
        listed_paths(&inside, &elsewhere, &data).contains(&model),
        "a binary in the checkout's target/ finds the checkout's models/, from any folder"
    );

    // As installed: a prefix with bin/, inside no checkout.
    let installed = tmp.path().join("usr/bin/onsite");
    place_binary(&installed);
    assert!(
        !listed_paths(&installed, &elsewhere, &data).contains(&model),
        "a binary outside any checkout, run outside one, must not find the checkout's models"
    );
    assert!(
        listed_paths(&installed, &checkout.join("crates"), &data).contains(&model),
        "run from inside the checkout, the current folder finds it"
    );

    // Without the crate beside it, a models/manifest.toml is just a file.
    std::fs::remove_file(checkout.join("crates/onsite-models/Cargo.toml")).unwrap();
    assert!(!listed_paths(&inside, &elsewhere, &data).contains(&model));
}
