//! A whole live session with real components: the synthetic camera, a real microphone path
//! (cpal → ALSA → a private PulseAudio null sink playing jfk.wav in real time), the real
//! Whisper model, the rubric and a real SQLite store, on the real clock. Limits are tiny so
//! that it runs in about half a minute.

mod common;

use std::process::Child;
use std::sync::mpsc::RecvTimeoutError;
use std::sync::Arc;
use std::time::{Duration, Instant};

use onsite_capture::camera::CameraChoice;
use onsite_capture::mic::MicChoice;
use onsite_capture::video::h264::VideoSettings;
use onsite_datadir::DataDir;
use onsite_interview::flow::StopReason;
use onsite_live::plan::{resolve, PlanRequest};
use onsite_live::view::LivePhase;
use onsite_live::{LiveOptions, LiveSession, LiveUpdate, LiveView, SessionAction};
use onsite_rubric::RubricPack;
use onsite_store::{Store, TakeStatus};

const PHRASE: &str = "ask not what your country";

fn options(data: &DataDir, camera: CameraChoice, mic: MicChoice) -> LiveOptions {
    let mut plan = resolve(
        &PlanRequest {
            plan: "quick-15".into(),
            questions: Some(2),
            follow_ups: Some(false),
            ..Default::default()
        },
        None,
    )
    .expect("plan");
    // Question 1 waits for "begin answer"; question 2's prep runs out by itself.
    plan.config.questions[0].prep_ms = 60_000;
    plan.config.questions[1].prep_ms = 1_500;
    // jfk.wav lasts 11 s: question 1's answer is cut by the limit.
    plan.set_answer_limit_ms(12_500);
    // Question 2's answer is stopped by hand once the speech has been played.
    plan.config.questions[1].answer_ms = 25_000;
    let mut opts = LiveOptions::new(
        data.clone(),
        plan,
        common::model(),
        Arc::new(RubricPack::embedded().expect("pack")),
    );
    opts.camera = camera;
    opts.mic = mic;
    opts.video = VideoSettings {
        width: 320,
        height: 240,
        fps: 15,
        bitrate_bps: 300_000,
    };
    opts.captions = true;
    opts
}

fn lower(s: &str) -> String {
    s.to_lowercase().replace([',', '.'], "")
}

#[test]
fn a_two_question_session_records_transcribes_scores_and_stores_each_answer() {
    let home = tempfile::tempdir().expect("home");
    let pulse = common::Pulse::start_for_this_process(home.path());
    let data = DataDir::open(Some(&home.path().join("data"))).expect("data dir");
    let started = Instant::now();

    let (session, updates) =
        LiveSession::start(options(&data, CameraChoice::Synthetic, MicChoice::Default))
            .expect("start");
    let first = session.view();
    assert_eq!(first.phase, LivePhase::Prep);
    assert_eq!((first.question_index, first.question_count), (0, 2));
    assert!(first.has_camera && first.has_mic);
    assert!(!first.question.text.is_empty() && !first.question.reason.is_empty());

    // Pause freezes the prep countdown; resume restarts it.
    let paused = session.control(SessionAction::Pause).expect("pause");
    assert!(paused.paused);
    let frozen = paused.timer.expect("prep timer").remaining_ms;
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(session.view().timer.expect("timer").remaining_ms, frozen);
    let err = session
        .control(SessionAction::Pause)
        .expect_err("already paused");
    assert_eq!(err.code(), "flow_already_paused");
    assert!(
        !session
            .control(SessionAction::Resume)
            .expect("resume")
            .paused
    );
    let answering = session
        .control(SessionAction::BeginAnswer)
        .expect("begin answer");
    assert_eq!(answering.phase, LivePhase::Answering);
    assert_eq!(answering.take, 1);

    let mut q1_player: Child = pulse.play(&common::jfk_wav());
    let mut player: Option<Child> = None;
    let mut feedbacks = Vec::new();
    let mut captions = 0;
    let mut levels = Vec::new();
    let mut retried = false;
    let mut finished = None;
    let mut last: Option<LiveView> = None;
    let deadline = Instant::now() + Duration::from_secs(120);
    while finished.is_none() {
        assert!(Instant::now() < deadline, "the session stalled at {last:?}");
        // Question 2's second take: stop once the speech has been played.
        if let (Some(p), Some(v)) = (player.as_mut(), last.as_ref()) {
            if v.phase == LivePhase::Answering
                && v.question_index == 1
                && p.try_wait().expect("paplay").is_some()
            {
                player = None;
                std::thread::sleep(Duration::from_millis(700));
                session
                    .control(SessionAction::StopAnswer)
                    .expect("stop answer");
            }
        }
        let update = match updates.recv_timeout(Duration::from_millis(200)) {
            Ok(u) => u,
            Err(RecvTimeoutError::Timeout) => continue,
            Err(RecvTimeoutError::Disconnected) => panic!("updates ended before Finished"),
        };
        match update {
            LiveUpdate::View(v) => {
                let entered = last.as_ref().is_none_or(|l| {
                    (l.phase, l.question_index, l.take) != (v.phase, v.question_index, v.take)
                });
                if entered && v.phase == LivePhase::Answering && v.question_index == 1 {
                    if !retried {
                        // Question 2 started by itself when its prep ran out; throw the first
                        // take away at once and answer in a new one.
                        retried = true;
                        std::thread::sleep(Duration::from_millis(400));
                        let again = session.control(SessionAction::Retry).expect("retry");
                        assert_eq!(again.take, 2);
                    } else {
                        player = Some(pulse.play(&common::jfk_wav()));
                    }
                }
                if entered && v.phase == LivePhase::Feedback {
                    assert!(
                        v.feedback.is_some(),
                        "feedback in the view: {:?}",
                        v.scoring_error
                    );
                    session.control(SessionAction::Next).expect("next");
                }
                last = Some(*v);
            }
            LiveUpdate::Feedback(fb) => feedbacks.push(fb),
            LiveUpdate::Caption { text, is_final } => {
                eprintln!("caption ({is_final}): {text}");
                captions += 1;
            }
            LiveUpdate::Level { rms_db, .. } => levels.push(rms_db),
            LiveUpdate::Finished { session_id } => finished = Some(session_id),
            LiveUpdate::Error { code, message } => panic!("unexpected error {code}: {message}"),
            LiveUpdate::Warning { .. } => {}
        }
    }
    let report = session.wait().expect("report");
    let _ = q1_player.wait();
    let elapsed = started.elapsed();
    drop(pulse);

    assert_eq!(finished.as_deref(), Some(report.session_id.as_str()));
    assert!(!report.ended_early);
    assert!(captions > 0, "captions were on");
    assert!(
        levels.iter().any(|&db| db > -40.0),
        "the level meter heard the speech: {levels:?}"
    );
    assert_eq!(feedbacks.len(), 2);
    for fb in &feedbacks {
        let ms = fb.feedback_ms.expect("stop→feedback latency measured");
        let r = report
            .questions
            .iter()
            .flat_map(|q| &q.takes)
            .find(|t| t.take_id == fb.take_id)
            .expect("reported take");
        eprintln!(
            "take {}: stop→feedback {ms} ms (recorder stop {:?} ms, tail decode {:?} ms, scoring {:?} ms)",
            fb.take_id, r.stop_ms, r.tail_ms, r.score_ms
        );
        assert!(
            lower(&fb.transcript.text).contains(PHRASE),
            "{}",
            fb.transcript.text
        );
        assert!((1.0..=5.0).contains(&fb.overall));
        assert_eq!(fb.competencies.len(), 6);
        assert_eq!(fb.next_steps.len(), 3);
        assert!(!fb.transcript.words.is_empty());
        let media = fb.media.as_ref().expect("media");
        assert!(
            media.mime.contains("avc1") && media.mime.contains("opus"),
            "{}",
            media.mime
        );
    }

    // What the report says, question by question.
    let q1 = &report.questions[0].takes;
    assert_eq!(q1.len(), 1);
    assert_eq!(q1[0].status, "scored");
    assert_eq!(
        q1[0].stopped,
        Some(StopReason::TimeLimit),
        "auto-stop at the limit"
    );
    let duration = q1[0].media_duration_ms.expect("duration");
    assert!(
        (12_000..=13_500).contains(&duration),
        "a 12.5 s limit recorded {duration} ms"
    );
    let q2 = &report.questions[1].takes;
    assert_eq!(q2.len(), 2);
    assert_eq!(q2[0].status, "discarded");
    assert!(
        !std::path::Path::new(&q2[0].media_path).exists(),
        "a discarded take's file is deleted"
    );
    assert_eq!(
        (q2[1].status, q2[1].stopped),
        ("scored", Some(StopReason::Stopped))
    );

    // What the store kept.
    let store = Store::open(&data).expect("store");
    let id = report.session_id.parse().expect("session id");
    let detail = store.session(&id).expect("session");
    assert!(detail.ended_at_ms.is_some());
    // Started in the system's time zone, so its practice day stays the local one.
    assert_eq!(
        detail.utc_offset_minutes,
        onsite_store::local_utc_offset_minutes(detail.started_at_ms)
    );
    assert_eq!(detail.questions.len(), 2);
    for (q, takes) in detail.questions.iter().zip([q1, q2]) {
        let kept = takes.last().expect("take");
        let stored = q
            .takes
            .iter()
            .find(|t| t.id.map(|i| i.0) == Some(kept.take_id))
            .expect("stored take");
        assert_eq!(stored.status, TakeStatus::Complete);
        assert!(!stored.segments.is_empty());
        let text: String = stored.segments.iter().map(|s| s.text.as_str()).collect();
        assert!(lower(&text).contains(PHRASE), "{text}");
        assert!(stored.rubric.is_some());
        let media = data
            .root()
            .join(stored.media_path.as_deref().expect("media path"));
        let info = onsite_capture::inspect(&media).expect("a playable take");
        assert!(info.mime_type.starts_with("video/mp4"));
        // Replay reads the same feedback back from the store.
        let back = onsite_live::feedback::load(
            &store,
            kept.take_id,
            &RubricPack::embedded().expect("pack"),
        )
        .expect("stored feedback");
        assert!(lower(&back.transcript.text).contains(PHRASE));
    }
    let discarded = detail.questions[1]
        .takes
        .iter()
        .find(|t| t.id.map(|i| i.0) == Some(q2[0].take_id))
        .expect("discarded take row");
    assert_eq!(discarded.status, TakeStatus::Failed);
    eprintln!("two-question live session: {:.1} s", elapsed.as_secs_f64());
}

#[test]
fn neither_camera_nor_microphone_is_an_error_before_the_first_question() {
    let home = tempfile::tempdir().expect("home");
    let data = DataDir::open(Some(&home.path().join("data"))).expect("data dir");
    let err = LiveSession::start(options(&data, CameraChoice::None, MicChoice::None))
        .expect_err("nothing to record");
    assert_eq!(err.code(), "live_nothing_to_record");
    let store = Store::open(&data).expect("store");
    assert!(
        store.list_sessions().expect("list").is_empty(),
        "no session is created"
    );
}
