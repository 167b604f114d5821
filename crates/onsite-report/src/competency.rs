//! The six competencies, in the rubric's order, with the labels reports print.

/// Competency ids as the rubric and the store name them, in the rubric's order.
pub const COMPETENCIES: &[&str] = onsite_rubric::Competency::IDS;

/// A story "covers" a competency when one of its answers scored at least this (1–5 scale):
/// 3 is the rubric's "meets the bar".
pub const COVERED_SCORE: f64 = 3.0;

/// What a reader sees for a competency id; an id this version does not know is shown readably.
pub fn competency_label(id: &str) -> String {
    onsite_rubric::label_of(id)
}
