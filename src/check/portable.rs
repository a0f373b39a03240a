//! Rule `portable-path`: site paths that break once the site leaves Linux.
//!
//! Toolkits are edited on Windows and deployed to hosts whose disks ignore
//! case (Windows, macOS, some object stores). Two files of the site whose
//! paths differ only in case (`Logo.png`, `logo.png`) become one file there;
//! a path segment Windows reserves (`con`, `aux`, `nul`, `com1`…), made from a
//! slug or a tag, cannot be created there. Both are warnings naming the
//! source. Source and static file names Windows reserves are reported by the
//! load stage already (`load::is_windows_reserved`).

use super::Finding;
use super::Output;
use crate::error::Diagnostic;
use crate::hash::FastMap;
use crate::load::is_windows_reserved;
use crate::model::{ListingKind, Site};

const RULE: &str = "portable-path";

/// Adds a warning for each group of site paths equal but for case, and for
/// each rendered page or listing whose path has a segment Windows reserves.
pub fn output_paths(site: &Site, output: &Output, findings: &mut Vec<Finding>) {
    // Runs on every `serve` rebuild over every file of the site, so it
    // hashes rather than keeps ordered maps, and sorts once.
    let mut page_files: FastMap<String, &str> = FastMap::default();
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
    // Site path → the toolkit file it comes from (None: the built-in theme or
    // a site-wide file such as the search index). Rendered and copied paths
    // never overlap (`Output::rendered`).
    let mut origins: Vec<Origin> = output
        .rendered()
        .map(|path| (path, page_files.get(path).copied()))
        .chain(
            output
                .statics
                .iter()
                .map(|(path, file)| (path.as_str(), file.as_deref())),
        )
        .collect();
    origins.sort_unstable_by_key(|(path, _)| *path);
    case_collisions(&origins, findings);
    reserved_segments(&origins, findings);
}

/// A site path and the toolkit file it comes from, if known.
type Origin<'a> = (&'a str, Option<&'a str>);

fn case_collisions(origins: &[Origin], findings: &mut Vec<Finding>) {
    let mut by_folded: FastMap<String, Vec<Origin>> = FastMap::default();
    for &(path, file) in origins {
        by_folded
            .entry(path.to_lowercase())
            .or_default()
            .push((path, file));
    }
    // In the order of the folded paths, as the warnings always came.
    let mut groups: Vec<(String, Vec<Origin>)> = by_folded
        .into_iter()
        .filter(|(_, paths)| paths.len() > 1)
        .collect();
    groups.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    for (_, paths) in groups {
        let named: Vec<String> = paths
            .iter()
            .map(|(p, origin)| match origin {
                Some(file) => format!("`{p}` (from {file})"),
                None => format!("`{p}`"),
            })
            .collect();
        let file = paths
            .iter()
            .find_map(|(_, origin)| *origin)
            .unwrap_or(paths[0].0);
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

fn reserved_segments(origins: &[Origin], findings: &mut Vec<Finding>) {
    // One warning per source, not one per language it is published in.
    let mut warned = std::collections::HashSet::new();
    for &(path, origin) in origins {
        let Some(file) = origin else { continue };
        let Some(segment) = path.split('/').find(|s| is_windows_reserved(s)) else {
            continue;
        };
        // A source or static file named so was reported when it was read.
        if file.split('/').any(is_windows_reserved) || !warned.insert(file) {
            continue;
        }
        findings.push(Finding::warning(
            RULE,
            Diagnostic::new(
                file,
                format!(
                    "the site path `{path}` has the segment `{segment}`, a reserved name on Windows: the site cannot be copied to or served from Windows"
                ),
            )
            .help("change the `slug` or value it is made from, e.g. by adding a word; CON, PRN, AUX, NUL, COM1–COM9 and LPT1–LPT9 are reserved"),
        ));
    }
}
