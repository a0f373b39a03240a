//! The integration tests: one binary (as mdBook's suite is), one module per
//! subject, sharing the helpers in `support`.

mod support;

mod build;
mod change_packages;
mod check;
mod citations;
mod cli;
mod content;
mod diagram;
mod errors;
mod exchange;
mod exchange_import;
mod exchange_units;
mod files;
mod filters_markup;
mod language_switcher;
mod mutation;
mod pdf;
mod pipeline;
mod resource_lists;
mod reviews_and_feeds;
mod sanitize;
mod search;
mod search_ranking;
mod search_recall;
mod serve;
mod settings;
mod subpath;
mod term_translations;
mod theme;
mod translations;
mod ui_strings;
mod write;
mod yaml;
