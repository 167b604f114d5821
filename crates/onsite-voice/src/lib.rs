//! The interviewer's voice: offline text to speech, sentence by sentence.
//!
//! - [`Voice`] is what every voice does: say one sentence as float PCM at its own rate.
//!   [`speak`] splits a text into sentences ([`text::sentences`]) and hands each sentence's
//!   audio to a callback as soon as it is ready, so playback of the first sentence can start
//!   while the rest is computed.
//! - [`piper::PiperVoice`] is the natural voice: a Piper (VITS) model run by ONNX Runtime,
//!   loaded at run time from the shared library shipped beside the voice, with espeak-ng's
//!   IPA as its phonemes. [`EspeakVoice`] is the fallback when no Piper voice can be used:
//!   robotic, but always there on Debian.
//! - [`library::Library`] finds installed voices in the models search path, checks their
//!   sha256 on open, and installs a voice from the files `scripts/fetch-voice` unpacks.
//! - [`silero::SileroVad`]: a learned voice activity detector run by the same runtime, only
//!   measured against the energy detector (`onsite bench vad`), not used by the app.
//! - [`speaker::Speaker`] says a text one sentence per request and prepares the first
//!   sentence of what will be said next ahead, so playback starts at once when it is said.
//!
//! Boundaries: no network, ever (voices and the runtime are installed at setup time); no audio
//! output device (callers play or save the samples; [`write_wav`] saves them); no Tauri.

mod error;
pub mod espeak;
pub mod library;
pub mod piper;
pub mod silero;
pub mod speaker;
pub mod text;

use std::path::Path;

pub use error::{Result, VoiceError};
pub use library::{Library, Opened, VoiceEntry, DEFAULT_VOICE, ESPEAK_VOICE};
pub use piper::PiperVoice;
pub use speaker::{SentenceAudio, Speaker};

/// Mono audio as floats in [-1, 1].
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Audio {
    pub samples: Vec<f32>,
    pub sample_rate: u32,
}

impl Audio {
    pub fn duration_secs(&self) -> f64 {
        if self.sample_rate == 0 {
            0.0
        } else {
            self.samples.len() as f64 / f64::from(self.sample_rate)
        }
    }

    /// Root mean square level (0 for silence).
    pub fn rms(&self) -> f32 {
        if self.samples.is_empty() {
            return 0.0;
        }
        let sum: f64 = self
            .samples
            .iter()
            .map(|&s| f64::from(s) * f64::from(s))
            .sum();
        (sum / self.samples.len() as f64).sqrt() as f32
    }
}

/// The kinds of voice, one vocabulary for the CLI, the app and the logs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum VoiceKind {
    Piper,
    Espeak,
}

impl VoiceKind {
    pub fn id(self) -> &'static str {
        match self {
            Self::Piper => "piper",
            Self::Espeak => "espeak",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Piper => "Piper neural voice",
            Self::Espeak => "espeak-ng (robotic fallback)",
        }
    }
}

/// Slowest and fastest speaking speed accepted (a factor on the voice's own pace).
pub const SPEED_RANGE: (f32, f32) = (0.5, 2.0);

pub(crate) fn check_speed(speed: f32) -> Result<()> {
    let (min, max) = SPEED_RANGE;
    if speed.is_finite() && (min..=max).contains(&speed) {
        Ok(())
    } else {
        Err(VoiceError::Speed { speed, min, max })
    }
}

/// A voice: says one sentence at a time.
pub trait Voice: Send + std::fmt::Debug {
    /// The name it is listed and chosen by.
    fn name(&self) -> &str;
    fn kind(&self) -> VoiceKind;
    /// The rate of the audio it produces.
    fn sample_rate(&self) -> u32;
    /// One sentence (see [`text::sentences`]) at `speed` (1 = the voice's own pace).
    fn synthesize_sentence(&mut self, sentence: &str, speed: f32) -> Result<Audio>;
}

/// Silence between two sentences: a speaker's breath, so sentences do not run together.
pub const SENTENCE_GAP_SECS: f32 = 0.3;

/// Says `text` sentence by sentence: `on_sentence(index, sentence, audio)` gets each
/// sentence's audio as soon as it is synthesised (the first can be played while the rest are
/// computed). Returns the whole text's audio, sentences joined by [`SENTENCE_GAP_SECS`].
pub fn speak(
    voice: &mut dyn Voice,
    text: &str,
    speed: f32,
    on_sentence: &mut dyn FnMut(usize, &str, &Audio),
) -> Result<Audio> {
    check_speed(speed)?;
    let sentences = text::sentences(text);
    if sentences.is_empty() {
        return Err(VoiceError::EmptyText);
    }
    let rate = voice.sample_rate();
    let gap = vec![0.0f32; (SENTENCE_GAP_SECS * rate as f32) as usize];
    let mut all = Audio {
        samples: Vec::new(),
        sample_rate: rate,
    };
    for (i, sentence) in sentences.iter().enumerate() {
        let audio = voice.synthesize_sentence(sentence, speed)?;
        on_sentence(i, sentence, &audio);
        if i > 0 {
            all.samples.extend_from_slice(&gap);
        }
        all.samples.extend_from_slice(&audio.samples);
    }
    Ok(all)
}

/// The espeak-ng fallback voice (US English).
#[derive(Debug)]
pub struct EspeakVoice {
    espeak_voice: String,
}

impl EspeakVoice {
    /// Fails with [`VoiceError::EspeakMissing`] when espeak-ng cannot be run.
    pub fn new() -> Result<Self> {
        if !espeak::available() {
            return Err(VoiceError::EspeakMissing {
                detail: "`espeak-ng --version` did not run".into(),
            });
        }
        Ok(Self {
            espeak_voice: "en-us".into(),
        })
    }
}

impl Voice for EspeakVoice {
    fn name(&self) -> &str {
        ESPEAK_VOICE
    }

    fn kind(&self) -> VoiceKind {
        VoiceKind::Espeak
    }

    fn sample_rate(&self) -> u32 {
        espeak::SAMPLE_RATE
    }

    fn synthesize_sentence(&mut self, sentence: &str, speed: f32) -> Result<Audio> {
        check_speed(speed)?;
        if !sentence.chars().any(char::is_alphanumeric) {
            return Err(VoiceError::EmptyText);
        }
        espeak::speak(&self.espeak_voice, sentence, speed)
    }
}

fn wav_spec(audio: &Audio) -> hound::WavSpec {
    hound::WavSpec {
        channels: 1,
        sample_rate: audio.sample_rate,
        bits_per_sample: 16,
        sample_format: hound::SampleFormat::Int,
    }
}

fn write_samples<W: std::io::Write + std::io::Seek>(
    mut w: hound::WavWriter<W>,
    audio: &Audio,
) -> std::result::Result<(), hound::Error> {
    for &s in &audio.samples {
        w.write_sample((s.clamp(-1.0, 1.0) * 32767.0).round() as i16)?;
    }
    w.finalize()
}

/// Writes `audio` as a 16-bit mono WAV file (what sox, players and Whisper's loader read).
pub fn write_wav(path: &Path, audio: &Audio) -> Result<()> {
    let wav_err = |e: hound::Error| VoiceError::Wav {
        path: path.to_path_buf(),
        detail: e.to_string(),
    };
    let w = hound::WavWriter::create(path, wav_spec(audio)).map_err(wav_err)?;
    write_samples(w, audio).map_err(wav_err)
}

/// `audio` as the bytes of a 16-bit mono WAV file, for a player that decodes files (a
/// webview's Web Audio `decodeAudioData`, an `<audio>` element).
pub fn wav_bytes(audio: &Audio) -> Result<Vec<u8>> {
    let wav_err = |e: hound::Error| VoiceError::Wav {
        path: "(in memory)".into(),
        detail: e.to_string(),
    };
    let mut out = std::io::Cursor::new(Vec::with_capacity(44 + audio.samples.len() * 2));
    let w = hound::WavWriter::new(&mut out, wav_spec(audio)).map_err(wav_err)?;
    write_samples(w, audio).map_err(wav_err)?;
    Ok(out.into_inner())
}
