//! Parse: turns each source file into typed front matter plus its Markdown body.
//!
//! Owns the front-matter format (`---` YAML `---`), the keys of the four kinds
//! of source (card, change package, resource list, page) and their checks that
//! need no other file. Checks across files (links, ids between pages) belong to
//! the model stage. `limits` caps what would make the site grow faster than
//! its sources.

mod front_matter;
pub mod kinds;
pub mod limits;

use std::sync::Arc;

use rayon::prelude::*;

pub use front_matter::{FrontMatter, Kind, Reference, SourceHash, split_front_matter};
pub use kinds::{
    Category, ChangeIdea, Measure, MeasureType, Pdsa, PrimaryDriver, Resource, ResourceKind,
    SecondaryDriver,
};

use crate::error::{Diagnostic, Error, Result};
use crate::load::SourceFile;

/// A source after parsing: typed metadata and the Markdown that follows it.
#[derive(Debug, Clone)]
pub struct Source {
    pub lang: String,
    pub rel: String,
    pub file: String,
    /// Shared with the page made from this source, so the model need not copy it.
    pub front: Arc<FrontMatter>,
    /// The raw YAML, kept to find the line of a value for later messages.
    pub yaml: String,
    pub yaml_first_line: usize,
    pub body: String,
    pub body_first_line: usize,
}

impl Source {
    /// The file line on which `needle` first appears in the front matter as a
    /// whole word, skipping `id:` definitions: where a reference to it was written.
    pub fn line_of_reference(&self, needle: &str) -> Option<usize> {
        self.yaml.lines().enumerate().find_map(|(i, line)| {
            let trimmed = line.trim_start().trim_start_matches("- ");
            let is_definition = trimmed.starts_with("id:");
            (!is_definition && contains_word(line, needle)).then_some(self.yaml_first_line + i)
        })
    }

    /// The file line of a top-level front-matter key.
    pub fn line_of_key(&self, key: &str) -> Option<usize> {
        let prefix = format!("{key}:");
        self.yaml
            .lines()
            .position(|l| l.starts_with(&prefix))
            .map(|i| self.yaml_first_line + i)
    }
}

fn contains_word(haystack: &str, word: &str) -> bool {
    let is_word_char = |c: char| c.is_alphanumeric() || c == '-' || c == '_';
    haystack.match_indices(word).any(|(i, _)| {
        let before = haystack[..i].chars().next_back();
        let after = haystack[i + word.len()..].chars().next();
        !before.is_some_and(is_word_char) && !after.is_some_and(is_word_char)
    })
}

/// Parses one source file.
pub fn parse_source(file: &SourceFile) -> Result<Source, Vec<Diagnostic>> {
    let split = split_front_matter(&file.text, &file.file).map_err(|d| vec![d])?;
    let front: FrontMatter =
        crate::yaml::parse(split.yaml, &file.file, split.yaml_first_line).map_err(|d| vec![d])?;
    let source = Source {
        lang: file.lang.clone(),
        rel: file.rel.clone(),
        file: file.file.clone(),
        front: Arc::new(front),
        yaml: split.yaml.to_string(),
        yaml_first_line: split.yaml_first_line,
        body: split.body.to_string(),
        body_first_line: split.body_first_line,
    };
    let problems = kinds::check(&source);
    if problems.is_empty() {
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
