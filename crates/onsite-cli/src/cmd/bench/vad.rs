//! `onsite bench vad [--set DIR] [--silero FILE]`: which voice activity detector should decide
//! hands-free turns: the energy detector the app uses (`onsite_speech::vad`) against Silero VAD
//! (`onsite_voice::silero`, when its model file is given), on real speech with noise.
//!
//! The real-speech set's clips (not the 8 kHz telephone prompts) are laid end to end with 3 s
//! gaps and mixed with sox-made pink noise at several signal-to-noise ratios (speech level
//! measured over the speech frames). Reference: a frame is speech when it lies between the
//! first and last frame of its clip within 30 dB of the clip's loudest frame (the clip's own
//! boundaries, trimmed of leading and trailing silence); the gaps are not. Printed per SNR and
//! detector: speech frames found (recall), gap frames called speech (false alarms), and the
//! turn figures hands-free depends on: answers started in a gap (false starts), clips with no
//! start, and the median delay from a clip's first speech frame to the start; plus the CPU
//! time per second of audio.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Instant;

use anyhow::Context as _;
use onsite_live::turn::{TurnConfig, TurnDetector, TurnEvent};
use onsite_speech::eval::real_set::{Category, RealSet};
use onsite_speech::vad::{Vad, VadConfig, FRAME};
use serde::Serialize;

use crate::cmd::{print_json, Ctx, JsonOrText};

const RATE: usize = 16_000;
const GAP_S: usize = 3;
const SNRS_DB: [f64; 4] = [20.0, 10.0, 5.0, 0.0];

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The real-speech set's folder (scripts/fetch-speech-set) [default: models/cache/speech-set]
    #[arg(long, value_name = "DIR")]
    set: Option<PathBuf>,
    /// Silero VAD's model (`silero_vad/data/silero_vad.onnx` from the silero-vad wheel); the
    /// energy detector alone without it
    #[arg(long, value_name = "FILE")]
    silero: Option<PathBuf>,
    /// At most this many clips (in the set's order)
    #[arg(long, default_value_t = 60)]
    clips: usize,
    #[arg(long, value_enum, default_value_t)]
    format: JsonOrText,
}

#[derive(Debug, Serialize)]
struct Row {
    snr_db: f64,
    detector: &'static str,
    speech_recall: f64,
    false_alarm: f64,
    false_starts: usize,
    missed_starts: usize,
    start_delay_ms_median: Option<f64>,
    cpu_ms_per_audio_s: f64,
}

#[derive(Debug, Serialize)]
struct Figures {
    clips: usize,
    audio_s: f64,
    load_average: String,
    rows: Vec<Row>,
}

/// The clips laid out with their reference: per 20 ms frame, speech or not; where each clip
/// (gap first) starts and where its speech starts, in frames.
struct Layout {
    speech: Vec<f32>,
    truth: Vec<bool>,
    /// (gap start frame, first speech frame) per clip.
    clips: Vec<(usize, usize)>,
}

pub fn run(ctx: &Ctx, args: Args) -> anyhow::Result<ExitCode> {
    let dir = args
        .set
        .clone()
        .unwrap_or_else(|| PathBuf::from("models/cache/speech-set"));
    let set = RealSet::builtin()?;
    let located = set.locate(&dir).with_context(|| {
        format!(
            "the real-speech set in {} (scripts/fetch-speech-set)",
            dir.display()
        )
    })?;
    let files: Vec<PathBuf> = located
        .into_iter()
        .filter(|(c, _)| c.category != Category::Telephone)
        .map(|(_, p)| p)
        .take(args.clips)
        .collect();
    anyhow::ensure!(!files.is_empty(), "no clips found in {}", dir.display());
    let layout = lay_out(&files)?;
    let noise = pink_noise(layout.speech.len())?;
    let speech_rms = rms(layout
        .speech
        .chunks(FRAME)
        .zip(&layout.truth)
        .filter(|(_, t)| **t)
        .flat_map(|(f, _)| f.iter().copied()));
    let noise_rms = rms(noise.iter().copied());
    let mut silero = match &args.silero {
        Some(model) => {
            let runtime = onsite_voice::Library::standard(&ctx.data_dir.models_dir())
                .runtime()
                .context("ONNX Runtime's library beside the voice (make setup)")?;
            Some(onsite_voice::silero::SileroVad::load(model, &runtime)?)
        }
        None => None,
    };
    let mut rows = Vec::new();
    for snr in SNRS_DB {
        let gain = speech_rms / noise_rms / 10f64.powf(snr / 20.0);
        let mixed: Vec<f32> = layout
            .speech
            .iter()
            .zip(&noise)
            .map(|(s, n)| s + (f64::from(*n) * gain) as f32)
            .collect();
        let started = Instant::now();
        let energy = energy_frames(&mixed);
        rows.push(score(&layout, snr, "energy", &energy, started, mixed.len()));
        if let Some(vad) = silero.as_mut() {
            let started = Instant::now();
            let frames = silero_frames(vad, &mixed)?;
            rows.push(score(&layout, snr, "silero", &frames, started, mixed.len()));
        }
    }
    let figures = Figures {
        clips: files.len(),
        audio_s: layout.speech.len() as f64 / RATE as f64,
        load_average: super::load_average(),
        rows,
    };
    match args.format {
        JsonOrText::Json => print_json(&figures)?,
        JsonOrText::Text => {
            println!(
                "{} clips of real speech, {:.0} s with {GAP_S} s gaps, pink noise (load average {})",
                figures.clips, figures.audio_s, figures.load_average
            );
            if silero.is_none() {
                println!("(energy only: pass --silero FILE for Silero VAD)");
            }
            println!(
                "SNR  detector  recall  false-alarm  false-starts  missed  start-delay  cpu ms/s"
            );
            for r in &figures.rows {
                println!(
                    "{:>3}  {:<8}  {:>5.1}%  {:>10.1}%  {:>12}  {:>6}  {:>11}  {:>8.2}",
                    r.snr_db,
                    r.detector,
                    r.speech_recall * 100.0,
                    r.false_alarm * 100.0,
                    r.false_starts,
                    r.missed_starts,
                    r.start_delay_ms_median
                        .map_or("-".into(), |d| format!("{d:.0} ms")),
                    r.cpu_ms_per_audio_s
                );
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn lay_out(files: &[PathBuf]) -> anyhow::Result<Layout> {
    let mut layout = Layout {
        speech: Vec::new(),
        truth: Vec::new(),
        clips: Vec::new(),
    };
    for file in files {
        let clip = onsite_speech::audio::decode_file(file)
            .with_context(|| format!("decoding {}", file.display()))?;
        let gap_start = layout.truth.len();
        layout.speech.extend(std::iter::repeat_n(0.0, GAP_S * RATE));
        layout
            .truth
            .extend(std::iter::repeat_n(false, GAP_S * RATE / FRAME));
        let levels: Vec<f64> = clip
            .chunks(FRAME)
            .map(|f| 20.0 * rms(f.iter().copied()).max(1e-9).log10())
            .collect();
        let loudest = levels.iter().copied().fold(f64::MIN, f64::max);
        let loud = |l: &&f64| **l > loudest - 30.0;
        let first = levels.iter().position(|l| loud(&l)).unwrap_or(0);
        let last = levels.iter().rposition(|l| loud(&l)).unwrap_or(0);
        let clip_start = layout.truth.len();
        // Whole frames only, so frames and samples stay aligned.
        let whole = clip.len() / FRAME * FRAME;
        layout.speech.extend_from_slice(&clip[..whole]);
        layout
            .truth
            .extend((0..whole / FRAME).map(|i| (first..=last).contains(&i)));
        layout.clips.push((gap_start, clip_start + first));
    }
    Ok(layout)
}

fn rms(samples: impl Iterator<Item = f32>) -> f64 {
    let (sum, n) = samples.fold((0.0f64, 0usize), |(s, n), x| {
        (s + f64::from(x) * f64::from(x), n + 1)
    });
    if n == 0 {
        0.0
    } else {
        (sum / n as f64).sqrt()
    }
}

/// `len` samples of pink noise at 16 kHz, made by sox.
fn pink_noise(len: usize) -> anyhow::Result<Vec<f32>> {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("noise.wav");
    let seconds = len as f64 / RATE as f64 + 1.0;
    let ok = Command::new("sox")
        .args(["-n", "-r", "16000", "-c", "1", "-b", "16"])
        .arg(&path)
        .args(["synth", &format!("{seconds:.2}"), "pinknoise", "vol", "0.3"])
        .status()
        .context("sox makes the noise (scripts/setup installs it)")?
        .success();
    anyhow::ensure!(ok, "sox could not make pink noise");
    let mut noise = onsite_speech::audio::decode_file(Path::new(&path))?;
    noise.resize(len, 0.0);
    Ok(noise)
}

fn energy_frames(audio: &[f32]) -> Vec<bool> {
    let mut vad = Vad::new(VadConfig::default());
    audio
        .chunks_exact(FRAME)
        .map(|f| {
            vad.process(f);
            vad.in_speech()
        })
        .collect()
}

/// Silero's probabilities per 32 ms window turned into 20 ms frames with its own hysteresis
/// (speech from 0.5, until below 0.35) and the energy detector's 300 ms hangover, so the two
/// are compared as the turn detector would see them.
fn silero_frames(
    vad: &mut onsite_voice::silero::SileroVad,
    audio: &[f32],
) -> anyhow::Result<Vec<bool>> {
    use onsite_voice::silero::CHUNK;
    vad.reset();
    let mut probs = Vec::with_capacity(audio.len() / CHUNK + 1);
    for chunk in audio.chunks(CHUNK) {
        probs.push(vad.probability(chunk)?);
    }
    let hangover = 300 * RATE / 1000;
    let (mut speaking, mut quiet_since) = (false, 0usize);
    let mut out = Vec::with_capacity(audio.len() / FRAME);
    for i in 0..audio.len() / FRAME {
        let at = i * FRAME + FRAME / 2;
        let p = probs.get(at / CHUNK).copied().unwrap_or(0.0);
        if p >= 0.5 {
            speaking = true;
            quiet_since = 0;
        } else if speaking && p < 0.35 {
            if quiet_since == 0 {
                quiet_since = at.max(1);
            } else if at - quiet_since >= hangover {
                speaking = false;
                quiet_since = 0;
            }
        }
        out.push(speaking);
    }
    Ok(out)
}

fn score(
    layout: &Layout,
    snr: f64,
    detector: &'static str,
    frames: &[bool],
    started: Instant,
    samples: usize,
) -> Row {
    let cpu_ms = started.elapsed().as_secs_f64() * 1000.0;
    let n = frames.len().min(layout.truth.len());
    let (mut hit, mut speech, mut alarm, mut quiet) = (0usize, 0usize, 0usize, 0usize);
    for (truth, found) in layout.truth.iter().zip(frames) {
        if *truth {
            speech += 1;
            hit += usize::from(*found);
        } else {
            quiet += 1;
            alarm += usize::from(*found);
        }
    }
    // Turns: each clip listened to from its gap's start, as after the interviewer's question.
    let (mut false_starts, mut missed, mut delays) = (0, 0, Vec::new());
    let ends: Vec<usize> = layout
        .clips
        .iter()
        .skip(1)
        .map(|(gap, _)| *gap)
        .chain([n])
        .collect();
    for (&(gap, first), end) in layout.clips.iter().zip(ends) {
        let mut turn = TurnDetector::for_start(TurnConfig::default());
        let started = frames[gap..end.min(n)]
            .iter()
            .find_map(|v| turn.push(*v))
            .map(|e| match e {
                TurnEvent::Started { frame } | TurnEvent::Ended { frame } => gap + frame as usize,
            });
        match started {
            Some(at) if at < first.saturating_sub(10) => false_starts += 1,
            Some(at) => delays.push((at.saturating_sub(first) * 20 + 200) as f64),
            None => missed += 1,
        }
    }
    delays.sort_by(f64::total_cmp);
    Row {
        snr_db: snr,
        detector,
        speech_recall: hit as f64 / speech.max(1) as f64,
        false_alarm: alarm as f64 / quiet.max(1) as f64,
        false_starts,
        missed_starts: missed,
        start_delay_ms_median: delays.get(delays.len() / 2).copied(),
        cpu_ms_per_audio_s: cpu_ms / (samples as f64 / RATE as f64),
    }
}
