//! The integration tests: one binary (as mdBook's suite is), one module per
//! subject, sharing the helpers in `support`.

mod support;

mod build;
mod check;
mod cli;
mod content;
mod errors;
mod filters_markup;
mod pipeline;
mod search;
mod search_ranking;
mod search_recall;
mod serve;
mod settings;
mod subpath;
mod theme;
mod translations;
