//! UI strings: the words the theme shows around content ("Skip to content",
//! section labels, navigation), one YAML file per language.
//!
//! Layers are merged key by key: the built-in English strings first (so a
//! missing key never leaves a hole), then the built-in strings of the language,
//! then the toolkit's theme and its own `i18n/<lang>.yaml`.
//!
//! [`format`] turns dates, numbers, counts and lists into the language's
//! forms, from patterns kept in the same files.

pub mod fallback_marks;
pub mod format;

use std::collections::{BTreeMap, HashMap};

use serde_json::Value;

use crate::error::{Diagnostic, Error, Result};
use crate::load::Theme;
use crate::text::fold;

pub use crate::content::card_schema::{CARD_SECTIONS, WHO_SUBSECTIONS};

/// Merged UI strings per language code.
#[derive(Debug, Clone, PartialEq)]
pub struct UiStrings {
    by_lang: BTreeMap<String, Value>,
    /// Folded section heading → section id, from every language's strings.
    section_names: HashMap<String, String>,
    /// Languages whose own strings lack keys English has, with how many of
    /// how many: those strings reach their readers in English.
    incomplete: Vec<Incomplete>,
    /// For those languages, the strings for templates: each English fallback
    /// marked ([`fallback_marks`]) so the page says it is English.
    marked: BTreeMap<String, Value>,
    /// The dotted keys each language's own files give (not filled in from
    /// English): what a translator has translated.
    own_keys: BTreeMap<String, std::collections::BTreeSet<String>>,
}

/// A language whose UI strings lack some of the English keys.
#[derive(Debug, Clone, PartialEq)]
pub struct Incomplete {
    pub lang: String,
    pub missing: usize,
    pub total: usize,
}

impl UiStrings {
    pub fn load(theme: &Theme, languages: &[String]) -> Result<UiStrings> {
        let mut problems = Vec::new();
        let mut parse_layers = |lang: &str| -> Value {
            let mut merged = Value::Object(Default::default());
            for (file, text) in theme.strings.get(lang).into_iter().flatten() {
                match crate::yaml::parse::<Value>(text, file, 1) {
                    Ok(v @ Value::Object(_)) => merge(&mut merged, v),
                    Ok(_) => problems.push(
                        Diagnostic::new(
                            file.clone(),
                            "UI strings must be a mapping of keys to text",
                        )
                        .at_line(1),
                    ),
                    Err(d) => problems.push(d),
                }
            }
            merged
        };
        let english = parse_layers("en");
        let english_keys = leaf_keys(&english);
        let mut by_lang = BTreeMap::new();
        let mut incomplete = Vec::new();
        let mut marked = BTreeMap::new();
        let mut own_keys_by_lang = BTreeMap::new();
        for lang in languages {
            let mut strings = english.clone();
            if lang == "en" {
                own_keys_by_lang.insert(lang.clone(), english_keys.clone());
            } else {
                let own = parse_layers(lang);
                let is_english = lang.split('-').next() == Some("en");
                let own_keys = leaf_keys(&own);
                own_keys_by_lang.insert(lang.clone(), own_keys.clone());
                let missing = english_keys
                    .iter()
                    .filter(|k| !own_keys.contains(*k))
                    .count();
                if missing > 0 {
                    incomplete.push(Incomplete {
                        lang: lang.clone(),
                        missing,
                        total: english_keys.len(),
                    });
                }
                if missing > 0 && !is_english {
                    let mut with_marks = strings.clone();
                    merge(&mut with_marks, own.clone());
                    fallback_marks::mark_missing(&mut with_marks, &own);
                    marked.insert(lang.clone(), with_marks);
                }
                merge(&mut strings, own);
            }
            by_lang.insert(lang.clone(), strings);
        }
        if !problems.is_empty() {
            return Err(Error::Invalid(problems));
        }
        let section_names = collect_section_names(by_lang.values());
        Ok(UiStrings {
            by_lang,
            section_names,
            incomplete,
            marked,
            own_keys: own_keys_by_lang,
        })
    }

    /// A string the language's own files give (`None` where it falls back to English).
    pub fn own(&self, lang: &str, key: &str) -> Option<String> {
        self.own_keys
            .get(lang)
            .filter(|keys| keys.contains(key))
            .and_then(|_| format::lookup(self.for_lang(lang), key))
            .and_then(serde_json::Value::as_str)
            .map(str::to_string)
    }

    /// The languages whose UI strings lack some English keys.
    pub fn incomplete(&self) -> &[Incomplete] {
        &self.incomplete
    }

    /// A warning per language with incomplete UI strings: what its readers
    /// see, and how to get every key to translate.
    pub fn incomplete_warnings(&self) -> Vec<Diagnostic> {
        self.incomplete
            .iter()
            .map(|i| {
                Diagnostic::new(
                    format!("i18n/{}.yaml", i.lang),
                    format!(
                        "the `{}` UI strings lack {} of {} keys: readers of the `{}` site see those menus, labels and notices in English",
                        i.lang, i.missing, i.total, i.lang
                    ),
                )
                .help(format!(
                    "`cardstock translations strings en` prints every key with its English text: add the missing ones to i18n/{0}.yaml (or start it from that output) and translate them",
                    i.lang
                ))
            })
            .collect()
    }

    /// All strings of a language, for templates.
    pub fn for_lang(&self, lang: &str) -> &Value {
        &self.by_lang[lang]
    }

    /// All strings of a language for HTML templates: an English fallback
    /// string is marked, and the rendered page must go through
    /// [`fallback_marks::to_html`] (the renderer does).
    pub fn for_templates(&self, lang: &str) -> &Value {
        self.marked.get(lang).unwrap_or_else(|| self.for_lang(lang))
    }

    /// Whether `lang` has English fallback strings marked for templates: its
    /// pages go through [`fallback_marks::to_html`].
    pub fn has_marks(&self, lang: &str) -> bool {
        self.marked.contains_key(lang)
    }

    /// [`UiStrings::get`] for text that goes into an HTML page: an English
    /// fallback string comes marked (see [`UiStrings::for_templates`]).
    pub fn get_marked(&self, lang: &str, key: &str) -> String {
        lookup_text(self.for_templates(lang), key)
    }

    /// [`UiStrings::format`] for text that goes into an HTML page: counts
    /// whose text is an English fallback come marked; the plural rules stay
    /// those of `lang`.
    pub fn format_marked<'a>(&'a self, lang: &'a str) -> format::Formatter<'a> {
        format::Formatter::new(lang, self.for_templates(lang))
    }

    /// One string by dotted key (`sections.what`), or the key itself if missing.
    pub fn get(&self, lang: &str, key: &str) -> String {
        lookup_text(self.for_lang(lang), key)
    }

    /// Dates, numbers, counts and lists in a language.
    pub fn format<'a>(&'a self, lang: &'a str) -> format::Formatter<'a> {
        format::Formatter::new(lang, self.for_lang(lang))
    }

    /// The name of language `code` written in language `lang` (`es`, `en` →
    /// "inglés"), from `language_names` in the UI strings; `None` if not listed.
    pub fn language_name(&self, lang: &str, code: &str) -> Option<String> {
        let names = self.for_lang(lang).get("language_names")?;
        names
            .get(code)
            .or_else(|| names.get(code.split('-').next().unwrap_or(code)))
            .and_then(Value::as_str)
            .map(str::to_string)
    }

    /// The card section a heading names, in any language: "Qué" → `what`.
    pub fn section_for_heading(&self, heading: &str) -> Option<&str> {
        self.section_names
            .get(&normalize_heading(heading))
            .map(String::as_str)
    }
}

/// One string of `strings` by dotted key, or the key itself if missing.
fn lookup_text(strings: &Value, key: &str) -> String {
    let mut value = strings;
    for part in key.split('.') {
        match value.get(part) {
            Some(v) => value = v,
            None => return key.to_string(),
        }
    }
    value.as_str().unwrap_or(key).to_string()
}

/// Folded, without the punctuation around it: "¿Cómo?" and "Como:" both name `how`.
fn normalize_heading(heading: &str) -> String {
    fold(heading.trim_matches(|c: char| !c.is_alphanumeric()))
}

/// Section labels and their aliases (`section_aliases`) from all languages.
fn collect_section_names<'a>(all: impl Iterator<Item = &'a Value>) -> HashMap<String, String> {
    let mut names = HashMap::new();
    for strings in all {
        for key in ["sections", "section_aliases"] {
            let Some(Value::Object(map)) = strings.get(key) else {
                continue;
            };
            for (id, value) in map {
                let labels: Vec<&str> = match value {
                    Value::String(s) => vec![s.as_str()],
                    Value::Array(items) => items.iter().filter_map(Value::as_str).collect(),
                    _ => vec![],
                };
                for label in labels {
                    names.insert(normalize_heading(label), id.clone());
                }
            }
        }
    }
    names
}

/// Deep-merges `top` into `base`: objects key by key, anything else replaced.
/// Every leaf of a tree of UI strings (a string, list or number) with its
/// dotted key (`nav.home`), in the tree's order.
pub fn leaves(strings: &Value) -> Vec<(String, &Value)> {
    fn walk<'a>(value: &'a Value, prefix: &str, out: &mut Vec<(String, &'a Value)>) {
        match value {
            Value::Object(map) => {
                for (k, v) in map {
                    let key = if prefix.is_empty() {
                        k.clone()
                    } else {
                        format!("{prefix}.{k}")
                    };
                    walk(v, &key, out);
                }
            }
            _ => out.push((prefix.to_string(), value)),
        }
    }
    let mut out = Vec::new();
    walk(strings, "", &mut out);
    out
}

/// The dotted keys of every leaf of a tree of UI strings.
fn leaf_keys(strings: &Value) -> std::collections::BTreeSet<String> {
    leaves(strings).into_iter().map(|(key, _)| key).collect()
}

fn merge(base: &mut Value, top: Value) {
    match (base, top) {
        (Value::Object(b), Value::Object(t)) => {
            for (k, v) in t {
                match b.get_mut(&k) {
                    Some(existing) => merge(existing, v),
                    None => {
                        b.insert(k, v);
                    }
                }
            }
        }
        (b, t) => *b = t,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_sections_in_any_language() {
        let mut theme = Theme::default();
        theme.strings.insert(
            "en".into(),
            vec![("en".into(), "sections:\n  what: What\n".into())],
        );
        theme.strings.insert(
            "es".into(),
            vec![(
                "es".into(),
                "sections:\n  what: Qué\nsection_aliases:\n  what: [Qué es]\n".into(),
            )],
        );
        let ui = UiStrings::load(&theme, &["en".into(), "es".into()]).unwrap();
        assert_eq!(ui.section_for_heading("QUE"), Some("what"));
        assert_eq!(ui.section_for_heading("Qué es:"), Some("what"));
        assert_eq!(ui.section_for_heading("¿Qué?"), Some("what"));
        assert_eq!(ui.section_for_heading("¿Qué es?"), Some("what"));
        assert_eq!(ui.section_for_heading("What"), Some("what"));
        assert_eq!(ui.get("es", "sections.what"), "Qué");
        assert_eq!(ui.get("es", "missing.key"), "missing.key");
    }
}
