//! Navigation: page titles by path, menus, browse links and breadcrumbs.

use super::*;
use crate::content::Kind;
use crate::text::fold;

impl Site {
    pub(super) fn build_titles(&mut self) {
        for page in &self.pages {
            self.titles_by_path
                .insert(page.path.clone(), page.front.title.clone());
            if page.content_lang != page.lang {
                self.title_langs
                    .insert(page.path.clone(), page.content_lang.clone());
            }
        }
        for listing in &self.listings {
            self.titles_by_path
                .insert(listing.path.clone(), listing.title.clone());
            match &listing.kind {
                ListingKind::FacetTerm { term_lang, .. } if *term_lang != listing.lang => {
                    self.title_langs
                        .insert(listing.path.clone(), term_lang.clone());
                }
                _ => {
                    self.title_langs.remove(&listing.path);
                }
            }
        }
    }

    /// Home, the card index, then `menu: true` pages of the default language,
    /// each in the reader's language where translated.
    pub(super) fn build_menus(&mut self) {
        let default = self.default_language().to_string();
        let mut menu_pages: Vec<&Page> = self
            .pages
            .iter()
            .filter(|p| p.lang == default && p.front.menu)
            .collect();
        menu_pages.sort_by_cached_key(|p| (p.front.weight, fold(&p.front.title)));
        let menu_rels: Vec<String> = menu_pages.iter().map(|p| p.rel.clone()).collect();
        for lang in self.settings.language_codes() {
            let mut items = vec![
                LinkRef {
                    title: self.ui.get(&lang, "nav.home").to_string(),
                    path: format!("{lang}/"),
                    lang: lang.clone(),
                },
                LinkRef {
                    title: self.ui.get(&lang, "card_index.title").to_string(),
                    path: format!("{lang}/{CARD_INDEX_SEGMENT}/"),
                    lang: lang.clone(),
                },
            ];
            items.extend(
                menu_rels
                    .iter()
                    .filter_map(|rel| self.link_to_source(&lang, rel)),
            );
            self.menus.insert(lang, items);
        }
    }

    /// The card index, the facet pages and the resource lists of each language
    /// (an untranslated resource list as its fallback page, or in the default
    /// language when the settings say `untranslated: omit`, like the menu).
    pub(super) fn build_browse(&mut self) {
        let default = self.default_language().to_string();
        let languages = self.settings.language_codes();
        let resource_rels: Vec<String> = self
            .pages
            .iter()
            .filter(|p| p.lang == default && p.front.kind == Kind::Resources)
            .map(|p| p.rel.clone())
            .collect();
        for lang in languages {
            let mut links = vec![LinkRef {
                title: self.ui.get(&lang, "card_index.title").to_string(),
                path: format!("{lang}/{CARD_INDEX_SEGMENT}/"),
                lang: lang.clone(),
            }];
            for facet in Facet::ALL {
                links.push(LinkRef {
                    title: self
                        .ui
                        .get(&lang, &format!("facets.{}", facet.segment()))
                        .to_string(),
                    path: format!("{lang}/{}/", facet.segment()),
                    lang: lang.clone(),
                });
            }
            links.extend(
                resource_rels
                    .iter()
                    .filter_map(|rel| self.link_to_source(&lang, rel)),
            );
            self.browse.insert(lang, links);
        }
    }

    /// A link, from the `lang` site, to the page of source `rel` (its
    /// translation, or else the default-language page), titled in the
    /// language of its text.
    fn link_to_source(&self, lang: &str, rel: &str) -> Option<LinkRef> {
        let page = &self.pages[self.resolve_source(lang, rel)?];
        Some(LinkRef {
            title: page.front.title.clone(),
            path: page.path.clone(),
            lang: page.content_lang.clone(),
        })
    }

    /// Ancestors of a path that exist as pages or listings: home › strategies › …
    pub fn breadcrumbs(&self, path: &str) -> Vec<LinkRef> {
        let mut crumbs = Vec::new();
        let segments: Vec<&str> = path.trim_end_matches('/').split('/').collect();
        let lang = segments.first().copied().unwrap_or_default();
        for n in 1..segments.len() {
            let ancestor = format!("{}/", segments[..n].join("/"));
            if let Some(title) = self.titles_by_path.get(&ancestor) {
                let title = if n == 1 {
                    self.ui.get(lang, "nav.home").to_string()
                } else {
                    title.clone()
                };
                let title_lang = match self.title_langs.get(&ancestor) {
                    Some(other) if n > 1 => other.clone(),
                    _ => lang.to_string(),
                };
                crumbs.push(LinkRef {
                    title,
                    path: ancestor,
                    lang: title_lang,
                });
            }
        }
        crumbs
    }
}
