//! Bad input: each case lays `tests/fixtures/invalid/<case>/` (or a small
//! change made here) over a copy of the valid `minimal` fixture, after a good
//! build of that fixture. The build must fail naming the file, the line (and
//! column for YAML) and a hint, and leave the previous site byte for byte.

use std::collections::BTreeSet;
use std::fs;

use crate::support::*;
use cardstock::{Diagnostic, Error};

/// A workspace holding a good build of `minimal` in its output folder.
fn with_good_build() -> (Workspace, std::collections::BTreeMap<String, Vec<u8>>) {
    let ws = Workspace::from_fixture("minimal");
    ws.build().expect("the minimal fixture builds");
    let before = snapshot(&ws.out);
    assert!(before.contains_key("en/strategies/peer-support/index.html"));
    (ws, before)
}

/// No staging or old copy of the site is left beside the output folder.
fn assert_nothing_left_beside(ws: &Workspace) {
    let parent = ws.out.parent().unwrap();
    let mut left: Vec<String> = fs::read_dir(parent)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    left.sort();
    assert_eq!(left, ["public", "toolkit"], "leftovers beside the output");
}

/// Applies `break_it`, builds, and returns the diagnostics; checks that the
/// previous output is untouched and no staging folder is left behind.
fn diagnostics_after(break_it: impl FnOnce(&Workspace)) -> (Workspace, Vec<Diagnostic>) {
    let (ws, before) = with_good_build();
    break_it(&ws);
    let err = match ws.build() {
        Ok(_) => panic!("the build succeeded"),
        Err(e) => e,
    };
    assert_eq!(
        snapshot(&ws.out),
        before,
        "the failed build changed the previous output"
    );
    assert_nothing_left_beside(&ws);
    let diagnostics = match err {
        Error::Invalid(d) => d,
        other => panic!("expected diagnostics, got: {other}"),
    };
    (ws, diagnostics)
}

/// The diagnostics of the invalid fixture `case`.
fn diagnostics_of(case: &str) -> (Workspace, Vec<Diagnostic>) {
    diagnostics_after(|ws| {
        ws.overlay(&format!("invalid/{case}"));
    })
}

/// The one diagnostic of `case`.
fn only_diagnostic(case: &str) -> (Workspace, Diagnostic) {
    let (ws, mut list) = diagnostics_of(case);
    assert_eq!(list.len(), 1, "{list:#?}");
    (ws, list.remove(0))
}

fn help(d: &Diagnostic) -> &str {
    d.help
        .as_deref()
        .unwrap_or_else(|| panic!("no help in {d}"))
}

fn assert_contains(haystack: &str, needle: &str) {
    assert!(haystack.contains(needle), "`{needle}` not in: {haystack}");
}

#[test]
fn yaml_value_with_a_colon_names_file_line_and_column() {
    let (ws, d) = only_diagnostic("yaml-colon-in-value");
    let file = "content/en/strategies/peer-support.md";
    assert_eq!(d.file, file);
    let source = ws.read(file);
    let line = line_of(&source, "duration: 6 months: or more");
    let column = source.lines().nth(line - 1).unwrap().find(": or").unwrap() + 1;
    assert_eq!((d.line, d.column), (Some(line), Some(column)));
    assert_contains(&d.message, "mapping values are not allowed");
    assert_contains(help(&d), "double quotes");
}

#[test]
fn yaml_unclosed_list_says_where_the_list_starts() {
    let (ws, d) = only_diagnostic("yaml-unclosed-list");
    let file = "content/en/strategies/peer-support.md";
    assert_eq!(d.file, file);
    let source = ws.read(file);
    let list_line = line_of(&source, "tags: [peer learning, recovery");
    // The parser notices on the next line; the message names the list's line.
    assert_eq!(d.line, Some(list_line + 1));
    assert!(d.column.is_some());
    assert_contains(&d.message, "expected ',' or ']'");
    assert_contains(
        &d.message,
        &format!("flow sequence that starts at line {list_line}, column 7"),
    );
    assert_contains(help(&d), "`]`");
}

#[test]
fn unknown_front_matter_key_suggests_the_known_one() {
    let (ws, d) = only_diagnostic("unknown-key");
    assert_eq!(d.file, "content/en/strategies/peer-support.md");
    assert_eq!(d.line, Some(line_of(&ws.read(&d.file), "sumary:")));
    assert_eq!(d.column, Some(1));
    assert_contains(&d.message, "unknown key `sumary`");
    assert_contains(help(&d), "did you mean `summary`?");
}

#[test]
fn missing_front_matter_is_reported_at_line_one() {
    let (_ws, d) = only_diagnostic("missing-front-matter");
    assert_eq!(d.file, "content/en/about.md");
    assert_eq!(d.line, Some(1));
    assert_contains(&d.message, "missing front matter");
    assert_contains(help(&d), "---");
}

#[test]
fn card_missing_a_section_names_card_and_section() {
    let (ws, d) = only_diagnostic("missing-section");
    assert_eq!(d.file, "content/en/strategies/warm-handoff.md");
    assert_contains(&d.message, "Warm Handoff");
    assert_contains(&d.message, "`Where`");
    // At the start of the body, where the sections are.
    let source = ws.read(&d.file);
    let body_start = source
        .match_indices("---\n")
        .nth(1)
        .map(|(i, _)| i)
        .unwrap();
    assert_eq!(d.line, Some(source[..body_start].lines().count() + 2));
    assert_contains(help(&d), "## Where");
}

#[test]
fn unknown_section_heading_names_its_line_and_the_sections() {
    let (ws, list) = diagnostics_of("unknown-section");
    assert_eq!(list.len(), 2, "{list:#?}");
    let d = list
        .iter()
        .find(|d| d.message.contains("is not a strategy-card section"))
        .unwrap();
    assert_eq!(d.file, "content/en/strategies/warm-handoff.md");
    assert_eq!(
        d.line,
        Some(line_of(&ws.read(&d.file), "## Considerashuns"))
    );
    assert_contains(&d.message, "`Considerashuns`");
    assert_contains(help(d), "did you mean `Considerations`?");
    assert_contains(help(d), "`What`");
    // Without it, the card also lacks its Considerations section.
    assert!(
        list.iter()
            .any(|d| d.message.contains("has no `Considerations` section"))
    );
}

#[test]
fn spanish_headings_without_ids_are_recognised() {
    // The valid case: content/es/strategies/peer-support.md uses `## Qué`,
    // `### Destinatarios`, `## ¿Cómo?` … and no `{#id}`.
    let ws = Workspace::from_fixture("minimal");
    let source = ws.read("content/es/strategies/peer-support.md");
    assert!(source.contains("## Qué\n") && source.contains("## ¿Cómo?\n"));
    assert!(!source.contains("{#"));
    let site = ws.site();
    let doc = site.page("es/strategies/peer-support/");
    for id in [
        "what",
        "who",
        "intended-for",
        "conducted-by",
        "how",
        "where",
        "considerations",
        "more-information",
    ] {
        assert_eq!(
            text(one(&doc, &format!("#{id}"))),
            ui("es", &format!("sections.{id}"))
        );
    }
    assert_contains(
        &text(one(&doc, "section.section-more-information")),
        "asociación estatal",
    );
}

#[test]
fn change_package_references_to_unknown_ids_name_their_lines() {
    let (ws, list) = diagnostics_of("unknown-ids");
    let file = "content/en/change-packages/follow-up.md";
    let source = ws.read(file);
    assert_eq!(list.len(), 2, "{list:#?}");
    let driver = list
        .iter()
        .find(|d| d.message.contains("`nudges`"))
        .unwrap();
    assert_eq!(driver.file, file);
    assert_eq!(driver.line, Some(line_of(&source, "secondary: [nudges]")));
    assert_contains(
        &driver.message,
        "primary driver `engaged-clients` refers to unknown secondary driver",
    );
    assert_contains(help(driver), "secondary_drivers");
    let idea = list
        .iter()
        .find(|d| d.message.contains("`text-reminder`"))
        .unwrap();
    assert_eq!(idea.file, file);
    assert_eq!(
        idea.line,
        Some(line_of(&source, "[text-reminder, book-at-checkout]"))
    );
    assert_contains(
        &idea.message,
        "secondary driver `reminders` refers to unknown change idea",
    );
    assert_contains(help(idea), "did you mean `text-reminders`?");
}

#[test]
fn malformed_resource_url_names_its_line() {
    let (ws, d) = only_diagnostic("bad-url");
    assert_eq!(d.file, "content/en/resources/index.md");
    assert_eq!(
        d.line,
        Some(line_of(&ws.read(&d.file), "url: example.org/webinar"))
    );
    assert_contains(&d.message, "`example.org/webinar` is not a valid URL");
    assert_contains(help(&d), "https://");
}

#[test]
fn malformed_doi_names_its_line() {
    let (ws, d) = only_diagnostic("bad-doi");
    assert_eq!(d.file, "content/en/resources/index.md");
    assert_eq!(
        d.line,
        Some(line_of(&ws.read(&d.file), "doi: https://doi.org/"))
    );
    assert_contains(&d.message, "is not a valid DOI");
    assert_contains(help(&d), "without https://doi.org/");
}

#[test]
fn link_to_a_missing_source_names_file_and_line() {
    let (ws, d) = only_diagnostic("missing-link");
    assert_eq!(d.file, "content/en/strategies/peer-support.md");
    assert_eq!(
        d.line,
        Some(line_of(&ws.read(&d.file), "(warm-hand-off.md#how)"))
    );
    assert_contains(&d.message, "missing source `warm-hand-off.md#how`");
}

#[test]
fn missing_related_card_names_its_line() {
    let (ws, d) = only_diagnostic("missing-related");
    assert_eq!(d.file, "content/en/strategies/peer-support.md");
    assert_eq!(
        d.line,
        Some(line_of(&ws.read(&d.file), "related: [warm-handof.md]"))
    );
    assert_contains(&d.message, "related card `warm-handof.md` does not exist");
}

#[test]
fn related_page_that_is_not_a_card_is_refused() {
    let (ws, d) = only_diagnostic("related-not-a-card");
    assert_eq!(d.file, "content/en/strategies/peer-support.md");
    assert_eq!(
        d.line,
        Some(line_of(
            &ws.read(&d.file),
            "related: [warm-handoff.md, ../about.md]"
        ))
    );
    assert_contains(&d.message, "`../about.md` is not a strategy card");
}

#[test]
fn home_page_with_a_slug_is_refused() {
    let (ws, d) = only_diagnostic("home-with-slug");
    assert_eq!(d.file, "content/es/index.md");
    assert_eq!(d.line, Some(line_of(&ws.read(&d.file), "slug: inicio")));
    assert_contains(&d.message, "home page cannot have a `slug`");
}

#[test]
fn two_pages_with_one_url_are_refused() {
    let (ws, d) = only_diagnostic("duplicate-url");
    // The slug made the clash, so the error points at it.
    assert_eq!(d.file, "content/en/strategies/warm-handoff.md");
    assert_eq!(
        d.line,
        Some(line_of(&ws.read(&d.file), "slug: peer-support"))
    );
    assert_contains(&d.message, "/en/strategies/peer-support/");
    assert_contains(&d.message, "content/en/strategies/peer-support.md");
    assert_contains(help(&d), "slug");
}

#[test]
fn two_files_with_one_url_are_refused() {
    let (_ws, list) = diagnostics_after(|ws| {
        ws.write(
            "content/en/About.md",
            "---\ntitle: About again\n---\nText.\n",
        );
    });
    assert_eq!(list.len(), 1, "{list:#?}");
    let files = [list[0].file.as_str(), list[0].message.as_str()].join(" ");
    assert_contains(&files, "content/en/about.md");
    assert_contains(&files, "content/en/About.md");
    assert_contains(&list[0].message, "/en/about/");
}

#[test]
fn missing_home_page_is_reported() {
    let (_ws, list) = diagnostics_after(|ws| {
        ws.remove("content/en/index.md");
    });
    let d = list
        .iter()
        .find(|d| d.file == "content/en/index.md")
        .unwrap_or_else(|| panic!("no diagnostic for the home page: {list:#?}"));
    assert_contains(&d.message, "home page");
    assert_contains(help(d), "create content/en/index.md");
    // The About page's link to it is reported too, at its line.
    assert!(
        list.iter()
            .any(|d| d.file == "content/en/about.md" && d.message.contains("@/index.md"))
    );
}

#[test]
fn missing_home_page_of_a_translation_is_reported_when_untranslated_pages_are_omitted() {
    // By default an untranslated home page is shown in the default language;
    // with `untranslated: omit` nothing would stand at /es/.
    let (_ws, list) = diagnostics_after(|ws| {
        let settings = ws.read("cardstock.yaml");
        ws.write("cardstock.yaml", &format!("{settings}untranslated: omit\n"));
        ws.remove("content/es/index.md");
    });
    assert_eq!(list.len(), 1, "{list:#?}");
    assert_eq!(list[0].file, "content/es/index.md");
    assert_contains(&list[0].message, "Español");
}

#[test]
fn file_in_an_unknown_language_folder_is_refused() {
    let (_ws, d) = only_diagnostic("unknown-language-folder");
    assert_eq!(d.file, "content/fr/index.md");
    assert_contains(&d.message, "not inside a configured language folder");
    assert_contains(help(&d), "add `fr` to `languages` in cardstock.yaml");
}

#[test]
fn unknown_settings_key_suggests_the_known_one() {
    let (ws, d) = only_diagnostic("settings-unknown-key");
    assert_eq!(d.file, "cardstock.yaml");
    assert_eq!(
        d.line,
        Some(line_of(&ws.read("cardstock.yaml"), "extra_ccs:"))
    );
    assert_eq!(d.column, Some(1));
    assert_contains(&d.message, "unknown key `extra_ccs`");
    assert_contains(help(&d), "did you mean `extra_css`?");
}

#[test]
fn default_language_must_be_one_of_the_languages() {
    let (ws, d) = only_diagnostic("settings-default-language");
    assert_eq!(d.file, "cardstock.yaml");
    assert_eq!(
        d.line,
        Some(line_of(&ws.read("cardstock.yaml"), "default_language: fr"))
    );
    assert_contains(
        &d.message,
        "default_language `fr` is not in `languages` (en, es)",
    );
}

#[test]
fn all_problems_of_a_stage_are_reported_together() {
    // Front matter, checked file by file…
    let (_ws, list) = diagnostics_after(|ws| {
        ws.overlay("invalid/bad-url");
        ws.overlay("invalid/unknown-key");
        ws.overlay("invalid/unknown-ids");
    });
    let files: BTreeSet<&str> = list.iter().map(|d| d.file.as_str()).collect();
    let expected: BTreeSet<&str> = [
        "content/en/resources/index.md",
        "content/en/strategies/peer-support.md",
        "content/en/change-packages/follow-up.md",
    ]
    .into();
    assert_eq!(files, expected);
    assert_eq!(list.len(), 4, "{list:#?}");
    // …then what needs other files: sections, links, related cards.
    let (_ws, list) = diagnostics_after(|ws| {
        ws.overlay("invalid/missing-section");
        ws.overlay("invalid/missing-link");
        ws.write(
            "content/es/strategies/peer-support.md",
            &ws.read("content/es/strategies/peer-support.md")
                .replace("related: [warm-handoff.md]", "related: [gone.md]"),
        );
    });
    let files: BTreeSet<&str> = list.iter().map(|d| d.file.as_str()).collect();
    let expected: BTreeSet<&str> = [
        "content/en/strategies/warm-handoff.md",
        "content/en/strategies/peer-support.md",
        "content/es/strategies/peer-support.md",
    ]
    .into();
    assert_eq!(files, expected);
}

/// The error of an unsafe output folder, with the toolkit left as it was.
fn refused_output(ws: &Workspace, out: &std::path::Path) -> String {
    let before = snapshot(&ws.toolkit);
    let result = cardstock::build(&cardstock::BuildOptions {
        toolkit: ws.toolkit.clone(),
        out: out.to_path_buf(),
        base_url: None,
        pdf: false,
    });
    assert_eq!(snapshot(&ws.toolkit), before, "the toolkit changed");
    match result {
        Err(Error::UnsafeOutput(message)) => message,
        Err(other) => panic!("expected an unsafe-output error, got: {other}"),
        Ok(_) => panic!("building into {} was allowed", out.display()),
    }
}

#[test]
fn output_folder_equal_to_the_toolkit_is_refused() {
    let ws = Workspace::from_fixture("minimal");
    let message = refused_output(&ws, &ws.toolkit);
    assert_contains(&message, "refusing to build into");
    assert_contains(&message, "--out");
    // Written with a trailing `/.`, it is still the toolkit.
    refused_output(&ws, &ws.toolkit.join("content/.."));
}

#[test]
fn output_folder_containing_the_toolkit_is_refused() {
    let ws = Workspace::from_fixture("minimal");
    let message = refused_output(&ws, ws.toolkit.parent().unwrap());
    assert_contains(&message, "contains it");
}

#[test]
fn output_folder_inside_the_sources_is_refused() {
    let ws = Workspace::from_fixture("minimal");
    let message = refused_output(&ws, &ws.toolkit.join("content/site"));
    assert_contains(&message, "content/");
}

#[test]
fn output_folder_not_made_by_cardstock_is_refused() {
    let ws = Workspace::from_fixture("minimal");
    fs::create_dir_all(&ws.out).unwrap();
    fs::write(ws.out.join("notes.txt"), "keep me").unwrap();
    let before = snapshot(&ws.out);
    let message = refused_output(&ws, &ws.out);
    assert_contains(&message, "not empty and was not made by Cardstock");
    assert_eq!(snapshot(&ws.out), before);
}

#[test]
fn empty_or_previous_output_folders_are_replaced() {
    // The counterpart of the refusals above, so they cannot pass by refusing everything.
    let ws = Workspace::from_fixture("minimal");
    fs::create_dir_all(&ws.out).unwrap();
    ws.build().expect("an empty folder is fine");
    fs::write(ws.out.join("stale.html"), "from an older build").unwrap();
    ws.build().expect("a folder Cardstock made is replaced");
    assert!(!ws.out.join("stale.html").exists());
    assert!(ws.out.join("en/index.html").exists());
}

#[cfg(unix)]
#[test]
fn a_failure_while_writing_leaves_the_previous_output() {
    // Everything renders; then a static file cannot be read while the new
    // site is being written. The half-written site must not replace the old one.
    let (ws, before) = with_good_build();
    fs::create_dir_all(ws.toolkit.join("static")).unwrap();
    std::os::unix::fs::symlink(
        ws.toolkit.join("static/missing-target.css"),
        ws.toolkit.join("static/broken.css"),
    )
    .unwrap();
    let err = ws.build().expect_err("the build should fail");
    assert!(err.to_string().contains("broken.css"), "{err}");
    assert_eq!(snapshot(&ws.out), before);
    assert_nothing_left_beside(&ws);
}
