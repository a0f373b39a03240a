//! Change packages at parse time: the checks of drivers, change ideas and the
//! links between them, and their normalisation into one graph.
//!
//! Links may be written top-down (a primary driver's `secondary`, a secondary
//! driver's `change_ideas`) or bottom-up (`serves` on a secondary driver or a
//! change idea), and ids in any letter case (`C1`, `c1`). After the checks,
//! [`normalize`] folds every `serves` into the parent's list and lowers every
//! id, so the model, the diagram and the anchors (`#idea-c1`) read one graph
//! with one spelling of each id.

use std::collections::HashMap;

use super::kinds::{at_key, check_reference};
use super::{FrontMatter, Source};
use crate::error::Diagnostic;

/// Letters, digits, `-` and `_`, in any case; anchors use the lowercase form.
pub fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// The one spelling of an id used in anchors and in the model.
pub fn canonical_id(id: &str) -> String {
    id.to_ascii_lowercase()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Level {
    Primary,
    Secondary,
    Idea,
}

impl Level {
    fn name(self) -> &'static str {
        match self {
            Level::Primary => "primary driver",
            Level::Secondary => "secondary driver",
            Level::Idea => "change idea",
        }
    }

    fn list_key(self) -> &'static str {
        match self {
            Level::Primary => "primary_drivers",
            Level::Secondary => "secondary_drivers",
            Level::Idea => "change_ideas",
        }
    }
}

struct Defined<'a> {
    level: Level,
    written: &'a str,
    line: usize,
}

/// One link as written: `owner`'s list `key` names `target`.
struct Written<'a> {
    owner: &'a str,
    owner_level: Level,
    key: &'static str,
    target: &'a str,
    target_level: Level,
}

pub(super) fn check(source: &Source, problems: &mut Vec<Diagnostic>) {
    let f = &source.front;
    super::measurable_aim::check(source, problems);
    if f.primary_drivers.is_empty() {
        problems.push(
            at_key(source, "title", "a change package needs `primary_drivers`")
                .help("list at least one primary driver with `id` and `title`"),
        );
    }
    for r in &f.references {
        check_reference(source, "references", r, problems);
    }
    let defined = check_definitions(source, problems);
    // (parent, child) in canonical ids → the line where the link was first written.
    let mut edges: HashMap<(String, String), (usize, String)> = HashMap::new();
    for link in written_links(f) {
        let line = line_in_item(source, link.owner, link.key, link.target);
        let Some(target) = resolve(source, &defined, &link, line, problems) else {
            continue;
        };
        let owner = canonical_id(link.owner);
        // `serves` points up: the target is the parent.
        let (parent, child) = if link.key == "serves" {
            (target, owner)
        } else {
            (owner, target)
        };
        let place = format!("`{}` of `{}`", link.key, link.owner);
        if let Some((first_line, first_place)) = edges.get(&(parent.clone(), child.clone())) {
            problems.push(
                Diagnostic::new(
                    &source.file,
                    format!("the link from `{parent}` to `{child}` is written twice"),
                )
                .at_line(line)
                .help(format!(
                    "it is already in {first_place} on line {first_line}; keep one of them \
                     (`serves` on the lower level and the list on the upper level say the same thing)"
                )),
            );
        } else {
            edges.insert((parent, child), (line, place));
        }
    }
}

/// Every id is defined once across the three lists, in any letter case, so
/// anchors and references are unambiguous.
fn check_definitions<'a>(
    source: &'a Source,
    problems: &mut Vec<Diagnostic>,
) -> HashMap<String, Defined<'a>> {
    let f = &source.front;
    let all = f
        .primary_drivers
        .iter()
        .map(|d| (d.id.as_str(), Level::Primary))
        .chain(
            f.secondary_drivers
                .iter()
                .map(|d| (d.id.as_str(), Level::Secondary)),
        )
        .chain(f.change_ideas.iter().map(|c| (c.id.as_str(), Level::Idea)));
    let mut defined: HashMap<String, Defined> = HashMap::new();
    for (id, level) in all {
        let line = definition_line(source, id).unwrap_or(1);
        if !is_valid_id(id) {
            problems.push(
                Diagnostic::new(
                    &source.file,
                    format!("the {} id `{id}` is not valid", level.name()),
                )
                .at_line(line)
                .help("use letters, digits, `-` and `_` (no spaces), e.g. `C1` or `leadership-support`"),
            );
        }
        match defined.get(&canonical_id(id)) {
            Some(first) if first.written != id => problems.push(
                Diagnostic::new(
                    &source.file,
                    format!(
                        "the {} id `{id}` is the {} id `{}` (line {}) written in another case",
                        level.name(),
                        first.level.name(),
                        first.written,
                        first.line
                    ),
                )
                .at_line(line)
                .help("ids are the same in any letter case; give this one its own id"),
            ),
            Some(first) => problems.push(
                Diagnostic::new(
                    &source.file,
                    format!(
                        "the id `{id}` is used twice (a {} on line {} and a {})",
                        first.level.name(),
                        first.line,
                        level.name()
                    ),
                )
                .at_line(line)
                .help("give each driver and change idea its own id"),
            ),
            None => {
                defined.insert(
                    canonical_id(id),
                    Defined {
                        level,
                        written: id,
                        line,
                    },
                );
            }
        }
    }
    defined
}

fn written_links(f: &FrontMatter) -> Vec<Written<'_>> {
    let mut links = Vec::new();
    for p in &f.primary_drivers {
        links.extend(p.secondary.iter().map(|t| Written {
            owner: &p.id,
            owner_level: Level::Primary,
            key: "secondary",
            target: t,
            target_level: Level::Secondary,
        }));
    }
    for s in &f.secondary_drivers {
        links.extend(s.change_ideas.iter().map(|t| Written {
            owner: &s.id,
            owner_level: Level::Secondary,
            key: "change_ideas",
            target: t,
            target_level: Level::Idea,
        }));
        links.extend(s.serves.iter().map(|t| Written {
            owner: &s.id,
            owner_level: Level::Secondary,
            key: "serves",
            target: t,
            target_level: Level::Primary,
        }));
    }
    for c in &f.change_ideas {
        links.extend(c.serves.iter().map(|t| Written {
            owner: &c.id,
            owner_level: Level::Idea,
            key: "serves",
            target: t,
            target_level: Level::Secondary,
        }));
    }
    links
}

/// The canonical id a link leads to, or a problem: unknown id, or an id of the
/// wrong level (a link that contradicts the diagram's order).
fn resolve(
    source: &Source,
    defined: &HashMap<String, Defined>,
    link: &Written,
    line: usize,
    problems: &mut Vec<Diagnostic>,
) -> Option<String> {
    let from = format!("{} `{}`", link.owner_level.name(), link.owner);
    let wanted = link.target_level;
    let target = link.target;
    match defined.get(&canonical_id(target)) {
        Some(d) if d.level == wanted => Some(canonical_id(target)),
        Some(d) => {
            problems.push(
                Diagnostic::new(
                    &source.file,
                    format!(
                        "{from} lists `{target}` under `{}`, but `{target}` is a {}, not a {}",
                        link.key,
                        d.level.name(),
                        wanted.name()
                    ),
                )
                .at_line(line)
                .help(format!(
                    "under `{}` name {}s only; the diagram runs aim → primary drivers → \
                     secondary drivers → change ideas",
                    link.key,
                    wanted.name()
                )),
            );
            None
        }
        None => {
            let same_level = defined
                .iter()
                .filter(|(_, d)| d.level == wanted)
                .map(|(canonical, _)| canonical.as_str());
            let d = Diagnostic::new(
                &source.file,
                format!("{from} refers to unknown {} `{target}`", wanted.name()),
            )
            .at_line(line);
            let d = match crate::error::did_you_mean(&canonical_id(target), same_level) {
                Some(close) => d.help(format!(
                    "did you mean `{}`?",
                    defined.get(close).map_or(close, |d| d.written)
                )),
                None => d.help(format!(
                    "define it under `{}` with `id: {target}`, or fix the reference",
                    wanted.list_key()
                )),
            };
            problems.push(d);
            None
        }
    }
}

/// The line of `id: <id>` in the front matter.
fn definition_line(source: &Source, id: &str) -> Option<usize> {
    definition_index(source, id).map(|i| source.yaml_first_line + i)
}

fn definition_index(source: &Source, id: &str) -> Option<usize> {
    let wanted = format!("id: {id}");
    source.yaml.lines().position(|l| {
        let t = l.trim_start().trim_start_matches("- ").trim();
        t == wanted || t == format!("id: \"{id}\"") || t == format!("id: '{id}'")
    })
}

/// The line on which the item with id `owner` names `target` under `key`:
/// searched from the item's `id:` line to the end of the item.
fn line_in_item(source: &Source, owner: &str, key: &str, target: &str) -> usize {
    let fallback = || source.line_of_reference(target).unwrap_or(1);
    let Some(start) = definition_index(source, owner) else {
        return fallback();
    };
    let lines: Vec<&str> = source.yaml.lines().collect();
    let item_indent = lines[start].find("id:").unwrap_or(0);
    let key_prefix = format!("{key}:");
    let mut in_key = false;
    for (i, line) in lines.iter().enumerate().skip(start) {
        let indent = line.len() - line.trim_start().len();
        let body = line.trim_start();
        if i > start && !body.is_empty() && indent < item_indent {
            break;
        }
        if indent == item_indent {
            in_key = body.starts_with(&key_prefix);
        }
        if in_key {
            let text = if indent == item_indent {
                &body[key_prefix.len()..]
            } else {
                body
            };
            if contains_word(text, target) {
                return source.yaml_first_line + i;
            }
        }
    }
    fallback()
}

/// Lowers every id and folds each `serves` into the parent's list (after the
/// checks, so every target exists and no link is written twice).
pub(super) fn normalize(f: &mut FrontMatter) {
    for p in &mut f.primary_drivers {
        p.id = canonical_id(&p.id);
        lower_all(&mut p.secondary);
    }
    for s in &mut f.secondary_drivers {
        s.id = canonical_id(&s.id);
        lower_all(&mut s.change_ideas);
        lower_all(&mut s.serves);
    }
    for c in &mut f.change_ideas {
        c.id = canonical_id(&c.id);
        lower_all(&mut c.serves);
    }
    let mut up: Vec<(String, String)> = Vec::new();
    for s in &mut f.secondary_drivers {
        up.extend(s.serves.drain(..).map(|p| (p, s.id.clone())));
    }
    for (parent, child) in up {
        if let Some(p) = f.primary_drivers.iter_mut().find(|p| p.id == parent)
            && !p.secondary.contains(&child)
        {
            p.secondary.push(child);
        }
    }
    let mut up: Vec<(String, String)> = Vec::new();
    for c in &mut f.change_ideas {
        up.extend(c.serves.drain(..).map(|s| (s, c.id.clone())));
    }
    for (parent, child) in up {
        if let Some(s) = f.secondary_drivers.iter_mut().find(|s| s.id == parent)
            && !s.change_ideas.contains(&child)
        {
            s.change_ideas.push(child);
        }
    }
}

fn lower_all(ids: &mut [String]) {
    for id in ids {
        *id = canonical_id(id);
    }
}

/// Whether `word` appears in `haystack` as a whole word (ids contain `-`).
fn contains_word(haystack: &str, word: &str) -> bool {
    let is_word_char = |c: char| c.is_alphanumeric() || c == '-' || c == '_';
    haystack.match_indices(word).any(|(i, _)| {
        let before = haystack[..i].chars().next_back();
        let after = haystack[i + word.len()..].chars().next();
        !before.is_some_and(is_word_char) && !after.is_some_and(is_word_char)
    })
}
