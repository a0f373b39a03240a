//! Updating the model in place for `serve` when an edit is invisible from
//! other pages (a text edit), instead of building it again.

use std::sync::Arc;

use rayon::prelude::*;

use super::*;
use crate::content::{FrontMatter, Source};
use crate::error::{Error, Result};
use crate::translation::{self};

impl Site {
    /// Rebuilds, in place, the pages of changed sources when no other page can
    /// see the change: what editing a page's text needs, without rebuilding the
    /// model. The pages of a source are its own page and its fallback copies
    /// in other languages; an edited default-language source may also make
    /// its translations outdated (or up to date again), which changes their
    /// notices. This holds when each source already has its own page and
    /// keeps every value other pages show (see [`seen_outside_page`]) and its
    /// `source_hash`. Returns the pages to render again, or `Ok(None)`
    /// (touching nothing) when it does not hold: then build the whole model
    /// again. On error the site is left as it was.
    pub fn update_in_place(
        &mut self,
        changed: &[&Source],
        cache: &mut BodyCache,
    ) -> Result<Option<Vec<PageId>>> {
        // (page, source) for every page made from a changed source.
        let mut targets: Vec<(PageId, &Source)> = Vec::new();
        let mut origins: Vec<(PageId, Origin, translation::State)> = Vec::new();
        for &source in changed {
            let key = (source.lang.clone(), source.rel.clone());
            let Some(&own) = self.by_source.get(&key) else {
                return Ok(None);
            };
            let page = &self.pages[own];
            if page.is_fallback()
                || page.file != source.file
                || page.front.source_hash != source.front.source_hash
                || page.front.translation != source.front.translation
                || !seen_outside_page(&page.front, &source.front)
            {
                return Ok(None);
            }
            targets.push((own, source));
            targets.extend(self.fallback_copies(own).into_iter().map(|id| (id, source)));
            if source.lang == self.settings.default_language {
                origins.extend(self.translation_states(own, source));
            }
        }
        cache.start(&self.ui, self.settings.raw_html);
        let site: &Site = self;
        let built: Vec<_> = targets
            .par_iter()
            .map(|&(id, source)| {
                let page = &site.pages[id];
                build_page_body(
                    source,
                    &page.lang,
                    &page.path,
                    &site.ui,
                    site.reserved_ids,
                    site,
                    site.settings.raw_html,
                )
            })
            .collect();
        let mut bodies = Vec::with_capacity(built.len());
        let mut problems = Vec::new();
        for (body, &(id, _)) in built.into_iter().zip(&targets) {
            match body {
                Ok(built) => bodies.push(built),
                // A fallback page repeats its source's problems; report them once.
                Err(_) if self.pages[id].is_fallback() => {}
                Err(mut d) => problems.append(&mut d),
            }
        }
        if !problems.is_empty() {
            return Err(Error::Invalid(problems));
        }
        let mut updated = Vec::with_capacity(targets.len() + origins.len());
        for (&(id, source), (body, answers)) in targets.iter().zip(bodies) {
            let page = &mut self.pages[id];
            cache.keep(&page.lang, source, &page.path, answers, Arc::clone(&body));
            page.front = Arc::clone(&source.front);
            page.body = body;
            updated.push(id);
        }
        for (id, origin, state) in origins {
            self.pages[id].origin = origin;
            let page = &self.pages[id];
            self.translation_report
                .restate(&page.lang, &page.rel, state);
            updated.push(id);
        }
        Ok(Some(updated))
    }

    /// The fallback pages showing the text of page `id` in other languages.
    fn fallback_copies(&self, id: PageId) -> Vec<PageId> {
        let rel = &self.pages[id].rel;
        self.settings
            .languages
            .iter()
            .filter_map(|l| self.by_source.get(&(l.code.clone(), rel.clone())))
            .copied()
            .filter(|&other| matches!(self.pages[other].origin, Origin::Fallback { source } if source == id))
            .collect()
    }

    /// The translations of default-language page `id` whose state (outdated,
    /// and which parts changed: their notice names them) changes now that
    /// its source is `source`, with their new origin and state.
    fn translation_states(
        &self,
        id: PageId,
        source: &Source,
    ) -> Vec<(PageId, Origin, translation::State)> {
        let mut fingerprint = None;
        self.translations_of(&self.pages[id])
            .iter()
            .copied()
            .filter(|&other| other != id)
            .filter_map(|other| {
                let Origin::Translation {
                    source: of,
                    outdated,
                } = self.pages[other].origin
                else {
                    return None;
                };
                let current = fingerprint
                    .get_or_insert_with(|| translation::Fingerprint::of(source, &self.ui));
                let page = &self.pages[other];
                let state = translation::status::state_of(page.front.source_hash.as_ref(), current);
                let now = matches!(state, translation::State::Outdated { .. });
                let reported = self.translation_report.translation(&page.lang, &page.rel);
                (now != outdated || reported.map(|t| &t.state) != Some(&state)).then_some((
                    other,
                    Origin::Translation {
                        source: of,
                        outdated: now,
                    },
                    state,
                ))
            })
            .collect()
    }
}

/// Whether two versions of a page's front matter look the same from other
/// pages: its URL (`slug`), title, summary, facets (listings), `weight` and
/// `menu` (menus, listing order), `updated` (sitemap) and kind. Everything the
/// model or another page's context reads of a page must be listed here, or
/// `serve` would miss pages to update.
pub fn seen_outside_page(a: &FrontMatter, b: &FrontMatter) -> bool {
    a.kind == b.kind
        && a.title == b.title
        && a.summary == b.summary
        && a.slug == b.slug
        && a.updated == b.updated
        && a.menu == b.menu
        && a.weight == b.weight
        && a.tags == b.tags
        && a.audience == b.audience
        && a.settings == b.settings
}
