//! Reusing page bodies between builds, for `serve`.
//!
//! Rendering Markdown is most of the model stage's work, and an edit changes
//! few bodies. A page's body depends on its source, the language site it is
//! in (a fallback page renders the default-language text in another site),
//! its path (relative link prefixes), the UI strings (card headings are
//! recognised through them) and the answers it got about other pages while it
//! was built (a link's target, a related card's title and kind). Those answers
//! are recorded; a cached body is reused only when the source text and path
//! are the same and every recorded question still gets the same answer. So a
//! card whose related card was renamed is rebuilt, and a page linking to a
//! deleted page reports the broken link again.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};

use super::{Body, LinkRef, PagePlan};
use crate::config::RawHtml;
use crate::content::{Kind, Source};
use crate::i18n::UiStrings;
use crate::markdown::LinkTarget;

/// Bodies kept from earlier builds, by page: (site language, source file).
/// Start one per toolkit and pass it to every
/// [`Site::build_with_cache`](super::Site::build_with_cache).
#[derive(Debug, Default)]
pub struct BodyCache {
    /// The UI strings the bodies were built with; other strings void them all.
    ui: Option<UiStrings>,
    /// The `raw_html` setting they were built with; another one voids them too.
    raw_html: Option<RawHtml>,
    entries: HashMap<(String, String), Entry>,
    /// Source fingerprints for the translation report, voided with the bodies.
    pub(super) fingerprints: crate::translation::FingerprintCache,
}

#[derive(Debug)]
struct Entry {
    yaml: String,
    text: String,
    path: String,
    answers: Vec<Answer>,
    body: Arc<Body>,
}

/// One question a body asked about another page, and what it was told.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Answer {
    /// Where a linked source's page is: its path and its text's language.
    Target {
        rel: String,
        found: Option<(String, String)>,
    },
    /// A related card: its link (title, path, text language) and its kind.
    Page {
        rel: String,
        found: Option<(LinkRef, Kind)>,
    },
}

impl BodyCache {
    pub fn new() -> BodyCache {
        BodyCache::default()
    }

    /// How many bodies are kept.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Called at the start of a build: other UI strings, or another
    /// `raw_html` setting, void every body.
    pub(super) fn start(&mut self, ui: &UiStrings, raw_html: RawHtml) {
        if self.ui.as_ref() != Some(ui) || self.raw_html != Some(raw_html) {
            self.entries.clear();
            self.fingerprints.clear();
            self.ui = Some(ui.clone());
            self.raw_html = Some(raw_html);
        }
    }

    /// The kept body of the page of `source` in the `lang` site, if nothing
    /// it depends on has changed.
    pub(super) fn reuse(
        &self,
        lang: &str,
        source: &Source,
        path: &str,
        directory: &dyn Directory,
    ) -> Option<Arc<Body>> {
        let entry = self.entries.get(&(lang.to_string(), source.file.clone()))?;
        let unchanged = entry.path == path
            && entry.text == source.body
            && entry.yaml == source.yaml
            && entry
                .answers
                .iter()
                .all(|answer| directory.still_answers(lang, answer));
        unchanged.then(|| Arc::clone(&entry.body))
    }

    pub(super) fn keep(
        &mut self,
        lang: &str,
        source: &Source,
        path: &str,
        answers: Vec<Answer>,
        body: Arc<Body>,
    ) {
        self.entries.insert(
            (lang.to_string(), source.file.clone()),
            Entry {
                yaml: source.yaml.clone(),
                text: source.body.clone(),
                path: path.to_string(),
                answers,
                body,
            },
        );
    }

    /// Drops the bodies of pages that no longer exist; `pages` lists the
    /// (site language, source file) of every page.
    pub(super) fn forget_missing<'a>(&mut self, pages: impl Iterator<Item = (&'a str, &'a str)>) {
        let kept: HashSet<(&str, &str)> = pages.collect();
        if self.entries.len() <= kept.len() {
            return;
        }
        self.entries
            .retain(|(lang, file), _| kept.contains(&(lang.as_str(), file.as_str())));
    }
}

/// Another page, as a body being built sees it.
pub(super) struct Seen<'a> {
    pub path: &'a str,
    pub title: &'a str,
    /// The language of its text.
    pub lang: &'a str,
    pub kind: Kind,
}

/// Where a body being built looks up other pages: the pages of a build in
/// progress ([`Others`]), or a finished [`Site`](super::Site) being updated.
pub(super) trait Directory: Sync {
    fn default_lang(&self) -> &str;

    /// The page of source path `rel` in the `lang` site.
    fn find_exact(&self, lang: &str, rel: &str) -> Option<Seen<'_>>;

    /// The page for a source path in the `lang` site, or else in the default language.
    fn find(&self, lang: &str, rel: &str) -> Option<Seen<'_>> {
        self.find_exact(lang, rel)
            .or_else(|| self.find_exact(self.default_lang(), rel))
    }

    /// Whether the same question gets the same answer now (without allocating:
    /// this runs for every kept body on every build).
    fn still_answers(&self, lang: &str, answer: &Answer) -> bool {
        match answer {
            Answer::Target { rel, found } => match (self.find(lang, rel), found) {
                (None, None) => true,
                (Some(seen), Some((path, text_lang))) => {
                    seen.path == path && seen.lang == text_lang
                }
                _ => false,
            },
            Answer::Page { rel, found } => match (self.find(lang, rel), found) {
                (None, None) => true,
                (Some(seen), Some((link, kind))) => {
                    seen.title == link.title
                        && seen.path == link.path
                        && seen.lang == link.lang
                        && seen.kind == *kind
                }
                _ => false,
            },
        }
    }
}

/// The pages of a build in progress: its sources and page plans.
pub(super) struct Others<'a> {
    default_lang: &'a str,
    sources: &'a [Source],
    plans: &'a [PagePlan],
    /// (site language, source path) → page plan, borrowing from the inputs.
    index: HashMap<(&'a str, &'a str), usize>,
}

impl<'a> Others<'a> {
    pub fn new(default_lang: &'a str, sources: &'a [Source], plans: &'a [PagePlan]) -> Others<'a> {
        let index = plans
            .iter()
            .enumerate()
            .map(|(id, p)| ((p.lang.as_str(), sources[p.source].rel.as_str()), id))
            .collect();
        Others {
            default_lang,
            sources,
            plans,
            index,
        }
    }
}

impl Directory for Others<'_> {
    fn default_lang(&self) -> &str {
        self.default_lang
    }

    fn find_exact(&self, lang: &str, rel: &str) -> Option<Seen<'_>> {
        self.index.get(&(lang, rel)).map(|&id| {
            let plan = &self.plans[id];
            let source = &self.sources[plan.source];
            Seen {
                path: &plan.path,
                title: &source.front.title,
                lang: &source.lang,
                kind: source.front.kind,
            }
        })
    }
}

/// The questions one body asks while it is built, answered and recorded.
pub(super) struct Asked<'a> {
    directory: &'a dyn Directory,
    /// The site the page is in.
    lang: &'a str,
    answers: Mutex<Vec<Answer>>,
}

impl<'a> Asked<'a> {
    pub fn new(directory: &'a dyn Directory, lang: &'a str) -> Asked<'a> {
        Asked {
            directory,
            lang,
            answers: Mutex::new(Vec::new()),
        }
    }

    /// Where the page of a source path is (`en/strategies/x/`, text language),
    /// in this page's site.
    pub fn target(&self, rel: &str) -> Option<LinkTarget> {
        let found = self
            .directory
            .find(self.lang, rel)
            .map(|p| (p.path.to_string(), p.lang.to_string()));
        self.record(Answer::Target {
            rel: rel.to_string(),
            found: found.clone(),
        });
        found.map(|(path, lang)| LinkTarget { path, lang })
    }

    /// A link (title, path, text language) to the page of a source path, and its kind.
    pub fn page(&self, rel: &str) -> Option<(LinkRef, Kind)> {
        let found = self.directory.find(self.lang, rel).map(|p| {
            let link = LinkRef {
                title: p.title.to_string(),
                path: p.path.to_string(),
                lang: p.lang.to_string(),
            };
            (link, p.kind)
        });
        self.record(Answer::Page {
            rel: rel.to_string(),
            found: found.clone(),
        });
        found
    }

    fn record(&self, answer: Answer) {
        // A poisoned lock only means another question panicked; the list is still usable.
        let mut answers = self.answers.lock().unwrap_or_else(|e| e.into_inner());
        answers.push(answer);
    }

    pub fn into_answers(self) -> Vec<Answer> {
        self.answers.into_inner().unwrap_or_else(|e| e.into_inner())
    }
}

/// What became of one page's body in a build.
pub(super) enum BuiltBody {
    Reused(Arc<Body>),
    New(Arc<Body>, Vec<Answer>),
    Failed(Vec<crate::error::Diagnostic>),
}

/// Keys for [`BodyCache::forget_missing`]: every page's (site language, source file).
pub(super) fn page_keys(pages: &[super::Page]) -> impl Iterator<Item = (&str, &str)> {
    pages.iter().map(|p| (p.lang.as_str(), p.file.as_str()))
}
