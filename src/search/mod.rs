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
//! Incremental use (`serve`): keep the [`IndexedPage`] of every page, redo
//! [`index_page`] for a changed page only, and call [`write_index`] again —
//! writing is linear in the postings and does no tokenizing or stemming.

pub mod index;
pub mod records;
pub mod shards;
pub mod stem;
pub mod tokenize;

use rayon::prelude::*;

pub use index::{IndexedPage, index_page};

use crate::output::OutputFile;
use crate::site::Site;

/// Indexes every page and writes every language's index.
pub fn build_index(site: &Site) -> Vec<OutputFile> {
    let pages = index_all_pages(site);
    write_index(site, &pages)
}

/// Tokenizes and stems every page, in parallel.
pub fn index_all_pages(site: &Site) -> Vec<IndexedPage> {
    (0..site.pages.len())
        .into_par_iter()
        .map(|id| index_page(site, id))
        .collect()
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
        .flat_map_iter(|&lang| {
            let in_lang: Vec<&IndexedPage> = pages
                .iter()
                .filter(|p| records::page_in_index(site, &site.pages[p.page], lang))
                .collect();
            let assembled = index::assemble(&in_lang);
            shards::write_language(&shards::IndexInput {
                site,
                lang,
                pages: &in_lang,
                assembled: &assembled,
            })
        })
        .collect()
}
