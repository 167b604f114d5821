//! The take's file format: fragmented MP4 (init segment, then one moof+mdat per ~1 s).
//!
//! [`writer`] appends fragments and syncs each to disk; [`finalize`] sets the durations muxide
//! leaves at zero (also for a take left behind by a crash, after trimming a torn last
//! fragment); [`boxes`] is the small ISO-BMFF reader both use.

pub mod boxes;
pub mod finalize;
pub mod writer;

/// Bytes of a `mehd` box (version 1: 64-bit duration). The writer reserves this much as a
/// `free` box inside `mvex` so finalizing can swap in `mehd` without moving any data.
pub(crate) const MEHD_SIZE: usize = 20;
