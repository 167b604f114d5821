//! Onsite's rubric engine: scores one interview answer, offline and deterministically, the way a
//! seasoned senior/staff interviewer would, and explains every score with quoted evidence.
//!
//! Boundaries: pure computation. The only I/O is reading rubric packs from paths the caller
//! gives ([`RubricPack::load`], [`RubricPack::load_dir`]); no network, no clock, no randomness,
//! and no audio (speech turns audio into an [`onsite_transcript::Transcript`] first).
//!
//! ```
//! use onsite_rubric::{Answer, Question, QuestionKind, RubricPack};
//! let pack = RubricPack::embedded()?;
//! let answer = Answer::from_text("Before designing anything, how many requests per second do we expect? \
//!     Let's assume ten thousand. At a high level a stateless service sits behind a load balancer.");
//! let result = pack.assess(&Question::new(QuestionKind::SystemDesign), &answer)?;
//! assert!(result.framework.clarify_constraints.covered);
//! assert_eq!(result.framework.constraints_before_architecture, Some(true));
//! # Ok::<(), onsite_rubric::RubricError>(())
//! ```
//!
//! How it reads an answer : words are split into sentences and clauses,
//! fillers are removed (with context rules, so "I like Redis" keeps its "like"), and tokens are
//! stemmed. Phrase patterns from the pack are matched per sentence; a negator earlier in the same
//! clause cancels a match ("we never discussed trade-offs"). Only sentences that read as speech
//! earn credit and repeated sentences are read once, so buzzword lists and repetition gain
//! nothing. Scores are weighted sums of saturating signals and features, minus red-flag penalties.
//!
//! Follow-ups: [`Assessment::biggest_gap`] returns the most important [`Gap`] for the question's
//! kind (the order is the pack's `gap_order`), e.g. [`Gap::NoTradeOffs`] or
//! [`Gap::NoQuantifiedResult`]; the interview engine maps it to a follow-up question.
//! [`Assessment::gaps`] lists all of them, most important first.

mod assess;
// The whiteboard stage lives with the other stages, but runs on the finished assessment (it
// never moves a score), so it is reached from here rather than from inside `assess()`.
#[path = "assess/diagram.rs"]
mod diagram;
mod error;
mod gap;
mod input;
mod meaning;
mod pack;
mod report;
pub mod sample;
mod scale;
mod text;
mod vocabulary;

use std::path::Path;

pub use assess::MAX_ANSWER_WORDS;
pub use diagram::{
    DiagramFinding, DiagramReading, DrawnAssessment, DrawnEdge, DrawnElement, DrawnNode, DrawnStep,
};
pub use error::RubricError;
pub use gap::Gap;
pub use input::{Answer, Question, QuestionKind};
pub use meaning::Meaning;
pub use pack::{DeliveryConfig, OverallConfig, RubricPack, DEFAULT_PACK};
pub use report::*;
pub use text::HESITATIONS;
pub use vocabulary::{label_of, Competency, DeliveryFlag, FrameworkStep, RedFlag, Term};

/// Reads a drawing beside an assessment already made from `answer`: the diagram's findings as
/// feedback quoting its elements, and the framework steps the drawing is evidence for. Never
/// changes a score; see the module `assess/diagram.rs` for the rules.
pub fn read_diagram(
    assessment: &Assessment,
    answer: &Answer,
    graph: &onsite_diagram::Graph,
) -> DiagramReading {
    diagram::read(assessment, answer, graph)
}

impl RubricPack {
    /// Scores `answer` to `question` with this pack.
    pub fn assess(&self, question: &Question, answer: &Answer) -> Result<Assessment, RubricError> {
        assess::assess(self, question, answer, None)
    }

    /// [`Self::assess`], with sentence meaning (an embedding model the caller loaded) helping
    /// to read talking points and relevance; `None` is exactly [`Self::assess`].
    pub fn assess_with(
        &self,
        question: &Question,
        answer: &Answer,
        meaning: Option<&dyn Meaning>,
    ) -> Result<Assessment, RubricError> {
        assess::assess(self, question, answer, meaning)
    }

    /// [`Self::assess_with`], with the whiteboard drawn during the answer read beside it (see
    /// [`read_diagram`]): the result is the same assessment, whatever was drawn, plus the
    /// drawing's reading. `None` gives no `diagram` key.
    pub fn assess_drawn(
        &self,
        question: &Question,
        answer: &Answer,
        meaning: Option<&dyn Meaning>,
        diagram: Option<&onsite_diagram::Graph>,
    ) -> Result<DrawnAssessment, RubricError> {
        let assessment = self.assess_with(question, answer, meaning)?;
        let diagram = diagram.map(|g| diagram::read(&assessment, answer, g));
        Ok(DrawnAssessment {
            assessment,
            diagram,
        })
    }

    /// Picks the pack to score with: `name` None means the embedded default. A pack in `dir`
    /// (the data folder's `rubrics/`) with the same name overrides the embedded one.
    pub fn select(dir: Option<&Path>, name: Option<&str>) -> Result<Self, RubricError> {
        let wanted = name.unwrap_or("default");
        let packs = match dir {
            Some(d) => Self::load_dir(d)?,
            None => Vec::new(),
        };
        let names: Vec<String> = packs.iter().map(|p| p.name().to_owned()).collect();
        if let Some(p) = packs.into_iter().find(|p| p.name() == wanted) {
            return Ok(p);
        }
        if wanted == "default" {
            return Self::embedded();
        }
        let mut available = vec!["default".to_owned()];
        available.extend(names);
        Err(RubricError::PackNotFound {
            name: wanted.to_owned(),
            available: available.join(", "),
        })
    }
}
