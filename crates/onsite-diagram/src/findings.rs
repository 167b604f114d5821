//! What a reviewer would say about the drawing, alone or beside the spoken answer: each finding
//! names the elements by their labels, says what to do, and lists the element ids.

use std::collections::{HashMap, HashSet, VecDeque};

use serde::Serialize;

use crate::catalogue::{Catalogue, ComponentKind, Hit, Tier};
use crate::graph::{Graph, Node, Shape};
use crate::words::{find_phrase, same_word, tokens};

/// The kinds of finding. `id()` is stable (JSON, the labelled set); `label()` is for people.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FindingKind {
    Unlabelled,
    Disconnected,
    NoReplica,
    LooseArrow,
    SpokenNotDrawn,
    DrawnNotExplained,
}

impl FindingKind {
    pub const ALL: [FindingKind; 6] = [
        Self::Unlabelled,
        Self::Disconnected,
        Self::NoReplica,
        Self::LooseArrow,
        Self::SpokenNotDrawn,
        Self::DrawnNotExplained,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Self::Unlabelled => "unlabelled",
            Self::Disconnected => "disconnected",
            Self::NoReplica => "no_replica",
            Self::LooseArrow => "loose_arrow",
            Self::SpokenNotDrawn => "spoken_not_drawn",
            Self::DrawnNotExplained => "drawn_not_explained",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Unlabelled => "unlabelled shape",
            Self::Disconnected => "disconnected part",
            Self::NoReplica => "stateful component without a replica",
            Self::LooseArrow => "arrow not attached at both ends",
            Self::SpokenNotDrawn => "spoken about but not drawn",
            Self::DrawnNotExplained => "drawn but never explained",
        }
    }

    pub fn from_id(id: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.id() == id)
    }
}

/// One thing to fix in the drawing (or in the answer).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    pub id: FindingKind,
    pub message: String,
    /// Element ids in the scene (empty for something spoken but not drawn).
    pub elements: Vec<String>,
}

/// Whether a path from a client to a store writes, reads, both, or does not say.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PathKind {
    Read,
    Write,
    ReadWrite,
    Unlabelled,
}

impl PathKind {
    pub fn id(self) -> &'static str {
        match self {
            Self::Read => "read",
            Self::Write => "write",
            Self::ReadWrite => "read_write",
            Self::Unlabelled => "unlabelled",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Self::Read => "read path",
            Self::Write => "write path",
            Self::ReadWrite => "read and write path",
            Self::Unlabelled => "path with unlabelled arrows",
        }
    }
}

/// The shortest way along the arrows from a client to a stateful component.
#[derive(Debug, Clone, Serialize)]
pub struct DataPath {
    pub kind: PathKind,
    /// Node ids from the client to the store.
    pub nodes: Vec<String>,
}

/// At most this many clients are followed, and this many paths reported: a real diagram has a
/// handful, and a pathological one must not cost clients × nodes.
const MAX_PATH_CLIENTS: usize = 20;
const MAX_PATHS: usize = 100;

/// A label as quoted in a message: short, in quotes.
fn quote(label: &str) -> String {
    let mut s: String = label.chars().take(40).collect();
    if s.len() < label.len() {
        s.push('…');
    }
    format!("\"{s}\"")
}

fn list(names: &[String]) -> String {
    match names {
        [] => String::new(),
        [one] => one.clone(),
        [a, b] => format!("{a} and {b}"),
        [init @ .., last] if names.len() <= 4 => format!("{} and {last}", init.join(", ")),
        _ => format!("{} and {} more", names[..3].join(", "), names.len() - 3),
    }
}

/// "a box", "an ellipse", "an external provider".
fn a(noun: &str) -> String {
    let article = if noun.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    };
    format!("{article} {noun}")
}

/// "A box", "An ellipse".
fn a_shape(shape: Shape) -> String {
    let s = a(shape.label());
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or(s)
}

/// The spoken answer, split once into words and sentences, with the catalogue terms heard in
/// each (found once: every node's check reuses them).
struct Words {
    all: Vec<String>,
    hits: Vec<Hit>,
    sentences: Vec<(Vec<String>, Vec<Hit>)>,
    /// Per sentence: whether it speaks of failure, failover, replication or backup.
    story: Vec<bool>,
    /// Terms heard and not taken back by a negation just before them ("we don't need a CDN"):
    /// the components the answer proposes, with the words as said.
    proposed: Vec<(Hit, String)>,
}

impl Words {
    fn of(text: &str, catalogue: &Catalogue) -> Self {
        let sentences: Vec<(Vec<String>, Vec<Hit>)> = text
            .split(['.', '!', '?', '\n', ';'])
            .map(tokens)
            .filter(|s| !s.is_empty())
            .map(|s| {
                let hits = catalogue.hits(&s, true);
                (s, hits)
            })
            .collect();
        let all: Vec<String> = sentences.iter().flat_map(|(s, _)| s).cloned().collect();
        let story = sentences
            .iter()
            .map(|(s, _)| {
                catalogue
                    .story
                    .iter()
                    .any(|t| !find_phrase(s, t).is_empty())
            })
            .collect();
        let proposed = sentences
            .iter()
            .flat_map(|(s, hits)| {
                hits.iter()
                    .filter(|h| {
                        !s[h.at.saturating_sub(4)..h.at]
                            .iter()
                            .any(|w| catalogue.negation.contains(w))
                    })
                    .map(|h| (*h, s[h.at..h.at + h.len].join(" ")))
            })
            .collect();
        Words {
            proposed,
            story,
            hits: catalogue.hits(&all, true),
            all,
            sentences,
        }
    }
}

impl Graph {
    fn name(&self, n: &Node) -> String {
        match &n.label {
            Some(l) => quote(l),
            None => format!("an unlabelled {}", n.shape.label()),
        }
    }

    fn neighbours(&self) -> HashMap<&str, Vec<&str>> {
        let mut adj: HashMap<&str, Vec<&str>> = HashMap::new();
        for e in &self.edges {
            adj.entry(&e.from).or_default().push(&e.to);
            adj.entry(&e.to).or_default().push(&e.from);
        }
        adj
    }

    /// The label words that single this node out ("order" in "Order service"); all its words
    /// when none does.
    fn distinctive(&self, n: &Node) -> Vec<String> {
        let words = tokens(n.label.as_deref().unwrap_or(""));
        let own: Vec<String> = words
            .iter()
            .filter(|w| !self.catalogue.generic.contains(w) && w.chars().any(char::is_alphabetic))
            .cloned()
            .collect();
        if own.is_empty() {
            words
        } else {
            own
        }
    }

    /// Whether `words` (a sentence or the whole answer, with the catalogue terms heard in it)
    /// speaks of node `n`: one of its own label words, or a spoken term of its kind (for kinds
    /// whose words are specific enough).
    fn mentions(&self, n: &Node, words: &[String], hits: &[Hit]) -> bool {
        // A label word, or a spoken word it abbreviates ("docs" for "documents", "auth" for
        // "authentication"), unless that spoken word is itself a component ("post" is not
        // "Postgres").
        let said = |d: &String| {
            let stem = d.strip_suffix('s').unwrap_or(d);
            words.iter().any(|w| {
                same_word(w, d)
                    || same_word(d, w)
                    || (stem.len() >= 3
                        && w.len() > stem.len()
                        && w.starts_with(stem)
                        && !self.catalogue.is_term_word(w))
            })
        };
        if self.distinctive(n).iter().any(said) {
            return true;
        }
        if n.kind == ComponentKind::Service {
            return false;
        }
        // A replica is explained by talk of what it copies ("Postgres ... with a read replica"),
        // not by another component's replica.
        let kind = match n.kind {
            ComponentKind::Replica => {
                match self
                    .catalogue
                    .replica_base(n.label.as_deref().unwrap_or(""))
                {
                    ComponentKind::Unknown => ComponentKind::Replica,
                    base => base,
                }
            }
            k => k,
        };
        hits.iter().any(|h| h.kind == kind)
    }

    /// The labelled nodes that `text` (a sentence or a whole answer) speaks of: by one of their
    /// own label words, or by a spoken term of their kind, as the findings read the answer.
    /// What the rubric uses to tell a drawing that the words also go into.
    pub fn mentioned_in(&self, text: &str) -> Vec<&Node> {
        let words = Words::of(text, self.catalogue);
        self.nodes
            .iter()
            .filter(|n| n.label.is_some() && self.mentions(n, &words.all, &words.hits))
            .collect()
    }

    /// Whether `n` holds state (a store, cache, queue…), by the catalogue's reading of its kind.
    pub fn is_stateful(&self, n: &Node) -> bool {
        self.catalogue.is_stateful(n.kind)
    }

    /// The findings for this drawing; with the spoken answer, also what was said and not drawn,
    /// drawn and not explained, and whether a stateful part's failure story was told.
    pub fn findings(&self, transcript: Option<&str>) -> Vec<Finding> {
        let words = transcript.map(|t| Words::of(t, self.catalogue));
        let mut out = Vec::new();
        self.unlabelled(&mut out);
        self.disconnected(&mut out);
        self.no_replica(words.as_ref(), &mut out);
        self.loose_arrows(&mut out);
        if let Some(w) = &words {
            self.spoken_not_drawn(w, &mut out);
            self.drawn_not_explained(w, &mut out);
        }
        out
    }

    fn unlabelled(&self, out: &mut Vec<Finding>) {
        let adj = self.neighbours();
        for n in self.nodes.iter().filter(|n| n.label.is_none()) {
            let mut near: Vec<String> = adj
                .get(n.id.as_str())
                .into_iter()
                .flatten()
                .filter_map(|id| self.node(id))
                .map(|m| self.name(m))
                .collect();
            near.dedup();
            let place = if near.is_empty() {
                format!("at ({:.0}, {:.0})", n.bounds.x, n.bounds.y)
            } else {
                format!("connected to {}", list(&near))
            };
            out.push(Finding {
                id: FindingKind::Unlabelled,
                message: format!(
                    "{} {place} has no label: write inside it what component it is (e.g. \
                     \"API\", \"Postgres\", \"Redis cache\"), so the reader need not guess",
                    a_shape(n.shape)
                ),
                elements: vec![n.id.clone()],
            });
        }
    }

    /// Connected parts of the diagram: arrows join nodes, so do Excalidraw groups smaller than
    /// the whole drawing, and so does a box with arrows that encloses other boxes.
    fn parts(&self) -> Vec<Vec<usize>> {
        let n = self.nodes.len();
        let at: HashMap<&str, usize> = self
            .nodes
            .iter()
            .enumerate()
            .map(|(i, n)| (n.id.as_str(), i))
            .collect();
        let mut parent: Vec<usize> = (0..n).collect();
        fn root(p: &mut [usize], mut i: usize) -> usize {
            while p[i] != i {
                p[i] = p[p[i]];
                i = p[i];
            }
            i
        }
        let join = |p: &mut Vec<usize>, a: usize, b: usize| {
            let (ra, rb) = (root(p, a), root(p, b));
            if ra != rb {
                p[ra.max(rb)] = ra.min(rb);
            }
        };
        for e in &self.edges {
            if let (Some(&a), Some(&b)) = (at.get(e.from.as_str()), at.get(e.to.as_str())) {
                join(&mut parent, a, b);
            }
        }
        for g in self.groups.iter().filter(|g| g.nodes.len() < n) {
            let ids: Vec<usize> = g
                .nodes
                .iter()
                .filter_map(|id| at.get(id.as_str()).copied())
                .collect();
            for w in ids.windows(2) {
                join(&mut parent, w[0], w[1]);
            }
        }
        for (i, outer) in self.nodes.iter().enumerate() {
            if outer.shape == Shape::Text {
                continue;
            }
            for (j, inner) in self.nodes.iter().enumerate() {
                if i != j
                    && inner.bounds.x >= outer.bounds.x
                    && inner.bounds.y >= outer.bounds.y
                    && inner.bounds.x + inner.bounds.w <= outer.bounds.x + outer.bounds.w
                    && inner.bounds.y + inner.bounds.h <= outer.bounds.y + outer.bounds.h
                    && inner.bounds.w * inner.bounds.h < outer.bounds.w * outer.bounds.h
                {
                    join(&mut parent, i, j);
                }
            }
        }
        let mut parts: Vec<Vec<usize>> = Vec::new();
        let mut part_of: HashMap<usize, usize> = HashMap::new();
        for i in 0..n {
            let r = root(&mut parent, i);
            match part_of.get(&r) {
                Some(&p) => parts[p].push(i),
                None => {
                    part_of.insert(r, parts.len());
                    parts.push(vec![i]);
                }
            }
        }
        parts
    }

    fn disconnected(&self, out: &mut Vec<Finding>) {
        let parts = self.parts();
        if parts.len() < 2 {
            return;
        }
        // "The rest" is the largest part; between equals, the one with a client, then the first.
        let has_client = |p: &Vec<usize>| {
            p.iter()
                .any(|&i| self.nodes[i].kind == ComponentKind::Client)
        };
        let main = parts
            .iter()
            .enumerate()
            .max_by_key(|(i, p)| (p.len(), has_client(p), std::cmp::Reverse(*i)))
            .map_or(0, |(i, _)| i);
        for (i, p) in parts.iter().enumerate() {
            if i == main {
                continue;
            }
            let names: Vec<String> = p.iter().map(|&i| self.name(&self.nodes[i])).collect();
            let what = if p.len() == 1 {
                format!("{} is not connected to", names[0])
            } else {
                format!("{} are connected to each other but not to", list(&names))
            };
            out.push(Finding {
                id: FindingKind::Disconnected,
                message: format!(
                    "{what} the rest of the diagram: draw the arrow that says who calls it or \
                     what it feeds (attached at both ends), or remove it if it plays no part"
                ),
                elements: p.iter().map(|&i| self.nodes[i].id.clone()).collect(),
            });
        }
    }

    /// Whether replica `r` stands for a copy of stateful node `s`.
    fn replicates(&self, r: &Node, s: &Node, adj: &HashMap<&str, Vec<&str>>) -> bool {
        let base = self
            .catalogue
            .replica_base(r.label.as_deref().unwrap_or(""));
        let linked = adj
            .get(r.id.as_str())
            .is_some_and(|v| v.contains(&s.id.as_str()))
            || r.groups.iter().any(|g| s.groups.contains(g));
        if base == ComponentKind::Unknown {
            // "Read replica": a copy of what it is attached to, or of the only store there is.
            let stateful = self
                .nodes
                .iter()
                .filter(|n| self.catalogue.is_stateful(n.kind))
                .count();
            return linked || stateful == 1;
        }
        if base != s.kind {
            return false;
        }
        let same_kind = self.nodes.iter().filter(|n| n.kind == s.kind).count();
        let rd = self.distinctive(r);
        let shared = self
            .distinctive(s)
            .iter()
            .any(|w| rd.contains(w) && self.catalogue.classify(w) == ComponentKind::Unknown);
        linked || same_kind == 1 || shared
    }

    /// Whether the answer tells what happens when `n` fails: a sentence that names it and
    /// speaks of failure, failover, replication or backup.
    fn failure_story(&self, n: &Node, words: &Words) -> bool {
        words
            .sentences
            .iter()
            .zip(&words.story)
            .any(|((s, hits), story)| *story && self.mentions(n, s, hits))
    }

    fn no_replica(&self, words: Option<&Words>, out: &mut Vec<Finding>) {
        let adj = self.neighbours();
        for s in self
            .nodes
            .iter()
            .filter(|n| self.catalogue.is_stateful(n.kind))
        {
            if self
                .catalogue
                .says_replicated(s.label.as_deref().unwrap_or(""))
            {
                continue;
            }
            let replicated = self
                .nodes
                .iter()
                .filter(|r| r.kind == ComponentKind::Replica)
                .any(|r| self.replicates(r, s, &adj));
            if replicated {
                continue;
            }
            let told = words.map(|w| self.failure_story(s, w));
            if told == Some(true) {
                continue;
            }
            let unsaid = if told.is_some() {
                " and the answer never says what happens when it fails"
            } else {
                ""
            };
            out.push(Finding {
                id: FindingKind::NoReplica,
                message: format!(
                    "{} ({}) holds state but has no replica drawn{unsaid}: draw its replica or \
                     standby and the arrow that copies to it, or say how it fails over and what \
                     is lost",
                    self.name(s),
                    s.kind.label()
                ),
                elements: vec![s.id.clone()],
            });
        }
    }

    fn loose_arrows(&self, out: &mut Vec<Finding>) {
        let name = |id: &Option<String>| {
            id.as_deref()
                .and_then(|i| self.node(i))
                .map(|n| self.name(n))
        };
        for a in &self.loose_arrows {
            let what = match (&a.label, name(&a.from), name(&a.to)) {
                (_, Some(f), None) => format!("An arrow from {f} ends on nothing"),
                (_, None, Some(t)) => format!("An arrow into {t} starts from nothing"),
                (Some(l), None, None) => format!("The arrow {} is attached to nothing", quote(l)),
                _ => "An arrow is attached to nothing at either end".to_string(),
            };
            let over: Vec<String> = [&a.start_over, &a.end_over]
                .into_iter()
                .filter_map(&name)
                .collect();
            let hint = if over.is_empty() {
                "drag each loose end onto the box it connects until the box highlights".into()
            } else {
                format!(
                    "it lies over {} without being attached: drag the loose end onto it until \
                     the box highlights",
                    list(&over)
                )
            };
            out.push(Finding {
                id: FindingKind::LooseArrow,
                message: format!("{what}: {hint}, so the connection is part of the design"),
                elements: vec![a.id.clone()],
            });
        }
    }

    fn spoken_not_drawn(&self, words: &Words, out: &mut Vec<Finding>) {
        let cat = self.catalogue;
        let drawn: HashSet<ComponentKind> = self
            .nodes
            .iter()
            .flat_map(|n| {
                let label = n.label.as_deref().unwrap_or("");
                let mut k = vec![n.kind];
                if n.kind == ComponentKind::Replica {
                    k.push(cat.replica_base(label));
                }
                if cat.says_replicated(label) {
                    k.push(ComponentKind::Replica);
                }
                k
            })
            .collect();
        let family = |k: ComponentKind| cat.entry(k).and_then(|e| e.family.as_deref());
        for e in cat.entries.iter().filter(|e| e.spoken) {
            let heard: Vec<&(Hit, String)> = words
                .proposed
                .iter()
                .filter(|(h, _)| h.kind == e.kind)
                .collect();
            if heard.is_empty() || drawn.contains(&e.kind) {
                continue;
            }
            // Generic words ("the database") are drawn by any kind of their family.
            let generic = heard.iter().all(|(h, _)| h.tier == Tier::Word);
            if generic
                && family(e.kind).is_some()
                && drawn.iter().any(|d| family(*d) == family(e.kind))
            {
                continue;
            }
            let mut said: Vec<String> = Vec::new();
            for (_, text) in &heard {
                let w = format!("\"{text}\"");
                if !said.contains(&w) {
                    said.push(w);
                }
            }
            said.truncate(3);
            out.push(Finding {
                id: FindingKind::SpokenNotDrawn,
                message: format!(
                    "The answer speaks of {} ({}) but the diagram has none: draw it where it \
                     sits, with its arrows, or leave it out of the answer",
                    a(e.kind.label()),
                    said.join(", ")
                ),
                elements: Vec::new(),
            });
        }
    }

    fn drawn_not_explained(&self, words: &Words, out: &mut Vec<Finding>) {
        for n in self.nodes.iter().filter(|n| n.label.is_some()) {
            if self.mentions(n, &words.all, &words.hits) {
                continue;
            }
            out.push(Finding {
                id: FindingKind::DrawnNotExplained,
                message: format!(
                    "{} ({}) is drawn but never mentioned in the answer: say what it does and \
                     why it is there, or remove it",
                    self.name(n),
                    n.kind.label()
                ),
                elements: vec![n.id.clone()],
            });
        }
    }

    /// Read and write paths: from each client, the shortest way along the arrows (in their
    /// direction; either way for arrows with no head or two) to each stateful component, read
    /// or write by the words on its arrows ("writes", "GET", "publish"…).
    pub fn paths(&self) -> Vec<DataPath> {
        let at: HashMap<&str, usize> = self
            .nodes
            .iter()
            .enumerate()
            .map(|(i, n)| (n.id.as_str(), i))
            .collect();
        let mut next: Vec<Vec<(usize, usize)>> = vec![Vec::new(); self.nodes.len()];
        for (k, e) in self.edges.iter().enumerate() {
            if let (Some(&a), Some(&b)) = (at.get(e.from.as_str()), at.get(e.to.as_str())) {
                next[a].push((b, k));
                if !e.directed {
                    next[b].push((a, k));
                }
            }
        }
        let target = |i: usize| {
            let k = self.nodes[i].kind;
            self.catalogue.is_stateful(k) || k == ComponentKind::Replica
        };
        let mut out = Vec::new();
        let clients = self
            .nodes
            .iter()
            .enumerate()
            .filter(|(_, n)| n.kind == ComponentKind::Client)
            .take(MAX_PATH_CLIENTS);
        for (c, _) in clients {
            // Breadth-first: the edge each node was first reached by.
            let mut came: Vec<Option<(usize, usize)>> = vec![None; self.nodes.len()];
            let mut seen = vec![false; self.nodes.len()];
            seen[c] = true;
            let mut queue = VecDeque::from([c]);
            while let Some(i) = queue.pop_front() {
                for &(j, k) in &next[i] {
                    if !seen[j] {
                        seen[j] = true;
                        came[j] = Some((i, k));
                        queue.push_back(j);
                    }
                }
            }
            for t in (0..self.nodes.len()).filter(|&t| t != c && seen[t] && target(t)) {
                let (mut nodes, mut labels) = (vec![t], Vec::new());
                let mut i = t;
                while let Some((p, k)) = came[i] {
                    nodes.push(p);
                    labels.extend(self.edges[k].label.as_deref().map(tokens));
                    i = p;
                }
                nodes.reverse();
                let has = |terms: &Vec<Vec<String>>| {
                    labels
                        .iter()
                        .any(|l| terms.iter().any(|t| !find_phrase(l, t).is_empty()))
                };
                let kind = match (has(&self.catalogue.write), has(&self.catalogue.read)) {
                    (true, true) => PathKind::ReadWrite,
                    (true, false) => PathKind::Write,
                    (false, true) => PathKind::Read,
                    (false, false) => PathKind::Unlabelled,
                };
                out.push(DataPath {
                    kind,
                    nodes: nodes.iter().map(|&i| self.nodes[i].id.clone()).collect(),
                });
                if out.len() == MAX_PATHS {
                    return out;
                }
            }
        }
        out
    }
}
