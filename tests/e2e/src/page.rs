//! In-page helpers every end-to-end test uses: watching the console for errors, saving
//! screenshots to `tests/artifacts/` (to be looked at, not only asserted on), and getting past
//! the first-run guide a fresh data folder opens on.
//!
//! They panic with a message on a WebDriver failure: they only run inside tests, where a panic
//! is the test failing. (`skip_first_run` returns its error instead: `Driver::open` reports it.)

use std::time::Duration;

use fantoccini::error::CmdError;
use fantoccini::{Client, Locator};
use serde_json::Value;

use crate::artifacts_dir;

/// Records `console.error`, uncaught errors and unhandled rejections into `window.__errors`.
pub async fn watch_console(client: &Client) {
    client
        .execute(
            "window.__errors = [];
             const original = console.error.bind(console);
             console.error = (...args) => { window.__errors.push(args.map(String).join(' ')); original(...args); };
             window.addEventListener('error', (e) => window.__errors.push(String(e.message)));
             window.addEventListener('unhandledrejection', (e) => window.__errors.push(String(e.reason)));",
            vec![],
        )
        .await
        .expect("the page runs scripts");
}

/// What [`watch_console`] has seen so far.
pub async fn console_errors(client: &Client) -> Vec<Value> {
    match client
        .execute("return window.__errors || []", vec![])
        .await
        .expect("the page runs scripts")
    {
        Value::Array(errors) => errors,
        other => vec![other],
    }
}

/// Saves the window as `tests/artifacts/<name>.png`; a failed screenshot is reported, not fatal,
/// so that a failing test still shows its own assertion.
pub async fn shot(client: &Client, name: &str) {
    let Ok(png) = client.screenshot().await else {
        eprintln!("no screenshot {name}");
        return;
    };
    let dir = artifacts_dir();
    let path = dir.join(format!("{name}.png"));
    match std::fs::create_dir_all(&dir).and_then(|()| std::fs::write(&path, png)) {
        Ok(()) => eprintln!("screenshot: {}", path.display()),
        Err(e) => eprintln!("could not save screenshot {}: {e}", path.display()),
    }
}

/// How long the app may take to draw its first screen (a debug build on a loaded machine).
const FIRST_SCREEN_WAIT: Duration = Duration::from_secs(60);

/// The first-run guide's root and the home screen's: one of them is the first screen.
pub const FIRST_RUN: &str = "[data-testid=first-run]";
pub const HOME: &str = "main.home-grid";

/// Waits for the first screen; if it is the first-run guide, clicks "Skip guide" and waits for
/// home. Returns whether the guide was there.
pub async fn skip_first_run(client: &Client) -> Result<bool, CmdError> {
    let first = client
        .wait()
        .at_most(FIRST_SCREEN_WAIT)
        .for_element(Locator::Css(&format!("{FIRST_RUN}, {HOME}")))
        .await?;
    if first.attr("data-testid").await?.as_deref() != Some("first-run") {
        return Ok(false);
    }
    first
        .find(Locator::XPath(".//button[normalize-space()='Skip guide']"))
        .await?
        .click()
        .await?;
    client
        .wait()
        .at_most(FIRST_SCREEN_WAIT)
        .for_element(Locator::Css(HOME))
        .await?;
    Ok(true)
}

/// The text of the first element matching `css`, once it appears within `within`.
pub async fn wait_text(client: &Client, css: &str, within: Duration) -> String {
    client
        .wait()
        .at_most(within)
        .for_element(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("no element {css}: {e}"))
        .text()
        .await
        .unwrap_or_else(|e| panic!("no text for {css}: {e}"))
}
