//! Template contexts: exactly what each template can use. Every page gets the
//! `Common` values; each template adds its own. A context holds only what its
//! page shows, never the whole page list, so rendering stays linear in size.

use serde::Serialize;
use serde_json::{Value, json};
use tera::Context;

use crate::config::Direction;
use crate::content::Reference;
use crate::site::{
    Body, CARD_INDEX_SEGMENT, Facet, LinkRef, Listing, ListingKind, Page, PageId, Site,
    measures_by_type, root_prefix,
};
use crate::text::slugify;

/// Values every template receives.
#[derive(Debug, Serialize)]
pub struct Common<'a> {
    pub lang: &'a str,
    pub dir: &'static str,
    pub site_title: &'a str,
    /// Relative prefix from this page to the site root; prepend it to every site path.
    pub root: String,
    /// This page's site path (`en/strategies/x/`).
    pub path: &'a str,
    /// Absolute URL of this page.
    pub canonical: String,
    pub base_url: &'a str,
    /// UI strings of the page's language.
    pub t: &'a Value,
    pub menu: Vec<MenuItem>,
    /// This page in each language it exists in, current one included.
    pub translations: Vec<Alternate>,
    pub breadcrumbs: Vec<LinkRef>,
    pub extra_css: &'a [String],
    pub footer: String,
}

#[derive(Debug, Serialize)]
pub struct MenuItem {
    pub title: String,
    pub path: String,
    pub lang: String,
    pub current: bool,
}

#[derive(Debug, Serialize)]
pub struct Alternate {
    pub lang: String,
    pub name: String,
    pub path: String,
    pub url: String,
    pub current: bool,
}

impl<'a> Common<'a> {
    fn new(
        site: &'a Site,
        lang: &'a str,
        path: &'a str,
        translations: Vec<Alternate>,
    ) -> Common<'a> {
        let language = site.settings.language(lang);
        let menu = site.menus.get(lang).map(Vec::as_slice).unwrap_or_default();
        let menu = menu
            .iter()
            .map(|item| MenuItem {
                title: item.title.clone(),
                path: item.path.clone(),
                lang: item.lang.clone(),
                current: item.path == path
                    || (item.path != format!("{lang}/") && path.starts_with(&item.path)),
            })
            .collect();
        Common {
            lang,
            dir: if language.is_some_and(|l| l.direction == Direction::Rtl) {
                "rtl"
            } else {
                "ltr"
            },
            site_title: site.settings.title_in(lang),
            root: root_prefix(path),
            path,
            canonical: format!("{}{}", site.settings.base_url, path),
            base_url: &site.settings.base_url,
            t: site.ui.for_lang(lang),
            menu,
            translations,
            breadcrumbs: site.breadcrumbs(path),
            extra_css: &site.settings.extra_css,
            footer: site
                .ui
                .get(lang, "footer.published_by")
                .replace("{publisher}", &site.settings.publisher),
        }
    }

    fn into_context(self, title: &str, description: Option<&str>) -> Context {
        let mut ctx = Context::new();
        ctx.insert("title", title);
        ctx.insert("description", &description.unwrap_or(""));
        ctx.insert("common", &self);
        // Flattened for shorter templates: `{{ root }}`, `{{ t.nav.home }}`.
        ctx.insert("root", &self.root);
        ctx.insert("t", self.t);
        ctx.insert("lang", self.lang);
        ctx
    }
}

fn alternates(site: &Site, ids: &[PageId], current: PageId) -> Vec<Alternate> {
    ids.iter()
        .map(|&id| {
            let p = &site.pages[id];
            alternate(site, &p.lang, &p.path, id == current)
        })
        .collect()
}

fn alternate(site: &Site, lang: &str, path: &str, current: bool) -> Alternate {
    let name = site
        .settings
        .language(lang)
        .map(|l| l.name.clone())
        .unwrap_or_else(|| lang.to_string());
    Alternate {
        lang: lang.to_string(),
        name,
        path: path.to_string(),
        url: format!("{}{}", site.settings.base_url, path),
        current,
    }
}

/// The context of a content page of any kind.
pub fn page(site: &Site, id: PageId) -> Context {
    let page = &site.pages[id];
    let common = Common::new(
        site,
        &page.lang,
        &page.path,
        alternates(site, site.translations_of(page), id),
    );
    let mut ctx = common.into_context(&page.front.title, page.front.summary.as_deref());
    let mut value = json!({
        "title": page.front.title,
        "summary": page.front.summary,
        "updated": page.front.updated,
        "citation": citation(site, page),
    });
    let extra = match page.body.as_ref() {
        Body::Page { html } => json!({ "html": html }),
        Body::Card(card) => card_value(site, page, card),
        Body::ChangePackage(cp) => change_package_value(site, page, cp),
        Body::Resources { intro_html } => resources_value(site, page, intro_html),
    };
    merge_object(&mut value, extra);
    ctx.insert("page", &value);
    ctx
}

fn merge_object(base: &mut Value, extra: Value) {
    if let (Value::Object(b), Value::Object(e)) = (base, extra) {
        b.extend(e);
    }
}

/// "Publisher. (Year). Title. In Site. URL", in the page's language.
fn citation(site: &Site, page: &Page) -> String {
    let year = page
        .front
        .updated
        .as_deref()
        .map(|d| d[..4].to_string())
        .or_else(|| site.settings.year.map(|y| y.to_string()))
        .unwrap_or_else(|| site.ui.get(&page.lang, "citation.no_date").to_string());
    site.ui
        .get(&page.lang, "citation.format")
        .replace("{publisher}", &site.settings.publisher)
        .replace("{year}", &year)
        .replace("{title}", &page.front.title)
        .replace("{site}", site.settings.title_in(&page.lang))
        .replace("{url}", &format!("{}{}", site.settings.base_url, page.path))
}

/// A facet value as a link to its browse page.
fn term_links(lang: &str, facet: Facet, terms: &[String]) -> Vec<Value> {
    terms.iter().map(|term| json!({ "name": term, "path": format!("{lang}/{}/{}/", facet.segment(), slugify(term)) })).collect()
}

fn reference_value(r: &Option<Reference>) -> Value {
    match r {
        Some(r) => json!({
            "title": r.title,
            "href": r.url.clone().or_else(|| r.doi.as_ref().map(|d| format!("https://doi.org/{d}"))),
            "doi": r.doi,
        }),
        None => Value::Null,
    }
}

fn card_value(site: &Site, page: &Page, card: &crate::site::CardBody) -> Value {
    let label = |id: &str| {
        site.ui
            .get(&page.lang, &format!("sections.{id}"))
            .to_string()
    };
    let sections: Vec<Value> = card
        .sections
        .iter()
        .map(|s| {
            let children: Vec<Value> = s
                .children
                .iter()
                .map(|c| json!({ "id": c.id, "label": label(c.id), "html": c.html }))
                .collect();
            json!({ "id": s.id, "label": label(s.id), "html": s.html, "children": children })
        })
        .collect();
    let f = &page.front;
    json!({
        "also_called": f.also_called,
        "duration": f.duration,
        "tags": term_links(&page.lang, Facet::Tags, &f.tags),
        "audience": term_links(&page.lang, Facet::Audience, &f.audience),
        "settings": term_links(&page.lang, Facet::Settings, &f.settings),
        "key_citation": reference_value(&f.key_citation),
        "illustrative_application": reference_value(&f.illustrative_application),
        "sections": sections,
        "more_information_label": label("more-information"),
        "related": card.related,
    })
}

fn change_package_value(site: &Site, page: &Page, cp: &crate::site::ChangePackageBody) -> Value {
    let f = &page.front;
    let idea_title = |id: &str| {
        f.change_ideas
            .iter()
            .find(|c| c.id == id)
            .map(|c| c.title.clone())
            .unwrap_or_default()
    };
    let primary: Vec<Value> = f
        .primary_drivers
        .iter()
        .map(|p| {
            let secondary: Vec<Value> = p
                .secondary
                .iter()
                .filter_map(|sid| f.secondary_drivers.iter().find(|s| &s.id == sid))
                .map(|s| {
                    let ideas: Vec<Value> = s.change_ideas.iter().map(|cid| json!({ "id": cid, "title": idea_title(cid) })).collect();
                    json!({ "id": s.id, "title": s.title, "description": s.description, "ideas": ideas })
                })
                .collect();
            json!({ "id": p.id, "title": p.title, "description": p.description, "secondary": secondary })
        })
        .collect();
    let ideas: Vec<Value> = cp
        .change_ideas
        .iter()
        .map(|view| {
            let mut v = serde_json::to_value(view).unwrap_or(Value::Null);
            merge_object(
                &mut v,
                json!({ "measures_by_type": measure_groups(&view.idea.measures) }),
            );
            v
        })
        .collect();
    json!({
        "aim": f.aim,
        "intro_html": cp.intro_html,
        "primary_drivers": primary,
        "change_ideas": ideas,
        "measures_by_type": measure_groups(&f.measures),
        "diagram_svg": super::diagram::driver_diagram(&site.ui, &page.lang, f),
    })
}

fn measure_groups(measures: &[crate::content::Measure]) -> Vec<Value> {
    measures_by_type(measures)
        .into_iter()
        .map(|(kind, list)| json!({ "type": kind, "measures": list }))
        .collect()
}

fn resources_value(site: &Site, page: &Page, intro_html: &str) -> Value {
    let categories: Vec<Value> = page
        .front
        .categories
        .iter()
        .map(|cat| {
            let resources: Vec<Value> = cat
                .resources
                .iter()
                .map(|r| {
                    json!({
                        "title": r.title,
                        "href": super::data::resource_href(r),
                        "doi": r.doi,
                        "kind": r.kind.as_str(),
                        "kind_label": site.ui.get(&page.lang, &format!("resources.kinds.{}", r.kind.as_str())),
                        "description": r.description,
                        "audience": r.audience,
                        "tags": r.tags,
                        "year": r.year,
                        "language": r.language,
                    })
                })
                .collect();
            json!({ "id": cat.id, "title": cat.title, "description": cat.description, "resources": resources })
        })
        .collect();
    json!({ "intro_html": intro_html, "categories": categories })
}

fn card_summary(site: &Site, id: PageId) -> Value {
    let p = &site.pages[id];
    json!({
        "title": p.front.title,
        "summary": p.front.summary,
        "path": p.path,
        "lang": p.lang,
        "tags": term_links(&p.lang, Facet::Tags, &p.front.tags),
    })
}

/// The context of a generated listing page.
pub fn listing(site: &Site, listing: &Listing) -> Context {
    let lang = listing.lang.as_str();
    let translations = site
        .listings
        .iter()
        .filter(|other| {
            other.kind == listing.kind
                && other.path[other.lang.len()..] == listing.path[lang.len()..]
        })
        .map(|other| alternate(site, &other.lang, &other.path, other.path == listing.path))
        .collect();
    let intro = listing.intro.map(|id| &site.pages[id]);
    let description = intro.and_then(|p| p.front.summary.as_deref());
    let mut ctx = Common::new(site, lang, &listing.path, translations)
        .into_context(&listing.title, description);
    let cards: Vec<Value> = listing
        .cards
        .iter()
        .map(|&id| card_summary(site, id))
        .collect();
    let count_key = if cards.len() == 1 {
        "card_index.count_one"
    } else {
        "card_index.count_other"
    };
    ctx.insert("cards", &cards);
    ctx.insert(
        "count_label",
        &site
            .ui
            .get(lang, count_key)
            .replace("{n}", &cards.len().to_string()),
    );
    ctx.insert(
        "intro_html",
        &intro.map(|p| match p.body.as_ref() {
            Body::Page { html } => html.clone(),
            _ => String::new(),
        }),
    );
    let facets: Vec<Value> = Facet::ALL
        .iter()
        .map(|f| json!({ "title": site.ui.get(lang, &format!("facets.{}", f.segment())), "path": format!("{lang}/{}/", f.segment()) }))
        .collect();
    ctx.insert("facets", &facets);
    ctx.insert("card_index_path", &format!("{lang}/{CARD_INDEX_SEGMENT}/"));
    match &listing.kind {
        ListingKind::FacetIndex { facet, terms } => {
            let terms: Vec<Value> = terms
                .iter()
                .map(|(slug, name, count)| json!({ "name": name, "count": count, "path": format!("{lang}/{}/{slug}/", facet.segment()) }))
                .collect();
            ctx.insert("terms", &terms);
        }
        ListingKind::FacetTerm { facet, term } => {
            let facet_title = site.ui.get(lang, &format!("facets.{}", facet.segment()));
            ctx.insert("facet_title", &facet_title);
            ctx.insert("facet_path", &format!("{lang}/{}/", facet.segment()));
            ctx.insert(
                "term_intro",
                &site
                    .ui
                    .get(lang, "facets.term_intro")
                    .replace("{facet}", &facet_title)
                    .replace("{term}", term),
            );
        }
        ListingKind::CardIndex => {}
    }
    ctx
}

/// `404.html` is served at any depth, so its links start from the base path.
pub fn not_found(site: &Site) -> Context {
    let lang = site.default_language();
    let mut common = Common::new(site, lang, "", Vec::new());
    common.root = site.settings.base_path();
    common.canonical = format!("{}404.html", site.settings.base_url);
    let title = site.ui.get(lang, "not_found.title").to_string();
    common.into_context(&title, None)
}

/// The root `index.html`: sends readers to the default language, also without JavaScript.
pub fn redirect(site: &Site) -> Context {
    let lang = site.default_language();
    let languages: Vec<Alternate> = site
        .settings
        .languages
        .iter()
        .map(|l| alternate(site, &l.code, &format!("{}/", l.code), l.code == lang))
        .collect();
    let mut ctx = Context::new();
    ctx.insert("lang", lang);
    ctx.insert("t", site.ui.for_lang(lang));
    ctx.insert("site_title", site.settings.title_in(lang));
    ctx.insert("target", &format!("{lang}/"));
    ctx.insert("target_url", &format!("{}{lang}/", site.settings.base_url));
    ctx.insert("languages", &languages);
    ctx
}

pub fn sitemap(site: &Site) -> Context {
    let mut entries: Vec<Value> = Vec::new();
    for (id, page) in site.pages.iter().enumerate() {
        let alts = alternates(site, site.translations_of(page), id);
        let alts = if alts.len() > 1 { alts } else { Vec::new() };
        entries.push(json!({ "loc": format!("{}{}", site.settings.base_url, page.path), "lastmod": page.front.updated, "alternates": alts }));
    }
    for listing in site.listings.iter().filter(|l| l.intro.is_none()) {
        entries.push(json!({ "loc": format!("{}{}", site.settings.base_url, listing.path), "lastmod": null, "alternates": [] }));
    }
    let mut ctx = Context::new();
    ctx.insert("entries", &entries);
    ctx
}

pub fn robots(site: &Site) -> Context {
    let mut ctx = Context::new();
    ctx.insert(
        "sitemap_url",
        &format!("{}sitemap.xml", site.settings.base_url),
    );
    ctx
}
