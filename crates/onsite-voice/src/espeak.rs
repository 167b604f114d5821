//! espeak-ng, the Debian program, in its two roles: it turns text into the IPA phonemes that
//! Piper voices are trained on, and it is the fallback voice when no Piper voice is installed.
//!
//! We run the `espeak-ng` program rather than linking libespeak-ng: the library keeps its
//! state (voice, buffers, callbacks) in process-wide globals and is not reentrant, so calling
//! it from the app's threads would need a global lock and `unsafe` FFI, and a crash inside it
//! would take the app down. A child process costs about 15 ms per sentence, small beside the
//! synthesis itself, and isolates all of that.

use std::io::Write;
use std::process::{Command, Stdio};

use crate::error::{Result, VoiceError};
use crate::text::Clause;
use crate::Audio;

/// The rate of espeak-ng's WAV output.
pub const SAMPLE_RATE: u32 = 22_050;

/// The program run; `ONSITE_ESPEAK` overrides it (tests use it to simulate a missing one).
fn program() -> std::ffi::OsString {
    std::env::var_os("ONSITE_ESPEAK").unwrap_or_else(|| "espeak-ng".into())
}

fn run(args: &[&str], stdin: &str) -> Result<Vec<u8>> {
    let program = program();
    let mut child = Command::new(&program)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| VoiceError::EspeakMissing {
            detail: format!("{}: {e}", program.to_string_lossy()),
        })?;
    if let Some(mut input) = child.stdin.take() {
        input
            .write_all(stdin.as_bytes())
            .map_err(|e| VoiceError::Espeak {
                detail: format!("writing its input: {e}"),
            })?;
    }
    let out = child.wait_with_output().map_err(|e| VoiceError::Espeak {
        detail: e.to_string(),
    })?;
    if !out.status.success() {
        return Err(VoiceError::Espeak {
            detail: format!(
                "{} ({})",
                out.status,
                String::from_utf8_lossy(&out.stderr).trim()
            ),
        });
    }
    Ok(out.stdout)
}

/// Whether the program can be run at all (for listing voices).
pub fn available() -> bool {
    run(&["--version"], "").is_ok()
}

/// The IPA phonemes of each clause, in the form Piper's own phonemiser produces (espeak-ng's
/// IPA without ties, words separated by spaces, language-switch flags removed).
///
/// One process per sentence: clauses go in as paragraphs (separated by a blank line), and
/// espeak-ng answers with one blank-line-separated group per paragraph. Inside a group it may
/// break a clause further (at "e.g." for instance); those lines are joined. Should the groups
/// ever not line up with the clauses, each clause is phonemised on its own instead.
pub fn phonemize(espeak_voice: &str, clauses: &[Clause]) -> Result<Vec<String>> {
    let input: Vec<&str> = clauses.iter().map(|c| c.text.as_str()).collect();
    let out = run(&["-q", "--ipa", "-v", espeak_voice], &input.join("\n\n"))?;
    let grouped = groups(&String::from_utf8_lossy(&out));
    if grouped.len() == clauses.len() {
        return Ok(grouped);
    }
    tracing::debug!(
        clauses = clauses.len(),
        groups = grouped.len(),
        "espeak-ng grouped differently; phonemising clause by clause"
    );
    clauses
        .iter()
        .map(|c| {
            let out = run(&["-q", "--ipa", "-v", espeak_voice], &c.text)?;
            Ok(groups(&String::from_utf8_lossy(&out)).join(" "))
        })
        .collect()
}

fn groups(output: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current: Vec<String> = Vec::new();
    for line in output.lines() {
        let line = strip_language_flags(line.trim());
        if line.is_empty() {
            if !current.is_empty() {
                out.push(current.join(" "));
                current.clear();
            }
        } else {
            current.push(line);
        }
    }
    if !current.is_empty() {
        out.push(current.join(" "));
    }
    out
}

/// espeak-ng marks words it reads in another language with `(fr)` … `(en)`; Piper drops them.
fn strip_language_flags(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut depth = 0usize;
    for c in line.chars() {
        match c {
            '(' => depth += 1,
            ')' if depth > 0 => depth -= 1,
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out.trim().to_string()
}

/// espeak-ng's own voice for `sentence`: its WAV (22,050 Hz, 16-bit mono) read into floats.
/// `speed` scales its default 175 words per minute.
pub fn speak(espeak_voice: &str, sentence: &str, speed: f32) -> Result<Audio> {
    let wpm = ((175.0 * speed).round() as u32).clamp(80, 450).to_string();
    // Not `-q`: with it espeak-ng writes no audio at all to stdout.
    let wav = run(&["--stdout", "-v", espeak_voice, "-s", &wpm], sentence)?;
    Ok(Audio {
        samples: wav_samples(&wav)?,
        sample_rate: SAMPLE_RATE,
    })
}

/// The 16-bit samples of espeak-ng's streamed WAV. It writes the header before it knows the
/// length, so the RIFF and data sizes are placeholders that WAV readers (hound) reject; the
/// samples are simply everything after the `data` chunk's header.
fn wav_samples(wav: &[u8]) -> Result<Vec<f32>> {
    let bad = |what: &str| VoiceError::Espeak {
        detail: format!("its WAV output is unreadable: {what}"),
    };
    if wav.len() < 12 || &wav[..4] != b"RIFF" || &wav[8..12] != b"WAVE" {
        return Err(bad("no RIFF/WAVE header"));
    }
    let mut at = 12;
    while at + 8 <= wav.len() {
        let id = &wav[at..at + 4];
        let size =
            u32::from_le_bytes([wav[at + 4], wav[at + 5], wav[at + 6], wav[at + 7]]) as usize;
        if id == b"fmt " {
            let fmt = wav
                .get(at + 8..at + 24)
                .ok_or_else(|| bad("short fmt chunk"))?;
            let channels = u16::from_le_bytes([fmt[2], fmt[3]]);
            let rate = u32::from_le_bytes([fmt[4], fmt[5], fmt[6], fmt[7]]);
            let bits = u16::from_le_bytes([fmt[14], fmt[15]]);
            if (channels, rate, bits) != (1, SAMPLE_RATE, 16) {
                return Err(bad(&format!(
                    "{channels} channels, {rate} Hz, {bits} bits; expected mono 22050 Hz 16-bit"
                )));
            }
        } else if id == b"data" {
            return Ok(wav[at + 8..]
                .chunks_exact(2)
                .map(|b| f32::from(i16::from_le_bytes([b[0], b[1]])) / 32768.0)
                .collect());
        }
        at = at.saturating_add(8).saturating_add(size + (size & 1));
    }
    Err(bad("no data chunk"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_join_lines_and_split_at_blank_lines() {
        assert_eq!(
            groups(" a b\n c\n\n d (en)e(fr) f\n"),
            vec!["a b c".to_string(), "d e f".to_string()]
        );
    }
}
