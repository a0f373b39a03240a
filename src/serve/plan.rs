//! Which outputs a change touches: compares the site model before and after a
//! rebuild and lists the pages, listings and site-wide files to render again,
//! and the ones that are gone.
//!
//! This mirrors what the templates' contexts read (render/context.rs): a page
//! shows its own source, its translations' paths (language switcher), its
//! source page's path (fallback pages and outdated notices), its ancestors'
//! titles (breadcrumbs) and the menus; a listing shows its cards' titles,
//! summaries, paths, tags and whether they are fallback pages, its
//! introduction page and its own translations; the sitemap shows every path,
//! date and translation. A new cross-page read in a template context must be
//! added here; the equivalence tests in `rebuild.rs` compare incremental
//! results with full builds to catch a missing one.
//!
//! A page is known by its site language and source file: a fallback page
//! shares its source's file with the default-language page.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::sync::Arc;

use super::outputs::Owner;
use crate::model::{Listing, Origin, Page, PageId, Site, seen_outside_page};

/// What to render after a change.
#[derive(Debug, Default)]
pub struct Plan {
    pub pages: BTreeSet<PageId>,
    /// Indexes into `site.listings`.
    pub listings: BTreeSet<usize>,
    /// `404.html`, the root redirect, `robots.txt` and the print packet pages.
    pub chrome: bool,
    pub sitemap: bool,
    /// Parts of the old site that no longer exist.
    pub removed: Vec<Owner>,
    /// Every part is rendered: parts not rendered are gone.
    pub everything: bool,
}

impl Plan {
    /// Everything, for a first build or after a settings, theme or UI-string change.
    pub fn everything(site: &Site) -> Plan {
        Plan {
            pages: (0..site.pages.len()).collect(),
            listings: (0..site.listings.len()).collect(),
            chrome: true,
            sitemap: true,
            removed: Vec::new(),
            everything: true,
        }
    }

    /// After `Site::update_in_place`: the updated pages, and the listings they introduce.
    pub fn after_update(site: &Site, updated: &[PageId]) -> Plan {
        let listings = site
            .listings
            .iter()
            .enumerate()
            .filter(|(_, l)| l.intro.is_some_and(|id| updated.contains(&id)))
            .map(|(i, _)| i)
            .collect();
        Plan {
            pages: updated.iter().copied().collect(),
            listings,
            ..Plan::default()
        }
    }

    /// What differs between two models of the same toolkit (same settings and UI strings).
    pub fn between(old: &Site, new: &Site) -> Plan {
        if old.menus != new.menus {
            // Every page shows the menus.
            return Plan::everything(new);
        }
        let mut plan = Plan::default();
        let seen = plan.compare_pages(old, new);
        plan.add_pages_of(new, &seen.rels);
        let changed_titles = if seen.keys.is_empty() && old.listings.len() == new.listings.len() {
            HashSet::new()
        } else {
            changed_titles(old, new)
        };
        plan.compare_listings(old, new, &seen.keys);
        plan.add_descendants_of(new, &changed_titles);
        plan
    }

    /// Pages added, removed or changed. Returns the pages whose change other
    /// pages can see (URL, title, facets, origin…), by key and by source path.
    fn compare_pages<'a>(&mut self, old: &'a Site, new: &'a Site) -> Seen<'a> {
        let mut seen = Seen::default();
        let old_by_key: HashMap<(&str, &str), PageId> = old
            .pages
            .iter()
            .enumerate()
            .map(|(id, p)| (key(p), id))
            .collect();
        for (id, page) in new.pages.iter().enumerate() {
            let Some(&old_id) = old_by_key.get(&key(page)) else {
                self.pages.insert(id);
                seen.add(page);
                self.sitemap = true;
                continue;
            };
            let before = &old.pages[old_id];
            let same_front = Arc::ptr_eq(&before.front, &page.front);
            let same_body = Arc::ptr_eq(&before.body, &page.body);
            let moved = before.path != page.path;
            let same_origin = origin_kind(before) == origin_kind(page);
            if !same_front
                || !same_body
                || moved
                || !same_origin
                || before.absorbed != page.absorbed
            {
                self.pages.insert(id);
            }
            if moved
                || !same_origin
                || (!same_front && !seen_outside_page(&before.front, &page.front))
            {
                seen.add(page);
            }
            // The sitemap job also writes the Atom feeds, which show titles and summaries.
            if moved
                || !same_origin
                || before.front.updated != page.front.updated
                || before.front.title != page.front.title
                || before.front.summary != page.front.summary
            {
                self.sitemap = true;
            }
        }
        let new_keys: HashSet<(&str, &str)> = new.pages.iter().map(key).collect();
        for page in &old.pages {
            if !new_keys.contains(&key(page)) {
                self.removed.push(owner_of(page));
                seen.add(page);
                self.sitemap = true;
            }
        }
        seen
    }

    /// Every page of a source whose page changed, in every language: the
    /// language switchers, and the fallback pages and outdated notices that
    /// point at the source page.
    fn add_pages_of(&mut self, new: &Site, rels: &HashSet<&str>) {
        for rel in rels {
            for language in &new.settings.languages {
                if let Some(&id) = new.by_source.get(&(language.code.clone(), rel.to_string())) {
                    self.pages.insert(id);
                }
            }
        }
    }

    fn compare_listings(&mut self, old: &Site, new: &Site, seen_keys: &HashSet<(&str, &str)>) {
        let old_at: HashMap<&str, usize> = old
            .listings
            .iter()
            .enumerate()
            .map(|(i, l)| (l.path.as_str(), i))
            .collect();
        let new_paths: HashSet<&str> = new.listings.iter().map(|l| l.path.as_str()).collect();
        // Listings that appeared or went: their translations' switchers change.
        let mut changed_suffixes: HashSet<String> = HashSet::new();
        for (i, listing) in new.listings.iter().enumerate() {
            let Some(&old_i) = old_at.get(listing.path.as_str()) else {
                self.listings.insert(i);
                changed_suffixes.insert(suffix(listing));
                self.sitemap |= listing.intro.is_none();
                continue;
            };
            let before = &old.listings[old_i];
            if before.intro.is_some() != listing.intro.is_some() {
                self.sitemap = true;
            }
            if self.listing_changed(old, before, new, listing, seen_keys) {
                self.listings.insert(i);
            }
        }
        for listing in &old.listings {
            if !new_paths.contains(listing.path.as_str()) {
                self.removed.push(Owner::Listing(listing.path.clone()));
                changed_suffixes.insert(suffix(listing));
                self.sitemap |= listing.intro.is_none();
            }
        }
        if !changed_suffixes.is_empty() {
            for (i, listing) in new.listings.iter().enumerate() {
                if changed_suffixes.contains(&suffix(listing)) {
                    self.listings.insert(i);
                }
            }
        }
    }

    fn listing_changed(
        &self,
        old: &Site,
        before: &Listing,
        new: &Site,
        after: &Listing,
        seen_keys: &HashSet<(&str, &str)>,
    ) -> bool {
        let intro_file = |site: &Site, l: &Listing| l.intro.map(|id| site.pages[id].file.clone());
        before.title != after.title
            || before.kind != after.kind
            || intro_file(old, before) != intro_file(new, after)
            || after.intro.is_some_and(|id| self.pages.contains(&id))
            || before.cards.len() != after.cards.len()
            || before
                .cards
                .iter()
                .zip(&after.cards)
                .any(|(&a, &b)| old.pages[a].file != new.pages[b].file)
            || (!seen_keys.is_empty()
                && after
                    .cards
                    .iter()
                    .any(|&c| seen_keys.contains(&key(&new.pages[c]))))
    }

    /// Breadcrumbs: pages and listings below a path whose title changed.
    fn add_descendants_of(&mut self, new: &Site, changed: &HashSet<String>) {
        if changed.is_empty() {
            return;
        }
        let below_changed = |path: &str| ancestors(path).any(|a| changed.contains(a));
        for (id, page) in new.pages.iter().enumerate() {
            if below_changed(&page.path) {
                self.pages.insert(id);
            }
        }
        for (i, listing) in new.listings.iter().enumerate() {
            if below_changed(&listing.path) {
                self.listings.insert(i);
            }
        }
        // The print packet pages (chrome) sit below the card index too.
        if new
            .settings
            .language_codes()
            .iter()
            .any(|lang| below_changed(&crate::model::packet_path(lang)))
        {
            self.chrome = true;
        }
    }
}

/// Pages whose change other pages can see.
#[derive(Default)]
struct Seen<'a> {
    keys: HashSet<(&'a str, &'a str)>,
    rels: HashSet<&'a str>,
}

impl<'a> Seen<'a> {
    fn add(&mut self, page: &'a Page) {
        self.keys.insert(key(page));
        self.rels.insert(&page.rel);
    }
}

/// What identifies a page between builds: its site language and source file.
fn key(page: &Page) -> (&str, &str) {
    (&page.lang, &page.file)
}

/// The owner of a page's rendered files.
pub fn owner_of(page: &Page) -> Owner {
    Owner::Page(page.lang.clone(), page.file.clone())
}

/// A page's origin without page ids (they shift when pages come and go).
fn origin_kind(page: &Page) -> (u8, bool) {
    match page.origin {
        Origin::Original => (0, false),
        Origin::Translation { outdated, .. } => (1, outdated),
        Origin::Fallback { .. } => (2, false),
    }
}

/// What the same listing has in every language ([`Listing::translation_key`]).
fn suffix(listing: &Listing) -> String {
    listing.translation_key()
}

/// Site paths whose title or title language (as breadcrumbs show them) differs.
fn changed_titles(old: &Site, new: &Site) -> HashSet<String> {
    let mut changed: HashSet<String> = HashSet::new();
    for (before, after) in [
        (&old.titles_by_path, &new.titles_by_path),
        (&old.title_langs, &new.title_langs),
    ] {
        for (path, value) in before {
            if after.get(path) != Some(value) {
                changed.insert(path.clone());
            }
        }
        for path in after.keys() {
            if !before.contains_key(path) {
                changed.insert(path.clone());
            }
        }
    }
    changed
}

/// `en/strategies/x/` → `en/`, `en/strategies/`.
fn ancestors(path: &str) -> impl Iterator<Item = &str> {
    let trimmed = path.trim_end_matches('/');
    trimmed
        .match_indices('/')
        .map(move |(i, _)| &path[..=i])
        .filter(move |a| a.len() < path.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ancestors_of_a_path() {
        let found: Vec<&str> = ancestors("en/strategies/x/").collect();
        assert_eq!(found, vec!["en/", "en/strategies/"]);
        assert_eq!(ancestors("en/").count(), 0);
    }
}
