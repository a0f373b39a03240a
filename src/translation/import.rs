//! `translations import`: writes the translated units of an XLIFF or PO file
//! into `content/<lang>/…`. Front matter values are replaced in place
//! ([`yaml_edit`]); the body is the source's with each translated paragraph
//! or item in place of the English one (a card's headings keep the
//! translation's own wording and their `{#id}`). `source_hash` records only
//! the parts whose every unit the file marks translated or final. Nothing
//! is written unless every page of the file can be. The body is made in
//! [`super::import_body`]; UI strings are imported by [`super::ui_import`].

use std::collections::{BTreeMap, HashMap};
use std::fs;

use super::exchange::{ImportedPage, UnitState, overwrite_refusal};
use super::files::{
    Workspace, hash_block, new_translation, newline_of, replace_source_hash, write_replacing,
    yaml_range,
};
use super::hash::{long_hex, short_hex};
use super::inline::restore;
use super::units::{Place, Unit, units, whole_parts};
use super::yaml_edit;
use crate::error::{Diagnostic, Error, Result};
use crate::load::CONTENT_DIR;

/// What an import did to one page.
#[derive(Debug, Clone)]
pub struct PageResult {
    pub file: String,
    pub created: bool,
    /// Units whose translation was written.
    pub written: Vec<String>,
    /// How many units the file marks translated or final.
    pub translated: usize,
    /// Units the file leaves untranslated or needing review.
    pub not_translated: Vec<String>,
    /// Parts still not recorded as translated (empty: the page is translated).
    pub pending_parts: Vec<String>,
    /// The file already said all this: nothing was written.
    pub unchanged: bool,
    /// Translated units with no place in the translation's front matter
    /// (it lacks the item): not written.
    pub no_place: Vec<String>,
}

impl Workspace {
    /// Imports pages read from an exchange file; `file` names it in messages.
    pub fn import(
        &self,
        lang: &str,
        file: &str,
        pages: &[ImportedPage],
        force: bool,
    ) -> Result<Vec<PageResult>> {
        self.check_translation_language(lang)?;
        let mut problems = Vec::new();
        let mut planned = Vec::new();
        for page in pages {
            let planned_page = if super::ui_units::is_ui_path(&page.path) {
                self.import_ui(lang, file, page, force)
            } else {
                self.import_page(lang, file, page, force)
            };
            match planned_page {
                Ok(p) => planned.push(p),
                Err(Error::Invalid(mut d)) => problems.append(&mut d),
                Err(e) => return Err(e),
            }
        }
        if !problems.is_empty() {
            return Err(Error::Invalid(problems));
        }
        let mut results = Vec::new();
        for (result, text) in planned.into_iter().flatten() {
            if result.unchanged {
                results.push(result);
                continue;
            }
            let path = self.toolkit.root.join(&result.file);
            if let Some(parent) = path.parent() {
                fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
            }
            write_replacing(&path, &text)?;
            results.push(result);
        }
        Ok(results)
    }

    /// The new text of one page's translation, or `None` when the file has
    /// nothing translated for a page that has no translation yet.
    fn import_page(
        &self,
        lang: &str,
        file: &str,
        page: &ImportedPage,
        force: bool,
    ) -> Result<Option<(PageResult, String)>> {
        let rel = page.path.as_str();
        if self.file(self.default_language(), rel).is_none() {
            return Err(Diagnostic::new(file, format!("`{rel}` is not a page of the toolkit's default language"))
                .help("import files exported from this toolkit; a page that was renamed or removed must be exported again")
                .into());
        }
        let (source, fingerprint) = self.fingerprint(rel)?;
        let source_units = units(&source, &self.ui);
        // A part whose paragraphs did not line up was exported as one unit.
        let whole_units = whole_parts(&source_units, &source.body);
        let by_id: HashMap<&str, &Unit> = source_units
            .iter()
            .chain(&whole_units)
            .map(|u| (u.id.as_str(), u))
            .collect();
        // Every translated unit, as Markdown with the source's inline Markdown.
        let mut targets: BTreeMap<&str, String> = BTreeMap::new();
        let mut problems = Vec::new();
        for unit in &page.units {
            let Some(source_unit) = by_id.get(unit.id.as_str()) else {
                problems.push(
                    Diagnostic::new(
                        file,
                        format!(
                            "unit `{}` of {rel} is not a unit of the source (any more)",
                            unit.id
                        ),
                    )
                    .help("export again: the source changed since this file was exported"),
                );
                continue;
            };
            if unit.state == UnitState::New || unit.target.trim().is_empty() {
                continue;
            }
            match restore(unit.target.trim(), &source_unit.tagged().codes) {
                Ok(markdown) => {
                    targets.insert(source_unit.id.as_str(), markdown);
                }
                Err(why) => problems.push(
                    Diagnostic::new(file, format!("unit `{}` of {rel}: {why}", unit.id))
                        .help("keep every tag of the source ({1}…{/1}, {2/} in PO; <g>, <x/> in XLIFF) once, in the same nesting, and add none"),
                ),
            }
        }
        if !problems.is_empty() {
            return Err(Error::Invalid(problems));
        }
        let mut translated_ids: Vec<&str> = page
            .units
            .iter()
            .filter(|u| matches!(u.state, UnitState::Translated | UnitState::Final))
            .filter(|u| targets.contains_key(u.id.as_str()))
            .map(|u| u.id.as_str())
            .collect();

        let translation_file = format!("{CONTENT_DIR}/{lang}/{rel}");
        let existing = self.file(lang, rel);
        if let Some(existing) = existing
            && !force
            && let Some(message) = overwrite_refusal(page.base.as_deref(), &existing.text)
        {
            return Err(Diagnostic::new(&translation_file, format!("this translation {message}; it was left as it is"))
                .help(format!("export again and translate in the new file, or add --force to overwrite it with {file}"))
                .into());
        }
        if existing.is_none() && targets.is_empty() {
            return Ok(None);
        }
        let existing_source = existing.map(|f| self.parsed(f)).transpose()?;
        let language_name = self.language_name(lang);
        let original = &self
            .file(self.default_language(), rel)
            .expect("checked above")
            .text;
        let mut text = match existing {
            Some(f) => f.text.clone(),
            None => new_translation(original, &source, &self.ui, &language_name)?,
        };
        // Front matter values, in place; a value that stays the same keeps its quoting.
        let existing_values: HashMap<String, String> = existing_source
            .as_ref()
            .filter(|t| !t.front.is_started_translation())
            .map(|t| {
                units(t, &self.ui)
                    .into_iter()
                    .map(|u| (u.id, u.text))
                    .collect()
            })
            .unwrap_or_default();
        let mut written = Vec::new();
        let mut no_place = Vec::new();
        for unit in &source_units {
            let (Place::Front(path), Some(target)) = (&unit.place, targets.get(unit.id.as_str()))
            else {
                continue;
            };
            if existing_values
                .get(&unit.id)
                .is_some_and(|old| old.split_whitespace().eq(target.split_whitespace()))
            {
                written.push(unit.id.clone());
                continue;
            }
            let range = yaml_range(&text, &translation_file)?;
            let Some(at) = yaml_edit::locate(&text[range.clone()], path) else {
                // The translation lacks the item (it is reported as incomplete):
                // its units are left out, and their part stays to be done.
                no_place.push(unit.id.clone());
                continue;
            };
            let at = range.start + at.start..range.start + at.end;
            text.replace_range(at, &yaml_edit::quote(target));
            written.push(unit.id.clone());
        }
        translated_ids.retain(|id| !no_place.iter().any(|n| n == id));
        // The body, when the file translates any of it.
        let body_targets: Vec<&Unit> = source_units
            .iter()
            .chain(&whole_units)
            .filter(|u| matches!(u.place, Place::Body(_)) && targets.contains_key(u.id.as_str()))
            .collect();
        if !body_targets.is_empty() {
            let existing_body = existing_source
                .as_ref()
                .filter(|t| !t.front.is_started_translation())
                .map(|t| t.body.as_str());
            let body = self.translated_body(
                lang,
                &source.body,
                source.front.kind,
                existing_body,
                &targets,
            );
            written.extend(body_targets.iter().map(|u| u.id.clone()));
            let range = yaml_range(&text, &translation_file)?;
            let body_start = text[range.end..]
                .find('\n')
                .map_or(text.len(), |i| range.end + i + 1);
            text.replace_range(body_start.., &body);
        }
        // A whole part translated translates each of its paragraphs.
        let mut covered = translated_ids.clone();
        for whole in &whole_units {
            if translated_ids.contains(&whole.id.as_str()) {
                covered.extend(
                    source_units
                        .iter()
                        .filter(|u| u.part == whole.part)
                        .map(|u| u.id.as_str()),
                );
            }
        }
        // source_hash: the parts whose every unit is translated now, or was already.
        let recorded = existing_source
            .as_ref()
            .and_then(|t| t.front.source_hash.clone());
        let was_current = |part: &str| {
            recorded.as_ref().is_some_and(|r| {
                r.whole == long_hex(fingerprint.whole)
                    || r.parts.get(part)
                        == fingerprint.parts.get(part).map(|h| short_hex(*h)).as_ref()
            })
        };
        let mut parts = BTreeMap::new();
        let mut pending = Vec::new();
        for (part, hash) in &fingerprint.parts {
            let of_part: Vec<&Unit> = source_units.iter().filter(|u| &u.part == part).collect();
            let done = if of_part.is_empty() {
                // Keys no unit covers (tags, citations…) are translated in the file itself.
                existing_source
                    .as_ref()
                    .is_none_or(|t| t.front.is_started_translation())
                    || was_current(part)
            } else {
                // A part reviewed against the current source stays so: units
                // the file leaves empty there are ones the export could not
                // pair with the translation's paragraphs, not changes.
                was_current(part) || of_part.iter().all(|u| covered.contains(&u.id.as_str()))
            };
            if done {
                parts.insert(part.clone(), short_hex(*hash));
            } else {
                if let Some(old) = recorded.as_ref().and_then(|r| r.parts.get(part)) {
                    parts.insert(part.clone(), old.clone());
                }
                pending.push(part.clone());
            }
        }
        let newline = newline_of(&text).to_string();
        if pending.is_empty() {
            text = replace_source_hash(
                &text,
                &translation_file,
                &hash_block(&long_hex(fingerprint.whole), &parts, &newline),
            )?;
        } else if !translated_ids.is_empty() || recorded.is_some() {
            // Translated in part: outdated, naming the parts still to do.
            let whole = recorded
                .as_ref()
                .map(|r| r.whole.clone())
                .unwrap_or_else(|| long_hex(0));
            text = replace_source_hash(
                &text,
                &translation_file,
                &hash_block(&whole, &parts, &newline),
            )?;
        }
        let not_translated = source_units
            .iter()
            .filter(|u| !covered.contains(&u.id.as_str()))
            .map(|u| u.id.clone())
            .collect();
        Ok(Some((
            PageResult {
                file: translation_file,
                created: existing.is_none(),
                written,
                translated: translated_ids.len(),
                no_place,
                not_translated,
                pending_parts: pending,
                unchanged: existing.is_some_and(|f| f.text == text),
            },
            text,
        )))
    }
}
