//! Watching the toolkit folder: file events from `notify`, filtered and
//! gathered into batches.
//!
//! Only what the build reads is watched: `cardstock.yaml` (through a
//! non-recursive watch of the toolkit folder) and the folders `content/`,
//! `static/`, `templates/`, `i18n/` and `themes/`, recursively. So a `public/`
//! or `target/` folder in the toolkit costs nothing. Events for editor
//! leftovers and hidden files ([`load::is_ignored`]) and read-only accesses
//! are dropped. A batch ends once no event has come for [`QUIET`], so an
//! editor's write-to-temporary-then-rename counts as one change.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

use notify::event::{AccessKind, AccessMode, MetadataKind, ModifyKind};
use notify::{EventKind, RecommendedWatcher, RecursiveMode, Watcher as _};

use crate::load;

/// How long the folder must stay quiet before a batch is rebuilt.
pub const QUIET: Duration = Duration::from_millis(50);
/// A batch is cut after this long even if events keep coming.
const LONGEST_BATCH: Duration = Duration::from_millis(1000);
/// How often a waiting loop checks whether it should stop.
const STOP_CHECK: Duration = Duration::from_millis(200);

/// The folders inside a toolkit that the build reads.
const WATCHED_FOLDERS: [&str; 7] = load::READ_FOLDERS;

/// Watches a toolkit; events go to the channel given to [`Watcher::start`].
pub struct Watcher {
    root: PathBuf,
    inner: RecommendedWatcher,
}

impl Watcher {
    /// Starts watching `root` (an absolute, canonical path); changed paths are sent to `changes`.
    pub fn start(root: &Path, changes: Sender<PathBuf>) -> notify::Result<Watcher> {
        let filter_root = root.to_path_buf();
        let inner = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
            let Ok(event) = event else { return };
            if !is_change(&event.kind) {
                return;
            }
            for path in event.paths {
                if is_relevant(&filter_root, &path) {
                    // The receiver is gone only when the server stops.
                    let _ = changes.send(path);
                }
            }
        })?;
        let mut watcher = Watcher {
            root: root.to_path_buf(),
            inner,
        };
        watcher.inner.watch(root, RecursiveMode::NonRecursive)?;
        for folder in WATCHED_FOLDERS {
            watcher.watch_folder(folder);
        }
        Ok(watcher)
    }

    /// Watches the folders among `paths` that were just created at the top of
    /// the toolkit (a new `static/`, say).
    pub fn follow_new_folders(&mut self, paths: &[PathBuf]) {
        for path in paths {
            let Ok(rel) = path.strip_prefix(&self.root) else {
                continue;
            };
            if let Some(folder) = WATCHED_FOLDERS.into_iter().find(|f| rel == Path::new(f)) {
                self.watch_folder(folder);
            }
        }
    }

    fn watch_folder(&mut self, folder: &str) {
        let path = self.root.join(folder);
        if path.is_dir() {
            // A folder that vanished meanwhile is watched when it comes back.
            let _ = self.inner.watch(&path, RecursiveMode::Recursive);
        }
    }
}

/// Whether an event may mean changed content (not a read, open or access time).
fn is_change(kind: &EventKind) -> bool {
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) => false,
        EventKind::Modify(ModifyKind::Metadata(MetadataKind::AccessTime)) => false,
        _ => true,
    }
}

/// Whether a path is something the build reads: not hidden, not an editor's leftover.
fn is_relevant(root: &Path, path: &Path) -> bool {
    let Ok(rel) = path.strip_prefix(root) else {
        return false;
    };
    !rel.components()
        .any(|c| load::is_ignored(&c.as_os_str().to_string_lossy()))
}

/// Waits for changes and returns them once the folder has been quiet for
/// `quiet`. `None` when `stop` is set or the watcher is gone.
pub fn next_batch(
    changes: &Receiver<PathBuf>,
    quiet: Duration,
    stop: &AtomicBool,
) -> Option<Vec<PathBuf>> {
    let first = loop {
        if stop.load(Ordering::SeqCst) {
            return None;
        }
        match changes.recv_timeout(STOP_CHECK) {
            Ok(path) => break path,
            Err(RecvTimeoutError::Timeout) => continue,
            Err(RecvTimeoutError::Disconnected) => return None,
        }
    };
    let started = Instant::now();
    let mut paths = BTreeSet::from([first]);
    while started.elapsed() < LONGEST_BATCH {
        match changes.recv_timeout(quiet) {
            Ok(path) => {
                paths.insert(path);
            }
            Err(_) => break,
        }
    }
    Some(paths.into_iter().collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc;

    #[test]
    fn editor_leftovers_are_not_relevant() {
        let root = Path::new("/t");
        assert!(is_relevant(root, Path::new("/t/content/en/a.md")));
        assert!(!is_relevant(root, Path::new("/t/content/en/.a.md.swp")));
        assert!(!is_relevant(root, Path::new("/t/content/en/a.md~")));
        assert!(!is_relevant(root, Path::new("/t/.git/index")));
        assert!(!is_relevant(root, Path::new("/elsewhere/a.md")));
    }

    #[test]
    fn reads_are_not_changes() {
        assert!(!is_change(&EventKind::Access(AccessKind::Open(
            AccessMode::Any
        ))));
        assert!(is_change(&EventKind::Access(AccessKind::Close(
            AccessMode::Write
        ))));
        assert!(is_change(&EventKind::Modify(ModifyKind::Any)));
    }

    #[test]
    fn a_burst_of_events_is_one_batch() {
        let (tx, rx) = mpsc::channel();
        for name in ["a.md", "a.md", "b.md"] {
            tx.send(PathBuf::from(name)).unwrap();
        }
        let stop = AtomicBool::new(false);
        let batch = next_batch(&rx, Duration::from_millis(10), &stop).unwrap();
        assert_eq!(batch, vec![PathBuf::from("a.md"), PathBuf::from("b.md")]);
        drop(tx);
        assert_eq!(next_batch(&rx, Duration::from_millis(10), &stop), None);
    }
}
