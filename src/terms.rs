//! Term translations: the labels of a facet's terms (tags, audience,
//! settings) in each language, declared once per facet in
//! `content/_taxonomies/<facet>.yaml`:
//!
//! ```yaml
//! sustainability:          # the term's id: how the default language writes it
//!   es: sostenibilidad
//!   ar: الاستدامة
//! implementation:
//!   en: Implementation     # optional: the default language's label, if not the id
//!   es: implementación
//! ```
//!
//! A card's term matches an entry when its slug is the slug of the id or of
//! any label. In a language's site, a matched term is shown with that
//! language's label (and its URL slug), whichever language the card is in, so
//! an untranslated card tagged `sustainability` and a Spanish one tagged
//! `sostenibilidad` share one term page, filter value and search facet value.
//! Terms that match no entry are shown as written, as before.

use std::collections::{BTreeMap, HashMap};

use serde_json::Value;

use crate::config::{SETTINGS_FILE, Settings};
use crate::error::{Diagnostic, did_you_mean};
use crate::text::slugify;

/// The folder inside `content/` that holds the term files.
pub const TAXONOMIES_DIR: &str = "_taxonomies";

/// The facets that can have a term file, by their front matter key.
pub const FACET_FIELDS: [&str; 3] = ["tags", "audience", "settings"];

/// Every facet's term translations.
#[derive(Debug, Clone, Default)]
pub struct Terms {
    /// Front matter key (`tags`) → its terms.
    facets: BTreeMap<String, FacetTerms>,
}

#[derive(Debug, Clone, Default)]
struct FacetTerms {
    entries: Vec<Entry>,
    /// Slug of an id or of any label → entry.
    by_slug: HashMap<String, usize>,
}

#[derive(Debug, Clone)]
struct Entry {
    id: String,
    /// Language → label.
    labels: BTreeMap<String, String>,
}

/// A term as a language's site shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    /// The URL slug and filter value in this language.
    pub slug: String,
    /// The text shown.
    pub name: String,
    /// The language `name` is written in.
    pub lang: String,
    /// The slug of the term's id when it has an entry, else `slug`: the same
    /// term in every language.
    pub key: String,
    /// False when the term has no label in the site's language: readers see
    /// it in the default language (from an untranslated card, or an entry
    /// without that language).
    pub translated: bool,
}

impl Terms {
    /// Parses the term files, given as (file inside the toolkit, text).
    pub fn parse(
        files: &[(String, String)],
        settings: &Settings,
    ) -> Result<Terms, Vec<Diagnostic>> {
        let mut terms = Terms::default();
        let mut problems = Vec::new();
        for (file, text) in files {
            match parse_file(file, text, settings) {
                Ok((field, facet)) => {
                    terms.facets.insert(field, facet);
                }
                Err(mut found) => problems.append(&mut found),
            }
        }
        if problems.is_empty() {
            Ok(terms)
        } else {
            Err(problems)
        }
    }

    /// `raw`, a term of facet `field` on a card whose text is in `raw_lang`,
    /// as the site of `site_lang` shows it.
    pub fn resolve(
        &self,
        field: &str,
        site_lang: &str,
        default_lang: &str,
        raw: &str,
        raw_lang: &str,
    ) -> Term {
        let slug = slugify(raw);
        let entry = self
            .facets
            .get(field)
            .and_then(|f| f.by_slug.get(&slug).map(|&i| &f.entries[i]));
        let Some(entry) = entry else {
            return Term {
                key: slug.clone(),
                slug,
                name: raw.to_string(),
                lang: raw_lang.to_string(),
                translated: raw_lang == site_lang,
            };
        };
        let (name, lang) = match entry.labels.get(site_lang) {
            Some(label) => (label.clone(), site_lang),
            None => (
                entry
                    .labels
                    .get(default_lang)
                    .cloned()
                    .unwrap_or_else(|| entry.id.clone()),
                default_lang,
            ),
        };
        Term {
            slug: slugify(&name),
            key: slugify(&entry.id),
            translated: lang == site_lang,
            name,
            lang: lang.to_string(),
        }
    }
}

/// One term file: its facet's front matter key and its terms.
fn parse_file(
    file: &str,
    text: &str,
    settings: &Settings,
) -> Result<(String, FacetTerms), Vec<Diagnostic>> {
    let name = file.rsplit('/').next().unwrap_or(file);
    let field = name
        .strip_suffix(".yaml")
        .or_else(|| name.strip_suffix(".yml"))
        .unwrap_or(name);
    if !FACET_FIELDS.contains(&field) {
        let close = did_you_mean(field, FACET_FIELDS)
            .map(|f| format!("did you mean `{f}.yaml`? "))
            .unwrap_or_default();
        return Err(vec![
            Diagnostic::new(file, format!("`{name}` is not a facet's term file"))
                .at_line(1)
                .help(format!(
                    "{close}name it after the front matter key whose terms it translates: tags.yaml, audience.yaml or settings.yaml"
                )),
        ]);
    }
    let (raw, positions) =
        crate::yaml::parse_with_positions::<Option<BTreeMap<String, Value>>>(text, file, 1, None)
            .map_err(|d| vec![d])?;
    let mut facet = FacetTerms::default();
    let mut problems = Vec::new();
    let at = |path: &str| positions.value(path).map(|p| p.line).unwrap_or(1);
    for (id, value) in raw.unwrap_or_default() {
        let Value::Object(map) = value else {
            problems.push(
                Diagnostic::new(file, format!("term `{id}` has no labels"))
                    .at_line(at(&id))
                    .help(format!(
                        "give its label in each language on its own line below it, e.g.\n{id}:\n  {}: …",
                        settings
                            .languages
                            .iter()
                            .map(|l| l.code.as_str())
                            .find(|c| *c != settings.default_language)
                            .unwrap_or("es")
                    )),
            );
            continue;
        };
        let mut labels = BTreeMap::new();
        for (lang, label) in map {
            let path = format!("{id}.{lang}");
            if settings.language(&lang).is_none() {
                problems.push(
                    Diagnostic::new(
                        file,
                        format!("`{lang}` is not a language of this toolkit"),
                    )
                    .at_line(at(&path))
                    .help(format!(
                        "use one of the codes listed under `languages` in {SETTINGS_FILE} ({}), or add `{lang}` there",
                        settings.language_codes().join(", ")
                    )),
                );
                continue;
            }
            match label.as_str().map(str::trim) {
                Some(text) if !slugify(text).is_empty() => {
                    labels.insert(lang, text.to_string());
                }
                _ => problems.push(
                    Diagnostic::new(
                        file,
                        format!("the `{lang}` label of term `{id}` is not a term"),
                    )
                    .at_line(at(&path))
                    .help("write the term as text with at least one letter or digit, e.g. `es: sostenibilidad`"),
                ),
            }
        }
        let index = facet.entries.len();
        let mut names: Vec<(&str, String)> = vec![(id.as_str(), id.clone())];
        names.extend(labels.iter().map(|(l, t)| (l.as_str(), t.clone())));
        for (where_, name) in names {
            let slug = slugify(&name);
            if slug.is_empty() {
                problems.push(
                    Diagnostic::new(file, format!("term id `{id}` has no letter or digit"))
                        .at_line(at(&id))
                        .help("use the term as the default language writes it, e.g. `sustainability:`"),
                );
                continue;
            }
            match facet.by_slug.get(&slug) {
                Some(&other) if other != index => {
                    let path = if where_ == id {
                        id.clone()
                    } else {
                        format!("{id}.{where_}")
                    };
                    problems.push(
                        Diagnostic::new(
                            file,
                            format!(
                                "`{name}` names two terms: `{}` and `{id}`",
                                facet.entries[other].id
                            ),
                        )
                        .at_line(at(&path))
                        .help("a label may belong to one term only: merge the two terms into one, or change one label"),
                    );
                }
                _ => {
                    facet.by_slug.insert(slug, index);
                }
            }
        }
        facet.entries.push(Entry { id, labels });
    }
    if problems.is_empty() {
        Ok((field.to_string(), facet))
    } else {
        Err(problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings() -> Settings {
        crate::yaml::parse(
            "title: T\npublisher: P\nbase_url: https://example.org/\ndefault_language: en\nlanguages:\n  - code: en\n    name: English\n  - code: es\n    name: Español\n",
            "cardstock.yaml",
            1,
        )
        .unwrap()
    }

    #[test]
    fn resolves_a_term_in_either_spelling_to_the_sites_label() {
        let files = vec![(
            "content/_taxonomies/tags.yaml".to_string(),
            "sustainability:\n  es: sostenibilidad\n".to_string(),
        )];
        let terms = Terms::parse(&files, &settings()).unwrap();
        let es = |raw: &str, lang: &str| terms.resolve("tags", "es", "en", raw, lang);
        assert_eq!(es("sustainability", "en"), es("Sostenibilidad", "es"));
        let t = es("sustainability", "en");
        assert_eq!(
            (
                t.slug.as_str(),
                t.name.as_str(),
                t.lang.as_str(),
                t.translated
            ),
            ("sostenibilidad", "sostenibilidad", "es", true)
        );
        let en = terms.resolve("tags", "en", "en", "sostenibilidad", "es");
        assert_eq!(
            (en.name.as_str(), en.lang.as_str(), en.key.as_str()),
            ("sustainability", "en", "sustainability")
        );
        let other = terms.resolve("tags", "es", "en", "coaching", "en");
        assert!(!other.translated);
        assert_eq!(other.name, "coaching");
    }
}
