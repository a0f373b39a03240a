//! The pipeline: the one place that wires the stages together. `build`,
//! `check` and `serve` (and the benchmarks) all run the stages through here,
//! so they report the same findings for the same toolkit.
//!
//! ```text
//! load (files) → parse (typed sources) → model (Site) → pdf (handouts) → render (pages)
//!                                                      → index (search files)
//!                                      → check (lints on sources, model and pages) → write
//! ```
//!
//! Each stage is a function over plain data; no stage calls another. The
//! render, PDF and search stages put their files into a [`FileSink`]: `build`
//! streams them into the output's staging folder (keeping only their paths
//! and anchors for the checks), `check` and `serve` collect them in memory.

use std::path::Path;
use std::time::{Duration, Instant};

use crate::artifact::{Collected, FileSink, OutputFile};
use crate::check::{self, SiteToCheck};
use crate::content::{self, Source};
use crate::error::{Diagnostic, Error, Result};
use crate::i18n::UiStrings;
use crate::load::{self, Toolkit};
use crate::model::{BodyCache, Site};
use crate::render::{self, Renderer};
use crate::{config, output, pdf, search};

/// What `cardstock build` was asked to do.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The toolkit folder (holding `cardstock.yaml`).
    pub toolkit: std::path::PathBuf,
    /// The output folder; relative paths are taken from the current folder.
    pub out: std::path::PathBuf,
    /// Replaces the settings' `base_url`, e.g. for a preview deployment.
    pub base_url: Option<String>,
    /// Typesets the PDF handouts when the settings ask for them (`pdf:`);
    /// `--no-pdf` turns them off for one build.
    pub pdf: bool,
}

/// What a successful build produced.
#[derive(Debug)]
pub struct BuildReport {
    pub pages: usize,
    pub files: usize,
    pub warnings: Vec<Diagnostic>,
    pub elapsed: Duration,
    /// How long each stage took, in pipeline order.
    pub timings: Timings,
}

/// Durations of the pipeline's stages, for `build --timings` and benchmarks.
#[derive(Debug, Default, Clone)]
pub struct Timings {
    pub stages: Vec<(&'static str, Duration)>,
    /// The process's resident memory in bytes when each stage ended, where
    /// the system says (Linux): where a build's memory goes.
    pub resident: Vec<Option<u64>>,
    /// The PDF stage's figures: the time of each handout typeset, and how
    /// many came from the cache.
    pub handouts: Option<(Vec<Duration>, usize)>,
    last: Option<Instant>,
}

impl Timings {
    fn start() -> Timings {
        Timings {
            stages: Vec::new(),
            resident: Vec::new(),
            handouts: None,
            last: Some(Instant::now()),
        }
    }

    /// Records the time since the previous mark as `stage`.
    fn mark(&mut self, stage: &'static str) {
        let now = Instant::now();
        let since = self.last.map(|t| now - t).unwrap_or_default();
        self.stages.push((stage, since));
        self.resident.push(resident_bytes());
        self.last = Some(now);
    }
}

/// The process's resident memory (`VmRSS` of /proc/self/status).
fn resident_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}

/// A site built in memory: the model and its rendered files, not yet written.
pub struct BuiltSite {
    pub toolkit: Toolkit,
    /// The parsed sources the model was built from.
    pub sources: Vec<Source>,
    pub site: Site,
    pub files: Vec<OutputFile>,
    pub timings: Timings,
}

/// Settings-dependent parts every build needs before the model: the UI
/// strings of the site's languages and the compiled templates.
pub struct Setup {
    pub ui: UiStrings,
    pub renderer: Renderer,
}

// ---- the stages ----------------------------------------------------------

/// Load: the settings, the sources' text, the theme layers and static files.
pub fn load(toolkit_dir: &Path, base_url: Option<&str>) -> Result<Toolkit> {
    let mut toolkit = load::load(toolkit_dir)?;
    if let Some(url) = base_url {
        toolkit.settings.override_base_url(url)?;
    }
    Ok(toolkit)
}

/// Parse: front matter and body of every source.
pub fn parse(toolkit: &Toolkit) -> Result<Vec<Source>> {
    content::parse_all(&toolkit.sources)
}

/// The UI strings and the templates of a loaded toolkit.
pub fn setup(toolkit: &Toolkit) -> Result<Setup> {
    let languages = toolkit.settings.language_codes();
    Ok(Setup {
        ui: UiStrings::load(&toolkit.theme, &languages)?,
        renderer: Renderer::new(&toolkit.theme)?,
    })
}

/// Model: the whole site as data. With a cache (`serve`), bodies of
/// unchanged pages are reused and the new ones kept.
pub fn model(
    settings: &config::Settings,
    ui: &UiStrings,
    sources: &[Source],
    cache: Option<&mut BodyCache>,
) -> Result<Site> {
    // The theme's templates own their element ids; bodies must not take them.
    let reserved = render::reserved_ids;
    match cache {
        Some(cache) => {
            Site::build_with_cache(settings.clone(), ui.clone(), reserved, sources, cache)
        }
        None => Site::build(settings.clone(), ui.clone(), reserved, sources),
    }
}

/// PDF: the handouts of every card, change package and resource list, and
/// each language's book, through the toolkit's cache.
pub fn handouts(toolkit: &Toolkit, site: &Site, cache: &pdf::Cache) -> Result<pdf::Handouts> {
    pdf::typeset_site(site, &toolkit.theme, &toolkit.static_files, cache)
}

/// Render: every page, listing and site-wide file of the model, each handed
/// to `sink` as it is made.
pub fn render(renderer: &Renderer, site: &Site, sink: &dyn FileSink) -> Result<()> {
    renderer.render_site_into(site, sink)
}

/// Index: the search index files of every language.
pub fn index(site: &Site, sink: &dyn FileSink) -> Result<()> {
    search::build_index_into(site, sink)
}

/// Check: the accessibility and link rules on the sources, the model and
/// what the rendered files hold (`output`: their paths and anchors).
pub fn check(
    sources: &[Source],
    site: &Site,
    output: &check::Output,
    warnings: &[Diagnostic],
) -> check::Report {
    check::check_site(&SiteToCheck {
        sources,
        site,
        output,
        warnings,
    })
}

/// Write: the files into the output folder, all or nothing.
pub fn write(out: &Path, built: &BuiltSite) -> Result<()> {
    output::write_site(out, &built.files, &built.toolkit.static_files)
}

// ---- the commands' runs ----------------------------------------------------

/// load → parse → model → render → index, without checking or writing.
pub fn build_in_memory(toolkit_dir: &Path, base_url: Option<&str>) -> Result<BuiltSite> {
    let mut timings = Timings::start();
    let toolkit = load(toolkit_dir, base_url)?;
    timings.mark("load");
    model_loaded(toolkit, timings, None)
        .and_then(Modelled::into_memory)
        .map_err(|failed| failed.1)
}

/// A toolkit taken through the stages up to its files: the model, the
/// templates, and the PDF handouts (typeset before the pages, which link them).
struct Modelled {
    toolkit: Toolkit,
    sources: Vec<Source>,
    site: Site,
    renderer: Renderer,
    handout_files: Vec<OutputFile>,
    timings: Timings,
}

/// What is left once the files went to their sink.
struct Made {
    toolkit: Toolkit,
    sources: Vec<Source>,
    site: Site,
    timings: Timings,
}

impl Modelled {
    /// Render and index into memory.
    fn into_memory(self) -> std::result::Result<BuiltSite, Box<(Toolkit, Error)>> {
        let collected = Collected::default();
        let made = self.make_files(&collected)?;
        Ok(BuiltSite {
            toolkit: made.toolkit,
            sources: made.sources,
            site: made.site,
            files: collected.into_files(),
            timings: made.timings,
        })
    }

    /// Render and index: every file of the site into `sink`. On error the
    /// toolkit comes back with it, as from [`model_loaded`].
    fn make_files(self, sink: &dyn FileSink) -> std::result::Result<Made, Box<(Toolkit, Error)>> {
        let Modelled {
            toolkit,
            sources,
            site,
            renderer,
            handout_files,
            mut timings,
        } = self;
        let rendered = render(&renderer, &site, sink)
            .and_then(|()| handout_files.into_iter().try_for_each(|f| sink.put(f)));
        timings.mark("render");
        let indexed = rendered.and_then(|()| index(&site, sink));
        timings.mark("search");
        if let Err(e) = indexed {
            return Err(Box::new((toolkit, e)));
        }
        Ok(Made {
            toolkit,
            sources,
            site,
            timings,
        })
    }
}

/// The stages after load up to the files; on error the toolkit comes back
/// with the error, so `check` can still lint its sources.
/// With a cache, the PDF handouts are typeset too (when the settings ask for them).
fn model_loaded(
    toolkit: Toolkit,
    mut timings: Timings,
    pdf_cache: Option<&pdf::Cache>,
) -> std::result::Result<Modelled, Box<(Toolkit, Error)>> {
    let sources = match parse(&toolkit) {
        Ok(sources) => sources,
        Err(e) => return Err(Box::new((toolkit, e))),
    };
    timings.mark("parse");
    let modelled = setup(&toolkit)
        .and_then(|setup| Ok((model(&toolkit.settings, &setup.ui, &sources, None)?, setup)));
    let (site, mut setup) = match modelled {
        Ok(done) => done,
        Err(e) => return Err(Box::new((toolkit, e))),
    };
    let mut toolkit = toolkit;
    toolkit.warnings.extend(setup.ui.incomplete_warnings());
    timings.mark("model");
    let mut handout_files = Vec::new();
    if let Some(cache) = pdf_cache.filter(|_| toolkit.settings.pdf.handouts) {
        match handouts(&toolkit, &site, cache) {
            Ok(made) => {
                setup.renderer.set_handouts(made.links);
                timings.handouts = Some((made.typeset, made.cached));
                handout_files = made.files;
            }
            Err(e) => return Err(Box::new((toolkit, e))),
        }
        timings.mark("pdf");
    }
    Ok(Modelled {
        toolkit,
        sources,
        site,
        renderer: setup.renderer,
        handout_files,
        timings,
    })
}

/// The check stage on a site built in memory.
pub fn check_built(built: &BuiltSite) -> check::Report {
    let files: Vec<(&str, &[u8])> = built
        .files
        .iter()
        .map(|f| (f.path.as_str(), f.bytes.as_slice()))
        .collect();
    let output = check::Output::new(&files, statics_of(&built.toolkit));
    check(
        &built.sources,
        &built.site,
        &output,
        &built.toolkit.warnings,
    )
}

/// The copied files: output path and the toolkit file each comes from.
fn statics_of(toolkit: &Toolkit) -> impl Iterator<Item = (&str, Option<&str>)> {
    toolkit
        .static_files
        .iter()
        .map(|(path, asset)| (path.as_str(), asset.file()))
}

/// `cardstock check`: the toolkit built in memory and checked; when the
/// site cannot be built, the rules that need no model, plus why it failed.
pub fn check_toolkit(toolkit_dir: &Path) -> check::Report {
    let toolkit = match load(toolkit_dir, None) {
        Ok(toolkit) => toolkit,
        Err(err) => {
            let mut report = check::Report::default();
            report.add_error("toolkit", &err);
            return report.finish();
        }
    };
    match model_loaded(toolkit, Timings::start(), None).and_then(Modelled::into_memory) {
        Ok(built) => check_built(&built),
        Err(failed) => {
            let (toolkit, err) = *failed;
            let mut report = check::check_sources(&toolkit);
            report.add_error("site", &err);
            report.finish()
        }
    }
}

/// `cardstock build`: builds, checks, and writes the site into its output
/// folder; on error the folder is left as it was.
///
/// The files stream into a staging folder as they are rendered, and only
/// their paths and anchors are kept for the checks, so memory does not grow
/// with the rendered site. When the checks find errors the staging folder
/// is deleted instead of swapped in.
pub fn build(options: &BuildOptions) -> Result<BuildReport> {
    let started = Instant::now();
    output::check_output_location(&options.toolkit, &options.out)?;
    let mut timings = Timings::start();
    let toolkit = load(&options.toolkit, options.base_url.as_deref())?;
    timings.mark("load");
    let cache = pdf::Cache::in_toolkit(&options.toolkit);
    let pdf_cache = options.pdf.then_some(&cache);
    let mut modelled = model_loaded(toolkit, timings, pdf_cache).map_err(|failed| failed.1)?;
    // The parsed sources hold what the later stages read of the files; the
    // texts as loaded are a second copy, needed only when parsing fails.
    modelled.toolkit.sources = Vec::new();
    let staging = output::Staging::begin(&options.out)?;
    let recorder = check::OutputRecorder::default();
    let to_disk = |file: OutputFile| {
        recorder.record(&file.path, &file.bytes);
        staging.write(&file.path, &file.bytes)
    };
    let mut made = modelled.make_files(&to_disk).map_err(|failed| failed.1)?;
    staging.write_statics(&made.toolkit.static_files, |rel| recorder.holds(rel))?;
    made.timings.mark("write");
    // Accessibility and link checks: errors stop the build, warnings are reported.
    let output = recorder.finish(statics_of(&made.toolkit));
    let checked = check(&made.sources, &made.site, &output, &made.toolkit.warnings);
    if checked.fails(false) {
        let errors = checked
            .errors()
            .cloned()
            .map(check::Finding::into_diagnostic);
        return Err(Error::Invalid(errors.collect()));
    }
    let warnings = checked
        .warnings()
        .cloned()
        .map(check::Finding::into_diagnostic)
        .collect();
    made.timings.mark("check");
    let files = staging.files();
    staging.finish()?;
    made.timings.mark("swap");
    Ok(BuildReport {
        pages: made.site.pages.len() + made.site.listings.len(),
        files,
        warnings,
        elapsed: started.elapsed(),
        timings: made.timings,
    })
}
