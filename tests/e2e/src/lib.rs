//! Harness for Onsite's end-to-end tests: starts `tauri-driver` (which drives WebKitGTK's
//! `WebKitWebDriver`, which starts the real app binary) and hands the tests a WebDriver session.
//!
//! Boundaries: this crate only launches and drives the built app; it never links the app or the
//! engine crates. It needs an X display (run under `xvfb-run`), the debug app binary built with
//! its UI embedded (`make app`) and `tauri-driver` (`scripts/setup` installs it).

pub mod board;
mod driver;
pub mod page;
mod paths;
mod window;

pub use driver::{App, Driver, E2eError};
pub use onsite_testkit::{pulse, Pulse};
pub use paths::{app_binary, artifacts_dir, cli_binary, repo_root};
pub use window::{in_app, Opens, Shot};
