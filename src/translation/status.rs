//! The state of every translation: up to date, outdated (and what changed),
//! not yet reviewed, or missing, plus the parts a translation lacks.
//!
//! A translation is a source in a non-default language with the same path as
//! a default-language source. Its `source_hash` says which version of that
//! source it was reviewed against; comparing it with the source's current
//! [`Fingerprint`] gives its state.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;

use super::fingerprint::{Fingerprint, FingerprintCache};
use super::hash::{long_hex, short_hex};
use crate::config::Settings;
use crate::content::{Source, SourceHash};
use crate::i18n::UiStrings;

/// Where one translation stands against its source.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "state")]
pub enum State {
    /// Reviewed against the source's current text.
    UpToDate,
    /// The source changed since the translation was reviewed. `changed` names
    /// the parts whose text changed; it is empty when the translation's
    /// `source_hash` records no parts.
    Outdated { changed: Vec<String> },
    /// No `source_hash` yet: nobody has recorded which version it translates.
    Unreviewed,
}

/// One existing translation.
#[derive(Debug, Clone, Serialize)]
pub struct Translation {
    /// The source path inside the language folder: `strategies/x.md`.
    pub path: String,
    pub file: String,
    pub source_file: String,
    #[serde(flatten)]
    pub state: State,
    /// Ids (sections, drivers, ideas, categories, resources) the source has
    /// and the translation lacks.
    pub missing_parts: Vec<String>,
    /// Created by `translations start` and not translated yet
    /// (`translation: started`): readers see the source instead.
    pub started: bool,
}

/// A default-language page with no translation.
#[derive(Debug, Clone, Serialize)]
pub struct Missing {
    pub path: String,
    pub source_file: String,
}

/// Everything about one language.
#[derive(Debug, Clone, Serialize)]
pub struct LanguageStatus {
    pub code: String,
    pub name: String,
    /// Up-to-date translations.
    pub translated: Vec<Translation>,
    pub outdated: Vec<Translation>,
    pub unreviewed: Vec<Translation>,
    pub missing: Vec<Missing>,
    /// Sources in this language whose path has no default-language source.
    pub without_source: Vec<String>,
    /// Translations (in any state) that lack a part of their source.
    pub incomplete: Vec<Incomplete>,
    /// Terms this language's site shows in the default language: used by its
    /// cards (or untranslated cards) and given no label for this language in
    /// `content/_taxonomies/` ([`crate::terms`]).
    pub untranslated_terms: Vec<UntranslatedTerm>,
    /// How many pages are in each list.
    pub counts: Counts,
    /// The UI strings (`i18n/<lang>.yaml`) as `translations export` counts
    /// them: a string with its plural forms is one unit, translated when
    /// the language's own files give it.
    pub ui_strings: super::exchange::Counts,
}

/// A translation lacking parts of its source (`missing_parts`).
#[derive(Debug, Clone, Serialize)]
pub struct Incomplete {
    pub path: String,
    pub lacks: Vec<String>,
}

/// A term readers of a language see in the default language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UntranslatedTerm {
    /// The front matter key: `tags`, `audience` or `settings`.
    pub facet: String,
    /// The term as readers see it (the default language's label).
    pub term: String,
    /// The cards carrying it, by source path (`strategies/x.md`).
    pub used_by: Vec<String>,
}

/// The number of pages in each state, for one language.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Counts {
    pub translated: usize,
    pub outdated: usize,
    pub unreviewed: usize,
    /// Of the unreviewed: copies made by `translations start`, not translated yet.
    pub started: usize,
    pub missing: usize,
    pub incomplete: usize,
    pub without_source: usize,
    /// Terms without a label in this language (not pages).
    pub untranslated_terms: usize,
}

impl LanguageStatus {
    /// Translations in any state.
    pub fn translations(&self) -> impl Iterator<Item = &Translation> {
        self.translated
            .iter()
            .chain(&self.outdated)
            .chain(&self.unreviewed)
    }

    /// Whether anything needs a translator's attention.
    pub fn needs_work(&self) -> bool {
        !self.outdated.is_empty()
            || !self.unreviewed.is_empty()
            || !self.missing.is_empty()
            || self.translations().any(|t| !t.missing_parts.is_empty())
    }
}

/// The state of every translation of a toolkit.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub default_language: String,
    /// Every language but the default, in the settings' order.
    pub languages: Vec<LanguageStatus>,
}

impl Report {
    /// Compares every translation with its source.
    pub fn assess(settings: &Settings, ui: &UiStrings, sources: &[Source]) -> Report {
        Report::assess_with(settings, ui, sources, &FingerprintCache::default())
    }

    /// [`Report::assess`], reusing the fingerprints of unchanged sources from
    /// `cache` (for `serve`, which assesses again after every edit).
    pub fn assess_with(
        settings: &Settings,
        ui: &UiStrings,
        sources: &[Source],
        cache: &FingerprintCache,
    ) -> Report {
        let default = settings.default_language.as_str();
        let originals: BTreeMap<&str, &Source> = sources
            .iter()
            .filter(|s| s.lang == default)
            .map(|s| (s.rel.as_str(), s))
            .collect();
        // Fingerprints read every source's Markdown: in parallel, as rendering is.
        let fingerprints: HashMap<&str, Arc<Fingerprint>> = originals
            .par_iter()
            .map(|(rel, s)| (*rel, cache.of(s, ui)))
            .collect();
        let languages = settings
            .languages
            .iter()
            .filter(|l| l.code != default)
            .map(|language| {
                let mine: BTreeMap<&str, &Source> = sources
                    .iter()
                    .filter(|s| s.lang == language.code)
                    .map(|s| (s.rel.as_str(), s))
                    .collect();
                let mut status = LanguageStatus {
                    code: language.code.clone(),
                    name: language.name.clone(),
                    translated: Vec::new(),
                    outdated: Vec::new(),
                    unreviewed: Vec::new(),
                    missing: Vec::new(),
                    without_source: Vec::new(),
                    incomplete: Vec::new(),
                    untranslated_terms: untranslated_terms(settings, sources, &language.code),
                    counts: Counts::default(),
                    ui_strings: super::ui_units::export(ui, default, &language.code, String::new())
                        .counts(),
                };
                let compared: Vec<(&str, &Source, Option<Translation>)> = originals
                    .par_iter()
                    .map(|(rel, original)| {
                        let entry = mine
                            .get(rel)
                            .map(|t| compare(original, &fingerprints[rel], t, ui, cache));
                        (*rel, *original, entry)
                    })
                    .collect();
                for (rel, original, entry) in compared {
                    let Some(entry) = entry else {
                        status.missing.push(Missing {
                            path: rel.to_string(),
                            source_file: original.file.clone(),
                        });
                        continue;
                    };
                    match entry.state {
                        State::UpToDate => status.translated.push(entry),
                        State::Outdated { .. } => status.outdated.push(entry),
                        State::Unreviewed => status.unreviewed.push(entry),
                    }
                }
                status.without_source = mine
                    .keys()
                    .filter(|rel| !originals.contains_key(*rel))
                    .map(|rel| rel.to_string())
                    .collect();
                status.incomplete = status
                    .translations()
                    .filter(|t| !t.missing_parts.is_empty())
                    .map(|t| Incomplete {
                        path: t.path.clone(),
                        lacks: t.missing_parts.clone(),
                    })
                    .collect();
                status.incomplete.sort_by(|a, b| a.path.cmp(&b.path));
                status.counts = Counts {
                    translated: status.translated.len(),
                    outdated: status.outdated.len(),
                    unreviewed: status.unreviewed.len(),
                    started: status.unreviewed.iter().filter(|t| t.started).count(),
                    missing: status.missing.len(),
                    incomplete: status.incomplete.len(),
                    without_source: status.without_source.len(),
                    untranslated_terms: status.untranslated_terms.len(),
                };
                status
            })
            .collect();
        Report {
            default_language: default.to_string(),
            languages,
        }
    }

    /// The entry of the translation of `rel` into `lang`, if it exists.
    pub fn translation(&self, lang: &str, rel: &str) -> Option<&Translation> {
        self.languages
            .iter()
            .find(|l| l.code == lang)?
            .translations()
            .find(|t| t.path == rel)
    }

    pub fn needs_work(&self) -> bool {
        self.languages.iter().any(LanguageStatus::needs_work)
    }
}

/// The terms of the cards in `lang`'s site (its own cards, and the
/// default-language cards it shows untranslated) that it shows in the default
/// language, sorted by facet and term.
fn untranslated_terms(
    settings: &Settings,
    sources: &[Source],
    lang: &str,
) -> Vec<UntranslatedTerm> {
    let default = settings.default_language.as_str();
    let is_card = |s: &&Source| s.front.kind == crate::content::Kind::Card;
    // A copy started and not translated yet is shown as its source.
    let translated: std::collections::HashSet<&str> = sources
        .iter()
        .filter(|s| s.lang == lang && !s.front.is_started_translation())
        .map(|s| s.rel.as_str())
        .collect();
    let fallback_shown = settings.untranslated == crate::config::Untranslated::Fallback;
    let cards = sources.iter().filter(is_card).filter(|s| {
        if s.lang == lang {
            translated.contains(s.rel.as_str())
        } else {
            s.lang == default && fallback_shown && !translated.contains(s.rel.as_str())
        }
    });
    let mut found: BTreeMap<(String, String), Vec<String>> = BTreeMap::new();
    for card in cards {
        for (field, values) in [
            ("tags", &card.front.tags),
            ("audience", &card.front.audience),
            ("settings", &card.front.settings),
        ] {
            for raw in values {
                let term = settings
                    .terms
                    .resolve(field, lang, default, raw, &card.lang);
                if term.translated {
                    continue;
                }
                let used_by = found.entry((field.to_string(), term.name)).or_default();
                if !used_by.contains(&card.rel) {
                    used_by.push(card.rel.clone());
                }
            }
        }
    }
    found
        .into_iter()
        .map(|((facet, term), mut used_by)| {
            used_by.sort();
            UntranslatedTerm {
                facet,
                term,
                used_by,
            }
        })
        .collect()
}

/// Whether a translation reviewed against `recorded` is outdated now that its
/// source's text is `current`: what the model's outdated notices need, without
/// assessing the whole toolkit.
pub fn is_outdated(recorded: Option<&SourceHash>, current: &Fingerprint) -> bool {
    recorded.is_some_and(|r| !is_current(r, current))
}

/// The state of a translation reviewed against `recorded` (its
/// `source_hash`), now that its source's text is `current`.
pub fn state_of(recorded: Option<&SourceHash>, current: &Fingerprint) -> State {
    match recorded {
        None => State::Unreviewed,
        Some(recorded) if is_current(recorded, current) => State::UpToDate,
        Some(recorded) => State::Outdated {
            changed: changed_parts(recorded, current),
        },
    }
}

impl Report {
    /// Gives the translation of `rel` into `lang` a new state, moving it to
    /// that state's list: `serve` keeps the report current as sources change.
    pub fn restate(&mut self, lang: &str, rel: &str, state: State) {
        let Some(language) = self.languages.iter_mut().find(|l| l.code == lang) else {
            return;
        };
        let mut entry = None;
        for list in [
            &mut language.translated,
            &mut language.outdated,
            &mut language.unreviewed,
        ] {
            if let Some(i) = list.iter().position(|t| t.path == rel) {
                entry = Some(list.remove(i));
            }
        }
        let Some(mut entry) = entry else {
            return;
        };
        let list = match state {
            State::UpToDate => &mut language.translated,
            State::Outdated { .. } => &mut language.outdated,
            State::Unreviewed => &mut language.unreviewed,
        };
        entry.state = state;
        let at = list.partition_point(|t| t.path < entry.path);
        list.insert(at, entry);
        language.counts.translated = language.translated.len();
        language.counts.outdated = language.outdated.len();
        language.counts.unreviewed = language.unreviewed.len();
    }
}

fn is_current(recorded: &SourceHash, current: &Fingerprint) -> bool {
    recorded.whole == long_hex(current.whole)
}

fn compare(
    original: &Source,
    current: &Fingerprint,
    translation: &Source,
    ui: &UiStrings,
    cache: &FingerprintCache,
) -> Translation {
    let state = state_of(translation.front.source_hash.as_ref(), current);
    let own = cache.of(translation, ui);
    let missing_parts = current.anchors.difference(&own.anchors).cloned().collect();
    Translation {
        path: translation.rel.clone(),
        file: translation.file.clone(),
        source_file: original.file.clone(),
        state,
        missing_parts,
        started: translation.front.is_started_translation(),
    }
}

/// Parts whose hash differs from the recorded one, or that were added or removed.
fn changed_parts(recorded: &SourceHash, current: &Fingerprint) -> Vec<String> {
    if recorded.parts.is_empty() {
        return Vec::new();
    }
    let mut changed: Vec<String> = current
        .parts
        .iter()
        .filter(|(name, hash)| recorded.parts.get(*name) != Some(&short_hex(**hash)))
        .map(|(name, _)| name.clone())
        .collect();
    changed.extend(
        recorded
            .parts
            .keys()
            .filter(|name| !current.parts.contains_key(*name))
            .cloned(),
    );
    changed.sort();
    changed
}

/// The report as text for a terminal.
pub fn to_text(report: &Report, settings: &Settings) -> String {
    let mut out = String::new();
    let default_name = settings
        .language(&report.default_language)
        .map(|l| l.name.as_str())
        .unwrap_or(&report.default_language);
    out.push_str(&format!(
        "Translations of {} from {default_name} ({})\n",
        settings.title, report.default_language
    ));
    if report.languages.is_empty() {
        out.push_str("\nNo other languages are configured in cardstock.yaml.\n");
    }
    for lang in &report.languages {
        out.push_str(&format!(
            "\n{} ({}): {} translated, {} outdated, {} not reviewed, {} missing\n",
            lang.name,
            lang.code,
            lang.translated.len(),
            lang.outdated.len(),
            lang.unreviewed.len(),
            lang.missing.len()
        ));
        let ui = &lang.ui_strings;
        out.push_str(&format!(
            "  UI strings (i18n/{}.yaml): {} translated, {} untranslated of {}\n",
            lang.code, ui.translated, ui.untranslated, ui.total
        ));
        let section = |out: &mut String, heading: &str, lines: Vec<String>| {
            if !lines.is_empty() {
                out.push_str(&format!("  {heading}:\n"));
                for line in lines {
                    out.push_str(&format!("    {line}\n"));
                }
            }
        };
        section(
            &mut out,
            "translated",
            lang.translated.iter().map(|t| t.path.clone()).collect(),
        );
        section(
            &mut out,
            "outdated",
            lang.outdated
                .iter()
                .map(|t| match &t.state {
                    State::Outdated { changed } if !changed.is_empty() => {
                        format!("{}  (changed: {})", t.path, changed.join(", "))
                    }
                    _ => format!("{}  (changed: not recorded)", t.path),
                })
                .collect(),
        );
        section(
            &mut out,
            "not reviewed (no source_hash)",
            lang.unreviewed
                .iter()
                .map(|t| match t.started {
                    true => format!("{}  (started, not translated yet)", t.path),
                    false => t.path.clone(),
                })
                .collect(),
        );
        section(
            &mut out,
            "missing",
            lang.missing.iter().map(|m| m.path.clone()).collect(),
        );
        section(
            &mut out,
            "incomplete",
            lang.translations()
                .filter(|t| !t.missing_parts.is_empty())
                .map(|t| format!("{}  (lacks: {})", t.path, t.missing_parts.join(", ")))
                .collect(),
        );
        section(
            &mut out,
            "without a source in the default language",
            lang.without_source.clone(),
        );
        section(
            &mut out,
            "terms shown untranslated (add labels in content/_taxonomies/<facet>.yaml)",
            lang.untranslated_terms
                .iter()
                .map(|t| format!("{}: {}  (on {})", t.facet, t.term, t.used_by.join(", ")))
                .collect(),
        );
    }
    if report.needs_work() {
        out.push_str(
            "\nStart a missing translation:  cardstock translations start LANG PATH\n\
             After reviewing a translation: cardstock translations mark LANG PATH\n",
        );
    }
    out
}
