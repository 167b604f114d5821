//! The device check (screen 2) in the real app: the synthetic test camera's preview moves, the
//! microphone level meter moves, and the 5-second "say something" test shows what the real
//! speech model heard from a real microphone path.
//!
//! The camera is the app's synthetic one (`ONSITE_TEST_DEVICES=1`). The microphone is real cpal
//! and ALSA: a private HOME whose `.asoundrc` makes the default capture device ALSA's `file`
//! plugin reading jfk.wav's "ask not what your country can do" (16 kHz S16_LE mono, the format
//! the app opens it at). The plugin is not paced: each time the app opens the device it gets the
//! clip at once, then the clip's silent tail repeated — so the meter moves when the monitor opens
//! it, and the test's recording starts with the clip.
//!
//! Prints the preview's achieved frame rate. Screenshot: tests/artifacts/device-check.png.
//! Run with `make test-e2e`.

#![allow(clippy::unwrap_used)] // a test harness: a failed unwrap is a failed test, with its message

use std::path::Path;
use std::time::{Duration, Instant};

use fantoccini::{Client, Locator};
use onsite_e2e::page::{
    click, console_errors, find, painted, shot, wait_text, watch_console, MODEL_WAIT, WAIT,
};
use onsite_e2e::{in_app, App, Opens, Shot};
use serde_json::Value;

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs the built app and an X display: run `make test-e2e`"]
async fn device_check_shows_camera_level_and_the_spoken_test() {
    let home = tempfile::tempdir().unwrap();
    file_microphone(home.path());
    let app = App::new()
        .unwrap()
        .with_env("HOME", home.path())
        .with_env("ONSITE_TEST_DEVICES", "1");
    let failure = Shot::OnFailure("device-check-failure");
    in_app(&app, Opens::Home, failure, |client, _| device_check(client)).await;
}

/// `HOME/.asoundrc`: the default capture device reads the spoken clip through the file plugin.
fn file_microphone(home: &Path) {
    let raw = home.join("mic.raw");
    // 3.2-7.0 s is "ask not what your country can do"; 3.8 s fit the app's 4 s ring buffer
    // however late it drains. Half a second of silence ends it, so what the plugin repeats
    // after the end is silence.
    let trim = ["trim", "3.2", "3.8", "pad", "0", "0.5"];
    onsite_testkit::alsa::raw_16k(&onsite_testkit::jfk_wav(), &raw, &trim);
    onsite_testkit::alsa::file_mic(home, &raw, 16000);
}

async fn device_check(client: Client) {
    let _ = client.set_window_size(1024, 640).await;
    let start =
        Locator::XPath("//button[normalize-space()='Start a practice session' and not(@disabled)]");
    find(&client, start, WAIT).await;
    watch_console(&client).await;
    // Record every level the meter shows (it updates ~10 times a second), from before the
    // device check opens the microphone.
    client
        .execute(
            "window.__peaks = [];
             new MutationObserver((changes) => {
               for (const c of changes) {
                 const v = c.target.getAttribute && c.target.getAttribute('data-peak-db');
                 if (v !== null && v !== undefined) window.__peaks.push(Number(v));
               }
             }).observe(document.body, { subtree: true, attributes: true, attributeFilter: ['data-peak-db'] });",
            vec![],
        )
        .await
        .unwrap();
    click(&client, start, WAIT).await;

    // ---- The screen ----
    find(
        &client,
        Locator::Css("main[data-screen=device-check] h1"),
        WAIT,
    )
    .await;

    // ---- Camera: a moving picture ----
    find(
        &client,
        Locator::Css("canvas[aria-label='Your camera: live picture']"),
        WAIT,
    )
    .await;
    let first = canvas_picture(&client).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let second = canvas_picture(&client).await;
    assert!(first.len() > 1000, "the canvas holds a picture");
    assert_ne!(
        first, second,
        "two preview frames 300 ms apart differ: it moves"
    );
    // Let the rate settle over a couple of seconds, then read what the component measured.
    tokio::time::sleep(Duration::from_millis(2500)).await;
    let fps: f64 = attr(&client, "figure.camera-preview", "data-fps")
        .await
        .parse()
        .unwrap();
    let seq: f64 = attr(&client, "figure.camera-preview", "data-seq")
        .await
        .parse()
        .unwrap();
    eprintln!("FIGURE camera preview in the webview: {fps:.1} fps (frame #{seq}; target >= 15)");
    assert!(fps > 5.0, "the preview animates: {fps} fps");

    // ---- Microphone: the meter moved when the monitor opened the device ----
    let peaks = wait_for_peaks(&client).await;
    let loudest = peaks.iter().copied().fold(f64::MIN, f64::max);
    eprintln!(
        "microphone meter: {} readings, loudest {loudest} dBFS",
        peaks.len()
    );
    assert!(
        loudest > -30.0,
        "the meter showed the speech (loudest {loudest} dBFS)"
    );

    // ---- Speech model ----
    find(
        &client,
        Locator::Css("[data-testid=model-status][data-state=ready]"),
        MODEL_WAIT,
    )
    .await;

    // ---- The 5-second test ----
    click(
        &client,
        Locator::XPath("//button[normalize-space()='Say something (5 s test)' and not(@disabled)]"),
        WAIT,
    )
    .await;
    let started = Instant::now();
    let heard = wait_text(&client, "[data-testid=mic-test-transcript]", MODEL_WAIT).await;
    eprintln!(
        "FIGURE microphone test: 5 s recorded + transcribed in {} ms; heard {heard:?}",
        started.elapsed().as_millis()
    );
    let words: String = heard
        .to_lowercase()
        .chars()
        .filter(|c| c.is_alphanumeric() || c.is_whitespace())
        .collect();
    assert!(
        words.contains("ask not what your country"),
        "the test shows what was said: {heard:?}"
    );

    painted(&client).await;
    shot(&client, "device-check").await;
    let errors = console_errors(&client).await;
    assert!(errors.is_empty(), "console errors: {errors:?}");
}

/// The preview canvas as a PNG data URL.
async fn canvas_picture(client: &Client) -> String {
    client
        .execute(
            "return document.querySelector('figure.camera-preview canvas').toDataURL('image/png')",
            vec![],
        )
        .await
        .unwrap()
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

/// An attribute read in the page itself: WebKitWebDriver once answered a find for an element
/// the page was re-rendering with "Could not parse element info", and a script has no element
/// reference to go stale.
async fn attr(client: &Client, css: &str, name: &str) -> String {
    let value = client
        .execute(
            "const el = document.querySelector(arguments[0]);
             return el === null ? null : el.getAttribute(arguments[1]);",
            vec![css.into(), name.into()],
        )
        .await
        .unwrap();
    match value {
        serde_json::Value::String(v) => v,
        serde_json::Value::Null => panic!("no {css}, or it has no {name}"),
        other => panic!("{css} {name}: {other}"),
    }
}

async fn wait_for_peaks(client: &Client) -> Vec<f64> {
    let deadline = Instant::now() + WAIT;
    loop {
        let peaks: Vec<f64> = match client.execute("return window.__peaks", vec![]).await {
            Ok(Value::Array(v)) => v.iter().filter_map(Value::as_f64).collect(),
            _ => Vec::new(),
        };
        if peaks.iter().any(|&p| p > -30.0) || Instant::now() > deadline {
            return peaks;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}
