//! What the render and search stages hand to the write stage (and `serve`):
//! files of the built site, not yet on disk.

/// One file of the built site; `path` is relative to the output root, `/`-separated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    pub path: String,
    pub bytes: Vec<u8>,
}
