//! Incremental resampling of mono audio to 16 kHz, chunk by chunk, so long files never sit whole
//! in memory.

use rubato::{FftFixedIn, Resampler};

use crate::error::SpeechError;
use crate::SAMPLE_RATE;

/// Input frames per FFT block: small enough to keep latency and memory low, large enough to be
/// cheap per sample.
const BLOCK_IN: usize = 1024;

/// Converts a mono stream at `rate_in` to 16 kHz, trimming the filter delay so output sample `n`
/// lines up with input time `n / 16000` s.
pub(crate) struct Resampler16k {
    inner: FftFixedIn<f32>,
    rate_in: u32,
    pending: Vec<f32>,
    to_skip: usize,
    frames_in: u64,
    frames_out: u64,
}

impl std::fmt::Debug for Resampler16k {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Resampler16k")
            .field("rate_in", &self.rate_in)
            .finish_non_exhaustive()
    }
}

fn rubato_err(err: impl std::fmt::Display) -> SpeechError {
    SpeechError::Resample(err.to_string())
}

impl Resampler16k {
    pub(crate) fn new(rate_in: u32) -> Result<Self, SpeechError> {
        let inner = FftFixedIn::<f32>::new(rate_in as usize, SAMPLE_RATE as usize, BLOCK_IN, 2, 1)
            .map_err(rubato_err)?;
        let to_skip = inner.output_delay();
        Ok(Self {
            inner,
            rate_in,
            pending: Vec::with_capacity(BLOCK_IN * 2),
            to_skip,
            frames_in: 0,
            frames_out: 0,
        })
    }

    /// Feeds `input` and appends whatever output is ready to `out`.
    pub(crate) fn push(&mut self, input: &[f32], out: &mut Vec<f32>) -> Result<(), SpeechError> {
        self.frames_in += input.len() as u64;
        self.pending.extend_from_slice(input);
        let mut start = 0;
        while self.pending.len() - start >= self.inner.input_frames_next() {
            let need = self.inner.input_frames_next();
            let block = &self.pending[start..start + need];
            let produced = self.inner.process(&[block], None).map_err(rubato_err)?;
            start += need;
            self.emit(&produced[0], out);
        }
        self.pending.drain(..start);
        Ok(())
    }

    /// Flushes the tail; the total output is exactly the input duration at 16 kHz.
    pub(crate) fn finish(&mut self, out: &mut Vec<f32>) -> Result<(), SpeechError> {
        let expected = self.frames_in * u64::from(SAMPLE_RATE) / u64::from(self.rate_in);
        if !self.pending.is_empty() {
            let rest = std::mem::take(&mut self.pending);
            let produced = self
                .inner
                .process_partial(Some(&[rest.as_slice()]), None)
                .map_err(rubato_err)?;
            self.emit_bounded(&produced[0], expected, out);
        }
        // The filter delay still holds the last few milliseconds: push silence through it.
        let mut guard = 0;
        while self.frames_out < expected && guard < 16 {
            let produced = self
                .inner
                .process_partial(None::<&[&[f32]]>, None)
                .map_err(rubato_err)?;
            self.emit_bounded(&produced[0], expected, out);
            guard += 1;
        }
        Ok(())
    }

    fn emit(&mut self, produced: &[f32], out: &mut Vec<f32>) {
        self.emit_bounded(produced, u64::MAX, out);
    }

    fn emit_bounded(&mut self, produced: &[f32], limit: u64, out: &mut Vec<f32>) {
        let skip = self.to_skip.min(produced.len());
        self.to_skip -= skip;
        let room = usize::try_from(limit.saturating_sub(self.frames_out)).unwrap_or(usize::MAX);
        let take = (produced.len() - skip).min(room);
        out.extend_from_slice(&produced[skip..skip + take]);
        self.frames_out += take as u64;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sine(rate: u32, hz: f32, secs: f32) -> Vec<f32> {
        let n = (rate as f32 * secs) as usize;
        (0..n)
            .map(|i| (2.0 * std::f32::consts::PI * hz * i as f32 / rate as f32).sin() * 0.5)
            .collect()
    }

    #[test]
    fn keeps_duration_and_pitch_across_odd_chunk_sizes() {
        for rate in [8_000, 22_050, 44_100, 48_000, 96_000] {
            let input = sine(rate, 440.0, 2.0);
            let mut r = Resampler16k::new(rate).unwrap();
            let mut out = Vec::new();
            for chunk in input.chunks(777) {
                r.push(chunk, &mut out).unwrap();
            }
            r.finish(&mut out).unwrap();
            assert_eq!(out.len(), 32_000, "rate {rate}");
            // Count zero crossings in the steady middle: 440 Hz -> 880 per second.
            let mid = &out[8_000..24_000];
            let crossings = mid
                .windows(2)
                .filter(|w| (w[0] < 0.0) != (w[1] < 0.0))
                .count();
            assert!((870..=890).contains(&crossings), "rate {rate}: {crossings}");
            // Delay trimmed: the signal is already present in the first milliseconds.
            let head: f32 = out[80..400].iter().map(|s| s.abs()).sum::<f32>() / 320.0;
            assert!(head > 0.2, "rate {rate}: head energy {head}");
        }
    }
}
