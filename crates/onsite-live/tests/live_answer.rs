//! What a candidate notices inside one answer, through the real microphone path (cpal → ALSA →
//! a private PulseAudio null sink, paced in real time), the real Whisper model and the real
//! recorder:
//!
//! - speech that starts the moment "begin answer" is pressed is in the take: the first words
//!   of jfk.wav ("and so my fellow Americans") are transcribed;
//! - pause stops the recording: what is said while paused is neither in the transcript nor in
//!   the file, the take goes on after resume, and the paused time is not a long pause.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::sync::Arc;
use std::time::{Duration, Instant};

use onsite_capture::camera::CameraChoice;
use onsite_capture::mic::MicChoice;
use onsite_capture::video::h264::VideoSettings;
use onsite_datadir::DataDir;
use onsite_live::plan::{resolve, PlanRequest};
use onsite_live::view::LivePhase;
use onsite_live::{LiveOptions, LiveSession, LiveUpdate, SessionAction, TakeFeedback};
use onsite_rubric::RubricPack;

fn options(data: &DataDir) -> LiveOptions {
    let mut plan = resolve(
        &PlanRequest {
            plan: "quick-15".into(),
            questions: Some(1),
            follow_ups: Some(false),
            ..Default::default()
        },
        None,
    )
    .expect("plan");
    plan.config.questions[0].prep_ms = 60_000;
    plan.set_answer_limit_ms(60_000);
    let mut opts = LiveOptions::new(
        data.clone(),
        plan,
        common::model(),
        Arc::new(RubricPack::embedded().expect("pack")),
    );
    opts.camera = CameraChoice::Synthetic;
    opts.mic = MicChoice::Default;
    opts.video = VideoSettings {
        width: 320,
        height: 240,
        fps: 15,
        bitrate_bps: 300_000,
    };
    opts
}

/// `sox` cuts jfk.wav into the part before "ask not" (0–2.7 s) and the rest.
fn jfk_parts(dir: &Path) -> (PathBuf, PathBuf) {
    let first = dir.join("jfk-first.wav");
    let rest = dir.join("jfk-rest.wav");
    for (out, trim) in [(&first, ["0", "2.7"]), (&rest, ["2.7", "-0"])] {
        let ok = Command::new("sox")
            .arg(common::jfk_wav())
            .arg(out)
            .arg("trim")
            .args(trim)
            .status()
            .expect("sox is installed (scripts/setup)")
            .success();
        assert!(ok, "sox trim {trim:?}");
    }
    (first, rest)
}

/// Words the candidate says while paused (tiny.en hears "elephants" and "garden" in them).
fn paused_words(dir: &Path) -> PathBuf {
    onsite_testkit::espeak_with(
        dir,
        "paused.wav",
        &[],
        "purple elephants eat bananas in the garden",
    )
}

fn lower(s: &str) -> String {
    s.to_lowercase().replace([',', '.', '!', '?'], "")
}

/// Waits for the take's feedback, failing on any error the session reports.
fn feedback(updates: &Receiver<LiveUpdate>) -> TakeFeedback {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        assert!(Instant::now() < deadline, "no feedback within 60 s");
        match updates.recv_timeout(Duration::from_millis(200)) {
            Ok(LiveUpdate::Feedback(fb)) => return *fb,
            Ok(LiveUpdate::Error { code, message }) => panic!("unexpected error {code}: {message}"),
            Ok(_) | Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => panic!("the session ended without feedback"),
        }
    }
}

fn play_to_end(pulse: &common::Pulse, file: &Path) {
    let status = pulse.play(file).wait().expect("paplay");
    assert!(status.success(), "paplay {}", file.display());
}

#[test]
fn the_first_words_are_kept_and_a_paused_answer_records_nothing_while_paused() {
    let home = tempfile::tempdir().expect("home");
    let pulse = common::Pulse::start_for_this_process(home.path());
    let (first, rest) = jfk_parts(home.path());
    let paused = paused_words(home.path());
    let data = DataDir::open(Some(&home.path().join("data"))).expect("data dir");

    let (session, updates) = LiveSession::start(options(&data)).expect("start");
    assert_eq!(session.view().phase, LivePhase::Prep);
    // The candidate reads the question; the room's meter shows the open microphone meanwhile.
    let reading = Instant::now() + Duration::from_millis(2_500);
    let mut prep_levels = 0;
    while let Some(left) = reading.checked_duration_since(Instant::now()) {
        match updates.recv_timeout(left) {
            Ok(LiveUpdate::Level { .. }) => prep_levels += 1,
            Ok(LiveUpdate::Error { code, message }) => panic!("unexpected error {code}: {message}"),
            Ok(_) | Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => panic!("the session ended"),
        }
    }
    assert!(
        prep_levels >= 10,
        "{prep_levels} meter readings while preparing"
    );
    // The candidate starts talking as they press Space: the speech reaches the microphone
    // at once (jfk.wav's first word starts 0.3 s in).
    let mut speaking = pulse.play(&first);
    let answer_started = Instant::now();
    let view = session
        .control(SessionAction::BeginAnswer)
        .expect("begin answer");
    assert_eq!(view.phase, LivePhase::Answering);
    assert!(speaking.wait().expect("paplay").success());
    std::thread::sleep(Duration::from_millis(300));

    let view = session.control(SessionAction::Pause).expect("pause");
    assert!(view.paused);
    let pause_started = Instant::now();
    play_to_end(&pulse, &paused);
    std::thread::sleep(Duration::from_millis(600));
    let frozen = view.timer.expect("answer timer").remaining_ms;
    assert_eq!(
        session.view().timer.expect("answer timer").remaining_ms,
        frozen,
        "the answer timer stands still while paused"
    );
    let view = session.control(SessionAction::Resume).expect("resume");
    assert!(!view.paused);
    let paused_for = pause_started.elapsed();

    play_to_end(&pulse, &rest);
    std::thread::sleep(Duration::from_millis(700));
    session
        .control(SessionAction::StopAnswer)
        .expect("stop answer");
    let answered_for = answer_started.elapsed();
    let fb = feedback(&updates);
    session.control(SessionAction::End).expect("end");
    let report = session.wait().expect("report");
    drop(pulse);

    let text = lower(&fb.transcript.text);
    eprintln!("transcript: {text}");
    assert!(
        text.contains("my fellow americans"),
        "the first words, spoken as the answer began, are in the take: {text}"
    );
    assert!(
        text.contains("ask not what your country"),
        "the answer goes on after resume: {text}"
    );
    assert!(
        !text.contains("elephant") && !text.contains("garden"),
        "nothing said while paused is recorded: {text}"
    );

    // The file holds the answer without the paused stretch, and the transcript's times are
    // on the same timeline: no word lies beyond the end of the media.
    let take = &report.questions[0].takes[0];
    let media_ms = take.media_duration_ms.expect("media duration");
    let expected = (answered_for - paused_for).as_millis() as u64;
    eprintln!(
        "answered {} ms, paused {} ms, media {media_ms} ms",
        answered_for.as_millis(),
        paused_for.as_millis()
    );
    assert!(
        paused_for > Duration::from_millis(2_600),
        "the pause outlasts the rubric's long pause (2.5 s), so recording it would show"
    );
    assert!(
        media_ms + 1_000 >= expected && media_ms <= expected + 1_000,
        "media {media_ms} ms for {expected} ms answered outside the pause"
    );
    let last_word = fb.transcript.words.last().expect("words");
    assert!(
        u64::from(last_word.end_ms) <= media_ms + 200,
        "last word at {} ms in {media_ms} ms of media",
        last_word.end_ms
    );
    assert!(
        fb.delivery.long_pauses.is_empty(),
        "the paused time is not counted as a long pause: {:?}",
        fb.delivery.long_pauses
    );
}
