//! Search: a static, per-language, faceted full-text index written at build
//! time, read by `themes/default/static/js/search.js` in the browser.
//!
//! Runs after the model (it reads [`Site`], like the render stage) and adds
//! files under `{lang}/search/` to the build's output. The stages inside:
//!
//! ```text
//! records (units + sections from the model) → tokenize → fold/stem
//!   → index (postings per word and stem, BM25F weights) → shards (files)
//! ```
//!
//! The index is cut so a query downloads only the term shards of its words,
//! the facet data it uses and the texts of the results it shows; see
//! `docs/search.md` for the file formats, ranking and measured sizes.
//!
//! Incremental use (`serve`): [`IndexCache`] keeps the [`IndexedPage`] of
//! every page, [`index_page`] runs again for changed pages only, and
//! [`write_index`] assembles the files again — linear in the postings, with
//! no tokenizing or stemming.

pub mod html_text;
pub mod ids;
pub mod index;
pub mod records;
pub mod shards;
pub mod stem;
pub mod tokenize;

use std::collections::HashMap;
use std::sync::Arc;

use rayon::prelude::*;

pub use index::{IndexedPage, index_page};

/// The index hashes millions of short words: a fast map (FxHash).
pub use crate::hash::FastMap;

use crate::artifact::{FileSink, OutputFile};
use crate::content::FrontMatter;
use crate::error::Result;
use crate::model::{Body, Site};

/// Indexes every page and writes every language's index, one language at a
/// time: its pages indexed (in parallel), its files handed to `sink`, and
/// all of it dropped before the next language, so one language's indexed
/// pages and postings are in memory at a time.
pub fn build_index_into(site: &Site, sink: &dyn FileSink) -> Result<()> {
    for lang in site.settings.language_codes() {
        let pages: Vec<IndexedPage> = (0..site.pages.len())
            .into_par_iter()
            .filter(|&id| records::page_in_index(&site.pages[id], &lang))
            .map(|id| index_page(site, id))
            .collect();
        for file in write_language(site, &pages, &lang) {
            sink.put(file)?;
        }
    }
    Ok(())
}

/// Tokenizes and stems every page, in parallel.
pub fn index_all_pages(site: &Site) -> Vec<IndexedPage> {
    (0..site.pages.len())
        .into_par_iter()
        .map(|id| index_page(site, id))
        .collect()
}

/// Indexed pages kept between rebuilds (for `serve`), by site language and
/// source file. A page is indexed again unless its body and front matter are
/// the very objects indexed last time (the model shares unchanged ones
/// between rebuilds) and its path is the same.
#[derive(Default)]
pub struct IndexCache {
    pages: HashMap<(String, String), Cached>,
}

struct Cached {
    body: Arc<Body>,
    front: Arc<FrontMatter>,
    path: String,
    indexed: IndexedPage,
}

impl IndexCache {
    /// Indexes what changed since the last call and writes every language's index.
    pub fn build_index(&mut self, site: &Site) -> Vec<OutputFile> {
        let mut previous = std::mem::take(&mut self.pages);
        let reused: Vec<Option<IndexedPage>> = (0..site.pages.len())
            .map(|id| take_if_unchanged(&mut previous, site, id))
            .collect();
        let pages: Vec<IndexedPage> = reused
            .into_par_iter()
            .enumerate()
            .map(|(id, kept)| kept.unwrap_or_else(|| index_page(site, id)))
            .collect();
        let files = write_index(site, &pages);
        self.pages = pages
            .into_iter()
            .map(|indexed| {
                let page = &site.pages[indexed.page];
                let cached = Cached {
                    body: Arc::clone(&page.body),
                    front: Arc::clone(&page.front),
                    path: page.path.clone(),
                    indexed,
                };
                ((page.lang.clone(), page.file.clone()), cached)
            })
            .collect();
        files
    }
}

/// The indexed page `id` had in the previous build, if it has not changed.
fn take_if_unchanged(
    previous: &mut HashMap<(String, String), Cached>,
    site: &Site,
    id: usize,
) -> Option<IndexedPage> {
    let page = &site.pages[id];
    let cached = previous.remove(&(page.lang.clone(), page.file.clone()))?;
    let same = Arc::ptr_eq(&cached.body, &page.body)
        && Arc::ptr_eq(&cached.front, &page.front)
        && cached.path == page.path;
    same.then_some(IndexedPage {
        page: id,
        ..cached.indexed
    })
}

/// Writes the index files of every language from already indexed pages.
pub fn write_index(site: &Site, pages: &[IndexedPage]) -> Vec<OutputFile> {
    let languages: Vec<&str> = site
        .settings
        .languages
        .iter()
        .map(|l| l.code.as_str())
        .collect();
    languages
        .par_iter()
        .flat_map_iter(|&lang| write_language(site, pages, lang))
        .collect()
}

/// The index files of one language.
fn write_language(site: &Site, pages: &[IndexedPage], lang: &str) -> Vec<OutputFile> {
    let in_lang: Vec<&IndexedPage> = pages
        .iter()
        .filter(|p| records::page_in_index(&site.pages[p.page], lang))
        .collect();
    let assembled = index::assemble(&in_lang);
    shards::write_language(&shards::IndexInput {
        site,
        lang,
        pages: &in_lang,
        assembled: &assembled,
    })
}
