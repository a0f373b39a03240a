//! Cardstock: a static site generator for collaborative toolkits — strategy
//! cards, change packages and resource lists — in several languages.
//!
//! The pipeline runs one way, one module per stage:
//!
//! ```text
//! load (files) → content (parse) → model (Site) → render (HTML) → check (lints) → output (write)
//!                                                ↘ search (index files) ↗
//! ```
//!
//! [`pipeline`] is the one place that wires the stages: [`build`],
//! [`check_toolkit`] and `serve` (on top, in `serve/`, re-running the parts an
//! edit affects) all go through it.

/// mimalloc instead of the system's malloc, for every program linking the
/// library (the CLI, the tests, the benchmarks): the build allocates and
/// frees many small values, and glibc's allocator spent a quarter of its CPU
/// time on them (see docs/performance.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

pub mod artifact;
pub mod check;
pub mod config;
pub mod content;
pub mod error;
pub(crate) mod hash;
pub(crate) mod html;
pub mod i18n;
pub mod load;
pub(crate) mod markdown;
pub mod model;
pub mod output;
pub mod pdf;
pub mod pipeline;
pub mod render;
pub mod scaffold;
pub mod search;
pub mod serve;
pub mod terms;
pub mod text;
pub mod translation;
pub(crate) mod urls;
mod yaml;

pub use error::{Diagnostic, Error, Result};
pub use pipeline::{
    BuildOptions, BuildReport, BuiltSite, Timings, build, build_in_memory, check_toolkit,
};
