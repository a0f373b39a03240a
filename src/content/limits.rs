//! Limits on one source's front matter, so that the site grows in proportion
//! to what authors write.
//!
//! Some output is multiplicative: every tag, audience or setting value gets a
//! page listing every card that has it, and each card's tile (its title,
//! summary and tags) is repeated on each of those pages; a menu page's title
//! is repeated on every page. Capping the values per card and their length
//! keeps the output linear in the sources. URL segments and paths are capped
//! below what file systems allow, so a long value is an error here, with its
//! line, rather than a failure to write the site. docs/content-guide.md
//! ("Limits") lists every value.

use super::{Kind, Source};
use crate::error::Diagnostic;
use crate::text::slugify;

/// Values in each of `tags`, `audience` and `settings` of a card or resource.
pub const MAX_TERMS: usize = 64;
/// Characters in one tag, audience or setting value.
pub const MAX_TERM_CHARS: usize = 100;
/// Bytes in one URL segment made from a value or a `slug`.
pub const MAX_SEGMENT_BYTES: usize = 100;
/// Bytes in a page's path inside the site (`en/strategies/x/index.html`).
pub const MAX_PATH_BYTES: usize = 255;
/// Characters in a `title`.
pub const MAX_TITLE_CHARS: usize = 300;
/// Characters in a `summary`.
pub const MAX_SUMMARY_CHARS: usize = 1_000;
/// Sources with `menu: true` in one language: every page repeats the menu.
pub const MAX_MENU_PAGES: usize = 20;

/// Checks every limit of one source.
pub fn check(source: &Source, problems: &mut Vec<Diagnostic>) {
    let f = &source.front;
    check_chars(source, "title", &f.title, MAX_TITLE_CHARS, problems);
    if let Some(summary) = &f.summary {
        check_chars(source, "summary", summary, MAX_SUMMARY_CHARS, problems);
    }
    if f.kind == Kind::Card {
        for (key, values) in [
            ("tags", &f.tags),
            ("audience", &f.audience),
            ("settings", &f.settings),
        ] {
            check_terms(source, key, key, values, problems);
        }
    }
    for category in &f.categories {
        for resource in &category.resources {
            check_terms(source, "categories", "tags", &resource.tags, problems);
            check_terms(
                source,
                "categories",
                "audience",
                &resource.audience,
                problems,
            );
        }
    }
    if let Some(slug) = &f.slug {
        let segment = segment_bytes(slug);
        if segment > MAX_SEGMENT_BYTES {
            problems.push(
                super::kinds::at_key(
                    source,
                    "slug",
                    format!("the slug is {segment} bytes long; the limit is {MAX_SEGMENT_BYTES}"),
                )
                .help("use a shorter slug: a few words that name the page"),
            );
        }
    }
    check_path(source, problems);
}

fn check_chars(
    source: &Source,
    key: &str,
    text: &str,
    limit: usize,
    problems: &mut Vec<Diagnostic>,
) {
    let chars = text.chars().count();
    if chars > limit {
        problems.push(
            super::kinds::at_key(
                source,
                key,
                format!("the {key} is {chars} characters long; the limit is {limit}"),
            )
            .help(format!(
                "shorten it; the {key} is repeated on the listings (and menus) that show the page"
            )),
        );
    }
}

/// The one limit across sources: pages in each language's menu, which every
/// page of the site repeats. The first source over the limit is named.
pub fn check_menus(sources: &[Source]) -> Vec<Diagnostic> {
    let mut counts: std::collections::BTreeMap<&str, Vec<&Source>> = Default::default();
    for source in sources.iter().filter(|s| s.front.menu) {
        counts.entry(&source.lang).or_default().push(source);
    }
    counts
        .into_iter()
        .filter(|(_, in_menu)| in_menu.len() > MAX_MENU_PAGES)
        .map(|(lang, in_menu)| {
            super::kinds::at_key(
                in_menu[MAX_MENU_PAGES],
                "menu",
                format!(
                    "{} pages of `{lang}` have `menu: true`; the limit is {MAX_MENU_PAGES}",
                    in_menu.len()
                ),
            )
            .help("every page repeats the menu: keep the main sections in it and link the other pages from them")
        })
        .collect()
}

/// `values` written under `key` (for a resource, its `field` inside `categories`).
fn check_terms(
    source: &Source,
    key: &str,
    field: &str,
    values: &[String],
    problems: &mut Vec<Diagnostic>,
) {
    let key_line = || source.line_of_key(key).unwrap_or(1);
    if values.len() > MAX_TERMS {
        problems.push(
            Diagnostic::new(
                &source.file,
                format!(
                    "`{field}` has {} values; the limit is {MAX_TERMS}",
                    values.len()
                ),
            )
            .at_line(key_line())
            .help(format!(
                "keep the {field} readers filter by; each value gets a page listing every card with it, so the site grows with values × cards"
            )),
        );
    }
    // A handful of examples says enough; more would only flood the report.
    let mut reported = 0;
    for value in values {
        if reported == 5 {
            break;
        }
        let chars = value.chars().count();
        let segment = segment_bytes(value);
        let message = if chars > MAX_TERM_CHARS {
            format!(
                "the {} `{}` is {chars} characters long; the limit is {MAX_TERM_CHARS}",
                singular(field),
                preview(value)
            )
        } else if segment > MAX_SEGMENT_BYTES {
            format!(
                "the {} `{}` makes a URL segment of {segment} bytes; the limit is {MAX_SEGMENT_BYTES}",
                singular(field),
                preview(value)
            )
        } else {
            continue;
        };
        reported += 1;
        let line = source.line_of_reference(value).unwrap_or_else(key_line);
        problems.push(
            Diagnostic::new(&source.file, message)
                .at_line(line)
                .help("shorten it: a value is a short label, and its page's URL is made from it"),
        );
    }
}

/// Bytes of the URL segment made from `value`, or an upper bound within the
/// limit: slugging ASCII never lengthens it, so most values need no slugging.
fn segment_bytes(value: &str) -> usize {
    if value.is_ascii() && value.len() <= MAX_SEGMENT_BYTES {
        value.len()
    } else {
        slugify(value).len()
    }
}

fn singular(field: &str) -> &str {
    match field {
        "tags" => "tag",
        "settings" => "setting",
        other => other,
    }
}

/// The first 40 characters of a long value, for messages.
fn preview(value: &str) -> String {
    let mut chars = value.chars();
    let head: String = chars.by_ref().take(40).collect();
    if chars.next().is_some() {
        format!("{head}…")
    } else {
        head
    }
}

/// The page's file inside the site, as the model will name it: the language,
/// the slugged folders, then the slug (or the file's own name) and `index.html`.
fn check_path(source: &Source, problems: &mut Vec<Diagnostic>) {
    // Slugging ASCII never lengthens it: most sources need no slugging here.
    let slug = source.front.slug.as_deref().unwrap_or("");
    let written = [source.lang.as_str(), &source.rel, slug];
    let bound: usize = written.iter().map(|s| s.len()).sum::<usize>() + "//index.html".len();
    if written.iter().all(|s| s.is_ascii()) && bound <= MAX_PATH_BYTES {
        return;
    }
    let without_ext = source.rel.strip_suffix(".md").unwrap_or(&source.rel);
    let mut parts: Vec<String> = without_ext
        .split('/')
        .map(slugify)
        .filter(|p| !p.is_empty())
        .collect();
    if parts.last().is_some_and(|p| p == "index") {
        parts.pop();
    }
    if let Some(slug) = &source.front.slug {
        parts.pop();
        parts.push(slugify(slug));
    }
    let mut path = format!("{}/", source.lang);
    for part in &parts {
        path.push_str(part);
        path.push('/');
    }
    path.push_str("index.html");
    if path.len() > MAX_PATH_BYTES {
        let d = match source.front.slug {
            Some(_) => super::kinds::at_key(source, "slug", ""),
            None => Diagnostic::new(&source.file, "").at_line(1),
        };
        problems.push(
            Diagnostic {
                message: format!(
                    "this page's path in the site is {} bytes long; the limit is {MAX_PATH_BYTES}",
                    path.len()
                ),
                ..d
            }
            .help("use shorter folder names or a shorter `slug`"),
        );
    }
}
