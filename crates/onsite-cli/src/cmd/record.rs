//! `onsite record`: record one take to a fragmented MP4 file.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use onsite_capture::camera::CameraChoice;
use onsite_capture::mic::MicChoice;
use onsite_capture::recorder::{AudioChoice, RecordOptions, Recording};
use onsite_capture::video::h264::VideoSettings;

use super::{print_json, Ctx};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Length of the take in seconds
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..=7200))]
    seconds: u32,
    /// File to write (fragmented MP4; must not exist)
    #[arg(long, value_name = "FILE")]
    out: PathBuf,
    /// `synthetic` (test pattern), a camera id from `onsite devices`, or `none`
    /// [default: the first camera, else none]
    #[arg(long)]
    camera: Option<CameraChoice>,
    /// `default`, a microphone name from `onsite devices`, or `none`
    #[arg(long, default_value = "default")]
    mic: MicChoice,
}

pub fn run(_ctx: &Ctx, args: Args) -> anyhow::Result<ExitCode> {
    let camera = match args.camera {
        Some(c) => c,
        None => match onsite_capture::camera::list_cameras()?.into_iter().next() {
            Some(first) => CameraChoice::Device(first.id),
            None => {
                eprintln!("no camera found: recording audio only");
                CameraChoice::None
            }
        },
    };
    let rec = Recording::start(RecordOptions {
        out: args.out,
        camera,
        audio: AudioChoice::Mic(args.mic),
        video: VideoSettings::hd(),
        max_duration: Some(Duration::from_secs(u64::from(args.seconds))),
        speech: None,
        preview: None,
    })?;
    while !rec.is_done() {
        std::thread::sleep(Duration::from_millis(100));
    }
    let summary = rec.stop()?;
    print_json(&summary)?;
    if let Some(error) = &summary.device_error {
        eprintln!("warning: the take ended early: {error} (what was captured is saved)");
        return Ok(ExitCode::from(3));
    }
    Ok(ExitCode::SUCCESS)
}
