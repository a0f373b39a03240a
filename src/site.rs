//! Model: the whole site as plain data, built from the parsed sources.
//!
//! Owns everything that needs more than one source: URLs and the link table,
//! link resolution, translations, card sections in any language, the change
//! package graph, listings (card index, tag/audience/setting pages), menus and
//! breadcrumbs. The render stage only reads this model.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use pulldown_cmark::HeadingLevel;
use rayon::prelude::*;
use serde::Serialize;

use crate::config::Settings;
use crate::content::{ChangeIdea, FrontMatter, Kind, Measure, Source};
use crate::error::{Diagnostic, Error, Result};
use crate::i18n::{CARD_SECTIONS, UiStrings, WHO_SUBSECTIONS};
use crate::markdown::{self, Section, join_relative};
use crate::text::{fold, slugify};

mod body_cache;

pub use body_cache::BodyCache;
use body_cache::{Asked, BuiltBody, Directory, Others};

pub type PageId = usize;

/// The model of a whole toolkit site.
#[derive(Debug)]
pub struct Site {
    pub settings: Settings,
    pub ui: UiStrings,
    pub pages: Vec<Page>,
    pub listings: Vec<Listing>,
    /// (language, source path) → page.
    pub by_source: HashMap<(String, String), PageId>,
    /// Source path → its pages in every language, default language first.
    pub translations: HashMap<String, Vec<PageId>>,
    /// Site path → title, for breadcrumbs.
    pub titles_by_path: HashMap<String, String>,
    /// Language → main navigation.
    pub menus: HashMap<String, Vec<LinkRef>>,
    /// A listing's path without its language (`tags/pdsa/`) → that listing in each language.
    pub listing_translations: HashMap<String, Vec<usize>>,
}

/// One page made from one source.
#[derive(Debug)]
pub struct Page {
    pub lang: String,
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

/// A link to a page, for menus, breadcrumbs and related cards.
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
#[derive(Debug)]
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
        terms: Vec<(String, String, usize)>,
    },
    FacetTerm {
        facet: Facet,
        term: String,
    },
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

    /// Like [`Site::build`], reusing the bodies of unchanged sources from
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
        let paths: Vec<String> = sources
            .par_iter()
            .map(|s| page_path(&s.lang, &s.rel, s.front.slug.as_deref()))
            .collect();
        let by_source: HashMap<(String, String), PageId> = sources
            .iter()
            .enumerate()
            .map(|(i, s)| ((s.lang.clone(), s.rel.clone()), i))
            .collect();
        check_unique_paths(sources, &paths, &mut problems);
        if let Some(cache) = cache.as_deref_mut() {
            cache.start(&ui);
        }

        let others = Others::new(&settings.default_language, sources, &paths);
        let reusable = cache.as_deref();
        let bodies: Vec<BuiltBody> = sources
            .par_iter()
            .zip(paths.par_iter())
            .map(
                |(source, path)| match reusable.and_then(|c| c.reuse(source, path, &others)) {
                    Some(body) => BuiltBody::Reused(body),
                    None => match build_page_body(source, path, &ui, &others) {
                        Ok((body, answers)) => BuiltBody::New(body, answers),
                        Err(d) => BuiltBody::Failed(d),
                    },
                },
            )
            .collect();

        let mut pages = Vec::with_capacity(sources.len());
        for ((source, path), body) in sources.iter().zip(paths).zip(bodies) {
            let body = match body {
                BuiltBody::Reused(body) => body,
                BuiltBody::New(body, answers) => {
                    if let Some(cache) = cache.as_deref_mut() {
                        cache.keep(source, &path, answers, Arc::clone(&body));
                    }
                    body
                }
                BuiltBody::Failed(mut d) => {
                    problems.append(&mut d);
                    continue;
                }
            };
            pages.push(Page {
                lang: source.lang.clone(),
                rel: source.rel.clone(),
                file: source.file.clone(),
                path,
                front: Arc::clone(&source.front),
                body,
                absorbed: false,
            });
        }
        if let Some(cache) = cache {
            cache.forget_missing(sources);
        }
        if !problems.is_empty() {
            return Err(Error::Invalid(problems));
        }
        check_default_language_has_home(&settings, &by_source)?;

        let mut translations: HashMap<String, Vec<PageId>> = HashMap::new();
        for (id, page) in pages.iter().enumerate() {
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
            menus: HashMap::new(),
            listing_translations: HashMap::new(),
        };
        site.build_listings()?;
        site.build_titles();
        site.build_menus();
        Ok(site)
    }

    /// Rebuilds, in place, the pages of changed sources when no other page can
    /// see the change: what editing a page's text needs, without rebuilding the
    /// model. That holds when each source already has a page and keeps every
    /// value other pages show (see [`seen_outside_page`]). Returns the updated
    /// pages, or `Ok(None)` (touching nothing) when it does not hold: then
    /// build the whole model again. On error the site is left as it was.
    pub fn update_in_place(
        &mut self,
        changed: &[&Source],
        cache: &mut BodyCache,
    ) -> Result<Option<Vec<PageId>>> {
        let mut ids = Vec::with_capacity(changed.len());
        for source in changed {
            let key = (source.lang.clone(), source.rel.clone());
            let Some(&id) = self.by_source.get(&key) else {
                return Ok(None);
            };
            if !seen_outside_page(&self.pages[id].front, &source.front) {
                return Ok(None);
            }
            ids.push(id);
        }
        cache.start(&self.ui);
        let site: &Site = self;
        let built: Vec<_> = ids
            .par_iter()
            .zip(changed.par_iter())
            .map(|(&id, source)| build_page_body(source, &site.pages[id].path, &site.ui, site))
            .collect();
        let mut bodies = Vec::with_capacity(built.len());
        let mut problems = Vec::new();
        for body in built {
            match body {
                Ok(built) => bodies.push(built),
                Err(mut d) => problems.append(&mut d),
            }
        }
        if !problems.is_empty() {
            return Err(Error::Invalid(problems));
        }
        for ((&id, source), (body, answers)) in ids.iter().zip(changed).zip(bodies) {
            let path = self.pages[id].path.clone();
            cache.keep(source, &path, answers, Arc::clone(&body));
            let page = &mut self.pages[id];
            page.front = Arc::clone(&source.front);
            page.body = body;
        }
        Ok(Some(ids))
    }

    pub fn default_language(&self) -> &str {
        &self.settings.default_language
    }

    /// The pages of one source in every language, default language first.
    pub fn translations_of(&self, page: &Page) -> &[PageId] {
        self.translations
            .get(&page.rel)
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }

    /// The cards of a language, ordered by weight then title.
    fn cards_in(&self, lang: &str) -> Vec<PageId> {
        let mut cards: Vec<PageId> = (0..self.pages.len())
            .filter(|&i| self.pages[i].lang == lang && self.pages[i].front.kind == Kind::Card)
            .collect();
        cards.par_sort_by_cached_key(|&i| {
            (self.pages[i].front.weight, fold(&self.pages[i].front.title))
        });
        cards
    }

    fn build_listings(&mut self) -> Result<()> {
        let page_at: HashMap<&str, PageId> = self
            .pages
            .iter()
            .enumerate()
            .map(|(i, p)| (p.path.as_str(), i))
            .collect();
        let mut problems = Vec::new();
        let languages: Vec<String> = self
            .settings
            .languages
            .iter()
            .map(|l| l.code.clone())
            .collect();
        for lang in &languages {
            let cards = self.cards_in(lang);
            let index_path = format!("{lang}/{CARD_INDEX_SEGMENT}/");
            let intro = page_at.get(index_path.as_str()).copied();
            let title = intro
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
            for (facet, terms) in Facet::ALL
                .into_iter()
                .zip(terms_by_facet(&self.pages, &cards))
            {
                let facet_path = format!("{lang}/{}/", facet.segment());
                let facet_title = self
                    .ui
                    .get(lang, &format!("facets.{}", facet.segment()))
                    .to_string();
                let index_terms = terms
                    .iter()
                    .map(|(slug, (term, cards))| (slug.clone(), term.clone(), cards.len()))
                    .collect();
                let facet_listings = std::iter::once(Listing {
                    lang: lang.clone(),
                    path: facet_path.clone(),
                    title: facet_title,
                    kind: ListingKind::FacetIndex {
                        facet,
                        terms: index_terms,
                    },
                    cards: Vec::new(),
                    intro: None,
                })
                .chain(terms.into_iter().map(|(slug, (term, cards))| Listing {
                    lang: lang.clone(),
                    path: format!("{facet_path}{slug}/"),
                    title: term.clone(),
                    kind: ListingKind::FacetTerm { facet, term },
                    cards,
                    intro: None,
                }));
                for listing in facet_listings {
                    if let Some(&clash) = page_at.get(listing.path.as_str()) {
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

    fn build_titles(&mut self) {
        for page in &self.pages {
            self.titles_by_path
                .insert(page.path.clone(), page.front.title.clone());
        }
        for listing in &self.listings {
            self.titles_by_path
                .insert(listing.path.clone(), listing.title.clone());
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
        for lang in self
            .settings
            .languages
            .iter()
            .map(|l| l.code.clone())
            .collect::<Vec<_>>()
        {
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
            for rel in &menu_rels {
                let id = self
                    .by_source
                    .get(&(lang.clone(), rel.clone()))
                    .or_else(|| self.by_source.get(&(default.clone(), rel.clone())));
                if let Some(&id) = id {
                    let page = &self.pages[id];
                    items.push(LinkRef {
                        title: page.front.title.clone(),
                        path: page.path.clone(),
                        lang: page.lang.clone(),
                    });
                }
            }
            self.menus.insert(lang, items);
        }
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
                crumbs.push(LinkRef {
                    title,
                    path: ancestor,
                    lang: lang.to_string(),
                });
            }
        }
        crumbs
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

/// Builds one page's body, with what it asked about other pages.
fn build_page_body(
    source: &Source,
    path: &str,
    ui: &UiStrings,
    directory: &dyn Directory,
) -> Result<(Arc<Body>, Vec<body_cache::Answer>), Vec<Diagnostic>> {
    let asked = Asked::new(directory, &source.lang);
    let resolve = |rel: &str| asked.path_of(rel);
    let ctx = markdown::Context {
        file: &source.file,
        first_line: source.body_first_line,
        rel: &source.rel,
        root: &root_prefix(path),
        resolve: &resolve,
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
            lang: &page.lang,
        })
    }
}

/// Term slug → (display term, cards) for each facet of `Facet::ALL`; the first
/// spelling seen names a term. One pass over the cards, each term slugified once:
/// this runs on every rebuild in `serve`.
fn terms_by_facet(
    pages: &[Page],
    cards: &[PageId],
) -> Vec<BTreeMap<String, (String, Vec<PageId>)>> {
    let mut slugs: HashMap<&str, String> = HashMap::new();
    let mut by_facet = vec![BTreeMap::new(); Facet::ALL.len()];
    for &card in cards {
        let front = &pages[card].front;
        for (terms, facet) in by_facet.iter_mut().zip(Facet::ALL) {
            for term in facet.values(front) {
                let slug = slugs.entry(term.as_str()).or_insert_with(|| slugify(term));
                let entry: &mut (String, Vec<PageId>) = match terms.get_mut(slug.as_str()) {
                    Some(entry) => entry,
                    None => terms
                        .entry(slug.clone())
                        .or_insert_with(|| (term.clone(), Vec::new())),
                };
                if entry.1.last() != Some(&card) {
                    entry.1.push(card);
                }
            }
        }
    }
    by_facet
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

fn check_unique_paths(sources: &[Source], paths: &[String], problems: &mut Vec<Diagnostic>) {
    let mut seen: HashMap<&str, &str> = HashMap::new();
    for (source, path) in sources.iter().zip(paths) {
        if let Some(first) = seen.insert(path, &source.file) {
            problems.push(
                Diagnostic::new(
                    &source.file,
                    format!("this page would have the same URL /{path} as {first}"),
                )
                .help("rename one of the files or give one a different `slug`"),
            );
        }
    }
}

fn check_default_language_has_home(
    settings: &Settings,
    by_source: &HashMap<(String, String), PageId>,
) -> Result<()> {
    let lang = &settings.default_language;
    if by_source.contains_key(&(lang.clone(), "index.md".to_string())) {
        return Ok(());
    }
    Err(Diagnostic::new(
        format!("content/{lang}/index.md"),
        "the home page is missing",
    )
    .help(format!(
        "create content/{lang}/index.md with front matter `title: …`"
    ))
    .into())
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
    let names: Vec<String> = allowed
        .iter()
        .map(|id| format!("`{}`", ui.get(&source.lang, &format!("sections.{id}"))))
        .collect();
    Diagnostic::new(&source.file, format!("`{}` is not a strategy-card section", section.heading))
        .at_line(section.line)
        .help(format!("use one of {} (or add the section id, e.g. `{{#what}}`); put other headings one level deeper", names.join(", ")))
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
        match rel.and_then(|r| asked.link_to(&r)) {
            Some(link) => related.push(link),
            None => problems.push(
                Diagnostic::new(
                    &source.file,
                    format!("related card `{target}` does not exist"),
                )
                .at_line(source.line_of_reference(target).unwrap_or(1))
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
