//! The driver diagram of a change package, in two drawings of one structure
//! (aim → primary drivers → secondary drivers → change ideas):
//!
//! - `driver_diagram`: inline SVG for wide screens and print, four columns with
//!   a line from each item to each item it leads to, drawn at 1120 units wide
//!   so that, shown at the width of the page (`.wrap`), one unit is one CSS
//!   pixel and the text is at body size. Columns run in the page's reading
//!   direction (aim on the right in Arabic).
//! - `driver_bands`: HTML for narrow screens, the four levels stacked top to
//!   bottom as bands of boxes; each box names the numbers of the boxes it
//!   leads from in the band above. Text wraps and mirrors like any HTML.
//!
//! Both are pictures (`role="img"` with a name) for sighted readers; the page
//! repeats the structure as nested lists. Colours come from the theme's CSS
//! classes, so light, dark and print modes apply. Box text carries `lang`
//! when it is not in the page's language (a fallback page); the level names
//! are the page's own UI strings.

use std::collections::HashMap;
use std::fmt::Write;

use crate::content::FrontMatter;
use crate::i18n::UiStrings;
use crate::text::escape_html;

/// Width of the SVG in user units: the content width of `.wrap` (72rem less its padding).
const WIDTH: f32 = 1120.0;
const GAP: f32 = 40.0;
/// Room around the drawing, so the outer boxes' borders are not cut in half
/// by the edge of the picture.
const MARGIN: f32 = 2.0;
const COLUMN_WIDTH: f32 = (WIDTH - 3.0 * GAP) / 4.0;
const LINE_HEIGHT: f32 = 21.0;
const PADDING: f32 = 12.0;
const NODE_GAP: f32 = 10.0;
/// 226 units of text width: about 9 units per character of 16-unit sans-serif
/// text, leaving room for wide letters (measured in the screenshots).
const CHARS_PER_LINE: usize = 24;
const HEADER: f32 = 36.0;

const LEVEL_KEYS: [&str; 4] = [
    "change_package.aim",
    "change_package.primary_drivers",
    "change_package.secondary_drivers",
    "change_package.change_ideas",
];

struct Node {
    id: String,
    lines: Vec<String>,
    column: usize,
    y: f32,
    height: f32,
}

/// The items of each level as (id, text), aim first.
fn levels(f: &FrontMatter) -> [Vec<(String, &str)>; 4] {
    [
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
    ]
}

/// Links between levels as (column, from id, to id): aim → each primary
/// driver, primary → its secondary drivers, secondary → its change ideas.
fn links(f: &FrontMatter) -> Vec<(usize, &str, &str)> {
    let mut out = Vec::new();
    for p in &f.primary_drivers {
        out.push((0, "aim", p.id.as_str()));
        for s in &p.secondary {
            out.push((1, p.id.as_str(), s.as_str()));
        }
    }
    for s in &f.secondary_drivers {
        for c in &s.change_ideas {
            out.push((2, s.id.as_str(), c.as_str()));
        }
    }
    out
}

/// ` lang="xx"` for box text in another language than the page's, else nothing.
fn lang_attribute(text_lang: Option<&str>) -> String {
    text_lang
        .map(|l| format!(r#" lang="{}""#, escape_html(l)))
        .unwrap_or_default()
}

/// Returns the `<svg>` element for a change package's front matter, with
/// level names in `lang`, columns mirrored when the page is right to left
/// (`rtl`), and box text marked with `text_lang` when it differs from `lang`.
pub fn driver_diagram(
    ui: &UiStrings,
    lang: &str,
    f: &FrontMatter,
    rtl: bool,
    text_lang: Option<&str>,
) -> String {
    // The left edge of a column's boxes, mirrored for right-to-left pages.
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
    let columns = levels(f);
    let mut nodes = Vec::new();
    let mut column_heights = [0f32; 4];
    let mut column_counts = [0usize; 4];
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
        column_heights[col] = y - NODE_GAP;
        column_counts[col] = items.len();
    }
    let total_height = column_heights.iter().copied().fold(0.0, f32::max) + PADDING;
    // Spread the shorter columns over the height of the tallest, each box in
    // the middle of an equal share of the free space: no empty bands, short lines.
    let mut seen = [0usize; 4];
    for node in &mut nodes {
        let col = node.column;
        let free = total_height - PADDING - column_heights[col];
        let share = free / column_counts[col].max(1) as f32;
        node.y += share * (seen[col] as f32 + 0.5);
        seen[col] += 1;
    }
    let index: HashMap<(usize, &str), usize> = nodes
        .iter()
        .enumerate()
        .map(|(i, n)| ((n.column, n.id.as_str()), i))
        .collect();
    let edges: Vec<(usize, usize)> = links(f)
        .into_iter()
        .filter_map(|(col, from, to)| {
            Some((*index.get(&(col, from))?, *index.get(&(col + 1, to))?))
        })
        .collect();

    let mut svg = String::new();
    let label = escape_html(&ui.get(lang, "change_package.diagram_label"));
    let (width, height) = (WIDTH + 2.0 * MARGIN, total_height + 2.0 * MARGIN);
    let _ = write!(
        svg,
        r#"<svg class="driver-diagram" viewBox="-{MARGIN} -{MARGIN} {width} {height}" width="{width}" height="{height}" role="img" aria-label="{label}" direction="{}" xmlns="http://www.w3.org/2000/svg">"#,
        if rtl { "rtl" } else { "ltr" }
    );
    for (col, key) in LEVEL_KEYS.iter().enumerate() {
        let _ = write!(
            svg,
            r#"<text class="dd-heading" x="{}" y="22">{}</text>"#,
            text_x(column_x(col)) - if rtl { 0.0 } else { PADDING },
            escape_html(&ui.get_marked(lang, key))
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
    let text_lang = lang_attribute(text_lang);
    for node in &nodes {
        let x = column_x(node.column);
        let _ = write!(
            svg,
            r#"<rect class="dd-node dd-col{}" x="{x}" y="{}" width="{COLUMN_WIDTH}" height="{}" rx="6"/>"#,
            node.column, node.y, node.height
        );
        for (i, line) in node.lines.iter().enumerate() {
            let ty = node.y + PADDING + LINE_HEIGHT * (i as f32 + 0.75);
            let _ = write!(
                svg,
                r#"<text class="dd-text" x="{}" y="{ty}"{text_lang}>{}</text>"#,
                text_x(x),
                escape_html(line)
            );
        }
    }
    svg.push_str("</svg>");
    svg
}

/// Returns the narrow-screen drawing: one band per level, top to bottom, as
/// HTML. Primary and secondary drivers are numbered within their band, and
/// every box below the aim names the numbers of the boxes above it leads
/// from ("↑ 1, 3"), so the links read without lines.
pub fn driver_bands(
    ui: &UiStrings,
    lang: &str,
    f: &FrontMatter,
    text_lang: Option<&str>,
) -> String {
    let columns = levels(f);
    let links = links(f);
    let text_lang = lang_attribute(text_lang);
    let number_in = |col: usize, id: &str| {
        columns[col]
            .iter()
            .position(|(i, _)| i == id)
            .map(|p| p + 1)
    };
    let label = escape_html(&ui.get(lang, "change_package.diagram_label"));
    let mut html = format!(r#"<div class="dd-bands" role="img" aria-label="{label}">"#);
    for (col, items) in columns.iter().enumerate() {
        let _ = write!(
            html,
            r#"<div class="dd-band dd-band{col}"><p class="dd-band-title">{}</p><ol class="dd-boxes">"#,
            escape_html(&ui.get_marked(lang, LEVEL_KEYS[col]))
        );
        for (number, (id, text)) in items.iter().enumerate() {
            html.push_str(r#"<li class="dd-box">"#);
            if col == 1 || col == 2 {
                let _ = write!(html, r#"<span class="dd-key">{}</span>"#, number + 1);
            }
            let _ = write!(
                html,
                r#"<span class="dd-label"{text_lang}>{}</span>"#,
                escape_html(text)
            );
            if col >= 2 {
                let from: Vec<String> = links
                    .iter()
                    .filter(|(c, _, to)| *c == col - 1 && to == id)
                    .filter_map(|(_, from, _)| number_in(col - 1, from))
                    .map(|n| n.to_string())
                    .collect();
                if !from.is_empty() {
                    let _ = write!(
                        html,
                        r#"<span class="dd-from">↑ {}</span>"#,
                        from.join(", ")
                    );
                }
            }
            html.push_str("</li>");
        }
        html.push_str("</ol></div>");
    }
    html.push_str("</div>");
    html
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
