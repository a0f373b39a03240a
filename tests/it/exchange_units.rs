//! Translation exchange beyond page text: the exported XLIFF checked against
//! the OASIS XLIFF 1.2 strict schema, UI strings as exchange units (plural
//! forms, placeholders, import into `i18n/<lang>.yaml`), and sections whose
//! paragraphs do not line up exported whole (helpers in `exchange`).

use std::fs;
use std::path::Path;
use std::process::Command;

use crate::exchange::{
    commit, export, have, have_translate_toolkit, import, ok, pocount, printed_counts, report,
    script, spanish_paths, toolkit_in_git,
};
use crate::support::{Workspace, select};

/// The OASIS XLIFF 1.2 strict schema as Debian's `php-symfony-translation`
/// ships it (with the W3C `xml.xsd` it imports), installed by `.ci/run`.
const SCHEMAS: &str = "/usr/share/php/Symfony/Component/Translation/Resources/schemas";

/// Validates an XLIFF file with `xmllint --schema`, offline: the schema's
/// import of `xml.xsd` is pointed at the copy beside it.
fn validate_xliff(file: &Path, scratch: &Path) {
    let strict = Path::new(SCHEMAS).join("xliff-core-1.2-strict.xsd");
    if !strict.exists() {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "the XLIFF 1.2 schema is missing; .ci/run installs php-symfony-translation"
        );
        eprintln!("note: {} is missing; skipping", strict.display());
        return;
    }
    if !have("xmllint", &["--version"]) {
        return;
    }
    let dir = scratch.join("schema");
    fs::create_dir_all(&dir).unwrap();
    let xsd = fs::read_to_string(&strict)
        .unwrap()
        .replace("http://www.w3.org/2001/xml.xsd", "xml.xsd");
    fs::write(dir.join("xliff.xsd"), xsd).unwrap();
    fs::copy(Path::new(SCHEMAS).join("xml.xsd"), dir.join("xml.xsd")).unwrap();
    let out = Command::new("xmllint")
        .args(["--nonet", "--noout", "--schema"])
        .arg(dir.join("xliff.xsd"))
        .arg(file)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{} does not validate:\n{}",
        file.display(),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn exported_xliff_validates_against_the_oasis_1_2_strict_schema() {
    let ws = toolkit_in_git();
    // An outdated section, so the file has an <alt-trans> and every state.
    let file = "content/en/strategies/peer-coaching.md";
    let text = ws.read(file);
    ws.write(
        file,
        &text.replacen("## How\n\n", "## How\n\nRotate pairs every month. ", 1),
    );
    commit(&ws.toolkit, "how changes");
    let (out, _) = export(&ws, "xliff", true);
    let xlf = out.join("es.xlf");
    let xml = fs::read_to_string(&xlf).unwrap();
    assert!(xml.contains("<alt-trans"), "{xml}");
    validate_xliff(&xlf, &ws.toolkit);
    // And per page.
    let (out, _) = export(&ws, "xliff", false);
    validate_xliff(&out.join("es/strategies/peer-coaching.xlf"), &ws.toolkit);
}

#[test]
fn example_spanish_home_page_keeps_its_extra_paragraph_as_one_translated_unit() {
    // The example's Spanish index.md adds a paragraph and splits a list, so
    // its body's paragraphs do not line up with the source's.
    let ws = Workspace::from_example();
    let (out, printed) = export(&ws, "po", false);
    let counts = printed_counts(&printed);
    assert_eq!(counts["index.md"], [3, 3, 0, 0], "{printed}");
    // What the report calls translated has every unit translated; a missing page none.
    let report = report(&ws);
    for path in spanish_paths(&report, "translated") {
        let [total, translated, fuzzy, untranslated] = counts[&path];
        assert_eq!((translated, fuzzy, untranslated), (total, 0, 0), "{path}");
    }
    for path in spanish_paths(&report, "missing") {
        let [total, translated, fuzzy, untranslated] = counts[&path];
        assert_eq!((translated, fuzzy, untranslated), (0, 0, total), "{path}");
    }
    let index = out.join("es/index.po");
    let po = fs::read_to_string(&index).unwrap();
    assert!(po.contains("msgctxt \"index.md#body\""), "{po}");
    assert!(
        po.contains("Estas fichas están disponibles solo en inglés por ahora:"),
        "{po}"
    );
    if have("pocount", &["--help"]) {
        for (page, c) in &counts {
            let file = out.join("es").join(page.replace(".md", ".po"));
            assert_eq!(pocount(&file), *c, "{page}");
        }
    }
    if !have_translate_toolkit() {
        return;
    }
    let (_kept, before) = crate::support::build_into_temp(&ws.toolkit, None);
    let links_before: Vec<String> = select(&before.page("es/index.html"), "main a")
        .into_iter()
        .map(|a| a.value().attr("href").unwrap().to_string())
        .collect();
    // A translator edits the whole-body unit in their tool; import; build.
    ok(Command::new("python3")
        .arg(script("edit_po.py"))
        .arg(&index)
        .arg("index.md#body")
        .arg("Le damos la bienvenida.")
        .arg("¡Bienvenida!")
        .output()
        .unwrap());
    let imported = ok(import(&ws, &[&index], false));
    assert!(
        imported.contains("Updated content/es/index.md"),
        "{imported}"
    );
    assert!(
        spanish_paths(&crate::exchange::report(&ws), "translated")
            .contains(&"index.md".to_string())
    );
    let (_kept_too, site) = crate::support::build_into_temp(&ws.toolkit, None);
    let page = site.page("es/index.html");
    let paragraphs: Vec<String> = select(&page, "main p")
        .into_iter()
        .map(|p| p.text().collect::<String>())
        .collect();
    assert!(
        paragraphs
            .iter()
            .any(|p| p.starts_with("¡Bienvenida! Esta caja")),
        "{paragraphs:?}"
    );
    assert!(
        paragraphs
            .iter()
            .any(|p| p.contains("Estas fichas están disponibles solo en inglés por ahora")),
        "{paragraphs:?}"
    );
    let links: Vec<String> = select(&page, "main a")
        .into_iter()
        .map(|a| a.value().attr("href").unwrap().to_string())
        .collect();
    assert_eq!(links, links_before);
}
