//! Downloadable citations (RIS, BibTeX, CSL-JSON) of each card, change
//! package and resource list, carried in `data:` URLs in the page's download
//! links (no files beside the page), read back with parsers: serde_json and a
//! structural check here, and, where Python has them, `urllib` (which decodes
//! the `data:` URL itself), `bibtexparser` and `rispy` (tools no one here wrote).

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

/// The download links of a page's citation block, in order: (href, file name).
fn download_links(site: &BuiltSite, page: &str) -> Vec<(String, String)> {
    let doc = site.page(page);
    select(&doc, "section.citation p.citation-downloads a")
        .into_iter()
        .map(|a| (attr(a, "href"), attr(a, "download")))
        .collect()
}

/// The text of the page's download in the format whose file name ends in
/// `extension`, decoded from its `data:` URL.
fn download(site: &BuiltSite, page: &str, extension: &str) -> String {
    let (href, _) = download_links(site, page)
        .into_iter()
        .find(|(_, name)| name.ends_with(extension))
        .unwrap_or_else(|| panic!("{page}: no {extension} download"));
    let (head, data) = href
        .strip_prefix("data:")
        .and_then(|rest| rest.split_once(','))
        .unwrap_or_else(|| panic!("{page}: not a data: URL: {href}"));
    assert!(head.ends_with(";charset=utf-8"), "{head}");
    percent_encoding::percent_decode_str(data)
        .decode_utf8()
        .expect("UTF-8")
        .into_owned()
}

fn csl(site: &BuiltSite, page: &str) -> Vec<Value> {
    let text = download(site, page, ".json");
    serde_json::from_str::<Value>(&text)
        .expect("CSL-JSON is JSON")
        .as_array()
        .expect("CSL-JSON is an array of items")
        .clone()
}

#[test]
fn citations_download_from_data_urls_and_hold_the_page_and_what_it_cites() {
    let ws = site_with_specials();
    let site = ws.site();
    let names = [
        ("en/strategies/peer-support/", "peer-support"),
        ("en/change-packages/follow-up/", "follow-up"),
        ("en/resources/", "resources"),
    ];
    for ((page, count), (_, name)) in PAGES.into_iter().zip(names) {
        let links = download_links(&site, page);
        let types: Vec<&str> = links
            .iter()
            .map(|(href, _)| href.split([';', ',']).next().unwrap())
            .collect();
        assert_eq!(
            types,
            [
                "data:application/x-research-info-systems",
                "data:application/x-bibtex",
                "data:application/vnd.citationstyles.csl+json"
            ],
            "{page}"
        );
        // The file name the browser saves says which page it cites.
        let files: Vec<&str> = links.iter().map(|(_, file)| file.as_str()).collect();
        assert_eq!(
            files,
            [
                format!("{name}.ris"),
                format!("{name}.bib"),
                format!("{name}.json")
            ],
            "{page}"
        );
        // Only URL code points: valid in an HTML attribute as it is.
        for (href, _) in &links {
            assert!(
                href.chars()
                    .all(|c| c.is_ascii_alphanumeric() || "!$()*+,-./:;=?@_~%".contains(c)),
                "{href}"
            );
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
        let ris = download(&site, page, ".ris");
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

        let bib = download(&site, page, ".bib");
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

/// Opens the `data:` URLs with Python's `urllib` and parses what they hold
/// with bibtexparser and rispy, printing the titles found.
const READ_BACK: &str = r#"
import io, json, sys, urllib.request
import bibtexparser, rispy
def download(url):
    return urllib.request.urlopen(url).read().decode("utf-8")
bib = download(sys.argv[1])
if hasattr(bibtexparser, "parse_string"):
    library = bibtexparser.parse_string(bib)
    assert not library.failed_blocks, library.failed_blocks
    entries = [{"key": e.key, **{f.key: f.value for f in e.fields}} for e in library.entries]
else:
    entries = [dict(e, key=e["ID"]) for e in bibtexparser.loads(bib).entries]
ris = rispy.load(io.StringIO(download(sys.argv[2])))
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
        let links = download_links(&site, page);
        let href = |extension: &str| {
            links
                .iter()
                .find(|(_, name)| name.ends_with(extension))
                .map(|(href, _)| href.clone())
                .unwrap()
        };
        let out = Command::new("python3")
            .arg("-c")
            .arg(READ_BACK)
            .arg(href(".bib"))
            .arg(href(".ris"))
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
    let dir = tempfile::tempdir().unwrap();
    for (i, (page, _)) in PAGES.into_iter().enumerate() {
        let json = dir.path().join(format!("{i}.json"));
        std::fs::write(&json, download(&site, page, ".json")).unwrap();
        let out = Command::new("python3")
            .arg("-c")
            .arg(VALIDATE_CSL)
            .arg(fixture("csl/csl-data.json"))
            .arg(&json)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{page}: CSL-JSON against the CSL schema:\n{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

#[test]
fn no_citation_files_are_written_and_no_link_breaks() {
    let ws = site_with_specials();
    let site = ws.site();
    let beside_pages: Vec<String> = snapshot(&site.root)
        .into_keys()
        .filter(|p| p.rsplit('/').next().unwrap().starts_with("citation."))
        .collect();
    assert_eq!(beside_pages, Vec::<String>::new());
    assert_eq!(site.broken_links(), Vec::<String>::new());
}
