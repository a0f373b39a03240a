//! Theme layering (a toolkit overrides one template, adds CSS and changes a
//! UI string) and HTML escaping of values that come from the author.

use crate::support::*;

#[test]
fn a_toolkit_template_replaces_only_that_template() {
    let ws = Workspace::from_fixture("minimal");
    ws.overlay("themed");
    let site = ws.site();

    let card = site.page("en/strategies/peer-support/");
    one(&card, "article.house-style");
    assert_eq!(
        text(one(&card, "p.house-summary")),
        "People with lived experience support others in recovery."
    );
    // The override still extends the built-in base template…
    one(&card, "nav.breadcrumbs");
    // …and templates it does not override are the built-in ones.
    let package = site.page("en/change-packages/follow-up/");
    one(&package, "ul.driver-tree");
    assert!(select(&package, ".house-style").is_empty());
    assert!(site.broken_links().is_empty());
}

#[test]
fn extra_css_is_copied_and_linked_from_every_page() {
    let ws = Workspace::from_fixture("minimal");
    ws.overlay("themed");
    let site = ws.site();
    assert_eq!(
        site.text("css/custom.css"),
        ws.read("static/css/custom.css"),
        "static/ is copied verbatim"
    );
    let files = site.html_files();
    assert!(files.len() > 10);
    for file in files.into_iter().filter(|f| f != "index.html") {
        let doc = site.page(&file);
        let sheets: Vec<String> = select(&doc, "link[rel=stylesheet]")
            .into_iter()
            .map(|l| match site.resolve(&file, &attr(l, "href")) {
                Link::Internal { file, .. } => file,
                other => panic!("{file}: stylesheet {other:?}"),
            })
            .collect();
        // After the theme's stylesheet, so the toolkit's rules win.
        assert_eq!(sheets, ["css/cardstock.css", "css/custom.css"], "{file}");
    }
}

#[test]
fn without_extra_css_only_the_theme_stylesheet_is_linked() {
    let ws = Workspace::from_fixture("minimal");
    let site = ws.site();
    let doc = site.page("en/");
    assert_eq!(select(&doc, "link[rel=stylesheet]").len(), 1);
    assert!(!site.exists("css/custom.css"));
}

#[test]
fn a_toolkit_ui_string_replaces_the_theme_string() {
    let ws = Workspace::from_fixture("minimal");
    ws.overlay("themed");
    let site = ws.site();
    let en = site.page("en/about/");
    assert_eq!(text(one(&en, "a.skip-link")), "Jump to the content");
    // Strings it does not name keep the theme's text…
    assert_eq!(
        text(select(&en, "nav.breadcrumbs li a")[0]),
        ui("en", "nav.home")
    );
    // …and other languages keep theirs.
    let es = site.page("es/");
    assert_eq!(text(one(&es, "a.skip-link")), ui("es", "skip_to_content"));
}

const SCRIPT_TITLE: &str = "Peer <script>alert(1)</script> Support";
const QUOTED_SUMMARY: &str = r#"Says "hi" & <b>bolds</b> nothing."#;

#[test]
fn author_values_are_escaped_in_html() {
    let ws = Workspace::from_fixture("minimal");
    let card = ws.read("content/en/strategies/peer-support.md");
    let card = card
        .replace("title: Peer Support", &format!("title: \"{SCRIPT_TITLE}\""))
        .replace(
            "summary: People with lived experience support others in recovery.",
            &format!("summary: '{QUOTED_SUMMARY}'"),
        );
    ws.write("content/en/strategies/peer-support.md", &card);
    let site = ws.site();

    for file in site.html_files() {
        let doc = site.page(&file);
        // The only scripts are the theme's own (enhance, search, filters, packet), loaded from their files.
        for script in select(&doc, "script") {
            assert!(text(script).is_empty(), "an inline script in {file}");
            match site.resolve(&file, &attr(script, "src")) {
                Link::Internal { file: js, .. } => assert!(
                    [
                        "js/enhance.js",
                        "js/search.js",
                        "js/filters.js",
                        "js/packet.js"
                    ]
                    .contains(&js.as_str()),
                    "{file}: script {js}"
                ),
                other => panic!("{file}: script {other:?}"),
            }
        }
        assert!(select(&doc, "main b").is_empty(), "a b element in {file}");
    }
    let doc = site.page("en/strategies/peer-support/");
    assert_eq!(text(one(&doc, "h1")), SCRIPT_TITLE);
    assert!(text(one(&doc, "title")).starts_with(SCRIPT_TITLE));
    assert_eq!(
        attr(one(&doc, "meta[name=description]"), "content"),
        QUOTED_SUMMARY
    );
    assert_eq!(text(one(&doc, "p.summary")), QUOTED_SUMMARY);
    let citation = one(&doc, "#recommended-citation")
        .parent()
        .and_then(scraper::ElementRef::wrap)
        .unwrap();
    assert!(text(citation).contains(SCRIPT_TITLE));
    let index = site.page("en/strategies/");
    assert!(
        select(&index, "main .card-grid h2 a")
            .iter()
            .any(|a| text(*a) == SCRIPT_TITLE)
    );
}

#[test]
fn driver_diagram_text_is_escaped() {
    let ws = Workspace::from_fixture("minimal");
    let package = ws.read("content/en/change-packages/follow-up.md").replace(
        "title: Send text reminders",
        "title: Send <b>text</b> & reminders",
    );
    ws.write("content/en/change-packages/follow-up.md", &package);
    let site = ws.site();
    let doc = site.page("en/change-packages/follow-up/");
    let svg = one(&doc, "main svg");
    assert!(select_in(svg, "b").is_empty());
    // The SVG wraps the title over lines; the narrow drawing keeps it whole.
    assert!(text(svg).contains("Send <b>text</b>"));
    let bands = one(&doc, "main .dd-bands");
    assert!(select_in(bands, "b").is_empty());
    assert!(text(bands).contains("Send <b>text</b> & reminders"));
    assert_eq!(
        text(one(&doc, "#idea-text-reminders")),
        "Send <b>text</b> & reminders"
    );
}

/// Dotted keys of a UI-string file: `sections.what`, `nav.home`…
fn keys(value: &serde_norway::Value, prefix: &str, out: &mut Vec<String>) {
    if let serde_norway::Value::Mapping(map) = value {
        for (k, v) in map {
            let key = format!("{prefix}{}", k.as_str().unwrap());
            keys(v, &format!("{key}."), out);
            out.push(key);
        }
    }
}

#[test]
fn every_built_in_language_translates_every_ui_string() {
    let mut english = Vec::new();
    keys(&ui_strings("en"), "", &mut english);
    english.sort();
    assert!(english.contains(&"sections.conducted-by".to_string()));
    let dir = example_toolkit().join("themes/default/i18n");
    for entry in std::fs::read_dir(dir).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        let lang = name.strip_suffix(".yaml").unwrap();
        let mut found = Vec::new();
        keys(&ui_strings(lang), "", &mut found);
        found.sort();
        // A missing key would show English on a page in another language.
        let missing: Vec<&String> = english.iter().filter(|k| !found.contains(k)).collect();
        assert!(missing.is_empty(), "UI strings of {lang} lack {missing:?}");
        // Extra keys are only the plural forms a language needs beyond English's
        // `_one`/`_other` (Arabic: `_zero`, `_two`, `_few`, `_many`) and number formatting.
        let plural_of_known = |k: &str| {
            ["_zero", "_two", "_few", "_many"].iter().any(|form| {
                k.strip_suffix(form)
                    .is_some_and(|stem| english.contains(&format!("{stem}_other")))
            })
        };
        let unexpected: Vec<&String> = found
            .iter()
            .filter(|k| !english.contains(k) && !plural_of_known(k) && !k.starts_with("format."))
            .collect();
        assert!(
            unexpected.is_empty(),
            "UI strings of {lang} have unknown keys {unexpected:?}"
        );
    }
}

#[test]
fn a_broken_template_override_names_its_file_and_line() {
    let ws = Workspace::from_fixture("minimal");
    ws.build().unwrap();
    let before = snapshot(&ws.out);
    ws.write(
        "templates/card.html",
        "{% extends \"base.html\" %}\n{% block main %}\n<h1>{{ page.title }</h1>\n{% endblock main %}\n",
    );
    let list = match ws.build() {
        Err(cardstock::Error::Invalid(list)) => list,
        other => panic!("expected a diagnostic, got {other:?}"),
    };
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].file, "templates/card.html");
    assert_eq!((list[0].line, list[0].column), (Some(3), Some(19)));
    assert!(list[0].message.contains("`}}`"), "{}", list[0].message);
    assert_eq!(snapshot(&ws.out), before);
}

#[test]
fn an_unknown_template_variable_names_the_template_and_the_page() {
    let ws = Workspace::from_fixture("minimal");
    ws.write(
        "templates/card.html",
        "{% extends \"base.html\" %}\n{% block main %}<h1>{{ page.titel }}</h1>{% endblock main %}\n",
    );
    let list = match ws.build() {
        Err(cardstock::Error::Invalid(list)) => list,
        other => panic!("expected a diagnostic, got {other:?}"),
    };
    assert_eq!(list[0].file, "templates/card.html");
    assert!(
        list[0].message.contains("page.titel"),
        "{}",
        list[0].message
    );
    assert!(
        // Pages render in parallel: any card page may be the one named.
        list[0].message.contains("/strategies/peer-support/"),
        "{}",
        list[0].message
    );
}
