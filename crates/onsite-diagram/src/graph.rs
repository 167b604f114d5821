//! The validated scene: raw elements turned into components (nodes), connections (edges),
//! arrows attached at one end or none, groups, frames and enclosing boundaries.

use std::collections::{HashMap, HashSet};

use serde::Serialize;

use crate::catalogue::{Catalogue, ComponentKind};
use crate::raw::RawElement;
use crate::DiagramError;

/// The outline a node was drawn with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Shape {
    Rectangle,
    Ellipse,
    Diamond,
    /// A free text that arrows attach to directly, with no box around it.
    Text,
}

impl Shape {
    pub fn id(self) -> &'static str {
        match self {
            Self::Rectangle => "rectangle",
            Self::Ellipse => "ellipse",
            Self::Diamond => "diamond",
            Self::Text => "text",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Rectangle => "box",
            Self::Ellipse => "ellipse",
            Self::Diamond => "diamond",
            Self::Text => "text",
        }
    }

    fn of(kind: &str) -> Option<Self> {
        match kind {
            "rectangle" => Some(Self::Rectangle),
            "ellipse" => Some(Self::Ellipse),
            "diamond" => Some(Self::Diamond),
            _ => None,
        }
    }
}

/// An axis-aligned box in scene coordinates (rotation is ignored: labels and containment of
/// a system-design drawing do not depend on it).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Rect {
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
}

impl Rect {
    fn of(e: &RawElement) -> Self {
        // Excalidraw can store a negative size for a shape drawn leftwards or upwards.
        let (x, y) = (e.x.unwrap_or(0.0), e.y.unwrap_or(0.0));
        let (w, h) = (e.width.unwrap_or(0.0), e.height.unwrap_or(0.0));
        Rect {
            x: x.min(x + w),
            y: y.min(y + h),
            w: w.abs(),
            h: h.abs(),
        }
    }
    fn contains_point(&self, (px, py): (f64, f64), slack: f64) -> bool {
        px >= self.x - slack
            && px <= self.x + self.w + slack
            && py >= self.y - slack
            && py <= self.y + self.h + slack
    }
    fn encloses(&self, o: &Rect) -> bool {
        o.x >= self.x
            && o.y >= self.y
            && o.x + o.w <= self.x + self.w
            && o.y + o.h <= self.y + self.h
            && self.area() > o.area()
    }
    fn area(&self) -> f64 {
        self.w * self.h
    }
    fn centre(&self) -> (f64, f64) {
        (self.x + self.w / 2.0, self.y + self.h / 2.0)
    }
}

/// A component: a shape (or a free text arrows attach to) with its label and kind.
#[derive(Debug, Clone, Serialize)]
pub struct Node {
    pub id: String,
    /// Its text: the text bound inside it, or a free text drawn inside its outline.
    pub label: Option<String>,
    pub kind: ComponentKind,
    pub shape: Shape,
    #[serde(skip)]
    pub bounds: Rect,
    /// Excalidraw group ids it belongs to, innermost first.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub frame: Option<String>,
}

/// A connection: an arrow attached to a node at both ends.
#[derive(Debug, Clone, Serialize)]
pub struct Edge {
    pub from: String,
    pub to: String,
    pub label: Option<String>,
    /// The arrow's element id.
    pub id: String,
    /// False when the arrow has heads at both ends or none: it can be read either way.
    pub directed: bool,
}

/// An arrow attached at one end or at neither.
#[derive(Debug, Clone, Serialize)]
pub struct LooseArrow {
    pub id: String,
    pub from: Option<String>,
    pub to: Option<String>,
    pub label: Option<String>,
    /// The node under an unattached start, if any: drawn on it but not bound to it.
    pub start_over: Option<String>,
    pub end_over: Option<String>,
}

/// Nodes grouped together in Excalidraw (Ctrl+G).
#[derive(Debug, Clone, Serialize)]
pub struct Group {
    pub id: String,
    pub nodes: Vec<String>,
}

/// An Excalidraw frame and the nodes placed in it.
#[derive(Debug, Clone, Serialize)]
pub struct Frame {
    pub id: String,
    pub name: Option<String>,
    pub nodes: Vec<String>,
}

/// A shape that encloses other nodes and that no arrow attaches to: a boundary ("VPC",
/// "us-east-1"), not a component.
#[derive(Debug, Clone, Serialize)]
pub struct Boundary {
    pub id: String,
    pub label: Option<String>,
    pub nodes: Vec<String>,
}

/// A scene read as a system-design graph.
#[derive(Debug, Clone, Serialize)]
pub struct Graph {
    pub nodes: Vec<Node>,
    pub edges: Vec<Edge>,
    pub loose_arrows: Vec<LooseArrow>,
    pub groups: Vec<Group>,
    pub frames: Vec<Frame>,
    pub boundaries: Vec<Boundary>,
    /// Free texts that label nothing (titles, annotations).
    pub notes: Vec<String>,
    #[serde(skip)]
    pub(crate) catalogue: &'static Catalogue,
}

/// Joins text pieces and collapses whitespace (Excalidraw wraps long labels with newlines).
fn clean(pieces: &[&str]) -> Option<String> {
    let s = pieces
        .iter()
        .flat_map(|p| p.split_whitespace())
        .collect::<Vec<_>>()
        .join(" ");
    (!s.is_empty()).then_some(s)
}

fn text_of(e: &RawElement) -> &str {
    e.original_text
        .as_deref()
        .filter(|t| !t.trim().is_empty())
        .or(e.text.as_deref())
        .unwrap_or("")
}

fn is_linear(kind: &str) -> bool {
    kind == "arrow" || kind == "line"
}

/// A linear element's first and last points, in scene coordinates.
fn ends(e: &RawElement) -> Option<((f64, f64), (f64, f64))> {
    let pts = e.points.as_ref()?;
    let p = |v: &Vec<f64>| -> Option<(f64, f64)> {
        Some((
            e.x.unwrap_or(0.0) + *v.first()?,
            e.y.unwrap_or(0.0) + *v.get(1)?,
        ))
    };
    Some((p(pts.first()?)?, p(pts.last()?)?))
}

impl Graph {
    pub(crate) fn build(
        all: Vec<RawElement>,
        catalogue: &'static Catalogue,
    ) -> Result<Graph, DiagramError> {
        let live: Vec<RawElement> = all
            .into_iter()
            .filter(|e| e.is_deleted != Some(true))
            .collect();
        let mut index: HashMap<&str, usize> = HashMap::with_capacity(live.len());
        for (i, e) in live.iter().enumerate() {
            if index.insert(e.id.as_str(), i).is_some() {
                return Err(DiagramError::Invalid {
                    detail: format!("two elements have the id {:?}", e.id),
                });
            }
        }
        let shape_of = |i: usize| Shape::of(&live[i].kind);
        let rects: Vec<Rect> = live.iter().map(Rect::of).collect();

        // Bound texts: a text's containerId, or a container listing the text among its
        // boundElements (either side is enough; Excalidraw writes both).
        let mut container: HashMap<usize, usize> = HashMap::new();
        for (i, e) in live.iter().enumerate() {
            if e.kind != "text" {
                continue;
            }
            if let Some(&c) = e.container_id.as_deref().and_then(|c| index.get(c)) {
                if shape_of(c).is_some() || is_linear(&live[c].kind) {
                    container.insert(i, c);
                }
            }
        }
        for (c, e) in live.iter().enumerate() {
            if shape_of(c).is_none() && !is_linear(&e.kind) {
                continue;
            }
            let texts = e.bound_elements.iter().flatten();
            for b in texts.filter(|b| b.kind.as_deref().is_none_or(|k| k == "text")) {
                if let Some(&t) = index.get(b.id.as_str()) {
                    if live[t].kind == "text" && live[t].container_id.is_none() {
                        container.entry(t).or_insert(c);
                    }
                }
            }
        }
        let mut bound_text: HashMap<usize, Vec<&str>> = HashMap::new();
        let mut texts: Vec<usize> = container.keys().copied().collect();
        texts.sort_unstable();
        for t in texts {
            bound_text
                .entry(container[&t])
                .or_default()
                .push(text_of(&live[t]));
        }

        // Free texts: inside the smallest shape around their centre they label it (when it
        // has no bound text); outside every shape they are notes, or nodes if arrows attach.
        let shapes: Vec<usize> = (0..live.len()).filter(|&i| shape_of(i).is_some()).collect();
        let mut free_label: HashMap<usize, Vec<&str>> = HashMap::new();
        let mut text_home: HashMap<usize, usize> = HashMap::new();
        let mut free_texts = Vec::new();
        for (i, e) in live.iter().enumerate() {
            if e.kind != "text" || container.contains_key(&i) || text_of(e).trim().is_empty() {
                continue;
            }
            let centre = rects[i].centre();
            let home = shapes
                .iter()
                .copied()
                .filter(|&s| rects[s].contains_point(centre, 0.0))
                .min_by(|&a, &b| rects[a].area().total_cmp(&rects[b].area()));
            match home {
                Some(s) => {
                    text_home.insert(i, s);
                    if bound_text.contains_key(&s) {
                        free_texts.push(i);
                    } else {
                        free_label.entry(s).or_default().push(text_of(e));
                    }
                }
                None => free_texts.push(i),
            }
        }

        // What an arrow end attached to `id` connects: a shape, the shape a text labels or
        // sits in, or a free-standing text.
        let resolve = |id: &str| -> Option<usize> {
            let &i = index.get(id)?;
            if shape_of(i).is_some() {
                return Some(i);
            }
            if live[i].kind == "text" {
                if let Some(&c) = container.get(&i) {
                    return shape_of(c).map(|_| c);
                }
                return Some(text_home.get(&i).copied().unwrap_or(i));
            }
            None
        };
        struct Arrow {
            i: usize,
            from: Option<usize>,
            to: Option<usize>,
        }
        let mut arrows = Vec::new();
        for (i, e) in live.iter().enumerate() {
            if !is_linear(&e.kind) {
                continue;
            }
            let from = e
                .start_binding
                .as_ref()
                .and_then(|b| resolve(&b.element_id));
            let to = e.end_binding.as_ref().and_then(|b| resolve(&b.element_id));
            // A plain line attached to nothing is decoration, not a connection.
            if e.kind == "line" && from.is_none() && to.is_none() {
                continue;
            }
            arrows.push(Arrow { i, from, to });
        }
        let attached: HashSet<usize> = arrows
            .iter()
            .flat_map(|a| [a.from, a.to])
            .flatten()
            .collect();

        // Shapes that enclose another shape and take no arrow are boundaries.
        let boundary_ids: Vec<usize> = shapes
            .iter()
            .copied()
            .filter(|&s| {
                !attached.contains(&s)
                    && shapes
                        .iter()
                        .any(|&o| o != s && rects[s].encloses(&rects[o]))
            })
            .collect();
        let is_boundary: HashSet<usize> = boundary_ids.iter().copied().collect();
        let mut node_ids: Vec<usize> = shapes
            .iter()
            .copied()
            .filter(|s| !is_boundary.contains(s))
            .collect();
        node_ids.extend(
            free_texts
                .iter()
                .copied()
                .filter(|t| attached.contains(t) && !text_home.contains_key(t)),
        );
        node_ids.sort_unstable();
        let is_node: HashSet<usize> = node_ids.iter().copied().collect();

        let label_of = |i: usize| -> Option<String> {
            if live[i].kind == "text" {
                return clean(&[text_of(&live[i])]);
            }
            bound_text
                .get(&i)
                .or_else(|| free_label.get(&i))
                .and_then(|p| clean(p))
        };
        let nodes: Vec<Node> = node_ids
            .iter()
            .map(|&i| {
                let e = &live[i];
                let label = label_of(i);
                Node {
                    id: e.id.clone(),
                    kind: label
                        .as_deref()
                        .map_or(ComponentKind::Unknown, |l| catalogue.classify(l)),
                    label,
                    shape: shape_of(i).unwrap_or(Shape::Text),
                    bounds: rects[i],
                    groups: e.group_ids.clone().unwrap_or_default(),
                    frame: e
                        .frame_id
                        .clone()
                        .filter(|f| index.contains_key(f.as_str())),
                }
            })
            .collect();

        let node_at = |p: (f64, f64)| -> Option<String> {
            nodes
                .iter()
                .filter(|n| n.shape != Shape::Text && n.bounds.contains_point(p, 8.0))
                .min_by(|a, b| a.bounds.area().total_cmp(&b.bounds.area()))
                .map(|n| n.id.clone())
        };
        let mut edges = Vec::new();
        let mut loose_arrows = Vec::new();
        for a in &arrows {
            let e = &live[a.i];
            let label = bound_text.get(&a.i).and_then(|p| clean(p));
            let node = |n: Option<usize>| n.filter(|n| is_node.contains(n));
            match (node(a.from), node(a.to)) {
                (Some(f), Some(t)) => {
                    let head = |h: &Option<String>| h.as_deref().is_some_and(|h| h != "none");
                    let (start, end) = (head(&e.start_arrowhead), head(&e.end_arrowhead));
                    // An arrow drawn with its only head at the start points from end to start.
                    let (from, to) = if start && !end { (t, f) } else { (f, t) };
                    edges.push(Edge {
                        from: live[from].id.clone(),
                        to: live[to].id.clone(),
                        label,
                        id: e.id.clone(),
                        directed: start != end,
                    });
                }
                (from, to) => {
                    let (s, t) = ends(e).unzip();
                    loose_arrows.push(LooseArrow {
                        id: e.id.clone(),
                        from: from.map(|i| live[i].id.clone()),
                        to: to.map(|i| live[i].id.clone()),
                        label,
                        start_over: from.is_none().then(|| s.and_then(node_at)).flatten(),
                        end_over: to.is_none().then(|| t.and_then(node_at)).flatten(),
                    });
                }
            }
        }

        let mut groups: Vec<Group> = Vec::new();
        for n in &nodes {
            for g in &n.groups {
                match groups.iter_mut().find(|x| &x.id == g) {
                    Some(x) => x.nodes.push(n.id.clone()),
                    None => groups.push(Group {
                        id: g.clone(),
                        nodes: vec![n.id.clone()],
                    }),
                }
            }
        }
        let frames = live
            .iter()
            .filter(|e| e.kind == "frame" || e.kind == "magicframe")
            .map(|f| Frame {
                id: f.id.clone(),
                name: f.name.as_deref().and_then(|n| clean(&[n])),
                nodes: nodes
                    .iter()
                    .filter(|n| n.frame.as_deref() == Some(f.id.as_str()))
                    .map(|n| n.id.clone())
                    .collect(),
            })
            .collect();
        let boundaries = boundary_ids
            .iter()
            .map(|&b| Boundary {
                id: live[b].id.clone(),
                label: label_of(b),
                nodes: nodes
                    .iter()
                    .filter(|n| rects[b].encloses(&n.bounds))
                    .map(|n| n.id.clone())
                    .collect(),
            })
            .collect();
        let notes = free_texts
            .iter()
            .filter(|t| !is_node.contains(t))
            .filter_map(|&t| clean(&[text_of(&live[t])]))
            .collect();
        Ok(Graph {
            nodes,
            edges,
            loose_arrows,
            groups,
            frames,
            boundaries,
            notes,
            catalogue,
        })
    }

    pub fn node(&self, id: &str) -> Option<&Node> {
        self.nodes.iter().find(|n| n.id == id)
    }
}
