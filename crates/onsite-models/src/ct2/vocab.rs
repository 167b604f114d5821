//! The vocabulary: `vocabulary.txt` (one GPT-2 byte-level token per line, older CTranslate2)
//! or `vocabulary.json` (a JSON array of the same strings, CTranslate2 ≥ 3.x), decoded back
//! to the raw bytes whisper.cpp expects.
//!
//! GPT-2's tokenizer maps each byte to a printable character so tokens can be stored as
//! text (e.g. space → `Ġ`, newline → `Ċ`). whisper.cpp stores tokens as raw bytes, so each
//! character is mapped back. Only the ordinary BPE tokens (ids below `<|endoftext|>`) are
//! kept: whisper.cpp creates the special tokens itself, at ids fixed by the model kind.

use std::path::Path;

use crate::error::{ModelError, Result};

pub const END_OF_TEXT: &str = "<|endoftext|>";

/// What is wrong with a vocabulary file; [`ModelError::Vocabulary`] names the file.
#[derive(Debug, thiserror::Error)]
pub enum VocabularyProblem {
    #[error("{bytes} bytes is far too large for a Whisper vocabulary (under 1 MB): is it the right file?")]
    TooLarge { bytes: u64 },
    #[error("not a JSON array of token strings ({error}); re-export the model with CTranslate2")]
    NotJson { error: serde_json::Error },
    #[error("not UTF-8 (invalid byte at offset {offset}); re-export the model with CTranslate2")]
    NotUtf8 { offset: usize },
    #[error("entry {at} is {found:?}, expected {eot} for a model of this size: the vocabulary belongs to another model", eot = END_OF_TEXT)]
    EndOfTextMisplaced { at: usize, found: String },
    #[error("only {entries} entries; {eot} expected at {at}: the vocabulary is cut short or belongs to another model", eot = END_OF_TEXT)]
    TooFewEntries { entries: usize, at: usize },
    #[error("token {id} ({token:?}) has characters outside the GPT-2 byte alphabet; re-export the model with CTranslate2")]
    OutsideByteAlphabet { id: usize, token: String },
}

/// Ordinary tokens, as raw bytes, in id order.
#[derive(Debug, Clone)]
pub struct Vocabulary {
    pub tokens: Vec<Vec<u8>>,
}

/// GPT-2's `bytes_to_unicode` inverted: for each char code below 324, the byte it stands for.
fn byte_decoder() -> [Option<u8>; 324] {
    let mut table = [None; 324];
    let printable = |b: u32| (0x21..=0x7e).contains(&b) || (0xa1..=0xac).contains(&b) || b >= 0xae;
    let mut next = 256usize;
    for b in 0u32..256 {
        if printable(b) {
            table[b as usize] = Some(b as u8);
        } else {
            table[next] = Some(b as u8);
            next += 1;
        }
    }
    table
}

/// Decodes one byte-level token string to its bytes; `None` if a character is not in the
/// GPT-2 byte alphabet.
pub fn decode_token(token: &str, table: &[Option<u8>; 324]) -> Option<Vec<u8>> {
    token
        .chars()
        .map(|c| table.get(c as usize).copied().flatten())
        .collect()
}

impl Vocabulary {
    /// Reads `vocabulary.txt` or `vocabulary.json` and keeps the `expected_eot` ordinary tokens before
    /// `<|endoftext|>`, which must sit exactly at that id.
    pub fn read(path: &Path, expected_eot: usize) -> Result<Self> {
        let err = |problem: VocabularyProblem| ModelError::Vocabulary {
            path: path.to_path_buf(),
            problem,
        };
        let meta = std::fs::metadata(path).map_err(|e| ModelError::io(path, e))?;
        // Whisper vocabularies are well under 1 MB; refuse to slurp anything absurd.
        if meta.len() > 64 << 20 {
            return Err(err(VocabularyProblem::TooLarge { bytes: meta.len() }));
        }
        let bytes = std::fs::read(path).map_err(|e| ModelError::io(path, e))?;
        let is_json = path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("json"));
        let owned: Vec<String>;
        let text;
        let entries: Vec<&str> = if is_json {
            owned = serde_json::from_slice(&bytes)
                .map_err(|error| err(VocabularyProblem::NotJson { error }))?;
            owned.iter().map(String::as_str).collect()
        } else {
            text = String::from_utf8(bytes).map_err(|e| {
                err(VocabularyProblem::NotUtf8 {
                    offset: e.utf8_error().valid_up_to(),
                })
            })?;
            // Split on '\n' only: an entry may legitimately be empty or hold other whitespace.
            text.split('\n').collect()
        };
        match entries.get(expected_eot) {
            Some(&END_OF_TEXT) => {}
            Some(other) => {
                return Err(err(VocabularyProblem::EndOfTextMisplaced {
                    at: expected_eot,
                    found: (*other).to_owned(),
                }))
            }
            None => {
                return Err(err(VocabularyProblem::TooFewEntries {
                    entries: entries.len(),
                    at: expected_eot,
                }))
            }
        }
        let table = byte_decoder();
        let tokens = entries[..expected_eot]
            .iter()
            .enumerate()
            .map(|(id, t)| {
                decode_token(t, &table).ok_or_else(|| {
                    err(VocabularyProblem::OutsideByteAlphabet {
                        id,
                        token: (*t).to_owned(),
                    })
                })
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(Self { tokens })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_gpt2_byte_level_strings() {
        let t = byte_decoder();
        assert_eq!(decode_token("Ġthe", &t).unwrap(), b" the");
        assert_eq!(decode_token("Ċ", &t).unwrap(), b"\n");
        assert_eq!(decode_token("!", &t).unwrap(), b"!");
        // "é" is two UTF-8 bytes, each stored as its own byte-level char.
        assert_eq!(decode_token("Ã©", &t).unwrap(), "é".as_bytes());
        assert_eq!(decode_token("Ā", &t).unwrap(), [0u8]);
        assert!(decode_token("€", &t).is_none());
    }

    #[test]
    fn every_byte_is_reachable_exactly_once() {
        let t = byte_decoder();
        let mut seen = [0u8; 256];
        for b in t.iter().flatten() {
            seen[*b as usize] += 1;
        }
        assert!(seen.iter().all(|&n| n == 1));
    }

    #[test]
    fn rejects_misplaced_end_of_text() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("vocabulary.txt");
        std::fs::write(&p, "a\nb\n<|endoftext|>\n").unwrap();
        assert_eq!(
            Vocabulary::read(&p, 2).unwrap().tokens,
            vec![b"a".to_vec(), b"b".to_vec()]
        );
        let e = Vocabulary::read(&p, 1).unwrap_err();
        assert_eq!(e.code(), "vocabulary");
        assert!(e.to_string().contains("entry 1"), "{e}");
        assert!(
            matches!(
                &e,
                ModelError::Vocabulary {
                    problem: VocabularyProblem::EndOfTextMisplaced { at: 1, found },
                    ..
                } if found == "b"
            ),
            "{e:?}"
        );
        let e = Vocabulary::read(&p, 7).unwrap_err();
        assert!(
            matches!(
                e,
                ModelError::Vocabulary {
                    problem: VocabularyProblem::TooFewEntries { entries: 4, at: 7 },
                    ..
                }
            ),
            "{e:?}"
        );
    }

    #[test]
    fn reads_the_json_vocabulary_of_newer_exports() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("vocabulary.json");
        std::fs::write(
            &p,
            r#"["Ġthe", "Ċ", "<|endoftext|>", "<|startoftranscript|>"]"#,
        )
        .unwrap();
        assert_eq!(
            Vocabulary::read(&p, 2).unwrap().tokens,
            vec![b" the".to_vec(), b"\n".to_vec()]
        );
        std::fs::write(&p, "Ġthe\nĊ\n<|endoftext|>\n").unwrap();
        let e = Vocabulary::read(&p, 2).unwrap_err();
        assert_eq!(e.code(), "vocabulary");
        assert!(e.to_string().contains("not a JSON array"), "{e}");
    }
}
