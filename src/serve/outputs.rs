//! The rendered files of the last good build, each remembered with the part of
//! the site that produced it (its owner), so a rebuild can replace one page's
//! files, drop the files of a deleted page, and report exactly which files
//! changed. Bytes are shared (`Arc`) with the files the HTTP side serves.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use crate::artifact::OutputFile;

/// The part of the site a rendered file comes from.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Owner {
    /// A content page, by site language and source file (`es`,
    /// `content/en/strategies/x.md` for a fallback page).
    Page(String, String),
    /// A generated listing, by site path (`en/tags/pdsa/`).
    Listing(String),
    /// `404.html`, the root redirect, `robots.txt`.
    Chrome,
    Sitemap,
    /// The search index files of every language, refreshed after each build.
    Search,
}

/// What changed in the files, for publishing to the server and telling browsers.
#[derive(Debug, Default)]
pub struct Delta {
    /// New or changed files, with their new bytes.
    pub written: Vec<(String, Arc<[u8]>)>,
    pub removed: Vec<String>,
}

impl Delta {
    pub fn is_empty(&self) -> bool {
        self.written.is_empty() && self.removed.is_empty()
    }

    /// Every path written or removed.
    pub fn paths(&self) -> impl Iterator<Item = &str> {
        self.written
            .iter()
            .map(|(p, _)| p.as_str())
            .chain(self.removed.iter().map(String::as_str))
    }
}

#[derive(Debug, Default)]
pub struct Outputs {
    files: HashMap<String, (Owner, Arc<[u8]>)>,
    by_owner: HashMap<Owner, Vec<String>>,
}

impl Outputs {
    pub fn get(&self, path: &str) -> Option<&Arc<[u8]>> {
        self.files.get(path).map(|(_, bytes)| bytes)
    }

    pub fn iter(&self) -> impl Iterator<Item = (&str, &Arc<[u8]>)> {
        self.files.iter().map(|(p, (_, b))| (p.as_str(), b))
    }

    /// Makes `files` the whole output of `owner`; files it no longer makes go.
    pub fn set(&mut self, owner: Owner, files: Vec<OutputFile>, delta: &mut Delta) {
        let old_paths = self.by_owner.remove(&owner).unwrap_or_default();
        let new_paths: Vec<String> = files.iter().map(|f| f.path.clone()).collect();
        for file in files {
            let unchanged = self
                .files
                .get(&file.path)
                .is_some_and(|(o, bytes)| *o == owner && **bytes == *file.bytes);
            if unchanged {
                continue;
            }
            let bytes: Arc<[u8]> = file.bytes.into();
            delta.written.push((file.path.clone(), Arc::clone(&bytes)));
            self.files.insert(file.path, (owner.clone(), bytes));
        }
        let kept: HashSet<&str> = new_paths.iter().map(String::as_str).collect();
        for path in old_paths {
            if !kept.contains(path.as_str()) {
                self.remove_path_of(&owner, path, delta);
            }
        }
        if !new_paths.is_empty() {
            self.by_owner.insert(owner, new_paths);
        }
    }

    /// Drops every file of `owner`.
    pub fn remove_owner(&mut self, owner: &Owner, delta: &mut Delta) {
        for path in self.by_owner.remove(owner).unwrap_or_default() {
            self.remove_path_of(owner, path, delta);
        }
    }

    /// Drops the files of every owner not in `keep`.
    pub fn retain_owners(&mut self, keep: &HashSet<Owner>, delta: &mut Delta) {
        let gone: Vec<Owner> = self
            .by_owner
            .keys()
            .filter(|o| !keep.contains(*o))
            .cloned()
            .collect();
        for owner in gone {
            self.remove_owner(&owner, delta);
        }
    }

    /// Removes `path` if `owner` still owns it: another owner may have taken
    /// the path over (a page that became a listing's introduction).
    fn remove_path_of(&mut self, owner: &Owner, path: String, delta: &mut Delta) {
        if self.files.get(&path).is_some_and(|(o, _)| o == owner) {
            self.files.remove(&path);
            delta.removed.push(path);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, text: &str) -> OutputFile {
        OutputFile {
            path: path.into(),
            bytes: text.as_bytes().to_vec(),
        }
    }

    #[test]
    fn reports_only_changed_files_and_drops_stale_ones() {
        let mut outputs = Outputs::default();
        let page = Owner::Page("en".into(), "content/en/r.md".into());
        let mut delta = Delta::default();
        outputs.set(
            page.clone(),
            vec![
                file("en/r/index.html", "a"),
                file("en/r/resources.json", "j"),
            ],
            &mut delta,
        );
        assert_eq!(delta.written.len(), 2);

        let mut delta = Delta::default();
        outputs.set(page.clone(), vec![file("en/r/index.html", "a")], &mut delta);
        assert!(delta.written.is_empty());
        assert_eq!(delta.removed, vec!["en/r/resources.json".to_string()]);

        let mut delta = Delta::default();
        outputs.remove_owner(&page, &mut delta);
        assert_eq!(delta.removed, vec!["en/r/index.html".to_string()]);
        assert_eq!(outputs.iter().count(), 0);
    }

    #[test]
    fn a_path_taken_over_by_another_owner_stays() {
        let mut outputs = Outputs::default();
        let page = Owner::Page("en".into(), "content/en/strategies/index.md".into());
        let listing = Owner::Listing("en/strategies/".into());
        let mut delta = Delta::default();
        outputs.set(
            page.clone(),
            vec![file("en/strategies/index.html", "page")],
            &mut delta,
        );
        outputs.set(
            listing,
            vec![file("en/strategies/index.html", "listing")],
            &mut delta,
        );
        outputs.set(page, Vec::new(), &mut delta);
        assert_eq!(
            outputs.get("en/strategies/index.html").map(|b| b.to_vec()),
            Some(b"listing".to_vec())
        );
    }
}
