//! A lock-free level meter: the audio callback stores, the UI reads (~10 times a second).

use std::sync::atomic::{AtomicU32, Ordering};

/// Peak and RMS of the most recent block, as f32 bits in atomics so the writer never blocks.
#[derive(Debug, Default)]
pub struct LevelMeter {
    peak: AtomicU32,
    rms: AtomicU32,
}

/// One reading of the meter, linear amplitude in 0.0..=1.0.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Level {
    pub peak: f32,
    pub rms: f32,
}

/// The quietest level reported, in dBFS: digital silence reads as this, not minus infinity.
pub const FLOOR_DB: f32 = -100.0;

impl Level {
    /// Peak in dBFS (0 = full scale), never below [`FLOOR_DB`].
    pub fn peak_db(&self) -> f32 {
        to_db(self.peak)
    }

    /// RMS in dBFS, never below [`FLOOR_DB`].
    pub fn rms_db(&self) -> f32 {
        to_db(self.rms)
    }
}

fn to_db(linear: f32) -> f32 {
    if linear <= 0.0 {
        return FLOOR_DB;
    }
    (20.0 * linear.log10()).max(FLOOR_DB)
}

impl LevelMeter {
    pub fn new() -> Self {
        Self::default()
    }

    /// Measures one block. Allocation-free and wait-free: safe on the audio callback thread.
    pub fn record(&self, samples: &[f32]) {
        if samples.is_empty() {
            return;
        }
        let mut peak = 0.0f32;
        let mut sum = 0.0f32;
        for &s in samples {
            peak = peak.max(s.abs());
            sum += s * s;
        }
        let rms = (sum / samples.len() as f32).sqrt();
        self.peak.store(peak.min(1.0).to_bits(), Ordering::Relaxed);
        self.rms.store(rms.min(1.0).to_bits(), Ordering::Relaxed);
    }

    /// Stores a level measured elsewhere (e.g. over a window of blocks).
    pub fn store(&self, level: Level) {
        self.peak
            .store(level.peak.min(1.0).to_bits(), Ordering::Relaxed);
        self.rms
            .store(level.rms.min(1.0).to_bits(), Ordering::Relaxed);
    }

    pub fn read(&self) -> Level {
        Level {
            peak: f32::from_bits(self.peak.load(Ordering::Relaxed)),
            rms: f32::from_bits(self.rms.load(Ordering::Relaxed)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_peak_and_rms_of_the_last_block() {
        let meter = LevelMeter::new();
        assert_eq!(
            meter.read(),
            Level {
                peak: 0.0,
                rms: 0.0
            }
        );
        meter.record(&[0.5, -0.5, 0.5, -0.5]);
        let level = meter.read();
        assert!((level.peak - 0.5).abs() < 1e-6);
        assert!((level.rms - 0.5).abs() < 1e-6);
        assert!((level.peak_db() + 6.02).abs() < 0.01);
        assert_eq!(
            Level {
                peak: 0.0,
                rms: 0.0
            }
            .rms_db(),
            FLOOR_DB
        );
        meter.record(&[0.0, -2.0]);
        assert_eq!(
            meter.read().peak,
            1.0,
            "clipped input is capped at full scale"
        );
    }
}
