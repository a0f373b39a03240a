//! Markdown to HTML with pulldown-cmark: CommonMark plus tables, footnotes,
//! strikethrough, task lists and heading attributes.
//!
//! Owns three things the model needs from a body: links to other sources
//! rewritten to page URLs (with the line of any broken one), unique heading
//! ids, and splitting a body into sections at its headings, so strategy
//! cards can be recognised section by section.
//!
//! Author HTML (raw HTML, link and image URLs, heading attributes) passes
//! through `sanitize` unless the settings say `raw_html: trusted`: unsafe
//! URLs and attributes are dropped while parsing, and a rendered piece that
//! holds raw HTML is cleaned as a whole. A piece without raw HTML is only
//! ever Cardstock's and pulldown-cmark's markup, so it is written unchanged.

pub mod sanitize;

use std::collections::HashSet;
use std::ops::Range;

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd, html};

use crate::config::RawHtml;
use crate::error::Diagnostic;
use crate::text::{escape_html, slugify};

/// Where a link to another source leads: a site path and the language of
/// the text found there (a fallback page holds default-language text).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkTarget {
    pub path: String,
    pub lang: String,
}

/// What rendering a body needs to know about where it sits.
pub struct Context<'a> {
    /// The source file, for messages.
    pub file: &'a str,
    /// The file line on which the body starts.
    pub first_line: usize,
    /// The source's path inside its language folder (`strategies/x.md`).
    pub rel: &'a str,
    /// The relative prefix from the page to the site root (`../../../`).
    pub root: &'a str,
    /// The language of the text being rendered; links to text in another
    /// language get `hreflang`.
    pub lang: &'a str,
    /// Finds the page (`en/strategies/x/`) of a source path in the reader's language.
    pub resolve: &'a (dyn Fn(&str) -> Option<LinkTarget> + Sync),
    /// Ids the page's template gives its own elements; headings made ids avoid them.
    pub reserved_ids: &'a [String],
    /// Whether author HTML is cleaned (the default) or kept as written.
    pub raw_html: RawHtml,
}

/// A body cut at headings of one level.
#[derive(Debug, Default)]
pub struct Section {
    pub heading: String,
    /// The heading's id: the author's (`## Qué {#what}`) or one made from its text.
    pub id: String,
    pub line: usize,
    /// The section's content, without its heading.
    pub html: String,
    /// Sub-sections at the next heading level; empty unless asked for.
    pub children: Vec<Section>,
}

/// An event with the file line it comes from.
#[derive(Debug, Clone)]
struct Located<'a> {
    event: Event<'a>,
    line: usize,
    /// Raw HTML the author wrote (not the links Cardstock writes as HTML):
    /// the piece it ends up in is cleaned.
    author_html: bool,
}

/// The Markdown dialect of every body; `check` parses with the same options.
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Renders a whole body.
pub fn to_html(body: &str, ctx: &Context) -> Result<String, Vec<Diagnostic>> {
    let events = prepare(body, ctx)?;
    Ok(push_html(events, ctx.raw_html))
}

/// Renders a short inline text (a description in front matter) with links resolved.
pub fn inline_to_html(text: &str, ctx: &Context) -> Result<String, Vec<Diagnostic>> {
    to_html(text, ctx)
}

/// Renders a body cut into sections at `level` headings, each cut again at
/// `level + 1` headings. Returns the HTML before the first heading and the sections.
pub fn to_sections(
    body: &str,
    ctx: &Context,
    level: HeadingLevel,
) -> Result<(String, Vec<Section>), Vec<Diagnostic>> {
    let events = prepare(body, ctx)?;
    let (before, parts) = split_at(events, level);
    let sub_level = next_level(level);
    let sections = parts
        .into_iter()
        .map(|(mut section, content)| {
            let (_, children) = split_at(content.clone(), sub_level);
            section.html = push_html(content, ctx.raw_html);
            section.children = children
                .into_iter()
                .map(|(mut child, child_content)| {
                    child.html = push_html(child_content, ctx.raw_html);
                    child
                })
                .collect();
            section
        })
        .collect();
    Ok((push_html(before, ctx.raw_html), sections))
}

fn next_level(level: HeadingLevel) -> HeadingLevel {
    match level {
        HeadingLevel::H1 => HeadingLevel::H2,
        HeadingLevel::H2 => HeadingLevel::H3,
        HeadingLevel::H3 => HeadingLevel::H4,
        HeadingLevel::H4 => HeadingLevel::H5,
        _ => HeadingLevel::H6,
    }
}

/// Writes a piece of a page; cleaned when it holds raw HTML and the site
/// does not trust its authors' HTML.
fn push_html(events: Vec<Located<'_>>, raw_html: RawHtml) -> String {
    let clean = raw_html == RawHtml::Sanitize && events.iter().any(|e| e.author_html);
    let mut out = String::new();
    html::push_html(&mut out, events.into_iter().map(|e| e.event));
    if clean { sanitize::clean(&out) } else { out }
}

/// How an open link or image of the source is written.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Opened {
    AsParsed,
    /// As raw HTML, to carry `hreflang`.
    WithHreflang,
    /// Not at all: its URL is unsafe; its text stays.
    Dropped,
}

/// Parses and rewrites: links resolved, every heading given a unique id.
fn prepare<'a>(body: &'a str, ctx: &Context) -> Result<Vec<Located<'a>>, Vec<Diagnostic>> {
    let lines = crate::text::Lines::new(body, ctx.first_line);
    let line_of = |offset: usize| lines.line_of(offset);
    let mut problems = Vec::new();
    let mut events: Vec<Located<'a>> = Vec::new();
    let sanitizing = ctx.raw_html == RawHtml::Sanitize;
    let mut open_links: Vec<Opened> = Vec::new();
    let mut open_images: Vec<Opened> = Vec::new();
    for (event, range) in Parser::new_ext(body, options()).into_offset_iter() {
        let line = line_of(range.start);
        let author_html = matches!(event, Event::Html(_) | Event::InlineHtml(_));
        let event = match event {
            Event::Start(Tag::Link { dest_url, .. })
                if sanitizing && !sanitize::is_safe_url(&dest_url) =>
            {
                open_links.push(Opened::Dropped);
                continue;
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let (dest_url, target_lang) = rewrite_dest(dest_url, ctx, line, &mut problems);
                match target_lang.filter(|l| l != ctx.lang) {
                    Some(lang) => {
                        open_links.push(Opened::WithHreflang);
                        Event::InlineHtml(CowStr::from(link_with_hreflang(
                            &dest_url, &title, &lang,
                        )))
                    }
                    None => {
                        open_links.push(Opened::AsParsed);
                        Event::Start(Tag::Link {
                            link_type,
                            dest_url,
                            title,
                            id,
                        })
                    }
                }
            }
            Event::End(TagEnd::Link) => match open_links.pop() {
                Some(Opened::Dropped) => continue,
                Some(Opened::WithHreflang) => Event::InlineHtml(CowStr::from("</a>")),
                _ => Event::End(TagEnd::Link),
            },
            Event::Start(Tag::Image { dest_url, .. })
                if sanitizing && !sanitize::is_safe_url(&dest_url) =>
            {
                open_images.push(Opened::Dropped);
                continue;
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                open_images.push(Opened::AsParsed);
                let (dest_url, _) = rewrite_dest(dest_url, ctx, line, &mut problems);
                Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                })
            }
            Event::End(TagEnd::Image) => match open_images.pop() {
                Some(Opened::Dropped) => continue,
                _ => Event::End(TagEnd::Image),
            },
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) if sanitizing => Event::Start(Tag::Heading {
                level,
                id,
                classes,
                // `## Title {onclick=…}` would write the attribute as it is.
                attrs: attrs
                    .into_iter()
                    .filter(|(name, _)| sanitize::GENERIC_ATTRIBUTES.contains(&name.as_ref()))
                    .collect(),
            }),
            other => other,
        };
        events.push(Located {
            event,
            line,
            author_html,
        });
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    assign_heading_ids(&mut events, ctx.reserved_ids);
    drop_decorative_alt(&mut events);
    Ok(events)
}

/// The alt text that marks an image as decorative: `![decorative](border.png)`
/// renders with `alt=""`, so screen readers skip it, and `check` accepts it.
pub const DECORATIVE_ALT: &str = "decorative";

/// True when an image's alt text is the decorative marker.
pub fn is_decorative_alt(alt: &str) -> bool {
    alt.trim().eq_ignore_ascii_case(DECORATIVE_ALT)
}

/// Empties the alt text of images marked decorative.
fn drop_decorative_alt(events: &mut Vec<Located<'_>>) {
    let mut keep = vec![true; events.len()];
    for i in 0..events.len().saturating_sub(2) {
        if let (Event::Start(Tag::Image { .. }), Event::Text(alt), Event::End(TagEnd::Image)) =
            (&events[i].event, &events[i + 1].event, &events[i + 2].event)
            && is_decorative_alt(alt)
        {
            keep[i + 1] = false;
        }
    }
    let mut flags = keep.into_iter();
    events.retain(|_| flags.next().unwrap_or(true));
}

/// What a link or image destination written in a body points at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Destination {
    /// Another source, by its path inside the language folder (`strategies/x.md`);
    /// `None` when a relative path climbs out of the language folder.
    Source {
        rel: Option<String>,
        fragment: String,
    },
    /// A site-absolute path without its leading slash (`en/tags/`).
    SitePath { path: String, fragment: String },
    /// `#id` on the same page.
    Fragment(String),
    /// Has a scheme (`https:`, `mailto:`) or starts with `//`.
    External,
    /// Any other relative path; written out as it is.
    Relative,
}

/// Sorts a destination written in a body at `rel` into the kinds above.
/// Fragments keep their `#`, or are empty.
pub fn classify_link(dest: &str, rel: &str) -> Destination {
    let (path, fragment) = match dest.find('#') {
        Some(i) => (&dest[..i], dest[i..].to_string()),
        None => (dest, String::new()),
    };
    if let Some(from_root) = path.strip_prefix("@/") {
        Destination::Source {
            rel: Some(from_root.to_string()),
            fragment,
        }
    } else if is_external(path) {
        Destination::External
    } else if path.is_empty() {
        Destination::Fragment(fragment)
    } else if let Some(site_path) = path.strip_prefix('/') {
        Destination::SitePath {
            path: site_path.to_string(),
            fragment,
        }
    } else if path.ends_with(".md") {
        Destination::Source {
            rel: join_relative(rel, path),
            fragment,
        }
    } else {
        Destination::Relative
    }
}

/// The problem reported for a link to a source that does not exist.
pub fn missing_source(file: &str, dest: &str, line: usize) -> Diagnostic {
    Diagnostic::new(file, format!("link to a missing source `{dest}`"))
        .at_line(line)
        .help("link to an existing .md file by its path relative to this file, or from the language folder as `@/strategies/name.md`")
}

/// `<a href hreflang>` for a link into text of another language; pulldown-cmark
/// has no way to add the attribute to its own link tag.
fn link_with_hreflang(dest: &str, title: &str, lang: &str) -> String {
    let title = if title.is_empty() {
        String::new()
    } else {
        format!(" title=\"{}\"", escape_html(title))
    };
    format!(
        "<a href=\"{}\" hreflang=\"{}\"{title}>",
        escape_html(dest),
        escape_html(lang)
    )
}

/// Rewrites a link or image destination, returning the language of the text
/// it leads to when it leads to a source; records a problem for a missing source.
fn rewrite_dest<'a>(
    dest: CowStr<'a>,
    ctx: &Context,
    line: usize,
    problems: &mut Vec<Diagnostic>,
) -> (CowStr<'a>, Option<String>) {
    match classify_link(&dest, ctx.rel) {
        // Site-absolute paths follow the base path, so they survive deployment under a sub-path.
        Destination::SitePath { path, fragment } => (
            CowStr::from(format!("{}{}{}", ctx.root, path, fragment)),
            None,
        ),
        Destination::Source { rel, fragment } => {
            match rel.as_deref().and_then(|p| (ctx.resolve)(p)) {
                Some(target) => (
                    CowStr::from(format!("{}{}{}", ctx.root, target.path, fragment)),
                    Some(target.lang),
                ),
                None => {
                    problems.push(missing_source(ctx.file, &dest, line));
                    (dest, None)
                }
            }
        }
        Destination::Fragment(_) | Destination::External | Destination::Relative => (dest, None),
    }
}

fn is_external(path: &str) -> bool {
    path.starts_with("//")
        || path
            .split('/')
            .next()
            .is_some_and(|first| first.contains(':'))
}

/// Joins `target` to the folder of `from` (both inside a language folder);
/// `None` if `..` climbs above the language folder.
pub fn join_relative(from: &str, target: &str) -> Option<String> {
    crate::urls::join_path(crate::urls::parent_folder(from), target)
}

/// Gives each heading without an explicit id one made from its text, unique in
/// the page: not taken by another heading nor by the template (`reserved`).
fn assign_heading_ids(events: &mut [Located<'_>], reserved: &[String]) {
    let mut used: HashSet<String> = reserved.iter().cloned().collect();
    for located in events.iter() {
        if let Event::Start(Tag::Heading { id: Some(id), .. }) = &located.event {
            used.insert(id.to_string());
        }
    }
    for i in 0..events.len() {
        let Event::Start(Tag::Heading { id: None, .. }) = &events[i].event else {
            continue;
        };
        let text = heading_text(&events[i + 1..]);
        let base = match slugify(&text) {
            s if s.is_empty() => "section".to_string(),
            s => s,
        };
        let mut id = base.clone();
        let mut n = 1;
        while !used.insert(id.clone()) {
            id = format!("{base}-{n}");
            n += 1;
        }
        if let Event::Start(Tag::Heading { id: slot, .. }) = &mut events[i].event {
            *slot = Some(CowStr::from(id));
        }
    }
}

/// The plain text of a heading whose content starts at `events[0]`.
fn heading_text(events: &[Located<'_>]) -> String {
    let mut text = String::new();
    for located in events {
        match &located.event {
            Event::End(TagEnd::Heading(_)) => break,
            Event::Text(t) | Event::Code(t) => text.push_str(t),
            _ => {}
        }
    }
    text
}

/// A section of a Markdown source as written, not rendered: what the
/// translation tools hash and copy.
#[derive(Debug, Clone)]
pub struct SourceSection<'a> {
    pub heading: String,
    /// The id written as `{#id}` after the heading, if any.
    pub id: Option<String>,
    /// Where the heading is in the text that was split.
    pub heading_range: Range<usize>,
    /// Where the section's text starts in the text that was split.
    pub text_start: usize,
    /// The text up to the next heading of the same or a higher level.
    pub text: &'a str,
}

/// Cuts a Markdown source at its headings of `level`, without rendering it.
/// Returns the text before the first such heading and the sections.
pub fn source_sections<'a>(
    body: &'a str,
    level: HeadingLevel,
) -> (&'a str, Vec<SourceSection<'a>>) {
    let mut sections: Vec<SourceSection<'a>> = Vec::new();
    let mut first_start = body.len();
    let mut in_heading: Option<(Range<usize>, Option<String>, String)> = None;
    let close = |sections: &mut Vec<SourceSection<'a>>, end: usize| {
        if let Some(last) = sections.last_mut() {
            last.text = &body[last.text_start..end.max(last.text_start)];
        }
    };
    for (event, range) in Parser::new_ext(body, options()).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading { level: l, id, .. }) if l <= level => {
                if l == level {
                    in_heading = Some((range.clone(), id.map(|i| i.to_string()), String::new()));
                }
                if sections.is_empty() {
                    first_start = first_start.min(range.start);
                }
                close(&mut sections, range.start);
                if l < level {
                    // A higher heading ends the section before it and starts no new one.
                    sections.push(SourceSection {
                        heading: String::new(),
                        id: None,
                        heading_range: range.clone(),
                        text_start: range.end,
                        text: "",
                    });
                }
            }
            Event::Text(t) | Event::Code(t) if in_heading.is_some() => {
                if let Some((_, _, text)) = in_heading.as_mut() {
                    text.push_str(&t);
                }
            }
            Event::End(TagEnd::Heading(l)) if l == level => {
                if let Some((range, id, heading)) = in_heading.take() {
                    sections.push(SourceSection {
                        heading: heading.trim().to_string(),
                        id,
                        heading_range: range.clone(),
                        text_start: range.end,
                        text: "",
                    });
                }
            }
            _ => {}
        }
    }
    close(&mut sections, body.len());
    sections.retain(|s| !s.heading.is_empty() || s.id.is_some());
    (&body[..first_start], sections)
}

/// Cuts `events` at headings of `level`; headings of that level are consumed.
fn split_at(
    events: Vec<Located<'_>>,
    level: HeadingLevel,
) -> (Vec<Located<'_>>, Vec<(Section, Vec<Located<'_>>)>) {
    let mut before = Vec::new();
    let mut sections: Vec<(Section, Vec<Located<'_>>)> = Vec::new();
    let mut iter = events.into_iter().peekable();
    while let Some(located) = iter.next() {
        match located.event {
            Event::Start(Tag::Heading { level: l, id, .. }) if l == level => {
                let line = located.line;
                let mut heading_events = Vec::new();
                for inner in iter.by_ref() {
                    if matches!(inner.event, Event::End(TagEnd::Heading(_))) {
                        break;
                    }
                    heading_events.push(inner.event);
                }
                let heading = heading_events
                    .iter()
                    .filter_map(|e| match e {
                        Event::Text(t) | Event::Code(t) => Some(t.as_ref()),
                        _ => None,
                    })
                    .collect::<String>();
                let id = id.map(|s| s.to_string()).unwrap_or_default();
                let section = Section {
                    heading,
                    id,
                    line,
                    ..Default::default()
                };
                sections.push((section, Vec::new()));
            }
            event => {
                let located = Located { event, ..located };
                match sections.last_mut() {
                    Some((_, content)) => content.push(located),
                    None => before.push(located),
                }
            }
        }
    }
    (before, sections)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ctx<'a>(resolve: &'a (dyn Fn(&str) -> Option<LinkTarget> + Sync)) -> Context<'a> {
        Context {
            file: "content/en/strategies/a.md",
            first_line: 5,
            rel: "strategies/a.md",
            root: "../../../",
            lang: "en",
            resolve,
            reserved_ids: &[],
            raw_html: RawHtml::Sanitize,
        }
    }

    fn known(p: &str) -> Option<LinkTarget> {
        let target = |path: &str, lang: &str| {
            Some(LinkTarget {
                path: path.into(),
                lang: lang.into(),
            })
        };
        match p {
            "strategies/b.md" => target("en/strategies/b/", "en"),
            "strategies/c.md" => target("es/strategies/c/", "es"),
            "index.md" => target("en/", "en"),
            _ => None,
        }
    }

    #[test]
    fn decorative_images_get_empty_alt() {
        let html = to_html("![decorative](a.png) ![Team at work](b.png)", &ctx(&known)).unwrap();
        assert!(html.contains(r#"<img src="a.png" alt="" />"#), "{html}");
        assert!(html.contains(r#"alt="Team at work""#), "{html}");
    }

    #[test]
    fn classifies_links() {
        assert_eq!(
            classify_link("../b.md#x", "strategies/a.md"),
            Destination::Source {
                rel: Some("b.md".into()),
                fragment: "#x".into()
            }
        );
        assert_eq!(
            classify_link("/en/tags/", "a.md"),
            Destination::SitePath {
                path: "en/tags/".into(),
                fragment: String::new()
            }
        );
        assert_eq!(
            classify_link("#top", "a.md"),
            Destination::Fragment("#top".into())
        );
        assert_eq!(
            classify_link("mailto:a@b.org", "a.md"),
            Destination::External
        );
        assert_eq!(classify_link("img/x.png", "a.md"), Destination::Relative);
    }

    #[test]
    fn links_into_another_language_get_hreflang() {
        let html = to_html("[c](c.md \"C\") and [b](b.md)", &ctx(&known)).unwrap();
        assert!(
            html.contains(r#"<a href="../../../es/strategies/c/" hreflang="es" title="C">c</a>"#),
            "{html}"
        );
        assert!(html.contains(r#"<a href="../../../en/strategies/b/">b</a>"#));
    }

    #[test]
    fn source_sections_keep_the_written_text() {
        let body = "intro\n\n## What {#what}\n\nw\n\n```\n## not a heading\n```\n\n## How\n\nh\n\n# Top\n\nt\n";
        let (before, sections) = source_sections(body, HeadingLevel::H2);
        assert_eq!(before, "intro\n\n");
        assert_eq!(sections.len(), 2);
        assert_eq!(sections[0].id.as_deref(), Some("what"));
        assert!(sections[0].text.contains("## not a heading"));
        assert_eq!(sections[1].heading, "How");
        assert_eq!(sections[1].text.trim(), "h");
        assert_eq!(&body[sections[1].heading_range.clone()], "## How\n");
    }

    #[test]
    fn rewrites_source_links() {
        let html = to_html(
            "[b](b.md#how) [home](../index.md) [x](https://x.org) [r](@/strategies/b.md)",
            &ctx(&known),
        )
        .unwrap();
        assert!(
            html.contains(r#"href="../../../en/strategies/b/#how""#),
            "{html}"
        );
        assert!(html.contains(r#"href="../../../en/""#));
        assert!(html.contains(r#"href="https://x.org""#));
        assert_eq!(html.matches("en/strategies/b/").count(), 2);
    }

    #[test]
    fn missing_link_names_line() {
        let err = to_html("text\n\nsee [gone](gone.md)\n", &ctx(&known)).unwrap_err();
        assert_eq!(err[0].line, Some(7));
        assert!(err[0].message.contains("gone.md"));
    }

    #[test]
    fn headings_get_unique_ids() {
        let html = to_html("## Notes\n\n## Notes\n\n## Custom {#mine}\n", &ctx(&known)).unwrap();
        assert!(html.contains(r#"<h2 id="notes">"#));
        assert!(html.contains(r#"<h2 id="notes-1">"#));
        assert!(html.contains(r#"<h2 id="mine">"#));
    }

    #[test]
    fn heading_ids_avoid_reserved_ids() {
        let reserved = ["aim".to_string()];
        let ctx = Context {
            reserved_ids: &reserved,
            ..ctx(&known)
        };
        let html = to_html("## Aim\n\n## Other {#aim}\n", &ctx).unwrap();
        assert!(html.contains(r#"<h2 id="aim-1">Aim"#), "{html}");
        // An id the author chose is theirs to keep.
        assert!(html.contains(r#"<h2 id="aim">Other"#), "{html}");
    }

    #[test]
    fn splits_into_sections_and_children() {
        let body = "intro\n\n## What {#what}\n\nw\n\n## Who\n\n### Intended for\n\nteams\n\n### Conducted by\n\nexperts\n";
        let (before, sections) = to_sections(body, &ctx(&known), HeadingLevel::H2).unwrap();
        assert!(before.contains("intro"));
        assert_eq!(sections.len(), 2);
        assert_eq!(sections[0].id, "what");
        assert_eq!(sections[1].heading, "Who");
        assert_eq!(sections[1].children.len(), 2);
        assert!(sections[1].children[1].html.contains("experts"));
    }

    #[test]
    fn author_html_is_cleaned_and_cardstock_links_survive() {
        let html = to_html(
            "<script>alert(1)</script>\n\n[c](c.md) <img src=x onerror=alert(1)> <abbr title=\"t\">T</abbr>\n",
            &ctx(&known),
        )
        .unwrap();
        assert!(
            !html.contains("script") && !html.contains("onerror"),
            "{html}"
        );
        assert!(
            html.contains(r#"<a href="../../../es/strategies/c/" hreflang="es">c</a>"#),
            "{html}"
        );
        assert!(html.contains(r#"<abbr title="t">T</abbr>"#), "{html}");
    }

    #[test]
    fn unsafe_markdown_urls_lose_their_link_but_keep_their_text() {
        let html = to_html(
            "[run](javascript:alert(1)) [tab](jav&#x09;ascript:x) ![pic](vbscript:x) <javascript:alert(2)>\n\n## Hi {onclick=alert(3) lang=es}\n",
            &ctx(&known),
        )
        .unwrap();
        assert_eq!(
            html,
            "<p>run tab pic javascript:alert(2)</p>\n<h2 id=\"hi\" lang=\"es\">Hi</h2>\n"
        );
    }

    #[test]
    fn trusted_html_is_kept_as_written() {
        let ctx = Context {
            raw_html: RawHtml::Trusted,
            ..ctx(&known)
        };
        let html = to_html("<script>go()</script>\n\n[run](javascript:go())\n", &ctx).unwrap();
        assert!(html.contains("<script>go()</script>"), "{html}");
        assert!(html.contains(r#"href="javascript:go()""#), "{html}");
    }

    #[test]
    fn joins_relative_paths() {
        assert_eq!(join_relative("a/b.md", "../c.md").as_deref(), Some("c.md"));
        assert_eq!(join_relative("b.md", "../c.md"), None);
    }
}
