//! An Atom feed per language (`<lang>/feed.xml`) of the toolkit's cards,
//! change packages and resource lists by their `updated` date, newest first,
//! so partners can follow a toolkit in a feed reader. Linked from every page's
//! head. Pages without `updated` have no date to list and are left out, as are
//! fallback pages (the default-language text shown in another language).

use crate::artifact::OutputFile;
use crate::content::Kind;
use crate::model::{Page, Site};
use crate::text::escape_html;

/// Entries in one feed; readers only look at the recent ones.
const MAX_ENTRIES: usize = 50;

/// The feed's path inside a language's site.
pub fn feed_path(lang: &str) -> String {
    format!("{lang}/feed.xml")
}

pub fn feeds(site: &Site) -> Vec<OutputFile> {
    site.settings
        .languages
        .iter()
        .map(|l| OutputFile {
            path: feed_path(&l.code),
            bytes: feed(site, &l.code).into_bytes(),
        })
        .collect()
}

fn is_followed(page: &Page) -> bool {
    matches!(
        page.front.kind,
        Kind::Card | Kind::ChangePackage | Kind::Resources
    ) && !page.is_fallback()
        && !page.absorbed
}

/// XML text: escaped, without the control characters XML does not allow.
fn xml(text: &str) -> String {
    let clean: String = text
        .chars()
        .filter(|c| !c.is_control() || matches!(c, '\t' | '\n' | '\r'))
        .collect();
    escape_html(&clean)
}

fn timestamp(date: &str) -> String {
    format!("{date}T00:00:00Z")
}

fn feed(site: &Site, lang: &str) -> String {
    let base = &site.settings.base_url;
    let mut pages: Vec<&Page> = site
        .pages
        .iter()
        .filter(|p| p.lang == lang && is_followed(p) && p.front.updated.is_some())
        .collect();
    pages.sort_by(|a, b| {
        b.front
            .updated
            .cmp(&a.front.updated)
            .then_with(|| a.front.title.cmp(&b.front.title))
    });
    pages.truncate(MAX_ENTRIES);
    let updated = pages
        .first()
        .and_then(|p| p.front.updated.clone())
        .or_else(|| site.settings.year.map(|y| format!("{y:04}-01-01")))
        .unwrap_or_else(|| "1970-01-01".into());
    let kind_label = |kind: Kind| {
        let key = match kind {
            Kind::Card => "search.types.card",
            Kind::ChangePackage => "search.types.change_package",
            _ => "resources.kind",
        };
        site.ui.get(lang, key)
    };
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    out.push_str(&format!(
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n",
        xml(lang)
    ));
    out.push_str(&format!(
        "  <title>{}</title>\n",
        xml(site.settings.title_in(lang))
    ));
    out.push_str(&format!("  <id>{}</id>\n", xml(&format!("{base}{lang}/"))));
    out.push_str(&format!(
        "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n",
        xml(&format!("{base}{}", feed_path(lang)))
    ));
    out.push_str(&format!(
        "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
        xml(&format!("{base}{lang}/"))
    ));
    out.push_str(&format!("  <updated>{}</updated>\n", timestamp(&updated)));
    out.push_str(&format!(
        "  <author><name>{}</name></author>\n",
        xml(&site.settings.publisher)
    ));
    for page in pages {
        let url = format!("{base}{}", page.path);
        let date = page.front.updated.as_deref().unwrap_or(&updated);
        out.push_str("  <entry>\n");
        out.push_str(&format!("    <title>{}</title>\n", xml(&page.front.title)));
        out.push_str(&format!("    <id>{}</id>\n", xml(&url)));
        out.push_str(&format!(
            "    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
            xml(&url)
        ));
        out.push_str(&format!("    <updated>{}</updated>\n", timestamp(date)));
        out.push_str(&format!(
            "    <category term=\"{}\" label=\"{}\"/>\n",
            match page.front.kind {
                Kind::Card => "card",
                Kind::ChangePackage => "change-package",
                _ => "resources",
            },
            xml(&kind_label(page.front.kind))
        ));
        if let Some(summary) = &page.front.summary {
            out.push_str(&format!("    <summary>{}</summary>\n", xml(summary)));
        }
        out.push_str("  </entry>\n");
    }
    out.push_str("</feed>\n");
    out
}
