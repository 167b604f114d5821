//! A candidate profile: what a résumé and a job description say about technologies, domains,
//! practices and level, found with the curated taxonomy. Deterministic: same text, same profile.

use serde::Serialize;

use crate::question::Level;
use crate::taxonomy::{LevelSignal, Taxonomy, TermKind};

/// Where a profile fact came from, so reasons can say "your résumé" or "the job description".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    Resume,
    Job,
}

impl Source {
    pub fn label(self) -> &'static str {
        match self {
            Source::Resume => "your résumé",
            Source::Job => "the job description",
        }
    }
}

/// A taxonomy term found in the inputs.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProfileTerm {
    pub id: String,
    pub name: String,
    pub kind: TermKind,
    pub category: String,
    pub resume_count: u32,
    pub job_count: u32,
}

impl ProfileTerm {
    /// How strongly the term features; the job description weighs more because it says what
    /// the interviewers will probe.
    pub fn weight(&self) -> f64 {
        f64::from(self.resume_count) + 1.5 * f64::from(self.job_count)
    }

    /// "your résumé mentions Kafka 4×" or "the job description mentions Kafka".
    pub fn evidence(&self) -> String {
        let times = |n: u32| {
            if n > 1 {
                format!(" {n}×")
            } else {
                String::new()
            }
        };
        match (self.resume_count, self.job_count) {
            (r, 0) => format!("your résumé mentions {}{}", self.name, times(r)),
            (0, j) => format!("the job description mentions {}{}", self.name, times(j)),
            (r, j) => format!(
                "your résumé mentions {}{} and the job description asks for it{}",
                self.name,
                times(r),
                times(j)
            ),
        }
    }
}

/// A seniority signal with where it was found.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SourcedSignal {
    pub source: Source,
    #[serde(flatten)]
    pub signal: LevelSignal,
}

/// What tailoring knows about the candidate and the role.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Profile {
    /// Found terms, strongest first (ties by taxonomy id).
    pub terms: Vec<ProfileTerm>,
    /// The level the inputs point to, if any.
    pub level: Option<Level>,
    /// Which input decided `level`.
    pub level_source: Option<Source>,
    pub level_signals: Vec<SourcedSignal>,
}

impl Profile {
    /// Builds a profile from a résumé and/or a job description (either may be absent).
    pub fn build(tax: &Taxonomy, resume: Option<&str>, job: Option<&str>) -> Profile {
        let mut terms: Vec<ProfileTerm> = Vec::new();
        let mut add = |text: &str, source: Source| {
            for hit in tax.scan(text) {
                let t = tax.term(hit.term);
                let entry = match terms.iter_mut().find(|p| p.id == t.id) {
                    Some(e) => e,
                    None => {
                        terms.push(ProfileTerm {
                            id: t.id.clone(),
                            name: t.name.clone(),
                            kind: t.kind,
                            category: t.category.clone(),
                            resume_count: 0,
                            job_count: 0,
                        });
                        let last = terms.len() - 1;
                        &mut terms[last]
                    }
                };
                match source {
                    Source::Resume => entry.resume_count += hit.count,
                    Source::Job => entry.job_count += hit.count,
                }
            }
        };
        if let Some(r) = resume {
            add(r, Source::Resume);
        }
        if let Some(j) = job {
            add(j, Source::Job);
        }
        terms.sort_by(|a, b| {
            b.weight()
                .total_cmp(&a.weight())
                .then_with(|| a.id.cmp(&b.id))
        });

        let mut level_signals = Vec::new();
        let mut level = None;
        let mut level_source = None;
        // The job description says what the role is; the résumé only what the candidate did.
        for (text, source) in [(job, Source::Job), (resume, Source::Resume)] {
            let Some(text) = text else { continue };
            let signals = tax.level_signals(text);
            if level.is_none() {
                if let Some(l) = decide_level(&signals) {
                    level = Some(l);
                    level_source = Some(source);
                }
            }
            level_signals.extend(
                signals
                    .into_iter()
                    .map(|signal| SourcedSignal { source, signal }),
            );
        }
        Profile {
            terms,
            level,
            level_source,
            level_signals,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.terms.is_empty() && self.level.is_none()
    }

    pub fn term(&self, id: &str) -> Option<&ProfileTerm> {
        self.terms.iter().find(|t| t.id == id)
    }

    /// The strongest term in a taxonomy category (`technology`/`domain` mean any term of that
    /// kind), preferring ones the question is tagged with.
    pub fn best_in(&self, category: &str, prefer: &[String]) -> Option<&ProfileTerm> {
        let fits = |t: &&ProfileTerm| match category {
            "technology" => t.kind == TermKind::Technology,
            "domain" => t.kind == TermKind::Domain,
            c => t.category == c,
        };
        self.terms
            .iter()
            .filter(fits)
            .find(|t| prefer.contains(&t.id))
            .or_else(|| self.terms.iter().find(fits))
    }

    /// The phrases that decided the level, for the reason shown to the user.
    pub fn level_evidence(&self) -> Vec<&str> {
        let (Some(level), Some(source)) = (self.level, self.level_source) else {
            return Vec::new();
        };
        self.level_signals
            .iter()
            .filter(|s| s.source == source && s.signal.level == level)
            .map(|s| s.signal.phrase.as_str())
            .take(3)
            .collect()
    }
}

/// Staff when staff signals outnumber senior ones; senior when there is any signal at all.
fn decide_level(signals: &[LevelSignal]) -> Option<Level> {
    let staff = signals.iter().filter(|s| s.level == Level::Staff).count();
    let senior = signals.iter().filter(|s| s.level == Level::Senior).count();
    match (staff, senior) {
        (0, 0) => None,
        (st, se) if st > se => Some(Level::Staff),
        _ => Some(Level::Senior),
    }
}
