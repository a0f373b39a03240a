//! Model: the whole site as plain data, built from the parsed sources.
//!
//! Owns everything that needs more than one source: URLs and the link table,
//! link resolution, translations, card sections in any language, the change
//! package graph, listings (card index, tag/audience/setting pages), menus and
//! breadcrumbs. The render stage only reads this model.
//!
//! Every language has a whole site. A page not translated into a language
//! appears in that language's site as a *fallback page*: the default-language
//! text at the same path under `/<lang>/`, marked as such (unless the settings
//! say `untranslated: omit`). Whether a translation is outdated comes from
//! [`crate::translation`].

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use pulldown_cmark::HeadingLevel;
use rayon::prelude::*;
use serde::Serialize;

use crate::config::{Settings, Untranslated};
use crate::content::{ChangeIdea, FrontMatter, Kind, Measure, Source};
use crate::error::{Diagnostic, Error, Result};
use crate::i18n::{CARD_SECTIONS, UiStrings, WHO_SUBSECTIONS};
use crate::markdown::{self, Section, join_relative};
use crate::text::{fold, slugify};
use crate::translation::{self, State};

mod body_cache;

pub use body_cache::BodyCache;
use body_cache::{Asked, BuiltBody, Directory, Others};

pub type PageId = usize;

/// The model of a whole toolkit site. Cloning is cheap for its size (page
/// bodies and front matter are shared); `serve` hands a copy to its search
/// indexer.
#[derive(Debug, Clone)]
pub struct Site {
    pub settings: Settings,
    pub ui: UiStrings,
    pub pages: Vec<Page>,
    pub listings: Vec<Listing>,
    /// (site language, source path) → page, fallback pages included.
    pub by_source: HashMap<(String, String), PageId>,
    /// Source path → its real pages in every language (no fallback pages),
    /// default language first.
    pub translations: HashMap<String, Vec<PageId>>,
    /// Site path → title, for breadcrumbs.
    pub titles_by_path: HashMap<String, String>,
    /// Site path → the language of its title, where it is not the site's
    /// language (fallback pages, facet terms from fallback cards).
    pub title_langs: HashMap<String, String>,
    /// The state of every translation, as `cardstock translations` reports it.
    pub translation_report: translation::Report,
    /// Language → main navigation.
    pub menus: HashMap<String, Vec<LinkRef>>,
    /// A listing's path without its language (`tags/pdsa/`) → that listing in each language.
    pub listing_translations: HashMap<String, Vec<usize>>,
    /// Language → the browse pages (card index, facet pages, resource lists),
    /// linked in place of the search field when JavaScript is off.
    pub browse: HashMap<String, Vec<LinkRef>>,
}

/// One page made from one source.
#[derive(Debug, Clone)]
pub struct Page {
    /// The language of the site the page belongs to: its chrome and links.
    pub lang: String,
    /// The language of its text; differs from `lang` on a fallback page.
    pub content_lang: String,
    pub origin: Origin,
    pub rel: String,
    pub file: String,
    /// Site path without leading slash: `en/strategies/x/`.
    pub path: String,
    /// Shared with the source (and, in `serve`, with earlier builds).
    pub front: Arc<FrontMatter>,
    /// Shared with a [`BodyCache`] when one is used: an unchanged body is the same `Arc`.
    pub body: Arc<Body>,
    /// True when a listing shows this page's text as its introduction instead.
    pub absorbed: bool,
}

/// Where a page's text comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// A default-language page, or a page with no default-language source.
    Original,
    /// A translation of the default-language page `source`.
    Translation { source: PageId, outdated: bool },
    /// The default-language page `source` shown inside another language's site.
    Fallback { source: PageId },
}

impl Page {
    pub fn is_fallback(&self) -> bool {
        matches!(self.origin, Origin::Fallback { .. })
    }
}

/// A link to a page, for menus, breadcrumbs and related cards; `lang` is the
/// language of the text it leads to.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LinkRef {
    pub title: String,
    pub path: String,
    pub lang: String,
}

#[derive(Debug)]
pub enum Body {
    Page { html: String },
    Card(CardBody),
    ChangePackage(ChangePackageBody),
    Resources { intro_html: String },
}

#[derive(Debug, Serialize)]
pub struct CardBody {
    pub sections: Vec<CardSection>,
    pub related: Vec<LinkRef>,
}

/// A card section identified by its language-independent id.
#[derive(Debug, Serialize)]
pub struct CardSection {
    pub id: &'static str,
    pub html: String,
    pub children: Vec<CardSection>,
}

#[derive(Debug, Serialize)]
pub struct ChangePackageBody {
    pub intro_html: String,
    pub change_ideas: Vec<ChangeIdeaView>,
}

#[derive(Debug, Serialize)]
pub struct ChangeIdeaView {
    #[serde(flatten)]
    pub idea: ChangeIdea,
    pub description_html: String,
    /// The secondary drivers this idea serves, as (id, title).
    pub serves: Vec<(String, String)>,
}

/// A generated page that lists cards.
#[derive(Debug, Clone)]
pub struct Listing {
    pub lang: String,
    pub path: String,
    pub title: String,
    pub kind: ListingKind,
    pub cards: Vec<PageId>,
    /// A content page at the same path whose text introduces the listing.
    pub intro: Option<PageId>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ListingKind {
    CardIndex,
    /// All terms of a facet, with counts.
    FacetIndex {
        facet: Facet,
        terms: Vec<TermCount>,
    },
    FacetTerm {
        facet: Facet,
        term: String,
        /// The language the term is written in (a fallback card's term is in
        /// the default language).
        term_lang: String,
    },
}

impl ListingKind {
    /// Whether two listings are the same page in different languages.
    pub fn same_page_as(&self, other: &ListingKind) -> bool {
        match (self, other) {
            (ListingKind::CardIndex, ListingKind::CardIndex) => true,
            (
                ListingKind::FacetIndex { facet: a, .. },
                ListingKind::FacetIndex { facet: b, .. },
            ) => a == b,
            (ListingKind::FacetTerm { facet: a, .. }, ListingKind::FacetTerm { facet: b, .. }) => {
                a == b
            }
            _ => false,
        }
    }
}

/// A facet term on a facet's index page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TermCount {
    pub slug: String,
    pub name: String,
    pub lang: String,
    pub count: usize,
}

/// The card metadata that gets browse pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Facet {
    Tags,
    Audience,
    Settings,
}

impl Facet {
    pub const ALL: [Facet; 3] = [Facet::Tags, Facet::Audience, Facet::Settings];

    /// The URL segment, also the UI-string key under `facets`.
    pub fn segment(self) -> &'static str {
        match self {
            Facet::Tags => "tags",
            Facet::Audience => "audiences",
            Facet::Settings => "settings",
        }
    }

    pub fn values(self, front: &FrontMatter) -> &[String] {
        match self {
            Facet::Tags => &front.tags,
            Facet::Audience => &front.audience,
            Facet::Settings => &front.settings,
        }
    }
}

/// Where the card index lives inside each language.
pub const CARD_INDEX_SEGMENT: &str = "strategies";

impl Site {
    pub fn build(settings: Settings, ui: UiStrings, sources: Vec<Source>) -> Result<Site> {
        Site::build_from(settings, ui, &sources, None)
    }

    /// Like [`Site::build`], reusing the bodies of unchanged pages from
    /// `cache` and keeping the bodies built now for the next call.
    pub fn build_with_cache(
        settings: Settings,
        ui: UiStrings,
        sources: &[Source],
        cache: &mut BodyCache,
    ) -> Result<Site> {
        Site::build_from(settings, ui, sources, Some(cache))
    }

    fn build_from(
        settings: Settings,
        ui: UiStrings,
        sources: &[Source],
        mut cache: Option<&mut BodyCache>,
    ) -> Result<Site> {
        let mut problems = Vec::new();
        let plans = plan_pages(&settings, sources);
        let by_source: HashMap<(String, String), PageId> = plans
            .iter()
            .enumerate()
            .map(|(id, plan)| ((plan.lang.clone(), sources[plan.source].rel.clone()), id))
            .collect();
        check_unique_paths(sources, &plans, &mut problems);
        if let Some(cache) = cache.as_deref_mut() {
            cache.start(&ui, settings.raw_html);
        }

        let default_lang = settings.default_language.clone();
        let others = Others::new(&default_lang, sources, &plans);
        let reusable = cache.as_deref();
        let bodies: Vec<BuiltBody> = plans
            .par_iter()
            .map(|plan| {
                let source = &sources[plan.source];
                let reused =
                    reusable.and_then(|c| c.reuse(&plan.lang, source, &plan.path, &others));
                match reused {
                    Some(body) => BuiltBody::Reused(body),
                    None => match build_page_body(
                        source,
                        &plan.lang,
                        &plan.path,
                        &ui,
                        &others,
                        settings.raw_html,
                    ) {
                        Ok((body, answers)) => BuiltBody::New(body, answers),
                        Err(d) => BuiltBody::Failed(d),
                    },
                }
            })
            .collect();

        let translation_report = match cache.as_deref() {
            Some(cache) => {
                translation::Report::assess_with(&settings, &ui, sources, &cache.fingerprints)
            }
            None => translation::Report::assess(&settings, &ui, sources),
        };
        let mut pages = Vec::with_capacity(plans.len());
        for (plan, body) in plans.iter().zip(bodies) {
            let source = &sources[plan.source];
            let source_page = by_source
                .get(&(default_lang.clone(), source.rel.clone()))
                .copied();
            let origin = match (plan.fallback, source_page) {
                (true, Some(source)) => Origin::Fallback { source },
                (false, Some(source_id)) if source.lang != default_lang => {
                    let outdated = translation_report
                        .translation(&source.lang, &source.rel)
                        .is_some_and(|t| matches!(t.state, State::Outdated { .. }));
                    Origin::Translation {
                        source: source_id,
                        outdated,
                    }
                }
                _ => Origin::Original,
            };
            let body = match body {
                BuiltBody::Reused(body) => body,
                BuiltBody::New(body, answers) => {
                    if let Some(cache) = cache.as_deref_mut() {
                        cache.keep(&plan.lang, source, &plan.path, answers, Arc::clone(&body));
                    }
                    body
                }
                // A fallback page repeats its source's problems; report them once.
                BuiltBody::Failed(mut d) => {
                    if !plan.fallback {
                        problems.append(&mut d);
                    }
                    continue;
                }
            };
            pages.push(Page {
                lang: plan.lang.clone(),
                content_lang: source.lang.clone(),
                origin,
                rel: source.rel.clone(),
                file: source.file.clone(),
                path: plan.path.clone(),
                front: Arc::clone(&source.front),
                body,
                absorbed: false,
            });
        }
        if let Some(cache) = cache {
            cache.forget_missing(body_cache::page_keys(&pages));
        }
        check_every_language_has_home(&settings, &by_source, &mut problems);
        if !problems.is_empty() {
            return Err(Error::Invalid(problems));
        }

        let mut translations: HashMap<String, Vec<PageId>> = HashMap::new();
        for (id, page) in pages.iter().enumerate().filter(|(_, p)| !p.is_fallback()) {
            translations.entry(page.rel.clone()).or_default().push(id);
        }
        let lang_order: HashMap<&str, usize> = settings
            .languages
            .iter()
            .enumerate()
            .map(|(i, l)| (l.code.as_str(), i))
            .collect();
        for ids in translations.values_mut() {
            ids.sort_by_key(|&id| {
                (
                    pages[id].lang != settings.default_language,
                    lang_order[pages[id].lang.as_str()],
                )
            });
        }

        let mut site = Site {
            settings,
            ui,
            pages,
            listings: Vec::new(),
            by_source,
            translations,
            titles_by_path: HashMap::new(),
            title_langs: HashMap::new(),
            translation_report,
            menus: HashMap::new(),
            listing_translations: HashMap::new(),
            browse: HashMap::new(),
        };
        site.build_listings()?;
        site.build_titles();
        site.build_menus();
        site.build_browse();
        Ok(site)
    }

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
        let mut origins: Vec<(PageId, Origin)> = Vec::new();
        for &source in changed {
            let key = (source.lang.clone(), source.rel.clone());
            let Some(&own) = self.by_source.get(&key) else {
                return Ok(None);
            };
            let page = &self.pages[own];
            if page.is_fallback()
                || page.file != source.file
                || page.front.source_hash != source.front.source_hash
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
        for (id, origin) in origins {
            self.pages[id].origin = origin;
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

    /// The translations of default-language page `id` whose outdated state
    /// changes now that its source is `source`, with their new origin.
    fn translation_states(&self, id: PageId, source: &Source) -> Vec<(PageId, Origin)> {
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
                let now = translation::status::is_outdated(
                    self.pages[other].front.source_hash.as_ref(),
                    current,
                );
                (now != outdated).then_some((
                    other,
                    Origin::Translation {
                        source: of,
                        outdated: now,
                    },
                ))
            })
            .collect()
    }

    pub fn default_language(&self) -> &str {
        &self.settings.default_language
    }

    /// The page a link to source `rel` from a page in `lang` leads to.
    pub fn resolve_source(&self, lang: &str, rel: &str) -> Option<PageId> {
        resolve_source(&self.by_source, self.default_language(), lang, rel)
    }

    /// The pages of one source in every language, default language first.
    pub fn translations_of(&self, page: &Page) -> &[PageId] {
        self.translations
            .get(&page.rel)
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }

    /// The cards of a language's site, fallback cards included, ordered by
    /// weight (a translation sorts by its source's weight) then title.
    fn cards_in(&self, lang: &str) -> Vec<PageId> {
        let mut cards: Vec<PageId> = (0..self.pages.len())
            .filter(|&i| self.pages[i].lang == lang && self.pages[i].front.kind == Kind::Card)
            .collect();
        cards.sort_by_cached_key(|&i| (self.source_weight(i), fold(&self.pages[i].front.title)));
        cards
    }

    /// The page a page's text comes from: itself, or its default-language source.
    pub fn source_page(&self, id: PageId) -> PageId {
        match self.pages[id].origin {
            Origin::Original => id,
            Origin::Translation { source, .. } | Origin::Fallback { source } => source,
        }
    }

    fn source_weight(&self, id: PageId) -> i64 {
        self.pages[self.source_page(id)].front.weight
    }

    fn build_listings(&mut self) -> Result<()> {
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
                .entry(listing.path[listing.lang.len()..].to_string())
                .or_default()
                .push(i);
        }
        Ok(())
    }

    /// A facet's index page and one page per term, for one language's cards.
    fn facet_listings(&self, lang: &str, facet: Facet, cards: &[PageId]) -> Vec<Listing> {
        // Term slug → (display term, its language, cards); the first spelling seen
        // names the term, and translated cards come first so their spelling wins.
        let mut terms: BTreeMap<String, (String, String, Vec<PageId>)> = BTreeMap::new();
        let (translated, fallback): (Vec<PageId>, Vec<PageId>) = cards
            .iter()
            .partition(|&&card| !self.pages[card].is_fallback());
        for card in translated.into_iter().chain(fallback) {
            let page = &self.pages[card];
            for term in facet.values(&page.front) {
                let entry = terms
                    .entry(slugify(term))
                    .or_insert_with(|| (term.clone(), page.content_lang.clone(), Vec::new()));
                // Cards come one at a time, so a term repeated on one card
                // (or two spellings of it) can only repeat the last entry.
                if entry.2.last() != Some(&card) {
                    entry.2.push(card);
                }
            }
        }
        let order: HashMap<PageId, usize> =
            cards.iter().enumerate().map(|(i, &c)| (c, i)).collect();
        for (_, _, list) in terms.values_mut() {
            list.sort_by_key(|c| order[c]);
        }
        let facet_path = format!("{lang}/{}/", facet.segment());
        let index_terms = terms
            .iter()
            .map(|(slug, (name, term_lang, cards))| TermCount {
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
                .map(|(slug, (term, term_lang, cards))| Listing {
                    lang: lang.to_string(),
                    path: format!("{facet_path}{slug}/"),
                    title: term.clone(),
                    kind: ListingKind::FacetTerm {
                        facet,
                        term,
                        term_lang,
                    },
                    cards,
                    intro: None,
                }),
        )
        .collect()
    }

    fn build_titles(&mut self) {
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
    fn build_menus(&mut self) {
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
    fn build_browse(&mut self) {
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

/// The anchor of each resource of a resource list (`res-<slug of title>`),
/// unique in the page, so search results and links can point at one resource.
pub fn resource_anchors(categories: &[crate::content::Category]) -> Vec<Vec<String>> {
    let mut used = std::collections::HashSet::new();
    categories
        .iter()
        .map(|cat| {
            cat.resources
                .iter()
                .map(|r| {
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
struct PagePlan {
    source: usize,
    lang: String,
    path: String,
    fallback: bool,
}

/// One page per source (page ids equal source indexes), then, unless the
/// settings say `untranslated: omit`, a fallback page in every other language
/// for each default-language source that has no translation into it.
fn plan_pages(settings: &Settings, sources: &[Source]) -> Vec<PagePlan> {
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

/// Every language needs a home page: menus, breadcrumbs and the root page link
/// to `/{lang}/`. Reported with the other problems, as links to a missing home
/// page would otherwise hide the cause behind one error per link.
fn check_every_language_has_home(
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

fn check_unique_paths(sources: &[Source], plans: &[PagePlan], problems: &mut Vec<Diagnostic>) {
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

/// Builds the body of the page of `source` in the `lang` site at `path`,
/// with what it asked about other pages.
fn build_page_body(
    source: &Source,
    lang: &str,
    path: &str,
    ui: &UiStrings,
    directory: &dyn Directory,
    raw_html: crate::config::RawHtml,
) -> Result<(Arc<Body>, Vec<body_cache::Answer>), Vec<Diagnostic>> {
    let asked = Asked::new(directory, lang);
    let resolve = |rel: &str| asked.target(rel);
    let reserved_ids = template_ids(&source.front);
    let ctx = markdown::Context {
        file: &source.file,
        first_line: source.body_first_line,
        rel: &source.rel,
        root: &root_prefix(path),
        lang: &source.lang,
        resolve: &resolve,
        reserved_ids: &reserved_ids,
        raw_html,
    };
    let body = build_body(source, &ctx, ui, &asked)?;
    Ok((Arc::new(body), asked.into_answers()))
}

impl Directory for Site {
    fn default_lang(&self) -> &str {
        &self.settings.default_language
    }

    fn find_exact(&self, lang: &str, rel: &str) -> Option<body_cache::Seen<'_>> {
        let id = *self.by_source.get(&(lang.to_string(), rel.to_string()))?;
        let page = &self.pages[id];
        Some(body_cache::Seen {
            path: &page.path,
            title: &page.front.title,
            lang: &page.content_lang,
            kind: page.front.kind,
        })
    }
}

/// The ids the default theme's templates give their own headings and
/// landmarks on a page of this kind, so that a body heading such as
/// `### Where` gets another id and `#where` keeps leading to the section.
fn template_ids(front: &FrontMatter) -> Vec<String> {
    let mut ids: Vec<String> = ["main", "recommended-citation", "browse-heading"]
        .map(String::from)
        .to_vec();
    match front.kind {
        Kind::Card => {
            ids.extend(
                CARD_SECTIONS
                    .iter()
                    .chain(&WHO_SUBSECTIONS)
                    .map(|s| s.to_string()),
            );
            ids.extend(["at-a-glance", "related", "on-this-page"].map(String::from));
        }
        Kind::ChangePackage => {
            ids.extend(
                [
                    "aim",
                    "driver-diagram",
                    "driver-list",
                    "change-ideas",
                    "package-measures",
                    "on-this-page",
                ]
                .map(String::from),
            );
            ids.extend(front.change_ideas.iter().map(|c| format!("idea-{}", c.id)));
        }
        Kind::Resources => {
            ids.extend(
                [
                    "categories",
                    "resource-filters",
                    "resource-filters-heading",
                    "resource-filters-hint",
                    "resource-filters-body",
                    "resource-count",
                ]
                .map(String::from),
            );
            ids.extend(front.categories.iter().map(|c| format!("cat-{}", c.id)));
        }
        // A page may introduce the card index, whose filters and list have ids.
        Kind::Page => ids.extend(
            [
                "card-filters",
                "card-filters-heading",
                "card-filters-hint",
                "card-filters-body",
                "card-count",
                "card-list",
            ]
            .map(String::from),
        ),
    }
    ids
}

fn build_body(
    source: &Source,
    ctx: &markdown::Context,
    ui: &UiStrings,
    asked: &Asked,
) -> Result<Body, Vec<Diagnostic>> {
    match source.front.kind {
        Kind::Page => Ok(Body::Page {
            html: markdown::to_html(&source.body, ctx)?,
        }),
        Kind::Resources => Ok(Body::Resources {
            intro_html: markdown::to_html(&source.body, ctx)?,
        }),
        Kind::Card => build_card(source, ctx, ui, asked).map(Body::Card),
        Kind::ChangePackage => build_change_package(source, ctx).map(Body::ChangePackage),
    }
}

fn build_card(
    source: &Source,
    ctx: &markdown::Context,
    ui: &UiStrings,
    asked: &Asked,
) -> Result<CardBody, Vec<Diagnostic>> {
    let (preamble, found) = markdown::to_sections(&source.body, ctx, HeadingLevel::H2)?;
    let mut problems = Vec::new();
    if !preamble.trim().is_empty() {
        problems.push(
            Diagnostic::new(
                &source.file,
                "text before the first section of a strategy card",
            )
            .at_line(source.body_first_line)
            .help("move it into a section such as `## What`, or into `summary:`"),
        );
    }
    let mut by_id: HashMap<&'static str, Section> = HashMap::new();
    for section in found {
        match identify(&section, &CARD_SECTIONS, ui) {
            Some(id) => {
                let line = section.line;
                if by_id.insert(id, section).is_some() {
                    problems.push(
                        Diagnostic::new(&source.file, format!("the `{id}` section appears twice"))
                            .at_line(line)
                            .help("merge the two sections into one"),
                    );
                }
            }
            None => problems.push(unknown_heading(source, &section, &CARD_SECTIONS, ui)),
        }
    }
    let mut sections = Vec::new();
    for id in CARD_SECTIONS {
        let Some(section) = by_id.remove(id) else {
            if id != "more-information" {
                problems.push(missing_section(source, id, ui));
            }
            continue;
        };
        let mut children = Vec::new();
        let mut html = section.html;
        if id == "who" {
            html = String::new();
            let mut who: HashMap<&'static str, Section> = HashMap::new();
            for child in section.children {
                match identify(&child, &WHO_SUBSECTIONS, ui) {
                    Some(child_id) => {
                        who.insert(child_id, child);
                    }
                    None => problems.push(unknown_heading(source, &child, &WHO_SUBSECTIONS, ui)),
                }
            }
            for child_id in WHO_SUBSECTIONS {
                match who.remove(child_id) {
                    Some(child) => children.push(CardSection {
                        id: child_id,
                        html: child.html,
                        children: Vec::new(),
                    }),
                    None => {
                        problems.push(missing_section(source, child_id, ui).at_line(section.line))
                    }
                }
            }
        }
        sections.push(CardSection { id, html, children });
    }
    let related = resolve_related(source, asked, &mut problems);
    if problems.is_empty() {
        Ok(CardBody { sections, related })
    } else {
        Err(problems)
    }
}

/// The section a heading stands for: by its id attribute, else by its text in any language.
fn identify(section: &Section, allowed: &[&'static str], ui: &UiStrings) -> Option<&'static str> {
    let by_id = allowed.iter().find(|&&id| id == section.id);
    let by_text = || {
        ui.section_for_heading(&section.heading)
            .and_then(|found| allowed.iter().find(|&&id| id == found))
    };
    by_id.or_else(by_text).copied()
}

fn unknown_heading(
    source: &Source,
    section: &Section,
    allowed: &[&'static str],
    ui: &UiStrings,
) -> Diagnostic {
    let labels: Vec<String> = allowed
        .iter()
        .map(|id| ui.get(&source.lang, &format!("sections.{id}")))
        .collect();
    let names: Vec<String> = labels.iter().map(|l| format!("`{l}`")).collect();
    // Compared folded, as headings are matched: "Consideraciónes" is close to "Consideraciones".
    let folded: Vec<String> = labels.iter().map(|l| fold(l)).collect();
    let close =
        crate::error::did_you_mean(&fold(&section.heading), folded.iter().map(String::as_str))
            .and_then(|f| folded.iter().position(|x| x == f))
            .map(|i| format!("did you mean `{}`? ", labels[i]))
            .unwrap_or_default();
    Diagnostic::new(&source.file, format!("`{}` is not a strategy-card section", section.heading))
        .at_line(section.line)
        .help(format!("{close}use one of {} (or add the section id, e.g. `{{#what}}`); put other headings one level deeper", names.join(", ")))
}

fn missing_section(source: &Source, id: &str, ui: &UiStrings) -> Diagnostic {
    let label = ui.get(&source.lang, &format!("sections.{id}"));
    let level = if WHO_SUBSECTIONS.contains(&id) {
        "###"
    } else {
        "##"
    };
    Diagnostic::new(&source.file, format!("strategy card `{}` has no `{label}` section", source.front.title))
        .at_line(source.body_first_line)
        .help(format!("add a `{level} {label}` heading with its text (in any language, or as `{level} … {{#{id}}}`)"))
}

fn resolve_related(source: &Source, asked: &Asked, problems: &mut Vec<Diagnostic>) -> Vec<LinkRef> {
    let mut related = Vec::new();
    for target in &source.front.related {
        let rel = match target.strip_prefix("@/") {
            Some(from_root) => Some(from_root.to_string()),
            None => join_relative(&source.rel, target),
        };
        let line = source.line_of_reference(target).unwrap_or(1);
        match rel.and_then(|r| asked.page(&r)) {
            Some((_, kind)) if kind != Kind::Card => problems.push(
                Diagnostic::new(
                    &source.file,
                    format!("related card `{target}` is not a strategy card"),
                )
                .at_line(line)
                .help("list only strategy cards under `related`; link other pages from the text"),
            ),
            Some((link, _)) => related.push(link),
            None => problems.push(
                Diagnostic::new(
                    &source.file,
                    format!("related card `{target}` does not exist"),
                )
                .at_line(line)
                .help(
                    "write the card's path relative to this file, e.g. `external-facilitation.md`",
                ),
            ),
        }
    }
    related
}

fn build_change_package(
    source: &Source,
    ctx: &markdown::Context,
) -> Result<ChangePackageBody, Vec<Diagnostic>> {
    let intro_html = markdown::to_html(&source.body, ctx)?;
    let f = &source.front;
    let mut change_ideas = Vec::new();
    let mut problems = Vec::new();
    for idea in &f.change_ideas {
        let description_html = match &idea.description {
            Some(text) => markdown::inline_to_html(
                text,
                &markdown::Context {
                    first_line: source.line_of_reference(&idea.id).unwrap_or(1),
                    ..*ctx
                },
            )
            .unwrap_or_else(|mut d| {
                problems.append(&mut d);
                String::new()
            }),
            None => String::new(),
        };
        let serves = f
            .secondary_drivers
            .iter()
            .filter(|s| s.change_ideas.contains(&idea.id))
            .map(|s| (s.id.clone(), s.title.clone()))
            .collect();
        change_ideas.push(ChangeIdeaView {
            idea: idea.clone(),
            description_html,
            serves,
        });
    }
    if problems.is_empty() {
        Ok(ChangePackageBody {
            intro_html,
            change_ideas,
        })
    } else {
        Err(problems)
    }
}

/// Measures grouped by type, in the order outcome, process, balancing.
pub fn measures_by_type(measures: &[Measure]) -> Vec<(&'static str, Vec<&Measure>)> {
    use crate::content::MeasureType::*;
    [
        (Outcome, "outcome"),
        (Process, "process"),
        (Balancing, "balancing"),
    ]
    .into_iter()
    .map(|(t, name)| {
        (
            name,
            measures.iter().filter(|m| m.kind == t).collect::<Vec<_>>(),
        )
    })
    .filter(|(_, list)| !list.is_empty())
    .collect()
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
