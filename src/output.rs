//! Write: puts the rendered files and static files on disk, all or nothing.
//!
//! The site is written into a fresh folder beside the output folder and swapped
//! in only when every file is written, so a failed build leaves the previous
//! site untouched. Every path is checked to stay inside the output folder, and
//! a folder Cardstock did not make is never replaced. A rebuild hard-links the
//! previous output's files whose bytes did not change instead of writing them.

use std::collections::{BTreeMap, HashSet};
use std::fs;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;

use crate::error::{Error, Result};
use crate::load::Asset;

pub use crate::artifact::OutputFile;

/// Marks a folder as Cardstock's output, so rebuilding may replace it.
pub const MARKER: &str = ".cardstock-output";
const MARKER_TEXT: &str =
    "This folder was written by cardstock build and is replaced by the next build.\n";

/// Refuses an output folder that is the toolkit folder, contains it, or lies
/// inside the folders Cardstock reads from.
pub fn check_output_location(toolkit: &Path, out: &Path) -> Result<()> {
    let toolkit = fs::canonicalize(toolkit).map_err(|e| Error::io(toolkit, e))?;
    let out = absolute_lexical(out)?;
    let out = canonical_prefix(&out);
    if toolkit.starts_with(&out) {
        return Err(Error::UnsafeOutput(format!(
            "refusing to build into {}: it is the toolkit folder or contains it, and building would replace the sources\n  help: pass another folder with --out, e.g. --out public",
            out.display()
        )));
    }
    for read_from in crate::load::READ_FOLDERS {
        if out.starts_with(toolkit.join(read_from)) {
            return Err(Error::UnsafeOutput(format!(
                "refusing to build into {}: it is inside the toolkit's {read_from}/ folder, which Cardstock reads from\n  help: pass a folder outside it with --out, e.g. --out public",
                out.display()
            )));
        }
    }
    Ok(())
}

fn absolute_lexical(path: &Path) -> Result<PathBuf> {
    let base = std::env::current_dir().map_err(|e| Error::io(Path::new("."), e))?;
    let mut out = PathBuf::new();
    for comp in base.join(path).components() {
        match comp {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    Ok(out)
}

/// Resolves symlinks in the part of `path` that exists, keeping the rest as written.
fn canonical_prefix(path: &Path) -> PathBuf {
    let mut existing = path.to_path_buf();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (
            existing.file_name().map(|n| n.to_os_string()),
            existing.parent(),
        ) {
            (Some(name), Some(parent)) => {
                rest.push(name);
                existing = parent.to_path_buf();
            }
            _ => break,
        }
    }
    let mut resolved = fs::canonicalize(&existing).unwrap_or(existing);
    for name in rest.into_iter().rev() {
        resolved.push(name);
    }
    resolved
}

/// Whether `path` is a folder with anything in it (false when it does not
/// exist): such a folder is never replaced or filled by Cardstock.
pub fn holds_entries(path: &Path) -> Result<bool> {
    Ok(path.exists()
        && fs::read_dir(path)
            .map_err(|e| Error::io(path, e))?
            .next()
            .is_some())
}

/// Joins a site path to `root`, refusing anything that could leave it.
pub fn safe_join(root: &Path, rel: &str) -> Result<PathBuf> {
    let rel_path = Path::new(rel);
    let only_normal = rel_path
        .components()
        .all(|c| matches!(c, Component::Normal(_)));
    if rel.is_empty() || !only_normal || rel.contains('\\') {
        return Err(Error::UnsafeOutput(format!(
            "refusing to write `{rel}`: the path would leave the output folder"
        )));
    }
    Ok(root.join(rel_path))
}

/// Writes the whole site to `out`, replacing the previous build only on success.
pub fn write_site(
    out: &Path,
    files: &[OutputFile],
    static_files: &BTreeMap<String, Asset>,
) -> Result<()> {
    let staging = Staging::begin(out)?;
    files
        .par_iter()
        .try_for_each(|file| staging.write(&file.path, &file.bytes))?;
    let rendered: HashSet<&str> = files.iter().map(|f| f.path.as_str()).collect();
    staging.write_statics(static_files, |rel| rendered.contains(rel))?;
    staging.finish()
}

/// The next site, written file by file into a fresh folder beside the
/// output folder while the stages make it, then swapped in whole
/// ([`Staging::finish`]). Dropped unfinished (a stage failed, a check
/// found errors), it is deleted and the output is left as it was.
pub struct Staging {
    root: PathBuf,
    out: PathBuf,
    /// The output of the previous build, whose unchanged files are linked.
    previous: Option<PathBuf>,
    /// Folders made so far (relative paths): each is created once.
    folders: Mutex<HashSet<String>>,
    written: AtomicUsize,
    finished: bool,
}

impl Staging {
    /// Refuses an output folder Cardstock did not make, then creates the
    /// staging folder with the output marker in it.
    pub fn begin(out: &Path) -> Result<Staging> {
        if !out.join(MARKER).exists() && holds_entries(out)? {
            return Err(Error::UnsafeOutput(format!(
                "refusing to replace {}: it is not empty and was not made by Cardstock\n  help: pass a new or empty folder with --out, or delete this one",
                out.display()
            )));
        }
        let parent = out
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
        let name = out
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "public".into());
        let root = parent.join(format!(".{name}.cardstock-new-{}", std::process::id()));
        if root.exists() {
            fs::remove_dir_all(&root).map_err(|e| Error::io(&root, e))?;
        }
        fs::create_dir_all(&root).map_err(|e| Error::io(&root, e))?;
        let staging = Staging {
            previous: out.join(MARKER).exists().then(|| out.to_path_buf()),
            root,
            out: out.to_path_buf(),
            folders: Mutex::new(HashSet::new()),
            written: AtomicUsize::new(0),
            finished: false,
        };
        // Not counted among the site's files.
        reuse_or_write(
            &staging.root,
            staging.previous.as_deref(),
            MARKER,
            MARKER_TEXT.as_bytes(),
        )?;
        Ok(staging)
    }

    /// Writes one file (or links the previous build's identical copy);
    /// callable from any thread.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> Result<()> {
        if let Some((folder, _)) = rel.rsplit_once('/') {
            self.make_folder(folder)?;
        }
        reuse_or_write(&self.root, self.previous.as_deref(), rel, bytes)?;
        self.written.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }

    /// Copies the toolkit's static files, except those `rendered` says a
    /// rendered file took the path of (a rendered page wins).
    pub fn write_statics(
        &self,
        static_files: &BTreeMap<String, Asset>,
        rendered: impl Fn(&str) -> bool + Sync,
    ) -> Result<()> {
        static_files
            .par_iter()
            .filter(|(rel, _)| !rendered(rel))
            .try_for_each(|(rel, asset)| self.write(rel, &asset.read()?))
    }

    /// How many of the site's files were written or linked so far.
    pub fn files(&self) -> usize {
        self.written.load(Ordering::Relaxed)
    }

    /// Swaps the staging folder in as the output.
    pub fn finish(mut self) -> Result<()> {
        self.finished = true;
        let result = swap_in(&self.root, &self.out);
        if result.is_err() {
            let _ = fs::remove_dir_all(&self.root);
        }
        result
    }

    /// Creates `rel` and its missing parents, each once per build: asking
    /// the system for every file's folder costs a call per file, most of
    /// them for a folder that exists already.
    fn make_folder(&self, rel: &str) -> Result<()> {
        if self.folders().contains(rel) {
            return Ok(());
        }
        if let Some((parent, _)) = rel.rsplit_once('/') {
            self.make_folder(parent)?;
        }
        let dir = safe_join(&self.root, rel)?;
        match fs::create_dir(&dir) {
            Err(e) if e.kind() != std::io::ErrorKind::AlreadyExists => {
                return Err(Error::io(&dir, e));
            }
            _ => {}
        }
        self.folders().insert(rel.to_string());
        Ok(())
    }

    fn folders(&self) -> std::sync::MutexGuard<'_, HashSet<String>> {
        self.folders.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.finished {
            let _ = fs::remove_dir_all(&self.root);
        }
    }
}

/// Hard-links the previous build's copy of a file when its bytes are unchanged,
/// and writes it otherwise. Most files of a rebuild are unchanged, and a link
/// costs far less than writing (and later freeing) the same bytes again.
/// Where a link is refused (another file system, one without links), the
/// bytes are written instead: the same as copying the old file, from memory.
/// The file's folder must exist ([`Staging::make_folder`]).
fn reuse_or_write(root: &Path, previous: Option<&Path>, rel: &str, bytes: &[u8]) -> Result<()> {
    let path = safe_join(root, rel)?;
    if let Some(old) = previous.and_then(|p| safe_join(p, rel).ok()) {
        let same_size =
            fs::metadata(&old).is_ok_and(|m| m.is_file() && m.len() == bytes.len() as u64);
        if same_size
            && fs::read(&old).is_ok_and(|old_bytes| old_bytes == bytes)
            && fs::hard_link(&old, &path).is_ok()
        {
            return Ok(());
        }
    }
    fs::write(&path, bytes).map_err(|e| Error::io(&path, e))
}

/// Replaces `out` with `staging` using renames, so readers see the old or the new site.
fn swap_in(staging: &Path, out: &Path) -> Result<()> {
    if out.exists() {
        let old = out.with_file_name(format!(
            ".{}.cardstock-old-{}",
            out.file_name().unwrap_or_default().to_string_lossy(),
            std::process::id()
        ));
        fs::rename(out, &old).map_err(|e| Error::io(out, e))?;
        if let Err(e) = fs::rename(staging, out) {
            // Put the previous site back: a failed build must leave it in place.
            let _ = fs::rename(&old, out);
            return Err(Error::io(out, e));
        }
        // The new site is in place; a leftover old copy is not worth failing the build.
        let _ = fs::remove_dir_all(&old);
    } else {
        fs::rename(staging, out).map_err(|e| Error::io(out, e))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn safe_join_refuses_escapes() {
        let root = Path::new("/tmp/out");
        assert!(safe_join(root, "en/index.html").is_ok());
        assert!(safe_join(root, "../x").is_err());
        assert!(safe_join(root, "/etc/passwd").is_err());
        assert!(safe_join(root, "a/../../x").is_err());
        assert!(safe_join(root, "").is_err());
    }

    #[cfg(unix)]
    #[test]
    fn rebuild_reuses_unchanged_files_and_rewrites_changed_ones() {
        use std::os::unix::fs::MetadataExt;
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let file = |path: &str, text: &str| OutputFile {
            path: path.into(),
            bytes: text.into(),
        };
        let statics = BTreeMap::new();
        write_site(
            &out,
            &[file("a/index.html", "same"), file("b/index.html", "old")],
            &statics,
        )
        .unwrap();
        let inode = |rel: &str| fs::metadata(out.join(rel)).unwrap().ino();
        let (a_before, b_before) = (inode("a/index.html"), inode("b/index.html"));
        write_site(
            &out,
            &[file("a/index.html", "same"), file("b/index.html", "new")],
            &statics,
        )
        .unwrap();
        assert_eq!(
            inode("a/index.html"),
            a_before,
            "unchanged file is the same inode, linked"
        );
        assert_ne!(inode("b/index.html"), b_before);
        assert_eq!(fs::read_to_string(out.join("b/index.html")).unwrap(), "new");
        assert_eq!(
            fs::read_to_string(out.join("a/index.html")).unwrap(),
            "same"
        );
    }
}
