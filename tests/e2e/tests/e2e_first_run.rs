//! The first-run guide in the real app: a fresh data folder opens on it; its steps say what
//! Onsite does, show where the data lives (the real paths), check the synthetic camera and a
//! real microphone (the testkit's PulseAudio source, jfk.wav played into it, transcribed by
//! the real model), and offer the first session; finishing goes home. Restarted on the same
//! data folder, the app opens on home (the choice was saved in the store); Settings → "Show the
//! welcome guide again" brings it back, and skipping it goes home.
//!
//! Screenshots: tests/artifacts/first-run-{1-about,2-privacy,3-devices,4-start,settings,
//! reopened}.png.
//! Run with `make test-e2e`.

#![allow(clippy::unwrap_used)] // a test harness: a failed unwrap is a failed test, with its message

use std::path::PathBuf;
use std::time::{Duration, Instant};

use fantoccini::{Client, Locator};
use onsite_e2e::page::{console_errors, shot, skip_first_run, watch_console, FIRST_RUN, HOME};
use onsite_e2e::pulse::{play_into, Pulse};
use onsite_e2e::{app_binary, App, Driver};
use onsite_testkit::jfk_wav;

const WAIT: Duration = Duration::from_secs(30);
/// The model loads in the background (a few seconds in a debug build on a busy machine).
const MODEL_WAIT: Duration = Duration::from_secs(90);

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs the built app, an X display and PulseAudio: run `make test-e2e`"]
async fn first_run_guide_is_shown_once_then_reopened_from_settings() {
    let home = tempfile::tempdir().unwrap();
    let pulse = Pulse::start(home.path());
    let app = App::new()
        .unwrap()
        .with_pulse(&pulse)
        .with_env("ONSITE_TEST_DEVICES", "1");

    // First start: the guide, step by step.
    let driver = Driver::start(&app).unwrap();
    let client = driver.open_at_first_screen(&app_binary()).await.unwrap();
    let run = tokio::spawn(guide(
        client.clone(),
        app.data_dir.clone(),
        pulse.server.clone(),
    ))
    .await;
    if run.is_err() {
        shot(&client, "first-run-failure").await;
    }
    let _ = client.close().await;
    drop(driver);
    if let Err(failed) = run {
        std::panic::resume_unwind(failed.into_panic());
    }

    // Second start on the same data folder: home, and the guide again from Settings.
    let driver = Driver::start(&app).unwrap();
    let client = driver.open_at_first_screen(&app_binary()).await.unwrap();
    let run = tokio::spawn(restarted(client.clone())).await;
    if run.is_err() {
        shot(&client, "first-run-restart-failure").await;
    }
    let _ = client.close().await;
    drop(driver);
    drop(pulse);
    if let Err(failed) = run {
        std::panic::resume_unwind(failed.into_panic());
    }
}

async fn guide(client: Client, data_dir: PathBuf, pulse_server: String) {
    // The smallest window the app supports: every screenshot shows that size.
    let _ = client.set_window_size(1024, 640).await;
    let root = wait_for(&client, FIRST_RUN, WAIT).await;
    watch_console(&client).await;
    assert_eq!(
        text(&client, "[data-testid=first-run] h1").await,
        "Welcome to Onsite"
    );
    assert_eq!(step(&client).await, "about");
    assert!(
        root.text()
            .await
            .unwrap()
            .contains("Whisper transcribes your answer on this computer"),
        "the first step says what Onsite does"
    );
    assert!(
        client.find(Locator::Css("nav.appnav")).await.is_err(),
        "the guide has the window to itself"
    );
    painted(&client).await;
    shot(&client, "first-run-1-about").await;

    // ---- Where the data lives: the real paths of this data folder ----
    click_button(&client, "Next: Your data").await;
    let places = wait_for(&client, "[data-testid=privacy-places]", WAIT)
        .await
        .text()
        .await
        .unwrap();
    for path in [
        data_dir.clone(),
        data_dir.join("onsite.db"),
        data_dir.join("media"),
        data_dir.join("models"),
    ] {
        assert!(
            places.contains(&path.display().to_string()),
            "the guide names {}: {places}",
            path.display()
        );
    }
    let body = text(&client, ".first-run-body").await;
    assert!(
        body.contains("Removing the Onsite package leaves your recordings and database"),
        "the guide says uninstalling keeps the data: {body}"
    );
    painted(&client).await;
    shot(&client, "first-run-2-privacy").await;

    // ---- Device check: the synthetic camera, the real microphone and model ----
    click_button(&client, "Next: Camera and microphone").await;
    wait_for(&client, "figure.camera-preview canvas:not(.idle)", WAIT).await;
    wait_for(
        &client,
        "[data-testid=model-status][data-state=ready]",
        MODEL_WAIT,
    )
    .await;
    let started = Instant::now();
    let heard = mic_test(&client, &pulse_server).await;
    eprintln!(
        "FIGURE first-run microphone test: recorded + transcribed in {} ms; heard {heard:?}",
        started.elapsed().as_millis()
    );
    let words: String = heard
        .to_lowercase()
        .chars()
        .filter(|c| c.is_alphanumeric() || c.is_whitespace())
        .collect();
    assert!(
        words.contains("fellow americans"),
        "the guide's test shows what was said: {heard:?}"
    );
    painted(&client).await;
    shot(&client, "first-run-3-devices").await;

    // ---- First session: the home screen's start form, quick practice chosen ----
    click_button(&client, "Next: First session").await;
    let quick = wait_for(&client, "input[name=plan][value='quick-15']", WAIT).await;
    assert!(
        quick.is_selected().await.unwrap(),
        "quick practice is the default"
    );
    client
        .find(Locator::XPath(
            "//button[normalize-space()='Start a practice session' and not(@disabled)]",
        ))
        .await
        .expect("the start button");
    painted(&client).await;
    shot(&client, "first-run-4-start").await;

    click_button(&client, "Finish without starting").await;
    wait_for(&client, HOME, WAIT).await;
    let errors = console_errors(&client).await;
    assert!(errors.is_empty(), "console errors: {errors:?}");
}

/// Runs the guide's 5-second test while jfk.wav plays into the microphone ("And so my fellow
/// Americans, ask not…": its first five seconds) and returns the transcript. On a heavily loaded
/// machine the PulseAudio source can stall past the app's 2 s no-sound limit; the app then says
/// so and offers the test again, and so does this test, once, as a user would.
async fn mic_test(client: &Client, pulse_server: &str) -> String {
    for attempt in 1..=2 {
        click_button(client, "Say something (5 s test)").await;
        let mut player = play_into(pulse_server, &jfk_wav());
        let outcome = wait_for(
            client,
            "[data-testid=mic-test-transcript], [data-testid=mic-test-result] [role=alert]",
            MODEL_WAIT,
        )
        .await;
        let _ = player.kill();
        let _ = player.wait();
        let text = outcome.text().await.unwrap();
        if outcome.attr("data-testid").await.unwrap().as_deref() == Some("mic-test-transcript") {
            return text;
        }
        eprintln!("NOTE first-run microphone test attempt {attempt} failed: {text}");
    }
    panic!("the microphone test failed twice: see the failure screenshot");
}

async fn restarted(client: Client) {
    let _ = client.set_window_size(1024, 640).await;
    // What the app shows first: home, since the guide was finished.
    let skipped = skip_first_run(&client).await.expect("a first screen");
    assert!(!skipped, "the guide showed again after it was finished");
    watch_console(&client).await;

    click_button(&client, "Settings").await;
    let again = client
        .wait()
        .at_most(WAIT)
        .for_element(Locator::XPath(
            "//button[normalize-space()='Show the welcome guide again']",
        ))
        .await
        .expect("Settings offers the guide again");
    let _ = client
        .execute(
            "arguments[0].scrollIntoView({block: 'center'})",
            vec![serde_json::to_value(&again).unwrap()],
        )
        .await;
    painted(&client).await;
    shot(&client, "first-run-settings").await;
    again.click().await.unwrap();
    wait_for(&client, FIRST_RUN, WAIT).await;
    assert_eq!(step(&client).await, "about");
    painted(&client).await;
    shot(&client, "first-run-reopened").await;

    assert!(skip_first_run(&client).await.expect("skip to home"));
    let errors = console_errors(&client).await;
    assert!(errors.is_empty(), "console errors: {errors:?}");
}

async fn step(client: &Client) -> String {
    wait_for(client, FIRST_RUN, WAIT)
        .await
        .attr("data-step")
        .await
        .unwrap()
        .unwrap_or_default()
}

async fn wait_for(client: &Client, css: &str, within: Duration) -> fantoccini::elements::Element {
    client
        .wait()
        .at_most(within)
        .for_element(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("no {css} within {within:?}: {e}"))
}

async fn text(client: &Client, css: &str) -> String {
    wait_for(client, css, WAIT).await.text().await.unwrap()
}

async fn click_button(client: &Client, label: &str) {
    client
        .wait()
        .at_most(WAIT)
        .for_element(Locator::XPath(&format!(
            "//button[normalize-space()=\"{label}\" and not(@disabled)]"
        )))
        .await
        .unwrap_or_else(|e| panic!("no button {label:?}: {e}"))
        .click()
        .await
        .unwrap();
}

/// Lets the page paint before a screenshot (WebDriver reads the DOM; the screenshot shows the
/// last painted frame).
async fn painted(client: &Client) {
    let _ = client
        .execute_async(
            "const done = arguments[arguments.length - 1];
             requestAnimationFrame(() => requestAnimationFrame(() => done(true)));",
            vec![],
        )
        .await;
}
