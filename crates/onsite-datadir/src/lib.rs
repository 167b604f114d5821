//! Where Onsite keeps a candidate's data, and nothing else.
//!
//! One folder holds everything Onsite writes: `onsite.db`, `media/<session>/<take>.mp4`,
//! `models/`, `rubrics/`, `questions/` and `logs/`. This crate resolves that folder (an explicit
//! `--data-dir`, or the OS app-data folder), creates it private to the user (0700), and names
//! its parts so that no other crate builds these paths by hand. It also sets up logging, since
//! the log file is one of those parts. It knows nothing about what the files contain.

mod layout;
pub mod logging;

pub use layout::{DataDir, DataDirError};
