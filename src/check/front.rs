//! Front-matter rules: values of the wrong type, missing titles and the other
//! problems parsing already finds (reported here as `front-matter` findings),
//! and summaries that are missing where they are not required.

use super::Finding;
use crate::content::{self, FrontMatter, Kind, Source};
use crate::load::SourceFile;

/// Parses every source on its own; each parse problem (wrong type, unknown
/// key, missing `title`, a card without `summary`, a malformed URL or DOI in
/// front matter) becomes a `front-matter` error. Returns what parsed.
pub fn parse_each(files: &[SourceFile], findings: &mut Vec<Finding>) -> Vec<Source> {
    let mut parsed = Vec::new();
    for file in files {
        match content::parse_source(file) {
            Ok(source) => parsed.push(source),
            Err(problems) => findings.extend(
                problems
                    .into_iter()
                    .map(|d| Finding::error("front-matter", d)),
            ),
        }
    }
    parsed
}

/// `summary-missing` (warning): pages, change packages and resource lists
/// without a summary get no description for search engines and link previews,
/// and no introduction under their title. (A card without one is an error of
/// the card itself.)
pub fn summary_missing(
    file: &str,
    front: &FrontMatter,
    yaml: &str,
    yaml_first_line: usize,
    findings: &mut Vec<Finding>,
) {
    if front.kind == Kind::Card
        || front
            .summary
            .as_deref()
            .is_some_and(|s| !s.trim().is_empty())
    {
        return;
    }
    let title_line = yaml
        .lines()
        .position(|l| l.starts_with("title:"))
        .map_or(1, |i| yaml_first_line + i);
    findings.push(Finding::warning(
        "summary-missing",
        crate::Diagnostic::new(file, format!("`{}` has no `summary`", front.title))
            .at_line(title_line)
            .help("add `summary:` with one sentence on what the page offers; it becomes the page's description"),
    ));
}
