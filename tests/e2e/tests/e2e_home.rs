//! The app starts in a real window and shows the home screen.
//!
//! Run with `make test-e2e` (builds the app, runs the `e2e_*` tests under xvfb-run with --ignored).

#![allow(clippy::unwrap_used)] // a test harness: a failed unwrap is a failed test, with its message

use std::io::Write;
use std::net::{Ipv4Addr, TcpListener};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use fantoccini::{Client, Locator};
use onsite_e2e::page::{wait_text, wait_with, WAIT};
use onsite_e2e::{in_app, App, Opens, Shot};

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs the built app and an X display: run `make test-e2e`"]
async fn home_screen_opens_in_a_real_window() {
    let app = App::new().unwrap();
    let data_dir = app.data_dir.clone();
    in_app(&app, Opens::Home, Shot::Always("home"), |client, _| {
        check_home_screen(client, data_dir)
    })
    .await;
}

async fn check_home_screen(client: Client, data_dir: PathBuf) {
    assert_eq!(wait_text(&client, "h1", WAIT).await, "Onsite");
    assert_eq!(client.title().await.unwrap(), "Onsite");

    let start = Locator::XPath("//button[normalize-space()='Start a practice session']");
    assert!(
        wait_with(
            &client,
            start,
            WAIT,
            |e| async move { e.is_displayed().await }
        )
        .await,
        "the start button is visible"
    );

    assert_eq!(
        wait_text(&client, "#recent-heading", WAIT).await,
        "Recent sessions"
    );
    let recent = wait_text(
        &client,
        "section[aria-labelledby=recent-heading] .empty",
        WAIT,
    )
    .await;
    assert!(recent.starts_with("None yet"), "recent sessions: {recent}");

    // The footer's data folder comes from the app_info command: this crosses the real IPC
    // bridge (and its capability check) to the shell and the data-dir crate.
    let shown = wait_text(&client, "[data-testid=data-dir]", WAIT).await;
    assert_eq!(shown, data_dir.display().to_string());
    let logs: Vec<_> = std::fs::read_dir(data_dir.join("logs"))
        .expect("the app created its data folder layout")
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().starts_with("onsite.log"))
        .collect();
    assert!(!logs.is_empty(), "the app logs into its data folder");

    assert_csp_blocks_network(&client).await;
}

/// The page may not open a connection anywhere, not even to this machine: the CSP's
/// connect-src allows Tauri's IPC only. A local server answers any request it gets, so a CSP
/// that let the request through fails here at once with "connected".
async fn assert_csp_blocks_network(client: &Client) {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).unwrap();
    let url = format!(
        "http://127.0.0.1:{}/",
        listener.local_addr().unwrap().port()
    );
    let contacted = Arc::new(AtomicBool::new(false));
    let flag = Arc::clone(&contacted);
    std::thread::spawn(move || {
        for mut stream in listener.incoming().flatten() {
            flag.store(true, Ordering::SeqCst);
            let _ = stream.write_all(
                b"HTTP/1.1 204 No Content\r\nAccess-Control-Allow-Origin: *\r\nConnection: close\r\n\r\n",
            );
        }
    });
    let outcome = client
        .execute_async(
            "const [url, done] = arguments;
             fetch(url).then(() => done('connected'), (e) => done('blocked: ' + e));",
            vec![serde_json::json!(url)],
        )
        .await
        .unwrap();
    let outcome = outcome.as_str().unwrap_or_default().to_owned();
    assert!(outcome.starts_with("blocked"), "fetch to {url}: {outcome}");
    assert!(
        !contacted.load(Ordering::SeqCst),
        "the page reached a local server despite the CSP"
    );
}
