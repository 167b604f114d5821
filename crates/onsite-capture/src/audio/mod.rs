//! Pure audio processing: no devices, no threads, no state beyond the samples at hand.

pub mod level;
pub mod opus_encoder;
pub mod resample;

/// Sample rate the Opus track is recorded at.
pub const RECORD_RATE: u32 = 48_000;
/// Sample rate Whisper wants.
pub const SPEECH_RATE: u32 = 16_000;

/// Interleaved sample layout delivered by an audio source.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct AudioFormat {
    pub sample_rate: u32,
    pub channels: u16,
}

/// Averages interleaved frames down to mono, appending to `out`.
pub fn downmix_into(interleaved: &[f32], channels: u16, out: &mut Vec<f32>) {
    let channels = usize::from(channels.max(1));
    if channels == 1 {
        out.extend_from_slice(interleaved);
        return;
    }
    let scale = 1.0 / channels as f32;
    out.extend(
        interleaved
            .chunks_exact(channels)
            .map(|frame| frame.iter().sum::<f32>() * scale),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn downmix_averages_frames_and_drops_a_partial_frame() {
        let mut out = Vec::new();
        downmix_into(&[1.0, 0.0, 0.5, 0.5, 0.25], 2, &mut out);
        assert_eq!(out, vec![0.5, 0.5]);
        downmix_into(&[0.1, 0.2], 1, &mut out);
        assert_eq!(out, vec![0.5, 0.5, 0.1, 0.2]);
    }
}
