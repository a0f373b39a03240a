//! Translation exchange files end to end: `translations export` (XLIFF 1.2,
//! PO), checked by tools no one here wrote (gettext's `msgfmt`, the Translate
//! Toolkit's `pocount`, `po2xliff`, `xliff2po` and PO library), a translator's
//! round trip through `translations import` to the built page, and
//! `translations diff` on a git history.
//!
//! Outside CI a missing tool skips its test with a note; with `CI=true` a
//! missing tool fails it (`.ci/run` installs them).

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

use crate::support::{Workspace, hrefs, one, select};

pub(crate) fn cardstock(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cardstock"))
        .args(args)
        .output()
        .expect("run cardstock")
}

pub(crate) use crate::support::ok;

/// Whether an outside tool is there; outside CI its absence skips the test.
pub(crate) fn have(tool: &str, probe: &[&str]) -> bool {
    let found = Command::new(tool)
        .args(probe)
        .output()
        .is_ok_and(|o| o.status.success());
    if !found {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "{tool} is missing; .ci/run installs it"
        );
        eprintln!("note: {tool} is not installed; skipping (run .ci/run or install it)");
    }
    found
}

pub(crate) fn have_translate_toolkit() -> bool {
    have("python3", &["-c", "import translate.storage.po"])
}

pub(crate) fn script(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/exchange")
        .join(name)
}

/// The i18n fixture in a git repository, its first version committed.
pub(crate) fn toolkit_in_git() -> Workspace {
    let ws = Workspace::from_fixture("i18n");
    git(&ws.toolkit, &["init", "-q"]);
    commit(&ws.toolkit, "first version");
    ws
}

pub(crate) fn git(dir: &Path, args: &[&str]) {
    let output = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(["-c", "user.name=Test", "-c", "user.email=test@example.org"])
        .args(args)
        .output()
        .expect("git runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

pub(crate) fn commit(dir: &Path, message: &str) {
    git(dir, &["add", "-A"]);
    git(dir, &["commit", "-q", "-m", message]);
}

pub(crate) fn export(ws: &Workspace, format: &str, bundle: bool) -> (PathBuf, String) {
    let out = ws.toolkit.join("exchange");
    let mut args = vec![
        "translations",
        "export",
        "es",
        "--format",
        format,
        "--out",
        out.to_str().unwrap(),
        "--toolkit",
        ws.toolkit.to_str().unwrap(),
    ];
    if bundle {
        args.push("--bundle");
    }
    let report = ok(cardstock(&args));
    (out, report)
}

pub(crate) fn import(ws: &Workspace, files: &[&Path], force: bool) -> Output {
    let mut args = vec!["translations", "import", "es"];
    args.extend(files.iter().map(|f| f.to_str().unwrap()));
    args.extend(["--toolkit", ws.toolkit.to_str().unwrap()]);
    if force {
        args.push("--force");
    }
    cardstock(&args)
}

pub(crate) fn report(ws: &Workspace) -> Value {
    let out = ok(cardstock(&[
        "translations",
        ws.toolkit.to_str().unwrap(),
        "--format",
        "json",
    ]));
    serde_json::from_str(&out).unwrap()
}

pub(crate) fn spanish_paths(report: &Value, state: &str) -> Vec<String> {
    let es = report["languages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["code"] == "es")
        .unwrap();
    es[state]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["path"].as_str().unwrap().to_string())
        .collect()
}

/// Per page, the counts `export` printed: `path: N units: T translated, F needing review, U untranslated`.
pub(crate) fn printed_counts(report: &str) -> BTreeMap<String, [usize; 4]> {
    report
        .lines()
        .filter_map(|line| {
            let (path, rest) = line.split_once(": ")?;
            let numbers: Vec<usize> = rest
                .split(|c: char| !c.is_ascii_digit())
                .filter_map(|n| n.parse().ok())
                .take(4)
                .collect();
            (numbers.len() == 4 && path.ends_with(".md")).then(|| {
                (
                    path.to_string(),
                    [numbers[0], numbers[1], numbers[2], numbers[3]],
                )
            })
        })
        .collect()
}

#[test]
fn exported_po_passes_msgfmt_and_pocount_counts_the_same() {
    let ws = toolkit_in_git();
    let (out, printed) = export(&ws, "po", false);
    let counts = printed_counts(&printed);
    assert!(counts.len() >= 6, "{printed}");
    if !have("msgfmt", &["--version"]) {
        return;
    }
    for page in counts.keys() {
        let file = out.join("es").join(page.replace(".md", ".po"));
        let check = Command::new("msgfmt")
            .arg("--check")
            .arg("-o")
            .arg("/dev/null")
            .arg(&file)
            .output()
            .unwrap();
        assert!(
            check.status.success(),
            "{page}: {}",
            String::from_utf8_lossy(&check.stderr)
        );
    }
    if !have("pocount", &["--help"]) {
        return;
    }
    for (page, counts) in &counts {
        let file = out.join("es").join(page.replace(".md", ".po"));
        assert_eq!(pocount(&file), *counts, "{page}");
    }
}

/// What `pocount` counts in a PO file: total, translated, fuzzy, untranslated.
pub(crate) fn pocount(file: &Path) -> [usize; 4] {
    let csv = ok(Command::new("pocount")
        .arg("--csv")
        .arg(file)
        .output()
        .unwrap());
    // Columns by the CSV's own header: Total Message, Translated Messages, Fuzzy Messages, Untranslated Messages.
    let mut lines = csv.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').map(str::trim).collect();
    let row: Vec<&str> = lines.next().unwrap().split(',').map(str::trim).collect();
    let n = |name: &str| {
        let i = header
            .iter()
            .position(|h| *h == name)
            .unwrap_or_else(|| panic!("no {name} in {header:?}"));
        row[i].parse::<usize>().unwrap()
    };
    [
        n("Total Message"),
        n("Translated Messages"),
        n("Fuzzy Messages"),
        n("Untranslated Messages"),
    ]
}

#[test]
fn xliff_is_1_2_with_spec_states_and_converts_like_the_po() {
    let ws = toolkit_in_git();
    let (out, _) = export(&ws, "xliff", true);
    let xml = fs::read_to_string(out.join("es.xlf")).unwrap();
    let doc = roxmltree::Document::parse(&xml).expect("well-formed XML");
    let root = doc.root_element();
    assert_eq!(
        root.tag_name().namespace(),
        Some("urn:oasis:names:tc:xliff:document:1.2")
    );
    assert_eq!(root.attribute("version"), Some("1.2"));
    let states: Vec<&str> = doc
        .descendants()
        .filter(|n| {
            n.has_tag_name("target") && n.parent().is_some_and(|p| p.has_tag_name("trans-unit"))
        })
        .map(|n| n.attribute("state").unwrap())
        .collect();
    assert!(!states.is_empty());
    for state in &states {
        assert!(
            ["new", "translated", "needs-review-translation", "final"].contains(state),
            "{state}"
        );
    }
    // Inline Markdown is protected: the About page's link is a <g>, its target not in the text.
    let link_unit = doc
        .descendants()
        .find(|n| {
            n.has_tag_name("trans-unit")
                && n.attribute("id") == Some("body.1")
                && n.ancestors()
                    .any(|a| a.attribute("original") == Some("about.md"))
        })
        .unwrap();
    let source = link_unit
        .children()
        .find(|n| n.has_tag_name("source"))
        .unwrap();
    assert!(
        source
            .children()
            .any(|n| n.has_tag_name("g") && n.attribute("ctype") == Some("link"))
    );
    assert!(!xml.contains("strategies/peer-coaching.md)"));

    if !have("xliff2po", &["--help"]) || !have_translate_toolkit() {
        return;
    }
    // The Translate Toolkit reads the XLIFF as the same units, states and texts as the PO.
    let (po_out, _) = export(&ws, "po", true);
    let converted = ws.toolkit.join("converted.po");
    ok(Command::new("xliff2po")
        .arg("-i")
        .arg(out.join("es.xlf"))
        .arg("-o")
        .arg(&converted)
        .output()
        .unwrap());
    let units = |file: &Path| -> Vec<(String, String, bool)> {
        let json = ok(Command::new("python3")
            .arg(script("compare_po.py"))
            .arg(file)
            .output()
            .unwrap());
        let map: Vec<(String, String, String, bool)> = serde_json::from_str(&json).unwrap();
        let strip = |s: &str| {
            let mut out = String::new();
            for piece in cardstock::translation::inline::pieces(s) {
                if let cardstock::translation::inline::Piece::Text(t) = piece {
                    out.push_str(t);
                }
            }
            out
        };
        // xliff2po keeps no msgctxt (so units with the same source and
        // target, as UI strings have, become one), and writes <g> content
        // without the tags.
        let mut list: Vec<_> = map
            .into_iter()
            .map(|(_, s, t, f)| (strip(&s), strip(&t), f))
            .collect();
        list.sort();
        list.dedup();
        list
    };
    assert_eq!(units(&converted), units(&po_out.join("es.po")));
    // And PO → XLIFF → PO keeps every unit, context and state.
    let xlf = ws.toolkit.join("from-po.xlf");
    let back = ws.toolkit.join("back.po");
    ok(Command::new("po2xliff")
        .arg("-i")
        .arg(po_out.join("es.po"))
        .arg("-o")
        .arg(&xlf)
        .output()
        .unwrap());
    ok(Command::new("xliff2po")
        .arg("-i")
        .arg(&xlf)
        .arg("-o")
        .arg(&back)
        .output()
        .unwrap());
    assert_eq!(units(&back), units(&po_out.join("es.po")));
}

#[test]
fn po_round_trip_through_a_translators_tool_reaches_the_page() {
    let ws = toolkit_in_git();
    if !have_translate_toolkit() {
        return;
    }
    let (_kept, before) = crate::support::build_into_temp(&ws.toolkit, None);
    let english_links = hrefs(&before.page("es/about/index.html"), "main a");
    let (out, _) = export(&ws, "po", true);
    let po = out.join("es.po");
    ok(Command::new("python3")
        .arg(script("translate_po.py"))
        .arg(&po)
        .arg("about.md")
        .output()
        .unwrap());
    let imported = ok(import(&ws, &[&po], false));
    assert!(
        imported.contains("Created content/es/about.md"),
        "{imported}"
    );
    assert!(imported.contains("translated"), "{imported}");
    assert!(spanish_paths(&report(&ws), "translated").contains(&"about.md".to_string()));

    let (_kept_too, site) = crate::support::build_into_temp(&ws.toolkit, None);
    let page = site.page("es/about/index.html");
    assert!(select(&page, ".translation-notice-fallback").is_empty());
    assert_eq!(
        one(&page, "main h1").text().collect::<String>().trim(),
        "ES About this toolkit"
    );
    let paragraph: String = one(&page, "main p:has(a)").text().collect();
    assert!(
        paragraph.starts_with("ES This page exists only in English."),
        "{paragraph}"
    );
    // The link is still a link, to the same page, with its text translated.
    assert_eq!(hrefs(&page, "main a"), english_links);
    assert_eq!(
        one(&page, "main a").text().collect::<String>(),
        "Peer Coaching"
    );
}

#[test]
fn outdated_section_exports_needing_review_with_its_previous_source_and_diffs() {
    let ws = toolkit_in_git();
    // Spanish peer-coaching is up to date; its source's `how` changes.
    let file = "content/en/strategies/peer-coaching.md";
    let text = ws.read(file);
    let how_start = text.find("## How").expect("a How section");
    let paragraph_start = how_start + text[how_start..].find("\n\n").unwrap() + 2;
    let paragraph_end = paragraph_start + text[paragraph_start..].find('\n').unwrap();
    let old = text[paragraph_start..paragraph_end].to_string();
    let new = format!("{old} Rotate pairs every month.");
    ws.write(file, &text.replacen(&old, &new, 1));
    commit(&ws.toolkit, "how changes");

    let (out, printed) = export(&ws, "xliff", false);
    assert!(printed.contains("strategies/peer-coaching.md"), "{printed}");
    let xml = fs::read_to_string(out.join("es/strategies/peer-coaching.xlf")).unwrap();
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let unit = doc
        .descendants()
        .find(|n| n.has_tag_name("trans-unit") && n.attribute("id") == Some("how.1"))
        .unwrap();
    let target = unit.children().find(|n| n.has_tag_name("target")).unwrap();
    assert_eq!(target.attribute("state"), Some("needs-review-translation"));
    let alt = unit
        .children()
        .find(|n| n.has_tag_name("alt-trans"))
        .expect("previous version");
    assert_eq!(alt.attribute("alttranstype"), Some("previous-version"));
    let previous: String = alt
        .children()
        .find(|n| n.has_tag_name("source"))
        .unwrap()
        .descendants()
        .filter_map(|n| n.text())
        .collect();
    assert!(!previous.contains("Rotate pairs"), "{previous}");
    // Units that did not change stay final.
    let title = doc
        .descendants()
        .find(|n| n.has_tag_name("trans-unit") && n.attribute("id") == Some("title"))
        .unwrap();
    assert_eq!(
        title
            .children()
            .find(|n| n.has_tag_name("target"))
            .unwrap()
            .attribute("state"),
        Some("final")
    );

    let (po_out, _) = export(&ws, "po", false);
    let po = fs::read_to_string(po_out.join("es/strategies/peer-coaching.po")).unwrap();
    assert!(
        po.contains("#, fuzzy\n#| msgctxt \"strategies/peer-coaching.md#how.1\"\n#| msgid \""),
        "{po}"
    );

    let diff = ok(cardstock(&[
        "translations",
        "diff",
        "es",
        "strategies/peer-coaching.md",
        "--toolkit",
        ws.toolkit.to_str().unwrap(),
    ]));
    assert!(diff.contains("== how =="), "{diff}");
    assert!(diff.contains("{+Rotate pairs every month.+}"), "{diff}");
}

#[test]
fn diff_says_plainly_when_the_reviewed_text_is_not_in_git() {
    let ws = Workspace::from_fixture("i18n");
    let diff = ok(cardstock(&[
        "translations",
        "diff",
        "es",
        "strategies/shared-dashboards.md",
        "--toolkit",
        ws.toolkit.to_str().unwrap(),
    ]));
    assert!(diff.contains("is outdated"), "{diff}");
    assert!(diff.contains("was not found"), "{diff}");
    assert!(diff.contains("not in a git repository"), "{diff}");
}

#[test]
fn built_in_ui_strings_are_printed_for_a_new_language() {
    let ws = Workspace::from_fixture("i18n");
    let toolkit = ws.toolkit.to_str().unwrap();
    let yaml = ok(cardstock(&[
        "translations",
        "strings",
        "en",
        "--toolkit",
        toolkit,
    ]));
    let strings: serde_norway::Value = serde_norway::from_str(&yaml).unwrap();
    assert_eq!(strings["skip_to_content"], "Skip to content");
    let unknown = cardstock(&["translations", "strings", "fr", "--toolkit", toolkit]);
    assert_eq!(unknown.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&unknown.stderr).contains("translations strings en > i18n/fr.yaml")
    );
}
