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
    Tokenizer::new(html).filter_map(|token| match token {
        Ok(Token::StartTag(tag)) => Some(StartTag {
            name: text(&tag.name),
            attributes: tag
                .attributes
                .iter()
                .map(|(k, v)| (text(k), text(&v.value)))
                .collect(),
        }),
        _ => None,
    })
}

/// The opening tags named `name` (lowercase).
pub fn tags_named(html: &str, name: &str) -> Vec<StartTag> {
    start_tags(html).filter(|t| t.name == name).collect()
}

/// The values of every `id` attribute, in order. Runs on every rendered
/// page (the check stage's anchors), so it reads attributes through the
/// tokenizer's callbacks rather than building a token per tag.
pub fn ids(html: &str) -> Vec<String> {
    use html5gum::emitters::callback::{CallbackEmitter, CallbackEvent};
    let mut in_id = false;
    let emitter = CallbackEmitter::new(move |event: CallbackEvent<'_>, _: html5gum::Span<()>| {
        match event {
            CallbackEvent::AttributeName { name } => in_id = name == b"id",
            CallbackEvent::AttributeValue { value } if in_id => {
                in_id = false;
                return Some(text(value));
            }
            CallbackEvent::OpenStartTag { .. } | CallbackEvent::CloseStartTag { .. } => {
                in_id = false
            }
            _ => {}
        }
        None
    });
    Tokenizer::new_with_emitter(html, emitter)
        .filter_map(Result::ok)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_read_however_they_are_quoted() {
        let html = r#"<h2 id="a">A</h2><p ID='b'>B</p><div id=c>C</div><span data-id="no">x</span><i id="&quot;q">"#;
        assert_eq!(ids(html), ["a", "b", "c", "\"q"]);
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
