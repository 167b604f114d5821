//! The Markdown report: the same content as the HTML one, for notes and diffs. Evidence in the
//! transcript is **bold**, fillers are _italic_.

use std::fmt::Write as _;

use crate::highlight::{runs, HighlightKind};
use crate::session::SessionReport;

pub fn render(r: &SessionReport) -> String {
    let mut m = String::new();
    let _ = writeln!(m, "# Interview report\n");
    let _ = writeln!(
        m,
        "Plan **{}** · level {} · {} · session `{}`\n",
        r.plan, r.level, r.date, r.session_id
    );
    let s = &r.summary;
    let _ = writeln!(m, "## Session summary\n");
    match s.overall {
        Some(o) => {
            let _ = writeln!(
                m,
                "Overall **{o:.1} / 5** over {} scored answers.\n",
                s.answered
            );
        }
        None => {
            let _ = writeln!(m, "No answer in this session was scored.\n");
        }
    }
    if !s.competencies.is_empty() {
        let _ = writeln!(m, "| Competency | Score |\n|---|---|");
        for (label, v) in s.ordered() {
            let _ = writeln!(m, "| {label} | {v:.1} |");
        }
        m.push('\n');
    }
    if !s.next_steps.is_empty() {
        let _ = writeln!(m, "### Next steps\n");
        for (i, n) in s.next_steps.iter().enumerate() {
            let _ = writeln!(m, "{}. {n}", i + 1);
        }
        m.push('\n');
    }
    let _ = writeln!(m, "## Questions\n");
    for q in &r.questions {
        let _ = writeln!(
            m,
            "### {}{}. {}\n",
            q.position,
            if q.follow_up { " (follow-up)" } else { "" },
            q.text
        );
        let Some(sc) = &q.scored else {
            let _ = writeln!(m, "_Not answered or not scored._\n");
            continue;
        };
        let _ = writeln!(m, "Score **{:.1} / 5**\n", sc.overall);
        if !sc.verdict.is_empty() {
            let _ = writeln!(m, "{}\n", sc.verdict);
        }
        for c in &sc.competencies {
            let _ = writeln!(m, "- **{}: {:.1}**", c.label, c.score);
            for e in &c.evidence {
                let _ = writeln!(m, "  > “{e}”");
            }
            if !c.advice.is_empty() {
                let _ = writeln!(m, "  - {}", c.advice);
            }
        }
        for f in &sc.red_flags {
            let _ = writeln!(m, "- ⚑ {f}");
        }
        for f in &sc.strengths {
            let _ = writeln!(m, "- ✓ {f}");
        }
        if !sc.next_steps.is_empty() {
            let _ = writeln!(m, "\n**Next:** {}", sc.next_steps.join("; "));
        }
        let d = &q.delivery;
        let _ = writeln!(
            m,
            "\n**Delivery:** {} words{}{} · {} fillers · {} long pauses",
            d.words,
            d.duration_s
                .map(|s| format!(" in {s:.0} s"))
                .unwrap_or_default(),
            d.wpm.map(|w| format!(" · {w:.0} wpm")).unwrap_or_default(),
            d.filler_count,
            d.pauses.len()
        );
        if !d.pace.is_empty() {
            let pace: Vec<String> = d
                .pace
                .iter()
                .map(|p| format!("{:.0}s {:.0}", p.t_s, p.wpm))
                .collect();
            let _ = writeln!(m, "\nPace (wpm): {}", pace.join(" · "));
        }
        for line in &q.interviewer {
            let _ = writeln!(m, "\n**{}:** {}", line.heading(), line.text);
        }
        if !q.transcript.is_empty() {
            let _ = writeln!(m, "\n**Transcript**\n");
            let mut t = String::new();
            for (piece, mark) in runs(&q.transcript, &q.highlights) {
                match mark.map(|h| &h.kind) {
                    Some(HighlightKind::Evidence { .. }) => {
                        let _ = write!(t, "**{piece}**");
                    }
                    Some(HighlightKind::Filler) => {
                        let _ = write!(t, "_{piece}_");
                    }
                    None => t.push_str(piece),
                }
            }
            let _ = writeln!(m, "> {t}");
        }
        if let Some(d) = &q.diagram {
            // The SVG is written beside the report (`SessionReport::diagram_files`).
            let _ = writeln!(
                m,
                "\n**Whiteboard**\n\n![Whiteboard at the end of question {}]({})",
                q.position,
                crate::svg_file_name(&r.session_id, q.position)
            );
            for e in &d.evidence {
                let _ = writeln!(m, "\nDrawn: {e}");
            }
            for f in &d.findings {
                let _ = writeln!(m, "\n- {f}");
            }
        }
        for f in &q.follow_ups {
            let _ = writeln!(m, "\nFollow-up asked: {f}");
        }
        m.push('\n');
    }
    m
}
