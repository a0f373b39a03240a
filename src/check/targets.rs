//! Link-target rules: links to sources that do not exist, paths and anchors
//! that lead nowhere on the built site, and two sources sharing one URL.
//!
//! Resolution is the model's own: `markdown::classify_link` sorts a
//! destination, `model::resolve_source` finds the page of a source (falling
//! back to the default language, as the rendered link does). Anchors are
//! checked against the `id`s of the rendered target page, so heading ids,
//! card section ids, `idea-<id>` anchors of change ideas and anything a
//! template adds all count.

use std::collections::{BTreeMap, HashMap};
use std::sync::Mutex;

use rayon::prelude::*;

use super::Finding;
use super::body::BodyDoc;
use crate::config::Settings;
use crate::content::Source;
use crate::hash::{FastMap, FastSet};
use crate::load::Toolkit;
use crate::markdown::{Destination, classify_link, missing_source};
use crate::model::{self, Page, Site};

/// Destinations of a body's links and images, with their lines; images have no anchors.
fn destinations(doc: &BodyDoc) -> impl Iterator<Item = (&str, usize, bool)> {
    doc.links
        .iter()
        .map(|l| (l.dest.as_str(), l.line, true))
        .chain(doc.images.iter().map(|i| (i.dest.as_str(), i.line, false)))
}

/// `link-broken` (error), before the site is built: a link to a `.md` source
/// (relative, or `@/` from the language folder) that exists in neither the
/// page's language nor the default language.
pub fn missing_sources(docs: &[BodyDoc], toolkit: &Toolkit, findings: &mut Vec<Finding>) {
    let known: HashMap<(String, String), ()> = toolkit
        .sources
        .iter()
        .map(|s| ((s.lang.clone(), s.rel.clone()), ()))
        .collect();
    let default = &toolkit.settings.default_language;
    for doc in docs {
        for (dest, line, _) in destinations(doc) {
            let Destination::Source { rel, .. } = classify_link(dest, &doc.rel) else {
                continue;
            };
            let found = rel
                .as_deref()
                .and_then(|r| model::resolve_source(&known, default, &doc.lang, r));
            if found.is_none() {
                findings.push(Finding::error(
                    "link-broken",
                    missing_source(&doc.file, dest, line),
                ));
            }
        }
    }
}

/// `duplicate-slug` (error): two sources of one language that would get the
/// same URL, through their file names or their `slug:` (also through the
/// fallback copy of an untranslated page).
pub fn duplicate_urls(settings: &Settings, sources: &[Source], findings: &mut Vec<Finding>) {
    let problems = model::duplicate_paths(settings, sources);
    findings.extend(
        problems
            .into_iter()
            .map(|d| Finding::error("duplicate-slug", d)),
    );
}

/// The rendered site as the link rules see it: which paths exist, and the
/// `id`s on each HTML page.
pub struct Output {
    // Looked up for every link on every rebuild of `serve`: fast hashes.
    files: FastSet<String>,
    ids: FastMap<String, Vec<String>>,
    /// Copied (static) files by output path, with the toolkit file each
    /// comes from (`None`: the built-in theme, or not known in `serve`).
    pub(super) statics: BTreeMap<String, Option<String>>,
}

impl Output {
    /// The site made of `files` (rendered, with their bytes) and `statics`
    /// (copied files: output path and the toolkit file it comes from).
    pub fn new<'a>(
        files: &[(&'a str, &'a [u8])],
        statics: impl Iterator<Item = (&'a str, Option<&'a str>)>,
    ) -> Output {
        let recorder = OutputRecorder::default();
        // Scanning every page is most of this rule's time on a large site.
        files
            .par_iter()
            .for_each(|(path, bytes)| recorder.record(path, bytes));
        recorder.finish(statics)
    }

    /// Records a rendered file written (or rewritten) since.
    pub fn put(&mut self, path: &str, bytes: &[u8]) {
        self.files.insert(path.to_string());
        if path.ends_with(".html") {
            let ids = crate::html::ids(&String::from_utf8_lossy(bytes));
            self.ids.insert(path.to_string(), ids);
        }
    }

    /// The rendered (not copied) files' paths.
    pub(super) fn rendered(&self) -> impl Iterator<Item = &str> {
        self.files
            .iter()
            .map(String::as_str)
            .filter(|p| !self.statics.contains_key(*p))
    }

    /// Forgets a file removed since.
    pub fn remove(&mut self, path: &str) {
        self.files.remove(path);
        self.ids.remove(path);
    }

    /// The output file a site path is served from, if any: `en/x/` → `en/x/index.html`.
    fn file_for(&self, path: &str) -> Option<String> {
        let candidates = if path.is_empty() || path.ends_with('/') {
            vec![format!("{path}index.html")]
        } else {
            vec![path.to_string(), format!("{path}/index.html")]
        };
        candidates.into_iter().find(|c| self.files.contains(c))
    }
}

/// What the rules need of the rendered files, gathered while they stream to
/// disk (`build`) so their bytes need not be kept: each file's path and each
/// page's element ids.
#[derive(Default)]
pub struct OutputRecorder {
    seen: Mutex<Seen>,
}

/// The recorded paths, and the ids of the HTML files among them.
type Seen = (FastSet<String>, FastMap<String, Vec<String>>);

impl OutputRecorder {
    /// Notes one rendered file; callable from any thread.
    pub fn record(&self, path: &str, bytes: &[u8]) {
        // Scanned before taking the lock, so threads scan in parallel.
        let ids = path
            .ends_with(".html")
            .then(|| crate::html::ids(&String::from_utf8_lossy(bytes)));
        let mut seen = self.seen.lock().unwrap_or_else(|e| e.into_inner());
        seen.0.insert(path.to_string());
        if let Some(ids) = ids {
            seen.1.insert(path.to_string(), ids);
        }
    }

    /// Whether a file of this path was rendered.
    pub fn holds(&self, path: &str) -> bool {
        let seen = self.seen.lock().unwrap_or_else(|e| e.into_inner());
        seen.0.contains(path)
    }

    /// The output: the recorded files plus the copied ones.
    pub fn finish<'a>(self, statics: impl Iterator<Item = (&'a str, Option<&'a str>)>) -> Output {
        let (mut files, ids) = self.seen.into_inner().unwrap_or_else(|e| e.into_inner());
        let statics: BTreeMap<String, Option<String>> = statics
            .map(|(path, file)| (path.to_string(), file.map(str::to_string)))
            .collect();
        files.extend(statics.keys().cloned());
        Output {
            files,
            ids,
            statics,
        }
    }
}

/// Resolves a relative URL path against the folder of the page at `base`
/// (`en/about/` + `../strategies/` → `en/strategies/`); `None` above the root.
fn join_site_path(base: &str, relative: &str) -> Option<String> {
    let trailing = relative.ends_with('/') || relative.is_empty();
    let mut path = crate::urls::join_path(base, relative)?;
    if trailing && !path.is_empty() {
        path.push('/');
    }
    Some(path)
}

/// The site path a destination leads to, and its fragment without `#`.
/// `None` for external links and sources that do not resolve (reported elsewhere).
fn site_target(dest: &str, doc: &BodyDoc, page: &Page, site: &Site) -> Option<(String, String)> {
    let strip = |f: &str| f.trim_start_matches('#').to_string();
    let without_query = |p: &str| p.split('?').next().unwrap_or("").to_string();
    match classify_link(dest, &doc.rel) {
        Destination::External => None,
        Destination::Source { rel, fragment } => {
            let id = site.resolve_source(&page.lang, rel.as_deref()?)?;
            Some((site.pages[id].path.clone(), strip(&fragment)))
        }
        Destination::SitePath { path, fragment } => Some((
            crate::urls::percent_decode(&without_query(&path)),
            strip(&fragment),
        )),
        Destination::Fragment(fragment) => Some((page.path.clone(), strip(&fragment))),
        Destination::Relative => {
            let (path, fragment) = dest.split_once('#').unwrap_or((dest, ""));
            let joined = join_site_path(
                &page.path,
                &crate::urls::percent_decode(&without_query(path)),
            )
            .unwrap_or_else(|| format!("../{path}"));
            Some((joined, fragment.to_string()))
        }
    }
}

/// `link-broken` (error) for site paths (`/en/tags/`, `images/x.png`) that no
/// page or file of the built site answers, and `anchor-broken` (error) for a
/// `#fragment` that is not an `id` on the page it leads to.
pub fn broken_paths_and_anchors(
    doc: &BodyDoc,
    page: &Page,
    site: &Site,
    output: &Output,
    findings: &mut Vec<Finding>,
) {
    for (dest, line, may_have_anchor) in destinations(doc) {
        let Some((path, fragment)) = site_target(dest, doc, page, site) else {
            continue;
        };
        let Some(file) = output.file_for(&path) else {
            findings.push(Finding::error(
                "link-broken",
                crate::Diagnostic::new(
                    &doc.file,
                    format!("link to `{dest}` leads to no page or file of the site (/{path})"),
                )
                .at_line(line)
                .help("link to a page by its source, e.g. `@/strategies/name.md`; files from static/ are served from the site root, e.g. `/images/photo.png`"),
            ));
            continue;
        };
        let fragment = crate::urls::percent_decode(&fragment);
        if !may_have_anchor || fragment.is_empty() {
            continue;
        }
        let ids = output.ids.get(&file).map(Vec::as_slice).unwrap_or_default();
        if !ids.contains(&fragment) {
            findings.push(Finding::error(
                "anchor-broken",
                crate::Diagnostic::new(
                    &doc.file,
                    format!("`#{fragment}` is not an anchor on /{path}"),
                )
                .at_line(line)
                .help(anchor_help(ids)),
            ));
        }
    }
}

fn anchor_help(ids: &[String]) -> String {
    let mut listed: Vec<&str> = ids
        .iter()
        .map(String::as_str)
        .filter(|id| *id != "main")
        .collect();
    listed.dedup();
    if listed.is_empty() {
        return "that page has no anchors; link to the page without `#…`".into();
    }
    let more = if listed.len() > 15 { ", …" } else { "" };
    listed.truncate(15);
    format!(
        "anchors on that page: {}{more} (a heading's anchor is its text in lowercase with `-` for spaces, or the `{{#id}}` written after it)",
        listed.join(", ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_ids_in_generated_html() {
        let ids = crate::html::ids(
            r#"<h2 id="what">x</h2><div data-id="no" id="a&amp;b"></div><p>id="not"</p>"#,
        );
        assert_eq!(ids, ["what", "a&b"]);
    }

    #[test]
    fn joins_site_paths() {
        assert_eq!(
            join_site_path("en/about/", "../strategies/").as_deref(),
            Some("en/strategies/")
        );
        assert_eq!(
            join_site_path("en/about/", "img/x.png").as_deref(),
            Some("en/about/img/x.png")
        );
        assert_eq!(join_site_path("en/", "../../x"), None);
        assert_eq!(crate::urls::percent_decode("qu%C3%A9"), "qué");
    }
}
