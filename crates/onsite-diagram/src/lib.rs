//! Onsite's diagram reader: turns an Excalidraw scene (the whiteboard of a system-design answer)
//! into a graph of classified components and connections, and says what a reviewer would about
//! it: unlabelled boxes, disconnected parts, stateful components with no replica, arrows not
//! attached at both ends and, beside the spoken answer, components said but not drawn or drawn
//! but never explained. It also traces read and write paths from clients to stores.
//!
//! Boundaries: pure computation over bytes the caller hands in; no file or network I/O, no
//! clock. Parsing is split as ripgrep splits its config: `raw` holds serde structs for the file
//! as Excalidraw writes it, [`Graph`] is the validated meaning. Work is bounded: at most
//! [`MAX_BYTES`] bytes and [`MAX_ELEMENTS`] elements, refused with a typed [`DiagramError`]
//! (each with a stable `code()`), so a hostile or huge scene fails fast instead of hanging.
//! Components are classified through a catalogue kept as data (`data/components.toml`).
//! [`Graph::sketch`] lays the graph out as marks for reports, written as SVG by
//! [`Sketch::to_svg`] (a PDF writer draws the same marks).
//!
//! ```
//! let scene = br#"{"type":"excalidraw","elements":[
//!   {"id":"a","type":"rectangle","x":0,"y":0,"width":100,"height":50},
//!   {"id":"t","type":"text","x":10,"y":10,"width":40,"height":20,"text":"Postgres","containerId":"a"}
//! ]}"#;
//! let graph = onsite_diagram::read(scene)?;
//! assert_eq!(graph.nodes[0].kind, onsite_diagram::ComponentKind::SqlStore);
//! let findings = graph.findings(None);
//! assert_eq!(findings[0].id, onsite_diagram::FindingKind::NoReplica);
//! # Ok::<(), onsite_diagram::DiagramError>(())
//! ```

mod catalogue;
mod error;
mod findings;
mod graph;
mod raw;
pub mod sample;
mod svg;
mod words;

pub use catalogue::{Catalogue, ComponentKind};
pub use error::DiagramError;
pub use findings::{DataPath, Finding, FindingKind, PathKind};
pub use graph::{Boundary, Edge, Frame, Graph, Group, LooseArrow, Node, Rect, Shape};
pub use svg::{Anchor, Mark, Sketch};

/// The largest scene read, in bytes. Embedded images make real scenes large; 64 MiB is many
/// screenshots' worth, and reading it takes well under a second.
pub const MAX_BYTES: usize = 64 << 20;

/// The most elements (deleted ones included) a scene may have. A system-design diagram has
/// tens to hundreds; hand-drawn strokes push it to a few thousand. Some steps compare shapes
/// with shapes, so the cap also bounds the worst case to a fraction of a second.
pub const MAX_ELEMENTS: usize = 10_000;

/// Reads an Excalidraw scene (the bytes of a `.excalidraw` file) as a graph.
pub fn read(bytes: &[u8]) -> Result<Graph, DiagramError> {
    let catalogue = Catalogue::embedded()?;
    let elements = raw::parse(bytes)?;
    Graph::build(elements, catalogue)
}
