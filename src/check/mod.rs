//! Check: lints a toolkit for accessibility and link problems before anyone
//! sees it (`cardstock check`), and gives `cardstock build` its error-level rules.
//!
//! Owns the rules, each one function that adds findings, in one module per
//! subject: `images`, `headings`, `links` (text and URL syntax), `tables`,
//! `front` (front matter) and `targets` (broken links, anchors, duplicate
//! URLs). Rules read the Markdown sources (reduced by `body` to headings,
//! links, images, tables and raw HTML with their lines) and, for links and
//! anchors, the built model and its rendered pages; link resolution is the
//! model's own (`markdown::classify_link`, `model::resolve_source`).
//!
//! Errors fail `check` and `build`; warnings fail only `check --strict`.

mod body;
mod front;
mod headings;
mod images;
mod incremental;
mod links;
mod portable;
mod raw_html;
mod tables;
mod targets;

use std::collections::{HashMap, HashSet};
use std::fmt;

use rayon::prelude::*;

use crate::error::{Diagnostic, Error};
use crate::model::Site;
use crate::{content, load};

pub use body::BodyDoc;
pub use incremental::Incremental;
pub use targets::{Output, OutputRecorder};

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
        // The toolkit's own warnings (from loading it) are not lint rules.
        if self.rule != "toolkit" {
            d.message = format!("{} [{}]", d.message, self.rule);
        }
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

    /// Adds problems an earlier stage found that do not stop the build.
    pub fn add_warnings(&mut self, rule: &'static str, warnings: &[Diagnostic]) {
        self.findings
            .extend(warnings.iter().cloned().map(|d| Finding::warning(rule, d)));
    }

    /// Adds the diagnostics of a failed stage as errors, skipping those a rule already reported.
    pub fn add_error(&mut self, rule: &'static str, err: &Error) {
        let key = |d: &Diagnostic| (d.file.clone(), d.line, d.message.clone());
        let known: HashSet<_> = self.findings.iter().map(|f| key(&f.diagnostic)).collect();
        for d in err.diagnostics() {
            if !known.contains(&key(&d)) {
                self.findings.push(Finding::error(rule, d));
            }
        }
    }

    pub fn finish(mut self) -> Report {
        self.findings.sort_by(|a, b| {
            let key = |f: &Finding| (f.diagnostic.file.clone(), f.diagnostic.line, f.severity);
            key(a).cmp(&key(b))
        });
        self
    }
}

/// The source rules, for a toolkit whose site could not be built: what can
/// be found without the model (its own errors are added by the pipeline).
pub fn check_sources(toolkit: &load::Toolkit) -> Report {
    let mut report = Report {
        sources: toolkit.sources.len(),
        ..Report::default()
    };
    report.add_warnings("toolkit", &toolkit.warnings);
    let docs = read_bodies(
        &toolkit.sources,
        toolkit.settings.raw_html,
        &mut report.findings,
    );
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
    targets::missing_sources(&docs, toolkit, &mut report.findings);
    targets::duplicate_urls(&toolkit.settings, &parsed, &mut report.findings);
    report
}

/// What the check stage reads of a site built in memory.
pub struct SiteToCheck<'a> {
    /// The parsed sources the site was built from.
    pub sources: &'a [content::Source],
    pub site: &'a Site,
    /// The rendered site, for links and anchors.
    pub output: &'a targets::Output,
    /// Problems earlier stages found that do not stop the build.
    pub warnings: &'a [Diagnostic],
}

/// The rules `build`, `check` and `serve` run on a site built in memory.
pub fn check_site(input: &SiteToCheck) -> Report {
    let raw_html = input.site.settings.raw_html;
    let linted: Vec<LintedBody> = input
        .sources
        .par_iter()
        .map(|source| lint_source(source, raw_html))
        .collect();
    check_linted(input, &linted.iter().collect::<Vec<_>>())
}

/// One source's body as the rules see it, with the findings of the rules
/// that need nothing else: kept by `serve` for the sources an edit left alone.
pub struct LintedBody {
    doc: BodyDoc,
    findings: Vec<Finding>,
}

/// Reads and lints one source's body.
pub fn lint_source(source: &content::Source, raw_html: crate::config::RawHtml) -> LintedBody {
    let doc = body::of_source(source, raw_html);
    let mut findings = Vec::new();
    lint_body(&doc, &mut findings);
    LintedBody { doc, findings }
}

/// The rules across pages, given every source's linted body.
pub fn check_linted(input: &SiteToCheck, linted: &[&LintedBody]) -> Report {
    let mut report = Report {
        sources: input.sources.len(),
        ..Report::default()
    };
    report.add_warnings("toolkit", input.warnings);
    for body in linted {
        report.findings.extend(body.findings.iter().cloned());
    }
    let sources: HashMap<&str, &content::Source> =
        input.sources.iter().map(|s| (s.file.as_str(), s)).collect();
    for page in input.site.pages.iter().filter(|p| !p.is_fallback()) {
        if let Some(source) = sources.get(page.file.as_str()) {
            front::summary_missing(
                &page.file,
                &page.front,
                &source.yaml,
                source.yaml_first_line,
                &mut report.findings,
            );
        }
    }
    front::review_overdue(input, &mut report.findings);
    let docs: Vec<&BodyDoc> = linted.iter().map(|l| &l.doc).collect();
    lint_built_output(input.site, input.output, &docs, &mut report.findings);
    report.finish()
}

fn read_bodies(
    sources: &[load::SourceFile],
    raw_html: crate::config::RawHtml,
    findings: &mut Vec<Finding>,
) -> Vec<BodyDoc> {
    let read: Vec<_> = sources.par_iter().map(body::read).collect();
    let mut docs = Vec::with_capacity(read.len());
    for result in read {
        match result {
            Ok(doc) => docs.push(BodyDoc { raw_html, ..doc }),
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
    raw_html::removed(doc, findings);
}

/// The rules that need the rendered site: internal paths and anchors.
fn lint_built_output(
    site: &Site,
    output: &targets::Output,
    docs: &[&BodyDoc],
    findings: &mut Vec<Finding>,
) {
    let by_file: HashMap<&str, &BodyDoc> = docs.iter().map(|d| (d.file.as_str(), *d)).collect();
    portable::output_paths(site, output, findings);
    // A fallback page repeats its source's body in another language's site;
    // its links are that source's links, checked once from the original.
    // In parallel (`serve` runs this on every rebuild), collected in page order.
    let per_page: Vec<Vec<Finding>> = site
        .pages
        .par_iter()
        .filter(|p| !p.is_fallback())
        .map(|page| {
            let mut found = Vec::new();
            if let Some(doc) = by_file.get(page.file.as_str()) {
                targets::broken_paths_and_anchors(doc, page, site, output, &mut found);
            }
            found
        })
        .collect();
    findings.extend(per_page.into_iter().flatten());
}
