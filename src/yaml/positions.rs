//! Where each value of a YAML document was written, by its path.
//!
//! Paths are written as serde_norway writes them in its messages:
//! `title`, `key_citation.url`, `categories[0].resources[2].url`. Checks made
//! after deserializing (a URL's syntax, an id used twice) look their value up
//! here instead of searching the text, so the line and column are the
//! parser's own even when the same words appear elsewhere or the value was
//! written with escapes.

use std::collections::HashMap;

/// A place in the author's file: 1-based line and column (in characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pos {
    pub line: usize,
    pub column: usize,
}

#[derive(Debug, Clone)]
struct Entry {
    path: String,
    /// Where the key was written, for a value in a mapping.
    key: Option<Pos>,
    value: Pos,
    /// The text of a scalar value.
    scalar: Option<String>,
    /// The key this value sits under in its mapping, if any.
    under_key: Option<String>,
}

/// The positions of every value written in one document (values an alias
/// repeats are found at the alias).
#[derive(Debug, Clone, Default)]
pub struct Positions {
    entries: Vec<Entry>,
    by_path: HashMap<String, usize>,
    /// False when the text is not valid YAML: the scan stopped at the error.
    pub(super) read_to_the_end: bool,
}

impl Positions {
    pub(super) fn record(
        &mut self,
        path: &str,
        key: Option<Pos>,
        value: Pos,
        scalar: Option<&str>,
        under_key: Option<&str>,
    ) {
        self.by_path.insert(path.to_string(), self.entries.len());
        self.entries.push(Entry {
            path: path.to_string(),
            key,
            value,
            scalar: scalar.map(str::to_string),
            under_key: under_key.map(str::to_string),
        });
    }

    fn entry(&self, path: &str) -> Option<&Entry> {
        let mut path = path;
        loop {
            if let Some(&i) = self.by_path.get(path) {
                return Some(&self.entries[i]);
            }
            path = parent(path)?;
        }
    }

    /// Where the value at `path` starts; for a path inside what an alias
    /// repeats, or a value not written, the nearest written ancestor.
    pub fn value(&self, path: &str) -> Option<Pos> {
        self.entry(path).map(|e| e.value)
    }

    /// Where the key of the value at `path` was written (else where the value is).
    pub fn key(&self, path: &str) -> Option<Pos> {
        self.entry(path).map(|e| e.key.unwrap_or(e.value))
    }

    /// The first scalar value equal to `text`, skipping values under the keys
    /// `skip` names: where a reference to `text` was written.
    pub fn first_scalar(&self, text: &str, skip: &[&str]) -> Option<Pos> {
        self.entries
            .iter()
            .find(|e| {
                e.scalar.as_deref() == Some(text)
                    && !e.under_key.as_deref().is_some_and(|k| skip.contains(&k))
            })
            .map(|e| e.value)
    }

    /// The path of the first scalar value equal to `text` (see [`Positions::first_scalar`]).
    pub fn first_scalar_path(&self, text: &str, skip: &[&str]) -> Option<String> {
        self.entries
            .iter()
            .find(|e| {
                e.scalar.as_deref() == Some(text)
                    && !e.under_key.as_deref().is_some_and(|k| skip.contains(&k))
            })
            .map(|e| e.path.clone())
    }

    /// Every recorded path, in document order (for tests and debugging).
    pub fn paths(&self) -> impl Iterator<Item = &str> {
        self.entries.iter().map(|e| e.path.as_str())
    }
}

/// `a.b[2]` → `a.b`, `a.b` → `a`, `a` → `` (the document), `` → none.
fn parent(path: &str) -> Option<&str> {
    if path.is_empty() {
        return None;
    }
    Some(match path.rfind(['.', '[']) {
        Some(i) => &path[..i],
        None => "",
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parents_of_paths() {
        assert_eq!(parent("a.b[2]"), Some("a.b"));
        assert_eq!(parent("a.b"), Some("a"));
        assert_eq!(parent("a"), Some(""));
        assert_eq!(parent(""), None);
    }
}
