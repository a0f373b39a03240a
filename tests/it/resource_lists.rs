//! Resource lists as they arrive from other tools: the flat form, ids as
//! anchors, other languages of a resource, and each resource's language on
//! its title and link.

use serde_json::Value;

use crate::support::*;
use cardstock::Error;

const FILE: &str = "content/en/resources/index.md";

fn flat() -> Workspace {
    let ws = Workspace::from_fixture("minimal");
    ws.overlay("resources-flat");
    ws
}

#[test]
fn flat_list_is_grouped_by_category_in_order() {
    let ws = flat();
    let site = ws.site();
    let doc = site.page("en/resources/");
    let categories: Vec<(String, Vec<String>)> = select(&doc, "section.resource-category")
        .into_iter()
        .map(|section| {
            let heading = select_in(section, "h2")[0];
            let titles = select_in(section, "li.resource h3")
                .into_iter()
                .map(text)
                .collect();
            (attr(heading, "id"), titles)
        })
        .collect();
    assert_eq!(
        categories,
        [
            (
                "cat-guides".to_string(),
                vec![
                    "A guide, with a comma".to_string(),
                    "Una guía en español".to_string()
                ]
            ),
            ("cat-articles".to_string(), vec!["An article".to_string()]),
        ]
    );
    // A category only named in `category:` is titled as written.
    assert_eq!(text(one(&doc, "#cat-articles")), "Articles");
    let json: Value = serde_json::from_str(&site.text("en/resources/resources.json")).unwrap();
    let rows: Vec<(String, String)> = json["resources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["category"].as_str().unwrap().into(),
                r["title"].as_str().unwrap().into(),
            )
        })
        .collect();
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[2], ("articles".to_string(), "An article".to_string()));
    assert_eq!(json["resources"][0]["id"], "improvement-guide");
    assert_eq!(
        json["resources"][0]["also_available_in"][0]["language"],
        "es"
    );
}

#[test]
fn resource_ids_are_anchors_and_link_targets() {
    let ws = flat();
    ws.write(
        "content/en/about.md",
        "---\ntitle: About\n---\nRead [the guide](@/resources/index.md#res-improvement-guide).\n",
    );
    let site = ws.site();
    let doc = site.page("en/resources/");
    let ids: Vec<String> = select(&doc, "li.resource")
        .into_iter()
        .map(|li| attr(li, "id"))
        .collect();
    assert_eq!(
        ids,
        [
            "res-improvement-guide",
            "res-una-guia-en-espanol",
            "res-attendance-review"
        ]
    );
    assert!(site.broken_links().is_empty(), "{:?}", site.broken_links());
}

#[test]
fn a_resource_language_marks_its_title_and_link() {
    let ws = flat();
    let doc = ws.site().page("en/resources/");
    let spanish = one(&doc, "#res-una-guia-en-espanol h3");
    assert_eq!(attr(spanish, "lang"), "es");
    assert_eq!(attr(select_in(spanish, "a")[0], "hreflang"), "es");
    let english = one(&doc, "#res-improvement-guide h3");
    assert_eq!(english.value().attr("lang"), None);
    assert_eq!(select_in(english, "a")[0].value().attr("hreflang"), None);
}

#[test]
fn also_available_in_links_other_languages_by_name() {
    let ws = flat();
    let site = ws.site();
    let doc = site.page("en/resources/");
    let links: Vec<(String, String, String, Option<String>)> =
        select(&doc, "#res-improvement-guide p.also-in a")
            .into_iter()
            .map(|a| {
                (
                    text(a),
                    attr(a, "href"),
                    attr(a, "hreflang"),
                    a.value().attr("lang").map(str::to_string),
                )
            })
            .collect();
    assert_eq!(
        links,
        [
            // A toolkit language is named in itself, and marked so.
            (
                "Español".into(),
                "https://example.org/es/guia".into(),
                "es".into(),
                Some("es".into())
            ),
            // Another language is named in the reader's language.
            (
                "French".into(),
                "https://doi.org/10.1000/guide.fr".into(),
                "fr".into(),
                None
            ),
        ]
    );
    assert!(
        text(one(&doc, "#res-improvement-guide p.also-in"))
            .starts_with(&ui("en", "resources.also_in"))
    );
    // The Spanish list links the Spanish version first, and the original under "También en".
    let es = site.page("es/resources/");
    let title = one(&es, "#res-improvement-guide h3 a");
    assert_eq!(text(title), "Una guía, con coma");
    assert_eq!(attr(title, "href"), "https://example.org/es/guia");
    assert_eq!(title.value().attr("hreflang"), None);
    let other = one(&es, "#res-improvement-guide p.also-in a");
    assert_eq!(attr(other, "hreflang"), "en");
    assert_eq!(attr(other, "href"), "https://example.org/guide");
}

fn diagnostics(ws: &Workspace) -> Vec<cardstock::Diagnostic> {
    match ws.build() {
        Err(Error::Invalid(d)) => d,
        Err(e) => panic!("expected diagnostics, got {e}"),
        Ok(_) => panic!("the build succeeded"),
    }
}

#[test]
fn bad_resource_keys_name_their_lines() {
    let ws = flat();
    let source = ws
        .read(FILE)
        .replace(
            "  - title: Una guía en español\n    category: guides\n",
            "  - title: Una guía en español\n",
        )
        .replace("id: attendance-review", "id: improvement-guide")
        .replace("      - language: fr\n", "      - language: French\n");
    ws.write(FILE, &source);
    let list = diagnostics(&ws);
    let message = |needle: &str| {
        list.iter()
            .find(|d| d.message.contains(needle))
            .unwrap_or_else(|| panic!("no `{needle}` in {list:#?}"))
    };
    let no_category = message("has no `category`");
    assert_eq!(no_category.file, FILE);
    assert_eq!(
        no_category.line,
        Some(line_of(&source, "title: Una guía en español"))
    );
    let twice = message("resource id `improvement-guide` is used twice");
    let second = source
        .lines()
        .enumerate()
        .filter(|(_, l)| l.contains("id: improvement-guide"))
        .nth(1)
        .unwrap()
        .0
        + 1;
    assert_eq!(twice.line, Some(second));
    let language = message("`French` is not a language code");
    assert_eq!(language.line, Some(line_of(&source, "language: French")));
    assert_eq!(list.len(), 3, "{list:#?}");
}

#[test]
fn a_resource_in_a_right_to_left_language_outside_the_toolkit_is_marked_rtl() {
    let ws = flat();
    let source = ws.read(FILE).replace(
        "    url: https://example.org/es/otra\n    kind: guide\n    language: es\n",
        "    url: https://example.org/es/otra\n    kind: guide\n    language: ar\n",
    );
    ws.write(FILE, &source);
    let doc = ws.site().page("en/resources/");
    let title = one(&doc, "#res-una-guia-en-espanol h3");
    assert_eq!(attr(title, "lang"), "ar");
    assert_eq!(attr(title, "dir"), "rtl");
}
