//! `onsite diagram FILE.excalidraw [--transcript FILE.txt] --format json|text`: a whiteboard
//! scene read as a system-design graph (components with their kind, connections) and what a
//! reviewer would say about it. The reading is `onsite_diagram`'s; this module reads the files
//! (bounded, before parsing) and prints.

use std::io::Read as _;
use std::path::Path;
use std::process::ExitCode;

use anyhow::Context as _;
use onsite_diagram::{DataPath, DiagramError, Finding, Graph};
use serde::Serialize;

use super::{Ctx, JsonOrText};

/// The largest spoken answer read beside a scene (as for text answers to `onsite score`).
const MAX_TRANSCRIPT_BYTES: usize = 10 << 20;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The scene: a `.excalidraw` file as Excalidraw's "Save to disk" writes it
    file: std::path::PathBuf,
    /// The spoken answer as plain text: adds what was said but not drawn, drawn but not
    /// explained, and counts a spoken failure story for stores without a drawn replica
    #[arg(long, value_name = "FILE.txt")]
    transcript: Option<std::path::PathBuf>,
    #[arg(long, value_enum, default_value = "json")]
    format: JsonOrText,
}

/// What is printed as JSON: `nodes`, `edges`, `findings` as documented, then additive detail.
#[derive(Serialize)]
struct Report<'a> {
    nodes: Vec<NodeOut<'a>>,
    edges: Vec<EdgeOut<'a>>,
    findings: &'a [Finding],
    paths: &'a [DataPath],
    groups: &'a [onsite_diagram::Group],
    frames: &'a [onsite_diagram::Frame],
    boundaries: &'a [onsite_diagram::Boundary],
    notes: &'a [String],
}

#[derive(Serialize)]
struct NodeOut<'a> {
    id: &'a str,
    label: Option<&'a str>,
    kind: &'static str,
    shape: &'static str,
}

#[derive(Serialize)]
struct EdgeOut<'a> {
    from: &'a str,
    to: &'a str,
    label: Option<&'a str>,
    id: &'a str,
    directed: bool,
}

/// Reads at most `limit` bytes of `path`; `None` when it holds more.
fn read_bounded(path: &Path, limit: usize) -> std::io::Result<Option<Vec<u8>>> {
    let file = std::fs::File::open(path)?;
    if file.metadata()?.len() > limit as u64 {
        return Ok(None);
    }
    let mut bytes = Vec::new();
    file.take(limit as u64 + 1).read_to_end(&mut bytes)?;
    Ok((bytes.len() <= limit).then_some(bytes))
}

/// Reads and parses a scene file, bounded before reading (also `onsite score --diagram` and
/// `onsite interview --diagrams`).
pub(crate) fn read_scene(path: &Path) -> Result<Graph, DiagramError> {
    let limit = onsite_diagram::MAX_BYTES;
    match read_bounded(path, limit) {
        Ok(Some(bytes)) => onsite_diagram::read(&bytes),
        Ok(None) => Err(DiagramError::TooLarge {
            bytes: std::fs::metadata(path).map_or(limit + 1, |m| m.len() as usize),
            limit,
        }),
        Err(e) => Err(DiagramError::unreadable("scene", path, e)),
    }
}

fn read_transcript(path: &Path) -> Result<String, DiagramError> {
    match read_bounded(path, MAX_TRANSCRIPT_BYTES) {
        Ok(Some(bytes)) => String::from_utf8(bytes).map_err(|e| {
            DiagramError::unreadable(
                "transcript",
                path,
                format!(
                    "not UTF-8 text (byte {}); save it as UTF-8",
                    e.utf8_error().valid_up_to()
                ),
            )
        }),
        Ok(None) => Err(DiagramError::unreadable(
            "transcript",
            path,
            format!("over {MAX_TRANSCRIPT_BYTES} bytes"),
        )),
        Err(e) => Err(DiagramError::unreadable("transcript", path, e)),
    }
}

pub fn run(_ctx: &Ctx, args: Args) -> anyhow::Result<ExitCode> {
    let graph = read_scene(&args.file)
        .with_context(|| format!("cannot read the diagram {}", args.file.display()))?;
    let transcript = args
        .transcript
        .as_deref()
        .map(read_transcript)
        .transpose()?;
    let findings = graph.findings(transcript.as_deref());
    let paths = graph.paths();
    if args.format == JsonOrText::Json {
        let report = Report {
            nodes: graph
                .nodes
                .iter()
                .map(|n| NodeOut {
                    id: &n.id,
                    label: n.label.as_deref(),
                    kind: n.kind.id(),
                    shape: n.shape.id(),
                })
                .collect(),
            edges: graph
                .edges
                .iter()
                .map(|e| EdgeOut {
                    from: &e.from,
                    to: &e.to,
                    label: e.label.as_deref(),
                    id: &e.id,
                    directed: e.directed,
                })
                .collect(),
            findings: &findings,
            paths: &paths,
            groups: &graph.groups,
            frames: &graph.frames,
            boundaries: &graph.boundaries,
            notes: &graph.notes,
        };
        super::print_json(&report)?;
        return Ok(ExitCode::SUCCESS);
    }
    let name = |id: &str| {
        graph
            .node(id)
            .and_then(|n| n.label.clone())
            .unwrap_or_else(|| format!("[{id}]"))
    };
    println!(
        "{} components, {} connections",
        graph.nodes.len(),
        graph.edges.len()
    );
    for n in &graph.nodes {
        println!(
            "  {:<32} {}",
            n.label.as_deref().unwrap_or("(no label)"),
            n.kind.label()
        );
    }
    for e in &graph.edges {
        let arrow = if e.directed { "->" } else { "--" };
        let label = e
            .label
            .as_deref()
            .map(|l| format!("  ({l})"))
            .unwrap_or_default();
        println!("  {} {arrow} {}{label}", name(&e.from), name(&e.to));
    }
    for p in &paths {
        let names: Vec<String> = p.nodes.iter().map(|id| name(id)).collect();
        println!("  {}: {}", p.kind.label(), names.join(" -> "));
    }
    if findings.is_empty() {
        println!("\nNo findings.");
    } else {
        println!("\nFindings ({}):", findings.len());
        for f in &findings {
            println!("  [{}] {}", f.id.id(), f.message);
        }
    }
    Ok(ExitCode::SUCCESS)
}
