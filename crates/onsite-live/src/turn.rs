//! Hands-free turns: when the candidate's answer starts (they start speaking after the
//! interviewer's question) and when it ends (a silence long enough to be done, not a thinking
//! pause), judged from the session microphone.
//!
//! [`TurnDetector`] is pure: it is fed one verdict per 20 ms frame ("speech here", from a voice
//! activity detector) and says when a turn starts or ends, in frames since it began listening,
//! so it is tested without a device. [`MicTurns`] feeds it from a [`MicTap`] through the energy
//! detector of `onsite_speech::vad` (a learned detector was measured against it: see the README's
//! hands-free section and `onsite bench vad`). The coordinator owns one while the candidate
//! prepares (after the room says the interviewer has finished) and while they answer, and turns
//! its events into the same `BeginAnswer`/`StopAnswer` the keys send.

use std::time::{Duration, Instant};

use onsite_capture::audio::resample::MonoResampler;
use onsite_capture::source::AudioSource;
use onsite_capture::MicTap;
use onsite_speech::vad::{Vad, VadConfig, FRAME, FRAME_MS};

/// The default silence that ends an answer: longer than a thinking pause.
pub const DEFAULT_END_SILENCE: Duration = Duration::from_secs(5);
/// The end silences the Settings offer, in seconds.
pub const END_SILENCE_RANGE_S: std::ops::RangeInclusive<u32> = 2..=30;
/// Sound kept from before the detected start of speech, so the first syllable is in the take
/// (the detector's onset needs a few frames of speech before it is sure).
pub const PRE_ROLL: Duration = Duration::from_millis(250);

/// How a hands-free turn is judged.
#[derive(Debug, Clone, PartialEq)]
pub struct TurnConfig {
    /// Silence after speech that ends the answer.
    pub end_silence: Duration,
    /// Speech needed in a row before an answer starts: a cough or a chair is not an answer.
    pub start_speech: Duration,
}

impl Default for TurnConfig {
    fn default() -> Self {
        Self {
            end_silence: DEFAULT_END_SILENCE,
            start_speech: Duration::from_millis(200),
        }
    }
}

/// What one frame decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TurnEvent {
    /// The candidate started speaking at this frame (the first of the speech run).
    Started { frame: u64 },
    /// The answer is over: speech ended at `frame` and the silence since lasted long enough.
    Ended { frame: u64 },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Listening {
    /// For the start of an answer: `run` speech frames in a row so far, from `since`.
    ForStart {
        run: u64,
        since: u64,
    },
    /// For its end: the last frame with speech, or None before any speech in this answer (an
    /// answer begun with the key ends only after the candidate has said something).
    ForEnd {
        last_speech: Option<u64>,
    },
    Done,
}

/// Turns per-frame speech verdicts into the start and end of an answer.
#[derive(Debug, Clone)]
pub struct TurnDetector {
    cfg: TurnConfig,
    state: Listening,
    frame: u64,
}

fn frames(d: Duration) -> u64 {
    (d.as_millis() as u64).div_ceil(FRAME_MS).max(1)
}

impl TurnDetector {
    /// Listens for the start of an answer.
    pub fn for_start(cfg: TurnConfig) -> Self {
        Self {
            cfg,
            state: Listening::ForStart { run: 0, since: 0 },
            frame: 0,
        }
    }

    /// Listens for the end of an answer that has begun (by the key or hands-free).
    pub fn for_end(cfg: TurnConfig) -> Self {
        Self {
            cfg,
            state: Listening::ForEnd { last_speech: None },
            frame: 0,
        }
    }

    /// After [`TurnEvent::Started`]: the same detector goes on listening for the end, with the
    /// speech that started the answer counted.
    pub fn answering(&mut self) {
        self.state = Listening::ForEnd {
            last_speech: self.frame.checked_sub(1),
        };
    }

    /// While an answer is paused nothing counts: the silence starts again after resume.
    pub fn restart_silence(&mut self) {
        if let Listening::ForEnd {
            last_speech: Some(_),
        } = self.state
        {
            self.state = Listening::ForEnd {
                last_speech: self.frame.checked_sub(1),
            };
        }
    }

    /// Frames seen so far.
    pub fn frames(&self) -> u64 {
        self.frame
    }

    /// One 20 ms frame's verdict (`speech`: the detector is in speech at this frame).
    pub fn push(&mut self, speech: bool) -> Option<TurnEvent> {
        let at = self.frame;
        self.frame += 1;
        match &mut self.state {
            Listening::ForStart { run, since } => {
                if !speech {
                    *run = 0;
                    return None;
                }
                if *run == 0 {
                    *since = at;
                }
                *run += 1;
                if *run >= frames(self.cfg.start_speech) {
                    let frame = *since;
                    self.state = Listening::Done;
                    return Some(TurnEvent::Started { frame });
                }
                None
            }
            Listening::ForEnd { last_speech } => {
                if speech {
                    *last_speech = Some(at);
                    return None;
                }
                let last = (*last_speech)?;
                if at - last >= frames(self.cfg.end_silence) {
                    self.state = Listening::Done;
                    return Some(TurnEvent::Ended { frame: last + 1 });
                }
                None
            }
            Listening::Done => None,
        }
    }
}

/// A [`TurnDetector`] fed from the session microphone: the tap's audio, mixed to mono and
/// resampled to 16 kHz, judged frame by frame by the energy detector.
pub struct MicTurns {
    tap: MicTap,
    channels: usize,
    resampler: MonoResampler,
    vad: Vad,
    detector: TurnDetector,
    raw: Vec<f32>,
    mono: Vec<f32>,
    pending: Vec<f32>,
}

impl std::fmt::Debug for MicTurns {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MicTurns")
            .field("detector", &self.detector)
            .finish_non_exhaustive()
    }
}

impl MicTurns {
    pub fn new(tap: MicTap, detector: TurnDetector) -> onsite_capture::Result<Self> {
        let format = tap.format();
        Ok(Self {
            channels: usize::from(format.channels.max(1)),
            resampler: MonoResampler::new(format.sample_rate, 16_000)?,
            tap,
            vad: Vad::new(VadConfig::default()),
            detector,
            raw: Vec::new(),
            mono: Vec::new(),
            pending: Vec::new(),
        })
    }

    /// Judges the sound that arrived since the last call; the first event, if any.
    pub fn poll(&mut self) -> onsite_capture::Result<Option<TurnEvent>> {
        self.raw.clear();
        self.tap.read(&mut self.raw);
        self.mono.clear();
        self.mono.extend(
            self.raw
                .chunks(self.channels)
                .map(|c| c.iter().sum::<f32>() / c.len() as f32),
        );
        self.resampler.process(&self.mono, &mut self.pending)?;
        let whole = self.pending.len() / FRAME * FRAME;
        let mut event = None;
        for frame in self.pending[..whole].chunks(FRAME) {
            self.vad.process(frame);
            let e = self.detector.push(self.vad.in_speech());
            if event.is_none() {
                event = e;
            }
        }
        self.pending.drain(..whole);
        Ok(event)
    }

    /// The instant a frame of this tap was captured.
    pub fn instant_of(&self, frame: u64) -> Instant {
        let start = self.tap.first_sample_at().unwrap_or(self.tap.from());
        start + Duration::from_millis(frame * FRAME_MS)
    }

    pub fn detector(&mut self) -> &mut TurnDetector {
        &mut self.detector
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn feed(d: &mut TurnDetector, speech: bool, ms: u64) -> Vec<TurnEvent> {
        (0..ms / FRAME_MS).filter_map(|_| d.push(speech)).collect()
    }

    #[test]
    fn an_answer_starts_at_the_first_frame_of_enough_speech() {
        let mut d = TurnDetector::for_start(TurnConfig::default());
        assert!(feed(&mut d, false, 1_000).is_empty());
        // A cough: too short to start an answer.
        assert!(feed(&mut d, true, 100).is_empty());
        assert!(feed(&mut d, false, 500).is_empty());
        let events = feed(&mut d, true, 400);
        assert_eq!(events, vec![TurnEvent::Started { frame: 80 }]);
        assert_eq!(
            d.push(true),
            None,
            "a turn starts once until told to listen for its end"
        );
    }

    #[test]
    fn a_thinking_pause_does_not_end_the_answer_but_a_long_silence_does() {
        let cfg = TurnConfig::default();
        let mut d = TurnDetector::for_start(cfg.clone());
        assert_eq!(
            feed(&mut d, true, 300),
            vec![TurnEvent::Started { frame: 0 }]
        );
        d.answering();
        assert!(feed(&mut d, true, 2_000).is_empty());
        // A 4.9 s pause to think, then more speech.
        assert!(feed(&mut d, false, 4_900).is_empty());
        assert!(feed(&mut d, true, 1_000).is_empty());
        let speech_end = d.frames();
        let events = feed(&mut d, false, 5_100);
        assert_eq!(events, vec![TurnEvent::Ended { frame: speech_end }]);
        // Ended exactly when 5 s of silence had passed.
        let mut again = TurnDetector::for_end(cfg);
        again.push(true);
        let silent: Vec<_> = (0..250).map(|_| again.push(false)).collect();
        assert_eq!(silent.iter().filter(|e| e.is_some()).count(), 1);
        assert_eq!(silent[249], Some(TurnEvent::Ended { frame: 1 }));
    }

    #[test]
    fn an_answer_begun_with_the_key_ends_only_after_speech() {
        let cfg = TurnConfig {
            end_silence: Duration::from_secs(2),
            ..TurnConfig::default()
        };
        let mut d = TurnDetector::for_end(cfg);
        assert!(feed(&mut d, false, 10_000).is_empty(), "still thinking");
        assert!(feed(&mut d, true, 500).is_empty());
        assert_eq!(feed(&mut d, false, 2_000).len(), 1);
    }

    #[test]
    fn a_pause_restarts_the_silence() {
        let mut d = TurnDetector::for_end(TurnConfig::default());
        feed(&mut d, true, 200);
        assert!(feed(&mut d, false, 4_000).is_empty());
        d.restart_silence();
        assert!(
            feed(&mut d, false, 4_000).is_empty(),
            "counted from the resume"
        );
        assert_eq!(feed(&mut d, false, 1_100).len(), 1);
    }

    #[test]
    fn the_energy_detector_on_real_speech_starts_and_ends_a_turn() {
        // jfk.wav (11 s of speech at 16 kHz) after 1 s of silence, then 6 s of silence.
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../../shared/fixtures/jfk.wav"
        );
        let speech = onsite_speech::audio::decode_file(std::path::Path::new(path))
            .expect("the shared test speech beside the checkout");
        let mut audio = vec![0.0; 16_000];
        audio.extend_from_slice(&speech);
        audio.extend(std::iter::repeat_n(0.0, 6 * 16_000));
        let mut vad = Vad::new(VadConfig::default());
        let mut d = TurnDetector::for_start(TurnConfig::default());
        let mut events = Vec::new();
        for frame in audio.chunks_exact(FRAME) {
            vad.process(frame);
            if let Some(e) = d.push(vad.in_speech()) {
                if matches!(e, TurnEvent::Started { .. }) {
                    d.answering();
                }
                events.push((e, d.frames()));
            }
        }
        let [(TurnEvent::Started { frame: start }, _), (TurnEvent::Ended { frame: end }, decided)] =
            events[..]
        else {
            panic!("a start and an end: {events:?}");
        };
        // Speech starts just after the second of silence; JFK's pauses (under 1 s) keep the
        // turn going; the end is decided 5 s after the last word.
        assert!((50..=70).contains(&start), "start frame {start}");
        let speech_end = (16_000 + speech.len()) as u64 / FRAME as u64;
        assert!(
            end <= speech_end + 20 && end + 100 > speech_end,
            "end {end} vs {speech_end}"
        );
        assert_eq!(decided - end, 250);
    }
}
