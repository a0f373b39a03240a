//! Filter facets for the card index and resource lists.
//!
//! Owns what the filter form offers (one group of checkboxes per facet, each
//! option with how many items it matches) and the `data-*` values each list
//! item carries so `static/js/filters.js` can show or hide it. Values are
//! slugs, separated by spaces, so they survive any punctuation in a term.
//! The lists are complete HTML without JavaScript; the form only narrows them.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::content::{Resource, ResourceKind};
use crate::site::{Facet, PageId, Site};
use crate::text::{fold, slugify};

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
}

/// The `data-*` attributes of one list item: key → space-separated slugs.
pub type FilterData = BTreeMap<&'static str, String>;

/// Counts labels by slug, keeping the first spelling seen, sorted for reading.
#[derive(Default)]
struct Tally {
    by_slug: BTreeMap<String, (String, usize)>,
}

impl Tally {
    fn add_all(&mut self, labels: &[String]) {
        let mut seen_here = std::collections::HashSet::new();
        for label in labels {
            let slug = slugify(label);
            if slug.is_empty() || !seen_here.insert(slug.clone()) {
                continue;
            }
            self.by_slug.entry(slug).or_insert((label.clone(), 0)).1 += 1;
        }
    }

    fn into_options(self) -> Vec<FilterOption> {
        let mut options: Vec<FilterOption> = self
            .by_slug
            .into_iter()
            .map(|(value, (label, count))| FilterOption {
                value,
                label,
                count,
            })
            .collect();
        options.sort_by_cached_key(|o| fold(&o.label));
        options
    }
}

/// Space-separated slugs of a list of terms.
fn slugs(labels: &[String]) -> String {
    labels
        .iter()
        .map(|l| slugify(l))
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The `data-*` values of a strategy card tile.
pub fn card_data(site: &Site, id: PageId) -> FilterData {
    let front = &site.pages[id].front;
    Facet::ALL
        .iter()
        .map(|&facet| (facet.segment(), slugs(facet.values(front))))
        .collect()
}

/// Filter groups of the card index: tags, audiences and settings of its cards.
pub fn card_groups(site: &Site, lang: &str, cards: &[PageId]) -> Vec<FilterGroup> {
    Facet::ALL
        .iter()
        .map(|&facet| {
            let mut tally = Tally::default();
            for &id in cards {
                tally.add_all(facet.values(&site.pages[id].front));
            }
            FilterGroup {
                key: facet.segment(),
                legend: site.ui.get(lang, &format!("facets.{}", facet.segment())),
                options: tally.into_options(),
            }
        })
        .filter(|g| g.options.len() > 1)
        .collect()
}

/// The `data-*` values of one resource.
pub fn resource_data(r: &Resource) -> FilterData {
    FilterData::from([
        ("kind", r.kind.as_str().to_string()),
        ("audience", slugs(&r.audience)),
        ("tags", slugs(&r.tags)),
    ])
}

/// Filter groups of a resource list: kind, audience and tags of its resources.
pub fn resource_groups<'a>(
    site: &Site,
    lang: &str,
    resources: impl Iterator<Item = &'a Resource> + Clone,
) -> Vec<FilterGroup> {
    let mut kinds: BTreeMap<ResourceKind, usize> = BTreeMap::new();
    let mut audience = Tally::default();
    let mut tags = Tally::default();
    for r in resources {
        *kinds.entry(r.kind).or_default() += 1;
        audience.add_all(&r.audience);
        tags.add_all(&r.tags);
    }
    let kind_options = kinds
        .into_iter()
        .map(|(kind, count)| FilterOption {
            value: kind.as_str().to_string(),
            label: site
                .ui
                .get(lang, &format!("resources.kinds.{}", kind.as_str())),
            count,
        })
        .collect();
    [
        FilterGroup {
            key: "kind",
            legend: site.ui.get(lang, "resources.kind_label"),
            options: kind_options,
        },
        FilterGroup {
            key: "audience",
            legend: site.ui.get(lang, "resources.audience"),
            options: audience.into_options(),
        },
        FilterGroup {
            key: "tags",
            legend: site.ui.get(lang, "resources.tags"),
            options: tags.into_options(),
        },
    ]
    .into_iter()
    .filter(|g| g.options.len() > 1)
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tally_counts_each_item_once_and_sorts_by_label() {
        let mut t = Tally::default();
        t.add_all(&["Zeta".into(), "Ética".into(), "ética".into()]);
        t.add_all(&["Zeta".into()]);
        let options = t.into_options();
        let labels: Vec<_> = options
            .iter()
            .map(|o| (o.label.as_str(), o.count))
            .collect();
        assert_eq!(labels, [("Ética", 1), ("Zeta", 2)]);
        assert_eq!(options[0].value, "etica");
    }

    #[test]
    fn slugs_are_space_separated() {
        assert_eq!(
            slugs(&["Peer learning".into(), "PDSA".into()]),
            "peer-learning pdsa"
        );
    }
}
