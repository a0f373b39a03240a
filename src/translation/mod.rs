//! Translation: which pages exist in which language, which translations are
//! outdated, and the files translators work on.
//!
//! A translation is the file with the same path in another language's folder.
//! Its front matter's `source_hash` records which version of the
//! default-language source it was reviewed against ([`hash`],
//! [`fingerprint`]); [`status`] compares every translation with its source,
//! for the `cardstock translations` report and for the notices the model puts
//! on pages; [`files`] holds the `start` and `mark` commands.

pub mod diff;
pub mod exchange;
pub mod exchange_cli;
pub mod files;
pub mod fingerprint;
pub mod hash;
pub mod history;
pub mod import;
pub mod import_body;
pub mod inline;
pub mod notice;
pub mod po;
pub mod status;
pub mod ui_import;
pub mod ui_units;
pub mod units;
pub mod xliff;
pub mod yaml_edit;

pub use fingerprint::{Fingerprint, FingerprintCache};
pub use status::{LanguageStatus, Missing, Report, State, Translation};

use std::path::Path;

use crate::error::Result;

/// Loads and parses a toolkit and assesses its translations, without building it.
pub fn report(toolkit_dir: &Path) -> Result<(crate::config::Settings, Report)> {
    let workspace = files::Workspace::open(toolkit_dir)?;
    let sources = crate::content::parse_all(&workspace.toolkit.sources)?;
    let report = Report::assess(&workspace.toolkit.settings, &workspace.ui, &sources);
    Ok((workspace.toolkit.settings, report))
}
