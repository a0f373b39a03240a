//! Errors a build can end with, and the diagnostics that explain them.
//!
//! A `Diagnostic` is one problem in one file, with the line (and column) where
//! it applies and a hint at the fix. Stages collect every diagnostic they find
//! rather than stopping at the first, so an author sees all problems at once.

use std::fmt;
use std::path::{Path, PathBuf};

/// One problem in a toolkit source, reported as `file:line:column: message`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Diagnostic {
    /// Path relative to the toolkit folder, with `/` separators.
    pub file: String,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub message: String,
    /// How to fix it, when we can tell.
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn new(file: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic {
            file: file.into(),
            line: None,
            column: None,
            message: message.into(),
            help: None,
        }
    }

    pub fn at_line(mut self, line: usize) -> Self {
        self.line = Some(line);
        self
    }

    pub fn at(mut self, line: usize, column: usize) -> Self {
        self.line = Some(line);
        self.column = Some(column);
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// `file:line:column`, leaving out what is unknown.
    pub fn location(&self) -> String {
        match (self.line, self.column) {
            (Some(l), Some(c)) => format!("{}:{}:{}", self.file, l, c),
            (Some(l), None) => format!("{}:{}", self.file, l),
            _ => self.file.clone(),
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.location(), self.message)?;
        if let Some(help) = &self.help {
            write!(f, "\n  help: {help}")?;
        }
        Ok(())
    }
}

/// Why a build (or another command) failed.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Problems in the toolkit's sources; each names its file and line.
    #[error("{}", format_diagnostics(.0))]
    Invalid(Vec<Diagnostic>),

    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    /// A theme template failed to compile or render.
    #[error("template error: {0}")]
    Template(String),

    /// The output folder would overwrite or sit above the sources.
    #[error("{0}")]
    UnsafeOutput(String),

    /// The preview server could not start (port in use, say).
    #[error("{0}")]
    Serve(String),
}

impl Error {
    pub fn io(path: &Path, source: std::io::Error) -> Self {
        Error::Io {
            path: path.to_path_buf(),
            source,
        }
    }

    /// The diagnostics behind this error; an I/O or template error becomes one.
    pub fn diagnostics(&self) -> Vec<Diagnostic> {
        match self {
            Error::Invalid(d) => d.clone(),
            Error::Io { path, source } => vec![Diagnostic::new(
                path.display().to_string(),
                source.to_string(),
            )],
            other => vec![Diagnostic::new("", other.to_string())],
        }
    }
}

impl From<Diagnostic> for Error {
    fn from(d: Diagnostic) -> Self {
        Error::Invalid(vec![d])
    }
}

fn format_diagnostics(list: &[Diagnostic]) -> String {
    let mut out = String::new();
    for (i, d) in list.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str("error: ");
        out.push_str(&d.to_string());
    }
    if list.len() > 1 {
        out.push_str(&format!("\n{} errors", list.len()));
    }
    out
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// The closest of `candidates` to `word`, if it is close enough to be a likely typo.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let mut best: Option<(usize, &str)> = None;
    for c in candidates {
        let d = strsim::levenshtein(word, c);
        if best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, c));
        }
    }
    best.filter(|(d, c)| *d <= 2.max(c.len() / 3))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_names_only() {
        assert_eq!(did_you_mean("titel", ["title", "summary"]), Some("title"));
        assert_eq!(did_you_mean("zzzzzz", ["title", "summary"]), None);
    }

    #[test]
    fn diagnostic_displays_location_and_help() {
        let d = Diagnostic::new("content/en/a.md", "bad")
            .at(3, 4)
            .help("fix it");
        assert_eq!(d.to_string(), "content/en/a.md:3:4: bad\n  help: fix it");
    }
}
