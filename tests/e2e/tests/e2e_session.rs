//! A whole practice session in the real app: home → start → (device check) → two answers spoken
//! into a real microphone path → feedback with the spoken words and scores → summary.
//!
//! The camera is the app's synthetic test camera (`ONSITE_TEST_DEVICES=1`). The microphone is
//! real ALSA through a private HOME whose `.asoundrc` routes the default device to a private
//! PulseAudio server with a null sink: `paplay` of real speech (jfk.wav, then espeak-ng) into
//! that sink is what the app hears, paced in real time. (ALSA's file plugin over the null
//! device is not paced: it would hand the app the whole answer at once, before "Start".)
//!
//! Prints figures: cold start to an interactive home, stop → feedback rendered, and the longest
//! gap between animation frames while recording (a requestAnimationFrame monitor in the page).
//! Set `ONSITE_E2E_LONG_ANSWER=1` to make the second answer about two minutes long, the length
//! the stop → feedback target is stated for.
//!
//! Run with `make test-e2e` (builds the app, runs the `e2e_*` tests under xvfb-run with --ignored).

#![allow(clippy::unwrap_used)] // a test harness: a failed unwrap is a failed test, with its message

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::{Client, Locator};
use onsite_e2e::page::{
    click, click_button, console_errors, find, shot, texts, wait_text, watch_console, Label, WAIT,
};
use onsite_e2e::pulse::{play_into, Pulse};
use onsite_e2e::{app_binary, in_app, App, Opens, Shot};

/// Starting a session may load the speech model (a few seconds in a debug build).
const START_WAIT: Duration = Duration::from_secs(90);
/// Scoring after stop: the live stream has transcribed most of the answer already.
const FEEDBACK_WAIT: Duration = Duration::from_secs(60);

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs the built app, an X display and PulseAudio: run `make test-e2e`"]
async fn a_two_question_session_from_home_to_summary() {
    let home = tempfile::tempdir().unwrap();
    let pulse = Pulse::start(home.path());
    let answers = Answers::make(home.path());

    let app = App::new()
        .unwrap()
        .with_pulse(&pulse)
        .with_env("ONSITE_TEST_DEVICES", "1");
    let server = pulse.server.clone();
    let failure = Shot::OnFailure("session-failure");
    in_app(&app, Opens::Home, failure, |client, launched| {
        session(client, server, answers, launched)
    })
    .await;
    drop(pulse);
}

async fn session(client: Client, pulse_server: String, answers: Answers, launched: Instant) {
    // The smallest window the app supports: every screenshot shows that size.
    let _ = client.set_window_size(1024, 640).await;

    // ---- Home ----
    // The start button, once the interview plans have loaded.
    let start =
        Locator::XPath("//button[normalize-space()='Start a practice session' and not(@disabled)]");
    find(&client, start, WAIT).await;
    let cold_start = launched.elapsed();
    let in_page: f64 = client
        .execute("return performance.now()", vec![])
        .await
        .unwrap()
        .as_f64()
        .unwrap_or(f64::NAN);
    eprintln!(
        "FIGURE cold start to interactive home: {} ms (process launch via WebDriver; {:.0} ms of it in the page)",
        cold_start.as_millis(),
        in_page
    );
    watch_console(&client).await;
    shot(&client, "session-home").await;

    click(
        &client,
        Locator::Css("input[name=plan][value='quick-15']"),
        WAIT,
    )
    .await;
    click(&client, start, WAIT).await;

    // ---- Device check (when the build has it) ----
    pass_device_check(&client).await;

    // ---- Question 1: jfk.wav, started and stopped with the Space key ----
    wait_for_question(&client, 1).await;
    shot(&client, "session-prep").await;
    press(&client, ' ').await;
    let first = answer(&client, &pulse_server, &answers.first, Stop::Space).await;
    let said = first.transcript.to_lowercase();
    assert!(
        said.contains("country"),
        "the feedback shows the words spoken into the microphone: {said:?}"
    );
    shot(&client, "session-feedback-1").await;

    // ---- Next: decline the follow-up (if one is asked) to reach question 2 ----
    press(&client, 'n').await;
    loop {
        let progress = wait_text(&client, "[data-testid=question-progress]", WAIT).await;
        if progress.starts_with("Question 2") && !progress.contains("Follow-up") {
            break;
        }
        if progress.contains("Follow-up") {
            shot(&client, "session-follow-up").await;
            click_button(&client, Label::StartsWith("Skip"), WAIT).await;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }

    // ---- Question 2: espeak-ng speech, started and stopped with the buttons ----
    wait_for_question(&client, 2).await;
    click_button(&client, Label::StartsWith("Start answering"), WAIT).await;
    let second = answer(&client, &pulse_server, &answers.second, Stop::Button).await;
    let said = second.transcript.to_lowercase();
    assert!(
        said.contains("constraint") || said.contains("cache"),
        "the second feedback shows the second answer: {said:?}"
    );
    // The speech starts as soon as the room says "Recording": its first words are in the take
    // (they were lost while the microphone opened).
    assert!(
        said.contains("clarify"),
        "the first words of the answer are in the feedback: {said:?}"
    );
    shot(&client, "session-feedback-2").await;

    // ---- End → summary ----
    click_button(&client, Label::StartsWith("End…"), WAIT).await;
    click_button(&client, Label::StartsWith("End session"), WAIT).await;
    let summary = wait_text(&client, "[data-testid=summary]", WAIT).await;
    assert!(
        summary.contains("2 of"),
        "the summary counts the two scored answers: {summary}"
    );
    let overall = wait_text(&client, "[data-testid=summary-overall]", WAIT).await;
    let overall: f64 = overall.parse().unwrap();
    assert!((1.0..=5.0).contains(&overall), "summary overall {overall}");
    shot(&client, "session-summary").await;

    let errors = console_errors(&client).await;
    assert!(errors.is_empty(), "console errors: {errors:?}");

    click_button(&client, Label::StartsWith("Back to home"), WAIT).await;
    wait_text(&client, "#recent-heading", WAIT).await;
    shot(&client, "session-home-after").await;
}

#[derive(Debug, Clone, Copy)]
enum Stop {
    Space,
    Button,
}

struct Scored {
    transcript: String,
}

/// Plays `speech` into the microphone while the room records, stops, and checks the feedback.
async fn answer(client: &Client, pulse_server: &str, speech: &Path, stop: Stop) -> Scored {
    wait_until_text(client, "[data-testid=phase]", "Recording").await;

    let mut player = play_into(pulse_server, speech);
    // A screenshot stalls the page while WebKit paints it: take it first, then watch frames.
    tokio::time::sleep(Duration::from_secs(2)).await;
    shot(client, "session-answering").await;
    start_frame_monitor(client).await;
    tokio::task::spawn_blocking(move || player.wait())
        .await
        .unwrap()
        .unwrap();
    // The last words reach the recognizer after a short silence.
    tokio::time::sleep(Duration::from_millis(1200)).await;

    let stall = longest_frame_gap(client).await;
    eprintln!("FIGURE longest UI-thread stall while recording: {stall:.0} ms (requestAnimationFrame gaps)");

    // Time stop → feedback in the page: from the stop to the feedback panel in the DOM, then
    // to the next painted frame.
    client
        .execute(
            "window.__feedbackAt = null;
             new MutationObserver((_, obs) => {
               if (document.querySelector('[data-testid=feedback]')) {
                 obs.disconnect();
                 requestAnimationFrame(() => { window.__feedbackAt = performance.now(); });
               }
             }).observe(document.body, { childList: true, subtree: true });
             window.__stopAt = performance.now();",
            vec![],
        )
        .await
        .unwrap();
    match stop {
        Stop::Space => press(client, ' ').await,
        Stop::Button => {
            click_button(client, Label::StartsWith("Stop and get feedback"), WAIT).await
        }
    }
    find(
        client,
        Locator::Css("[data-testid=feedback]"),
        FEEDBACK_WAIT,
    )
    .await;
    let elapsed = poll_number(
        client,
        "return window.__feedbackAt === null ? null : window.__feedbackAt - window.__stopAt",
    )
    .await;
    let answer_s = wav_duration(speech).as_secs_f64();
    eprintln!(
        "FIGURE stop -> feedback rendered: {elapsed:.0} ms (stop pressed -> feedback panel painted; answer of {answer_s:.0} s; app {})",
        app_binary().display()
    );

    let overall: f64 = wait_text(client, "[data-testid=overall-score]", WAIT)
        .await
        .parse()
        .unwrap();
    assert!((1.0..=5.0).contains(&overall), "overall {overall}");
    let meters = texts(client, "[data-testid=feedback] .competency [role=meter]").await;
    assert_eq!(meters.len(), 6, "six competency scores");
    let transcript = wait_text(client, "[data-testid=transcript]", WAIT).await;
    Scored { transcript }
}

async fn pass_device_check(client: &Client) {
    // The device check, when the app shows one before the first question, ends with a button
    // that goes on to the interview.
    let deadline = Instant::now() + START_WAIT;
    while Instant::now() < deadline {
        if client
            .find(Locator::Css("[data-testid=question]"))
            .await
            .is_ok()
        {
            return;
        }
        let next = Locator::XPath(
            "//main[@data-screen='device-check']//button[@data-testid='device-check-continue' and not(@disabled)]",
        );
        if client.find(next).await.is_ok() {
            shot(client, "session-device-check").await;
            // The button may sit below the fold at 1024×640: `click` scrolls it into view.
            click(client, next, WAIT).await;
            return;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

async fn wait_for_question(client: &Client, n: u32) {
    let deadline = Instant::now() + START_WAIT;
    loop {
        if let Ok(el) = client
            .find(Locator::Css("[data-testid=question-progress]"))
            .await
        {
            let text = el.text().await.unwrap_or_default();
            if text.starts_with(&format!("Question {n} ")) {
                wait_until_text(client, "[data-testid=phase]", "Preparing").await;
                if let Ok(alert) = client.find(Locator::Css("[role=alert]")).await {
                    let text = alert.text().await.unwrap_or_default();
                    panic!("the room shows an error with question {n}: {text}");
                }
                return;
            }
        }
        if let Ok(alert) = client.find(Locator::Css("[role=alert]")).await {
            let text = alert.text().await.unwrap_or_default();
            panic!("the room shows an error instead of question {n}: {text}");
        }
        assert!(Instant::now() < deadline, "question {n} did not appear");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn press(client: &Client, key: char) {
    let keys = KeyActions::new("keyboard".into())
        .then(KeyAction::Down { value: key })
        .then(KeyAction::Up { value: key });
    client.perform_actions(keys).await.unwrap();
}

async fn wait_until_text(client: &Client, css: &str, want: &str) {
    let deadline = Instant::now() + WAIT;
    loop {
        if let Ok(el) = client.find(Locator::Css(css)).await {
            if el.text().await.unwrap_or_default().trim() == want {
                return;
            }
        }
        assert!(Instant::now() < deadline, "{css} never read {want:?}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn poll_number(client: &Client, script: &str) -> f64 {
    let deadline = Instant::now() + WAIT;
    loop {
        if let Some(n) = client.execute(script, vec![]).await.unwrap().as_f64() {
            return n;
        }
        assert!(Instant::now() < deadline, "no value from {script}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// Records the longest gap between animation frames from now on.
async fn start_frame_monitor(client: &Client) {
    client
        .execute(
            "const m = window.__frames = { max: 0, last: performance.now(), on: true,
                                           frames: 0, over50: 0, over100: 0 };
             const tick = (t) => {
               if (!m.on) return;
               const gap = t - m.last;
               m.max = Math.max(m.max, gap);
               m.frames += 1;
               if (gap > 50) m.over50 += 1;
               if (gap > 100) m.over100 += 1;
               m.last = t;
               requestAnimationFrame(tick);
             };
             requestAnimationFrame(tick);",
            vec![],
        )
        .await
        .unwrap();
}

/// The longest gap between painted frames since `start_frame_monitor`, in ms. Also prints how
/// many gaps there were over 50 and 100 ms, which tells one pause (a garbage collection, say)
/// from a page that is often late.
async fn longest_frame_gap(client: &Client) -> f64 {
    let m = client
        .execute(
            "const m = window.__frames; m.on = false;
             m.max = Math.max(m.max, performance.now() - m.last);
             return m;",
            vec![],
        )
        .await
        .unwrap();
    eprintln!(
        "  frames painted {}, gaps over 50 ms {}, over 100 ms {}",
        m["frames"], m["over50"], m["over100"]
    );
    m["max"].as_f64().unwrap()
}

/// The two answers as WAV files: real human speech, then a synthetic design answer.
struct Answers {
    first: PathBuf,
    second: PathBuf,
}

impl Answers {
    fn make(dir: &Path) -> Answers {
        let first = onsite_testkit::jfk_wav();
        let long = std::env::var_os("ONSITE_E2E_LONG_ANSWER").is_some_and(|v| v == "1");
        let part = "First I would clarify the constraints: how many reads and writes per second, \
            and how fresh the data must be. Then a cache in front of the database, with a time to \
            live, because reads dominate. The trade-off is consistency against latency: a stale \
            price for a few seconds is acceptable, a stale stock count is not. I would monitor the \
            hit rate and alert on the error rate, and fall back to the database if the cache fails.";
        let text = if long {
            // About two minutes of speech at espeak's default rate.
            [part; 4].join(" ")
        } else {
            part.to_owned()
        };
        let second = onsite_testkit::espeak(dir, "answer-2.wav", &text);
        Answers { first, second }
    }
}

fn wav_duration(path: &Path) -> Duration {
    // A RIFF header's byte rate and data size; both files are plain PCM WAV.
    let bytes = std::fs::read(path).unwrap();
    let byte_rate = u32::from_le_bytes(bytes[28..32].try_into().unwrap());
    let data = bytes.len().saturating_sub(44) as u64;
    Duration::from_millis(data * 1000 / u64::from(byte_rate.max(1)))
}
