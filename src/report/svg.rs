//! The data-flow graph as inline SVG (for the HTML report), laid out by
//! [`super::layout`]. Styling is by class; the HTML report's stylesheet
//! holds the rules. Every text is escaped.

use std::fmt::Write;

use super::diagram::{DEdge, DNode, Diagram, EdgeKind, NodeKind};
use super::escape::html as esc;
use super::labels::Labels;
use super::layout::{self, Point, Size, LOOSE_CAPTION};

/// Node width.
const NODE_W: f64 = 200.0;
/// Line height inside a node.
const LINE_H: f64 = 14.0;
/// Padding above and below a node's text.
const PAD_Y: f64 = 8.0;
/// Characters per line of a node's name.
const WRAP: usize = 30;
/// Lines of a node's name at most.
const NAME_LINES: usize = 3;
/// Margin around the drawing.
const MARGIN: f64 = 8.0;
/// One line of text in a node, with its class.
struct Line {
    text: String,
    class: &'static str,
}

/// Splits `text` into lines of at most `width` characters (breaking long
/// words), at most `max` lines, the last one ending in `…` when cut.
pub fn wrap(text: &str, width: usize, max: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut current = String::new();
    for word in text.split_whitespace() {
        let mut word: Vec<char> = word.chars().collect();
        while word.len() > width {
            if !current.is_empty() {
                lines.push(std::mem::take(&mut current));
            }
            lines.push(word.drain(..width).collect());
        }
        let word: String = word.into_iter().collect();
        let len = current.chars().count();
        if len > 0 && len + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut current));
        }
        if !current.is_empty() {
            current.push(' ');
        }
        current.push_str(&word);
    }
    if !current.is_empty() {
        lines.push(current);
    }
    if lines.len() > max {
        lines.truncate(max);
        if let Some(last) = lines.last_mut() {
            let mut cut: Vec<char> = last.chars().collect();
            cut.truncate(width.saturating_sub(1));
            *last = cut.into_iter().collect::<String>() + "…";
        }
    }
    lines
}

fn node_lines(n: &DNode, labels: &Labels) -> Vec<Line> {
    let mut out: Vec<Line> = wrap(&n.name, WRAP, NAME_LINES)
        .into_iter()
        .map(|text| Line { text, class: "nm" })
        .collect();
    if out.is_empty() || n.name != n.id {
        out.push(Line {
            text: wrap(&n.id, WRAP + 4, 1).concat(),
            class: "id",
        });
    }
    if n.kind != NodeKind::Dataset && !n.countries.is_empty() {
        out.push(Line {
            text: wrap(&n.countries.join(", "), WRAP, 1).concat(),
            class: "cc",
        });
    }
    if n.outside_eea {
        out.push(Line {
            text: labels.outside_eea.to_string(),
            class: "oe",
        });
    }
    if let Some(m) = &n.mechanism {
        out.push(Line {
            text: format!("{}: {m}", labels.safeguard),
            class: "cc",
        });
    }
    out
}

fn height(lines: &[Line]) -> f64 {
    lines.len() as f64 * LINE_H + 2.0 * PAD_Y
}

/// The graph as `<svg>` elements, one per connected part (and one for the
/// nodes without edges), all at the same scale, so that a printed page
/// breaks between parts rather than through one.
pub fn render(d: &Diagram, labels: &Labels) -> String {
    let texts: Vec<Vec<Line>> = d.nodes.iter().map(|n| node_lines(n, labels)).collect();
    let sizes: Vec<Size> = texts
        .iter()
        .map(|t| Size {
            w: NODE_W,
            h: height(t),
        })
        .collect();
    let edges: Vec<(usize, usize)> = d.edges.iter().map(|e| (e.from, e.to)).collect();
    let l = layout::layout(&sizes, &edges, 4.0 * NODE_W + 3.0 * 84.0);
    let in_band = |y: f64, (top, h): (f64, f64)| y >= top - 0.5 && y <= top + h + 0.5;
    let mut out = String::new();
    for &band in &l.bands {
        let (w, h) = (l.width + 2.0 * MARGIN, band.1 + 2.0 * MARGIN);
        let _ = writeln!(
            out,
            "<svg class=\"flow\" viewBox=\"{:.0} {:.0} {w:.0} {h:.0}\" width=\"{w:.0}\" height=\"{h:.0}\" role=\"img\" aria-label=\"{}\">",
            -MARGIN,
            band.0 - MARGIN,
            esc(labels.graph)
        );
        for (e, route) in d.edges.iter().zip(&l.edges) {
            let from = l.nodes.get(e.from).map_or(f64::NAN, |p| p.1);
            if let Some(points) = route.as_ref().filter(|_| in_band(from, band)) {
                edge(&mut out, d, e, points);
            }
        }
        let nodes = d.nodes.iter().zip(&texts).zip(l.nodes.iter().zip(&sizes));
        for ((n, lines), (&(x, y), size)) in nodes {
            if in_band(y, band) {
                node(&mut out, n, lines, (x, y), *size);
            }
        }
        if let Some(y) = l.loose_caption.filter(|&y| in_band(y, band)) {
            let _ = writeln!(
                out,
                "<text class=\"cap\" x=\"0\" y=\"{:.1}\">{}</text>",
                y + LOOSE_CAPTION - 10.0,
                esc(labels.without_flows)
            );
        }
        out.push_str("</svg>\n");
    }
    out
}

fn node(out: &mut String, n: &DNode, lines: &[Line], (x, y): Point, size: Size) {
    let class = match (n.kind, n.outside_eea) {
        (NodeKind::Dataset, _) => "ds",
        (_, true) => "pt out",
        (NodeKind::Controller, false) => "pt ctl",
        (NodeKind::Processor, false) => "pt prc",
    };
    let rx = if n.kind == NodeKind::Dataset {
        4.0
    } else {
        12.0
    };
    let _ = write!(
        out,
        "<g class=\"{class}\"><title>{} ({})</title><rect x=\"{x:.1}\" y=\"{y:.1}\" width=\"{:.1}\" height=\"{:.1}\" rx=\"{rx}\"/>",
        esc(&n.name),
        esc(&n.id),
        size.w,
        size.h
    );
    let cx = x + size.w / 2.0;
    for (i, line) in lines.iter().enumerate() {
        let baseline = y + PAD_Y + 11.0 + i as f64 * LINE_H;
        let _ = write!(
            out,
            "<text class=\"{}\" x=\"{cx:.1}\" y=\"{baseline:.1}\">{}</text>",
            line.class,
            esc(&line.text)
        );
    }
    out.push_str("</g>\n");
}

fn edge(out: &mut String, d: &Diagram, e: &DEdge, points: &[Point]) {
    let (Some(&first), Some(&last)) = (points.first(), points.last()) else {
        return;
    };
    let outside = d.nodes.get(e.to).is_some_and(|n| n.outside_eea);
    let mut class = String::from("e");
    if e.kind == EdgeKind::Subprocessor {
        class.push_str(" sub");
    }
    if e.anonymised {
        class.push_str(" anon");
    }
    if outside {
        class.push_str(" out");
    }
    let mut path = format!("M{:.1} {:.1}", first.0, first.1);
    for pair in points.windows(2) {
        let (p, q) = (pair[0], pair[1]);
        let dx = (q.0 - p.0) / 2.0;
        let _ = write!(
            path,
            " C{:.1} {:.1} {:.1} {:.1} {:.1} {:.1}",
            p.0 + dx,
            p.1,
            q.0 - dx,
            q.1,
            q.0,
            q.1
        );
    }
    let before = points.len().checked_sub(2).and_then(|i| points.get(i));
    let dir = match before {
        Some(p) if p.0 > last.0 => -1.0,
        _ => 1.0,
    };
    let (tx, ty) = last;
    let _ = writeln!(
        out,
        "<g class=\"{class}\"><title>{}</title><path d=\"{path}\"/><path class=\"ah\" d=\"M{tx:.1} {ty:.1} L{:.1} {:.1} L{:.1} {:.1} Z\"/></g>",
        esc(&edge_title(d, e)),
        tx - 8.0 * dir,
        ty - 4.0,
        tx - 8.0 * dir,
        ty + 4.0
    );
}

fn edge_title(d: &Diagram, e: &DEdge) -> String {
    let name = |i: usize| d.nodes.get(i).map_or("", |n| n.name.as_str());
    let mut title = format!("{} → {}", name(e.from), name(e.to));
    if !e.fields.is_empty() && e.kind != EdgeKind::Subprocessor && !e.anonymised {
        title.push_str(": ");
        title.push_str(&e.fields.join(", "));
    }
    if e.pseudonymised {
        title.push_str(" (pseudonymised)");
    }
    title
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_words_and_cuts() {
        assert_eq!(wrap("a bb ccc", 4, 3), vec!["a bb", "ccc"]);
        assert_eq!(wrap("abcdefghij", 4, 3), vec!["abcd", "efgh", "ij"]);
        assert_eq!(wrap("aa bb cc dd", 2, 2), vec!["aa", "b…"]);
        assert!(wrap("", 4, 3).is_empty());
    }
}
