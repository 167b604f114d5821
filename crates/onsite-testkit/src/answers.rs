//! Sample answers that the progress and story tests seed a store with (through [`crate::seed`]).
//! The real rubric scores them, so what they say matters: the strong shortener answer covers
//! what the weak one misses, and the two payments answers tell the same story in other words.

/// A system-design question answered weakly, then strongly.
pub const SHORTENER_QUESTION: &str = "Design a URL shortener for a billion links.";
pub const WEAK_SHORTENER: &str = "I would use a database and a web server. It would be fine.";
pub const STRONG_SHORTENER: &str = "Before designing I would ask about scale and latency: \
    assume a billion links and ten thousand reads per second. At a high level an API writes to \
    Postgres and a Redis cache serves reads. The trade-off is consistency against latency, so \
    the cache expires after a minute. If Redis fails reads fall back to Postgres and we alert \
    on the error rate.";

/// A behavioural question; [`PAYMENTS_A`] and [`PAYMENTS_B`] are one story told twice.
pub const INFLUENCE_QUESTION: &str = "Tell me about a time you influenced another team.";
pub const PAYMENTS_A: &str = "At Acme I needed the payments team to change their retry logic, \
    which caused duplicate charges. I met their lead Priya, understood their roadmap and \
    offered to pair one of our engineers with theirs. We agreed a phased rollout. As a result \
    duplicate charges dropped by thirty percent within a month.";
pub const PAYMENTS_B: &str = "When I was at Acme, retries in the payments service were double \
    charging customers. I set up time with Priya, who led the payments team, and proposed we \
    lend them an engineer for the change. We rolled it out in phases and duplicate charges \
    fell 30% in four weeks.";
/// Another story, told once.
pub const MIGRATION: &str = "Our Postgres cluster was running out of disk, so I led the \
    migration to sharded storage. I wrote the design doc, got sign-off from the architecture \
    review and moved twelve services over two quarters without downtime.";
