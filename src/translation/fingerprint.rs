//! The translatable text of a source, cut into named parts, and the
//! language-independent ids its structure is made of.
//!
//! Part names, as written in `source_hash.parts` and shown by the report:
//!
//! | part | what it covers |
//! |---|---|
//! | `title`, `summary` | those keys |
//! | `body` | the Markdown body of a page, and the introduction of a change package or resource list |
//! | `also_called`, `duration`, `tags`, `audience`, `settings`, `key_citation`, `illustrative_application` | those keys of a strategy card (a citation by its title) |
//! | `what`, `intended-for`, `conducted-by`, `how`, `where`, `considerations`, `more-information` | the sections of a strategy card |
//! | `aim`, `measures` | the aim and the package-wide measures of a change package |
//! | `driver.<id>` | a primary or secondary driver's title and description |
//! | `idea.<id>` | a change idea: title, description, PDSA cycles, measures |
//! | `category.<id>` | a resource category: its title, description and its resources' texts |
//!
//! The alignment ids are the part names plus `resource <url or doi>` for each
//! resource; a translation lacking one its source has is reported.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::{Arc, Mutex};

use pulldown_cmark::HeadingLevel;

use super::hash::{ITEM_SEPARATOR, hash_named, hash_text};
use crate::content::card_schema::{self, CARD_SECTIONS, WHO_SUBSECTIONS};
use crate::content::{ChangeIdea, FrontMatter, Kind, Measure, Reference, Source};
use crate::i18n::UiStrings;
use crate::markdown::{SourceSection, source_sections};

/// What a version of a source's translatable text is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fingerprint {
    /// Covers every part: changes when any part changes.
    pub whole: u64,
    pub parts: BTreeMap<String, u64>,
    /// The ids a translation must have to stay aligned with this source.
    pub anchors: BTreeSet<String>,
}

impl Fingerprint {
    pub fn of(source: &Source, ui: &UiStrings) -> Fingerprint {
        let mut parts = Parts::default();
        let f = &source.front;
        parts.text("title", &f.title);
        parts.optional("summary", f.summary.as_deref());
        match f.kind {
            Kind::Page | Kind::Resources | Kind::ChangePackage => parts.text("body", &source.body),
            Kind::Card => {}
        }
        match f.kind {
            Kind::Page => {}
            Kind::Card => card_parts(source, ui, &mut parts),
            Kind::ChangePackage => change_package_parts(source, &mut parts),
            Kind::Resources => resource_parts(source, &mut parts),
        }
        let whole = hash_named(parts.hashes.iter().map(|(k, v)| (k.as_str(), *v)));
        let mut anchors: BTreeSet<String> = parts.hashes.keys().cloned().collect();
        anchors.extend(parts.extra_anchors);
        Fingerprint {
            whole,
            parts: parts.hashes,
            anchors,
        }
    }
}

/// Fingerprints kept between rebuilds, for `serve`. A source whose front
/// matter is the very object fingerprinted last time (its file has not been
/// read again since) keeps its fingerprint. Holding the `Arc` keeps its
/// address from being reused by another source. The owner clears the cache
/// when the UI strings change, as card sections are found through them.
#[derive(Debug, Default)]
pub struct FingerprintCache {
    entries: Mutex<KeptFingerprints>,
}

/// Source file → the front matter fingerprinted and its fingerprint.
type KeptFingerprints = HashMap<String, (Arc<FrontMatter>, Arc<Fingerprint>)>;

impl FingerprintCache {
    /// The fingerprint of `source`, computed only if it changed.
    pub fn of(&self, source: &Source, ui: &UiStrings) -> Arc<Fingerprint> {
        if let Some((front, kept)) = self.lock().get(&source.file)
            && Arc::ptr_eq(front, &source.front)
        {
            return Arc::clone(kept);
        }
        let fingerprint = Arc::new(Fingerprint::of(source, ui));
        self.lock().insert(
            source.file.clone(),
            (Arc::clone(&source.front), Arc::clone(&fingerprint)),
        );
        fingerprint
    }

    pub fn clear(&self) {
        self.lock().clear();
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, KeptFingerprints> {
        // A poisoned lock only means another thread panicked; the map is still whole.
        self.entries.lock().unwrap_or_else(|e| e.into_inner())
    }
}

#[derive(Default)]
struct Parts {
    hashes: BTreeMap<String, u64>,
    extra_anchors: Vec<String>,
}

impl Parts {
    /// Adds a part unless its text is empty: an empty part is no text to translate.
    fn text(&mut self, name: &str, text: &str) {
        if !text.trim().is_empty() {
            self.hashes.insert(name.to_string(), hash_text(text));
        }
    }

    fn optional(&mut self, name: &str, text: Option<&str>) {
        if let Some(text) = text {
            self.text(name, text);
        }
    }

    fn list(&mut self, name: &str, items: &[String]) {
        self.text(name, &join(items.iter().map(String::as_str)));
    }
}

fn join<'a>(items: impl IntoIterator<Item = &'a str>) -> String {
    items
        .into_iter()
        .collect::<Vec<_>>()
        .join(&ITEM_SEPARATOR.to_string())
}

fn reference_title(r: &Option<Reference>) -> Option<&str> {
    r.as_ref().map(|r| r.title.as_str())
}

fn card_parts(source: &Source, ui: &UiStrings, parts: &mut Parts) {
    let f = &source.front;
    parts.list("also_called", &f.also_called);
    parts.optional("duration", f.duration.as_deref());
    parts.list("tags", &f.tags);
    parts.list("audience", &f.audience);
    parts.list("settings", &f.settings);
    parts.optional("key_citation", reference_title(&f.key_citation));
    parts.optional(
        "illustrative_application",
        reference_title(&f.illustrative_application),
    );
    for (id, text) in card_sections(&source.body, ui) {
        parts.text(id, text);
    }
}

/// The card sections of a body by id; `who` is split into its two sub-sections.
pub fn card_sections<'a>(body: &'a str, ui: &UiStrings) -> Vec<(&'static str, &'a str)> {
    let (_, sections) = source_sections(body, HeadingLevel::H2);
    let mut found = Vec::new();
    for section in &sections {
        let Some(id) = section_id(section, &CARD_SECTIONS, ui) else {
            continue;
        };
        if id == "who" {
            let (_, children) = source_sections(section.text, HeadingLevel::H3);
            for child in &children {
                if let Some(child_id) = section_id(child, &WHO_SUBSECTIONS, ui) {
                    found.push((child_id, child.text));
                }
            }
        } else {
            found.push((id, section.text));
        }
    }
    found
}

/// A section's id: written as `{#id}`, or found from its heading in any language.
pub fn section_id(
    section: &SourceSection,
    allowed: &[&'static str],
    ui: &UiStrings,
) -> Option<&'static str> {
    card_schema::identify(section.id.as_deref(), &section.heading, allowed, ui)
}

fn measures_text(measures: &[Measure]) -> String {
    join(
        measures
            .iter()
            .flat_map(|m| [m.name.as_str(), m.definition.as_deref().unwrap_or("")]),
    )
}

fn idea_text(idea: &ChangeIdea) -> String {
    let mut texts = vec![
        idea.title.clone(),
        idea.description.clone().unwrap_or_default(),
    ];
    for cycle in &idea.pdsa {
        texts.extend([
            cycle.title.clone(),
            cycle.plan.clone(),
            cycle.do_.clone(),
            cycle.study.clone(),
            cycle.act.clone(),
        ]);
    }
    texts.push(measures_text(&idea.measures));
    join(texts.iter().map(String::as_str))
}

fn change_package_parts(source: &Source, parts: &mut Parts) {
    let f = &source.front;
    parts.optional("aim", f.aim.as_deref());
    parts.text("measures", &measures_text(&f.measures));
    for d in &f.primary_drivers {
        let text = join([d.title.as_str(), d.description.as_deref().unwrap_or("")]);
        parts.text(&format!("driver.{}", d.id), &text);
    }
    for d in &f.secondary_drivers {
        let text = join([d.title.as_str(), d.description.as_deref().unwrap_or("")]);
        parts.text(&format!("driver.{}", d.id), &text);
    }
    for idea in &f.change_ideas {
        parts.text(&format!("idea.{}", idea.id), &idea_text(idea));
    }
}

fn resource_parts(source: &Source, parts: &mut Parts) {
    for cat in &source.front.categories {
        let mut texts = vec![
            cat.title.clone(),
            cat.description.clone().unwrap_or_default(),
        ];
        for r in &cat.resources {
            texts.push(r.title.clone());
            texts.push(r.description.clone().unwrap_or_default());
            texts.push(join(r.audience.iter().map(String::as_str)));
            texts.push(join(r.tags.iter().map(String::as_str)));
            if let Some(key) = r.url.as_deref().or(r.doi.as_deref()) {
                parts.extra_anchors.push(format!("resource {key}"));
            }
        }
        parts.text(
            &format!("category.{}", cat.id),
            &join(texts.iter().map(String::as_str)),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::{SourceFile, Theme};

    fn ui() -> UiStrings {
        let mut theme = Theme::default();
        theme.strings.insert(
            "en".into(),
            vec![("en".into(), "sections:\n  what: What\n  who: Who\n  intended-for: Intended for\n  conducted-by: Conducted by\n  how: How\n".into())],
        );
        theme.strings.insert(
            "es".into(),
            vec![("es".into(), "sections:\n  what: Qué\n  how: Cómo\n".into())],
        );
        UiStrings::load(&theme, &["en".into(), "es".into()]).unwrap()
    }

    fn card(lang: &str, body: &str) -> Source {
        let text = format!(
            "---\nkind: card\ntitle: T\nsummary: S\nkey_citation:\n  title: K\n  url: https://example.org/k\n---\n{body}"
        );
        crate::content::parse_source(&SourceFile {
            lang: lang.into(),
            rel: "strategies/t.md".into(),
            file: format!("content/{lang}/strategies/t.md"),
            text,
        })
        .unwrap()
    }

    const BODY: &str =
        "## What\n\nw\n\n## Who\n\n### Intended for\n\ni\n\n### Conducted by\n\nc\n\n## How\n\nh\n";

    #[test]
    fn card_parts_are_found_by_section_in_any_language() {
        let ui = ui();
        let english = Fingerprint::of(&card("en", BODY), &ui);
        let keys: Vec<&str> = english.parts.keys().map(String::as_str).collect();
        assert_eq!(
            keys,
            [
                "conducted-by",
                "how",
                "intended-for",
                "key_citation",
                "summary",
                "title",
                "what"
            ]
        );
        let spanish = Fingerprint::of(
            &card(
                "es",
                "## Qué\n\nq\n\n## Quién {#who}\n\n### A {#intended-for}\n\ni\n\n### B {#conducted-by}\n\nc\n\n## Cómo\n\nh\n",
            ),
            &ui,
        );
        assert_eq!(english.anchors, spanish.anchors);
    }

    #[test]
    fn a_changed_section_changes_only_its_part() {
        let ui = ui();
        let before = Fingerprint::of(&card("en", BODY), &ui);
        let after = Fingerprint::of(
            &card("en", &BODY.replace("\nh\n", "\nh, now longer\n")),
            &ui,
        );
        assert_ne!(before.whole, after.whole);
        let changed: Vec<&String> = before
            .parts
            .iter()
            .filter(|(k, v)| after.parts.get(*k) != Some(v))
            .map(|(k, _)| k)
            .collect();
        assert_eq!(changed, ["how"]);
    }
}
