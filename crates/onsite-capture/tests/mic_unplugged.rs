//! A microphone that disappears mid-take (its PulseAudio server is killed under the real
//! cpal -> ALSA -> pulse path) ends the take cleanly: the file keeps what was captured and the
//! summary says what happened.

mod common;

use std::time::{Duration, Instant};

use onsite_capture::camera::CameraChoice;
use onsite_capture::mic::MicChoice;
use onsite_capture::recorder::{AudioChoice, RecordOptions, Recording};
use onsite_capture::video::h264::VideoSettings;

#[test]
fn losing_the_microphone_ends_the_take_and_keeps_what_was_captured() {
    let dir = tempfile::tempdir().expect("tempdir");
    let pulse = common::Pulse::start_for_this_process(dir.path());
    let out = dir.path().join("unplugged.mp4");
    let rec = Recording::start(RecordOptions {
        out: out.clone(),
        camera: CameraChoice::Synthetic,
        audio: AudioChoice::Mic(MicChoice::Default),
        video: VideoSettings {
            width: 320,
            height: 240,
            fps: 30,
            bitrate_bps: 300_000,
        },
        max_duration: Some(Duration::from_secs(20)),
        speech: None,
        preview: None,
    })
    .expect("start");
    std::thread::sleep(Duration::from_secs(4));
    drop(pulse); // the "unplug"
    let deadline = Instant::now() + Duration::from_secs(10);
    while !rec.is_done() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(
        rec.is_done(),
        "the take ends by itself when the microphone goes away"
    );
    let ended_at = rec.elapsed();
    let summary = rec.stop().expect("stop keeps the take");
    let error = summary.device_error.expect("the user is told");
    assert!(error.contains("microphone"), "{error}");
    assert!(ended_at < Duration::from_secs(12));

    let (duration, streams) = common::ffprobe(&out);
    assert_eq!(
        streams.len(),
        2,
        "video and the audio captured before the loss"
    );
    assert!(duration >= 3.0, "kept {duration} s");
    assert_eq!(common::decode_errors(&out), "");
}
