//! In-page helpers every end-to-end test uses: watching the console for errors, saving
//! screenshots to `tests/artifacts/` (to be looked at, not only asserted on), and getting past
//! the first-run guide a fresh data folder opens on.
//!
//! They panic with a message on a WebDriver failure: they only run inside tests, where a panic
//! is the test failing. (`skip_first_run` returns its error instead: `Driver::open` reports it.)

use std::future::Future;
use std::time::{Duration, Instant};

use fantoccini::elements::Element;
use fantoccini::error::{CmdError, ErrorStatus};
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

/// How long a screen may take to show what a step waits for (a debug build on a loaded machine).
pub const WAIT: Duration = Duration::from_secs(30);

/// How long the speech model may take to load in the background, or an answer to be transcribed.
pub const MODEL_WAIT: Duration = Duration::from_secs(90);

/// How long the app may take to draw its first screen (a debug build on a loaded machine).
pub const FIRST_SCREEN_WAIT: Duration = Duration::from_secs(60);

/// The first-run guide's root and the home screen's: one of them is the first screen.
pub const FIRST_RUN: &str = "[data-testid=first-run]";
pub const HOME: &str = "main.home-grid";

/// Waits for the first screen; if it is the first-run guide, clicks "Skip guide" and waits for
/// home. Returns whether the guide was there.
pub async fn skip_first_run(client: &Client) -> Result<bool, CmdError> {
    let first = format!("{FIRST_RUN}, {HOME}");
    let guide = try_wait(
        client,
        Locator::Css(&first),
        FIRST_SCREEN_WAIT,
        transient,
        |e| async move { Ok(e.attr("data-testid").await?.as_deref() == Some("first-run")) },
    )
    .await?;
    if !guide {
        return Ok(false);
    }
    try_wait(
        client,
        Locator::XPath("//*[@data-testid='first-run']//button[normalize-space()='Skip guide']"),
        FIRST_SCREEN_WAIT,
        transient_click,
        |e| async move { e.click().await },
    )
    .await?;
    try_wait(
        client,
        Locator::Css(HOME),
        FIRST_SCREEN_WAIT,
        transient,
        |e| async move { Ok(e) },
    )
    .await?;
    Ok(true)
}

/// Lets the page paint before a screenshot (WebDriver reads the DOM; the screenshot shows the
/// last painted frame).
pub async fn painted(client: &Client) {
    let _ = client
        .execute_async(
            "const done = arguments[arguments.length - 1];
             requestAnimationFrame(() => requestAnimationFrame(() => done(true)));",
            vec![],
        )
        .await;
}

/// Errors WebKitWebDriver gives while React replaces the element being found or read: not yet
/// there, replaced since it was found ("stale element reference"), or replaced during the find
/// itself, which WebKitWebDriver reports as an unknown error, "Could not parse element info".
/// fantoccini's own wait gives up on all but the first, so a re-render at the wrong moment failed
/// a test (CI, stop 14); these helpers retry them until their deadline instead.
fn transient(e: &CmdError) -> bool {
    matches!(
        e,
        CmdError::Standard(w) if matches!(
            w.error,
            ErrorStatus::NoSuchElement | ErrorStatus::StaleElementReference | ErrorStatus::UnknownError
        )
    )
}

/// A click also waits out a button still covered by a closing overlay or not yet laid out.
fn transient_click(e: &CmdError) -> bool {
    transient(e)
        || matches!(
            e,
            CmdError::Standard(w) if matches!(
                w.error,
                ErrorStatus::ElementClickIntercepted | ErrorStatus::ElementNotInteractable
            )
        )
}

/// How often the helpers look again.
const POLL: Duration = Duration::from_millis(100);

/// Finds the first element matching `locator` and runs `then` on it, both retried while they fail
/// with an error `retry` accepts, for at most `within`; then the last error.
async fn try_wait<T, F, Fut>(
    client: &Client,
    locator: Locator<'_>,
    within: Duration,
    retry: fn(&CmdError) -> bool,
    mut then: F,
) -> Result<T, CmdError>
where
    F: FnMut(Element) -> Fut,
    Fut: Future<Output = Result<T, CmdError>>,
{
    let deadline = Instant::now() + within;
    let mut noted = 0;
    loop {
        let asked = Instant::now();
        let error = match client.find(locator).await {
            Ok(element) => match then(element).await {
                Ok(value) => return Ok(value),
                Err(e) => e,
            },
            Err(e) => e,
        };
        // Anything but "not there yet" is unusual: say so in the log (a few times), with how
        // long the driver took to answer, so a failure shows whether the page hung.
        if !error.is_no_such_element() && noted < 3 {
            noted += 1;
            eprintln!(
                "NOTE {locator:?}: {error} (answered in {} ms); retrying",
                asked.elapsed().as_millis()
            );
        }
        if !retry(&error) || Instant::now() >= deadline {
            return Err(error);
        }
        tokio::time::sleep(POLL).await;
    }
}

/// [`try_wait`], panicking with the locator and the last error: these helpers run inside tests,
/// where a panic is the test failing.
async fn wait_then<T, F, Fut>(
    client: &Client,
    locator: Locator<'_>,
    within: Duration,
    retry: fn(&CmdError) -> bool,
    then: F,
) -> T
where
    F: FnMut(Element) -> Fut,
    Fut: Future<Output = Result<T, CmdError>>,
{
    try_wait(client, locator, within, retry, then)
        .await
        .unwrap_or_else(|e| panic!("no {locator:?} within {within:?}: {e}"))
}

/// Finds the first element matching `locator` and reads it with `then`, both retried while the
/// page re-renders, for at most `within`: a read from an element found a moment earlier can meet
/// a replaced element, so a find and what is done with it belong in one retry.
pub async fn wait_with<T, F, Fut>(
    client: &Client,
    locator: Locator<'_>,
    within: Duration,
    then: F,
) -> T
where
    F: FnMut(Element) -> Fut,
    Fut: Future<Output = Result<T, CmdError>>,
{
    wait_then(client, locator, within, transient, then).await
}

/// The first element matching `locator`, once it appears within `within`.
pub async fn find(client: &Client, locator: Locator<'_>, within: Duration) -> Element {
    wait_then(client, locator, within, transient, |e| async move { Ok(e) }).await
}

/// The text of the first element matching `css`, once it appears within `within`.
pub async fn wait_text(client: &Client, css: &str, within: Duration) -> String {
    wait_then(
        client,
        Locator::Css(css),
        within,
        transient,
        |e| async move { e.text().await },
    )
    .await
}

/// The text and one attribute of the first element matching `css`, read from the same element.
pub async fn wait_text_attr(
    client: &Client,
    css: &str,
    name: &str,
    within: Duration,
) -> (String, Option<String>) {
    wait_then(
        client,
        Locator::Css(css),
        within,
        transient,
        |e| async move { Ok((e.text().await?, e.attr(name).await?)) },
    )
    .await
}

/// Clicks the first element matching `locator` once it can be clicked, within `within`, as a user
/// would: scrolled to the middle of the window first, clear of the sticky nav bar.
pub async fn click(client: &Client, locator: Locator<'_>, within: Duration) {
    wait_then(client, locator, within, transient_click, |e| {
        let client = client.clone();
        async move {
            client
                .execute(
                    "arguments[0].scrollIntoView({ block: 'center' });",
                    vec![serde_json::to_value(&e)?],
                )
                .await?;
            e.click().await
        }
    })
    .await;
}

/// The text of every element matching `css`, read in one script: no element references to go
/// stale between them. (An SVG element has no rendered text, `innerText`: its `textContent`.)
pub async fn texts(client: &Client, css: &str) -> Vec<String> {
    let value = client
        .execute(
            "return [...document.querySelectorAll(arguments[0])]
               .map((e) => (e.innerText ?? e.textContent ?? '').trim());",
            vec![css.into()],
        )
        .await
        .unwrap_or_else(|e| panic!("texts of {css}: {e}"));
    match value {
        Value::Array(all) => all
            .into_iter()
            .map(|v| v.as_str().unwrap_or_default().to_owned())
            .collect(),
        other => panic!("texts of {css}: {other}"),
    }
}

/// How a button's label is matched by [`click_button`].
#[derive(Clone, Copy, Debug)]
pub enum Label<'a> {
    /// The label is exactly this text (white space normalised).
    Is(&'a str),
    /// The label starts with this text: buttons whose label ends in a count or a key hint.
    StartsWith(&'a str),
}

/// Clicks the enabled button with this label, once there is one within `within`.
pub async fn click_button(client: &Client, label: Label<'_>, within: Duration) {
    let xpath = match label {
        Label::Is(text) => format!(
            "//button[normalize-space()={} and not(@disabled)]",
            xpath_string(text)
        ),
        Label::StartsWith(text) => format!(
            "//button[starts-with(normalize-space(), {}) and not(@disabled)]",
            xpath_string(text)
        ),
    };
    click(client, Locator::XPath(&xpath), within).await;
}

/// `text` as an XPath 1.0 string literal (which has no escapes: a label with both kinds of quote
/// is joined with concat()).
fn xpath_string(text: &str) -> String {
    if !text.contains('"') {
        format!("\"{text}\"")
    } else if !text.contains('\'') {
        format!("'{text}'")
    } else {
        let parts: Vec<String> = text.split('"').map(|p| format!("\"{p}\"")).collect();
        format!("concat({})", parts.join(", '\"', "))
    }
}

/// Waits until nothing matches `css`, for at most `within`. Only "no such element" means gone: a
/// find that fails while the page re-renders is asked again.
pub async fn wait_gone(client: &Client, css: &str, within: Duration) {
    let deadline = Instant::now() + within;
    loop {
        match client.find(Locator::Css(css)).await {
            Err(e) if e.is_no_such_element() => return,
            Err(e) if !transient(&e) => panic!("{css}: {e}"),
            _ => {}
        }
        assert!(
            Instant::now() < deadline,
            "{css} is still shown after {within:?}"
        );
        tokio::time::sleep(POLL).await;
    }
}

#[cfg(test)]
mod tests {
    use super::xpath_string;

    #[test]
    fn labels_become_xpath_literals_whatever_quotes_they_hold() {
        assert_eq!(xpath_string("Skip guide"), "\"Skip guide\"");
        assert_eq!(xpath_string("Say \"hi\""), "'Say \"hi\"'");
        assert_eq!(
            xpath_string("It's \"done\""),
            "concat(\"It's \", '\"', \"done\", '\"', \"\")"
        );
    }
}
