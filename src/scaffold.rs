//! `cardstock new`: writes a small, working toolkit with one page of each kind,
//! as a starting point that builds without changes.

use std::fs;
use std::path::Path;

use crate::error::{Error, Result};

/// The starter files, path → text, from `src/scaffold/`.
const FILES: &[(&str, &str)] = &[
    ("cardstock.yaml", include_str!("scaffold/cardstock.yaml")),
    (".gitignore", include_str!("scaffold/gitignore")),
    (
        "content/en/index.md",
        include_str!("scaffold/content/en/index.md"),
    ),
    (
        "content/en/about.md",
        include_str!("scaffold/content/en/about.md"),
    ),
    (
        "content/en/strategies/peer-coaching.md",
        include_str!("scaffold/content/en/strategies/peer-coaching.md"),
    ),
    (
        "content/en/change-packages/improve-follow-up.md",
        include_str!("scaffold/content/en/change-packages/improve-follow-up.md"),
    ),
    (
        "content/en/resources/index.md",
        include_str!("scaffold/content/en/resources/index.md"),
    ),
    ("static/.gitkeep", ""),
];

/// Creates a toolkit at `path`, which must not exist or be empty.
pub fn create(path: &Path) -> Result<()> {
    if crate::output::holds_entries(path)? {
        return Err(Error::UnsafeOutput(format!(
            "{} already exists and is not empty\n  help: choose a new folder name",
            path.display()
        )));
    }
    for (rel, text) in FILES {
        let target = path.join(rel);
        if let Some(dir) = target.parent() {
            fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        }
        fs::write(&target, text).map_err(|e| Error::io(&target, e))?;
    }
    Ok(())
}
