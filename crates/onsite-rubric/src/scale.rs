//! Numbers with what they count: "ten thousand customers", "3k writes a second", "two
//! million daily users". They decide how big a design has to be, so that a stream processor
//! and five regions for ten thousand customers read as over-engineering and the same machinery
//! for a billion events a day does not.
//!
//! Only two kinds of quantity are read, because they are what scale thresholds are stated in:
//! people (users, customers, tenants...) and rates of events (requests, writes, checkouts... per
//! unit of time). Everything else ("five regions", "two databases", "40 ms") is left alone.

use std::cmp::Ordering;

/// How big the stated (or implied) load is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum ScaleLevel {
    Small,
    Medium,
    Large,
}

impl ScaleLevel {
    /// The level one step up (Large stays Large).
    pub(crate) fn next(self) -> Self {
        match self {
            Self::Small => Self::Medium,
            Self::Medium | Self::Large => Self::Large,
        }
    }

    pub(crate) fn parse(s: &str) -> Option<Self> {
        match s {
            "small" => Some(Self::Small),
            "medium" => Some(Self::Medium),
            "large" => Some(Self::Large),
            _ => None,
        }
    }
}

/// One quantity read from the text.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Quantity {
    /// People or accounts: users, customers, tenants, merchants.
    People(f64),
    /// Events per second (requests, writes, checkouts...), converted from the unit stated.
    Rate(f64),
}

impl Quantity {
    /// Under 1M people or 1k events a second is small; under 50M people or 50k a second medium.
    pub(crate) fn level(self) -> ScaleLevel {
        let (v, small, medium) = match self {
            Quantity::People(v) => (v, 1e6, 50e6),
            Quantity::Rate(v) => (v, 1e3, 50e3),
        };
        if v < small {
            ScaleLevel::Small
        } else if v < medium {
            ScaleLevel::Medium
        } else {
            ScaleLevel::Large
        }
    }
}

const PEOPLE: &[&str] = &[
    "user",
    "users",
    "customer",
    "customers",
    "tenant",
    "tenants",
    "account",
    "accounts",
    "merchant",
    "merchants",
    "subscriber",
    "subscribers",
    "member",
    "members",
    "driver",
    "drivers",
    "rider",
    "riders",
    "seller",
    "sellers",
    "shopper",
    "shoppers",
    "employee",
    "employees",
    "player",
    "players",
    "people",
    "devices",
    "dau",
    "actives",
    "visitors",
    "viewers",
    "readers",
    "students",
    "followers",
    "engineers",
    "developers",
    "staff",
    "agents",
    "patients",
    "editors",
    "teams",
    "mau",
    "attendees",
    "guests",
    "passengers",
    "participants",
    "voters",
    "fans",
    "listeners",
    "learners",
    "buyers",
    "clients",
    "residents",
];

const EVENTS: &[&str] = &[
    "request",
    "requests",
    "event",
    "events",
    "message",
    "messages",
    "write",
    "writes",
    "read",
    "reads",
    "query",
    "queries",
    "checkout",
    "checkouts",
    "order",
    "orders",
    "transaction",
    "transactions",
    "call",
    "calls",
    "payment",
    "payments",
    "update",
    "updates",
    "click",
    "clicks",
    "notification",
    "notifications",
    "job",
    "jobs",
    "upload",
    "uploads",
    "post",
    "posts",
    "tweets",
    "rides",
    "bookings",
    "hits",
    "views",
    "logins",
    "emails",
    "api",
    "scan",
    "scans",
    "vote",
    "votes",
    "submissions",
    "check-ins",
    "searches",
];

/// Per-second units said after the number ("qps", "rps").
const RATE_UNITS: &[&str] = &["qps", "rps", "tps", "wps"];

fn seconds_in(word: &str) -> Option<f64> {
    match word {
        "second" | "seconds" | "sec" | "s" => Some(1.0),
        "minute" | "minutes" | "min" => Some(60.0),
        "hour" | "hours" | "hourly" => Some(3600.0),
        "day" | "days" | "daily" => Some(86_400.0),
        "week" | "weeks" | "weekly" => Some(604_800.0),
        "month" | "months" | "monthly" => Some(2_592_000.0),
        _ => None,
    }
}

fn small_number(word: &str) -> Option<f64> {
    const WORDS: &[(&str, f64)] = &[
        ("a", 1.0),
        ("an", 1.0),
        ("one", 1.0),
        ("two", 2.0),
        ("three", 3.0),
        ("four", 4.0),
        ("five", 5.0),
        ("six", 6.0),
        ("seven", 7.0),
        ("eight", 8.0),
        ("nine", 9.0),
        ("ten", 10.0),
        ("eleven", 11.0),
        ("twelve", 12.0),
        ("fifteen", 15.0),
        ("twenty", 20.0),
        ("thirty", 30.0),
        ("forty", 40.0),
        ("fifty", 50.0),
        ("sixty", 60.0),
        ("hundred", 100.0),
        ("hundreds", 200.0),
        ("few", 3.0),
        ("several", 5.0),
        ("couple", 2.0),
        ("dozen", 12.0),
    ];
    WORDS.iter().find(|(w, _)| *w == word).map(|(_, v)| *v)
}

fn multiplier(word: &str) -> Option<f64> {
    match word {
        "hundred" | "hundreds" => Some(100.0),
        "thousand" | "thousands" | "k" => Some(1e3),
        "million" | "millions" | "m" | "mm" => Some(1e6),
        "billion" | "billions" | "b" | "bn" => Some(1e9),
        "trillion" => Some(1e12),
        _ => None,
    }
}

/// Splits "10k", "3,000", "1.5m" and "200/s" into a value and what was glued to it.
fn digits(word: &str) -> Option<(f64, String)> {
    let w: String = word.chars().filter(|c| *c != ',').collect();
    let end = w
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(w.len());
    if end == 0 {
        return None;
    }
    let value: f64 = w[..end].trim_end_matches('.').parse().ok()?;
    Some((value, w[end..].to_owned()))
}

fn clean(word: &str) -> String {
    word.trim_matches(|c: char| !(c.is_alphanumeric() || c == '.' || c == ',' || c == '/'))
        .trim_end_matches(['.', ','])
        .to_lowercase()
}

/// Every people or rate quantity in `words`, in order.
pub(crate) fn quantities<'a>(words: impl IntoIterator<Item = &'a str>) -> Vec<Quantity> {
    let words: Vec<String> = words.into_iter().map(clean).collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < words.len() {
        // "a 50-person company", "a forty-person company": people counted in one word.
        let spelled = words[i]
            .split_once('-')
            .and_then(|(n, rest)| small_number(n).map(|v| (v, format!("-{rest}"))));
        if let Some((v, rest)) = digits(&words[i]).or(spelled) {
            if matches!(rest.as_str(), "-person" | "-people" | "-user" | "-employee") {
                if v >= 20.0 {
                    out.push(Quantity::People(v));
                }
                i += 1;
                continue;
            }
        }
        let Some((value, next)) = number_at(&words, i) else {
            i += 1;
            continue;
        };
        if let Some(q) = counted(&words, next, value) {
            out.push(q);
        }
        i = next.max(i + 1);
    }
    out
}

/// A number starting at `i` ("three thousand", "3k", "1.5 million", "a billion"), with the
/// index just after it. A bare "a"/"an" is a number only when a multiplier follows.
fn number_at(words: &[String], i: usize) -> Option<(f64, usize)> {
    let w = words[i].as_str();
    let (mut value, mut j, glued) = if let Some((v, rest)) = digits(w) {
        (v, i + 1, rest)
    } else if let Some(v) = small_number(w) {
        let needs_multiplier = matches!(w, "a" | "an" | "few" | "several" | "couple");
        let next_mult = words.get(i + 1).and_then(|n| multiplier(n)).is_some()
            || (w == "couple" || w == "few")
                && words.get(i + 2).and_then(|n| multiplier(n)).is_some();
        if needs_multiplier && !next_mult {
            return None;
        }
        let skip_of = usize::from(
            matches!(w, "couple" | "few") && words.get(i + 1).is_some_and(|n| n == "of"),
        );
        (v, i + 1 + skip_of, String::new())
    } else {
        return None;
    };
    // "10k", "1.5m" and "200/s": the unit glued to the digits.
    let glued = glued.trim_start_matches('/');
    if let Some(m) = multiplier(glued) {
        value *= m;
    }
    while let Some(m) = words.get(j).and_then(|n| multiplier(n)) {
        // "three hundred thousand": each multiplier scales what came before.
        value *= m;
        j += 1;
    }
    Some((value, j))
}

/// What the number at `value` counts, reading at most a few words on from `at`.
fn counted(words: &[String], at: usize, value: f64) -> Option<Quantity> {
    let window: Vec<&str> = words.iter().skip(at).take(6).map(String::as_str).collect();
    // "a second", "per minute", "each day", "/s": the first time unit after the noun.
    let per = |from: usize| -> Option<f64> {
        window.iter().skip(from).take(4).find_map(|w| {
            let w = w.trim_start_matches('/');
            seconds_in(w)
        })
    };
    for (k, w) in window.iter().take(3).enumerate() {
        if RATE_UNITS.contains(w) {
            return Some(Quantity::Rate(value));
        }
        if let Some(secs) = w.strip_prefix('/').and_then(seconds_in) {
            return Some(Quantity::Rate(value / secs));
        }
        if PEOPLE.contains(w) {
            // "two million daily active users": people, whatever the period. "One user" or
            // "three customers" is an example in a story, not the scale of a design; twenty
            // people ("a tool for 20 engineers") is a scale.
            return (value >= 20.0).then_some(Quantity::People(value));
        }
        if EVENTS.contains(w) {
            return per(k + 1).map(|secs| Quantity::Rate(value / secs));
        }
        // "daily active users" / "monthly active": skip the adjectives in front of the noun.
        if !matches!(
            *w,
            "daily" | "monthly" | "active" | "concurrent" | "paying" | "new" | "unique" | "total"
        ) && !w.chars().all(|c| c.is_alphabetic())
        {
            break;
        }
    }
    any_rate(&window, value)
}

/// A rate of anything: "a couple of million metric samples a second", "500k log lines per
/// minute". Nouns outside [`EVENTS`] count only from a hundred up, so "three deploys a day"
/// or "twice a week" is never read as a design's load; a time unit right after the number
/// ("ten seconds") is a duration, not a rate.
fn any_rate(window: &[&str], value: f64) -> Option<Quantity> {
    if value < 100.0 || window.first().is_some_and(|w| seconds_in(w).is_some()) {
        return None;
    }
    let per = window
        .iter()
        .position(|w| matches!(*w, "a" | "per" | "each" | "every"))?;
    let noun_words = &window[..per];
    if noun_words.is_empty()
        || noun_words.len() > 3
        || !noun_words
            .iter()
            .all(|w| w.chars().all(|c| c.is_alphabetic() || c == '-') && seconds_in(w).is_none())
    {
        return None;
    }
    let secs = window.get(per + 1).and_then(|w| seconds_in(w))?;
    Some(Quantity::Rate(value / secs))
}

/// The largest level among `qs`, if any.
pub(crate) fn level_of(qs: &[Quantity]) -> Option<ScaleLevel> {
    qs.iter()
        .map(|q| q.level())
        .max_by(|a, b| a.partial_cmp(b).unwrap_or(Ordering::Equal))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(text: &str) -> Vec<Quantity> {
        quantities(text.split_whitespace())
    }

    #[test]
    fn reads_people_and_rates_in_the_ways_they_are_said() {
        assert_eq!(q("about ten thousand customers"), [Quantity::People(1e4)]);
        // A conference's people and its door's events, as a design question puts them.
        assert_eq!(
            q("two thousand attendees, so under one scan a second"),
            [Quantity::People(2e3), Quantity::Rate(1.0)]
        );
        assert_eq!(
            q("roughly three thousand checkouts a minute"),
            [Quantity::Rate(50.0)]
        );
        assert_eq!(q("10k writes per second"), [Quantity::Rate(1e4)]);
        assert_eq!(q("2 million daily active users"), [Quantity::People(2e6)]);
        assert_eq!(q("a billion events a day").len(), 1);
        assert_eq!(q("5,000 QPS at peak"), [Quantity::Rate(5000.0)]);
        assert_eq!(q("1.5m users"), [Quantity::People(1.5e6)]);
        assert_eq!(q("a 50-person startup"), [Quantity::People(50.0)]);
    }

    #[test]
    fn rates_of_any_noun_from_a_hundred_up() {
        assert_eq!(
            q("a couple of million metric samples a second"),
            vec![Quantity::Rate(2e6)]
        );
        assert_eq!(
            q("maybe 600 log lines per minute at peak"),
            vec![Quantity::Rate(10.0)]
        );
        assert!(q("we deploy three times a day").is_empty());
        assert_eq!(q("a forty-person company"), vec![Quantity::People(40.0)]);
        assert_eq!(q("our own thirty engineers"), vec![Quantity::People(30.0)]);
        assert!(q("fresh within ten seconds or so").is_empty());
    }

    #[test]
    fn other_numbers_are_not_scale() {
        assert!(q("five regions and two databases").is_empty());
        assert!(q("p99 under 40 ms").is_empty());
        assert!(q("a user clicks a button").is_empty());
        assert!(
            q("we have 200 orders").is_empty(),
            "a count with no time unit"
        );
    }

    #[test]
    fn levels_follow_the_thresholds() {
        assert_eq!(Quantity::People(1e4).level(), ScaleLevel::Small);
        assert_eq!(Quantity::People(2e6).level(), ScaleLevel::Medium);
        assert_eq!(Quantity::People(1e9).level(), ScaleLevel::Large);
        assert_eq!(Quantity::Rate(50.0).level(), ScaleLevel::Small);
        assert_eq!(Quantity::Rate(1e4).level(), ScaleLevel::Medium);
        // A billion events a day is about 11,600 a second: medium.
        assert_eq!(Quantity::Rate(1e9 / 86_400.0).level(), ScaleLevel::Medium);
        assert_eq!(Quantity::Rate(2e5).level(), ScaleLevel::Large);
        assert_eq!(
            level_of(&q("ten thousand customers and 100k requests a second")),
            Some(ScaleLevel::Large)
        );
    }
}
