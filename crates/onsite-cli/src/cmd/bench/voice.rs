//! `onsite bench voice [--voice NAME] [--intelligibility]`: the interviewer's voice.
//!
//! Speed on a typical question (the first of the built-in bank's technical questions with two
//! or more sentences): voice load time, time to first audio (the first sentence synthesised,
//! which is when playback can start), real-time factor (synthesis time / audio time; target
//! < 0.3 on 2 cores) and peak RSS. Time to first audio is given twice: cold (the first
//! sentence synthesised when the question is said) and warm (the app prepares the first
//! sentence of the next question while the candidate answers, so saying it only takes the
//! prepared audio and encodes it as the WAV the webview plays). With `--intelligibility`, every question of the bank is
//! synthesised and transcribed by the default Whisper model, and the word error rate against
//! the question's text is printed overall and per track (target <= 5%). Slow: minutes.
//! The WER is scored with the English normaliser the real-speech set uses
//! ([`onsite_speech::eval::english`]: "organisation" / "organization", "eighteen" / "18" are one
//! spelling, a mishearing stays an error), and beside it on plain lower-cased words.

use std::collections::BTreeMap;
use std::process::ExitCode;
use std::time::Instant;

use onsite_interview::{pick, Bank, Profile};
use onsite_speech::eval::english::english_words;
use onsite_speech::eval::{edit_distance, normalize_words, word_error_rate};
use onsite_speech::StreamConfig;
use serde::Serialize;

use crate::cmd::{print_json, say, transcribe, Ctx, JsonOrText};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Voice to measure (see `onsite say --list`) [default: the default voice]
    #[arg(long, value_name = "NAME")]
    voice: Option<String>,
    /// Timed runs of the typical question (the median is reported)
    #[arg(long, default_value_t = 3)]
    runs: usize,
    /// Also synthesise every bank question and transcribe it with Whisper (WER per track)
    #[arg(long)]
    intelligibility: bool,
    /// Whisper model for --intelligibility [default: tiny.en]
    #[arg(long, value_name = "NAME")]
    model: Option<String>,
    #[arg(long, value_enum, default_value_t)]
    format: JsonOrText,
}

#[derive(Debug, Serialize)]
struct Figures {
    voice: String,
    kind: &'static str,
    build: &'static str,
    load_average: String,
    load_ms: f64,
    question: String,
    sentences: usize,
    audio_s: f64,
    first_audio_ms_median: f64,
    /// First sentence prepared ahead ([`onsite_voice::Speaker::prepare`]): taking it and
    /// encoding it as WAV bytes, as the app does before handing it to the webview.
    first_audio_warm_ms_median: f64,
    synthesis_ms_median: f64,
    real_time_factor: f64,
    peak_rss_mib: Option<f64>,
    intelligibility: Option<Intelligibility>,
}

#[derive(Debug, Serialize)]
struct Intelligibility {
    model: String,
    questions: usize,
    /// English normaliser on both sides (the measure, scored as the real-speech set).
    wer_overall: f64,
    /// Plain lower-cased words: spellings ("organisation", "18") count as errors.
    wer_plain_overall: f64,
    /// Track id → (questions, WER).
    per_track: BTreeMap<String, TrackWer>,
    worst: Vec<Miss>,
}

#[derive(Debug, Serialize)]
struct TrackWer {
    questions: usize,
    words: usize,
    wer: f64,
    wer_plain: f64,
}

#[derive(Debug, Serialize)]
struct Miss {
    id: String,
    wer: f64,
    said: String,
    heard: String,
}

pub fn run(ctx: &Ctx, args: Args) -> anyhow::Result<ExitCode> {
    anyhow::ensure!(args.runs >= 1, "--runs must be at least 1");
    let bank = Bank::builtin()?;
    let profile = Profile::default();
    let texts: Vec<(String, String, String)> = bank
        .questions()
        .iter()
        .map(|q| {
            let filled = pick::fill(q, &profile).question;
            (q.id.clone(), q.track.as_str().to_string(), filled.text)
        })
        .collect();
    let typical = texts
        .iter()
        .find(|(_, _, t)| onsite_voice::text::sentences(t).len() >= 2)
        .or_else(|| texts.first())
        .map(|(_, _, t)| t.clone())
        .ok_or_else(|| anyhow::anyhow!("the question bank is empty"))?;

    let load_started = Instant::now();
    let mut opened = say::open_voice(ctx, args.voice.as_deref())?;
    let load_ms = load_started.elapsed().as_secs_f64() * 1000.0;
    let voice = opened.voice.as_mut();
    // One untimed run: ONNX Runtime sizes its buffers on the first inference, which the app
    // does once when the voice is loaded, not per question.
    onsite_voice::speak(voice, "Let us begin.", 1.0, &mut |_, _, _| {})?;

    let mut first = Vec::new();
    let mut total = Vec::new();
    let mut audio_s = 0.0;
    for _ in 0..args.runs {
        let started = Instant::now();
        let mut first_ms = None;
        let audio = onsite_voice::speak(voice, &typical, 1.0, &mut |_, _, _| {
            first_ms.get_or_insert(started.elapsed().as_secs_f64() * 1000.0);
        })?;
        total.push(started.elapsed().as_secs_f64() * 1000.0);
        first.push(first_ms.unwrap_or_default());
        audio_s = audio.duration_secs();
    }
    let synthesis_ms = median(&mut total);
    let intelligibility = if args.intelligibility {
        Some(intelligibility(ctx, voice, &texts, args.model.as_deref())?)
    } else {
        None
    };
    let (name, kind) = (voice.name().to_string(), voice.kind().id());
    let mut speaker = onsite_voice::Speaker::new(opened.voice);
    let mut warm = Vec::new();
    for run in 0..args.runs {
        // A speed of its own per run, so each run prepares afresh rather than reusing a run's.
        let speed = 1.0 + 0.01 * run as f32;
        speaker.prepare(&typical, speed)?;
        let started = Instant::now();
        let first = speaker.sentence(&typical, 0, speed)?;
        let wav = onsite_voice::wav_bytes(&first.audio)?;
        warm.push(started.elapsed().as_secs_f64() * 1000.0);
        anyhow::ensure!(
            first.prepared && !wav.is_empty(),
            "the prepared sentence was not used"
        );
    }
    let figures = Figures {
        voice: name,
        kind,
        build: if cfg!(debug_assertions) {
            "debug"
        } else {
            "release"
        },
        load_average: super::load_average(),
        load_ms,
        sentences: onsite_voice::text::sentences(&typical).len(),
        question: typical,
        audio_s,
        first_audio_ms_median: median(&mut first),
        first_audio_warm_ms_median: median(&mut warm),
        synthesis_ms_median: synthesis_ms,
        real_time_factor: synthesis_ms / 1000.0 / audio_s.max(1e-9),
        peak_rss_mib: super::peak_rss_mib(),
        intelligibility,
    };
    if args.format == JsonOrText::Json {
        print_json(&figures)?;
    } else {
        print_text(&figures);
    }
    Ok(ExitCode::SUCCESS)
}

fn intelligibility(
    ctx: &Ctx,
    voice: &mut dyn onsite_voice::Voice,
    texts: &[(String, String, String)],
    model: Option<&str>,
) -> anyhow::Result<Intelligibility> {
    let whisper = transcribe::load_model(ctx, model)?;
    let scratch = tempfile::Builder::new()
        .prefix("onsite-bench-voice-")
        .tempdir()?;
    let mut per_track: BTreeMap<String, Tally> = BTreeMap::new();
    let mut misses = Vec::new();
    let mut all = Tally::default();
    for (i, (id, track, text)) in texts.iter().enumerate() {
        let audio = onsite_voice::speak(voice, text, 1.0, &mut |_, _, _| {})?;
        let wav = scratch.path().join(format!("q{i}.wav"));
        onsite_voice::write_wav(&wav, &audio)?;
        let heard = transcribe::transcribe_with(whisper.clone(), &wav, StreamConfig::batch())?.text;
        let (said, got) = (english_words(text), english_words(&heard));
        let errors = edit_distance(&said, &got);
        let plain_words = normalize_words(text).len();
        let plain_errors = word_error_rate(text, &heard) * plain_words as f64;
        for t in [&mut all, per_track.entry(track.clone()).or_default()] {
            t.questions += 1;
            t.words += said.len();
            t.errors += errors;
            t.plain_words += plain_words;
            t.plain_errors += plain_errors;
        }
        let wer = errors as f64 / said.len().max(1) as f64;
        misses.push(Miss {
            id: id.clone(),
            wer,
            said: text.clone(),
            heard,
        });
        eprint!("\rbench voice: {}/{} questions", i + 1, texts.len());
    }
    eprintln!();
    misses.sort_by(|a, b| b.wer.total_cmp(&a.wer));
    misses.truncate(5);
    Ok(Intelligibility {
        model: whisper.name().to_string(),
        questions: texts.len(),
        wer_overall: all.wer(),
        wer_plain_overall: all.wer_plain(),
        per_track: per_track
            .into_iter()
            .map(|(k, t)| {
                (
                    k,
                    TrackWer {
                        questions: t.questions,
                        words: t.words,
                        wer: t.wer(),
                        wer_plain: t.wer_plain(),
                    },
                )
            })
            .collect(),
        worst: misses,
    })
}

/// Word errors summed over questions, with both scorings.
#[derive(Debug, Default)]
struct Tally {
    questions: usize,
    words: usize,
    errors: usize,
    plain_words: usize,
    plain_errors: f64,
}

impl Tally {
    fn wer(&self) -> f64 {
        self.errors as f64 / self.words.max(1) as f64
    }

    fn wer_plain(&self) -> f64 {
        self.plain_errors / self.plain_words.max(1) as f64
    }
}

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    v.get(v.len() / 2).copied().unwrap_or_default()
}

fn print_text(f: &Figures) {
    println!(
        "voice: {} ({}), {} build, load {}",
        f.voice, f.kind, f.build, f.load_average
    );
    println!("  load (checksums + model)  {:>8.0} ms", f.load_ms);
    println!(
        "  typical question          {} sentences, {:.2} s of audio: \"{}\"",
        f.sentences, f.audio_s, f.question
    );
    println!(
        "  time to first audio       {:>8.0} ms  (first sentence synthesised; median)",
        f.first_audio_ms_median
    );
    println!(
        "  time to first audio, warm {:>8.1} ms  (first sentence prepared ahead; taken and encoded as WAV; median)",
        f.first_audio_warm_ms_median
    );
    println!(
        "  whole question            {:>8.0} ms  (median)",
        f.synthesis_ms_median
    );
    println!(
        "  real-time factor          {:>8.3}     (target < 0.3)",
        f.real_time_factor
    );
    match f.peak_rss_mib {
        Some(m) => println!("  peak RSS                  {m:>8.0} MiB"),
        None => println!("  peak RSS                  unknown"),
    }
    if let Some(i) = &f.intelligibility {
        println!(
            "  intelligibility ({} questions, transcribed by {}): WER {:.1}% overall (English normaliser; target <= 5%), {:.1}% on plain words",
            i.questions,
            i.model,
            i.wer_overall * 100.0,
            i.wer_plain_overall * 100.0
        );
        for (track, t) in &i.per_track {
            println!(
                "    {track:<24} {:>3} questions {:>5} words  WER {:>5.1}%  (plain {:>5.1}%)",
                t.questions,
                t.words,
                t.wer * 100.0,
                t.wer_plain * 100.0
            );
        }
        for m in &i.worst {
            println!(
                "    worst {} ({:.0}%): said \"{}\" / heard \"{}\"",
                m.id,
                m.wer * 100.0,
                m.said,
                m.heard.trim()
            );
        }
    }
}
