//! The `translations export` and `translations import` commands: which
//! files are written or read, and what they print.

use std::fs;
use std::path::{Path, PathBuf};

use super::exchange::{Counts, ImportedPage, PageExport};
use super::files::Workspace;
use super::{po, xliff};
use crate::error::{Diagnostic, Error, Result};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Xliff,
    Po,
}

impl Format {
    fn extension(self) -> &'static str {
        match self {
            Format::Xliff => "xlf",
            Format::Po => "po",
        }
    }
}

fn render(format: Format, pages: &[PageExport], source_lang: &str, lang: &str) -> String {
    match format {
        Format::Xliff => xliff::write(pages, source_lang, lang),
        Format::Po => po::write(pages, source_lang, lang, &now_utc()),
    }
}

/// The summary line of a page or language.
pub fn describe(counts: Counts) -> String {
    format!(
        "{} units: {} translated, {} needing review, {} untranslated",
        counts.total, counts.translated, counts.fuzzy, counts.untranslated
    )
}

/// Writes the export of `lang` under `out`: `<lang>.<ext>` with `bundle`,
/// else `<lang>/<page path without .md>.<ext>` per page. Returns the report.
pub fn export(
    ws: &Workspace,
    lang: &str,
    format: Format,
    bundle: bool,
    out: &Path,
) -> Result<String> {
    let pages = ws.export_all(lang)?;
    let source_lang = ws.toolkit.settings.default_language.clone();
    let ext = format.extension();
    let mut report = String::new();
    let mut total = Counts::default();
    let write = |path: &PathBuf, text: &str| -> Result<()> {
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
        }
        fs::write(path, text).map_err(|e| Error::io(path, e))
    };
    for page in &pages {
        let counts = page.counts();
        total.total += counts.total;
        total.translated += counts.translated;
        total.fuzzy += counts.fuzzy;
        total.untranslated += counts.untranslated;
        let mut line = format!("{}: {}", page.path, describe(counts));
        if !bundle {
            let name = page.path.strip_suffix(".md").unwrap_or(&page.path);
            let path = out.join(lang).join(format!("{name}.{ext}"));
            write(
                &path,
                &render(format, std::slice::from_ref(page), &source_lang, lang),
            )?;
            line.push_str(&format!(" → {}", path.display()));
        }
        if let Some(why) = &page.history_note {
            line.push_str(&format!("\n    previous source texts not found: {why}"));
        }
        report.push_str(&line);
        report.push('\n');
    }
    if bundle {
        let path = out.join(format!("{lang}.{ext}"));
        write(&path, &render(format, &pages, &source_lang, lang))?;
        report.push_str(&format!("Wrote {}.\n", path.display()));
    }
    let page_count = pages
        .iter()
        .filter(|p| !super::ui_units::is_ui_path(&p.path))
        .count();
    report.push_str(&format!(
        "{lang}, {page_count} pages and the UI strings: {}",
        describe(total)
    ));
    Ok(report)
}

/// Reads exchange files and imports them. Returns the report.
pub fn import(ws: &Workspace, lang: &str, files: &[PathBuf], force: bool) -> Result<String> {
    let mut report = Vec::new();
    for file in files {
        let name = file.display().to_string();
        let text = fs::read_to_string(file).map_err(|e| Error::io(file, e))?;
        let pages = read(&name, &text)?;
        let results = ws.import(lang, &name, &pages, force)?;
        if results.is_empty() {
            report.push(format!("{name}: nothing translated, nothing written."));
        }
        for r in results {
            let state = if r.pending_parts.is_empty() {
                "translated".to_string()
            } else {
                format!(
                    "not all translated yet (parts: {})",
                    r.pending_parts.join(", ")
                )
            };
            let verb = match (r.created, r.unchanged) {
                (true, _) => "Created",
                (_, true) => "Unchanged",
                _ => "Updated",
            };
            report.push(format!(
                "{verb} {}: {} units translated, {} untranslated or needing review; {state}",
                r.file,
                r.translated,
                r.not_translated.len(),
            ));
            if !r.no_place.is_empty() {
                report.push(format!(
                    "  not written, as the translation lacks their items (copy them from the source, then import again): {}",
                    r.no_place.join(", ")
                ));
            }
        }
    }
    Ok(report.join("\n"))
}

/// The pages of an exchange file, by its extension or else its first characters.
fn read(name: &str, text: &str) -> Result<Vec<ImportedPage>> {
    let lower = name.to_lowercase();
    let is_xml = lower.ends_with(".xlf")
        || lower.ends_with(".xliff")
        || (!lower.ends_with(".po") && text.trim_start().starts_with('<'));
    let result = if is_xml {
        xliff::read(text)
    } else {
        po::read(text)
    };
    result.map_err(|why| {
        Diagnostic::new(name, why)
            .help("import an XLIFF 1.2 or PO file exported by `cardstock translations export`")
            .into()
    })
}

/// The lowest layer of a language's UI strings (the theme's own file), as
/// YAML: what `translations strings` prints.
pub fn built_in_strings(theme: &crate::load::Theme, lang: &str) -> Result<String> {
    match theme.strings.get(lang).and_then(|layers| layers.first()) {
        Some((_, text)) => Ok(text.trim_end().to_string()),
        None => Err(Diagnostic::new(
            crate::config::SETTINGS_FILE,
            format!("the theme has no UI strings for `{lang}`"),
        )
        .help(format!(
            "print the English ones with `cardstock translations strings en > i18n/{lang}.yaml`, then translate them; the theme has: {}",
            theme.strings.keys().cloned().collect::<Vec<_>>().join(", ")
        ))
        .into()),
    }
}

/// The current UTC time as PO headers write it: `2026-03-01 14:05+0000`.
fn now_utc() -> String {
    // A timestamp formats in UTC.
    jiff::Timestamp::now()
        .strftime("%Y-%m-%d %H:%M+0000")
        .to_string()
}
