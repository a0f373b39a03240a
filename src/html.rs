//! HTML scanning: the one place that reads HTML, through a WHATWG-compliant
//! tokenizer (`html5gum`), so quoting (`id='x'`, `id=x`), case and entities
//! are read as a browser reads them. The check rules read author HTML
//! fragments and the ids of rendered pages through here.

use std::collections::BTreeMap;

use html5gum::{Token, Tokenizer};

/// An opening tag: its lowercase name and its attributes (names lowercase,
/// values with entities decoded).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StartTag {
    pub name: String,
    pub attributes: BTreeMap<String, String>,
}

impl StartTag {
    pub fn attribute(&self, name: &str) -> Option<&str> {
        self.attributes.get(name).map(String::as_str)
    }
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Every opening tag of an HTML document or fragment, in order.
pub fn start_tags(html: &str) -> impl Iterator<Item = StartTag> + '_ {
    pieces(html).filter_map(|piece| match piece {
        Piece::Open { tag, .. } => Some(tag),
        _ => None,
    })
}

/// One piece of an HTML fragment, in document order: what a tree builder
/// needs, without building a tree (the PDF stage builds its own).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    /// An opening tag; `self_closing` for `<br/>`-style tags.
    Open { tag: StartTag, self_closing: bool },
    /// A closing tag's lowercase name.
    Close(String),
    /// Text with entities decoded.
    Text(String),
}

/// The pieces of an HTML fragment: tags and text, comments and doctypes left out.
pub fn pieces(html: &str) -> impl Iterator<Item = Piece> + '_ {
    Tokenizer::new(html).filter_map(|token| match token {
        Ok(Token::StartTag(tag)) => Some(Piece::Open {
            self_closing: tag.self_closing,
            tag: StartTag {
                name: text(&tag.name),
                attributes: tag
                    .attributes
                    .iter()
                    .map(|(k, v)| (text(k), text(&v.value)))
                    .collect(),
            },
        }),
        Ok(Token::EndTag(tag)) => Some(Piece::Close(text(&tag.name))),
        Ok(Token::String(s)) => Some(Piece::Text(text(&s.value))),
        _ => None,
    })
}

/// The opening tags named `name` (lowercase).
pub fn tags_named(html: &str, name: &str) -> Vec<StartTag> {
    start_tags(html).filter(|t| t.name == name).collect()
}

/// The values of every `id` attribute, in order. Runs on every rendered
/// page (the check stage's anchors), so only the tags that can hold an id
/// ([`may_hold_an_id`]) go through the tokenizer, one tag at a time; the
/// tokenizer still reads each of those as a browser would.
pub fn ids(html: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut at = 0;
    while let Some(offset) = html[at..].find('<') {
        let start = at + offset;
        let rest = &html[start..];
        let head = &rest[..tag_end(rest)];
        if may_hold_an_id(head.as_bytes())
            && let Some(Ok(Token::StartTag(tag))) = Tokenizer::new(rest).next()
            && let Some(id) = tag.attributes.get(b"id".as_slice())
        {
            found.push(text(&id.value));
        }
        at = start + head.len().max(1);
    }
    found
}

/// Whether a tag's text has `id` (in any case) where an attribute name
/// starts (after a space or `/`) and `=` follows it (after any spaces): an
/// `id` without a value names no anchor. `class="grid"`, `aria-hidden` and
/// `data-id=` do not qualify, so most tags skip the tokenizer.
fn may_hold_an_id(tag: &[u8]) -> bool {
    tag.windows(2).enumerate().any(|(i, pair)| {
        let starts_a_name = i > 0 && (tag[i - 1].is_ascii_whitespace() || tag[i - 1] == b'/');
        starts_a_name
            && pair.eq_ignore_ascii_case(b"id")
            && tag[i + 2..]
                .iter()
                .find(|b| !b.is_ascii_whitespace())
                .is_some_and(|&b| b == b'=')
    })
}

/// Where the tag starting `text` ends: its first `>` outside a quoted value
/// (or the end of the text).
fn tag_end(text: &str) -> usize {
    let mut quote = None;
    for (i, b) in text.bytes().enumerate() {
        match (quote, b) {
            (None, b'"' | b'\'') => quote = Some(b),
            (Some(q), _) if b == q => quote = None,
            (None, b'>') => return i,
            _ => {}
        }
    }
    text.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_read_however_they_are_quoted() {
        let html = r#"<h2 id="a">A</h2><p ID='b'>B</p><div id=c>C</div><span data-id="no">x</span><i id="&quot;q">"#;
        assert_eq!(ids(html), ["a", "b", "c", "\"q"]);
        // A `>` inside a quoted value, text that mentions id=, and comments.
        let html = r#"<p title="a > b" id="x">id="no"</p><!-- <b id=c> --><a href="/" ID=y>"#;
        assert_eq!(ids(html), ["x", "y"]);
        // Names ending or holding "id", spaces around `=`, an id without a value.
        let html = "<div class=\"grid\" aria-hidden=\"true\" data-id=\"z\"\nid = \"w\"><p id>";
        assert_eq!(ids(html), ["w"]);
        assert!(!may_hold_an_id(br#"<div class="grid" data-id="z">"#));
        assert!(may_hold_an_id(b"<a/id=v>"));
    }

    #[test]
    fn attributes_with_or_without_values() {
        let tags = tags_named(
            r#"<p><IMG src="a.png" ALT=""> <img src=b.png> <imgx></p>"#,
            "img",
        );
        assert_eq!(tags.len(), 2);
        assert_eq!(tags[0].attribute("alt"), Some(""));
        assert_eq!(tags[1].attribute("alt"), None);
        let tag = &tags_named(r#"<img data-alt="x" alt='Logo'>"#, "img")[0];
        assert_eq!(tag.attribute("alt"), Some("Logo"));
    }
}
