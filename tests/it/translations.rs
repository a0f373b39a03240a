//! Translations end to end: the fixture toolkit in tests/fixtures/i18n (English
//! sources; Spanish with up-to-date, outdated, not reviewed, incomplete and
//! missing translations; Arabic, right to left) is built and reported on, and
//! the `start` and `mark` commands are run on copies of it.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use scraper::{ElementRef, Html, Selector};
use serde_json::Value;

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/i18n")
}

fn cardstock(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cardstock"))
        .args(args)
        .output()
        .expect("run cardstock")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// A copy of the fixture to change, without any built output.
fn fixture_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&fixture(), dir.path());
    dir
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            if entry.file_name() != "public" {
                copy_dir(&entry.path(), &target);
            }
        } else {
            fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// The built site of a toolkit, as output path → text.
struct Built(Vec<cardstock::artifact::OutputFile>);

impl Built {
    fn of(dir: &Path) -> Built {
        Built(
            cardstock::build_in_memory(dir, None)
                .unwrap_or_else(|e| panic!("build failed: {e}"))
                .files,
        )
    }

    fn has(&self, path: &str) -> bool {
        self.0.iter().any(|f| f.path == path)
    }

    fn text(&self, path: &str) -> String {
        let file = self
            .0
            .iter()
            .find(|f| f.path == path)
            .unwrap_or_else(|| panic!("no {path} in the built site"));
        String::from_utf8(file.bytes.clone()).unwrap()
    }

    fn html(&self, path: &str) -> Html {
        Html::parse_document(&self.text(path))
    }
}

fn select<'a>(html: &'a Html, css: &str) -> Vec<ElementRef<'a>> {
    html.select(&Selector::parse(css).unwrap()).collect()
}

fn one<'a>(html: &'a Html, css: &str) -> ElementRef<'a> {
    let found = select(html, css);
    assert_eq!(
        found.len(),
        1,
        "expected one `{css}`, found {}",
        found.len()
    );
    found[0]
}

fn text_of(element: ElementRef) -> String {
    element
        .text()
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn attr<'a>(element: ElementRef<'a>, name: &str) -> Option<&'a str> {
    element.value().attr(name)
}

fn report_json(dir: &Path) -> Value {
    let output = cardstock(&["translations", dir.to_str().unwrap(), "--format", "json"]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_str(&stdout(&output)).unwrap()
}

fn language<'a>(report: &'a Value, code: &str) -> &'a Value {
    report["languages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["code"] == code)
        .unwrap_or_else(|| panic!("no language {code} in the report"))
}

fn paths(entries: &Value) -> Vec<String> {
    entries
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["path"].as_str().unwrap().to_string())
        .collect()
}

// The report.

#[test]
fn text_report_names_pages_by_state_and_what_changed() {
    let output = cardstock(&["translations", fixture().to_str().unwrap()]);
    assert!(output.status.success());
    let text = stdout(&output);
    assert!(
        text.contains("Español (es): 3 translated, 1 outdated, 1 not reviewed, 2 missing"),
        "{text}"
    );
    assert!(text.contains("العربية (ar): 3 translated, 0 outdated, 0 not reviewed, 4 missing"));
    assert!(text.contains("strategies/shared-dashboards.md  (changed: how, summary)"));
    assert!(text.contains("change-packages/improve-follow-up.md  (lacks: idea.reminder-call)"));
    assert!(
        text.contains("resources/index.md  (lacks: resource https://example.org/huddle-checklist)")
    );
    let spanish = &text[text.find("Español").unwrap()..text.find("العربية").unwrap()];
    let missing = &spanish[spanish.find("  missing:").unwrap()..];
    assert!(
        missing.contains("    about.md\n    strategies/rapid-huddles.md\n"),
        "{missing}"
    );
}

#[test]
fn json_report_lists_every_state() {
    let report = report_json(&fixture());
    assert_eq!(report["default_language"], "en");
    let es = language(&report, "es");
    assert_eq!(
        paths(&es["translated"]),
        [
            "change-packages/improve-follow-up.md",
            "index.md",
            "strategies/peer-coaching.md"
        ]
    );
    assert_eq!(paths(&es["outdated"]), ["strategies/shared-dashboards.md"]);
    assert_eq!(
        es["outdated"][0]["changed"],
        serde_json::json!(["how", "summary"])
    );
    assert_eq!(
        es["outdated"][0]["file"],
        "content/es/strategies/shared-dashboards.md"
    );
    assert_eq!(paths(&es["unreviewed"]), ["resources/index.md"]);
    assert_eq!(
        paths(&es["missing"]),
        ["about.md", "strategies/rapid-huddles.md"]
    );
    assert_eq!(
        es["translated"][0]["missing_parts"],
        serde_json::json!(["idea.reminder-call"])
    );
    // Per-language counts and the incomplete list the text report shows.
    assert_eq!(
        es["counts"],
        serde_json::json!({
            "translated": 3, "outdated": 1, "unreviewed": 1, "started": 0,
            "missing": 2, "incomplete": es["incomplete"].as_array().unwrap().len(),
            "without_source": 0, "untranslated_terms": es["untranslated_terms"].as_array().unwrap().len()
        })
    );
    let incomplete = es["incomplete"].as_array().unwrap();
    let lacking = incomplete
        .iter()
        .find(|i| i["path"] == "change-packages/improve-follow-up.md")
        .expect("the change package lacking an idea is listed as incomplete");
    assert_eq!(lacking["lacks"], serde_json::json!(["idea.reminder-call"]));
    let ar = language(&report, "ar");
    assert_eq!(paths(&ar["outdated"]), Vec::<String>::new());
    assert_eq!(
        paths(&ar["missing"]),
        [
            "about.md",
            "resources/index.md",
            "strategies/rapid-huddles.md",
            "strategies/shared-dashboards.md"
        ]
    );
}

#[test]
fn strict_fails_until_every_translation_is_complete_and_reviewed() {
    let failing = cardstock(&["translations", fixture().to_str().unwrap(), "--strict"]);
    assert_eq!(failing.status.code(), Some(1));
    assert!(
        stdout(&failing).contains("missing"),
        "the report is still printed"
    );

    let dir = fixture_copy();
    let toolkit = dir.path().to_str().unwrap();
    // Start over the two incomplete Spanish translations, start every missing one, review the rest.
    fs::remove_file(
        dir.path()
            .join("content/es/change-packages/improve-follow-up.md"),
    )
    .unwrap();
    fs::remove_file(dir.path().join("content/es/resources/index.md")).unwrap();
    for lang in ["es", "ar"] {
        for path in paths(&language(&report_json(dir.path()), lang)["missing"]) {
            let started = cardstock(&["translations", "start", lang, &path, "--toolkit", toolkit]);
            assert!(
                started.status.success(),
                "{}",
                String::from_utf8_lossy(&started.stderr)
            );
        }
        let marked = cardstock(&["translations", "mark", lang, "--all", "--toolkit", toolkit]);
        assert!(
            marked.status.success(),
            "{}",
            String::from_utf8_lossy(&marked.stderr)
        );
    }
    let passing = cardstock(&["translations", toolkit, "--strict"]);
    assert_eq!(passing.status.code(), Some(0), "{}", stdout(&passing));
    Built::of(dir.path());
}

#[test]
fn unknown_language_is_an_error_naming_the_known_ones() {
    let output = cardstock(&[
        "translations",
        "start",
        "fr",
        "about.md",
        "--toolkit",
        fixture().to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(1));
    let err = String::from_utf8_lossy(&output.stderr);
    assert!(
        err.contains("`fr` is not a language of this toolkit"),
        "{err}"
    );
    assert!(err.contains("es, ar"), "{err}");
}

// The start and mark commands.

#[test]
fn start_creates_a_prefilled_translation_and_never_overwrites() {
    let dir = fixture_copy();
    let toolkit = dir.path().to_str().unwrap();
    let output = cardstock(&[
        "translations",
        "start",
        "ar",
        "content/en/strategies/rapid-huddles.md",
        "--toolkit",
        toolkit,
    ]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(stdout(&output).contains("cardstock translations mark ar strategies/rapid-huddles.md"));
    let created = dir.path().join("content/ar/strategies/rapid-huddles.md");
    let text = fs::read_to_string(&created).unwrap();
    let source =
        fs::read_to_string(dir.path().join("content/en/strategies/rapid-huddles.md")).unwrap();

    // Translatable front matter and text are copied; what belongs to the source page is not.
    for line in [
        "kind: card",
        "title: Rapid Huddles",
        "summary: Ten-minute stand-up meetings at the start of a shift.",
        "tags: [coaching, communication]",
        "  url: https://example.org/huddles",
    ] {
        assert!(
            source.contains(line) && text.contains(line),
            "{line} missing from\n{text}"
        );
    }
    assert!(source.contains("weight: 3") && !text.contains("weight:"));
    // Not a translation of any version yet: no source_hash, a started mark.
    assert!(!text.contains("source_hash:"), "{text}");
    assert!(text.contains("\ntranslation: started"), "{text}");
    // Headings carry their section ids, so they survive translation.
    for heading in [
        "## What {#what}",
        "### Intended for {#intended-for}",
        "### Conducted by {#conducted-by}",
        "## Considerations {#considerations}",
    ] {
        assert!(text.contains(heading), "{heading} missing from\n{text}");
    }
    assert!(text.ends_with("Start on time.\n"));

    let report = report_json(dir.path());
    assert!(
        paths(&language(&report, "ar")["unreviewed"])
            .contains(&"strategies/rapid-huddles.md".to_string())
    );

    fs::write(&created, "---\ntitle: edited\n---\n").unwrap();
    let again = cardstock(&[
        "translations",
        "start",
        "ar",
        "strategies/rapid-huddles",
        "--toolkit",
        toolkit,
    ]);
    assert_eq!(again.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&again.stderr).contains("already exists"));
    assert_eq!(
        fs::read_to_string(&created).unwrap(),
        "---\ntitle: edited\n---\n"
    );
}

/// An untranslated copy made by `start` is not a translation: the report
/// says it is not reviewed, and readers see the source as a fallback page
/// with the "not translated" notice, no `hreflang` alternate and no sitemap
/// entry, until `mark` records the translation.
#[test]
fn started_translation_is_a_fallback_until_marked() {
    let dir = fixture_copy();
    let toolkit = dir.path().to_str().unwrap();
    let started = cardstock(&[
        "translations",
        "start",
        "es",
        "strategies/rapid-huddles.md",
        "--toolkit",
        toolkit,
    ]);
    assert!(
        started.status.success(),
        "{}",
        String::from_utf8_lossy(&started.stderr)
    );

    let report = report_json(dir.path());
    let es = language(&report, "es");
    assert!(!paths(&es["translated"]).contains(&"strategies/rapid-huddles.md".to_string()));
    let unreviewed = es["unreviewed"].as_array().unwrap();
    let entry = unreviewed
        .iter()
        .find(|t| t["path"] == "strategies/rapid-huddles.md")
        .expect("the started copy is reported as not reviewed");
    assert_eq!(entry["started"], true);

    let site = Built::of(dir.path());
    let page = site.html("es/strategies/rapid-huddles/index.html");
    assert_eq!(
        text_of(one(&page, ".translation-notice-fallback")),
        "Esta página aún no se ha traducido al español, por eso se muestra en inglés."
    );
    assert_eq!(attr(one(&page, "main h1"), "lang"), Some("en"));
    let source_page = site.html("en/strategies/rapid-huddles/index.html");
    assert!(
        select(&source_page, "link[rel=alternate][hreflang=es]").is_empty(),
        "no alternate for an untranslated copy"
    );
    assert!(
        !site
            .text("sitemap.xml")
            .contains("/es/strategies/rapid-huddles/")
    );

    let marked = cardstock(&[
        "translations",
        "mark",
        "es",
        "strategies/rapid-huddles.md",
        "--toolkit",
        toolkit,
    ]);
    assert!(
        marked.status.success(),
        "{}",
        String::from_utf8_lossy(&marked.stderr)
    );
    let text =
        fs::read_to_string(dir.path().join("content/es/strategies/rapid-huddles.md")).unwrap();
    assert!(!text.contains("translation: started"), "{text}");
    assert!(
        paths(&language(&report_json(dir.path()), "es")["translated"])
            .contains(&"strategies/rapid-huddles.md".to_string())
    );
    let site = Built::of(dir.path());
    let page = site.html("es/strategies/rapid-huddles/index.html");
    assert!(select(&page, ".translation-notice-fallback").is_empty());
    assert_eq!(attr(one(&page, "html"), "lang"), Some("es"));
}

#[test]
fn start_refuses_the_default_language_and_unknown_pages() {
    let toolkit = fixture();
    let toolkit = toolkit.to_str().unwrap();
    let default = cardstock(&[
        "translations",
        "start",
        "en",
        "about.md",
        "--toolkit",
        toolkit,
    ]);
    assert!(String::from_utf8_lossy(&default.stderr).contains("is the default language"));
    let unknown = cardstock(&[
        "translations",
        "start",
        "es",
        "nowhere.md",
        "--toolkit",
        toolkit,
    ]);
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("no source page `nowhere.md`"));
}

#[test]
fn mark_records_the_review_and_keeps_the_rest_of_the_file() {
    let dir = fixture_copy();
    let toolkit = dir.path().to_str().unwrap();
    let file = dir
        .path()
        .join("content/es/strategies/shared-dashboards.md");
    let before = fs::read_to_string(&file).unwrap();

    let output = cardstock(&[
        "translations",
        "mark",
        "es",
        "strategies/shared-dashboards.md",
        "--toolkit",
        toolkit,
    ]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let after = fs::read_to_string(&file).unwrap();
    assert_ne!(before, after);
    let without_hash = |text: &str| {
        let start = text.find("source_hash:").unwrap();
        let end = start + text[start..].find("\n---\n").unwrap() + 1;
        format!("{}{}", &text[..start], &text[end..])
    };
    assert_eq!(without_hash(&before), without_hash(&after));

    let es = &language(&report_json(dir.path()), "es").clone();
    assert!(paths(&es["translated"]).contains(&"strategies/shared-dashboards.md".to_string()));
    assert!(paths(&es["outdated"]).is_empty());
    let page = Built::of(dir.path()).html("es/strategies/shared-dashboards/index.html");
    assert!(select(&page, ".translation-notice").is_empty());

    // Marking a translation that is already up to date changes nothing.
    cardstock(&[
        "translations",
        "mark",
        "es",
        "strategies/shared-dashboards.md",
        "--toolkit",
        toolkit,
    ]);
    assert_eq!(fs::read_to_string(&file).unwrap(), after);
}

#[test]
fn changing_only_whitespace_keeps_a_translation_up_to_date() {
    let dir = fixture_copy();
    let source = dir.path().join("content/en/strategies/peer-coaching.md");
    let text = fs::read_to_string(&source).unwrap();
    fs::write(
        &source,
        text.replace(
            "Pairs meet every two weeks for thirty minutes.",
            "Pairs meet every two weeks\nfor   thirty minutes.",
        ),
    )
    .unwrap();
    let es = language(&report_json(dir.path()), "es").clone();
    assert!(paths(&es["translated"]).contains(&"strategies/peer-coaching.md".to_string()));

    fs::write(&source, text.replace("thirty minutes", "forty minutes")).unwrap();
    let report = report_json(dir.path());
    for lang in ["es", "ar"] {
        let outdated = language(&report, lang)["outdated"]
            .as_array()
            .unwrap()
            .clone();
        let entry = outdated
            .iter()
            .find(|t| t["path"] == "strategies/peer-coaching.md")
            .unwrap_or_else(|| panic!("peer-coaching not outdated in {lang}"));
        assert_eq!(entry["changed"], serde_json::json!(["how"]));
    }
}

// The built site.

#[test]
fn fallback_page_keeps_the_readers_chrome_and_marks_the_text() {
    let site = Built::of(&fixture());
    let page = site.html("es/about/index.html");
    let html = one(&page, "html");
    assert_eq!(attr(html, "lang"), Some("es"));
    assert_eq!(attr(html, "dir"), Some("ltr"));
    assert_eq!(text_of(one(&page, ".skip-link")), "Saltar al contenido");
    let notice = one(&page, ".translation-notice-fallback");
    assert_eq!(attr(notice, "lang"), None);
    assert_eq!(
        text_of(notice),
        "Esta página aún no se ha traducido al español, por eso se muestra en inglés."
    );
    let h1 = one(&page, "main h1");
    assert_eq!(
        (attr(h1, "lang"), text_of(h1).as_str()),
        (Some("en"), "About this toolkit")
    );
    // The text links into the reader's site, to the translated card.
    let link = one(&page, "main a[href*='peer-coaching']");
    assert_eq!(
        attr(link, "href"),
        Some("../../es/strategies/peer-coaching/")
    );
    assert_eq!(attr(link, "hreflang"), Some("es"));
    // Canonical is the source; no hreflang alternates, but the switcher
    // offers every language, this one current (see language_switcher.rs).
    assert_eq!(
        attr(one(&page, "link[rel=canonical]"), "href"),
        Some("https://example.org/fx/en/about/")
    );
    assert!(select(&page, "link[rel=alternate][hreflang]").is_empty());
    let offered: Vec<_> = select(&page, ".lang-switcher a")
        .into_iter()
        .map(|a| attr(a, "hreflang").unwrap())
        .collect();
    assert_eq!(offered, ["en", "es", "ar"]);
    assert_eq!(
        attr(
            one(&page, ".lang-switcher a[aria-current=page]"),
            "hreflang"
        ),
        Some("es")
    );
    // The menu item of the untranslated page says its language.
    let item = one(&page, ".main-nav a[aria-current=page]");
    assert_eq!(
        (attr(item, "href"), attr(item, "lang")),
        (Some("../../es/about/"), Some("en"))
    );
}

#[test]
fn fallback_pages_follow_the_untranslated_setting() {
    let site = Built::of(&fixture());
    for path in [
        "es/strategies/rapid-huddles/index.html",
        "ar/resources/index.html",
        "ar/strategies/shared-dashboards/index.html",
    ] {
        assert!(site.has(path), "{path}");
    }
    let dir = fixture_copy();
    let settings = dir.path().join("cardstock.yaml");
    let text = fs::read_to_string(&settings).unwrap();
    fs::write(&settings, format!("{text}untranslated: omit\n")).unwrap();
    let omitted = Built::of(dir.path());
    assert!(!omitted.has("es/about/index.html"));
    assert!(!omitted.has("es/strategies/rapid-huddles/index.html"));
    assert_eq!(
        select(&omitted.html("es/strategies/index.html"), ".card-tile").len(),
        2
    );
    // Links then lead to the default language's page, saying so.
    let card = omitted.html("es/strategies/peer-coaching/index.html");
    let link = one(&card, ".section-what a");
    assert_eq!(
        attr(link, "href"),
        Some("../../../en/strategies/rapid-huddles/")
    );
    assert_eq!(attr(link, "hreflang"), Some("en"));
}

#[test]
fn translated_page_links_to_untranslated_pages_inside_its_own_site() {
    let site = Built::of(&fixture());
    let page = site.html("es/strategies/peer-coaching/index.html");
    assert!(select(&page, ".translation-notice").is_empty());
    let link = one(&page, ".section-what a");
    assert_eq!(
        attr(link, "href"),
        Some("../../../es/strategies/rapid-huddles/")
    );
    assert_eq!(attr(link, "hreflang"), Some("en"));
    let related: Vec<(String, Option<&str>)> = select(&page, ".related a")
        .into_iter()
        .map(|a| (attr(a, "href").unwrap().to_string(), attr(a, "lang")))
        .collect();
    assert_eq!(
        related,
        [
            (
                "../../../es/strategies/shared-dashboards/".to_string(),
                None
            ),
            (
                "../../../es/strategies/rapid-huddles/".to_string(),
                Some("en")
            ),
        ]
    );
}

#[test]
fn outdated_translation_says_so_and_links_to_the_source() {
    let site = Built::of(&fixture());
    let page = site.html("es/strategies/shared-dashboards/index.html");
    let notice = one(&page, ".translation-notice-outdated p");
    // It names the changed parts (`how`, `summary`) with the page language's labels.
    let text: String = notice
        .children()
        .filter_map(|n| n.value().as_text().map(|t| t.to_string()))
        .collect();
    assert_eq!(
        text.trim(),
        "La versión en inglés ha cambiado desde que se revisó esta traducción: Cómo y Resumen."
    );
    let link = one(&page, ".translation-notice-outdated a");
    assert_eq!(
        attr(link, "href"),
        Some("../../../en/strategies/shared-dashboards/")
    );
    assert_eq!(attr(link, "hreflang"), Some("en"));
    // Not reviewed is not outdated: no notice.
    assert!(select(&site.html("es/resources/index.html"), ".translation-notice").is_empty());
}

#[test]
fn hreflang_and_sitemap_list_only_real_translations() {
    let site = Built::of(&fixture());
    let alternates = |path: &str| -> Vec<String> {
        select(&site.html(path), "link[rel=alternate][hreflang]")
            .into_iter()
            .map(|l| {
                format!(
                    "{} {}",
                    attr(l, "hreflang").unwrap(),
                    attr(l, "href").unwrap()
                )
            })
            .collect()
    };
    assert_eq!(
        alternates("ar/strategies/peer-coaching/index.html"),
        [
            "en https://example.org/fx/en/strategies/peer-coaching/",
            "es https://example.org/fx/es/strategies/peer-coaching/",
            "ar https://example.org/fx/ar/strategies/peer-coaching/",
        ]
    );
    assert_eq!(
        alternates("en/strategies/shared-dashboards/index.html"),
        [
            "en https://example.org/fx/en/strategies/shared-dashboards/",
            "es https://example.org/fx/es/strategies/shared-dashboards/",
        ]
    );
    let xml = site.text("sitemap.xml");
    let sitemap = roxmltree::Document::parse(&xml).unwrap();
    let locs: Vec<&str> = sitemap
        .descendants()
        .filter(|n| n.has_tag_name("loc"))
        .filter_map(|n| n.text())
        .collect();
    let alternates: Vec<(&str, &str)> = sitemap
        .descendants()
        .filter(|n| n.has_tag_name("link"))
        .filter_map(|n| Some((n.attribute("hreflang")?, n.attribute("href")?)))
        .collect();
    assert!(locs.contains(&"https://example.org/fx/es/strategies/peer-coaching/"));
    assert!(!locs.contains(&"https://example.org/fx/es/about/"));
    assert!(!locs.contains(&"https://example.org/fx/ar/strategies/rapid-huddles/"));
    assert!(!alternates.contains(&(
        "ar",
        "https://example.org/fx/ar/strategies/shared-dashboards/"
    )));
    assert!(alternates.contains(&(
        "es",
        "https://example.org/fx/es/strategies/shared-dashboards/"
    )));
}

#[test]
fn arabic_pages_are_right_to_left_with_left_to_right_fragments_marked() {
    let site = Built::of(&fixture());
    let card = site.html("ar/strategies/peer-coaching/index.html");
    let html = one(&card, "html");
    assert_eq!(
        (attr(html, "lang"), attr(html, "dir")),
        (Some("ar"), Some("rtl"))
    );
    assert_eq!(text_of(one(&card, ".skip-link")), "تخطَّ إلى المحتوى");
    assert_eq!(text_of(one(&card, "#what")), "ما هي");
    let english_menu_item = one(&card, ".main-nav a[href$='about/']");
    assert_eq!(
        (
            attr(english_menu_item, "lang"),
            attr(english_menu_item, "dir")
        ),
        (Some("en"), Some("ltr"))
    );
    let switcher: Vec<_> = select(&card, ".lang-switcher a")
        .into_iter()
        .map(|a| (attr(a, "lang").unwrap(), attr(a, "dir").unwrap()))
        .collect();
    assert_eq!(switcher, [("en", "ltr"), ("es", "ltr"), ("ar", "rtl")]);

    let fallback = site.html("ar/strategies/shared-dashboards/index.html");
    assert_eq!(attr(one(&fallback, "html"), "dir"), Some("rtl"));
    for text in select(&fallback, ".section-text") {
        assert_eq!(
            (attr(text, "lang"), attr(text, "dir")),
            (Some("en"), Some("ltr"))
        );
    }
    assert_eq!(attr(one(&fallback, "main h1"), "dir"), Some("ltr"));
    assert_eq!(
        text_of(one(&fallback, "#what")),
        "ما هي",
        "section labels stay Arabic"
    );

    let package = site.html("ar/change-packages/improve-follow-up/index.html");
    assert!(
        !select(&package, r#"svg [direction="rtl"], svg[direction="rtl"]"#).is_empty(),
        "the driver diagram runs right to left"
    );
}

#[test]
fn listings_include_untranslated_cards_marked_with_their_language() {
    let site = Built::of(&fixture());
    let index = site.html("es/strategies/index.html");
    let tiles = select(&index, ".card-tile");
    let summary: Vec<(String, Option<&str>)> = tiles
        .iter()
        .map(|t| (text_of(one_in(*t, "h2")), attr(*t, "lang")))
        .collect();
    assert_eq!(
        summary,
        [
            ("Acompañamiento entre pares".to_string(), None),
            ("Tableros compartidos".to_string(), None),
            ("Rapid Huddles".to_string(), Some("en")),
        ]
    );
    let label = one_in(tiles[2], ".language-label");
    assert_eq!(
        (text_of(label).as_str(), attr(label, "lang")),
        ("En inglés", Some("es"))
    );
    assert_eq!(
        text_of(one(&index, ".untranslated-note")),
        "1 ficha aún no está traducida y se muestra en inglés."
    );
    // Facet terms from untranslated cards keep their language.
    let tags = site.html("es/tags/index.html");
    let communication = one(&tags, ".term-index a[href$='communication/']");
    assert_eq!(attr(communication, "lang"), Some("en"));
    let coaching = one(&tags, ".term-index a[href$='acompanamiento/']");
    assert_eq!(attr(coaching, "lang"), None);
    let term = site.html("es/tags/communication/index.html");
    // The heading is a Spanish sentence; only the English term in it is marked.
    assert_eq!(attr(one(&term, "main h1"), "lang"), None);
    assert_eq!(attr(one(&term, "main h1 span"), "lang"), Some("en"));
    // Arabic counts use Arabic plural forms and digits.
    let ar_index = site.html("ar/strategies/index.html");
    assert_eq!(text_of(one(&ar_index, ".count")), "٣ بطاقات استراتيجيات");
    assert_eq!(
        text_of(one(&ar_index, ".untranslated-note")),
        "بطاقتان لم تُترجَما بعد، وهما معروضتان باللغة الإنجليزية."
    );
}

fn one_in<'a>(element: ElementRef<'a>, css: &str) -> ElementRef<'a> {
    element
        .select(&Selector::parse(css).unwrap())
        .next()
        .unwrap_or_else(|| panic!("no `{css}`"))
}

#[test]
fn dates_numbers_and_lists_follow_the_language() {
    let site = Built::of(&fixture());
    let updated = |path: &str| {
        let page = site.html(path);
        let time = one(&page, ".updated time");
        (attr(time, "datetime").unwrap().to_string(), text_of(time))
    };
    assert_eq!(
        updated("en/about/index.html"),
        ("2025-11-20".into(), "November 20, 2025".into())
    );
    assert_eq!(
        updated("es/about/index.html"),
        ("2025-11-20".into(), "20 de noviembre de 2025".into())
    );
    assert_eq!(
        updated("ar/about/index.html"),
        ("2025-11-20".into(), "٢٠ نوفمبر ٢٠٢٥".into())
    );

    let also_called = |path: &str| {
        let page = site.html(path);
        let glance = select(&page, ".glance dd");
        text_of(glance[0])
    };
    assert_eq!(
        also_called("en/strategies/peer-coaching/index.html"),
        "Peer mentoring, Buddy system, and Co-coaching"
    );
    assert_eq!(
        also_called("es/strategies/peer-coaching/index.html"),
        "Mentoría entre pares, Sistema de compañeros y Coacompañamiento"
    );
    assert_eq!(
        also_called("ar/strategies/peer-coaching/index.html"),
        "الإرشاد بين الأقران ونظام الزميل والتوجيه المشترك"
    );
    let resources = site.html("ar/resources/index.html");
    let first_meta = select(&resources, ".resource .meta")[0];
    assert!(
        text_of(first_meta).contains("٢٠٢٣"),
        "{}",
        text_of(first_meta)
    );
}

// The bundled example toolkit.

#[test]
fn example_toolkit_builds_with_spanish_fallback_pages() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let site = Built::of(root);
    for path in [
        "es/about/",
        "es/resources/",
        "es/strategies/training-workshops/",
        "es/change-packages/run-a-learning-collaborative/",
    ] {
        let page = site.html(&format!("{path}index.html"));
        assert_eq!(attr(one(&page, "html"), "lang"), Some("es"), "{path}");
        one(&page, ".translation-notice-fallback");
    }
    let home = site.html("es/index.html");
    assert!(select(&home, ".translation-notice").is_empty());
    let link = one(&home, "main a[href$='training-workshops/']");
    assert_eq!(
        attr(link, "href"),
        Some("../es/strategies/training-workshops/")
    );
    let report = report_json(root);
    let es = language(&report, "es");
    assert!(paths(&es["missing"]).contains(&"about.md".to_string()));
    assert!(es["outdated"].as_array().unwrap().is_empty(), "{es}");
}
