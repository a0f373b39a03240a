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

use std::collections::HashMap;
use std::sync::Arc;

use serde::Serialize;

use crate::config::Settings;
use crate::content::{ChangeIdea, FrontMatter, Kind};
use crate::i18n::UiStrings;
use crate::text::fold;
use crate::translation::{self};

mod assemble;
mod bodies;
mod body_cache;
mod cards;
mod change_package;
mod listings;
mod navigation;
mod update;
mod urls;

pub use update::seen_outside_page;
pub use urls::{duplicate_paths, page_path, resolve_source, resource_anchors, root_prefix};

// Shared by the stages of assembly below.
use bodies::build_page_body;
use cards::build_card;
use change_package::build_change_package;
use urls::{PagePlan, check_every_language_has_home, check_unique_paths, plan_pages};

pub use body_cache::BodyCache;

pub type PageId = usize;

/// The ids a theme's templates give their own elements on a page, given its
/// front matter; handed to the model so body headings keep clear of them.
pub type ReservedIds = fn(&FrontMatter) -> Vec<String>;

/// The model of a whole toolkit site. Cloning is cheap for its size (page
/// bodies and front matter are shared); `serve` hands a copy to its search
/// indexer.
#[derive(Debug, Clone)]
pub struct Site {
    pub settings: Settings,
    pub ui: UiStrings,
    /// The ids the theme's templates use on a page (`render::reserved_ids`),
    /// which heading ids in bodies must avoid.
    pub reserved_ids: ReservedIds,
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
        /// The same term in every language: the slug of its id when the
        /// toolkit translates it, else its slug ([`crate::terms::Term::key`]).
        key: String,
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

    /// The front matter key, also the name of its term file ([`crate::terms`]).
    pub fn field(self) -> &'static str {
        match self {
            Facet::Tags => "tags",
            Facet::Audience => "audience",
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

/// The print packet page of a language (cards chosen on a card list, printed
/// together): inside the card index, where no content page can be.
pub fn packet_path(lang: &str) -> String {
    format!("{lang}/{CARD_INDEX_SEGMENT}/print-packet/")
}

/// Queries the render, search, check and serve stages ask of the model.
impl Site {
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
    pub(super) fn cards_in(&self, lang: &str) -> Vec<PageId> {
        let mut cards: Vec<PageId> = (0..self.pages.len())
            .filter(|&i| self.pages[i].lang == lang && self.pages[i].front.kind == Kind::Card)
            .collect();
        cards.sort_by_cached_key(|&i| (self.source_weight(i), fold(&self.pages[i].front.title)));
        cards
    }

    /// A term of `page` (a card) as the page's site shows it: with its
    /// label in the site's language where the toolkit declares one.
    pub fn term(&self, facet: Facet, page: &Page, raw: &str) -> crate::terms::Term {
        self.settings.terms.resolve(
            facet.field(),
            &page.lang,
            self.default_language(),
            raw,
            &page.content_lang,
        )
    }

    /// The page a page's text comes from: itself, or its default-language source.
    pub fn source_page(&self, id: PageId) -> PageId {
        match self.pages[id].origin {
            Origin::Original => id,
            Origin::Translation { source, .. } | Origin::Fallback { source } => source,
        }
    }

    pub(super) fn source_weight(&self, id: PageId) -> i64 {
        self.pages[self.source_page(id)].front.weight
    }
}
