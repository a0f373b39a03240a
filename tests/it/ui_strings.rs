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
