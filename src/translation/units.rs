//! A source cut into translation units: the pieces of text a translator's
//! tool shows one by one, each with an id that stays the same from one export
//! to the next (a section id or a content id plus a position, never a line).
//!
//! | unit id | text |
//! |---|---|
//! | `title`, `summary`, `aim` | those front matter keys |
//! | `<section>.<n>` | the n-th paragraph, list item or heading of a card section (`how.2`) |
//! | `body.<n>` | the n-th paragraph, list item or heading of a page body or introduction |
//! | `measures.<n>.name`, `measures.<n>.definition` | a change package's measures |
//! | `driver.<id>.title`, `driver.<id>.description` | a driver |
//! | `idea.<id>.title`, `.description`, `.pdsa.<n>.title/plan/do/study/act`, `.measures.<n>.name/definition` | a change idea |
//! | `category.<id>.title`, `.description`, `.resource.<n>.title`, `.resource.<n>.description` | a resource category and its resources |
//!
//! Each unit belongs to one fingerprint part (`how`, `idea.kickoff`…), which
//! tells whether it is up to date.

use std::ops::Range;

use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd};

use super::fingerprint::{card_sections, section_id};
use crate::content::card_schema::CARD_SECTIONS;
use crate::content::{Kind, Measure, Source};
use crate::i18n::UiStrings;
use crate::markdown::source_sections;

/// Where in a file a unit's text is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    /// A value in the front matter, by its path.
    Front(Vec<Step>),
    /// A byte range of the body.
    Body(Range<usize>),
}

/// One step of a path into the front matter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    Key(&'static str),
    /// A key known only at run time (a UI string's).
    Field(String),
    /// The item of a list whose `id` is this.
    Id(String),
    /// The item of a list at this position (from 0).
    Index(usize),
}

#[derive(Debug, Clone)]
pub struct Unit {
    /// Unique within its page: `how.2`, `idea.kickoff.pdsa.1.plan`.
    pub id: String,
    /// The fingerprint part it belongs to.
    pub part: String,
    /// Its text as written (Markdown).
    pub text: String,
    pub place: Place,
    /// A whole part of several blocks (see [`whole_parts`]): its line breaks
    /// and block Markdown are kept.
    pub whole: bool,
}

impl Unit {
    /// The unit's text with its inline Markdown as placeholders.
    pub fn tagged(&self) -> super::inline::Tagged {
        if self.whole {
            super::inline::protect_lines(&self.text)
        } else {
            super::inline::protect(&self.text)
        }
    }
}

/// One unit per part made of body blocks (a card section, a page's body),
/// its id the part's (`how`, `body`): the part's text from its first block
/// to its last, as written. A translation whose paragraphs do not line up
/// with the source's in a part is exchanged as this one unit, so its text
/// is not lost and never paired with the wrong paragraph.
pub fn whole_parts(units: &[Unit], body: &str) -> Vec<Unit> {
    let mut out: Vec<Unit> = Vec::new();
    for unit in units {
        let Place::Body(range) = &unit.place else {
            continue;
        };
        match out.iter_mut().find(|w| w.part == unit.part) {
            Some(whole) => {
                if let Place::Body(r) = &mut whole.place {
                    r.start = r.start.min(range.start);
                    r.end = r.end.max(range.end);
                }
            }
            None => out.push(Unit {
                id: unit.part.clone(),
                part: unit.part.clone(),
                text: String::new(),
                place: Place::Body(range.clone()),
                whole: true,
            }),
        }
    }
    for whole in &mut out {
        if let Place::Body(r) = &whole.place {
            whole.text = body[r.clone()].to_string();
        }
    }
    out
}

/// The units of a source, in reading order.
pub fn units(source: &Source, ui: &UiStrings) -> Vec<Unit> {
    let mut out = Units(Vec::new());
    let f = &source.front;
    out.front("title", "title", vec![Step::Key("title")], Some(&f.title));
    out.front(
        "summary",
        "summary",
        vec![Step::Key("summary")],
        f.summary.as_deref(),
    );
    match f.kind {
        Kind::Card => {}
        Kind::ChangePackage => {
            out.front("aim", "aim", vec![Step::Key("aim")], f.aim.as_deref());
        }
        _ => {}
    }
    out.0.extend(body_units(&source.body, f.kind, ui));
    match f.kind {
        Kind::ChangePackage => change_package_units(source, &mut out),
        Kind::Resources => resource_units(source, &mut out),
        _ => {}
    }
    out.0
}

struct Units(Vec<Unit>);

impl Units {
    fn front(&mut self, id: &str, part: &str, path: Vec<Step>, text: Option<&str>) {
        if let Some(text) = text.filter(|t| !t.trim().is_empty()) {
            self.0.push(Unit {
                id: id.to_string(),
                part: part.to_string(),
                text: text.trim().to_string(),
                place: Place::Front(path),
                whole: false,
            });
        }
    }

    fn measures(&mut self, prefix: &str, part: &str, base: Vec<Step>, measures: &[Measure]) {
        for (i, m) in measures.iter().enumerate() {
            let mut path = base.clone();
            path.extend([Step::Key("measures"), Step::Index(i)]);
            let at = |key| {
                let mut p = path.clone();
                p.push(Step::Key(key));
                p
            };
            let n = i + 1;
            self.front(
                &format!("{prefix}measures.{n}.name"),
                part,
                at("name"),
                Some(&m.name),
            );
            self.front(
                &format!("{prefix}measures.{n}.definition"),
                part,
                at("definition"),
                m.definition.as_deref(),
            );
        }
    }
}

fn with(base: &[Step], more: impl IntoIterator<Item = Step>) -> Vec<Step> {
    let mut path = base.to_vec();
    path.extend(more);
    path
}

fn change_package_units(source: &Source, out: &mut Units) {
    let f = &source.front;
    out.measures("", "measures", Vec::new(), &f.measures);
    let drivers = f
        .primary_drivers
        .iter()
        .map(|d| ("primary_drivers", &d.id, &d.title, &d.description))
        .chain(
            f.secondary_drivers
                .iter()
                .map(|d| ("secondary_drivers", &d.id, &d.title, &d.description)),
        );
    for (list, id, title, description) in drivers {
        let base = [Step::Key(list), Step::Id(id.clone())];
        let part = format!("driver.{id}");
        out.front(
            &format!("{part}.title"),
            &part,
            with(&base, [Step::Key("title")]),
            Some(title),
        );
        out.front(
            &format!("{part}.description"),
            &part,
            with(&base, [Step::Key("description")]),
            description.as_deref(),
        );
    }
    for idea in &f.change_ideas {
        let base = vec![Step::Key("change_ideas"), Step::Id(idea.id.clone())];
        let part = format!("idea.{}", idea.id);
        out.front(
            &format!("{part}.title"),
            &part,
            with(&base, [Step::Key("title")]),
            Some(&idea.title),
        );
        out.front(
            &format!("{part}.description"),
            &part,
            with(&base, [Step::Key("description")]),
            idea.description.as_deref(),
        );
        for (i, cycle) in idea.pdsa.iter().enumerate() {
            for (key, text) in [
                ("title", &cycle.title),
                ("plan", &cycle.plan),
                ("do", &cycle.do_),
                ("study", &cycle.study),
                ("act", &cycle.act),
            ] {
                out.front(
                    &format!("{part}.pdsa.{}.{key}", i + 1),
                    &part,
                    with(&base, [Step::Key("pdsa"), Step::Index(i), Step::Key(key)]),
                    Some(text),
                );
            }
        }
        out.measures(&format!("{part}."), &part, base, &idea.measures);
    }
}

fn resource_units(source: &Source, out: &mut Units) {
    for cat in &source.front.categories {
        let base = vec![Step::Key("categories"), Step::Id(cat.id.clone())];
        let part = format!("category.{}", cat.id);
        out.front(
            &format!("{part}.title"),
            &part,
            with(&base, [Step::Key("title")]),
            Some(&cat.title),
        );
        out.front(
            &format!("{part}.description"),
            &part,
            with(&base, [Step::Key("description")]),
            cat.description.as_deref(),
        );
        for (i, r) in cat.resources.iter().enumerate() {
            let at = |key| {
                with(
                    &base,
                    [Step::Key("resources"), Step::Index(i), Step::Key(key)],
                )
            };
            let n = i + 1;
            out.front(
                &format!("{part}.resource.{n}.title"),
                &part,
                at("title"),
                Some(&r.title),
            );
            out.front(
                &format!("{part}.resource.{n}.description"),
                &part,
                at("description"),
                r.description.as_deref(),
            );
        }
    }
}

/// The units of a body: per card section on a card, else of the whole body.
pub fn body_units(body: &str, kind: Kind, ui: &UiStrings) -> Vec<Unit> {
    let offset = |text: &str| text.as_ptr() as usize - body.as_ptr() as usize;
    let mut out = Vec::new();
    if kind == Kind::Card {
        for (id, text) in card_sections(body, ui) {
            push_blocks(&mut out, id, id, text, offset(text), body);
        }
    } else {
        push_blocks(&mut out, "body", "body", body, 0, body);
    }
    out
}

fn push_blocks(out: &mut Vec<Unit>, prefix: &str, part: &str, text: &str, at: usize, body: &str) {
    for (n, range) in blocks(text).into_iter().enumerate() {
        let range = at + range.start..at + range.end;
        out.push(Unit {
            id: format!("{prefix}.{}", n + 1),
            part: part.to_string(),
            text: without_line_prefixes(&body[range.clone()]),
            place: Place::Body(range),
            whole: false,
        });
    }
}

/// A run's text without the indentation and `>` markers its continuation
/// lines repeat inside a list item or a block quote: they are structure.
fn without_line_prefixes(run: &str) -> String {
    let mut lines = run.split('\n');
    let mut out = lines.next().unwrap_or_default().to_string();
    for line in lines {
        let mut rest = line.trim_start();
        while let Some(after) = rest.strip_prefix('>') {
            rest = after.trim_start();
        }
        out.push('\n');
        out.push_str(rest);
    }
    out
}

/// The text runs of a Markdown text a translator translates one by one: each
/// paragraph, the text of each list item and each heading (without its
/// `#`s and `{#id}`). Code blocks, HTML blocks and tables are left as they are.
pub fn blocks(text: &str) -> Vec<Range<usize>> {
    let mut runs: Vec<Range<usize>> = Vec::new();
    let mut current: Option<Range<usize>> = None;
    // The block each inline event belongs to translates only inside these.
    let mut containers: Vec<bool> = Vec::new();
    let mut opaque_depth = 0usize;
    let end_run = |current: &mut Option<Range<usize>>, runs: &mut Vec<Range<usize>>| {
        if let Some(run) = current.take()
            && !text[run.clone()].trim().is_empty()
        {
            runs.push(trim_range(text, run));
        }
    };
    for (event, range) in Parser::new_ext(text, crate::markdown::options()).into_offset_iter() {
        let inline = match &event {
            Event::Start(tag) => is_inline(tag),
            Event::End(end) => is_inline_end(end),
            Event::Text(_)
            | Event::Code(_)
            | Event::InlineHtml(_)
            | Event::SoftBreak
            | Event::HardBreak
            | Event::InlineMath(_)
            | Event::FootnoteReference(_) => true,
            _ => false,
        };
        if inline && containers.last() == Some(&true) {
            let run = current.get_or_insert(range.clone());
            run.start = run.start.min(range.start);
            run.end = run.end.max(range.end);
            continue;
        }
        if inline {
            continue;
        }
        end_run(&mut current, &mut runs);
        match event {
            Event::Start(tag) => {
                let opaque = matches!(tag, Tag::Table(_) | Tag::CodeBlock(_) | Tag::HtmlBlock);
                if opaque {
                    opaque_depth += 1;
                }
                containers.push(
                    matches!(tag, Tag::Paragraph | Tag::Item | Tag::Heading { .. })
                        && opaque_depth == 0,
                );
            }
            Event::End(end) => {
                if matches!(end, TagEnd::Table | TagEnd::CodeBlock | TagEnd::HtmlBlock) {
                    opaque_depth -= 1;
                }
                containers.pop();
            }
            _ => {}
        }
    }
    end_run(&mut current, &mut runs);
    runs
}

fn trim_range(text: &str, range: Range<usize>) -> Range<usize> {
    let slice = &text[range.clone()];
    let start = range.start + (slice.len() - slice.trim_start().len());
    let end = range.end - (slice.len() - slice.trim_end().len());
    start..end.max(start)
}

fn is_inline(tag: &Tag) -> bool {
    matches!(
        tag,
        Tag::Emphasis | Tag::Strong | Tag::Strikethrough | Tag::Link { .. } | Tag::Image { .. }
    )
}

fn is_inline_end(end: &TagEnd) -> bool {
    matches!(
        end,
        TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough | TagEnd::Link | TagEnd::Image
    )
}

/// The card section headings of a body, by section id: the heading line's
/// text without `#`s and `{#id}`, to keep a translation's own headings.
pub fn card_headings(body: &str, ui: &UiStrings) -> Vec<(&'static str, String)> {
    let (_, sections) = source_sections(body, HeadingLevel::H2);
    let mut out = Vec::new();
    for section in &sections {
        if let Some(id) = section_id(section, &CARD_SECTIONS, ui) {
            out.push((id, section.heading.clone()));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_list_items_and_headings_are_units() {
        let text = "First *para*\ncontinued.\n\n- one\n- two [x](y.md)\n\n```\ncode\n```\n\n### Sub\n\n1. loose\n\n2. items\n";
        let found: Vec<&str> = blocks(text).into_iter().map(|r| &text[r]).collect();
        assert_eq!(
            found,
            [
                "First *para*\ncontinued.",
                "one",
                "two [x](y.md)",
                "Sub",
                "loose",
                "items"
            ]
        );
    }
}
