//! Resource lists at parse time: the flat form (top-level `resources:`, each
//! with a `category:`) folded into the nested form everything else reads, and
//! the checks of categories and resources (ids, addresses, other languages).

use std::collections::HashSet;

use super::kinds::{at_key, check_doi, check_url};
use super::{FrontMatter, Kind, Resource, Source};
use crate::error::Diagnostic;
use crate::text::slugify;

/// Moves each resource of a flat list into its category: the category with
/// that id, else one with that title, else a new category titled as written
/// (id from its slug). Categories keep the order they are defined or first
/// named in. A resource with no `category:` stays behind for [`check`] to report.
pub(super) fn nest_flat_list(f: &mut FrontMatter) {
    if f.kind != Kind::Resources || f.resources.is_empty() {
        return;
    }
    let mut left = Vec::new();
    for mut r in std::mem::take(&mut f.resources) {
        let Some(named) = r.category.clone() else {
            left.push(r);
            continue;
        };
        let named = named.trim().to_string();
        let position = f
            .categories
            .iter()
            .position(|c| c.id == named)
            .or_else(|| f.categories.iter().position(|c| c.title == named));
        let index = match position {
            Some(i) => i,
            None => {
                f.categories.push(super::Category {
                    id: slugify(&named),
                    title: named.clone(),
                    description: None,
                    resources: Vec::new(),
                });
                f.categories.len() - 1
            }
        };
        r.category = Some(f.categories[index].id.clone());
        f.categories[index].resources.push(r);
    }
    f.resources = left;
}

/// Lowercase letters, digits and `-`: ids that are also URL fragments as written.
fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

pub(super) fn check(source: &Source, problems: &mut Vec<Diagnostic>) {
    let f = &source.front;
    for r in &f.resources {
        problems.push(
            Diagnostic::new(
                &source.file,
                format!("resource `{}` has no `category`", r.title),
            )
            .at_line(source.line_of_reference(&r.title).unwrap_or(1))
            .help("in a flat `resources:` list every resource names its category, e.g. `category: pdsa`"),
        );
    }
    if f.categories.is_empty() && f.resources.is_empty() {
        problems.push(
            at_key(source, "title", "a resource list needs `categories` or `resources`")
                .help("add `categories:` with `id`, `title` and `resources`, or a flat `resources:` list whose entries each have a `category:`"),
        );
    }
    let mut ids = HashSet::new();
    // Resource id → how many times it has been seen, to find the line of a repeat.
    let mut resource_ids: std::collections::HashMap<&str, usize> = Default::default();
    for (i, cat) in f.categories.iter().enumerate() {
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
        for (j, r) in cat.resources.iter().enumerate() {
            if let Some(named) = &r.category
                && named != &cat.id
            {
                problems.push(
                    Diagnostic::new(
                        &source.file,
                        format!(
                            "resource `{}` is listed under category `{}` but says `category: {named}`",
                            r.title, cat.id
                        ),
                    )
                    .at_line(source.line_of_reference(named).unwrap_or(1))
                    .help("in the nested form a resource's category is the one it is listed under; remove `category:`"),
                );
            }
            if let Some(id) = &r.id {
                let seen = resource_ids.entry(id.as_str()).or_insert(0);
                *seen += 1;
                let line = id_line(source, id, *seen);
                if !is_valid_id(id) {
                    problems.push(
                        Diagnostic::new(&source.file, format!("resource id `{id}` is not valid"))
                            .at_line(line)
                            .help("use lowercase letters, digits and `-`, e.g. `id: improvement-guide`"),
                    );
                } else if *seen > 1 {
                    problems.push(
                        Diagnostic::new(&source.file, format!("resource id `{id}` is used twice"))
                            .at_line(line)
                            .help("give each resource its own id; it is its anchor, `#res-<id>`"),
                    );
                }
            }
            let path = format!("categories[{i}].resources[{j}]");
            check_address(source, &path, r, problems);
            check_other_languages(source, &path, r, problems);
        }
    }
}

/// The line of the `nth` (from 1) `id: <id>` in the front matter.
fn id_line(source: &Source, id: &str, nth: usize) -> usize {
    source
        .yaml
        .lines()
        .enumerate()
        .filter(|(_, l)| l.trim_start().trim_start_matches("- ").trim() == format!("id: {id}"))
        .nth(nth - 1)
        .map(|(i, _)| source.yaml_first_line + i)
        .unwrap_or(1)
}

/// `path` is where the resource is in the nested form; a resource written in
/// the flat form is reported at the line of its value instead.
fn check_address(source: &Source, path: &str, r: &Resource, problems: &mut Vec<Diagnostic>) {
    if r.url.is_none() && r.doi.is_none() {
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
    if let Some(Err(d)) = r
        .url
        .as_deref()
        .map(|u| check_url(source, &value_path(source, &format!("{path}.url"), u), u))
    {
        problems.push(d);
    }
    if let Some(Err(d)) = r
        .doi
        .as_deref()
        .map(|d| check_doi(source, &value_path(source, &format!("{path}.doi"), d), d))
    {
        problems.push(d);
    }
}

/// `path` if a value is written there; else the path where `value` is first
/// written (a flat list's resource, nested after parsing).
fn value_path(source: &Source, path: &str, value: &str) -> String {
    if source.positions.value(path).is_some() {
        return path.to_string();
    }
    source
        .positions
        .first_scalar_path(value, &["id"])
        .unwrap_or_else(|| path.to_string())
}

fn check_other_languages(
    source: &Source,
    path: &str,
    r: &Resource,
    problems: &mut Vec<Diagnostic>,
) {
    for (k, other) in r.also_available_in.iter().enumerate() {
        let path = format!("{path}.also_available_in[{k}]");
        let line = source
            .line_of_reference(&other.language)
            .unwrap_or_else(|| source.line_of_reference(&r.title).unwrap_or(1));
        if !is_language_code(&other.language) {
            problems.push(
                Diagnostic::new(
                    &source.file,
                    format!("`{}` is not a language code", other.language),
                )
                .at_line(line)
                .help("write a code such as `es`, `zh-Hant` or `pt-BR`"),
            );
        }
        if other.url.is_none() && other.doi.is_none() {
            problems.push(
                Diagnostic::new(
                    &source.file,
                    format!(
                        "the `{}` version of `{}` has no `url` or `doi`",
                        other.language, r.title
                    ),
                )
                .at_line(line)
                .help("add `url: https://…` or `doi: 10.…` under `also_available_in`"),
            );
        }
        if let Some(Err(d)) = other
            .url
            .as_deref()
            .map(|u| check_url(source, &value_path(source, &format!("{path}.url"), u), u))
        {
            problems.push(d);
        }
        if let Some(Err(d)) = other
            .doi
            .as_deref()
            .map(|d| check_doi(source, &value_path(source, &format!("{path}.doi"), d), d))
        {
            problems.push(d);
        }
    }
}

/// A BCP 47 tag in its common shapes: `es`, `pt-BR`, `zh-Hant`, `es-419`.
pub(super) fn is_language_code(code: &str) -> bool {
    let mut parts = code.split('-');
    let primary = parts.next().unwrap_or("");
    (2..=3).contains(&primary.len())
        && primary.chars().all(|c| c.is_ascii_alphabetic())
        && parts.all(|p| (2..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

#[cfg(test)]
mod tests {
    #[test]
    fn language_codes() {
        for good in ["es", "pt-BR", "zh-Hant", "es-419", "haw"] {
            assert!(super::is_language_code(good), "{good}");
        }
        for bad in ["", "Spanish", "e", "es_", "es-"] {
            assert!(!super::is_language_code(bad), "{bad}");
        }
    }
}
