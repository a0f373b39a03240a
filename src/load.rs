//! Load: reads a toolkit folder from disk into plain data, and nothing more.
//!
//! Owns the folder layout: `cardstock.yaml`, `content/<lang>/**.md`, `static/`,
//! and the theme layers (embedded default theme, then `themes/<name>/`, then the
//! toolkit's own `templates/` and `i18n/`). Parsing happens in later stages.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::config::{SETTINGS_FILE, Settings};
use crate::error::{Diagnostic, Error, Result};

mod files;
pub use files::{
    Folder, canonical_root, display_path, is_windows_reserved, read_regular_file, read_text,
    resolve_inside, walk_folder,
};

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
    /// PDF template name (`card.typ`) → (the file it came from, source).
    pub pdf_templates: BTreeMap<String, (String, String)>,
    /// Font files for the PDF handouts, by name: the theme's, then the toolkit's.
    pub fonts: BTreeMap<String, Asset>,
}

/// A static file: embedded in the binary or on disk.
#[derive(Debug, Clone)]
pub enum Asset {
    Embedded(&'static [u8]),
    /// A file the checked walk found inside the toolkit: `path` is where to
    /// read it (a link's resolved target), `file` names it for messages.
    Disk {
        path: PathBuf,
        file: String,
    },
}

impl Asset {
    pub fn read(&self) -> Result<std::borrow::Cow<'static, [u8]>> {
        match self {
            Asset::Embedded(bytes) => Ok(std::borrow::Cow::Borrowed(bytes)),
            Asset::Disk { path, file } => read_regular_file(path, file)
                .map(std::borrow::Cow::Owned)
                .map_err(Error::from),
        }
    }

    /// The toolkit file it comes from, or `None` for the built-in theme.
    pub fn file(&self) -> Option<&str> {
        match self {
            Asset::Embedded(_) => None,
            Asset::Disk { file, .. } => Some(file),
        }
    }
}

// The toolkit folder's layout: the one place its folder names are written
// (besides `config::SETTINGS_FILE`).
pub const CONTENT_DIR: &str = "content";
pub const STATIC_DIR: &str = "static";
pub const TEMPLATES_DIR: &str = "templates";
pub const I18N_DIR: &str = "i18n";
pub const THEMES_DIR: &str = "themes";
/// The PDF handouts' Typst templates, overriding the theme's file by file.
pub const PDF_DIR: &str = "pdf";
/// Fonts for the PDF handouts, added to the theme's.
pub const FONTS_DIR: &str = "fonts";
/// Every folder of the toolkit the build reads: what `serve` watches, and
/// where an output folder may not go.
pub const READ_FOLDERS: [&str; 7] = [
    CONTENT_DIR,
    STATIC_DIR,
    TEMPLATES_DIR,
    I18N_DIR,
    THEMES_DIR,
    PDF_DIR,
    FONTS_DIR,
];

/// Reads the toolkit at `root`.
pub fn load(root: &Path) -> Result<Toolkit> {
    let mut settings = load_settings(root)?;
    let mut warnings = Vec::new();
    let mut term_files = Vec::new();
    let sources = load_sources(root, &settings, &mut warnings, &mut term_files);
    let terms = read_terms(&settings, &term_files);
    let theme = load_theme_warning(root, &settings, &mut warnings);
    // Report the problems of both together, so one run shows them all.
    let (sources, (theme, static_files)) = match (sources, theme) {
        (Ok(sources), Ok(theme)) => (sources, theme),
        (Err(a), Err(b)) => {
            let mut problems = a.diagnostics();
            problems.extend(b.diagnostics());
            return Err(Error::Invalid(problems));
        }
        (Err(e), _) | (_, Err(e)) => return Err(e),
    };
    settings.terms = std::sync::Arc::new(terms?);
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
    let missing = || {
        Error::from(
            Diagnostic::new(SETTINGS_FILE, format!("no {SETTINGS_FILE} in {}", root.display()))
                .help("run cardstock in a toolkit folder, pass its path, or create one with `cardstock new NAME`"),
        )
    };
    if !root.is_dir() {
        return Err(missing());
    }
    let real_root = canonical_root(root)?;
    let real_path = resolve_inside(root, &real_root, &settings_path)?.ok_or_else(missing)?;
    let settings_text = read_text(&real_path, SETTINGS_FILE)?;
    Ok(Settings::parse(&settings_text)?)
}

/// The theme layers (templates, UI strings) and the static files of every layer.
pub fn load_theme(root: &Path, settings: &Settings) -> Result<(Theme, BTreeMap<String, Asset>)> {
    load_theme_warning(root, settings, &mut Vec::new())
}

/// [`load_theme`], adding warnings about file names to `warnings`.
fn load_theme_warning(
    root: &Path,
    settings: &Settings,
    warnings: &mut Vec<Diagnostic>,
) -> Result<(Theme, BTreeMap<String, Asset>)> {
    let mut theme = Theme::default();
    let mut static_files = BTreeMap::new();
    add_embedded_theme(&mut theme, &mut static_files);
    let theme_dir = root.join(THEMES_DIR).join(&settings.theme);
    if theme_dir.is_dir() {
        add_theme_layer(root, &theme_dir, &mut theme, &mut static_files, warnings)?;
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
    add_theme_layer(root, root, &mut theme, &mut static_files, warnings)?;
    Ok((theme, static_files))
}

fn add_embedded_theme(theme: &mut Theme, static_files: &mut BTreeMap<String, Asset>) {
    for (path, bytes) in embedded::EMBEDDED_THEME {
        let text = || String::from_utf8_lossy(bytes).into_owned();
        if let Some(name) = path
            .strip_prefix(TEMPLATES_DIR)
            .and_then(|p| p.strip_prefix('/'))
        {
            theme.templates.insert(name.to_string(), text());
            theme
                .template_files
                .insert(name.to_string(), format!("(built-in theme) {path}"));
        } else if let Some(name) = path
            .strip_prefix(I18N_DIR)
            .and_then(|p| p.strip_prefix('/'))
        {
            if let Some(lang) = name.strip_suffix(".yaml") {
                theme
                    .strings
                    .entry(lang.to_string())
                    .or_default()
                    .push((format!("(built-in theme) i18n/{name}"), text()));
            }
        } else if let Some(name) = path
            .strip_prefix(STATIC_DIR)
            .and_then(|p| p.strip_prefix('/'))
        {
            static_files.insert(name.to_string(), Asset::Embedded(bytes));
        } else if let Some(name) = path.strip_prefix(PDF_DIR).and_then(|p| p.strip_prefix('/')) {
            let file = format!("(built-in theme) {path}");
            theme.pdf_templates.insert(name.to_string(), (file, text()));
        } else if let Some(name) = path
            .strip_prefix(FONTS_DIR)
            .and_then(|p| p.strip_prefix('/'))
            && is_font_file(name)
        {
            theme.fonts.insert(name.to_string(), Asset::Embedded(bytes));
        }
    }
}

/// Adds `templates/`, `i18n/`, `static/`, `pdf/` and `fonts/` found under `dir` on top of the theme.
/// Every problem of the layer's three folders is reported together.
fn add_theme_layer(
    root: &Path,
    dir: &Path,
    theme: &mut Theme,
    static_files: &mut BTreeMap<String, Asset>,
    warnings: &mut Vec<Diagnostic>,
) -> Result<()> {
    let mut problems = Vec::new();
    let mut folder = |name: &str, warnings: &mut Vec<Diagnostic>| {
        let folder_path = dir.join(name);
        let shown = display_path(root, &folder_path);
        match walk_folder(root, &folder_path) {
            Ok(found) => {
                warnings.extend(found.warnings);
                found
                    .files
                    .into_iter()
                    .map(|(rel, path)| {
                        let file = format!("{shown}/{rel}");
                        (rel, path, file)
                    })
                    .collect()
            }
            Err(e) => {
                problems.extend(e.diagnostics());
                Vec::new()
            }
        }
    };
    let templates: Vec<_> = folder(TEMPLATES_DIR, warnings);
    let strings: Vec<_> = folder(I18N_DIR, warnings);
    let statics: Vec<_> = folder(STATIC_DIR, warnings);
    let pdf_templates: Vec<_> = folder(PDF_DIR, warnings);
    let fonts: Vec<_> = folder(FONTS_DIR, warnings);
    for (rel, path, file) in templates {
        match read_text(&path, &file) {
            Ok(text) => {
                theme.template_files.insert(rel.clone(), file);
                theme.templates.insert(rel, text);
            }
            Err(d) => problems.push(d),
        }
    }
    for (rel, path, file) in strings {
        if let Some(lang) = rel.strip_suffix(".yaml") {
            match read_text(&path, &file) {
                Ok(text) => theme
                    .strings
                    .entry(lang.to_string())
                    .or_default()
                    .push((file, text)),
                Err(d) => problems.push(d),
            }
        }
    }
    for (rel, path, file) in statics {
        static_files.insert(rel, Asset::Disk { path, file });
    }
    for (rel, path, file) in pdf_templates {
        if rel.ends_with(".typ") {
            match read_text(&path, &file) {
                Ok(text) => {
                    theme.pdf_templates.insert(rel, (file, text));
                }
                Err(d) => problems.push(d),
            }
        }
    }
    for (rel, path, file) in fonts {
        if is_font_file(&rel) {
            theme.fonts.insert(rel, Asset::Disk { path, file });
        }
    }
    // A linked layer folder is reported by each of the walks; once is enough.
    let mut unique: Vec<Diagnostic> = Vec::with_capacity(problems.len());
    for d in problems {
        if !unique.contains(&d) {
            unique.push(d);
        }
    }
    let problems = unique;
    if problems.is_empty() {
        Ok(())
    } else {
        Err(Error::Invalid(problems))
    }
}

/// The font formats Typst reads.
fn is_font_file(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    [".ttf", ".otf", ".ttc", ".otc"]
        .iter()
        .any(|ext| lower.ends_with(ext))
}

/// Reads and parses the term files (`content/_taxonomies/*.yaml`).
fn read_terms(settings: &Settings, files: &[(String, PathBuf)]) -> Result<crate::terms::Terms> {
    let mut texts = Vec::new();
    for (file, path) in files {
        texts.push((file.clone(), read_text(path, file)?));
    }
    crate::terms::Terms::parse(&texts, settings).map_err(Error::Invalid)
}

/// Reads the Markdown sources; the term files found on the way go into
/// `term_files` as (file inside the toolkit, path to read).
fn load_sources(
    root: &Path,
    settings: &Settings,
    warnings: &mut Vec<Diagnostic>,
    term_files: &mut Vec<(String, PathBuf)>,
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
    let listed = walk_folder(root, &content)?;
    warnings.extend(listed.warnings);
    let mut found = Vec::new();
    for (rel, path) in listed.files {
        match classify_content(settings, &rel)? {
            ContentFile::Source { lang, rel, file } => found.push((lang, rel, file, path)),
            ContentFile::Other(warning) => warnings.push(warning),
            ContentFile::Terms { file } => term_files.push((file, path)),
        }
    }
    let read: Vec<Result<SourceFile, Diagnostic>> = found
        .into_par_iter()
        .map(|(lang, rel, file, path)| {
            let text = read_text(&path, &file)?;
            Ok(SourceFile {
                lang,
                rel,
                file,
                text,
            })
        })
        .collect();
    let mut sources = Vec::with_capacity(read.len());
    let mut problems = Vec::new();
    for result in read {
        match result {
            Ok(source) => sources.push(source),
            Err(d) => problems.push(d),
        }
    }
    if problems.is_empty() {
        Ok(sources)
    } else {
        Err(Error::Invalid(problems))
    }
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
    /// A term file, `content/_taxonomies/<facet>.yaml` ([`crate::terms`]).
    Terms { file: String },
}

/// Classifies `rel`, a `/`-separated path inside `content/` (`en/strategies/x.md`).
/// A file outside the configured language folders is an error.
pub fn classify_content(settings: &Settings, rel: &str) -> Result<ContentFile, Diagnostic> {
    let (lang, inner) = rel.split_once('/').unwrap_or(("", rel));
    let file = format!("{CONTENT_DIR}/{rel}");
    if lang == crate::terms::TAXONOMIES_DIR && (inner.ends_with(".yaml") || inner.ends_with(".yml"))
    {
        return Ok(ContentFile::Terms { file });
    }
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
/// `Ok(None)` if it is not a Markdown source. Links on the way are checked as
/// the full walk checks them; a file that is gone is an `Error::Io` of kind
/// `NotFound`.
pub fn read_source(root: &Path, settings: &Settings, rel: &str) -> Result<Option<SourceFile>> {
    let ContentFile::Source { lang, rel, file } = classify_content(settings, rel)? else {
        return Ok(None);
    };
    let path = root.join(&file);
    let real_root = canonical_root(root)?;
    let Some(real_path) = resolve_inside(root, &real_root, &path)? else {
        return Err(Error::io(&path, std::io::ErrorKind::NotFound.into()));
    };
    let text = read_text(&real_path, &file)?;
    Ok(Some(SourceFile {
        lang,
        rel,
        file,
        text,
    }))
}

/// All files below `dir` (a folder inside the toolkit `root`) as
/// (`/`-separated relative path, the path to read), sorted; see [`walk_folder`].
pub fn list_files(root: &Path, dir: &Path) -> Result<Vec<(String, PathBuf)>> {
    walk_folder(root, dir).map(|folder| folder.files)
}

/// Dotfiles and the temporary files editors write while saving.
pub fn is_ignored(name: &str) -> bool {
    name.starts_with('.')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".tmp")
        || name.starts_with("#")
}
