//! The language switcher: from every page a reader reaches every language of
//! the site, at the translation of the page when there is one, else at that
//! language's fallback page of it. `hreflang` alternates stay for real
//! translations only.

use std::collections::BTreeMap;

use crate::support::*;

/// The switcher's entries: language → the site file its link leads to.
fn switcher(site: &BuiltSite, file: &str) -> BTreeMap<String, String> {
    let doc = site.page(file);
    select(&doc, "nav.lang-switcher a[hreflang]")
        .into_iter()
        .map(|a| {
            let target = match site.resolve(file, &attr(a, "href")) {
                Link::Internal { file, .. } => file,
                other => panic!("{file}: switcher link {other:?}"),
            };
            (attr(a, "hreflang"), target)
        })
        .collect()
}

fn current_entry(site: &BuiltSite, file: &str) -> String {
    let doc = site.page(file);
    let current = select(&doc, "nav.lang-switcher a[aria-current=page]");
    assert_eq!(current.len(), 1, "{file}: one current language");
    attr(current[0], "hreflang")
}

fn files(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(l, f)| (l.to_string(), file_of(f)))
        .collect()
}

#[test]
fn an_untranslated_page_offers_every_language_at_its_fallback_page() {
    let ws = Workspace::from_fixture("i18n");
    let site = ws.site();
    // `about.md` exists in English only.
    let expected = files(&[
        ("en", "en/about/"),
        ("es", "es/about/"),
        ("ar", "ar/about/"),
    ]);
    for lang in ["en", "es", "ar"] {
        let page = file_of(&format!("{lang}/about/"));
        assert_eq!(switcher(&site, &page), expected, "{page}");
        // A fallback page names its own language as the current one.
        assert_eq!(current_entry(&site, &page), lang, "{page}");
    }
    // Only real translations are alternates for search engines.
    assert!(head_alternates(&site.page(&file_of("en/about/"))).is_empty());
    assert!(head_alternates(&site.page(&file_of("es/about/"))).is_empty());
}

#[test]
fn a_page_translated_into_some_languages_leads_to_the_others_fallbacks() {
    let ws = Workspace::from_fixture("i18n");
    let site = ws.site();
    // rapid-huddles: English only; shared-dashboards: English and Spanish.
    let page = file_of("es/strategies/shared-dashboards/");
    assert_eq!(
        switcher(&site, &page),
        files(&[
            ("en", "en/strategies/shared-dashboards/"),
            ("es", "es/strategies/shared-dashboards/"),
            ("ar", "ar/strategies/shared-dashboards/"),
        ])
    );
    let alternates = head_alternates(&site.page(&page));
    assert_eq!(
        alternates.keys().cloned().collect::<Vec<_>>(),
        ["en", "es"],
        "the Arabic fallback is no alternate"
    );
}

#[test]
fn the_default_home_links_to_other_languages_homes_even_when_they_are_fallbacks() {
    let ws = Workspace::from_fixture("i18n");
    ws.remove("content/ar/index.md");
    let site = ws.site();
    let expected = files(&[("en", "en/"), ("es", "es/"), ("ar", "ar/")]);
    assert_eq!(switcher(&site, &file_of("en/")), expected);
    assert_eq!(switcher(&site, &file_of("ar/")), expected);
    assert_eq!(current_entry(&site, &file_of("ar/")), "ar");
}

#[test]
fn generated_listings_offer_every_language() {
    let ws = Workspace::from_fixture("i18n");
    let site = ws.site();
    for lang in ["en", "es", "ar"] {
        let page = file_of(&format!("{lang}/tags/"));
        assert_eq!(
            switcher(&site, &page),
            files(&[("en", "en/tags/"), ("es", "es/tags/"), ("ar", "ar/tags/")]),
            "{page}"
        );
    }
}

#[test]
fn with_untranslated_omit_a_language_without_the_page_is_offered_at_its_home() {
    let ws = Workspace::from_fixture("i18n");
    let settings = ws.read("cardstock.yaml");
    ws.write("cardstock.yaml", &format!("{settings}untranslated: omit\n"));
    let site = ws.site();
    assert!(!site.exists("es/about/index.html"));
    assert_eq!(
        switcher(&site, &file_of("en/about/")),
        files(&[("en", "en/about/"), ("es", "es/"), ("ar", "ar/")])
    );
}
