//! Synthetic speech with a known script, made with espeak-ng and flite, for tests and benchmarks
//! (the app itself never calls either). Both are installed by `scripts/setup`. Several voices,
//! because one synthesiser's quirks ("cache" said one way) would otherwise be measured as the
//! model's.

use std::path::{Path, PathBuf};
use std::process::Command;

/// A senior engineer's system design answer, about 330 words: with espeak-ng at 130 words per
/// minute it runs a little under three minutes. Sentences end with full stops, so espeak pauses
/// between them as a speaker would. No digits or homophones ("cache"/"cash", "writes"/"rights"):
/// WER should measure recognition, not spelling conventions.
pub const ANSWER_SCRIPT: &str = "Before I draw anything, I want to clarify the constraints. \
How many users do we expect, and how fast is that growing? What latency does the product need, \
and how fresh must the data be? Let me assume millions of daily users, mostly looking things up, \
and a strict budget for the slowest requests. \
Given that, I would start with a simple architecture. A stateless service sits behind a load \
balancer, and it talks to a memory store in front of a relational database. The memory store \
absorbs most of the traffic, so the database only sees updates and misses. \
There is a trade off here between consistency and availability. If we clear the memory store on \
every update, people always see fresh data, but an outage of that store pushes the whole load \
onto the database. I would rather accept a few seconds of stale data and keep serving during \
failures. \
For the database, I would pick a single primary with replicas at first. Sharding adds \
operational complexity, and we do not need it until updates outgrow one machine. When that \
happens, we can shard by customer, because most queries stay inside one customer. \
Next, operations. We need dashboards for latency, error rates and saturation, and alerts that \
page a human only when customers are affected. Every deploy should be gradual, with an automatic \
rollback when the error rate climbs. \
Finally, I would like to mention an alternative. We could build this on a managed queue and \
process updates in the background. That would smooth out traffic spikes, but it makes the user \
experience harder to reason about, so I would only do it if the load demands it. \
In my previous role I owned a migration just like this one. I wrote the design document, I \
brought the database team and the product managers together, and we agreed on a plan within a \
fortnight. We shipped it in stages, and we cut the latency by half without a single outage.";

/// Short sentences with fillers, to measure how many fillers survive transcription.
pub const FILLER_SCRIPT: &str = "Um, I think the cache is the first thing to add. \
So, uh, we would put it in front of the database. \
Um, the hard part is invalidation. \
Uh, I would accept a few seconds of staleness. \
And, um, we can shard later if we need to. \
Well, uh, the team agreed with that plan. \
Um, monitoring comes next. \
Uh, we page a human only when users notice.";

/// Why synthetic speech could not be made.
#[derive(Debug, thiserror::Error)]
pub enum SynthError {
    #[error("espeak-ng is not installed (run `make setup`): {0}")]
    Missing(std::io::Error),
    #[error("{program} is not installed (run `make setup`): {source}")]
    NotInstalled {
        program: &'static str,
        #[source]
        source: std::io::Error,
    },
    #[error("speech synthesis failed: {0}")]
    Failed(String),
}

impl SynthError {
    pub fn code(&self) -> &'static str {
        match self {
            Self::Missing(_) | Self::NotInstalled { .. } => "synth_missing",
            Self::Failed(_) => "synth_failed",
        }
    }
}

/// A synthetic voice used to measure recognition.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Voice {
    /// espeak-ng, American English, 150 words a minute.
    EspeakUs,
    /// espeak-ng, British English (received pronunciation), 175 words a minute.
    EspeakGbFast,
    /// espeak-ng, American English with a female variant, 130 words a minute.
    EspeakUsF3,
    /// flite's `slt` (a female US voice), normal speed.
    FliteSlt,
    /// flite's `rms` (a male US voice), 15 % slower.
    FliteRmsSlow,
    /// flite's `awb` (a Scottish-accented male voice), normal speed.
    FliteAwb,
}

impl Voice {
    pub const ALL: [Voice; 6] = [
        Voice::EspeakUs,
        Voice::EspeakGbFast,
        Voice::EspeakUsF3,
        Voice::FliteSlt,
        Voice::FliteRmsSlow,
        Voice::FliteAwb,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Self::EspeakUs => "espeak-us",
            Self::EspeakGbFast => "espeak-gb-fast",
            Self::EspeakUsF3 => "espeak-us-f3",
            Self::FliteSlt => "flite-slt",
            Self::FliteRmsSlow => "flite-rms-slow",
            Self::FliteAwb => "flite-awb",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::EspeakUs => "espeak-ng en-us, 150 wpm",
            Self::EspeakGbFast => "espeak-ng en-gb, 175 wpm",
            Self::EspeakUsF3 => "espeak-ng en-us+f3, 130 wpm",
            Self::FliteSlt => "flite slt",
            Self::FliteRmsSlow => "flite rms, 15% slower",
            Self::FliteAwb => "flite awb",
        }
    }

    /// Speaks `text` into `out` (a WAV at the synthesiser's native rate).
    pub fn speak(self, text: &str, out: &Path) -> Result<PathBuf, SynthError> {
        let espeak = |voice: &str, wpm: u32| {
            let mut c = Command::new("espeak-ng");
            c.args(["-v", voice, "-s", &wpm.to_string(), "-g", "3", "-w"])
                .arg(out)
                .arg(text);
            c
        };
        let flite = |voice: &str, stretch: f32| {
            let mut c = Command::new("flite");
            c.args(["-voice", voice, "--setf"])
                .arg(format!("duration_stretch={stretch}"))
                .arg("-t")
                .arg(text)
                .arg("-o")
                .arg(out);
            c
        };
        let (program, mut cmd) = match self {
            Self::EspeakUs => ("espeak-ng", espeak("en-us", 150)),
            Self::EspeakGbFast => ("espeak-ng", espeak("en-gb-x-rp", 175)),
            Self::EspeakUsF3 => ("espeak-ng", espeak("en-us+f3", 130)),
            Self::FliteSlt => ("flite", flite("slt", 1.0)),
            Self::FliteRmsSlow => ("flite", flite("rms", 1.15)),
            Self::FliteAwb => ("flite", flite("awb", 1.0)),
        };
        let output = cmd
            .output()
            .map_err(|e| SynthError::NotInstalled { program, source: e })?;
        if !output.status.success() {
            return Err(SynthError::Failed(
                String::from_utf8_lossy(&output.stderr).into_owned(),
            ));
        }
        Ok(out.to_owned())
    }
}

/// Speaks `text` into `out` (a WAV at espeak-ng's native 22.05 kHz) at `wpm` words per minute.
pub fn espeak_to_wav(text: &str, wpm: u32, out: &Path) -> Result<PathBuf, SynthError> {
    let status = Command::new("espeak-ng")
        .arg("-v")
        .arg("en-us")
        .arg("-s")
        .arg(wpm.to_string())
        // 30 ms between words: espeak's run-together words are its hardest part for Whisper.
        .arg("-g")
        .arg("3")
        .arg("-w")
        .arg(out)
        .arg(text)
        .output()
        .map_err(SynthError::Missing)?;
    if !status.status.success() {
        return Err(SynthError::Failed(
            String::from_utf8_lossy(&status.stderr).into_owned(),
        ));
    }
    Ok(out.to_owned())
}
