//! Citations readers can take into a reference manager: RIS, BibTeX and
//! CSL-JSON downloads of each card, change package and resource list, carried
//! in `data:` URLs in the citation block's links (see [`downloads`]). Each
//! holds the page itself first, then what the page cites: a card's key
//! citation and illustrative application, a change package's references, a
//! resource list's resources.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde::Serialize;
use serde_json::{Value, json};

use crate::content::{Kind, Reference, Resource, ResourceKind};
use crate::model::{Origin, Page, Site};

/// What is cited, in the terms all three formats share.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    /// Unique in the file; ASCII letters, digits, `-` and `:` (a BibTeX key).
    pub key: String,
    pub kind: ItemKind,
    pub title: String,
    /// An organisation as author (the toolkit's publisher), if known.
    pub publisher: Option<String>,
    /// The website or toolkit the item is part of.
    pub container: Option<String>,
    pub year: Option<i32>,
    pub url: Option<String>,
    pub doi: Option<String>,
    pub language: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ItemKind {
    WebPage,
    Article,
    Book,
    Report,
    Video,
    Other,
}

impl ItemKind {
    fn from_resource(kind: ResourceKind) -> ItemKind {
        match kind {
            ResourceKind::Article => ItemKind::Article,
            ResourceKind::Book => ItemKind::Book,
            ResourceKind::Report | ResourceKind::Guide | ResourceKind::Toolkit => ItemKind::Report,
            ResourceKind::Webinar | ResourceKind::Video => ItemKind::Video,
            ResourceKind::Website | ResourceKind::Course => ItemKind::WebPage,
            ResourceKind::Other => ItemKind::Other,
        }
    }

    fn csl(self) -> &'static str {
        match self {
            ItemKind::WebPage => "webpage",
            ItemKind::Article => "article-journal",
            ItemKind::Book => "book",
            ItemKind::Report => "report",
            ItemKind::Video => "motion_picture",
            ItemKind::Other => "document",
        }
    }

    fn ris(self) -> &'static str {
        match self {
            ItemKind::WebPage => "ELEC",
            ItemKind::Article => "JOUR",
            ItemKind::Book => "BOOK",
            ItemKind::Report => "RPRT",
            ItemKind::Video => "VIDEO",
            ItemKind::Other => "GEN",
        }
    }

    fn bibtex(self) -> &'static str {
        match self {
            ItemKind::Article => "article",
            ItemKind::Book => "book",
            ItemKind::Report => "techreport",
            _ => "misc",
        }
    }
}

/// Media types of the three formats, as the download links declare them.
const RIS_TYPE: &str = "application/x-research-info-systems";
const BIBTEX_TYPE: &str = "application/x-bibtex";
const CSL_JSON_TYPE: &str = "application/vnd.citationstyles.csl+json";

/// Bytes a `data:` URL may hold as they are: the URL code points other than
/// `&` and `'`, so the URL is valid and needs no escaping in an HTML attribute.
/// Everything else (spaces, line breaks, `#`, `%`, braces, non-ASCII) is
/// percent-encoded.
const DATA_URL: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'!')
    .remove(b'$')
    .remove(b'(')
    .remove(b')')
    .remove(b'*')
    .remove(b'+')
    .remove(b',')
    .remove(b'-')
    .remove(b'.')
    .remove(b'/')
    .remove(b':')
    .remove(b';')
    .remove(b'=')
    .remove(b'?')
    .remove(b'@')
    .remove(b'_')
    .remove(b'~');

/// One link of the citation block's "Download this citation": the file
/// travels in the link itself, as a `data:` URL.
#[derive(Debug, Clone, Serialize)]
pub struct Download {
    /// The format's name as the link shows it: "RIS", "BibTeX", "CSL-JSON".
    pub label: &'static str,
    pub media_type: &'static str,
    /// The name the browser saves it under: the page's citation key and the
    /// format's extension (`peer-support.ris`).
    pub file_name: String,
    /// `data:<media type>;charset=utf-8,<percent-encoded text>`; holds only
    /// URL code points, none of them special in HTML.
    pub href: String,
}

/// The download links of a page that has a recommended citation (a card, a
/// change package, a resource list); none for other pages.
///
/// Why `data:` URLs rather than files beside the page: three files per cited
/// page were most of the output's files (60,000 of 86,000 at 20,000 pages), and
/// creating files is what a build spends its disk time on. Carried in the link,
/// the citation costs the reader a little more than 1 KB per page (less once
/// compressed: the text repeats the page's own title and address) and still
/// downloads as a file with the `download` attribute's name, so reference
/// managers import it as before.
pub fn downloads(site: &Site, page: &Page) -> Vec<Download> {
    if !matches!(
        page.front.kind,
        Kind::Card | Kind::ChangePackage | Kind::Resources
    ) {
        return Vec::new();
    }
    let items = items(site, page);
    let key = items.first().map_or("citation", |i| i.key.as_str());
    [
        ("RIS", RIS_TYPE, "ris", ris(&items)),
        ("BibTeX", BIBTEX_TYPE, "bib", bibtex(&items)),
        ("CSL-JSON", CSL_JSON_TYPE, "json", csl_json(&items)),
    ]
    .into_iter()
    .map(|(label, media_type, extension, text)| Download {
        label,
        media_type,
        file_name: format!("{key}.{extension}"),
        href: format!(
            "data:{media_type};charset=utf-8,{}",
            utf8_percent_encode(&text, DATA_URL)
        ),
    })
    .collect()
}

/// The page itself, then what it cites.
pub fn items(site: &Site, page: &Page) -> Vec<Item> {
    // A fallback page is cited at its source's address, as in the citation block.
    let cited = match page.origin {
        Origin::Fallback { source } => &site.pages[source],
        _ => page,
    };
    let f = &page.front;
    let slug = key_part(
        cited
            .path
            .trim_end_matches('/')
            .rsplit('/')
            .next()
            .unwrap_or("page"),
    );
    let year = f
        .updated
        .as_deref()
        .and_then(|d| d.get(..4))
        .and_then(|y| y.parse().ok())
        .or(site.settings.year);
    let mut items = vec![Item {
        key: slug.clone(),
        kind: ItemKind::WebPage,
        title: f.title.clone(),
        publisher: Some(site.settings.publisher.clone()),
        container: Some(site.settings.title_in(&page.lang).to_string()),
        year,
        url: Some(format!("{}{}", site.settings.base_url, cited.path)),
        doi: None,
        language: Some(page.content_lang.clone()),
    }];
    let mut push_reference = |suffix: &str, r: &Reference| {
        items.push(reference_item(format!("{slug}:{suffix}"), r));
    };
    if let Some(r) = &f.key_citation {
        push_reference("key-citation", r);
    }
    if let Some(r) = &f.illustrative_application {
        push_reference("illustrative-application", r);
    }
    for (i, r) in f.references.iter().enumerate() {
        push_reference(&format!("reference-{}", i + 1), r);
    }
    let anchors = crate::model::resource_anchors(&f.categories);
    for (cat, anchors) in f.categories.iter().zip(anchors) {
        for (r, anchor) in cat.resources.iter().zip(anchors) {
            items.push(resource_item(format!("{slug}:{}", key_part(&anchor)), r));
        }
    }
    items
}

fn reference_item(key: String, r: &Reference) -> Item {
    Item {
        key,
        kind: if r.doi.is_some() {
            ItemKind::Article
        } else {
            ItemKind::WebPage
        },
        title: r.title.clone(),
        publisher: r.publisher.clone(),
        container: None,
        year: r.year,
        url: r.url.clone(),
        doi: r.doi.clone(),
        language: r.lang.clone(),
    }
}

fn resource_item(key: String, r: &Resource) -> Item {
    Item {
        key,
        kind: ItemKind::from_resource(r.kind),
        title: r.title.clone(),
        publisher: None,
        container: None,
        year: r.year,
        url: r.url.clone(),
        doi: r.doi.clone(),
        language: r.language.clone(),
    }
}

/// ASCII letters, digits and `-` only, so the key is valid in BibTeX.
fn key_part(text: &str) -> String {
    let slug: String = crate::text::slugify(text)
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect();
    if slug.is_empty() { "page".into() } else { slug }
}

/// One line of text: RIS fields and BibTeX values may not break lines.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// RIS (the format EndNote, Zotero and Mendeley import): `TAG  - value` lines,
/// each record from `TY` to `ER`.
pub fn ris(items: &[Item]) -> String {
    let mut out = String::new();
    for item in items {
        let mut line = |tag: &str, value: &str| {
            out.push_str(&format!("{tag}  - {}\r\n", one_line(value)));
        };
        line("TY", item.kind.ris());
        line("ID", &item.key);
        line("TI", &item.title);
        if let Some(p) = &item.publisher {
            line("AU", &format!("{p},"));
            line("PB", p);
        }
        if let Some(c) = &item.container {
            line("T2", c);
        }
        if let Some(y) = item.year {
            line("PY", &y.to_string());
        }
        if let Some(u) = &item.url {
            line("UR", u);
        }
        if let Some(d) = &item.doi {
            line("DO", d);
        }
        if let Some(l) = &item.language {
            line("LA", l);
        }
        out.push_str("ER  - \r\n\r\n");
    }
    out
}

/// BibTeX: one entry per item; the publisher is a corporate author in braces
/// so it is not split into first and last names.
pub fn bibtex(items: &[Item]) -> String {
    let mut out = String::new();
    for item in items {
        out.push_str(&format!("@{}{{{},\n", item.kind.bibtex(), item.key));
        let mut field = |name: &str, value: String| {
            out.push_str(&format!("  {name} = {{{value}}},\n"));
        };
        field("title", format!("{{{}}}", bibtex_escape(&item.title)));
        if let Some(p) = &item.publisher {
            field("author", format!("{{{}}}", bibtex_escape(p)));
            let key = if item.kind == ItemKind::Report {
                "institution"
            } else {
                "publisher"
            };
            field(key, bibtex_escape(p));
        }
        if let Some(c) = &item.container {
            field("howpublished", bibtex_escape(c));
        }
        if let Some(y) = item.year {
            field("year", y.to_string());
        }
        if let Some(u) = &item.url {
            field("url", u.replace(['{', '}'], ""));
        }
        if let Some(d) = &item.doi {
            field("doi", d.replace(['{', '}'], ""));
        }
        if let Some(l) = &item.language {
            field("langid", bibtex_escape(l));
        }
        out.push_str("}\n\n");
    }
    out
}

/// Text safe inside a BibTeX value: LaTeX's special characters escaped.
pub fn bibtex_escape(text: &str) -> String {
    let mut out = String::new();
    for c in one_line(text).chars() {
        match c {
            '\\' => out.push_str("\\textbackslash{}"),
            '{' | '}' | '&' | '%' | '$' | '#' | '_' => {
                out.push('\\');
                out.push(c);
            }
            '~' => out.push_str("\\textasciitilde{}"),
            '^' => out.push_str("\\textasciicircum{}"),
            _ => out.push(c),
        }
    }
    out
}

/// CSL-JSON, the data model of the Citation Style Language (Zotero, Pandoc);
/// compact, since indentation would be percent-encoded spaces in the link.
pub fn csl_json(items: &[Item]) -> String {
    let list: Vec<Value> = items
        .iter()
        .map(|item| {
            let mut v = json!({ "id": item.key, "type": item.kind.csl(), "title": item.title });
            let o = v.as_object_mut().expect("an object");
            if let Some(p) = &item.publisher {
                o.insert("author".into(), json!([{ "literal": p }]));
                o.insert("publisher".into(), json!(p));
            }
            if let Some(c) = &item.container {
                o.insert("container-title".into(), json!(c));
            }
            if let Some(y) = item.year {
                o.insert("issued".into(), json!({ "date-parts": [[y]] }));
            }
            if let Some(u) = &item.url {
                o.insert("URL".into(), json!(u));
            }
            if let Some(d) = &item.doi {
                o.insert("DOI".into(), json!(d));
            }
            if let Some(l) = &item.language {
                o.insert("language".into(), json!(l));
            }
            v
        })
        .collect();
    serde_json::to_string(&list).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bibtex_escapes_latex_specials() {
        assert_eq!(
            bibtex_escape("A & B {x} 50% #1_a"),
            "A \\& B \\{x\\} 50\\% \\#1\\_a"
        );
        assert_eq!(bibtex_escape("line\nbreak"), "line break");
    }

    #[test]
    fn keys_are_ascii() {
        assert_eq!(key_part("Más información"), "mas-informacion");
        assert_eq!(key_part("مرحبا"), "page");
    }
}
