//! Reusing page bodies between builds, for `serve`.
//!
//! Rendering Markdown is most of the model stage's work, and an edit changes
//! few bodies. A body depends on its own source, its page path (relative link
//! prefixes), the UI strings (card headings are recognised through them) and
//! the answers it got about other sources while it was built (a link's target
//! path, a related card's title). Those answers are recorded; a cached body is
//! reused only when the source text and path are the same and every recorded
//! question still gets the same answer. So a card whose related card was
//! renamed is rebuilt, and a page linking to a deleted page reports the
//! broken link again.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};

use super::{Body, LinkRef, PageId};
use crate::content::Source;
use crate::i18n::UiStrings;

/// Bodies kept from earlier builds, by source file. Start one per toolkit and
/// pass it to every [`Site::build_with_cache`](super::Site::build_with_cache).
#[derive(Debug, Default)]
pub struct BodyCache {
    /// The UI strings the bodies were built with; other strings void them all.
    ui: Option<UiStrings>,
    entries: HashMap<String, Entry>,
}

#[derive(Debug)]
struct Entry {
    yaml: String,
    text: String,
    path: String,
    answers: Vec<Answer>,
    body: Arc<Body>,
}

/// One question a body asked about another source, and what it was told.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Answer {
    /// The site path of a linked source.
    Path { rel: String, found: Option<String> },
    /// Title and path of a related card.
    Link { rel: String, found: Option<LinkRef> },
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

    /// Called at the start of a build: other UI strings void every body.
    pub(super) fn start(&mut self, ui: &UiStrings) {
        if self.ui.as_ref() != Some(ui) {
            self.entries.clear();
            self.ui = Some(ui.clone());
        }
    }

    /// The kept body of `source`, if nothing it depends on has changed.
    pub(super) fn reuse(
        &self,
        source: &Source,
        path: &str,
        directory: &dyn Directory,
    ) -> Option<Arc<Body>> {
        let entry = self.entries.get(&source.file)?;
        let unchanged = entry.path == path
            && entry.text == source.body
            && entry.yaml == source.yaml
            && entry
                .answers
                .iter()
                .all(|answer| directory.still_answers(&source.lang, answer));
        unchanged.then(|| Arc::clone(&entry.body))
    }

    pub(super) fn keep(
        &mut self,
        source: &Source,
        path: &str,
        answers: Vec<Answer>,
        body: Arc<Body>,
    ) {
        self.entries.insert(
            source.file.clone(),
            Entry {
                yaml: source.yaml.clone(),
                text: source.body.clone(),
                path: path.to_string(),
                answers,
                body,
            },
        );
    }

    /// Drops the bodies of sources that no longer exist.
    pub(super) fn forget_missing(&mut self, sources: &[Source]) {
        if self.entries.len() <= sources.len() {
            return;
        }
        let files: HashSet<&str> = sources.iter().map(|s| s.file.as_str()).collect();
        self.entries.retain(|file, _| files.contains(file.as_str()));
    }
}

/// Another page, as a body being built sees it.
pub(super) struct Seen<'a> {
    pub path: &'a str,
    pub title: &'a str,
    pub lang: &'a str,
}

/// Where a body being built looks up other pages: the sources of a build in
/// progress ([`Others`]), or a finished [`Site`](super::Site) being updated.
pub(super) trait Directory: Sync {
    fn default_lang(&self) -> &str;
    fn find_exact(&self, lang: &str, rel: &str) -> Option<Seen<'_>>;

    /// The page for a source path, in `lang` or else in the default language.
    fn find(&self, lang: &str, rel: &str) -> Option<Seen<'_>> {
        self.find_exact(lang, rel)
            .or_else(|| self.find_exact(self.default_lang(), rel))
    }

    /// Whether the same question gets the same answer now (without allocating:
    /// this runs for every kept body on every build).
    fn still_answers(&self, lang: &str, answer: &Answer) -> bool {
        match answer {
            Answer::Path { rel, found } => self.find(lang, rel).map(|p| p.path) == found.as_deref(),
            Answer::Link { rel, found } => match (self.find(lang, rel), found) {
                (None, None) => true,
                (Some(seen), Some(link)) => {
                    seen.title == link.title && seen.path == link.path && seen.lang == link.lang
                }
                _ => false,
            },
        }
    }
}

/// The sources of a build in progress, with their page paths.
pub(super) struct Others<'a> {
    default_lang: &'a str,
    sources: &'a [Source],
    paths: &'a [String],
    /// (language, source path) → page, borrowing from `sources`.
    index: HashMap<(&'a str, &'a str), PageId>,
}

impl<'a> Others<'a> {
    pub fn new(default_lang: &'a str, sources: &'a [Source], paths: &'a [String]) -> Others<'a> {
        let index = sources
            .iter()
            .enumerate()
            .map(|(id, s)| ((s.lang.as_str(), s.rel.as_str()), id))
            .collect();
        Others {
            default_lang,
            sources,
            paths,
            index,
        }
    }
}

impl Directory for Others<'_> {
    fn default_lang(&self) -> &str {
        self.default_lang
    }

    fn find_exact(&self, lang: &str, rel: &str) -> Option<Seen<'_>> {
        self.index.get(&(lang, rel)).map(|&id| Seen {
            path: &self.paths[id],
            title: &self.sources[id].front.title,
            lang: &self.sources[id].lang,
        })
    }
}

/// The questions one body asks while it is built, answered and recorded.
pub(super) struct Asked<'a> {
    directory: &'a dyn Directory,
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

    /// The site path (`en/strategies/x/`) of a source path, in this page's language if translated.
    pub fn path_of(&self, rel: &str) -> Option<String> {
        let found = self
            .directory
            .find(self.lang, rel)
            .map(|p| p.path.to_string());
        self.record(Answer::Path {
            rel: rel.to_string(),
            found: found.clone(),
        });
        found
    }

    /// A link (title and path) to the page of a source path.
    pub fn link_to(&self, rel: &str) -> Option<LinkRef> {
        let found = self.directory.find(self.lang, rel).map(|p| LinkRef {
            title: p.title.to_string(),
            path: p.path.to_string(),
            lang: p.lang.to_string(),
        });
        self.record(Answer::Link {
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

/// What became of one source's body in a build.
pub(super) enum BuiltBody {
    Reused(Arc<Body>),
    New(Arc<Body>, Vec<Answer>),
    Failed(Vec<crate::error::Diagnostic>),
}
