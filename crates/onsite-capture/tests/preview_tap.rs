//! The live preview tap: a take from the synthetic 720p camera feeds the UI's preview at the
//! camera's rate while the file it records stays complete.

mod common;

use std::time::{Duration, Instant};

use onsite_capture::camera::CameraChoice;
use onsite_capture::preview::{PreviewTap, WIRE_HEADER_LEN};
use onsite_capture::recorder::{AudioChoice, RecordOptions, Recording};
use onsite_capture::video::h264::VideoSettings;

#[test]
fn preview_frames_arrive_at_camera_rate_while_the_take_records_in_full() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("take.mp4");
    let tap = PreviewTap::new();
    let seconds = 4;
    let rec = Recording::start(RecordOptions {
        out: out.clone(),
        camera: CameraChoice::Synthetic,
        audio: AudioChoice::Synthetic,
        video: VideoSettings::hd(),
        max_duration: Some(Duration::from_secs(seconds)),
        speech: None,
        preview: Some(tap.clone()),
    })
    .expect("start");

    // Read like the webview does: ask for the next frame after the last one seen, as JPEG.
    let mut seen = 0u64;
    let mut frames = Vec::new();
    let mut first_at = None;
    while !rec.is_done() {
        match tap
            .wait_newer_jpeg(seen, Duration::from_millis(200))
            .expect("encode")
        {
            Some(jpeg) => {
                first_at.get_or_insert_with(Instant::now);
                seen = jpeg.seq;
                frames.push(jpeg);
            }
            None => continue,
        }
    }
    let span = first_at.expect("at least one frame").elapsed();
    let summary = rec.stop().expect("stop");

    let fps = (frames.len() - 1) as f64 / span.as_secs_f64();
    println!(
        "preview: {} frames in {:.2} s = {fps:.1} fps, {} KB per JPEG",
        frames.len(),
        span.as_secs_f64(),
        frames.iter().map(|f| f.jpeg.len()).sum::<usize>() / frames.len() / 1024
    );
    assert!(fps >= 15.0, "preview at {fps:.1} fps (target >= 15)");
    let first = &frames[0];
    assert_eq!(
        (first.width, first.height),
        (640, 360),
        "720p shown at 640 wide"
    );
    let wire = first.to_wire();
    assert_eq!(&wire[WIRE_HEADER_LEN..WIRE_HEADER_LEN + 2], &[0xFF, 0xD8]);
    assert!(
        frames.windows(2).any(|w| w[0].jpeg != w[1].jpeg),
        "the picture moves"
    );

    // The take itself is unaffected: every frame recorded, the full length on disk.
    assert!(
        summary.video_frames >= seconds * 30 - 3,
        "recorded {} video frames",
        summary.video_frames
    );
    let (duration, streams) = common::ffprobe(&out);
    assert!(
        (duration - seconds as f64).abs() <= 0.1,
        "file lasts {duration}"
    );
    assert_eq!(streams.len(), 2);
    assert_eq!(common::decode_errors(&out), "");
}

#[test]
fn a_hidden_preview_costs_nothing_after_a_while_and_resumes_on_read() {
    let tap = PreviewTap::new();
    let preview =
        onsite_capture::preview::CameraPreview::start(&CameraChoice::Synthetic, tap.clone())
            .expect("open");
    let first = tap
        .wait_newer(0, Duration::from_secs(5))
        .expect("a first frame");
    std::thread::sleep(Duration::from_millis(3_300));
    assert!(!tap.is_wanted(), "nobody read for 3 s");
    let idle_start = tap.published();
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(
        tap.published(),
        idle_start,
        "no downscaling while unwatched"
    );
    let next = tap
        .wait_newer(first.seq, Duration::from_secs(2))
        .expect("reading wakes it");
    assert!(next.seq > first.seq);
    preview.stop();
}
