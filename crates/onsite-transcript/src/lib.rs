//! The timed transcript: what speech produces, the rubric reads and the store keeps.
//!
//! It is also the JSON that `onsite transcribe` prints and `onsite score` reads, a contract other
//! tools rely on: `{"text", "duration_ms", "model", "segments": [{"start_ms", "end_ms", "text",
//! "words": [{"text", "start_ms", "end_ms", "p"}]}]}`. `pauses` (silences measured on the audio by
//! voice activity detection, not gaps between Whisper's segments) is an addition that readers may
//! ignore. This crate holds data and its validation only: no audio, no scoring, no I/O.

use serde::{Deserialize, Serialize};

/// Largest transcript JSON accepted, so a hostile or mistaken input cannot exhaust memory.
pub const MAX_JSON_BYTES: usize = 16 * 1024 * 1024;

/// A word with its timing in milliseconds from the start of the audio.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Word {
    pub text: String,
    pub start_ms: u64,
    pub end_ms: u64,
    /// Whisper's token probability for the word, 0..=1.
    pub p: f32,
}

/// A stretch of speech Whisper decoded as one unit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Segment {
    pub start_ms: u64,
    pub end_ms: u64,
    pub text: String,
    #[serde(default)]
    pub words: Vec<Word>,
}

/// A silence measured on the audio.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Span {
    pub start_ms: u64,
    pub end_ms: u64,
}

impl Span {
    pub fn duration_ms(&self) -> u64 {
        self.end_ms.saturating_sub(self.start_ms)
    }
}

/// A whole transcript of one answer or file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Transcript {
    pub text: String,
    pub duration_ms: u64,
    pub model: String,
    pub segments: Vec<Segment>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub pauses: Vec<Span>,
}

/// Why a transcript JSON was refused.
#[derive(Debug, thiserror::Error)]
pub enum TranscriptError {
    #[error("transcript JSON is {size} bytes; the limit is {MAX_JSON_BYTES}")]
    TooLarge { size: usize },
    // The parser's message is part of this one, so it is not also the `source`: error chains
    // (`{:#}`) would print it twice.
    #[error("not a transcript JSON (as printed by `onsite transcribe`): {0}")]
    Json(serde_json::Error),
    #[error("{what} ends before it starts ({start_ms} ms > {end_ms} ms)")]
    BackwardsTiming {
        what: &'static str,
        start_ms: u64,
        end_ms: u64,
    },
    #[error("word probability {p} is outside 0..1")]
    BadProbability { p: f32 },
}

impl From<serde_json::Error> for TranscriptError {
    fn from(err: serde_json::Error) -> Self {
        Self::Json(err)
    }
}

impl TranscriptError {
    /// Stable identifier for the UI and scripts; never match on the message text.
    pub fn code(&self) -> &'static str {
        match self {
            Self::TooLarge { .. } => "transcript_too_large",
            Self::Json(_) => "transcript_json",
            Self::BackwardsTiming { .. } => "transcript_backwards_timing",
            Self::BadProbability { .. } => "transcript_bad_probability",
        }
    }
}

impl Transcript {
    /// Parses and validates the JSON form.
    pub fn from_json_slice(bytes: &[u8]) -> Result<Self, TranscriptError> {
        if bytes.len() > MAX_JSON_BYTES {
            return Err(TranscriptError::TooLarge { size: bytes.len() });
        }
        let transcript: Transcript = serde_json::from_slice(bytes)?;
        transcript.validate()?;
        Ok(transcript)
    }

    /// Checks the invariants readers rely on: spans run forwards, probabilities are in range.
    pub fn validate(&self) -> Result<(), TranscriptError> {
        let check = |what, start_ms, end_ms| {
            if start_ms > end_ms {
                Err(TranscriptError::BackwardsTiming {
                    what,
                    start_ms,
                    end_ms,
                })
            } else {
                Ok(())
            }
        };
        for segment in &self.segments {
            check("a segment", segment.start_ms, segment.end_ms)?;
            for word in &segment.words {
                check("a word", word.start_ms, word.end_ms)?;
                if !(0.0..=1.0).contains(&word.p) {
                    return Err(TranscriptError::BadProbability { p: word.p });
                }
            }
        }
        for pause in &self.pauses {
            check("a pause", pause.start_ms, pause.end_ms)?;
        }
        Ok(())
    }

    /// All words in order, across segments.
    pub fn words(&self) -> impl Iterator<Item = &Word> {
        self.segments.iter().flat_map(|s| s.words.iter())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_the_cli_contract() {
        let json = r#"{"text":"hi there","duration_ms":1200,"model":"tiny.en",
            "segments":[{"start_ms":0,"end_ms":1200,"text":"hi there",
            "words":[{"text":"hi","start_ms":0,"end_ms":400,"p":0.9},
                     {"text":"there","start_ms":450,"end_ms":1200,"p":0.8}]}]}"#;
        let t = Transcript::from_json_slice(json.as_bytes()).unwrap();
        assert_eq!(t.words().count(), 2);
        let back: serde_json::Value = serde_json::to_value(&t).unwrap();
        for key in ["text", "duration_ms", "model", "segments"] {
            assert!(back.get(key).is_some(), "{key} missing");
        }
        assert!(back.get("pauses").is_none(), "empty pauses are not printed");
    }

    #[test]
    fn rejects_backwards_words_and_garbage() {
        let json = r#"{"text":"x","duration_ms":1,"model":"m","segments":[{"start_ms":0,
            "end_ms":9,"text":"x","words":[{"text":"x","start_ms":5,"end_ms":2,"p":0.5}]}]}"#;
        let err = Transcript::from_json_slice(json.as_bytes()).unwrap_err();
        assert_eq!(err.code(), "transcript_backwards_timing");
        let err = Transcript::from_json_slice(b"\xff\xfe not json").unwrap_err();
        assert_eq!(err.code(), "transcript_json");
    }
}
