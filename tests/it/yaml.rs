//! The YAML layer on real builds: every value error is located from the
//! parser's own positions (line and column), hostile YAML (nested aliases,
//! deep nesting, oversized front matter) is refused fast with the limit
//! named, and the small things authors trip on (tabs, a byte-order mark, a
//! misspelt section, an impossible date) get a clear message.
//!
//! Each case writes its own source into a copy of the `minimal` fixture.

use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use crate::support::*;
use cardstock::{Diagnostic, Error};

const RESOURCES: &str = "content/en/resources/index.md";
const CARD: &str = "content/en/strategies/peer-support.md";

/// The diagnostics of building `minimal` with `file` replaced by `text`.
fn diagnostics_with(file: &str, text: &str) -> Vec<Diagnostic> {
    let ws = Workspace::from_fixture("minimal");
    ws.write(file, text);
    match ws.build() {
        Ok(_) => panic!("the build succeeded"),
        Err(Error::Invalid(list)) => list,
        Err(other) => panic!("expected diagnostics, got: {other}"),
    }
}

/// The one diagnostic of building with `file` replaced by `text`.
fn only_diagnostic(file: &str, text: &str) -> Diagnostic {
    let mut list = diagnostics_with(file, text);
    assert_eq!(list.len(), 1, "{list:#?}");
    list.remove(0)
}

/// Runs `f` in a thread and fails the test if it takes more than 5 seconds.
fn within_five_seconds<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    let (send, receive) = mpsc::channel();
    let start = Instant::now();
    thread::spawn(move || {
        let _ = send.send(f());
    });
    match receive.recv_timeout(Duration::from_secs(5)) {
        Ok(value) => value,
        Err(_) => panic!("still running after {:?}", start.elapsed()),
    }
}

fn assert_at(d: &Diagnostic, file: &str, line: usize, column: usize) {
    assert_eq!(
        (d.file.as_str(), d.line, d.column),
        (file, Some(line), Some(column)),
        "{d}"
    );
}

/// A resource list with the given resources (YAML lines under `resources:`).
fn resource_list(resources: &str) -> String {
    format!(
        "---\nkind: resources\ntitle: Resources\nsummary: Guides.\ncategories:\n  - id: guides\n    title: Guides\n    resources:\n{resources}---\nBody.\n"
    )
}

#[test]
fn a_bad_url_is_reported_where_it_is_written_not_where_its_words_repeat() {
    // Line 10's description holds the same text as the URL on line 14.
    let text = resource_list(
        "      - title: First\n        description: \"Not htp:/broken, this one\"\n        url: https://example.org/a\n        kind: guide\n      - title: Second\n        url: htp:/broken\n        kind: guide\n",
    );
    let d = only_diagnostic(RESOURCES, &text);
    assert_eq!(d.message, "`htp:/broken` is not a valid URL");
    assert_at(&d, RESOURCES, 14, 14);
}

#[test]
fn a_url_written_with_escapes_is_reported_at_its_line_and_column() {
    let text = resource_list(
        "      - title: First\n        url: \"htp:\\x2f/broken\"\n        kind: guide\n",
    );
    let d = only_diagnostic(RESOURCES, &text);
    assert_eq!(d.message, "`htp://broken` is not a valid URL");
    assert_at(&d, RESOURCES, 10, 14);
}

#[test]
fn the_same_bad_url_twice_is_reported_at_each_place() {
    let text = resource_list(
        "      - title: First\n        url: htp:/broken\n        kind: guide\n      - {title: Second, kind: guide, url: htp:/broken}\n",
    );
    let list = diagnostics_with(RESOURCES, &text);
    assert_eq!(list.len(), 2, "{list:#?}");
    assert_at(&list[0], RESOURCES, 10, 14);
    assert_at(&list[1], RESOURCES, 12, 43);
}

#[test]
fn a_key_written_twice_is_reported_where_it_repeats() {
    let text = resource_list(
        "      - title: First\n        url: https://example.org/a\n        kind: guide\n        title: Again\n",
    );
    let d = only_diagnostic(RESOURCES, &text);
    assert_eq!(
        d.message,
        "the key `title` is written twice in the same mapping"
    );
    assert_eq!(
        d.help.as_deref(),
        Some("keep one `title`; the first is on line 9")
    );
    assert_at(&d, RESOURCES, 12, 9);
}

#[test]
fn a_tab_in_the_indentation_is_named_at_the_tab() {
    let text =
        resource_list("      - title: First\n\turl: https://example.org/a\n        kind: guide\n");
    let d = only_diagnostic(RESOURCES, &text);
    assert_eq!(d.message, "YAML does not allow tabs for indentation");
    assert_at(&d, RESOURCES, 10, 1);
}

#[test]
fn a_misspelt_card_section_key_gets_a_suggestion_not_remove_it() {
    let card = Workspace::from_fixture("minimal").read(CARD);
    let text = card.replacen("duration:", "considerration: Costs.\nduration:", 1);
    let d = only_diagnostic(CARD, &text);
    assert_eq!(d.message, "unknown key `considerration`");
    let help = d.help.as_deref().unwrap();
    assert!(help.starts_with("did you mean `considerations`?"), "{help}");
    assert!(!help.contains("remove"), "{help}");
    assert_at(&d, CARD, 9, 1);
}

#[test]
fn an_impossible_date_is_an_error_at_its_value() {
    let text = resource_list("      - {title: A, url: https://example.org/a, kind: guide}\n")
        .replacen(
            "summary: Guides.\n",
            "summary: Guides.\nupdated: 2026-02-31\n",
            1,
        );
    let d = only_diagnostic(RESOURCES, &text);
    assert_eq!(d.message, "`2026-02-31` is not a date");
    assert_eq!(
        d.help.as_deref(),
        Some("2026-02 has 28 days; write it as YYYY-MM-DD, e.g. 2026-03-01")
    );
    assert_at(&d, RESOURCES, 5, 10);
}

#[test]
fn a_byte_order_mark_in_the_settings_is_accepted() {
    let ws = Workspace::from_fixture("minimal");
    let settings = ws.read("cardstock.yaml");
    ws.write("cardstock.yaml", &format!("\u{feff}{settings}"));
    ws.build().expect("settings with a byte-order mark build");
}

#[test]
fn nested_aliases_are_refused_fast_naming_the_limit() {
    // Each level repeats the one before ten times: 10^5 resources' worth of
    // titles from a few hundred bytes (a "billion laughs" shaped to the schema).
    let mut resources = String::from(
        "      - &r0 {title: &t0 A, url: https://example.org/a, kind: guide, tags: [x, x, x, x, x, x, x, x, x, x]}\n",
    );
    for level in 1..6 {
        let refs = vec![format!("*r{}", level - 1); 10].join(", ");
        resources.push_str(&format!("      - &r{level} {{title: T, url: https://example.org/b, kind: guide, tags: [{refs}]}}\n"));
    }
    let text = resource_list(&resources);
    let d = within_five_seconds(move || only_diagnostic(RESOURCES, &text));
    assert_eq!(
        d.message,
        "aliases (`*name`) up to here repeat more than 10000 values"
    );
    assert_eq!(
        d.help.as_deref(),
        Some(
            "aliases may repeat at most 10000 values and 1 MiB of text per file; write the values out, or repeat less"
        )
    );
    // The 4th `*r2` of r3 passes the limit: 10×19 + 10×199 + 4×1999 values
    // (keys count: each resource mapping is 9 values besides its tags).
    assert_at(&d, RESOURCES, 12, 87);
}

#[test]
fn aliases_repeating_long_text_are_refused_fast() {
    let long = "x".repeat(100_000);
    let refs = ["*t"; 11].join(", ");
    let text = resource_list(&format!(
        "      - {{title: &t {long}, url: https://example.org/a, kind: guide, tags: [{refs}]}}\n"
    ));
    let d = within_five_seconds(move || only_diagnostic(RESOURCES, &text));
    assert_eq!(
        d.message,
        "aliases (`*name`) up to here repeat 1100000 bytes of text; the limit is 1048576 bytes (1 MiB)"
    );
    assert_at(&d, RESOURCES, 9, 100_000 + 110);
}

#[test]
fn deeply_nested_lists_are_refused_fast_at_the_limit() {
    let depth = 100_000; // 200 KB of brackets
    let text = resource_list("").replacen(
        "summary: Guides.\n",
        &format!(
            "summary: Guides.\ntags: {}{}\n",
            "[".repeat(depth),
            "]".repeat(depth)
        ),
        1,
    );
    let d = within_five_seconds(move || only_diagnostic(RESOURCES, &text));
    assert_eq!(
        d.message,
        "lists and mappings nest more than 64 levels deep here"
    );
    // The front matter's mapping is level 1, so the 64th `[` opens level 65.
    assert_at(&d, RESOURCES, 5, 7 + 63);
}

#[test]
fn long_keys_nested_above_many_values_are_refused_fast() {
    // 60 nested keys of 1,000 characters above 150,000 values: under 1 MiB
    // of text, but each value's path (kept for messages) is 60 KB long, so
    // keeping them all took gigabytes and ended the process.
    let mut notes = String::from("notes:\n");
    for depth in 0..60 {
        let key = format!("k{depth:02}").repeat(333);
        notes.push_str(&format!("{}{key}:\n", "  ".repeat(depth + 1)));
    }
    let items = vec!["1"; 150_000].join(", ");
    notes.push_str(&format!("{}- [{items}]\n", "  ".repeat(61)));
    let ws = Workspace::from_fixture("minimal");
    let text = ws.read(CARD).replacen("---\n", &format!("---\n{notes}"), 1);
    let d = within_five_seconds(move || only_diagnostic(CARD, &text));
    assert_eq!(
        d.message,
        "the keys above the values up to here add up to more than 16 MiB: long keys nested above many values"
    );
    // Line 1 is `---`, line 2 `notes:`, then the 60 keys: the list is on line 63.
    assert_eq!((d.file.as_str(), d.line), (CARD, Some(63)), "{d}");
    assert!(d.column.is_some(), "{d}");
}

#[test]
fn front_matter_over_one_mebibyte_is_refused() {
    let long = "x".repeat(1024 * 1024);
    let text = format!("---\ntitle: T\nsummary: {long}\n---\nBody.\n");
    let d = within_five_seconds(move || only_diagnostic("content/en/about.md", &text));
    assert_eq!(
        d.message,
        format!(
            "this YAML is {} bytes; the limit is 1048576 bytes (1 MiB)",
            1024 * 1024 + 19
        )
    );
    assert_eq!((d.line, d.column), (Some(2), None));
}

#[test]
fn a_settings_value_error_names_its_line_and_column_even_with_a_quoted_key() {
    let ws = Workspace::from_fixture("minimal");
    let settings = ws.read("cardstock.yaml");
    // The same words in the title must not move the error.
    let text = settings
        .replacen(
            "title: Minimal Toolkit",
            "title: \"base_url: example.org\"",
            1,
        )
        .replacen(
            "base_url: https://example.org/minimal/",
            "\"base_url\": example.org",
            1,
        );
    ws.write("cardstock.yaml", &text);
    let d = match ws.build() {
        Err(Error::Invalid(mut list)) => list.remove(0),
        other => panic!("expected diagnostics, got {:?}", other.map(|_| ())),
    };
    assert_eq!(
        d.message,
        "base URL `example.org` is not an absolute http(s) URL"
    );
    assert_at(&d, "cardstock.yaml", 3, 13);
}

#[test]
fn a_key_written_twice_in_ui_strings_is_reported_where_it_repeats() {
    let ws = Workspace::from_fixture("minimal");
    ws.write("i18n/en.yaml", "nav:\n  home: Start\n  home: Again\n");
    let d = match ws.build() {
        Err(Error::Invalid(mut list)) => list.remove(0),
        other => panic!("expected diagnostics, got {:?}", other.map(|_| ())),
    };
    assert_eq!(
        d.message,
        "the key `home` is written twice in the same mapping"
    );
    assert_at(&d, "i18n/en.yaml", 3, 3);
}
