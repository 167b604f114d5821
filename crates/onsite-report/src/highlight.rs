//! Where to highlight a transcript: the rubric's quoted evidence and the fillers, as byte
//! ranges into the transcript text (non-overlapping, in order).

use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum HighlightKind {
    /// A quote the rubric gave as evidence for this competency.
    Evidence {
        competency: String,
    },
    Filler,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Highlight {
    pub start: usize,
    pub end: usize,
    #[serde(flatten)]
    pub kind: HighlightKind,
}

/// Finds each quote (case-insensitively, first occurrence) and each filler (as a whole word).
/// Evidence wins over fillers where they overlap; quotes not found verbatim are skipped.
pub fn find(text: &str, evidence: &[(String, String)], fillers: &[String]) -> Vec<Highlight> {
    // ASCII lowercase keeps byte offsets identical to `text`.
    let hay = text.to_ascii_lowercase();
    let mut out: Vec<Highlight> = Vec::new();
    for (competency, quote) in evidence {
        let needle = quote.trim().to_ascii_lowercase();
        if needle.is_empty() {
            continue;
        }
        if let Some(start) = hay.find(&needle) {
            out.push(Highlight {
                start,
                end: start + needle.len(),
                kind: HighlightKind::Evidence {
                    competency: competency.clone(),
                },
            });
        }
    }
    for filler in fillers {
        let needle = filler.to_ascii_lowercase();
        if needle.is_empty() {
            continue;
        }
        let mut from = 0;
        while let Some(pos) = hay[from..].find(&needle) {
            let start = from + pos;
            let end = start + needle.len();
            let before = hay[..start].chars().next_back();
            let after = hay[end..].chars().next();
            let whole = !before.is_some_and(char::is_alphanumeric)
                && !after.is_some_and(char::is_alphanumeric);
            if whole {
                out.push(Highlight {
                    start,
                    end,
                    kind: HighlightKind::Filler,
                });
            }
            from = end;
        }
    }
    // Evidence first (stable sort keeps its priority at equal starts), then drop overlaps.
    out.sort_by_key(|h| (h.start, matches!(h.kind, HighlightKind::Filler)));
    let mut kept: Vec<Highlight> = Vec::new();
    for h in out {
        if kept.last().is_none_or(|k| h.start >= k.end) {
            kept.push(h);
        }
    }
    kept
}

/// Splits `text` into (piece, highlight) runs for renderers.
pub fn runs<'a>(
    text: &'a str,
    highlights: &'a [Highlight],
) -> Vec<(&'a str, Option<&'a Highlight>)> {
    let mut out = Vec::new();
    let mut at = 0;
    for h in highlights {
        if h.start < at || h.end > text.len() {
            continue;
        }
        if h.start > at {
            out.push((&text[at..h.start], None));
        }
        out.push((&text[h.start..h.end], Some(h)));
        at = h.end;
    }
    if at < text.len() {
        out.push((&text[at..], None));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_and_whole_word_fillers_without_overlap() {
        let text = "Um, we measured latency. Umbrella um so we Measured Latency again.";
        let h = find(
            text,
            &[("technical_depth".into(), "we measured latency".into())],
            &["um".into()],
        );
        let spans: Vec<&str> = h.iter().map(|h| &text[h.start..h.end]).collect();
        assert_eq!(spans, ["Um", "we measured latency", "um"]);
        let joined: String = runs(text, &h).into_iter().map(|r| r.0).collect();
        assert_eq!(joined, text);
    }
}
