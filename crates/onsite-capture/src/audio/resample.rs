//! Mono sample-rate conversion with rubato, fed in blocks of any size.

use rubato::{FftFixedIn, Resampler};

use crate::error::{CaptureError, Result};

/// Input frames per rubato call: 10 ms at 48 kHz keeps latency low for live transcription.
const CHUNK: usize = 480;

/// Converts a mono stream from one rate to another; a pass-through when the rates match.
pub struct MonoResampler {
    inner: Option<FftFixedIn<f32>>,
    pending: Vec<f32>,
    out_buf: Vec<Vec<f32>>,
}

impl std::fmt::Debug for MonoResampler {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MonoResampler")
            .field("passthrough", &self.inner.is_none())
            .field("pending", &self.pending.len())
            .finish()
    }
}

impl MonoResampler {
    pub fn new(from_rate: u32, to_rate: u32) -> Result<Self> {
        if from_rate == to_rate {
            return Ok(Self {
                inner: None,
                pending: Vec::new(),
                out_buf: Vec::new(),
            });
        }
        let inner = FftFixedIn::<f32>::new(from_rate as usize, to_rate as usize, CHUNK, 2, 1)
            .map_err(|e| CaptureError::Resample(e.to_string()))?;
        let out_buf = vec![vec![0.0; inner.output_frames_max()]];
        Ok(Self {
            inner: Some(inner),
            pending: Vec::with_capacity(CHUNK * 4),
            out_buf,
        })
    }

    /// Resamples `input`, appending whatever output is ready to `out`.
    pub fn process(&mut self, input: &[f32], out: &mut Vec<f32>) -> Result<()> {
        let Some(inner) = self.inner.as_mut() else {
            out.extend_from_slice(input);
            return Ok(());
        };
        self.pending.extend_from_slice(input);
        let mut start = 0;
        while self.pending.len() - start >= inner.input_frames_next() {
            let need = inner.input_frames_next();
            let (used, produced) = inner
                .process_into_buffer(
                    &[&self.pending[start..start + need]],
                    &mut self.out_buf,
                    None,
                )
                .map_err(|e| CaptureError::Resample(e.to_string()))?;
            out.extend_from_slice(&self.out_buf[0][..produced]);
            start += used;
        }
        self.pending.drain(..start);
        Ok(())
    }

    /// Pushes out the tail held back for the next chunk (zero-padded), at the end of a stream.
    pub fn flush(&mut self, out: &mut Vec<f32>) -> Result<()> {
        let Some(inner) = self.inner.as_mut() else {
            return Ok(());
        };
        if self.pending.is_empty() {
            return Ok(());
        }
        let (_, produced) = inner
            .process_partial_into_buffer(Some(&[&self.pending[..]]), &mut self.out_buf, None)
            .map_err(|e| CaptureError::Resample(e.to_string()))?;
        out.extend_from_slice(&self.out_buf[0][..produced]);
        self.pending.clear();
        Ok(())
    }

    /// Output frames by which the converter delays the signal.
    pub fn delay(&self) -> usize {
        self.inner.as_ref().map_or(0, |r| r.output_delay())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sine(rate: u32, hz: f32, n: usize) -> Vec<f32> {
        (0..n)
            .map(|i| (2.0 * std::f32::consts::PI * hz * i as f32 / rate as f32).sin() * 0.5)
            .collect()
    }

    #[test]
    fn converts_48k_to_16k_keeping_length_and_tone() {
        let input = sine(48_000, 440.0, 48_000);
        let mut r = MonoResampler::new(48_000, 16_000).expect("resampler");
        let mut out = Vec::new();
        // Odd block sizes, as a device would deliver them.
        for block in input.chunks(333) {
            r.process(block, &mut out).expect("process");
        }
        r.flush(&mut out).expect("flush");
        let delay = r.delay();
        assert!(
            (out.len() as i64 - 16_000 - delay as i64).abs() < 200,
            "got {} samples",
            out.len()
        );
        // Compare against the ideal 16 kHz sine after removing the converter's delay.
        let ideal = sine(16_000, 440.0, 15_000);
        let got = &out[delay..delay + 15_000];
        let err: f32 = ideal
            .iter()
            .zip(got)
            .map(|(a, b)| (a - b).powi(2))
            .sum::<f32>()
            / 15_000.0;
        assert!(err < 1e-3, "mean squared error {err}");
    }

    #[test]
    fn equal_rates_pass_through() {
        let mut r = MonoResampler::new(16_000, 16_000).expect("resampler");
        let mut out = Vec::new();
        r.process(&[0.1, 0.2, 0.3], &mut out).expect("process");
        assert_eq!(out, vec![0.1, 0.2, 0.3]);
    }
}
