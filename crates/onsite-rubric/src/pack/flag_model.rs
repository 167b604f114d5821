//! The default pack's flag model: one logistic regression per red flag over an answer's words
//! and word pairs, trained on the development labelled sets by `packs/train_flag_model.py`.
//!
//! Why it exists: the phrase and grammar readings fit the sets they were tuned on, but new
//! writers' complaints, refusals and lip-service trade-offs kept slipping past them. The model
//! is read beside them, never instead of them (see `assess::flags`): a flag the readings raise
//! stands when the model gives it at least `lo`; a flag the readings miss fires when the model
//! gives it `hi` or more. It stays explainable: every weight is in the JSON file, and the
//! sentences whose words weigh most are quoted as evidence.
//!
//! The words are read as the trainer reads them: lower-case, a letter a-z and then letters and
//! apostrophes, spoken fillers dropped; features are the distinct words and adjacent pairs.

use std::collections::{HashMap, HashSet};

use serde::Deserialize;

/// The model trained for the embedded default pack.
pub(crate) const DEFAULT_FLAG_MODEL: &str = include_str!("../../packs/default.flag_model.json");

#[derive(Deserialize)]
struct ModelFile {
    fillers: Vec<String>,
    flags: HashMap<String, FlagFile>,
}

#[derive(Deserialize)]
struct FlagFile {
    bias: f64,
    lo: f64,
    hi: f64,
    margin: f64,
    weights: HashMap<String, f64>,
}

/// A validated flag model.
#[derive(Debug)]
pub(crate) struct FlagModel {
    fillers: HashSet<String>,
    flags: Vec<(String, FlagWeights)>,
    /// Each feature's weights, as (index into `flags`, weight): one look-up per feature reads
    /// every flag, which keeps the model's cost a small share of the rubric's 5 ms budget.
    table: HashMap<String, Vec<(usize, f64)>>,
}

/// One flag's bias and the thresholds it is read with.
#[derive(Debug)]
pub(crate) struct FlagWeights {
    bias: f64,
    /// Below this the model vetoes the phrase readings' flag.
    pub(crate) lo: f64,
    /// At or above this the model raises the flag on its own, when the words add at least
    /// `margin` to it (so a short answer is never flagged on the base rate alone).
    pub(crate) hi: f64,
    pub(crate) margin: f64,
}

impl FlagModel {
    /// Parses and checks a model file: known flags only, `0 < lo < hi < 1`, finite weights.
    pub(crate) fn parse(text: &str, known_flags: &[&str]) -> Result<Self, String> {
        let file: ModelFile = serde_json::from_str(text).map_err(|e| e.to_string())?;
        let mut flags = Vec::new();
        let mut table: HashMap<String, Vec<(usize, f64)>> = HashMap::new();
        let mut ids: Vec<&String> = file.flags.keys().collect();
        ids.sort();
        for id in ids {
            let f = &file.flags[id];
            if !known_flags.contains(&id.as_str()) {
                return Err(format!("unknown red flag `{id}`"));
            }
            if !(f.lo > 0.0 && f.lo < f.hi && f.hi < 1.0) {
                return Err(format!("`{id}`: thresholds must satisfy 0 < lo < hi < 1"));
            }
            if !f.bias.is_finite()
                || !f.margin.is_finite()
                || f.weights.values().any(|w| !w.is_finite())
            {
                return Err(format!("`{id}`: weights must be finite numbers"));
            }
            let at = flags.len();
            for (feature, w) in &f.weights {
                table.entry(feature.clone()).or_default().push((at, *w));
            }
            flags.push((
                id.clone(),
                FlagWeights {
                    bias: f.bias,
                    lo: f.lo,
                    hi: f.hi,
                    margin: f.margin,
                },
            ));
        }
        Ok(FlagModel {
            fillers: file.fillers.into_iter().collect(),
            flags,
            table,
        })
    }

    /// The flags the model reads, in a fixed order (the order of [`FlagModel::weigh`]).
    pub(crate) fn flags(&self) -> &[(String, FlagWeights)] {
        &self.flags
    }

    /// The words the model reads in `text`, in order.
    pub(crate) fn words(&self, text: &str) -> Vec<String> {
        let mut out = Vec::new();
        let mut word = String::new();
        let mut push = |word: &mut String| {
            if !word.is_empty() && !self.fillers.contains(word.as_str()) {
                out.push(std::mem::take(word));
            }
            word.clear();
        };
        for c in text.chars().flat_map(char::to_lowercase) {
            if c.is_ascii_lowercase() || (c == '\'' && !word.is_empty()) {
                word.push(c);
            } else {
                push(&mut word);
            }
        }
        push(&mut word);
        out
    }

    /// What the words weigh for each flag (in [`FlagModel::flags`] order): the summed weights
    /// of their distinct words and adjacent word pairs, as the trainer counts them.
    pub(crate) fn weigh(&self, words: &[String]) -> Vec<f64> {
        let mut sums = vec![0.0; self.flags.len()];
        let mut seen: HashSet<&str> = HashSet::new();
        let mut pair = String::new();
        for (i, w) in words.iter().enumerate() {
            self.add(w, &mut seen, &mut sums);
            if let Some(next) = words.get(i + 1) {
                pair.clear();
                pair.push_str(w);
                pair.push(' ');
                pair.push_str(next);
                self.add(&pair, &mut seen, &mut sums);
            }
        }
        sums
    }

    /// Adds a feature's weights once per answer, however often it is said.
    fn add<'a>(&'a self, key: &str, seen: &mut HashSet<&'a str>, sums: &mut [f64]) {
        if let Some((stored, weights)) = self.table.get_key_value(key) {
            if seen.insert(stored.as_str()) {
                for (i, w) in weights {
                    sums[*i] += w;
                }
            }
        }
    }
}

impl FlagWeights {
    /// The probability the model gives the flag when the answer's words weigh `weight`.
    pub(crate) fn probability(&self, weight: f64) -> f64 {
        let z = self.bias + weight;
        1.0 / (1.0 + (-z.clamp(-30.0, 30.0)).exp())
    }

    /// Whether a flag the phrase readings raised is vetoed: unlikely, on the words' account.
    pub(crate) fn vetoes(&self, weight: f64) -> bool {
        self.probability(weight) < self.lo && weight < 0.0
    }

    /// Whether the model raises a flag the phrase readings missed: likely, on the words.
    pub(crate) fn raises(&self, weight: f64) -> bool {
        self.probability(weight) >= self.hi && weight >= self.margin
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FLAGS: &[&str] = &["complaining"];

    #[test]
    fn words_are_read_as_the_trainer_reads_them() {
        let m = FlagModel::parse(r#"{"fillers": ["um", "so"], "flags": {}}"#, FLAGS).unwrap();
        assert_eq!(
            m.words("Um, so THEY'D never-listened; 'quoted' 4x café"),
            ["they'd", "never", "listened", "quoted'", "x", "caf"]
        );
        // A word or pair said twice counts once, as the trainer's sets count it.
        let m = FlagModel::parse(
            r#"{"fillers": [], "flags": {"complaining": {"bias": 0, "lo": 0.3, "hi": 0.7,
                "margin": 1, "weights": {"nobody": 1.0, "nobody listened": 2.0, "us": 0.5}}}}"#,
            FLAGS,
        )
        .unwrap();
        let w = m.weigh(&m.words("Nobody listened to us. Nobody listened, nobody."));
        assert_eq!(w, vec![3.5]);
    }

    #[test]
    fn a_bad_model_is_refused_with_what_is_wrong() {
        let bad = |flags: &str| {
            FlagModel::parse(&format!(r#"{{"fillers": [], "flags": {flags}}}"#), FLAGS).unwrap_err()
        };
        assert!(bad(
            r#"{"whining": {"bias": 0, "lo": 0.3, "hi": 0.7, "margin": 1, "weights": {}}}"#
        )
        .contains("unknown red flag"));
        assert!(bad(
            r#"{"complaining": {"bias": 0, "lo": 0.8, "hi": 0.7, "margin": 1, "weights": {}}}"#
        )
        .contains("thresholds"));
        assert!(FlagModel::parse("not json", FLAGS).is_err());
    }

    #[test]
    fn the_embedded_model_never_learned_from_a_held_out_or_validation_set() {
        // Scoring those sets is a measurement only while the model has not seen them.
        let v: serde_json::Value = serde_json::from_str(DEFAULT_FLAG_MODEL).unwrap();
        let sets: Vec<&str> = v["trained_on"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|s| s.as_str())
            .collect();
        assert!(sets.len() >= 10, "{sets:?}");
        for held_out in ["blind_d", "blind_e", "blind_s", "blind_t"] {
            assert!(!sets.contains(&held_out), "trained on {held_out}");
        }
    }

    #[test]
    fn the_embedded_model_loads_and_weighs_a_complaint_above_a_fix() {
        let m = FlagModel::parse(DEFAULT_FLAG_MODEL, crate::pack::RED_FLAGS).unwrap();
        let at = m
            .flags()
            .iter()
            .position(|(id, _)| id == "complaining")
            .unwrap();
        let w = &m.flags()[at].1;
        let weigh = |text: &str| m.weigh(&m.words(text))[at];
        let blame = weigh(
            "Management never listened, nothing changed, and it was their fault. \
            That's just how it is there, nobody cares.",
        );
        let fix = weigh(
            "I wrote a migration plan, Priya built the check, and we moved the \
            services over in two weeks; the pages stopped.",
        );
        assert!(
            w.raises(blame) && !w.raises(fix),
            "blame {blame}, fix {fix}"
        );
        assert!(
            w.vetoes(fix) && !w.vetoes(blame),
            "blame {blame}, fix {fix}"
        );
    }
}
