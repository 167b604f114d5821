//! Synthetic speech with a known script, made with espeak-ng, for tests and benchmarks (the
//! app itself never calls espeak-ng). espeak-ng is installed by `scripts/setup`.

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
    #[error("espeak-ng failed: {0}")]
    Failed(String),
}

impl SynthError {
    pub fn code(&self) -> &'static str {
        match self {
            Self::Missing(_) => "synth_missing",
            Self::Failed(_) => "synth_failed",
        }
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
