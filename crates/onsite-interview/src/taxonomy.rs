//! The curated taxonomy: which words in a résumé or job description name which technology,
//! domain or practice, and which phrases signal seniority. Data lives in `data/taxonomy.toml`.

use serde::Deserialize;

use crate::question::Level;

const BUILTIN: &str = include_str!("../data/taxonomy.toml");

/// What a term names.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, serde::Serialize,
)]
#[serde(rename_all = "lowercase")]
pub enum TermKind {
    Technology,
    Domain,
    Practice,
}

/// One entry of the taxonomy.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Term {
    pub id: String,
    pub name: String,
    pub kind: TermKind,
    pub category: String,
    #[serde(default)]
    aliases: Vec<String>,
    #[serde(default)]
    exact: Vec<String>,
    /// Aliases folded the same way as the text they are matched against, padded with spaces.
    #[serde(skip)]
    folded: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct Seniority {
    staff_phrases: Vec<String>,
    senior_phrases: Vec<String>,
    staff_min_years: u32,
    senior_min_years: u32,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTaxonomy {
    term: Vec<Term>,
    seniority: Seniority,
}

/// Why the taxonomy data could not be used.
#[derive(Debug, thiserror::Error)]
pub enum TaxonomyError {
    #[error("taxonomy data is invalid: {0}")]
    Parse(#[from] toml::de::Error),
    #[error("taxonomy term {0:?} appears twice")]
    Duplicate(String),
}

impl TaxonomyError {
    pub fn code(&self) -> &'static str {
        match self {
            TaxonomyError::Parse(_) => "taxonomy_invalid",
            TaxonomyError::Duplicate(_) => "taxonomy_duplicate_term",
        }
    }
}

/// A term found in a text, with how often and the first phrase that matched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    pub term: usize,
    pub count: u32,
    pub matched: String,
}

/// A seniority phrase found in a text.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct LevelSignal {
    pub level: Level,
    pub phrase: String,
}

#[derive(Debug, Clone)]
pub struct Taxonomy {
    terms: Vec<Term>,
    seniority: Seniority,
}

impl Taxonomy {
    /// The embedded taxonomy.
    pub fn builtin() -> Result<Taxonomy, TaxonomyError> {
        Taxonomy::parse(BUILTIN)
    }

    pub fn parse(text: &str) -> Result<Taxonomy, TaxonomyError> {
        let raw: RawTaxonomy = toml::from_str(text)?;
        let mut terms = raw.term;
        let mut seen = std::collections::HashSet::new();
        for t in &mut terms {
            if !seen.insert(t.id.clone()) {
                return Err(TaxonomyError::Duplicate(t.id.clone()));
            }
            t.folded = t.aliases.iter().map(|a| pad(&fold(a))).collect();
        }
        Ok(Taxonomy {
            terms,
            seniority: raw.seniority,
        })
    }

    pub fn terms(&self) -> &[Term] {
        &self.terms
    }

    pub fn term(&self, index: usize) -> &Term {
        &self.terms[index]
    }

    pub fn find(&self, id: &str) -> Option<&Term> {
        self.terms.iter().find(|t| t.id == id)
    }

    /// Every term named in `text`, in taxonomy order, counting whole-phrase occurrences.
    pub fn scan(&self, text: &str) -> Vec<Hit> {
        let folded = pad(&fold(text));
        let mut hits = Vec::new();
        for (i, term) in self.terms.iter().enumerate() {
            let mut count = 0u32;
            let mut matched = None;
            for (alias, f) in term.aliases.iter().zip(&term.folded) {
                let n = count_overlapping(&folded, f);
                if n > 0 {
                    count += n;
                    matched.get_or_insert_with(|| alias.clone());
                }
            }
            for word in &term.exact {
                let n = count_exact_word(text, word);
                if n > 0 {
                    count += n;
                    matched.get_or_insert_with(|| word.clone());
                }
            }
            if let Some(matched) = matched {
                hits.push(Hit {
                    term: i,
                    count,
                    matched,
                });
            }
        }
        hits
    }

    /// Seniority phrases and years of experience found in `text`.
    pub fn level_signals(&self, text: &str) -> Vec<LevelSignal> {
        let folded = pad(&fold(text));
        let mut out = Vec::new();
        let phrases = [
            (Level::Staff, &self.seniority.staff_phrases),
            (Level::Senior, &self.seniority.senior_phrases),
        ];
        for (level, list) in phrases {
            for phrase in list {
                if count_overlapping(&folded, &pad(&fold(phrase))) > 0 {
                    out.push(LevelSignal {
                        level,
                        phrase: phrase.clone(),
                    });
                }
            }
        }
        if let Some(years) = max_years(&folded) {
            let level = if years >= self.seniority.staff_min_years {
                Some(Level::Staff)
            } else if years >= self.seniority.senior_min_years {
                Some(Level::Senior)
            } else {
                None
            };
            if let Some(level) = level {
                out.push(LevelSignal {
                    level,
                    phrase: format!("{years}+ years of experience"),
                });
            }
        }
        out
    }
}

/// Lowercases and turns every character that is not a letter, digit, `+` or `#` into a space,
/// so "Node.js," and "node js" compare equal and matches fall on word boundaries.
pub(crate) fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut last_space = true;
    for c in text.chars() {
        if c.is_alphanumeric() || c == '+' || c == '#' {
            out.extend(c.to_lowercase());
            last_space = false;
        } else if !last_space {
            out.push(' ');
            last_space = true;
        }
    }
    out.trim_end().to_string()
}

fn pad(s: &str) -> String {
    format!(" {s} ")
}

fn count_overlapping(haystack: &str, needle: &str) -> u32 {
    if needle.trim().is_empty() {
        return 0;
    }
    // Needles start and end with a space; stepping past the needle minus its trailing space
    // lets adjacent matches ("kafka kafka") share the space between them.
    let step = needle.len().saturating_sub(1).max(1);
    let mut count = 0;
    let mut from = 0;
    while let Some(pos) = haystack[from..].find(needle) {
        count += 1;
        from += pos + step;
        if from >= haystack.len() {
            break;
        }
    }
    count
}

fn count_exact_word(text: &str, word: &str) -> u32 {
    let mut count = 0;
    for (pos, _) in text.match_indices(word) {
        let before = text[..pos].chars().next_back();
        let after = text[pos + word.len()..].chars().next();
        let boundary = |c: Option<char>| c.is_none_or(|c| !c.is_alphanumeric());
        if boundary(before) && boundary(after) {
            count += 1;
        }
    }
    count
}

/// The largest "N years" / "N+ years" in folded text, ignoring absurd values.
fn max_years(folded: &str) -> Option<u32> {
    let words: Vec<&str> = folded.split_whitespace().collect();
    let mut best = None;
    for pair in words.windows(2) {
        if pair[1] == "years" || pair[1] == "yrs" {
            let n = pair[0].trim_end_matches('+');
            if let Ok(n) = n.parse::<u32>() {
                if n <= 50 {
                    best = Some(best.map_or(n, |b: u32| b.max(n)));
                }
            }
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fold_normalises_punctuation_and_case() {
        assert_eq!(
            fold("Node.js, PostgreSQL/Redis!"),
            "node js postgresql redis"
        );
        assert_eq!(fold("C++ and C#"), "c++ and c#");
    }

    #[test]
    fn scan_counts_whole_phrases_only() {
        let tax = Taxonomy::builtin().expect("taxonomy");
        let hits = tax.scan("Kafka, kafka and Kafka Streams; not kafkaesque. Redistribution too.");
        let kafka = hits
            .iter()
            .find(|h| tax.term(h.term).id == "kafka")
            .expect("kafka found");
        assert_eq!(kafka.count, 4, "kafka x3 plus the 'kafka streams' alias");
        assert!(hits.iter().all(|h| tax.term(h.term).id != "redis"));
    }

    #[test]
    fn exact_words_are_case_sensitive() {
        let tax = Taxonomy::builtin().expect("taxonomy");
        let go = |t: &str| tax.scan(t).iter().any(|h| tax.term(h.term).id == "go");
        assert!(go("Built services in Go and Rust"));
        assert!(!go("we had to go live quickly"));
    }

    #[test]
    fn years_of_experience_signal_a_level() {
        let tax = Taxonomy::builtin().expect("taxonomy");
        let s = tax.level_signals("12+ years of experience building backends");
        assert!(s.iter().any(|s| s.level == Level::Staff));
        let s = tax.level_signals("3 years of experience");
        assert!(s.is_empty());
    }
}
