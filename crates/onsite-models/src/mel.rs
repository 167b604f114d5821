//! The mel filterbank stored in every ggml Whisper file.
//!
//! Whisper was trained with `librosa.filters.mel(sr=16000, n_fft=400, n_mels=80)` (Slaney mel
//! scale and Slaney area normalisation); whisper.cpp reads the matrix from the model file
//! rather than computing it, so the converter must write exactly that matrix. Computed in f64
//! like librosa and rounded to f32 at the end, as in Whisper's `mel_filters.npz`.

/// Whisper's audio front end.
pub const SAMPLE_RATE: u32 = 16_000;
pub const N_FFT: usize = 400;

const F_SP: f64 = 200.0 / 3.0;
const MIN_LOG_HZ: f64 = 1000.0;
const MIN_LOG_MEL: f64 = MIN_LOG_HZ / F_SP;

fn log_step() -> f64 {
    6.4f64.ln() / 27.0
}

/// Slaney's mel scale: linear below 1 kHz, logarithmic above.
pub fn hz_to_mel(hz: f64) -> f64 {
    if hz >= MIN_LOG_HZ {
        MIN_LOG_MEL + (hz / MIN_LOG_HZ).ln() / log_step()
    } else {
        hz / F_SP
    }
}

pub fn mel_to_hz(mel: f64) -> f64 {
    if mel >= MIN_LOG_MEL {
        MIN_LOG_HZ * (log_step() * (mel - MIN_LOG_MEL)).exp()
    } else {
        F_SP * mel
    }
}

/// `n_mels` rows of `n_fft / 2 + 1` weights, row-major: triangular filters between
/// consecutive mel-spaced frequencies from 0 Hz to Nyquist, each scaled to unit area.
pub fn filterbank(sample_rate: u32, n_fft: usize, n_mels: usize) -> Vec<f32> {
    let n_freqs = n_fft / 2 + 1;
    let nyquist = f64::from(sample_rate) / 2.0;
    // Same operations, in the same order, as numpy's rfftfreq and linspace, so the f32
    // results match librosa's bit for bit rather than merely closely.
    let bin_hz = 1.0 / (n_fft as f64 * (1.0 / f64::from(sample_rate)));
    let fft_freqs: Vec<f64> = (0..n_freqs).map(|i| i as f64 * bin_hz).collect();
    let (lo, hi) = (hz_to_mel(0.0), hz_to_mel(nyquist));
    let step = (hi - lo) / (n_mels + 1) as f64;
    let mel_f: Vec<f64> = (0..n_mels + 2)
        .map(|i| {
            let mel = if i == n_mels + 1 {
                hi
            } else {
                i as f64 * step + lo
            };
            mel_to_hz(mel)
        })
        .collect();
    let mut weights = Vec::with_capacity(n_mels * n_freqs);
    for m in 0..n_mels {
        let (left, center, right) = (mel_f[m], mel_f[m + 1], mel_f[m + 2]);
        let enorm = 2.0 / (right - left);
        for &f in &fft_freqs {
            // Written as librosa writes it, down to the sign of zero: at 0 Hz the first
            // filter's weight is -0.0 in Whisper's own matrix.
            let lower = -(left - f) / (center - left);
            let upper = (right - f) / (right - center);
            let edge = lower.min(upper);
            // librosa stores the triangle in an f32 array, then scales it in f64.
            let triangle = if edge < 0.0 { 0.0 } else { edge as f32 };
            weights.push((f64::from(triangle) * enorm) as f32);
        }
    }
    weights
}

#[cfg(test)]
mod tests {
    use sha2::Digest;

    use super::*;

    /// Reference values from `mel_filters.npz` in the openai-whisper 20250625 sdist (the
    /// librosa output Whisper was trained with), as (mel row, FFT bin, weight); plus the
    /// range of non-zero bins of each of those rows.
    const WHISPER_NPZ: [(usize, usize, f32, (usize, usize)); 7] = [
        (0, 1, 0.024_862_595, (1, 1)),
        (1, 2, 0.022_871_772, (1, 2)),
        (5, 6, 0.014_908_484, (5, 6)),
        (20, 20, 0.013_890_394, (19, 20)),
        (40, 43, 0.014_735_566, (42, 44)),
        (60, 93, 0.006_591_093, (90, 96)),
        (79, 193, 0.003_141_313, (186, 199)),
    ];

    #[test]
    fn matches_whisper_librosa_filterbank() {
        let w = filterbank(SAMPLE_RATE, N_FFT, 80);
        assert_eq!(w.len(), 80 * 201);
        for (row, bin, want, (first, last)) in WHISPER_NPZ {
            let got = w[row * 201 + bin];
            assert!(
                (got - want).abs() <= want * 1e-6,
                "mel {row} bin {bin}: {got} vs {want}"
            );
            let nonzero: Vec<usize> = (0..201).filter(|&j| w[row * 201 + j] != 0.0).collect();
            assert_eq!(
                (nonzero[0], nonzero[nonzero.len() - 1]),
                (first, last),
                "mel {row}"
            );
        }
        // A whole-matrix check on top of the samples: the npz sums to 1.999024092 (in f64).
        let total: f64 = w.iter().map(|&x| f64::from(x)).sum();
        assert!((total - 1.999_024_092).abs() < 1e-6, "{total}");
        // And bit for bit: sha256 of the npz's `mel_80` array as little-endian f32 bytes.
        let bytes: Vec<u8> = w.iter().flat_map(|x| x.to_le_bytes()).collect();
        let hash = crate::checksum::to_hex(&sha2::Sha256::digest(&bytes));
        assert_eq!(
            hash,
            "4f2701b1d287d74a0dc9871026e9519d98cb76426615f2539b0d151a0ae4ec2e"
        );
    }

    #[test]
    fn mel_scale_round_trips_and_is_continuous_at_1khz() {
        for hz in [0.0, 440.0, 999.9, 1000.0, 4000.0, 8000.0] {
            assert!((mel_to_hz(hz_to_mel(hz)) - hz).abs() < 1e-9);
        }
        assert!((hz_to_mel(1000.0) - 15.0).abs() < 1e-12);
        assert!((hz_to_mel(999.999_999) - 15.0).abs() < 1e-6);
    }
}
