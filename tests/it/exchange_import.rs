//! Importing exchange files: an XLIFF file a tool filled in becomes a new
//! translation with what is left recorded, and imports that would break a
//! tag or overwrite a newer translation are refused (helpers in `exchange`).

use std::fs;

use crate::exchange::{export, import, ok, report, toolkit_in_git};
use crate::support::{one, select};

#[test]
fn import_refuses_broken_tags_and_newer_translations_naming_them() {
    let ws = toolkit_in_git();
    let (out, _) = export(&ws, "po", true);
    let po_path = out.join("es.po");
    let po = fs::read_to_string(&po_path).unwrap();
    // A tool dropped the closing tag of the About page's link.
    let broken = po.replacen(
        "msgctxt \"about.md#body.1\"\nmsgid \"This page exists only in English. It links to {1}Peer Coaching{/1}.\"\nmsgstr \"\"",
        "msgctxt \"about.md#body.1\"\nmsgid \"This page exists only in English. It links to {1}Peer Coaching{/1}.\"\nmsgstr \"Enlace a {1}Peer Coaching.\"",
        1,
    );
    assert_ne!(broken, po, "the fixture's About paragraph is as expected");
    fs::write(&po_path, &broken).unwrap();
    let refused = import(&ws, &[&po_path], false);
    assert_eq!(refused.status.code(), Some(1));
    let err = String::from_utf8_lossy(&refused.stderr);
    assert!(err.contains("unit `body.1` of about.md"), "{err}");
    assert!(err.contains("never closed"), "{err}");
    assert!(!ws.toolkit.join("content/es/about.md").exists());

    // A translation edited after the export is not overwritten without --force.
    fs::write(&po_path, &po).unwrap();
    let file = "content/es/strategies/peer-coaching.md";
    ws.write(
        file,
        &ws.read(file)
            .replace("\n---\n", "\n# edited by hand\n---\n"),
    );
    let edited = ws.read(file);
    let refused = import(&ws, &[&po_path], false);
    assert_eq!(refused.status.code(), Some(1));
    let err = String::from_utf8_lossy(&refused.stderr);
    assert!(
        err.contains("was changed after this file was exported"),
        "{err}"
    );
    assert_eq!(ws.read(file), edited);
    ok(import(&ws, &[&po_path], true));
}

/// What a CAT tool does with an XLIFF file: fills the empty targets of one
/// page's units with "ES " + the source, tags included, except `skip`.
fn translate_xliff(xml: &str, page: &str, skip: &str) -> String {
    let start = xml.find(&format!("<file original=\"{page}\"")).unwrap();
    let end = start + xml[start..].find("</file>").unwrap();
    let mut part = xml[start..end].to_string();
    let mut at = 0;
    while let Some(found) = part[at..].find("<trans-unit id=\"") {
        let unit = at + found;
        let unit_end = unit + part[unit..].find("</trans-unit>").unwrap();
        let id_start = unit + "<trans-unit id=\"".len();
        let id = part[id_start..id_start + part[id_start..].find('"').unwrap()].to_string();
        let text = &part[unit..unit_end];
        let source = &text[text.find("<source>").unwrap() + 8..text.find("</source>").unwrap()];
        let translated = text.replace(
            "<target state=\"new\"/>",
            &format!("<target state=\"translated\">ES {source}</target>"),
        );
        if id != skip {
            part.replace_range(unit..unit_end, &translated);
        }
        at = unit + 1;
    }
    format!("{}{part}{}", &xml[..start], &xml[end..])
}

#[test]
fn xliff_import_writes_a_new_translation_and_records_what_is_left() {
    let ws = toolkit_in_git();
    let (out, _) = export(&ws, "xliff", true);
    let file = out.join("es.xlf");
    let xml = fs::read_to_string(&file).unwrap();
    fs::write(
        &file,
        translate_xliff(&xml, "strategies/rapid-huddles.md", "how.1"),
    )
    .unwrap();
    let imported = ok(import(&ws, &[&file], false));
    assert!(
        imported.contains("Created content/es/strategies/rapid-huddles.md")
            && imported.contains("not all translated yet (parts: how)"),
        "{imported}"
    );
    let text = ws.read("content/es/strategies/rapid-huddles.md");
    assert!(text.contains("\ntitle: \"ES Rapid Huddles\"\n"), "{text}");
    assert!(
        text.contains("## Qué {#what}\n\nES A short meeting to plan the shift."),
        "{text}"
    );
    assert!(!text.contains("translation: started"), "{text}");
    // Reported outdated, naming the part left to translate.
    let report = report(&ws);
    let es = report["languages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["code"] == "es")
        .unwrap();
    let entry = es["outdated"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["path"] == "strategies/rapid-huddles.md")
        .unwrap();
    assert_eq!(entry["changed"], serde_json::json!(["how"]));
    // Built as a Spanish page with the translated text.
    let (_kept, site) = crate::support::build_into_temp(&ws.toolkit, None);
    let page = site.page("es/strategies/rapid-huddles/index.html");
    assert_eq!(
        one(&page, "main h1").text().collect::<String>().trim(),
        "ES Rapid Huddles"
    );
    assert!(select(&page, ".translation-notice-fallback").is_empty());
}
