//! The driver diagram of a change package as inline SVG: four columns, left to
//! right (aim → primary drivers → secondary drivers → change ideas), with a line
//! from each item to each item it leads to. Colours come from the theme's CSS
//! classes, so light, dark and print modes apply. The SVG is for sighted
//! readers; the page repeats the same structure as nested lists. For text in
//! a right-to-left language the columns run right to left.

use std::collections::HashMap;
use std::fmt::Write;

use crate::content::FrontMatter;
use crate::i18n::UiStrings;
use crate::text::escape_html;

const COLUMN_WIDTH: f32 = 210.0;
const GAP: f32 = 50.0;
const LINE_HEIGHT: f32 = 17.0;
const PADDING: f32 = 10.0;
const NODE_GAP: f32 = 12.0;
const CHARS_PER_LINE: usize = 28;
const HEADER: f32 = 30.0;

struct Node {
    id: String,
    lines: Vec<String>,
    column: usize,
    y: f32,
    height: f32,
}

/// Returns the `<svg>` element for a change package's front matter, with
/// headings in `lang`; `rtl` when the package's text is right to left.
pub fn driver_diagram(ui: &UiStrings, lang: &str, f: &FrontMatter, rtl: bool) -> String {
    // The left edge of a column's boxes, mirrored for right-to-left text.
    let column_x = |column: usize| {
        let position = if rtl { 3 - column } else { column };
        position as f32 * (COLUMN_WIDTH + GAP)
    };
    // Where text starts in a box whose left edge is `x`.
    let text_x = |x: f32| {
        if rtl {
            x + COLUMN_WIDTH - PADDING
        } else {
            x + PADDING
        }
    };
    let columns: [Vec<(String, &str)>; 4] = [
        vec![("aim".to_string(), f.aim.as_deref().unwrap_or(""))],
        f.primary_drivers
            .iter()
            .map(|d| (d.id.clone(), d.title.as_str()))
            .collect(),
        f.secondary_drivers
            .iter()
            .map(|d| (d.id.clone(), d.title.as_str()))
            .collect(),
        f.change_ideas
            .iter()
            .map(|c| (c.id.clone(), c.title.as_str()))
            .collect(),
    ];
    let mut nodes = Vec::new();
    let mut column_heights = [0f32; 4];
    for (col, items) in columns.iter().enumerate() {
        let mut y = HEADER;
        for (id, text) in items {
            let lines = wrap(text, CHARS_PER_LINE);
            let height = lines.len() as f32 * LINE_HEIGHT + 2.0 * PADDING;
            nodes.push(Node {
                id: id.clone(),
                lines,
                column: col,
                y,
                height,
            });
            y += height + NODE_GAP;
        }
        column_heights[col] = y;
    }
    let total_height = column_heights.iter().copied().fold(0.0, f32::max);
    // Centre each column vertically so the lines between columns stay short.
    for node in &mut nodes {
        node.y += (total_height - column_heights[node.column]) / 2.0;
    }
    let index: HashMap<(usize, &str), usize> = nodes
        .iter()
        .enumerate()
        .map(|(i, n)| ((n.column, n.id.as_str()), i))
        .collect();
    let mut edges: Vec<(usize, usize)> = Vec::new();
    for p in &f.primary_drivers {
        edges.push((index[&(0, "aim")], index[&(1, p.id.as_str())]));
        for s in &p.secondary {
            if let Some(&to) = index.get(&(2, s.as_str())) {
                edges.push((index[&(1, p.id.as_str())], to));
            }
        }
    }
    for s in &f.secondary_drivers {
        for c in &s.change_ideas {
            if let Some(&to) = index.get(&(3, c.as_str())) {
                edges.push((index[&(2, s.id.as_str())], to));
            }
        }
    }

    let width = 4.0 * COLUMN_WIDTH + 3.0 * GAP;
    let mut svg = String::new();
    let label = escape_html(&ui.get(lang, "change_package.diagram_label"));
    let _ = write!(
        svg,
        r#"<svg class="driver-diagram" viewBox="0 0 {width} {total_height}" width="{width}" height="{total_height}" role="img" aria-label="{label}" direction="{}" xmlns="http://www.w3.org/2000/svg">"#,
        if rtl { "rtl" } else { "ltr" }
    );
    let headers = [
        "change_package.aim",
        "change_package.primary_drivers",
        "change_package.secondary_drivers",
        "change_package.change_ideas",
    ];
    for (col, key) in headers.iter().enumerate() {
        let x = if rtl {
            column_x(col) + COLUMN_WIDTH
        } else {
            column_x(col)
        };
        let _ = write!(
            svg,
            r#"<text class="dd-heading" x="{x}" y="18">{}</text>"#,
            escape_html(&ui.get(lang, key))
        );
    }
    for (from, to) in edges {
        let (a, b) = (&nodes[from], &nodes[to]);
        // From the side of `a` that faces `b` to the side of `b` that faces `a`.
        let (x1, x2) = if rtl {
            (column_x(a.column), column_x(b.column) + COLUMN_WIDTH)
        } else {
            (column_x(a.column) + COLUMN_WIDTH, column_x(b.column))
        };
        let y1 = a.y + a.height / 2.0;
        let y2 = b.y + b.height / 2.0;
        let mid = (x1 + x2) / 2.0;
        let _ = write!(
            svg,
            r#"<path class="dd-edge" d="M{x1} {y1} C{mid} {y1} {mid} {y2} {x2} {y2}"/>"#
        );
    }
    for node in &nodes {
        let x = column_x(node.column);
        let _ = write!(
            svg,
            r#"<rect class="dd-node dd-col{}" x="{x}" y="{}" width="{COLUMN_WIDTH}" height="{}" rx="6"/>"#,
            node.column, node.y, node.height
        );
        for (i, line) in node.lines.iter().enumerate() {
            let ty = node.y + PADDING + LINE_HEIGHT * (i as f32 + 0.8);
            let _ = write!(
                svg,
                r#"<text class="dd-text" x="{}" y="{ty}">{}</text>"#,
                text_x(x),
                escape_html(line)
            );
        }
    }
    svg.push_str("</svg>");
    svg
}

/// Greedy word wrap by character count (the SVG has no text layout of its own).
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut current = String::new();
    for word in text.split_whitespace() {
        if !current.is_empty() && current.chars().count() + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut current));
        }
        if !current.is_empty() {
            current.push(' ');
        }
        current.push_str(word);
    }
    if !current.is_empty() || lines.is_empty() {
        lines.push(current);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::wrap;

    #[test]
    fn wraps_by_words() {
        assert_eq!(
            wrap("one two three four", 9),
            vec!["one two", "three", "four"]
        );
        assert_eq!(wrap("", 9), vec![""]);
    }
}
