//! `onsite bench <area>`: performance figures printed, not asserted (targets are judged by a
//! person reading them on the machine in question). One small module per area under `bench/`.

mod capture;
mod rubric;
mod soak;
mod speech;
mod store;
mod vad;
mod vocabulary;
mod voice;

use std::process::ExitCode;

use super::Ctx;

#[derive(Debug, clap::Subcommand)]
pub enum Args {
    /// Whisper: model load, batch and streaming real-time factor, feedback latency, peak RSS;
    /// technical-term recall with and without the interview prompt, per voice and model
    Speech(speech::Args),
    /// Rubric engine: median time to score a 2,000-word timed transcript
    Rubric(rubric::Args),
    /// Store: word inserts/s, listing 1,000 sessions with scores, full-text search
    Store(store::Args),
    /// Capture: 720p H.264 encode fps on one core, recording pipeline CPU, RSS, disk
    Capture(capture::Args),
    /// Soak: many headless sessions in one process; RSS, open files and threads after each
    Soak(soak::Args),
    /// Voice: load, time to first audio, real-time factor, peak RSS; --intelligibility: every
    /// bank question synthesised and transcribed by Whisper (WER per track)
    Voice(voice::Args),
    /// Voice activity for hands-free turns: the energy detector against Silero VAD on real
    /// speech mixed with noise at several SNRs (frame recall, false alarms, turn starts)
    Vad(vad::Args),
}

pub fn run(ctx: &Ctx, args: Args) -> anyhow::Result<ExitCode> {
    match args {
        Args::Speech(a) => speech::run(ctx, a),
        Args::Rubric(a) => rubric::run(ctx, a),
        Args::Store(a) => store::run(ctx, a),
        Args::Capture(a) => capture::run(ctx, a),
        Args::Soak(a) => soak::run(ctx, a),
        Args::Voice(a) => voice::run(ctx, a),
        Args::Vad(a) => vad::run(ctx, a),
    }
}

/// Peak resident set size of this process so far (VmHWM), in MiB; `None` off Linux.
pub fn peak_rss_mib() -> Option<f64> {
    proc_status_kib("VmHWM:").map(|kib| kib as f64 / 1024.0)
}

fn proc_status_kib(key: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix(key))
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|n| n.parse().ok())
}

/// The 1, 5 and 15 minute load averages: figures taken on a busy machine say so.
pub fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|| "unknown".into())
}
