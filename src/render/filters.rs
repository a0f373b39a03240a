//! Filter facets for the card index and resource lists.
//!
//! Owns what the filter form offers (one group of checkboxes per facet, each
//! option with how many items it matches) and the `data-*` values each list
//! item carries so `static/js/filters.js` can show or hide it. Values are
//! slugs, separated by spaces, so they survive any punctuation in a term.
//! The lists are complete HTML without JavaScript; the form only narrows them.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::{Value, json};

use crate::content::{Resource, ResourceKind};
use crate::model::{Facet, Page, PageId, Site};
use crate::text::fold;
#[cfg(test)]
use crate::text::slugify;

/// One fieldset of the filter form.
#[derive(Debug, Serialize)]
pub struct FilterGroup {
    /// The `data-*` attribute and checkbox name it filters on (`tags`, `kind`).
    pub key: &'static str,
    pub legend: String,
    pub options: Vec<FilterOption>,
}

#[derive(Debug, Serialize)]
pub struct FilterOption {
    pub value: String,
    pub label: String,
    pub count: usize,
    /// `count` in the language's digits.
    pub count_text: String,
    /// The language of the label when it differs from the page's (a term
    /// from an untranslated card), for its `lang` attribute.
    pub lang: Option<String>,
}

/// The `data-*` attributes of one list item: key → space-separated slugs.
pub type FilterData = BTreeMap<&'static str, String>;

/// The words of the filter form of `list` (`cards` or `resources`): its
/// heading, the count text with the total already written in the language's
/// digits and plural form (the script fills in `{shown}`), the no-match text,
/// and the language's ten digits for the script to write numbers with.
pub fn texts(site: &Site, lang: &str, list: &str, total: i64) -> Value {
    let format = site.ui.format(lang);
    json!({
        "heading": site.ui.get_marked(lang, &format!("filters.{list}.heading")),
        "shown": format.count(&format!("filters.{list}.shown"), total),
        "none": site.ui.get(lang, &format!("filters.{list}.none")),
        "digits": format.digits("0123456789"),
    })
}

/// Counts labels by slug, keeping the first spelling (and its language)
/// seen, sorted for reading.
#[derive(Default)]
struct Tally {
    by_slug: BTreeMap<String, (String, String, usize)>,
}

impl Tally {
    /// Adds the terms of one item whose text is in `lang`, as written.
    #[cfg(test)]
    fn add_all(&mut self, labels: &[String], lang: &str) {
        self.add_terms(
            labels
                .iter()
                .map(|l| (slugify(l), l.clone(), lang.to_string())),
        );
    }

    /// Adds the terms of one item as (slug, label, its language).
    fn add_terms(&mut self, terms: impl Iterator<Item = (String, String, String)>) {
        let mut seen_here = std::collections::HashSet::new();
        for (slug, label, lang) in terms {
            if slug.is_empty() || !seen_here.insert(slug.clone()) {
                continue;
            }
            let entry = self.by_slug.entry(slug).or_insert((label, lang, 0));
            entry.2 += 1;
        }
    }

    /// The options, with `lang` set on labels not in `page_lang`.
    fn into_options(self, page_lang: &str) -> Vec<FilterOption> {
        let mut options: Vec<FilterOption> = self
            .by_slug
            .into_iter()
            .map(|(value, (label, lang, count))| FilterOption {
                value,
                label,
                count,
                count_text: count.to_string(),
                lang: (lang != page_lang).then_some(lang),
            })
            .collect();
        options.sort_by_cached_key(|o| fold(&o.label));
        options
    }
}

/// Writes each option's count in the language's digits.
fn localize_counts(site: &Site, lang: &str, mut groups: Vec<FilterGroup>) -> Vec<FilterGroup> {
    let format = site.ui.format(lang);
    for option in groups.iter_mut().flat_map(|g| g.options.iter_mut()) {
        option.count_text = format.integer(option.count as i64);
    }
    groups
}

/// The `data-*` values of a strategy card tile: its terms' slugs in its
/// site's language ([`Site::term`]), so spellings the toolkit translates
/// filter as one.
pub fn card_data(site: &Site, id: PageId) -> FilterData {
    let page = &site.pages[id];
    Facet::ALL
        .iter()
        .map(|&facet| {
            let mut slugs: Vec<String> = Vec::new();
            for raw in facet.values(&page.front) {
                let slug = site.term(facet, page, raw).slug;
                if !slug.is_empty() && !slugs.contains(&slug) {
                    slugs.push(slug);
                }
            }
            (facet.segment(), slugs.join(" "))
        })
        .collect()
}

/// Filter groups of the card index: tags, audiences and settings of its cards.
pub fn card_groups(site: &Site, lang: &str, cards: &[PageId]) -> Vec<FilterGroup> {
    let groups = Facet::ALL
        .iter()
        .map(|&facet| {
            let mut tally = Tally::default();
            for &id in cards {
                let card = &site.pages[id];
                tally.add_terms(facet.values(&card.front).iter().map(|raw| {
                    let term = site.term(facet, card, raw);
                    (term.slug, term.name, term.lang)
                }));
            }
            FilterGroup {
                key: facet.segment(),
                legend: site
                    .ui
                    .get_marked(lang, &format!("facets.{}", facet.segment())),
                options: tally.into_options(lang),
            }
        })
        .filter(|g| g.options.len() > 1)
        .collect();
    localize_counts(site, lang, groups)
}

/// The `data-*` values of one resource of the resource list `page`; its
/// audience and tags are terms like a card's ([`Site::term`]).
pub fn resource_data(site: &Site, page: &Page, r: &Resource) -> FilterData {
    let slugs = |facet: Facet, values: &[String]| {
        let mut slugs: Vec<String> = Vec::new();
        for raw in values {
            let slug = site.term(facet, page, raw).slug;
            if !slug.is_empty() && !slugs.contains(&slug) {
                slugs.push(slug);
            }
        }
        slugs.join(" ")
    };
    FilterData::from([
        ("kind", r.kind.as_str().to_string()),
        ("audience", slugs(Facet::Audience, &r.audience)),
        ("tags", slugs(Facet::Tags, &r.tags)),
    ])
}

/// Filter groups of a resource list: kind, audience and tags of its
/// resources, whose text is in `content_lang`.
pub fn resource_groups<'a>(
    site: &Site,
    page: &Page,
    resources: impl Iterator<Item = &'a Resource> + Clone,
) -> Vec<FilterGroup> {
    let lang = page.lang.as_str();
    let mut kinds: BTreeMap<ResourceKind, usize> = BTreeMap::new();
    let mut audience = Tally::default();
    let mut tags = Tally::default();
    let terms = |facet: Facet, values: &'a [String]| {
        values.iter().map(move |raw| {
            let term = site.term(facet, page, raw);
            (term.slug, term.name, term.lang)
        })
    };
    for r in resources {
        *kinds.entry(r.kind).or_default() += 1;
        audience.add_terms(terms(Facet::Audience, &r.audience));
        tags.add_terms(terms(Facet::Tags, &r.tags));
    }
    let kind_options = kinds
        .into_iter()
        .map(|(kind, count)| FilterOption {
            value: kind.as_str().to_string(),
            label: site
                .ui
                .get(lang, &format!("resources.kinds.{}", kind.as_str())),
            count,
            count_text: count.to_string(),
            lang: None,
        })
        .collect();
    let groups = [
        FilterGroup {
            key: "kind",
            legend: site.ui.get_marked(lang, "resources.kind_label"),
            options: kind_options,
        },
        FilterGroup {
            key: "audience",
            legend: site.ui.get_marked(lang, "resources.audience"),
            options: audience.into_options(lang),
        },
        FilterGroup {
            key: "tags",
            legend: site.ui.get_marked(lang, "resources.tags"),
            options: tags.into_options(lang),
        },
    ]
    .into_iter()
    .filter(|g| g.options.len() > 1)
    .collect();
    localize_counts(site, lang, groups)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tally_counts_each_item_once_and_sorts_by_label() {
        let mut t = Tally::default();
        t.add_all(&["Zeta".into(), "Ética".into(), "ética".into()], "es");
        t.add_all(&["Zeta".into(), "Alpha".into()], "en");
        let options = t.into_options("es");
        let labels: Vec<_> = options
            .iter()
            .map(|o| (o.label.as_str(), o.count, o.lang.as_deref()))
            .collect();
        assert_eq!(
            labels,
            [
                ("Alpha", 1, Some("en")),
                ("Ética", 1, None),
                ("Zeta", 2, None)
            ]
        );
        assert_eq!(options[1].value, "etica");
    }
}
