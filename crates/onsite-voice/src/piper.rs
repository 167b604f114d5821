//! Piper voices: VITS models exported to ONNX, run by ONNX Runtime (the `ort` crate, which
//! loads the runtime's shared library at run time; see [`crate::library`] for where it is).
//!
//! Text → sentences → clauses → espeak-ng IPA (with the clause punctuation put back, as
//! Piper's own phonemiser does) → NFD code points → ids from the voice's `phoneme_id_map`
//! (`^`, then each symbol followed by the pad `_`, then `$`) → the model → float samples at the
//! voice's rate.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use ort::session::builder::GraphOptimizationLevel;
use ort::session::Session;
use ort::value::Tensor;
use unicode_normalization::UnicodeNormalization;

use crate::error::{Result, VoiceError};
use crate::{espeak, text, Audio, Voice, VoiceKind};

/// What Onsite uses of a voice's `.onnx.json`.
#[derive(Debug, Clone)]
pub struct PiperConfig {
    pub sample_rate: u32,
    pub espeak_voice: String,
    pub noise_scale: f32,
    pub length_scale: f32,
    pub noise_w: f32,
    pub num_speakers: u32,
    phoneme_ids: HashMap<char, Vec<i64>>,
}

impl PiperConfig {
    /// Reads and checks a voice config: a JSON object with a sample rate, espeak phonemes
    /// and an id for each of the symbols every Piper voice needs (`_ ^ $` and the space).
    pub fn read(path: &Path) -> Result<Self> {
        let bytes = std::fs::read(path).map_err(|e| VoiceError::io(path, e))?;
        Self::parse(&bytes).map_err(|detail| VoiceError::Config {
            path: path.to_path_buf(),
            detail,
        })
    }

    pub fn parse(bytes: &[u8]) -> std::result::Result<Self, String> {
        let v: serde_json::Value =
            serde_json::from_slice(bytes).map_err(|e| format!("invalid JSON: {e}"))?;
        let sample_rate = v
            .pointer("/audio/sample_rate")
            .and_then(serde_json::Value::as_u64)
            .filter(|r| (8_000..=48_000).contains(r))
            .ok_or("no audio.sample_rate between 8000 and 48000")? as u32;
        let phoneme_type = v
            .get("phoneme_type")
            .and_then(serde_json::Value::as_str)
            .unwrap_or("espeak");
        if phoneme_type != "espeak" {
            return Err(format!(
                "phoneme_type is '{phoneme_type}'; only espeak-phoneme voices are supported"
            ));
        }
        let espeak_voice = v
            .pointer("/espeak/voice")
            .and_then(serde_json::Value::as_str)
            .filter(|s| {
                !s.is_empty()
                    && s.chars()
                        .all(|c| c.is_ascii_alphanumeric() || "-_+".contains(c))
            })
            .ok_or("no valid espeak.voice")?
            .to_string();
        let scale = |key: &str, default: f32| {
            v.pointer(&format!("/inference/{key}"))
                .and_then(serde_json::Value::as_f64)
                .map_or(default, |x| x as f32)
        };
        let map = v
            .get("phoneme_id_map")
            .and_then(serde_json::Value::as_object)
            .ok_or("no phoneme_id_map")?;
        let mut phoneme_ids = HashMap::new();
        for (symbol, ids) in map {
            let mut chars = symbol.chars();
            let (Some(c), None) = (chars.next(), chars.next()) else {
                return Err(format!("phoneme_id_map key '{symbol}' is not one symbol"));
            };
            let ids: Vec<i64> = ids
                .as_array()
                .map(|a| a.iter().filter_map(serde_json::Value::as_i64).collect())
                .unwrap_or_default();
            if ids.is_empty() || ids.iter().any(|&i| i < 0) {
                return Err(format!("phoneme_id_map['{symbol}'] is not a list of ids"));
            }
            phoneme_ids.insert(c, ids);
        }
        for needed in [PAD, BOS, EOS, ' '] {
            if !phoneme_ids.contains_key(&needed) {
                return Err(format!("phoneme_id_map has no '{needed}'"));
            }
        }
        let num_speakers = v
            .get("num_speakers")
            .and_then(serde_json::Value::as_u64)
            .unwrap_or(1) as u32;
        Ok(Self {
            sample_rate,
            espeak_voice,
            noise_scale: scale("noise_scale", 0.667),
            length_scale: scale("length_scale", 1.0),
            noise_w: scale("noise_w", 0.8),
            num_speakers,
            phoneme_ids,
        })
    }

    /// The model's input ids for a sentence's phonemes. Symbols the voice does not know are
    /// skipped, as Piper does.
    pub fn ids(&self, phonemes: &str) -> Vec<i64> {
        let pad = &self.phoneme_ids[&PAD];
        let mut ids = self.phoneme_ids[&BOS].clone();
        ids.extend(pad);
        for c in phonemes.nfd() {
            if let Some(id) = self.phoneme_ids.get(&c) {
                ids.extend(id);
                ids.extend(pad);
            }
        }
        ids.extend(&self.phoneme_ids[&EOS]);
        ids
    }
}

const PAD: char = '_';
const BOS: char = '^';
const EOS: char = '$';

/// The phonemes of a sentence as Piper's phonemiser writes them: each clause's phonemes, its
/// punctuation, and a space after a `,` `;` or `:`.
pub fn sentence_phonemes(espeak_voice: &str, sentence: &str) -> Result<String> {
    let clauses = text::clauses(sentence);
    if clauses.is_empty() {
        return Err(VoiceError::EmptyText);
    }
    let phonemes = espeak::phonemize(espeak_voice, &clauses)?;
    let mut out = String::new();
    for (clause, p) in clauses.iter().zip(phonemes) {
        out.push_str(&p);
        out.push(clause.terminator);
        if matches!(clause.terminator, ',' | ';' | ':') {
            out.push(' ');
        }
    }
    Ok(out)
}

/// The ONNX Runtime library loaded for this process: `ort` binds one per process, so the first
/// path wins and later calls get its result.
static RUNTIME: OnceLock<std::result::Result<PathBuf, String>> = OnceLock::new();

pub(crate) fn load_runtime(path: &Path) -> Result<()> {
    let loaded = RUNTIME.get_or_init(|| {
        let builder = ort::init_from(path).map_err(|e| e.to_string())?;
        builder.with_name("onsite-voice").commit();
        Ok(path.to_path_buf())
    });
    loaded
        .as_ref()
        .map(|_| ())
        .map_err(|detail| VoiceError::Runtime {
            path: path.to_path_buf(),
            detail: detail.clone(),
        })
}

/// A Piper voice, loaded and ready.
#[derive(Debug)]
pub struct PiperVoice {
    name: String,
    config: PiperConfig,
    session: Session,
}

impl PiperVoice {
    /// Loads the voice `model` (with `model`.json beside it) through the ONNX Runtime
    /// library `runtime`. Checksums are the caller's business ([`crate::library`]).
    pub fn load(name: &str, model: &Path, runtime: &Path) -> Result<Self> {
        let config = PiperConfig::read(&config_path(model))?;
        if !model.is_file() {
            return Err(VoiceError::NotFound {
                path: model.to_path_buf(),
            });
        }
        if !runtime.is_file() {
            return Err(VoiceError::NotFound {
                path: runtime.to_path_buf(),
            });
        }
        load_runtime(runtime)?;
        let model_error = |e: ort::Error| VoiceError::Model {
            path: model.to_path_buf(),
            detail: e.to_string(),
        };
        // Two cores is the floor we promise to be real time on; more threads than cores only
        // adds contention with the recording and Whisper threads.
        let threads = std::thread::available_parallelism().map_or(2, |n| n.get().min(4));
        let session = Session::builder()
            .and_then(|b| {
                b.with_optimization_level(GraphOptimizationLevel::Level3)
                    .map_err(Into::into)
            })
            .and_then(|b| b.with_intra_threads(threads).map_err(Into::into))
            .and_then(|mut b| b.commit_from_file(model))
            .map_err(model_error)?;
        Ok(Self {
            name: name.to_string(),
            config,
            session,
        })
    }

    pub fn config(&self) -> &PiperConfig {
        &self.config
    }
}

/// A voice's config file: `<model>.json` (`en_US-joe-medium.onnx.json`).
pub fn config_path(model: &Path) -> PathBuf {
    let mut name = model.as_os_str().to_owned();
    name.push(".json");
    PathBuf::from(name)
}

impl Voice for PiperVoice {
    fn name(&self) -> &str {
        &self.name
    }

    fn kind(&self) -> VoiceKind {
        VoiceKind::Piper
    }

    fn sample_rate(&self) -> u32 {
        self.config.sample_rate
    }

    fn synthesize_sentence(&mut self, sentence: &str, speed: f32) -> Result<Audio> {
        crate::check_speed(speed)?;
        let phonemes = sentence_phonemes(&self.config.espeak_voice, sentence)?;
        let ids = self.config.ids(&phonemes);
        let failed = |e: ort::Error| VoiceError::Synthesis {
            detail: e.to_string(),
        };
        let n = ids.len();
        let input = Tensor::from_array(([1usize, n], ids)).map_err(failed)?;
        let lengths = Tensor::from_array(([1usize], vec![n as i64])).map_err(failed)?;
        let scales = Tensor::from_array((
            [3usize],
            vec![
                self.config.noise_scale,
                self.config.length_scale / speed,
                self.config.noise_w,
            ],
        ))
        .map_err(failed)?;
        let samples: Vec<f32> = if self.config.num_speakers > 1 {
            let sid = Tensor::from_array(([1usize], vec![0i64])).map_err(failed)?;
            let outputs = self
                .session
                .run(ort::inputs!["input" => input, "input_lengths" => lengths, "scales" => scales, "sid" => sid])
                .map_err(failed)?;
            outputs[0]
                .try_extract_tensor::<f32>()
                .map_err(failed)?
                .1
                .to_vec()
        } else {
            let outputs = self
                .session
                .run(ort::inputs!["input" => input, "input_lengths" => lengths, "scales" => scales])
                .map_err(failed)?;
            outputs[0]
                .try_extract_tensor::<f32>()
                .map_err(failed)?
                .1
                .to_vec()
        };
        Ok(Audio {
            samples: normalize(samples),
            sample_rate: self.config.sample_rate,
        })
    }
}

/// Piper's own output step: the model's samples scaled so the loudest is at full scale (the
/// model's level varies from sentence to sentence), here to 0.9 to leave headroom.
fn normalize(mut samples: Vec<f32>) -> Vec<f32> {
    let peak = samples.iter().fold(0.0f32, |m, s| m.max(s.abs()));
    if peak > 1e-8 {
        let gain = 0.9 / peak;
        samples.iter_mut().for_each(|s| *s *= gain);
    }
    samples
}

#[cfg(test)]
mod tests {
    use super::*;

    const CONFIG: &str = r#"{"audio":{"sample_rate":22050},"espeak":{"voice":"en-us"},
        "phoneme_type":"espeak","phoneme_id_map":{"_":[0],"^":[1],"$":[2]," ":[3],"a":[14],"\u0303":[141]}}"#;

    #[test]
    fn ids_pad_every_symbol_and_decompose_accents() {
        let c = PiperConfig::parse(CONFIG.as_bytes()).unwrap();
        // "ã" is "a" + U+0303 once decomposed; "z" is unknown and skipped.
        assert_eq!(c.ids("a ãz"), vec![1, 0, 14, 0, 3, 0, 14, 0, 141, 0, 2]);
        assert_eq!(c.espeak_voice, "en-us");
        assert_eq!(c.sample_rate, 22050);
    }

    #[test]
    fn bad_configs_say_what_is_wrong() {
        let err = PiperConfig::parse(b"{}").unwrap_err();
        assert!(err.contains("sample_rate"), "{err}");
        let no_pad = CONFIG.replace(r#""_":[0],"#, "");
        assert!(PiperConfig::parse(no_pad.as_bytes())
            .unwrap_err()
            .contains("'_'"));
        let bad_voice = CONFIG.replace("en-us", "en us; rm");
        assert!(PiperConfig::parse(bad_voice.as_bytes())
            .unwrap_err()
            .contains("espeak.voice"));
        assert!(PiperConfig::parse(b"\xff\x00")
            .unwrap_err()
            .contains("JSON"));
    }
}
