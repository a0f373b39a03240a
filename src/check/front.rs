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

/// `review-overdue` (warning): with `review_after_months` in the settings, a
/// card, change package or resource list whose `reviewed` date (else its
/// `updated` date) is older than that many months, or that has neither. TA
/// centers must keep guidance current; this says which pages to look at.
pub fn review_overdue(input: &super::SiteToCheck, findings: &mut Vec<Finding>) {
    let Some(months) = input.site.settings.review_after_months else {
        return;
    };
    let today = today();
    let sources: std::collections::HashMap<&str, &Source> =
        input.sources.iter().map(|s| (s.file.as_str(), s)).collect();
    for page in input.site.pages.iter().filter(|p| !p.is_fallback()) {
        let f = &page.front;
        if !matches!(f.kind, Kind::Card | Kind::ChangePackage | Kind::Resources) {
            continue;
        }
        let Some(source) = sources.get(page.file.as_str()) else {
            continue;
        };
        let (key, date) = match (&f.reviewed, &f.updated) {
            (Some(d), _) => ("reviewed", Some(d.as_str())),
            (None, Some(d)) => ("updated", Some(d.as_str())),
            (None, None) => ("title", None),
        };
        let line = source.line_of_key(key).unwrap_or(1);
        let message = match date {
            None => format!("`{}` has never been reviewed", f.title),
            Some(d) if months_between(d, &today).is_some_and(|m| m >= months) => {
                format!(
                    "`{}` was last reviewed on {d}, more than {months} months ago",
                    f.title
                )
            }
            Some(_) => continue,
        };
        findings.push(Finding::warning(
            "review-overdue",
            crate::Diagnostic::new(&page.file, message)
                .at_line(line)
                .help("check that the page is still current, then set `reviewed:` to today's date (YYYY-MM-DD)"),
        ));
    }
}

/// Whole months from `from` to `to` (both `YYYY-MM-DD`), counting a month
/// only once its day is reached; `None` for a malformed date.
fn months_between(from: &str, to: &str) -> Option<u32> {
    let parse = |d: &str| -> Option<(i64, i64, i64)> {
        let mut parts = d.split('-').map(|p| p.parse::<i64>().ok());
        Some((parts.next()??, parts.next()??, parts.next()??))
    };
    let (fy, fm, fd) = parse(from)?;
    let (ty, tm, td) = parse(to)?;
    let mut months = (ty - fy) * 12 + (tm - fm);
    if td < fd {
        months -= 1;
    }
    Some(months.max(0) as u32)
}

/// Today's date in UTC as `YYYY-MM-DD` (from `jiff`, the date crate the
/// content checks already use).
fn today() -> String {
    // A timestamp formats in UTC.
    jiff::Timestamp::now().strftime("%Y-%m-%d").to_string()
}

#[cfg(test)]
mod tests {
    #[test]
    fn months_between_counts_whole_months() {
        assert_eq!(super::months_between("2025-01-15", "2026-01-15"), Some(12));
        assert_eq!(super::months_between("2025-01-15", "2026-01-14"), Some(11));
        assert_eq!(super::months_between("2026-05-01", "2026-01-01"), Some(0));
        assert_eq!(super::months_between("May 2026", "2026-01-01"), None);
    }

    #[test]
    fn today_is_a_date() {
        let today = super::today();
        assert!(crate::content::kinds::is_iso_date(&today), "{today}");
        assert!(today.as_str() >= "2024-01-01");
    }
}
