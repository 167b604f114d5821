//! A take's whiteboard in the report: the final scene drawn (inline SVG in HTML, an SVG file
//! beside Markdown, vector lines and text in the PDF) with what the rubric read in it.

use onsite_diagram::Sketch;
use onsite_rubric::{Answer, Assessment, DiagramReading};
use onsite_store::TakeDetail;
use serde::Serialize;

/// The final drawing of the reported take and what it says.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DiagramFigure {
    /// When the final snapshot was taken, in ms from the take's start.
    pub at_ms: u64,
    pub sketch: Sketch,
    /// Framework steps the drawing is evidence for, as sentences.
    pub evidence: Vec<String>,
    /// What to fix in the drawing, as sentences.
    pub findings: Vec<String>,
}

/// The take's last whiteboard snapshot, read and laid out; its reading comes from the stored
/// result's `diagram` key, else is made now from the assessment and the transcript (results
/// scored before the drawing was attached). `None` for a take with no drawing, or one that no
/// longer reads (the store only keeps scenes that did).
pub(crate) fn figure(take: &TakeDetail, assessment: Option<&Assessment>) -> Option<DiagramFigure> {
    let last = take.scenes.last()?;
    let graph = onsite_diagram::read(last.scene.as_bytes()).ok()?;
    let sketch = graph.sketch()?;
    let stored: Option<DiagramReading> = take
        .rubric
        .as_ref()
        .and_then(|r| r.result.get("diagram"))
        .and_then(|d| serde_json::from_value(d.clone()).ok());
    let reading = stored.or_else(|| {
        let transcript = onsite_transcript::Transcript {
            segments: take.segments.clone(),
            ..Default::default()
        };
        assessment
            .map(|a| onsite_rubric::read_diagram(a, &Answer::from_transcript(&transcript), &graph))
    });
    let (evidence, findings) = match reading {
        Some(r) => (
            r.framework.iter().map(|s| s.message.clone()).collect(),
            r.findings.iter().map(|f| f.message.clone()).collect(),
        ),
        None => (Vec::new(), Vec::new()),
    };
    Some(DiagramFigure {
        at_ms: last.at_ms,
        sketch,
        evidence,
        findings,
    })
}

/// The file a Markdown report's diagram for question `position` is written to, beside it.
pub fn svg_file_name(session_id: &str, position: u32) -> String {
    format!("{session_id}-q{position}-diagram.svg")
}
