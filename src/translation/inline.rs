//! Inline Markdown protected as tags in exchanged translation units, so a
//! translator's tool can move a link or an emphasis but not break its target.
//!
//! A unit's text is written with numbered placeholders: `{1}…{/1}` for a span
//! with an opening and a closing part (emphasis, strong, strikethrough, a
//! link or an image with its target), `{2/}` for something that stands alone
//! (inline code, inline HTML, a hard break). XLIFF turns them into `<g>` and
//! `<x/>`; PO keeps them as written. On import every placeholder of the
//! source must be in the target exactly once, properly nested, and no other.

use std::collections::BTreeMap;

use pulldown_cmark::{Event, LinkType, Parser, Tag, TagEnd};

/// The Markdown a placeholder stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Code {
    /// `{n}…{/n}`: the Markdown before and after the span's text.
    Pair {
        open: String,
        close: String,
        kind: &'static str,
    },
    /// `{n/}`.
    Single {
        markdown: String,
        kind: &'static str,
    },
}

/// A unit's text with its inline Markdown as placeholders.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tagged {
    pub text: String,
    pub codes: BTreeMap<u32, Code>,
}

/// One piece of a tagged text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece<'a> {
    Text(&'a str),
    Open(u32),
    Close(u32),
    Single(u32),
}

/// Replaces the inline Markdown of `markdown` by placeholders; whitespace
/// runs with a line break become one space (a soft break is a space).
pub fn protect(markdown: &str) -> Tagged {
    protect_with(markdown, false)
}

/// [`protect`] for a text of several blocks (a whole section): its line
/// breaks, indentation and block Markdown (`- `, `## `) are kept as written,
/// as they hold its structure.
pub fn protect_lines(markdown: &str) -> Tagged {
    protect_with(markdown, true)
}

fn protect_with(markdown: &str, keep_lines: bool) -> Tagged {
    // (byte range, replacement) for each placeholder, in source order.
    let mut marks: Vec<(std::ops::Range<usize>, String)> = Vec::new();
    let mut codes = BTreeMap::new();
    let mut next = 1u32;
    // Open spans: (number, start of span, end of the previous inner event).
    let mut open: Vec<(u32, usize, Option<usize>, &'static str)> = Vec::new();
    let mut first_inner: Vec<Option<usize>> = Vec::new();
    for (event, range) in Parser::new_ext(markdown, crate::markdown::options()).into_offset_iter() {
        if let Some(last) = first_inner.last_mut()
            && last.is_none()
            && !matches!(event, Event::End(_))
        {
            *last = Some(range.start);
        }
        match event {
            Event::Start(tag) => {
                let kind = match tag {
                    Tag::Emphasis => "italic",
                    Tag::Strong => "bold",
                    Tag::Strikethrough => "x-strikethrough",
                    // `<https://…>` has no text to translate: it stands alone.
                    Tag::Link {
                        link_type: LinkType::Autolink | LinkType::Email,
                        ..
                    } => "x-autolink",
                    Tag::Link { .. } => "link",
                    Tag::Image { .. } => "image",
                    _ => continue,
                };
                open.push((next, range.start, None, kind));
                first_inner.push(None);
                next += 1;
            }
            Event::End(
                end @ (TagEnd::Emphasis
                | TagEnd::Strong
                | TagEnd::Strikethrough
                | TagEnd::Link
                | TagEnd::Image),
            ) => {
                let _ = end;
                let (n, start, _, kind) = open.pop().expect("balanced events");
                if kind == "x-autolink" {
                    first_inner.pop();
                    let markdown = markdown[start..range.end].to_string();
                    codes.insert(n, Code::Single { markdown, kind });
                    marks.push((start..range.end, format!("{{{n}/}}")));
                    continue;
                }
                let inner_start = first_inner.pop().flatten().unwrap_or(range.end);
                // The inner text ends where the closing Markdown begins: the
                // last `]` for links and images, else as long as the opening.
                let inner_end = match kind {
                    "link" | "image" => markdown[..range.end].rfind("](").unwrap_or(range.end),
                    _ => range.end - (inner_start - start),
                }
                .max(inner_start);
                codes.insert(
                    n,
                    Code::Pair {
                        open: markdown[start..inner_start].to_string(),
                        close: markdown[inner_end..range.end].to_string(),
                        kind,
                    },
                );
                marks.push((start..inner_start, format!("{{{n}}}")));
                marks.push((inner_end..range.end, format!("{{/{n}}}")));
            }
            Event::Code(_) | Event::InlineHtml(_) | Event::HardBreak | Event::InlineMath(_) => {
                let kind = match event {
                    Event::Code(_) => "x-code",
                    Event::InlineHtml(_) => "x-html",
                    Event::HardBreak => "lb",
                    _ => "x-math",
                };
                let n = next;
                next += 1;
                codes.insert(
                    n,
                    Code::Single {
                        markdown: markdown[range.clone()].to_string(),
                        kind,
                    },
                );
                marks.push((range, format!("{{{n}/}}")));
            }
            _ => {}
        }
    }
    marks.sort_by_key(|(r, _)| (r.start, r.end));
    let mut text = String::with_capacity(markdown.len());
    let mut at = 0;
    for (range, mark) in marks {
        if range.start >= at {
            text.push_str(&markdown[at..range.start]);
            text.push_str(&mark);
            at = range.end;
        }
    }
    text.push_str(&markdown[at..]);
    Tagged {
        text: if keep_lines {
            text.trim().to_string()
        } else {
            collapse_line_breaks(&text)
        },
        codes,
    }
}

/// A translation's Markdown in the placeholders of its source: each inline
/// code of the translation takes the number of the source's code with the
/// same Markdown (the same link target), else of the next unused one of the
/// same kind, so a translation that reorders its links keeps each link's
/// target. `None` when the translation has a code the source lacks.
pub fn protect_as(markdown: &str, keep_lines: bool, source: &Tagged) -> Option<String> {
    let own = protect_with(markdown, keep_lines);
    let kind = |c: &Code| match c {
        Code::Pair { kind, .. } | Code::Single { kind, .. } => *kind,
    };
    let mut numbers: BTreeMap<u32, u32> = BTreeMap::new();
    let mut used = std::collections::BTreeSet::new();
    for exact in [true, false] {
        for (n, code) in &own.codes {
            if numbers.contains_key(n) {
                continue;
            }
            let found = source.codes.iter().find(|(m, c)| {
                !used.contains(*m)
                    && if exact {
                        *c == code
                    } else {
                        kind(c) == kind(code)
                    }
            });
            if let Some((m, _)) = found {
                used.insert(*m);
                numbers.insert(*n, *m);
            }
        }
    }
    let mut out = String::with_capacity(own.text.len());
    for piece in pieces(&own.text) {
        match piece {
            Piece::Text(t) => out.push_str(t),
            Piece::Open(n) => out.push_str(&format!("{{{}}}", numbers.get(&n)?)),
            Piece::Close(n) => out.push_str(&format!("{{/{}}}", numbers.get(&n)?)),
            Piece::Single(n) => out.push_str(&format!("{{{}/}}", numbers.get(&n)?)),
        }
    }
    Some(out)
}

/// Whitespace runs holding a line break become one space.
fn collapse_line_breaks(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut run = String::new();
    for c in text.trim().chars() {
        if c.is_whitespace() {
            run.push(c);
        } else {
            if !run.is_empty() {
                out.push_str(if run.contains('\n') { " " } else { &run });
                run.clear();
            }
            out.push(c);
        }
    }
    out
}

/// Splits a tagged text into text and placeholders.
pub fn pieces(text: &str) -> Vec<Piece<'_>> {
    let mut pieces = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let candidate = &rest[open..];
        let Some(close) = candidate.find('}') else {
            break;
        };
        let inner = &candidate[1..close];
        let piece = if let Some(n) = inner.strip_prefix('/').and_then(|n| n.parse().ok()) {
            Some(Piece::Close(n))
        } else if let Some(n) = inner.strip_suffix('/').and_then(|n| n.parse().ok()) {
            Some(Piece::Single(n))
        } else {
            inner.parse().ok().map(Piece::Open)
        };
        match piece {
            Some(piece) => {
                if open > 0 {
                    pieces.push(Piece::Text(&rest[..open]));
                }
                pieces.push(piece);
                rest = &candidate[close + 1..];
            }
            None => {
                pieces.push(Piece::Text(&rest[..=open]));
                rest = &rest[open + 1..];
            }
        }
    }
    if !rest.is_empty() {
        pieces.push(Piece::Text(rest));
    }
    pieces
}

/// Turns a translated tagged text back into Markdown with the source's
/// inline Markdown, or says what is wrong with its placeholders.
pub fn restore(target: &str, codes: &BTreeMap<u32, Code>) -> Result<String, String> {
    let mut out = String::with_capacity(target.len());
    let mut seen = BTreeMap::new();
    let mut stack: Vec<u32> = Vec::new();
    for piece in pieces(target) {
        let (n, written) = match piece {
            Piece::Text(text) => {
                out.push_str(text);
                continue;
            }
            Piece::Open(n) => (n, format!("{{{n}}}")),
            Piece::Close(n) => (n, format!("{{/{n}}}")),
            Piece::Single(n) => (n, format!("{{{n}/}}")),
        };
        let Some(code) = codes.get(&n) else {
            return Err(format!("`{written}` is not a tag of the source text"));
        };
        match (piece, code) {
            (Piece::Open(_), Code::Pair { open, .. }) => {
                if seen.insert(n, ()).is_some() {
                    return Err(format!("`{written}` appears twice"));
                }
                stack.push(n);
                out.push_str(open);
            }
            (Piece::Close(_), Code::Pair { close, .. }) => {
                if stack.pop() != Some(n) {
                    return Err(format!("`{written}` closes a tag that is not the one open"));
                }
                out.push_str(close);
            }
            (Piece::Single(_), Code::Single { markdown, .. }) => {
                if seen.insert(n, ()).is_some() {
                    return Err(format!("`{written}` appears twice"));
                }
                out.push_str(markdown);
            }
            _ => return Err(format!("`{written}` has the wrong form for tag {n}")),
        }
    }
    if let Some(n) = stack.pop() {
        return Err(format!("`{{{n}}}` is never closed with `{{/{n}}}`"));
    }
    let lacking: Vec<String> = codes
        .iter()
        .filter(|(n, _)| !seen.contains_key(n))
        .map(|(n, code)| match code {
            Code::Pair { .. } => format!("`{{{n}}}…{{/{n}}}`"),
            Code::Single { .. } => format!("`{{{n}/}}`"),
        })
        .collect();
    if !lacking.is_empty() {
        return Err(format!(
            "the tags {} of the source text are missing",
            lacking.join(", ")
        ));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_emphasis_and_code_become_placeholders_and_come_back() {
        let md = "See *the [guide](../guide.md \"G\")* and `code`,\n  now.";
        let tagged = protect(md);
        assert_eq!(tagged.text, "See {1}the {2}guide{/2}{/1} and {3/}, now.");
        let back = restore("Vea {1}la {2}guía{/2}{/1} y {3/}, ya.", &tagged.codes).unwrap();
        assert_eq!(back, "Vea *la [guía](../guide.md \"G\")* y `code`, ya.");
    }

    #[test]
    fn a_broken_or_missing_tag_is_refused() {
        let tagged = protect("A [link](x.md) and **b**.");
        assert!(
            restore("Un {1}enlace y **b**.", &tagged.codes)
                .unwrap_err()
                .contains("never closed")
        );
        assert!(
            restore("Un enlace {2}b{/2}.", &tagged.codes)
                .unwrap_err()
                .contains("{1}…{/1}")
        );
        assert!(restore("{1}{2}x{/1}{/2}", &tagged.codes).is_err());
        assert!(
            restore("{1}x{/1}{2}b{/2}{9/}", &tagged.codes)
                .unwrap_err()
                .contains("{9/}")
        );
        assert_eq!(
            restore("{2}b{/2} {1}enlace{/1}", &tagged.codes).unwrap(),
            "**b** [enlace](x.md)"
        );
    }

    #[test]
    fn a_translation_that_reorders_links_keeps_their_targets() {
        let source = protect("See [a](a.md) and [b](b.md).");
        let target = protect_as("Vea [B](b.md) y [A](a.md).", false, &source).unwrap();
        assert_eq!(target, "Vea {2}B{/2} y {1}A{/1}.");
        assert_eq!(
            restore(&target, &source.codes).unwrap(),
            "Vea [B](b.md) y [A](a.md)."
        );
        let lines = protect_lines("- [a](a.md):\n  one\n\nText.");
        assert_eq!(lines.text, "- {1}a{/1}:\n  one\n\nText.");
    }

    #[test]
    fn braces_that_are_not_placeholders_stay_text() {
        let tagged = protect("a {b} c");
        assert_eq!(tagged.text, "a {b} c");
        assert_eq!(restore("x {b} y", &tagged.codes).unwrap(), "x {b} y");
    }
}
