//! The technical-vocabulary part of `onsite bench speech`: the labelled set
//! (`onsite-speech/data/vocabulary-set.toml`) spoken by espeak-ng and flite voices and
//! transcribed by each installed model twice, with today's filler prompt and with the
//! interview prompt, so the gain reads as a ratio on the same audio in the same run. Also:
//! lexicon terms and talking-point words "heard" in the control answers, which say none; filler
//! survival and the espeak answer's WER with the interview prompt.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use anyhow::Context as _;
use onsite_speech::eval::{
    count_fillers, count_words, normalize_words, talking_point_words, word_error_rate, SetAnswer,
    VocabularySet,
};
use onsite_speech::synth::{Voice, ANSWER_SCRIPT, FILLER_SCRIPT};
use onsite_speech::vocab::{count_term, interview_prompt, AnswerContext, Lexicon};
use onsite_speech::whisper::FILLER_PROMPT;
use onsite_speech::{Model, StreamConfig};
use onsite_transcript::Transcript;
use serde::Serialize;

/// The two ways of priming Whisper compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PromptMode {
    /// Today's default: the short filler prompt only.
    Filler,
    /// The answer's interview prompt: its terms, then the filler prompt.
    Interview,
}

impl PromptMode {
    pub const ALL: [PromptMode; 2] = [PromptMode::Filler, PromptMode::Interview];

    pub fn id(self) -> &'static str {
        match self {
            Self::Filler => "filler",
            Self::Interview => "interview",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Filler => "filler prompt (today)",
            Self::Interview => "interview prompt",
        }
    }

    fn prompt(self, lexicon: &Lexicon, a: &SetAnswer) -> String {
        match self {
            Self::Filler => FILLER_PROMPT.to_owned(),
            Self::Interview => interview_prompt(lexicon, &context(a)),
        }
    }
}

fn context(a: &SetAnswer) -> AnswerContext {
    AnswerContext {
        question: a.question.clone(),
        talking_points: a.talking_points.clone(),
        profile_terms: Vec::new(),
    }
}

#[derive(Debug, Serialize)]
pub struct VoiceRow {
    pub voice: &'static str,
    pub label: &'static str,
    pub mode: PromptMode,
    pub terms_heard: usize,
    /// Terms heard once the near-miss correction ran on the same transcripts (the default
    /// pipeline with this prompt); equal to `terms_heard` for the filler prompt, which lists
    /// no terms to correct to.
    pub terms_heard_corrected: usize,
    pub terms: usize,
    pub control_false_terms: usize,
    pub control_talking_point_words: usize,
    /// Decode time over audio time for this voice's answers.
    pub rtf: f64,
}

#[derive(Debug, Serialize)]
pub struct ModelVocabulary {
    pub model: String,
    pub rows: Vec<VoiceRow>,
    /// Each term missed with the interview prompt, with how many times (marks, over all voices).
    pub missed_with_prompt: Vec<(String, usize)>,
    /// Each term missed with the interview prompt: (voice, term, sentence said, words heard in
    /// its place), so a miss reads as a mishearing, a dropped word or a spelling.
    pub missed_in_context: Vec<(&'static str, String, String, String)>,
    /// Lexicon terms heard in control answers, with the mode.
    pub false_terms: Vec<(PromptMode, String)>,
    pub fillers_in_script: usize,
    pub fillers_filler_prompt: usize,
    pub fillers_interview_prompt: usize,
    pub answer_wer_filler_prompt: f64,
    pub answer_wer_interview_prompt: f64,
}

/// Audio of the set, made once and shared by every model.
pub struct SetAudio {
    set: VocabularySet,
    voices: Vec<Voice>,
    /// [voice][answer]
    answers: Vec<Vec<PathBuf>>,
    controls: Vec<Vec<PathBuf>>,
    fillers: PathBuf,
    answer: PathBuf,
}

impl SetAudio {
    pub fn make(dir: &Path, voices: Vec<Voice>) -> anyhow::Result<SetAudio> {
        let set = VocabularySet::builtin().context("the vocabulary set does not parse")?;
        let mut answers = Vec::new();
        let mut controls = Vec::new();
        for v in &voices {
            let speak = |kind: &str, i: usize, a: &SetAnswer| {
                v.speak(&a.script(), &dir.join(format!("{}-{kind}{i}.wav", v.id())))
            };
            answers.push(
                set.answers
                    .iter()
                    .enumerate()
                    .map(|(i, a)| speak("answer", i, a))
                    .collect::<Result<Vec<_>, _>>()?,
            );
            controls.push(
                set.controls
                    .iter()
                    .enumerate()
                    .map(|(i, a)| speak("control", i, a))
                    .collect::<Result<Vec<_>, _>>()?,
            );
        }
        let fillers = Voice::EspeakUs.speak(FILLER_SCRIPT, &dir.join("fillers.wav"))?;
        let answer =
            onsite_speech::synth::espeak_to_wav(ANSWER_SCRIPT, 130, &dir.join("long-answer.wav"))?;
        Ok(SetAudio {
            set,
            voices,
            answers,
            controls,
            fillers,
            answer,
        })
    }

    pub fn set(&self) -> &VocabularySet {
        &self.set
    }
}

fn transcribe(
    model: &Arc<Model>,
    wav: &Path,
    prompt: &str,
    threads: usize,
) -> anyhow::Result<String> {
    Ok(transcript(model, wav, prompt, threads)?.text)
}

fn transcript(
    model: &Arc<Model>,
    wav: &Path,
    prompt: &str,
    threads: usize,
) -> anyhow::Result<Transcript> {
    let mut cfg = StreamConfig::batch();
    cfg.decode.threads = threads;
    cfg.threads_after_stop = threads;
    cfg.decode.initial_prompt = Some(prompt.to_owned());
    // The correction is applied here, after the decode, so one decode gives the figures with
    // and without it (as the transcriber would, after its confirmation guard).
    cfg.decode.correct_near_misses = false;
    Ok(onsite_speech::transcribe_file(Arc::clone(model), wav, cfg)?.0)
}

/// Writes `t` as JSON to `dir/name.json` when the bench was asked to keep transcripts.
fn keep(dir: Option<&Path>, name: &str, t: &Transcript) -> anyhow::Result<()> {
    if let Some(dir) = dir {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
        let path = dir.join(format!("{name}.json"));
        std::fs::write(&path, serde_json::to_vec_pretty(t)?)
            .with_context(|| format!("cannot write {}", path.display()))?;
    }
    Ok(())
}

fn seconds(wav: &Path) -> f64 {
    onsite_speech::audio::decode_file(wav).map_or(0.0, |pcm| pcm.len() as f64 / 16_000.0)
}

pub fn measure(
    model: &Arc<Model>,
    audio: &SetAudio,
    lexicon: &Lexicon,
    threads: usize,
    keep_dir: Option<&Path>,
) -> anyhow::Result<ModelVocabulary> {
    let set = &audio.set;
    let lexicon_terms: Vec<(&str, Vec<String>)> = lexicon
        .terms()
        .into_iter()
        .map(|t| (t, normalize_words(t)))
        .collect();
    let mut rows = Vec::new();
    let mut missed: Vec<(String, usize)> = Vec::new();
    let mut missed_in_context = Vec::new();
    let mut false_terms = Vec::new();
    for (vi, voice) in audio.voices.iter().enumerate() {
        for mode in PromptMode::ALL {
            let started = Instant::now();
            let mut audio_s = 0.0;
            let (mut heard, mut of, mut heard_corrected) = (0, 0, 0);
            for (ai, (a, wav)) in set.answers.iter().zip(&audio.answers[vi]).enumerate() {
                let prompt = mode.prompt(lexicon, a);
                let t = transcript(model, wav, &prompt, threads)?;
                let name = format!("{}-{}-{}-answer{ai}", model.name(), voice.id(), mode.id());
                keep(keep_dir, &name, &t)?;
                heard_corrected += a.term_recall(&corrected(&t, &prompt).0).0;
                let text = t.text;
                audio_s += seconds(wav);
                let (h, n) = a.term_recall(&text);
                heard += h;
                of += n;
                if mode == PromptMode::Interview {
                    for m in a.missed_terms(&text) {
                        match missed.iter_mut().find(|(t, _)| *t == m) {
                            Some(e) => e.1 += 1,
                            None => missed.push((m, 1)),
                        }
                    }
                    for (term, said, heard) in a.missed_in_context(&text) {
                        missed_in_context.push((voice.id(), term, said, heard));
                    }
                }
            }
            let rtf = started.elapsed().as_secs_f64() / audio_s.max(1e-6);
            let (mut false_n, mut points_n) = (0, 0);
            for (ci, (c, wav)) in set.controls.iter().zip(&audio.controls[vi]).enumerate() {
                let prompt = mode.prompt(lexicon, c);
                let t = transcript(model, wav, &prompt, threads)?;
                let name = format!("{}-{}-{}-control{ci}", model.name(), voice.id(), mode.id());
                keep(keep_dir, &name, &t)?;
                // Scored as the default pipeline writes it: after the correction.
                let text = corrected(&t, &prompt).0;
                let words = normalize_words(&text);
                for (t, norm) in &lexicon_terms {
                    let n = count_term(&words, norm);
                    if n > 0 {
                        false_n += n;
                        false_terms.push((mode, format!("{t} ({}: {text})", voice.id())));
                    }
                }
                points_n += count_words(&text, &talking_point_words(&c.talking_points));
            }
            eprintln!(
                "bench: {} {} {}: {heard}/{of} terms",
                model.name(),
                voice.id(),
                mode.id()
            );
            rows.push(VoiceRow {
                voice: voice.id(),
                label: voice.label(),
                mode,
                terms_heard: heard,
                terms_heard_corrected: heard_corrected,
                terms: of,
                control_false_terms: false_n,
                control_talking_point_words: points_n,
                rtf,
            });
        }
    }
    missed.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));

    // Fillers and the long answer's WER with the prompt of a question it answers.
    let design = &set.answers[0];
    let interview = PromptMode::Interview.prompt(lexicon, design);
    let fillers_filler_prompt =
        count_fillers(&transcribe(model, &audio.fillers, FILLER_PROMPT, threads)?);
    let fillers_interview_prompt =
        count_fillers(&transcribe(model, &audio.fillers, &interview, threads)?);
    let answer_wer_filler_prompt = word_error_rate(
        ANSWER_SCRIPT,
        &transcribe(model, &audio.answer, FILLER_PROMPT, threads)?,
    );
    let answer_wer_interview_prompt = word_error_rate(
        ANSWER_SCRIPT,
        &transcribe(model, &audio.answer, &interview, threads)?,
    );
    Ok(ModelVocabulary {
        model: model.name().to_owned(),
        rows,
        missed_with_prompt: missed,
        missed_in_context,
        false_terms,
        fillers_in_script: count_fillers(FILLER_SCRIPT),
        fillers_filler_prompt,
        fillers_interview_prompt,
        answer_wer_filler_prompt,
        answer_wer_interview_prompt,
    })
}

pub fn print_text(r: &ModelVocabulary) {
    println!();
    println!("technical vocabulary, model {}:", r.model);
    println!(
        "{:<16} {:<28} {:>14} {:>14} {:>14} {:>8} {:>8}",
        "voice", "", "filler prompt", "interview", "+ correction", "ratio", "RTF"
    );
    let pct = |h: usize, n: usize| 100.0 * h as f64 / n.max(1) as f64;
    let mut totals = [(0, 0); 2];
    let mut controls = [(0, 0); 2];
    let mut corrected = 0;
    for pair in r.rows.chunks(2) {
        let [f, i] = pair else { continue };
        println!(
            "{:<16} {:<28} {:>5}/{:<3} {:>3.0}% {:>5}/{:<3} {:>3.0}% {:>5}/{:<3} {:>3.0}% {:>7.2}x {:>8.3}",
            f.voice,
            f.label,
            f.terms_heard,
            f.terms,
            pct(f.terms_heard, f.terms),
            i.terms_heard,
            i.terms,
            pct(i.terms_heard, i.terms),
            i.terms_heard_corrected,
            i.terms,
            pct(i.terms_heard_corrected, i.terms),
            i.terms_heard_corrected as f64 / f.terms_heard.max(1) as f64,
            i.rtf
        );
        corrected += i.terms_heard_corrected;
        for (k, row) in [f, i].into_iter().enumerate() {
            totals[k].0 += row.terms_heard;
            totals[k].1 += row.terms;
            controls[k].0 += row.control_false_terms;
            controls[k].1 += row.control_talking_point_words;
        }
    }
    println!(
        "{:<45} {:>5}/{:<3} {:>3.1}% {:>5}/{:<3} {:>3.1}% {:>5}/{:<3} {:>3.1}% {:>7.2}x",
        "all voices",
        totals[0].0,
        totals[0].1,
        pct(totals[0].0, totals[0].1),
        totals[1].0,
        totals[1].1,
        pct(totals[1].0, totals[1].1),
        corrected,
        totals[1].1,
        pct(corrected, totals[1].1),
        corrected as f64 / totals[0].0.max(1) as f64
    );
    println!(
        "control answers (no lexicon term said): lexicon terms heard {} with the filler prompt, {} with the interview prompt; talking-point words {} and {}",
        controls[0].0, controls[1].0, controls[0].1, controls[1].1
    );
    for (mode, t) in &r.false_terms {
        println!("  heard in a control with the {}: {t}", mode.label());
    }
    println!(
        "fillers kept: {}/{} with the filler prompt, {}/{} with the interview prompt",
        r.fillers_filler_prompt,
        r.fillers_in_script,
        r.fillers_interview_prompt,
        r.fillers_in_script
    );
    println!(
        "espeak answer WER: {:.1}% with the filler prompt, {:.1}% with the interview prompt",
        r.answer_wer_filler_prompt * 100.0,
        r.answer_wer_interview_prompt * 100.0
    );
    let missed: Vec<String> = r
        .missed_with_prompt
        .iter()
        .take(25)
        .map(|(t, n)| format!("{t} ({n})"))
        .collect();
    println!(
        "missed with the interview prompt (times, over all voices): {}",
        missed.join(", ")
    );
    for (voice, term, said, heard) in &r.missed_in_context {
        println!("  {voice}: {term}: said \"{said}\", heard \"{heard}\"");
    }
}

/// One voice's figures scored again from kept transcripts (`--replay DIR`), with the
/// near-miss correction (`onsite_speech::correct`) applied to the interview prompt's
/// transcripts as the last step, so its gain is measured on the very same decodes.
#[derive(Debug, Serialize)]
pub struct ReplayRow {
    pub voice: &'static str,
    pub terms: usize,
    pub filler: usize,
    pub interview: usize,
    pub corrected: usize,
    /// Lexicon terms heard in the control answers: filler prompt, interview, corrected.
    pub control_terms: [usize; 3],
    /// Words the correction rewrote: in the answers, in the controls.
    pub rewrites: [usize; 2],
    /// Lexicon terms written in the answers more often than their script says them (a term
    /// heard where it was not said): interview prompt, then with the correction.
    pub invented: [usize; 2],
}

fn read_kept(dir: &Path, name: &str) -> anyhow::Result<Transcript> {
    let path = dir.join(format!("{name}.json"));
    let bytes = std::fs::read(&path).with_context(|| {
        format!(
            "cannot read {} (keep it with --keep-transcripts in a run without --replay)",
            path.display()
        )
    })?;
    serde_json::from_slice(&bytes)
        .with_context(|| format!("{} is not a transcript", path.display()))
}

fn corrected(t: &Transcript, prompt: &str) -> (String, usize) {
    let mut segments = t.segments.clone();
    let n = onsite_speech::correct::correct_near_misses(&mut segments, prompt);
    let text = segments
        .iter()
        .map(|s| s.text.trim())
        .collect::<Vec<_>>()
        .join(" ");
    (text, n)
}

/// Scores the transcripts a `--keep-transcripts` run wrote for `model`, per voice.
pub fn replay(
    dir: &Path,
    model: &str,
    voices: &[Voice],
    lexicon: &Lexicon,
) -> anyhow::Result<Vec<ReplayRow>> {
    let set = VocabularySet::builtin().context("the vocabulary set does not parse")?;
    let lexicon_terms: Vec<Vec<String>> =
        lexicon.terms().into_iter().map(normalize_words).collect();
    let terms_in = |text: &str| {
        let words = normalize_words(text);
        lexicon_terms
            .iter()
            .map(|t| count_term(&words, t))
            .sum::<usize>()
    };
    let over = |script: &str, text: &str| {
        let (said, heard) = (normalize_words(script), normalize_words(text));
        lexicon_terms
            .iter()
            .map(|t| count_term(&heard, t).saturating_sub(count_term(&said, t)))
            .sum::<usize>()
    };
    let mut rows = Vec::new();
    for v in voices {
        let mut row = ReplayRow {
            voice: v.id(),
            terms: 0,
            filler: 0,
            interview: 0,
            corrected: 0,
            control_terms: [0; 3],
            rewrites: [0; 2],
            invented: [0; 2],
        };
        for (i, a) in set.answers.iter().enumerate() {
            let name = |mode: PromptMode| format!("{model}-{}-{}-answer{i}", v.id(), mode.id());
            let plain = read_kept(dir, &name(PromptMode::Filler))?;
            let primed = read_kept(dir, &name(PromptMode::Interview))?;
            let (fixed, n) = corrected(&primed, &PromptMode::Interview.prompt(lexicon, a));
            let (h, of) = a.term_recall(&plain.text);
            row.terms += of;
            row.filler += h;
            row.interview += a.term_recall(&primed.text).0;
            row.corrected += a.term_recall(&fixed).0;
            row.rewrites[0] += n;
            row.invented[0] += over(&a.script(), &primed.text);
            row.invented[1] += over(&a.script(), &fixed);
            for (term, said, heard) in a.missed_in_context(&fixed) {
                println!("  {}: still missed after correction: {term}: said \"{said}\", heard \"{heard}\"", v.id());
            }
        }
        for (i, c) in set.controls.iter().enumerate() {
            let name = |mode: PromptMode| format!("{model}-{}-{}-control{i}", v.id(), mode.id());
            let plain = read_kept(dir, &name(PromptMode::Filler))?;
            let primed = read_kept(dir, &name(PromptMode::Interview))?;
            let (fixed, n) = corrected(&primed, &PromptMode::Interview.prompt(lexicon, c));
            row.control_terms[0] += terms_in(&plain.text);
            row.control_terms[1] += terms_in(&primed.text);
            row.control_terms[2] += terms_in(&fixed);
            row.rewrites[1] += n;
            if n > 0 {
                println!(
                    "  {}: correction rewrote {n} word(s) in control {i}: {fixed}",
                    v.id()
                );
            }
        }
        rows.push(row);
    }
    Ok(rows)
}

pub fn print_replay(model: &str, rows: &[ReplayRow]) {
    println!();
    println!("technical vocabulary from kept transcripts, model {model}:");
    println!(
        "{:<16} {:>14} {:>14} {:>18} {:>10} {:>16} {:>10}",
        "voice",
        "filler prompt",
        "interview",
        "+ correction",
        "rewrites",
        "control terms",
        "invented"
    );
    let pct = |h: usize, n: usize| 100.0 * h as f64 / n.max(1) as f64;
    let mut sum = [0usize; 4];
    let mut controls = [0usize; 3];
    let mut invented = [0usize; 2];
    for r in rows {
        invented[0] += r.invented[0];
        invented[1] += r.invented[1];
        println!(
            "{:<16} {:>5}/{:<3} {:>3.0}% {:>5}/{:<3} {:>3.0}% {:>9}/{:<3} {:>3.0}% {:>10} {:>6} {:>4} {:>4} {:>5} {:>4}",
            r.voice,
            r.filler,
            r.terms,
            pct(r.filler, r.terms),
            r.interview,
            r.terms,
            pct(r.interview, r.terms),
            r.corrected,
            r.terms,
            pct(r.corrected, r.terms),
            r.rewrites[0],
            r.control_terms[0],
            r.control_terms[1],
            r.control_terms[2],
            r.invented[0],
            r.invented[1],
        );
        for (s, x) in sum
            .iter_mut()
            .zip([r.terms, r.filler, r.interview, r.corrected])
        {
            *s += x;
        }
        for (s, x) in controls.iter_mut().zip(r.control_terms) {
            *s += x;
        }
    }
    println!(
        "all voices: filler prompt {}/{} ({:.1}%), interview prompt {} ({:.1}%), with correction {} ({:.1}%); lexicon terms in control answers: {} / {} / {}; terms written beyond the script in the answers: {} with the interview prompt, {} with the correction",
        sum[1],
        sum[0],
        pct(sum[1], sum[0]),
        sum[2],
        pct(sum[2], sum[0]),
        sum[3],
        pct(sum[3], sum[0]),
        controls[0],
        controls[1],
        controls[2],
        invented[0],
        invented[1]
    );
}
