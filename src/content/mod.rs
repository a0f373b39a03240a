//! Parse: turns each source file into typed front matter plus its Markdown body.
//!
//! Owns the front-matter format (`---` YAML `---`), the keys of the four kinds
//! of source (card, change package, resource list, page) and their checks that
//! need no other file. Checks across files (links, ids between pages) belong to
//! the model stage. `limits` caps what would make the site grow faster than
//! its sources.

pub mod card_schema;
mod change_package;
mod front_matter;
pub mod kinds;
pub mod limits;
pub mod measurable_aim;
mod resource_list;

use std::sync::Arc;

use rayon::prelude::*;

pub use front_matter::{
    FrontMatter, Kind, Reference, SourceHash, TranslationMark, split_front_matter,
};
pub use kinds::{
    Category, ChangeIdea, Measure, MeasureType, OtherLanguage, Pdsa, PrimaryDriver, Resource,
    ResourceKind, SecondaryDriver,
};

use crate::error::{Diagnostic, Error, Result};
use crate::load::SourceFile;
use crate::yaml::{Pos, Positions};

/// A source after parsing: typed metadata and the Markdown that follows it.
#[derive(Debug, Clone)]
pub struct Source {
    pub lang: String,
    pub rel: String,
    pub file: String,
    /// Shared with the page made from this source, so the model need not copy it.
    pub front: Arc<FrontMatter>,
    /// The raw YAML, kept so a rebuild can tell whether the front matter changed.
    pub yaml: String,
    pub yaml_first_line: usize,
    /// Where each front-matter value was written, by path (`categories[0].id`).
    pub(crate) positions: Arc<Positions>,
    pub body: String,
    pub body_first_line: usize,
}

impl Source {
    /// The file line on which a front-matter value equal to `needle` was
    /// first written, skipping `id:` definitions: where a reference to it was written.
    pub fn line_of_reference(&self, needle: &str) -> Option<usize> {
        self.positions.first_scalar(needle, &["id"]).map(|p| p.line)
    }

    /// The file line of a top-level front-matter key.
    pub fn line_of_key(&self, key: &str) -> Option<usize> {
        self.positions
            .key(key)
            .filter(|_| self.front_has(key))
            .map(|p| p.line)
    }

    /// Where the value at `path` (`key_citation.url`, `categories[0].id`) was
    /// written, or its nearest written parent; the start of the YAML if none.
    pub fn position(&self, path: &str) -> Pos {
        self.positions.value(path).unwrap_or(Pos {
            line: self.yaml_first_line,
            column: 1,
        })
    }

    /// Where the key of the value at `path` was written (see [`Source::position`]).
    pub fn key_position(&self, path: &str) -> Pos {
        self.positions.key(path).unwrap_or(Pos {
            line: self.yaml_first_line,
            column: 1,
        })
    }

    /// A diagnostic in this source at the value at `path`.
    pub fn error_at(&self, path: &str, message: impl Into<String>) -> Diagnostic {
        let at = self.position(path);
        Diagnostic::new(&self.file, message).at(at.line, at.column)
    }

    /// Whether `key` is written at the top of the front matter.
    fn front_has(&self, key: &str) -> bool {
        self.positions.paths().any(|p| p == key)
    }
}

/// For a front-matter key close to a card section's id: sections are headings in the body.
fn card_section_hint(unknown: &str) -> Option<String> {
    use crate::i18n::{CARD_SECTIONS, WHO_SUBSECTIONS};
    let normalized = unknown.to_lowercase().replace(['_', ' '], "-");
    let ids = CARD_SECTIONS.iter().chain(WHO_SUBSECTIONS.iter()).copied();
    let id = crate::error::did_you_mean(&normalized, ids)?;
    let mut label = id.replace('-', " ");
    label[..1].make_ascii_uppercase();
    let written = format!(
        "a strategy card's sections are written in the body, as a heading such as `## {label}` (or `## … {{#{id}}}`), not as front-matter keys"
    );
    Some(if normalized == id {
        format!("`{unknown}` is a section: {written}")
    } else {
        format!("did you mean `{id}`? {written}")
    })
}

/// Parses one source file.
pub fn parse_source(file: &SourceFile) -> Result<Source, Vec<Diagnostic>> {
    let split = split_front_matter(&file.text, &file.file).map_err(|d| vec![d])?;
    let (front, positions): (FrontMatter, Positions) = crate::yaml::parse_with_positions(
        split.yaml,
        &file.file,
        split.yaml_first_line,
        Some(card_section_hint),
    )
    .map_err(|d| vec![d])?;
    let mut source = Source {
        lang: file.lang.clone(),
        rel: file.rel.clone(),
        file: file.file.clone(),
        front: Arc::new(front),
        yaml: split.yaml.to_string(),
        yaml_first_line: split.yaml_first_line,
        positions: Arc::new(positions),
        body: split.body.to_string(),
        body_first_line: split.body_first_line,
    };
    if let Some(front) = Arc::get_mut(&mut source.front) {
        resource_list::nest_flat_list(front);
    }
    let problems = kinds::check(&source);
    if problems.is_empty() {
        // One graph with one spelling of each id from here on.
        if let Some(front) = Arc::get_mut(&mut source.front) {
            change_package::normalize(front);
        }
        Ok(source)
    } else {
        Err(problems)
    }
}

/// Parses every source in parallel, reporting all problems together.
pub fn parse_all(files: &[SourceFile]) -> Result<Vec<Source>> {
    let results: Vec<_> = files.par_iter().map(parse_source).collect();
    let mut sources = Vec::with_capacity(results.len());
    let mut problems = Vec::new();
    for result in results {
        match result {
            Ok(s) => sources.push(s),
            Err(mut d) => problems.append(&mut d),
        }
    }
    problems.extend(limits::check_menus(&sources));
    if problems.is_empty() {
        Ok(sources)
    } else {
        Err(Error::Invalid(problems))
    }
}

#[cfg(test)]
mod tests {
    use super::card_section_hint;

    #[test]
    fn section_like_keys_point_to_headings() {
        let misspelt = card_section_hint("considerration").unwrap();
        assert!(
            misspelt.starts_with("did you mean `considerations`? "),
            "{misspelt}"
        );
        assert!(misspelt.contains("`## Considerations`"), "{misspelt}");
        let exact = card_section_hint("intended_for").unwrap();
        assert!(
            exact.starts_with("`intended_for` is a section: "),
            "{exact}"
        );
        assert!(exact.contains("`## Intended for`"), "{exact}");
        assert_eq!(card_section_hint("publisher"), None);
    }
}
