//! What a resource list's template gets: categories and resources with their
//! anchors, the language of each title and link, and the other languages a
//! resource is available in. In a list whose text is in another language than
//! a resource, the resource's version in the list's language is linked first.

use serde_json::{Value, json};

use super::context::{lang_attr, language_name};
use crate::content::{OtherLanguage, Resource};
use crate::model::{Page, Site};

/// One version of a resource: where it is, in which language, under which title.
struct Version<'a> {
    language: Option<&'a str>,
    href: Option<String>,
    title: &'a str,
}

fn other_href(o: &OtherLanguage) -> Option<String> {
    o.url
        .clone()
        .or_else(|| o.doi.as_ref().map(|d| format!("https://doi.org/{d}")))
}

/// The version shown first (in the list's language when there is one) and the others.
fn versions<'a>(r: &'a Resource, text_lang: &str) -> (Version<'a>, Vec<Version<'a>>) {
    let original = Version {
        language: r.language.as_deref(),
        href: super::data::resource_href(r),
        title: &r.title,
    };
    let mut others: Vec<Version> = r
        .also_available_in
        .iter()
        .map(|o| Version {
            language: Some(o.language.as_str()),
            href: other_href(o),
            title: o.title.as_deref().unwrap_or(&r.title),
        })
        .collect();
    let in_list_language = others.iter().position(|v| v.language == Some(text_lang));
    match in_list_language {
        Some(i) if r.language.as_deref() != Some(text_lang) => {
            let first = others.remove(i);
            others.insert(0, original);
            (first, others)
        }
        _ => (original, others),
    }
}

fn resource_value(site: &Site, page: &Page, r: &Resource, anchor: String) -> Value {
    let format = site.ui.format(&page.lang);
    let (shown, others) = versions(r, &page.content_lang);
    let title_lang = shown.language.unwrap_or(&page.content_lang);
    let also_in: Vec<Value> = others
        .iter()
        .filter_map(|v| {
            let code = v.language?;
            // A toolkit language is named as the toolkit names it (its own name).
            let (name, name_lang) = match site.settings.language(code) {
                Some(l) => (l.name.clone(), code),
                None => (language_name(site, &page.lang, code), page.lang.as_str()),
            };
            Some(json!({
                "lang": code,
                "name": name,
                "name_lang_attr": lang_attr(site, name_lang, &page.lang),
                "href": v.href,
                "title": v.title,
            }))
        })
        .collect();
    json!({
        "anchor": anchor,
        "id": r.id,
        "title": shown.title,
        "title_lang_attr": lang_attr(site, title_lang, &page.lang),
        "title_lang": title_lang,
        "href": shown.href,
        "hreflang": shown.language.filter(|l| *l != page.lang),
        "doi": r.doi,
        "kind": r.kind.as_str(),
        "kind_label": site.ui.get_marked(&page.lang, &format!("resources.kinds.{}", r.kind.as_str())),
        "description": r.description,
        "audience": r.audience,
        "tags": r.tags,
        "year": r.year,
        "year_text": r.year.map(|y| format.digits(&y.to_string())),
        "language": r.language,
        "also_in": also_in,
        "audience_text": site.ui.format(&page.content_lang).list(&r.audience),
        "filter_data": super::filters::resource_data(site, page, r),
    })
}

pub(super) fn value(site: &Site, page: &Page, intro_html: &str) -> Value {
    let anchors = crate::model::resource_anchors(&page.front.categories);
    let format = site.ui.format(&page.lang);
    let categories: Vec<Value> = page
        .front
        .categories
        .iter()
        .zip(anchors)
        .map(|(cat, anchors)| {
            let resources: Vec<Value> = cat
                .resources
                .iter()
                .zip(anchors)
                .map(|(r, anchor)| resource_value(site, page, r, anchor))
                .collect();
            json!({
                "id": cat.id,
                "title": cat.title,
                "description": cat.description,
                "resources": resources,
                "count_text": format.integer(cat.resources.len() as i64),
            })
        })
        .collect();
    let all_resources = page
        .front
        .categories
        .iter()
        .flat_map(|c| c.resources.iter());
    let total = all_resources.clone().count() as i64;
    json!({
        "intro_html": intro_html,
        "categories": categories,
        "filters": super::filters::resource_groups(site, page, all_resources),
        "filter_text": super::filters::texts(site, &page.lang, "resources", total),
        "count_label": site.ui.format_marked(&page.lang).count("resources.count", total),
    })
}
