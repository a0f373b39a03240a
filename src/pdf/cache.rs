//! The handouts' persistent cache: a typeset PDF kept under the hash of all
//! it was made from (entry source, data, templates, fonts, engine version),
//! in the toolkit's ignored cache folder, so a rebuild re-typesets only the
//! pages whose content changed. Entries a build did not use are removed at
//! its end, so the folder holds one build's worth of PDFs.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// The toolkit's cache folder (kept out of version control by `cardstock new`'s `.gitignore`).
pub const CACHE_DIR: &str = ".cardstock-cache";

/// Bumped when the way handouts are made changes in a way the key cannot see.
const FORMAT: &str = "cardstock-pdf-1 typst-0.15.1";

pub struct Cache {
    dir: Option<PathBuf>,
    used: Mutex<HashSet<String>>,
}

impl Cache {
    /// A cache in `<toolkit>/.cardstock-cache/pdf/`. A toolkit is
    /// semi-trusted: when either folder is a link (which could lead the cache
    /// to write or prune files elsewhere), no cache is used.
    pub fn in_toolkit(root: &Path) -> Cache {
        let top = root.join(CACHE_DIR);
        let dir = top.join("pdf");
        let is_link =
            |p: &Path| std::fs::symlink_metadata(p).is_ok_and(|m| m.file_type().is_symlink());
        Cache {
            dir: (!is_link(&top) && !is_link(&dir)).then_some(dir),
            used: Mutex::default(),
        }
    }

    /// No cache: every handout is typeset.
    pub fn none() -> Cache {
        Cache {
            dir: None,
            used: Mutex::default(),
        }
    }

    /// The key of a handout made from these inputs.
    pub fn key(main: &str, data: &[u8], theme: u128) -> String {
        let hash = typst::utils::hash128(&(FORMAT, main, data, theme));
        format!("{hash:032x}")
    }

    /// The PDF kept under `key`, if any.
    pub fn get(&self, key: &str) -> Option<Vec<u8>> {
        let dir = self.dir.as_ref()?;
        let bytes = std::fs::read(dir.join(format!("{key}.pdf"))).ok()?;
        self.used.lock().unwrap().insert(key.to_string());
        Some(bytes)
    }

    /// Keeps a PDF. A cache that cannot be written only costs time, so
    /// failures are ignored.
    pub fn put(&self, key: &str, pdf: &[u8]) {
        let Some(dir) = &self.dir else { return };
        self.used.lock().unwrap().insert(key.to_string());
        if std::fs::create_dir_all(dir).is_err() {
            return;
        }
        let tmp = dir.join(format!("{key}.pdf.tmp{}", std::process::id()));
        if std::fs::write(&tmp, pdf).is_ok() {
            let _ = std::fs::rename(&tmp, dir.join(format!("{key}.pdf")));
        }
    }

    /// Removes the entries this build did not use.
    pub fn prune(&self) {
        let Some(dir) = &self.dir else { return };
        let used = self.used.lock().unwrap();
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            // Only what this cache wrote: 32 hex digits and `.pdf` (or a leftover `.tmp`).
            let key = name.split('.').next().unwrap_or("");
            let ours = key.len() == 32 && key.bytes().all(|b| b.is_ascii_hexdigit());
            if ours && !used.contains(key) {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }
}
