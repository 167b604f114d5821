//! One test in the app's window, from start to clean-up: the steps every end-to-end test takes
//! around its own checks.

use std::future::Future;
use std::time::Instant;

use fantoccini::Client;

use crate::page::shot;
use crate::{artifacts_dir, App, Driver};

/// The screen the window is handed to the checks on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Opens {
    /// Home: a fresh data folder's first-run guide is skipped, as a user would.
    Home,
    /// Whatever the app shows first (the first-run guide on a fresh data folder).
    FirstScreen,
}

/// When the window's screenshot is saved to `tests/artifacts/<name>.png`.
#[derive(Debug, Clone, Copy)]
pub enum Shot<'a> {
    /// Only when the checks fail, to show where they stopped.
    OnFailure(&'a str),
    /// Always, after the checks (and it must be a PNG).
    Always(&'a str),
}

/// Starts tauri-driver for `app`, launches its binary and opens its window at `opens`,
/// runs `checks` on it as their own task (given the window and the moment the app was
/// launched), then, whatever the checks did, saves the screenshot `shot` asks for, closes the
/// window and stops the driver. A failed check fails the test with its own message.
pub async fn in_app<F, Fut>(app: &App, opens: Opens, shot_when: Shot<'_>, checks: F)
where
    F: FnOnce(Client, Instant) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    let driver = Driver::start(app).unwrap_or_else(|e| panic!("{e} [{}]", e.code()));
    let launched = Instant::now();
    let opened = match opens {
        Opens::Home => driver.open(&app.binary).await,
        Opens::FirstScreen => driver.open_at_first_screen(&app.binary).await,
    };
    let client = opened.unwrap_or_else(|e| panic!("{e} [{}]", e.code()));

    // The checks run as their own task so that, if one fails, the screenshot is still taken
    // and the window still closed.
    let run = tokio::spawn(checks(client.clone(), launched)).await;

    let always = match shot_when {
        Shot::OnFailure(name) => {
            if run.is_err() {
                shot(&client, name).await;
            }
            None
        }
        Shot::Always(name) => Some((name, client.screenshot().await)),
    };
    let _ = client.close().await;
    drop(driver);
    if let Some((name, png)) = always {
        let png = png.unwrap_or_else(|e| panic!("no screenshot {name}: {e}"));
        assert!(png.starts_with(b"\x89PNG"), "the screenshot is a PNG");
        std::fs::create_dir_all(artifacts_dir()).expect("create tests/artifacts");
        let path = artifacts_dir().join(format!("{name}.png"));
        std::fs::write(&path, &png).expect("write the screenshot");
        eprintln!("screenshot: {}", path.display());
    }
    if let Err(failed) = run {
        std::panic::resume_unwind(failed.into_panic());
    }
}
