//! Heading rules. The theme writes each page's title as its only `h1`, so a
//! body's headings start at `##`; levels must not skip (WCAG 1.3.1, 2.4.6),
//! or the outline screen-reader users navigate by has holes.

use super::Finding;
use super::body::BodyDoc;
use crate::error::Diagnostic;

/// `heading-h1` (error): a `#` heading in a body makes a second `h1`.
pub fn h1_in_body(doc: &BodyDoc, findings: &mut Vec<Finding>) {
    for heading in doc.headings.iter().filter(|h| h.level == 1) {
        findings.push(Finding::error(
            "heading-h1",
            Diagnostic::new(
                &doc.file,
                format!(
                    "`# {}` is a second level-1 heading; the page title is the h1",
                    heading.text.trim()
                ),
            )
            .at_line(heading.line)
            .help("start the body's sections at `##`, or move this text into `title:`"),
        ));
    }
}

/// `heading-skip` (error): a heading more than one level below the one before
/// it (the title counts as level 1), e.g. `##` followed by `####`.
pub fn skipped_level(doc: &BodyDoc, findings: &mut Vec<Finding>) {
    let mut previous = 1;
    for heading in &doc.headings {
        if heading.level > previous + 1 {
            let wanted = "#".repeat(usize::from(previous) + 1);
            findings.push(Finding::error(
                "heading-skip",
                Diagnostic::new(
                    &doc.file,
                    format!(
                        "heading `{}` jumps from level {previous} to level {}",
                        heading.text.trim(),
                        heading.level
                    ),
                )
                .at_line(heading.line)
                .help(format!(
                    "make it `{wanted} {}`, or add the missing level above it",
                    heading.text.trim()
                )),
            ));
        }
        previous = heading.level;
    }
}
