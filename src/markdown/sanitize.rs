//! Author HTML: which of the HTML written in Markdown reaches the site.
//!
//! Owns the allow-list (the tags and attributes toolkits use, plus all that
//! pulldown-cmark itself writes), the URL schemes a link or image may use,
//! the cleaning itself (ammonia, on the rendered HTML of a piece that holds
//! raw HTML) and, for `check`, the list of what cleaning takes out of a
//! piece of author HTML, so nothing vanishes without a word.
//!
//! The same tables drive the cleaner and the report, so the report names
//! exactly what the cleaner removes.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use scraper::{Html, Node};

/// Elements kept: what pulldown-cmark writes for the enabled extensions
/// (tables, footnotes, strikethrough, task lists) and what toolkits write by
/// hand (disclosures, abbreviations, keys, language spans, figures).
pub const ALLOWED_TAGS: &[&str] = &[
    "a",
    "abbr",
    "b",
    "bdi",
    "bdo",
    "blockquote",
    "br",
    "caption",
    "cite",
    "code",
    "col",
    "colgroup",
    "dd",
    "del",
    "details",
    "dfn",
    "div",
    "dl",
    "dt",
    "em",
    "figcaption",
    "figure",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "input",
    "ins",
    "kbd",
    "li",
    "mark",
    "ol",
    "p",
    "pre",
    "q",
    "s",
    "samp",
    "small",
    "span",
    "strong",
    "sub",
    "summary",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "time",
    "tr",
    "u",
    "ul",
    "var",
    "wbr",
];

/// Attributes kept on every allowed element.
pub const GENERIC_ATTRIBUTES: &[&str] = &["id", "class", "lang", "dir", "title"];

/// Attributes kept on one element besides the generic ones.
const TAG_ATTRIBUTES: &[(&str, &[&str])] = &[
    ("a", &["href", "hreflang"]),
    ("img", &["src", "alt", "width", "height"]),
    ("th", &["scope", "colspan", "rowspan", "style"]),
    ("td", &["colspan", "rowspan", "style"]),
    ("ol", &["start", "reversed"]),
    ("li", &["value"]),
    ("details", &["open"]),
    ("time", &["datetime"]),
    ("blockquote", &["cite"]),
    ("q", &["cite"]),
    ("del", &["cite", "datetime"]),
    ("ins", &["cite", "datetime"]),
    ("col", &["span"]),
    ("colgroup", &["span"]),
    // pulldown-cmark's task-list boxes: `<input disabled="" type="checkbox"/>`.
    ("input", &["type", "checked", "disabled"]),
];

/// Schemes a link or image may use (those `check`'s `url-syntax` knows); anything without a scheme is a path and kept.
/// `data:` is left out everywhere: an image belongs in `static/`, where it is
/// cached and checked like any other file, and a `data:` link can carry a page.
pub const URL_SCHEMES: &[&str] = &["http", "https", "mailto", "tel", "ftp"];

/// Elements whose content goes with them: it is code or a hidden document,
/// never text for the reader.
const DROPPED_WITH_CONTENT: &[&str] = &[
    "script", "style", "template", "iframe", "noscript", "noembed", "noframes", "title",
    "textarea", "xmp",
];

/// Elements that can run script, load another document or change how the
/// page or its forms behave; removing one is an error in `check`.
const ACTIVE_TAGS: &[&str] = &[
    "script", "iframe", "frame", "frameset", "object", "embed", "applet", "base", "meta", "link",
    "form", "button", "select", "textarea", "svg", "math", "template", "style", "portal",
    "noscript",
];

/// Attributes whose value is a URL the browser may load or navigate to.
const URL_ATTRIBUTES: &[&str] = &[
    "href",
    "src",
    "action",
    "formaction",
    "data",
    "xlink:href",
    "poster",
    "background",
    "cite",
    "srcset",
    "ping",
    "longdesc",
    "codebase",
    "dynsrc",
    "lowsrc",
];

static CLEANER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let tag_attributes: HashMap<&str, HashSet<&str>> = TAG_ATTRIBUTES
        .iter()
        .map(|(tag, attributes)| (*tag, attributes.iter().copied().collect()))
        .collect();
    let mut builder = ammonia::Builder::empty();
    builder
        .tags(ALLOWED_TAGS.iter().copied().collect())
        .clean_content_tags(DROPPED_WITH_CONTENT.iter().copied().collect())
        .generic_attributes(GENERIC_ATTRIBUTES.iter().copied().collect())
        .tag_attributes(tag_attributes)
        .url_schemes(URL_SCHEMES.iter().copied().collect())
        .url_relative(ammonia::UrlRelative::PassThrough)
        // Cardstock's links carry no `rel`; adding one would change every page.
        .link_rel(None)
        .strip_comments(true)
        // Every input is a disabled box, as in a task list: nothing to type
        // into, nothing to submit (one attribute, so the output is stable).
        .set_tag_attribute_value("input", "disabled", "")
        .attribute_filter(|element, attribute, value| {
            attribute_value_allowed(element, attribute, value).then_some(Cow::Borrowed(value))
        });
    builder
});

/// The safe subset of `html`, a fragment of a page's body.
pub fn clean(html: &str) -> String {
    CLEANER.clean(html).to_string()
}

/// Values the allow-list keeps for an allowed attribute: URLs with a known
/// scheme, the `text-align` pulldown-cmark writes on table cells, and check
/// boxes only among inputs.
fn attribute_value_allowed(element: &str, attribute: &str, value: &str) -> bool {
    match attribute {
        "style" => matches!(
            value.trim(),
            "text-align: left" | "text-align: center" | "text-align: right"
        ),
        "type" if element == "input" => value.trim().eq_ignore_ascii_case("checkbox"),
        _ if URL_ATTRIBUTES.contains(&attribute) => is_safe_url(value),
        _ => true,
    }
}

fn attribute_allowed(element: &str, attribute: &str) -> bool {
    GENERIC_ATTRIBUTES.contains(&attribute)
        || TAG_ATTRIBUTES
            .iter()
            .any(|(tag, attributes)| *tag == element && attributes.contains(&attribute))
}

/// The scheme of a URL as a browser reads it: tabs and line breaks anywhere
/// are ignored, as are control characters and spaces around it, so
/// `jav&#x09;ascript:` is `javascript`. `None` for a path (no scheme).
pub fn url_scheme(url: &str) -> Option<String> {
    let cleaned: String = url
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    let trimmed = cleaned.trim_matches(|c: char| c <= ' ');
    let colon = trimmed.find(':')?;
    let scheme = &trimmed[..colon];
    let mut chars = scheme.chars();
    let starts_with_letter = chars.next().is_some_and(|c| c.is_ascii_alphabetic());
    let rest_valid = chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    (starts_with_letter && rest_valid).then(|| scheme.to_ascii_lowercase())
}

/// True when a link or image may point at `url`: a path, or a known scheme.
pub fn is_safe_url(url: &str) -> bool {
    url_scheme(url).is_none_or(|scheme| URL_SCHEMES.contains(&scheme.as_str()))
}

/// True when following or loading a URL of `scheme` can run script (an
/// image's `data:` cannot; a link's can, in older browsers and in frames).
pub fn scheme_runs_script(scheme: &str, is_image: bool) -> bool {
    match scheme {
        "javascript" | "vbscript" => true,
        "data" => !is_image,
        _ => false,
    }
}

/// How much a removal matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Danger {
    /// It could have run script or taken over the page: an attack or a paste gone wrong.
    Script,
    /// Plain markup outside the allow-list (`<font>`, `align=`): layout lost, no harm.
    Markup,
}

/// One thing cleaning takes out of a piece of author HTML.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Removal {
    /// What it is, for the message: "the `<script>` element".
    pub what: String,
    /// Text to find it by in the source (`<script`, `onerror`), to tell its line.
    pub needle: String,
    pub danger: Danger,
}

/// What [`clean`] removes from `html`, in document order. Elements inside a
/// removed element are named only when they are dangerous on their own.
pub fn removals(html: &str) -> Vec<Removal> {
    let fragment = Html::parse_fragment(html);
    let mut found = Vec::new();
    let root = fragment.root_element();
    for node in root.descendants().skip(1) {
        let Node::Element(element) = node.value() else {
            continue;
        };
        let name = element.name();
        let inside_removed = node
            .ancestors()
            .take_while(|a| a.id() != root.id())
            .any(|a| matches!(a.value(), Node::Element(e) if !ALLOWED_TAGS.contains(&e.name())));
        // By name: the parser keeps attributes in a hash map.
        let mut attributes: Vec<(String, &str)> = element
            .attrs
            .iter()
            .map(|(qual, value)| {
                let name = match &qual.prefix {
                    Some(prefix) => format!("{prefix}:{}", qual.local),
                    None => qual.local.to_string(),
                };
                (name, value.as_ref())
            })
            .collect();
        attributes.sort();
        if !ALLOWED_TAGS.contains(&name) {
            let risky_attribute = attributes
                .iter()
                .find(|(a, v)| attribute_runs_script(name, a, v));
            let danger = if ACTIVE_TAGS.contains(&name) || risky_attribute.is_some() {
                Danger::Script
            } else {
                Danger::Markup
            };
            if inside_removed && danger == Danger::Markup {
                continue;
            }
            let why = match (ACTIVE_TAGS.contains(&name), risky_attribute) {
                (false, Some((a, _))) => format!(" (with `{a}`)"),
                _ => String::new(),
            };
            found.push(Removal {
                what: format!("the `<{name}>` element{why}"),
                needle: format!("<{name}"),
                danger,
            });
            continue;
        }
        for (attribute, value) in &attributes {
            let kept = attribute_allowed(name, attribute)
                && attribute_value_allowed(name, attribute, value);
            if kept {
                continue;
            }
            let danger = if attribute_runs_script(name, attribute, value) {
                Danger::Script
            } else {
                Danger::Markup
            };
            let what =
                match url_scheme(value).filter(|_| URL_ATTRIBUTES.contains(&attribute.as_str())) {
                    Some(scheme) => {
                        format!("the `{attribute}` attribute of `<{name}>` (a `{scheme}:` URL)")
                    }
                    None => format!("the `{attribute}` attribute of `<{name}>`"),
                };
            found.push(Removal {
                what,
                needle: attribute.clone(),
                danger,
            });
        }
    }
    found
}

/// Event handlers, script URLs, and `srcdoc` (a whole document in an attribute).
fn attribute_runs_script(element: &str, attribute: &str, value: &str) -> bool {
    let lowered = attribute.to_ascii_lowercase();
    lowered.starts_with("on")
        || lowered == "srcdoc"
        || (URL_ATTRIBUTES.contains(&lowered.as_str())
            && url_scheme(value).is_some_and(|s| scheme_runs_script(&s, element == "img")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schemes_are_read_as_browsers_read_them() {
        assert_eq!(
            url_scheme("jav\tascript:alert(1)").as_deref(),
            Some("javascript")
        );
        assert_eq!(
            url_scheme(" \u{1}JavaScript:x").as_deref(),
            Some("javascript")
        );
        assert_eq!(url_scheme("img/a.png"), None);
        assert_eq!(url_scheme("./javascript:x"), None);
        assert_eq!(url_scheme("#top"), None);
        assert!(is_safe_url("https://x.org"));
        assert!(is_safe_url("../en/"));
        assert!(!is_safe_url("vbscript:msgbox"));
        assert!(!is_safe_url("data:text/html,<script>"));
    }

    #[test]
    fn keeps_the_safe_subset() {
        let html = "<details><summary>More</summary><p><abbr title=\"World Health Organization\">WHO</abbr> <kbd>Ctrl</kbd> H<sub>2</sub>O x<sup>2</sup> <span lang=\"es\" dir=\"ltr\">hola</span></p></details>";
        assert_eq!(clean(html), html);
        assert!(removals(html).is_empty());
    }

    #[test]
    fn removes_script_and_reports_it() {
        let html = "<p onclick=\"x()\">a</p><script>alert(1)</script><a href=\"javascript:alert(1)\">b</a><font>c</font>";
        assert_eq!(clean(html), "<p>a</p><a>b</a>c");
        let found: Vec<_> = removals(html)
            .into_iter()
            .map(|r| (r.what, r.danger))
            .collect();
        assert_eq!(
            found,
            [
                (
                    "the `onclick` attribute of `<p>`".to_string(),
                    Danger::Script
                ),
                ("the `<script>` element".to_string(), Danger::Script),
                (
                    "the `href` attribute of `<a>` (a `javascript:` URL)".to_string(),
                    Danger::Script
                ),
                ("the `<font>` element".to_string(), Danger::Markup),
            ]
        );
    }

    /// Payloads that fool text-matching filters (re-parsing, namespaces,
    /// character references, comments): none leaves a handler or a script URL.
    #[test]
    fn disguised_payloads_are_cleaned() {
        let payloads = [
            "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\"></noscript>",
            "<svg><style><img src=x onerror=alert(1)></style></svg>",
            "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
            "<!--><img src=x onerror=alert(1)>-->",
            "<a href=\"&#0000106avascript:alert(1)\">a</a>",
            "<a href=\"javas&#99;ript:alert(1)\">a</a>",
            "<a href=\" \x01javascript:alert(1)\">a</a>",
            "<IMG SRC=JaVaScRiPt:alert(1) alt=a>",
            "<a href=\"java&NewLine;script:alert(1)\">a</a>",
            "<details open ontoggle=alert(1)>",
            "<p style=\"background:url(javascript:alert(1))\">p</p>",
            "<table><td style=\"text-align: center; background: url(x)\">c</td></table>",
        ];
        for payload in payloads {
            let cleaned = clean(payload);
            assert!(!removals(payload).is_empty(), "{payload} is reported");
            let fragment = Html::parse_fragment(&cleaned);
            for node in fragment.root_element().descendants() {
                let Node::Element(element) = node.value() else {
                    continue;
                };
                assert!(ALLOWED_TAGS.contains(&element.name()) || element.name() == "html");
                for (name, value) in element.attrs() {
                    assert!(
                        !name.starts_with("on") && name != "style",
                        "{payload} → {cleaned}"
                    );
                    assert!(
                        is_safe_url(value) || !URL_ATTRIBUTES.contains(&name),
                        "{payload} → {cleaned}"
                    );
                }
            }
        }
    }

    #[test]
    fn inputs_are_disabled_check_boxes_only() {
        assert_eq!(
            clean("<input type=\"text\" name=\"q\">"),
            "<input disabled=\"\">"
        );
        assert_eq!(
            clean("<input type=\"checkbox\" checked>"),
            "<input type=\"checkbox\" checked=\"\" disabled=\"\">"
        );
    }

    #[test]
    fn keeps_what_pulldown_cmark_writes() {
        let markdown = "| a | b |\n|:-:|--:|\n| 1 | 2 |\n\n- [x] done\n\nnote[^1]\n\n[^1]: the note\n\n1986. year\n";
        let mut html = String::new();
        pulldown_cmark::html::push_html(
            &mut html,
            pulldown_cmark::Parser::new_ext(markdown, super::super::options()),
        );
        assert!(removals(&html).is_empty(), "{:?}", removals(&html));
        // Same elements and attributes; only the serialization of void tags differs.
        assert_eq!(clean(&html), clean(&clean(&html)));
        assert!(
            clean(&html).contains("style=\"text-align: center\""),
            "{html}"
        );
    }
}
