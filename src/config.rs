//! The settings file, `cardstock.yaml`: site title, publisher, base URL and languages.

use serde::Deserialize;

use crate::error::Diagnostic;

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
    /// What happens to HTML written in Markdown (`markdown::sanitize`).
    #[serde(default)]
    pub raw_html: RawHtml,
}

/// `raw_html:` in the settings.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RawHtml {
    /// Only the safe subset reaches the site; `check` reports what was removed.
    #[default]
    Sanitize,
    /// Kept as written: for sites whose every author may run script on it.
    Trusted,
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
        let mut settings: Settings = crate::yaml::parse(text, SETTINGS_FILE, 1)?;
        settings.check(text)?;
        settings.base_url = normalize_base_url(&settings.base_url);
        Ok(settings)
    }

    /// Checks what serde cannot; `text` is the settings file, to point at the line at fault.
    fn check(&self, text: &str) -> Result<(), Diagnostic> {
        let err = |line: Option<usize>, msg: String, help: &str| {
            let d = Diagnostic::new(SETTINGS_FILE, msg).help(help.to_string());
            match line {
                Some(line) => d.at_line(line),
                None => d,
            }
        };
        if self.languages.is_empty() {
            return Err(err(
                line_where(text, |l| l.starts_with("languages:")),
                "`languages` is empty".into(),
                "list at least the default language",
            ));
        }
        for lang in &self.languages {
            if !is_language_code(&lang.code) {
                return Err(err(
                    line_where(text, |l| {
                        l.trim_start().trim_start_matches("- ").trim_start()
                            == format!("code: {}", lang.code)
                    }),
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
                line_where(text, |l| l.starts_with("default_language:")),
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
                line_where(text, |l| l.starts_with("base_url:")),
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

/// The 1-based number of the first line of `text` that satisfies `is_it`.
fn line_where(text: &str, is_it: impl Fn(&str) -> bool) -> Option<usize> {
    text.lines().position(is_it).map(|i| i + 1)
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
        assert_eq!(d.line, Some(4));
    }
}
