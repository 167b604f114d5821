//! Rubric packs: the TOML file that holds every lexicon, phrase pattern, weight and advice
//! template, and its compiled form.
//!
//! The engine's logic (what a red flag means, how order is checked) is code; everything a
//! reviewer may want to tune is here, versioned, so an old result can always be explained by
//! the pack version it records. Pattern syntax: words separated by spaces, each stemmed like the
//! answer; `a|b` for alternatives of one word; `*` for up to three words of anything; `#num` for
//! any number ("40", "forty", "40%").
//!
//! Split as the file is read: `schema` is the TOML as written (serde only), `compiler` turns it
//! into the validated [`RubricPack`] below, using `pattern` for signal patterns and `template`
//! for advice and flag texts.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::error::RubricError;
use crate::input::QuestionKind;
use crate::scale::ScaleLevel;
use crate::text::Vocab;

mod compiler;
pub(crate) mod flag_model;
mod pattern;
mod schema;
mod template;

use compiler::Compiler;
use schema::PackFile;
pub use schema::{DeliveryConfig, OverallConfig};

/// The pack compiled into every build.
pub const DEFAULT_PACK: &str = include_str!("../../packs/default.toml");
const DEFAULT_PACK_NAME: &str = "default.toml (embedded)";

/// Largest pack file read, so a mistaken path cannot exhaust memory.
const MAX_PACK_BYTES: u64 = 4 * 1024 * 1024;

/// Signals the engine's own logic reads by name; a pack must define them all.
pub(crate) const REQUIRED_SIGNALS: &[&str] = &[
    "constraint",
    "assumption",
    "scale",
    "architecture",
    "deep_dive",
    "tech_term",
    "failure_mode",
    "trade_off",
    "growth_operations",
    "alternatives",
    "dismiss_simple",
    "needs_requirements",
    "complaining",
    "situation",
    "task",
    "action_i",
    "action_we",
    "result",
    "knowledge_gap",
    "approach",
    "signposting",
    "hedge",
    "influence",
    "mentoring",
    "business_impact",
    "ownership",
    "collaboration",
    // Moves the engine reads sentence by sentence (see `assess::moves`).
    "requirement",
    "ask",
    "justification",
    "reject",
    "defer",
    "others_act",
    "own_fix",
    "speculative",
    "small_scale",
    "only_me",
    "bystander",
    "trade_off_word",
    "gate",
    "gate_hard",
    "pending_info",
];

pub(crate) const FEATURES: &[&str] = &[
    "framework_coverage",
    "constraints_first",
    "star_coverage",
    "quantified_result",
    "we_balance",
    "clause_ratio",
    "sentence_length",
    "substance",
    "low_repetition",
    "low_fillers",
    "low_hedges",
    "variety",
    "relevance",
    "justified_depth",
    "others_roles",
    "concreteness",
    "scale_fit",
];

pub(crate) const COMPETENCIES: &[&str] = crate::vocabulary::Competency::IDS;
pub(crate) const FRAMEWORK_STEPS: &[&str] = crate::vocabulary::FrameworkStep::IDS;
pub(crate) const STAR_STEPS: &[&str] = &["situation", "task", "action", "result"];
pub(crate) const RED_FLAGS: &[&str] = crate::vocabulary::RedFlag::IDS;
pub(crate) const POSITIVE_SIGNALS: &[&str] = &[
    "knowledge_gap_with_approach",
    "quantified_result",
    "constraints_first",
    "cross_team_influence",
    "failure_mode_reasoning",
];

// ---- Compiled form --------------------------------------------------------------------------

#[derive(Debug, Clone)]
pub(crate) enum PatTok {
    Word(Vec<u32>),
    Gap(usize),
    Num,
}

#[derive(Debug, Clone)]
pub(crate) struct Pattern {
    pub signal: usize,
    pub toks: Vec<PatTok>,
}

#[derive(Debug, Clone)]
pub(crate) struct Signal {
    pub saturation: f64,
    pub per_sentence: u32,
    pub negatable: bool,
}

/// A component of the pack's catalogue, compiled: its signal is `component.NAME`.
#[derive(Debug, Clone)]
pub(crate) struct Component {
    pub label: String,
    pub signal: usize,
    pub cost: u32,
    /// The least scale that warrants it; `None`: only a stated reason does.
    pub warranted_at: Option<ScaleLevel>,
}

/// A condition on an advice rule.
#[derive(Debug, Clone)]
pub(crate) enum Cond {
    Has(usize),
    Lacks(usize),
    /// Only negated mentions: "we never discussed trade-offs".
    Denied(usize),
    Flag(String),
    NoFlag(String),
    Kind(QuestionKind),
    NotKind(QuestionKind),
    Below(f64),
    AtLeast(f64),
}

#[derive(Debug, Clone)]
pub(crate) struct AdviceRule {
    pub when: Vec<Cond>,
    pub text: String,
}

/// A weight on a signal (normalised by its saturation) or on a computed feature (0..1).
#[derive(Debug, Clone, Copy)]
pub(crate) enum Term {
    Signal(usize),
    Feature(usize),
}

#[derive(Debug, Clone)]
pub(crate) struct Competency {
    pub weights: Vec<(Term, f64)>,
    pub by_kind: HashMap<QuestionKind, Vec<(Term, f64)>>,
    /// The weighted evidence that earns a 5, in (0, 1].
    pub full_at: f64,
    pub advice: Vec<AdviceRule>,
}

#[derive(Debug, Clone)]
pub(crate) struct Kind {
    pub overall_weights: [f64; 6],
    pub red_flags: Vec<String>,
    pub gap_order: Vec<crate::Gap>,
}

#[derive(Debug, Clone)]
pub(crate) struct FlagText {
    pub message: String,
    pub overall_penalty: f64,
    pub penalties: [f64; 6],
    /// Per competency, the highest score the raised flag leaves (5 where it caps nothing).
    pub caps: [f64; 6],
}

/// A loaded, validated rubric pack, ready to score answers.
#[derive(Debug)]
pub struct RubricPack {
    pub(crate) name: String,
    pub(crate) version: String,
    pub(crate) vocab: Vocab,
    pub(crate) signals: Vec<Signal>,
    pub(crate) signal_ids: HashMap<String, usize>,
    pub(crate) patterns: Vec<Pattern>,
    /// Pattern ids by the stem of their first word.
    /// Indexed by stem id; stems no pattern starts with have an empty list.
    pub(crate) by_first: Vec<Vec<usize>>,
    pub(crate) num_first: Vec<usize>,
    pub(crate) negators: Vec<u32>,
    pub(crate) function_words: Vec<u32>,
    pub(crate) stopwords: Vec<u32>,
    pub(crate) question_stopwords: Vec<u32>,
    /// Stems an answer may use instead of a question's topic stem.
    pub(crate) topic_synonyms: HashMap<u32, Vec<u32>>,
    pub(crate) components: Vec<Component>,
    pub(crate) negation_window: usize,
    pub(crate) framework: Vec<Vec<usize>>,
    pub(crate) star: Vec<Vec<usize>>,
    pub(crate) competencies: Vec<Competency>,
    pub(crate) kinds: HashMap<QuestionKind, Kind>,
    pub(crate) red_flags: HashMap<String, FlagText>,
    pub(crate) positives: HashMap<String, FlagText>,
    pub delivery: DeliveryConfig,
    pub overall: OverallConfig,
    /// What this pack took from the embedded default because it was written for an older
    /// engine (see [`RubricPack::inherited`]).
    pub(crate) inherited: Vec<String>,
    /// The learned reading beside the phrase readings ([`flag_model`]). Only the embedded
    /// default has one: it was trained on labels for that pack's flags, and a pack of one's
    /// own is judged by its own patterns alone.
    pub(crate) flag_model: Option<flag_model::FlagModel>,
}

fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

/// Best-effort line of the first occurrence of `needle` (for problems found after parsing).
fn line_mentioning(text: &str, needle: &str) -> Option<usize> {
    text.find(needle).map(|at| line_of(text, at))
}

impl RubricPack {
    /// The embedded default pack.
    pub fn embedded() -> Result<Self, RubricError> {
        let mut pack = Self::from_toml(DEFAULT_PACK, Path::new(DEFAULT_PACK_NAME))?;
        let model = flag_model::FlagModel::parse(flag_model::DEFAULT_FLAG_MODEL, RED_FLAGS)
            .map_err(|problem| RubricError::PackInvalid {
                file: PathBuf::from("default.flag_model.json (embedded)"),
                line: None,
                problem,
            })?;
        pack.flag_model = Some(model);
        Ok(pack)
    }

    /// Reads and compiles a pack file.
    pub fn load(path: &Path) -> Result<Self, RubricError> {
        let io = |source| RubricError::PackIo {
            path: path.to_owned(),
            source,
        };
        let meta = std::fs::metadata(path).map_err(io)?;
        if meta.len() > MAX_PACK_BYTES {
            return Err(RubricError::PackInvalid {
                file: path.to_owned(),
                line: None,
                problem: format!(
                    "the file is {} bytes; a rubric pack is at most {MAX_PACK_BYTES}",
                    meta.len()
                ),
            });
        }
        let bytes = std::fs::read(path).map_err(io)?;
        let text = String::from_utf8(bytes).map_err(|_| RubricError::PackInvalid {
            file: path.to_owned(),
            line: None,
            problem: "the file is not UTF-8 text".into(),
        })?;
        Self::from_toml(&text, path)
    }

    /// Loads every `*.toml` pack in a folder (the data folder's `rubrics/`), sorted by file
    /// name. A missing folder holds no packs; one malformed pack fails the whole load so it is
    /// never silently skipped.
    pub fn load_dir(dir: &Path) -> Result<Vec<Self>, RubricError> {
        let entries = match std::fs::read_dir(dir) {
            Ok(entries) => entries,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(source) => {
                return Err(RubricError::PackIo {
                    path: dir.to_owned(),
                    source,
                })
            }
        };
        let mut paths: Vec<PathBuf> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "toml"))
            .collect();
        paths.sort();
        paths.iter().map(|p| Self::load(p)).collect()
    }

    /// `name@version`, recorded in every result.
    pub fn version_label(&self) -> String {
        format!("{}@{}", self.name, self.version)
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    /// Parses and validates pack text; `file` only names it in errors.
    pub fn from_toml(text: &str, file: &Path) -> Result<Self, RubricError> {
        let mut parsed: PackFile = toml::from_str(text).map_err(|e| RubricError::PackInvalid {
            file: file.to_owned(),
            line: e.span().map(|s| line_of(text, s.start)),
            problem: e.message().trim().to_owned(),
        })?;
        let invalid = |needle: &str, problem: String| RubricError::PackInvalid {
            file: file.to_owned(),
            line: line_mentioning(text, needle),
            problem,
        };
        let inherited = if file == Path::new(DEFAULT_PACK_NAME) {
            Vec::new()
        } else {
            inherit_missing(&mut parsed)
        };
        let mut pack = Compiler {
            text,
            file,
            invalid: &invalid,
        }
        .compile(parsed)?;
        pack.inherited = inherited;
        Ok(pack)
    }

    /// What a pack written for an older engine took from the embedded default: the signals the
    /// engine now reads by name, the red flags' messages and the component catalogue it did not
    /// define, each as `signal <name>`, `red flag <name>` or `components`. Empty for a pack
    /// written for this engine.
    pub fn inherited(&self) -> &[String] {
        &self.inherited
    }
}

/// Fills in what a user's pack lacks because it was written for an older engine, from the
/// embedded default, and says what was taken. Without it, every engine that reads a new signal
/// would refuse the packs users wrote before it; with it, their own patterns and weights still
/// decide everything they define.
fn inherit_missing(f: &mut PackFile) -> Vec<String> {
    // The embedded pack is checked by the tests; should it ever fail to parse, nothing is
    // inherited and the compiler names what is missing as before.
    let Ok(default) = toml::from_str::<PackFile>(DEFAULT_PACK) else {
        return Vec::new();
    };
    let mut taken = Vec::new();
    for name in REQUIRED_SIGNALS {
        if !f.signals.contains_key(*name) {
            if let Some(def) = default.signals.get(*name) {
                f.signals.insert((*name).to_owned(), def.clone());
                taken.push(format!("signal {name}"));
            }
        }
    }
    for name in RED_FLAGS {
        if !f.red_flags.contains_key(*name) {
            if let Some(def) = default.red_flags.get(*name) {
                f.red_flags.insert((*name).to_owned(), def.clone());
                taken.push(format!("red flag {name}"));
            }
        }
    }
    if f.components.is_empty() && !default.components.is_empty() {
        f.components = default.components.clone();
        taken.push("components".to_owned());
    }
    taken
}
