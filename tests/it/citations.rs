//! Downloadable citations (RIS, BibTeX, CSL-JSON) beside each card, change
//! package and resource list, read back with parsers: serde_json and a
//! structural check here, and, where Python has them, `bibtexparser` and
//! `rispy` (tools no one here wrote).

use std::process::Command;

use serde_json::Value;

use crate::support::*;

/// The cited pages of the minimal fixture, with the number of items each file
/// must hold (the page itself plus what it cites).
const PAGES: [(&str, usize); 3] = [
    ("en/strategies/peer-support/", 3),
    ("en/change-packages/follow-up/", 3),
    ("en/resources/", 4),
];

fn site_with_specials() -> Workspace {
    let ws = Workspace::from_fixture("minimal");
    ws.overlay("change-package-bottom-up");
    let card = ws
        .read("content/en/strategies/peer-support.md")
        .replace(
            "title: A key article on peer support",
            "title: \"Peer support & recovery: {50%} of #1_cases\"\n  publisher: Example Press\n  year: 2021\n  lang: es",
        );
    ws.write("content/en/strategies/peer-support.md", &card);
    ws
}

fn csl(site: &BuiltSite, page: &str) -> Vec<Value> {
    let text = site.text(&format!("{page}citation.json"));
    serde_json::from_str::<Value>(&text)
        .expect("CSL-JSON is JSON")
        .as_array()
        .expect("CSL-JSON is an array of items")
        .clone()
}

#[test]
fn citation_files_are_linked_and_hold_the_page_and_what_it_cites() {
    let ws = site_with_specials();
    let site = ws.site();
    for (page, count) in PAGES {
        let doc = site.page(page);
        let links: Vec<String> = select(&doc, "section.citation p.citation-downloads a")
            .into_iter()
            .map(|a| attr(a, "href"))
            .collect();
        assert_eq!(
            links,
            ["citation.ris", "citation.bib", "citation.json"],
            "{page}"
        );
        for href in &links {
            assert!(site.exists(&format!("{page}{href}")), "{page}{href}");
        }
        let items = csl(&site, page);
        assert_eq!(items.len(), count, "{page}: {items:#?}");
        let me = &items[0];
        assert_eq!(me["type"], "webpage");
        assert_eq!(me["URL"], format!("{}{page}", site.base_url));
        assert_eq!(me["author"][0]["literal"], "Fixture Center");
        assert_eq!(me["language"], "en");
        assert_eq!(me["issued"]["date-parts"][0][0], 2025);
        // Every item has the keys CSL requires, a known type and a unique id.
        let mut ids: Vec<&str> = items.iter().map(|i| i["id"].as_str().unwrap()).collect();
        for item in &items {
            assert!(
                [
                    "webpage",
                    "article-journal",
                    "book",
                    "report",
                    "motion_picture",
                    "document"
                ]
                .contains(&item["type"].as_str().unwrap()),
                "{item}"
            );
            assert!(item["title"].is_string());
        }
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), count);
    }
    let card = csl(&site, "en/strategies/peer-support/");
    let key = &card[1];
    assert_eq!(key["title"], "Peer support & recovery: {50%} of #1_cases");
    assert_eq!(key["DOI"], "10.1000/peer.1");
    assert_eq!(key["publisher"], "Example Press");
    assert_eq!(key["language"], "es");
    assert_eq!(key["issued"]["date-parts"][0][0], 2021);
    assert_eq!(card[2]["URL"], "https://example.org/peer-program");
    let resources = csl(&site, "en/resources/");
    assert_eq!(resources[2]["DOI"], "10.1000/article.2");
    assert_eq!(resources[2]["type"], "article-journal");
    // The key citation's language marks its link.
    let doc = site.page("en/strategies/peer-support/");
    let link = one(&doc, "a[href='https://doi.org/10.1000/peer.1']");
    assert_eq!(attr(link, "lang"), "es");
}

#[test]
fn ris_and_bibtex_have_one_record_per_item() {
    let ws = site_with_specials();
    let site = ws.site();
    for (page, count) in PAGES {
        let ris = site.text(&format!("{page}citation.ris"));
        let mut records = 0;
        let mut open = false;
        for line in ris.lines().filter(|l| !l.is_empty()) {
            let (tag, value) = line
                .split_once("  - ")
                .unwrap_or_else(|| panic!("not a RIS line: {line:?}"));
            assert!(
                tag.len() == 2
                    && tag
                        .chars()
                        .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit()),
                "{line:?}"
            );
            match tag {
                "TY" => {
                    assert!(!open, "TY inside a record");
                    open = true;
                    records += 1;
                }
                "ER" => {
                    assert!(open);
                    open = false;
                }
                _ => assert!(open && !value.is_empty(), "{line:?}"),
            }
        }
        assert!(!open);
        assert_eq!(records, count, "{page}");

        let bib = site.text(&format!("{page}citation.bib"));
        assert_eq!(
            bib.matches("\n@").count() + usize::from(bib.starts_with('@')),
            count
        );
        // Braces balance, counting only those not escaped.
        let mut depth = 0i32;
        let mut escaped = false;
        for c in bib.chars() {
            match (escaped, c) {
                (false, '\\') => escaped = true,
                (false, '{') => depth += 1,
                (false, '}') => depth -= 1,
                _ => escaped = false,
            }
            assert!(depth >= 0);
        }
        assert_eq!(depth, 0, "{bib}");
    }
}

/// `python3` with the modules, or why not.
fn python_with(modules: &[&str]) -> Result<(), String> {
    let check = format!("import {}", modules.join(", "));
    match Command::new("python3").args(["-c", &check]).output() {
        Ok(out) if out.status.success() => Ok(()),
        Ok(out) => Err(String::from_utf8_lossy(&out.stderr).trim().to_string()),
        Err(e) => Err(format!("python3: {e}")),
    }
}

/// Parses the files with bibtexparser and rispy, printing the titles found.
const READ_BACK: &str = r#"
import json, sys
import bibtexparser, rispy
bib = open(sys.argv[1], encoding="utf-8").read()
if hasattr(bibtexparser, "parse_string"):
    library = bibtexparser.parse_string(bib)
    assert not library.failed_blocks, library.failed_blocks
    entries = [{"key": e.key, **{f.key: f.value for f in e.fields}} for e in library.entries]
else:
    entries = [dict(e, key=e["ID"]) for e in bibtexparser.loads(bib).entries]
with open(sys.argv[2], encoding="utf-8") as f:
    ris = rispy.load(f)
print(json.dumps({
    "bibtex": [{"key": e["key"], "title": e.get("title"), "doi": e.get("doi")} for e in entries],
    "ris": [{"type": r.get("type_of_reference"), "title": r.get("title") or r.get("primary_title"), "doi": r.get("doi"), "url": r.get("urls") or r.get("url")} for r in ris],
}))
"#;

#[test]
fn bibtexparser_and_rispy_read_the_files_back() {
    if let Err(why) = python_with(&["bibtexparser", "rispy"]) {
        if std::env::var_os("CI").is_some() {
            panic!("CI must have bibtexparser and rispy (`pip install bibtexparser rispy`): {why}");
        }
        println!(
            "skipped: the Python packages bibtexparser and rispy are missing ({why}); `pip install bibtexparser rispy` to run this test"
        );
        return;
    }
    let ws = site_with_specials();
    let site = ws.site();
    for (page, count) in PAGES {
        let dir = site.root.join(page);
        let out = Command::new("python3")
            .arg("-c")
            .arg(READ_BACK)
            .arg(dir.join("citation.bib"))
            .arg(dir.join("citation.ris"))
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{page}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let parsed: Value = serde_json::from_slice(&out.stdout).unwrap();
        let csl = csl(&site, page);
        let bibtex = parsed["bibtex"].as_array().unwrap();
        let ris = parsed["ris"].as_array().unwrap();
        assert_eq!(bibtex.len(), count, "{page}: {parsed:#}");
        assert_eq!(ris.len(), count, "{page}: {parsed:#}");
        for ((item, b), r) in csl.iter().zip(bibtex).zip(ris) {
            assert_eq!(b["key"], item["id"]);
            assert_eq!(r["title"], item["title"], "RIS title of {}", item["id"]);
            if let Some(doi) = item["DOI"].as_str() {
                assert_eq!(b["doi"], doi);
                assert_eq!(r["doi"], doi);
            }
            // BibTeX keeps its escapes; without them the title is the item's.
            let title = b["title"].as_str().unwrap();
            let unescaped = title
                .trim_start_matches('{')
                .trim_end_matches('}')
                .replace("\\&", "&")
                .replace("\\%", "%")
                .replace("\\#", "#")
                .replace("\\_", "_")
                .replace("\\{", "{")
                .replace("\\}", "}");
            assert_eq!(unescaped, item["title"].as_str().unwrap());
        }
    }
}

/// Validates CSL-JSON against the Citation Style Language's own schema
/// (`tests/fixtures/csl/csl-data.json`, MIT, from citation-style-language/schema).
const VALIDATE_CSL: &str = r#"
import json, sys
import jsonschema
schema = json.load(open(sys.argv[1], encoding="utf-8"))
data = json.load(open(sys.argv[2], encoding="utf-8"))
errors = [f"{list(e.path)}: {e.message}" for e in jsonschema.Draft7Validator(schema).iter_errors(data)]
print("\n".join(errors))
sys.exit(1 if errors else 0)
"#;

#[test]
fn csl_json_is_valid_against_the_csl_schema() {
    if let Err(why) = python_with(&["jsonschema"]) {
        if std::env::var_os("CI").is_some() {
            panic!("CI must have jsonschema (`pip install jsonschema`): {why}");
        }
        println!(
            "skipped: the Python package jsonschema is missing ({why}); `pip install jsonschema` to run this test"
        );
        return;
    }
    let ws = site_with_specials();
    let site = ws.site();
    for (page, _) in PAGES {
        let out = Command::new("python3")
            .arg("-c")
            .arg(VALIDATE_CSL)
            .arg(fixture("csl/csl-data.json"))
            .arg(site.root.join(page).join("citation.json"))
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{page}citation.json against the CSL schema:\n{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
}
