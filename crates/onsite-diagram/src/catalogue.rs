//! The component catalogue: the kinds of component a system-design box can be, and the words
//! that say which (data/components.toml, compiled in and checked when first used).

use std::collections::HashMap;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::words::{find_phrase, phrase_at, tokens};
use crate::DiagramError;

/// What a box in the diagram is. `id()` is stable (JSON, the catalogue); `label()` is for people.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ComponentKind {
    Client,
    Cdn,
    LoadBalancer,
    Gateway,
    Service,
    Cache,
    SqlStore,
    NosqlStore,
    Replica,
    Queue,
    StreamProcessor,
    ObjectStorage,
    SearchIndex,
    Worker,
    Scheduler,
    ExternalProvider,
    Unknown,
}

impl ComponentKind {
    pub const ALL: [ComponentKind; 17] = [
        Self::Client,
        Self::Cdn,
        Self::LoadBalancer,
        Self::Gateway,
        Self::Service,
        Self::Cache,
        Self::SqlStore,
        Self::NosqlStore,
        Self::Replica,
        Self::Queue,
        Self::StreamProcessor,
        Self::ObjectStorage,
        Self::SearchIndex,
        Self::Worker,
        Self::Scheduler,
        Self::ExternalProvider,
        Self::Unknown,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Self::Client => "client",
            Self::Cdn => "cdn",
            Self::LoadBalancer => "load_balancer",
            Self::Gateway => "gateway",
            Self::Service => "service",
            Self::Cache => "cache",
            Self::SqlStore => "sql_store",
            Self::NosqlStore => "nosql_store",
            Self::Replica => "replica",
            Self::Queue => "queue",
            Self::StreamProcessor => "stream_processor",
            Self::ObjectStorage => "object_storage",
            Self::SearchIndex => "search_index",
            Self::Worker => "worker",
            Self::Scheduler => "scheduler",
            Self::ExternalProvider => "external_provider",
            Self::Unknown => "unknown",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Client => "client",
            Self::Cdn => "CDN",
            Self::LoadBalancer => "load balancer",
            Self::Gateway => "gateway",
            Self::Service => "service",
            Self::Cache => "cache",
            Self::SqlStore => "SQL store",
            Self::NosqlStore => "NoSQL store",
            Self::Replica => "replica",
            Self::Queue => "queue or log",
            Self::StreamProcessor => "stream processor",
            Self::ObjectStorage => "object storage",
            Self::SearchIndex => "search index",
            Self::Worker => "worker",
            Self::Scheduler => "scheduler",
            Self::ExternalProvider => "external provider",
            Self::Unknown => "unknown component",
        }
    }

    pub fn from_id(id: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.id() == id)
    }
}

/// A catalogue term split into words ("API gw" → ["api", "gw"]).
type Term = Vec<String>;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCatalogue {
    version: u32,
    kind: Vec<RawKind>,
    replicated: WordList,
    primary: WordList,
    story: WordList,
    negation: WordList,
    generic: WordList,
    write: WordList,
    read: WordList,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawKind {
    id: String,
    roles: Vec<String>,
    names: Vec<String>,
    words: Vec<String>,
    label_only: Vec<String>,
    stateful: bool,
    spoken: bool,
    family: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct WordList {
    words: Vec<String>,
}

/// Which tier of a kind's entry a term came from (see data/components.toml).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Tier {
    Role,
    Name,
    Word,
}

#[derive(Debug)]
pub(crate) struct Entry {
    pub kind: ComponentKind,
    /// (tier, term, counts in speech)
    pub terms: Vec<(Tier, Term, bool)>,
    pub stateful: bool,
    pub spoken: bool,
    pub family: Option<String>,
}

/// The validated catalogue.
#[derive(Debug)]
pub struct Catalogue {
    pub(crate) entries: Vec<Entry>,
    pub(crate) replicated: Vec<Term>,
    pub(crate) primary: Vec<Term>,
    pub(crate) story: Vec<Term>,
    pub(crate) negation: Vec<String>,
    pub(crate) generic: Vec<String>,
    pub(crate) write: Vec<Term>,
    pub(crate) read: Vec<Term>,
    /// Every term by its first word: (entry, term) indices. Finding terms in a text is then a
    /// lookup per word, not a scan of every term.
    by_first: HashMap<String, Vec<(usize, usize)>>,
}

/// One place a term was found in a list of words.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Hit {
    pub kind: ComponentKind,
    pub tier: Tier,
    pub at: usize,
    pub len: usize,
}

impl Catalogue {
    /// The catalogue compiled into the crate (data/components.toml).
    pub fn embedded() -> Result<&'static Catalogue, DiagramError> {
        static CATALOGUE: OnceLock<Result<Catalogue, String>> = OnceLock::new();
        CATALOGUE
            .get_or_init(|| {
                Catalogue::from_toml(include_str!("../data/components.toml")).map_err(|e| match e {
                    DiagramError::Catalogue { detail } => detail,
                    other => other.to_string(),
                })
            })
            .as_ref()
            .map_err(|detail| DiagramError::Catalogue {
                detail: detail.clone(),
            })
    }

    /// Parses and checks a catalogue: every kind but `unknown` exactly once, every term made of
    /// words, every `label_only` term one of the kind's terms.
    pub fn from_toml(text: &str) -> Result<Catalogue, DiagramError> {
        let bad = |detail: String| DiagramError::Catalogue { detail };
        let raw: RawCatalogue = toml::from_str(text).map_err(|e| bad(e.to_string()))?;
        if raw.version != 1 {
            return Err(bad(format!(
                "version {} is not one this build reads (1)",
                raw.version
            )));
        }
        let term = |t: &str, kind: &str| -> Result<Term, DiagramError> {
            let words = tokens(t);
            if words.is_empty() {
                return Err(bad(format!(
                    "kind {kind:?} has the term {t:?}, which has no letters or digits"
                )));
            }
            Ok(words)
        };
        let mut entries: Vec<Entry> = Vec::new();
        for k in &raw.kind {
            let kind = ComponentKind::from_id(&k.id)
                .filter(|k| *k != ComponentKind::Unknown)
                .ok_or_else(|| {
                    bad(format!(
                        "unknown kind {:?}; the kinds are {}",
                        k.id,
                        ComponentKind::ALL[..16]
                            .iter()
                            .map(|k| k.id())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ))
                })?;
            if entries.iter().any(|e| e.kind == kind) {
                return Err(bad(format!("kind {:?} is listed twice", k.id)));
            }
            let mut terms = Vec::new();
            for (tier, list) in [
                (Tier::Role, &k.roles),
                (Tier::Name, &k.names),
                (Tier::Word, &k.words),
            ] {
                for t in list {
                    let spoken = !k.label_only.contains(t);
                    terms.push((tier, term(t, &k.id)?, spoken));
                }
            }
            for t in &k.label_only {
                if ![&k.roles, &k.names, &k.words].iter().any(|l| l.contains(t)) {
                    return Err(bad(format!(
                        "kind {:?} lists {t:?} in label_only but not among its terms",
                        k.id
                    )));
                }
            }
            entries.push(Entry {
                kind,
                terms,
                stateful: k.stateful,
                spoken: k.spoken,
                family: k.family.clone(),
            });
        }
        if let Some(missing) = ComponentKind::ALL[..16]
            .iter()
            .find(|k| !entries.iter().any(|e| e.kind == **k))
        {
            return Err(bad(format!("kind {:?} is missing", missing.id())));
        }
        let list = |l: &WordList, name: &str| -> Result<Vec<Term>, DiagramError> {
            l.words.iter().map(|t| term(t, name)).collect()
        };
        let mut by_first: HashMap<String, Vec<(usize, usize)>> = HashMap::new();
        for (e, entry) in entries.iter().enumerate() {
            for (t, (_, term, _)) in entry.terms.iter().enumerate() {
                if let Some(first) = term.first() {
                    by_first.entry(first.clone()).or_default().push((e, t));
                }
            }
        }
        Ok(Catalogue {
            by_first,
            entries,
            replicated: list(&raw.replicated, "replicated")?,
            primary: list(&raw.primary, "primary")?,
            story: list(&raw.story, "story")?,
            negation: raw.negation.words.iter().flat_map(|w| tokens(w)).collect(),
            generic: raw.generic.words.iter().flat_map(|w| tokens(w)).collect(),
            write: list(&raw.write, "write")?,
            read: list(&raw.read, "read")?,
        })
    }

    /// Whether `word` begins some catalogue term (a product or component word).
    pub(crate) fn is_term_word(&self, word: &str) -> bool {
        self.by_first.contains_key(word)
    }

    pub(crate) fn entry(&self, kind: ComponentKind) -> Option<&Entry> {
        self.entries.iter().find(|e| e.kind == kind)
    }

    /// Whether `kind` must have a replica or a failure story.
    pub fn is_stateful(&self, kind: ComponentKind) -> bool {
        self.entry(kind).is_some_and(|e| e.stateful)
    }

    /// Every place a catalogue term occurs in `words`; with `spoken`, only terms that count in
    /// speech, and only the longest where terms overlap ("payment gateway" is an external
    /// provider, not also a gateway; "load balancer" is not also "balancer").
    pub(crate) fn hits(&self, words: &[String], spoken: bool) -> Vec<Hit> {
        let mut hits = Vec::new();
        for (at, word) in words.iter().enumerate() {
            // The word as written, and as a singular ("caches" → "cache", "boxes" → "box").
            let singular = word.strip_suffix('s');
            let keys = [
                Some(word.as_str()),
                singular,
                singular.and_then(|w| w.strip_suffix('e')),
            ];
            for key in keys.into_iter().flatten() {
                for &(e, t) in self.by_first.get(key).into_iter().flatten() {
                    let entry = &self.entries[e];
                    let (tier, term, in_speech) = &entry.terms[t];
                    if (spoken && !in_speech) || !phrase_at(words, at, term) {
                        continue;
                    }
                    let hit = Hit {
                        kind: entry.kind,
                        tier: *tier,
                        at,
                        len: term.len(),
                    };
                    // "caches" can reach one term under two keys; count it once.
                    if !hits.iter().any(|h: &Hit| {
                        h.kind == hit.kind && h.at == at && h.len == hit.len && h.tier == hit.tier
                    }) {
                        hits.push(hit);
                    }
                }
            }
        }
        if spoken {
            let all = hits.clone();
            hits.retain(|h| {
                !all.iter()
                    .any(|o| o.len > h.len && o.at <= h.at && h.at + h.len <= o.at + o.len)
            });
        }
        hits
    }

    /// The kind a box labelled `label` is (tiers as data/components.toml describes them).
    pub fn classify(&self, label: &str) -> ComponentKind {
        self.classify_words(&tokens(label), true)
    }

    /// What a replica is a replica of: its label read without its role words
    /// ("Postgres (replica)" → SQL store); `Unknown` when it does not say.
    pub fn replica_base(&self, label: &str) -> ComponentKind {
        self.classify_words(&tokens(label), false)
    }

    fn classify_words(&self, words: &[String], roles: bool) -> ComponentKind {
        let hits = self.hits(words, false);
        let primary = self
            .primary
            .iter()
            .any(|p| !find_phrase(words, p).is_empty());
        // Roles: the first in catalogue order; a label naming the primary is not a replica.
        if roles {
            let order = |k: ComponentKind| self.entries.iter().position(|e| e.kind == k);
            if let Some(h) = hits
                .iter()
                .filter(|h| h.tier == Tier::Role && !(primary && h.kind == ComponentKind::Replica))
                .min_by_key(|h| order(h.kind))
            {
                return h.kind;
            }
        }
        // Names: longest, then earliest.
        if let Some(h) = hits
            .iter()
            .filter(|h| h.tier == Tier::Name)
            .min_by_key(|h| (std::cmp::Reverse(h.len), h.at))
        {
            return h.kind;
        }
        // A head noun the catalogue does not know that names an agent ("cache-invalidator",
        // "log shipper", "thumbnailer") is a process acting on the thing, not the thing.
        if let Some(last) = words.last() {
            let covered = hits.iter().any(|h| h.at + h.len == words.len());
            let agent = last.len() >= 5
                && last.chars().all(char::is_alphabetic)
                && (last.ends_with("er") || last.ends_with("or"));
            let is_primary = self.primary.iter().any(|p| p.len() == 1 && &p[0] == last);
            if agent && !covered && !is_primary {
                return ComponentKind::Service;
            }
        }
        // Words: the one ending last (the head noun), then the longest.
        if let Some(h) = hits
            .iter()
            .filter(|h| h.tier == Tier::Word)
            .min_by_key(|h| (std::cmp::Reverse(h.at + h.len), std::cmp::Reverse(h.len)))
        {
            return h.kind;
        }
        ComponentKind::Unknown
    }

    /// Whether a label says the box is already replicated ("Redis cluster", "PG primary +
    /// replica").
    pub fn says_replicated(&self, label: &str) -> bool {
        let words = tokens(label);
        let cue = self
            .replicated
            .iter()
            .any(|t| !find_phrase(&words, t).is_empty());
        let primary = self
            .primary
            .iter()
            .any(|p| !find_phrase(&words, p).is_empty());
        let replica_word = self
            .hits(&words, false)
            .iter()
            .any(|h| h.tier == Tier::Role && h.kind == ComponentKind::Replica);
        cue || (primary && replica_word)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cat() -> &'static Catalogue {
        Catalogue::embedded().expect("the embedded catalogue is valid")
    }

    #[test]
    fn the_labels_people_write_classify_sensibly() {
        use ComponentKind::*;
        let cases = [
            ("Redis", Cache),
            ("PG primary", SqlStore),
            ("Postgres (replica)", Replica),
            ("LB", LoadBalancer),
            ("API GW", Gateway),
            ("API Gateway", Gateway),
            ("S3", ObjectStorage),
            ("Kafka", Queue),
            ("ES", SearchIndex),
            ("cron", Scheduler),
            ("Stripe", ExternalProvider),
            ("Stripe API", ExternalProvider),
            ("User service", Service),
            ("Users", Client),
            ("Mobile client", Client),
            ("Order DB", SqlStore),
            ("Cassandra", NosqlStore),
            ("DynamoDB", NosqlStore),
            ("Kafka consumer", Worker),
            ("Kafka Streams", StreamProcessor),
            ("Flink job", StreamProcessor),
            ("Stream processor", StreamProcessor),
            ("CloudFront CDN", Cdn),
            ("Image workers", Worker),
            ("Redis replica", Replica),
            ("Postgres primary + 2 replicas", SqlStore),
            ("Payment gateway", ExternalProvider),
            ("SQS queue", Queue),
            ("Message queue", Queue),
            ("Elasticsearch", SearchIndex),
            ("Memcached", Cache),
            ("Web server", Service),
            ("Blob storage", ObjectStorage),
            ("Scheduler", Scheduler),
            ("Twilio (SMS)", ExternalProvider),
            ("nginx", LoadBalancer),
            ("Rate limiter", Service),
            ("cache-invalidator", Service),
            ("Redis counter", Cache),
            ("DB master", SqlStore),
            ("svc-ledger", Service),
            ("svc-queue-consumer", Worker),
            ("admin UI", Client),
            ("Ops dashboard", Client),
            ("Thing", Unknown),
            ("", Unknown),
        ];
        let wrong: Vec<String> = cases
            .iter()
            .filter(|(l, k)| cat().classify(l) != *k)
            .map(|(l, k)| format!("{l:?}: {:?}, expected {k:?}", cat().classify(l)))
            .collect();
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    }

    #[test]
    fn a_replica_knows_what_it_copies() {
        assert_eq!(
            cat().replica_base("Postgres (replica)"),
            ComponentKind::SqlStore
        );
        assert_eq!(cat().replica_base("Redis replica"), ComponentKind::Cache);
        assert_eq!(cat().replica_base("Read replica"), ComponentKind::Unknown);
    }

    #[test]
    fn replicated_labels_are_recognised() {
        assert!(cat().says_replicated("Postgres (primary + replica)"));
        assert!(cat().says_replicated("Redis cluster"));
        assert!(cat().says_replicated("Cassandra RF=3"));
        assert!(!cat().says_replicated("Postgres"));
        assert!(!cat().says_replicated("PG primary"));
    }

    #[test]
    fn every_kind_has_an_id_that_reads_back_and_a_label() {
        for k in ComponentKind::ALL {
            assert_eq!(ComponentKind::from_id(k.id()), Some(k));
            assert!(!k.label().is_empty());
        }
    }

    #[test]
    fn a_broken_catalogue_is_refused_with_the_reason() {
        let good = include_str!("../data/components.toml");
        let cases = [
            (
                good.replace("id = \"cdn\"", "id = \"cdnx\""),
                "unknown kind \"cdnx\"",
            ),
            (
                good.replace("id = \"cdn\"", "id = \"cache\""),
                "listed twice",
            ),
            (
                good.replace("\"cloudfront\", ", "\"--\", "),
                "no letters or digits",
            ),
            (
                good.replace("label_only = [\"lb\"", "label_only = [\"zzz\""),
                "label_only",
            ),
            (good.replace("version = 1", "version = 2"), "version 2"),
            ("kind = 3".to_string(), "invalid type"),
        ];
        for (text, says) in cases {
            let err = Catalogue::from_toml(&text).expect_err(says);
            assert_eq!(err.code(), "diagram_catalogue_invalid");
            assert!(err.to_string().contains(says), "{err} lacks {says:?}");
        }
    }
}
