//! Records: what search finds, taken from the site model.
//!
//! A *unit* is one search result: a strategy card, a change package, one of
//! its change ideas, one resource of a resource list, or a plain page. A unit
//! has *records*: its head (title, "also called", summary, tags) and one
//! record per section (a card's What, How…; a page's headings), each with the
//! anchor a result links to. Ranking works on records; results show units,
//! each with its best-matching section.

use super::html_text::{split_html_at_headings, split_link_lists};
use crate::content::{Category, Resource};
use crate::model::{Body, CardSection, Facet, Page, PageId, Site};

/// What kind of content a unit is. The order is the order units are numbered
/// in, so the content-type facet is a few id ranges in the manifest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ContentType {
    Card,
    ChangePackage,
    ChangeIdea,
    Resource,
    Page,
}

impl ContentType {
    pub const ALL: [ContentType; 5] = [
        ContentType::Card,
        ContentType::ChangePackage,
        ContentType::ChangeIdea,
        ContentType::Resource,
        ContentType::Page,
    ];

    pub fn id(self) -> &'static str {
        match self {
            ContentType::Card => "card",
            ContentType::ChangePackage => "change_package",
            ContentType::ChangeIdea => "change_idea",
            ContentType::Resource => "resource",
            ContentType::Page => "page",
        }
    }
}

/// The text fields of a record. Ranking weighs them differently.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Title,
    AlsoCalled,
    Summary,
    Tags,
    Heading,
    Body,
    /// Link lists and citations: titles of other works, not what this unit is about.
    Links,
}

pub const FIELD_COUNT: usize = 7;

impl Field {
    pub const ALL: [Field; FIELD_COUNT] = [
        Field::Title,
        Field::AlsoCalled,
        Field::Summary,
        Field::Tags,
        Field::Heading,
        Field::Body,
        Field::Links,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Field::Title => "title",
            Field::AlsoCalled => "also_called",
            Field::Summary => "summary",
            Field::Tags => "tags",
            Field::Heading => "heading",
            Field::Body => "body",
            Field::Links => "links",
        }
    }
}

/// The facets a unit can be filtered by, besides its content type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FacetId {
    Tags,
    Audiences,
    Settings,
    ResourceKind,
}

impl FacetId {
    pub const ALL: [FacetId; 4] = [
        FacetId::Tags,
        FacetId::Audiences,
        FacetId::Settings,
        FacetId::ResourceKind,
    ];

    /// File name part, and key into the UI strings.
    pub fn id(self) -> &'static str {
        match self {
            FacetId::Tags => "tags",
            FacetId::Audiences => "audiences",
            FacetId::Settings => "settings",
            FacetId::ResourceKind => "resource_kind",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Unit {
    pub kind: ContentType,
    pub title: String,
    /// The page's site path (`en/strategies/x/`).
    pub path: String,
    /// Where in the page the unit starts, for change ideas and resources.
    pub anchor: Option<String>,
    /// Language of the text (differs from the index's for untranslated pages).
    pub lang: String,
    pub also_called: Vec<String>,
    /// Facet → values as written (grouped by slug when the index is written).
    pub facets: Vec<(FacetId, Vec<String>)>,
    /// Resource kinds are labelled from the UI strings, not by the author.
    pub resource_kind: Option<&'static str>,
    pub records: Vec<Record>,
}

#[derive(Debug, Clone, Default)]
pub struct Record {
    /// The section name shown in a result ("How"); none for the head.
    pub label: Option<String>,
    pub anchor: Option<String>,
    pub fields: Vec<(Field, String)>,
}

impl Record {
    fn head(fields: Vec<(Field, String)>) -> Record {
        Record {
            label: None,
            anchor: None,
            fields,
        }
    }

    fn section(label: String, anchor: String, body: String) -> Record {
        Record {
            label: Some(label),
            anchor: Some(anchor),
            fields: vec![(Field::Body, body)],
        }
    }

    fn with_links(mut self, links: String) -> Record {
        if !links.trim().is_empty() {
            self.fields.push((Field::Links, links));
        }
        self
    }

    /// The text shown as a snippet: the body and its links, else the summary.
    pub fn display_text(&self) -> String {
        let pick = |f: Field| {
            self.fields
                .iter()
                .filter(|(field, _)| *field == f)
                .map(|(_, t)| t.as_str())
                .collect::<Vec<_>>()
                .join(" ")
        };
        let mut body = pick(Field::Body);
        let links = pick(Field::Links);
        if !links.trim().is_empty() {
            if !body.is_empty() {
                body.push_str(" \n");
            }
            body.push_str(&links);
        }
        if body.trim().is_empty() {
            pick(Field::Summary)
        } else {
            body
        }
    }
}

/// Units beyond this many records fold their last sections into one, so a
/// record id stays `unit * stride + record` with a small stride.
pub const MAX_RECORDS_PER_UNIT: usize = 64;

/// The units of one page, in the order they appear on it.
pub fn page_units(site: &Site, id: PageId) -> Vec<Unit> {
    let page = &site.pages[id];
    let mut units = match page.body.as_ref() {
        Body::Card(card) => vec![card_unit(site, page, &card.sections)],
        Body::ChangePackage(cp) => {
            let mut units = vec![change_package_unit(site, page, &cp.intro_html)];
            units.extend(cp.change_ideas.iter().map(|view| {
                let idea = &view.idea;
                let (description, links) = split_link_lists(&view.description_html);
                let mut body = vec![description];
                body.extend(view.serves.iter().map(|(_, title)| title.clone()));
                for cycle in &idea.pdsa {
                    body.extend([
                        cycle.title.clone(),
                        cycle.plan.clone(),
                        cycle.do_.clone(),
                        cycle.study.clone(),
                        cycle.act.clone(),
                    ]);
                }
                for m in &idea.measures {
                    body.push(m.name.clone());
                    body.extend(m.definition.clone());
                }
                let mut head = Record::head(vec![
                    (Field::Title, idea.title.clone()),
                    (Field::Body, body.join(" \n")),
                ])
                .with_links(links);
                head.anchor = Some(format!("idea-{}", idea.id));
                base_unit(page, ContentType::ChangeIdea, &idea.title)
                    .with_anchor(format!("idea-{}", idea.id))
                    .with_records(vec![head])
            }));
            units
        }
        Body::Resources { intro_html } => {
            let mut units = vec![page_unit(page, intro_html)];
            units.extend(resource_units(site, page, &page.front.categories));
            units
        }
        Body::Page { html } => vec![page_unit(page, html)],
    };
    for unit in &mut units {
        cap_records(&mut unit.records);
    }
    units
}

impl Unit {
    fn with_anchor(mut self, anchor: String) -> Unit {
        self.anchor = Some(anchor);
        self
    }

    fn with_records(mut self, records: Vec<Record>) -> Unit {
        self.records = records;
        self
    }
}

fn base_unit(page: &Page, kind: ContentType, title: &str) -> Unit {
    Unit {
        kind,
        title: title.to_string(),
        path: page.path.clone(),
        anchor: None,
        lang: page.content_lang.clone(),
        also_called: Vec::new(),
        facets: Vec::new(),
        resource_kind: None,
        records: Vec::new(),
    }
}

fn card_unit(site: &Site, page: &Page, sections: &[CardSection]) -> Unit {
    let f = &page.front;
    let label = |id: &str| {
        site.ui
            .get(&page.lang, &format!("sections.{id}"))
            .to_string()
    };
    let mut records = vec![Record::head(vec![
        (Field::Title, f.title.clone()),
        (Field::AlsoCalled, f.also_called.join(" \n")),
        (Field::Summary, f.summary.clone().unwrap_or_default()),
        (
            Field::Tags,
            // As written and as the site's language names them, so either
            // spelling of a translated term finds the card.
            {
                let mut words: Vec<String> = Vec::new();
                for (facet, raw) in terms_of(page) {
                    for word in [raw.clone(), site.term(facet, page, raw).name] {
                        if !words.contains(&word) {
                            words.push(word);
                        }
                    }
                }
                words.join(" \n")
            },
        ),
    ])];
    for section in sections {
        let (text, mut links) = split_link_lists(&section.html);
        if section.id == "more-information" {
            for r in [&f.key_citation, &f.illustrative_application]
                .into_iter()
                .flatten()
            {
                links.push_str(" \n");
                links.push_str(&r.title);
            }
        }
        if !text.trim().is_empty() || !links.trim().is_empty() {
            records.push(
                Record::section(label(section.id), section.id.to_string(), text).with_links(links),
            );
        }
        for child in &section.children {
            let (text, links) = split_link_lists(&child.html);
            records.push(
                Record::section(label(child.id), child.id.to_string(), text).with_links(links),
            );
        }
    }
    let mut unit = base_unit(page, ContentType::Card, &f.title).with_records(records);
    unit.also_called = f.also_called.clone();
    // Named as the site's language names them: spellings the toolkit
    // translates are one facet value ([`Site::term`]).
    let named = |facet: Facet| -> Vec<String> {
        facet
            .values(f)
            .iter()
            .map(|raw| site.term(facet, page, raw).name)
            .collect()
    };
    unit.facets = vec![
        (FacetId::Tags, named(Facet::Tags)),
        (FacetId::Audiences, named(Facet::Audience)),
        (FacetId::Settings, named(Facet::Settings)),
    ];
    unit
}

/// A card's terms with their facet.
fn terms_of(page: &Page) -> impl Iterator<Item = (Facet, &String)> {
    Facet::ALL.into_iter().flat_map(move |facet| {
        facet
            .values(&page.front)
            .iter()
            .map(move |raw| (facet, raw))
    })
}

fn change_package_unit(site: &Site, page: &Page, intro_html: &str) -> Unit {
    let f = &page.front;
    let t = |key: &str| site.ui.get(&page.lang, key).to_string();
    let mut records = heading_records(page, intro_html);
    if let Some(aim) = &f.aim {
        records.push(Record::section(
            t("change_package.aim"),
            "aim".into(),
            aim.clone(),
        ));
    }
    let mut drivers = Vec::new();
    for d in &f.primary_drivers {
        drivers.push(d.title.clone());
        drivers.extend(d.description.clone());
    }
    for d in &f.secondary_drivers {
        drivers.push(d.title.clone());
        drivers.extend(d.description.clone());
    }
    if !drivers.is_empty() {
        records.push(Record::section(
            t("change_package.structure"),
            "driver-list".into(),
            drivers.join(" \n"),
        ));
    }
    let measures: Vec<String> = f
        .measures
        .iter()
        .flat_map(|m| std::iter::once(m.name.clone()).chain(m.definition.clone()))
        .collect();
    if !measures.is_empty() {
        records.push(Record::section(
            t("change_package.package_measures"),
            "package-measures".into(),
            measures.join(" \n"),
        ));
    }
    base_unit(page, ContentType::ChangePackage, &f.title).with_records(records)
}

fn page_unit(page: &Page, html: &str) -> Unit {
    base_unit(page, ContentType::Page, &page.front.title).with_records(heading_records(page, html))
}

/// The head (title, summary and any text before the first heading), then one
/// record per heading of the body.
fn heading_records(page: &Page, html: &str) -> Vec<Record> {
    let (before, sections) = split_html_at_headings(html);
    let mut head = Record::head(vec![
        (Field::Title, page.front.title.clone()),
        (
            Field::Summary,
            page.front.summary.clone().unwrap_or_default(),
        ),
    ]);
    if !before.text.trim().is_empty() {
        head.fields.push((Field::Body, before.text));
    }
    // Link lists rank lowest on any page, as in cards.
    let mut records = vec![head.with_links(before.links)];
    for s in sections {
        let record = Record {
            label: Some(s.heading.clone()),
            anchor: Some(s.id),
            fields: vec![(Field::Heading, s.heading), (Field::Body, s.text)],
        };
        records.push(record.with_links(s.links));
    }
    records
}

fn resource_units(site: &Site, page: &Page, categories: &[Category]) -> Vec<Unit> {
    let anchors = crate::model::resource_anchors(categories);
    let mut units = Vec::new();
    for (cat, cat_anchors) in categories.iter().zip(anchors) {
        for (r, anchor) in cat.resources.iter().zip(cat_anchors) {
            units.push(resource_unit(site, page, cat, r, anchor));
        }
    }
    units
}

fn resource_unit(site: &Site, page: &Page, cat: &Category, r: &Resource, anchor: String) -> Unit {
    let kind = r.kind.as_str();
    let kind_label = site
        .ui
        .get(&page.lang, &format!("resources.kinds.{kind}"))
        .to_string();
    let mut head = Record::head(vec![
        (Field::Title, r.title.clone()),
        (Field::Summary, r.description.clone().unwrap_or_default()),
        (
            Field::Tags,
            r.tags
                .iter()
                .chain(&r.audience)
                .cloned()
                .chain([kind_label, cat.title.clone()])
                .collect::<Vec<_>>()
                .join(" \n"),
        ),
    ]);
    head.anchor = Some(anchor.clone());
    let mut unit = base_unit(page, ContentType::Resource, &r.title)
        .with_anchor(anchor)
        .with_records(vec![head]);
    let named = |facet: Facet, values: &[String]| -> Vec<String> {
        values
            .iter()
            .map(|raw| site.term(facet, page, raw).name)
            .collect()
    };
    unit.facets = vec![
        (FacetId::Tags, named(Facet::Tags, &r.tags)),
        (FacetId::Audiences, named(Facet::Audience, &r.audience)),
    ];
    unit.resource_kind = Some(kind);
    unit
}

/// Keeps at most [`MAX_RECORDS_PER_UNIT`] records, merging the surplus into the last.
fn cap_records(records: &mut Vec<Record>) {
    if records.len() <= MAX_RECORDS_PER_UNIT {
        return;
    }
    let surplus: Vec<Record> = records.drain(MAX_RECORDS_PER_UNIT..).collect();
    if let Some(last) = records.last_mut() {
        for r in surplus {
            last.fields.extend(r.fields);
        }
    }
}

/// Whether a page is searched in a language: the pages of that language's
/// site. These include its *fallback pages* (a default-language page shown
/// untranslated at `/<lang>/…`): they are found in the language the reader
/// searches in, link to the fallback page (the reader stays in their site),
/// are stemmed in the language of their text and marked with it in results.
/// With `untranslated: omit` a language's site has no such pages, and its
/// search finds none either.
pub fn page_in_index(page: &Page, lang: &str) -> bool {
    page.lang == lang
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn surplus_records_merge_into_the_last() {
        let mut records: Vec<Record> = (0..MAX_RECORDS_PER_UNIT + 3)
            .map(|i| Record::section(format!("s{i}"), format!("s{i}"), format!("w{i}")))
            .collect();
        cap_records(&mut records);
        assert_eq!(records.len(), MAX_RECORDS_PER_UNIT);
        assert_eq!(records.last().unwrap().fields.len(), 4);
    }
}
