//! 48 kHz mono Opus in 20 ms packets, the audio codec of every take.

use crate::error::{CaptureError, Result};

/// Samples per Opus packet: 20 ms at 48 kHz.
pub const FRAME: usize = 960;
/// Speech at 32 kb/s is transparent for review and keeps a 15-minute take small.
const BITRATE: i32 = 32_000;

/// Buffers samples into whole 20 ms frames and encodes each to one Opus packet.
pub struct OpusEncoder {
    encoder: opus::Encoder,
    pending: Vec<f32>,
    packet: Vec<u8>,
}

impl std::fmt::Debug for OpusEncoder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OpusEncoder")
            .field("pending", &self.pending.len())
            .finish()
    }
}

impl OpusEncoder {
    pub fn new() -> Result<Self> {
        let mut encoder = opus::Encoder::new(48_000, opus::Channels::Mono, opus::Application::Voip)
            .map_err(|e| CaptureError::AudioEncoder(e.to_string()))?;
        encoder
            .set_bitrate(opus::Bitrate::Bits(BITRATE))
            .map_err(|e| CaptureError::AudioEncoder(e.to_string()))?;
        Ok(Self {
            encoder,
            pending: Vec::with_capacity(FRAME * 4),
            packet: vec![0; 4000],
        })
    }

    /// Encodes every whole frame now available; `emit` gets each packet in order.
    pub fn push(&mut self, samples: &[f32], mut emit: impl FnMut(&[u8])) -> Result<()> {
        self.pending.extend_from_slice(samples);
        let mut start = 0;
        while self.pending.len() - start >= FRAME {
            let n = self
                .encoder
                .encode_float(&self.pending[start..start + FRAME], &mut self.packet)
                .map_err(|e| CaptureError::AudioEncoder(e.to_string()))?;
            emit(&self.packet[..n]);
            start += FRAME;
        }
        self.pending.drain(..start);
        Ok(())
    }

    /// Pads the last partial frame with silence and encodes it.
    pub fn finish(&mut self, emit: impl FnMut(&[u8])) -> Result<()> {
        if self.pending.is_empty() {
            return Ok(());
        }
        let pad = FRAME - self.pending.len();
        let silence = vec![0.0; pad];
        self.push(&silence, emit)
    }
}
