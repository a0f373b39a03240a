//! A Markdown body reduced to what the lint rules look at: headings, links,
//! images, tables and raw HTML, each with the file line it starts on.
//!
//! Parsed with the same pulldown-cmark options as rendering
//! (`markdown::options`), so the rules see what readers will get.

use pulldown_cmark::{Event, HeadingLevel, LinkType, Parser, Tag, TagEnd};

use crate::config::RawHtml;
use crate::content::split_front_matter;
use crate::error::Diagnostic;
use crate::load::SourceFile;
use crate::markdown::{self, is_decorative_alt};
use crate::text::Lines;

/// One source's body, ready for the rules.
#[derive(Debug, Default)]
pub struct BodyDoc {
    /// Path inside the toolkit folder, for messages.
    pub file: String,
    pub lang: String,
    /// Path inside the language folder (`strategies/x.md`), for link resolution.
    pub rel: String,
    pub headings: Vec<Heading>,
    pub links: Vec<Link>,
    pub images: Vec<Image>,
    pub tables: Vec<Table>,
    pub html: Vec<Html>,
    /// Front-matter values rendered as Markdown (a change idea's `description`).
    pub fields: Vec<super::raw_html::MarkdownField>,
    /// What the site does with author HTML; `trusted` silences `raw-html-removed`.
    pub raw_html: RawHtml,
}

#[derive(Debug)]
pub struct Heading {
    pub level: u8,
    pub text: String,
    pub line: usize,
    /// `{key=value}` attributes written after the heading (not its id or classes).
    pub attributes: Vec<(String, String)>,
}

#[derive(Debug)]
pub struct Link {
    pub dest: String,
    /// The text a screen reader announces: words, code and the alt text of images inside.
    pub text: String,
    /// `<https://…>`: the address is the text.
    pub autolink: bool,
    pub line: usize,
}

#[derive(Debug)]
pub struct Image {
    pub dest: String,
    pub alt: String,
    pub line: usize,
}

#[derive(Debug)]
pub struct Table {
    /// The text of each header cell.
    pub header: Vec<String>,
    pub line: usize,
}

/// A raw HTML block or inline tag written in the Markdown.
#[derive(Debug)]
pub struct Html {
    pub html: String,
    pub line: usize,
    /// Inline tags of the same paragraph (or heading, cell, item) share a
    /// number, so `<svg>` and the `<circle>` inside it are read together.
    pub block: Option<usize>,
}

/// Splits off the front matter of `file` and reduces its body; the error is
/// the front-matter problem that keeps the body from being found.
pub fn read(file: &SourceFile) -> Result<BodyDoc, Diagnostic> {
    let split = split_front_matter(&file.text, &file.file)?;
    let mut doc = BodyDoc {
        file: file.file.clone(),
        lang: file.lang.clone(),
        rel: file.rel.clone(),
        ..Default::default()
    };
    collect(&mut doc, split.body, split.body_first_line);
    doc.fields = super::raw_html::markdown_fields(split.yaml, split.yaml_first_line);
    Ok(doc)
}

/// The body of a parsed source, reduced to what the rules read.
pub fn of_source(source: &crate::content::Source, raw_html: RawHtml) -> BodyDoc {
    let mut doc = BodyDoc {
        file: source.file.clone(),
        lang: source.lang.clone(),
        rel: source.rel.clone(),
        raw_html,
        ..Default::default()
    };
    collect(&mut doc, &source.body, source.body_first_line);
    doc.fields = super::raw_html::markdown_fields(&source.yaml, source.yaml_first_line);
    doc
}

fn level_number(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// Walks the events once. Open links, images, headings and table heads
/// collect the text inside them; an image's alt text also counts as the text
/// of a link around it, unless the image is marked decorative.
pub(super) fn collect(doc: &mut BodyDoc, body: &str, first_line: usize) {
    let lines = Lines::new(body, first_line);
    let mut links: Vec<Link> = Vec::new();
    let mut image: Option<Image> = None;
    let mut heading: Option<Heading> = None;
    let mut table_head: Option<Table> = None;
    let mut html_block: Option<Html> = None;
    let mut block_number = 0;
    for (event, range) in Parser::new_ext(body, markdown::options()).into_offset_iter() {
        let line = lines.line_of(range.start);
        if let Event::End(
            TagEnd::Paragraph
            | TagEnd::Heading(_)
            | TagEnd::TableCell
            | TagEnd::Item
            | TagEnd::BlockQuote(_)
            | TagEnd::FootnoteDefinition,
        ) = event
        {
            block_number += 1;
        }
        match event {
            Event::Start(Tag::Heading { level, attrs, .. }) => {
                heading = Some(Heading {
                    level: level_number(level),
                    text: String::new(),
                    line,
                    attributes: attrs
                        .into_iter()
                        .map(|(k, v)| (k.to_string(), v.map(|v| v.to_string()).unwrap_or_default()))
                        .collect(),
                })
            }
            Event::End(TagEnd::Heading(_)) => doc.headings.extend(heading.take()),
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                ..
            }) => links.push(Link {
                // The HTML writer adds `mailto:` to `<name@host>`; so do we.
                dest: match link_type {
                    LinkType::Email => format!("mailto:{dest_url}"),
                    _ => dest_url.to_string(),
                },
                text: String::new(),
                autolink: link_type == LinkType::Autolink,
                line,
            }),
            Event::End(TagEnd::Link) => doc.links.extend(links.pop()),
            Event::Start(Tag::Image { dest_url, .. }) => {
                image = Some(Image {
                    dest: dest_url.to_string(),
                    alt: String::new(),
                    line,
                })
            }
            Event::End(TagEnd::Image) => {
                if let Some(done) = image.take() {
                    if let Some(link) = links.last_mut()
                        && !is_decorative_alt(&done.alt)
                    {
                        link.text.push_str(&done.alt);
                    }
                    doc.images.push(done);
                }
            }
            Event::Start(Tag::Table(_)) => {
                table_head = Some(Table {
                    header: Vec::new(),
                    line,
                })
            }
            Event::Start(Tag::TableCell) => {
                if let Some(table) = table_head.as_mut() {
                    table.header.push(String::new());
                }
            }
            Event::End(TagEnd::TableHead) => doc.tables.extend(table_head.take()),
            Event::Start(Tag::HtmlBlock) => {
                html_block = Some(Html {
                    html: String::new(),
                    line,
                    block: None,
                })
            }
            Event::End(TagEnd::HtmlBlock) => doc.html.extend(html_block.take()),
            Event::Html(text) => match html_block.as_mut() {
                Some(block) => block.html.push_str(&text),
                None => doc.html.push(Html {
                    html: text.to_string(),
                    line,
                    block: None,
                }),
            },
            Event::InlineHtml(text) => doc.html.push(Html {
                html: text.to_string(),
                line,
                block: Some(block_number),
            }),
            Event::Text(text) | Event::Code(text) => {
                add_text(&text, &mut image, &mut links, &mut heading, &mut table_head)
            }
            Event::SoftBreak | Event::HardBreak => {
                add_text(" ", &mut image, &mut links, &mut heading, &mut table_head)
            }
            _ => {}
        }
    }
}

/// Text goes to the innermost open image, else to the open link and heading
/// and table header cell.
fn add_text(
    text: &str,
    image: &mut Option<Image>,
    links: &mut [Link],
    heading: &mut Option<Heading>,
    table_head: &mut Option<Table>,
) {
    if let Some(image) = image.as_mut() {
        image.alt.push_str(text);
        return;
    }
    if let Some(link) = links.last_mut() {
        link.text.push_str(text);
    }
    if let Some(heading) = heading.as_mut() {
        heading.text.push_str(text);
    }
    if let Some(cell) = table_head.as_mut().and_then(|t| t.header.last_mut()) {
        cell.push_str(text);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(body: &str) -> BodyDoc {
        let mut doc = BodyDoc::default();
        collect(&mut doc, body, 10);
        doc
    }

    #[test]
    fn collects_with_lines() {
        let d = doc(
            "## A\n\n[see *this*](x.md)\n\n![alt text](p.png)\n\n| a | |\n|---|---|\n| 1 | 2 |\n",
        );
        assert_eq!(d.headings[0].level, 2);
        assert_eq!(d.headings[0].line, 10);
        assert_eq!(d.links[0].text, "see this");
        assert_eq!(d.links[0].line, 12);
        assert_eq!(d.images[0].alt, "alt text");
        assert_eq!(d.images[0].line, 14);
        assert_eq!(d.tables[0].header, ["a", ""]);
        assert_eq!(d.tables[0].line, 16);
    }

    #[test]
    fn image_alt_is_link_text_unless_decorative() {
        let d = doc(
            "[![Logo of the center](l.png)](https://x.org) [![decorative](d.png)](https://y.org)",
        );
        assert_eq!(d.links[0].text, "Logo of the center");
        assert_eq!(d.links[1].text, "");
    }

    #[test]
    fn html_blocks_are_kept_whole() {
        let d = doc("text\n\n<table>\n<tr><td>1</td></tr>\n</table>\n\nand <img src=\"x.png\">\n");
        assert_eq!(d.html.len(), 2);
        assert!(d.html[0].html.contains("</table>"));
        assert_eq!(d.html[0].line, 12);
        assert_eq!(d.html[1].line, 16);
    }
}
