//! English fallback UI strings, marked `lang="en"` in the HTML so screen
//! readers pronounce them as English inside a page in another language.
//!
//! Templates write UI strings as plain values (`{{ t.nav.home }}`), in text
//! and in attributes alike, so the strings cannot carry markup themselves.
//! Instead, for a language whose UI strings lack keys, the strings handed to
//! templates ([`super::UiStrings::for_templates`]) wrap each English fallback
//! in two private-use characters, and the rendered page goes through
//! [`to_html`] once:
//!
//! - in text, a marked string becomes `<span lang="en" dir="ltr">…</span>`
//!   (in an SVG drawing's text, `<tspan lang="en">…</tspan>`);
//! - inside a tag (an attribute such as `aria-label`, `title`,
//!   `placeholder`), a comment, and inside `<title>`, `<script>`, `<style>`,
//!   `<textarea>`, `<option>` and an SVG `<desc>`, where an element cannot go, the
//!   marks are removed and the text stays as it is (it is read in the
//!   element's language; HTML has no way to give part of an attribute its
//!   own language).
//!
//! Only pages of a language with marked strings go through it, so elsewhere
//! U+E000 and U+E001 an author wrote (an icon font's glyph) stay; on those
//! pages they are taken as marks.
//!
//! A mark never spans markup: the opening mark becomes a `<span>` only when
//! its closing mark follows in the same text run, so the output stays well
//! formed whatever the text holds (a stray mark, even one an author typed, is
//! dropped).

use serde_json::Value;

/// Starts an English fallback string (U+E000, private use).
pub const OPEN: char = '\u{E000}';
/// Ends it (U+E001).
pub const CLOSE: char = '\u{E001}';

/// Top-level keys whose values are patterns or data, not words shown as they
/// are: they are never marked.
const NOT_SHOWN: [&str; 3] = ["format", "language_names", "section_aliases"];

/// Elements whose content cannot hold a `<span>`: marks inside are removed.
const NO_SPAN_INSIDE: [&str; 6] = ["title", "script", "style", "textarea", "option", "desc"];

const SPAN: &str = r#"<span lang="en" dir="ltr">"#;
/// The same inside an SVG drawing's text (the driver diagram's labels).
const TSPAN: &str = r#"<tspan lang="en">"#;

/// Wraps every string of `merged` whose key `own` lacks (it came from the
/// English layer) in the marks.
pub fn mark_missing(merged: &mut Value, own: &Value) {
    if let Value::Object(map) = merged {
        for (key, value) in map.iter_mut() {
            if NOT_SHOWN.contains(&key.as_str()) {
                continue;
            }
            walk(value, own.get(key));
        }
    }
}

fn walk(merged: &mut Value, own: Option<&Value>) {
    match merged {
        Value::Object(map) => {
            for (key, value) in map.iter_mut() {
                walk(value, own.and_then(|o| o.get(key)));
            }
        }
        Value::String(text) if own.is_none() => {
            *text = format!("{OPEN}{text}{CLOSE}");
        }
        _ => {}
    }
}

/// Puts `html` in place of `placeholder` in an escaped UI-string pattern. In
/// a marked pattern the mark is ended around `html`, so the pattern's own
/// words stay marked while the inserted markup (a term in its own language)
/// is not inside them.
pub fn splice(pattern: &str, placeholder: &str, html: &str) -> String {
    if pattern.starts_with(OPEN) {
        pattern.replace(placeholder, &format!("{CLOSE}{html}{OPEN}"))
    } else {
        pattern.replace(placeholder, html)
    }
}

/// `text` without marks, for places that are not HTML.
pub fn strip(text: &str) -> String {
    text.replace([OPEN, CLOSE], "")
}

/// Turns the marks of a rendered HTML page (or fragment) into `<span
/// lang="en">` in text and removes them everywhere else (see the module).
pub fn to_html(html: String) -> String {
    if !html.contains([OPEN, CLOSE]) {
        return html;
    }
    let mut out = String::with_capacity(html.len() + 256);
    let mut rest = html.as_str();
    // Inside `<svg>`, text is marked with `<tspan>`, which SVG text can hold.
    let mut in_svg = false;
    while let Some(at) = rest.find(['<', OPEN, CLOSE]) {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        if rest.starts_with(OPEN) {
            let inner = &rest[OPEN.len_utf8()..];
            match inner.find([OPEN, CLOSE, '<', '>']) {
                Some(end) if inner[end..].starts_with(CLOSE) => {
                    if end > 0 {
                        let (open, close) = if in_svg {
                            (TSPAN, "</tspan>")
                        } else {
                            (SPAN, "</span>")
                        };
                        out.push_str(open);
                        out.push_str(&inner[..end]);
                        out.push_str(close);
                    }
                    rest = &inner[end + CLOSE.len_utf8()..];
                }
                _ => rest = inner,
            }
        } else if rest.starts_with(CLOSE) {
            rest = &rest[CLOSE.len_utf8()..];
        } else if rest.starts_with("<!--") {
            let end = rest.find("-->").map(|e| e + 3).unwrap_or(rest.len());
            out.push_str(&strip(&rest[..end]));
            rest = &rest[end..];
        } else {
            // A tag: copied without marks; an element that cannot hold a
            // span is copied without marks up to its end tag.
            let end = rest.find('>').map(|e| e + 1).unwrap_or(rest.len());
            let tag = &rest[..end];
            out.push_str(&strip(tag));
            rest = &rest[end..];
            let name: String = tag[1..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric())
                .collect::<String>()
                .to_ascii_lowercase();
            if tag[1..]
                .trim_start_matches('/')
                .to_ascii_lowercase()
                .starts_with("svg")
                && !tag[1..].trim_start_matches('/')[3..]
                    .starts_with(|c: char| c.is_ascii_alphanumeric())
            {
                in_svg = !tag.starts_with("</");
            }
            if NO_SPAN_INSIDE.contains(&name.as_str()) && !tag.ends_with("/>") {
                let close =
                    find_ascii_case_insensitive(rest, &format!("</{name}")).unwrap_or(rest.len());
                out.push_str(&strip(&rest[..close]));
                rest = &rest[close..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn find_ascii_case_insensitive(haystack: &str, needle: &str) -> Option<usize> {
    let (h, n) = (haystack.as_bytes(), needle.as_bytes());
    (0..h.len().saturating_sub(n.len() - 1)).find(|&i| h[i..i + n.len()].eq_ignore_ascii_case(n))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn m(text: &str) -> String {
        format!("{OPEN}{text}{CLOSE}")
    }

    #[test]
    fn marks_text_and_clears_attributes_and_raw_elements() {
        let page = format!(
            r#"<html lang="vi"><head><title>{} · Site</title></head><body><a href="/" aria-label="{}">{}</a><p>Xin {} chào</p><option>{}</option><svg><text>{}</text></svg><!-- {} --></body></html>"#,
            m("Home"),
            m("Main"),
            m("Home"),
            m("3 results"),
            m("One"),
            m("Aim"),
            m("c"),
        );
        assert_eq!(
            to_html(page),
            r#"<html lang="vi"><head><title>Home · Site</title></head><body><a href="/" aria-label="Main"><span lang="en" dir="ltr">Home</span></a><p>Xin <span lang="en" dir="ltr">3 results</span> chào</p><option>One</option><svg><text><tspan lang="en">Aim</tspan></text></svg><!-- c --></body></html>"#
        );
    }

    #[test]
    fn svg_text_is_marked_with_tspan_until_the_drawing_ends() {
        let html = format!(
            "<svg aria-label=\"{}\"><title>{}</title><text>{}</text></svg><p>{}</p>",
            m("Driver diagram"),
            m("Driver diagram"),
            m("Aim"),
            m("Home")
        );
        assert_eq!(
            to_html(html),
            r#"<svg aria-label="Driver diagram"><title>Driver diagram</title><text><tspan lang="en">Aim</tspan></text></svg><p><span lang="en" dir="ltr">Home</span></p>"#
        );
    }

    #[test]
    fn a_mark_never_spans_markup() {
        let html = format!("<p>{OPEN}a<b>b</b>c{CLOSE} {CLOSE}d{OPEN}</p>");
        assert_eq!(to_html(html), "<p>a<b>b</b>c d</p>");
    }

    #[test]
    fn marks_only_what_the_language_lacks_and_no_patterns() {
        let mut merged = json!({
            "nav": { "home": "Home", "main": "Main" },
            "format": { "date": "{day} {month}" },
            "count_other": "{n} results"
        });
        let own = json!({ "nav": { "home": "Trang chủ" } });
        mark_missing(&mut merged, &own);
        assert_eq!(merged["nav"]["home"], "Home");
        assert_eq!(merged["nav"]["main"], m("Main"));
        assert_eq!(merged["format"]["date"], "{day} {month}");
        assert_eq!(merged["count_other"], m("{n} results"));
    }
}
