//! Voice activity detection on 16 kHz mono audio: which 20 ms frames hold speech, and the
//! speech spans with the pauses between them.
//!
//! Energy against an adaptive noise floor (the minimum level over the last few seconds) with an
//! onset debounce and a hangover: cheap enough to run on every chunk, robust to steady room noise,
//! and independent of Whisper, so pauses are measured on the audio itself rather than taken from
//! Whisper's segment timestamps, which drift on long audio.

use std::collections::VecDeque;

use onsite_transcript::Span;

/// Samples per analysis frame (20 ms at 16 kHz).
pub const FRAME: usize = 320;
pub const FRAME_MS: u64 = 20;

/// Tuning of the detector. The defaults suit a laptop microphone in a quiet room.
#[derive(Debug, Clone, PartialEq)]
pub struct VadConfig {
    /// A frame is voiced when this many dB above the noise floor...
    pub threshold_db: f32,
    /// ...and above this absolute level (dBFS), so digital silence and hiss never count.
    pub min_level_dbfs: f32,
    /// Voiced frames in a row needed to start speech: a click or a cough's tail is not speech.
    pub onset_frames: u32,
    /// Silence shorter than this stays inside a speech span (gaps between words).
    pub hangover_ms: u64,
    /// How far back the noise floor looks for its minimum.
    pub floor_window_ms: u64,
}

impl Default for VadConfig {
    fn default() -> Self {
        Self {
            threshold_db: 12.0,
            min_level_dbfs: -48.0,
            onset_frames: 3,
            hangover_ms: 300,
            floor_window_ms: 3_000,
        }
    }
}

/// What one frame changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VadEvent {
    /// Speech started at this frame (the first of the onset run).
    SpeechStart { frame: u64 },
    /// Speech that started at `start_frame` ended after `end_frame` (exclusive).
    SpeechEnd { start_frame: u64, end_frame: u64 },
}

/// A frame's verdict.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FrameVerdict {
    pub voiced: bool,
    pub level_db: f32,
    /// The adaptive noise floor the frame was judged against (dBFS).
    pub floor_db: f32,
    pub event: Option<VadEvent>,
}

/// The streaming detector: feed it consecutive frames.
#[derive(Debug)]
pub struct Vad {
    cfg: VadConfig,
    /// Monotonic deque of (frame, level) for a sliding-window minimum.
    floor: VecDeque<(u64, f32)>,
    frame: u64,
    onset_run: u32,
    speech_start: Option<u64>,
    last_voiced: u64,
}

/// Level of a frame in dBFS (RMS), floored at -120.
pub fn level_dbfs(frame: &[f32]) -> f32 {
    if frame.is_empty() {
        return -120.0;
    }
    let ms = frame.iter().map(|s| s * s).sum::<f32>() / frame.len() as f32;
    (10.0 * (ms + 1e-12).log10()).max(-120.0)
}

impl Vad {
    pub fn new(cfg: VadConfig) -> Self {
        Self {
            cfg,
            floor: VecDeque::new(),
            frame: 0,
            onset_run: 0,
            speech_start: None,
            last_voiced: 0,
        }
    }

    pub fn config(&self) -> &VadConfig {
        &self.cfg
    }

    /// Frames processed so far.
    pub fn frames(&self) -> u64 {
        self.frame
    }

    pub fn in_speech(&self) -> bool {
        self.speech_start.is_some()
    }

    /// Classifies the next frame (normally [`FRAME`] samples).
    pub fn process(&mut self, samples: &[f32]) -> FrameVerdict {
        let n = self.frame;
        self.frame += 1;
        let level = level_dbfs(samples);
        let window = (self.cfg.floor_window_ms / FRAME_MS).max(1);
        while self.floor.back().is_some_and(|&(_, l)| l >= level) {
            self.floor.pop_back();
        }
        self.floor.push_back((n, level));
        while self.floor.front().is_some_and(|&(f, _)| f + window <= n) {
            self.floor.pop_front();
        }
        let floor = self.floor.front().map_or(level, |&(_, l)| l);
        let voiced = level > floor + self.cfg.threshold_db && level > self.cfg.min_level_dbfs;

        let mut event = None;
        if voiced {
            self.onset_run += 1;
            if self.speech_start.is_some() {
                self.last_voiced = n;
            } else if self.onset_run >= self.cfg.onset_frames {
                let start = n + 1 - u64::from(self.onset_run);
                self.speech_start = Some(start);
                self.last_voiced = n;
                event = Some(VadEvent::SpeechStart { frame: start });
            }
        } else {
            self.onset_run = 0;
            if let Some(start) = self.speech_start {
                let silent_frames = n - self.last_voiced;
                if silent_frames * FRAME_MS >= self.cfg.hangover_ms {
                    self.speech_start = None;
                    event = Some(VadEvent::SpeechEnd {
                        start_frame: start,
                        end_frame: self.last_voiced + 1,
                    });
                }
            }
        }
        FrameVerdict {
            voiced,
            level_db: level,
            floor_db: floor,
            event,
        }
    }

    /// Closes a span still open at the end of the audio.
    pub fn finish(&mut self) -> Option<VadEvent> {
        self.speech_start.take().map(|start| VadEvent::SpeechEnd {
            start_frame: start,
            end_frame: self.last_voiced + 1,
        })
    }
}

/// Speech spans and the pauses between them, accumulated from [`VadEvent`]s.
#[derive(Debug, Default, Clone)]
pub struct SpeechMap {
    speech: Vec<Span>,
}

impl SpeechMap {
    pub fn record(&mut self, event: VadEvent) {
        if let VadEvent::SpeechEnd {
            start_frame,
            end_frame,
        } = event
        {
            self.speech.push(Span {
                start_ms: start_frame * FRAME_MS,
                end_ms: end_frame * FRAME_MS,
            });
        }
    }

    pub fn speech(&self) -> &[Span] {
        &self.speech
    }

    /// Total speaking time.
    pub fn speaking_ms(&self) -> u64 {
        self.speech.iter().map(Span::duration_ms).sum()
    }

    /// Silences between speech spans (leading and trailing silence is not a pause in speaking).
    /// Each is at least the detector's hangover long.
    pub fn pauses(&self) -> Vec<Span> {
        self.speech
            .windows(2)
            .map(|w| Span {
                start_ms: w[0].end_ms,
                end_ms: w[1].start_ms,
            })
            .filter(|s| s.duration_ms() > 0)
            .collect()
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Deterministic white-ish noise at a given RMS level.
    pub(crate) fn noise(n: usize, rms: f32, seed: &mut u32) -> Vec<f32> {
        (0..n)
            .map(|_| {
                *seed = seed.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
                ((*seed >> 8) as f32 / (1u32 << 24) as f32 * 2.0 - 1.0) * rms * 1.732
            })
            .collect()
    }

    fn tone(n: usize, amp: f32) -> Vec<f32> {
        (0..n)
            .map(|i| (i as f32 * 0.12).sin() * amp * (1.0 + 0.5 * (i as f32 * 0.002).sin()))
            .collect()
    }

    fn run(audio: &[f32], cfg: VadConfig) -> SpeechMap {
        let mut vad = Vad::new(cfg);
        let mut map = SpeechMap::default();
        for f in audio.chunks(FRAME) {
            if let Some(e) = vad.process(f).event {
                map.record(e);
            }
        }
        if let Some(e) = vad.finish() {
            map.record(e);
        }
        map
    }

    #[test]
    fn finds_speech_bursts_and_the_pauses_between_them_over_room_noise() {
        let mut seed = 7;
        let sec = 16_000;
        let mut audio = noise(sec, 0.01, &mut seed); // 1 s room noise (-40 dBFS)
        for (speech_s, pause_ms) in [(2.0, 800), (1.5, 1500), (3.0, 0)] {
            let n = (speech_s * sec as f32) as usize;
            let mut burst = tone(n, 0.3);
            for (b, z) in burst.iter_mut().zip(noise(n, 0.01, &mut seed)) {
                *b += z;
            }
            audio.extend(burst);
            audio.extend(noise(pause_ms * 16, 0.01, &mut seed));
        }
        audio.extend(noise(sec, 0.01, &mut seed));
        let map = run(&audio, VadConfig::default());
        let spans = map.speech();
        assert_eq!(spans.len(), 3, "{spans:?}");
        let expect = [(1000, 3000), (3800, 5300), (6800, 9800)];
        for (s, (a, b)) in spans.iter().zip(expect) {
            assert!(s.start_ms.abs_diff(a) <= 60, "{s:?} vs {a}");
            assert!(s.end_ms.abs_diff(b) <= 60, "{s:?} vs {b}");
        }
        let pauses = map.pauses();
        assert_eq!(pauses.len(), 2);
        assert!(pauses[0].duration_ms().abs_diff(800) <= 100, "{pauses:?}");
        assert!(pauses[1].duration_ms().abs_diff(1500) <= 100, "{pauses:?}");
    }

    #[test]
    fn silence_and_steady_noise_are_never_speech() {
        let mut seed = 3;
        for audio in [
            vec![0.0; 16_000 * 20],
            noise(16_000 * 20, 0.003, &mut seed),
            // Loud but steady fan noise: the floor adapts to it.
            noise(16_000 * 20, 0.05, &mut seed),
        ] {
            let map = run(&audio, VadConfig::default());
            // Loud noise may trip the detector for the first moments before the floor settles,
            // never afterwards.
            assert!(
                map.speech().iter().all(|s| s.end_ms <= 200),
                "{:?}",
                map.speech()
            );
        }
    }

    #[test]
    fn a_click_is_not_speech() {
        let mut audio = vec![0.0; 16_000];
        audio.extend(tone(FRAME, 0.5)); // 20 ms click
        audio.extend(vec![0.0; 16_000]);
        assert!(run(&audio, VadConfig::default()).speech().is_empty());
    }
}
