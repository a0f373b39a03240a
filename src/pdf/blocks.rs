//! Page text for the PDF templates: the model's sanitized, link-resolved HTML
//! fragments (card sections, introductions, citations) turned into a small
//! tree of plain data that the Typst templates lay out with their own
//! functions. Text stays text: nothing an author writes is ever read as Typst
//! markup, so content cannot inject code into a handout.
//!
//! A node is a string (text) or an object `{"t": kind, "c": [children], …}`.
//! Kinds: `p`, `h` (`level`), `ul`, `ol` (`start`), `li`, `quote`, `pre`,
//! `table`, `tr`, `th`, `td`, `hr`, `img` (`src`, `alt`), `em`, `strong`,
//! `code`, `a` (`href`), `br`, `sup`, `sub`, `del`, `span` (`lang`, `dir`;
//! also `<bdi>`: a span is laid out as one unit, so a Latin name or an
//! address keeps its order inside right-to-left text).
//! Other tags pass their children through.

use serde_json::{Map, Value, json};

use crate::html::{Piece, StartTag, pieces};

/// Where links and images of a fragment lead: absolute URLs for links (a
/// handout is read away from the site), toolkit files for images.
pub trait Targets {
    fn link(&self, href: &str) -> Option<String>;
    fn image(&self, src: &str) -> Option<String>;
}

/// Elements whose text children that are only white space are layout, not text.
const CONTAINERS: [&str; 7] = ["root", "ul", "ol", "table", "tr", "quote", "li-blocks"];

const VOID: [&str; 5] = ["br", "hr", "img", "wbr", "input"];

/// How deep elements nest in a handout; deeper elements keep their text but
/// lose their own layout (a quote inside 30 quotes prints as text of the
/// 12th). Typst's data reader has a recursion limit, and no reader follows
/// such nesting on paper. Documented in docs/pdf.md.
pub const MAX_NESTING: usize = 12;

struct Open {
    kind: String,
    attrs: Map<String, Value>,
    children: Vec<Value>,
    /// The HTML tag that opened it, so that its closing tag finds it.
    tag: String,
}

/// The nodes of an HTML fragment.
pub fn nodes(html: &str, targets: &dyn Targets) -> Vec<Value> {
    let mut stack = vec![Open {
        kind: "root".into(),
        attrs: Map::new(),
        children: Vec::new(),
        tag: String::new(),
    }];
    for piece in pieces(html) {
        match piece {
            Piece::Text(text) => {
                // Line ends in HTML text are spaces; only code keeps them.
                let in_code = stack.iter().any(|o| o.kind == "pre");
                let text = if in_code {
                    text
                } else {
                    text.replace(['\n', '\r', '\t'], " ")
                };
                stack.last_mut().unwrap().children.push(Value::String(text));
            }
            Piece::Open { tag, self_closing } => {
                let (mut kind, attrs) = classify(&tag, targets);
                if stack.iter().filter(|o| !o.kind.is_empty()).count() > MAX_NESTING {
                    kind = String::new();
                }
                let open = Open {
                    kind,
                    attrs,
                    children: Vec::new(),
                    tag: tag.name.clone(),
                };
                if self_closing || VOID.contains(&tag.name.as_str()) {
                    let parent = stack.last_mut().unwrap();
                    push_closed(&mut parent.children, open);
                } else {
                    stack.push(open);
                }
            }
            Piece::Close(name) => {
                // Close up to the matching open tag; a stray closing tag is ignored.
                if let Some(depth) = stack.iter().rposition(|o| o.tag == name)
                    && depth > 0
                {
                    while stack.len() > depth {
                        let open = stack.pop().unwrap();
                        push_closed(&mut stack.last_mut().unwrap().children, open);
                    }
                }
            }
        }
    }
    while stack.len() > 1 {
        let open = stack.pop().unwrap();
        push_closed(&mut stack.last_mut().unwrap().children, open);
    }
    let root = stack.pop().unwrap();
    tidy(root.children, "root")
}

/// The node kind and attributes the templates need for an HTML tag; an empty
/// kind passes the children through.
fn classify(tag: &StartTag, targets: &dyn Targets) -> (String, Map<String, Value>) {
    let mut attrs = Map::new();
    let kind = match tag.name.as_str() {
        "p" | "dd" | "dt" | "figcaption" | "caption" => "p",
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
            attrs.insert(
                "level".into(),
                json!(tag.name[1..].parse::<u8>().unwrap_or(3)),
            );
            "h"
        }
        "ul" | "dl" => "ul",
        "ol" => {
            let start = tag.attribute("start").and_then(|s| s.parse::<i64>().ok());
            attrs.insert("start".into(), json!(start.unwrap_or(1)));
            "ol"
        }
        "li" => "li",
        "blockquote" => "quote",
        "pre" => "pre",
        "table" => "table",
        "tr" => "tr",
        "th" => "th",
        "td" => "td",
        "hr" => "hr",
        "br" => "br",
        "img" => {
            attrs.insert("alt".into(), json!(tag.attribute("alt").unwrap_or("")));
            let src = tag.attribute("src").and_then(|s| targets.image(s));
            attrs.insert("src".into(), json!(src));
            "img"
        }
        "em" | "i" | "cite" | "dfn" => "em",
        "strong" | "b" => "strong",
        "code" | "kbd" | "samp" => "code",
        "a" => match tag.attribute("href").and_then(|h| targets.link(h)) {
            Some(href) => {
                attrs.insert("href".into(), json!(href));
                "a"
            }
            None => "",
        },
        "sup" => "sup",
        "sub" => "sub",
        "del" | "s" => "del",
        "bdi" => {
            attrs.insert("isolate".into(), json!(true));
            "span"
        }
        _ => "",
    };
    // Language and direction of any element are kept, so that an English
    // citation title inside a Spanish card is read in English.
    let lang = tag.attribute("lang").filter(|l| !l.is_empty());
    let dir = tag.attribute("dir").filter(|d| matches!(*d, "ltr" | "rtl"));
    let kind = if (lang.is_some() || dir.is_some()) && kind.is_empty() {
        "span"
    } else {
        kind
    };
    if let Some(lang) = lang {
        attrs.insert("lang".into(), json!(lang));
    }
    if let Some(dir) = dir {
        attrs.insert("dir".into(), json!(dir));
    }
    (kind.to_string(), attrs)
}

fn push_closed(children: &mut Vec<Value>, open: Open) {
    if open.kind.is_empty() {
        children.extend(open.children);
        return;
    }
    let context = if open.kind == "li" && open.children.iter().any(is_block) {
        "li-blocks"
    } else {
        open.kind.as_str()
    };
    let mut node = open.attrs;
    node.insert("t".into(), Value::String(open.kind.clone()));
    node.insert("c".into(), Value::Array(tidy(open.children, context)));
    children.push(Value::Object(node));
}

/// Drops white space that only separates blocks, and joins adjacent text.
fn tidy(children: Vec<Value>, context: &str) -> Vec<Value> {
    let container = CONTAINERS.contains(&context);
    let mut out: Vec<Value> = Vec::with_capacity(children.len());
    for child in children {
        if let Value::String(text) = &child {
            if container && text.trim().is_empty() {
                continue;
            }
            if let Some(Value::String(previous)) = out.last_mut() {
                previous.push_str(text);
                continue;
            }
        }
        out.push(child);
    }
    out
}

fn is_block(node: &Value) -> bool {
    let kind = node.get("t").and_then(Value::as_str).unwrap_or("");
    matches!(
        kind,
        "p" | "h" | "ul" | "ol" | "quote" | "pre" | "table" | "hr"
    )
}

/// Replaces, anywhere in a page's template data, every string under a key
/// that holds HTML (`html`, `*_html`) by its nodes.
pub fn convert_html_fields(value: &mut Value, targets: &dyn Targets) {
    match value {
        Value::Object(map) => {
            for (key, field) in map.iter_mut() {
                let holds_html = key == "html" || key.ends_with("_html");
                match field {
                    Value::String(html) if holds_html => {
                        *field = Value::Array(nodes(html, targets));
                    }
                    _ => convert_html_fields(field, targets),
                }
            }
        }
        Value::Array(items) => items
            .iter_mut()
            .for_each(|v| convert_html_fields(v, targets)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Plain;
    impl Targets for Plain {
        fn link(&self, href: &str) -> Option<String> {
            Some(format!("https://example.org/{href}"))
        }
        fn image(&self, src: &str) -> Option<String> {
            Some(src.to_string())
        }
    }

    #[test]
    fn paragraphs_lists_and_inline_markup() {
        let html = "<p>One <em>two</em>\n<a href=\"x/\">three</a></p>\n<ul>\n<li>a</li>\n<li><p>b</p>\n</li>\n</ul>\n";
        let n = nodes(html, &Plain);
        assert_eq!(
            serde_json::to_string(&n).unwrap(),
            r#"[{"c":["One ",{"c":["two"],"t":"em"}," ",{"c":["three"],"href":"https://example.org/x/","t":"a"}],"t":"p"},{"c":[{"c":["a"],"t":"li"},{"c":[{"c":["b"],"t":"p"}],"t":"li"}],"t":"ul"}]"#
        );
    }

    #[test]
    fn text_that_looks_like_typst_stays_text() {
        let n = nodes("<p>#read(\"/etc/passwd\") $x$ <b>*</b></p>", &Plain);
        assert_eq!(n[0]["c"][0], "#read(\"/etc/passwd\") $x$ ");
    }

    #[test]
    fn languages_and_tables_are_kept() {
        let html = "<p>Ver <cite lang=\"en\">Learning</cite> <span dir=\"ltr\">https://x</span></p><table><thead><tr><th>A</th></tr></thead><tbody><tr><td>1</td></tr></tbody></table>";
        let n = nodes(html, &Plain);
        assert_eq!(n[0]["c"][1]["lang"], "en");
        assert_eq!(n[0]["c"][1]["t"], "em");
        assert_eq!(n[0]["c"][3]["t"], "span");
        assert_eq!(n[1]["t"], "table");
        assert_eq!(n[1]["c"][0]["c"][0]["t"], "th");
        assert_eq!(n[1]["c"][1]["c"][0]["t"], "td");
    }

    #[test]
    fn nesting_deeper_than_the_limit_keeps_its_text() {
        let depth = MAX_NESTING * 3;
        let html = format!(
            "{}deep{}",
            "<blockquote>".repeat(depth),
            "</blockquote>".repeat(depth)
        );
        let n = nodes(&html, &Plain);
        let mut levels = 0;
        let mut node = &n[0];
        while let Some(child) = node.get("c").and_then(|c| c.get(0)) {
            levels += 1;
            node = child;
        }
        assert_eq!(levels, MAX_NESTING);
        assert_eq!(node, "deep");
    }

    #[test]
    fn unclosed_and_stray_tags_do_not_lose_text() {
        let n = nodes("<p>a <em>b</p></span> c", &Plain);
        assert_eq!(n[0]["c"][1]["c"][0], "b");
        assert_eq!(n[1], " c");
    }
}
