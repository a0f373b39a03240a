//! Helpers shared by the integration tests: copying fixture toolkits into
//! temporary folders, building them, reading the produced site (HTML parsed
//! with scraper), and resolving the site's page-relative links to files.

// Not every helper is used by every build of the suite.
#![allow(dead_code)]

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

use scraper::{ElementRef, Html, Selector};
use tempfile::TempDir;

/// The repository root, which is also the bundled example toolkit.
pub fn example_toolkit() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn fixture(name: &str) -> PathBuf {
    example_toolkit().join("tests/fixtures").join(name)
}

/// Copies every file below `from` into `to`, replacing files of the same path.
pub fn copy_tree(from: &Path, to: &Path) {
    for entry in fs::read_dir(from).unwrap_or_else(|e| panic!("{}: {e}", from.display())) {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            fs::create_dir_all(&target).unwrap();
            copy_tree(&entry.path(), &target);
        } else {
            fs::create_dir_all(to).unwrap();
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// A toolkit copied into a temporary folder, with an output folder beside it.
pub struct Workspace {
    _dir: TempDir,
    pub toolkit: PathBuf,
    pub out: PathBuf,
}

impl Workspace {
    /// A copy of `tests/fixtures/<name>/`.
    pub fn from_fixture(name: &str) -> Workspace {
        let dir = tempfile::tempdir().unwrap();
        let toolkit = dir.path().join("toolkit");
        copy_tree(&fixture(name), &toolkit);
        let out = dir.path().join("public");
        Workspace {
            _dir: dir,
            toolkit,
            out,
        }
    }

    /// A copy of the bundled example toolkit (its settings and content).
    pub fn from_example() -> Workspace {
        let dir = tempfile::tempdir().unwrap();
        let toolkit = dir.path().join("toolkit");
        copy_tree(&example_toolkit().join("content"), &toolkit.join("content"));
        fs::copy(
            example_toolkit().join("cardstock.yaml"),
            toolkit.join("cardstock.yaml"),
        )
        .unwrap();
        let out = dir.path().join("public");
        Workspace {
            _dir: dir,
            toolkit,
            out,
        }
    }

    /// Lays the files of `tests/fixtures/<name>/` over the toolkit.
    pub fn overlay(&self, name: &str) -> &Self {
        copy_tree(&fixture(name), &self.toolkit);
        self
    }

    pub fn write(&self, rel: &str, text: &str) -> &Self {
        let path = self.toolkit.join(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
        self
    }

    pub fn read(&self, rel: &str) -> String {
        fs::read_to_string(self.toolkit.join(rel)).unwrap()
    }

    pub fn remove(&self, rel: &str) -> &Self {
        fs::remove_file(self.toolkit.join(rel)).unwrap();
        self
    }

    pub fn build(&self) -> cardstock::Result<cardstock::BuildReport> {
        self.build_with(None)
    }

    pub fn build_with(&self, base_url: Option<&str>) -> cardstock::Result<cardstock::BuildReport> {
        cardstock::build(&self.options(base_url, false))
    }

    /// Builds with the PDF handouts the settings ask for.
    pub fn build_with_handouts(&self) -> cardstock::Result<cardstock::BuildReport> {
        cardstock::build(&self.options(None, true))
    }

    fn options(&self, base_url: Option<&str>, pdf: bool) -> cardstock::BuildOptions {
        cardstock::BuildOptions {
            toolkit: self.toolkit.clone(),
            out: self.out.clone(),
            base_url: base_url.map(str::to_string),
            pdf,
        }
    }

    /// Builds, failing the test with the build's own message on error.
    pub fn site(&self) -> BuiltSite {
        if let Err(e) = self.build() {
            panic!("the build failed:\n{e}");
        }
        BuiltSite::at(&self.out, &self.base_url())
    }

    pub fn base_url(&self) -> String {
        cardstock::load::load(&self.toolkit)
            .unwrap()
            .settings
            .base_url
    }
}

/// The standard output of a finished command, failing the test with both
/// of its outputs when it did not succeed.
pub fn ok(output: Output) -> String {
    assert!(
        output.status.success(),
        "failed:\n{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Builds `toolkit` into a fresh temporary folder.
pub fn build_into_temp(toolkit: &Path, base_url: Option<&str>) -> (TempDir, BuiltSite) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let result = cardstock::build(&cardstock::BuildOptions {
        toolkit: toolkit.to_path_buf(),
        out: out.clone(),
        base_url: base_url.map(str::to_string),
        pdf: false,
    });
    if let Err(e) = result {
        panic!("building {} failed:\n{e}", toolkit.display());
    }
    let base_url = match base_url {
        Some(url) => cardstock::config::normalize_base_url(url),
        None => cardstock::load::load(toolkit).unwrap().settings.base_url,
    };
    let site = BuiltSite::at(&out, &base_url);
    (dir, site)
}

/// Every file below `dir` with its bytes, by `/`-separated relative path.
pub fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    collect(dir, "", &mut files);
    files
}

fn collect(dir: &Path, prefix: &str, files: &mut BTreeMap<String, Vec<u8>>) {
    for entry in fs::read_dir(dir).unwrap() {
        let entry = entry.unwrap();
        let rel = format!("{prefix}{}", entry.file_name().to_string_lossy());
        if entry.file_type().unwrap().is_dir() {
            collect(&entry.path(), &format!("{rel}/"), files);
        } else {
            files.insert(rel, fs::read(entry.path()).unwrap());
        }
    }
}

/// A site written to disk, read back for assertions.
pub struct BuiltSite {
    pub root: PathBuf,
    /// The absolute base URL the site was built for, ending in `/`.
    pub base_url: String,
}

impl BuiltSite {
    pub fn at(root: &Path, base_url: &str) -> BuiltSite {
        BuiltSite {
            root: root.to_path_buf(),
            base_url: base_url.to_string(),
        }
    }

    /// The path part of the base URL: `/` or `/sub/`.
    pub fn base_path(&self) -> String {
        let after_scheme = self.base_url.split_once("://").unwrap().1;
        match after_scheme.find('/') {
            Some(i) => after_scheme[i..].to_string(),
            None => "/".into(),
        }
    }

    pub fn exists(&self, rel: &str) -> bool {
        self.root.join(rel).is_file()
    }

    pub fn text(&self, rel: &str) -> String {
        fs::read_to_string(self.root.join(rel))
            .unwrap_or_else(|e| panic!("{rel} in the built site: {e}"))
    }

    /// The HTML file `rel` (a file path, or a page path ending in `/`), parsed.
    pub fn page(&self, rel: &str) -> Html {
        Html::parse_document(&self.text(&file_of(rel)))
    }

    /// Every `.html` file of the site, as relative paths.
    pub fn html_files(&self) -> Vec<String> {
        snapshot(&self.root)
            .into_keys()
            .filter(|p| p.ends_with(".html"))
            .collect()
    }

    /// Where a link found in the file `from` leads, or why it leads nowhere.
    pub fn resolve(&self, from: &str, href: &str) -> Link {
        let (without_fragment, fragment) = match href.split_once('#') {
            Some((path, fragment)) => (path, Some(fragment.to_string())),
            None => (href, None),
        };
        let path = without_fragment.split('?').next().unwrap_or("");
        let from_dir = match from.rfind('/') {
            Some(i) => &from[..=i],
            None => "",
        };
        let joined = if let Some(rest) = href.strip_prefix(&self.base_url) {
            rest.split(['#', '?']).next().unwrap_or("").to_string()
        } else if is_external(href) {
            return Link::External;
        } else if let Some(absolute) = path.strip_prefix('/') {
            // Site-absolute: must start with the base path to work once deployed.
            match format!("/{absolute}").strip_prefix(&self.base_path()) {
                Some(rest) => rest.to_string(),
                None => return Link::Broken(format!("`{href}` is outside the base path")),
            }
        } else if path.is_empty() {
            return Link::Internal {
                file: from.to_string(),
                fragment,
            };
        } else {
            match normalize(&format!("{from_dir}{path}")) {
                Some(p) => p,
                None => return Link::Broken(format!("`{href}` climbs above the site root")),
            }
        };
        let file = file_of(&joined);
        if self.exists(&file) {
            Link::Internal { file, fragment }
        } else if self.root.join(&joined).is_dir() && self.exists(&format!("{joined}/index.html")) {
            Link::Internal {
                file: format!("{joined}/index.html"),
                fragment,
            }
        } else {
            Link::Broken(format!(
                "`{href}` leads to `{joined}`, which does not exist"
            ))
        }
    }

    /// Every broken internal link or missing fragment target in the site.
    pub fn broken_links(&self) -> Vec<String> {
        let mut problems = Vec::new();
        let mut ids_cache: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for file in self.html_files() {
            let doc = self.page(&file);
            for (attr, href) in link_targets(&doc) {
                match self.resolve(&file, &href) {
                    Link::External => {}
                    Link::Broken(why) => problems.push(format!("{file}: {attr}: {why}")),
                    Link::Internal {
                        file: target,
                        fragment: Some(fragment),
                    } if target.ends_with(".html") && !fragment.is_empty() => {
                        let ids = ids_cache
                            .entry(target.clone())
                            .or_insert_with(|| ids_of(&self.page(&target)));
                        if !ids.contains(&percent_decode(&fragment)) {
                            problems.push(format!(
                                "{file}: {attr} `{href}`: no id `{fragment}` in {target}"
                            ));
                        }
                    }
                    Link::Internal { .. } => {}
                }
            }
        }
        problems
    }
}

/// Where a link leads.
#[derive(Debug, PartialEq, Eq)]
pub enum Link {
    External,
    Internal {
        file: String,
        fragment: Option<String>,
    },
    Broken(String),
}

/// `en/x/` → `en/x/index.html`; a file path stays as it is.
pub fn file_of(rel: &str) -> String {
    if rel.is_empty() || rel.ends_with('/') {
        format!("{rel}index.html")
    } else {
        rel.to_string()
    }
}

fn is_external(href: &str) -> bool {
    href.starts_with("//")
        || href
            .split(['/', '?', '#'])
            .next()
            .is_some_and(|first| first.contains(':'))
}

/// Resolves `.` and `..`; `None` if the path climbs above its root.
fn normalize(path: &str) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    let trailing_slash = path.ends_with('/');
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            other => parts.push(other),
        }
    }
    let mut out = parts.join("/");
    if trailing_slash && !out.is_empty() {
        out.push('/');
    }
    Some(out)
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap_or("");
            if let Ok(b) = u8::from_str_radix(hex, 16) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Every `href`/`src` of a document that should lead somewhere, as (attribute, value).
pub fn link_targets(doc: &Html) -> Vec<(String, String)> {
    let mut links = Vec::new();
    for (selector, attr) in [
        ("a[href]", "href"),
        ("link[href]", "href"),
        ("img[src]", "src"),
        ("script[src]", "src"),
        ("source[src]", "src"),
        ("iframe[src]", "src"),
    ] {
        for el in select(doc, selector) {
            let value = el.value().attr(attr).unwrap().to_string();
            links.push((format!("<{} {attr}>", el.value().name()), value));
        }
    }
    links
}

/// The `href` of every element matching `css`, in document order.
pub fn hrefs(doc: &Html, css: &str) -> Vec<String> {
    select(doc, css)
        .into_iter()
        .map(|el| attr(el, "href"))
        .collect()
}

pub fn ids_of(doc: &Html) -> BTreeSet<String> {
    select(doc, "[id]")
        .into_iter()
        .map(|el| el.value().attr("id").unwrap().to_string())
        .collect()
}

pub fn select<'a>(doc: &'a Html, css: &str) -> Vec<ElementRef<'a>> {
    let selector = Selector::parse(css).unwrap_or_else(|e| panic!("selector {css}: {e}"));
    doc.select(&selector).collect()
}

pub fn select_in<'a>(el: ElementRef<'a>, css: &str) -> Vec<ElementRef<'a>> {
    let selector = Selector::parse(css).unwrap_or_else(|e| panic!("selector {css}: {e}"));
    el.select(&selector).collect()
}

/// Exactly one element matching `css`.
pub fn one<'a>(doc: &'a Html, css: &str) -> ElementRef<'a> {
    let found = select(doc, css);
    assert_eq!(found.len(), 1, "expected exactly one `{css}`");
    found[0]
}

/// The element's text with runs of white space collapsed.
pub fn text(el: ElementRef) -> String {
    el.text()
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

pub fn attr(el: ElementRef, name: &str) -> String {
    el.value()
        .attr(name)
        .unwrap_or_else(|| panic!("<{}> has no `{name}`", el.value().name()))
        .to_string()
}

/// The `hreflang` → `href` alternates in a page's head.
pub fn head_alternates(doc: &Html) -> BTreeMap<String, String> {
    select(doc, "head link[rel=alternate][hreflang]")
        .into_iter()
        .map(|el| (attr(el, "hreflang"), attr(el, "href")))
        .collect()
}

/// The UI strings of the default theme for `lang`, as YAML.
pub fn ui_strings(lang: &str) -> serde_norway::Value {
    let path = example_toolkit().join(format!("themes/default/i18n/{lang}.yaml"));
    serde_norway::from_str(&fs::read_to_string(path).unwrap()).unwrap()
}

/// One UI string by dotted key, e.g. `sections.what`.
pub fn ui(lang: &str, key: &str) -> String {
    let mut value = ui_strings(lang);
    for part in key.split('.') {
        value = value
            .get(part)
            .unwrap_or_else(|| panic!("no UI string `{key}` in {lang}"))
            .clone();
    }
    value.as_str().unwrap().to_string()
}

/// The 1-based number of the first line of `text` containing `needle`.
pub fn line_of(text: &str, needle: &str) -> usize {
    text.lines()
        .position(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("`{needle}` is not in the text"))
        + 1
}
