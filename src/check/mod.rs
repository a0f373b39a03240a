//! Check: lints a toolkit for accessibility and link problems before anyone
//! sees it (`cardstock check`), and gives `cardstock build` its error-level rules.
//!
//! Owns the rules, each one function that adds findings, in one module per
//! subject: `images`, `headings`, `links` (text and URL syntax), `tables`,
//! `front` (front matter) and `targets` (broken links, anchors, duplicate
//! URLs). Rules read the Markdown sources (reduced by `body` to headings,
//! links, images, tables and raw HTML with their lines) and, for links and
//! anchors, the built model and its rendered pages; link resolution is the
//! model's own (`markdown::classify_link`, `site::resolve_source`).
//!
//! Errors fail `check` and `build`; warnings fail only `check --strict`.

mod body;
mod front;
mod headings;
mod images;
mod links;
mod portable;
mod tables;
mod targets;

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::path::Path;

use rayon::prelude::*;

use crate::error::{Diagnostic, Error};
use crate::{BuiltSite, content, load};

pub use body::BodyDoc;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// One problem found by one rule.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Finding {
    /// The rule's name, as documented in docs/accessibility.md (`image-alt`).
    pub rule: &'static str,
    pub severity: Severity,
    pub diagnostic: Diagnostic,
}

impl Finding {
    pub fn error(rule: &'static str, diagnostic: Diagnostic) -> Finding {
        Finding {
            rule,
            severity: Severity::Error,
            diagnostic,
        }
    }

    pub fn warning(rule: &'static str, diagnostic: Diagnostic) -> Finding {
        Finding {
            rule,
            severity: Severity::Warning,
            diagnostic,
        }
    }

    /// The diagnostic with the rule named, for `build`'s messages.
    pub fn into_diagnostic(self) -> Diagnostic {
        let mut d = self.diagnostic;
        d.message = format!("{} [{}]", d.message, self.rule);
        d
    }
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{level}[{}]: {}", self.rule, self.diagnostic)
    }
}

/// Everything a check found, sorted by file and line.
#[derive(Debug, Default)]
pub struct Report {
    pub findings: Vec<Finding>,
    /// How many Markdown sources were checked.
    pub sources: usize,
}

impl Report {
    pub fn errors(&self) -> impl Iterator<Item = &Finding> {
        self.findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
    }

    pub fn warnings(&self) -> impl Iterator<Item = &Finding> {
        self.findings
            .iter()
            .filter(|f| f.severity == Severity::Warning)
    }

    /// True when the command should exit with a failure.
    pub fn fails(&self, strict: bool) -> bool {
        self.errors().next().is_some() || (strict && self.warnings().next().is_some())
    }

    /// "2 errors, 1 warning in 14 sources".
    pub fn summary(&self) -> String {
        let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
        let (errors, warnings) = (self.errors().count(), self.warnings().count());
        let sources = plural(self.sources, "source");
        if errors + warnings == 0 {
            format!("No problems found in {sources}.")
        } else {
            format!(
                "{}, {} in {sources}.",
                plural(errors, "error"),
                plural(warnings, "warning")
            )
        }
    }

    /// Adds the diagnostics of a failed stage as errors, skipping those a rule already reported.
    fn add_error(&mut self, rule: &'static str, err: &Error) {
        let key = |d: &Diagnostic| (d.file.clone(), d.line, d.message.clone());
        let known: HashSet<_> = self.findings.iter().map(|f| key(&f.diagnostic)).collect();
        for d in err.diagnostics() {
            if !known.contains(&key(&d)) {
                self.findings.push(Finding::error(rule, d));
            }
        }
    }

    fn finish(mut self) -> Report {
        self.findings.sort_by(|a, b| {
            let key = |f: &Finding| (f.diagnostic.file.clone(), f.diagnostic.line, f.severity);
            key(a).cmp(&key(b))
        });
        self
    }
}

/// Lints the toolkit in `dir`: its sources first (so problems are found even
/// when the site cannot be built), then the built site's links and anchors.
pub fn check_toolkit(dir: &Path) -> Report {
    let mut report = Report::default();
    let toolkit = match load::load(dir) {
        Ok(toolkit) => toolkit,
        Err(err) => {
            report.add_error("toolkit", &err);
            return report.finish();
        }
    };
    report.sources = toolkit.sources.len();
    for warning in &toolkit.warnings {
        report
            .findings
            .push(Finding::warning("toolkit", warning.clone()));
    }
    let docs = read_bodies(&toolkit.sources, &mut report.findings);
    lint_bodies(&docs, &mut report.findings);
    let parsed = front::parse_each(&toolkit.sources, &mut report.findings);
    for source in &parsed {
        front::summary_missing(
            &source.file,
            &source.front,
            &source.yaml,
            source.yaml_first_line,
            &mut report.findings,
        );
    }
    targets::missing_sources(&docs, &toolkit, &mut report.findings);
    targets::duplicate_urls(&toolkit.settings, &parsed, &mut report.findings);
    // The model's own checks (card sections, related cards…) run in the build;
    // what they share with the rules above is reported once (see `finish`).
    match crate::build_in_memory(dir, None) {
        Ok(built) => lint_built_output(&built, &docs, &mut report.findings),
        Err(err) => report.add_error("site", &err),
    }
    report.finish()
}

/// The rules `cardstock build` runs on a site it has built in memory.
pub fn check_built(built: &BuiltSite) -> Report {
    let mut findings = Vec::new();
    let docs = read_bodies(&built.toolkit.sources, &mut findings);
    lint_bodies(&docs, &mut findings);
    let sources: HashMap<&str, &load::SourceFile> = built
        .toolkit
        .sources
        .iter()
        .map(|s| (s.file.as_str(), s))
        .collect();
    for page in built.site.pages.iter().filter(|p| !p.is_fallback()) {
        if let Some(file) = sources.get(page.file.as_str())
            && let Ok(split) = content::split_front_matter(&file.text, &file.file)
        {
            front::summary_missing(
                &page.file,
                &page.front,
                split.yaml,
                split.yaml_first_line,
                &mut findings,
            );
        }
    }
    lint_built_output(built, &docs, &mut findings);
    Report {
        findings,
        sources: built.toolkit.sources.len(),
    }
    .finish()
}

fn read_bodies(sources: &[load::SourceFile], findings: &mut Vec<Finding>) -> Vec<BodyDoc> {
    let read: Vec<_> = sources.par_iter().map(body::read).collect();
    let mut docs = Vec::with_capacity(read.len());
    for result in read {
        match result {
            Ok(doc) => docs.push(doc),
            Err(d) => findings.push(Finding::error("front-matter", d)),
        }
    }
    docs
}

/// The rules that need nothing but one body, run on the bodies in parallel
/// (the report is sorted afterwards).
fn lint_bodies(docs: &[BodyDoc], findings: &mut Vec<Finding>) {
    let found: Vec<Vec<Finding>> = docs
        .par_iter()
        .map(|doc| {
            let mut findings = Vec::new();
            lint_body(doc, &mut findings);
            findings
        })
        .collect();
    findings.extend(found.into_iter().flatten());
}

fn lint_body(doc: &BodyDoc, findings: &mut Vec<Finding>) {
    images::missing_alt(doc, findings);
    images::alt_is_file_name(doc, findings);
    headings::h1_in_body(doc, findings);
    headings::skipped_level(doc, findings);
    links::empty_text(doc, findings);
    links::vague_text(doc, findings);
    links::bare_url_text(doc, findings);
    links::same_text_different_places(doc, findings);
    links::url_syntax(doc, findings);
    tables::missing_header_row(doc, findings);
}

/// The rules that need the rendered site: internal paths and anchors.
fn lint_built_output(built: &BuiltSite, docs: &[BodyDoc], findings: &mut Vec<Finding>) {
    let by_file: HashMap<&str, &BodyDoc> = docs.iter().map(|d| (d.file.as_str(), d)).collect();
    portable::output_paths(built, findings);
    let output = targets::Output::new(built);
    // A fallback page repeats its source's body in another language's site;
    // its links are that source's links, checked once from the original.
    for page in built.site.pages.iter().filter(|p| !p.is_fallback()) {
        if let Some(doc) = by_file.get(page.file.as_str()) {
            targets::broken_paths_and_anchors(doc, page, &built.site, &output, findings);
        }
    }
}
