//! PDF handouts: every strategy card, change package and resource list
//! typeset as a tagged PDF/UA-1 in each language it exists in, and the whole
//! toolkit as one book per language, with Typst as a library.
//!
//! Owns where handouts go (`handout_path`, `book_path`), the Typst world
//! (`world`), the data the templates read (`data`, `blocks`), typesetting
//! (`typeset`) and the persistent cache (`cache`). Reads the model and the
//! page data the HTML templates read (`render::page_value`); hands the PDF
//! files to the write stage and their paths and sizes to render
//! ([`HandoutLinks`]), which links them from the pages.

mod blocks;
mod cache;
mod data;
mod typeset;
mod world;

use std::collections::{BTreeMap, HashMap};
use std::time::{Duration, Instant};

use rayon::prelude::*;
use typst::foundations::Bytes;

use crate::artifact::OutputFile;
use crate::error::{Diagnostic, Error, Result};
use crate::load::{Asset, Theme};
use crate::model::{Origin, Page, PageId, Site};

pub use cache::{CACHE_DIR, Cache};
use world::Engine;

/// A handout as a page links it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Handout {
    /// Site path of the PDF.
    pub path: String,
    /// Its size in bytes.
    pub bytes: usize,
    /// The language of its text.
    pub lang: String,
}

/// Which handouts exist: by the site path of the page that links them (a
/// fallback page links its source's), and each language's book.
#[derive(Debug, Clone, Default)]
pub struct HandoutLinks {
    pub pages: HashMap<String, Handout>,
    pub books: HashMap<String, Handout>,
}

/// What the stage produced, with figures for the build's timings.
pub struct Handouts {
    pub files: Vec<OutputFile>,
    pub links: HandoutLinks,
    /// How long each typeset (not cached) handout took.
    pub typeset: Vec<Duration>,
    /// How many came from the cache.
    pub cached: usize,
}

/// Where a page's handout is: beside the page, named after it
/// (`en/strategies/peer-learning/peer-learning.pdf`), so a download has a
/// telling name.
pub fn handout_path(page: &Page) -> String {
    let name = page
        .path
        .trim_end_matches('/')
        .rsplit('/')
        .next()
        .unwrap_or("handout");
    format!("{}{name}.pdf", page.path)
}

/// Where a language's book is: `<lang>/toolkit.pdf`.
pub fn book_path(lang: &str) -> String {
    format!("{lang}/toolkit.pdf")
}

/// The page whose handout a page links: itself for a card, change package or
/// resource list; its source on a fallback page; none for other pages.
pub fn handout_page(site: &Site, id: PageId) -> Option<PageId> {
    let page = &site.pages[id];
    data::template_of(page)?;
    match page.origin {
        Origin::Fallback { source } => Some(source),
        _ => Some(id),
    }
}

/// One job of the stage: a page's handout or a language's book.
enum Job {
    Page(PageId),
    Book(String),
}

/// Typesets every handout of the site (in parallel, through the cache).
pub fn typeset_site(
    site: &Site,
    theme: &Theme,
    static_files: &BTreeMap<String, Asset>,
    cache: &Cache,
) -> Result<Handouts> {
    let (engine, theme_hash) = engine(theme, static_files)?;
    let mut jobs: Vec<Job> = (0..site.pages.len())
        .filter(|&id| handout_page(site, id) == Some(id) && !site.pages[id].absorbed)
        .map(Job::Page)
        .collect();
    jobs.extend(
        site.settings
            .language_codes()
            .into_iter()
            .filter(|lang| !data::book_pages(site, lang).is_empty())
            .map(Job::Book),
    );
    let done: Vec<std::result::Result<Done, Vec<Diagnostic>>> = jobs
        .into_par_iter()
        .map(|job| run(site, &engine, theme_hash, cache, job))
        .collect();
    // Typst keeps what it memoized for the next run; a build keeps only a little.
    typst::comemo::evict(10);
    let mut handouts = Handouts {
        files: Vec::new(),
        links: HandoutLinks::default(),
        typeset: Vec::new(),
        cached: 0,
    };
    let mut problems = Vec::new();
    let mut by_source = HashMap::new();
    for result in done {
        match result {
            Ok(Done { job, pdf, took }) => {
                match took {
                    Some(took) => handouts.typeset.push(took),
                    None => handouts.cached += 1,
                }
                handouts.add(site, job, pdf, &mut by_source);
            }
            Err(found) => problems.extend(found),
        }
    }
    if !problems.is_empty() {
        return Err(Error::Invalid(problems));
    }
    handouts.link_pages(site, &by_source);
    cache.prune();
    Ok(handouts)
}

/// A job done: its PDF, and how long typesetting took (`None`: from the cache).
struct Done {
    job: Job,
    pdf: Vec<u8>,
    took: Option<Duration>,
}

/// One handout: its data, then the cache or Typst.
fn run(
    site: &Site,
    engine: &Engine,
    theme_hash: u128,
    cache: &Cache,
    job: Job,
) -> std::result::Result<Done, Vec<Diagnostic>> {
    let (main, data, ident, file) = match &job {
        Job::Page(id) => {
            let page = &site.pages[*id];
            let template = data::template_of(page).expect("only handout pages are jobs");
            let targets = PageTargets::new(site, page, engine);
            let value = data::page_data(site, *id, &targets);
            (
                data::page_main(template),
                value,
                handout_path(page),
                page.file.clone(),
            )
        }
        Job::Book(lang) => {
            let pages = data::book_pages(site, lang);
            let value = data::book_data(site, lang, &pages, &|id| {
                Box::new(PageTargets::new(site, &site.pages[id], engine))
            });
            let file = crate::config::SETTINGS_FILE.to_string();
            (data::BOOK_MAIN.to_string(), value, book_path(lang), file)
        }
    };
    let images = images_shown(engine, &data);
    let data = serde_json::to_vec(&data).expect("JSON values serialize");
    let key = Cache::key(&main, &data, typst::utils::hash128(&(theme_hash, images)));
    if let Some(pdf) = cache.get(&key) {
        return Ok(Done {
            job,
            pdf,
            took: None,
        });
    }
    let started = Instant::now();
    let pdf = typeset::typeset(engine, &main, data, &ident, &file)?;
    let took = started.elapsed();
    cache.put(&key, &pdf);
    Ok(Done {
        job,
        pdf,
        took: Some(took),
    })
}

impl Handouts {
    /// Keeps a job's PDF; a page's handout goes into `by_source` until
    /// [`Handouts::link_pages`].
    fn add(
        &mut self,
        site: &Site,
        job: Job,
        pdf: Vec<u8>,
        by_source: &mut HashMap<PageId, Handout>,
    ) {
        let (path, lang) = match &job {
            Job::Page(id) => (
                handout_path(&site.pages[*id]),
                site.pages[*id].content_lang.clone(),
            ),
            Job::Book(lang) => (book_path(lang), lang.clone()),
        };
        let handout = Handout {
            path: path.clone(),
            bytes: pdf.len(),
            lang,
        };
        match job {
            Job::Page(source) => {
                by_source.insert(source, handout);
            }
            Job::Book(lang) => {
                self.links.books.insert(lang, handout);
            }
        }
        self.files.push(OutputFile { path, bytes: pdf });
    }

    /// Every page links its handout: its own, or (a fallback page) its
    /// source's. One pass over the pages, whatever their number.
    fn link_pages(&mut self, site: &Site, by_source: &HashMap<PageId, Handout>) {
        for (id, page) in site.pages.iter().enumerate() {
            if let Some(handout) = handout_page(site, id).and_then(|source| by_source.get(&source))
            {
                self.links.pages.insert(page.path.clone(), handout.clone());
            }
        }
    }
}

/// The engine of a build (the theme's PDF templates and fonts, the
/// toolkit's images), and a hash of the templates' text and the fonts'
/// bytes for the cache keys. (Each key also covers the images its page
/// shows: [`images_shown`].)
fn engine(theme: &Theme, static_files: &BTreeMap<String, Asset>) -> Result<(Engine, u128)> {
    let mut fonts = Vec::new();
    for asset in theme.fonts.values() {
        fonts.push(match asset.read()? {
            std::borrow::Cow::Borrowed(bytes) => Bytes::new(bytes),
            std::borrow::Cow::Owned(bytes) => Bytes::new(bytes),
        });
    }
    let images: BTreeMap<String, Asset> = static_files
        .iter()
        .filter(|(path, _)| is_image(path))
        .map(|(path, asset)| (path.clone(), asset.clone()))
        .collect();
    let font_bytes: Vec<&[u8]> = fonts.iter().map(|b| b.as_slice()).collect();
    let inputs = typst::utils::hash128(&(&theme.pdf_templates, font_bytes));
    Ok((Engine::new(&theme.pdf_templates, &fonts, images), inputs))
}

/// The images a handout shows, each with its size and time of change, so
/// that a changed image makes the pages showing it typeset again (and only
/// those).
fn images_shown(engine: &Engine, data: &serde_json::Value) -> Vec<(String, world::ImageStamp)> {
    let mut found = Vec::new();
    let mut stack = vec![data];
    while let Some(value) = stack.pop() {
        match value {
            serde_json::Value::Object(map) => {
                if map.get("t").and_then(|t| t.as_str()) == Some("img")
                    && let Some(src) = map.get("src").and_then(|s| s.as_str())
                {
                    found.push((src.to_string(), engine.image_stamp(src)));
                }
                stack.extend(map.values());
            }
            serde_json::Value::Array(items) => stack.extend(items),
            _ => {}
        }
    }
    found
}

/// The image formats Typst reads.
fn is_image(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    [".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp"]
        .iter()
        .any(|ext| lower.ends_with(ext))
}

/// Links in a handout become absolute URLs (it is read away from the site);
/// images are the toolkit's own static files, nothing else.
struct PageTargets<'a> {
    page_url: Option<url::Url>,
    site_base: &'a str,
    engine: &'a Engine,
}

impl<'a> PageTargets<'a> {
    fn new(site: &'a Site, page: &Page, engine: &'a Engine) -> PageTargets<'a> {
        PageTargets {
            page_url: url::Url::parse(&format!("{}{}", site.settings.base_url, page.path)).ok(),
            site_base: &site.settings.base_url,
            engine,
        }
    }
}

impl blocks::Targets for PageTargets<'_> {
    fn link(&self, href: &str) -> Option<String> {
        Some(match &self.page_url {
            Some(base) => base.join(href).ok()?.to_string(),
            None => href.to_string(),
        })
    }

    fn image(&self, src: &str) -> Option<String> {
        let absolute = self.page_url.as_ref()?.join(src).ok()?;
        let site_path = absolute.as_str().strip_prefix(self.site_base)?;
        let site_path = crate::urls::percent_decode(site_path);
        self.engine
            .has_image(&site_path)
            .then(|| format!("{}{site_path}", world::ASSETS))
    }
}
