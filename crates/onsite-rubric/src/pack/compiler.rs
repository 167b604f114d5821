//! Compiles a parsed pack file into a [`RubricPack`]: every name resolved, every pattern and
//! template checked, weights laid out by competency. Each problem is a `PackInvalid` naming the
//! line and the fix.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use super::pattern::compile_pattern;
use super::schema::*;
use super::template::{check_template, placeholders};
use super::*;
use crate::text::pieces_of;

pub(super) struct Compiler<'a> {
    #[allow(dead_code)]
    pub(super) text: &'a str,
    #[allow(dead_code)]
    pub(super) file: &'a Path,
    pub(super) invalid: &'a dyn Fn(&str, String) -> RubricError,
}

impl Compiler<'_> {
    pub(super) fn compile(&self, f: PackFile) -> Result<RubricPack, RubricError> {
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
            let full_at = def.full_at.unwrap_or(1.0);
            if !(full_at > 0.0 && full_at <= 1.0) {
                return Err(bad(
                    &context,
                    format!("{context}: full_at must be above 0 and at most 1 (it is {full_at})"),
                ));
            }
            competencies.push(Competency {
                weights: weights(&def.weights, &context)?,
                by_kind,
                full_at,
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
                let mut caps = [5.0; 6];
                for (c, cap) in &def.caps {
                    let i = COMPETENCIES.iter().position(|x| x == c).ok_or_else(|| {
                        bad(c, format!("{section}.{name}: unknown competency `{c}`"))
                    })?;
                    if !(1.0..=5.0).contains(cap) {
                        return Err(bad(
                            c,
                            format!("{section}.{name}: a cap is a score from 1 to 5 (it is {cap})"),
                        ));
                    }
                    caps[i] = *cap;
                }
                out.insert(
                    (*name).to_owned(),
                    FlagText {
                        message: def.message.clone(),
                        overall_penalty: def.overall_penalty,
                        penalties,
                        caps,
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
            flag_model: None,
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
