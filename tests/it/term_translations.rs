//! Term translations (`content/_taxonomies/<facet>.yaml`): in Spanish, an
//! untranslated card tagged `coaching` and a Spanish card tagged
//! `acompañamiento` share one term page, filter value and search facet
//! value, shown with the Spanish label; terms a language shows untranslated
//! are reported by `cardstock translations`; mistakes in the file are
//! reported at their line.

use std::process::Command;

use serde_json::Value;

use crate::support::*;

const TAGS: &str = "# tag translations\ncoaching:\n  es: acompañamiento\n  ar: التوجيه\n";

/// The i18n fixture: `peer-coaching` is tagged `coaching` in English and
/// `acompañamiento` in Spanish; `rapid-huddles` (English only) `coaching`.
fn with_terms() -> Workspace {
    let ws = Workspace::from_fixture("i18n");
    ws.write("content/_taxonomies/tags.yaml", TAGS);
    ws
}

fn card_links(doc: &scraper::Html) -> Vec<String> {
    let mut links: Vec<String> = select(doc, ".card-tile h2 a")
        .into_iter()
        .map(|a| attr(a, "href"))
        .collect();
    links.sort();
    links
}

#[test]
fn both_spellings_share_one_term_page_with_the_sites_label() {
    let ws = with_terms();
    let site = ws.site();
    assert!(
        !site.exists("es/tags/coaching/index.html"),
        "no English term page beside the Spanish one"
    );
    let doc = site.page("es/tags/acompanamiento/");
    assert_eq!(
        card_links(&doc),
        [
            "../../../es/strategies/peer-coaching/",
            "../../../es/strategies/rapid-huddles/"
        ]
    );
    assert!(text(one(&doc, "h1")).contains("acompañamiento"));
    // The tile of the untranslated card is English but its tag is Spanish.
    let tile = select(&doc, ".card-tile")
        .into_iter()
        .find(|t| attr(*t, "class").contains("card-untranslated"))
        .expect("the untranslated card's tile");
    assert_eq!(attr(tile, "lang"), "en");
    let tag = select_in(tile, ".tags li")
        .into_iter()
        .find(|li| text(*li) == "acompañamiento")
        .expect("the Spanish tag on the English tile");
    assert_eq!(attr(tag, "lang"), "es");
    // The fallback card's page links its tag to the Spanish term page.
    let card = site.page("es/strategies/rapid-huddles/");
    let link = select(&card, "main ul.terms a")
        .into_iter()
        .find(|a| text(*a) == "acompañamiento")
        .expect("the translated tag on the fallback card");
    assert_eq!(attr(link, "href"), "../../../es/tags/acompanamiento/");
    // The term page's translations are the same term in each language.
    let alternates = head_alternates(&site.page("en/tags/coaching/"));
    assert_eq!(
        alternates.get("es").map(String::as_str),
        Some("https://example.org/fx/es/tags/acompanamiento/")
    );
    assert!(alternates.contains_key("ar"), "{alternates:?}");
    // The tag index counts it once, with both cards.
    let index = site.page("es/tags/");
    let names: Vec<String> = select(
        &index,
        "main a[href*='acompanamiento'], main a[href*='coaching']",
    )
    .into_iter()
    .map(|a| attr(a, "href"))
    .collect();
    assert_eq!(names, ["../../es/tags/acompanamiento/"]);
}

#[test]
fn the_card_index_filters_both_spellings_as_one_value() {
    let ws = with_terms();
    let site = ws.site();
    let doc = site.page("es/strategies/");
    let values: Vec<String> = select(&doc, "form.filters input[name=tags]")
        .into_iter()
        .map(|i| attr(i, "value"))
        .collect();
    assert!(values.contains(&"acompanamiento".to_string()), "{values:?}");
    assert!(!values.contains(&"coaching".to_string()), "{values:?}");
    let tagged: Vec<String> = select(&doc, ".card-tile")
        .into_iter()
        .filter(|t| {
            attr(*t, "data-tags")
                .split(' ')
                .any(|s| s == "acompanamiento")
        })
        .map(|t| text(select_in(t, "h2")[0]))
        .collect();
    assert_eq!(tagged.len(), 2, "{tagged:?}");
}

#[test]
fn the_search_facet_has_one_value_for_both_spellings() {
    let ws = with_terms();
    let site = ws.site();
    let facet: Value = serde_json::from_str(&site.text("es/search/f/tags.json")).unwrap();
    let values: Vec<&str> = facet["v"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert!(values.contains(&"acompañamiento"), "{values:?}");
    assert!(!values.contains(&"coaching"), "{values:?}");
}

fn report(ws: &Workspace, json: bool) -> String {
    let mut args = vec!["translations", ws.toolkit.to_str().unwrap()];
    if json {
        args.extend(["--format", "json"]);
    }
    let output = Command::new(env!("CARGO_BIN_EXE_cardstock"))
        .args(&args)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn untranslated_terms_are_reported_in_text_and_json() {
    let ws = with_terms();
    let json: Value = serde_json::from_str(&report(&ws, true)).unwrap();
    let es = json["languages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["code"] == "es")
        .unwrap();
    let terms: Vec<(String, String, Vec<String>)> = es["untranslated_terms"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            (
                t["facet"].as_str().unwrap().to_string(),
                t["term"].as_str().unwrap().to_string(),
                t["used_by"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|p| p.as_str().unwrap().to_string())
                    .collect(),
            )
        })
        .collect();
    // rapid-huddles is shown untranslated in Spanish: `coaching` is
    // translated, `communication`, `Frontline staff` and `Inpatient units` are not.
    let communication = (
        "tags".to_string(),
        "communication".to_string(),
        vec!["strategies/rapid-huddles.md".to_string()],
    );
    assert!(terms.contains(&communication), "{terms:?}");
    assert!(
        terms.iter().all(|(_, term, _)| term != "coaching"),
        "{terms:?}"
    );
    assert!(
        terms
            .iter()
            .any(|(f, t, _)| f == "settings" && t == "Inpatient units"),
        "{terms:?}"
    );
    // Spanish cards' own spellings are Spanish: not reported.
    assert!(
        terms.iter().all(|(_, term, _)| term != "datos"),
        "{terms:?}"
    );
    assert_eq!(es["counts"]["untranslated_terms"], terms.len());

    let text = report(&ws, false);
    let spanish = &text[text.find("Español").unwrap()..text.find("العربية").unwrap()];
    assert!(spanish.contains("terms shown untranslated"), "{spanish}");
    assert!(
        spanish.contains("tags: communication  (on strategies/rapid-huddles.md)"),
        "{spanish}"
    );
}

fn build_errors(ws: &Workspace) -> Vec<cardstock::Diagnostic> {
    match ws.build() {
        Ok(_) => panic!("the build succeeded"),
        Err(cardstock::Error::Invalid(d)) => d,
        Err(e) => e.diagnostics(),
    }
}

#[test]
fn mistakes_in_a_term_file_name_the_line_and_how_to_fix_them() {
    let ws = Workspace::from_fixture("i18n");
    ws.write(
        "content/_taxonomies/tags.yaml",
        "coaching:\n  es: acompañamiento\n  fr: accompagnement\ndata:\n  es: acompañamiento\nquality improvement: mejora\n",
    );
    let errors = build_errors(&ws);
    let at = |needle: &str| {
        errors
            .iter()
            .find(|d| d.message.contains(needle))
            .unwrap_or_else(|| panic!("no error about {needle}: {errors:#?}"))
    };
    let lang = at("`fr` is not a language");
    assert_eq!(
        (lang.file.as_str(), lang.line),
        ("content/_taxonomies/tags.yaml", Some(3))
    );
    assert!(
        lang.help.as_deref().unwrap().contains("en, es, ar"),
        "{lang}"
    );
    let twice = at("names two terms");
    assert_eq!(twice.line, Some(5), "{twice}");
    let bare = at("term `quality improvement` has no labels");
    assert_eq!(bare.line, Some(6), "{bare}");
    assert!(bare.help.is_some());

    let ws = Workspace::from_fixture("i18n");
    ws.write(
        "content/_taxonomies/audiences.yaml",
        "Frontline staff:\n  es: Personal de primera línea\n",
    );
    let errors = build_errors(&ws);
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert_eq!(errors[0].file, "content/_taxonomies/audiences.yaml");
    assert!(
        errors[0].help.as_deref().unwrap().contains("audience.yaml"),
        "{}",
        errors[0]
    );
}

#[test]
fn the_example_toolkit_shows_no_english_terms_beside_spanish_ones() {
    let (_dir, site) = build_into_temp(&example_toolkit(), None);
    for (facet, english) in [
        ("tags", "implementation"),
        ("tags", "sustainability"),
        ("audiences", "change-teams"),
    ] {
        assert!(
            !site.exists(&format!("es/{facet}/{english}/index.html")),
            "es/{facet}/{english}/ beside its Spanish term"
        );
    }
    let doc = site.page("es/tags/sostenibilidad/");
    assert_eq!(select(&doc, ".card-tile").len(), 4);
}
