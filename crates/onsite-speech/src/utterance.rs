//! Cuts a stream of 16 kHz mono audio into utterances at pauses, for Whisper to decode one by
//! one while more audio arrives.
//!
//! Only speech is ever handed on (with a little padding either side), so Whisper never sees a
//! long silence to hallucinate on. Memory is bounded by `max_utterance_ms`: the current utterance
//! is the only audio held, however long the stream runs.

use std::collections::VecDeque;

use crate::vad::{FrameVerdict, SpeechMap, Vad, VadConfig, VadEvent, FRAME, FRAME_MS};
use crate::SAMPLE_RATE;

const SAMPLES_PER_MS: u64 = SAMPLE_RATE as u64 / 1000;

/// When to cut. See [`SegmenterConfig::live`] and [`SegmenterConfig::batch`].
#[derive(Debug, Clone, PartialEq)]
pub struct SegmenterConfig {
    pub vad: VadConfig,
    /// A pause at least this long closes the utterance, once it is `min_utterance_ms` long.
    pub cut_pause_ms: u64,
    /// Shorter utterances keep collecting across ordinary pauses (more context for Whisper).
    pub min_utterance_ms: u64,
    /// A pause this long always closes the utterance, however short.
    pub long_pause_ms: u64,
    /// An utterance reaching this length is cut at its quietest recent frame.
    pub max_utterance_ms: u64,
    /// Audio kept before speech onset and after its end, so soft onsets and tails survive.
    pub pre_roll_ms: u64,
    pub post_roll_ms: u64,
    /// An utterance whose loudest frame stays less than this far above the noise floor is not
    /// speech and is never handed to Whisper. Swells of steady noise (a fan, brown noise) trip
    /// the detector's 12 dB onset but peak at 12-16 dB; speech in a quiet room peaks 30 dB and
    /// more above the floor. Whisper, handed a noise swell, sometimes answers "Yeah."
    pub min_peak_snr_db: f32,
    /// Hand on the open utterance so far at each pause inside it (see
    /// [`SegmenterEvent::Partial`]): live captions while speaking, and at stop only the audio
    /// after the last pause is left to decode.
    pub partials: bool,
}

impl SegmenterConfig {
    /// Live answers: utterances of 8-20 s, cut at the first pause after 8 s. Whisper pads every
    /// call to a 30 s window, so a 3 s utterance costs nearly as much as a 15 s one while giving
    /// the decoder far less context (measured on the espeak answer: 2-12 s utterances gave 15%
    /// WER, whole 30 s windows 9%); 20 s at most keeps what is left to decode at stop small.
    pub fn live() -> Self {
        Self {
            vad: VadConfig::default(),
            cut_pause_ms: 400,
            min_utterance_ms: 8_000,
            long_pause_ms: 1_500,
            max_utterance_ms: 20_000,
            pre_roll_ms: 200,
            post_roll_ms: 200,
            min_peak_snr_db: 20.0,
            partials: true,
        }
    }

    /// Files: windows close to Whisper's 30 s, so each encoder pass carries as much speech as
    /// whisper.cpp's own windowing would.
    pub fn batch() -> Self {
        Self {
            vad: VadConfig::default(),
            cut_pause_ms: 300,
            min_utterance_ms: 18_000,
            long_pause_ms: 2_000,
            max_utterance_ms: 28_000,
            pre_roll_ms: 200,
            post_roll_ms: 200,
            min_peak_snr_db: 20.0,
            partials: false,
        }
    }
}

/// A stretch of speech to decode, with its position in the stream.
#[derive(Debug, Clone, PartialEq)]
pub struct Utterance {
    /// 0, 1, 2... in stream order.
    pub index: usize,
    pub start_ms: u64,
    /// 16 kHz mono.
    pub samples: Vec<f32>,
}

impl Utterance {
    pub fn end_ms(&self) -> u64 {
        self.start_ms + self.samples.len() as u64 / SAMPLES_PER_MS
    }
}

/// Something the segmenter noticed, for captions and level meters.
#[derive(Debug, Clone, PartialEq)]
pub enum SegmenterEvent {
    SpeechStarted {
        at_ms: u64,
    },
    SpeechEnded {
        at_ms: u64,
    },
    Utterance(Utterance),
    /// The open utterance so far, cut at a pause (its `index` is the one the finished utterance
    /// will have). The finished utterance starts with exactly these samples, so a decode of the
    /// latest partial can be reused for its start.
    Partial(Utterance),
}

#[derive(Debug, Clone, Copy)]
struct Open {
    /// Absolute sample index where the utterance starts.
    start: u64,
    /// Absolute sample index just after the last voiced frame.
    voice_end: u64,
    /// Loudest frame so far above the noise floor, in dB.
    peak_snr_db: f32,
}

/// The streaming cutter. Push any chunk sizes; utterances come out in order.
#[derive(Debug)]
pub struct Segmenter {
    cfg: SegmenterConfig,
    vad: Vad,
    map: SpeechMap,
    /// Audio from absolute sample `buf_start` on: the open utterance (or the pre-roll) plus any
    /// samples not yet analysed.
    buf: Vec<f32>,
    buf_start: u64,
    /// Absolute index of the next sample the detector has not seen.
    analysed: u64,
    open: Option<Open>,
    /// (frame, level) of the open utterance's frames, to find a quiet place for a forced cut.
    levels: VecDeque<(u64, f32)>,
    next_index: usize,
    peak_buffered: usize,
    total: u64,
}

impl Segmenter {
    pub fn new(cfg: SegmenterConfig) -> Self {
        let vad = Vad::new(cfg.vad.clone());
        Self {
            cfg,
            vad,
            map: SpeechMap::default(),
            buf: Vec::new(),
            buf_start: 0,
            analysed: 0,
            open: None,
            levels: VecDeque::new(),
            next_index: 0,
            peak_buffered: 0,
            total: 0,
        }
    }

    /// The most audio (samples) held at once so far: bounded by the longest utterance.
    pub fn peak_buffered_samples(&self) -> usize {
        self.peak_buffered
    }

    /// Upper bound of [`Self::peak_buffered_samples`] for this configuration and a chunk size.
    pub fn buffer_bound(&self, max_chunk: usize) -> usize {
        ((self.cfg.max_utterance_ms + self.cfg.pre_roll_ms + FRAME_MS) * SAMPLES_PER_MS) as usize
            + max_chunk
            + FRAME
    }

    /// Audio seen so far, in ms.
    pub fn duration_ms(&self) -> u64 {
        self.total / SAMPLES_PER_MS
    }

    pub fn speech_map(&self) -> &SpeechMap {
        &self.map
    }

    /// Feeds 16 kHz mono samples; events are appended to `out`.
    pub fn push(&mut self, samples: &[f32], out: &mut Vec<SegmenterEvent>) {
        self.total += samples.len() as u64;
        self.buf.extend_from_slice(samples);
        self.peak_buffered = self.peak_buffered.max(self.buf.len());
        while self.buf_start + self.buf.len() as u64 >= self.analysed + FRAME as u64 {
            let from = (self.analysed - self.buf_start) as usize;
            let verdict = self.vad.process(&self.buf[from..from + FRAME]);
            self.analysed += FRAME as u64;
            self.on_frame(verdict, out);
        }
    }

    /// Ends the stream: the open utterance (if any) is emitted, the speech map completed.
    pub fn finish(&mut self, out: &mut Vec<SegmenterEvent>) {
        // The last partial frame still counts as audio for the utterance tail.
        if let Some(event) = self.vad.finish() {
            self.on_vad_event(event, out);
        }
        if let Some(open) = self.open.take() {
            let end = (open.voice_end + self.cfg.post_roll_ms * SAMPLES_PER_MS)
                .min(self.buf_start + self.buf.len() as u64);
            self.emit(open, end, out);
        }
        self.buf.clear();
        self.buf_start = self.total;
        self.analysed = self.analysed.max(self.total);
    }

    fn on_vad_event(&mut self, event: VadEvent, out: &mut Vec<SegmenterEvent>) {
        self.map.record(event);
        match event {
            VadEvent::SpeechStart { frame } => out.push(SegmenterEvent::SpeechStarted {
                at_ms: frame * FRAME_MS,
            }),
            VadEvent::SpeechEnd { end_frame, .. } => out.push(SegmenterEvent::SpeechEnded {
                at_ms: end_frame * FRAME_MS,
            }),
        }
    }

    fn on_frame(&mut self, v: FrameVerdict, out: &mut Vec<SegmenterEvent>) {
        let frame_end = self.analysed;
        let frame_idx = frame_end / FRAME as u64 - 1;
        let pause_began = matches!(v.event, Some(VadEvent::SpeechEnd { .. }));
        if let Some(event) = v.event {
            if let VadEvent::SpeechStart { frame } = event {
                if self.open.is_none() {
                    let onset = frame * FRAME as u64;
                    let start = onset
                        .saturating_sub(self.cfg.pre_roll_ms * SAMPLES_PER_MS)
                        .max(self.buf_start);
                    self.open = Some(Open {
                        start,
                        voice_end: frame_end,
                        peak_snr_db: f32::MIN,
                    });
                    self.levels.clear();
                }
            }
            self.on_vad_event(event, out);
        }
        let Some(open) = self.open.as_mut() else {
            self.trim_idle();
            return;
        };
        if v.voiced && self.vad.in_speech() {
            open.voice_end = frame_end;
        }
        open.peak_snr_db = open.peak_snr_db.max(v.level_db - v.floor_db);
        self.levels.push_back((frame_idx, v.level_db));
        let open = *open;
        let ms = |samples: u64| samples / SAMPLES_PER_MS;
        let silence = ms(frame_end - open.voice_end);
        let voiced_len = ms(open.voice_end - open.start);
        if (silence >= self.cfg.cut_pause_ms && voiced_len >= self.cfg.min_utterance_ms)
            || silence >= self.cfg.long_pause_ms
        {
            let end = (open.voice_end + self.cfg.post_roll_ms * SAMPLES_PER_MS).min(frame_end);
            self.emit(open, end, out);
            self.open = None;
            self.levels.clear();
            self.trim_idle();
        } else if ms(frame_end - open.start) >= self.cfg.max_utterance_ms {
            // Nobody speaks 20 s without a pause, but a run-on answer must not grow the buffer: cut at the
            // quietest frame of the last third, where a word boundary most likely is.
            let from = frame_end - (self.cfg.max_utterance_ms / 3) * SAMPLES_PER_MS;
            let cut_frame = self
                .levels
                .iter()
                .filter(|(f, _)| f * FRAME as u64 >= from)
                .min_by(|a, b| a.1.total_cmp(&b.1))
                .map_or(frame_idx, |&(f, _)| f);
            let cut = (cut_frame * FRAME as u64).max(open.start + FRAME as u64);
            self.emit(open, cut, out);
            self.levels.retain(|(f, _)| f * FRAME as u64 >= cut);
            self.open = Some(Open {
                start: cut,
                voice_end: open.voice_end.max(cut),
                peak_snr_db: open.peak_snr_db,
            });
            self.drain_before(cut);
        } else if pause_began && self.cfg.partials && self.is_speech(&open) {
            let end = (open.voice_end + self.cfg.post_roll_ms * SAMPLES_PER_MS).min(frame_end);
            if let Some(u) = self.slice(open.start, end) {
                out.push(SegmenterEvent::Partial(u));
            }
        }
    }

    fn is_speech(&self, open: &Open) -> bool {
        open.peak_snr_db >= self.cfg.min_peak_snr_db
    }

    /// Hands on the open utterance up to `end`, unless it never rose clearly above the noise.
    fn emit(&mut self, open: Open, end: u64, out: &mut Vec<SegmenterEvent>) {
        if !self.is_speech(&open) {
            tracing::debug!(
                start_ms = open.start / SAMPLES_PER_MS,
                peak_snr_db = open.peak_snr_db,
                "dropping a noise swell the detector took for speech"
            );
            return;
        }
        if let Some(utterance) = self.slice(open.start, end) {
            self.next_index += 1;
            out.push(SegmenterEvent::Utterance(utterance));
        }
    }

    /// The buffered audio between two absolute sample indices, as the next utterance.
    fn slice(&self, start: u64, end: u64) -> Option<Utterance> {
        let from = (start.max(self.buf_start) - self.buf_start) as usize;
        let to = ((end.max(start) - self.buf_start) as usize).min(self.buf.len());
        (to > from).then(|| Utterance {
            index: self.next_index,
            start_ms: start / SAMPLES_PER_MS,
            samples: self.buf[from..to].to_vec(),
        })
    }

    /// With no utterance open, only the pre-roll and unanalysed samples are worth keeping.
    fn trim_idle(&mut self) {
        let keep_from = self
            .analysed
            .saturating_sub(self.cfg.pre_roll_ms * SAMPLES_PER_MS);
        // Drain in batches: draining the front of a Vec every frame would be quadratic.
        if keep_from > self.buf_start + 16 * FRAME as u64 {
            self.drain_before(keep_from);
        }
    }

    fn drain_before(&mut self, sample: u64) {
        if sample <= self.buf_start {
            return;
        }
        let n = ((sample - self.buf_start) as usize).min(self.buf.len());
        self.buf.drain(..n);
        self.buf_start += n as u64;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vad::tests::noise;

    fn burst(n: usize, amp: f32) -> Vec<f32> {
        (0..n).map(|i| (i as f32 * 0.13).sin() * amp).collect()
    }

    fn collect(cfg: SegmenterConfig, audio: &[f32], chunk: usize) -> (Vec<Utterance>, Segmenter) {
        let mut seg = Segmenter::new(cfg);
        let mut out = Vec::new();
        for c in audio.chunks(chunk) {
            seg.push(c, &mut out);
        }
        seg.finish(&mut out);
        let utts = out
            .into_iter()
            .filter_map(|e| match e {
                SegmenterEvent::Utterance(u) => Some(u),
                _ => None,
            })
            .collect();
        (utts, seg)
    }

    #[test]
    fn cuts_at_pauses_with_padding_and_positions() {
        let mut seed = 11;
        let mut audio = noise(16_000, 0.002, &mut seed);
        audio.extend(burst(16_000 * 3, 0.3)); // 1.0 - 4.0 s
        audio.extend(noise(32_000, 0.002, &mut seed)); // 2 s pause
        audio.extend(burst(16_000 * 3, 0.3)); // 6.0 - 9.0 s
        audio.extend(noise(8_000, 0.002, &mut seed));
        for chunk in [160, 1000, 4096, 16_000] {
            let (utts, seg) = collect(SegmenterConfig::live(), &audio, chunk);
            assert_eq!(utts.len(), 2, "chunk {chunk}");
            assert!(utts[0].start_ms.abs_diff(800) <= 60, "{}", utts[0].start_ms);
            assert!(
                utts[0].end_ms().abs_diff(4200) <= 60,
                "{}",
                utts[0].end_ms()
            );
            assert!(
                utts[1].start_ms.abs_diff(5800) <= 60,
                "{}",
                utts[1].start_ms
            );
            assert!(
                utts[1].end_ms().abs_diff(9200) <= 60,
                "{}",
                utts[1].end_ms()
            );
            assert_eq!((utts[0].index, utts[1].index), (0, 1));
            let pauses = seg.speech_map().pauses();
            assert_eq!(pauses.len(), 1);
            assert!(pauses[0].duration_ms().abs_diff(2000) <= 60, "{pauses:?}");
            assert_eq!(seg.duration_ms(), 9_500);
        }
    }

    #[test]
    fn run_on_speech_is_cut_and_memory_stays_bounded() {
        // Five minutes without a pause longer than 200 ms.
        let mut audio = Vec::new();
        for _ in 0..150 {
            audio.extend(burst(16_000 * 2 - 3_200, 0.3));
            audio.extend(vec![0.0; 3_200]);
        }
        let (utts, seg) = collect(SegmenterConfig::live(), &audio, 4_000);
        assert!(utts.len() >= 15, "{}", utts.len());
        assert!(utts.iter().all(|u| u.samples.len() <= 20_000 * 16));
        assert!(seg.peak_buffered_samples() <= seg.buffer_bound(4_000));
        // Nothing lost: the utterances tile the speech without overlap.
        for w in utts.windows(2) {
            assert!(
                w[0].end_ms() <= w[1].start_ms + 1,
                "{} {}",
                w[0].end_ms(),
                w[1].start_ms
            );
        }
        let covered: u64 = utts.iter().map(|u| u.samples.len() as u64).sum();
        assert!(covered >= audio.len() as u64 * 95 / 100, "{covered}");
    }

    #[test]
    fn live_partials_come_at_pauses_and_are_prefixes_of_the_utterance() {
        // Three 2 s bursts with 0.5 s pauses: too short to cut (8 s minimum), so one utterance,
        // with a partial at each pause.
        let mut audio = vec![0.0; 8_000];
        for _ in 0..3 {
            audio.extend(burst(16_000 * 2, 0.3));
            audio.extend(vec![0.0; 8_000]);
        }
        let mut seg = Segmenter::new(SegmenterConfig::live());
        let mut out = Vec::new();
        for c in audio.chunks(1_600) {
            seg.push(c, &mut out);
        }
        seg.finish(&mut out);
        let partials: Vec<&Utterance> = out
            .iter()
            .filter_map(|e| match e {
                SegmenterEvent::Partial(u) => Some(u),
                _ => None,
            })
            .collect();
        let finals: Vec<&Utterance> = out
            .iter()
            .filter_map(|e| match e {
                SegmenterEvent::Utterance(u) => Some(u),
                _ => None,
            })
            .collect();
        assert_eq!(finals.len(), 1);
        assert_eq!(partials.len(), 3, "one per pause");
        let whole = finals[0];
        for (p, burst_end_ms) in partials.iter().zip([2_500, 5_000, 7_500]) {
            assert_eq!((p.index, p.start_ms), (whole.index, whole.start_ms));
            assert!(
                p.end_ms().abs_diff(burst_end_ms + 200) <= 60,
                "{}",
                p.end_ms()
            );
            assert_eq!(p.samples[..], whole.samples[..p.samples.len()]);
        }
        // The last pause ends the speech: the utterance is exactly the last partial.
        assert_eq!(partials[2].samples.len(), whole.samples.len());
        // Files never get partials.
        let mut seg = Segmenter::new(SegmenterConfig::batch());
        let mut out = Vec::new();
        seg.push(&audio, &mut out);
        seg.finish(&mut out);
        assert!(!out.iter().any(|e| matches!(e, SegmenterEvent::Partial(_))));
    }

    #[test]
    fn silence_yields_no_utterances_and_holds_no_audio() {
        let audio = vec![0.0f32; 16_000 * 60];
        let (utts, seg) = collect(SegmenterConfig::batch(), &audio, 16_000);
        assert!(utts.is_empty());
        assert!(seg.peak_buffered_samples() <= 16_000 + 16 * FRAME + 4_000);
    }

    #[test]
    fn batch_packs_sentences_into_long_windows() {
        let mut audio = Vec::new();
        for _ in 0..20 {
            audio.extend(burst(16_000 * 3, 0.3));
            audio.extend(vec![0.0; 8_000]); // 0.5 s pauses between sentences
        }
        let (utts, _) = collect(SegmenterConfig::batch(), &audio, 4_000);
        assert!(utts.len() <= 4, "{}", utts.len());
        assert!(utts.iter().all(|u| u.samples.len() <= 28_000 * 16));
    }
}
