//! The paused stretches of a take. A paused take records nothing: samples and frames captured
//! inside a stretch are dropped, and everything after it is moved earlier by the time spent
//! paused, so the file, and the transcript made from the same samples, read as one continuous
//! answer without a silent gap.
//!
//! Pure bookkeeping on the monotonic clock; the recorder's workers consult it per block or
//! frame (never the audio callback).

use std::time::{Duration, Instant};

/// Paused stretches, in order; the last may still be open.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PauseClock {
    spans: Vec<(Instant, Option<Instant>)>,
}

impl PauseClock {
    /// Starts a paused stretch at `at`. False (and nothing changes) when already paused or
    /// when `at` lies before the end of the previous stretch.
    pub fn pause(&mut self, at: Instant) -> bool {
        match self.spans.last() {
            Some((_, None)) => false,
            Some((_, Some(end))) if at < *end => false,
            _ => {
                self.spans.push((at, None));
                true
            }
        }
    }

    /// Ends the open stretch at `at` (at its start if `at` is earlier). False when not paused.
    pub fn resume(&mut self, at: Instant) -> bool {
        match self.spans.last_mut() {
            Some((start, end @ None)) => {
                *end = Some(at.max(*start));
                true
            }
            _ => false,
        }
    }

    pub fn is_paused(&self) -> bool {
        matches!(self.spans.last(), Some((_, None)))
    }

    /// True when `t` falls inside a paused stretch (start included, end excluded).
    pub fn paused_at(&self, t: Instant) -> bool {
        self.spans
            .iter()
            .any(|(s, e)| t >= *s && e.is_none_or(|e| t < e))
    }

    /// How long the take was paused before `t`.
    pub fn paused_before(&self, t: Instant) -> Duration {
        self.spans
            .iter()
            .filter(|(s, _)| *s < t)
            .map(|(s, e)| e.map_or(t, |e| e.min(t)).saturating_duration_since(*s))
            .sum()
    }

    /// True when there was never a pause (the recorder's fast path).
    pub fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ms(base: Instant, n: u64) -> Instant {
        base + Duration::from_millis(n)
    }

    #[test]
    fn stretches_cover_their_span_and_shift_what_follows() {
        let t0 = Instant::now();
        let mut c = PauseClock::default();
        assert!(c.is_empty() && !c.paused_at(ms(t0, 5)));
        assert!(c.pause(ms(t0, 100)));
        assert!(!c.pause(ms(t0, 150)), "already paused");
        assert!(c.is_paused());
        assert_eq!(c.paused_before(ms(t0, 130)), Duration::from_millis(30));
        assert!(c.resume(ms(t0, 300)));
        assert!(!c.resume(ms(t0, 310)), "not paused");
        assert!(c.paused_at(ms(t0, 100)) && c.paused_at(ms(t0, 299)));
        assert!(!c.paused_at(ms(t0, 99)) && !c.paused_at(ms(t0, 300)));
        assert_eq!(c.paused_before(ms(t0, 50)), Duration::ZERO);
        assert_eq!(c.paused_before(ms(t0, 1_000)), Duration::from_millis(200));
        assert!(
            !c.pause(ms(t0, 250)),
            "a pause cannot start inside the last one"
        );
        assert!(c.pause(ms(t0, 500)));
        assert!(
            c.resume(ms(t0, 400)),
            "an early resume closes the stretch at its start"
        );
        assert_eq!(c.paused_before(ms(t0, 1_000)), Duration::from_millis(200));
    }
}
