//! The one gate through which the build reads the toolkit folder.
//!
//! Toolkits are written by many hands, so a file in one must not be able to
//! make the build read something else on the machine. The policy:
//! - a symlink is followed only when its target (resolved with
//!   `canonicalize`) is a regular file or a folder inside the toolkit folder;
//!   a link leaving the toolkit, a dangling link, and anything that is neither
//!   a file nor a folder (a FIFO, a socket, a device) is an error naming the
//!   link and its target;
//! - each real folder is walked once (by canonical path), so a link back to a
//!   folder being walked is an error naming the link instead of an endless walk;
//! - names must be UTF-8 and text files valid UTF-8 without NUL characters;
//!   every message names the file relative to the toolkit, with a fix.
//!
//! Names that Windows reserves (`con`, `aux`, `nul`…) are warnings: toolkits
//! are edited on Windows too, where such a file cannot be checked out.

use std::collections::{HashMap, VecDeque};
use std::fs;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};

use crate::error::{Diagnostic, Error, Result};

/// The files found below a folder, and the warnings about their names.
#[derive(Debug, Default)]
pub struct Folder {
    /// (`/`-separated path inside the folder, the path to read), sorted.
    /// For a file reached through a link, the path to read is the link's
    /// resolved target, checked to lie inside the toolkit.
    pub files: Vec<(String, PathBuf)>,
    pub warnings: Vec<Diagnostic>,
}

/// Lists every file below `dir` (a folder inside the toolkit `root`),
/// following links by the policy above. Hidden files and editor leftovers are
/// skipped; a missing folder is empty. All problems found are returned together.
pub fn walk_folder(root: &Path, dir: &Path) -> Result<Folder> {
    let real_root = canonical_root(root)?;
    let Some(real_dir) = resolve_inside(root, &real_root, dir)? else {
        return Ok(Folder::default());
    };
    if !fs::metadata(&real_dir).is_ok_and(|m| m.is_dir()) {
        return Ok(Folder::default());
    }
    let mut walk = Walk {
        real_root,
        visited: HashMap::new(),
        folder_links: VecDeque::new(),
        folder: Folder::default(),
        problems: Vec::new(),
    };
    walk.run(real_dir, display_path(root, dir));
    if !walk.problems.is_empty() {
        return Err(Error::Invalid(walk.problems));
    }
    walk.folder.files.sort();
    Ok(walk.folder)
}

/// The toolkit folder with every link in its path resolved.
pub fn canonical_root(root: &Path) -> Result<PathBuf> {
    fs::canonicalize(root).map_err(|e| Error::io(root, e))
}

/// Checks `path` (inside `root`) component by component: every link on the
/// way must lead inside the toolkit. Returns the resolved path, or `None`
/// when the path does not exist.
pub fn resolve_inside(root: &Path, real_root: &Path, path: &Path) -> Result<Option<PathBuf>> {
    let rel = path.strip_prefix(root).unwrap_or(path);
    let mut prefix = root.to_path_buf();
    for component in rel.components() {
        prefix.push(component);
        let meta = match fs::symlink_metadata(&prefix) {
            Ok(meta) => meta,
            Err(e) if e.kind() == ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(unreadable(&display_path(root, &prefix), &e).into()),
        };
        if meta.file_type().is_symlink() {
            let link = display_path(root, &prefix);
            match fs::canonicalize(&prefix) {
                Ok(target) if target.starts_with(real_root) => {}
                Ok(target) => return Err(link_outside(&link, &prefix, &target).into()),
                Err(e) => return Err(link_broken(&link, &prefix, &e).into()),
            }
        }
    }
    match fs::canonicalize(path) {
        Ok(real) => Ok(Some(real)),
        Err(e) if e.kind() == ErrorKind::NotFound => Ok(None),
        Err(e) => Err(unreadable(&display_path(root, path), &e).into()),
    }
}

/// Reads a file the walk found (or [`resolve_inside`] resolved) as text.
/// `file` names it in messages, relative to the toolkit.
pub fn read_text(path: &Path, file: &str) -> Result<String, Diagnostic> {
    let bytes = read_regular_file(path, file)?;
    let text = String::from_utf8(bytes).map_err(|e| not_utf8(file, e))?;
    if let Some(at) = text.find('\0') {
        let (line, column) = line_and_column(&text, at);
        return Err(Diagnostic::new(file, "this file contains a NUL character")
            .at(line, column)
            .help(
                "remove it; a file full of them was probably saved as UTF-16: save it as UTF-8",
            ));
    }
    Ok(text)
}

/// Reads a file's bytes, refusing anything that is not a regular file (a FIFO
/// swapped in since the walk would otherwise block the build).
pub fn read_regular_file(path: &Path, file: &str) -> Result<Vec<u8>, Diagnostic> {
    match fs::metadata(path) {
        Ok(meta) if !meta.is_file() => return Err(not_regular(file, None)),
        Ok(_) => {}
        Err(e) => return Err(unreadable(file, &e)),
    }
    fs::read(path).map_err(|e| unreadable(file, &e))
}

/// The base name without extensions, lowercased, is one Windows reserves for a
/// device (`con`, `aux.md`, `LPT1.txt`): such a file cannot exist there.
pub fn is_windows_reserved(name: &str) -> bool {
    let stem = name.split('.').next().unwrap_or(name).trim_end();
    let stem = stem.to_ascii_lowercase();
    matches!(stem.as_str(), "con" | "prn" | "aux" | "nul")
        || ((stem.starts_with("com") || stem.starts_with("lpt"))
            && stem.len() == 4
            && stem.as_bytes()[3].is_ascii_digit()
            && stem.as_bytes()[3] != b'0')
}

/// The warning for a path segment Windows reserves.
pub fn windows_reserved_warning(file: &str, name: &str) -> Diagnostic {
    Diagnostic::new(
        file,
        format!("`{name}` is a reserved name on Windows: the file cannot be created or checked out there"),
    )
    .help("rename it, e.g. by adding a word (`aux` → `aux-tools`); CON, PRN, AUX, NUL, COM1–COM9 and LPT1–LPT9 are reserved with any extension")
}

struct Walk {
    real_root: PathBuf,
    /// Canonical folder → the toolkit path it was first read as.
    visited: HashMap<PathBuf, String>,
    /// Links to folders, followed once every real folder has been walked, so
    /// that a folder is read at its own place and a second way to it is the link.
    folder_links: VecDeque<FolderLink>,
    folder: Folder,
    problems: Vec<Diagnostic>,
}

/// A link to a folder found by the walk, waiting to be followed.
struct FolderLink {
    shown: String,
    rel: String,
    target: PathBuf,
    /// The canonical folders that contain the link, to tell a loop from a second way in.
    ancestors: Vec<PathBuf>,
}

impl Walk {
    /// Walks the folder at `real` (a canonical path), shown as `display`,
    /// adding its files under `prefix`, then follows the links to folders.
    fn run(&mut self, real: PathBuf, display: String) {
        self.visited.insert(real.clone(), display.clone());
        self.folder_entries(&real, &display, "", &mut vec![real.clone()]);
        while let Some(link) = self.folder_links.pop_front() {
            self.enter_link(link);
        }
    }

    /// Walks the folder at `real`, shown as `display`, adding its files under
    /// `prefix`. `ancestors` are the canonical folders being walked.
    fn folder_entries(
        &mut self,
        real: &Path,
        display: &str,
        prefix: &str,
        ancestors: &mut Vec<PathBuf>,
    ) {
        let entries = match fs::read_dir(real) {
            Ok(entries) => entries,
            Err(e) => return self.problems.push(unreadable(display, &e)),
        };
        let mut entries: Vec<fs::DirEntry> = match entries.collect() {
            Ok(entries) => entries,
            Err(e) => return self.problems.push(unreadable(display, &e)),
        };
        entries.sort_by_key(|e| e.file_name());
        for entry in entries {
            let os_name = entry.file_name();
            let lossy = os_name.to_string_lossy();
            if super::is_ignored(&lossy) {
                continue;
            }
            let shown = format!("{display}/{lossy}");
            let Some(name) = os_name.to_str() else {
                self.problems.push(
                    Diagnostic::new(&shown, "this file name is not valid UTF-8 (shown with � for the bytes that are not)")
                        .help("rename it using UTF-8 characters only; names from old Windows or Mac archives often need this"),
                );
                continue;
            };
            if is_windows_reserved(name) {
                self.folder
                    .warnings
                    .push(windows_reserved_warning(&shown, name));
            }
            let rel = if prefix.is_empty() {
                name.to_string()
            } else {
                format!("{prefix}/{name}")
            };
            let entry_path = entry.path();
            let file_type = match entry.file_type() {
                Ok(t) => t,
                Err(e) => {
                    self.problems.push(unreadable(&shown, &e));
                    continue;
                }
            };
            if file_type.is_symlink() {
                self.follow_link(entry_path, shown, rel, ancestors);
            } else if file_type.is_dir() {
                let real_child = real.join(name);
                if self.visited.contains_key(&real_child) {
                    // Only a bind mount or a rename during the walk gets here.
                    continue;
                }
                self.visited.insert(real_child.clone(), shown.clone());
                ancestors.push(real_child.clone());
                self.folder_entries(&real_child, &shown, &rel, ancestors);
                ancestors.pop();
            } else if file_type.is_file() {
                self.folder.files.push((rel, entry_path));
            } else {
                self.problems.push(not_regular(&shown, None));
            }
        }
    }

    /// A link to a file is checked and listed now; one to a folder is queued.
    fn follow_link(
        &mut self,
        link_path: PathBuf,
        shown: String,
        rel: String,
        ancestors: &[PathBuf],
    ) {
        let target = match fs::canonicalize(&link_path) {
            Ok(target) => target,
            Err(e) => return self.problems.push(link_broken(&shown, &link_path, &e)),
        };
        if !target.starts_with(&self.real_root) {
            return self
                .problems
                .push(link_outside(&shown, &link_path, &target));
        }
        match fs::metadata(&target) {
            Ok(meta) if meta.is_dir() => self.folder_links.push_back(FolderLink {
                shown,
                rel,
                target,
                ancestors: ancestors.to_vec(),
            }),
            Ok(meta) if meta.is_file() => self.folder.files.push((rel, target)),
            Ok(_) => {
                let inside = display_inside(&self.real_root, &target);
                self.problems.push(not_regular(&shown, Some(&inside)));
            }
            Err(e) => self.problems.push(link_broken(&shown, &link_path, &e)),
        }
    }

    /// Walks a linked folder unless its real folder was read already.
    fn enter_link(&mut self, link: FolderLink) {
        let FolderLink {
            shown,
            rel,
            target,
            mut ancestors,
        } = link;
        let inside = display_inside(&self.real_root, &target);
        if let Some(first) = self.visited.get(&target) {
            let d = if ancestors.contains(&target) {
                Diagnostic::new(
                    &shown,
                    format!("this link to `{inside}` makes a loop: it leads back to a folder that contains it"),
                )
                .help("remove the link; a folder cannot contain itself")
            } else {
                let read_as = if *first == inside {
                    String::new()
                } else {
                    format!(" (as `{first}`)")
                };
                Diagnostic::new(
                    &shown,
                    format!("this link leads to `{inside}`, a folder read already{read_as}"),
                )
                .help("remove the link, or move the files so that each is in one place; each file is published once")
            };
            return self.problems.push(d);
        }
        self.visited.insert(target.clone(), shown.clone());
        ancestors.push(target.clone());
        self.folder_entries(&target, &shown, &rel, &mut ancestors);
    }
}

fn link_outside(link: &str, link_path: &Path, target: &Path) -> Diagnostic {
    Diagnostic::new(
        link,
        format!(
            "this link leads outside the toolkit folder, to {}",
            written_target(link_path, Some(target))
        ),
    )
    .help("copy the file into the toolkit instead of linking to it; Cardstock reads nothing outside the toolkit folder")
}

fn link_broken(link: &str, link_path: &Path, error: &std::io::Error) -> Diagnostic {
    let target = written_target(link_path, None);
    let message = if error.kind() == ErrorKind::NotFound {
        format!("this link leads to {target}, which does not exist")
    } else {
        format!(
            "this link to {target} cannot be followed: {}",
            io_reason(error)
        )
    };
    Diagnostic::new(link, message).help("fix the link's target or remove the link")
}

fn not_regular(file: &str, link_target: Option<&str>) -> Diagnostic {
    let message = match link_target {
        Some(target) => {
            format!("this link leads to `{target}`, which is neither a regular file nor a folder")
        }
        None => "this is neither a regular file nor a folder (a pipe, socket or device)".into(),
    };
    Diagnostic::new(file, message).help("remove it; a toolkit holds only files and folders")
}

fn unreadable(file: &str, error: &std::io::Error) -> Diagnostic {
    let help = if error.kind() == ErrorKind::PermissionDenied {
        "let the user running cardstock read it, e.g. `chmod a+r` on the file (`a+rx` on a folder)"
    } else {
        "check that the file exists and can be opened"
    };
    Diagnostic::new(file, format!("cannot read this: {}", io_reason(error))).help(help)
}

/// The error without Rust's ` (os error 13)` suffix.
fn io_reason(error: &std::io::Error) -> String {
    let text = error.to_string();
    match text.find(" (os error") {
        Some(i) => text[..i].to_string(),
        None => text,
    }
}

fn not_utf8(file: &str, error: std::string::FromUtf8Error) -> Diagnostic {
    let valid_up_to = error.utf8_error().valid_up_to();
    let bytes = error.as_bytes();
    // Everything before the bad byte is valid UTF-8, so lines and columns count.
    let before = std::str::from_utf8(&bytes[..valid_up_to]).unwrap_or("");
    let (line, column) = line_and_column(before, before.len());
    Diagnostic::new(
        file,
        format!(
            "this file is not valid UTF-8 (byte 0x{:02X})",
            bytes[valid_up_to]
        ),
    )
    .at(line, column)
    .help("save it with the UTF-8 encoding (in most editors: Save As, then Encoding: UTF-8)")
}

/// 1-based line and column (in characters) of byte offset `at` in `text`.
fn line_and_column(text: &str, at: usize) -> (usize, usize) {
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

/// The link's target as written, quoted (`` `/proc/self/environ` ``), and for
/// a relative target where it resolves to, when known.
fn written_target(link_path: &Path, resolved: Option<&Path>) -> String {
    let written = fs::read_link(link_path).unwrap_or_default();
    match resolved {
        Some(r) if written.is_relative() => {
            format!("`{}` (`{}`)", written.display(), r.display())
        }
        _ => format!("`{}`", written.display()),
    }
}

fn display_inside(real_root: &Path, target: &Path) -> String {
    let rel = display_path(real_root, target);
    if rel.is_empty() { ".".into() } else { rel }
}

/// `path` relative to `root`, `/`-separated, for messages.
pub fn display_path(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_reserved_names() {
        for name in [
            "con",
            "CON",
            "aux.md",
            "nul.tar.gz",
            "com1",
            "LPT9.txt",
            "prn ",
        ] {
            assert!(is_windows_reserved(name), "{name}");
        }
        for name in [
            "console.md",
            "com0",
            "com10",
            "auxiliary",
            "lpt",
            "icon.png",
        ] {
            assert!(!is_windows_reserved(name), "{name}");
        }
    }

    #[test]
    fn an_unreadable_file_gets_the_reason_and_a_fix() {
        // The integration test cannot take read permission away when run as root.
        let d = unreadable("content/en/a.md", &std::io::Error::from_raw_os_error(13));
        assert_eq!(
            d.to_string(),
            "content/en/a.md: cannot read this: Permission denied\n  help: let the user running cardstock read it, e.g. `chmod a+r` on the file (`a+rx` on a folder)"
        );
    }

    #[test]
    fn lines_and_columns_count_characters() {
        assert_eq!(line_and_column("ab\ncé\0", 6), (2, 3));
        assert_eq!(line_and_column("\0", 0), (1, 1));
    }
}
