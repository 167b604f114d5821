//! The HTML report: one self-contained file. The font is a `data:` URI, charts are inline SVG,
//! and no URL of any kind appears (no scheme, no `//`, not even a doctype URL or an `xmlns`), so
//! it opens identically offline, in the app's webview or in any browser, and leaks nothing.

use std::fmt::Write as _;

use base64::Engine as _;

use crate::competency::competency_label;
use crate::font;
use crate::highlight::{runs, HighlightKind};
use crate::session::{QuestionReport, SessionReport};
use crate::svg;

/// Escapes text for HTML. `/` is escaped too, so user text (a spoken URL) can never put `//`
/// into the file.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '/' => out.push_str("&#47;"),
            c => out.push(c),
        }
    }
    out
}

/// `@font-face` with the bundled font. Base64 uses `/`; inside a CSS string `\/` is the same
/// character, so the file never contains `//` while the browser decodes the exact font.
fn font_face() -> String {
    let b64 = base64::engine::general_purpose::STANDARD.encode(font::DEJAVU_SANS);
    format!(
        "@font-face{{font-family:\"{}\";src:url(\"data:font\\/ttf;base64,{}\") format(\"truetype\");font-weight:normal;font-style:normal;}}",
        font::FAMILY,
        b64.replace('/', "\\/")
    )
}

const STYLE: &str = "
body{font-family:\"OnsiteReport\",sans-serif;color:#1f2933;background:#fff;max-width:860px;margin:0 auto;padding:24px;line-height:1.5}
h1{font-size:1.7em;margin:0 0 4px}h2{font-size:1.3em;margin-top:2em;border-bottom:2px solid #e4e7eb}
h3{font-size:1.1em;margin-top:1.6em}.meta{color:#52606d}.score{font-weight:bold;color:#1d4ed8}
table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #e4e7eb;padding:4px 6px;text-align:left;vertical-align:top}
blockquote{margin:4px 0 4px 12px;padding-left:8px;border-left:3px solid #1d4ed8;color:#323f4b}
mark.evidence{background:#dbeafe;color:#1f2933}mark.filler{background:#fee2e2;color:#7f1d1d}
.transcript{background:#f5f7fa;padding:12px;border-radius:6px}.flag{color:#b91c1c}.strength{color:#166534}
.legend span{margin-right:16px}.chart{max-width:100%;height:auto;display:block;margin:8px 0}
@media print{h2{page-break-before:auto}.question{page-break-inside:avoid}}
";

pub fn render(r: &SessionReport) -> String {
    let mut h = String::with_capacity(1 << 20);
    let _ = write!(
        h,
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><meta name=\"generator\" content=\"Onsite\"><title>Onsite report: {} on {}</title><style>{}{}</style></head><body>",
        esc(&r.plan),
        esc(&r.date),
        font_face(),
        STYLE
    );
    let _ = write!(
        h,
        "<header><h1>Interview report</h1><p class=\"meta\">Plan <strong>{}</strong> · level {} · {} · session {}</p></header>",
        esc(&r.plan),
        esc(&r.level),
        esc(&r.date),
        esc(&r.session_id)
    );
    summary(&mut h, r);
    h.push_str("<h2>Questions</h2>");
    for q in &r.questions {
        question(&mut h, q);
    }
    h.push_str("<footer><p class=\"meta\">Made by Onsite on this machine. Nothing in this report was sent anywhere.</p></footer></body></html>\n");
    h
}

fn summary(h: &mut String, r: &SessionReport) {
    let s = &r.summary;
    h.push_str("<section id=\"summary\"><h2>Session summary</h2>");
    match s.overall {
        Some(o) => {
            let _ = write!(
                h,
                "<p>Overall <span class=\"score\">{o:.1} / 5</span> over {} scored answers.",
                s.answered
            );
        }
        None => h.push_str("<p>No answer in this session was scored."),
    }
    if let (Some(best), Some(worst)) = (&s.strongest, &s.weakest) {
        let _ = write!(
            h,
            " Strongest: {}; weakest: {}.",
            esc(&competency_label(best)),
            esc(&competency_label(worst))
        );
    }
    h.push_str("</p>");
    if !s.competencies.is_empty() {
        h.push_str(&svg::score_bars(
            "Session score per competency, 1 to 5",
            &s.ordered(),
        ));
    }
    if !s.next_steps.is_empty() {
        h.push_str("<h3>Next steps</h3><ol>");
        for n in &s.next_steps {
            let _ = write!(h, "<li>{}</li>", esc(n));
        }
        h.push_str("</ol>");
    }
    h.push_str("</section>");
}

fn question(h: &mut String, q: &QuestionReport) {
    let _ = write!(
        h,
        "<section class=\"question\"><h3>{}{}. {}</h3>",
        q.position,
        if q.follow_up { " (follow-up)" } else { "" },
        esc(&q.text)
    );
    let Some(s) = &q.scored else {
        h.push_str("<p class=\"meta\">Not answered or not scored.</p></section>");
        return;
    };
    let _ = write!(
        h,
        "<p>Score <span class=\"score\">{:.1} / 5</span>{}</p>",
        s.overall,
        if q.takes > 1 {
            format!(" (attempt {} of {})", q.attempt.unwrap_or(1), q.takes)
        } else {
            String::new()
        }
    );
    if !s.verdict.is_empty() {
        let _ = write!(h, "<p>{}</p>", esc(&s.verdict));
    }
    h.push_str("<table><thead><tr><th>Competency</th><th>Score</th><th>Evidence and advice</th></tr></thead><tbody>");
    for c in &s.competencies {
        let _ = write!(
            h,
            "<tr><td>{}</td><td class=\"score\">{:.1}</td><td>",
            esc(&c.label),
            c.score
        );
        for e in &c.evidence {
            let _ = write!(h, "<blockquote>“{}”</blockquote>", esc(e));
        }
        if !c.advice.is_empty() {
            let _ = write!(h, "<div>{}</div>", esc(&c.advice));
        }
        h.push_str("</td></tr>");
    }
    h.push_str("</tbody></table>");
    for f in &s.red_flags {
        let _ = write!(h, "<p class=\"flag\">⚑ {}</p>", esc(f));
    }
    for f in &s.strengths {
        let _ = write!(h, "<p class=\"strength\">✓ {}</p>", esc(f));
    }
    if !s.next_steps.is_empty() {
        h.push_str("<p><strong>Next:</strong> ");
        h.push_str(
            &s.next_steps
                .iter()
                .map(|n| esc(n))
                .collect::<Vec<_>>()
                .join("; "),
        );
        h.push_str("</p>");
    }
    let d = &q.delivery;
    let _ = write!(
        h,
        "<h4>Delivery</h4><p>{} words{}{} · {} fillers · {} long pauses{}</p>",
        d.words,
        d.duration_s
            .map(|s| format!(" in {s:.0} s"))
            .unwrap_or_default(),
        d.wpm.map(|w| format!(" · {w:.0} wpm")).unwrap_or_default(),
        d.filler_count,
        d.pauses.len(),
        if d.flags.is_empty() {
            String::new()
        } else {
            format!(" · flags: {}", esc(&d.flags.join(", ")))
        }
    );
    match svg::delivery_chart(d) {
        Some(chart) => {
            h.push_str(&chart);
            h.push_str("<p class=\"legend meta\"><span>— pace (wpm)</span><span>▮ pause</span><span>| filler</span></p>");
        }
        None => h.push_str("<p class=\"meta\">No word timings, so no pace chart.</p>"),
    }
    for line in &q.interviewer {
        let _ = write!(
            h,
            "<p class=\"interviewer\"><strong>{}:</strong> {}</p>",
            esc(&line.heading()),
            esc(&line.text)
        );
    }
    if !q.transcript.is_empty() {
        h.push_str("<h4>Transcript</h4><p class=\"transcript\">");
        for (piece, mark) in runs(&q.transcript, &q.highlights) {
            match mark.map(|m| &m.kind) {
                Some(HighlightKind::Evidence { competency }) => {
                    let _ = write!(
                        h,
                        "<mark class=\"evidence\" title=\"Evidence: {}\">{}</mark>",
                        esc(&competency_label(competency)),
                        esc(piece)
                    );
                }
                Some(HighlightKind::Filler) => {
                    let _ = write!(
                        h,
                        "<mark class=\"filler\" title=\"Filler\">{}</mark>",
                        esc(piece)
                    );
                }
                None => h.push_str(&esc(piece)),
            }
        }
        h.push_str("</p>");
    }
    if let Some(d) = &q.diagram {
        h.push_str("<h4>Whiteboard</h4><figure class=\"diagram\">");
        h.push_str(&d.sketch.to_svg(
            &format!("Whiteboard at the end of question {}", q.position),
            false,
        ));
        h.push_str("</figure>");
        for e in &d.evidence {
            let _ = write!(h, "<p class=\"meta\">Drawn: {}</p>", esc(e));
        }
        if !d.findings.is_empty() {
            h.push_str("<ul class=\"diagram-findings\">");
            for f in &d.findings {
                let _ = write!(h, "<li>{}</li>", esc(f));
            }
            h.push_str("</ul>");
        }
    }
    for f in &q.follow_ups {
        let _ = write!(h, "<p class=\"meta\">Follow-up asked: {}</p>", esc(f));
    }
    h.push_str("</section>");
}
