//! What a handout's template reads from `/data.json`: the page's template data
//! (the same `page` the HTML templates get, its HTML fragments turned into
//! nodes by [`super::blocks`]), the UI strings of its language, and the
//! document's settings. For a book, every handout page of a language in order.

use serde_json::{Value, json};

use super::blocks::{Targets, convert_html_fields};
use crate::config::Direction;
use crate::content::Kind;
use crate::model::{Body, Page, PageId, Site};
use crate::render::page_value;

/// The kinds of page that get a handout, and the template each is typeset with.
pub fn template_of(page: &Page) -> Option<&'static str> {
    match page.body.as_ref() {
        Body::Card(_) => Some("card"),
        Body::ChangePackage(_) => Some("change-package"),
        Body::Resources { .. } => Some("resource-list"),
        Body::Page { .. } => None,
    }
}

/// The entry source of a one-page handout of the given template.
pub fn page_main(template: &str) -> String {
    // The template's function has the template's name with `-` as `_`.
    let function = template.replace('-', "_");
    format!(
        "#import \"/handout.typ\": handout\n\
         #import \"/{template}.typ\": {function}\n\
         #let data = json(\"/data.json\")\n\
         #show: handout.with(data)\n\
         #{function}(data, data.page, 1)\n"
    )
}

/// The entry source of a book.
pub const BOOK_MAIN: &str = "#import \"/book.typ\": book\n#book(json(\"/data.json\"))\n";

/// The document-wide part: language, direction, title, toolkit, paper.
fn document(site: &Site, lang: &str, title: &str, url: &str) -> Value {
    let rtl = site
        .settings
        .language(lang)
        .is_some_and(|l| l.direction == Direction::Rtl);
    json!({
        "lang": lang,
        "dir": if rtl { "rtl" } else { "ltr" },
        "title": title,
        "toolkit": site.settings.title_in(lang),
        "publisher": site.settings.publisher,
        "paper": site.settings.pdf.paper.typst_name(),
        "url": url,
        "base": site.settings.base_url,
        "digits": site.ui.format(lang).digits("0123456789"),
    })
}

/// The page's template data, less what only a web page shows (the SVG
/// drawings of the driver diagram: the handout draws its own).
fn handout_value(site: &Site, id: PageId) -> Value {
    let mut value = page_value(site, id);
    if let Value::Object(map) = &mut value {
        for key in ["diagram_svg", "diagram_bands", "filters", "filter_text"] {
            map.remove(key);
        }
    }
    value
}

/// Removes the marks the UI strings put around English fallbacks
/// (`i18n::fallback_marks`): a handout shows them as plain text.
pub fn strip_fallback_marks(value: &mut Value) {
    match value {
        Value::String(text) if text.contains(crate::i18n::fallback_marks::OPEN) => {
            *text = crate::i18n::fallback_marks::strip(text);
        }
        Value::Array(items) => items.iter_mut().for_each(strip_fallback_marks),
        Value::Object(map) => map.values_mut().for_each(strip_fallback_marks),
        _ => {}
    }
}

/// The data of one page's handout.
pub fn page_data(site: &Site, id: PageId, targets: &dyn Targets) -> Value {
    let page = &site.pages[id];
    let mut value = handout_value(site, id);
    convert_html_fields(&mut value, targets);
    let url = format!("{}{}", site.settings.base_url, page.path);
    let mut data = json!({
        "doc": document(site, &page.lang, &page.front.title, &url),
        "t": site.ui.for_lang(&page.lang),
        "kind": template_of(page),
        "page": value,
    });
    strip_fallback_marks(&mut data);
    data
}

/// The pages of a language's book, in reading order: cards (in the card
/// index's order), then change packages, then resource lists.
pub fn book_pages(site: &Site, lang: &str) -> Vec<PageId> {
    let in_lang = |id: &PageId| site.pages[*id].lang == lang && !site.pages[*id].absorbed;
    let mut cards: Vec<PageId> = site
        .listings
        .iter()
        .find(|l| l.lang == lang && l.kind == crate::model::ListingKind::CardIndex)
        .map(|l| l.cards.clone())
        .unwrap_or_default();
    cards.retain(in_lang);
    let mut rest: Vec<PageId> = (0..site.pages.len())
        .filter(in_lang)
        .filter(|&id| {
            matches!(
                site.pages[id].front.kind,
                Kind::ChangePackage | Kind::Resources
            )
        })
        .collect();
    rest.sort_by_key(|&id| {
        let page = &site.pages[id];
        (
            page.front.kind != Kind::ChangePackage,
            crate::text::fold(&page.front.title),
        )
    });
    cards.extend(rest);
    cards
}

/// The data of a language's book: its title page, the parts and their pages.
pub fn book_data<'a>(
    site: &Site,
    lang: &str,
    pages: &[PageId],
    targets: &dyn Fn(PageId) -> Box<dyn Targets + 'a>,
) -> Value {
    let title = site.settings.title_in(lang).to_string();
    let home = format!("{}{lang}/", site.settings.base_url);
    let entries: Vec<Value> = pages
        .iter()
        .map(|&id| {
            let mut value = handout_value(site, id);
            convert_html_fields(&mut value, targets(id).as_ref());
            json!({ "kind": template_of(&site.pages[id]), "page": value })
        })
        .collect();
    let year = site
        .settings
        .year
        .map(|y| site.ui.format(lang).digits(&y.to_string()));
    // "Publisher. (Year). Title. URL", as the pages cite themselves.
    let citation = site
        .ui
        .get(lang, "handout.book_citation")
        .replace("{publisher}", &site.settings.publisher)
        .replace(
            "{year}",
            &year
                .clone()
                .unwrap_or_else(|| site.ui.get(lang, "citation.no_date")),
        )
        .replace("{title}", &title)
        .replace("{url}", &home);
    let mut data = json!({
        "doc": document(site, lang, &title, &home),
        "t": site.ui.for_lang(lang),
        "year": year,
        "citation": citation,
        "pages": entries,
    });
    strip_fallback_marks(&mut data);
    data
}
