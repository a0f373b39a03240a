//! URL planning: the site path of every page (fallback pages included),
//! duplicate-URL diagnostics, link resolution by source and resource anchors.

use std::collections::HashMap;

use super::*;
use crate::config::{Settings, Untranslated};
use crate::content::Source;
use crate::error::Diagnostic;
use crate::text::slugify;

/// The anchor of each resource of a resource list: `res-<id>` when the
/// resource has an `id`, else `res-<slug of title>`, unique in the page, so
/// search results and links can point at one resource. Anchors from ids are
/// reserved first, so a title never takes one.
pub fn resource_anchors(categories: &[crate::content::Category]) -> Vec<Vec<String>> {
    let mut used: std::collections::HashSet<String> = categories
        .iter()
        .flat_map(|cat| &cat.resources)
        .filter_map(|r| r.id.as_ref().map(|id| format!("res-{id}")))
        .collect();
    categories
        .iter()
        .map(|cat| {
            cat.resources
                .iter()
                .map(|r| {
                    if let Some(id) = &r.id {
                        return format!("res-{id}");
                    }
                    let base = match slugify(&r.title) {
                        s if s.is_empty() => "res".to_string(),
                        s => format!("res-{s}"),
                    };
                    let mut anchor = base.clone();
                    let mut n = 2;
                    while !used.insert(anchor.clone()) {
                        anchor = format!("{base}-{n}");
                        n += 1;
                    }
                    anchor
                })
                .collect()
        })
        .collect()
}

/// The site path of a source: `en` + `strategies/x.md` → `en/strategies/x/`.
pub fn page_path(lang: &str, rel: &str, slug: Option<&str>) -> String {
    let without_ext = rel.strip_suffix(".md").unwrap_or(rel);
    let mut parts: Vec<String> = without_ext
        .split('/')
        .map(slugify)
        .filter(|p| !p.is_empty())
        .collect();
    let is_index = parts.last().is_some_and(|p| p == "index");
    if is_index {
        parts.pop();
    }
    if let Some(slug) = slug {
        // The slug renames the page: the file for a plain source, its folder for an `index.md`.
        parts.pop();
        parts.push(slugify(slug));
    }
    let mut path = format!("{lang}/");
    for part in parts {
        path.push_str(&part);
        path.push('/');
    }
    path
}

/// `../` once per folder level of a site path, to reach the site root from it.
pub fn root_prefix(path: &str) -> String {
    "../".repeat(path.matches('/').count())
}

/// A page to make: which source, in which language's site, at which path.
pub(super) struct PagePlan {
    pub(super) source: usize,
    pub(super) lang: String,
    pub(super) path: String,
    pub(super) fallback: bool,
}

/// One page per source (page ids equal source indexes), then, unless the
/// settings say `untranslated: omit`, a fallback page in every other language
/// for each default-language source that has no translation into it.
pub(super) fn plan_pages(settings: &Settings, sources: &[Source]) -> Vec<PagePlan> {
    let mut plans: Vec<PagePlan> = sources
        .iter()
        .enumerate()
        .map(|(i, s)| PagePlan {
            source: i,
            lang: s.lang.clone(),
            path: page_path(&s.lang, &s.rel, s.front.slug.as_deref()),
            fallback: false,
        })
        .collect();
    show_started_translations_as_fallbacks(settings, sources, &mut plans);
    if settings.untranslated == Untranslated::Omit {
        return plans;
    }
    let existing: std::collections::HashSet<(&str, &str)> = sources
        .iter()
        .map(|s| (s.lang.as_str(), s.rel.as_str()))
        .collect();
    let default = settings.default_language.as_str();
    for language in settings.languages.iter().filter(|l| l.code != default) {
        for (i, source) in sources.iter().enumerate() {
            if source.lang == default
                && !existing.contains(&(language.code.as_str(), source.rel.as_str()))
            {
                plans.push(PagePlan {
                    source: i,
                    lang: language.code.clone(),
                    path: page_path(&language.code, &source.rel, source.front.slug.as_deref()),
                    fallback: true,
                });
            }
        }
    }
    plans
}

/// A translation `translations start` copied from its source and nobody has
/// translated yet (`translation: started`) is still the source's text: its
/// page shows the source as a fallback page does, with the "not translated"
/// notice, until `mark` or `import` records a translation. Its plan keeps its
/// place, so page ids still equal source indexes.
fn show_started_translations_as_fallbacks(
    settings: &Settings,
    sources: &[Source],
    plans: &mut [PagePlan],
) {
    let default = settings.default_language.as_str();
    let originals: HashMap<&str, usize> = sources
        .iter()
        .enumerate()
        .filter(|(_, s)| s.lang == default)
        .map(|(i, s)| (s.rel.as_str(), i))
        .collect();
    for plan in plans.iter_mut() {
        let source = &sources[plan.source];
        if source.lang == default || !source.front.is_started_translation() {
            continue;
        }
        if let Some(&original) = originals.get(source.rel.as_str()) {
            plan.source = original;
            plan.path = page_path(
                &plan.lang,
                &source.rel,
                sources[original].front.slug.as_deref(),
            );
            plan.fallback = true;
        }
    }
}

/// Every language needs a home page: menus, breadcrumbs and the root page link
/// to `/{lang}/`. Reported with the other problems, as links to a missing home
/// page would otherwise hide the cause behind one error per link.
pub(super) fn check_every_language_has_home(
    settings: &Settings,
    by_source: &HashMap<(String, String), PageId>,
    problems: &mut Vec<Diagnostic>,
) {
    for language in &settings.languages {
        let lang = &language.code;
        if !by_source.contains_key(&(lang.clone(), "index.md".to_string())) {
            problems.push(
                Diagnostic::new(
                    format!("content/{lang}/index.md"),
                    format!("the home page of {} is missing", language.name),
                )
                .help(format!(
                    "create content/{lang}/index.md with front matter `title: …`, or remove `{lang}` from `languages`"
                )),
            );
        }
    }
}

/// The page a link to source `rel` from a page in `lang` leads to: the
/// source in that language (or its fallback page there), else its
/// default-language original.
pub fn resolve_source<T: Copy>(
    by_source: &HashMap<(String, String), T>,
    default_lang: &str,
    lang: &str,
    rel: &str,
) -> Option<T> {
    by_source
        .get(&(lang.to_string(), rel.to_string()))
        .or_else(|| by_source.get(&(default_lang.to_string(), rel.to_string())))
        .copied()
}

/// The sources that would share a URL with another page, as `Site::build`
/// reports them; for `cardstock check`, which looks before building.
pub fn duplicate_paths(settings: &Settings, sources: &[Source]) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    check_unique_paths(sources, &plan_pages(settings, sources), &mut problems);
    problems
}

pub(super) fn check_unique_paths(
    sources: &[Source],
    plans: &[PagePlan],
    problems: &mut Vec<Diagnostic>,
) {
    let mut seen: HashMap<&str, &PagePlan> = HashMap::new();
    // Sources already named in a clash: a fallback copy of one clashes again
    // in every other language, which would only repeat the same problem.
    let mut reported: std::collections::HashSet<usize> = std::collections::HashSet::new();
    for plan in plans {
        let Some(first) = seen.insert(&plan.path, plan) else {
            continue;
        };
        let repeats = |p: &PagePlan| p.fallback && reported.contains(&p.source);
        if repeats(plan) || repeats(first) {
            continue;
        }
        reported.extend([plan.source, first.source]);
        let describe = |p: &PagePlan| {
            let file = &sources[p.source].file;
            if p.fallback {
                format!("the untranslated {file} shown in the `{}` site", p.lang)
            } else {
                file.clone()
            }
        };
        let (this, other) = if plan.fallback {
            (first, plan)
        } else {
            (plan, first)
        };
        // Point at a `slug:` line when one made the clash; else at the file.
        let (this, other) = match (
            sources[this.source].line_of_key("slug"),
            sources[other.source].line_of_key("slug"),
        ) {
            (None, Some(_)) if !other.fallback => (other, this),
            _ => (this, other),
        };
        let mut d = Diagnostic::new(
            &sources[this.source].file,
            format!(
                "this page would have the same URL /{} as {}",
                plan.path,
                describe(other)
            ),
        )
        .help("rename one of the files or give one a different `slug`");
        if let Some(line) = sources[this.source].line_of_key("slug") {
            d = d.at_line(line);
        }
        problems.push(d);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_from_sources() {
        assert_eq!(page_path("en", "index.md", None), "en/");
        assert_eq!(
            page_path("en", "strategies/index.md", None),
            "en/strategies/"
        );
        assert_eq!(
            page_path("es", "strategies/Learning Collaboratives.md", None),
            "es/strategies/learning-collaboratives/"
        );
        assert_eq!(
            page_path("en", "strategies/x.md", Some("y")),
            "en/strategies/y/"
        );
        assert_eq!(root_prefix("en/strategies/x/"), "../../../");
        assert_eq!(root_prefix(""), "");
    }
}
