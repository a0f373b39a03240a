//! The settings file, `cardstock.yaml`: site title, publisher, base URL and languages.

use serde::Deserialize;

use crate::error::Diagnostic;
use crate::yaml::Positions;

pub const SETTINGS_FILE: &str = "cardstock.yaml";

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    pub title: String,
    pub publisher: String,
    pub base_url: String,
    #[serde(default)]
    pub year: Option<i32>,
    pub default_language: String,
    pub languages: Vec<Language>,
    #[serde(default = "default_theme")]
    pub theme: String,
    #[serde(default)]
    pub extra_css: Vec<String>,
    /// What a language's site shows for a page not translated into it.
    #[serde(default)]
    pub untranslated: Untranslated,
}

/// `untranslated:` in the settings.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Untranslated {
    /// The default-language page, inside the language's site, with a notice.
    #[default]
    Fallback,
    /// Nothing: links go to the default-language site instead.
    Omit,
}

#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Language {
    pub code: String,
    pub name: String,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub direction: Direction,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    #[default]
    Ltr,
    Rtl,
}

fn default_theme() -> String {
    "default".into()
}

impl Settings {
    /// The codes of the toolkit's languages, in the settings' order.
    pub fn language_codes(&self) -> Vec<String> {
        self.languages.iter().map(|l| l.code.clone()).collect()
    }

    /// Parses and checks the settings text.
    pub fn parse(text: &str) -> Result<Settings, Diagnostic> {
        let (mut settings, positions): (Settings, Positions) =
            crate::yaml::parse_with_positions(text, SETTINGS_FILE, 1, None)?;
        settings.check(&positions)?;
        settings.base_url = normalize_base_url(&settings.base_url);
        Ok(settings)
    }

    /// Checks what serde cannot; `positions` say where each value was written.
    fn check(&self, positions: &Positions) -> Result<(), Diagnostic> {
        let err = |path: &str, msg: String, help: &str| {
            let d = Diagnostic::new(SETTINGS_FILE, msg).help(help.to_string());
            match positions.value(path) {
                Some(at) => d.at(at.line, at.column),
                None => d,
            }
        };
        if self.languages.is_empty() {
            return Err(err(
                "languages",
                "`languages` is empty".into(),
                "list at least the default language",
            ));
        }
        for (i, lang) in self.languages.iter().enumerate() {
            if !is_language_code(&lang.code) {
                return Err(err(
                    &format!("languages[{i}].code"),
                    format!("`{}` is not a language code", lang.code),
                    "use a BCP 47 code such as `en`, `es`, `zh-Hant` or `pt-BR`",
                ));
            }
        }
        if !self
            .languages
            .iter()
            .any(|l| l.code == self.default_language)
        {
            let codes: Vec<&str> = self.languages.iter().map(|l| l.code.as_str()).collect();
            return Err(err(
                "default_language",
                format!(
                    "default_language `{}` is not in `languages` ({})",
                    self.default_language,
                    codes.join(", ")
                ),
                "add it to `languages` or pick one of them",
            ));
        }
        if !(self.base_url.starts_with("http://") || self.base_url.starts_with("https://")) {
            return Err(err(
                "base_url",
                format!(
                    "base_url `{}` is not an absolute http(s) URL",
                    self.base_url
                ),
                "write it like https://example.org/toolkit/",
            ));
        }
        Ok(())
    }

    pub fn language(&self, code: &str) -> Option<&Language> {
        self.languages.iter().find(|l| l.code == code)
    }

    /// The site title in a language, falling back to the main title.
    pub fn title_in(&self, code: &str) -> &str {
        self.language(code)
            .and_then(|l| l.title.as_deref())
            .unwrap_or(&self.title)
    }

    /// The path part of the base URL, always starting and ending with `/`.
    pub fn base_path(&self) -> String {
        let after_scheme = self.base_url.split("://").nth(1).unwrap_or("");
        match after_scheme.find('/') {
            Some(i) => after_scheme[i..].to_string(),
            None => "/".into(),
        }
    }
}

/// Ensures exactly one trailing slash, so `base_url + path` joins cleanly.
pub fn normalize_base_url(url: &str) -> String {
    format!("{}/", url.trim_end_matches('/'))
}

fn is_language_code(code: &str) -> bool {
    !code.is_empty()
        && code.split('-').all(|part| {
            !part.is_empty() && part.len() <= 8 && part.chars().all(|c| c.is_ascii_alphanumeric())
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    const OK: &str = "title: T\npublisher: P\nbase_url: https://h.org/sub\ndefault_language: en\nlanguages:\n  - code: en\n    name: English\n";

    #[test]
    fn parses_and_normalizes() {
        let s = Settings::parse(OK).unwrap();
        assert_eq!(s.base_url, "https://h.org/sub/");
        assert_eq!(s.base_path(), "/sub/");
        assert_eq!(s.theme, "default");
        assert_eq!(s.untranslated, Untranslated::Fallback);
        let omit = Settings::parse(&format!("{OK}untranslated: omit\n")).unwrap();
        assert_eq!(omit.untranslated, Untranslated::Omit);
    }

    #[test]
    fn rejects_unknown_default_language() {
        let text = OK.replace("default_language: en", "default_language: fr");
        let d = Settings::parse(&text).unwrap_err();
        assert!(d.message.contains("`fr`"), "{}", d.message);
        assert_eq!((d.line, d.column), (Some(4), Some(19)));
    }

    #[test]
    fn a_byte_order_mark_is_accepted() {
        let s = Settings::parse(&format!("\u{feff}{OK}")).unwrap();
        assert_eq!(s.title, "T");
    }

    #[test]
    fn a_bad_language_code_is_found_where_it_is_written() {
        let text = OK.replace(
            "  - code: en\n    name: English\n",
            "  - {name: \"Code: x y\", code: \"x y\"}\n",
        );
        let text = text.replace("default_language: en", "default_language: x y");
        let d = Settings::parse(&text).unwrap_err();
        assert_eq!(d.message, "`x y` is not a language code");
        assert_eq!((d.line, d.column), (Some(6), Some(31)));
    }
}
