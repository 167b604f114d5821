//! `onsite say TEXT --out F.wav [--voice NAME] [--speed X]`, `onsite say --list`, and
//! `onsite voices list|install`: the interviewer's voice, headless.
//!
//! With no `--voice`, the default Piper voice speaks, or espeak-ng when it cannot be used
//! (not installed, damaged); the reason is printed on stderr. A voice named with `--voice`
//! that cannot be used is an error instead.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use onsite_voice::library::{self, Library};
use onsite_voice::{Opened, VoiceEntry};

use super::{print_json, Ctx, JsonOrText};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// What to say (sentences are synthesised one by one)
    #[arg(required_unless_present = "list")]
    pub text: Option<String>,
    /// WAV file to write (16-bit mono at the voice's rate)
    #[arg(long, value_name = "FILE", required_unless_present = "list")]
    pub out: Option<PathBuf>,
    /// Voice name (see `onsite say --list`) [default: en_US-joe-medium, else espeak]
    #[arg(long, value_name = "NAME")]
    pub voice: Option<String>,
    /// Speaking speed, a factor on the voice's own pace (0.5 to 2)
    #[arg(long, default_value_t = 1.0)]
    pub speed: f32,
    /// List the voices instead
    #[arg(long)]
    pub list: bool,
    #[arg(long, value_enum, default_value_t)]
    pub format: JsonOrText,
}

#[derive(Debug, clap::Subcommand)]
pub enum VoicesArgs {
    /// The installed voices and the espeak-ng fallback
    List {
        #[arg(long, value_enum, default_value_t)]
        format: JsonOrText,
    },
    /// Install a Piper voice (FILE.onnx with FILE.onnx.json beside it) and optionally ONNX
    /// Runtime's library into a voice folder, recording sha256s (what scripts/fetch-voice runs)
    Install {
        /// The voice's .onnx file
        model: PathBuf,
        /// libonnxruntime.so to install beside it
        #[arg(long, value_name = "FILE")]
        runtime: Option<PathBuf>,
        /// Voice folder [default: the data folder's models/voice]
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
    },
}

/// The voice library of this data folder's search path.
pub fn library(ctx: &Ctx) -> Library {
    Library::standard(&ctx.data_dir.models_dir())
}

/// Opens `name`, or the default voice with the espeak-ng fallback (telling the user why).
pub fn open_voice(ctx: &Ctx, name: Option<&str>) -> anyhow::Result<Opened> {
    let lib = library(ctx);
    let opened = match name {
        Some(n) => Opened {
            voice: lib.open(Some(n))?,
            fallback_reason: None,
        },
        None => lib.open_or_fallback(None)?,
    };
    if let Some(reason) = &opened.fallback_reason {
        eprintln!(
            "note: the default voice cannot be used, espeak-ng speaks instead: {reason} [{}]",
            reason.code()
        );
    }
    Ok(opened)
}

pub fn run(ctx: &Ctx, args: Args) -> anyhow::Result<ExitCode> {
    if args.list {
        return list(ctx, args.format);
    }
    let (Some(text), Some(out)) = (args.text, args.out) else {
        anyhow::bail!("give the text to say and --out FILE.wav (or --list)");
    };
    let mut opened = open_voice(ctx, args.voice.as_deref())?;
    let started = Instant::now();
    let mut first_ms = None;
    let audio = onsite_voice::speak(opened.voice.as_mut(), &text, args.speed, &mut |_, _, _| {
        first_ms.get_or_insert(started.elapsed().as_secs_f64() * 1000.0);
    })?;
    onsite_voice::write_wav(&out, &audio)?;
    let summary = serde_json::json!({
        "out": out,
        "voice": opened.voice.name(),
        "kind": opened.voice.kind().id(),
        "sample_rate": audio.sample_rate,
        "duration_s": audio.duration_secs(),
        "first_sentence_ms": first_ms,
        "synthesis_ms": started.elapsed().as_secs_f64() * 1000.0,
    });
    if args.format == JsonOrText::Json {
        print_json(&summary)?;
    } else {
        println!(
            "{}: {:.2} s of speech by {} ({}), {} Hz",
            out.display(),
            audio.duration_secs(),
            opened.voice.name(),
            opened.voice.kind().label(),
            audio.sample_rate
        );
    }
    Ok(ExitCode::SUCCESS)
}

pub fn voices(ctx: &Ctx, args: VoicesArgs) -> anyhow::Result<ExitCode> {
    match args {
        VoicesArgs::List { format } => list(ctx, format),
        VoicesArgs::Install {
            model,
            runtime,
            out,
        } => {
            let dest = out.unwrap_or_else(|| ctx.data_dir.models_dir().join(library::VOICE_SUBDIR));
            let installed = library::install(&model, runtime.as_deref(), &dest)?;
            for f in &installed.files {
                println!("{}  {}", f.sha256, f.path.display());
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn list(ctx: &Ctx, format: JsonOrText) -> anyhow::Result<ExitCode> {
    let voices: Vec<VoiceEntry> = library(ctx).list();
    if format == JsonOrText::Json {
        print_json(&voices)?;
        return Ok(ExitCode::SUCCESS);
    }
    for v in &voices {
        let state = match &v.problem {
            Some(p) => format!("unusable: {p}"),
            None => v
                .path
                .as_ref()
                .map_or_else(|| "built in".to_string(), |p| p.display().to_string()),
        };
        println!(
            "{}{:<20} {:<30} {}",
            if v.default { "* " } else { "  " },
            v.name,
            v.kind.label(),
            state
        );
    }
    Ok(ExitCode::SUCCESS)
}
