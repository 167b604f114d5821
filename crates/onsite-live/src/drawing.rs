//! The whiteboard a take was answered with, read beside its words when the take is kept.
//!
//! The room appends the scene to the store while the candidate draws (the shell's
//! `scene_append`); when the take's result arrives the coordinator reads the take's final
//! snapshot from its own store connection, turns it into a graph (`onsite_diagram`) and has the
//! rubric read it beside the assessment (`onsite_rubric::read_diagram`, which never moves a
//! score). The reading is saved in the take's result (its `diagram` key) and shown in the
//! feedback: the drawn components, the drawing's findings and the framework steps it is
//! evidence for, each quoting the elements by id (what Replay highlights) and label.

use onsite_rubric::{Answer, Assessment, DiagramReading, DrawnElement};
use onsite_store::{Store, TakeId};
use onsite_transcript::Transcript;
use serde::Serialize;

use crate::error::Result;

/// A drawn element quoted in the feedback: its id in the scene and its label as drawn.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct DrawnRef {
    pub id: String,
    pub label: Option<String>,
}

/// A component of the drawing as the rubric classified it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct DrawnComponent {
    pub id: String,
    pub label: Option<String>,
    /// `onsite_diagram::ComponentKind` id, e.g. `sql_store`.
    pub kind: String,
    /// The kind as people say it, e.g. `SQL database`.
    pub kind_label: String,
}

/// One thing the drawing shows: a finding to fix (`onsite_diagram::FindingKind` id) or a
/// framework step it is evidence for (the step's id), with the elements it is about.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct DrawingNote {
    pub id: String,
    pub message: String,
    pub elements: Vec<DrawnRef>,
}

/// The whiteboard's part of a take's feedback.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct FeedbackDrawing {
    pub components: Vec<DrawnComponent>,
    /// How many arrows join two components.
    pub connections: u32,
    pub findings: Vec<DrawingNote>,
    pub framework: Vec<DrawingNote>,
}

impl From<&DiagramReading> for FeedbackDrawing {
    fn from(r: &DiagramReading) -> Self {
        let refs = |els: &[DrawnElement]| -> Vec<DrawnRef> {
            els.iter()
                .map(|e| DrawnRef {
                    id: e.id.clone(),
                    label: e.label.clone(),
                })
                .collect()
        };
        FeedbackDrawing {
            components: r
                .nodes
                .iter()
                .map(|n| DrawnComponent {
                    id: n.id.clone(),
                    label: n.label.clone(),
                    kind: n.kind.clone(),
                    kind_label: onsite_diagram::ComponentKind::from_id(&n.kind)
                        .map_or_else(|| crate::feedback::label(&n.kind), |k| k.label().to_owned()),
                })
                .collect(),
            connections: u32::try_from(r.edges.len()).unwrap_or(u32::MAX),
            findings: r
                .findings
                .iter()
                .map(|f| DrawingNote {
                    id: f.id.clone(),
                    message: f.message.clone(),
                    elements: refs(&f.evidence),
                })
                .collect(),
            framework: r
                .framework
                .iter()
                .map(|s| DrawingNote {
                    id: s.step.clone(),
                    message: s.message.clone(),
                    elements: refs(&s.elements),
                })
                .collect(),
        }
    }
}

/// Reads the take's final whiteboard beside its assessment; `None` when nothing was drawn.
/// A stored snapshot was checked by the store when it was appended, so one that no longer
/// reads (a newer catalogue refusing it) is reported as an error by the caller, never a panic.
pub fn read_final(
    store: &Store,
    take: TakeId,
    assessment: &Assessment,
    transcript: &Transcript,
) -> Result<Option<DiagramReading>> {
    let Some(snapshot) = store.scene_at(take, u64::MAX)? else {
        return Ok(None);
    };
    let graph = onsite_diagram::read(snapshot.scene.as_bytes())?;
    let answer = Answer::from_transcript(transcript);
    Ok(Some(onsite_rubric::read_diagram(
        assessment, &answer, &graph,
    )))
}
