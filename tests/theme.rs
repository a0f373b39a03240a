//! Theme layering (a toolkit overrides one template, adds CSS and changes a
//! UI string) and HTML escaping of values that come from the author.

mod common;

use common::*;

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
        assert!(
            select(&doc, "script").is_empty(),
            "a script element in {file}"
        );
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
    assert!(text(svg).contains("Send <b>text</b> & reminders"));
    assert_eq!(
        text(one(&doc, "#idea-text-reminders")),
        "Send <b>text</b> & reminders"
    );
}
