//! The toolkit being served, kept in memory between rebuilds: parsed sources,
//! page bodies, the last good site model and its rendered files.
//!
//! A batch of changed paths is sorted by what it affects:
//! - settings, templates, UI strings or the theme: everything is loaded and
//!   rendered again (the rendered files are still compared, so only changed
//!   files are reported);
//! - static files: the static files are read again and compared;
//! - content: only the changed sources are read and parsed. If no other page
//!   can see the edit, the edited pages are updated in place
//!   (`Site::update_in_place`); otherwise the model is rebuilt, reusing the
//!   bodies of unchanged sources (`Site::build_with_cache`), and [`Plan`]
//!   lists the outputs to render again.
//!
//! A failed rebuild changes nothing that is served: the last good files stay,
//! and the sources changed since the last good build are kept as changed.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use super::outputs::{Delta, Outputs, Owner};
use super::plan::Plan;
use super::search::SearchFiles;
use crate::artifact::OutputFile;
use crate::config::{SETTINGS_FILE, Settings};
use crate::content::{self, Source};
use crate::error::{Diagnostic, Error};
use crate::i18n::UiStrings;
use crate::load::{self, Asset, SourceFile};
use crate::load::{
    CONTENT_DIR, FONTS_DIR, I18N_DIR, PDF_DIR, STATIC_DIR, TEMPLATES_DIR, THEMES_DIR,
};
use crate::model::{BodyCache, Site};
use crate::render::Renderer;
use crate::render::{CardTiles, KeptTiles};
use crate::{check, pipeline};

/// The result of a build or rebuild.
#[derive(Debug)]
pub struct Outcome {
    pub result: Result<Update, Vec<Diagnostic>>,
    /// New static files, published even when the build failed.
    pub statics: Option<StaticChange>,
    /// The path the site is served under (`/toolkit/`), from `base_url`.
    pub base_path: String,
    pub elapsed: Duration,
}

/// What a successful (re)build changed in the rendered files.
#[derive(Debug, Default)]
pub struct Update {
    /// Rendered files written or removed.
    pub delta: Delta,
    /// How many pages, listings and site-wide parts were rendered.
    pub rendered: usize,
    /// Problems that do not stop the build (only from full loads).
    pub warnings: Vec<Diagnostic>,
}

/// The static files after a change: all of them, and the paths that changed.
#[derive(Debug)]
pub struct StaticChange {
    pub files: BTreeMap<String, Arc<[u8]>>,
    pub changed: Vec<String>,
}

/// Settings, UI strings and compiled templates of the last successful load.
struct Setup {
    settings: Settings,
    ui: UiStrings,
    renderer: Renderer,
}

pub struct Project {
    root: PathBuf,
    setup: Option<Setup>,
    sources: Sources,
    /// Source files changed since the last good build.
    dirty: BTreeSet<String>,
    cache: BodyCache,
    /// The model of the last good build, shared with the search indexer
    /// (copied only if an edit comes while the indexer still reads it);
    /// `None` forces a full render.
    site: Option<Arc<Site>>,
    outputs: Outputs,
    statics: BTreeMap<String, Arc<[u8]>>,
    /// Static paths changed since the last outcome.
    statics_changed: Vec<String>,
    /// The last full load failed: retry it on every change.
    reload_all: bool,
    /// Card tiles of earlier renders, for cards that have not changed.
    tiles: KeptTiles,
    /// The search index, until the server hands it to its indexer thread.
    search: Option<SearchFiles>,
    /// The UI strings or settings were loaded again since the last
    /// [`Project::take_search_reset`]: the indexer must index every page.
    search_reset: bool,
    /// Warnings of the last full load (the toolkit's own, not lint findings).
    load_warnings: Vec<Diagnostic>,
    /// The warnings last reported, so an edit reports them again only when they change.
    reported_warnings: Vec<Diagnostic>,
    /// The check stage's findings per source and ids per file, kept between rebuilds.
    checker: check::Incremental,
}

impl Project {
    /// Builds the toolkit at `root` (a folder holding `cardstock.yaml`) for the
    /// first time. A toolkit with errors still opens: its outcome says why.
    pub fn open(root: &Path) -> crate::Result<(Project, Outcome)> {
        // Refuse early what is not a toolkit at all.
        if !root.join(SETTINGS_FILE).is_file() {
            load::load_settings(root)?;
        }
        let mut project = Project {
            root: root.to_path_buf(),
            setup: None,
            sources: Sources::default(),
            dirty: BTreeSet::new(),
            cache: BodyCache::new(),
            site: None,
            outputs: Outputs::default(),
            statics: BTreeMap::new(),
            statics_changed: Vec::new(),
            reload_all: true,
            tiles: KeptTiles::default(),
            search: Some(SearchFiles::default()),
            search_reset: false,
            load_warnings: Vec::new(),
            reported_warnings: Vec::new(),
            checker: check::Incremental::default(),
        };
        let started = Instant::now();
        let mut result = project.rebuild_all();
        // The first build waits for the search index; later ones refresh it
        // after the pages have reloaded (see `refresh_search`).
        if let Ok(update) = &mut result {
            let search = project.refresh_search();
            update.delta.written.extend(search.written);
            update.delta.removed.extend(search.removed);
        }
        // The index just made is of this very load.
        project.search_reset = false;
        let outcome = project.outcome(result, started);
        Ok((project, outcome))
    }

    fn outcome(&mut self, result: Result<Update, Vec<Diagnostic>>, started: Instant) -> Outcome {
        let changed = std::mem::take(&mut self.statics_changed);
        Outcome {
            result,
            statics: (!changed.is_empty()).then(|| StaticChange {
                files: self.statics.clone(),
                changed,
            }),
            base_path: self.base_path(),
            elapsed: started.elapsed(),
        }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The path the site is served under, once settings have loaded.
    pub fn base_path(&self) -> String {
        self.setup
            .as_ref()
            .map(|s| s.settings.base_path())
            .unwrap_or_else(|| "/".to_string())
    }

    /// A rendered file of the last good build.
    pub fn file(&self, path: &str) -> Option<&Arc<[u8]>> {
        self.outputs.get(path)
    }

    /// Every rendered file of the last good build, with the search index
    /// files while this project still refreshes them itself.
    pub fn files(&self) -> impl Iterator<Item = (&str, &Arc<[u8]>)> {
        let search = self.search.iter().flat_map(SearchFiles::files);
        self.outputs.iter().chain(search)
    }

    pub fn statics(&self) -> &BTreeMap<String, Arc<[u8]>> {
        &self.statics
    }

    /// Rebuilds after the files at `paths` (absolute, inside the toolkit) changed.
    /// `None` when none of them is read by the build.
    pub fn apply(&mut self, paths: &[PathBuf]) -> Option<Outcome> {
        let theme = self.setup.as_ref().map(|s| s.settings.theme.clone());
        let batch = Batch::classify(&self.root, theme.as_deref(), paths);
        if batch.is_empty() {
            return None;
        }
        let started = Instant::now();
        let result = if batch.reload_all || self.reload_all {
            self.rebuild_all()
        } else {
            self.rebuild_changed(&batch)
        };
        Some(self.outcome(result, started))
    }

    /// Writes the search index of the current model again in this thread,
    /// indexing only the pages that changed, and returns the index files that
    /// changed (for the first build, and tests; the server refreshes it in
    /// its indexer thread instead, from [`Project::site_snapshot`]).
    pub fn refresh_search(&mut self) -> Delta {
        match (&mut self.search, &self.site) {
            (Some(search), Some(site)) => search.refresh(site),
            _ => Delta::default(),
        }
    }

    /// Hands the search index over to an indexer thread; from then on
    /// [`Project::refresh_search`] does nothing.
    pub fn take_search(&mut self) -> SearchFiles {
        self.search.take().unwrap_or_default()
    }

    /// The model of the last good build, shared with the indexer thread.
    pub fn site_snapshot(&self) -> Option<Arc<Site>> {
        self.site.clone()
    }

    /// Whether every page must be indexed again since the last call.
    pub fn take_search_reset(&mut self) -> bool {
        std::mem::take(&mut self.search_reset)
    }

    /// Forgets the model so the next change loads and renders everything
    /// (after an unexpected failure left the state in doubt).
    pub fn reset(&mut self) {
        self.reload_all = true;
        self.site = None;
    }

    fn rebuild_all(&mut self) -> Result<Update, Vec<Diagnostic>> {
        self.reload_all = true;
        let toolkit = pipeline::load(&self.root, None).map_err(|e| e.diagnostics())?;
        let pipeline::Setup { ui, renderer } =
            pipeline::setup(&toolkit).map_err(|e| e.diagnostics())?;
        let statics = read_statics(&toolkit.static_files).map_err(|e| e.diagnostics())?;
        self.sources = Sources::parse_all(&toolkit.sources);
        self.load_warnings = toolkit.warnings;
        self.load_warnings.extend(ui.incomplete_warnings());
        self.reported_warnings.clear();
        self.checker.reset();
        self.setup = Some(Setup {
            settings: toolkit.settings,
            ui,
            renderer,
        });
        self.reload_all = false;
        // Settings, templates or strings may have changed: render everything.
        self.site = None;
        self.tiles = KeptTiles::default();
        if let Some(search) = &mut self.search {
            search.forget_pages();
        }
        self.search_reset = true;
        self.replace_statics(statics);
        self.build_and_render()
    }

    fn rebuild_changed(&mut self, batch: &Batch) -> Result<Update, Vec<Diagnostic>> {
        if batch.statics {
            let Some(setup) = &self.setup else {
                return self.rebuild_all();
            };
            let (_, assets) =
                load::load_theme(&self.root, &setup.settings).map_err(|e| e.diagnostics())?;
            let statics = read_statics(&assets).map_err(|e| e.diagnostics())?;
            self.replace_statics(statics);
        }
        for rel in &batch.content {
            self.reread_content(rel);
        }
        if self.dirty.is_empty() && self.site.is_some() {
            Ok(Update::default())
        } else {
            self.build_and_render()
        }
    }

    /// Re-reads `rel` (a file or folder, relative to `content/`).
    fn reread_content(&mut self, rel: &str) {
        let Some(setup) = &self.setup else { return };
        let path = self.root.join(load::CONTENT_DIR).join(rel);
        let file = format!("{}/{rel}", load::CONTENT_DIR);
        let mut found: Vec<String> = Vec::new();
        if path.is_dir() {
            for (inner, _) in load::list_files(&self.root, &path).unwrap_or_default() {
                found.push(format!("{rel}/{inner}"));
            }
        } else if path.is_file() {
            found.push(rel.to_string());
        }
        // Whatever was known at or below `rel` and is not there now is gone.
        let found_files: HashSet<String> = found
            .iter()
            .map(|r| format!("{}/{r}", load::CONTENT_DIR))
            .collect();
        for gone in self.sources.files_at_or_below(&file) {
            if !found_files.contains(&gone) {
                self.sources.remove(&gone);
                self.dirty.insert(gone);
            }
        }
        for rel in found {
            let file = format!("{}/{rel}", load::CONTENT_DIR);
            match load::read_source(&self.root, &setup.settings, &rel) {
                Ok(Some(source)) => {
                    self.sources
                        .put(file.clone(), content::parse_source(&source));
                    self.dirty.insert(file);
                }
                Ok(None) => {}
                Err(Error::Io { source, .. }) if source.kind() == std::io::ErrorKind::NotFound => {
                    if self.sources.remove(&file) {
                        self.dirty.insert(file);
                    }
                }
                Err(e) => {
                    self.sources.put(file.clone(), Err(e.diagnostics()));
                    self.dirty.insert(file);
                }
            }
        }
    }

    /// Makes the model current, renders what changed, and checks the result
    /// as `cardstock build` would: its errors fail the update (the overlay
    /// shows them), its warnings come with the update when they changed.
    fn build_and_render(&mut self) -> Result<Update, Vec<Diagnostic>> {
        let changed = self.dirty.clone();
        let statics_changed = !self.statics_changed.is_empty();
        let mut update = self.build_and_render_unchecked()?;
        let site = self.site.as_ref().expect("a rendered update has a model");
        self.checker
            .update_sources(&self.sources.list, site.settings.raw_html, &|file| {
                changed.contains(file)
            });
        let (outputs, statics) = (&self.outputs, &self.statics);
        self.checker.update_output(
            || {
                let files = outputs.iter().map(|(p, b)| (p, &b[..])).collect();
                // The preview keeps static files' bytes, not where they came from.
                (files, statics.keys().map(|p| (p.as_str(), None)).collect())
            },
            &update.delta.written,
            &update.delta.removed,
            statics_changed,
        );
        let report = self
            .checker
            .check(&self.sources.list, site, &self.load_warnings);
        if report.fails(false) {
            // Report the warnings again with the next good build.
            self.reported_warnings.clear();
            return Err(report
                .errors()
                .cloned()
                .map(check::Finding::into_diagnostic)
                .collect());
        }
        let warnings: Vec<Diagnostic> = report
            .warnings()
            .cloned()
            .map(check::Finding::into_diagnostic)
            .collect();
        if warnings != self.reported_warnings {
            update.warnings = warnings.clone();
            self.reported_warnings = warnings;
        }
        Ok(update)
    }

    /// Makes the model current and renders what changed.
    fn build_and_render_unchecked(&mut self) -> Result<Update, Vec<Diagnostic>> {
        let problems = self.sources.problems();
        if !problems.is_empty() {
            return Err(problems);
        }
        let Some(setup) = &self.setup else {
            return Err(vec![Diagnostic::new(
                SETTINGS_FILE,
                "the toolkit has not loaded yet",
            )]);
        };
        if let Some(site) = self.site.as_mut().map(Arc::make_mut) {
            let changed: Option<Vec<&Source>> =
                self.dirty.iter().map(|f| self.sources.get(f)).collect();
            if let Some(changed) = changed {
                match site.update_in_place(&changed, &mut self.cache) {
                    Ok(Some(ids)) => {
                        let plan = Plan::after_update(site, &ids);
                        let rendered = render(
                            &setup.renderer,
                            site,
                            plan,
                            &mut self.outputs,
                            &mut self.tiles,
                        );
                        return match rendered {
                            Ok((delta, rendered)) => {
                                self.dirty.clear();
                                Ok(Update {
                                    delta,
                                    rendered,
                                    ..Update::default()
                                })
                            }
                            Err(e) => {
                                // The model moved on but its files did not: render all next time.
                                self.site = None;
                                Err(e)
                            }
                        };
                    }
                    Ok(None) => {}
                    Err(e) => return Err(e.diagnostics()),
                }
            }
        }
        let site = pipeline::model(
            &setup.settings,
            &setup.ui,
            &self.sources.list,
            Some(&mut self.cache),
        )
        .map_err(|e| e.diagnostics())?;
        let plan = match &self.site {
            Some(old) => Plan::between(old, &site),
            None => Plan::everything(&site),
        };
        let (delta, rendered) = render(
            &setup.renderer,
            &site,
            plan,
            &mut self.outputs,
            &mut self.tiles,
        )?;
        if let Some(old) = self.site.replace(Arc::new(site)) {
            // Freeing twenty thousand pages takes a while; do not make the browser wait.
            std::thread::spawn(move || drop(old));
        }
        self.dirty.clear();
        Ok(Update {
            delta,
            rendered,
            ..Update::default()
        })
    }

    /// Keeps the new static files, noting which paths changed.
    fn replace_statics(&mut self, statics: BTreeMap<String, Arc<[u8]>>) {
        let mut changed: Vec<String> = statics
            .iter()
            .filter(|(path, bytes)| self.statics.get(*path) != Some(*bytes))
            .map(|(path, _)| path.clone())
            .collect();
        changed.extend(
            self.statics
                .keys()
                .filter(|p| !statics.contains_key(*p))
                .cloned(),
        );
        self.statics = statics;
        self.statics_changed.extend(changed);
    }
}

/// Renders what `plan` lists and records it in `outputs`. Returns the changes
/// and how many parts were rendered; on error `outputs` is unchanged.
fn render(
    renderer: &Renderer,
    site: &Site,
    plan: Plan,
    outputs: &mut Outputs,
    tiles: &mut KeptTiles,
) -> Result<(Delta, usize), Vec<Diagnostic>> {
    enum Job {
        Page(usize),
        Listing(usize),
        Chrome,
        Sitemap,
    }
    let mut jobs: Vec<Job> = plan.pages.iter().map(|&id| Job::Page(id)).collect();
    jobs.extend(plan.listings.iter().map(|&i| Job::Listing(i)));
    if plan.chrome {
        jobs.push(Job::Chrome);
    }
    if plan.sitemap {
        jobs.push(Job::Sitemap);
    }
    // A card shown in several of these listings is rendered once.
    let card_tiles = CardTiles::of_listings(site, plan.listings.iter().copied(), tiles);
    let rendered: Vec<(Owner, Vec<OutputFile>)> = jobs
        .par_iter()
        .map(|job| match *job {
            Job::Page(id) => {
                let page = &site.pages[id];
                let files = if page.absorbed {
                    // A listing shows this page's text; the page has no file of its own.
                    Vec::new()
                } else {
                    renderer.render_page(site, id)?
                };
                Ok((super::plan::owner_of(page), files))
            }
            Job::Listing(i) => Ok((
                Owner::Listing(site.listings[i].path.clone()),
                vec![renderer.render_listing(site, i, &card_tiles)?],
            )),
            Job::Chrome => Ok((Owner::Chrome, renderer.render_chrome(site)?)),
            Job::Sitemap => Ok((
                Owner::Sitemap,
                [
                    vec![renderer.render_sitemap(site)?],
                    renderer.render_feeds(site),
                ]
                .concat(),
            )),
        })
        .collect::<crate::Result<_>>()
        .map_err(|e| e.diagnostics())?;
    card_tiles.keep(site, tiles);
    let count = rendered.len();
    let mut delta = Delta::default();
    let mut owners = HashSet::new();
    for (owner, files) in rendered {
        if plan.everything {
            owners.insert(owner.clone());
        }
        outputs.set(owner, files, &mut delta);
    }
    for owner in &plan.removed {
        outputs.remove_owner(owner, &mut delta);
    }
    if plan.everything {
        outputs.retain_owners(&owners, &mut delta);
    }
    Ok((delta, count))
}

fn read_statics(assets: &BTreeMap<String, Asset>) -> crate::Result<BTreeMap<String, Arc<[u8]>>> {
    assets
        .iter()
        .map(|(path, asset)| Ok((path.clone(), Arc::from(asset.read()?.as_ref()))))
        .collect()
}

/// The parsed sources, in the order `load` reads them, and the files that failed.
#[derive(Default)]
struct Sources {
    /// Sorted by file, as `load` lists them, so page order matches `cardstock build`.
    list: Vec<Source>,
    broken: BTreeMap<String, Vec<Diagnostic>>,
}

impl Sources {
    fn parse_all(files: &[SourceFile]) -> Sources {
        let parsed: Vec<_> = files.par_iter().map(content::parse_source).collect();
        let mut sources = Sources::default();
        for (file, result) in files.iter().zip(parsed) {
            match result {
                Ok(source) => sources.list.push(source),
                Err(problems) => {
                    sources.broken.insert(file.file.clone(), problems);
                }
            }
        }
        sources.list.sort_by(|a, b| a.file.cmp(&b.file));
        sources
    }

    fn position(&self, file: &str) -> Result<usize, usize> {
        self.list.binary_search_by(|s| s.file.as_str().cmp(file))
    }

    fn get(&self, file: &str) -> Option<&Source> {
        self.position(file).ok().map(|i| &self.list[i])
    }

    fn put(&mut self, file: String, parsed: Result<Source, Vec<Diagnostic>>) {
        match parsed {
            Ok(source) => {
                self.broken.remove(&file);
                match self.position(&file) {
                    Ok(i) => self.list[i] = source,
                    Err(i) => self.list.insert(i, source),
                }
            }
            Err(problems) => {
                if let Ok(i) = self.position(&file) {
                    self.list.remove(i);
                }
                self.broken.insert(file, problems);
            }
        }
    }

    /// Forgets a file; true if it was known.
    fn remove(&mut self, file: &str) -> bool {
        let was_broken = self.broken.remove(file).is_some();
        match self.position(file) {
            Ok(i) => {
                self.list.remove(i);
                true
            }
            Err(_) => was_broken,
        }
    }

    /// Known files that are `file` or lie in the folder `file`.
    fn files_at_or_below(&self, file: &str) -> Vec<String> {
        let folder = format!("{file}/");
        let inside = |f: &str| f == file || f.starts_with(&folder);
        self.list
            .iter()
            .map(|s| s.file.as_str())
            .chain(self.broken.keys().map(String::as_str))
            .filter(|f| inside(f))
            .map(str::to_string)
            .collect()
    }

    fn problems(&self) -> Vec<Diagnostic> {
        self.broken.values().flatten().cloned().collect()
    }
}

/// What a batch of changed paths asks for.
#[derive(Debug, Default, PartialEq)]
struct Batch {
    /// Settings, templates, UI strings or theme: load everything again.
    reload_all: bool,
    statics: bool,
    /// Changed files or folders, relative to `content/`.
    content: BTreeSet<String>,
}

impl Batch {
    fn classify(root: &Path, theme: Option<&str>, paths: &[PathBuf]) -> Batch {
        let mut batch = Batch::default();
        for path in paths {
            let Ok(rel) = path.strip_prefix(root) else {
                continue;
            };
            let parts: Vec<String> = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            if parts.iter().any(|p| load::is_ignored(p)) {
                continue;
            }
            let parts: Vec<&str> = parts.iter().map(String::as_str).collect();
            match parts.as_slice() {
                [SETTINGS_FILE] | [CONTENT_DIR] => batch.reload_all = true,
                // Term translations are read with the settings.
                [CONTENT_DIR, crate::terms::TAXONOMIES_DIR, ..] => batch.reload_all = true,
                [CONTENT_DIR, rest @ ..] => {
                    batch.content.insert(rest.join("/"));
                }
                [STATIC_DIR, ..] => batch.statics = true,
                [THEMES_DIR, name, STATIC_DIR, ..] if Some(*name) == theme => batch.statics = true,
                [
                    TEMPLATES_DIR | I18N_DIR | THEMES_DIR | PDF_DIR | FONTS_DIR,
                    ..,
                ] => batch.reload_all = true,
                _ => {}
            }
        }
        batch
    }

    fn is_empty(&self) -> bool {
        !self.reload_all && !self.statics && self.content.is_empty()
    }
}

#[cfg(test)]
mod tests;
