//! `onsite bench speech`: model load time, batch and streaming real-time factor, feedback latency
//! (end of a 120 s answer streamed at real-time pace to the final transcript), peak RSS, WER and
//! filler survival; with `--peers`, pywhispercpp (whisper.cpp outside Rust) and faster-whisper
//! int8 on the same audio, side by side. Then, for each installed model, technical-term recall
//! on the labelled vocabulary set with and without the interview prompt, per voice
//! (`bench::vocabulary`), and WER per category on the real-speech set (`real`). `--latency`
//! measures only feedback latency after a 120-second answer and streaming RTF, per model
//! (`latency`): with the real-speech WER, the figures the default model is chosen by.

mod latency;
mod real;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Context as _;
use onsite_speech::eval::{count_fillers, word_error_rate};
use onsite_speech::synth::{espeak_to_wav, ANSWER_SCRIPT, FILLER_SCRIPT};
use onsite_speech::whisper::{cores, whisper_cpp_version};
use onsite_speech::{audio, Model, Stream, StreamConfig, StreamEvent, Transcriber};
use serde::Serialize;

use onsite_speech::synth::Voice;
use onsite_speech::vocab::Lexicon;

use super::super::transcribe::load_model;
use super::super::{print_json, Ctx, JsonOrText};
use super::vocabulary::{self, ModelVocabulary, SetAudio};
use super::{load_average, peak_rss_mib};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Model name or ggml file [default: tiny.en]
    #[arg(long, value_name = "NAME")]
    model: Option<String>,
    /// Answer to use instead of the espeak-ng one (WER is then not reported)
    #[arg(long, value_name = "FILE")]
    audio: Option<PathBuf>,
    /// Decoder threads while the answer is streaming in (the target is set on one)
    #[arg(long, default_value_t = 1)]
    live_threads: usize,
    /// Decoder threads for batch runs and after stop [default: every core, up to 8]
    #[arg(long)]
    threads: Option<usize>,
    /// Feed the stream as fast as possible instead of at real-time pace
    #[arg(long)]
    fast: bool,
    /// Also run the peers (pywhispercpp, faster-whisper) via scripts/bench-speech-peers
    #[arg(long)]
    peers: bool,
    /// CTranslate2 folder for faster-whisper [default: models/cache/... found by the script]
    #[arg(long, value_name = "DIR")]
    ct2_dir: Option<PathBuf>,
    /// Only the technical-vocabulary figures (no timing, latency or peers)
    #[arg(long, conflicts_with = "no_vocabulary")]
    vocabulary_only: bool,
    /// Skip the technical-vocabulary figures
    #[arg(long)]
    no_vocabulary: bool,
    /// Folder of the real-speech set [default: $ONSITE_SPEECH_SET, else the checkout's
    /// models/cache/speech-set, filled by scripts/fetch-speech-set]
    #[arg(long, value_name = "DIR")]
    real: Option<PathBuf>,
    /// Only the real-speech figures, for each installed model (or --model)
    #[arg(long, conflicts_with_all = ["vocabulary_only", "no_real"])]
    real_only: bool,
    /// Skip the real-speech figures
    #[arg(long)]
    no_real: bool,
    /// Only feedback latency after a 120-second answer and streaming RTF, streamed as the app
    /// does, for each installed model (or --model)
    #[arg(long, conflicts_with_all = ["vocabulary_only", "real_only"])]
    latency: bool,
    /// Write each vocabulary-set transcript (JSON, per model, voice and prompt) into this folder
    #[arg(long, value_name = "DIR")]
    keep_transcripts: Option<PathBuf>,
    /// Score the vocabulary set again from a --keep-transcripts folder, without decoding, with
    /// the near-miss correction applied as a last step (filler prompt, interview prompt and
    /// interview prompt plus correction, per voice)
    #[arg(long, value_name = "DIR", requires = "vocabulary_only")]
    replay: Option<PathBuf>,
    /// Voices for the vocabulary set, comma-separated [default: all six]
    #[arg(long, value_delimiter = ',', value_parser = parse_voice)]
    voices: Vec<Voice>,
    #[arg(long, value_enum, default_value_t)]
    format: JsonOrText,
}

fn parse_voice(s: &str) -> Result<Voice, String> {
    Voice::ALL.into_iter().find(|v| v.id() == s).ok_or_else(|| {
        let ids: Vec<&str> = Voice::ALL.iter().map(|v| v.id()).collect();
        format!("unknown voice {s:?}; the voices are {}", ids.join(", "))
    })
}

/// The models asked for: `--model`, or each installed one.
fn model_names(ctx: &Ctx, args: &Args) -> Vec<Option<String>> {
    match &args.model {
        Some(m) => vec![Some(m.clone())],
        None => onsite_models::Registry::standard(&ctx.data_dir.models_dir())
            .list()
            .into_iter()
            .filter(|e| e.valid && !e.shadowed)
            .map(|e| Some(e.name))
            .collect(),
    }
}

/// The real-speech figures of every model asked for. With no `--real` and no set fetched,
/// none (and a note saying how to fetch it); with `--real DIR`, a missing set is an error.
fn real_speech(ctx: &Ctx, args: &Args, threads: usize) -> anyhow::Result<Vec<real::ModelReal>> {
    let dir = match (&args.real, real::default_dir()) {
        (Some(dir), _) => dir.clone(),
        (None, Some(dir)) if dir.is_dir() => dir,
        (None, _) => {
            eprintln!(
                "bench: real speech skipped: no set fetched (run scripts/fetch-speech-set, \
                 or give --real DIR)"
            );
            return Ok(Vec::new());
        }
    };
    let mut out = Vec::new();
    for name in model_names(ctx, args) {
        let model = load_model(ctx, name.as_deref())?;
        eprintln!("bench: real speech with {} ...", model.name());
        out.push(real::measure(&model, &dir, threads)?);
    }
    Ok(out)
}

/// The vocabulary figures of every model asked for: `--model`, or each installed one.
fn vocabulary(ctx: &Ctx, args: &Args, threads: usize) -> anyhow::Result<Vec<ModelVocabulary>> {
    let names = model_names(ctx, args);
    let voices = if args.voices.is_empty() {
        Voice::ALL.to_vec()
    } else {
        args.voices.clone()
    };
    let work = tempfile::tempdir().context("cannot create a scratch folder")?;
    let audio = SetAudio::make(work.path(), voices)?;
    let lexicon = Lexicon::builtin()?;
    eprintln!(
        "bench: vocabulary set of {} answers ({} marked terms), {} controls",
        audio.set().answers.len(),
        audio.set().term_count(),
        audio.set().controls.len()
    );
    let mut out = Vec::new();
    for name in names {
        let model = load_model(ctx, name.as_deref())?;
        out.push(vocabulary::measure(
            &model,
            &audio,
            &lexicon,
            threads,
            args.keep_transcripts.as_deref(),
        )?);
    }
    Ok(out)
}

#[derive(Debug, Serialize)]
struct Row {
    engine: String,
    mode: String,
    threads: usize,
    seconds: f64,
    rtf: f64,
    wer: Option<f64>,
}

#[derive(Debug, Serialize)]
struct Report {
    model: String,
    whisper_cpp: String,
    cores: usize,
    load_average: String,
    audio_seconds: f64,
    model_load_ms: f64,
    rows: Vec<Row>,
    stream_threads: usize,
    stream_decode_rtf: f64,
    /// Decoding of the utterance still being spoken (live captions, reused at stop), done only
    /// when the decoder would otherwise idle.
    interim_decode_rtf: f64,
    interim_captions: usize,
    feedback_latency_s: f64,
    fillers_in_script: usize,
    fillers_transcribed: usize,
    fillers_without_prompt: usize,
    peak_rss_mib: Option<f64>,
    peers: Option<serde_json::Value>,
    /// Technical-term recall per installed model.
    vocabulary: Vec<ModelVocabulary>,
    /// Real-speech WER per category, per installed model.
    real_speech: Vec<real::ModelReal>,
}

pub fn run(ctx: &Ctx, args: Args) -> anyhow::Result<ExitCode> {
    let threads = args
        .threads
        .unwrap_or_else(|| onsite_speech::whisper::default_threads(false));
    if let Some(dir) = &args.replay {
        let voices = if args.voices.is_empty() {
            Voice::ALL.to_vec()
        } else {
            args.voices.clone()
        };
        let model = args.model.clone().unwrap_or_else(|| "tiny.en".into());
        let rows = vocabulary::replay(dir, &model, &voices, &Lexicon::builtin()?)?;
        match args.format {
            JsonOrText::Json => print_json(&rows)?,
            JsonOrText::Text => vocabulary::print_replay(&model, &rows),
        }
        return Ok(ExitCode::SUCCESS);
    }
    if args.vocabulary_only {
        let vocab = vocabulary(ctx, &args, threads)?;
        match args.format {
            JsonOrText::Json => print_json(&vocab)?,
            JsonOrText::Text => vocab.iter().for_each(vocabulary::print_text),
        }
        return Ok(ExitCode::SUCCESS);
    }
    if args.latency {
        let work = tempfile::tempdir().context("cannot create a scratch folder")?;
        let wav = espeak_to_wav(ANSWER_SCRIPT, 130, &work.path().join("answer.wav"))?;
        let pcm = audio::decode_file(&wav)?;
        let answer = latency::cut_answer(&pcm, latency::ANSWER_SECONDS);
        let prompt = latency::answer_prompt()?;
        let mut out = Vec::new();
        for name in model_names(ctx, &args) {
            let model = load_model(ctx, name.as_deref())?;
            eprintln!("bench: latency with {} ...", model.name());
            out.push(latency::measure(
                &model,
                answer,
                &prompt,
                args.live_threads,
                threads,
            )?);
        }
        match args.format {
            JsonOrText::Json => print_json(&out)?,
            JsonOrText::Text => out.iter().for_each(latency::print_text),
        }
        return Ok(ExitCode::SUCCESS);
    }
    if args.real_only {
        let real = real_speech(ctx, &args, threads)?;
        anyhow::ensure!(
            !real.is_empty(),
            "no real-speech set to measure: run scripts/fetch-speech-set"
        );
        match args.format {
            JsonOrText::Json => print_json(&real)?,
            JsonOrText::Text => real.iter().for_each(real::print_text),
        }
        return Ok(ExitCode::SUCCESS);
    }
    let work = tempfile::tempdir().context("cannot create a scratch folder")?;
    let (audio_path, script) = match &args.audio {
        Some(p) => (p.clone(), None),
        None => {
            let p = espeak_to_wav(ANSWER_SCRIPT, 130, &work.path().join("answer.wav"))?;
            (p, Some(ANSWER_SCRIPT))
        }
    };
    let pcm = audio::decode_file(&audio_path)?;
    let audio_s = pcm.len() as f64 / 16_000.0;
    eprintln!(
        "bench: {audio_s:.1} s of audio, {threads} batch threads, load {}",
        load_average()
    );

    let model = load_model(ctx, args.model.as_deref())?;
    let model_load_ms = model.load_time().as_secs_f64() * 1000.0;
    let wer = |text: &str| script.map(|s| word_error_rate(s, text));
    let mut rows = Vec::new();

    // Whole file in one whisper_full call: whisper.cpp's own 30 s windowing, the same call
    // and parameters pywhispercpp makes. This is the row to compare with whisper.cpp.
    let mut tr = Transcriber::new(model.clone(), decode_opts(threads))?;
    let started = Instant::now();
    let segs = tr.transcribe(&pcm, 0)?;
    let secs = started.elapsed().as_secs_f64();
    let text = segs
        .iter()
        .map(|s| s.text.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    rows.push(row(
        "onsite (whisper-rs)",
        "batch, whole file",
        threads,
        secs,
        audio_s,
        wer(&text),
    ));
    drop(tr);

    // The file path of `onsite transcribe`: VAD windows of up to 28 s, streamed decode.
    let started = Instant::now();
    let mut cfg = StreamConfig::batch();
    cfg.decode = decode_opts(threads);
    cfg.threads_after_stop = threads;
    let (t, _) = onsite_speech::transcribe_file(model.clone(), &audio_path, cfg)?;
    let secs = started.elapsed().as_secs_f64();
    rows.push(row(
        "onsite (whisper-rs)",
        "batch, VAD windows",
        threads,
        secs,
        audio_s,
        wer(&t.text),
    ));

    // Live: real-time pace, few threads while speaking, all after stop.
    let (stream_rtf, interim, latency, stream_text) = stream_at_pace(
        model.clone(),
        &pcm,
        args.live_threads,
        threads,
        !args.fast,
        None,
    )?;
    rows.push(row(
        "onsite (whisper-rs)",
        if args.fast {
            "stream, fast feed"
        } else {
            "stream, real-time"
        },
        args.live_threads,
        stream_rtf * audio_s,
        audio_s,
        wer(&stream_text),
    ));

    // Filler survival on the synthetic filler set.
    let filler_wav = espeak_to_wav(FILLER_SCRIPT, 130, &work.path().join("fillers.wav"))?;
    let (ft, _) =
        onsite_speech::transcribe_file(model.clone(), &filler_wav, StreamConfig::batch())?;
    let fillers_in_script = count_fillers(FILLER_SCRIPT);
    let fillers_transcribed = count_fillers(&ft.text);
    let mut plain = StreamConfig::batch();
    plain.decode.initial_prompt = None;
    let (pt, _) = onsite_speech::transcribe_file(model.clone(), &filler_wav, plain)?;
    let fillers_without_prompt = count_fillers(&pt.text);

    let peers = if args.peers {
        Some(run_peers(
            &audio_path,
            &model,
            args.ct2_dir.as_deref(),
            threads,
        )?)
    } else {
        None
    };

    let vocabulary = if args.no_vocabulary {
        Vec::new()
    } else {
        vocabulary(ctx, &args, threads)?
    };
    let real_speech = if args.no_real {
        Vec::new()
    } else {
        real_speech(ctx, &args, threads)?
    };

    let report = Report {
        model: model.name().to_owned(),
        whisper_cpp: whisper_cpp_version().to_owned(),
        cores: cores(),
        load_average: load_average(),
        audio_seconds: audio_s,
        model_load_ms,
        rows,
        stream_threads: args.live_threads,
        stream_decode_rtf: stream_rtf,
        interim_decode_rtf: interim.rtf,
        interim_captions: interim.count,
        feedback_latency_s: latency.as_secs_f64(),
        fillers_in_script,
        fillers_transcribed,
        fillers_without_prompt,
        peak_rss_mib: peak_rss_mib(),
        peers,
        vocabulary,
        real_speech,
    };
    match args.format {
        JsonOrText::Json => print_json(&report)?,
        JsonOrText::Text => {
            print_text(&report, script.map(|s| s.len()).is_some());
            report.vocabulary.iter().for_each(vocabulary::print_text);
            report.real_speech.iter().for_each(real::print_text);
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn decode_opts(threads: usize) -> onsite_speech::DecodeOptions {
    onsite_speech::DecodeOptions {
        threads,
        ..Default::default()
    }
}

fn row(engine: &str, mode: &str, threads: usize, secs: f64, audio_s: f64, wer: Option<f64>) -> Row {
    Row {
        engine: engine.into(),
        mode: mode.into(),
        threads,
        seconds: secs,
        rtf: secs / audio_s,
        wer,
    }
}

/// Decoding spent on live captions of the utterance in progress.
#[derive(Debug, Clone, Copy)]
struct Interim {
    rtf: f64,
    count: usize,
}

/// Streams `pcm` in 100 ms chunks (at real-time pace if `paced`) and returns the decode
/// real-time factor of the final captions, the interim decoding, the latency from the last
/// chunk to the final transcript, and its text. `prompt` replaces the live default (the filler
/// prompt) as an answer's interview prompt does.
fn stream_at_pace(
    model: Arc<Model>,
    pcm: &[f32],
    live_threads: usize,
    final_threads: usize,
    paced: bool,
    prompt: Option<String>,
) -> anyhow::Result<(f64, Interim, Duration, String)> {
    let mut cfg = StreamConfig::live();
    if prompt.is_some() {
        cfg.decode.initial_prompt = prompt;
    }
    cfg.decode.threads = live_threads;
    cfg.threads_after_stop = final_threads;
    let stream = Stream::start(model, cfg)?;
    let chunk = 1_600;
    let started = Instant::now();
    for (i, c) in pcm.chunks(chunk).enumerate() {
        if paced {
            let due = Duration::from_secs_f64((i * chunk) as f64 / 16_000.0);
            if let Some(wait) = due.checked_sub(started.elapsed()) {
                std::thread::sleep(wait);
            }
        }
        stream.send(c.to_vec())?;
    }
    if paced {
        // The last chunk "arrives" when its audio has been spoken.
        let due = Duration::from_secs_f64(pcm.len() as f64 / 16_000.0);
        if let Some(wait) = due.checked_sub(started.elapsed()) {
            std::thread::sleep(wait);
        }
    }
    let end_of_audio = Instant::now();
    stream.stop();
    let mut decode_ms = 0u64;
    let mut interim_ms = 0u64;
    let mut interims = 0;
    let transcript = loop {
        match stream.events().recv() {
            Ok(StreamEvent::Caption { decode_ms: d, .. }) => decode_ms += d,
            Ok(StreamEvent::Interim { decode_ms: d, .. }) => {
                interim_ms += d;
                interims += 1;
            }
            Ok(StreamEvent::Final(t)) => break t,
            Ok(StreamEvent::UtteranceFailed { error, .. }) => return Err(error.into()),
            Ok(_) => {}
            Err(_) => anyhow::bail!("the speech stream stopped without a transcript"),
        }
    };
    let latency = end_of_audio.elapsed();
    let audio_s = pcm.len() as f64 / 16_000.0;
    let rtf = decode_ms as f64 / 1000.0 / audio_s;
    let interim = Interim {
        rtf: interim_ms as f64 / 1000.0 / audio_s,
        count: interims,
    };
    Ok((rtf, interim, latency, transcript.text))
}

fn run_peers(
    audio: &Path,
    model: &Model,
    ct2_dir: Option<&Path>,
    threads: usize,
) -> anyhow::Result<serde_json::Value> {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scripts/bench-speech-peers");
    let mut cmd = Command::new(&script);
    cmd.arg("--audio")
        .arg(audio)
        .arg("--ggml")
        .arg(model.path())
        .arg("--threads")
        .arg(threads.to_string())
        .arg("--prompt")
        .arg(onsite_speech::whisper::FILLER_PROMPT);
    if let Some(dir) = ct2_dir {
        cmd.arg("--ct2").arg(dir);
    }
    let out = cmd
        .output()
        .with_context(|| format!("cannot run {}", script.display()))?;
    anyhow::ensure!(
        out.status.success(),
        "{} failed:\n{}",
        script.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    let json = String::from_utf8_lossy(&out.stdout);
    let last = json.lines().last().unwrap_or_default();
    serde_json::from_str(last).context("the peers script did not print its JSON report")
}

fn print_text(r: &Report, has_script: bool) {
    println!(
        "onsite bench speech: model {} (whisper.cpp {}), {} cores, load average {}",
        r.model, r.whisper_cpp, r.cores, r.load_average
    );
    println!(
        "audio: {:.1} s{}",
        r.audio_seconds,
        if has_script {
            " (espeak-ng answer, known script)"
        } else {
            ""
        }
    );
    println!("model load: {:.0} ms", r.model_load_ms);
    println!();
    println!(
        "{:<34} {:<22} {:>3} {:>8} {:>7} {:>7}",
        "engine", "mode", "thr", "time s", "RTF", "WER"
    );
    let peer_rows: Vec<Row> = r
        .peers
        .as_ref()
        .and_then(|p| p.get("rows"))
        .and_then(|rows| serde_json::from_value::<Vec<PeerRow>>(rows.clone()).ok())
        .unwrap_or_default()
        .into_iter()
        .map(|p| Row {
            engine: p.engine,
            mode: p.mode,
            threads: p.threads,
            seconds: p.seconds,
            rtf: p.seconds / r.audio_seconds,
            wer: p
                .text
                .as_deref()
                .filter(|_| has_script)
                .map(|t| word_error_rate(ANSWER_SCRIPT, t)),
        })
        .collect();
    for row in r.rows.iter().chain(peer_rows.iter()) {
        println!(
            "{:<34} {:<22} {:>3} {:>8.2} {:>7.3} {:>7}",
            row.engine,
            row.mode,
            row.threads,
            row.seconds,
            row.rtf,
            row.wer.map_or("-".into(), |w| format!("{:.1}%", w * 100.0))
        );
    }
    println!();
    // Final captions mostly reuse interim decodes, so their own RTF alone can read ~0: the
    // decoder's real load while streaming is both together.
    println!(
        "streaming decode RTF on {} thread(s), final + interim captions: {:.3}   (target < 0.5)",
        r.stream_threads,
        r.stream_decode_rtf + r.interim_decode_rtf
    );
    println!(
        "  final captions {:.3}; interim captions while speaking: {}, decode RTF {:.3}",
        r.stream_decode_rtf, r.interim_captions, r.interim_decode_rtf
    );
    println!(
        "feedback latency (end of answer -> final transcript): {:.2} s   (target <= 1.5 s)",
        r.feedback_latency_s
    );
    println!(
        "peak RSS (VmHWM): {}   (target <= 400 MiB)",
        r.peak_rss_mib
            .map_or("unknown".into(), |m| format!("{m:.0} MiB"))
    );
    println!(
        "fillers kept on the synthetic filler set: {}/{} with the filler prompt, {}/{} without",
        r.fillers_transcribed, r.fillers_in_script, r.fillers_without_prompt, r.fillers_in_script
    );
    if let Some(fw) = peer_rows
        .iter()
        .find(|p| p.engine.starts_with("faster-whisper"))
    {
        println!(
            "feedback latency vs faster-whisper batch on the same audio: {:.1}x faster   (target >= 3x)",
            fw.seconds / r.feedback_latency_s.max(1e-6)
        );
    }
    if let (Some(ours), Some(cpp)) = (
        r.rows.first(),
        peer_rows
            .iter()
            .find(|p| p.engine.starts_with("pywhispercpp")),
    ) {
        println!(
            "batch vs whisper.cpp (pywhispercpp), same parameters: {:+.1}%   (target within 5%)",
            (ours.seconds / cpp.seconds - 1.0) * 100.0
        );
    }
    if let Some(p) = &r.peers {
        if let Some(note) = p.get("note").and_then(|n| n.as_str()) {
            println!("peers: {note}");
        }
    }
}

#[derive(Debug, serde::Deserialize)]
struct PeerRow {
    engine: String,
    mode: String,
    threads: usize,
    seconds: f64,
    text: Option<String>,
}
