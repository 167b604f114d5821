//! `onsite bench capture`: 1280x720 H.264 encode speed on one core, then a real take from the
//! synthetic camera and microphone: pipeline CPU, RSS and disk use (in a scratch folder).

use std::process::ExitCode;
use std::time::Duration;

use crate::cmd::{print_json, Ctx, JsonOrText};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Frames to encode for the encoder-speed figure
    #[arg(long, default_value_t = 300)]
    frames: u32,
    /// Length of the recorded take, in seconds (use 900 to check RSS stays flat for 15 min)
    #[arg(long, default_value_t = 20)]
    seconds: u64,
    #[arg(long, value_enum, default_value_t)]
    format: JsonOrText,
}

pub fn run(_ctx: &Ctx, args: Args) -> anyhow::Result<ExitCode> {
    let scratch = tempfile::Builder::new()
        .prefix("onsite-bench-capture-")
        .tempdir()?;
    let figures = onsite_capture::bench::run(
        scratch.path(),
        args.frames,
        Duration::from_secs(args.seconds),
    )
    .map_err(|e| anyhow::anyhow!("{e} [{}]", e.code()))?;
    if args.format == JsonOrText::Json {
        return print_json(&figures).map(|()| ExitCode::SUCCESS);
    }
    println!("capture benchmark (load average {})", super::load_average());
    println!(
        "  H.264 encode {}x{}, one thread: {:.0} fps (target >= 60)",
        figures.width, figures.height, figures.encode_fps
    );
    println!(
        "  {:.0} s take (synthetic 720p30 camera + 48 kHz mic, encode, mux, fsync per fragment):",
        figures.take_seconds
    );
    println!(
        "    CPU {:.2} cores (target < 1.3 with transcription)",
        figures.pipeline_cores
    );
    println!(
        "    RSS {:.0} MB at start, {:.0} MB at end, {:.0} MB peak (target < 150 MB)",
        figures.rss_start_mb, figures.rss_end_mb, figures.rss_peak_mb
    );
    println!(
        "    disk {:.1} MB/min -> {:.0} MB per 15 min (target <= 250 MB)",
        figures.bytes_per_minute as f64 / 1e6,
        figures.projected_15min_mb
    );
    println!(
        "    audio samples dropped: {}",
        figures.dropped_audio_samples
    );
    Ok(ExitCode::SUCCESS)
}
