//! Rubric packs: the TOML file that holds every lexicon, phrase pattern, weight and advice
//! template, and its compiled form.
//!
//! The engine's logic (what a red flag means, how order is checked) is code; everything a
//! reviewer may want to tune is here, versioned, so an old result can always be explained by
//! the pack version it records. Pattern syntax: words separated by spaces, each stemmed like the
//! answer; `a|b` for alternatives of one word; `*` for up to three words of anything; `#num` for
//! any number ("40", "forty", "40%").

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::error::RubricError;
use crate::input::QuestionKind;
use crate::scale::ScaleLevel;
use crate::text::{pieces_of, Piece, Vocab};

/// The pack compiled into every build.
pub const DEFAULT_PACK: &str = include_str!("../packs/default.toml");
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

// ---- The file as written --------------------------------------------------------------------

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PackFile {
    pack: PackMeta,
    text: TextLexicon,
    delivery: DeliveryConfig,
    overall: OverallConfig,
    signals: BTreeMap<String, SignalDef>,
    #[serde(default)]
    components: BTreeMap<String, ComponentDef>,
    framework: BTreeMap<String, StepDef>,
    star: BTreeMap<String, StepDef>,
    competencies: BTreeMap<String, CompetencyDef>,
    kinds: BTreeMap<String, KindDef>,
    red_flags: BTreeMap<String, MessageDef>,
    positive_signals: BTreeMap<String, MessageDef>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PackMeta {
    name: String,
    version: String,
    #[serde(default)]
    #[allow(dead_code)]
    description: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TextLexicon {
    negators: Vec<String>,
    function_words: Vec<String>,
    negation_window: usize,
    talking_point_stopwords: Vec<String>,
    /// Words of a question that say nothing about its topic ("design", "tell", "system"), left
    /// out when an answer's relevance to the question is measured.
    #[serde(default)]
    question_stopwords: Vec<String>,
    /// A topic word of a question, and words an on-topic answer may use for it instead.
    #[serde(default)]
    topic_synonyms: BTreeMap<String, Vec<String>>,
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
struct SignalDef {
    patterns: Vec<String>,
    #[serde(default = "one")]
    saturation: f64,
    #[serde(default = "one_u32")]
    per_sentence: u32,
    #[serde(default = "yes")]
    negatable: bool,
}

/// A piece of machinery a design may choose, with what it costs to build and run and the scale
/// that warrants it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct ComponentDef {
    label: String,
    /// 1 (a queue), 2 (a stream processor, multi-region) or 3 (a blockchain).
    cost: u32,
    /// `small`, `medium` or `large`: the least scale that justifies it; `reason`: no scale
    /// alone does, only a stated reason.
    warranted_at: String,
    patterns: Vec<String>,
}

fn off_topic_cap() -> f64 {
    2.0
}

fn one() -> f64 {
    1.0
}
fn one_u32() -> u32 {
    1
}
fn yes() -> bool {
    true
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct StepDef {
    signals: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CompetencyDef {
    weights: BTreeMap<String, f64>,
    #[serde(default)]
    by_kind: BTreeMap<String, BTreeMap<String, f64>>,
    advice: Vec<AdviceDef>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct AdviceDef {
    #[serde(default)]
    when: Vec<String>,
    text: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct KindDef {
    overall_weights: BTreeMap<String, f64>,
    red_flags: Vec<String>,
    gap_order: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct MessageDef {
    message: String,
    #[serde(default)]
    overall_penalty: f64,
    #[serde(default)]
    penalties: BTreeMap<String, f64>,
}

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
        Self::from_toml(DEFAULT_PACK, Path::new(DEFAULT_PACK_NAME))
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

struct Compiler<'a> {
    #[allow(dead_code)]
    text: &'a str,
    #[allow(dead_code)]
    file: &'a Path,
    invalid: &'a dyn Fn(&str, String) -> RubricError,
}

impl Compiler<'_> {
    fn compile(&self, f: PackFile) -> Result<RubricPack, RubricError> {
        let bad = self.invalid;
        if f.pack.name.trim().is_empty() || f.pack.version.trim().is_empty() {
            return Err(bad(
                "[pack]",
                "[pack] needs a non-empty name and version".into(),
            ));
        }
        let mut vocab = Vocab::new();
        let words = |list: &[String], vocab: &mut Vocab| -> Vec<u32> {
            let mut ids: Vec<u32> = Vec::new();
            for w in list {
                let mut pieces = Vec::new();
                pieces_of(w, 0, &mut pieces);
                ids.extend(pieces.iter().map(|p| vocab.intern(&p.text)));
            }
            ids.sort_unstable();
            ids.dedup();
            ids
        };
        let negators = words(&f.text.negators, &mut vocab);
        let function_words = words(&f.text.function_words, &mut vocab);
        let stopwords = words(&f.text.talking_point_stopwords, &mut vocab);
        let question_stopwords = words(&f.text.question_stopwords, &mut vocab);
        let mut topic_synonyms: HashMap<u32, Vec<u32>> = HashMap::new();
        for (topic, alternatives) in &f.text.topic_synonyms {
            for t in words(std::slice::from_ref(topic), &mut vocab) {
                topic_synonyms
                    .entry(t)
                    .or_default()
                    .extend(words(alternatives, &mut vocab));
            }
        }

        let mut signals = Vec::new();
        let mut signal_ids = HashMap::new();
        let mut patterns = Vec::new();
        for (name, def) in &f.signals {
            let id = signals.len();
            if def.saturation <= 0.0 || def.per_sentence == 0 {
                return Err(bad(
                    &format!("[signals.{name}]"),
                    format!("signal `{name}`: saturation and per_sentence must be positive"),
                ));
            }
            if def.patterns.is_empty() {
                return Err(bad(
                    &format!("[signals.{name}]"),
                    format!("signal `{name}` has no patterns"),
                ));
            }
            signals.push(Signal {
                saturation: def.saturation,
                per_sentence: def.per_sentence,
                negatable: def.negatable,
            });
            signal_ids.insert(name.clone(), id);
            for source in &def.patterns {
                let toks = compile_pattern(source, &mut vocab).map_err(|problem| {
                    bad(
                        source,
                        format!("signal `{name}`, pattern \"{source}\": {problem}"),
                    )
                })?;
                patterns.push(Pattern { signal: id, toks });
            }
        }
        let mut components = Vec::new();
        for (name, def) in &f.components {
            let warranted_at = match def.warranted_at.as_str() {
                "reason" => None,
                level => Some(ScaleLevel::parse(level).ok_or_else(|| {
                    bad(
                        &format!("[components.{name}]"),
                        format!("component `{name}`: warranted_at must be small, medium, large or reason, not `{level}`"),
                    )
                })?),
            };
            if !(1..=3).contains(&def.cost) || def.patterns.is_empty() {
                return Err(bad(
                    &format!("[components.{name}]"),
                    format!("component `{name}`: cost must be 1 to 3 and patterns not empty"),
                ));
            }
            let id = signals.len();
            signals.push(Signal {
                saturation: 1.0,
                per_sentence: 1,
                negatable: true,
            });
            signal_ids.insert(format!("component.{name}"), id);
            for source in &def.patterns {
                let toks = compile_pattern(source, &mut vocab).map_err(|problem| {
                    bad(
                        source,
                        format!("component `{name}`, pattern \"{source}\": {problem}"),
                    )
                })?;
                patterns.push(Pattern { signal: id, toks });
            }
            components.push(Component {
                label: def.label.clone(),
                signal: id,
                cost: def.cost,
                warranted_at,
            });
        }
        for required in REQUIRED_SIGNALS {
            if !signal_ids.contains_key(*required) {
                return Err(bad(
                    "[signals",
                    format!(
                        "the pack must define signal `{required}` (the engine reads it by name)"
                    ),
                ));
            }
        }
        let mut by_first: Vec<Vec<usize>> = vec![Vec::new(); vocab.len() as usize];
        let mut num_first = Vec::new();
        for (i, p) in patterns.iter().enumerate() {
            match &p.toks[0] {
                PatTok::Word(alts) => alts.iter().for_each(|a| by_first[*a as usize].push(i)),
                PatTok::Num => num_first.push(i),
                // compile_pattern refuses a leading `*`.
                PatTok::Gap(_) => {}
            }
        }

        let signal_list = |step: &str, list: &[String]| -> Result<Vec<usize>, RubricError> {
            list.iter()
                .map(|s| {
                    signal_ids
                        .get(s)
                        .copied()
                        .ok_or_else(|| bad(s, format!("`{step}` names unknown signal `{s}`")))
                })
                .collect()
        };
        let steps = |table: &BTreeMap<String, StepDef>,
                     names: &[&str],
                     section: &str|
         -> Result<Vec<Vec<usize>>, RubricError> {
            for key in table.keys() {
                if !names.contains(&key.as_str()) {
                    return Err(bad(
                        &format!("[{section}.{key}]"),
                        format!(
                            "unknown {section} step `{key}`; expected one of {}",
                            names.join(", ")
                        ),
                    ));
                }
            }
            names
                .iter()
                .map(|n| match table.get(*n) {
                    Some(def) => signal_list(n, &def.signals),
                    None => Err(bad(
                        &format!("[{section}"),
                        format!("[{section}.{n}] is missing"),
                    )),
                })
                .collect()
        };
        let framework = steps(&f.framework, FRAMEWORK_STEPS, "framework")?;
        let star = steps(&f.star, STAR_STEPS, "star")?;

        let term = |name: &str, context: &str| -> Result<Term, RubricError> {
            if let Some(id) = signal_ids.get(name) {
                Ok(Term::Signal(*id))
            } else if let Some(i) = FEATURES.iter().position(|x| *x == name) {
                Ok(Term::Feature(i))
            } else {
                Err(bad(
                    name,
                    format!(
                        "{context}: `{name}` is neither a signal nor a feature ({})",
                        FEATURES.join(", ")
                    ),
                ))
            }
        };
        let weights = |map: &BTreeMap<String, f64>,
                       context: &str|
         -> Result<Vec<(Term, f64)>, RubricError> {
            let total: f64 = map.values().sum();
            if map.values().any(|w| *w < 0.0) || (total - 1.0).abs() > 0.011 {
                return Err(bad(context, format!("{context}: weights must be non-negative and sum to 1 (they sum to {total:.3})")));
            }
            map.iter()
                .map(|(k, w)| Ok((term(k, context)?, *w)))
                .collect()
        };

        let mut competencies = Vec::new();
        for name in COMPETENCIES {
            let def = f
                .competencies
                .get(*name)
                .ok_or_else(|| bad("[competencies", format!("[competencies.{name}] is missing")))?;
            let context = format!("competencies.{name}");
            let mut by_kind = HashMap::new();
            for (kind, map) in &def.by_kind {
                let k: QuestionKind = kind
                    .parse()
                    .map_err(|_| bad(kind, format!("{context}.by_kind: unknown kind `{kind}`")))?;
                by_kind.insert(k, weights(map, &format!("{context}.by_kind.{kind}"))?);
            }
            let mut advice = Vec::new();
            for rule in &def.advice {
                let when = rule
                    .when
                    .iter()
                    .map(|c| self.cond(c, &signal_ids))
                    .collect::<Result<Vec<_>, _>>()?;
                check_template(&rule.text, &signal_ids)
                    .map_err(|p| bad(&rule.text, format!("{context}.advice: {p}")))?;
                for (kind, signal) in placeholders(&rule.text) {
                    let needed = if kind == "negated" {
                        format!("denied:{signal}")
                    } else {
                        format!("has:{signal}")
                    };
                    if !rule.when.contains(&needed) {
                        return Err(bad(
                            &rule.text,
                            format!("{context}.advice: a rule using {{{kind}:{signal}}} must test `{needed}`, or it may render empty"),
                        ));
                    }
                }
                advice.push(AdviceRule {
                    when,
                    text: rule.text.clone(),
                });
            }
            if !advice.iter().any(|r| r.when.is_empty()) {
                return Err(bad(
                    &format!("[competencies.{name}"),
                    format!("{context}: needs a fallback advice rule with no `when`"),
                ));
            }
            competencies.push(Competency {
                weights: weights(&def.weights, &context)?,
                by_kind,
                advice,
            });
        }
        for key in f.competencies.keys() {
            if !COMPETENCIES.contains(&key.as_str()) {
                return Err(bad(key, format!("unknown competency `{key}`")));
            }
        }

        let mut kinds = HashMap::new();
        for kind in QuestionKind::ALL {
            let def = f
                .kinds
                .get(kind.as_str())
                .ok_or_else(|| bad("[kinds", format!("[kinds.{}] is missing", kind.as_str())))?;
            let mut ow = [0.0; 6];
            for (k, w) in &def.overall_weights {
                let i = COMPETENCIES.iter().position(|c| c == k).ok_or_else(|| {
                    bad(
                        k,
                        format!("kinds.{}: unknown competency `{k}`", kind.as_str()),
                    )
                })?;
                ow[i] = *w;
            }
            if ow.iter().sum::<f64>() <= 0.0 {
                return Err(bad(
                    kind.as_str(),
                    format!(
                        "kinds.{}: overall_weights must not all be zero",
                        kind.as_str()
                    ),
                ));
            }
            for flag in &def.red_flags {
                if !RED_FLAGS.contains(&flag.as_str()) {
                    return Err(bad(
                        flag,
                        format!("kinds.{}: unknown red flag `{flag}`", kind.as_str()),
                    ));
                }
            }
            let gap_order = def
                .gap_order
                .iter()
                .map(|g| {
                    crate::Gap::from_id(g).ok_or_else(|| {
                        bad(g, format!("kinds.{}: unknown gap `{g}`", kind.as_str()))
                    })
                })
                .collect::<Result<Vec<_>, _>>()?;
            kinds.insert(
                kind,
                Kind {
                    overall_weights: ow,
                    red_flags: def.red_flags.clone(),
                    gap_order,
                },
            );
        }

        let messages = |table: &BTreeMap<String, MessageDef>,
                        names: &[&str],
                        section: &str|
         -> Result<HashMap<String, FlagText>, RubricError> {
            let mut out = HashMap::new();
            for name in names {
                let def = table.get(*name).ok_or_else(|| {
                    bad(
                        &format!("[{section}"),
                        format!("[{section}.{name}] is missing"),
                    )
                })?;
                check_template(&def.message, &signal_ids)
                    .map_err(|p| bad(&def.message, format!("{section}.{name}: {p}")))?;
                let mut penalties = [0.0; 6];
                for (c, p) in &def.penalties {
                    let i = COMPETENCIES.iter().position(|x| x == c).ok_or_else(|| {
                        bad(c, format!("{section}.{name}: unknown competency `{c}`"))
                    })?;
                    penalties[i] = *p;
                }
                out.insert(
                    (*name).to_owned(),
                    FlagText {
                        message: def.message.clone(),
                        overall_penalty: def.overall_penalty,
                        penalties,
                    },
                );
            }
            Ok(out)
        };
        let red_flags = messages(&f.red_flags, RED_FLAGS, "red_flags")?;
        let positives = messages(&f.positive_signals, POSITIVE_SIGNALS, "positive_signals")?;

        let d = &f.delivery;
        if d.wpm_band[0] >= d.wpm_band[1] || d.wpm_flag[0] >= d.wpm_flag[1] {
            return Err(bad(
                "wpm_band",
                "delivery: each WPM range must be [low, high] with low < high".into(),
            ));
        }
        Ok(RubricPack {
            name: f.pack.name,
            version: f.pack.version,
            vocab,
            signals,
            signal_ids,
            patterns,
            by_first,
            num_first,
            negators,
            function_words,
            stopwords,
            question_stopwords,
            topic_synonyms,
            components,
            negation_window: f.text.negation_window,
            framework,
            star,
            competencies,
            kinds,
            red_flags,
            positives,
            delivery: f.delivery,
            overall: f.overall,
            inherited: Vec::new(),
        })
    }

    fn cond(&self, source: &str, signals: &HashMap<String, usize>) -> Result<Cond, RubricError> {
        let bad = self.invalid;
        let (op, arg) = source.split_once(':').ok_or_else(|| {
            bad(
                source,
                format!("advice condition `{source}` must look like `has:SIGNAL`"),
            )
        })?;
        let signal = || {
            signals.get(arg).copied().ok_or_else(|| {
                bad(
                    source,
                    format!("advice condition `{source}`: unknown signal `{arg}`"),
                )
            })
        };
        let kind = || {
            arg.parse::<QuestionKind>().map_err(|_| {
                bad(
                    source,
                    format!("advice condition `{source}`: unknown kind `{arg}`"),
                )
            })
        };
        let num = || {
            arg.parse::<f64>().map_err(|_| {
                bad(
                    source,
                    format!("advice condition `{source}`: `{arg}` is not a number"),
                )
            })
        };
        let flag = || {
            if RED_FLAGS.contains(&arg) {
                Ok(arg.to_owned())
            } else {
                Err(bad(
                    source,
                    format!("advice condition `{source}`: unknown red flag `{arg}`"),
                ))
            }
        };
        Ok(match op {
            "has" => Cond::Has(signal()?),
            "lacks" => Cond::Lacks(signal()?),
            "denied" => Cond::Denied(signal()?),
            "flag" => Cond::Flag(flag()?),
            "noflag" => Cond::NoFlag(flag()?),
            "kind" => Cond::Kind(kind()?),
            "notkind" => Cond::NotKind(kind()?),
            "below" => Cond::Below(num()?),
            "atleast" => Cond::AtLeast(num()?),
            _ => return Err(bad(source, format!("advice condition `{source}`: unknown test `{op}` (has, lacks, denied, flag, noflag, kind, notkind, below, atleast)"))),
        })
    }
}

/// What is wrong with a signal pattern; the caller adds the pack file, line, signal and
/// pattern.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub(crate) enum PatternError {
    #[error("is empty: write the words to look for, like \"trade off\"")]
    Empty,
    #[error("cannot start with `*`: a gap goes between two words")]
    StartsWithGap,
    #[error("cannot end with `*`: a gap goes between two words")]
    EndsWithGap,
    #[error("alternative `{alt}` must be a single word (write `a|b`, not `a b|c`)")]
    AlternativeNotOneWord { alt: String },
    #[error("`{part}` has no letters or digits: remove it")]
    NoWord { part: String },
}

fn compile_pattern(source: &str, vocab: &mut Vocab) -> Result<Vec<PatTok>, PatternError> {
    let mut toks = Vec::new();
    for part in source.split_whitespace() {
        if part == "*" {
            if toks.is_empty() {
                return Err(PatternError::StartsWithGap);
            }
            toks.push(PatTok::Gap(3));
        } else if part == "#num" {
            toks.push(PatTok::Num);
        } else if part.contains('|') {
            let mut alts = Vec::new();
            for alt in part.split('|') {
                let mut pieces: Vec<Piece> = Vec::new();
                pieces_of(alt, 0, &mut pieces);
                if pieces.len() != 1 {
                    return Err(PatternError::AlternativeNotOneWord {
                        alt: alt.to_owned(),
                    });
                }
                alts.push(vocab.intern(&pieces[0].text));
            }
            toks.push(PatTok::Word(alts));
        } else {
            let mut pieces: Vec<Piece> = Vec::new();
            pieces_of(part, 0, &mut pieces);
            if pieces.is_empty() {
                return Err(PatternError::NoWord {
                    part: part.to_owned(),
                });
            }
            for p in pieces {
                toks.push(PatTok::Word(vec![vocab.intern(&p.text)]));
            }
        }
    }
    match toks.last() {
        None => Err(PatternError::Empty),
        Some(PatTok::Gap(_)) => Err(PatternError::EndsWithGap),
        _ => Ok(toks),
    }
}

/// `(kind, signal)` of each `{kind:signal}` in a template (already checked well-formed).
fn placeholders(text: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}').map(|c| c + open) else {
            break;
        };
        if let Some((k, sig)) = rest[open + 1..close].split_once(':') {
            out.push((k.to_owned(), sig.to_owned()));
        }
        rest = &rest[close + 1..];
    }
    out
}

/// What is wrong with a placeholder in an advice or flag text; the caller adds the pack file,
/// the line and the rule it belongs to.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub(crate) enum TemplateError {
    #[error("a `{{` is never closed: write placeholders as `{{terms:SIGNAL}}`")]
    Unclosed,
    #[error("placeholder `{{{inner}}}` must look like `{{terms:SIGNAL}}`")]
    NoKind { inner: String },
    #[error("placeholder `{{{inner}}}`: use terms, first, quote or negated")]
    UnknownKind { inner: String },
    #[error("placeholder `{{{inner}}}`: unknown signal `{signal}`: declare it as `[signals.{signal}]` or use one that is")]
    UnknownSignal { inner: String, signal: String },
}

/// Placeholders an advice or flag text may use: `{terms:SIGNAL}`, `{first:SIGNAL}`,
/// `{quote:SIGNAL}`, `{negated:SIGNAL}`.
fn check_template(text: &str, signals: &HashMap<String, usize>) -> Result<(), TemplateError> {
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let close = rest[open..].find('}').ok_or(TemplateError::Unclosed)? + open;
        let inner = &rest[open + 1..close];
        let Some((kind, signal)) = inner.split_once(':') else {
            return Err(TemplateError::NoKind {
                inner: inner.to_owned(),
            });
        };
        if !matches!(kind, "terms" | "first" | "quote" | "negated") {
            return Err(TemplateError::UnknownKind {
                inner: inner.to_owned(),
            });
        }
        if !signals.contains_key(signal) {
            return Err(TemplateError::UnknownSignal {
                inner: inner.to_owned(),
                signal: signal.to_owned(),
            });
        }
        rest = &rest[close + 1..];
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pattern_errors_name_the_part_and_the_fix() {
        let mut vocab = Vocab::new();
        assert!(compile_pattern("trade * off", &mut vocab).is_ok());
        let err = |source: &str, vocab: &mut Vocab| compile_pattern(source, vocab).unwrap_err();
        assert_eq!(err("  ", &mut vocab), PatternError::Empty);
        assert_eq!(err("* off", &mut vocab), PatternError::StartsWithGap);
        assert_eq!(err("trade *", &mut vocab), PatternError::EndsWithGap);
        assert_eq!(
            err("cost|run-time", &mut vocab),
            PatternError::AlternativeNotOneWord {
                alt: "run-time".into()
            }
        );
        let no_word = err("trade -- off", &mut vocab);
        assert_eq!(no_word, PatternError::NoWord { part: "--".into() });
        assert_eq!(
            no_word.to_string(),
            "`--` has no letters or digits: remove it"
        );
    }

    #[test]
    fn template_errors_name_the_placeholder_and_the_fix() {
        let signals = HashMap::from([("trade_off".to_owned(), 0)]);
        assert_eq!(
            check_template("Say {terms:trade_off} aloud.", &signals),
            Ok(())
        );
        assert_eq!(
            check_template("Say {terms:trade_off", &signals),
            Err(TemplateError::Unclosed)
        );
        assert_eq!(
            check_template("Say {trade_off}", &signals),
            Err(TemplateError::NoKind {
                inner: "trade_off".into()
            })
        );
        assert_eq!(
            check_template("Say {all:trade_off}", &signals),
            Err(TemplateError::UnknownKind {
                inner: "all:trade_off".into()
            })
        );
        let err = check_template("Say {first:latency}", &signals).unwrap_err();
        assert_eq!(
            err,
            TemplateError::UnknownSignal {
                inner: "first:latency".into(),
                signal: "latency".into()
            }
        );
        assert_eq!(
            err.to_string(),
            "placeholder `{first:latency}`: unknown signal `latency`: declare it as \
             `[signals.latency]` or use one that is"
        );
    }
}
