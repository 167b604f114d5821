//! Reports built from Onsite's local store: what a candidate reads after practising.
//!
//! Three products, each a plain data model first and a rendering second:
//! - the **session report** ([`SessionReport`]): plan and date, per-question scores with the
//!   quoted evidence, advice and next steps, delivery charts (pace, fillers, pauses), the
//!   transcript with highlights, the final whiteboard of each take that had one (inline SVG in
//!   HTML, an SVG file beside Markdown, [`SessionReport::diagram_files`], vector in the PDF)
//!   and the session summary; rendered as one self-contained HTML
//!   file (font and charts inlined, no remote reference of any kind), Markdown, or a PDF written
//!   offline with krilla and the bundled DejaVu Sans font;
//! - **progress** ([`Progress`]): per-competency trends, practice streaks and two takes of the
//!   same question side by side;
//! - the **story bank** ([`StoryBank`]): STAR stories found in behavioural answers, grouped when
//!   they tell the same story by a transparent similarity over extracted names, numbers and
//!   keywords, with the competencies each story covers and those with no story yet.
//!
//! For the replay, [`markers`] places the rubric's findings on a take's timeline.
//!
//! Session scores everywhere (summary, report, History, Home, Progress) follow one definition,
//! [`onsite_interview::SessionScores`]; [`session_scores`] gives them for every session.
//!
//! The `specta` feature derives the TypeScript types the desktop shell sends over IPC.
//!
//! Boundaries: it only reads the store (never writes), reads rubric results as the rubric
//! crate's JSON contract, and never touches the network or media files. No Tauri: the CLI and
//! the desktop shell call the same functions.

mod competency;
mod delivery;
mod diagram;
mod error;
mod font;
mod highlight;
mod html;
mod markdown;
mod markers;
mod pdf;
mod progress;
mod scores;
mod session;
mod stories;
mod svg;
mod text;

pub use competency::{competency_label, COMPETENCIES, COVERED_SCORE};
pub use delivery::{DeliveryReport, FillerHit, PacePoint, PauseSpan};
pub use diagram::{svg_file_name, DiagramFigure};
pub use error::ReportError;
pub use highlight::{Highlight, HighlightKind};
pub use markers::{markers, Marker, MarkerKind};
pub use onsite_interview::{round_score, SessionScores};
pub use progress::{
    CompetencyTrend, Progress, RubricChange, Streak, TakeComparison, TakeSide, TrendDirection,
    TrendPoint,
};
pub use scores::session_scores;
pub use session::take_overall;
pub use session::{CompetencyLine, QuestionReport, ScoredTake, SessionReport, SummaryReport};
#[cfg(feature = "specta")]
pub use stories::StarParts;
pub use stories::{
    Similarity, Story, StoryAnswer, StoryBank, StoryEntities, StoryLink, SAME_STORY_THRESHOLD,
};

use std::str::FromStr;

/// The formats `onsite report --format` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Html,
    Pdf,
    Md,
}

impl Format {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Html => "html",
            Self::Pdf => "pdf",
            Self::Md => "md",
        }
    }

    /// The file extension for this format.
    pub fn extension(self) -> &'static str {
        self.as_str()
    }
}

impl FromStr for Format {
    type Err = ReportError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "html" => Ok(Self::Html),
            "pdf" => Ok(Self::Pdf),
            "md" | "markdown" => Ok(Self::Md),
            other => Err(ReportError::UnknownFormat(other.to_string())),
        }
    }
}

impl SessionReport {
    /// The SVG files a Markdown report refers to, to be written beside it: (file name, SVG),
    /// one per question whose reported take had a whiteboard.
    pub fn diagram_files(&self) -> Vec<(String, String)> {
        self.questions
            .iter()
            .filter_map(|q| {
                let d = q.diagram.as_ref()?;
                Some((
                    svg_file_name(&self.session_id, q.position),
                    d.sketch
                        .to_svg(&format!("Whiteboard, question {}", q.position), true),
                ))
            })
            .collect()
    }

    /// The files a report in `format` refers to by a relative name, to be written in the same
    /// folder as the report before it: (file name, contents). A Markdown report's whiteboards
    /// ([`Self::diagram_files`]); HTML and PDF carry everything inline, so none. The CLI and the
    /// app both write what this returns, so the two exports are the same files.
    pub fn companion_files(&self, format: Format) -> Vec<(String, String)> {
        match format {
            Format::Md => self.diagram_files(),
            Format::Html | Format::Pdf => Vec::new(),
        }
    }

    /// The report in `format`, as the bytes of the file to write.
    pub fn render(&self, format: Format) -> Result<Vec<u8>, ReportError> {
        match format {
            Format::Html => Ok(html::render(self).into_bytes()),
            Format::Md => Ok(markdown::render(self).into_bytes()),
            Format::Pdf => pdf::render(self),
        }
    }
}
