//! What the render, PDF and search stages hand to the write stage (and `serve`):
//! files of the built site, not yet on disk, and the sinks they are put into
//! as they are made.

use std::sync::Mutex;

use crate::error::Result;

/// One file of the built site; `path` is relative to the output root, `/`-separated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

/// Takes the site's files one at a time, from any thread, as the stages
/// make them. `build` streams them into the output's staging folder, so the
/// whole rendered site is never held in memory; `check`, `serve` and the
/// tests collect them ([`Collected`]).
pub trait FileSink: Sync {
    fn put(&self, file: OutputFile) -> Result<()>;
}

impl<F> FileSink for F
where
    F: Fn(OutputFile) -> Result<()> + Sync,
{
    fn put(&self, file: OutputFile) -> Result<()> {
        self(file)
    }
}

/// A sink that keeps every file in memory.
#[derive(Default)]
pub struct Collected(Mutex<Vec<OutputFile>>);

impl FileSink for Collected {
    fn put(&self, file: OutputFile) -> Result<()> {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).push(file);
        Ok(())
    }
}

impl Collected {
    /// The files, ordered by path: the order they arrived in depends on
    /// which thread finished first.
    pub fn into_files(self) -> Vec<OutputFile> {
        let mut files = self.0.into_inner().unwrap_or_else(|e| e.into_inner());
        files.sort_unstable_by(|a, b| a.path.cmp(&b.path));
        files
    }
}
