//! Load: reads a toolkit folder from disk into plain data, and nothing more.
//!
//! Owns the folder layout: `cardstock.yaml`, `content/<lang>/**.md`, `static/`,
//! and the theme layers (embedded default theme, then `themes/<name>/`, then the
//! toolkit's own `templates/` and `i18n/`). Parsing happens in later stages.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::config::{SETTINGS_FILE, Settings};
use crate::error::{Diagnostic, Error, Result};

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded_theme.rs"));
}

/// Everything read from a toolkit folder.
#[derive(Debug, Clone)]
pub struct Toolkit {
    pub root: PathBuf,
    pub settings: Settings,
    pub sources: Vec<SourceFile>,
    pub theme: Theme,
    /// Files copied verbatim into the site, by output path.
    pub static_files: BTreeMap<String, Asset>,
    /// Problems that do not stop the build.
    pub warnings: Vec<Diagnostic>,
}

/// One Markdown source, not yet parsed.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub lang: String,
    /// Path inside the language folder, `/`-separated: `strategies/x.md`.
    pub rel: String,
    /// Path inside the toolkit folder, for messages: `content/en/strategies/x.md`.
    pub file: String,
    pub text: String,
}

/// The theme after layering: later layers replace earlier files of the same name.
#[derive(Debug, Clone, Default)]
pub struct Theme {
    /// Template name (`card.html`) → source.
    pub templates: BTreeMap<String, String>,
    /// Template name → the file it came from, for messages.
    pub template_files: BTreeMap<String, String>,
    /// Language code → UI-string files, lowest layer first, as (file, text).
    pub strings: BTreeMap<String, Vec<(String, String)>>,
}

/// A static file: embedded in the binary or on disk.
#[derive(Debug, Clone)]
pub enum Asset {
    Embedded(&'static [u8]),
    Disk(PathBuf),
}

impl Asset {
    pub fn read(&self) -> Result<std::borrow::Cow<'static, [u8]>> {
        match self {
            Asset::Embedded(bytes) => Ok(std::borrow::Cow::Borrowed(bytes)),
            Asset::Disk(path) => fs::read(path)
                .map(std::borrow::Cow::Owned)
                .map_err(|e| Error::io(path, e)),
        }
    }
}

pub const CONTENT_DIR: &str = "content";
pub const STATIC_DIR: &str = "static";

/// Reads the toolkit at `root`.
pub fn load(root: &Path) -> Result<Toolkit> {
    let settings = load_settings(root)?;
    let mut warnings = Vec::new();
    let sources = load_sources(root, &settings, &mut warnings)?;
    let (theme, static_files) = load_theme(root, &settings)?;
    warnings.extend(settings.empty_language_warnings(
        |lang| theme.strings.contains_key(lang),
        |lang| {
            sources
                .iter()
                .any(|s| s.lang == lang && s.rel == "index.md")
        },
    ));
    Ok(Toolkit {
        root: root.to_path_buf(),
        settings,
        sources,
        theme,
        static_files,
        warnings,
    })
}

/// Reads and checks `cardstock.yaml`.
pub fn load_settings(root: &Path) -> Result<Settings> {
    let settings_path = root.join(SETTINGS_FILE);
    let settings_text = fs::read_to_string(&settings_path).map_err(|e| {
        if e.kind() == std::io::ErrorKind::NotFound {
            Error::from(
                Diagnostic::new(SETTINGS_FILE, format!("no {SETTINGS_FILE} in {}", root.display()))
                    .help("run cardstock in a toolkit folder, pass its path, or create one with `cardstock new NAME`"),
            )
        } else {
            Error::io(&settings_path, e)
        }
    })?;
    Ok(Settings::parse(&settings_text)?)
}

/// The theme layers (templates, UI strings) and the static files of every layer.
pub fn load_theme(root: &Path, settings: &Settings) -> Result<(Theme, BTreeMap<String, Asset>)> {
    let mut theme = Theme::default();
    let mut static_files = BTreeMap::new();
    add_embedded_theme(&mut theme, &mut static_files);
    let theme_dir = root.join("themes").join(&settings.theme);
    if theme_dir.is_dir() {
        add_theme_layer(root, &theme_dir, &mut theme, &mut static_files)?;
    } else if settings.theme != "default" {
        return Err(Diagnostic::new(
            SETTINGS_FILE,
            format!("theme `{}` not found", settings.theme),
        )
        .help(format!(
            "create themes/{}/ in the toolkit or use `theme: default`",
            settings.theme
        ))
        .into());
    }
    add_theme_layer(root, root, &mut theme, &mut static_files)?;
    Ok((theme, static_files))
}

fn add_embedded_theme(theme: &mut Theme, static_files: &mut BTreeMap<String, Asset>) {
    for (path, bytes) in embedded::EMBEDDED_THEME {
        let text = || String::from_utf8_lossy(bytes).into_owned();
        if let Some(name) = path.strip_prefix("templates/") {
            theme.templates.insert(name.to_string(), text());
            theme
                .template_files
                .insert(name.to_string(), format!("(built-in theme) {path}"));
        } else if let Some(name) = path.strip_prefix("i18n/") {
            if let Some(lang) = name.strip_suffix(".yaml") {
                theme
                    .strings
                    .entry(lang.to_string())
                    .or_default()
                    .push((format!("(built-in theme) i18n/{name}"), text()));
            }
        } else if let Some(name) = path.strip_prefix("static/") {
            static_files.insert(name.to_string(), Asset::Embedded(bytes));
        }
    }
}

/// Adds `templates/`, `i18n/` and `static/` found under `dir` on top of the theme.
fn add_theme_layer(
    root: &Path,
    dir: &Path,
    theme: &mut Theme,
    static_files: &mut BTreeMap<String, Asset>,
) -> Result<()> {
    for (rel, path) in list_files(&dir.join("templates"))? {
        let text = fs::read_to_string(&path).map_err(|e| Error::io(&path, e))?;
        theme
            .template_files
            .insert(rel.clone(), display_path(root, &path));
        theme.templates.insert(rel, text);
    }
    for (rel, path) in list_files(&dir.join("i18n"))? {
        if let Some(lang) = rel.strip_suffix(".yaml") {
            let text = fs::read_to_string(&path).map_err(|e| Error::io(&path, e))?;
            theme
                .strings
                .entry(lang.to_string())
                .or_default()
                .push((display_path(root, &path), text));
        }
    }
    for (rel, path) in list_files(&dir.join(STATIC_DIR))? {
        static_files.insert(rel, Asset::Disk(path));
    }
    Ok(())
}

fn load_sources(
    root: &Path,
    settings: &Settings,
    warnings: &mut Vec<Diagnostic>,
) -> Result<Vec<SourceFile>> {
    let content = root.join(CONTENT_DIR);
    if !content.is_dir() {
        return Err(Diagnostic::new(CONTENT_DIR, "no content folder")
            .help(format!(
                "create {CONTENT_DIR}/{}/index.md",
                settings.default_language
            ))
            .into());
    }
    let mut found = Vec::new();
    for (rel, path) in list_files(&content)? {
        match classify_content(settings, &rel)? {
            ContentFile::Source { lang, rel, file } => found.push((lang, rel, file, path)),
            ContentFile::Other(warning) => warnings.push(warning),
        }
    }
    found
        .into_par_iter()
        .map(|(lang, rel, file, path)| {
            let text = fs::read_to_string(&path).map_err(|e| Error::io(&path, e))?;
            Ok(SourceFile {
                lang,
                rel,
                file,
                text,
            })
        })
        .collect()
}

/// What a file inside `content/` is to the build.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ContentFile {
    /// A Markdown source: language, path inside the language folder, path inside the toolkit.
    Source {
        lang: String,
        rel: String,
        file: String,
    },
    /// Not Markdown: ignored, with this warning.
    Other(Diagnostic),
}

/// Classifies `rel`, a `/`-separated path inside `content/` (`en/strategies/x.md`).
/// A file outside the configured language folders is an error.
pub fn classify_content(settings: &Settings, rel: &str) -> Result<ContentFile, Diagnostic> {
    let (lang, inner) = rel.split_once('/').unwrap_or(("", rel));
    let file = format!("{CONTENT_DIR}/{rel}");
    if settings.language(lang).is_none() {
        let help = if lang.is_empty() {
            format!(
                "move it into a language folder such as {CONTENT_DIR}/{}/",
                settings.default_language
            )
        } else {
            format!(
                "add `{lang}` to `languages` in {SETTINGS_FILE}, or move the file into a language folder"
            )
        };
        return Err(
            Diagnostic::new(file, "this file is not inside a configured language folder")
                .help(help),
        );
    }
    if !inner.ends_with(".md") {
        return Ok(ContentFile::Other(
            Diagnostic::new(file, "not a Markdown source; ignored")
                .help("put images and other files in static/"),
        ));
    }
    Ok(ContentFile::Source {
        lang: lang.to_string(),
        rel: inner.to_string(),
        file,
    })
}

/// Reads one file inside `content/` (`rel` as for [`classify_content`]):
/// `Ok(None)` if it is not a Markdown source.
pub fn read_source(root: &Path, settings: &Settings, rel: &str) -> Result<Option<SourceFile>> {
    let ContentFile::Source { lang, rel, file } = classify_content(settings, rel)? else {
        return Ok(None);
    };
    let path = root.join(&file);
    let text = fs::read_to_string(&path).map_err(|e| Error::io(&path, e))?;
    Ok(Some(SourceFile {
        lang,
        rel,
        file,
        text,
    }))
}

/// All files below `dir` as (`/`-separated relative path, full path), sorted.
/// Hidden files and editor leftovers are skipped; a missing folder is empty.
pub fn list_files(dir: &Path) -> Result<Vec<(String, PathBuf)>> {
    let mut out = Vec::new();
    if dir.is_dir() {
        walk(dir, "", &mut out)?;
    }
    out.sort();
    Ok(out)
}

fn walk(dir: &Path, prefix: &str, out: &mut Vec<(String, PathBuf)>) -> Result<()> {
    let entries = fs::read_dir(dir).map_err(|e| Error::io(dir, e))?;
    for entry in entries {
        let entry = entry.map_err(|e| Error::io(dir, e))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if is_ignored(&name) {
            continue;
        }
        let path = entry.path();
        let rel = if prefix.is_empty() {
            name
        } else {
            format!("{prefix}/{name}")
        };
        if path.is_dir() {
            walk(&path, &rel, out)?;
        } else {
            out.push((rel, path));
        }
    }
    Ok(())
}

/// Dotfiles and the temporary files editors write while saving.
pub fn is_ignored(name: &str) -> bool {
    name.starts_with('.')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".tmp")
        || name.starts_with("#")
}

fn display_path(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/")
}
