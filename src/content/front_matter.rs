//! The front matter: splitting it off a file, and the keys it may hold.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::kinds::{Category, ChangeIdea, Measure, PrimaryDriver, SecondaryDriver};
use crate::error::Diagnostic;

/// The YAML and the body of a source, with the file line each starts on.
#[derive(Debug)]
pub struct Split<'a> {
    pub yaml: &'a str,
    pub yaml_first_line: usize,
    pub body: &'a str,
    pub body_first_line: usize,
}

/// Splits `---\nYAML\n---\nbody`. The closing line may also be `...`.
pub fn split_front_matter<'a>(text: &'a str, file: &str) -> Result<Split<'a>, Diagnostic> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let missing = || {
        Diagnostic::new(file, "missing front matter")
            .at_line(1)
            .help("start the file with a line `---`, then YAML such as `title: My page`, then a line `---`")
    };
    let first_end = text.find('\n').ok_or_else(missing)?;
    if text[..first_end].trim_end() != "---" {
        return Err(missing());
    }
    let yaml_start = first_end + 1;
    let mut offset = yaml_start;
    // The YAML starts on the file's second line.
    for (line_no, line) in (2..).zip(text[yaml_start..].split_inclusive('\n')) {
        let trimmed = line.trim_end();
        if trimmed == "---" || trimmed == "..." {
            let body_start = offset + line.len();
            return Ok(Split {
                yaml: &text[yaml_start..offset],
                yaml_first_line: 2,
                body: &text[body_start..],
                body_first_line: line_no + 1,
            });
        }
        offset += line.len();
    }
    Err(Diagnostic::new(file, "front matter is not closed")
        .at_line(1)
        .help("end the front matter with a line `---` before the Markdown body"))
}

/// Which kind of page a source is.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    Card,
    ChangePackage,
    Resources,
    #[default]
    Page,
}

/// A citation or example: a title and where to find it.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Reference {
    pub title: String,
    #[serde(default)]
    pub url: Option<String>,
    #[serde(default)]
    pub doi: Option<String>,
    /// For the downloadable citations: who published it, and when.
    #[serde(default)]
    pub publisher: Option<String>,
    #[serde(default)]
    pub year: Option<i32>,
    /// The language of the cited work, when it is not the page's.
    #[serde(default)]
    pub lang: Option<String>,
}

/// Every key any kind of source may hold. One flat struct keeps serde's error
/// positions exact; `kinds::check` rejects keys that do not belong to the kind.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    #[serde(default)]
    pub kind: Kind,
    pub title: String,
    #[serde(default)]
    pub summary: Option<String>,
    #[serde(default)]
    pub slug: Option<String>,
    #[serde(default)]
    pub updated: Option<String>,
    /// When the page was last checked to still be current (`YYYY-MM-DD`).
    #[serde(default)]
    pub reviewed: Option<String>,
    #[serde(default)]
    pub menu: bool,
    #[serde(default)]
    pub weight: i64,

    // Strategy cards.
    #[serde(default)]
    pub also_called: Vec<String>,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub audience: Vec<String>,
    #[serde(default)]
    pub settings: Vec<String>,
    #[serde(default)]
    pub duration: Option<String>,
    #[serde(default)]
    pub key_citation: Option<Reference>,
    #[serde(default)]
    pub illustrative_application: Option<Reference>,
    #[serde(default)]
    pub related: Vec<String>,

    // Change packages.
    #[serde(default)]
    pub aim: Option<String>,
    #[serde(default)]
    pub primary_drivers: Vec<PrimaryDriver>,
    #[serde(default)]
    pub secondary_drivers: Vec<SecondaryDriver>,
    #[serde(default)]
    pub change_ideas: Vec<ChangeIdea>,
    #[serde(default)]
    pub measures: Vec<Measure>,
    #[serde(default)]
    pub measurable_aim: Option<super::measurable_aim::MeasurableAim>,
    /// The sources the change package draws on, each shaped like a card's key citation.
    #[serde(default)]
    pub references: Vec<Reference>,

    // Resource lists.
    #[serde(default)]
    pub categories: Vec<Category>,
    /// The flat form: every resource with its `category:`.
    #[serde(default)]
    pub resources: Vec<super::kinds::Resource>,

    // Translations.
    /// The version of the default-language source this translation was
    /// reviewed against; written by `cardstock translations mark`.
    #[serde(default)]
    pub source_hash: Option<SourceHash>,
    /// `started` on a translation `cardstock translations start` created
    /// whose text is still the source's: it is built as a fallback page
    /// until `translations mark` or `translations import` removes the key.
    #[serde(default)]
    pub translation: Option<TranslationMark>,
}

/// What the `translation` key of a translation's front matter may say.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TranslationMark {
    /// Copied from the source by `translations start`, not translated yet.
    Started,
}

impl FrontMatter {
    /// Whether this is a copy of its source that nobody has translated yet.
    pub fn is_started_translation(&self) -> bool {
        self.translation == Some(TranslationMark::Started)
    }
}

/// Hashes of a source's translatable text: of all of it, and of each part
/// (`title`, `how`, `idea.kickoff`…), so a report can say what changed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourceHash {
    pub whole: String,
    #[serde(default)]
    pub parts: BTreeMap<String, String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_with_line_numbers() {
        let s = split_front_matter("---\ntitle: A\n---\n# Body\n", "a.md").unwrap();
        assert_eq!(s.yaml, "title: A\n");
        assert_eq!(s.yaml_first_line, 2);
        assert_eq!(s.body, "# Body\n");
        assert_eq!(s.body_first_line, 4);
    }

    #[test]
    fn missing_and_unclosed_front_matter_are_errors() {
        assert!(
            split_front_matter("# no\n", "a.md")
                .unwrap_err()
                .message
                .contains("missing")
        );
        assert!(
            split_front_matter("---\ntitle: A\n", "a.md")
                .unwrap_err()
                .message
                .contains("not closed")
        );
    }
}
