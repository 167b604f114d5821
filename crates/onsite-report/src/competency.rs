//! The six competencies, in the rubric's order, with the labels reports print.

/// Competency ids as the rubric and the store name them.
pub const COMPETENCIES: [&str; 6] = [
    "technical_depth",
    "architectural_thinking",
    "leadership_influence",
    "pragmatism",
    "ownership",
    "communication",
];

/// A story "covers" a competency when one of its answers scored at least this (1–5 scale):
/// 3 is the rubric's "meets the bar".
pub const COVERED_SCORE: f64 = 3.0;

pub fn competency_label(id: &str) -> String {
    match id {
        "technical_depth" => "Technical depth".into(),
        "architectural_thinking" => "Architectural thinking".into(),
        "leadership_influence" => "Leadership and influence".into(),
        "pragmatism" => "Pragmatism".into(),
        "ownership" => "Ownership".into(),
        "communication" => "Communication".into(),
        other => {
            let s = other.replace('_', " ");
            let mut c = s.chars();
            match c.next() {
                Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
                None => s,
            }
        }
    }
}
