//! What `translations export` writes, whatever the format: per page, its
//! units with their source text, the translation's text where it has one,
//! and a state from the fingerprints: `final` (the part was reviewed against
//! the current source), `needs-review` (the part changed since, or nobody
//! recorded a review; with the previous source text when git has it) or
//! `new` (not translated).

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use super::files::Workspace;
use super::hash::{hash_text, long_hex, short_hex};
use super::history;
use super::inline::{Tagged, protect_as};
use super::units::{Unit, units, whole_parts};
use crate::content::Source;
use crate::error::Result;

/// In order from least to most done: a plural string is as done as its least done form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum UnitState {
    /// No translation.
    New,
    /// Translated, but the source changed since or the review is not recorded.
    NeedsReview,
    /// Translated, not yet reviewed (only ever read from a file).
    Translated,
    /// Translated and reviewed against the current source.
    Final,
}

#[derive(Debug, Clone)]
pub struct ExportUnit {
    pub id: String,
    pub part: String,
    pub source: Tagged,
    /// The translation's text, in the source's placeholders.
    pub target: Option<String>,
    pub state: UnitState,
    /// The source text the translation was reviewed against, when it differs.
    pub previous: Option<String>,
    /// A whole part, exchanged as one unit as the translation's paragraphs
    /// do not line up with the source's: its line breaks are structure.
    pub whole: bool,
    /// A UI string ([`super::ui_units`]): plain text, no inline tags.
    pub ui: bool,
    /// The plural category of one form of a UI string with a count; the
    /// forms of one string follow each other and share their `part`.
    pub plural: Option<&'static str>,
}

/// What the exchange files say about a whole-part unit.
pub const WHOLE_PART_NOTE: &str = "the translation's paragraphs do not line up with the source's here, so this whole part is one unit: keep its line breaks, list markers and headings";

#[derive(Debug, Clone)]
pub struct PageExport {
    /// `strategies/x.md`.
    pub path: String,
    pub source_file: String,
    pub translation_file: String,
    /// The hash of the translation file's text when exported, so an import
    /// can tell that it was edited meanwhile.
    pub base: String,
    pub units: Vec<ExportUnit>,
    /// Why previous source texts are missing, if they are.
    pub history_note: Option<String>,
}

/// How many units a page or a language has in each state, as `pocount`
/// counts them: translated (final), fuzzy (needs review), untranslated (new).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub total: usize,
    pub translated: usize,
    pub fuzzy: usize,
    pub untranslated: usize,
}

impl PageExport {
    /// The counts as `pocount` gives them for the PO file: the forms of a
    /// plural UI string are one unit, untranslated if any form is, else
    /// fuzzy if any form is.
    pub fn counts(&self) -> Counts {
        let mut c = Counts::default();
        let mut strings: Vec<(UnitState, &str)> = Vec::new();
        for unit in &self.units {
            match strings.last_mut() {
                Some((state, part)) if unit.plural.is_some() && *part == unit.part => {
                    *state = (*state).min(unit.state);
                }
                _ => strings.push((unit.state, &unit.part)),
            }
        }
        c.total = strings.len();
        for (state, _) in strings {
            match state {
                UnitState::New => c.untranslated += 1,
                UnitState::NeedsReview => c.fuzzy += 1,
                UnitState::Translated | UnitState::Final => c.translated += 1,
            }
        }
        c
    }
}

/// The hash recorded as a page's export base.
pub fn base_of(text: &str) -> String {
    long_hex(hash_text(text))
}

/// Why an import must not overwrite a file whose text is `current`: it
/// changed after the export that recorded `recorded` (its [`base_of`]), or
/// the export recorded nothing. `None`: overwriting is safe.
pub fn overwrite_refusal(recorded: Option<&str>, current: &str) -> Option<&'static str> {
    match recorded {
        Some(base) if base == base_of(current) => None,
        Some(_) => Some("was changed after this file was exported"),
        None => Some("exists, and the file does not record which version of it was exported"),
    }
}

impl Workspace {
    /// The export of the translation of `rel` into `lang`.
    pub fn export_page(&self, lang: &str, rel: &str) -> Result<PageExport> {
        let (source, fingerprint) = self.fingerprint(rel)?;
        let translation_file = self.file(lang, rel);
        let translation = match translation_file {
            Some(file) => Some(self.parsed(file)?),
            None => None,
        };
        let translation = translation.filter(|t| !t.front.is_started_translation());
        let theirs = translation
            .as_ref()
            .map(|t| units(t, &self.ui))
            .unwrap_or_default();
        let (source_units, targets) = match &translation {
            Some(t) => pair(&source, units(&source, &self.ui), t, &theirs),
            None => (units(&source, &self.ui), BTreeMap::new()),
        };
        let recorded = translation
            .as_ref()
            .and_then(|t| t.front.source_hash.as_ref());
        let whole_current = recorded.is_some_and(|r| r.whole == long_hex(fingerprint.whole));
        let part_current = |part: &str| {
            whole_current
                || recorded.is_some_and(|r| {
                    r.parts.get(part).is_some_and(|h| {
                        fingerprint.parts.get(part).map(|p| short_hex(*p)).as_ref() == Some(h)
                    })
                })
        };
        // The previous source, only needed when something is outdated.
        let mut history_note = None;
        let mut previous: HashMap<String, String> = HashMap::new();
        if let Some(recorded) = recorded.filter(|_| !whole_current) {
            match history::find(&self.toolkit.root, &source, &recorded.whole, &self.ui) {
                Ok(found) => {
                    let old = units(&found.source, &self.ui);
                    previous = whole_parts(&old, &found.source.body)
                        .into_iter()
                        .chain(old)
                        .map(|u| (u.id.clone(), u.tagged().text))
                        .collect();
                }
                Err(why) => history_note = Some(why),
            }
        }
        let units = source_units
            .iter()
            .map(|unit| {
                let source = unit.tagged();
                // A translation whose links or emphasis do not match the
                // source's would give the tool broken tags: untranslated.
                let target = targets
                    .get(&unit.id)
                    .filter(|t| super::inline::restore(t, &source.codes).is_ok())
                    .cloned();
                // With the reviewed version at hand, a unit whose text did not
                // change is current even when another unit of its part did.
                let unchanged = previous.get(&unit.id) == Some(&source.text);
                let state = match (&target, recorded) {
                    (None, _) => UnitState::New,
                    (Some(_), Some(_)) if part_current(&unit.part) || unchanged => UnitState::Final,
                    (Some(_), _) => UnitState::NeedsReview,
                };
                let previous = (state == UnitState::NeedsReview)
                    .then(|| previous.get(&unit.id))
                    .flatten()
                    .filter(|p| **p != source.text)
                    .cloned();
                ExportUnit {
                    id: unit.id.clone(),
                    part: unit.part.clone(),
                    source,
                    target,
                    state,
                    previous,
                    whole: unit.whole,
                    ui: false,
                    plural: None,
                }
            })
            .collect();
        Ok(PageExport {
            path: rel.to_string(),
            source_file: source.file.clone(),
            translation_file: format!("{}/{lang}/{rel}", crate::load::CONTENT_DIR),
            base: translation_file
                .map(|f| base_of(&f.text))
                .unwrap_or_default(),
            units,
            history_note,
        })
    }

    /// The export of every page of the default language, in path order.
    pub fn export_all(&self, lang: &str) -> Result<Vec<PageExport>> {
        self.check_translation_language(lang)?;
        let mut rels: Vec<&str> = self
            .toolkit
            .sources
            .iter()
            .filter(|s| s.lang == self.default_language())
            .map(|s| s.rel.as_str())
            .collect();
        rels.sort();
        let mut pages = rels
            .into_iter()
            .map(|rel| self.export_page(lang, rel))
            .collect::<Result<Vec<_>>>()?;
        pages.push(self.export_ui(lang));
        Ok(pages)
    }

    /// The UI strings of `lang` as a page of units, `i18n/<lang>.yaml`.
    pub fn export_ui(&self, lang: &str) -> PageExport {
        let base = self
            .ui_file_text(lang)
            .map(|t| base_of(&t))
            .unwrap_or_default();
        super::ui_units::export(&self.ui, self.default_language(), lang, base)
    }

    /// The toolkit's own `i18n/<lang>.yaml`, if it has one.
    pub fn ui_file_text(&self, lang: &str) -> Option<String> {
        std::fs::read_to_string(self.toolkit.root.join(super::ui_units::ui_path(lang))).ok()
    }
}

/// The units to exchange and the translation's text for each, in the
/// source's placeholders. Units are matched by id. In a part made of body
/// blocks whose translation has a different number of paragraphs (split,
/// merged or added ones), the paragraphs cannot be paired by position: the
/// part is exchanged as one unit of its whole text ([`whole_parts`]), with
/// the translation's whole text as its target, so nothing translated is lost
/// or paired with the wrong paragraph. A part the translation lacks stays
/// paragraph by paragraph, untranslated.
fn pair(
    source: &Source,
    ours: Vec<Unit>,
    translation: &Source,
    theirs: &[Unit],
) -> (Vec<Unit>, BTreeMap<String, String>) {
    fn count(units: &[Unit]) -> HashMap<String, usize> {
        let mut by_part: HashMap<String, usize> = HashMap::new();
        for u in units {
            *by_part.entry(u.part.clone()).or_default() += 1;
        }
        by_part
    }
    let (mine, other) = (count(&ours), count(theirs));
    let differs = |part: &str| mine.get(part) != other.get(part);
    let their_wholes = whole_parts(theirs, &translation.body);
    let mut wholes: Vec<Unit> = whole_parts(&ours, &source.body)
        .into_iter()
        .filter(|w| differs(&w.part) && their_wholes.iter().any(|t| t.part == w.part))
        .collect();
    let by_id: HashMap<&str, &Unit> = theirs
        .iter()
        .chain(&their_wholes)
        .map(|u| (u.id.as_str(), u))
        .collect();
    let whole_ids: Vec<String> = wholes.iter().map(|w| w.part.clone()).collect();
    let mut units = Vec::with_capacity(ours.len());
    for unit in ours {
        if whole_ids.contains(&unit.part) {
            // The whole part takes the place of its first unit.
            if let Some(i) = wholes.iter().position(|w| w.part == unit.part) {
                units.push(wholes.remove(i));
            }
            continue;
        }
        units.push(unit);
    }
    let targets = units
        .iter()
        .filter(|u| u.whole || !differs(&u.part))
        .filter_map(|u| {
            let theirs = by_id.get(u.id.as_str())?;
            let text = protect_as(&theirs.text, u.whole, &u.tagged())?;
            Some((u.id.clone(), text))
        })
        .collect();
    (units, targets)
}

/// A page as read back from an exchanged file.
#[derive(Debug, Clone, Default)]
pub struct ImportedPage {
    pub path: String,
    /// The export base recorded in the file, if it kept it.
    pub base: Option<String>,
    pub units: Vec<ImportedUnit>,
}

#[derive(Debug, Clone)]
pub struct ImportedUnit {
    pub id: String,
    /// The translated text with placeholders; empty when untranslated.
    pub target: String,
    pub state: UnitState,
    /// A plural PO entry's forms (`msgstr[n]`), in the order of the
    /// language's plural categories; empty otherwise.
    pub forms: Vec<String>,
}
