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
use crate::support::{Workspace, hrefs, select};

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
    let links_before = hrefs(&before.page("es/index.html"), "main a");
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
    assert_eq!(hrefs(&page, "main a"), links_before);
}

/// The counts `export` printed for the UI strings' pseudo-page.
fn printed_ui_counts(printed: &str) -> [usize; 4] {
    let line = printed
        .lines()
        .find(|l| l.starts_with("i18n/es.yaml: "))
        .unwrap_or_else(|| panic!("no UI strings line in {printed}"));
    let n: Vec<usize> = line["i18n/es.yaml: ".len()..]
        .split(|c: char| !c.is_ascii_digit())
        .filter_map(|n| n.parse().ok())
        .collect();
    [n[0], n[1], n[2], n[3]]
}

#[test]
fn ui_strings_round_trip_as_units_with_plural_forms_into_the_toolkits_i18n_file() {
    let ws = toolkit_in_git();
    // The toolkit already words one string its own way, with a comment.
    let own = "# Our own wording: keep it.\nnav:\n  main: Navegación propia   # ours\n";
    ws.write("i18n/es.yaml", own);
    let (out, printed) = export(&ws, "po", false);
    let po_file = out.join("es/i18n/es.yaml.po");
    let po = fs::read_to_string(&po_file).unwrap();
    // A text with a count is one entry with a form per Spanish CLDR category (one, many, other).
    assert!(po.contains("\"Plural-Forms: nplurals=3; plural="), "{po}");
    let entry = &po[po
        .find("msgctxt \"i18n/es.yaml#ui:card_index.count\"")
        .unwrap()..];
    let entry = &entry[..entry.find("\n\n").unwrap_or(entry.len())];
    assert!(entry.contains("\nmsgid \"1 strategy card\"\nmsgid_plural \"{n} strategy cards\"\n"));
    assert!(
        entry.contains("\nmsgstr[2] \"{n} fichas de estrategias\""),
        "{entry}"
    );
    assert!(po.contains("msgctxt \"i18n/es.yaml#ui:skip_to_content\"\nmsgid \"Skip to content\"\nmsgstr \"Saltar al contenido\""));
    // The report counts the UI strings as the export and pocount do.
    let counts = printed_ui_counts(&printed);
    let es = report(&ws)["languages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["code"] == "es")
        .unwrap()["ui_strings"]
        .clone();
    assert_eq!(
        [
            &es["total"],
            &es["translated"],
            &es["fuzzy"],
            &es["untranslated"]
        ]
        .map(|v| v.as_u64().unwrap() as usize),
        counts
    );
    if have("msgfmt", &["--version"]) {
        ok(Command::new("msgfmt")
            .args(["--check", "-o", "/dev/null"])
            .arg(&po_file)
            .output()
            .unwrap());
    }
    if have("pocount", &["--help"]) {
        assert_eq!(pocount(&po_file), counts);
    }
    // XLIFF: one unit per plural category in an x-gettext-plurals group.
    let (xlf_out, _) = export(&ws, "xliff", false);
    let xml = fs::read_to_string(xlf_out.join("es/i18n/es.yaml.xlf")).unwrap();
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let group = doc
        .descendants()
        .find(|n| n.has_tag_name("group") && n.attribute("id") == Some("ui:card_index.count"))
        .unwrap();
    assert_eq!(group.attribute("restype"), Some("x-gettext-plurals"));
    let ids: Vec<&str> = group
        .children()
        .filter(|n| n.has_tag_name("trans-unit"))
        .filter_map(|n| n.attribute("id"))
        .collect();
    assert_eq!(
        ids,
        [
            "ui:card_index.count_one",
            "ui:card_index.count_many",
            "ui:card_index.count_other"
        ]
    );
    if !have_translate_toolkit() {
        return;
    }
    // A placeholder a translator changed is refused, naming the unit.
    let broken = ws.toolkit.join("broken.po");
    fs::copy(&po_file, &broken).unwrap();
    edit(&broken, "i18n/es.yaml#ui:search.count", "{q}", "{consulta}");
    let refused = import(&ws, &[&broken], false);
    assert_eq!(refused.status.code(), Some(1));
    let err = String::from_utf8_lossy(&refused.stderr);
    assert!(
        err.contains("unit `ui:search.count_other` of i18n/es.yaml"),
        "{err}"
    );
    assert!(err.contains("lacks {q}"), "{err}");
    assert_eq!(ws.read("i18n/es.yaml"), own);
    // A translator's edits, singular and plural, land in i18n/es.yaml.
    edit(
        &po_file,
        "i18n/es.yaml#ui:skip_to_content",
        "Saltar al contenido",
        "Ir al contenido",
    );
    edit(
        &po_file,
        "i18n/es.yaml#ui:card_index.count",
        "fichas de estrategias",
        "fichas",
    );
    let imported = ok(import(&ws, &[&po_file], false));
    assert!(imported.contains("Updated i18n/es.yaml"), "{imported}");
    let text = ws.read("i18n/es.yaml");
    assert!(text.starts_with(own), "{text}");
    let yaml: serde_norway::Value = serde_norway::from_str(&text).unwrap();
    assert_eq!(yaml["skip_to_content"], "Ir al contenido");
    assert_eq!(yaml["card_index"]["count_other"], "{n} fichas");
    assert_eq!(yaml["nav"]["main"], "Navegación propia");
    let (_kept, site) = crate::support::build_into_temp(&ws.toolkit, None);
    let page = site.page("es/index.html");
    assert_eq!(
        crate::support::text(crate::support::one(&page, ".skip-link")),
        "Ir al contenido"
    );
    assert_eq!(
        crate::support::one(&page, "nav.main-nav")
            .value()
            .attr("aria-label"),
        Some("Navegación propia")
    );
}

/// Edits one unit with the Translate Toolkit, as a translator's tool would.
fn edit(po: &Path, context: &str, old: &str, new: &str) {
    ok(Command::new("python3")
        .arg(script("edit_po.py"))
        .arg(po)
        .args([context, old, new])
        .output()
        .unwrap());
}

#[test]
fn a_card_section_with_an_added_paragraph_goes_through_xliff_whole() {
    let ws = toolkit_in_git();
    // The reviewed Spanish `how` says in two paragraphs what the source says in one.
    let file = "content/es/strategies/peer-coaching.md";
    let first = "Las parejas se reúnen cada dos semanas durante treinta minutos.";
    ws.write(
        file,
        &ws.read(file).replace(
            first,
            &format!("{first}\n\nCada reunión empieza por un caso\nreal del equipo."),
        ),
    );
    commit(&ws.toolkit, "a second paragraph");
    let (out, printed) = export(&ws, "xliff", true);
    assert!(
        printed.contains("strategies/peer-coaching.md: ")
            && !printed.contains("peer-coaching.md: 0 units"),
        "{printed}"
    );
    let path = out.join("es.xlf");
    let xml = fs::read_to_string(&path).unwrap();
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let unit = doc
        .descendants()
        .find(|n| {
            n.has_tag_name("trans-unit")
                && n.attribute("id") == Some("how")
                && n.ancestors()
                    .any(|a| a.attribute("original") == Some("strategies/peer-coaching.md"))
        })
        .expect("the whole `how` section is one unit");
    let target = unit.children().find(|n| n.has_tag_name("target")).unwrap();
    assert_eq!(target.attribute("state"), Some("final"));
    assert_eq!(
        target.text(),
        Some(format!("{first}\n\nCada reunión empieza por un caso\nreal del equipo.").as_str())
    );
    validate_xliff(&path, &ws.toolkit);
    // A tool changes the second paragraph; the import keeps both paragraphs.
    fs::write(
        &path,
        xml.replace("real del equipo.</target>", "real de otro equipo.</target>"),
    )
    .unwrap();
    let imported = ok(import(&ws, &[&path], false));
    assert!(
        imported.contains("Updated content/es/strategies/peer-coaching.md"),
        "{imported}"
    );
    let text = ws.read(file);
    assert!(
        text.contains(&format!("## Cómo {{#how}}\n\n{first}\n\nCada reunión empieza por un caso\nreal de otro equipo.\n\n## ")),
        "{text}"
    );
    assert!(
        spanish_paths(&report(&ws), "translated")
            .contains(&"strategies/peer-coaching.md".to_string())
    );
}
