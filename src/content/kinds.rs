//! The structured parts of change packages and resource lists, and the checks
//! each kind of source needs on its own (required keys, ids, URLs, DOIs).

use std::collections::{HashMap, HashSet};

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
    pub resources: Vec<Resource>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Resource {
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
        Kind::ChangePackage => check_change_package(source, &mut problems),
        Kind::Resources => check_resources(source, &mut problems),
        Kind::Page => {}
    }
    super::limits::check(source, &mut problems);
    problems
}

pub(super) fn at_key(source: &Source, key: &str, message: impl Into<String>) -> Diagnostic {
    let d = Diagnostic::new(&source.file, message);
    match source.line_of_key(key) {
        Some(line) => d.at_line(line),
        None => d.at_line(1),
    }
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
        && !is_iso_date(date)
    {
        problems.push(
            at_key(source, "updated", format!("`{date}` is not a date"))
                .help("write it as YYYY-MM-DD, e.g. 2026-03-01"),
        );
    }
    if let Some(slug) = &f.slug
        && (slug.is_empty()
            || !slug
                .chars()
                .all(|c| c.is_alphanumeric() || c == '-' || c == '_'))
    {
        problems.push(
            at_key(
                source,
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

pub fn is_iso_date(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    parts.len() == 3
        && parts[0].len() == 4
        && parts[1].len() == 2
        && parts[2].len() == 2
        && parts.iter().all(|p| p.chars().all(|c| c.is_ascii_digit()))
        && (1..=12).contains(&parts[1].parse::<u32>().unwrap_or(0))
        && (1..=31).contains(&parts[2].parse::<u32>().unwrap_or(0))
}

/// Keys of one kind written in another kind's source are almost always a
/// forgotten or misspelt `kind:`; say so rather than ignore them.
fn check_keys_belong_to_kind(source: &Source, problems: &mut Vec<Diagnostic>) {
    let f = &source.front;
    let present: [(&str, Kind, bool); 14] = [
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
        ("categories", Kind::Resources, !f.categories.is_empty()),
    ];
    for (key, kind, is_present) in present {
        if is_present && f.kind != kind {
            let kind_name = serde_yaml::to_string(&kind).unwrap_or_default();
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

fn check_reference(source: &Source, key: &str, r: &Reference, problems: &mut Vec<Diagnostic>) {
    match (&r.url, &r.doi) {
        (None, None) => problems.push(
            at_key(source, key, format!("`{key}` needs a `url` or a `doi`"))
                .help("add `url: https://…` or `doi: 10.…`"),
        ),
        (url, doi) => {
            if let Some(url) = url
                && let Err(d) = check_url(source, url)
            {
                problems.push(d);
            }
            if let Some(doi) = doi
                && let Err(d) = check_doi(source, doi)
            {
                problems.push(d);
            }
        }
    }
}

/// An absolute http(s) URL with a host and no spaces.
pub fn is_valid_url(url: &str) -> bool {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"));
    match rest {
        Some(rest) => {
            let host = rest.split(['/', '?', '#']).next().unwrap_or("");
            host.contains('.')
                && !host.starts_with('.')
                && !host.ends_with('.')
                && !url.chars().any(char::is_whitespace)
                || host.starts_with("localhost")
        }
        None => false,
    }
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

fn check_url(source: &Source, url: &str) -> Result<(), Diagnostic> {
    if is_valid_url(url) {
        return Ok(());
    }
    let line = source.line_of_reference(url).unwrap_or(1);
    Err(
        Diagnostic::new(&source.file, format!("`{url}` is not a valid URL"))
            .at_line(line)
            .help("write an absolute address starting with https:// (a DOI goes in `doi:`)"),
    )
}

fn check_doi(source: &Source, doi: &str) -> Result<(), Diagnostic> {
    if is_valid_doi(doi) {
        return Ok(());
    }
    let line = source.line_of_reference(doi).unwrap_or(1);
    let help = if doi.contains("doi.org/") {
        "write only the DOI itself, without https://doi.org/, e.g. `doi: 10.1007/s11414-022-09826-z`"
    } else {
        "a DOI looks like `10.1007/s11414-022-09826-z`"
    };
    Err(
        Diagnostic::new(&source.file, format!("`{doi}` is not a valid DOI"))
            .at_line(line)
            .help(help),
    )
}

fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

fn check_change_package(source: &Source, problems: &mut Vec<Diagnostic>) {
    let f = &source.front;
    if f.aim.as_deref().is_none_or(|a| a.trim().is_empty()) {
        problems.push(
            at_key(source, "title", "a change package needs an `aim`")
                .help("add `aim:` with a specific, time-bound aim statement"),
        );
    }
    if f.primary_drivers.is_empty() {
        problems.push(
            at_key(source, "title", "a change package needs `primary_drivers`")
                .help("list at least one primary driver with `id`, `title` and `secondary`"),
        );
    }
    // Every id is defined once, across all three lists, so `#idea-x` anchors and references are unambiguous.
    let mut defined: HashMap<&str, &str> = HashMap::new();
    let all_ids = f
        .primary_drivers
        .iter()
        .map(|d| (d.id.as_str(), "primary driver"))
        .chain(
            f.secondary_drivers
                .iter()
                .map(|d| (d.id.as_str(), "secondary driver")),
        )
        .chain(
            f.change_ideas
                .iter()
                .map(|c| (c.id.as_str(), "change idea")),
        );
    for (id, what) in all_ids {
        let line = source
            .yaml
            .lines()
            .position(|l| l.trim_start().trim_start_matches("- ").trim() == format!("id: {id}"));
        let line = line.map(|i| source.yaml_first_line + i).unwrap_or(1);
        if !is_valid_id(id) {
            problems.push(
                Diagnostic::new(&source.file, format!("the {what} id `{id}` is not valid"))
                    .at_line(line)
                    .help("use lowercase letters, digits and `-`, e.g. `leadership-support`"),
            );
        }
        if let Some(first) = defined.insert(id, what) {
            problems.push(
                Diagnostic::new(
                    &source.file,
                    format!("the id `{id}` is used twice (a {first} and a {what})"),
                )
                .at_line(line)
                .help("give each driver and change idea its own id"),
            );
        }
    }
    let secondary: HashSet<&str> = f.secondary_drivers.iter().map(|d| d.id.as_str()).collect();
    let ideas: HashSet<&str> = f.change_ideas.iter().map(|c| c.id.as_str()).collect();
    let mut unknown = |id: &str, list: &str, known: &HashSet<&str>, from: &str| {
        if !known.contains(id) {
            let line = source.line_of_reference(id).unwrap_or(1);
            let mut d = Diagnostic::new(
                &source.file,
                format!("{from} refers to unknown {list} `{id}`"),
            )
            .at_line(line);
            d = match crate::error::did_you_mean(id, known.iter().copied()) {
                Some(close) => d.help(format!("did you mean `{close}`?")),
                None => d.help(format!(
                    "define it under `{}` with `id: {id}`, or fix the reference",
                    if list == "change idea" {
                        "change_ideas"
                    } else {
                        "secondary_drivers"
                    }
                )),
            };
            problems.push(d);
        }
    };
    for p in &f.primary_drivers {
        for id in &p.secondary {
            unknown(
                id,
                "secondary driver",
                &secondary,
                &format!("primary driver `{}`", p.id),
            );
        }
    }
    for s in &f.secondary_drivers {
        for id in &s.change_ideas {
            unknown(
                id,
                "change idea",
                &ideas,
                &format!("secondary driver `{}`", s.id),
            );
        }
    }
}

fn check_resources(source: &Source, problems: &mut Vec<Diagnostic>) {
    let f = &source.front;
    if f.categories.is_empty() {
        problems.push(
            at_key(source, "title", "a resource list needs `categories`")
                .help("add `categories:` with `id`, `title` and `resources`"),
        );
    }
    let mut ids = HashSet::new();
    for cat in &f.categories {
        if !is_valid_id(&cat.id) || !ids.insert(cat.id.as_str()) {
            let line = source
                .line_of_reference(&cat.id)
                .or_else(|| source.line_of_key("categories"))
                .unwrap_or(1);
            problems.push(
                Diagnostic::new(
                    &source.file,
                    format!("category id `{}` is not valid or is used twice", cat.id),
                )
                .at_line(line)
                .help("give each category its own id of lowercase letters, digits and `-`"),
            );
        }
        for r in &cat.resources {
            match (&r.url, &r.doi) {
                (None, None) => {
                    let line = source.line_of_reference(&r.title).unwrap_or(1);
                    problems.push(
                        Diagnostic::new(
                            &source.file,
                            format!("resource `{}` has no `url` or `doi`", r.title),
                        )
                        .at_line(line)
                        .help("add `url: https://…` or `doi: 10.…`"),
                    );
                }
                (url, doi) => {
                    if let Some(Err(d)) = url.as_deref().map(|u| check_url(source, u)) {
                        problems.push(d);
                    }
                    if let Some(Err(d)) = doi.as_deref().map(|d| check_doi(source, d)) {
                        problems.push(d);
                    }
                }
            }
        }
    }
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
    }
}
