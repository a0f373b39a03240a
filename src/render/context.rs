//! Template contexts: exactly what each template can use. Every page gets the
//! `Common` values; each template adds its own. A context holds only what its
//! page shows, never the whole page list, so rendering stays linear in size.

use serde::Serialize;
use serde_json::{Value, json};
use tera::Context;

use std::collections::BTreeMap;

use crate::config::Direction;
use crate::content::Reference;
use crate::i18n::fallback_marks::splice;
use crate::model::{
    Body, CARD_INDEX_SEGMENT, Facet, LinkRef, Listing, ListingKind, Origin, Page, PageId, Site,
    packet_path, root_prefix,
};
use crate::pdf::{Handout, HandoutLinks};
use crate::text::escape_html;

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
    /// UI strings of the page's language; given to templates as `t` only
    /// (copying them into every page's context twice is measurable).
    #[serde(skip)]
    pub t: &'a Value,
    /// Whether `t` holds marked English fallbacks (see `render_to_string`).
    #[serde(skip)]
    pub fallback_marks: bool,
    pub menu: Vec<MenuItem>,
    /// The language switcher: this page in every language of the site,
    /// current one included; the translation where there is one, else that
    /// language's fallback page of it (or, where there is none, its home).
    pub translations: Vec<Alternate>,
    /// The `<link rel="alternate" hreflang>` of the head: the real
    /// translations (never a fallback page) when there are several, none on
    /// a fallback page. The switcher is for readers; this is for search engines.
    pub hreflang: Vec<Alternate>,
    pub breadcrumbs: Vec<LinkRef>,
    pub extra_css: &'a [String],
    pub footer: String,
    /// Browse pages, linked in place of the search field without JavaScript.
    pub browse: &'a [LinkRef],
    /// The language of the page's own text; differs from `lang` on a fallback page.
    pub content_lang: String,
    /// ` lang="…" dir="…"` for elements holding the page's own text when it
    /// is not in the site's language, else empty. Templates write it raw.
    pub lang_attr: String,
    /// A notice about the translation: untranslated (fallback) or outdated.
    pub notice: Option<Notice>,
    /// Language code → `ltr` or `rtl`, for fragments in another language.
    pub dirs: BTreeMap<String, &'static str>,
}

/// The notice at the top of a fallback page or an outdated translation.
#[derive(Debug, Serialize)]
pub struct Notice {
    /// `fallback` or `outdated`; also the CSS class suffix.
    pub kind: &'static str,
    pub text: String,
    /// Where to read the source, for an outdated translation.
    pub link: Option<NoticeLink>,
}

#[derive(Debug, Serialize)]
pub struct NoticeLink {
    pub text: String,
    pub path: String,
    pub lang: String,
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
        switcher: Vec<Alternate>,
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
        let hreflang = if translations.len() > 1 {
            translations
                .iter()
                .map(|a| Alternate {
                    lang: a.lang.clone(),
                    name: a.name.clone(),
                    path: a.path.clone(),
                    url: a.url.clone(),
                    current: a.current,
                })
                .collect()
        } else {
            Vec::new()
        };
        Common {
            lang,
            dir: direction(language.map(|l| l.direction)),
            site_title: site.settings.title_in(lang),
            root: root_prefix(path),
            path,
            canonical: format!("{}{}", site.settings.base_url, path),
            base_url: &site.settings.base_url,
            t: site.ui.for_templates(lang),
            fallback_marks: site.ui.has_marks(lang),
            menu,
            translations: switcher,
            hreflang,
            breadcrumbs: site.breadcrumbs(path),
            extra_css: &site.settings.extra_css,
            footer: site
                .ui
                .get_marked(lang, "footer.published_by")
                .replace("{publisher}", &site.settings.publisher),
            browse: site.browse.get(lang).map(Vec::as_slice).unwrap_or_default(),
            content_lang: lang.to_string(),
            lang_attr: String::new(),
            notice: None,
            dirs: site
                .settings
                .languages
                .iter()
                .map(|l| (l.code.clone(), direction(Some(l.direction))))
                .collect(),
        }
    }

    /// Sets what belongs to a content page: its text's language, the notice
    /// of a fallback page or outdated translation, and (on a fallback page)
    /// the canonical URL of its source and no hreflang links.
    fn for_page(mut self, site: &Site, page: &Page) -> Self {
        self.content_lang = page.content_lang.clone();
        self.lang_attr = lang_attr(site, &page.content_lang, &page.lang);
        self.notice = notice(site, page);
        if let Origin::Fallback { source } = page.origin {
            self.canonical = format!("{}{}", site.settings.base_url, site.pages[source].path);
            self.hreflang.clear();
        }
        self
    }

    fn into_context(self, title: &str, description: Option<&str>) -> Context {
        let mut ctx = Context::new();
        ctx.insert("title", title);
        ctx.insert("description", &description.unwrap_or(""));
        ctx.insert("common", &self);
        // Flattened for shorter templates: `{{ root }}`, `{{ t.nav.home }}`.
        ctx.insert("root", &self.root);
        ctx.insert("t", self.t);
        ctx.insert(super::FALLBACK_MARKS, &self.fallback_marks);
        ctx.insert("lang", self.lang);
        ctx.insert("lang_attr", &self.lang_attr);
        ctx.insert("dirs", &self.dirs);
        ctx
    }
}

pub(super) fn direction(d: Option<Direction>) -> &'static str {
    match d {
        Some(Direction::Rtl) => "rtl",
        _ => "ltr",
    }
}

/// ` lang="en" dir="ltr"` for text in `text_lang` on a page in `page_lang`,
/// or nothing when they are the same.
pub(super) fn lang_attr(site: &Site, text_lang: &str, page_lang: &str) -> String {
    if text_lang == page_lang {
        return String::new();
    }
    // A language outside the toolkit (a resource's, a citation's) has no
    // setting; its usual script decides.
    let dir = direction(
        site.settings
            .language(text_lang)
            .map(|l| l.direction)
            .or_else(|| is_usually_rtl(text_lang).then_some(Direction::Rtl)),
    );
    format!(" lang=\"{}\" dir=\"{dir}\"", escape_html(text_lang))
}

/// Languages usually written right to left (by their primary subtag), unless
/// a script subtag says otherwise (`az-Latn`).
fn is_usually_rtl(code: &str) -> bool {
    let mut parts = code.split('-');
    let primary = parts.next().unwrap_or("").to_ascii_lowercase();
    let latin = parts.any(|p| p.eq_ignore_ascii_case("latn"));
    !latin
        && matches!(
            primary.as_str(),
            "ar" | "he" | "fa" | "ur" | "ps" | "yi" | "dv" | "sd" | "ug" | "ckb"
        )
}

/// The name of language `code` in the reader's language `lang`: from the UI
/// strings' `language_names`, else the name from the settings.
pub fn language_name(site: &Site, lang: &str, code: &str) -> String {
    site.ui.language_name(lang, code).unwrap_or_else(|| {
        site.settings
            .language(code)
            .map(|l| l.name.clone())
            .unwrap_or_else(|| code.to_string())
    })
}

/// The translation notice of a page, in the reader's language.
fn notice(site: &Site, page: &Page) -> Option<Notice> {
    let fill = |key: &str| {
        site.ui
            .get_marked(&page.lang, key)
            .replace("{language}", &language_name(site, &page.lang, &page.lang))
            .replace(
                "{source_language}",
                &language_name(site, &page.lang, site.default_language()),
            )
    };
    match page.origin {
        Origin::Original
        | Origin::Translation {
            outdated: false, ..
        } => None,
        Origin::Fallback { .. } => Some(Notice {
            kind: "fallback",
            text: fill("translation.fallback_notice"),
            link: None,
        }),
        Origin::Translation {
            source,
            outdated: true,
        } => Some(Notice {
            kind: "outdated",
            // Naming the changed sections when the report knows them.
            text: outdated_parts(site, page)
                .map(|text| fill_languages(site, page, &text))
                .unwrap_or_else(|| fill("translation.outdated_notice")),
            link: Some(NoticeLink {
                text: fill("translation.read_source"),
                path: site.pages[source].path.clone(),
                lang: site.pages[source].content_lang.clone(),
            }),
        }),
    }
}

/// The changed parts of an outdated translation, as its notice names them.
fn outdated_parts(site: &Site, page: &Page) -> Option<String> {
    let translation = site.translation_report.translation(&page.lang, &page.rel)?;
    let crate::translation::State::Outdated { changed } = &translation.state else {
        return None;
    };
    crate::translation::notice::outdated_text(&site.ui, &page.lang, &page.front, changed)
}

fn fill_languages(site: &Site, page: &Page, text: &str) -> String {
    text.replace("{language}", &language_name(site, &page.lang, &page.lang))
        .replace(
            "{source_language}",
            &language_name(site, &page.lang, site.default_language()),
        )
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

/// The switcher of a page: in every language, the page of the same source
/// (its translation or its fallback page), else that language's home (with
/// `untranslated: omit` there is no fallback page).
fn page_switcher(site: &Site, page: &Page) -> Vec<Alternate> {
    site.settings
        .languages
        .iter()
        .map(|l| {
            if l.code == page.lang {
                return alternate(site, &l.code, &page.path, true);
            }
            let path = site
                .by_source
                .get(&(l.code.clone(), page.rel.clone()))
                .map(|&other| site.pages[other].path.clone())
                .unwrap_or_else(|| format!("{}/", l.code));
            alternate(site, &l.code, &path, false)
        })
        .collect()
}

/// The switcher of a listing: the same listing in every language, else (a
/// term no card of that language carries) that language's page of the facet.
fn listing_switcher(site: &Site, listing: &Listing, same: &[Alternate]) -> Vec<Alternate> {
    site.settings
        .languages
        .iter()
        .map(|l| {
            if let Some(found) = same.iter().find(|a| a.lang == l.code) {
                return alternate(site, &found.lang, &found.path, found.current);
            }
            let path = match &listing.kind {
                ListingKind::FacetTerm { facet, .. } => {
                    format!("{}/{}/", l.code, facet.segment())
                }
                _ => format!("{}/", l.code),
            };
            alternate(site, &l.code, &path, false)
        })
        .collect()
}

/// The context of a content page of any kind.
pub fn page(site: &Site, id: PageId, handouts: &HandoutLinks) -> Context {
    let page = &site.pages[id];
    let common = Common::new(
        site,
        &page.lang,
        &page.path,
        alternates(site, site.translations_of(page), id),
        page_switcher(site, page),
    )
    .for_page(site, page);
    let mut ctx = common.into_context(&page.front.title, page.front.summary.as_deref());
    ctx.insert("page", &page_value(site, id));
    ctx.insert(
        "handout",
        &handout_link(site, &page.lang, handouts.pages.get(&page.path)),
    );
    ctx
}

/// What a page says of a handout: where it is, "PDF, 84 KB", and its
/// language when it is not the page's (a fallback page links its source's).
fn handout_link(site: &Site, lang: &str, handout: Option<&Handout>) -> Value {
    let Some(h) = handout else {
        return Value::Null;
    };
    let format = site.ui.format(lang);
    let kilobytes = h.bytes.div_ceil(1024) as i64;
    let language_label = (h.lang != lang).then(|| {
        site.ui
            .get(lang, "translation.in_language")
            .replace("{language}", &language_name(site, lang, &h.lang))
    });
    json!({
        "path": h.path,
        "lang": h.lang,
        "size_text": site.ui.get(lang, "handout.size").replace("{size}", &format.integer(kilobytes)),
        "language_label": language_label,
    })
}

/// What a content page's template knows of the page (`page` in templates);
/// the PDF handouts are typeset from the same data.
pub fn page_value(site: &Site, id: PageId) -> Value {
    let page = &site.pages[id];
    let format = site.ui.format(&page.lang);
    let mut value = json!({
        "title": page.front.title,
        "summary": page.front.summary,
        "updated": page.front.updated,
        "updated_text": page.front.updated.as_deref().map(|d| format.date(d)),
        "reviewed": page.front.reviewed,
        "reviewed_text": page.front.reviewed.as_deref().map(|d| format.date(d)),
        "citation_html": citation_html(site, page),
        "lang": page.content_lang,
        "fallback": page.is_fallback(),
    });
    let extra = match page.body.as_ref() {
        Body::Page { html } => json!({ "html": html }),
        Body::Card(card) => card_value(site, page, card),
        Body::ChangePackage(cp) => super::change_package::value(site, page, cp),
        Body::Resources { intro_html } => super::resource_list::value(site, page, intro_html),
    };
    merge_object(&mut value, extra);
    value
}

pub(super) fn merge_object(base: &mut Value, extra: Value) {
    if let (Value::Object(b), Value::Object(e)) = (base, extra) {
        b.extend(e);
    }
}

/// "Publisher. (Year). <cite>Title</cite>. In Site. URL", in the page's
/// language, as HTML: the title carries its own language on a fallback page.
/// A fallback page is cited at its source's address.
fn citation_html(site: &Site, page: &Page) -> String {
    let format = site.ui.format(&page.lang);
    let year = page
        .front
        .updated
        .as_deref()
        .map(|d| d[..4].to_string())
        .or_else(|| site.settings.year.map(|y| y.to_string()))
        .map(|y| format.digits(&y))
        .unwrap_or_else(|| site.ui.get(&page.lang, "citation.no_date").to_string());
    let cited = match page.origin {
        Origin::Fallback { source } => &site.pages[source],
        _ => page,
    };
    let title = format!(
        "<cite{}>{}</cite>",
        lang_attr(site, &page.content_lang, &page.lang),
        escape_html(&page.front.title)
    );
    // Each part is isolated, so that in a right-to-left citation a Latin
    // publisher ("Fixture-Center") or the address keeps its own order: the URL
    // is always left to right, names take the direction of their first letter.
    escape_html(&site.ui.get(&page.lang, "citation.format"))
        .replace(
            "{publisher}",
            &format!("<bdi>{}</bdi>", escape_html(&site.settings.publisher)),
        )
        .replace("{year}", &escape_html(&year))
        .replace("{title}", &title)
        .replace(
            "{site}",
            &format!(
                "<bdi>{}</bdi>",
                escape_html(site.settings.title_in(&page.lang))
            ),
        )
        .replace(
            "{url}",
            &format!(
                r#"<span class="citation-url" dir="ltr">{}</span>"#,
                escape_html(&format!("{}{}", site.settings.base_url, cited.path))
            ),
        )
}

/// A card's facet values as links to their browse pages, named as the page's
/// site names them ([`Site::term`]); `slug` also keys the list filters, and
/// `lang_attr` marks a term in another language than the site's.
fn term_links(site: &Site, page: &Page, facet: Facet) -> Vec<Value> {
    facet
        .values(&page.front)
        .iter()
        .map(|raw| {
            let term = site.term(facet, page, raw);
            json!({
                "name": term.name,
                "slug": term.slug,
                "lang_attr": lang_attr(site, &term.lang, &page.lang),
                // Inside an element marked with the card's text language (a tile).
                "in_card_lang_attr": lang_attr(site, &term.lang, &page.content_lang),
                "path": format!("{}/{}/{}/", page.lang, facet.segment(), term.slug),
            })
        })
        .collect()
}

pub(super) fn reference_value(r: &Option<Reference>) -> Value {
    match r {
        Some(r) => json!({
            "title": r.title,
            "href": r.url.clone().or_else(|| r.doi.as_ref().map(|d| format!("https://doi.org/{d}"))),
            "doi": r.doi,
            "lang": r.lang,
        }),
        None => Value::Null,
    }
}

fn card_value(site: &Site, page: &Page, card: &crate::model::CardBody) -> Value {
    let label = |id: &str| site.ui.get_marked(&page.lang, &format!("sections.{id}"));
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
        "also_called_text": site.ui.format(&page.content_lang).list(&f.also_called),
        "duration": f.duration,
        "tags": term_links(site, page, Facet::Tags),
        "audience": term_links(site, page, Facet::Audience),
        "settings": term_links(site, page, Facet::Settings),
        "key_citation": reference_value(&f.key_citation),
        "illustrative_application": reference_value(&f.illustrative_application),
        "sections": sections,
        "more_information_label": label("more-information"),
        "related": card.related,
    })
}

/// A card in a listing. A fallback card keeps its text's language (`lang`,
/// `lang_attr`) and says which it is in the reader's language (`language_label`).
pub(super) fn card_summary(site: &Site, id: PageId) -> Value {
    let p = &site.pages[id];
    let language_label = p.is_fallback().then(|| {
        site.ui
            .get(&p.lang, "translation.in_language")
            .replace("{language}", &language_name(site, &p.lang, &p.content_lang))
    });
    json!({
        "title": p.front.title,
        "summary": p.front.summary,
        "path": p.path,
        "lang": p.content_lang,
        "lang_attr": lang_attr(site, &p.content_lang, &p.lang),
        "fallback": p.is_fallback(),
        "language_label": language_label,
        "tags": term_links(site, p, Facet::Tags),
        "audience": term_links(site, p, Facet::Audience),
        "settings": term_links(site, p, Facet::Settings),
        "filter_data": super::filters::card_data(site, id),
    })
}

/// The same listing in each language: the one with the same path after the
/// language. (Terms and their card lists differ between languages, so the
/// listings' contents are not compared.)
fn listing_translations(site: &Site, listing: &Listing) -> Vec<Alternate> {
    site.listing_translations[&listing.translation_key()]
        .iter()
        .map(|&i| &site.listings[i])
        .filter(|other| other.kind.same_page_as(&listing.kind))
        .map(|other| alternate(site, &other.lang, &other.path, other.path == listing.path))
        .collect()
}

/// The context of one card tile (`card_tile.html`) in a listing of `lang`.
pub fn card_tile(site: &Site, lang: &str, root: &str, summary: &Value) -> Context {
    let mut ctx = Context::new();
    ctx.insert("card", summary);
    ctx.insert(super::FALLBACK_MARKS, &site.ui.has_marks(lang));
    ctx.insert("root", root);
    ctx.insert("lang", lang);
    ctx.insert(
        "dir",
        direction(site.settings.language(lang).map(|l| l.direction)),
    );
    ctx.insert("packet_pick", &site.ui.get(lang, "handout.packet_pick"));
    ctx
}

/// The context of a generated listing page.
/// `cards_html` is the listing's card tiles, rendered ([`CardTiles::tile`]).
pub fn listing(
    site: &Site,
    listing: &Listing,
    cards_html: String,
    handouts: &HandoutLinks,
) -> Context {
    let lang = listing.lang.as_str();
    let translations = listing_translations(site, listing);
    let intro = listing.intro.map(|id| &site.pages[id]);
    let description = intro.and_then(|p| p.front.summary.as_deref());
    let switcher = listing_switcher(site, listing, &translations);
    let mut common = Common::new(site, lang, &listing.path, translations, switcher);
    if let ListingKind::FacetTerm { term_lang, .. } = &listing.kind {
        common.lang_attr = lang_attr(site, term_lang, lang);
    }
    let mut ctx = common.into_context(&listing_title(site, listing), description);
    let format = site.ui.format_marked(lang);
    ctx.insert(
        "count_label",
        &format.count("card_index.count", listing.cards.len() as i64),
    );
    // Moved in rather than inserted: `insert` would copy the tiles once more.
    ctx.extend(value_context("cards_html", Value::String(cards_html)));
    let untranslated = listing
        .cards
        .iter()
        .filter(|&&id| site.pages[id].is_fallback())
        .count();
    ctx.insert(
        "untranslated_note",
        &(untranslated > 0).then(|| {
            format
                .count("translation.untranslated_cards", untranslated as i64)
                .replace(
                    "{source_language}",
                    &language_name(site, lang, site.default_language()),
                )
        }),
    );
    ctx.insert(
        "intro_html",
        &intro.map(|p| match p.body.as_ref() {
            Body::Page { html } => html.clone(),
            _ => String::new(),
        }),
    );
    ctx.insert(
        "intro_lang_attr",
        &intro
            .map(|p| lang_attr(site, &p.content_lang, lang))
            .unwrap_or_default(),
    );
    let facets: Vec<Value> = Facet::ALL
        .iter()
        .map(|f| json!({ "title": site.ui.get_marked(lang, &format!("facets.{}", f.segment())), "path": format!("{lang}/{}/", f.segment()) }))
        .collect();
    ctx.insert("facets", &facets);
    ctx.insert("card_index_path", &format!("{lang}/{CARD_INDEX_SEGMENT}/"));
    ctx.insert("packet_path", &packet_path(lang));
    ctx.insert("book", &handout_link(site, lang, handouts.books.get(lang)));
    match &listing.kind {
        ListingKind::FacetIndex { facet, terms } => {
            let terms: Vec<Value> = terms
                .iter()
                .map(|term| {
                    json!({
                        "name": term.name,
                        "count": term.count,
                        "count_text": format.integer(term.count as i64),
                        "lang": term.lang,
                        "lang_attr": lang_attr(site, &term.lang, lang),
                        "path": format!("{lang}/{}/{}/", facet.segment(), term.slug),
                    })
                })
                .collect();
            ctx.insert("terms", &terms);
        }
        ListingKind::FacetTerm {
            facet,
            term,
            term_lang,
            ..
        } => {
            let facet_title = site
                .ui
                .get_marked(lang, &format!("facets.{}", facet.segment()));
            ctx.insert("facet_title", &facet_title);
            ctx.insert("facet_path", &format!("{lang}/{}/", facet.segment()));
            let term_html = format!(
                "<span{}>{}</span>",
                lang_attr(site, term_lang, lang),
                escape_html(term)
            );
            ctx.insert(
                "term_intro_html",
                &splice(
                    &splice(
                        &escape_html(&site.ui.get_marked(lang, "facets.term_intro")),
                        "{facet}",
                        &escape_html(&facet_title),
                    ),
                    "{term}",
                    &term_html,
                ),
            );
            // "Strategy cards tagged “coaching”": a sentence per facet, not "with Tags: coaching".
            let heading = site
                .ui
                .get_marked(lang, &format!("facets.term_heading.{}", facet.segment()));
            ctx.insert("term_heading", &heading.replace("{term}", term));
            ctx.insert(
                "term_heading_html",
                &splice(&escape_html(&heading), "{term}", &term_html),
            );
        }
        ListingKind::CardIndex => {
            ctx.insert(
                "filters",
                &super::filters::card_groups(site, lang, &listing.cards),
            );
            ctx.insert(
                "filter_text",
                &super::filters::texts(site, lang, "cards", listing.cards.len() as i64),
            );
        }
    }
    ctx
}

/// A listing's title; one named by the UI strings comes marked when it is an
/// English fallback ([`crate::i18n::fallback_marks`]).
fn listing_title(site: &Site, listing: &Listing) -> String {
    let key = match &listing.kind {
        ListingKind::CardIndex => "card_index.title".to_string(),
        ListingKind::FacetIndex { facet, .. } => format!("facets.{}", facet.segment()),
        ListingKind::FacetTerm { .. } => return listing.title.clone(),
    };
    if site.ui.get(&listing.lang, &key) == listing.title {
        site.ui.get_marked(&listing.lang, &key)
    } else {
        listing.title.clone()
    }
}

/// A context holding one value, moved in without a copy.
fn value_context(key: &str, value: Value) -> Context {
    let mut object = serde_json::Map::new();
    object.insert(key.to_string(), value);
    Context::from_value(Value::Object(object)).unwrap_or_default()
}

/// The print packet page of a language.
pub fn packet(site: &Site, lang: &str) -> Context {
    let path = packet_path(lang);
    // Every language's packet page: the cards chosen stay in the address only.
    let switcher = site
        .settings
        .languages
        .iter()
        .map(|l| alternate(site, &l.code, &packet_path(&l.code), l.code == lang))
        .collect();
    let common = Common::new(site, lang, &path, Vec::new(), switcher);
    let title = site.ui.get(lang, "handout.packet_title");
    let mut ctx = common.into_context(&title, None);
    ctx.insert("card_index_path", &format!("{lang}/{CARD_INDEX_SEGMENT}/"));
    ctx
}

/// `404.html` is served at any depth, so its links start from the base path.
pub fn not_found(site: &Site) -> Context {
    let lang = site.default_language();
    let mut common = Common::new(site, lang, "", Vec::new(), Vec::new());
    common.root = site.settings.base_path();
    common.canonical = format!("{}404.html", site.settings.base_url);
    let title = site.ui.get_marked(lang, "not_found.title");
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
    ctx.insert(
        "dir",
        direction(site.settings.language(lang).map(|l| l.direction)),
    );
    ctx.insert("t", site.ui.for_templates(lang));
    ctx.insert(super::FALLBACK_MARKS, &site.ui.has_marks(lang));
    ctx.insert("site_title", site.settings.title_in(lang));
    ctx.insert("target", &format!("{lang}/"));
    ctx.insert("target_url", &format!("{}{lang}/", site.settings.base_url));
    ctx.insert("languages", &languages);
    ctx
}

/// One entry per written page, with the same alternates as the page's head.
pub fn sitemap(site: &Site) -> Context {
    let mut entries: Vec<Value> = Vec::new();
    let only_if_translated = |alts: Vec<Alternate>| if alts.len() > 1 { alts } else { Vec::new() };
    // A page absorbed as a listing's introduction is written as that listing;
    // a fallback page repeats its source, whose URL is its canonical one.
    for (id, page) in site
        .pages
        .iter()
        .enumerate()
        .filter(|(_, p)| !p.absorbed && !p.is_fallback())
    {
        let alts = only_if_translated(alternates(site, site.translations_of(page), id));
        entries.push(json!({ "loc": format!("{}{}", site.settings.base_url, page.path), "lastmod": page.front.updated, "alternates": alts }));
    }
    for listing in &site.listings {
        let alts = only_if_translated(listing_translations(site, listing));
        let lastmod = listing
            .intro
            .and_then(|id| site.pages[id].front.updated.as_deref());
        entries.push(json!({ "loc": format!("{}{}", site.settings.base_url, listing.path), "lastmod": lastmod, "alternates": alts }));
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
