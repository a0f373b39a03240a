//! Limits on front matter (values per card, lengths, page paths, menu
//! size) and the names that break on Windows or case-insensitive hosts: each
//! limit is an error naming the file, the line and the limit, with the
//! previous output left as it was; each name a warning.

use std::time::{Duration, Instant};

use cardstock::Diagnostic;

use super::*;

/// The card `peer-support.md` with its `tags:` line (line 6) replaced.
fn card_with(ws: &Workspace, tags_line: &str) {
    let rel = "content/en/strategies/peer-support.md";
    let text = ws.read(rel);
    assert!(text.contains("tags: [peer learning, recovery]\n"));
    ws.write(
        rel,
        &text.replace("tags: [peer learning, recovery]", tags_line),
    );
}

#[test]
fn thousands_of_tags_are_an_error_at_the_tags_line() {
    let tags: Vec<String> = (0..4000).map(|i| format!("tag {i}")).collect();
    let started = Instant::now();
    let (_ws, d) = only_diagnostic(|ws| card_with(ws, &format!("tags: [{}]", tags.join(", "))));
    assert!(started.elapsed() < Duration::from_secs(30));
    assert_eq!(d.file, "content/en/strategies/peer-support.md");
    assert_eq!(d.line, Some(6));
    assert_eq!(d.message, "`tags` has 4000 values; the limit is 64");
}

#[test]
fn a_long_tag_and_a_long_slug_are_errors_at_their_lines() {
    let ws = good_build();
    let long = "x".repeat(300);
    let list = diagnostics_after(&ws, |ws| {
        card_with(ws, &format!("tags: [recovery, {long}]\nslug: {long}"));
    });
    let found: Vec<(Option<usize>, &str)> =
        list.iter().map(|d| (d.line, d.message.as_str())).collect();
    assert!(
        found.contains(&(
            Some(6),
            "the tag `xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…` is 300 characters long; the limit is 100"
        )),
        "{found:#?}"
    );
    assert!(
        found.contains(&(Some(7), "the slug is 300 bytes long; the limit is 100")),
        "{found:#?}"
    );
    // `check` finds them too, before anything is written.
    let report = cardstock::check_toolkit(&ws.toolkit);
    let checked: Vec<(Option<usize>, &str)> = report
        .errors()
        .map(|f| (f.diagnostic.line, f.diagnostic.message.as_str()))
        .collect();
    assert!(
        checked.contains(&(Some(7), "the slug is 300 bytes long; the limit is 100")),
        "{checked:#?}"
    );
}

#[test]
fn a_tag_whose_url_segment_is_too_long_is_an_error() {
    // 60 characters, each two bytes in UTF-8: short to read, long as a folder name.
    let tag = "ж".repeat(60);
    let (_ws, d) = only_diagnostic(|ws| card_with(ws, &format!("tags: [{tag}]")));
    assert_eq!(d.line, Some(6));
    assert_eq!(
        d.message,
        format!(
            "the tag `{}…` makes a URL segment of 120 bytes; the limit is 100",
            "ж".repeat(40)
        )
    );
}

#[test]
fn a_page_path_too_long_for_a_file_system_is_an_error() {
    let (_ws, d) = only_diagnostic(|ws| {
        let folders = ["a".repeat(90), "b".repeat(90), "c".repeat(90)].join("/");
        ws.write(
            &format!("content/en/{folders}/deep.md"),
            "---\ntitle: Deep\n---\nDeep.\n",
        );
    });
    assert!(d.file.ends_with("/deep.md"));
    assert_eq!(
        d.message,
        "this page's path in the site is 291 bytes long; the limit is 255"
    );
}

#[test]
fn windows_reserved_names_and_case_only_differences_are_warnings() {
    let ws = Workspace::from_fixture("minimal");
    ws.write("static/aux.txt", "a");
    ws.write("static/Logo.png", "1");
    ws.write("static/logo.png", "2");
    ws.write(
        "content/en/con.md",
        "---\ntitle: Contact\n---\nContact us.\n",
    );
    let report = build(&ws.toolkit, &ws.out).expect("warnings do not stop the build");
    let warnings: Vec<(&str, &str)> = report
        .warnings
        .iter()
        .map(|d| (d.file.as_str(), d.message.as_str()))
        .collect();
    for expected in [
        (
            "content/en/con.md",
            "`con.md` is a reserved name on Windows: the file cannot be created or checked out there",
        ),
        (
            "static/aux.txt",
            "`aux.txt` is a reserved name on Windows: the file cannot be created or checked out there",
        ),
        (
            "static/Logo.png",
            "the site paths `Logo.png` (from static/Logo.png) and `logo.png` (from static/logo.png) differ only in case: on a case-insensitive disk or host one replaces the other [portable-path]",
        ),
    ] {
        assert!(
            warnings.contains(&expected),
            "{expected:?} not in {warnings:#?}"
        );
    }
}

#[test]
fn a_slug_windows_reserves_is_a_warning_once() {
    let ws = Workspace::from_fixture("minimal");
    let about = ws.read("content/en/about.md");
    ws.write(
        "content/en/about.md",
        &about.replacen("title: About", "title: About\nslug: nul", 1),
    );
    let report = build(&ws.toolkit, &ws.out).expect("warnings do not stop the build");
    let found: Vec<&Diagnostic> = report
        .warnings
        .iter()
        .filter(|d| d.message.contains("reserved name on Windows"))
        .collect();
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].file, "content/en/about.md");
    assert!(
        found[0]
            .message
            .starts_with("the site path `en/nul/index.html` has the segment `nul`")
    );
}

#[test]
fn a_menu_longer_than_the_limit_is_an_error_at_the_first_page_over_it() {
    let (_ws, d) = only_diagnostic(|ws| {
        for i in 0..25 {
            ws.write(
                &format!("content/en/menu/p{i:02}.md"),
                &format!("---\ntitle: Page {i}\nmenu: true\n---\nText.\n"),
            );
        }
    });
    // Three pages of `minimal` are in the menu already, and sources go in path order.
    assert_eq!(d.file, "content/en/menu/p18.md");
    assert_eq!(d.line, Some(3));
    assert_eq!(
        d.message,
        "28 pages of `en` have `menu: true`; the limit is 20"
    );
}
