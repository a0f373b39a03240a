//! Change packages written the way real ones are: links from either side
//! (`serves`), ids in any case, a measurable aim, references, the data export
//! and the page's order (aim, then introduction).

use serde_json::Value;

use crate::support::*;
use cardstock::{Diagnostic, Error};

const FILE: &str = "content/en/change-packages/follow-up.md";
const PAGE: &str = "en/change-packages/follow-up/";

fn bottom_up() -> Workspace {
    let ws = Workspace::from_fixture("minimal");
    ws.overlay("change-package-bottom-up");
    ws
}

fn package_json(site: &BuiltSite) -> Value {
    serde_json::from_str(&site.text("en/change-packages/follow-up/change-package.json"))
        .expect("change-package.json is JSON")
}

/// The (from, to) edges of the exported graph, sorted.
fn edges(json: &Value) -> Vec<(String, String)> {
    let mut edges: Vec<(String, String)> = json["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["from"].as_str().unwrap().to_string(),
                e["to"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    edges.sort();
    edges
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = list
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
    v.sort();
    v
}

/// Diagnostics of a build after replacing the change package's front matter.
fn diagnostics_with(front: &str) -> (String, Vec<Diagnostic>) {
    let ws = Workspace::from_fixture("minimal");
    let text = format!("---\n{front}---\nBody.\n");
    ws.write(FILE, &text);
    match ws.build() {
        Ok(_) => panic!("the build succeeded"),
        Err(Error::Invalid(d)) => (text, d),
        Err(other) => panic!("expected diagnostics, got: {other}"),
    }
}

const HEAD: &str = "kind: change-package\ntitle: T\naim: Within a year, more people return.\n";

#[test]
fn serves_and_parent_lists_make_one_graph_with_lowercase_anchors() {
    let ws = bottom_up();
    let site = ws.site();
    let json = package_json(&site);
    assert_eq!(
        edges(&json),
        pairs(&[
            ("p1", "s1"),
            ("p1", "s2"),
            ("p2", "s2"),
            ("s1", "c1"),
            ("s2", "c1"),
            ("s2", "c2"),
        ])
    );
    let doc = site.page(PAGE);
    // Ids are written P1/C1 and referred to as p1/s2; anchors use one form.
    assert_eq!(
        text(one(&doc, "#idea-c1")),
        "Book the second visit at check-out"
    );
    let tree = one(&doc, "ul.driver-tree");
    let links: Vec<String> = select_in(tree, "a")
        .iter()
        .map(|a| attr(*a, "href"))
        .collect();
    assert_eq!(
        links,
        ["#idea-c1", "#idea-c1", "#idea-c2", "#idea-c1", "#idea-c2"]
    );
    // An idea says what it serves, merged from both directions.
    let serves = text(one(&doc, "#idea-c1 ~ p.serves"));
    assert!(
        serves.contains("The next visit is booked before people leave"),
        "{serves}"
    );
    assert!(serves.contains("People are reminded"), "{serves}");
    // The diagram draws the same edges: one line per edge plus one per primary driver from the aim.
    let svg = one(&doc, "main svg");
    assert_eq!(select_in(svg, "rect").len(), 1 + 2 + 2 + 2);
}

#[test]
fn the_same_link_written_from_both_sides_is_a_duplicate_with_its_line() {
    let front = format!(
        "{HEAD}primary_drivers:\n  - id: p1\n    title: A\n    secondary: [s1]\nsecondary_drivers:\n  - id: s1\n    title: B\n    serves: [P1]\n"
    );
    let (text_, list) = diagnostics_with(&front);
    assert_eq!(list.len(), 1, "{list:#?}");
    let d = &list[0];
    assert_eq!(d.file, FILE);
    assert_eq!(d.line, Some(line_of(&text_, "serves: [P1]")));
    assert!(d.message.contains("written twice"), "{}", d.message);
    assert!(
        d.help
            .as_deref()
            .unwrap()
            .contains(&format!("line {}", line_of(&text_, "secondary: [s1]"))),
        "{d:#?}"
    );
}

#[test]
fn serves_naming_the_wrong_level_or_an_unknown_id_names_its_line() {
    let front = format!(
        "{HEAD}primary_drivers:\n  - id: p1\n    title: A\nsecondary_drivers:\n  - id: s1\n    title: B\n    serves: [p1]\nchange_ideas:\n  - id: c1\n    title: C\n    serves: [p1]\n  - id: c2\n    title: D\n    serves:\n      - s9\n"
    );
    let (text_, list) = diagnostics_with(&front);
    assert_eq!(list.len(), 2, "{list:#?}");
    let wrong = list.iter().find(|d| d.message.contains("`p1`")).unwrap();
    assert_eq!(
        wrong.message,
        "change idea `c1` lists `p1` under `serves`, but `p1` is a primary driver, not a secondary driver"
    );
    let c1_line = line_of(&text_, "id: c1");
    assert_eq!(wrong.line, Some(c1_line + 2));
    let unknown = list.iter().find(|d| d.message.contains("`s9`")).unwrap();
    assert_eq!(
        unknown.message,
        "change idea `c2` refers to unknown secondary driver `s9`"
    );
    assert_eq!(unknown.line, Some(line_of(&text_, "- s9")));
    assert_eq!(unknown.help.as_deref(), Some("did you mean `s1`?"));
}

#[test]
fn ids_differing_only_in_case_are_one_id() {
    let front = format!(
        "{HEAD}primary_drivers:\n  - id: P1\n    title: A\n    secondary: [S1]\nsecondary_drivers:\n  - id: S1\n    title: B\nchange_ideas:\n  - id: C9\n    title: C\n    serves: [s1]\n  - id: c9\n    title: D\n"
    );
    let (text_, list) = diagnostics_with(&front);
    assert_eq!(list.len(), 1, "{list:#?}");
    let d = &list[0];
    assert_eq!(
        d.message,
        format!(
            "the change idea id `c9` is the change idea id `C9` (line {}) written in another case",
            line_of(&text_, "id: C9")
        )
    );
    assert_eq!(d.line, Some(line_of(&text_, "id: c9")));
}

#[test]
fn measurable_aim_is_a_sentence_a_table_and_data() {
    let ws = bottom_up();
    let site = ws.site();
    let doc = site.page(PAGE);
    let sentence = "Increase the share who return within 14 days among adults seen for a first visit from 45% to 80% within 12 months.";
    assert_eq!(text(one(&doc, "p.aim")), sentence);
    // The diagram's aim box holds the same sentence (wrapped over lines).
    let svg_text: String = text(one(&doc, "main svg"));
    assert!(svg_text.contains("Increase the share who"), "{svg_text}");
    let rows: Vec<(String, String)> = select(&doc, "table.aim-at-a-glance tr")
        .into_iter()
        .map(|tr| (text(select_in(tr, "th")[0]), text(select_in(tr, "td")[0])))
        .collect();
    let expected: Vec<(String, String)> = [
        ("population", "adults seen for a first visit"),
        ("measure", "the share who return within 14 days"),
        ("baseline", "45%"),
        ("target", "80%"),
        ("direction", "Increase"),
        ("timeframe", "within 12 months"),
    ]
    .iter()
    .map(|(k, v)| {
        (
            ui("en", &format!("change_package.aim_fields.{k}")),
            v.to_string(),
        )
    })
    .collect();
    assert_eq!(rows, expected);
    let json = package_json(&site);
    assert_eq!(json["aim"]["text"], sentence);
    assert_eq!(json["aim"]["measurable"]["baseline"], 45.0);
    assert_eq!(json["aim"]["measurable"]["direction"], "increase");
}

#[test]
fn measurable_aim_sentence_in_every_built_in_language() {
    let ws = bottom_up();
    let en = ws.read(FILE);
    ws.write(
        "content/es/change-packages/follow-up.md",
        &en.replace("title: Improve follow-up", "title: Mejorar el seguimiento"),
    );
    let site = ws.site();
    let doc = site.page("es/change-packages/follow-up/");
    assert!(
        text(one(&doc, "p.aim")).starts_with("Aumentar the share who return"),
        "{}",
        text(one(&doc, "p.aim"))
    );
    for lang in ["en", "es", "ar"] {
        for pattern in ["increase", "decrease", "reach"] {
            let p = ui(lang, &format!("change_package.aim_sentence.{pattern}"));
            for field in ["{measure}", "{population}", "{target}", "{timeframe}"] {
                assert!(p.contains(field), "{lang} {pattern} lacks {field}");
            }
            assert_eq!(
                p.contains("{baseline}"),
                pattern != "reach",
                "{lang} {pattern}"
            );
        }
    }
}

#[test]
fn bad_measurable_aims_name_their_lines() {
    let base = "kind: change-package\ntitle: T\nprimary_drivers:\n  - id: p1\n    title: A\nmeasurable_aim:\n  population: adults\n  measure: returns\n  target: 80\n  timeframe: within a year\n";
    let (text_, list) = diagnostics_with(&format!("{base}  direction: upwards\n"));
    assert_eq!(list.len(), 1, "{list:#?}");
    assert_eq!(list[0].message, "`upwards` is not a direction");
    assert_eq!(list[0].line, Some(line_of(&text_, "direction: upwards")));

    let (text_, list) = diagnostics_with(&format!("{base}  direction: increase\n"));
    assert_eq!(list.len(), 1, "{list:#?}");
    assert_eq!(
        list[0].message,
        "a target with a direction needs a `baseline`"
    );
    assert_eq!(list[0].line, Some(line_of(&text_, "target: 80")));

    let (_, list) = diagnostics_with(&format!("{base}  direction: decrease\n  baseline: 40\n"));
    assert_eq!(
        list[0].message,
        "the target 80 is not a decrease from the baseline 40"
    );

    // Without a direction, a target alone is fine.
    let ws = Workspace::from_fixture("minimal");
    ws.write(FILE, &format!("---\n{base}---\n"));
    let home = ws
        .read("content/en/index.md")
        .replace("#idea-book-at-checkout", "");
    ws.write("content/en/index.md", &home);
    let doc = ws.site().page(PAGE);
    assert_eq!(
        text(one(&doc, "p.aim")),
        "Reach 80 for returns among adults within a year."
    );
}

#[test]
fn introduction_follows_the_aim_and_is_on_this_page() {
    let doc = bottom_up().site().page(PAGE);
    let headings: Vec<String> = select(&doc, "article > section > h2")
        .into_iter()
        .map(|h| attr(h, "id"))
        .collect();
    let aim = headings.iter().position(|h| h == "aim").unwrap();
    assert_eq!(headings[aim + 1], "introduction", "{headings:?}");
    let intro = one(&doc, "#introduction");
    let section = intro.parent().and_then(scraper::ElementRef::wrap).unwrap();
    assert!(text(section).contains("This change package tests small changes"));
    let toc: Vec<String> = select(&doc, "nav.page-toc a")
        .into_iter()
        .map(|a| attr(a, "href"))
        .collect();
    assert_eq!(toc[..2], ["#aim".to_string(), "#introduction".to_string()]);
    assert!(toc.contains(&"#references".to_string()), "{toc:?}");
}

#[test]
fn definition_column_only_when_a_measure_has_one() {
    let doc = bottom_up().site().page(PAGE);
    let tables = select(&doc, "#package-measures ~ table.measures");
    assert_eq!(tables.len(), 2);
    // Outcome: one measure with a definition → two columns.
    assert_eq!(select_in(tables[0], "thead th").len(), 2);
    assert_eq!(select_in(tables[0], "tbody td").len(), 1);
    // Balancing: no definitions → no Definition column, no empty cells.
    assert_eq!(select_in(tables[1], "thead th").len(), 1);
    assert!(select_in(tables[1], "td").is_empty());
}

#[test]
fn references_are_listed_and_exported() {
    let ws = bottom_up();
    let site = ws.site();
    let doc = site.page(PAGE);
    let links: Vec<(String, String)> = select(&doc, "#references ~ ul.references a")
        .into_iter()
        .map(|a| (text(a), attr(a, "href")))
        .collect();
    assert_eq!(
        links,
        [
            (
                "The Improvement Guide".to_string(),
                "https://example.org/improvement-guide".to_string()
            ),
            (
                "Reminders and attendance, a review".to_string(),
                "https://doi.org/10.1000/reminders.2020".to_string()
            ),
        ]
    );
    let json = package_json(&site);
    assert_eq!(json["references"][1]["doi"], "10.1000/reminders.2020");
    let (_, list) = diagnostics_with(&format!(
        "{HEAD}primary_drivers:\n  - id: p1\n    title: A\nreferences:\n  - title: No address\n"
    ));
    assert_eq!(list.len(), 1, "{list:#?}");
    assert_eq!(list[0].message, "`references` needs a `url` or a `doi`");
}

#[test]
fn change_package_json_holds_the_whole_package_and_is_linked() {
    let ws = bottom_up();
    let site = ws.site();
    let doc = site.page(PAGE);
    let link = one(&doc, "p.downloads a[type='application/json']");
    assert_eq!(attr(link, "href"), "change-package.json");
    let json = package_json(&site);
    assert_eq!(json["title"], "Improve follow-up");
    assert_eq!(json["language"], "en");
    let ids = |key: &str| -> Vec<String> {
        json[key]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["id"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(ids("primary_drivers"), ["p1", "p2"]);
    assert_eq!(ids("secondary_drivers"), ["s1", "s2"]);
    assert_eq!(ids("change_ideas"), ["c1", "c2"]);
    assert_eq!(json["change_ideas"][0]["measures"][0]["type"], "process");
    assert_eq!(
        json["measures"][0]["definition"],
        "Share of first visits followed by a second visit within 14 days."
    );
    // The minimal fixture's top-down package exports its PDSA cycles with `do`.
    let (_dir, minimal) = build_into_temp(&fixture("minimal"), None);
    let json = package_json(&minimal);
    assert_eq!(
        json["change_ideas"][0]["pdsa"][0]["do"],
        "Offer two times at check-out."
    );
    assert!(json["edges"].as_array().unwrap().len() >= 5);
}
