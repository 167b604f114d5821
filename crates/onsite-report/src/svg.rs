//! Charts as inline SVG for the HTML report. No `xmlns` (the HTML parser does not need it, and
//! the report must hold no URL of any kind); every chart has a text title for screen readers.

use std::fmt::Write as _;

use crate::delivery::DeliveryReport;
use crate::html::esc;

const INK: &str = "#1f2933";
const MUTED: &str = "#52606d";
const ACCENT: &str = "#1d4ed8";
const PAUSE: &str = "#f59e0b";
const FILLER: &str = "#b91c1c";

/// Horizontal bars on the rubric's 1–5 scale.
pub fn score_bars(title: &str, rows: &[(String, f64)]) -> String {
    let (w, label_w, row_h) = (560.0, 200.0, 22.0);
    let h = row_h * rows.len() as f64 + 24.0;
    let bar_w = w - label_w - 50.0;
    let mut s = format!(
        r##"<svg class="chart" role="img" viewBox="0 0 {w} {h}" width="{w}" height="{h}"><title>{}</title>"##,
        esc(title)
    );
    for (i, (label, score)) in rows.iter().enumerate() {
        let y = 8.0 + row_h * i as f64;
        let len = bar_w * ((score - 1.0) / 4.0).clamp(0.02, 1.0);
        let _ = write!(
            s,
            r##"<text x="0" y="{ty}" fill="{INK}" font-size="12">{label}</text><rect x="{label_w}" y="{y}" width="{bar_w}" height="14" fill="#e4e7eb"/><rect x="{label_w}" y="{y}" width="{len:.1}" height="14" fill="{ACCENT}"/><text x="{tx:.1}" y="{ty}" fill="{INK}" font-size="12">{score:.1}</text>"##,
            ty = y + 11.0,
            label = esc(label),
            tx = label_w + bar_w + 6.0,
        );
    }
    let _ = write!(
        s,
        r##"<text x="{label_w}" y="{ly}" fill="{MUTED}" font-size="10">1</text><text x="{rx}" y="{ly}" fill="{MUTED}" font-size="10" text-anchor="end">5</text></svg>"##,
        ly = h - 2.0,
        rx = label_w + bar_w,
    );
    s
}

/// Pace over the answer (line), pauses (amber bands) and fillers (red ticks).
pub fn delivery_chart(d: &DeliveryReport) -> Option<String> {
    if d.pace.is_empty() {
        return None;
    }
    let (w, h, left, bottom, top) = (560.0, 170.0, 40.0, 24.0, 10.0);
    let duration = d
        .duration_s
        .unwrap_or(0.0)
        .max(d.pace.last().map(|p| p.t_s).unwrap_or(0.0))
        .max(1.0);
    let max_wpm = d
        .pace
        .iter()
        .map(|p| p.wpm)
        .fold(200.0_f64, f64::max)
        .ceil();
    let plot_w = w - left - 10.0;
    let plot_h = h - bottom - top;
    let x = |t_s: f64| left + plot_w * (t_s / duration).clamp(0.0, 1.0);
    let y = |wpm: f64| top + plot_h * (1.0 - (wpm / max_wpm).clamp(0.0, 1.0));
    let mut s = format!(
        r##"<svg class="chart" role="img" viewBox="0 0 {w} {h}" width="{w}" height="{h}"><title>Pace in words per minute over the answer; {} pauses, {} fillers</title>"##,
        d.pauses.len(),
        d.fillers.len()
    );
    for p in &d.pauses {
        let x0 = x(p.start_ms as f64 / 1000.0);
        let x1 = x(p.end_ms as f64 / 1000.0);
        let _ = write!(
            s,
            r##"<rect class="pause" x="{x0:.1}" y="{top}" width="{:.1}" height="{plot_h}" fill="{PAUSE}" fill-opacity="0.35"/>"##,
            (x1 - x0).max(1.0)
        );
    }
    for f in &d.fillers {
        if let Some(ms) = f.at_ms {
            let fx = x(ms as f64 / 1000.0);
            let _ = write!(
                s,
                r##"<line class="filler" x1="{fx:.1}" x2="{fx:.1}" y1="{}" y2="{}" stroke="{FILLER}" stroke-width="2"/>"##,
                top + plot_h - 10.0,
                top + plot_h
            );
        }
    }
    let points: Vec<String> = d
        .pace
        .iter()
        .map(|p| format!("{:.1},{:.1}", x(p.t_s), y(p.wpm)))
        .collect();
    let _ = write!(
        s,
        r##"<polyline class="pace" points="{}" fill="none" stroke="{ACCENT}" stroke-width="2"/>"##,
        points.join(" ")
    );
    for p in &d.pace {
        let _ = write!(
            s,
            r##"<circle cx="{:.1}" cy="{:.1}" r="2.5" fill="{ACCENT}"/>"##,
            x(p.t_s),
            y(p.wpm)
        );
    }
    let _ = write!(
        s,
        r##"<line x1="{left}" x2="{left}" y1="{top}" y2="{b}" stroke="{MUTED}"/><line x1="{left}" x2="{r}" y1="{b}" y2="{b}" stroke="{MUTED}"/><text x="{lx}" y="{ty}" fill="{MUTED}" font-size="10" text-anchor="end">{max_wpm:.0}</text><text x="{lx}" y="{b}" fill="{MUTED}" font-size="10" text-anchor="end">0</text><text x="{left}" y="{bt}" fill="{MUTED}" font-size="10">0 s</text><text x="{r}" y="{bt}" fill="{MUTED}" font-size="10" text-anchor="end">{duration:.0} s</text><text x="{cx}" y="{bt}" fill="{MUTED}" font-size="10" text-anchor="middle">words per minute over time</text></svg>"##,
        b = top + plot_h,
        r = left + plot_w,
        lx = left - 4.0,
        ty = top + 8.0,
        bt = h - 6.0,
        cx = left + plot_w / 2.0,
    );
    Some(s)
}
