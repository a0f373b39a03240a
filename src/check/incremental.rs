//! The check stage for `serve`: the same rules as `build`, re-reading only
//! the sources an edit changed and re-scanning only the files it rewrote.

use std::collections::HashMap;

use rayon::prelude::*;

use super::{LintedBody, Output, Report, SiteToCheck, check_linted, lint_source};
use crate::config::RawHtml;
use crate::content::Source;
use crate::error::Diagnostic;
use crate::model::Site;

/// What the rules found in each source and file, kept between rebuilds.
#[derive(Default)]
pub struct Incremental {
    /// Source file → its linted body.
    bodies: HashMap<String, LintedBody>,
    output: Option<Output>,
}

impl Incremental {
    /// Forgets everything (after a full reload: the settings may have changed).
    pub fn reset(&mut self) {
        *self = Incremental::default();
    }

    /// Lints the sources in `changed` (and any not seen before) again, and
    /// forgets those that are gone.
    pub fn update_sources(
        &mut self,
        sources: &[Source],
        raw_html: RawHtml,
        changed: &dyn Fn(&str) -> bool,
    ) {
        let present: std::collections::HashSet<&str> =
            sources.iter().map(|s| s.file.as_str()).collect();
        self.bodies
            .retain(|file, _| present.contains(file.as_str()));
        let stale: Vec<&Source> = sources
            .iter()
            .filter(|s| changed(&s.file) || !self.bodies.contains_key(&s.file))
            .collect();
        let linted: Vec<(String, LintedBody)> = stale
            .par_iter()
            .map(|s| (s.file.clone(), lint_source(s, raw_html)))
            .collect();
        self.bodies.extend(linted);
    }

    /// The rendered files: all of them the first time, then what was
    /// written or removed since.
    pub fn update_output<'a>(
        &mut self,
        all: impl FnOnce() -> (Vec<(&'a str, &'a [u8])>, Vec<(&'a str, Option<&'a str>)>),
        written: &[(String, std::sync::Arc<[u8]>)],
        removed: &[String],
        statics_changed: bool,
    ) {
        match &mut self.output {
            Some(output) if !statics_changed => {
                for (path, bytes) in written {
                    output.put(path, bytes);
                }
                for path in removed {
                    output.remove(path);
                }
            }
            _ => {
                let (files, statics) = all();
                self.output = Some(Output::new(&files, statics.into_iter()));
            }
        }
    }

    /// The rules on the current site, as `build` would run them.
    pub fn check(&self, sources: &[Source], site: &Site, warnings: &[Diagnostic]) -> Report {
        let empty = Output::new(&[], std::iter::empty());
        let output = self.output.as_ref().unwrap_or(&empty);
        let linted: Vec<&LintedBody> = sources
            .iter()
            .filter_map(|s| self.bodies.get(&s.file))
            .collect();
        check_linted(
            &SiteToCheck {
                sources,
                site,
                output,
                warnings,
            },
            &linted,
        )
    }
}
