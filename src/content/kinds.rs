//! The structured parts of change packages and resource lists, and the checks
//! each kind of source needs on its own (required keys, ids, URLs, DOIs).

use serde::{Deserialize, Serialize};

use super::{Kind, Reference, Source};
use crate::error::Diagnostic;

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PrimaryDriver {
    pub id: String,
    pub title: String,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub secondary: Vec<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SecondaryDriver {
    pub id: String,
    pub title: String,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub change_ideas: Vec<String>,
    /// The primary drivers this driver serves: the same links as their
    /// `secondary`, written from this side.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub serves: Vec<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ChangeIdea {
    pub id: String,
    pub title: String,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub pdsa: Vec<Pdsa>,
    #[serde(default)]
    pub measures: Vec<Measure>,
    /// The secondary drivers this idea serves: the same links as their
    /// `change_ideas`, written from this side.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub serves: Vec<String>,
}

/// An example Plan-Do-Study-Act cycle.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Pdsa {
    pub title: String,
    pub plan: String,
    #[serde(rename = "do")]
    pub do_: String,
    pub study: String,
    pub act: String,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Measure {
    #[serde(rename = "type")]
    pub kind: MeasureType,
    pub name: String,
    #[serde(default)]
    pub definition: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum MeasureType {
    Outcome,
    Process,
    Balancing,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Category {
    pub id: String,
    pub title: String,
    #[serde(default)]
    pub description: Option<String>,
    /// Empty when the list is written flat (top-level `resources:` with `category:`).
    #[serde(default)]
    pub resources: Vec<Resource>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Resource {
    /// A stable anchor (`#res-<id>`) instead of one made from the title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    pub title: String,
    #[serde(default)]
    pub url: Option<String>,
    #[serde(default)]
    pub doi: Option<String>,
    pub kind: ResourceKind,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub audience: Vec<String>,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub year: Option<i32>,
    #[serde(default)]
    pub language: Option<String>,
    /// The same resource in other languages.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub also_available_in: Vec<OtherLanguage>,
    /// In a flat list (top-level `resources:`), the category's id or title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
}

/// Where a resource can be had in another language.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct OtherLanguage {
    pub language: String,
    #[serde(default)]
    pub url: Option<String>,
    #[serde(default)]
    pub doi: Option<String>,
    /// The title in that language, if it differs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ResourceKind {
    Guide,
    Article,
    Toolkit,
    Webinar,
    Course,
    Website,
    Report,
    Book,
    Video,
    Other,
}

impl ResourceKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ResourceKind::Guide => "guide",
            ResourceKind::Article => "article",
            ResourceKind::Toolkit => "toolkit",
            ResourceKind::Webinar => "webinar",
            ResourceKind::Course => "course",
            ResourceKind::Website => "website",
            ResourceKind::Report => "report",
            ResourceKind::Book => "book",
            ResourceKind::Video => "video",
            ResourceKind::Other => "other",
        }
    }
}

/// Checks one source on its own; returns every problem found.
pub fn check(source: &Source) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    check_common(source, &mut problems);
    check_home_has_no_slug(source, &mut problems);
    check_keys_belong_to_kind(source, &mut problems);
    match source.front.kind {
        Kind::Card => check_card(source, &mut problems),
        Kind::ChangePackage => super::change_package::check(source, &mut problems),
        Kind::Resources => super::resource_list::check(source, &mut problems),
        Kind::Page => {}
    }
    super::limits::check(source, &mut problems);
    problems
}

/// A diagnostic at the top-level `key` (at the start of the front matter if it is not written).
pub(super) fn at_key(source: &Source, key: &str, message: impl Into<String>) -> Diagnostic {
    let at = source.key_position(key);
    Diagnostic::new(&source.file, message).at(at.line, at.column)
}

fn check_common(source: &Source, problems: &mut Vec<Diagnostic>) {
    let f = &source.front;
    if f.title.trim().is_empty() {
        problems.push(
            at_key(source, "title", "the title is empty")
                .help("write the page's title after `title:`"),
        );
    }
    if let Some(date) = &f.updated
        && let Err(help) = check_date(date)
    {
        problems.push(
            source
                .error_at("updated", format!("`{date}` is not a date"))
                .help(help),
        );
    }
    if let Some(date) = &f.reviewed
        && !is_iso_date(date)
    {
        problems.push(
            at_key(source, "reviewed", format!("`{date}` is not a date"))
                .help("write the date of the last review as YYYY-MM-DD, e.g. 2026-03-01"),
        );
    }
    if let Some(slug) = &f.slug
        && (slug.is_empty()
            || !slug
                .chars()
                .all(|c| c.is_alphanumeric() || c == '-' || c == '_'))
    {
        problems.push(
            source
                .error_at(
                    "slug",
                    format!("slug `{slug}` may only hold letters, digits, `-` and `_`"),
                )
                .help("e.g. `slug: learning-collaboratives`"),
        );
    }
}

/// Every language's home page lives at `/{lang}/`; menus and the root page link there.
fn check_home_has_no_slug(source: &Source, problems: &mut Vec<Diagnostic>) {
    if source.rel == "index.md" && source.front.slug.is_some() {
        problems.push(
            at_key(source, "slug", "the home page cannot have a `slug`")
                .help("remove `slug:`; the home page is always the language's root, e.g. /en/"),
        );
    }
}

/// A day of the calendar written YYYY-MM-DD (`2026-02-31` is not one).
pub fn is_iso_date(s: &str) -> bool {
    check_date(s).is_ok()
}

/// `Ok` for a YYYY-MM-DD day that exists; else how to fix it.
fn check_date(s: &str) -> Result<(), String> {
    const FORMAT: &str = "write it as YYYY-MM-DD, e.g. 2026-03-01";
    let parts: Vec<&str> = s.split('-').collect();
    let well_formed = parts.len() == 3
        && parts[0].len() == 4
        && parts[1].len() == 2
        && parts[2].len() == 2
        && parts.iter().all(|p| p.chars().all(|c| c.is_ascii_digit()));
    if !well_formed {
        return Err(FORMAT.into());
    }
    let number = |p: &str| p.parse::<i16>().unwrap_or(0);
    let (year, month, day) = (number(parts[0]), number(parts[1]), number(parts[2]));
    let Ok(first) = jiff::civil::Date::new(year, month as i8, 1) else {
        return Err(format!("there is no month {month}; {FORMAT}"));
    };
    if jiff::civil::Date::new(year, month as i8, day as i8).is_err() {
        return Err(format!(
            "{}-{} has {} days; {FORMAT}",
            parts[0],
            parts[1],
            first.days_in_month()
        ));
    }
    Ok(())
}

/// Keys of one kind written in another kind's source are almost always a
/// forgotten or misspelt `kind:`; say so rather than ignore them.
fn check_keys_belong_to_kind(source: &Source, problems: &mut Vec<Diagnostic>) {
    let f = &source.front;
    let present = [
        ("also_called", Kind::Card, !f.also_called.is_empty()),
        ("tags", Kind::Card, !f.tags.is_empty()),
        ("audience", Kind::Card, !f.audience.is_empty()),
        ("settings", Kind::Card, !f.settings.is_empty()),
        ("duration", Kind::Card, f.duration.is_some()),
        ("key_citation", Kind::Card, f.key_citation.is_some()),
        (
            "illustrative_application",
            Kind::Card,
            f.illustrative_application.is_some(),
        ),
        ("related", Kind::Card, !f.related.is_empty()),
        ("aim", Kind::ChangePackage, f.aim.is_some()),
        (
            "primary_drivers",
            Kind::ChangePackage,
            !f.primary_drivers.is_empty(),
        ),
        (
            "secondary_drivers",
            Kind::ChangePackage,
            !f.secondary_drivers.is_empty(),
        ),
        (
            "change_ideas",
            Kind::ChangePackage,
            !f.change_ideas.is_empty(),
        ),
        ("measures", Kind::ChangePackage, !f.measures.is_empty()),
        (
            "measurable_aim",
            Kind::ChangePackage,
            f.measurable_aim.is_some(),
        ),
        ("references", Kind::ChangePackage, !f.references.is_empty()),
        ("categories", Kind::Resources, !f.categories.is_empty()),
        ("resources", Kind::Resources, !f.resources.is_empty()),
    ];
    for (key, kind, is_present) in present {
        if is_present && f.kind != kind {
            let kind_name = serde_norway::to_string(&kind).unwrap_or_default();
            problems.push(
                at_key(
                    source,
                    key,
                    format!("`{key}` belongs to `kind: {}`", kind_name.trim()),
                )
                .help(format!(
                    "add `kind: {}` or remove `{key}`",
                    kind_name.trim()
                )),
            );
        }
    }
}

fn check_card(source: &Source, problems: &mut Vec<Diagnostic>) {
    let f = &source.front;
    if f.summary.as_deref().is_none_or(|s| s.trim().is_empty()) {
        problems.push(
            at_key(source, "title", "a strategy card needs a `summary`")
                .help("add `summary:` with one sentence saying what the strategy is"),
        );
    }
    match &f.key_citation {
        None => problems.push(
            at_key(source, "title", "a strategy card needs a `key_citation`")
                .help("add `key_citation:` with `title:` and `url:` or `doi:`"),
        ),
        Some(r) => check_reference(source, "key_citation", r, problems),
    }
    if let Some(r) = &f.illustrative_application {
        check_reference(source, "illustrative_application", r, problems);
    }
}

pub(super) fn check_reference(
    source: &Source,
    key: &str,
    r: &Reference,
    problems: &mut Vec<Diagnostic>,
) {
    if let Some(lang) = &r.lang
        && !super::resource_list::is_language_code(lang)
    {
        problems.push(
            Diagnostic::new(&source.file, format!("`{lang}` is not a language code"))
                .at_line(source.line_of_reference(lang).unwrap_or(1))
                .help("write the cited work's language as a code such as `es` or `pt-BR`"),
        );
    }
    match (&r.url, &r.doi) {
        (None, None) => problems.push(
            at_key(source, key, format!("`{key}` needs a `url` or a `doi`"))
                .help("add `url: https://…` or `doi: 10.…`"),
        ),
        (url, doi) => {
            if let Some(url) = url
                && let Err(d) = check_url(source, &format!("{key}.url"), url)
            {
                problems.push(d);
            }
            if let Some(doi) = doi
                && let Err(d) = check_doi(source, &format!("{key}.doi"), doi)
            {
                problems.push(d);
            }
        }
    }
}

/// An absolute http(s) URL with a host and no spaces.
pub fn is_valid_url(url: &str) -> bool {
    crate::urls::is_web_url(url)
}

/// `10.NNNN/suffix`, the DOI syntax registrants use.
pub fn is_valid_doi(doi: &str) -> bool {
    let Some(rest) = doi.strip_prefix("10.") else {
        return false;
    };
    let Some((registrant, suffix)) = rest.split_once('/') else {
        return false;
    };
    !registrant.is_empty()
        && registrant.chars().all(|c| c.is_ascii_digit() || c == '.')
        && !suffix.is_empty()
        && !suffix.chars().any(char::is_whitespace)
}

/// Checks the URL written at `path`.
pub(super) fn check_url(source: &Source, path: &str, url: &str) -> Result<(), Diagnostic> {
    if is_valid_url(url) {
        return Ok(());
    }
    Err(source
        .error_at(path, format!("`{url}` is not a valid URL"))
        .help("write an absolute address starting with https:// (a DOI goes in `doi:`)"))
}

/// Checks the DOI written at `path`.
pub(super) fn check_doi(source: &Source, path: &str, doi: &str) -> Result<(), Diagnostic> {
    if is_valid_doi(doi) {
        return Ok(());
    }
    let help = if doi.contains("doi.org/") {
        "write only the DOI itself, without https://doi.org/, e.g. `doi: 10.1007/s11414-022-09826-z`"
    } else {
        "a DOI looks like `10.1007/s11414-022-09826-z`"
    };
    Err(source
        .error_at(path, format!("`{doi}` is not a valid DOI"))
        .help(help))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_and_doi_syntax() {
        assert!(is_valid_url("https://doi.org/10.1/x"));
        assert!(!is_valid_url("htp://x.org"));
        assert!(!is_valid_url("https://exa mple.org"));
        assert!(is_valid_doi("10.1007/s11414-022-09826-z"));
        assert!(!is_valid_doi("https://doi.org/10.1007/x"));
        assert!(!is_valid_doi("10.abc/x"));
    }

    #[test]
    fn dates() {
        assert!(is_iso_date("2026-03-01"));
        assert!(!is_iso_date("2026-13-01"));
        assert!(!is_iso_date("March 2026"));
        assert!(!is_iso_date("2026-02-31"));
        assert!(is_iso_date("2024-02-29"));
        assert!(!is_iso_date("2025-02-29"));
        assert_eq!(
            check_date("2026-02-31").unwrap_err(),
            "2026-02 has 28 days; write it as YYYY-MM-DD, e.g. 2026-03-01"
        );
    }
}
