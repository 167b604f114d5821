//! The PDF report, written offline with krilla and the bundled font (subset into the file).
//!
//! Two passes: `Layout` flows the report into pages of simple drawing operations, measuring
//! text with the font's own advances so lines wrap where they fit; then each page's operations
//! are drawn with krilla. Keeping layout apart from drawing keeps page breaks simple.

use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point};
use krilla::metadata::Metadata;
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke};
use krilla::text::{Font, TextDirection};
use krilla::Document;

use crate::competency::competency_label;
use crate::font::DEJAVU_SANS;
use crate::highlight::{runs, HighlightKind};
use crate::session::{QuestionReport, SessionReport};
use crate::ReportError;

const PAGE_W: f32 = 595.0; // A4 in points
const PAGE_H: f32 = 842.0;
const MARGIN: f32 = 50.0;
const CONTENT_W: f32 = PAGE_W - 2.0 * MARGIN;

type Rgb = (u8, u8, u8);
const INK: Rgb = (31, 41, 51);
const MUTED: Rgb = (82, 96, 109);
const ACCENT: Rgb = (29, 78, 216);
const TRACK: Rgb = (228, 231, 235);
const PAUSE: Rgb = (245, 158, 11);
const FILLER: Rgb = (185, 28, 28);
const EVIDENCE: Rgb = (30, 64, 175);

#[derive(Debug)]
enum Op {
    Text {
        x: f32,
        y: f32,
        size: f32,
        rgb: Rgb,
        text: String,
    },
    Rect {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        rgb: Rgb,
    },
    Line {
        points: Vec<(f32, f32)>,
        rgb: Rgb,
        width: f32,
    },
}

struct Layout<'f> {
    face: ttf_parser::Face<'f>,
    pages: Vec<Vec<Op>>,
    /// Top of the free space on the current page.
    y: f32,
}

impl<'f> Layout<'f> {
    fn new(face: ttf_parser::Face<'f>) -> Self {
        Self {
            face,
            pages: vec![Vec::new()],
            y: MARGIN,
        }
    }

    fn width(&self, text: &str, size: f32) -> f32 {
        let upem = f32::from(self.face.units_per_em());
        let units: f32 = text
            .chars()
            .map(|c| {
                self.face
                    .glyph_index(c)
                    .and_then(|g| self.face.glyph_hor_advance(g))
                    .map(f32::from)
                    .unwrap_or(upem / 2.0)
            })
            .sum();
        units * size / upem
    }

    fn page(&mut self) -> &mut Vec<Op> {
        if self.pages.is_empty() {
            self.pages.push(Vec::new());
        }
        let last = self.pages.len() - 1;
        &mut self.pages[last]
    }

    /// Starts a new page unless `height` still fits on this one.
    fn ensure(&mut self, height: f32) {
        if self.y + height > PAGE_H - MARGIN {
            self.pages.push(Vec::new());
            self.y = MARGIN;
        }
    }

    fn gap(&mut self, h: f32) {
        self.y += h;
    }

    /// Greedy line breaking at spaces; a word wider than the line is split by characters.
    fn wrap(&self, text: &str, size: f32, width: f32) -> Vec<String> {
        let mut lines = Vec::new();
        let mut line = String::new();
        for word in text.split_whitespace() {
            let candidate = if line.is_empty() {
                word.to_string()
            } else {
                format!("{line} {word}")
            };
            if self.width(&candidate, size) <= width {
                line = candidate;
                continue;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            let mut piece = String::new();
            for c in word.chars() {
                piece.push(c);
                if self.width(&piece, size) > width && piece.chars().count() > 1 {
                    piece.pop();
                    lines.push(std::mem::take(&mut piece));
                    piece.push(c);
                }
            }
            line = piece;
        }
        if !line.is_empty() {
            lines.push(line);
        }
        lines
    }

    fn para(&mut self, text: &str, size: f32, rgb: Rgb, indent: f32) {
        let line_h = size * 1.4;
        for line in self.wrap(text, size, CONTENT_W - indent) {
            self.ensure(line_h);
            let y = self.y + size;
            self.page().push(Op::Text {
                x: MARGIN + indent,
                y,
                size,
                rgb,
                text: line,
            });
            self.y += line_h;
        }
    }

    /// A paragraph whose pieces have their own colours (the highlighted transcript).
    fn rich(&mut self, pieces: &[(String, Rgb)], size: f32) {
        let line_h = size * 1.4;
        let space = self.width(" ", size);
        let mut x = 0.0;
        self.ensure(line_h);
        let mut glued_to_previous = false;
        for (text, rgb) in pieces {
            // A piece that continues a word ("Um" + ",") is drawn without a space between.
            if glued_to_previous && !text.starts_with(char::is_whitespace) && x > 0.0 {
                x -= space;
            }
            glued_to_previous = !text.ends_with(char::is_whitespace);
            for word in text.split_whitespace() {
                let w = self.width(word, size);
                if x > 0.0 && x + w > CONTENT_W {
                    self.y += line_h;
                    self.ensure(line_h);
                    x = 0.0;
                }
                let y = self.y + size;
                self.page().push(Op::Text {
                    x: MARGIN + x,
                    y,
                    size,
                    rgb: *rgb,
                    text: word.to_string(),
                });
                x += w + space;
            }
        }
        self.y += line_h;
    }

    fn score_bars(&mut self, rows: &[(String, f64)]) {
        let (label_w, row_h, bar_w) = (170.0, 16.0, CONTENT_W - 210.0);
        for (label, score) in rows {
            self.ensure(row_h);
            let y = self.y;
            let len = bar_w * ((*score as f32 - 1.0) / 4.0).clamp(0.02, 1.0);
            let page = self.page();
            page.push(Op::Text {
                x: MARGIN,
                y: y + 10.0,
                size: 9.5,
                rgb: INK,
                text: label.clone(),
            });
            page.push(Op::Rect {
                x: MARGIN + label_w,
                y: y + 2.0,
                w: bar_w,
                h: 10.0,
                rgb: TRACK,
            });
            page.push(Op::Rect {
                x: MARGIN + label_w,
                y: y + 2.0,
                w: len,
                h: 10.0,
                rgb: ACCENT,
            });
            page.push(Op::Text {
                x: MARGIN + label_w + bar_w + 6.0,
                y: y + 10.0,
                size: 9.5,
                rgb: INK,
                text: format!("{score:.1}"),
            });
            self.y += row_h;
        }
    }

    /// The whiteboard as vector lines and text, scaled to the text width (and to at most
    /// half a page high), on a page of its own if it does not fit.
    fn diagram(&mut self, sketch: &onsite_diagram::Sketch) {
        let scale = (CONTENT_W / sketch.width as f32)
            .min(PAGE_H * 0.5 / sketch.height as f32)
            .min(1.0);
        let h = sketch.height as f32 * scale;
        self.ensure(h + 6.0);
        let (x0, y0) = (MARGIN, self.y);
        let at = |x: f64, y: f64| (x0 + x as f32 * scale, y0 + y as f32 * scale);
        let mut ops = Vec::new();
        for mark in &sketch.marks {
            if let onsite_diagram::Mark::Text {
                x,
                y,
                size,
                anchor,
                text,
                backed,
            } = mark
            {
                let size = (*size as f32 * scale).max(5.0);
                let (px, py) = at(*x, *y);
                let px = match anchor {
                    onsite_diagram::Anchor::Middle => px - self.width(text, size) / 2.0,
                    onsite_diagram::Anchor::Start => px,
                };
                if *backed {
                    // A label on an arrow: paper behind it, so the line does not cross it.
                    ops.push(Op::Rect {
                        x: px - 1.0,
                        y: py - size,
                        w: self.width(text, size) + 2.0,
                        h: size * 1.3,
                        rgb: (255, 255, 255),
                    });
                }
                ops.push(Op::Text {
                    x: px,
                    y: py,
                    size,
                    rgb: INK,
                    text: text.clone(),
                });
                continue;
            }
            let dashed = matches!(mark, onsite_diagram::Mark::Rect { dashed: true, .. });
            for line in mark.outline() {
                ops.push(Op::Line {
                    points: line.iter().map(|(x, y)| at(*x, *y)).collect(),
                    rgb: if dashed { MUTED } else { INK },
                    width: if dashed { 0.5 } else { 1.0 },
                });
            }
        }
        self.page().extend(ops);
        self.y += h + 6.0;
    }

    fn delivery_chart(&mut self, q: &QuestionReport) {
        let d = &q.delivery;
        if d.pace.is_empty() {
            return;
        }
        let (h, left) = (90.0, 30.0);
        self.ensure(h + 16.0);
        let top = self.y;
        let plot_w = CONTENT_W - left;
        let duration = d
            .duration_s
            .unwrap_or(0.0)
            .max(d.pace.last().map(|p| p.t_s).unwrap_or(0.0))
            .max(1.0) as f32;
        let max_wpm = d.pace.iter().map(|p| p.wpm).fold(200.0_f64, f64::max) as f32;
        let x = |t: f32| MARGIN + left + plot_w * (t / duration).clamp(0.0, 1.0);
        let y = |w: f32| top + h * (1.0 - (w / max_wpm).clamp(0.0, 1.0));
        let mut ops = Vec::new();
        for p in &d.pauses {
            let x0 = x(p.start_ms as f32 / 1000.0);
            let x1 = x(p.end_ms as f32 / 1000.0);
            ops.push(Op::Rect {
                x: x0,
                y: top,
                w: (x1 - x0).max(1.0),
                h,
                rgb: PAUSE,
            });
        }
        for f in &d.fillers {
            if let Some(ms) = f.at_ms {
                let fx = x(ms as f32 / 1000.0);
                ops.push(Op::Line {
                    points: vec![(fx, top + h - 8.0), (fx, top + h)],
                    rgb: FILLER,
                    width: 1.5,
                });
            }
        }
        ops.push(Op::Line {
            points: vec![
                (MARGIN + left, top),
                (MARGIN + left, top + h),
                (MARGIN + left + plot_w, top + h),
            ],
            rgb: MUTED,
            width: 0.5,
        });
        ops.push(Op::Line {
            points: d
                .pace
                .iter()
                .map(|p| (x(p.t_s as f32), y(p.wpm as f32)))
                .collect(),
            rgb: ACCENT,
            width: 1.5,
        });
        for (text, tx, ty) in [
            (format!("{max_wpm:.0}"), MARGIN, top + 8.0),
            ("0".to_string(), MARGIN, top + h),
            (
                format!("pace (wpm) over {duration:.0} s; amber = pause, red tick = filler"),
                MARGIN + left,
                top + h + 11.0,
            ),
        ] {
            ops.push(Op::Text {
                x: tx,
                y: ty,
                size: 8.0,
                rgb: MUTED,
                text,
            });
        }
        self.page().extend(ops);
        self.y += h + 16.0;
    }
}

pub fn render(r: &SessionReport) -> Result<Vec<u8>, ReportError> {
    let face = ttf_parser::Face::parse(DEJAVU_SANS, 0)
        .map_err(|_| ReportError::Font("DejaVuSans.ttf is not a valid font"))?;
    let mut l = Layout::new(face);
    lay_out(&mut l, r);
    draw(&l.pages, r)
}

fn lay_out(l: &mut Layout<'_>, r: &SessionReport) {
    l.para("Interview report", 20.0, INK, 0.0);
    l.para(
        &format!(
            "Plan {} · level {} · {} · session {}",
            r.plan, r.level, r.date, r.session_id
        ),
        9.5,
        MUTED,
        0.0,
    );
    l.gap(10.0);
    l.para("Session summary", 15.0, INK, 0.0);
    let s = &r.summary;
    let overall = match s.overall {
        Some(o) => format!("Overall {o:.1} / 5 over {} scored answers.", s.answered),
        None => "No answer in this session was scored.".to_string(),
    };
    let sw = match (&s.strongest, &s.weakest) {
        (Some(a), Some(b)) => format!(
            " Strongest: {}; weakest: {}.",
            competency_label(a),
            competency_label(b)
        ),
        _ => String::new(),
    };
    l.para(&format!("{overall}{sw}"), 10.5, INK, 0.0);
    l.gap(4.0);
    l.score_bars(&s.ordered());
    if !s.next_steps.is_empty() {
        l.gap(6.0);
        l.para("Next steps", 12.0, INK, 0.0);
        for (i, n) in s.next_steps.iter().enumerate() {
            l.para(&format!("{}. {n}", i + 1), 10.0, INK, 8.0);
        }
    }
    for q in &r.questions {
        l.gap(14.0);
        l.ensure(80.0);
        question(l, q);
    }
    l.gap(12.0);
    l.para(
        "Made by Onsite on this machine. Nothing in this report was sent anywhere.",
        8.5,
        MUTED,
        0.0,
    );
}

fn question(l: &mut Layout<'_>, q: &QuestionReport) {
    l.para(
        &format!(
            "{}{}. {}",
            q.position,
            if q.follow_up { " (follow-up)" } else { "" },
            q.text
        ),
        12.5,
        INK,
        0.0,
    );
    let Some(s) = &q.scored else {
        l.para("Not answered or not scored.", 10.0, MUTED, 0.0);
        return;
    };
    l.para(&format!("Score {:.1} / 5", s.overall), 11.0, ACCENT, 0.0);
    if !s.verdict.is_empty() {
        l.para(&s.verdict, 10.0, INK, 0.0);
    }
    l.gap(4.0);
    for c in &s.competencies {
        l.para(&format!("{}: {:.1}", c.label, c.score), 10.0, INK, 0.0);
        for e in &c.evidence {
            l.para(&format!("“{e}”"), 9.5, EVIDENCE, 14.0);
        }
        if !c.advice.is_empty() {
            l.para(&c.advice, 9.0, MUTED, 14.0);
        }
    }
    for f in &s.red_flags {
        l.para(&format!("Red flag: {f}"), 9.5, FILLER, 0.0);
    }
    for f in &s.strengths {
        l.para(&format!("Strength: {f}"), 9.5, (22, 101, 52), 0.0);
    }
    if !s.next_steps.is_empty() {
        l.para(
            &format!("Next: {}", s.next_steps.join("; ")),
            10.0,
            INK,
            0.0,
        );
    }
    let d = &q.delivery;
    l.gap(4.0);
    l.para(
        &format!(
            "Delivery: {} words{}{} · {} fillers · {} long pauses",
            d.words,
            d.duration_s
                .map(|s| format!(" in {s:.0} s"))
                .unwrap_or_default(),
            d.wpm.map(|w| format!(" · {w:.0} wpm")).unwrap_or_default(),
            d.filler_count,
            d.pauses.len()
        ),
        9.5,
        INK,
        0.0,
    );
    l.delivery_chart(q);
    for line in &q.interviewer {
        l.para(
            &format!("{}: {}", line.heading(), line.text),
            9.5,
            MUTED,
            0.0,
        );
    }
    if !q.transcript.is_empty() {
        l.para(
            "Transcript (evidence in blue, fillers in red)",
            9.5,
            MUTED,
            0.0,
        );
        let pieces: Vec<(String, Rgb)> = runs(&q.transcript, &q.highlights)
            .into_iter()
            .map(|(t, h)| {
                let rgb = match h.map(|h| &h.kind) {
                    Some(HighlightKind::Evidence { .. }) => EVIDENCE,
                    Some(HighlightKind::Filler) => FILLER,
                    None => INK,
                };
                (t.to_string(), rgb)
            })
            .collect();
        l.rich(&pieces, 9.5);
    }
    if let Some(d) = &q.diagram {
        l.para("Whiteboard at the end of the answer", 9.5, MUTED, 0.0);
        l.diagram(&d.sketch);
        for e in &d.evidence {
            l.para(&format!("Drawn: {e}"), 9.0, INK, 0.0);
        }
        for f in &d.findings {
            l.para(&format!("- {f}"), 9.0, INK, 6.0);
        }
    }
    for f in &q.follow_ups {
        l.para(&format!("Follow-up asked: {f}"), 9.0, MUTED, 0.0);
    }
}

fn draw(pages: &[Vec<Op>], r: &SessionReport) -> Result<Vec<u8>, ReportError> {
    let font = Font::new(krilla::Data::from(DEJAVU_SANS), 0)
        .ok_or(ReportError::Font("krilla could not load DejaVuSans.ttf"))?;
    let mut doc = Document::new();
    doc.set_metadata(
        Metadata::new()
            .title(format!("Onsite report: {} on {}", r.plan, r.date))
            .creator("Onsite".to_string()),
    );
    let settings = PageSettings::from_wh(PAGE_W, PAGE_H)
        .ok_or_else(|| ReportError::Pdf("invalid page size".into()))?;
    for ops in pages {
        let mut page = doc.start_page_with(settings.clone());
        let mut surface = page.surface();
        for op in ops {
            match op {
                Op::Text {
                    x,
                    y,
                    size,
                    rgb,
                    text,
                } => {
                    surface.set_stroke(None);
                    surface.set_fill(Some(fill(*rgb)));
                    surface.draw_text(
                        Point::from_xy(*x, *y),
                        font.clone(),
                        *size,
                        text,
                        false,
                        TextDirection::Auto,
                    );
                }
                Op::Rect { x, y, w, h, rgb } => {
                    let mut pb = PathBuilder::new();
                    pb.move_to(*x, *y);
                    pb.line_to(x + w, *y);
                    pb.line_to(x + w, y + h);
                    pb.line_to(*x, y + h);
                    pb.close();
                    if let Some(path) = pb.finish() {
                        surface.set_stroke(None);
                        surface.set_fill(Some(fill(*rgb)));
                        surface.draw_path(&path);
                    }
                }
                Op::Line { points, rgb, width } => {
                    let mut pb = PathBuilder::new();
                    for (i, (px, py)) in points.iter().enumerate() {
                        if i == 0 {
                            pb.move_to(*px, *py);
                        } else {
                            pb.line_to(*px, *py);
                        }
                    }
                    if let Some(path) = pb.finish() {
                        surface.set_fill(None);
                        surface.set_stroke(Some(Stroke {
                            paint: rgb::Color::new(rgb.0, rgb.1, rgb.2).into(),
                            width: *width,
                            ..Default::default()
                        }));
                        surface.draw_path(&path);
                    }
                }
            }
        }
        surface.finish();
        page.finish();
    }
    doc.finish().map_err(|e| ReportError::Pdf(format!("{e:?}")))
}

fn fill(c: Rgb) -> Fill {
    Fill {
        paint: rgb::Color::new(c.0, c.1, c.2).into(),
        ..Default::default()
    }
}
