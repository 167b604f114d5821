//! Whisper through whisper-rs: the model (loaded once, shared) and a per-thread transcriber that
//! turns one utterance into timed words.
//!
//! Decoding choices and why:
//! - Greedy by default: on two cores beam search costs ~1.6x for a small gain on clear speech.
//! - Word timings from whisper.cpp's token timestamps. DTW timestamps are more precise but need
//!   alignment heads per model and are disabled when flash attention is on (whisper-rs leaves it
//!   off; whisper-cli turns it on), so results would depend on a flag; token timestamps work for
//!   any ggml file a user drops in.
//! - No carried-over context between utterances (`no_context`): a hallucination in one utterance
//!   cannot seed the next.
//! - A short initial prompt full of fillers biases Whisper toward verbatim output, so "um" and
//!   "uh" survive for filler counting. Long prompts make Whisper truncate, so it stays short.
//!   An interview answer's prompt puts the technical terms it is likely to use before those
//!   fillers (`crate::vocab`); a run of the prompt's words repeated in its order is dropped as
//!   an echo of the prompt, not speech. A prompt term written without confidence is checked
//!   by decoding the same audio with the filler prompt only, and stands only if that decode
//!   writes it too (the prompt pulls near sounds towards its terms: "sketch" became "cache").
//! - Whisper states (the encoder and decoder working buffers, tens of MB) are made once and
//!   kept by the model for the next transcriber, not made and freed for every answer: freeing
//!   them on one thread after allocating on another left glibc's per-thread arenas holding the
//!   memory, and a process running answer after answer grew by ~15 % before levelling off
//!   (`onsite bench soak`).
//! - Silence never reaches Whisper (the VAD only passes speech); segments Whisper itself thinks
//!   are not speech are dropped, and a repetition backstop collapses looping output.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, Once};
use std::time::{Duration, Instant};

use onsite_transcript::{Segment, Word};
use whisper_rs::{FullParams, SamplingStrategy, WhisperContext, WhisperContextParameters};

use crate::error::SpeechError;
use crate::SAMPLE_RATE;

/// The default prompt: short, and full of the fillers we want kept.
pub const FILLER_PROMPT: &str = "Um, so, uh, I think...";
const GGML_MAGIC: u32 = 0x6767_6d6c;

/// A loaded whisper.cpp model, shared by every transcriber (weights are read-only).
#[derive(Debug)]
pub struct Model {
    ctx: WhisperContext,
    /// States of transcribers that finished, ready for the next one.
    idle_states: Mutex<Vec<whisper_rs::WhisperState>>,
    name: String,
    path: PathBuf,
    load_time: Duration,
}

/// Sends whisper.cpp's chatter to `tracing` instead of stderr, once per process.
fn route_whisper_logs() {
    static ONCE: Once = Once::new();
    ONCE.call_once(whisper_rs::install_logging_hooks);
}

/// Name shown in transcripts: `ggml-tiny.en.bin` -> `tiny.en`.
pub fn model_name_from_path(path: &Path) -> String {
    let stem = path
        .file_name()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let stem = stem.strip_suffix(".bin").unwrap_or(&stem);
    stem.strip_prefix("ggml-").unwrap_or(stem).to_owned()
}

impl Model {
    /// Loads a ggml model. Checks the file is there and starts like a ggml model before handing
    /// it to whisper.cpp (full validation belongs to `onsite-models`).
    pub fn load(path: &Path) -> Result<Arc<Self>, SpeechError> {
        Self::load_named(path, &model_name_from_path(path))
    }

    pub fn load_named(path: &Path, name: &str) -> Result<Arc<Self>, SpeechError> {
        route_whisper_logs();
        let mut head = [0u8; 4];
        match std::fs::File::open(path) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(SpeechError::ModelMissing {
                    path: path.to_owned(),
                })
            }
            Err(source) => {
                return Err(SpeechError::Io {
                    path: path.to_owned(),
                    source,
                })
            }
            Ok(mut f) => {
                use std::io::Read;
                if f.read_exact(&mut head).is_err() || u32::from_le_bytes(head) != GGML_MAGIC {
                    return Err(SpeechError::ModelLoad {
                        path: path.to_owned(),
                    });
                }
            }
        }
        let started = Instant::now();
        let mut params = WhisperContextParameters::default();
        params.use_gpu(false);
        let ctx =
            WhisperContext::new_with_params(path, params).map_err(|_| SpeechError::ModelLoad {
                path: path.to_owned(),
            })?;
        let load_time = started.elapsed();
        tracing::info!(
            model = name,
            ms = load_time.as_millis() as u64,
            "whisper model loaded"
        );
        Ok(Arc::new(Self {
            ctx,
            idle_states: Mutex::new(Vec::new()),
            name: name.to_owned(),
            path: path.to_owned(),
            load_time,
        }))
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn load_time(&self) -> Duration {
        self.load_time
    }

    pub fn is_multilingual(&self) -> bool {
        self.ctx.is_multilingual()
    }

    /// A state for a new transcriber: a kept one, else a new one.
    fn take_state(&self) -> Result<whisper_rs::WhisperState, SpeechError> {
        let kept = self.idle_states.lock().ok().and_then(|mut idle| idle.pop());
        match kept {
            Some(state) => Ok(state),
            None => self
                .ctx
                .create_state()
                .map_err(|e| SpeechError::Inference(format!("cannot create whisper state: {e}"))),
        }
    }

    /// Keeps a finished transcriber's state, up to [`MAX_IDLE_STATES`]; the rest are freed.
    fn return_state(&self, state: whisper_rs::WhisperState) {
        if let Ok(mut idle) = self.idle_states.lock() {
            if idle.len() < MAX_IDLE_STATES {
                idle.push(state);
            }
        }
    }

    /// States kept for reuse (for tests and benchmarks).
    pub fn idle_states(&self) -> usize {
        self.idle_states.lock().map_or(0, |idle| idle.len())
    }
}

/// Most transcribers that run at once in the app: a live answer and the device check's test.
const MAX_IDLE_STATES: usize = 2;

/// The whisper.cpp version compiled in.
pub fn whisper_cpp_version() -> &'static str {
    whisper_rs::WHISPER_CPP_VERSION
}

/// Logical cores available to us.
pub fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// Default thread count: one core left free while recording (video encoding runs beside us and
/// whisper.cpp slows ~3x when it has to share a core), every core up to 8 otherwise.
pub fn default_threads(recording: bool) -> usize {
    let cores = cores();
    if recording {
        cores.saturating_sub(1).max(1)
    } else {
        cores.clamp(1, 8)
    }
}

/// How to decode.
#[derive(Debug, Clone, PartialEq)]
pub struct DecodeOptions {
    pub threads: usize,
    /// `None`: greedy; `Some(n)`: beam search of width n.
    pub beam_size: Option<u32>,
    /// Language code; English by default (the `.en` models know nothing else).
    pub language: String,
    pub initial_prompt: Option<String>,
    /// A segment is dropped as non-speech above this no-speech probability when its average
    /// log-probability is also poor (whisper.cpp's own rule, applied per segment).
    pub no_speech_thold: f32,
    pub logprob_thold: f32,
    /// Temperature fallback on failed decodes (helps on hard audio, costs time).
    pub temperature_fallback: bool,
    /// When the prompt lists terms, rewrite near misses of them that sound and are spelled
    /// like the term with its topic nearby (`crate::correct`), after the confirmation guard.
    pub correct_near_misses: bool,
}

impl Default for DecodeOptions {
    fn default() -> Self {
        Self {
            threads: default_threads(false),
            beam_size: None,
            language: "en".into(),
            initial_prompt: Some(FILLER_PROMPT.into()),
            no_speech_thold: 0.6,
            logprob_thold: -1.0,
            temperature_fallback: true,
            correct_near_misses: true,
        }
    }
}

/// Owns a whisper state: one per worker thread. Not shared; move it to the thread that decodes.
/// The state goes back to the model when the transcriber is dropped.
#[derive(Debug)]
pub struct Transcriber {
    model: Arc<Model>,
    /// Always `Some` until drop hands it back.
    state: Option<whisper_rs::WhisperState>,
    opts: DecodeOptions,
}

impl Drop for Transcriber {
    fn drop(&mut self) {
        if let Some(state) = self.state.take() {
            self.model.return_state(state);
        }
    }
}

/// Raw token from whisper before grouping into words.
struct Tok {
    bytes: Vec<u8>,
    t0: u64,
    t1: u64,
    p: f32,
}

impl Transcriber {
    pub fn new(model: Arc<Model>, opts: DecodeOptions) -> Result<Self, SpeechError> {
        let state = Some(model.take_state()?);
        Ok(Self { model, state, opts })
    }

    pub fn model(&self) -> &Arc<Model> {
        &self.model
    }

    pub fn options(&self) -> &DecodeOptions {
        &self.opts
    }

    pub fn set_threads(&mut self, threads: usize) {
        self.opts.threads = threads.max(1);
    }

    /// Decodes 16 kHz mono `samples` that start `offset_ms` into the stream. Segment and word
    /// times are absolute (offset added), monotone, and within the samples' span.
    pub fn transcribe(
        &mut self,
        samples: &[f32],
        offset_ms: u64,
    ) -> Result<Vec<Segment>, SpeechError> {
        self.decode(samples, offset_ms, None)
    }

    /// Like [`Self::transcribe`] for audio well under Whisper's 30 s window, with the encoder
    /// shrunk to the audio's length (whisper.cpp's `audio_ctx`) instead of running over 30 s of
    /// padding: several times faster on a short stretch. Used where latency matters more than
    /// the last bit of accuracy (captions while speaking, the tail after stop); long audio falls
    /// back to the full window.
    pub fn transcribe_short(
        &mut self,
        samples: &[f32],
        offset_ms: u64,
    ) -> Result<Vec<Segment>, SpeechError> {
        self.decode(samples, offset_ms, fitted_audio_ctx(samples.len()))
    }

    fn decode(
        &mut self,
        samples: &[f32],
        offset_ms: u64,
        audio_ctx: Option<i32>,
    ) -> Result<Vec<Segment>, SpeechError> {
        let len_ms = samples.len() as u64 * 1000 / u64::from(SAMPLE_RATE);
        // whisper.cpp ignores anything under 100 ms; so do we, without calling it.
        if len_ms < 120 {
            return Ok(Vec::new());
        }
        let strategy = match self.opts.beam_size {
            Some(n) => SamplingStrategy::BeamSearch {
                beam_size: n as i32,
                patience: -1.0,
            },
            None => SamplingStrategy::Greedy { best_of: 1 },
        };
        let mut p = FullParams::new(strategy);
        p.set_n_threads(i32::try_from(self.opts.threads.max(1)).unwrap_or(1));
        p.set_language(Some(&self.opts.language));
        p.set_translate(false);
        p.set_no_context(true);
        p.set_token_timestamps(true);
        p.set_print_special(false);
        p.set_print_progress(false);
        p.set_print_realtime(false);
        p.set_print_timestamps(false);
        p.set_suppress_blank(true);
        p.set_suppress_nst(true);
        p.set_no_speech_thold(self.opts.no_speech_thold);
        p.set_logprob_thold(self.opts.logprob_thold);
        if !self.opts.temperature_fallback {
            p.set_temperature_inc(0.0);
        }
        if let Some(prompt) = &self.opts.initial_prompt {
            p.set_initial_prompt(prompt);
        }
        if let Some(ctx) = audio_ctx {
            p.set_audio_ctx(ctx);
        }
        let state = self
            .state
            .as_mut()
            .ok_or_else(|| SpeechError::Inference("whisper state already released".into()))?;
        state
            .full(p, samples)
            .map_err(|e| SpeechError::Inference(e.to_string()))?;

        let eot = self.model.ctx.token_eot();
        let end_abs = offset_ms + len_ms;
        let mut segments = Vec::new();
        // Each kept segment's mean token log-probability, for the prompt guard.
        let mut seg_logp = Vec::new();
        for seg in state.as_iter() {
            let no_speech = seg.no_speech_probability();
            let mut toks = Vec::new();
            let mut logp_sum = 0.0f32;
            for i in 0..seg.n_tokens() {
                let Some(tok) = seg.get_token(i) else {
                    continue;
                };
                let data = tok.token_data();
                if data.id >= eot {
                    continue; // special and timestamp tokens
                }
                let bytes = tok.to_bytes().map(<[u8]>::to_vec).unwrap_or_default();
                logp_sum += data.plog;
                toks.push(Tok {
                    bytes,
                    t0: offset_ms + (data.t0.max(0) as u64) * 10,
                    t1: offset_ms + (data.t1.max(0) as u64) * 10,
                    p: data.p.clamp(0.0, 1.0),
                });
            }
            if toks.is_empty() {
                continue;
            }
            let avg_logp = logp_sum / toks.len() as f32;
            if no_speech > self.opts.no_speech_thold && avg_logp < self.opts.logprob_thold {
                tracing::debug!(no_speech, avg_logp, "dropping a non-speech segment");
                continue;
            }
            let mut words = words_from_tokens(&toks);
            if let Some(prompt) = &self.opts.initial_prompt {
                crate::vocab::strip_prompt_echo(&mut words, |w| w.text.as_str(), prompt);
            }
            if words.is_empty() {
                continue;
            }
            let s0 = offset_ms + (seg.start_timestamp().max(0) as u64) * 10;
            let s1 = offset_ms + (seg.end_timestamp().max(0) as u64) * 10;
            seg_logp.push(avg_logp);
            segments.push(Segment {
                start_ms: s0,
                end_ms: s1,
                text: String::new(),
                words,
            });
        }
        self.confirm_prompt_terms(&mut segments, &seg_logp, samples, offset_ms, audio_ctx)?;
        if self.opts.correct_near_misses {
            if let Some(prompt) = &self.opts.initial_prompt {
                crate::correct::correct_near_misses(&mut segments, prompt);
            }
        }
        Ok(finalize_segments(segments, offset_ms, end_abs))
    }

    /// When the prompt lists terms and Whisper wrote one without being sure of it, or wrote a
    /// whole segment without confidence, decodes the same audio again with the filler prompt
    /// only and lets that decode decide: a term the prompt pulled out of a near sound must not
    /// reach the rubric (`vocab::confirm_doubtful_terms`), and a doubtful segment that decode
    /// finds no words in at all is dropped (music under a long prompt came out as "So, uh, I'm
    /// not sure" at a mean log-probability of -0.67, with no words without the terms). Costs a
    /// second decode of this audio only when it happens.
    fn confirm_prompt_terms(
        &mut self,
        segments: &mut Vec<Segment>,
        seg_logp: &[f32],
        samples: &[f32],
        offset_ms: u64,
        audio_ctx: Option<i32>,
    ) -> Result<(), SpeechError> {
        let Some(prompt) = self.opts.initial_prompt.clone() else {
            return Ok(());
        };
        if !crate::vocab::lists_terms(&prompt) {
            return Ok(());
        }
        let doubtful_segment = |lp: f32| lp < crate::vocab::PROMPT_SEGMENT_MIN_LOGP;
        if !segments.iter().zip(seg_logp).any(|(s, &lp)| {
            doubtful_segment(lp) || crate::vocab::has_doubtful_terms(&s.words, &prompt)
        }) {
            return Ok(());
        }
        self.opts.initial_prompt = Some(FILLER_PROMPT.to_owned());
        let plain = self.decode(samples, offset_ms, audio_ctx);
        self.opts.initial_prompt = Some(prompt.clone());
        let plain: Vec<Word> = plain?.into_iter().flat_map(|s| s.words).collect();
        crate::vocab::confirm_doubtful_terms(segments, &plain, &prompt);
        for (seg, &lp) in segments.iter_mut().zip(seg_logp) {
            let (t0, t1) = (seg.start_ms, seg.end_ms);
            if doubtful_segment(lp) && !plain.iter().any(|w| w.end_ms >= t0 && w.start_ms <= t1) {
                tracing::debug!(text = %seg.words.iter().map(|w| w.text.as_str()).collect::<Vec<_>>().join(" "),
                    avg_logp = lp, "dropping a doubtful segment with no words without the prompt's terms");
                seg.words.clear();
            }
        }
        segments.retain(|s| !s.words.is_empty());
        Ok(())
    }
}

/// Encoder positions for `samples` of audio (one per 20 ms) plus a margin, or `None` when that
/// is close to the full window anyway. Whisper was trained on 30 s windows; with too tight a
/// context it loses the end of the audio, so the margin is generous.
fn fitted_audio_ctx(samples: usize) -> Option<i32> {
    const FULL: usize = 1500;
    const MARGIN: usize = 128;
    let positions = samples.div_ceil(SAMPLE_RATE as usize / 50) + MARGIN;
    // Multiples of 64 keep whisper.cpp's matrix shapes friendly to its kernels.
    let ctx = positions.div_ceil(64) * 64;
    (ctx < FULL * 3 / 4).then_some(ctx as i32)
}

/// Groups BPE tokens into words: a token starting with a space starts a word; punctuation and
/// word pieces attach to the word before. Bracketed non-speech markers (`[BLANK_AUDIO]`,
/// `(music)`) are dropped.
fn words_from_tokens(toks: &[Tok]) -> Vec<Word> {
    let mut words: Vec<(Vec<u8>, u64, u64, f32, u32)> = Vec::new();
    for t in toks {
        let starts_word = t.bytes.first() == Some(&b' ') || words.is_empty();
        if starts_word {
            words.push((t.bytes.clone(), t.t0, t.t1, t.p, 1));
        } else if let Some(w) = words.last_mut() {
            w.0.extend_from_slice(&t.bytes);
            w.2 = w.2.max(t.t1);
            w.3 += t.p;
            w.4 += 1;
        }
    }
    words
        .into_iter()
        .filter_map(|(bytes, t0, t1, psum, n)| {
            let text = String::from_utf8_lossy(&bytes).trim().to_owned();
            let bracketed = (text.starts_with('[') && text.ends_with(']'))
                || (text.starts_with('(') && text.ends_with(')'));
            if text.is_empty() || bracketed || !text.chars().any(char::is_alphanumeric) {
                return None;
            }
            Some(Word {
                text,
                start_ms: t0,
                end_ms: t1.max(t0),
                p: psum / n as f32,
            })
        })
        .collect()
}

/// Looping output ("the the the the", or a phrase repeated) is whisper's classic failure; real
/// speech rarely repeats the same 1-4 words more than three times in a row. Keeps one copy.
pub(crate) fn collapse_repeats(words: &mut Vec<Word>) {
    const MIN_REPEATS: usize = 4;
    let norm = |w: &Word| {
        w.text
            .chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect::<String>()
    };
    let keys: Vec<String> = words.iter().map(norm).collect();
    let mut keep = vec![true; words.len()];
    let mut i = 0;
    while i < words.len() {
        let mut advanced = false;
        for n in 1..=4 {
            let mut reps = 1;
            while i + (reps + 1) * n <= words.len()
                && keys[i + reps * n..i + (reps + 1) * n] == keys[i..i + n]
            {
                reps += 1;
            }
            if reps >= MIN_REPEATS {
                for k in keep.iter_mut().skip(i + n).take((reps - 1) * n) {
                    *k = false;
                }
                i += reps * n;
                advanced = true;
                break;
            }
        }
        if !advanced {
            i += 1;
        }
    }
    let mut it = keep.iter();
    words.retain(|_| *it.next().unwrap_or(&true));
}

/// Below this probability, a word that is a whole utterance on its own is dropped.
const LONE_WORD_MIN_P: f32 = 0.5;

/// An utterance that comes out as one word Whisper is unsure of is, in practice, its answer to
/// noise ("Yeah.", "Okay."); a candidate's one-word reply is heard clearly and kept.
pub(crate) fn drop_lone_unsure_word(segments: Vec<Segment>) -> Vec<Segment> {
    let mut words = segments.iter().flat_map(|s| &s.words);
    match (words.next(), words.next()) {
        (Some(only), None) if only.p < LONE_WORD_MIN_P => {
            tracing::debug!(word = %only.text, p = only.p, "dropping a lone unsure word");
            Vec::new()
        }
        _ => segments,
    }
}

/// Makes timings monotone and inside `[lo, hi]`, collapses loops, rebuilds segment text.
fn finalize_segments(mut segments: Vec<Segment>, lo: u64, hi: u64) -> Vec<Segment> {
    // Token timestamps sometimes give a word a start before the previous word's end; words
    // never overlap or run backwards here, even if that makes one zero-length.
    let mut prev_end = lo;
    for seg in &mut segments {
        collapse_repeats(&mut seg.words);
        for w in &mut seg.words {
            w.start_ms = w.start_ms.max(prev_end).clamp(lo, hi);
            w.end_ms = w.end_ms.clamp(w.start_ms, hi);
            prev_end = w.end_ms;
        }
        seg.text = seg
            .words
            .iter()
            .map(|w| w.text.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        if let (Some(first), Some(last)) = (seg.words.first(), seg.words.last()) {
            seg.start_ms = seg.start_ms.clamp(lo, hi).min(first.start_ms);
            seg.end_ms = seg.end_ms.clamp(last.end_ms, hi);
        }
    }
    segments.retain(|s| !s.words.is_empty());
    segments
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(text: &str, t: u64) -> Word {
        Word {
            text: text.into(),
            start_ms: t,
            end_ms: t + 100,
            p: 0.9,
        }
    }

    #[test]
    fn collapses_loops_but_keeps_ordinary_repetition() {
        let mut words: Vec<Word> = "I I think think that the the the the the end"
            .split(' ')
            .enumerate()
            .map(|(i, s)| w(s, i as u64 * 100))
            .collect();
        collapse_repeats(&mut words);
        let text: Vec<_> = words.iter().map(|w| w.text.as_str()).collect();
        assert_eq!(text, ["I", "I", "think", "think", "that", "the", "end"]);

        let mut words: Vec<Word> = "thank you. Thank you. thank you thank you so"
            .split(' ')
            .enumerate()
            .map(|(i, s)| w(s, i as u64 * 100))
            .collect();
        collapse_repeats(&mut words);
        let text: Vec<_> = words.iter().map(|w| w.text.as_str()).collect();
        assert_eq!(text, ["thank", "you.", "so"]);
    }

    #[test]
    fn tokens_group_into_words_and_markers_vanish() {
        let t = |s: &str, t0, t1| Tok {
            bytes: s.as_bytes().to_vec(),
            t0,
            t1,
            p: 0.5,
        };
        let toks = [
            t(" Um", 0, 20),
            t(",", 20, 25),
            t(" archi", 30, 60),
            t("tecture", 60, 90),
            t(" [BLANK_AUDIO]", 90, 95),
            t(" -", 95, 96),
        ];
        let words = words_from_tokens(&toks);
        let text: Vec<_> = words.iter().map(|w| w.text.as_str()).collect();
        assert_eq!(text, ["Um,", "architecture"]);
        assert_eq!((words[1].start_ms, words[1].end_ms), (30, 90));
    }

    #[test]
    fn timings_are_forced_monotone_and_inside_the_audio() {
        let seg = Segment {
            start_ms: 900,
            end_ms: 5000,
            text: String::new(),
            words: vec![w("a", 1100), w("b", 1050), w("c", 2990)],
        };
        let out = finalize_segments(vec![seg], 1000, 3000);
        let words = &out[0].words;
        for pair in words.windows(2) {
            assert!(pair[0].start_ms <= pair[1].start_ms);
            assert!(pair[0].end_ms <= pair[1].start_ms);
        }
        assert!(words.iter().all(|w| w.start_ms >= 1000 && w.end_ms <= 3000));
        assert_eq!(out[0].text, "a b c");
        assert!(out[0].start_ms >= 1000 && out[0].end_ms <= 3000);
    }

    #[test]
    fn a_lone_unsure_word_is_dropped_but_a_clear_or_longer_answer_is_kept() {
        let seg = |words: Vec<Word>| Segment {
            start_ms: 0,
            end_ms: 1000,
            text: String::new(),
            words,
        };
        let with_p = |text: &str, p: f32| Word { p, ..w(text, 100) };
        assert!(drop_lone_unsure_word(vec![seg(vec![with_p("Yeah.", 0.3)])]).is_empty());
        assert_eq!(
            drop_lone_unsure_word(vec![seg(vec![with_p("Yes.", 0.9)])]).len(),
            1
        );
        assert_eq!(
            drop_lone_unsure_word(vec![seg(vec![with_p("Oh", 0.3), with_p("yes.", 0.3)])]).len(),
            1
        );
        assert_eq!(
            drop_lone_unsure_word(vec![
                seg(vec![with_p("Yeah.", 0.3)]),
                seg(vec![with_p("Right.", 0.3)])
            ])
            .len(),
            2
        );
    }

    #[test]
    fn the_encoder_window_fits_short_audio_and_stays_full_for_long() {
        let sec = SAMPLE_RATE as usize;
        assert_eq!(fitted_audio_ctx(5 * sec), Some(384)); // 250 positions + margin
        assert_eq!(fitted_audio_ctx(sec / 2), Some(192));
        assert_eq!(fitted_audio_ctx(20 * sec), None);
        assert_eq!(fitted_audio_ctx(40 * sec), None);
    }

    #[test]
    fn names_models_after_their_files() {
        assert_eq!(
            model_name_from_path(Path::new("/m/ggml-tiny.en.bin")),
            "tiny.en"
        );
        assert_eq!(model_name_from_path(Path::new("base.bin")), "base");
    }
}
