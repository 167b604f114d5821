//! The drawing as a picture for reports: the validated graph's geometry laid out as a few
//! plain marks (boxes, ellipses, diamonds, arrows, text), then written as SVG. A PDF writer
//! draws the same marks ([`Sketch::marks`], with [`Mark::outline`] for its polylines).
//!
//! Why not Excalidraw's own look: a report shows what the rubric read (components, their
//! labels, the arrows between them), drawn cleanly in the report's style, from the graph that
//! was checked and bounded; hand-drawn strokes, images and colours are left out. Pure: no I/O.

use std::fmt::Write as _;

use serde::Serialize;

use crate::graph::{Graph, Rect, Shape};

/// Scene units of empty space around the drawing.
const MARGIN: f64 = 24.0;
/// Label size in scene units (Excalidraw's default text is 20).
const TEXT: f64 = 16.0;
/// Rough advance of one character at size 1, for wrapping labels without a font.
const ADVANCE: f64 = 0.56;
/// The widest a picture is shown (in CSS pixels for SVG); larger drawings scale down.
pub const MAX_WIDTH: f64 = 720.0;

/// Where a text's `x` is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Anchor {
    Start,
    Middle,
}

/// One thing to draw, in the sketch's coordinates (origin top left, y down).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "mark", rename_all = "snake_case")]
pub enum Mark {
    /// A component's box; `dashed` for a boundary or frame around components.
    Rect {
        x: f64,
        y: f64,
        w: f64,
        h: f64,
        dashed: bool,
    },
    Ellipse {
        cx: f64,
        cy: f64,
        rx: f64,
        ry: f64,
    },
    Diamond {
        x: f64,
        y: f64,
        w: f64,
        h: f64,
    },
    /// A connection, with a head at `to` when it is directed.
    Arrow {
        from: (f64, f64),
        to: (f64, f64),
        head: bool,
    },
    Text {
        x: f64,
        y: f64,
        size: f64,
        anchor: Anchor,
        text: String,
        /// A white box behind it (labels on arrows).
        backed: bool,
    },
}

impl Mark {
    /// The mark's strokes as polylines (a closed shape repeats its first point), for writers
    /// that draw only lines: an ellipse as 36 segments, an arrow as its shaft and head.
    pub fn outline(&self) -> Vec<Vec<(f64, f64)>> {
        match *self {
            Mark::Rect { x, y, w, h, .. } => {
                vec![vec![(x, y), (x + w, y), (x + w, y + h), (x, y + h), (x, y)]]
            }
            Mark::Ellipse { cx, cy, rx, ry } => vec![(0..=36)
                .map(|i| {
                    let t = f64::from(i) / 36.0 * std::f64::consts::TAU;
                    (cx + rx * t.cos(), cy + ry * t.sin())
                })
                .collect()],
            Mark::Diamond { x, y, w, h } => vec![vec![
                (x + w / 2.0, y),
                (x + w, y + h / 2.0),
                (x + w / 2.0, y + h),
                (x, y + h / 2.0),
                (x + w / 2.0, y),
            ]],
            Mark::Arrow { from, to, head } => {
                let mut lines = vec![vec![from, to]];
                if head {
                    lines.push(arrow_head(from, to));
                }
                lines
            }
            Mark::Text { .. } => Vec::new(),
        }
    }
}

/// The two barbs of a head at `to`, as one polyline.
fn arrow_head(from: (f64, f64), to: (f64, f64)) -> Vec<(f64, f64)> {
    let (dx, dy) = (to.0 - from.0, to.1 - from.1);
    let len = dx.hypot(dy).max(f64::EPSILON);
    let (ux, uy) = (dx / len, dy / len);
    let (size, spread) = (12.0_f64, 0.45_f64);
    let barb = |s: f64| {
        let (c, n) = (spread.cos(), s * spread.sin());
        (
            to.0 - size * (ux * c - uy * n),
            to.1 - size * (uy * c + ux * n),
        )
    };
    vec![barb(1.0), to, barb(-1.0)]
}

/// A drawing laid out for a report: its size and marks, back to front.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Sketch {
    pub width: f64,
    pub height: f64,
    pub marks: Vec<Mark>,
}

impl Graph {
    /// The graph as a picture: boundaries and frames (dashed), arrows, then components with
    /// their labels. `None` for a drawing with no component.
    pub fn sketch(&self) -> Option<Sketch> {
        if self.nodes.is_empty() {
            return None;
        }
        let mut areas: Vec<(Rect, Option<&str>)> = Vec::new();
        let around = |ids: &[String]| -> Option<Rect> {
            let rects: Vec<Rect> = ids
                .iter()
                .filter_map(|id| self.node(id))
                .map(|n| n.bounds)
                .collect();
            union(&rects).map(|r| grow(r, 16.0))
        };
        for b in &self.boundaries {
            if let Some(r) = around(&b.nodes) {
                areas.push((grow(r, 8.0), b.label.as_deref()));
            }
        }
        for f in &self.frames {
            if let Some(r) = around(&f.nodes) {
                areas.push((r, f.name.as_deref()));
            }
        }
        let all: Vec<Rect> = self
            .nodes
            .iter()
            .map(|n| n.bounds)
            .chain(areas.iter().map(|(r, _)| grow(*r, 0.0)))
            .collect();
        let world = union(&all).unwrap_or_default();
        // Titles of areas sit above them.
        let (dx, dy) = (MARGIN - world.x, MARGIN + TEXT - world.y);
        let shift = |r: Rect| Rect {
            x: r.x + dx,
            y: r.y + dy,
            ..r
        };
        let mut marks = Vec::new();
        for (r, label) in &areas {
            let r = shift(*r);
            marks.push(Mark::Rect {
                x: r.x,
                y: r.y,
                w: r.w,
                h: r.h,
                dashed: true,
            });
            if let Some(l) = label {
                marks.push(Mark::Text {
                    x: r.x + 4.0,
                    y: r.y - 4.0,
                    size: TEXT * 0.8,
                    anchor: Anchor::Start,
                    text: l.to_string(),
                    backed: false,
                });
            }
        }
        let mut labels = Vec::new();
        for e in &self.edges {
            let (Some(a), Some(b)) = (self.node(&e.from), self.node(&e.to)) else {
                continue;
            };
            let (ra, rb) = (shift(a.bounds), shift(b.bounds));
            let (ca, cb) = (centre(ra), centre(rb));
            let from = clip(ra, cb);
            let to = clip(rb, ca);
            marks.push(Mark::Arrow {
                from,
                to,
                head: e.directed,
            });
            if let Some(l) = &e.label {
                labels.push(Mark::Text {
                    x: (from.0 + to.0) / 2.0,
                    y: (from.1 + to.1) / 2.0 + TEXT * 0.3,
                    size: TEXT * 0.8,
                    anchor: Anchor::Middle,
                    text: l.clone(),
                    backed: true,
                });
            }
        }
        marks.extend(labels);
        for n in &self.nodes {
            let r = shift(n.bounds);
            match n.shape {
                Shape::Rectangle => marks.push(Mark::Rect {
                    x: r.x,
                    y: r.y,
                    w: r.w,
                    h: r.h,
                    dashed: false,
                }),
                Shape::Ellipse => marks.push(Mark::Ellipse {
                    cx: r.x + r.w / 2.0,
                    cy: r.y + r.h / 2.0,
                    rx: r.w / 2.0,
                    ry: r.h / 2.0,
                }),
                Shape::Diamond => marks.push(Mark::Diamond {
                    x: r.x,
                    y: r.y,
                    w: r.w,
                    h: r.h,
                }),
                Shape::Text => {}
            }
            let Some(label) = &n.label else { continue };
            let width = if n.shape == Shape::Text {
                f64::INFINITY
            } else {
                (r.w - 8.0).max(TEXT * 3.0)
            };
            let lines = wrap(label, width, TEXT);
            let first = r.y + r.h / 2.0 - (lines.len() as f64 - 1.0) * TEXT * 0.6 + TEXT * 0.35;
            for (i, line) in lines.into_iter().enumerate() {
                marks.push(Mark::Text {
                    x: r.x + r.w / 2.0,
                    y: first + i as f64 * TEXT * 1.2,
                    size: TEXT,
                    anchor: Anchor::Middle,
                    text: line,
                    backed: false,
                });
            }
        }
        Some(Sketch {
            width: world.w + 2.0 * MARGIN,
            height: world.h + 2.0 * MARGIN + TEXT,
            marks,
        })
    }
}

impl Sketch {
    /// The sketch as SVG. `standalone` adds the XML namespace a `.svg` file needs; leave it
    /// out inline in HTML, where the parser does not need it (and Onsite's HTML reports hold no
    /// URL of any kind). `title` is read by screen readers.
    pub fn to_svg(&self, title: &str, standalone: bool) -> String {
        let scale = (MAX_WIDTH / self.width).min(1.0);
        let (w, h) = (self.width * scale, self.height * scale);
        let ns = if standalone {
            r#" xmlns="http://www.w3.org/2000/svg""#
        } else {
            ""
        };
        let mut s = format!(
            r##"<svg{ns} class="diagram" role="img" viewBox="0 0 {:.0} {:.0}" width="{w:.0}" height="{h:.0}" font-family="DejaVu Sans, sans-serif"><title>{}</title><rect width="100%" height="100%" fill="#ffffff"/><g fill="none" stroke="#1f2933" stroke-width="2">"##,
            self.width,
            self.height,
            esc(title)
        );
        let mut texts = String::new();
        for m in &self.marks {
            match m {
                Mark::Rect { x, y, w, h, dashed } => {
                    let style = if *dashed {
                        r##" stroke="#52606d" stroke-dasharray="8 6""##
                    } else {
                        r##" fill="#f5f7fa""##
                    };
                    let _ = write!(
                        s,
                        r#"<rect x="{x:.1}" y="{y:.1}" width="{w:.1}" height="{h:.1}" rx="4"{style}/>"#
                    );
                }
                Mark::Ellipse { cx, cy, rx, ry } => {
                    let _ = write!(
                        s,
                        r##"<ellipse cx="{cx:.1}" cy="{cy:.1}" rx="{rx:.1}" ry="{ry:.1}" fill="#f5f7fa"/>"##
                    );
                }
                Mark::Diamond { .. } | Mark::Arrow { .. } => {
                    for line in m.outline() {
                        let points: Vec<String> =
                            line.iter().map(|(x, y)| format!("{x:.1},{y:.1}")).collect();
                        let fill = if matches!(m, Mark::Diamond { .. }) {
                            r##" fill="#f5f7fa""##
                        } else {
                            ""
                        };
                        let _ = write!(s, r#"<polyline points="{}"{fill}/>"#, points.join(" "));
                    }
                }
                Mark::Text {
                    x,
                    y,
                    size,
                    anchor,
                    text,
                    backed,
                } => {
                    let anchor = match anchor {
                        Anchor::Start => "start",
                        Anchor::Middle => "middle",
                    };
                    if *backed {
                        let w = text.chars().count() as f64 * size * ADVANCE + 6.0;
                        let _ = write!(
                            texts,
                            r##"<rect x="{:.1}" y="{:.1}" width="{w:.1}" height="{:.1}" fill="#ffffff"/>"##,
                            x - w / 2.0,
                            y - size,
                            size * 1.3
                        );
                    }
                    let _ = write!(
                        texts,
                        r##"<text x="{x:.1}" y="{y:.1}" font-size="{size:.1}" text-anchor="{anchor}" fill="#1f2933">{}</text>"##,
                        esc(text)
                    );
                }
            }
        }
        let _ = write!(s, "</g>{texts}</svg>");
        s
    }
}

/// Escapes text for XML. `/` is escaped too, as the HTML report escapes it: the picture is
/// inlined there, and a label someone wrote ("https://api") must never put `//` into the file.
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '/' => out.push_str("&#47;"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

fn union(rects: &[Rect]) -> Option<Rect> {
    let first = rects.first()?;
    let (mut x0, mut y0) = (first.x, first.y);
    let (mut x1, mut y1) = (first.x + first.w, first.y + first.h);
    for r in rects {
        x0 = x0.min(r.x);
        y0 = y0.min(r.y);
        x1 = x1.max(r.x + r.w);
        y1 = y1.max(r.y + r.h);
    }
    Some(Rect {
        x: x0,
        y: y0,
        w: x1 - x0,
        h: y1 - y0,
    })
}

fn grow(r: Rect, by: f64) -> Rect {
    Rect {
        x: r.x - by,
        y: r.y - by,
        w: r.w + 2.0 * by,
        h: r.h + 2.0 * by,
    }
}

fn centre(r: Rect) -> (f64, f64) {
    (r.x + r.w / 2.0, r.y + r.h / 2.0)
}

/// Where the segment from `r`'s centre towards `p` leaves `r`.
fn clip(r: Rect, p: (f64, f64)) -> (f64, f64) {
    let c = centre(r);
    let (dx, dy) = (p.0 - c.0, p.1 - c.1);
    if dx == 0.0 && dy == 0.0 {
        return c;
    }
    let tx = if dx == 0.0 {
        f64::INFINITY
    } else {
        (r.w / 2.0) / dx.abs()
    };
    let ty = if dy == 0.0 {
        f64::INFINITY
    } else {
        (r.h / 2.0) / dy.abs()
    };
    let t = tx.min(ty).min(1.0);
    (c.0 + dx * t, c.1 + dy * t)
}

/// Greedy wrapping by an estimated width (no font at hand): at most four lines, the last
/// ending in "…" when the label is longer.
fn wrap(text: &str, width: f64, size: f64) -> Vec<String> {
    let per_line = ((width / (size * ADVANCE)).floor() as usize).max(4);
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > per_line {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    if lines.len() > 4 {
        lines.truncate(4);
        if let Some(last) = lines.last_mut() {
            last.push('\u{2026}');
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_scene_becomes_boxes_arrows_and_labels_in_svg() {
        let scene = br#"{"type":"excalidraw","elements":[
          {"id":"a","type":"rectangle","x":0,"y":0,"width":120,"height":60},
          {"id":"at","type":"text","x":10,"y":10,"width":40,"height":20,"text":"API <v2>","containerId":"a"},
          {"id":"b","type":"ellipse","x":300,"y":0,"width":120,"height":60},
          {"id":"bt","type":"text","x":310,"y":10,"width":40,"height":20,"text":"Postgres","containerId":"b"},
          {"id":"e","type":"arrow","x":120,"y":30,"width":180,"height":0,"points":[[0,0],[180,0]],
           "startBinding":{"elementId":"a"},"endBinding":{"elementId":"b"},"endArrowhead":"arrow"}
        ]}"#;
        let graph = crate::read(scene).unwrap();
        let sketch = graph.sketch().unwrap();
        let svg = sketch.to_svg("Q1 diagram", false);
        assert!(svg.starts_with("<svg class=\"diagram\""), "{svg}");
        assert!(!svg.contains("http"), "inline SVG holds no URL");
        assert!(svg.contains("<rect x=\"24.0\" y=\"40.0\" width=\"120.0\" height=\"60.0\""));
        assert!(svg.contains("<ellipse"));
        assert!(
            svg.contains(">API &lt;v2&gt;</text>"),
            "labels are escaped: {svg}"
        );
        assert!(svg.contains(">Postgres</text>"));
        // The arrow runs from box edge to ellipse edge, with a head.
        let arrows: Vec<_> = sketch
            .marks
            .iter()
            .filter(|m| matches!(m, super::Mark::Arrow { head: true, .. }))
            .collect();
        assert_eq!(arrows.len(), 1);
        if let super::Mark::Arrow { from, to, .. } = arrows[0] {
            assert!(
                (from.0 - 144.0).abs() < 0.1 && (to.0 - 324.0).abs() < 0.1,
                "{from:?} {to:?}"
            );
        }
        assert!(sketch
            .to_svg("t", true)
            .contains("xmlns=\"http://www.w3.org/2000/svg\""));
        // Every shape has an outline for line-only writers (PDF).
        assert!(sketch
            .marks
            .iter()
            .filter(|m| !matches!(m, super::Mark::Text { .. }))
            .all(|m| !m.outline().is_empty()));
    }

    #[test]
    fn a_label_with_a_url_puts_no_url_into_the_picture() {
        let scene = br#"{"type":"excalidraw","elements":[
          {"id":"a","type":"rectangle","x":0,"y":0,"width":120,"height":60},
          {"id":"at","type":"text","x":10,"y":10,"width":40,"height":20,"text":"https://api","containerId":"a"}
        ]}"#;
        let svg = crate::read(scene)
            .unwrap()
            .sketch()
            .unwrap()
            .to_svg("https://t", false);
        assert!(!svg.contains("//"), "{svg}");
        assert!(svg.contains("https:&#47;&#47;api"), "{svg}");
    }

    #[test]
    fn every_scene_in_the_sets_and_absurd_geometry_draw_without_panicking() {
        let root = concat!(env!("CARGO_MANIFEST_DIR"), "/tests");
        let mut scenes: Vec<Vec<u8>> = ["scenes", "labelled/scenes"]
            .iter()
            .flat_map(|d| std::fs::read_dir(format!("{root}/{d}")).unwrap())
            .map(|e| std::fs::read(e.unwrap().path()).unwrap())
            .collect();
        assert!(scenes.len() >= 20);
        // Huge, negative and zero sizes; a box on top of another; an arrow from a box to itself.
        scenes.push(
            br#"{"type":"excalidraw","elements":[
              {"id":"a","type":"rectangle","x":-1e308,"y":1e308,"width":-1e308,"height":0},
              {"id":"b","type":"diamond","x":0,"y":0,"width":0,"height":0},
              {"id":"c","type":"ellipse","x":0,"y":0,"width":0,"height":0},
              {"id":"t","type":"text","x":0,"y":0,"width":1,"height":1,"text":"x","containerId":"b"},
              {"id":"e","type":"arrow","x":0,"y":0,"startBinding":{"elementId":"b"},"endBinding":{"elementId":"b"}},
              {"id":"f","type":"arrow","x":0,"y":0,"startBinding":{"elementId":"b"},"endBinding":{"elementId":"c"}}
            ]}"#
            .to_vec(),
        );
        for bytes in &scenes {
            let graph = crate::read(bytes).unwrap();
            if let Some(sketch) = graph.sketch() {
                let svg = sketch.to_svg("t", false);
                assert!(svg.ends_with("</svg>"));
                for m in &sketch.marks {
                    let _ = m.outline();
                }
            }
        }
    }

    #[test]
    fn an_empty_scene_has_no_picture_and_long_labels_wrap() {
        let graph = crate::read(br#"{"type":"excalidraw","elements":[]}"#).unwrap();
        assert!(graph.sketch().is_none());
        let lines = super::wrap("a very long label for a small box that goes on", 80.0, 16.0);
        assert!(lines.len() > 1 && lines.len() <= 4, "{lines:?}");
    }
}
