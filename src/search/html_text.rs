//! The text search reads from rendered HTML: words with a space wherever a
//! block ends (so words of two paragraphs never run together), cut at the
//! `h1`–`h3` headings of a page, and with the text of *link lists* — lists
//! that name other pages (related cards, further reading, citations) — set
//! apart so ranking weighs it lowest. Reads HTML through [`crate::html`]
//! (the project's one HTML tokenizer), so entities, quoting and case are
//! read as a browser reads them.

use crate::html::{self, Piece};

/// A stretch of HTML as text: its words, and the words of its link lists.
#[derive(Debug, Default, PartialEq)]
pub struct Text {
    pub text: String,
    /// Link-list entries, one per item (or per list), joined by `" \n"`.
    pub links: String,
}

/// A section of rendered HTML, cut at a heading.
#[derive(Debug, PartialEq)]
pub struct HtmlSection {
    pub heading: String,
    pub id: String,
    pub text: String,
    pub links: String,
}

/// The text of rendered HTML: tags dropped (block tags leave a space so
/// words do not run together), character references decoded.
pub fn html_to_text(html: &str) -> String {
    let mut reader = Reader::new(false);
    reader.read(html, false);
    reader.finish().text
}

/// Splits a section's HTML into its text and the text of its link lists
/// (see [`Reader`] for what counts as one).
pub fn split_link_lists(html: &str) -> (String, String) {
    let mut reader = Reader::new(true);
    reader.read(html, false);
    let t = reader.finish();
    (t.text, t.links)
}

/// Cuts rendered HTML at its `h1`–`h3` headings (which all carry ids, given
/// by the Markdown stage). Returns the text before the first heading, then
/// the sections, each with its link lists set apart.
pub fn split_html_at_headings(html: &str) -> (Text, Vec<HtmlSection>) {
    let mut reader = Reader::new(true);
    reader.read(html, true);
    let before = reader.finish();
    (before, reader.sections)
}

/// Tags after which (and before which) a space keeps words apart.
fn is_block(name: &str) -> bool {
    matches!(
        name,
        "p" | "br"
            | "li"
            | "ul"
            | "ol"
            | "dl"
            | "dt"
            | "dd"
            | "div"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "blockquote"
            | "pre"
            | "table"
            | "tr"
            | "td"
            | "th"
            | "caption"
            | "hr"
            | "section"
            | "figure"
            | "figcaption"
            | "img"
    )
}

/// Whether text outside a link says something (not only spaces and the
/// punctuation around a link: "<a>Title</a>.", "(<a>PDF</a>)").
fn says_something(text: &str) -> bool {
    text.chars().any(char::is_alphanumeric)
}

/// An open list item, tracked to tell a link item from prose.
struct Item {
    /// Where its text starts in the chunk.
    start: usize,
    links: u32,
    /// Non-blank text outside links: anywhere, before the first link, and
    /// since the last link closed.
    blank: bool,
    lead: bool,
    tail: bool,
    nested: bool,
}

/// An open `ul`/`ol`.
struct List {
    start: usize,
    items: u32,
    /// Every item so far begins or ends with a link.
    all_edged: bool,
}

/// Reads pieces of HTML into text, link lists and (when cutting) sections.
///
/// A list item that is one link and nothing else (related cards) goes to the
/// links; so does a whole list each of whose items begins or ends with a link
/// (resources with a description after their link, citations ending with
/// their DOI link).
struct Reader {
    divert: bool,
    text: String,
    links: Vec<String>,
    items: Vec<Item>,
    lists: Vec<List>,
    in_link: u32,
    sections: Vec<HtmlSection>,
    /// The text before the first heading, once a heading cut it.
    before: Option<Text>,
    /// Inside a heading that cuts: its level, id and text so far.
    heading: Option<(String, String, String)>,
}

impl Reader {
    fn new(divert: bool) -> Reader {
        Reader {
            divert,
            text: String::new(),
            links: Vec::new(),
            items: Vec::new(),
            lists: Vec::new(),
            in_link: 0,
            sections: Vec::new(),
            before: None,
            heading: None,
        }
    }

    fn space(&mut self) {
        let out = match &mut self.heading {
            Some((_, _, h)) => h,
            None => &mut self.text,
        };
        if !out.is_empty() && !out.ends_with(char::is_whitespace) {
            out.push(' ');
        }
    }

    fn read(&mut self, html: &str, cut: bool) {
        for piece in html::pieces(html) {
            match piece {
                Piece::Open { tag, .. } => {
                    let name = tag.name.as_str();
                    if cut && matches!(name, "h1" | "h2" | "h3") && self.heading.is_none() {
                        self.cut(name, tag.attribute("id").unwrap_or_default());
                        continue;
                    }
                    if is_block(name) {
                        self.space();
                    }
                    match name {
                        "a" => {
                            self.in_link += 1;
                            if let Some(item) = self.items.last_mut() {
                                item.links += 1;
                                item.tail = false;
                            }
                        }
                        "li" => {
                            if let Some(parent) = self.items.last_mut() {
                                parent.nested = true;
                            }
                            self.items.push(Item {
                                start: self.text.len(),
                                links: 0,
                                blank: true,
                                lead: false,
                                tail: false,
                                nested: false,
                            });
                        }
                        "ul" | "ol" => self.lists.push(List {
                            start: self.text.len(),
                            items: 0,
                            all_edged: true,
                        }),
                        _ => {}
                    }
                }
                Piece::Close(name) => {
                    if let Some((level, _, _)) = &self.heading
                        && *level == name
                    {
                        self.end_heading();
                        continue;
                    }
                    match name.as_str() {
                        "a" => self.in_link = self.in_link.saturating_sub(1),
                        "li" => self.close_item(),
                        "ul" | "ol" => self.close_list(),
                        _ => {}
                    }
                    if is_block(&name) {
                        self.space();
                    }
                }
                Piece::Text(t) => {
                    if let Some((_, _, h)) = &mut self.heading {
                        h.push_str(&t);
                        continue;
                    }
                    if self.in_link == 0
                        && let Some(item) = self.items.last_mut()
                    {
                        if !t.trim().is_empty() {
                            item.blank = false;
                        }
                        if says_something(&t) {
                            item.lead |= item.links == 0;
                            item.tail = true;
                        }
                    }
                    self.text.push_str(&t);
                }
            }
        }
        if self.heading.is_some() {
            self.end_heading();
        }
    }

    fn close_item(&mut self) {
        let Some(item) = self.items.pop() else { return };
        let one_link = item.links == 1 && item.blank && !item.nested;
        if self.divert && one_link {
            self.divert_from(item.start);
            return;
        }
        if let Some(list) = self.lists.last_mut() {
            list.items += 1;
            list.all_edged &= item.links > 0 && !item.nested && (!item.lead || !item.tail);
        }
    }

    fn close_list(&mut self) {
        let Some(list) = self.lists.pop() else { return };
        if self.divert && list.items > 0 && list.all_edged {
            self.divert_from(list.start);
        }
    }

    /// Moves the text from `start` on to the links.
    fn divert_from(&mut self, start: usize) {
        let start = start.min(self.text.len());
        let moved = collapse_whitespace(&self.text[start..]);
        self.text.truncate(start);
        if !moved.is_empty() {
            self.links.push(moved);
        }
    }

    /// Starts a heading: what was read so far belongs to the section before.
    fn cut(&mut self, level: &str, id: &str) {
        let done = self.take_chunk();
        match self.sections.last_mut() {
            Some(last) => {
                last.text = done.text;
                last.links = done.links;
            }
            None => self.before = Some(done),
        }
        self.heading = Some((level.to_string(), id.to_string(), String::new()));
    }

    fn end_heading(&mut self) {
        if let Some((_, id, heading)) = self.heading.take() {
            self.sections.push(HtmlSection {
                heading: collapse_whitespace(&heading),
                id,
                text: String::new(),
                links: String::new(),
            });
        }
    }

    fn take_chunk(&mut self) -> Text {
        // Lists and items open across a heading end with the chunk.
        self.items.clear();
        self.lists.clear();
        let text = collapse_whitespace(&std::mem::take(&mut self.text));
        let links = std::mem::take(&mut self.links).join(" \n");
        Text { text, links }
    }

    /// The text before the first heading (all of it when not cutting); the
    /// last section gets what follows its heading.
    fn finish(&mut self) -> Text {
        let done = self.take_chunk();
        match self.sections.last_mut() {
            Some(last) => {
                last.text = done.text;
                last.links = done.links;
                self.before.take().unwrap_or_default()
            }
            None => done,
        }
    }
}

fn collapse_whitespace(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests;
