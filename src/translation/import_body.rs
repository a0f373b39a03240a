//! The body of an imported translation: the source's body with each
//! translated paragraph (or whole section) in place of the English one, the
//! existing translation's text where its paragraphs line up, and a card's
//! headings in the translation's own words with their `{#id}`.

use std::collections::{BTreeMap, HashMap};

use pulldown_cmark::HeadingLevel;

use super::files::{Workspace, with_section_ids};
use super::fingerprint::section_id;
use super::units::{Place, Unit, body_units};
use crate::content::Kind;
use crate::content::card_schema::{CARD_SECTIONS, WHO_SUBSECTIONS, heading_marks};
use crate::i18n::UiStrings;
use crate::markdown::source_sections;

impl Workspace {
    /// The source's body with the translated units in place of its own, the
    /// existing translation's text for the others (where its paragraphs line
    /// up with the source's), and a card's headings in the translation's words.
    pub(super) fn translated_body(
        &self,
        lang: &str,
        source_body: &str,
        kind: Kind,
        existing: Option<&str>,
        targets: &BTreeMap<&str, String>,
    ) -> String {
        let template = if kind == Kind::Card {
            with_section_ids(source_body, &self.ui)
        } else {
            source_body.to_string()
        };
        let template_units = body_units(&template, kind, &self.ui);
        let existing_units = existing
            .map(|b| body_units(b, kind, &self.ui))
            .unwrap_or_default();
        let aligned = |part: &str| {
            template_units.iter().filter(|u| u.part == part).count()
                == existing_units.iter().filter(|u| u.part == part).count()
        };
        // Parts translated as one whole unit: their text replaces the part's
        // blocks, from the first to the last, whatever their number.
        let whole = |part: &str| targets.get(part).filter(|_| part_of(&template_units, part));
        let span = |units: &[Unit], part: &str| {
            units
                .iter()
                .filter(|u| u.part == part)
                .filter_map(|u| match &u.place {
                    Place::Body(r) => Some(r.clone()),
                    Place::Front(_) => None,
                })
                .reduce(|a, b| a.start.min(b.start)..a.end.max(b.end))
        };
        let existing_by_id: HashMap<&str, &Unit> =
            existing_units.iter().map(|u| (u.id.as_str(), u)).collect();
        // A translation that lines up with its source everywhere is edited in
        // place: only the paragraphs whose text changes are touched.
        if let Some(existing) = existing
            && template_units.iter().all(|u| {
                aligned(&u.part) || (whole(&u.part).is_some() && part_of(&existing_units, &u.part))
            })
            && !existing_units.is_empty()
        {
            let same = |a: &str, b: &str| a.split_whitespace().eq(b.split_whitespace());
            let mut wholes: Vec<&str> = Vec::new();
            let mut edits: Vec<(std::ops::Range<usize>, String)> = Vec::new();
            for u in &existing_units {
                if wholes.contains(&u.part.as_str()) {
                    continue;
                }
                if let (Some(text), Some(range)) = (whole(&u.part), span(&existing_units, &u.part))
                {
                    wholes.push(u.part.as_str());
                    edits.push((range, text.clone()));
                }
            }
            edits.extend(
                existing_units
                    .iter()
                    .filter(|u| !wholes.contains(&u.part.as_str()))
                    .filter_map(|u| {
                        let target = targets.get(u.id.as_str())?;
                        let Place::Body(range) = &u.place else {
                            return None;
                        };
                        (!same(target, &u.text)).then(|| (range.clone(), flatten_lines(target)))
                    }),
            );
            edits.sort_by_key(|(r, _)| std::cmp::Reverse(r.start));
            let mut body = existing.to_string();
            for (range, text) in edits {
                body.replace_range(range, &text);
            }
            return body;
        }
        let mut edits: Vec<(std::ops::Range<usize>, String)> = Vec::new();
        let mut wholes: Vec<&str> = Vec::new();
        for unit in &template_units {
            let Place::Body(range) = &unit.place else {
                continue;
            };
            if wholes.contains(&unit.part.as_str()) {
                continue;
            }
            if let (Some(text), Some(range)) =
                (whole(&unit.part), span(&template_units, &unit.part))
            {
                wholes.push(unit.part.as_str());
                edits.push((range, text.clone()));
                continue;
            }
            let text = targets.get(unit.id.as_str()).cloned().or_else(|| {
                aligned(&unit.part)
                    .then(|| existing_by_id.get(unit.id.as_str()).map(|u| u.text.clone()))
                    .flatten()
            });
            if let Some(text) = text {
                edits.push((range.clone(), flatten_lines(&text)));
            }
        }
        if kind == Kind::Card {
            let theirs = existing
                .map(|b| section_headings(b, &self.ui))
                .unwrap_or_default();
            for (id, range, _) in heading_lines(&template, &self.ui) {
                let label = theirs.get(id).cloned().or_else(|| {
                    let key = format!("sections.{id}");
                    Some(self.ui.get(lang, &key)).filter(|l| *l != key)
                });
                if let Some(label) = label {
                    edits.push((range, format!("{} {label} {{#{id}}}", heading_marks(id))));
                }
            }
        }
        edits.sort_by_key(|(r, _)| std::cmp::Reverse(r.start));
        let mut body = template;
        for (range, text) in edits {
            body.replace_range(range, &text);
        }
        body
    }
}

/// Whether `units` have any unit of `part`.
fn part_of(units: &[Unit], part: &str) -> bool {
    units.iter().any(|u| u.part == part)
}

/// A translated paragraph on one line: a line break inside a list item
/// would have to be indented, and a soft break is a space anyway.
fn flatten_lines(text: &str) -> String {
    text.split('\n')
        .map(str::trim)
        .collect::<Vec<_>>()
        .join(" ")
}

/// Each card section heading line of `body` (H2 and the sub-sections of
/// `who`): its id, its byte range without the newline, and its text.
fn heading_lines(
    body: &str,
    ui: &UiStrings,
) -> Vec<(&'static str, std::ops::Range<usize>, String)> {
    let line = |start: usize| start..body[start..].find('\n').map_or(body.len(), |i| start + i);
    let mut out = Vec::new();
    let (_, sections) = source_sections(body, HeadingLevel::H2);
    for section in &sections {
        let Some(id) = section_id(section, &CARD_SECTIONS, ui) else {
            continue;
        };
        out.push((
            id,
            line(section.heading_range.start),
            section.heading.clone(),
        ));
        if id == "who" {
            let (_, children) = source_sections(section.text, HeadingLevel::H3);
            for child in &children {
                if let Some(child_id) = section_id(child, &WHO_SUBSECTIONS, ui) {
                    out.push((
                        child_id,
                        line(section.text_start + child.heading_range.start),
                        child.heading.clone(),
                    ));
                }
            }
        }
    }
    out
}

/// A translation's card section headings by id.
fn section_headings(body: &str, ui: &UiStrings) -> HashMap<&'static str, String> {
    heading_lines(body, ui)
        .into_iter()
        .map(|(id, _, text)| (id, text))
        .collect()
}
