//! Rule `portable-path`: site paths that break once the site leaves Linux.
//!
//! Toolkits are edited on Windows and deployed to hosts whose disks ignore
//! case (Windows, macOS, some object stores). Two files of the site whose
//! paths differ only in case (`Logo.png`, `logo.png`) become one file there;
//! a path segment Windows reserves (`con`, `aux`, `nul`, `com1`…), made from a
//! slug or a tag, cannot be created there. Both are warnings naming the
//! source. Source and static file names Windows reserves are reported by the
//! load stage already (`load::is_windows_reserved`).

use std::collections::BTreeMap;

use super::Finding;
use super::Output;
use crate::error::Diagnostic;
use crate::load::is_windows_reserved;
use crate::model::{ListingKind, Site};

const RULE: &str = "portable-path";

/// Adds a warning for each group of site paths equal but for case, and for
/// each rendered page or listing whose path has a segment Windows reserves.
pub fn output_paths(site: &Site, output: &Output, findings: &mut Vec<Finding>) {
    // Site path → the toolkit file it comes from (None: the built-in theme or
    // a site-wide file such as the search index).
    let mut origins: BTreeMap<&str, Option<&str>> = BTreeMap::new();
    let mut page_files: BTreeMap<String, &str> = BTreeMap::new();
    for page in &site.pages {
        page_files.insert(format!("{}index.html", page.path), &page.file);
    }
    for listing in &site.listings {
        if let ListingKind::FacetTerm { .. } = listing.kind
            && let Some(&card) = listing.cards.first()
        {
            page_files.insert(
                format!("{}index.html", listing.path),
                &site.pages[card].file,
            );
        }
    }
    for path in output.rendered() {
        origins.insert(path, page_files.get(path).copied());
    }
    for (path, file) in &output.statics {
        origins.entry(path).or_insert(file.as_deref());
    }
    case_collisions(&origins, findings);
    reserved_segments(&origins, findings);
}

fn case_collisions(origins: &BTreeMap<&str, Option<&str>>, findings: &mut Vec<Finding>) {
    let mut by_folded: BTreeMap<String, Vec<&str>> = BTreeMap::new();
    for path in origins.keys() {
        by_folded.entry(path.to_lowercase()).or_default().push(path);
    }
    for paths in by_folded.values().filter(|p| p.len() > 1) {
        let named: Vec<String> = paths
            .iter()
            .map(|p| match origins[p] {
                Some(file) => format!("`{p}` (from {file})"),
                None => format!("`{p}`"),
            })
            .collect();
        let file = paths.iter().find_map(|p| origins[p]).unwrap_or(paths[0]);
        findings.push(Finding::warning(
            RULE,
            Diagnostic::new(
                file,
                format!(
                    "the site paths {} differ only in case: on a case-insensitive disk or host one replaces the other",
                    named.join(" and ")
                ),
            )
            .help("rename one of them so the names differ in more than case; lowercase names are safest"),
        ));
    }
}

fn reserved_segments(origins: &BTreeMap<&str, Option<&str>>, findings: &mut Vec<Finding>) {
    // One warning per source, not one per language it is published in.
    let mut warned = std::collections::HashSet::new();
    for (path, origin) in origins {
        let Some(file) = origin else { continue };
        let Some(segment) = path.split('/').find(|s| is_windows_reserved(s)) else {
            continue;
        };
        // A source or static file named so was reported when it was read.
        if file.split('/').any(is_windows_reserved) || !warned.insert(*file) {
            continue;
        }
        findings.push(Finding::warning(
            RULE,
            Diagnostic::new(
                *file,
                format!(
                    "the site path `{path}` has the segment `{segment}`, a reserved name on Windows: the site cannot be copied to or served from Windows"
                ),
            )
            .help("change the `slug` or value it is made from, e.g. by adding a word; CON, PRN, AUX, NUL, COM1–COM9 and LPT1–LPT9 are reserved"),
        ));
    }
}
