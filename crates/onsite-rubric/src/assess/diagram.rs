//! The whiteboard stage: reads the drawing beside the words of a finished assessment.
//!
//! It runs after the words are scored and reads only the assessment, the answer's words and
//! the drawing's graph (`onsite_diagram`), so it can never move a score: a drawing is evidence
//! the words already earned, quoted by element id and label the way transcript spans are
//! quoted, and feedback on the drawing itself. Its rules:
//!
//! - The diagram's findings (unlabelled boxes, disconnected parts, stateful parts with no
//!   replica, loose arrows, said but not drawn, drawn but never explained) become feedback,
//!   each quoting the elements it is about.
//! - A high-level architecture drawn (a connected part of three or more components) and talked
//!   about (the words name most of it) is evidence for `high_level_architecture`, when the words
//!   covered that step. Its read and write paths (from a client along the arrows to a store,
//!   named by the words on the arrows) are said with it, and so is a missing one: a drawing
//!   that shows how data is read but never how it is written (or the reverse) is half a design.
//! - A deep dive is evidence for `deep_dive` when the words went into it (the step is covered)
//!   and the drawing shows the components those deep-dive sentences name.
//! - A stateful component with no replica drawn lowers that evidence (it is taken out, and
//!   said) only when the words also tell no failure story for it: the diagram reader already
//!   drops the finding when a sentence names it and speaks of failover, replication or backup.
//! - Nothing here is praise when the answer has a red flag: a flagged answer gets the drawing's
//!   findings, not its compliments.

use std::collections::HashMap;

use onsite_diagram::{DataPath, FindingKind, Graph, Node, PathKind};
use serde::{Deserialize, Serialize};

use crate::input::Answer;
use crate::report::{Assessment, Evidence};
use crate::vocabulary::FrameworkStep;

/// A drawn element quoted as evidence: its id in the scene (what Replay highlights) and its
/// label as drawn (none for an unlabelled shape).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DrawnElement {
    pub id: String,
    pub label: Option<String>,
}

/// A component of the drawing: its element id, label and kind (`onsite_diagram::ComponentKind`
/// id, e.g. `sql_store`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DrawnNode {
    pub id: String,
    pub label: Option<String>,
    pub kind: String,
}

/// An arrow attached at both ends: from and to are node ids.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DrawnEdge {
    pub from: String,
    pub to: String,
    pub label: Option<String>,
}

/// One thing to fix in the drawing (`onsite_diagram::FindingKind` id), the element ids it is
/// about, and those elements quoted with their labels.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DiagramFinding {
    pub id: String,
    pub message: String,
    pub elements: Vec<String>,
    pub evidence: Vec<DrawnElement>,
}

/// What the drawing adds to one framework step the words covered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DrawnStep {
    /// The step's id (`high_level_architecture`, `deep_dive`).
    pub step: String,
    pub message: String,
    /// The drawn components that are evidence for the step.
    pub elements: Vec<DrawnElement>,
    /// Stateful components taken out of the evidence: no replica drawn and no failure story told.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub lowered: Vec<DrawnElement>,
}

/// The drawing as the rubric read it: the `diagram` key of `onsite score --diagram`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DiagramReading {
    pub nodes: Vec<DrawnNode>,
    pub edges: Vec<DrawnEdge>,
    pub findings: Vec<DiagramFinding>,
    /// Framework steps the drawing is evidence for (never a step the words did not cover).
    #[serde(default)]
    pub framework: Vec<DrawnStep>,
}

/// An assessment with the drawing read beside it; serialises as the assessment's own keys plus
/// `diagram`, so the `onsite score` contract only gains a key.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DrawnAssessment {
    #[serde(flatten)]
    pub assessment: Assessment,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub diagram: Option<DiagramReading>,
}

/// A connected part of the drawing must have this many components to read as an architecture.
const MIN_ARCHITECTURE_NODES: usize = 3;

/// Reads `graph` beside `assessment` (already scored from `answer`). Pure; never changes the
/// assessment.
pub fn read(assessment: &Assessment, answer: &Answer, graph: &Graph) -> DiagramReading {
    let text: Vec<&str> = answer.words.iter().map(|w| w.text.as_str()).collect();
    let text = text.join(" ");
    let findings = graph.findings(Some(&text));
    let element = |id: &str| DrawnElement {
        id: id.to_owned(),
        label: graph.node(id).and_then(|n| n.label.clone()).or_else(|| {
            graph
                .loose_arrows
                .iter()
                .find(|a| a.id == id)
                .and_then(|a| a.label.clone())
        }),
    };
    let with = |kind: FindingKind| -> Vec<&str> {
        findings
            .iter()
            .filter(|f| f.id == kind)
            .flat_map(|f| f.elements.iter().map(String::as_str))
            .collect()
    };
    let unexplained = with(FindingKind::DrawnNotExplained);
    let unreplicated = with(FindingKind::NoReplica);
    let explained = |n: &Node| n.label.is_some() && !unexplained.contains(&n.id.as_str());

    // Praise never contradicts a red flag, and a drawing with no words earns nothing.
    let may_praise = assessment.red_flags.is_empty() && !assessment.no_speech;
    let mut framework = Vec::new();
    if may_praise && assessment.framework.high_level_architecture.covered {
        let paths = graph.paths();
        if let Some(step) = architecture(graph, &explained, &unreplicated, &element, &paths) {
            framework.push(step);
        }
    }
    if may_praise && assessment.framework.deep_dive.covered {
        let spans = &assessment.framework.deep_dive.evidence;
        if let Some(step) = deep_dive(graph, spans, &unreplicated, &element) {
            framework.push(step);
        }
    }

    DiagramReading {
        nodes: graph
            .nodes
            .iter()
            .map(|n| DrawnNode {
                id: n.id.clone(),
                label: n.label.clone(),
                kind: n.kind.id().to_owned(),
            })
            .collect(),
        edges: graph
            .edges
            .iter()
            .map(|e| DrawnEdge {
                from: e.from.clone(),
                to: e.to.clone(),
                label: e.label.clone(),
            })
            .collect(),
        findings: findings
            .iter()
            .map(|f| DiagramFinding {
                id: f.id.id().to_owned(),
                message: f.message.clone(),
                elements: f.elements.clone(),
                evidence: f.elements.iter().map(|id| element(id)).collect(),
            })
            .collect(),
        framework,
    }
}

/// The largest connected part of the drawing, if it reads as an architecture the words talk
/// about: at least [`MIN_ARCHITECTURE_NODES`] components, two of them and at least half of its
/// labelled ones named in the answer.
fn architecture(
    graph: &Graph,
    explained: &dyn Fn(&Node) -> bool,
    unreplicated: &[&str],
    element: &dyn Fn(&str) -> DrawnElement,
    paths: &[DataPath],
) -> Option<DrawnStep> {
    let part = largest_part(graph);
    if part.len() < MIN_ARCHITECTURE_NODES {
        return None;
    }
    let labelled = part.iter().filter(|n| n.label.is_some()).count();
    let talked: Vec<&Node> = part.iter().copied().filter(|n| explained(n)).collect();
    if talked.len() < 2 || talked.len() * 2 < labelled {
        return None;
    }
    let (lowered, kept): (Vec<&Node>, Vec<&Node>) = talked
        .into_iter()
        .partition(|n| unreplicated.contains(&n.id.as_str()));
    if kept.len() < 2 {
        return None;
    }
    let names = list(&kept);
    let message = format!(
        "The drawing shows the architecture the answer walks through: {names}.{}",
        path_note(graph, paths)
    );
    Some(DrawnStep {
        step: FrameworkStep::HighLevelArchitecture.id().to_owned(),
        message,
        elements: kept.iter().map(|n| element(&n.id)).collect(),
        lowered: lowered.iter().map(|n| element(&n.id)).collect(),
    })
}

/// What the drawing says of how data moves: its first read path and first write path, each as
/// the labels along it, or which of the two is missing when arrows are labelled for only one.
/// Empty when the drawing has no path from a client to a store, or names neither.
fn path_note(graph: &Graph, paths: &[DataPath]) -> String {
    let first = |wanted: &[PathKind]| paths.iter().find(|p| wanted.contains(&p.kind));
    let spell = |p: &DataPath| {
        p.nodes
            .iter()
            .map(|id| {
                graph
                    .node(id)
                    .and_then(|n| n.label.clone())
                    .unwrap_or_else(|| "an unlabelled box".to_owned())
            })
            .collect::<Vec<_>>()
            .join(" → ")
    };
    let read = first(&[PathKind::Read, PathKind::ReadWrite]);
    let write = first(&[PathKind::Write, PathKind::ReadWrite]);
    match (read, write) {
        (Some(r), Some(w)) if r.nodes == w.nodes => {
            format!(" Reads and writes go {}.", spell(r))
        }
        (Some(r), Some(w)) => format!(" Reads go {}; writes go {}.", spell(r), spell(w)),
        (Some(r), None) => format!(
            " Reads go {}, but no arrow says how data is written: label the write path.",
            spell(r)
        ),
        (None, Some(w)) => format!(
            " Writes go {}, but no arrow says how data is read: label the read path.",
            spell(w)
        ),
        (None, None) => String::new(),
    }
}

/// The drawn components the deep-dive sentences name, when one of them is drawn with detail
/// (two or more connections, or a labelled one): the drawing goes where the words go.
fn deep_dive(
    graph: &Graph,
    spans: &[Evidence],
    unreplicated: &[&str],
    element: &dyn Fn(&str) -> DrawnElement,
) -> Option<DrawnStep> {
    let mut named: Vec<&Node> = Vec::new();
    for span in spans {
        for n in graph.mentioned_in(&span.text) {
            if !named.iter().any(|m| m.id == n.id) {
                named.push(n);
            }
        }
    }
    let degree = |n: &Node| {
        graph
            .edges
            .iter()
            .filter(|e| e.from == n.id || e.to == n.id)
            .count()
    };
    let labelled_edge = |n: &Node| {
        graph
            .edges
            .iter()
            .any(|e| (e.from == n.id || e.to == n.id) && e.label.is_some())
    };
    let detailed: Vec<&Node> = named
        .into_iter()
        .filter(|n| degree(n) >= 2 || labelled_edge(n))
        .collect();
    let (lowered, kept): (Vec<&Node>, Vec<&Node>) = detailed
        .into_iter()
        .partition(|n| unreplicated.contains(&n.id.as_str()));
    if kept.is_empty() {
        if lowered.is_empty() {
            return None;
        }
        return Some(DrawnStep {
            step: FrameworkStep::DeepDive.id().to_owned(),
            message: format!(
                "The deep dive goes into {}, but neither the drawing nor the words say what \
                 happens when it fails: draw its replica or say how it fails over.",
                list(&lowered)
            ),
            elements: Vec::new(),
            lowered: lowered.iter().map(|n| element(&n.id)).collect(),
        });
    }
    Some(DrawnStep {
        step: FrameworkStep::DeepDive.id().to_owned(),
        message: format!("The deep dive is drawn as well as said: {}.", list(&kept)),
        elements: kept.iter().map(|n| element(&n.id)).collect(),
        lowered: lowered.iter().map(|n| element(&n.id)).collect(),
    })
}

/// The nodes of the largest part joined by arrows (the first such part on a tie).
fn largest_part(graph: &Graph) -> Vec<&Node> {
    let at: HashMap<&str, usize> = graph
        .nodes
        .iter()
        .enumerate()
        .map(|(i, n)| (n.id.as_str(), i))
        .collect();
    let mut parent: Vec<usize> = (0..graph.nodes.len()).collect();
    fn root(p: &mut [usize], mut i: usize) -> usize {
        while p[i] != i {
            p[i] = p[p[i]];
            i = p[i];
        }
        i
    }
    for e in &graph.edges {
        if let (Some(&a), Some(&b)) = (at.get(e.from.as_str()), at.get(e.to.as_str())) {
            let (ra, rb) = (root(&mut parent, a), root(&mut parent, b));
            if ra != rb {
                parent[ra.max(rb)] = ra.min(rb);
            }
        }
    }
    let mut size: HashMap<usize, usize> = HashMap::new();
    for i in 0..graph.nodes.len() {
        *size.entry(root(&mut parent, i)).or_default() += 1;
    }
    let Some(best) = (0..graph.nodes.len())
        .map(|i| root(&mut parent, i))
        .max_by_key(|r| (size[r], std::cmp::Reverse(*r)))
    else {
        return Vec::new();
    };
    (0..graph.nodes.len())
        .filter(|&i| root(&mut parent, i) == best)
        .map(|i| &graph.nodes[i])
        .collect()
}

/// "“Postgres”, “Redis” and “API”".
fn list(nodes: &[&Node]) -> String {
    let names: Vec<String> = nodes
        .iter()
        .take(5)
        .map(|n| format!("\u{201c}{}\u{201d}", n.label.as_deref().unwrap_or("")))
        .collect();
    let more = nodes.len().saturating_sub(5);
    let mut s = match names.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    };
    if more > 0 {
        s.push_str(&format!(" (and {more} more)"));
    }
    s
}
