//! Importing UI string units into the toolkit's `i18n/<lang>.yaml`: each
//! translated string whose text differs from what the language already says
//! is set in place or added under its mapping ([`yaml_edit::set`]), keeping
//! the file's comments and other keys. A string whose `{placeholders}` are
//! not its source's is refused, naming the unit.

use std::collections::HashMap;

use super::exchange::{ExportUnit, ImportedPage, UnitState, overwrite_refusal};
use super::files::Workspace;
use super::import::PageResult;
use super::ui_units::{PREFIX, placeholder_problem, plural_categories, ui_path};
use super::yaml_edit;
use crate::error::{Diagnostic, Error, Result};

impl Workspace {
    /// The new text of `i18n/<lang>.yaml` from the UI string units of an
    /// exchange file, or `None` when there is nothing to write and no file.
    pub(super) fn import_ui(
        &self,
        lang: &str,
        file: &str,
        page: &ImportedPage,
        force: bool,
    ) -> Result<Option<(PageResult, String)>> {
        let path = ui_path(lang);
        if page.path != path {
            return Err(Diagnostic::new(
                file,
                format!("`{}` holds UI strings of another language than `{lang}`", page.path),
            )
            .help("import each language's file with that language: `cardstock translations import LANG FILE`")
            .into());
        }
        let known = self.export_ui(lang);
        let by_id: HashMap<&str, &ExportUnit> =
            known.units.iter().map(|u| (u.id.as_str(), u)).collect();
        // A plural PO entry (`ui:<key>` with forms) is one unit per category.
        let categories = plural_categories(lang);
        let mut units: Vec<(String, String, UnitState)> = Vec::new();
        for unit in &page.units {
            if unit.forms.is_empty() {
                units.push((unit.id.clone(), unit.target.clone(), unit.state));
                continue;
            }
            for (i, category) in categories.iter().enumerate() {
                let form = unit.forms.get(i).cloned().unwrap_or_default();
                let state = if unit.target.is_empty() {
                    UnitState::New
                } else {
                    unit.state
                };
                units.push((format!("{}_{category}", unit.id), form, state));
            }
        }
        let existing = self.ui_file_text(lang);
        if let Some(text) = &existing
            && !force
            && let Some(message) = overwrite_refusal(page.base.as_deref(), text)
        {
            return Err(Diagnostic::new(&path, format!("these UI strings {message}; they were left as they are"))
                .help(format!("export again and translate in the new file, or add --force to overwrite them with {file}"))
                .into());
        }
        let mut problems = Vec::new();
        let mut writes: Vec<(String, String)> = Vec::new();
        let mut not_translated = Vec::new();
        for (id, target, state) in &units {
            let Some(source) = by_id.get(id.as_str()) else {
                problems.push(
                    Diagnostic::new(
                        file,
                        format!("unit `{id}` of {path} is not a UI string (any more)"),
                    )
                    .help(
                        "export again: the theme's UI strings changed since this file was exported",
                    ),
                );
                continue;
            };
            let target = target.trim();
            if !matches!(state, UnitState::Translated | UnitState::Final) || target.is_empty() {
                not_translated.push(id.clone());
                continue;
            }
            if let Some(why) =
                placeholder_problem(&source.source.text, target, source.plural.is_some())
            {
                problems.push(
                    Diagnostic::new(file, format!("unit `{id}` of {path}: {why}"))
                        .help(format!(
                            "keep each placeholder of the source text as written ({}): they are filled in with counts, names and links",
                            super::ui_units::placeholders(&source.source.text)
                                .into_iter()
                                .collect::<Vec<_>>()
                                .join(", ")
                        )),
                );
                continue;
            }
            // A string that already reads so (its own, or its `_other` form) is left alone.
            if source.target.as_deref() == Some(target) {
                continue;
            }
            let key = id.strip_prefix(PREFIX).unwrap_or(id);
            writes.push((key.to_string(), target.to_string()));
        }
        if !problems.is_empty() {
            return Err(Error::Invalid(problems));
        }
        // Counted as the file counts them: a plural string is one unit.
        let translated = page
            .units
            .iter()
            .filter(|u| matches!(u.state, UnitState::Translated | UnitState::Final))
            .filter(|u| !u.target.trim().is_empty())
            .count();
        if writes.is_empty() && existing.is_none() {
            return Ok(None);
        }
        let mut text = existing.clone().unwrap_or_else(|| {
            format!(
                "# UI strings of this toolkit in `{lang}`, over the theme's: written by `cardstock translations import`.\n"
            )
        });
        for (key, value) in &writes {
            let keys: Vec<&str> = key.split('.').collect();
            text = yaml_edit::set(&text, &keys, &yaml_edit::quote(value)).ok_or_else(|| {
                Error::from(
                    Diagnostic::new(
                        &path,
                        format!(
                            "cannot add `{key}`: its mapping is written in flow style (`{{…}}`)"
                        ),
                    )
                    .help("write that mapping in block style, one key a line, then import again"),
                )
            })?;
        }
        // What was written must read back as the values imported.
        let parsed: serde_json::Value = crate::yaml::parse(&text, &path, 1).map_err(Error::from)?;
        for (key, value) in &writes {
            let read = crate::i18n::format::lookup(&parsed, key).and_then(|v| v.as_str());
            if read != Some(value.as_str()) {
                return Err(Diagnostic::new(
                    &path,
                    format!("`{key}` could not be written in place"),
                )
                .help(format!(
                    "set `{key}` by hand, or remove the file and import again"
                ))
                .into());
            }
        }
        Ok(Some((
            PageResult {
                file: path,
                created: existing.is_none(),
                written: writes
                    .into_iter()
                    .map(|(k, _)| format!("{PREFIX}{k}"))
                    .collect(),
                translated,
                not_translated,
                pending_parts: Vec::new(),
                unchanged: existing.as_deref() == Some(text.as_str()),
                no_place: Vec::new(),
            },
            text,
        )))
    }
}
