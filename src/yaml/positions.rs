//! Where each value of a YAML document was written, by its path.
//!
//! Paths are written as serde_norway writes them in its messages:
//! `title`, `key_citation.url`, `categories[0].resources[2].url`. Checks made
//! after deserializing (a URL's syntax, an id used twice) look their value up
//! here instead of searching the text, so the line and column are the
//! parser's own even when the same words appear elsewhere or the value was
//! written with escapes.

/// A place in the author's file: 1-based line and column (in characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pos {
    pub line: usize,
    pub column: usize,
}

/// Where one piece of `Positions::text` is: start and end byte offsets.
/// A scanned text is at most 1 MiB ([`super::MAX_BYTES`]) and aliases may only
/// repeat a bounded amount, so `u32` holds them.
type Span = (u32, u32);

#[derive(Debug, Clone)]
struct Entry {
    path: Span,
    /// Where the key was written, for a value in a mapping.
    key: Option<Pos>,
    value: Pos,
    /// The text of a scalar value.
    scalar: Option<Span>,
    /// The key this value sits under in its mapping, if any.
    under_key: Option<Span>,
}

/// The positions of every value written in one document (values an alias
/// repeats are found at the alias).
///
/// Every source keeps one for its messages, so it is compact: the paths,
/// scalars and keys are one string, and the lookup by path is a sorted list
/// of entry numbers rather than a map of owned strings (a 20,000-card
/// toolkit kept 90 MB less).
#[derive(Debug, Clone, Default)]
pub struct Positions {
    text: String,
    entries: Vec<Entry>,
    /// Entry numbers sorted by path, then by number ([`Positions::finish`]).
    by_path: Vec<u32>,
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
        let path = self.keep(path);
        let scalar = scalar.map(|s| self.keep(s));
        let under_key = under_key.map(|k| self.keep(k));
        self.entries.push(Entry {
            path,
            key,
            value,
            scalar,
            under_key,
        });
    }

    /// Sorts the lookup by path; called once the document is scanned.
    pub(super) fn finish(&mut self) {
        let mut by_path: Vec<u32> = (0..self.entries.len() as u32).collect();
        by_path.sort_by(|&a, &b| {
            let path = |i: u32| self.at(self.entries[i as usize].path);
            path(a).cmp(path(b)).then(a.cmp(&b))
        });
        self.by_path = by_path;
        self.text.shrink_to_fit();
        self.entries.shrink_to_fit();
    }

    fn keep(&mut self, piece: &str) -> Span {
        let start = self.text.len() as u32;
        self.text.push_str(piece);
        (start, self.text.len() as u32)
    }

    fn at(&self, (start, end): Span) -> &str {
        &self.text[start as usize..end as usize]
    }

    /// The entry recorded last for `path`, or for its nearest recorded ancestor.
    fn entry(&self, path: &str) -> Option<&Entry> {
        let mut path = path;
        loop {
            // Past the last entry of this path; the one before it, if it
            // has the path, was recorded last.
            let after = self
                .by_path
                .partition_point(|&i| self.at(self.entries[i as usize].path) <= path);
            if let Some(&i) = after.checked_sub(1).and_then(|last| self.by_path.get(last)) {
                let entry = &self.entries[i as usize];
                if self.at(entry.path) == path {
                    return Some(entry);
                }
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
        self.first_scalar_entry(text, skip).map(|e| e.value)
    }

    /// The path of the first scalar value equal to `text` (see [`Positions::first_scalar`]).
    pub fn first_scalar_path(&self, text: &str, skip: &[&str]) -> Option<String> {
        self.first_scalar_entry(text, skip)
            .map(|e| self.at(e.path).to_string())
    }

    fn first_scalar_entry(&self, text: &str, skip: &[&str]) -> Option<&Entry> {
        self.entries.iter().find(|e| {
            e.scalar.is_some_and(|s| self.at(s) == text)
                && !e.under_key.is_some_and(|k| skip.contains(&self.at(k)))
        })
    }

    /// Every recorded path, in document order (for tests and debugging).
    pub fn paths(&self) -> impl Iterator<Item = &str> {
        self.entries.iter().map(|e| self.at(e.path))
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

    #[test]
    fn lookups_find_a_paths_last_entry_or_its_nearest_ancestor() {
        let at = |line| Pos { line, column: 1 };
        let mut p = Positions::default();
        p.record("a", Some(at(1)), at(1), None, None);
        p.record("a.b", Some(at(2)), at(2), Some("x"), Some("b"));
        p.record("a.b", Some(at(3)), at(3), Some("y"), Some("b"));
        p.record("c[0]", None, at(4), Some("x"), None);
        p.finish();
        assert_eq!(p.value("a.b"), Some(at(3)));
        assert_eq!(p.value("a.b.c[2]"), Some(at(3)));
        assert_eq!(p.key("a"), Some(at(1)));
        assert_eq!(p.value("z"), None);
        assert_eq!(p.first_scalar("x", &[]), Some(at(2)));
        assert_eq!(p.first_scalar("x", &["b"]), Some(at(4)));
        assert_eq!(p.first_scalar_path("x", &["b"]).as_deref(), Some("c[0]"));
        assert_eq!(p.paths().collect::<Vec<_>>(), ["a", "a.b", "a.b", "c[0]"]);
    }
}
