//! Synthetic speech with a known script, made with espeak-ng, for tests and benchmarks (the
//! app itself never calls espeak-ng). espeak-ng is installed by `scripts/setup`.

use std::path::{Path, PathBuf};
use std::process::Command;

/// A senior engineer's system design answer, about 330 words: with espeak-ng at 145 words per
/// minute it runs a little over two minutes. Sentences end with full stops, so espeak pauses
/// between them as a speaker would.
pub const ANSWER_SCRIPT: &str = "Before I draw anything, I want to clarify the constraints. \
How many users do we expect, and how fast is that growing? What latency does the product need \
for reads, and how fresh must the data be? Let me assume ten million daily users, mostly reads, \
and a budget of two hundred milliseconds at the ninety ninth percentile. \
Given that, I would start with a simple architecture. A stateless service sits behind a load \
balancer, and it reads from a cache in front of a relational database. The cache absorbs most \
of the read traffic, so the database only sees writes and cache misses. \
There is a trade off here between consistency and availability. If we invalidate the cache on \
every write, readers always see fresh data, but a cache outage pushes the whole load onto the \
database. I would rather accept a few seconds of staleness and keep serving during failures. \
For the data store, I would pick a single primary with read replicas at first. Sharding adds \
operational complexity, and we do not need it until writes outgrow one machine. When that \
happens, we can shard by customer, because most queries stay inside one customer. \
Next, operations. We need dashboards for latency, error rates and saturation, and alerts that \
page a human only when users are affected. Every deploy should be gradual, with an automatic \
rollback when the error rate climbs. \
Finally, I would like to mention an alternative. We could build this on a managed queue and \
process writes asynchronously. That would smooth out traffic spikes, but it makes the user \
experience harder to reason about, so I would only do it if the write load demands it. \
In my last role I led a migration just like this one. I wrote the design document, I \
brought the database team and the product managers together, and we agreed on a plan in two \
weeks. We shipped it in three phases, and we cut the latency by half without a single outage.";

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
