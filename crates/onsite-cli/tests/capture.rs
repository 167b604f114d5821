//! `onsite devices` and `onsite record` as a user runs them (the real binary, real files).

mod common;

use common::onsite_without_data_dir;
use onsite_testkit::media::ffprobe;

#[test]
fn devices_json_lists_microphones_and_no_cameras_here() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = onsite_without_data_dir()
        .env("ONSITE_DATA_DIR", dir.path())
        .args(["devices", "--format", "json"])
        .output()
        .expect("run");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert!(json["microphones"].is_array());
    // This machine has no /dev/video*: an empty list, not an error.
    assert_eq!(json["cameras"], serde_json::json!([]));
}

#[test]
fn record_writes_a_finalized_take_and_refuses_an_empty_one() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("take.mp4");
    let out = onsite_without_data_dir()
        .env("ONSITE_DATA_DIR", dir.path())
        .args([
            "record",
            "--seconds",
            "2",
            "--camera",
            "synthetic",
            "--mic",
            "none",
            "--out",
        ])
        .arg(&file)
        .output()
        .expect("run");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let summary: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let ms = summary["info"]["duration_ms"].as_i64().expect("duration");
    assert!((ms - 2000).abs() <= 100, "take lasts {ms} ms");
    assert!(summary["info"]["mime_type"]
        .as_str()
        .is_some_and(|m| m.starts_with("video/mp4; codecs=\"avc1.")));
    let (_, streams) = ffprobe(&file);
    let codecs: Vec<&str> = streams.iter().map(|s| s.codec.as_str()).collect();
    assert_eq!(codecs, ["h264"]);

    // Existing file: refused, and left as it was.
    let before = std::fs::read(&file).expect("read");
    let again = onsite_without_data_dir()
        .env("ONSITE_DATA_DIR", dir.path())
        .args([
            "record",
            "--seconds",
            "1",
            "--camera",
            "synthetic",
            "--mic",
            "none",
            "--out",
        ])
        .arg(&file)
        .output()
        .expect("run");
    assert!(!again.status.success());
    assert_eq!(std::fs::read(&file).expect("read"), before);

    let none = onsite_without_data_dir()
        .env("ONSITE_DATA_DIR", dir.path())
        .args([
            "record",
            "--seconds",
            "1",
            "--camera",
            "none",
            "--mic",
            "none",
            "--out",
        ])
        .arg(dir.path().join("none.mp4"))
        .output()
        .expect("run");
    assert!(!none.status.success());
    assert!(String::from_utf8_lossy(&none.stderr).contains("camera or a microphone"));
}
