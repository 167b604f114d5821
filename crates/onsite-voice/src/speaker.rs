//! A voice that says texts one sentence at a time on request, with sentences prepared ahead.
//!
//! Playback can only start once the first sentence is synthesised (hundreds of ms for a Piper
//! voice on 2 cores). An interview knows its next question before it shows it, so the caller
//! [`Speaker::prepare`]s the first sentence of what will be said next while the candidate is
//! busy; when the line is then said, [`Speaker::sentence`] hands that audio back at once and
//! only later sentences are synthesised, each while the one before it plays.
//!
//! Prepared audio is kept by sentence text and speed (the same words at the same speed are the
//! same audio: voices are deterministic), so saying a line again (a replay) costs nothing
//! either. At most [`PREPARED_MAX`] sentences are kept, the oldest dropped first.

use std::collections::VecDeque;
use std::time::{Duration, Instant};

use crate::error::{Result, VoiceError};
use crate::{check_speed, text, Audio, Voice};

/// Sentences kept prepared (a few seconds of audio each: about 8 MiB at most).
pub const PREPARED_MAX: usize = 32;

/// One sentence's audio, and whether it was ready or had to be synthesised now.
#[derive(Debug, Clone)]
pub struct SentenceAudio {
    pub audio: Audio,
    /// Taken from what [`Speaker::prepare`] (or an earlier request) synthesised.
    pub prepared: bool,
    /// Time spent synthesising for this request (zero when prepared).
    pub synthesis: Duration,
}

/// A voice and the sentences it has prepared.
#[derive(Debug)]
pub struct Speaker {
    voice: Box<dyn Voice>,
    prepared: VecDeque<(Key, Audio)>,
}

#[derive(Debug, Clone, PartialEq)]
struct Key {
    sentence: String,
    /// The speed in thousandths, so keys compare exactly.
    speed_milli: u32,
}

impl Key {
    fn new(sentence: &str, speed: f32) -> Self {
        Self {
            sentence: sentence.trim().to_string(),
            speed_milli: (speed * 1000.0).round() as u32,
        }
    }
}

impl Speaker {
    pub fn new(voice: Box<dyn Voice>) -> Self {
        Self {
            voice,
            prepared: VecDeque::new(),
        }
    }

    pub fn voice(&self) -> &dyn Voice {
        self.voice.as_ref()
    }

    /// Synthesises the first sentence of `text` now, unless it is already prepared, so that
    /// saying `text` later starts at once. Returns whether work was done.
    pub fn prepare(&mut self, text: &str, speed: f32) -> Result<bool> {
        check_speed(speed)?;
        let first = text::sentences(text)
            .into_iter()
            .next()
            .ok_or(VoiceError::EmptyText)?;
        if self.find(&Key::new(&first, speed)).is_some() {
            return Ok(false);
        }
        self.synthesize(&first, speed)?;
        Ok(true)
    }

    /// Sentence `index` of `text` (see [`text::sentences`]), from what was prepared or
    /// synthesised now, and the number of sentences. Fails with [`VoiceError::EmptyText`]
    /// when `text` has no sentence `index`.
    pub fn sentence(&mut self, text: &str, index: usize, speed: f32) -> Result<SentenceAudio> {
        check_speed(speed)?;
        let sentence = text::sentences(text)
            .into_iter()
            .nth(index)
            .ok_or(VoiceError::EmptyText)?;
        if let Some(audio) = self.find(&Key::new(&sentence, speed)) {
            return Ok(SentenceAudio {
                audio: audio.clone(),
                prepared: true,
                synthesis: Duration::ZERO,
            });
        }
        let started = Instant::now();
        let audio = self.synthesize(&sentence, speed)?;
        Ok(SentenceAudio {
            audio,
            prepared: false,
            synthesis: started.elapsed(),
        })
    }

    /// Whether the first sentence of `text` at `speed` is prepared.
    pub fn is_prepared(&self, text: &str, speed: f32) -> bool {
        text::sentences(text)
            .first()
            .is_some_and(|first| self.find(&Key::new(first, speed)).is_some())
    }

    fn find(&self, key: &Key) -> Option<&Audio> {
        self.prepared
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, audio)| audio)
    }

    fn synthesize(&mut self, sentence: &str, speed: f32) -> Result<Audio> {
        let audio = self.voice.synthesize_sentence(sentence, speed)?;
        if self.prepared.len() >= PREPARED_MAX {
            self.prepared.pop_front();
        }
        self.prepared
            .push_back((Key::new(sentence, speed), audio.clone()));
        Ok(audio)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::VoiceKind;

    /// A voice that counts its work: one sample per character, so audio says what was said.
    #[derive(Debug, Default)]
    struct Counting {
        calls: usize,
    }

    impl Voice for Counting {
        fn name(&self) -> &str {
            "counting"
        }
        fn kind(&self) -> VoiceKind {
            VoiceKind::Espeak
        }
        fn sample_rate(&self) -> u32 {
            1000
        }
        fn synthesize_sentence(&mut self, sentence: &str, _speed: f32) -> Result<Audio> {
            self.calls += 1;
            Ok(Audio {
                samples: vec![0.1; sentence.len()],
                sample_rate: 1000,
            })
        }
    }

    #[test]
    fn a_prepared_first_sentence_is_handed_back_without_synthesis() {
        let mut speaker = Speaker::new(Box::<Counting>::default());
        let text = "Design a rate limiter. How does it fail?";
        assert!(!speaker.is_prepared(text, 1.0));
        assert!(speaker.prepare(text, 1.0).expect("prepare"));
        assert!(speaker.is_prepared(text, 1.0));
        assert!(
            !speaker.prepare(text, 1.0).expect("again"),
            "nothing to do twice"
        );
        let first = speaker.sentence(text, 0, 1.0).expect("first");
        assert!(first.prepared);
        assert_eq!(first.synthesis, Duration::ZERO);
        assert_eq!(first.audio.samples.len(), "Design a rate limiter.".len());
        let second = speaker.sentence(text, 1, 1.0).expect("second");
        assert!(!second.prepared);
        assert_eq!(second.audio.samples.len(), "How does it fail?".len());
        // Another speed is other audio.
        assert!(!speaker.is_prepared(text, 1.5));
        assert!(!speaker.sentence(text, 0, 1.5).expect("faster").prepared);
    }

    #[test]
    fn no_such_sentence_and_bad_speed_are_typed_errors() {
        let mut speaker = Speaker::new(Box::<Counting>::default());
        let err = speaker.sentence("One sentence.", 1, 1.0).expect_err("none");
        assert_eq!(err.code(), "voice_empty_text");
        let err = speaker.prepare("  ", 1.0).expect_err("empty");
        assert_eq!(err.code(), "voice_empty_text");
        let err = speaker.prepare("Hello.", 9.0).expect_err("speed");
        assert_eq!(err.code(), "voice_speed");
    }

    #[test]
    fn the_oldest_prepared_sentences_are_dropped_first() {
        let mut speaker = Speaker::new(Box::<Counting>::default());
        for i in 0..=PREPARED_MAX {
            speaker
                .prepare(&format!("Question {i}."), 1.0)
                .expect("prepare");
        }
        assert!(!speaker.is_prepared("Question 0.", 1.0));
        assert!(speaker.is_prepared(&format!("Question {PREPARED_MAX}."), 1.0));
    }
}
