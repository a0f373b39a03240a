//! `cardstock check`: one test per rule, each on a small fixture toolkit in
//! tests/fixtures/check/<rule>/ that breaks that rule (and only that rule)
//! in known places, next to correct uses that must not be reported.

use std::path::{Path, PathBuf};
use std::process::Command;

use cardstock::check::Severity;
use cardstock::check_toolkit;

use crate::support::Workspace;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/check")
        .join(name)
}

/// What a finding must be: severity, rule, `file:line` and a part of its message.
type Expected<'a> = (Severity, &'a str, &'a str, &'a str);

/// Checks the fixture and asserts its findings are exactly `expected`, in file and line order.
fn assert_findings(name: &str, expected: &[Expected]) {
    let report = check_toolkit(&fixture(name));
    let found: Vec<String> = report.findings.iter().map(|f| format!("{f}")).collect();
    assert_eq!(
        report.findings.len(),
        expected.len(),
        "findings of {name}:\n{}",
        found.join("\n")
    );
    for (finding, (severity, rule, location, message)) in report.findings.iter().zip(expected) {
        assert_eq!(finding.severity, *severity, "{finding}");
        assert_eq!(finding.rule, *rule, "{finding}");
        assert_eq!(finding.diagnostic.location(), *location, "{finding}");
        assert!(
            finding.diagnostic.message.contains(message),
            "expected “{message}” in: {finding}"
        );
        assert!(
            finding.diagnostic.help.is_some(),
            "no fix offered: {finding}"
        );
    }
}

use Severity::{Error, Warning};

#[test]
fn image_alt() {
    assert_findings(
        "image-alt",
        &[
            (
                Error,
                "image-alt",
                "content/en/index.md:8",
                "image `/images/team.png` has no alt text",
            ),
            (
                Error,
                "image-alt",
                "content/en/index.md:12",
                "HTML image has no `alt` attribute",
            ),
        ],
    );
}

#[test]
fn image_alt_filename() {
    assert_findings(
        "image-alt-filename",
        &[
            (
                Error,
                "image-alt-filename",
                "content/en/index.md:6",
                "alt text `IMG_0042.jpg` is a file name",
            ),
            (
                Error,
                "image-alt-filename",
                "content/en/index.md:8",
                "alt text `team-photo` is a file name",
            ),
        ],
    );
}

#[test]
fn heading_h1() {
    assert_findings(
        "heading-h1",
        &[(
            Error,
            "heading-h1",
            "content/en/index.md:6",
            "`# Welcome to the toolkit` is a second level-1 heading",
        )],
    );
}

#[test]
fn heading_skip() {
    assert_findings(
        "heading-skip",
        &[
            (
                Error,
                "heading-skip",
                "content/en/about.md:6",
                "heading `Deep start` jumps from level 1 to level 3",
            ),
            (
                Error,
                "heading-skip",
                "content/en/index.md:10",
                "heading `Details` jumps from level 2 to level 4",
            ),
        ],
    );
}

#[test]
fn link_empty() {
    assert_findings(
        "link-empty",
        &[
            (
                Error,
                "link-empty",
                "content/en/index.md:6",
                "link to `about.md` has no text",
            ),
            (
                Error,
                "link-empty",
                "content/en/index.md:6",
                "link to `about.md` has no text",
            ),
        ],
    );
}

#[test]
fn link_vague_in_english_and_spanish() {
    assert_findings(
        "link-vague",
        &[
            (
                Warning,
                "link-vague",
                "content/en/index.md:6",
                "link text “click here”",
            ),
            (
                Warning,
                "link-vague",
                "content/en/index.md:8",
                "link text “Read more…”",
            ),
            (
                Warning,
                "link-vague",
                "content/es/index.md:6",
                "link text “haga clic aquí”",
            ),
            (
                Warning,
                "link-vague",
                "content/es/index.md:8",
                "link text “Más”",
            ),
        ],
    );
}

#[test]
fn link_bare_url() {
    assert_findings(
        "link-bare-url",
        &[
            (
                Warning,
                "link-bare-url",
                "content/en/index.md:6",
                "bare address `https://www.example.org/report`",
            ),
            (
                Warning,
                "link-bare-url",
                "content/en/index.md:8",
                "bare address `https://example.org/x`",
            ),
        ],
    );
}

#[test]
fn link_duplicate_text() {
    // Line 10 links to the same page as line 6, written as `@/about.md`: not reported.
    assert_findings(
        "link-duplicate-text",
        &[(
            Warning,
            "link-duplicate-text",
            "content/en/index.md:8",
            "link text “The guide” also leads elsewhere, on line 6",
        )],
    );
}

#[test]
fn link_broken_to_sources_in_every_language() {
    assert_findings(
        "link-broken/source",
        &[
            (
                Error,
                "link-broken",
                "content/en/index.md:6",
                "link to a missing source `gone.md`",
            ),
            (
                Error,
                "link-broken",
                "content/es/index.md:6",
                "link to a missing source `perdida.md`",
            ),
        ],
    );
}

#[test]
fn link_broken_to_site_paths_and_files() {
    assert_findings(
        "link-broken/path",
        &[
            (
                Error,
                "link-broken",
                "content/en/index.md:6",
                "link to `/en/nowhere/` leads to no page or file",
            ),
            (
                Error,
                "link-broken",
                "content/en/index.md:8",
                "link to `/images/missing.png` leads to no page or file",
            ),
            (
                Error,
                "link-broken",
                "content/en/index.md:10",
                "link to `images/chart.png` leads to no page or file of the site (/en/images/chart.png)",
            ),
        ],
    );
}

#[test]
fn anchor_broken_in_every_language() {
    // The Spanish home links to about.md, which exists only in English: the
    // link leads to the English text in the Spanish site (the fallback page
    // /es/about/), and the anchor is checked there.
    assert_findings(
        "anchor-broken",
        &[
            (
                Error,
                "anchor-broken",
                "content/en/index.md:6",
                "`#history` is not an anchor on /en/about/",
            ),
            (
                Error,
                "anchor-broken",
                "content/en/index.md:8",
                "`#nowhere` is not an anchor on /en/",
            ),
            (
                Error,
                "anchor-broken",
                "content/es/index.md:6",
                "`#historia` is not an anchor on /es/about/",
            ),
        ],
    );
}

#[test]
fn duplicate_slug() {
    assert_findings(
        "duplicate-slug",
        &[(
            Error,
            "duplicate-slug",
            "content/en/guide-two.md:4",
            "the same URL /en/guide/ as content/en/guide-one.md",
        )],
    );
}

#[test]
fn table_header() {
    assert_findings(
        "table-header",
        &[
            (
                Error,
                "table-header",
                "content/en/index.md:6",
                "table has no header row",
            ),
            (
                Error,
                "table-header",
                "content/en/index.md:10",
                "HTML table has no header cells",
            ),
        ],
    );
}

#[test]
fn front_matter_wrong_type_and_missing_title() {
    assert_findings(
        "front-matter",
        &[
            (
                Error,
                "front-matter",
                "content/en/about.md:2:1",
                "missing field `title`",
            ),
            (
                Error,
                "front-matter",
                "content/en/index.md:4:7",
                "invalid type: string \"often\", expected a boolean",
            ),
        ],
    );
}

#[test]
fn summary_missing() {
    assert_findings(
        "summary-missing",
        &[(
            Warning,
            "summary-missing",
            "content/en/about.md:2",
            "`About` has no `summary`",
        )],
    );
}

#[test]
fn url_syntax_without_network() {
    assert_findings(
        "url-syntax",
        &[
            (
                Error,
                "url-syntax",
                "content/en/index.md:6",
                "`htps://example.org/report` has an unknown scheme",
            ),
            (
                Error,
                "url-syntax",
                "content/en/index.md:8",
                "`https://doi.org/11.1000/xyz` is not a valid DOI link",
            ),
            (
                Error,
                "url-syntax",
                "content/en/index.md:10",
                "`https://intranet` is not a valid web address",
            ),
        ],
    );
}

#[test]
fn example_toolkit_is_clean_even_when_strict() {
    let report = check_toolkit(Path::new(env!("CARGO_MANIFEST_DIR")));
    let found: Vec<String> = report.findings.iter().map(|f| f.to_string()).collect();
    assert!(report.findings.is_empty(), "{}", found.join("\n"));
    assert!(report.sources > 10);
}

fn build(name: &str) -> (cardstock::Result<cardstock::BuildReport>, tempfile::TempDir) {
    let out = tempfile::tempdir().unwrap();
    let result = cardstock::build(&cardstock::BuildOptions {
        toolkit: fixture(name),
        out: out.path().join("site"),
        base_url: None,
        pdf: false,
    });
    (result, out)
}

#[test]
fn build_fails_on_error_level_findings_and_writes_nothing() {
    let (result, out) = build("image-alt");
    let err = result.expect_err("a build with an image without alt text must fail");
    let diagnostics = err.diagnostics();
    assert_eq!(diagnostics.len(), 2, "{err}");
    assert_eq!(diagnostics[0].location(), "content/en/index.md:8");
    assert!(diagnostics[0].message.ends_with("[image-alt]"), "{err}");
    assert!(!out.path().join("site").exists());
}

#[test]
fn build_reports_warnings_and_succeeds() {
    let (result, out) = build("link-vague");
    let report = result.expect("warnings do not fail a build");
    let vague: Vec<_> = report
        .warnings
        .iter()
        .filter(|w| w.message.ends_with("[link-vague]"))
        .collect();
    assert_eq!(vague.len(), 4);
    assert!(out.path().join("site/en/index.html").exists());
}

fn run_check(name: &str, strict: bool) -> (bool, String) {
    let mut command = Command::new(env!("CARGO_BIN_EXE_cardstock"));
    command.arg("check").arg(fixture(name));
    if strict {
        command.arg("--strict");
    }
    let output = command.output().unwrap();
    (
        output.status.success(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
    )
}

#[test]
fn command_fails_on_errors_and_on_warnings_only_when_strict() {
    let (ok, stdout) = run_check("image-alt", false);
    assert!(!ok);
    assert!(stdout.contains("error[image-alt]: content/en/index.md:8: image `/images/team.png` has no alt text\n  help: "), "{stdout}");
    assert!(
        stdout.contains("2 errors, 0 warnings in 1 source."),
        "{stdout}"
    );

    let (ok, stdout) = run_check("summary-missing", false);
    assert!(ok, "{stdout}");
    assert!(
        stdout.contains("warning[summary-missing]: content/en/about.md:2:"),
        "{stdout}"
    );
    let (ok, _) = run_check("summary-missing", true);
    assert!(!ok, "--strict fails on warnings");
}

/// An anchor written in raw HTML with single quotes or none is an anchor:
/// ids are read with an HTML tokenizer, as a browser reads them.
#[test]
fn anchors_in_raw_html_count_however_they_are_quoted() {
    let ws = Workspace::from_fixture("minimal");
    ws.write(
        "content/en/anchors.md",
        "---\ntitle: Anchors\nsummary: Ids in raw HTML.\n---\n\n<span id='here'></span>\n<span id=there></span>\n\nSee [here](#here) and [there](#there).\n",
    );
    let report = check_toolkit(&ws.toolkit);
    let broken: Vec<String> = report
        .findings
        .iter()
        .filter(|f| f.rule == "anchor-broken")
        .map(|f| f.to_string())
        .collect();
    assert!(broken.is_empty(), "{broken:#?}");
    ws.build().unwrap();
}
