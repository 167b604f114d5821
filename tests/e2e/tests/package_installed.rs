//! The INSTALLED desktop app (from the .deb, not the build tree) opens on a fresh data folder
//! with the first-run guide, and finds the default model the package put in
//! /usr/share/onsite/models.
//!
//! Run by `tests/package/install-test` (`make test-package`) after it installs the package,
//! inside a network namespace that has only loopback (tauri-driver speaks WebDriver over it) and
//! with the repository's `models/` folder hidden, so the model can only come from the package.
//! Deliberately not an `e2e_*` target: `make test-e2e` runs those against the build tree, where
//! no package is installed.

#![allow(clippy::unwrap_used)] // a test harness: a failed unwrap is a failed test, with its message

use std::path::PathBuf;

use fantoccini::{Client, Locator};
use onsite_e2e::page::{
    console_errors, wait_with, watch_console, FIRST_RUN, FIRST_SCREEN_WAIT, WAIT,
};
use onsite_e2e::{in_app, repo_root, App, Opens, Shot};

/// Where the package installs the app (the bundler names it after the cargo binary).
const INSTALLED_APP: &str = "/usr/bin/onsite-app";
const PACKAGED_MODEL: &str = "/usr/share/onsite/models/ggml-tiny.en.bin";

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs the installed package: run tests/package/install-test (make test-package)"]
async fn installed_app_opens_on_the_first_run_guide() {
    let app_bin = std::env::var_os("ONSITE_APP_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(INSTALLED_APP));
    assert!(
        !app_bin.starts_with(repo_root()),
        "{} is in the build tree; this test is about the installed package",
        app_bin.display()
    );
    // A fresh home as well as the harness's fresh data folder: nothing from an earlier run.
    let home = tempfile::tempdir().unwrap();
    let app = App::new()
        .unwrap()
        .with_env("HOME", home.path())
        .with_binary(app_bin);
    // Not `Opens::Home`: that one skips the guide, which is what this test is about.
    let shot = Shot::Always("package-first-run");
    in_app(&app, Opens::FirstScreen, shot, |client, _| {
        check_first_run(client)
    })
    .await;
}

async fn check_first_run(client: Client) {
    // The first-run guide shows when the data folder is new, with its heading.
    let shown = |e: fantoccini::elements::Element| async move { e.is_displayed().await };
    assert!(
        wait_with(&client, Locator::Css(FIRST_RUN), FIRST_SCREEN_WAIT, shown).await,
        "the guide is visible"
    );
    watch_console(&client).await;
    let heading = Locator::XPath(
        "//*[@data-testid='first-run']//*[self::h1 or self::h2]\
         [contains(normalize-space(), 'Welcome to Onsite')]",
    );
    assert!(
        wait_with(&client, heading, WAIT, shown).await,
        "the guide's heading says 'Welcome to Onsite'"
    );

    // The app's own model list (the same command the settings screen calls): with the
    // repository hidden, the default model can only be the packaged one.
    let view = client
        .execute_async(
            "const done = arguments[0];
             window.__TAURI_INTERNALS__.invoke('models_list')
               .then(done, (e) => done({ error: JSON.stringify(e) }));",
            vec![],
        )
        .await
        .unwrap();
    assert!(view.get("error").is_none(), "models_list failed: {view}");
    let models = view["models"].as_array().expect("a model list");
    let default = models
        .iter()
        .find(|m| m["default"] == true)
        .unwrap_or_else(|| panic!("no default model; searched {}", view["searched"]));
    assert_eq!(default["path"], PACKAGED_MODEL, "default model: {default}");
    assert_eq!(
        default["valid"], true,
        "the packaged model is usable: {default}"
    );

    let errors = console_errors(&client).await;
    assert!(errors.is_empty(), "console errors: {errors:?}");

    // The guide is in the DOM within a second or so, before WebKit has painted it: let fonts
    // load and two frames draw, or the screenshot is a white page.
    client
        .execute_async(
            "const done = arguments[0];
             document.fonts.ready.then(() =>
               requestAnimationFrame(() => requestAnimationFrame(() => done(true))));",
            vec![],
        )
        .await
        .unwrap();
}
