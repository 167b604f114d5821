//! `onsite transcribe FILE [--model NAME] [--format json|text|srt|vtt] [--prompt TEXT |
//! --vocabulary FILE]`.
//!
//! Whisper is primed with a short filler prompt by default (so "um" and "uh" are written);
//! `--prompt` replaces it verbatim, `--vocabulary` puts a lexicon's terms before it (the way an
//! interview answer is primed with its question's terms, see `onsite_speech::vocab`).
//!
//! The JSON is the contract other tools read (`onsite score`, the rubric, the store):
//! `{"text", "duration_ms", "model", "segments": [{"start_ms", "end_ms", "text", "words":
//! [{"text", "start_ms", "end_ms", "p"}]}]}`, plus `pauses` measured on the audio.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Context as _;
use onsite_models::Registry;
use onsite_speech::vocab::{self, Lexicon};
use onsite_speech::{Model, StreamConfig, Transcript};

use super::{print_json, Ctx};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Audio file: WAV (any rate, width, channels), FLAC, MP3, Ogg/Vorbis, AAC/M4A, MKV/WebM
    pub file: PathBuf,
    /// Model name (see `onsite models list`) or path to a whisper.cpp ggml file [default: tiny.en]
    #[arg(long, value_name = "NAME")]
    pub model: Option<String>,
    #[arg(long, value_enum, default_value_t = Format::Json)]
    pub format: Format,
    /// Decoder threads [default: every core, up to 8]
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,
    /// Whisper's initial prompt, verbatim: text it takes as said just before the audio, which
    /// makes its words and spellings likelier [default: a short filler prompt that keeps "um"
    /// and "uh"]
    #[arg(long, value_name = "TEXT", conflicts_with = "vocabulary")]
    pub prompt: Option<String>,
    /// Terms to prime Whisper with: a .toml lexicon like Onsite's own (data/lexicon.toml in
    /// onsite-speech) or a text file with one term per line; as many as fit go before the
    /// filler prompt, the first listed last (nearest the audio)
    #[arg(long, value_name = "FILE")]
    pub vocabulary: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Json,
    Text,
    Srt,
    Vtt,
}

pub fn run(ctx: &Ctx, args: Args) -> anyhow::Result<ExitCode> {
    // The prompt is checked before the model is loaded: a bad vocabulary file fails at once.
    let prompt = match (args.prompt, &args.vocabulary) {
        (Some(prompt), _) => {
            anyhow::ensure!(
                !prompt.trim().is_empty(),
                "--prompt is empty; give the words to prime Whisper with, or leave the flag out"
            );
            Some(prompt)
        }
        (None, Some(file)) => Some(vocab::list_prompt(&Lexicon::load(file)?)),
        (None, None) => None,
    };
    let model = load_model(ctx, args.model.as_deref())?;
    let mut cfg = StreamConfig::batch();
    if let Some(n) = args.threads {
        anyhow::ensure!(n >= 1, "--threads must be at least 1");
        cfg.decode.threads = n;
        cfg.threads_after_stop = n;
    }
    if prompt.is_some() {
        cfg.decode.initial_prompt = prompt;
    }
    tracing::info!(prompt = ?cfg.decode.initial_prompt, "whisper prompt");
    let transcript = transcribe_with(model, &args.file, cfg)?;
    match args.format {
        Format::Json => print_json(&transcript)?,
        Format::Text => println!("{}", transcript.text),
        Format::Srt => print!("{}", srt(&transcript)),
        Format::Vtt => print!("{}", vtt(&transcript)),
    }
    Ok(ExitCode::SUCCESS)
}

/// Resolves `model` (a name, a path, or the default) through the model registry and loads it.
pub fn load_model(ctx: &Ctx, model: Option<&str>) -> anyhow::Result<Arc<Model>> {
    let registry = Registry::standard(&ctx.data_dir.models_dir());
    let info = registry.resolve(model).with_context(|| match model {
        None => "no default Whisper model installed: run `make setup` (or `models/fetch-default`) \
                 and run onsite from inside the checkout, or set ONSITE_MODELS_DIR to the \
                 checkout's models folder (ONSITE_MODELS_DIR=models from its root), or import \
                 one with `onsite models import-ct2`"
            .to_string(),
        Some(m) => format!("Whisper model `{m}` is not usable (see `onsite models list`)"),
    })?;
    let name = onsite_models::registry::model_name(&info.path);
    Ok(Model::load_named(&info.path, &name)?)
}

/// Transcribes an audio file with file settings. What `onsite score AUDIO` and
/// `onsite interview` call.
pub fn transcribe_file(ctx: &Ctx, path: &Path, model: Option<&str>) -> anyhow::Result<Transcript> {
    let model = load_model(ctx, model)?;
    transcribe_with(model, path, StreamConfig::batch())
}

/// Transcribes with an already loaded model (load once, transcribe many answers).
pub fn transcribe_with(
    model: Arc<Model>,
    path: &Path,
    cfg: StreamConfig,
) -> anyhow::Result<Transcript> {
    let (transcript, stats) = onsite_speech::transcribe_file(model, path, cfg)
        .with_context(|| format!("cannot transcribe {}", path.display()))?;
    tracing::info!(
        file = %path.display(),
        duration_ms = transcript.duration_ms,
        utterances = stats.utterances,
        "transcribed"
    );
    Ok(transcript)
}

fn clock(ms: u64, decimal: char) -> String {
    format!(
        "{:02}:{:02}:{:02}{decimal}{:03}",
        ms / 3_600_000,
        ms / 60_000 % 60,
        ms / 1000 % 60,
        ms % 1000
    )
}

fn srt(t: &Transcript) -> String {
    let mut out = String::new();
    for (i, s) in t.segments.iter().enumerate() {
        let _ = writeln!(
            out,
            "{}\n{} --> {}\n{}\n",
            i + 1,
            clock(s.start_ms, ','),
            clock(s.end_ms, ','),
            s.text
        );
    }
    out
}

fn vtt(t: &Transcript) -> String {
    let mut out = String::from("WEBVTT\n\n");
    for s in &t.segments {
        let _ = writeln!(
            out,
            "{} --> {}\n{}\n",
            clock(s.start_ms, '.'),
            clock(s.end_ms, '.'),
            s.text
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use onsite_speech::Segment;

    #[test]
    fn subtitles_use_each_formats_clock() {
        let t = Transcript {
            text: "hello there".into(),
            duration_ms: 4_000,
            model: "tiny.en".into(),
            segments: vec![Segment {
                start_ms: 1_250,
                end_ms: 3_723_004,
                text: "hello there".into(),
                words: vec![],
            }],
            pauses: vec![],
        };
        assert_eq!(srt(&t), "1\n00:00:01,250 --> 01:02:03,004\nhello there\n\n");
        assert_eq!(
            vtt(&t),
            "WEBVTT\n\n00:00:01.250 --> 01:02:03.004\nhello there\n\n"
        );
    }
}
