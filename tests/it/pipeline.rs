//! `build`, `check` and `serve` run one pipeline, so they report the same
//! findings for the same toolkit: the same errors refuse the build, fail the
//! check and show in the preview's overlay; the same warnings are printed.

use std::collections::BTreeSet;

use cardstock::Diagnostic;
use cardstock::check::Severity;
use cardstock::serve::rebuild::Project;

use crate::support::*;

/// A page with an image without alt text (and without a file), a skipped
/// heading level and a broken anchor (four errors), and no summary (a warning).
const FLAWED_PAGE: &str = "---
title: Flawed page
---

Some text.

![](../img/chart.png)

#### Too deep

See [the missing part](#nowhere).
";

fn messages(diagnostics: impl IntoIterator<Item = Diagnostic>) -> BTreeSet<String> {
    diagnostics.into_iter().map(|d| d.to_string()).collect()
}

#[test]
fn build_check_and_serve_report_the_same_findings() {
    let ws = Workspace::from_fixture("minimal");
    ws.write("content/en/flawed.md", FLAWED_PAGE);

    let built = match ws.build() {
        Err(cardstock::Error::Invalid(diagnostics)) => messages(diagnostics),
        other => panic!("the build should refuse the page, got {other:?}"),
    };

    let report = cardstock::check_toolkit(&ws.toolkit);
    let checked_errors = messages(
        report
            .errors()
            .cloned()
            .map(cardstock::check::Finding::into_diagnostic),
    );
    let checked_warnings: BTreeSet<String> = report
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Warning)
        .map(|f| f.diagnostic.file.clone())
        .collect();

    let (_, outcome) = Project::open(&ws.toolkit).unwrap();
    let served = match outcome.result {
        Err(diagnostics) => messages(diagnostics),
        Ok(_) => panic!("serve should show the errors build refuses"),
    };

    assert_eq!(built.len(), 4, "{built:#?}");
    assert_eq!(built, checked_errors);
    assert_eq!(built, served);
    assert!(
        checked_warnings.contains("content/en/flawed.md"),
        "{checked_warnings:?}"
    );

    // Fixed, the page builds; build and serve then give the same warnings.
    ws.write(
        "content/en/flawed.md",
        "---\ntitle: Flawed page\n---\n\nSome text.\n",
    );
    let build_warnings = messages(ws.build().unwrap().warnings);
    let (_, outcome) = Project::open(&ws.toolkit).unwrap();
    let serve_warnings = messages(outcome.result.unwrap().warnings);
    assert!(!build_warnings.is_empty());
    assert_eq!(build_warnings, serve_warnings);
}
