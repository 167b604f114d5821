//! Whole takes: synthetic camera + a real microphone path (cpal -> ALSA -> PulseAudio null
//! sink, paced in real time) into fragmented MP4, checked with ffprobe/ffmpeg.

mod common;

use std::time::Duration;

use onsite_capture::camera::CameraChoice;
use onsite_capture::mic::MicChoice;
use onsite_capture::mp4::finalize::inspect;
use onsite_capture::recorder::{AudioChoice, RecordOptions, Recording};
use onsite_capture::video::h264::VideoSettings;

fn small_video() -> VideoSettings {
    VideoSettings {
        width: 640,
        height: 360,
        fps: 30,
        bitrate_bps: 800_000,
    }
}

fn wait(rec: &Recording) {
    while !rec.is_done() {
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn ten_seconds_of_camera_and_microphone_make_a_10s_h264_opus_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let pulse = common::Pulse::start_for_this_process(dir.path());
    let out = dir.path().join("take.mp4");
    let (speech_tx, speech_rx) = std::sync::mpsc::channel();
    let rec = Recording::start(RecordOptions {
        out: out.clone(),
        camera: CameraChoice::Synthetic,
        audio: AudioChoice::Mic(MicChoice::Default),
        video: small_video(),
        max_duration: Some(Duration::from_secs(10)),
        speech: Some(speech_tx),
        preview: None,
    })
    .expect("start");
    let mut player = pulse.play(&common::jfk_wav());
    wait(&rec);
    let summary = rec.stop().expect("stop");
    let _ = player.kill();
    let _ = player.wait();

    assert!(summary.device_error.is_none());
    assert_eq!(summary.dropped_audio_samples, 0);
    assert!(
        summary.info.fragments >= 9,
        "~1 s fragments: {}",
        summary.info.fragments
    );
    assert!(summary
        .info
        .mime_type
        .starts_with("video/mp4; codecs=\"avc1."));
    assert!(summary.info.mime_type.ends_with(",opus\""));
    assert!(!onsite_capture::mp4::writer::marker_path(&out).exists());

    let (format_duration, streams) = common::ffprobe(&out);
    let codecs: Vec<&str> = streams.iter().map(|s| s.codec.as_str()).collect();
    assert_eq!(codecs, ["h264", "opus"]);
    for s in &streams {
        assert!(
            (s.duration - 10.0).abs() <= 0.1,
            "{} lasts {}",
            s.codec,
            s.duration
        );
    }
    assert!(
        (format_duration - 10.0).abs() <= 0.1,
        "file lasts {format_duration}"
    );
    assert_eq!(common::decode_errors(&out), "");

    // The recorded sound is the speech that was played (envelopes correlate once aligned).
    let (_, input) = common::read_wav_f32(&common::jfk_wav());
    let recorded = common::decode_audio(&out, 16_000);
    let (r, lag) = common::best_correlation(
        &common::envelope(&input, 16_000),
        &common::envelope(&recorded, 16_000),
        300,
    );
    assert!(
        r > 0.8,
        "recorded audio correlates {r} with the input (lag {lag}0 ms)"
    );

    // Live transcription got the captured audio at 16 kHz. Through the PulseAudio ALSA plugin
    // the first samples arrive ~1.9 s after the stream starts (the recording pads that span
    // with silence on the shared clock), so less than 10 s reaches the speech path.
    let speech: usize = speech_rx.try_iter().map(|b| b.len()).sum();
    assert!(speech > 7 * 16_000, "speech path got {speech} samples");
    assert!(
        speech <= 10 * 16_000 + 1_600,
        "speech path got {speech} samples"
    );
    // inspect() on the finished file agrees with ffprobe.
    let info = inspect(&out).expect("inspect");
    assert!((info.duration_ms as i64 - 10_000).abs() <= 100);
}

#[test]
fn flash_and_beep_stay_within_80ms() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("sync.mp4");
    let rec = Recording::start(RecordOptions {
        out: out.clone(),
        camera: CameraChoice::Synthetic,
        audio: AudioChoice::Synthetic,
        video: small_video(),
        max_duration: Some(Duration::from_secs(5)),
        speech: None,
        preview: None,
    })
    .expect("start");
    wait(&rec);
    rec.stop().expect("stop");

    let flashes: Vec<f64> = common::video_luma(&out)
        .into_iter()
        .filter(|(_, luma)| *luma > 200.0)
        .map(|(t, _)| t)
        .collect();
    let audio = common::decode_audio(&out, 48_000);
    let env = common::envelope(&audio, 48_000);
    let mut beeps = Vec::new();
    for (i, w) in env.windows(2).enumerate() {
        if w[0] < 0.05 && w[1] >= 0.05 {
            beeps.push((i + 1) as f64 / 100.0);
        }
    }
    // Beep 0 starts at t=0 where there is no "before": count it when the first window is loud.
    if env.first().is_some_and(|&e| e >= 0.05) {
        beeps.insert(0, 0.0);
    }
    assert!(flashes.len() >= 4, "flashes at {flashes:?}");
    assert_eq!(
        flashes.len(),
        beeps.len(),
        "flashes {flashes:?} beeps {beeps:?}"
    );
    for (f, b) in flashes.iter().zip(&beeps) {
        assert!(
            (f - b).abs() <= 0.080,
            "flash at {f:.3} s, beep at {b:.3} s"
        );
    }
}

#[test]
fn audio_only_take_is_opus_in_mp4_laid_out_for_media_source_extensions() {
    use onsite_capture::mp4::boxes::top_level;
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("voice.mp4");
    let rec = Recording::start(RecordOptions {
        out: out.clone(),
        camera: CameraChoice::None,
        audio: AudioChoice::Synthetic,
        video: small_video(),
        max_duration: Some(Duration::from_secs(3)),
        speech: None,
        preview: None,
    })
    .expect("start");
    // While recording, the file is already readable: init segment first, then fragments.
    std::thread::sleep(Duration::from_millis(1500));
    let live = inspect(&out).expect("inspect a take in progress");
    assert_eq!(live.mime_type, "audio/mp4; codecs=\"opus\"");
    assert!(live.fragments >= 1);
    wait(&rec);
    let summary = rec.stop().expect("stop");
    assert_eq!(summary.info.mime_type, "audio/mp4; codecs=\"opus\"");

    let (_, streams) = common::ffprobe(&out);
    assert_eq!(streams.len(), 1);
    assert_eq!(streams[0].codec, "opus");
    assert!(
        (streams[0].duration - 3.0).abs() <= 0.1,
        "lasts {}",
        streams[0].duration
    );

    // What MSE needs: ftyp + moov (with mvex, now holding mehd), then moof/mdat pairs only.
    let mut file = std::fs::File::open(&out).expect("open");
    let (boxes, end) = top_level(&mut file).expect("boxes");
    assert_eq!(
        end,
        std::fs::metadata(&out).expect("meta").len(),
        "no torn tail"
    );
    let kinds: Vec<String> = boxes
        .iter()
        .map(|b| String::from_utf8_lossy(&b.kind).into_owned())
        .collect();
    assert_eq!(&kinds[..2], ["ftyp", "moov"]);
    assert!(kinds.len() >= 2 + 2 * 3, "three 1 s fragments: {kinds:?}");
    for pair in kinds[2..].chunks(2) {
        assert_eq!(pair, ["moof", "mdat"]);
    }
    let bytes = std::fs::read(&out).expect("read");
    assert!(
        bytes.windows(4).any(|w| w == b"mehd"),
        "finalized file carries mehd"
    );
}
