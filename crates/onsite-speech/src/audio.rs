//! Audio files in, 16 kHz mono `f32` out, a bounded chunk at a time.
//!
//! WAV (any rate, 8/16/24/32-bit integer or 32-bit float, any channel count) goes through hound;
//! everything else through symphonia. The format is sniffed from the content, not the file name,
//! so a text file called `answer.wav` is refused as "not audio" instead of crashing a decoder.
//! Files are decoded incrementally: memory stays flat however long the recording is.

use std::fs::File;
use std::io::{BufReader, Read};
use std::path::{Path, PathBuf};

use symphonia::core::audio::SampleBuffer;
use symphonia::core::codecs::{Decoder, DecoderOptions, CODEC_TYPE_NULL};
use symphonia::core::errors::Error as SymError;
use symphonia::core::formats::{FormatOptions, FormatReader};
use symphonia::core::io::MediaSourceStream;
use symphonia::core::meta::MetadataOptions;
use symphonia::core::probe::Hint;

use crate::error::SpeechError;
use crate::resample::Resampler16k;
use crate::SAMPLE_RATE;

/// Longest audio accepted: an interview answer is minutes; three hours is certainly a mistake.
pub const MAX_DURATION_S: u64 = 3 * 60 * 60;
/// Largest file accepted (three hours of 96 kHz stereo 24-bit WAV is about 6 GB; 8 GiB is absurd).
pub const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024 * 1024;
const MIN_RATE: u32 = 1_000;
const MAX_RATE: u32 = 384_000;
const MAX_CHANNELS: u16 = 32;
/// Source frames decoded per chunk (a quarter second at most rates).
const CHUNK_SECONDS_DIV: u32 = 4;

/// What the file says about itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AudioInfo {
    pub sample_rate: u32,
    pub channels: u16,
    /// From the header when it says; otherwise known only after decoding.
    pub duration_ms: Option<u64>,
    pub container: &'static str,
}

/// An open audio file yielding 16 kHz mono chunks.
#[derive(Debug)]
pub struct AudioFile {
    path: PathBuf,
    info: AudioInfo,
    backend: Backend,
    resampler: Option<Resampler16k>,
    frames_read: u64,
    finished: bool,
}

enum Backend {
    Wav(Box<WavSource>),
    Other(Box<SymphoniaSource>),
}

impl std::fmt::Debug for Backend {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::Wav(_) => "Wav",
            Self::Other(_) => "Symphonia",
        })
    }
}

struct WavSource {
    reader: hound::WavReader<BufReader<File>>,
    float: bool,
    scale: f32,
}

struct SymphoniaSource {
    format: Box<dyn FormatReader>,
    decoder: Box<dyn Decoder>,
    track_id: u32,
    buf: Option<SampleBuffer<f32>>,
    leftover: Vec<f32>,
}

impl AudioFile {
    /// Opens and checks the header; no samples are decoded yet.
    pub fn open(path: &Path) -> Result<Self, SpeechError> {
        let io = |source| SpeechError::Io {
            path: path.to_owned(),
            source,
        };
        let meta = std::fs::metadata(path).map_err(io)?;
        if !meta.is_file() {
            return Err(SpeechError::UnsupportedFormat {
                path: path.to_owned(),
                detail: "not a regular file".into(),
            });
        }
        if meta.len() > MAX_FILE_BYTES {
            return Err(SpeechError::FileTooLarge {
                path: path.to_owned(),
                size: meta.len(),
                limit: MAX_FILE_BYTES,
            });
        }
        if meta.len() == 0 {
            return Err(SpeechError::Empty {
                path: path.to_owned(),
            });
        }
        let mut magic = [0u8; 12];
        let n = File::open(path)
            .and_then(|mut f| read_up_to(&mut f, &mut magic))
            .map_err(io)?;
        let (backend, info) = if n == 12 && &magic[0..4] == b"RIFF" && &magic[8..12] == b"WAVE" {
            open_wav(path)?
        } else {
            open_symphonia(path)?
        };
        check_layout(path, &info)?;
        if let Some(ms) = info.duration_ms {
            if ms / 1000 > MAX_DURATION_S {
                return Err(SpeechError::TooLong {
                    path: path.to_owned(),
                    seconds: ms / 1000,
                    limit: MAX_DURATION_S,
                });
            }
        }
        let resampler = if info.sample_rate == SAMPLE_RATE {
            None
        } else {
            Some(Resampler16k::new(info.sample_rate)?)
        };
        Ok(Self {
            path: path.to_owned(),
            info,
            backend,
            resampler,
            frames_read: 0,
            finished: false,
        })
    }

    pub fn info(&self) -> &AudioInfo {
        &self.info
    }

    /// Source frames decoded so far.
    pub fn frames_read(&self) -> u64 {
        self.frames_read
    }

    /// Duration decoded so far, in ms.
    pub fn decoded_ms(&self) -> u64 {
        self.frames_read * 1000 / u64::from(self.info.sample_rate)
    }

    /// The next stretch of 16 kHz mono audio (about a quarter second); `None` at the end.
    /// Fails with [`SpeechError::Empty`] if the file ends without a single sample.
    pub fn next_chunk(&mut self) -> Result<Option<Vec<f32>>, SpeechError> {
        loop {
            if self.finished {
                return Ok(None);
            }
            let want = (self.info.sample_rate / CHUNK_SECONDS_DIV).max(256) as usize;
            let mono = match &mut self.backend {
                Backend::Wav(src) => read_wav(&self.path, src, want, self.info.channels)?,
                Backend::Other(src) => read_symphonia(&self.path, src, want)?,
            };
            self.frames_read += mono.len() as u64;
            if self.frames_read / u64::from(self.info.sample_rate) > MAX_DURATION_S {
                return Err(SpeechError::TooLong {
                    path: self.path.clone(),
                    seconds: self.frames_read / u64::from(self.info.sample_rate),
                    limit: MAX_DURATION_S,
                });
            }
            let mut out = Vec::new();
            if mono.is_empty() {
                self.finished = true;
                if self.frames_read == 0 {
                    return Err(SpeechError::Empty {
                        path: self.path.clone(),
                    });
                }
                if let Some(r) = &mut self.resampler {
                    r.finish(&mut out)?;
                }
            } else if let Some(r) = &mut self.resampler {
                r.push(&mono, &mut out)?;
            } else {
                out = mono;
            }
            if !out.is_empty() {
                return Ok(Some(out));
            }
        }
    }
}

/// Decodes a whole file into memory. For short clips and tests; long files should be streamed
/// with [`AudioFile::next_chunk`].
pub fn decode_file(path: &Path) -> Result<Vec<f32>, SpeechError> {
    let mut file = AudioFile::open(path)?;
    let mut all = Vec::new();
    while let Some(chunk) = file.next_chunk()? {
        all.extend_from_slice(&chunk);
    }
    Ok(all)
}

fn read_up_to(f: &mut File, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match f.read(&mut buf[n..])? {
            0 => break,
            k => n += k,
        }
    }
    Ok(n)
}

fn check_layout(path: &Path, info: &AudioInfo) -> Result<(), SpeechError> {
    let bad = |detail: String| SpeechError::BadLayout {
        path: path.to_owned(),
        detail,
    };
    if !(MIN_RATE..=MAX_RATE).contains(&info.sample_rate) {
        return Err(bad(format!(
            "sample rate {} Hz (expected {MIN_RATE}..{MAX_RATE})",
            info.sample_rate
        )));
    }
    if info.channels == 0 || info.channels > MAX_CHANNELS {
        return Err(bad(format!(
            "{} channels (expected 1..{MAX_CHANNELS})",
            info.channels
        )));
    }
    Ok(())
}

fn open_wav(path: &Path) -> Result<(Backend, AudioInfo), SpeechError> {
    let file = File::open(path).map_err(|source| SpeechError::Io {
        path: path.to_owned(),
        source,
    })?;
    let reader = hound::WavReader::new(BufReader::new(file)).map_err(|e| wav_err(path, e))?;
    let spec = reader.spec();
    let float = spec.sample_format == hound::SampleFormat::Float;
    if float && spec.bits_per_sample != 32 {
        return Err(SpeechError::BadLayout {
            path: path.to_owned(),
            detail: format!("{}-bit float samples", spec.bits_per_sample),
        });
    }
    if !float && !(8..=32).contains(&spec.bits_per_sample) {
        return Err(SpeechError::BadLayout {
            path: path.to_owned(),
            detail: format!("{}-bit samples", spec.bits_per_sample),
        });
    }
    let frames = u64::from(reader.duration());
    let info = AudioInfo {
        sample_rate: spec.sample_rate,
        channels: spec.channels,
        duration_ms: (spec.sample_rate > 0).then(|| frames * 1000 / u64::from(spec.sample_rate)),
        container: "wav",
    };
    if frames == 0 {
        return Err(SpeechError::Empty {
            path: path.to_owned(),
        });
    }
    let scale = if float {
        1.0
    } else {
        1.0 / (1u64 << (spec.bits_per_sample - 1)) as f32
    };
    Ok((
        Backend::Wav(Box::new(WavSource {
            reader,
            float,
            scale,
        })),
        info,
    ))
}

fn wav_err(path: &Path, err: hound::Error) -> SpeechError {
    match err {
        // The file opened fine, so a read failing inside it means it is cut short.
        hound::Error::IoError(e) => SpeechError::Corrupt {
            path: path.to_owned(),
            detail: format!("the WAV data ends before its header says it should ({e})"),
        },
        hound::Error::FormatError(what) => SpeechError::Corrupt {
            path: path.to_owned(),
            detail: format!("invalid WAV: {what}"),
        },
        hound::Error::Unsupported => SpeechError::UnsupportedFormat {
            path: path.to_owned(),
            detail: "a WAV encoding other than PCM or 32-bit float".into(),
        },
        other => SpeechError::Corrupt {
            path: path.to_owned(),
            detail: other.to_string(),
        },
    }
}

fn read_wav(
    path: &Path,
    src: &mut WavSource,
    frames: usize,
    channels: u16,
) -> Result<Vec<f32>, SpeechError> {
    let channels = usize::from(channels);
    let mut mono = Vec::with_capacity(frames);
    let mut acc = 0.0f32;
    let mut k = 0;
    let norm = 1.0 / channels as f32;
    let mut push = |s: f32| {
        acc += s;
        k += 1;
        if k == channels {
            mono.push(acc * norm);
            acc = 0.0;
            k = 0;
        }
    };
    let wanted = frames * channels;
    if src.float {
        for s in src.reader.samples::<f32>().take(wanted) {
            let s = s.map_err(|e| wav_err(path, e))?;
            push(if s.is_finite() {
                s.clamp(-1.0, 1.0)
            } else {
                0.0
            });
        }
    } else {
        let scale = src.scale;
        for s in src.reader.samples::<i32>().take(wanted) {
            push(s.map_err(|e| wav_err(path, e))? as f32 * scale);
        }
    }
    Ok(mono)
}

fn open_symphonia(path: &Path) -> Result<(Backend, AudioInfo), SpeechError> {
    let file = File::open(path).map_err(|source| SpeechError::Io {
        path: path.to_owned(),
        source,
    })?;
    let mss = MediaSourceStream::new(Box::new(file), Default::default());
    let mut hint = Hint::new();
    if let Some(ext) = path.extension().and_then(|e| e.to_str()) {
        hint.with_extension(ext);
    }
    let unsupported = |detail: String| SpeechError::UnsupportedFormat {
        path: path.to_owned(),
        detail,
    };
    let probed = symphonia::default::get_probe()
        .format(
            &hint,
            mss,
            &FormatOptions::default(),
            &MetadataOptions::default(),
        )
        .map_err(|e| unsupported(format!("no known container: {e}")))?;
    let format = probed.format;
    let track = format
        .tracks()
        .iter()
        .find(|t| t.codec_params.codec != CODEC_TYPE_NULL)
        .ok_or_else(|| unsupported("no audio track".into()))?;
    let params = track.codec_params.clone();
    let track_id = track.id;
    let decoder = symphonia::default::get_codecs()
        .make(&params, &DecoderOptions::default())
        .map_err(|e| unsupported(format!("no decoder for its codec: {e}")))?;
    let sample_rate = params
        .sample_rate
        .ok_or_else(|| unsupported("unknown sample rate".into()))?;
    let channels = params.channels.map(|c| c.count()).unwrap_or(1);
    let info = AudioInfo {
        sample_rate,
        channels: u16::try_from(channels).unwrap_or(u16::MAX),
        duration_ms: params
            .n_frames
            .map(|n| n.saturating_mul(1000) / u64::from(sample_rate.max(1))),
        container: "symphonia",
    };
    Ok((
        Backend::Other(Box::new(SymphoniaSource {
            format,
            decoder,
            track_id,
            buf: None,
            leftover: Vec::new(),
        })),
        info,
    ))
}

/// Decodes packets until at least `frames` mono frames are ready (or the stream ends).
fn read_symphonia(
    path: &Path,
    src: &mut SymphoniaSource,
    frames: usize,
) -> Result<Vec<f32>, SpeechError> {
    let corrupt = |detail: String| SpeechError::Corrupt {
        path: path.to_owned(),
        detail,
    };
    while src.leftover.len() < frames {
        let packet = match src.format.next_packet() {
            Ok(p) => p,
            Err(SymError::IoError(e)) if e.kind() == std::io::ErrorKind::UnexpectedEof => break,
            Err(SymError::ResetRequired) => break,
            Err(e) => return Err(corrupt(e.to_string())),
        };
        if packet.track_id() != src.track_id {
            continue;
        }
        let decoded = match src.decoder.decode(&packet) {
            Ok(d) => d,
            // One damaged packet costs a few ms of audio, not the whole answer.
            Err(SymError::DecodeError(e)) => {
                tracing::warn!(path = %path.display(), "skipping undecodable packet: {e}");
                continue;
            }
            Err(e) => return Err(corrupt(e.to_string())),
        };
        let spec = *decoded.spec();
        let channels = spec.channels.count().max(1);
        let needed = decoded.capacity() as u64;
        let buf = match &mut src.buf {
            Some(b) if b.capacity() as u64 >= needed * channels as u64 => b,
            slot => slot.insert(SampleBuffer::<f32>::new(needed, spec)),
        };
        buf.copy_interleaved_ref(decoded);
        let norm = 1.0 / channels as f32;
        src.leftover.extend(
            buf.samples()
                .chunks_exact(channels)
                .map(|f| f.iter().sum::<f32>() * norm),
        );
    }
    let take = frames.min(src.leftover.len());
    Ok(src.leftover.drain(..take).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write_wav(path: &Path, spec: hound::WavSpec, frames: usize, f: impl Fn(usize) -> f64) {
        let mut w = hound::WavWriter::create(path, spec).unwrap();
        for i in 0..frames {
            let v = f(i);
            for _ in 0..spec.channels {
                match (spec.sample_format, spec.bits_per_sample) {
                    (hound::SampleFormat::Float, _) => w.write_sample(v as f32).unwrap(),
                    (_, 8) => w.write_sample((v * 127.0) as i8).unwrap(),
                    (_, 16) => w.write_sample((v * 32767.0) as i16).unwrap(),
                    (_, bits) => w
                        .write_sample((v * ((1i64 << (bits - 1)) - 1) as f64) as i32)
                        .unwrap(),
                }
            }
        }
        w.finalize().unwrap();
    }

    fn spec(rate: u32, ch: u16, bits: u16, float: bool) -> hound::WavSpec {
        hound::WavSpec {
            channels: ch,
            sample_rate: rate,
            bits_per_sample: bits,
            sample_format: if float {
                hound::SampleFormat::Float
            } else {
                hound::SampleFormat::Int
            },
        }
    }

    #[test]
    fn any_wav_layout_becomes_16k_mono_of_the_same_length_and_level() {
        let dir = tempfile::tempdir().unwrap();
        for (rate, ch, bits, float) in [
            (16_000, 1, 16, false),
            (8_000, 1, 8, false),
            (44_100, 2, 16, false),
            (48_000, 2, 24, false),
            (96_000, 2, 32, false),
            (22_050, 1, 32, true),
            (96_000, 6, 16, false),
        ] {
            let path = dir.path().join(format!("t{rate}_{ch}_{bits}_{float}.wav"));
            let frames = rate as usize * 3 / 2;
            write_wav(&path, spec(rate, ch, bits, float), frames, |i| {
                0.5 * (2.0 * std::f64::consts::PI * 300.0 * i as f64 / rate as f64).sin()
            });
            let mut file = AudioFile::open(&path).unwrap();
            assert_eq!(file.info().duration_ms, Some(1500));
            let mut all = Vec::new();
            let mut max_chunk = 0;
            while let Some(c) = file.next_chunk().unwrap() {
                max_chunk = max_chunk.max(c.len());
                all.extend(c);
            }
            assert_eq!(all.len(), 24_000, "{path:?}");
            assert!(max_chunk <= 16_000, "chunks stay bounded: {max_chunk}");
            let rms = (all[4000..20000].iter().map(|s| s * s).sum::<f32>() / 16000.0).sqrt();
            assert!((rms - 0.3535).abs() < 0.02, "{path:?}: rms {rms}");
        }
    }

    #[test]
    fn broken_inputs_get_clear_errors() {
        let dir = tempfile::tempdir().unwrap();
        // A text file pretending to be a WAV.
        let text = dir.path().join("notes.wav");
        std::fs::write(
            &text,
            "these are my interview notes, not audio\n".repeat(20),
        )
        .unwrap();
        let err = AudioFile::open(&text).unwrap_err();
        assert_eq!(err.code(), "speech_unsupported_format", "{err}");

        // Zero bytes, and a valid header with zero samples.
        let empty = dir.path().join("empty.wav");
        std::fs::write(&empty, b"").unwrap();
        assert_eq!(
            AudioFile::open(&empty).unwrap_err().code(),
            "speech_empty_audio"
        );
        let zero = dir.path().join("zero.wav");
        write_wav(&zero, spec(16_000, 1, 16, false), 0, |_| 0.0);
        let err = AudioFile::open(&zero).unwrap_err();
        assert_eq!(err.code(), "speech_empty_audio");
        assert!(err.to_string().contains("no audio samples"), "{err}");

        // A WAV cut short mid-data: the header promises more than the file holds.
        let full = dir.path().join("full.wav");
        write_wav(&full, spec(16_000, 1, 16, false), 16_000, |i| {
            (i as f64 * 0.01).sin()
        });
        let bytes = std::fs::read(&full).unwrap();
        let cut = dir.path().join("cut.wav");
        std::fs::write(&cut, &bytes[..bytes.len() / 2 + 1]).unwrap();
        let err = decode_file(&cut).unwrap_err();
        assert_eq!(err.code(), "speech_corrupt_audio", "{err}");
        assert!(err.to_string().contains("ends before"), "{err}");

        // Only a RIFF header.
        let stub = dir.path().join("stub.wav");
        std::fs::write(&stub, &bytes[..12]).unwrap();
        assert_eq!(
            AudioFile::open(&stub).unwrap_err().code(),
            "speech_corrupt_audio"
        );

        // Missing file.
        let err = AudioFile::open(&dir.path().join("nope.wav")).unwrap_err();
        assert_eq!(err.code(), "speech_io");
    }

    #[test]
    fn absurd_header_durations_are_refused_before_decoding() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("long.wav");
        write_wav(&path, spec(8_000, 1, 16, false), 800, |_| 0.0);
        let mut bytes = std::fs::read(&path).unwrap();
        // Claim 4 GB of data in the RIFF and data chunk sizes (a 74-hour 16-bit 8 kHz file).
        let data_pos = bytes.windows(4).position(|w| w == b"data").unwrap();
        bytes[data_pos + 4..data_pos + 8].copy_from_slice(&0xF000_0000u32.to_le_bytes());
        bytes[4..8].copy_from_slice(&0xF000_0100u32.to_le_bytes());
        std::fs::write(&path, &bytes).unwrap();
        let err = AudioFile::open(&path).unwrap_err();
        assert_eq!(err.code(), "speech_audio_too_long", "{err}");
    }
}
