//! Silero VAD, a learned voice activity detector (the `silero_vad.onnx` that the `silero-vad`
//! PyPI package ships), run through the same ONNX Runtime library as the Piper voice.
//!
//! It is here to be measured against the energy detector that hands-free turns use
//! (`onsite bench vad`); the app does not load it (the README's hands-free section says why).
//! It lives in this crate because this crate owns the process's one ONNX Runtime binding.

use std::path::Path;

use ort::session::Session;
use ort::value::Tensor;

use crate::error::{Result, VoiceError};

/// Samples per call at 16 kHz (32 ms), the model's window.
pub const CHUNK: usize = 512;
/// Samples of the previous window the model sees before each new one.
const CONTEXT: usize = 64;
const STATE: usize = 2 * 128;

/// One Silero VAD stream at 16 kHz.
#[derive(Debug)]
pub struct SileroVad {
    session: Session,
    state: Vec<f32>,
    context: Vec<f32>,
}

impl SileroVad {
    /// Loads `model` through the ONNX Runtime library `runtime` (the voice's).
    pub fn load(model: &Path, runtime: &Path) -> Result<Self> {
        for file in [model, runtime] {
            if !file.is_file() {
                return Err(VoiceError::NotFound {
                    path: file.to_path_buf(),
                });
            }
        }
        crate::piper::load_runtime(runtime)?;
        let session = Session::builder()
            .and_then(|b| b.with_intra_threads(1).map_err(Into::into))
            .and_then(|mut b| b.commit_from_file(model))
            .map_err(|e| VoiceError::Model {
                path: model.to_path_buf(),
                detail: e.to_string(),
            })?;
        Ok(Self {
            session,
            state: vec![0.0; STATE],
            context: vec![0.0; CONTEXT],
        })
    }

    /// Forgets the audio so far (a new stream).
    pub fn reset(&mut self) {
        self.state.iter_mut().for_each(|s| *s = 0.0);
        self.context.iter_mut().for_each(|s| *s = 0.0);
    }

    /// The probability that `chunk` ([`CHUNK`] samples at 16 kHz) holds speech.
    pub fn probability(&mut self, chunk: &[f32]) -> Result<f32> {
        let failed = |e: ort::Error| VoiceError::Synthesis {
            detail: format!("silero vad: {e}"),
        };
        let mut x = Vec::with_capacity(CONTEXT + CHUNK);
        x.extend_from_slice(&self.context);
        x.extend(
            chunk
                .iter()
                .copied()
                .chain(std::iter::repeat(0.0))
                .take(CHUNK),
        );
        self.context.copy_from_slice(&x[x.len() - CONTEXT..]);
        let input = Tensor::from_array(([1usize, CONTEXT + CHUNK], x)).map_err(failed)?;
        let state = Tensor::from_array(([2usize, 1, 128], self.state.clone())).map_err(failed)?;
        let sr = Tensor::from_array((Vec::<usize>::new(), vec![16_000i64])).map_err(failed)?;
        let outputs = self
            .session
            .run(ort::inputs!["input" => input, "state" => state, "sr" => sr])
            .map_err(failed)?;
        let p = outputs[0]
            .try_extract_tensor::<f32>()
            .map_err(failed)?
            .1
            .first()
            .copied()
            .unwrap_or(0.0);
        let next = outputs[1].try_extract_tensor::<f32>().map_err(failed)?.1;
        if next.len() == STATE {
            self.state.copy_from_slice(next);
        }
        Ok(p)
    }
}
