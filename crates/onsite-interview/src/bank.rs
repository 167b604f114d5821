//! The question bank: the embedded default questions plus the user's own files, validated.
//!
//! A bank file is TOML: an optional `[defaults]` table (track, level, kind, prep_s, answer_s)
//! and `[[question]]` entries that may leave those fields out. Every problem is reported with
//! the file and line it comes from, so a user editing their own questions can fix it.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::question::{placeholders, Gap, Kind, Level, Question, Slot, Track};

/// The default bank, compiled into the binary so Onsite works with no files on disk.
const BUILTIN: &[(&str, &str)] = &[
    (
        "system-design.toml",
        include_str!("../questions/system-design.toml"),
    ),
    (
        "leadership.toml",
        include_str!("../questions/leadership.toml"),
    ),
    (
        "technical-debt.toml",
        include_str!("../questions/technical-debt.toml"),
    ),
    (
        "operations.toml",
        include_str!("../questions/operations.toml"),
    ),
    (
        "ambiguity.toml",
        include_str!("../questions/ambiguity.toml"),
    ),
    (
        "architecture-review.toml",
        include_str!("../questions/architecture-review.toml"),
    ),
    ("learning.toml", include_str!("../questions/learning.toml")),
];

/// Largest question file accepted from the user's folder.
const MAX_FILE_BYTES: u64 = 4 * 1024 * 1024;

/// The shortest question text accepted, in bytes.
const MIN_TEXT_BYTES: usize = 20;
/// Preparation and answer times a question may set, in seconds.
const PREP_SECONDS: std::ops::RangeInclusive<u32> = 5..=1800;
const ANSWER_SECONDS: std::ops::RangeInclusive<u32> = 30..=3600;

/// What is wrong with one question of a bank file; [`BankError::Invalid`] adds the file, the
/// line and the id.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QuestionProblem {
    #[error("`{field}` is missing (set it on the question or in [defaults])")]
    Missing { field: &'static str },
    #[error("ids use lowercase letters, digits and '-' only (like `rate-limiter-2`)")]
    BadId,
    #[error("`text` is empty or too short to be a question: write the whole question (at least {min} characters)")]
    TextTooShort { min: usize },
    #[error("needs at least one non-empty talking point: add `talking_points = [\"...\"]`, what a strong answer covers")]
    NoTalkingPoints,
    #[error("needs at least one non-empty follow-up keyed by a rubric gap, like `follow_ups.no_trade_offs = \"...\"`")]
    NoFollowUps,
    #[error("{field} {value} is outside {min}..={max} seconds")]
    TimeOutOfRange {
        field: &'static str,
        value: u32,
        min: u32,
        max: u32,
    },
    #[error("tag {tag:?} must be a lowercase id without spaces (like `caching`)")]
    BadTag { tag: String },
    #[error("text uses {{{placeholder}}} but [slots] does not say how to fill it: add a `slots.{placeholder}` entry")]
    SlotUndeclared { placeholder: String },
    #[error("slot {slot:?} is declared but the text never uses it: use {{{slot}}} in `text` or remove the slot")]
    SlotUnused { slot: String },
}

/// Why the bank could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum BankError {
    #[error("cannot read question file {}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("question file {file} is {size} bytes; the limit is {MAX_FILE_BYTES}")]
    TooLarge { file: String, size: u64 },
    #[error("{file}:{line}:{column}: not a valid question file: {message}")]
    Parse {
        file: String,
        line: usize,
        column: usize,
        message: String,
    },
    #[error("{file}:{line}: question {id:?}: {problem}")]
    Invalid {
        file: String,
        line: usize,
        id: String,
        problem: QuestionProblem,
    },
    #[error(
        "{file}:{line}: question id {id:?} is already used in {first_file}; ids must be unique"
    )]
    DuplicateId {
        file: String,
        line: usize,
        id: String,
        first_file: String,
    },
}

impl BankError {
    /// Stable identifier for the UI and scripts.
    pub fn code(&self) -> &'static str {
        match self {
            BankError::Io { .. } => "question_file_unreadable",
            BankError::TooLarge { .. } => "question_file_too_large",
            BankError::Parse { .. } => "question_file_invalid",
            BankError::Invalid { .. } => "question_invalid",
            BankError::DuplicateId { .. } => "question_duplicate_id",
        }
    }
}

/// All questions available to plans, in a stable order (file order, then position in file).
#[derive(Debug, Clone)]
pub struct Bank {
    questions: Vec<Question>,
    by_id: HashMap<String, usize>,
}

impl Bank {
    /// The embedded default bank only.
    pub fn builtin() -> Result<Bank, BankError> {
        let mut builder = Builder::default();
        for (name, text) in BUILTIN {
            builder.add_file(&format!("builtin:{name}"), text)?;
        }
        Ok(builder.finish())
    }

    /// The default bank plus every `*.toml` in `dir` (if it exists), read in name order.
    pub fn load(user_dir: Option<&Path>) -> Result<Bank, BankError> {
        let mut builder = Builder::default();
        for (name, text) in BUILTIN {
            builder.add_file(&format!("builtin:{name}"), text)?;
        }
        if let Some(dir) = user_dir {
            for path in user_files(dir)? {
                let text = read_bounded(&path)?;
                builder.add_file(&path.display().to_string(), &text)?;
            }
        }
        Ok(builder.finish())
    }

    /// A bank of only these `(file name, TOML text)` question files, without the built-in ones:
    /// how the fuzzer (and any caller holding text rather than a folder) parses user files.
    pub fn from_texts<'a>(
        files: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Result<Bank, BankError> {
        let mut builder = Builder::default();
        for (name, text) in files {
            builder.add_file(name, text)?;
        }
        Ok(builder.finish())
    }

    pub fn questions(&self) -> &[Question] {
        &self.questions
    }

    pub fn get(&self, id: &str) -> Option<&Question> {
        self.by_id.get(id).map(|&i| &self.questions[i])
    }

    pub fn len(&self) -> usize {
        self.questions.len()
    }

    pub fn is_empty(&self) -> bool {
        self.questions.is_empty()
    }

    /// Questions filtered by track and level, in bank order.
    pub fn filter(&self, track: Option<Track>, level: Option<Level>) -> Vec<&Question> {
        self.questions
            .iter()
            .filter(|q| track.is_none_or(|t| q.track == t))
            .filter(|q| level.is_none_or(|l| q.level == l))
            .collect()
    }
}

fn user_files(dir: &Path) -> Result<Vec<PathBuf>, BankError> {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(source) => {
            return Err(BankError::Io {
                path: dir.to_path_buf(),
                source,
            })
        }
    };
    let mut files = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|source| BankError::Io {
            path: dir.to_path_buf(),
            source,
        })?;
        let path = entry.path();
        if path.extension().is_some_and(|e| e == "toml") && path.is_file() {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}

fn read_bounded(path: &Path) -> Result<String, BankError> {
    let io = |source| BankError::Io {
        path: path.to_path_buf(),
        source,
    };
    let size = std::fs::metadata(path).map_err(io)?.len();
    if size > MAX_FILE_BYTES {
        return Err(BankError::TooLarge {
            file: path.display().to_string(),
            size,
        });
    }
    std::fs::read_to_string(path).map_err(io)
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    defaults: RawDefaults,
    #[serde(default)]
    question: Vec<toml::Spanned<RawQuestion>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDefaults {
    track: Option<Track>,
    level: Option<Level>,
    kind: Option<Kind>,
    prep_s: Option<u32>,
    answer_s: Option<u32>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawQuestion {
    id: String,
    track: Option<Track>,
    level: Option<Level>,
    kind: Option<Kind>,
    text: String,
    prep_s: Option<u32>,
    answer_s: Option<u32>,
    #[serde(default)]
    talking_points: Vec<String>,
    #[serde(default)]
    follow_ups: BTreeMap<Gap, String>,
    #[serde(default)]
    tags: Vec<String>,
    #[serde(default)]
    slots: BTreeMap<String, Slot>,
}

#[derive(Default)]
struct Builder {
    questions: Vec<Question>,
    by_id: HashMap<String, usize>,
    origin: Vec<String>,
}

impl Builder {
    fn add_file(&mut self, file: &str, text: &str) -> Result<(), BankError> {
        let raw: RawFile = toml::from_str(text).map_err(|e| {
            let (line, column) = e.span().map(|s| line_col(text, s.start)).unwrap_or((1, 1));
            BankError::Parse {
                file: file.to_string(),
                line,
                column,
                message: e.message().to_string(),
            }
        })?;
        for spanned in raw.question {
            let line = line_col(text, spanned.span().start).0;
            let q = spanned.into_inner();
            let invalid = |problem: QuestionProblem| BankError::Invalid {
                file: file.to_string(),
                line,
                id: q.id.clone(),
                problem,
            };
            let missing = |field: &'static str| invalid(QuestionProblem::Missing { field });
            let question = Question {
                id: q.id.clone(),
                track: q
                    .track
                    .or(raw.defaults.track)
                    .ok_or_else(|| missing("track"))?,
                level: q
                    .level
                    .or(raw.defaults.level)
                    .ok_or_else(|| missing("level"))?,
                kind: q
                    .kind
                    .or(raw.defaults.kind)
                    .ok_or_else(|| missing("kind"))?,
                text: q.text.trim().to_string(),
                prep_s: q
                    .prep_s
                    .or(raw.defaults.prep_s)
                    .ok_or_else(|| missing("prep_s"))?,
                answer_s: q
                    .answer_s
                    .or(raw.defaults.answer_s)
                    .ok_or_else(|| missing("answer_s"))?,
                talking_points: q.talking_points.clone(),
                follow_ups: q.follow_ups.clone(),
                tags: q.tags.clone(),
                slots: q.slots.clone(),
            };
            validate(&question).map_err(invalid)?;
            if let Some(&first) = self.by_id.get(&question.id) {
                return Err(BankError::DuplicateId {
                    file: file.to_string(),
                    line,
                    id: question.id,
                    first_file: self.origin[first].clone(),
                });
            }
            self.by_id.insert(question.id.clone(), self.questions.len());
            self.questions.push(question);
            self.origin.push(file.to_string());
        }
        Ok(())
    }

    fn finish(self) -> Bank {
        Bank {
            questions: self.questions,
            by_id: self.by_id,
        }
    }
}

/// Checks what serde cannot: content rules every question must meet.
fn validate(q: &Question) -> Result<(), QuestionProblem> {
    if q.id.is_empty()
        || !q
            .id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    {
        return Err(QuestionProblem::BadId);
    }
    if q.text.len() < MIN_TEXT_BYTES {
        return Err(QuestionProblem::TextTooShort {
            min: MIN_TEXT_BYTES,
        });
    }
    if q.talking_points.is_empty() || q.talking_points.iter().any(|t| t.trim().is_empty()) {
        return Err(QuestionProblem::NoTalkingPoints);
    }
    if q.follow_ups.is_empty() || q.follow_ups.values().any(|t| t.trim().is_empty()) {
        return Err(QuestionProblem::NoFollowUps);
    }
    let seconds = |field: &'static str, value: u32, range: std::ops::RangeInclusive<u32>| {
        if range.contains(&value) {
            Ok(())
        } else {
            Err(QuestionProblem::TimeOutOfRange {
                field,
                value,
                min: *range.start(),
                max: *range.end(),
            })
        }
    };
    seconds("prep_s", q.prep_s, PREP_SECONDS)?;
    seconds("answer_s", q.answer_s, ANSWER_SECONDS)?;
    if let Some(tag) = q
        .tags
        .iter()
        .find(|t| t.is_empty() || t.chars().any(|c| c.is_ascii_uppercase() || c == ' '))
    {
        return Err(QuestionProblem::BadTag { tag: tag.clone() });
    }
    let used = placeholders(&q.text);
    if let Some(p) = used.iter().find(|p| !q.slots.contains_key(**p)) {
        return Err(QuestionProblem::SlotUndeclared {
            placeholder: (*p).to_string(),
        });
    }
    if let Some(s) = q.slots.keys().find(|s| !used.contains(&s.as_str())) {
        return Err(QuestionProblem::SlotUnused { slot: s.clone() });
    }
    Ok(())
}

/// 1-based line and column of a byte offset.
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.len() - before.rfind('\n').map_or(0, |i| i + 1) + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn problems_carry_what_is_wrong() {
        let bank = Bank::builtin().unwrap();
        let good = bank.questions().first().unwrap().clone();
        assert_eq!(validate(&good), Ok(()));

        let mut q = good.clone();
        q.answer_s = 5000;
        let problem = validate(&q).unwrap_err();
        assert_eq!(
            problem,
            QuestionProblem::TimeOutOfRange {
                field: "answer_s",
                value: 5000,
                min: 30,
                max: 3600
            }
        );
        assert_eq!(
            problem.to_string(),
            "answer_s 5000 is outside 30..=3600 seconds"
        );

        let mut q = good.clone();
        q.text = format!("{} Mind {{stack}}.", q.text);
        assert_eq!(
            validate(&q),
            Err(QuestionProblem::SlotUndeclared {
                placeholder: "stack".into()
            })
        );

        let mut q = good;
        q.tags.push("Big Data".into());
        assert_eq!(
            validate(&q),
            Err(QuestionProblem::BadTag {
                tag: "Big Data".into()
            })
        );
    }

    #[test]
    fn line_col_counts_from_one() {
        assert_eq!(line_col("ab\ncd", 0), (1, 1));
        assert_eq!(line_col("ab\ncd", 4), (2, 2));
    }
}
