//! Pure video processing: pixel formats, the synthetic test pattern, H.264 encoding.

pub mod frame;
pub mod h264;
pub mod pattern;
