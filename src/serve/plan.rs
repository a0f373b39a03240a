//! Which outputs a change touches: compares the site model before and after a
//! rebuild and lists the pages, listings and site-wide files to render again,
//! and the ones that are gone.
//!
//! This mirrors what the templates' contexts read (render/context.rs): a page
//! shows its own source, its translations' paths (language switcher), its
//! ancestors' titles (breadcrumbs) and the menus; a listing shows its cards'
//! titles, summaries, paths and tags, its introduction page and its own
//! translations; the sitemap shows every path, date and translation. A new
//! cross-page read in a template context must be added here; the equivalence
//! tests in `rebuild.rs` compare incremental results with full builds to
//! catch a missing one.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::sync::Arc;

use super::outputs::Owner;
use crate::site::{Listing, PageId, Site, seen_outside_page};

/// What to render after a change.
#[derive(Debug, Default)]
pub struct Plan {
    pub pages: BTreeSet<PageId>,
    /// Indexes into `site.listings`.
    pub listings: BTreeSet<usize>,
    /// `404.html`, the root redirect and `robots.txt`.
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
        plan.add_translations_of(new, &seen.rels);
        let changed_titles = if seen.files.is_empty() && old.listings.len() == new.listings.len() {
            HashSet::new()
        } else {
            changed_titles(old, new)
        };
        plan.compare_listings(old, new, &seen.files);
        plan.add_descendants_of(new, &changed_titles);
        plan
    }

    /// Pages added, removed or changed. Returns the pages whose change other
    /// pages can see (URL, title, facets…), by file and by source path.
    fn compare_pages<'a>(&mut self, old: &'a Site, new: &'a Site) -> Seen<'a> {
        let mut seen = Seen::default();
        let old_by_file: HashMap<&str, PageId> = old
            .pages
            .iter()
            .enumerate()
            .map(|(id, p)| (p.file.as_str(), id))
            .collect();
        for (id, page) in new.pages.iter().enumerate() {
            let Some(&old_id) = old_by_file.get(page.file.as_str()) else {
                self.pages.insert(id);
                seen.add(&page.file, &page.rel);
                self.sitemap = true;
                continue;
            };
            let before = &old.pages[old_id];
            let same_front = Arc::ptr_eq(&before.front, &page.front);
            let same_body = Arc::ptr_eq(&before.body, &page.body);
            let moved = before.path != page.path;
            if !same_front || !same_body || moved || before.absorbed != page.absorbed {
                self.pages.insert(id);
            }
            if moved || (!same_front && !seen_outside_page(&before.front, &page.front)) {
                seen.add(&page.file, &page.rel);
            }
            if moved || before.front.updated != page.front.updated {
                self.sitemap = true;
            }
        }
        let new_files: HashSet<&str> = new.pages.iter().map(|p| p.file.as_str()).collect();
        for page in &old.pages {
            if !new_files.contains(page.file.as_str()) {
                self.removed.push(Owner::Page(page.file.clone()));
                seen.add(&page.file, &page.rel);
                self.sitemap = true;
            }
        }
        seen
    }

    /// Language switchers: every language's page of a source whose page changed.
    fn add_translations_of(&mut self, new: &Site, rels: &HashSet<&str>) {
        for rel in rels {
            if let Some(ids) = new.translations.get(*rel) {
                self.pages.extend(ids.iter().copied());
            }
        }
    }

    fn compare_listings(&mut self, old: &Site, new: &Site, seen_files: &HashSet<&str>) {
        let old_at: HashMap<&str, usize> = old
            .listings
            .iter()
            .enumerate()
            .map(|(i, l)| (l.path.as_str(), i))
            .collect();
        let new_paths: HashSet<&str> = new.listings.iter().map(|l| l.path.as_str()).collect();
        // Listings that appeared or went: their translations' switchers change.
        let mut changed_suffixes: HashSet<&str> = HashSet::new();
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
            if self.listing_changed(old, before, new, listing, seen_files) {
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
                if changed_suffixes.contains(suffix(listing)) {
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
        seen_files: &HashSet<&str>,
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
            || (!seen_files.is_empty()
                && after
                    .cards
                    .iter()
                    .any(|&c| seen_files.contains(new.pages[c].file.as_str())))
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
    }
}

/// Pages whose change other pages can see.
#[derive(Default)]
struct Seen<'a> {
    files: HashSet<&'a str>,
    rels: HashSet<&'a str>,
}

impl<'a> Seen<'a> {
    fn add(&mut self, file: &'a str, rel: &'a str) {
        self.files.insert(file);
        self.rels.insert(rel);
    }
}

/// A listing's path without its language: the same listing in every language.
fn suffix(listing: &Listing) -> &str {
    &listing.path[listing.lang.len()..]
}

/// Site paths whose title (as breadcrumbs show it) differs.
fn changed_titles(old: &Site, new: &Site) -> HashSet<String> {
    let mut changed: HashSet<String> = HashSet::new();
    for (path, title) in &old.titles_by_path {
        if new.titles_by_path.get(path) != Some(title) {
            changed.insert(path.clone());
        }
    }
    for path in new.titles_by_path.keys() {
        if !old.titles_by_path.contains_key(path) {
            changed.insert(path.clone());
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
