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
    /// What happens to HTML written in Markdown (`markdown::sanitize`).
    #[serde(default)]
    pub raw_html: RawHtml,
    /// `check` warns about cards, change packages and resource lists whose
    /// `reviewed` date (or, lacking one, `updated`) is older than this.
    #[serde(default)]
    pub review_after_months: Option<u32>,
    /// The PDF handouts (`pdf::`).
    #[serde(default)]
    pub pdf: PdfSettings,
    /// Term translations from `content/_taxonomies/` ([`crate::terms`]):
    /// toolkit-wide like the settings, and read with them by `load`.
    #[serde(skip)]
    pub terms: std::sync::Arc<crate::terms::Terms>,
}

/// `pdf:` in the settings.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PdfSettings {
    /// A PDF of every card, change package and resource list, and a book per language.
    #[serde(default = "yes")]
    pub handouts: bool,
    #[serde(default)]
    pub paper: Paper,
}

impl Default for PdfSettings {
    fn default() -> Self {
        PdfSettings {
            handouts: true,
            paper: Paper::default(),
        }
    }
}

fn yes() -> bool {
    true
}

/// The handouts' paper size.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Paper {
    #[default]
    UsLetter,
    A4,
}

impl Paper {
    /// Typst's name for it.
    pub fn typst_name(self) -> &'static str {
        match self {
            Paper::UsLetter => "us-letter",
            Paper::A4 => "a4",
        }
    }
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
        self.check_language_codes_differ(positions)?;
        if self.review_after_months == Some(0) {
            return Err(err(
                "review_after_months",
                "`review_after_months` is 0".into(),
                "give the number of months after which a page should be reviewed again, e.g. `review_after_months: 12`, or remove the key",
            ));
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
        if let Err(problem) = check_base_url(&self.base_url) {
            return Err(err("base_url", problem.message, &problem.help));
        }
        Ok(())
    }

    /// Two languages with one code, or with codes differing only in case
    /// (`ES`, `es`): their folders and URLs would be one on a case-insensitive
    /// disk (Windows, macOS) or host. Reported at the second one.
    fn check_language_codes_differ(&self, positions: &Positions) -> Result<(), Diagnostic> {
        for (i, lang) in self.languages.iter().enumerate() {
            let Some(earlier) = self.languages[..i]
                .iter()
                .find(|l| l.code.eq_ignore_ascii_case(&lang.code))
            else {
                continue;
            };
            let at = positions.value(&format!("languages[{i}].code"));
            let diagnostic = if earlier.code == lang.code {
                Diagnostic::new(
                    SETTINGS_FILE,
                    format!("language `{}` is listed twice in `languages`", lang.code),
                )
                .help("remove one of the two entries")
            } else {
                Diagnostic::new(
                    SETTINGS_FILE,
                    format!(
                        "languages `{}` and `{}` differ only in case",
                        earlier.code, lang.code
                    ),
                )
                .help(format!(
                    "their folders (content/{0}/, content/{1}/) and URLs (/{0}/, /{1}/) are the same on case-insensitive disks and hosts; keep one language and write its code one way",
                    earlier.code, lang.code
                ))
            };
            return Err(match at {
                Some(at) => diagnostic.at(at.line, at.column),
                None => diagnostic,
            });
        }
        Ok(())
    }

    /// Replaces `base_url` (from `--base-url`), checked like the settings key.
    pub fn override_base_url(&mut self, url: &str) -> Result<(), Diagnostic> {
        check_base_url(url)
            .map_err(|problem| Diagnostic::new("--base-url", problem.message).help(problem.help))?;
        self.base_url = normalize_base_url(url);
        Ok(())
    }

    /// Warnings for languages with neither UI strings (from any theme layer)
    /// nor a home page: their site would be all another language's words.
    pub fn empty_language_warnings(
        &self,
        has_strings: impl Fn(&str) -> bool,
        has_home_page: impl Fn(&str) -> bool,
    ) -> Vec<Diagnostic> {
        let default = &self.default_language;
        self.languages
            .iter()
            .filter(|l| !has_strings(&l.code) && !has_home_page(&l.code))
            .map(|l| {
                let readers_see = match self.untranslated {
                    Untranslated::Fallback => format!(
                        "readers of the `{0}` site will see every page in `{default}` with a note that it is not translated, and menus, buttons and section names in English",
                        l.code
                    ),
                    Untranslated::Omit => format!(
                        "the `{0}` site has no pages: its language-switcher links lead to the `{default}` site",
                        l.code
                    ),
                };
                Diagnostic::new(
                    SETTINGS_FILE,
                    format!(
                        "language `{}` has no UI strings and no home page: {readers_see}",
                        l.code
                    ),
                )
                .help(format!(
                    "add i18n/{0}.yaml with the UI strings and content/{0}/index.md, or remove `{0}` from `languages` until its translation starts",
                    l.code
                ))
            })
            .collect()
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

/// Why a base URL cannot work, and how to write it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaseUrlProblem {
    pub message: String,
    pub help: String,
}

/// Checks a base URL (`base_url` in the settings, or `--base-url`): an
/// absolute `http` or `https` URL with a host, and nothing that cannot be the
/// start of every page's address (a query, a fragment, a user name).
pub fn check_base_url(url: &str) -> Result<(), BaseUrlProblem> {
    const EXAMPLE: &str = "write it like https://example.org/toolkit/";
    let problem = |what: &str, help: &str| BaseUrlProblem {
        message: format!("base URL `{url}` {what}"),
        help: help.to_string(),
    };
    let not_absolute = || {
        let help = if url.contains("://") {
            "only http:// and https:// addresses can be canonical URLs; write it like https://example.org/toolkit/".to_string()
        } else {
            // `example.org/toolkit/`, and also `localhost:8080`, which parses with the scheme `localhost`.
            format!("add the scheme: https://{}", url.trim_start_matches('/'))
        };
        problem("is not an absolute http(s) URL", &help)
    };
    if url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(problem("contains a space or a control character", EXAMPLE));
    }
    let parsed = match url::Url::parse(url) {
        Ok(parsed) if matches!(parsed.scheme(), "http" | "https") && url.contains("://") => parsed,
        Ok(_) | Err(url::ParseError::RelativeUrlWithoutBase) => return Err(not_absolute()),
        Err(e) => return Err(problem(&format!("is not a valid URL ({e})"), EXAMPLE)),
    };
    if parsed.host_str().is_none_or(str::is_empty) {
        return Err(problem("has no host name", EXAMPLE));
    }
    if parsed.query().is_some() {
        return Err(problem(
            "has a query (`?…`)",
            "page addresses are added after the base URL, so it cannot hold a query; remove it",
        ));
    }
    if parsed.fragment().is_some() {
        return Err(problem(
            "has a fragment (`#…`)",
            "page addresses are added after the base URL, so it cannot hold a fragment; remove it",
        ));
    }
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return Err(problem(
            "holds a user name or password",
            "it would be published in every page; remove the part before `@`",
        ));
    }
    Ok(())
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
    fn base_urls_are_absolute_http_urls_that_can_start_a_page_address() {
        for ok in [
            "https://example.org/toolkit/",
            "http://localhost:8080",
            "HTTPS://Example.org/a/b",
            "https://[::1]:1111/",
        ] {
            assert_eq!(check_base_url(ok), Ok(()), "{ok}");
        }
        for (bad, message) in [
            ("example.org", "is not an absolute http(s) URL"),
            ("localhost:8080/x", "is not an absolute http(s) URL"),
            ("/toolkit/", "is not an absolute http(s) URL"),
            ("https:example.org", "is not an absolute http(s) URL"),
            ("ftp://example.org/", "is not an absolute http(s) URL"),
            ("https://", "is not a valid URL"),
            ("https://exa mple.org/", "contains a space"),
            ("https://example.org/?q", "has a query"),
            ("https://example.org/#x", "has a fragment"),
            ("https://u@example.org/", "holds a user name"),
        ] {
            let problem = check_base_url(bad).expect_err(bad);
            assert!(problem.message.contains(message), "{bad}: {problem:?}");
        }
        assert_eq!(
            check_base_url("example.org/toolkit/").unwrap_err().help,
            "add the scheme: https://example.org/toolkit/"
        );
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
