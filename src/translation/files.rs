//! The two commands that write translation files: `start` creates one from
//! its source, `mark` records in one which version of its source it matches.
//!
//! Both edit front matter as text, line by line, never by parsing and
//! re-serializing the YAML, so a translator's comments, quoting and key order
//! survive.

use std::collections::BTreeMap;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use pulldown_cmark::HeadingLevel;

use super::fingerprint::{Fingerprint, section_id};
use super::hash::{long_hex, short_hex};
use crate::content::card_schema::{CARD_SECTIONS, WHO_SUBSECTIONS};
use crate::content::{self, Kind, Source, split_front_matter};
use crate::error::{Diagnostic, Error, Result};
use crate::i18n::UiStrings;
use crate::load::{self, CONTENT_DIR, SourceFile, Toolkit};
use crate::markdown::source_sections;

/// Keys that belong to the source page, not to its text: `start` leaves them
/// out of a new translation.
const SOURCE_ONLY_KEYS: [&str; 6] = [
    "slug",
    "menu",
    "weight",
    "updated",
    "source_hash",
    "translation",
];

/// The line `start` writes into a new translation, removed by `mark` and `import`.
pub const STARTED_MARK: &str = "translation: started   # still the source's text: remove by `cardstock translations mark` once translated";

/// A toolkit loaded for the translation commands: settings, UI strings, files.
pub struct Workspace {
    pub toolkit: Toolkit,
    pub ui: UiStrings,
}

impl Workspace {
    pub fn open(root: &Path) -> Result<Workspace> {
        let toolkit = load::load(root)?;
        let languages = toolkit.settings.language_codes();
        let ui = UiStrings::load(&toolkit.theme, &languages)?;
        Ok(Workspace { toolkit, ui })
    }

    pub(super) fn default_language(&self) -> &str {
        &self.toolkit.settings.default_language
    }

    /// The name of a language of the toolkit, as its settings give it.
    pub(super) fn language_name(&self, lang: &str) -> String {
        self.toolkit
            .settings
            .language(lang)
            .map(|l| l.name.clone())
            .unwrap_or_else(|| lang.to_string())
    }

    pub(super) fn file(&self, lang: &str, rel: &str) -> Option<&SourceFile> {
        self.toolkit
            .sources
            .iter()
            .find(|s| s.lang == lang && s.rel == rel)
    }

    /// Checks that `lang` is a configured language other than the default.
    pub fn check_translation_language(&self, lang: &str) -> Result<()> {
        let settings = &self.toolkit.settings;
        let known: Vec<&str> = settings
            .languages
            .iter()
            .map(|l| l.code.as_str())
            .filter(|c| *c != settings.default_language)
            .collect();
        if settings.language(lang).is_some() && lang != settings.default_language {
            return Ok(());
        }
        let message = if lang == settings.default_language {
            format!("`{lang}` is the default language: its pages are the sources, not translations")
        } else {
            format!("`{lang}` is not a language of this toolkit")
        };
        let help = if known.is_empty() {
            format!(
                "add the language to `languages` in {}",
                crate::config::SETTINGS_FILE
            )
        } else {
            format!("use one of: {}", known.join(", "))
        };
        Err(Diagnostic::new(crate::config::SETTINGS_FILE, message)
            .help(help)
            .into())
    }

    /// The source path (`strategies/x.md`) a command-line argument names. It
    /// may be that path, the path with or without `.md`, or the path of a file
    /// under `content/<lang>/`, from the toolkit folder or the current folder.
    pub fn source_path(&self, arg: &str) -> Result<String> {
        let arg = arg.replace('\\', "/");
        let mut candidates = vec![arg.clone()];
        let root = fs::canonicalize(&self.toolkit.root).ok();
        if let (Some(root), Ok(full)) = (&root, fs::canonicalize(&arg))
            && let Ok(inside) = full.strip_prefix(root.join(CONTENT_DIR))
        {
            candidates.insert(0, inside.to_string_lossy().replace('\\', "/"));
        }
        let mut expanded = Vec::new();
        for candidate in candidates {
            let candidate = candidate.trim_start_matches("./").to_string();
            if let Some(rest) = candidate.strip_prefix(&format!("{CONTENT_DIR}/")) {
                expanded.push(
                    rest.split_once('/')
                        .map(|(_, r)| r.to_string())
                        .unwrap_or_default(),
                );
            }
            if let Some((first, rest)) = candidate.split_once('/')
                && self.toolkit.settings.language(first).is_some()
            {
                expanded.push(rest.to_string());
            }
            expanded.push(candidate.clone());
            let bare = candidate.trim_end_matches('/');
            expanded.push(format!("{bare}.md"));
            expanded.push(format!("{bare}/index.md"));
        }
        let default = self.default_language();
        expanded
            .iter()
            .find(|rel| self.file(default, rel).is_some())
            .cloned()
            .ok_or_else(|| {
                Diagnostic::new(
                    format!("{CONTENT_DIR}/{default}/{arg}"),
                    format!("no source page `{arg}` in the default language"),
                )
                .help(format!(
                    "name the page by its path inside {CONTENT_DIR}/{default}/, e.g. strategies/external-facilitation.md"
                ))
                .into()
            })
    }

    pub(super) fn parsed(&self, file: &SourceFile) -> Result<Source> {
        content::parse_source(file).map_err(Error::Invalid)
    }

    /// The fingerprint of the default-language source of `rel`.
    pub(super) fn fingerprint(&self, rel: &str) -> Result<(Source, Fingerprint)> {
        let file = self
            .file(self.default_language(), rel)
            .ok_or_else(|| Diagnostic::new(rel, "no such source"))?;
        let source = self.parsed(file)?;
        let fingerprint = Fingerprint::of(&source, &self.ui);
        Ok((source, fingerprint))
    }

    /// Records that the translation of `rel` into `lang` matches the source's
    /// current text. Returns the file written.
    pub fn mark(&self, lang: &str, rel: &str) -> Result<String> {
        self.check_translation_language(lang)?;
        let Some(translation) = self.file(lang, rel) else {
            return Err(Diagnostic::new(
                format!("{CONTENT_DIR}/{lang}/{rel}"),
                "there is no translation to mark",
            )
            .help(format!(
                "start one with: cardstock translations start {lang} {rel}"
            ))
            .into());
        };
        let (_, fingerprint) = self.fingerprint(rel)?;
        let text = set_source_hash(&translation.text, &translation.file, &fingerprint)?;
        let path = self.toolkit.root.join(&translation.file);
        write_replacing(&path, &text)?;
        Ok(translation.file.clone())
    }

    /// Creates the translation of `rel` into `lang` from its source; refuses
    /// to replace an existing file. Returns the file created.
    pub fn start(&self, lang: &str, rel: &str) -> Result<String> {
        self.check_translation_language(lang)?;
        let (source, _) = self.fingerprint(rel)?;
        let file = format!("{CONTENT_DIR}/{lang}/{rel}");
        let path = self.toolkit.root.join(&file);
        let language_name = self.language_name(lang);
        let original = self
            .file(self.default_language(), rel)
            .map(|f| f.text.as_str())
            .unwrap_or_default();
        let text = new_translation(original, &source, &self.ui, &language_name)?;
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
        }
        let mut out = fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
            .map_err(|e| {
                if e.kind() == std::io::ErrorKind::AlreadyExists {
                    Error::from(
                        Diagnostic::new(&file, "this translation already exists; it was left as it is")
                            .help("edit it, see what changed with `cardstock translations`, or delete it first to start over"),
                    )
                } else {
                    Error::io(&path, e)
                }
            })?;
        out.write_all(text.as_bytes())
            .map_err(|e| Error::io(&path, e))?;
        Ok(file)
    }

    /// Every translation into `lang` that is outdated or not yet reviewed.
    pub fn needing_review(&self, lang: &str) -> Result<Vec<String>> {
        self.check_translation_language(lang)?;
        let sources = content::parse_all(&self.toolkit.sources)?;
        let report = super::Report::assess(&self.toolkit.settings, &self.ui, &sources);
        Ok(report
            .languages
            .iter()
            .filter(|l| l.code == lang)
            .flat_map(|l| l.outdated.iter().chain(&l.unreviewed))
            .map(|t| t.path.clone())
            .collect())
    }
}

/// The `source_hash:` block for a fingerprint, lines ending in `newline`.
pub fn source_hash_block(fingerprint: &Fingerprint, newline: &str) -> String {
    let parts = fingerprint
        .parts
        .iter()
        .map(|(name, hash)| (name.clone(), short_hex(*hash)))
        .collect();
    hash_block(&long_hex(fingerprint.whole), &parts, newline)
}

/// The `source_hash:` block with these hashes, already written as hex.
pub fn hash_block(whole: &str, parts: &BTreeMap<String, String>, newline: &str) -> String {
    let mut block = format!("source_hash:{newline}  whole: {whole}{newline}");
    if !parts.is_empty() {
        block.push_str(&format!("  parts:{newline}"));
        for (name, hash) in parts {
            block.push_str(&format!("    {name}: {hash}{newline}"));
        }
    }
    block
}

pub(super) fn newline_of(text: &str) -> &'static str {
    if text.contains("\r\n") { "\r\n" } else { "\n" }
}

/// Where the front matter's YAML lies in `text`, as a byte range.
pub(super) fn yaml_range(text: &str, file: &str) -> Result<std::ops::Range<usize>, Diagnostic> {
    let split = split_front_matter(text, file)?;
    // `split.yaml` borrows from `text`, so their addresses give its offset.
    let start = split.yaml.as_ptr() as usize - text.as_ptr() as usize;
    Ok(start..start + split.yaml.len())
}

/// Removes top-level keys from YAML text, each with the lines under it.
/// Returns the text and the line index where the first removed key was.
fn remove_keys(yaml: &str, keys: &[&str]) -> (String, Option<usize>) {
    let mut kept = String::with_capacity(yaml.len());
    let mut removed_at = None;
    let mut removing = false;
    for line in yaml.split_inclusive('\n') {
        let continues =
            line.starts_with([' ', '\t']) || (line.starts_with('-') && !line.starts_with("---"));
        if removing && continues {
            continue;
        }
        removing = keys.iter().any(|key| {
            line.strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with(':'))
        });
        if removing {
            removed_at.get_or_insert(kept.split_inclusive('\n').count());
        } else {
            kept.push_str(line);
        }
    }
    (kept, removed_at)
}

/// `text` with its front matter's `source_hash` set to `fingerprint`; the
/// rest of the file is kept byte for byte.
pub fn set_source_hash(text: &str, file: &str, fingerprint: &Fingerprint) -> Result<String> {
    replace_source_hash(
        text,
        file,
        &source_hash_block(fingerprint, newline_of(text)),
    )
}

/// `text` with its `source_hash` block (and any `translation: started`)
/// replaced by `block`, where the old one was or at the end.
pub fn replace_source_hash(text: &str, file: &str, block: &str) -> Result<String> {
    let range = yaml_range(text, file)?;
    let newline = newline_of(text);
    // Once reviewed, a started translation is no longer the source's copy.
    let (mut yaml, at) = remove_keys(&text[range.clone()], &["source_hash", "translation"]);
    if !yaml.is_empty() && !yaml.ends_with('\n') {
        yaml.push_str(newline);
    }
    let yaml = match at {
        Some(line) => {
            let offset: usize = yaml.split_inclusive('\n').take(line).map(str::len).sum();
            format!("{}{block}{}", &yaml[..offset], &yaml[offset..])
        }
        None => format!("{yaml}{block}"),
    };
    Ok(format!(
        "{}{yaml}{}",
        &text[..range.start],
        &text[range.end..]
    ))
}

/// The text of a new translation: the source's front matter without the keys
/// that belong to the source page, a `source_hash`, and the source's body.
/// On a strategy card every section heading gets its id (`## What {#what}`),
/// so it is still recognised once the heading is translated.
pub(super) fn new_translation(
    original: &str,
    source: &Source,
    ui: &UiStrings,
    language_name: &str,
) -> Result<String> {
    let newline = newline_of(original);
    let range = yaml_range(original, &source.file)?;
    let (yaml, _) = remove_keys(&original[range.clone()], &SOURCE_ONLY_KEYS);
    let body_start = original[range.end..]
        .find('\n')
        .map(|i| range.end + i + 1)
        .unwrap_or(original.len());
    let body = &original[body_start..];
    let body = if source.front.kind == Kind::Card {
        with_section_ids(body, ui)
    } else {
        body.to_string()
    };
    let mut yaml = yaml;
    if !yaml.is_empty() && !yaml.ends_with('\n') {
        yaml.push_str(newline);
    }
    // No `source_hash`: the copy is not a translation of any version until
    // `mark` or `import` records one; `translation: started` makes readers
    // see the source with the "not translated" notice meanwhile.
    Ok(format!(
        "---{newline}# Translation into {language_name} of {}. Translate the text; keep ids, links and keys as they are.{newline}{yaml}{STARTED_MARK}{newline}---{newline}{body}",
        source.file,
    ))
}

/// Adds `{#id}` to each card section heading that has no id.
pub(super) fn with_section_ids(body: &str, ui: &UiStrings) -> String {
    let mut inserts: Vec<(usize, String)> = Vec::new();
    let (_, sections) = source_sections(body, HeadingLevel::H2);
    for section in &sections {
        let Some(id) = section_id(section, &CARD_SECTIONS, ui) else {
            continue;
        };
        if section.id.is_none() {
            inserts.push((
                heading_line_end(body, section.heading_range.start),
                id.to_string(),
            ));
        }
        if id == "who" {
            let (_, children) = source_sections(section.text, HeadingLevel::H3);
            for child in children.iter().filter(|c| c.id.is_none()) {
                if let Some(child_id) = section_id(child, &WHO_SUBSECTIONS, ui) {
                    let start = section.text_start + child.heading_range.start;
                    inserts.push((heading_line_end(body, start), child_id.to_string()));
                }
            }
        }
    }
    inserts.sort_by_key(|(at, _)| std::cmp::Reverse(*at));
    let mut text = body.to_string();
    for (at, id) in inserts {
        text.insert_str(at, &format!(" {{#{id}}}"));
    }
    text
}

/// Where to append an attribute to the heading line starting at `start`:
/// after its text, before trailing spaces and closing `#`s.
fn heading_line_end(body: &str, start: usize) -> usize {
    let line_end = body[start..].find('\n').map_or(body.len(), |i| start + i);
    let line = body[start..line_end].trim_end();
    let without_closing = match line.trim_end_matches('#') {
        rest if rest.len() < line.len()
            && rest.ends_with(' ')
            && rest.trim_start_matches('#').trim() != "" =>
        {
            rest.trim_end()
        }
        _ => line,
    };
    start + without_closing.len()
}

/// Writes through a temporary file and a rename, so an interrupted write
/// never leaves half a translation (a leftover `.tmp` file is ignored by the build).
pub(super) fn write_replacing(path: &Path, text: &str) -> Result<()> {
    let tmp: PathBuf = path.with_extension("md.cardstock.tmp");
    fs::write(&tmp, text).map_err(|e| Error::io(&tmp, e))?;
    fs::rename(&tmp, path).map_err(|e| Error::io(path, e))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::{BTreeMap, BTreeSet};

    fn fingerprint() -> Fingerprint {
        Fingerprint {
            whole: 0x1234,
            parts: BTreeMap::from([("title".to_string(), 0x5u64)]),
            anchors: BTreeSet::new(),
        }
    }

    #[test]
    fn adds_source_hash_and_keeps_everything_else() {
        let text = "---\n# a comment\ntitle: \"Hola\"   # kept\ntags: [a, b]\n---\n\n## Qué\n";
        let out = set_source_hash(text, "x.md", &fingerprint()).unwrap();
        assert_eq!(
            out,
            "---\n# a comment\ntitle: \"Hola\"   # kept\ntags: [a, b]\nsource_hash:\n  whole: 0000000000001234\n  parts:\n    title: 00000005\n---\n\n## Qué\n"
        );
    }

    #[test]
    fn replaces_an_existing_source_hash_in_place() {
        let text = "---\r\ntitle: A\r\nsource_hash:\r\n  whole: 00\r\n  parts:\r\n    title: 01\r\nsummary: S\r\n---\r\nbody\r\n";
        let out = set_source_hash(text, "x.md", &fingerprint()).unwrap();
        assert_eq!(
            out,
            "---\r\ntitle: A\r\nsource_hash:\r\n  whole: 0000000000001234\r\n  parts:\r\n    title: 00000005\r\nsummary: S\r\n---\r\nbody\r\n"
        );
        assert_eq!(set_source_hash(&out, "x.md", &fingerprint()).unwrap(), out);
    }

    #[test]
    fn removes_keys_with_their_blocks() {
        let yaml = "title: A\nweight: 3\nmenu: true\ntags:\n- a\n- b\nupdated: 2026-01-01\n";
        let (kept, at) = remove_keys(yaml, &["weight", "menu", "tags"]);
        assert_eq!(kept, "title: A\nupdated: 2026-01-01\n");
        assert_eq!(at, Some(1));
    }

    #[test]
    fn finds_where_a_heading_line_ends() {
        let body = "## What ##\ntext\n## How\n";
        assert_eq!(&body[..heading_line_end(body, 0)], "## What");
        assert_eq!(&body[16..heading_line_end(body, 16)], "## How");
    }
}
