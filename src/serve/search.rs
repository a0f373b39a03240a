//! The preview's search index, kept apart from the rebuild: an edited page
//! reloads without waiting for the index, which is read only when someone
//! searches.
//!
//! [`SearchFiles`] holds the indexed pages ([`IndexCache`]) and the index
//! files of the last refresh. The first build refreshes it in place; after
//! that an [`Indexer`] thread owns it and refreshes it from the newest model
//! it has been sent, once the rebuilds pause, skipping any that a newer one
//! replaced.

use std::sync::Arc;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::thread::JoinHandle;
use std::time::Duration;

use super::outputs::{Delta, Outputs, Owner};
use crate::model::Site;
use crate::search::IndexCache;

/// The search index files of a site and what it takes to refresh them.
#[derive(Default)]
pub struct SearchFiles {
    cache: IndexCache,
    outputs: Outputs,
}

impl SearchFiles {
    /// Indexes the pages that changed since the last refresh and returns
    /// the index files that changed.
    pub fn refresh(&mut self, site: &Site) -> Delta {
        let files = self.cache.build_index(site);
        let mut delta = Delta::default();
        self.outputs.set(Owner::Search, files, &mut delta);
        delta
    }

    /// Forgets the indexed pages (after the UI strings or settings changed,
    /// which records read besides a page's own text).
    pub fn forget_pages(&mut self) {
        self.cache = IndexCache::default();
    }

    pub fn files(&self) -> impl Iterator<Item = (&str, &Arc<[u8]>)> {
        self.outputs.iter()
    }
}

/// What the indexer thread is told.
enum Job {
    /// Index this model (a snapshot of the last good build).
    Index(Arc<Site>),
    /// Index the next model from scratch.
    ForgetPages,
}

/// A thread that keeps the served search index up to date.
pub struct Indexer {
    jobs: Sender<Job>,
    thread: JoinHandle<()>,
}

impl Indexer {
    /// Starts the thread; it hands the changed index files to `publish`.
    pub fn start(mut search: SearchFiles, publish: impl Fn(&Delta) + Send + 'static) -> Indexer {
        let (jobs, inbox) = mpsc::channel();
        let thread = std::thread::spawn(move || {
            // One thread of its own, so a refresh never takes every core from
            // the rebuild of the author's next save.
            let pool = rayon::ThreadPoolBuilder::new().num_threads(1).build().ok();
            while let Some(site) = newest_site(&inbox, &mut search) {
                let delta = match &pool {
                    Some(pool) => pool.install(|| search.refresh(&site)),
                    None => search.refresh(&site),
                };
                if !delta.is_empty() {
                    publish(&delta);
                }
            }
        });
        Indexer { jobs, thread }
    }

    /// Asks for the index of `site`; returns at once.
    pub fn index(&self, site: Arc<Site>) {
        // A send fails only when the thread has ended, with the server.
        let _ = self.jobs.send(Job::Index(site));
    }

    /// Makes the next refresh index every page again.
    pub fn forget_pages(&self) {
        let _ = self.jobs.send(Job::ForgetPages);
    }

    /// Stops the thread once it has finished its current refresh.
    pub fn stop(self) {
        drop(self.jobs);
        let _ = self.thread.join();
    }
}

/// How long the rebuilds must pause before the index is refreshed: while an
/// author saves again and again, refreshing after each save would only take
/// a core from the rebuild of the next one.
const QUIET: Duration = Duration::from_millis(500);

/// Waits for a model to index and returns the newest one, once no newer one
/// has come for [`QUIET`], applying the other jobs on the way; `None` when
/// the server is stopping.
fn newest_site(inbox: &Receiver<Job>, search: &mut SearchFiles) -> Option<Arc<Site>> {
    let mut newest = None;
    let mut job = inbox.recv().ok()?;
    loop {
        match job {
            Job::Index(site) => newest = Some(site),
            Job::ForgetPages => search.forget_pages(),
        }
        match inbox.recv_timeout(QUIET) {
            Ok(next) => job = next,
            Err(RecvTimeoutError::Timeout) if newest.is_some() => return newest,
            Err(RecvTimeoutError::Timeout) => job = inbox.recv().ok()?,
            Err(RecvTimeoutError::Disconnected) => return None,
        }
    }
}
