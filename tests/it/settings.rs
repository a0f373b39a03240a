//! Settings that cannot work: duplicate language codes, codes differing only
//! in case, base URLs that are not absolute http(s) URLs or hold a query or a
//! fragment (in cardstock.yaml and with `--base-url`), and languages with
//! neither UI strings nor a home page. Each case writes a settings file over a
//! copy of `minimal` after a good build, and the failed build must name
//! cardstock.yaml and the line, with help, and leave the previous site as it was.

use cardstock::{Diagnostic, Error};

use crate::support::*;

const SETTINGS: &str = "\
title: Minimal Toolkit
publisher: Fixture Center
base_url: https://example.org/minimal/
year: 2025
default_language: en
languages:
  - code: en
    name: English
  - code: es
    name: Español
";

/// Builds `minimal`, writes `settings`, builds again: the one diagnostic of
/// the failed build (the previous output must be intact).
fn settings_error(settings: &str) -> Diagnostic {
    let ws = Workspace::from_fixture("minimal");
    ws.build().expect("the minimal fixture builds");
    let before = snapshot(&ws.out);
    ws.write("cardstock.yaml", settings);
    let err = ws.build().expect_err("the build fails");
    assert_eq!(
        snapshot(&ws.out),
        before,
        "the failed build changed the site"
    );
    match err {
        Error::Invalid(mut list) if list.len() == 1 => list.remove(0),
        other => panic!("expected one diagnostic, got: {other}"),
    }
}

fn help(d: &Diagnostic) -> &str {
    d.help
        .as_deref()
        .unwrap_or_else(|| panic!("no help in {d}"))
}

#[test]
fn a_language_listed_twice_is_an_error_at_the_second_entry() {
    for (code, name) in [("en", "English again"), ("es", "Español otra vez")] {
        let settings = format!("{SETTINGS}  - code: {code}\n    name: {name}\n");
        let d = settings_error(&settings);
        assert_eq!(d.file, "cardstock.yaml");
        assert_eq!(d.line, Some(11), "{d}");
        assert_eq!(
            d.message,
            format!("language `{code}` is listed twice in `languages`")
        );
        assert_eq!(help(&d), "remove one of the two entries");
    }
}

#[test]
fn language_codes_differing_only_in_case_are_an_error() {
    let settings = format!("{SETTINGS}  - code: ES\n    name: Español (España)\n");
    let d = settings_error(&settings);
    assert_eq!(d.file, "cardstock.yaml");
    assert_eq!(d.line, Some(11));
    assert_eq!(d.message, "languages `es` and `ES` differ only in case");
    assert!(help(&d).contains("case-insensitive disks"), "{d}");
}

#[test]
fn a_base_url_that_cannot_start_page_addresses_is_an_error_at_its_line() {
    for (url, message, help_text) in [
        (
            "example.org/minimal/",
            "base URL `example.org/minimal/` is not an absolute http(s) URL",
            "add the scheme: https://example.org/minimal/",
        ),
        (
            "https://example.org/minimal/?lang=en",
            "base URL `https://example.org/minimal/?lang=en` has a query (`?…`)",
            "remove it",
        ),
        (
            "https://example.org/minimal/#top",
            "base URL `https://example.org/minimal/#top` has a fragment (`#…`)",
            "remove it",
        ),
        (
            "https://user:secret@example.org/",
            "base URL `https://user:secret@example.org/` holds a user name or password",
            "remove the part before `@`",
        ),
        (
            "https://exa mple.org/",
            "base URL `https://exa mple.org/` contains a space or a control character",
            "https://example.org/toolkit/",
        ),
        (
            "https:///",
            "base URL `https:///` is not a valid URL",
            "https://example.org/toolkit/",
        ),
    ] {
        let settings = SETTINGS.replace("https://example.org/minimal/", url);
        let d = settings_error(&settings);
        assert_eq!(d.file, "cardstock.yaml", "{url}");
        assert_eq!(d.line, Some(3), "{url}");
        assert!(d.message.starts_with(message), "{url}: {d}");
        assert!(help(&d).contains(help_text), "{url}: {d}");
    }
}

#[test]
fn a_base_url_given_to_the_library_is_checked_like_the_settings_key() {
    let ws = Workspace::from_fixture("minimal");
    for url in [
        "example.org",
        "https://example.org/?a=1",
        "ftp://example.org/",
    ] {
        let err = ws.build_with(Some(url)).expect_err(url).to_string();
        assert!(
            err.contains(&format!("--base-url: base URL `{url}`")),
            "{err}"
        );
        assert!(err.contains("help:"), "{err}");
    }
    assert!(!ws.out.exists(), "nothing was written");
    ws.build_with(Some("http://localhost:8080/preview"))
        .expect("a URL with a port and no trailing slash is fine");
}

#[test]
fn a_language_without_ui_strings_or_home_page_is_a_warning_naming_what_readers_see() {
    let ws = Workspace::from_fixture("minimal");
    ws.write(
        "cardstock.yaml",
        &format!("{SETTINGS}  - code: de\n    name: Deutsch\n"),
    );
    let report = ws.build().expect("only a warning");
    let warnings: Vec<&Diagnostic> = report
        .warnings
        .iter()
        .filter(|w| w.file == "cardstock.yaml")
        .collect();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert_eq!(
        warnings[0].message,
        "language `de` has no UI strings and no home page: readers of the `de` site will see every page in `en` with a note that it is not translated, and menus, buttons and section names in English"
    );
    assert_eq!(
        help(warnings[0]),
        "add i18n/de.yaml with the UI strings and content/de/index.md, or remove `de` from `languages` until its translation starts"
    );

    // Either one is enough: a home page, or UI strings.
    ws.write("content/de/index.md", &ws.read("content/en/index.md"));
    let with_home = ws.build().expect("builds");
    assert!(
        with_home
            .warnings
            .iter()
            .all(|w| w.file != "cardstock.yaml")
    );
    ws.remove("content/de/index.md");
    ws.write("i18n/de.yaml", "skip_to_content: Zum Inhalt springen\n");
    let with_strings = ws.build().expect("builds");
    assert!(
        with_strings
            .warnings
            .iter()
            .all(|w| w.file != "cardstock.yaml")
    );
}
