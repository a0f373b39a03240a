//! Cardstock: a static site generator for collaborative toolkits — strategy
//! cards, change packages and resource lists — in several languages.
//!
//! The pipeline runs one way, one module per stage:
//!
//! ```text
//! load (files) → content (parse) → site (model) → render (HTML) → check (lints) → output (write)
//!                                                 ↘ search (index files) ↗
//! ```
//!
//! [`build`] runs all of it; the stages are public so `serve` (on top, in
//! `serve/`) can re-run parts, and `check` can lint without writing.

pub mod check;
pub mod config;
pub mod content;
pub mod error;
pub mod i18n;
pub mod load;
pub mod markdown;
pub mod output;
pub mod render;
pub mod scaffold;
pub mod search;
pub mod serve;
pub mod site;
pub mod text;
pub mod translation;
mod yaml;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

pub use error::{Diagnostic, Error, Result};

/// What `cardstock build` was asked to do.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The toolkit folder (holding `cardstock.yaml`).
    pub toolkit: PathBuf,
    /// The output folder; relative paths are taken from the current folder.
    pub out: PathBuf,
    /// Replaces the settings' `base_url`, e.g. for a preview deployment.
    pub base_url: Option<String>,
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
    last: Option<Instant>,
}

impl Timings {
    fn start() -> Timings {
        Timings {
            stages: Vec::new(),
            last: Some(Instant::now()),
        }
    }

    /// Records the time since the previous mark as `stage`.
    fn mark(&mut self, stage: &'static str) {
        let now = Instant::now();
        let since = self.last.map(|t| now - t).unwrap_or_default();
        self.stages.push((stage, since));
        self.last = Some(now);
    }
}

/// A site built in memory: the model and its rendered files, not yet written.
pub struct BuiltSite {
    pub toolkit: load::Toolkit,
    pub site: site::Site,
    pub files: Vec<output::OutputFile>,
    pub timings: Timings,
}

/// Runs load → parse → model → render, without writing anything.
pub fn build_in_memory(toolkit_dir: &Path, base_url: Option<&str>) -> Result<BuiltSite> {
    let mut timings = Timings::start();
    let mut toolkit = load::load(toolkit_dir)?;
    timings.mark("load");
    if let Some(url) = base_url {
        toolkit.settings.override_base_url(url)?;
    }
    let sources = content::parse_all(&toolkit.sources)?;
    timings.mark("parse");
    let languages = toolkit.settings.language_codes();
    let ui = i18n::UiStrings::load(&toolkit.theme, &languages)?;
    let renderer = render::Renderer::new(&toolkit.theme)?;
    let site = site::Site::build(toolkit.settings.clone(), ui, sources)?;
    timings.mark("model");
    let mut files = renderer.render_site(&site)?;
    timings.mark("render");
    files.extend(search::build_index(&site));
    timings.mark("search");
    Ok(BuiltSite {
        toolkit,
        site,
        files,
        timings,
    })
}

/// Builds a toolkit into its output folder; on error the folder is left as it was.
pub fn build(options: &BuildOptions) -> Result<BuildReport> {
    let started = Instant::now();
    output::check_output_location(&options.toolkit, &options.out)?;
    let mut built = build_in_memory(&options.toolkit, options.base_url.as_deref())?;
    // Accessibility and link checks: errors stop the build, warnings are reported.
    let checked = check::check_built(&built);
    if checked.fails(false) {
        let errors = checked
            .errors()
            .cloned()
            .map(check::Finding::into_diagnostic);
        return Err(Error::Invalid(errors.collect()));
    }
    let mut warnings = built.toolkit.warnings.clone();
    warnings.extend(
        checked
            .warnings()
            .cloned()
            .map(check::Finding::into_diagnostic),
    );
    built.timings.mark("check");
    output::write_site(&options.out, &built.files, &built.toolkit.static_files)?;
    built.timings.mark("write");
    Ok(BuildReport {
        pages: built.site.pages.len() + built.site.listings.len(),
        files: built.files.len() + built.toolkit.static_files.len(),
        warnings,
        elapsed: started.elapsed(),
        timings: built.timings,
    })
}
