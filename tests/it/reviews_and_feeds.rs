//! Keeping guidance current: the `reviewed` date shown beside `updated`, the
//! `review-overdue` check warning (settings: `review_after_months`), and the
//! Atom feed of each language, linked from every page's head.

use roxmltree::Document;

use crate::support::*;
use cardstock::check_toolkit;

fn reviewed() -> Workspace {
    let ws = Workspace::from_fixture("minimal");
    ws.overlay("reviewed");
    ws
}

#[test]
fn reviewed_date_is_shown_with_updated() {
    let ws = reviewed();
    let doc = ws.site().page("en/strategies/peer-support/");
    let times: Vec<(String, String)> = select(&doc, "header p.updated time")
        .into_iter()
        .map(|t| (attr(t, "datetime"), text(t)))
        .collect();
    assert_eq!(
        times,
        [
            ("2026-01-10".to_string(), "January 10, 2026".to_string()),
            ("2019-05-02".to_string(), "May 2, 2019".to_string()),
        ]
    );
    let reviewed = one(&doc, "header p.updated .reviewed");
    assert!(text(reviewed).starts_with(&ui("en", "page.reviewed")));
}

#[test]
fn pages_not_reviewed_within_the_setting_are_warnings_with_their_line() {
    let ws = reviewed();
    let report = check_toolkit(&ws.toolkit);
    let mut overdue: Vec<(String, Option<usize>, String)> = report
        .findings
        .iter()
        .filter(|f| f.rule == "review-overdue")
        .map(|f| {
            (
                f.diagnostic.file.clone(),
                f.diagnostic.line,
                f.diagnostic.message.clone(),
            )
        })
        .collect();
    overdue.sort();
    let card = "content/en/strategies/peer-support.md";
    assert_eq!(
        overdue,
        [
            (
                "content/en/change-packages/follow-up.md".to_string(),
                Some(3),
                "`Improve follow-up` has never been reviewed".to_string()
            ),
            (
                "content/en/resources/index.md".to_string(),
                Some(3),
                "`Resources` has never been reviewed".to_string()
            ),
            (
                card.to_string(),
                Some(line_of(&ws.read(card), "reviewed: 2019-05-02")),
                "`Peer Support` was last reviewed on 2019-05-02, more than 12 months ago"
                    .to_string()
            ),
            // A translation is reviewed on its own.
            (
                "content/es/strategies/peer-support.md".to_string(),
                Some(3),
                "`Apoyo entre pares` has never been reviewed".to_string()
            ),
        ]
    );
    assert!(
        report
            .findings
            .iter()
            .filter(|f| f.rule == "review-overdue")
            .all(|f| f.severity == cardstock::check::Severity::Warning)
    );
    // Without the setting there is no such warning.
    let plain = check_toolkit(&fixture("minimal"));
    assert!(plain.findings.iter().all(|f| f.rule != "review-overdue"));
}

#[test]
fn a_reviewed_value_that_is_not_a_date_names_its_line() {
    let ws = Workspace::from_fixture("minimal");
    let file = "content/en/about.md";
    let text = ws
        .read(file)
        .replacen("title:", "reviewed: last spring\ntitle:", 1);
    ws.write(file, &text);
    let Err(cardstock::Error::Invalid(list)) = ws.build() else {
        panic!("the build succeeded");
    };
    assert_eq!(list.len(), 1, "{list:#?}");
    assert_eq!(list[0].message, "`last spring` is not a date");
    assert_eq!(list[0].line, Some(line_of(&text, "reviewed: last spring")));
}

fn child<'a, 'i>(node: roxmltree::Node<'a, 'i>, name: &str) -> roxmltree::Node<'a, 'i> {
    node.children()
        .find(|c| c.tag_name().name() == name)
        .unwrap_or_else(|| panic!("no <{name}>"))
}

#[test]
fn each_language_has_an_atom_feed_linked_from_the_head() {
    let ws = reviewed();
    let site = ws.site();
    for lang in ["en", "es"] {
        let doc = site.page(&format!("{lang}/"));
        let link = one(
            &doc,
            "head link[rel='alternate'][type='application/atom+xml']",
        );
        match site.resolve(&format!("{lang}/index.html"), &attr(link, "href")) {
            Link::Internal { file, .. } => assert_eq!(file, format!("{lang}/feed.xml")),
            other => panic!("the feed link leads to {other:?}"),
        }
        assert_eq!(attr(link, "title"), ui(lang, "feed.title"));
    }
    let text = site.text("en/feed.xml");
    let feed = Document::parse(&text).expect("the feed is XML");
    let root = feed.root_element();
    assert_eq!(
        root.tag_name().namespace(),
        Some("http://www.w3.org/2005/Atom")
    );
    assert_eq!(root.tag_name().name(), "feed");
    // The feed's required elements (RFC 4287 §4.1.1).
    assert_eq!(child(root, "title").text(), Some("Minimal Toolkit"));
    assert_eq!(
        child(root, "id").text(),
        Some("https://example.org/minimal/en/")
    );
    assert_eq!(child(root, "updated").text(), Some("2999-01-01T00:00:00Z"));
    assert_eq!(
        child(child(root, "author"), "name").text(),
        Some("Fixture Center")
    );
    let entries: Vec<(String, String, String)> = root
        .children()
        .filter(|c| c.tag_name().name() == "entry")
        .map(|e| {
            (
                child(e, "title").text().unwrap().to_string(),
                child(e, "link").attribute("href").unwrap().to_string(),
                child(e, "updated").text().unwrap().to_string(),
            )
        })
        .collect();
    // Newest first; pages without `updated` are not listed.
    assert_eq!(
        entries,
        [
            (
                "Warm Handoff".to_string(),
                "https://example.org/minimal/en/strategies/warm-handoff/".to_string(),
                "2999-01-01T00:00:00Z".to_string()
            ),
            (
                "Peer Support".to_string(),
                "https://example.org/minimal/en/strategies/peer-support/".to_string(),
                "2026-01-10T00:00:00Z".to_string()
            ),
        ]
    );
    // The Spanish feed lists only Spanish pages (its card has no `updated`).
    let es = Document::parse(&site.text("es/feed.xml"))
        .unwrap()
        .root_element()
        .children()
        .filter(|c| c.tag_name().name() == "entry")
        .count();
    assert_eq!(es, 0);
}

/// `serve` writes the feed again when a listed page's title changes, not only
/// its `updated` date (the sitemap needs only the latter).
#[test]
fn serve_renews_the_feed_when_a_title_changes() {
    let ws = reviewed();
    let (mut project, outcome) = cardstock::serve::rebuild::Project::open(&ws.toolkit).unwrap();
    assert!(outcome.result.is_ok());
    let titles = |project: &cardstock::serve::rebuild::Project| -> Vec<String> {
        let bytes = project.file("en/feed.xml").expect("a feed").clone();
        let text = String::from_utf8(bytes.to_vec()).unwrap();
        let feed = Document::parse(&text).unwrap();
        feed.root_element()
            .children()
            .filter(|c| c.tag_name().name() == "entry")
            .map(|e| child(e, "title").text().unwrap().to_string())
            .collect()
    };
    assert_eq!(titles(&project), ["Warm Handoff", "Peer Support"]);
    let file = "content/en/strategies/peer-support.md";
    ws.write(
        file,
        &ws.read(file)
            .replace("title: Peer Support", "title: Peer Support Services"),
    );
    let outcome = project.apply(&[ws.toolkit.join(file)]).expect("a rebuild");
    assert!(outcome.result.is_ok());
    assert_eq!(titles(&project), ["Warm Handoff", "Peer Support Services"]);
}
