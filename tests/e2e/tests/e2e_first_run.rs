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
use std::time::Instant;

use fantoccini::{Client, Locator};
use onsite_e2e::page::{
    click, click_button, console_errors, find, painted, shot, skip_first_run, wait_text,
    wait_text_attr, wait_with, watch_console, Label, FIRST_RUN, HOME, MODEL_WAIT, WAIT,
};
use onsite_e2e::pulse::{play_into, Pulse};
use onsite_e2e::{in_app, App, Opens, Shot};
use onsite_testkit::jfk_wav;

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
    let (data_dir, server) = (app.data_dir.clone(), pulse.server.clone());
    let failure = Shot::OnFailure("first-run-failure");
    in_app(&app, Opens::FirstScreen, failure, |client, _| {
        guide(client, data_dir, server)
    })
    .await;

    // Second start on the same data folder: home, and the guide again from Settings.
    let failure = Shot::OnFailure("first-run-restart-failure");
    in_app(&app, Opens::FirstScreen, failure, |client, _| {
        restarted(client)
    })
    .await;
    drop(pulse);
}

async fn guide(client: Client, data_dir: PathBuf, pulse_server: String) {
    // The smallest window the app supports: every screenshot shows that size.
    let _ = client.set_window_size(1024, 640).await;
    find(&client, Locator::Css(FIRST_RUN), WAIT).await;
    watch_console(&client).await;
    assert_eq!(
        wait_text(&client, "[data-testid=first-run] h1", WAIT).await,
        "Welcome to Onsite"
    );
    assert_eq!(step(&client).await, "about");
    assert!(
        wait_text(&client, FIRST_RUN, WAIT)
            .await
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
    click_button(&client, Label::Is("Next: Your data"), WAIT).await;
    let places = wait_text(&client, "[data-testid=privacy-places]", WAIT).await;
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
    let body = wait_text(&client, ".first-run-body", WAIT).await;
    assert!(
        body.contains("Removing the Onsite package leaves your recordings and database"),
        "the guide says uninstalling keeps the data: {body}"
    );
    painted(&client).await;
    shot(&client, "first-run-2-privacy").await;

    // ---- Device check: the synthetic camera, the real microphone and model ----
    click_button(&client, Label::Is("Next: Camera and microphone"), WAIT).await;
    find(
        &client,
        Locator::Css("figure.camera-preview canvas:not(.idle)"),
        WAIT,
    )
    .await;
    find(
        &client,
        Locator::Css("[data-testid=model-status][data-state=ready]"),
        MODEL_WAIT,
    )
    .await;
    let started = Instant::now();
    let heard = mic_test(&client, &pulse_server).await;
    eprintln!(
        "FIGURE first-run microphone test: recorded + transcribed in {} ms; heard {heard:?}",
        started.elapsed().as_millis()
    );
    // The test records a 5-second window of an 11-second clip, and on a loaded machine the
    // recorder opens a second or two after the player starts: which part of the sentence lands
    // in the window varies. What must hold is that the guide shows a run of what was said.
    let (said, total) = words_of_jfk(&heard);
    assert!(
        said >= 5 && said + 1 >= total,
        "the guide's test shows what was said ({said} of {total} words from the clip): {heard:?}"
    );
    painted(&client).await;
    shot(&client, "first-run-3-devices").await;

    // ---- First session: the home screen's start form, quick practice chosen ----
    click_button(&client, Label::Is("Next: First session"), WAIT).await;
    let quick = wait_with(
        &client,
        Locator::Css("input[name=plan][value='quick-15']"),
        WAIT,
        |e| async move { e.is_selected().await },
    )
    .await;
    assert!(quick, "quick practice is the default");
    find(
        &client,
        Locator::XPath("//button[normalize-space()='Start a practice session' and not(@disabled)]"),
        WAIT,
    )
    .await;
    painted(&client).await;
    shot(&client, "first-run-4-start").await;

    click_button(&client, Label::Is("Finish without starting"), WAIT).await;
    find(&client, Locator::Css(HOME), WAIT).await;
    let errors = console_errors(&client).await;
    assert!(errors.is_empty(), "console errors: {errors:?}");
}

/// Runs the guide's 5-second test while jfk.wav plays into the microphone ("And so my fellow
/// Americans, ask not…": its first five seconds) and returns the transcript. On a heavily loaded
/// machine the PulseAudio source can stall past the app's 2 s no-sound limit; the app then says
/// so and offers the test again, and so does this test, once, as a user would.
async fn mic_test(client: &Client, pulse_server: &str) -> String {
    for attempt in 1..=2 {
        click_button(client, Label::Is("Say something (5 s test)"), WAIT).await;
        let mut player = play_into(pulse_server, &jfk_wav());
        let (text, testid) = wait_text_attr(
            client,
            "[data-testid=mic-test-transcript], [data-testid=mic-test-result] [role=alert]",
            "data-testid",
            MODEL_WAIT,
        )
        .await;
        let _ = player.kill();
        let _ = player.wait();
        if testid.as_deref() == Some("mic-test-transcript") {
            return text;
        }
        eprintln!("NOTE first-run microphone test attempt {attempt} failed: {text}");
    }
    panic!("the microphone test failed twice: see the failure screenshot");
}

/// How many of `heard`'s words are words of jfk.wav's sentence, and how many words it has.
fn words_of_jfk(heard: &str) -> (usize, usize) {
    const SAID: &str = "and so my fellow americans ask not what your country can do for you \
                        ask what you can do for your country";
    let said: Vec<&str> = SAID.split_whitespace().collect();
    let lower = heard.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let known = words.iter().filter(|w| said.contains(w)).count();
    (known, words.len())
}

async fn restarted(client: Client) {
    let _ = client.set_window_size(1024, 640).await;
    // What the app shows first: home, since the guide was finished.
    let skipped = skip_first_run(&client).await.expect("a first screen");
    assert!(!skipped, "the guide showed again after it was finished");
    watch_console(&client).await;

    click_button(&client, Label::Is("Settings"), WAIT).await;
    let again = Locator::XPath("//button[normalize-space()='Show the welcome guide again']");
    wait_with(&client, again, WAIT, |e| {
        let client = client.clone();
        async move {
            client
                .execute(
                    "arguments[0].scrollIntoView({block: 'center'})",
                    vec![serde_json::to_value(&e)?],
                )
                .await
        }
    })
    .await;
    painted(&client).await;
    shot(&client, "first-run-settings").await;
    click(&client, again, WAIT).await;
    find(&client, Locator::Css(FIRST_RUN), WAIT).await;
    assert_eq!(step(&client).await, "about");
    painted(&client).await;
    shot(&client, "first-run-reopened").await;

    assert!(skip_first_run(&client).await.expect("skip to home"));
    let errors = console_errors(&client).await;
    assert!(errors.is_empty(), "console errors: {errors:?}");
}

async fn step(client: &Client) -> String {
    wait_with(client, Locator::Css(FIRST_RUN), WAIT, |e| async move {
        e.attr("data-step").await
    })
    .await
    .unwrap_or_default()
}
