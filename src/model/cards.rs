//! Strategy card bodies: the sections identified by the card schema
//! (`content::card_schema`), checked for completeness, and related cards.

use std::collections::HashMap;

use pulldown_cmark::HeadingLevel;

use super::body_cache::Asked;
use super::*;
use crate::content::card_schema::{self, CARD_SECTIONS, WHO_SUBSECTIONS};
use crate::content::{Kind, Source};
use crate::error::{Diagnostic, Result};
use crate::i18n::UiStrings;
use crate::markdown::{self, Section, join_relative};
use crate::text::fold;

pub(super) fn build_card(
    source: &Source,
    ctx: &markdown::Context,
    ui: &UiStrings,
    asked: &Asked,
) -> Result<CardBody, Vec<Diagnostic>> {
    let (preamble, found) = markdown::to_sections(&source.body, ctx, HeadingLevel::H2)?;
    let mut problems = Vec::new();
    if !preamble.trim().is_empty() {
        problems.push(
            Diagnostic::new(
                &source.file,
                "text before the first section of a strategy card",
            )
            .at_line(source.body_first_line)
            .help("move it into a section such as `## What`, or into `summary:`"),
        );
    }
    let mut by_id: HashMap<&'static str, Section> = HashMap::new();
    for section in found {
        match identify(&section, &CARD_SECTIONS, ui) {
            Some(id) => {
                let line = section.line;
                if by_id.insert(id, section).is_some() {
                    problems.push(
                        Diagnostic::new(&source.file, format!("the `{id}` section appears twice"))
                            .at_line(line)
                            .help("merge the two sections into one"),
                    );
                }
            }
            None => problems.push(unknown_heading(source, &section, &CARD_SECTIONS, ui)),
        }
    }
    let mut sections = Vec::new();
    for id in CARD_SECTIONS {
        let Some(section) = by_id.remove(id) else {
            if card_schema::is_required(id) {
                problems.push(missing_section(source, id, ui));
            }
            continue;
        };
        let mut children = Vec::new();
        let mut html = section.html;
        if id == "who" {
            html = String::new();
            let mut who: HashMap<&'static str, Section> = HashMap::new();
            for child in section.children {
                match identify(&child, &WHO_SUBSECTIONS, ui) {
                    Some(child_id) => {
                        who.insert(child_id, child);
                    }
                    None => problems.push(unknown_heading(source, &child, &WHO_SUBSECTIONS, ui)),
                }
            }
            for child_id in WHO_SUBSECTIONS {
                match who.remove(child_id) {
                    Some(child) => children.push(CardSection {
                        id: child_id,
                        html: child.html,
                        children: Vec::new(),
                    }),
                    None => {
                        problems.push(missing_section(source, child_id, ui).at_line(section.line))
                    }
                }
            }
        }
        sections.push(CardSection { id, html, children });
    }
    let related = resolve_related(source, asked, &mut problems);
    if problems.is_empty() {
        Ok(CardBody { sections, related })
    } else {
        Err(problems)
    }
}

/// The section a rendered heading stands for (see [`card_schema::identify`]).
fn identify(section: &Section, allowed: &[&'static str], ui: &UiStrings) -> Option<&'static str> {
    card_schema::identify(Some(&section.id), &section.heading, allowed, ui)
}

fn unknown_heading(
    source: &Source,
    section: &Section,
    allowed: &[&'static str],
    ui: &UiStrings,
) -> Diagnostic {
    let labels: Vec<String> = allowed
        .iter()
        .map(|id| ui.get(&source.lang, &format!("sections.{id}")))
        .collect();
    let names: Vec<String> = labels.iter().map(|l| format!("`{l}`")).collect();
    // Compared folded, as headings are matched: "Consideraciónes" is close to "Consideraciones".
    let folded: Vec<String> = labels.iter().map(|l| fold(l)).collect();
    let close =
        crate::error::did_you_mean(&fold(&section.heading), folded.iter().map(String::as_str))
            .and_then(|f| folded.iter().position(|x| x == f))
            .map(|i| format!("did you mean `{}`? ", labels[i]))
            .unwrap_or_default();
    Diagnostic::new(&source.file, format!("`{}` is not a strategy-card section", section.heading))
        .at_line(section.line)
        .help(format!("{close}use one of {} (or add the section id, e.g. `{{#what}}`); put other headings one level deeper", names.join(", ")))
}

fn missing_section(source: &Source, id: &str, ui: &UiStrings) -> Diagnostic {
    let label = ui.get(&source.lang, &format!("sections.{id}"));
    let level = card_schema::heading_marks(id);
    Diagnostic::new(&source.file, format!("strategy card `{}` has no `{label}` section", source.front.title))
        .at_line(source.body_first_line)
        .help(format!("add a `{level} {label}` heading with its text (in any language, or as `{level} … {{#{id}}}`)"))
}

fn resolve_related(source: &Source, asked: &Asked, problems: &mut Vec<Diagnostic>) -> Vec<LinkRef> {
    let mut related = Vec::new();
    for target in &source.front.related {
        let rel = match target.strip_prefix("@/") {
            Some(from_root) => Some(from_root.to_string()),
            None => join_relative(&source.rel, target),
        };
        let line = source.line_of_reference(target).unwrap_or(1);
        match rel.and_then(|r| asked.page(&r)) {
            Some((_, kind)) if kind != Kind::Card => problems.push(
                Diagnostic::new(
                    &source.file,
                    format!("related card `{target}` is not a strategy card"),
                )
                .at_line(line)
                .help("list only strategy cards under `related`; link other pages from the text"),
            ),
            Some((link, _)) => related.push(link),
            None => problems.push(
                Diagnostic::new(
                    &source.file,
                    format!("related card `{target}` does not exist"),
                )
                .at_line(line)
                .help(
                    "write the card's path relative to this file, e.g. `external-facilitation.md`",
                ),
            ),
        }
    }
    related
}
