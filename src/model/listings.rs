//! Listings: the card index and the facet (tag, audience, setting) pages.

use std::collections::{BTreeMap, HashMap};

use super::*;
use crate::error::{Diagnostic, Error, Result};

impl Site {
    pub(super) fn build_listings(&mut self) -> Result<()> {
        let page_at: HashMap<String, PageId> = self
            .pages
            .iter()
            .enumerate()
            .map(|(i, p)| (p.path.clone(), i))
            .collect();
        let mut problems = Vec::new();
        let languages = self.settings.language_codes();
        for lang in &languages {
            let cards = self.cards_in(lang);
            let index_path = format!("{lang}/{CARD_INDEX_SEGMENT}/");
            let intro = page_at.get(&index_path).copied();
            // A fallback introduction keeps its text, but the title stays in the reader's language.
            let title = intro
                .filter(|&i| !self.pages[i].is_fallback())
                .map(|i| self.pages[i].front.title.clone())
                .unwrap_or_else(|| self.ui.get(lang, "card_index.title").to_string());
            self.listings.push(Listing {
                lang: lang.clone(),
                path: index_path,
                title,
                kind: ListingKind::CardIndex,
                cards: cards.clone(),
                intro,
            });
            for facet in Facet::ALL {
                let facet_listings = self.facet_listings(lang, facet, &cards);
                for listing in facet_listings {
                    if let Some(&clash) = page_at.get(&listing.path) {
                        problems.push(
                            Diagnostic::new(
                                &self.pages[clash].file,
                                format!(
                                    "this page's URL /{} is taken by the generated `{}` page",
                                    listing.path,
                                    facet.segment()
                                ),
                            )
                            .help("rename the file or give it another `slug`"),
                        );
                    }
                    self.listings.push(listing);
                }
            }
        }
        if !problems.is_empty() {
            return Err(Error::Invalid(problems));
        }
        for (i, listing) in self.listings.iter().enumerate() {
            if let Some(intro) = listing.intro {
                self.pages[intro].absorbed = true;
            }
            self.listing_translations
                .entry(listing.translation_key())
                .or_default()
                .push(i);
        }
        Ok(())
    }

    /// A facet's index page and one page per term, for one language's cards.
    /// A term's page is at the slug of its label in `lang`.
    fn facet_listings(&self, lang: &str, facet: Facet, cards: &[PageId]) -> Vec<Listing> {
        // Term slug → (display term, its language, cards); the first spelling seen
        // names the term, and translated cards come first so their spelling wins.
        // Spellings the toolkit translates (`crate::terms`) are one term.
        let mut terms: BTreeMap<String, (String, String, String, Vec<PageId>)> = BTreeMap::new();
        let (translated, fallback): (Vec<PageId>, Vec<PageId>) = cards
            .iter()
            .partition(|&&card| !self.pages[card].is_fallback());
        for card in translated.into_iter().chain(fallback) {
            let page = &self.pages[card];
            for raw in facet.values(&page.front) {
                let term = self.term(facet, page, raw);
                let entry = terms
                    .entry(term.slug)
                    .or_insert_with(|| (term.name, term.lang, term.key, Vec::new()));
                // Cards come one at a time, so a term repeated on one card
                // (or two spellings of it) can only repeat the last entry.
                if entry.3.last() != Some(&card) {
                    entry.3.push(card);
                }
            }
        }
        let order: HashMap<PageId, usize> =
            cards.iter().enumerate().map(|(i, &c)| (c, i)).collect();
        for (_, _, _, list) in terms.values_mut() {
            list.sort_by_key(|c| order[c]);
        }
        let facet_path = format!("{lang}/{}/", facet.segment());
        let index_terms = terms
            .iter()
            .map(|(slug, (name, term_lang, _, cards))| TermCount {
                slug: slug.clone(),
                name: name.clone(),
                lang: term_lang.clone(),
                count: cards.len(),
            })
            .collect();
        std::iter::once(Listing {
            lang: lang.to_string(),
            path: facet_path.clone(),
            title: self
                .ui
                .get(lang, &format!("facets.{}", facet.segment()))
                .to_string(),
            kind: ListingKind::FacetIndex {
                facet,
                terms: index_terms,
            },
            cards: Vec::new(),
            intro: None,
        })
        .chain(
            terms
                .into_iter()
                .map(|(slug, (term, term_lang, key, cards))| Listing {
                    lang: lang.to_string(),
                    path: format!("{facet_path}{slug}/"),
                    title: term.clone(),
                    kind: ListingKind::FacetTerm {
                        facet,
                        term,
                        term_lang,
                        key,
                    },
                    cards,
                    intro: None,
                }),
        )
        .collect()
    }
}

impl Listing {
    /// What this listing has in common with its translations: its path
    /// without the language (`/tags/pdsa/`), a term's page keyed by the
    /// term's id, since its slug differs between languages.
    pub fn translation_key(&self) -> String {
        match &self.kind {
            ListingKind::FacetTerm { facet, key, .. } => format!("/{}/{key}/", facet.segment()),
            _ => self.path[self.lang.len()..].to_string(),
        }
    }
}
