//! The integration tests: one binary (as mdBook's suite is), one module per
//! subject, sharing the helpers in `support`.

mod support;

mod build;
mod check;
mod cli;
mod content;
mod errors;
mod files;
mod filters_markup;
mod search;
mod serve;
mod subpath;
mod theme;
mod translations;
