//! On-device speech for Onsite: audio files and live audio in, a timed [`Transcript`] out.
//!
//! - [`audio`]: decode any WAV (hound) or other format (symphonia), downmix, resample (rubato)
//!   to 16 kHz mono, a bounded chunk at a time.
//! - [`vad`]: energy voice activity detection with an adaptive noise floor; speech spans and the
//!   pauses between them (pauses come from here, never from Whisper's timestamps).
//! - [`utterance`]: cuts a stream into utterances at pauses.
//! - [`whisper`]: the model (loaded once) and a transcriber producing timed words.
//! - [`stream`]: the streaming pipeline on its own threads; [`transcribe_file`] runs a file
//!   through the same pipeline.
//! - [`vocab`]: the technical lexicon (data) and the per-answer Whisper prompt built from it,
//!   with the guard that keeps the prompt's words out of transcripts when they were not said.
//!
//! - [`eval`], [`synth`]: word error rate, the labelled vocabulary set and term recall, and
//!   espeak-ng and flite speech, for tests and benchmarks.
//!
//! Boundaries: no devices (capture feeds us chunks), no model import or registry
//! (`onsite-models`), no scoring, no storage, no async runtime. Everything here is blocking and
//! runs on threads it owns.

pub mod audio;
pub mod correct;
pub mod error;
pub mod eval;
mod resample;
pub mod stream;
pub mod synth;
pub mod utterance;
pub mod vad;
pub mod vocab;
pub mod whisper;

use std::path::Path;
use std::sync::Arc;

pub use error::SpeechError;
pub use onsite_transcript::{Segment, Span, Transcript, Word};
pub use stream::{AudioSender, Stream, StreamConfig, StreamEvent, StreamStats};
pub use whisper::{DecodeOptions, Model, Transcriber};

/// Whisper's sample rate; everything in this crate past decoding is 16 kHz mono `f32`.
pub const SAMPLE_RATE: u32 = 16_000;

/// Transcribes a file through the streaming pipeline with file settings: decoded, cut and
/// transcribed incrementally, so memory does not grow with the file's length.
pub fn transcribe_file(
    model: Arc<Model>,
    path: &Path,
    cfg: StreamConfig,
) -> Result<(Transcript, StreamStats), SpeechError> {
    let mut file = audio::AudioFile::open(path)?;
    let stream = Stream::start(model, cfg)?;
    while let Some(chunk) = file.next_chunk()? {
        stream.send(chunk)?;
    }
    stream.finish()
}
