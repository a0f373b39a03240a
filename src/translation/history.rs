//! Finding the version of a source a translation was reviewed against, in
//! the toolkit's git history: the text is not stored anywhere else, but its
//! fingerprint is (`source_hash.whole`), so each committed version of the
//! source file is fingerprinted until one matches.

use std::path::Path;
use std::process::Command;

use super::fingerprint::Fingerprint;
use super::hash::long_hex;
use crate::content::{self, Source};
use crate::i18n::UiStrings;
use crate::load::SourceFile;

/// A committed version of a source.
pub struct Found {
    /// The commit's hash, abbreviated.
    pub commit: String,
    pub source: Source,
}

/// Why no version was found, in words for the translator.
pub type NotFound = String;

/// The committed version of `current`'s file whose fingerprint is
/// `recorded_whole`, newest first.
pub fn find(
    root: &Path,
    current: &Source,
    recorded_whole: &str,
    ui: &UiStrings,
) -> Result<Found, NotFound> {
    let log = git(root, &["log", "--format=%H", "--", &current.file])?;
    let commits: Vec<&str> = log.lines().filter(|l| !l.is_empty()).collect();
    if commits.is_empty() {
        return Err(format!(
            "{} has no history in git (is it committed?)",
            current.file
        ));
    }
    for commit in &commits {
        let Ok(text) = git(root, &["show", &format!("{commit}:./{}", current.file)]) else {
            continue;
        };
        let file = SourceFile {
            lang: current.lang.clone(),
            rel: current.rel.clone(),
            file: current.file.clone(),
            text,
        };
        let Ok(source) = content::parse_source(&file) else {
            continue;
        };
        if long_hex(Fingerprint::of(&source, ui).whole) == recorded_whole {
            return Ok(Found {
                commit: commit.chars().take(10).collect(),
                source,
            });
        }
    }
    Err(format!(
        "none of the {} committed versions of {} matches the recorded source_hash {recorded_whole}",
        commits.len(),
        current.file
    ))
}

/// Runs git in the toolkit folder; its output, or why it failed.
fn git(root: &Path, args: &[&str]) -> Result<String, NotFound> {
    let output = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(args)
        .output()
        .map_err(|e| format!("git could not be run ({e}), so the history cannot be searched"))?;
    if !output.status.success() {
        let err = String::from_utf8_lossy(&output.stderr);
        let first = err.lines().next().unwrap_or("git failed").to_string();
        return Err(if first.contains("not a git repository") {
            "the toolkit is not in a git repository, so earlier versions of its sources are not kept".to_string()
        } else {
            format!("git: {first}")
        });
    }
    String::from_utf8(output.stdout).map_err(|_| "git printed text that is not UTF-8".to_string())
}
