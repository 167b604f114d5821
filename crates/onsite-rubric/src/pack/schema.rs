//! The pack file as written: serde structs that mirror the TOML, with its defaults. Nothing
//! here is checked beyond what serde checks; `compiler` turns these into the validated form.

use std::collections::BTreeMap;

use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct PackFile {
    pub(crate) pack: PackMeta,
    pub(crate) text: TextLexicon,
    pub(crate) delivery: DeliveryConfig,
    pub(crate) overall: OverallConfig,
    pub(crate) signals: BTreeMap<String, SignalDef>,
    #[serde(default)]
    pub(crate) components: BTreeMap<String, ComponentDef>,
    pub(crate) framework: BTreeMap<String, StepDef>,
    pub(crate) star: BTreeMap<String, StepDef>,
    pub(crate) competencies: BTreeMap<String, CompetencyDef>,
    pub(crate) kinds: BTreeMap<String, KindDef>,
    pub(crate) red_flags: BTreeMap<String, MessageDef>,
    pub(crate) positive_signals: BTreeMap<String, MessageDef>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct PackMeta {
    pub(crate) name: String,
    pub(crate) version: String,
    #[serde(default)]
    #[allow(dead_code)]
    pub(crate) description: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct TextLexicon {
    pub(crate) negators: Vec<String>,
    pub(crate) function_words: Vec<String>,
    pub(crate) negation_window: usize,
    pub(crate) talking_point_stopwords: Vec<String>,
    /// Words of a question that say nothing about its topic ("design", "tell", "system"), left
    /// out when an answer's relevance to the question is measured.
    #[serde(default)]
    pub(crate) question_stopwords: Vec<String>,
    /// A topic word of a question, and words an on-topic answer may use for it instead.
    #[serde(default)]
    pub(crate) topic_synonyms: BTreeMap<String, Vec<String>>,
}

/// Delivery thresholds.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeliveryConfig {
    pub wpm_band: [f64; 2],
    pub wpm_flag: [f64; 2],
    pub fillers_per_min_flag: f64,
    pub long_pause_ms: u64,
    pub hedges_per_min_flag: f64,
}

/// How competencies combine into `overall`, and the caps that stop gaming.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OverallConfig {
    /// When fewer than this share of the answer is real sentences, `overall` is capped.
    pub min_clause_ratio: f64,
    pub list_cap: f64,
    /// Answers with fewer unique content words than this are capped.
    pub short_answer_words: usize,
    pub short_cap: f64,
    pub positive_bonus: f64,
    /// Highest overall for an answer to another question.
    #[serde(default = "off_topic_cap")]
    pub off_topic_cap: f64,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct SignalDef {
    pub(crate) patterns: Vec<String>,
    #[serde(default = "one")]
    pub(crate) saturation: f64,
    #[serde(default = "one_u32")]
    pub(crate) per_sentence: u32,
    #[serde(default = "yes")]
    pub(crate) negatable: bool,
}

/// A piece of machinery a design may choose, with what it costs to build and run and the scale
/// that warrants it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ComponentDef {
    pub(crate) label: String,
    /// 1 (a queue), 2 (a stream processor, multi-region) or 3 (a blockchain).
    pub(crate) cost: u32,
    /// `small`, `medium` or `large`: the least scale that justifies it; `reason`: no scale
    /// alone does, only a stated reason.
    pub(crate) warranted_at: String,
    pub(crate) patterns: Vec<String>,
}

pub(super) fn off_topic_cap() -> f64 {
    2.0
}

pub(super) fn one() -> f64 {
    1.0
}
pub(super) fn one_u32() -> u32 {
    1
}
pub(super) fn yes() -> bool {
    true
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct StepDef {
    pub(crate) signals: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct CompetencyDef {
    pub(crate) weights: BTreeMap<String, f64>,
    #[serde(default)]
    pub(crate) by_kind: BTreeMap<String, BTreeMap<String, f64>>,
    /// The weighted evidence (0 to 1) that earns a 5; 1 when absent. Some competencies are shown
    /// by fewer of their signals in any one answer than others (a pragmatic story seldom both
    /// defers a component and rejects one), so their scale tops out earlier.
    #[serde(default)]
    pub(crate) full_at: Option<f64>,
    pub(crate) advice: Vec<AdviceDef>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct AdviceDef {
    #[serde(default)]
    pub(crate) when: Vec<String>,
    pub(crate) text: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct KindDef {
    pub(crate) overall_weights: BTreeMap<String, f64>,
    pub(crate) red_flags: Vec<String>,
    pub(crate) gap_order: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct MessageDef {
    pub(crate) message: String,
    #[serde(default)]
    pub(crate) overall_penalty: f64,
    #[serde(default)]
    pub(crate) penalties: BTreeMap<String, f64>,
    /// The highest score a raised flag leaves a competency it contradicts: an answer flagged
    /// for over-engineering is not a pragmatic one, however many "simple"s it says.
    #[serde(default)]
    pub(crate) caps: BTreeMap<String, f64>,
}
