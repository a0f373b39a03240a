//! A language the theme has no (or only some) UI strings for: the build
//! warns, naming how many keys readers will see in English and how to get
//! them all to translate. Built-in languages are complete and say nothing.

use crate::support::*;

fn with_vietnamese(ws: &Workspace) {
    let settings = ws.read("cardstock.yaml");
    ws.write(
        "cardstock.yaml",
        &format!("{settings}  - code: vi\n    name: Tiếng Việt\n"),
    );
    ws.write(
        "content/vi/index.md",
        "---\ntitle: Bộ công cụ\nsummary: Trang chủ.\n---\nXin chào.\n",
    );
}

fn ui_warnings(report: &cardstock::BuildReport) -> Vec<&cardstock::Diagnostic> {
    report
        .warnings
        .iter()
        .filter(|d| d.message.contains("UI strings lack"))
        .collect()
}

#[test]
fn a_language_without_ui_strings_is_warned_about_with_the_count_and_a_fix() {
    let ws = Workspace::from_fixture("minimal");
    with_vietnamese(&ws);
    let report = ws.build().unwrap();
    let warnings = ui_warnings(&report);
    assert_eq!(warnings.len(), 1, "{:#?}", report.warnings);
    let w = warnings[0];
    assert_eq!(w.file, "i18n/vi.yaml");
    let english = ui_strings("en");
    let total = count_leaves(&english);
    assert_eq!(
        w.message,
        format!(
            "the `vi` UI strings lack {total} of {total} keys: readers of the `vi` site see those menus, labels and notices in English"
        )
    );
    assert!(
        w.help
            .as_deref()
            .unwrap_or("")
            .contains("cardstock translations strings en"),
        "{w}"
    );

    // Translating one key leaves one fewer in English.
    ws.write("i18n/vi.yaml", "nav:\n  home: Trang chủ\n");
    let report = ws.build().unwrap();
    let warnings = ui_warnings(&report);
    assert!(
        warnings[0]
            .message
            .contains(&format!("lack {} of {total} keys", total - 1)),
        "{}",
        warnings[0]
    );
}

#[test]
fn built_in_languages_have_every_ui_string() {
    let ws = Workspace::from_fixture("minimal");
    let report = ws.build().unwrap();
    assert!(ui_warnings(&report).is_empty(), "{:#?}", report.warnings);
}

fn count_leaves(value: &serde_norway::Value) -> usize {
    match value {
        serde_norway::Value::Mapping(map) => map.values().map(count_leaves).sum(),
        _ => 1,
    }
}

/// The text of `el` with its closest `lang` (itself or an ancestor).
fn lang_of(el: scraper::ElementRef) -> String {
    std::iter::once(el)
        .chain(el.ancestors().filter_map(scraper::ElementRef::wrap))
        .find_map(|e| e.value().attr("lang").map(str::to_string))
        .unwrap_or_default()
}

/// English fallback UI strings are marked `lang="en"` where they are text;
/// attributes and `<title>` keep them plain (no markup, no marks); strings
/// the language has are not marked, and counts follow its plural rules.
#[test]
fn english_fallback_ui_strings_are_marked_as_english_where_they_are_text() {
    let ws = Workspace::from_fixture("minimal");
    with_vietnamese(&ws);
    ws.write(
        "i18n/vi.yaml",
        "nav:\n  main: Điều hướng chính\n  home: Trang chủ\n",
    );
    // Japanese, whose one plural form differs from English's two.
    let settings = ws.read("cardstock.yaml");
    ws.write(
        "cardstock.yaml",
        &format!("{settings}  - code: ja\n    name: 日本語\n"),
    );
    let site = ws.site();
    let home = site.page("vi/");
    assert_eq!(attr(one(&home, "html"), "lang"), "vi");
    let skip = one(&home, "a.skip-link");
    let marked = select_in(skip, "span");
    assert_eq!(marked.len(), 1, "{}", skip.html());
    assert_eq!(
        (attr(marked[0], "lang"), text(marked[0])),
        ("en".to_string(), ui("en", "skip_to_content"))
    );
    // The language's own strings are not marked (an aria-label here).
    assert_eq!(
        attr(one(&home, "nav.main-nav"), "aria-label"),
        "Điều hướng chính"
    );
    // An English fallback in an attribute or the title is plain text.
    assert_eq!(
        attr(one(&home, "nav.lang-switcher"), "aria-label"),
        ui("en", "nav.language_switcher")
    );
    assert_eq!(select(&home, "title span").len(), 0);
    // Nothing anywhere keeps a mark: pages, data and search files.
    for file in walk(&ws.out) {
        let bytes = std::fs::read(ws.out.join(&file)).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            !text.contains(['\u{E000}', '\u{E001}']),
            "a fallback mark left in {file}"
        );
    }
    // A card's section headings and the count of a tag page with one card:
    // English text, marked, in the page language's plural form (Japanese
    // has one form, `other`: "1 strategy cards" until it is translated).
    let card = site.page("vi/strategies/warm-handoff/");
    let heading = one(&card, "main h2#what");
    assert_eq!(
        lang_of(select_in(heading, "span")[0]),
        "en",
        "{}",
        heading.html()
    );
    assert_eq!(text(heading), ui("en", "sections.what"));
    // The driver diagram's level names: in the drawing's text and in the
    // stacked bands.
    let cp = site
        .html_files()
        .into_iter()
        .find(|f| f.starts_with("vi/change-packages/"))
        .expect("a change package in Vietnamese");
    let cp = site.page(&cp);
    let headings = select(&cp, "svg text.dd-heading tspan[lang=en]");
    assert_eq!(headings.len(), 4, "the four level names are marked English");
    assert_eq!(text(headings[0]), ui("en", "change_package.aim"));
    let bands = select(&cp, ".dd-band-title span[lang=en]");
    assert_eq!(bands.len(), 4);
    let tag = site.page("ja/tags/care-transitions/");
    let count = one(&tag, "p.count");
    assert_eq!(text(count), "1 strategy cards");
    assert_eq!(lang_of(select_in(count, "span")[0]), "en");
    // In Spanish (complete strings) nothing is marked.
    let spanish = site.page("es/");
    assert!(select(&spanish, "span[lang=en][dir=ltr]").is_empty());
}

fn walk(root: &std::path::Path) -> Vec<String> {
    let mut files = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                files.push(path.strip_prefix(root).unwrap().display().to_string());
            }
        }
    }
    files
}

/// Issue 15, item 4: on a fallback page, a list of English items sits inside
/// `lang="en"`; it is joined with English words, not the page language's
/// ("Workshop y Webinar" read as English with a Spanish "y").
#[test]
fn lists_on_a_fallback_page_are_joined_in_the_language_of_their_items() {
    let ws = Workspace::from_example();
    let site = ws.site();
    let page = site.page("es/strategies/training-workshops/");
    let glance = select(&page, ".glance dd")
        .into_iter()
        .find(|dd| text(*dd).contains("Webinar"))
        .expect("the also-called list");
    assert_eq!(attr(glance, "lang"), "en");
    assert!(text(glance).ends_with(", and Webinar"), "{}", text(glance));
}
