//! What ffprobe says about a recorded file: the capture and CLI tests check the recordings the
//! app writes with the tool a user would open them with, not with the app's own reader.

use std::path::Path;
use std::process::Command;

/// One stream of a media file: its codec (`h264`, `aac`, …) and duration in seconds.
#[derive(Debug)]
pub struct Stream {
    pub codec: String,
    pub duration: f64,
}

/// (the container's duration in seconds, its streams) as ffprobe reports them; an unreadable
/// file fails. A duration ffprobe cannot give (`N/A`) is NaN.
pub fn ffprobe(path: &Path) -> (f64, Vec<Stream>) {
    let out = Command::new("ffprobe")
        .args([
            "-v",
            "error",
            "-show_entries",
            "format=duration:stream=codec_name,duration",
        ])
        .args(["-of", "default=noprint_wrappers=0"])
        .arg(path)
        .output()
        .expect("ffprobe is installed");
    assert!(
        out.status.success(),
        "ffprobe failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let mut streams = Vec::new();
    let mut format_duration = f64::NAN;
    let mut section = "";
    let mut codec = String::new();
    for line in text.lines() {
        match line {
            "[STREAM]" | "[FORMAT]" => section = line,
            "[/STREAM]" | "[/FORMAT]" => section = "",
            _ => {
                let Some((k, v)) = line.split_once('=') else {
                    continue;
                };
                match (section, k) {
                    ("[STREAM]", "codec_name") => codec = v.to_owned(),
                    ("[STREAM]", "duration") => streams.push(Stream {
                        codec: codec.clone(),
                        duration: v.parse().unwrap_or(f64::NAN),
                    }),
                    ("[FORMAT]", "duration") => format_duration = v.parse().unwrap_or(f64::NAN),
                    _ => {}
                }
            }
        }
    }
    (format_duration, streams)
}
