//! `raw-html-removed`: what the sanitizer (`markdown::sanitize`) takes out of
//! a page is reported, so nothing an author wrote vanishes without a word.
//!
//! Covers raw HTML, Markdown links and images with an unsafe URL and heading
//! attributes, in bodies and in the front-matter values rendered as Markdown
//! (a change idea's `description`; every other front-matter value is
//! written as plain text). Errors for what could run script or take over
//! the page, warnings for plain markup outside the allow-list. Silent when
//! the settings say `raw_html: trusted`.

use serde::Deserialize;

use super::Finding;
use super::body::{self, BodyDoc};
use crate::config::RawHtml;
use crate::error::Diagnostic;
use crate::markdown::sanitize::{self, Danger, GENERIC_ATTRIBUTES};

const RULE: &str = "raw-html-removed";

const SCRIPT_HELP: &str = "remove it: pages cannot run script from content. If every author of this toolkit may run script on the site, set `raw_html: trusted` in cardstock.yaml (see docs/security.md)";
const MARKUP_HELP: &str = "use Markdown or an allowed tag instead (the list is in docs/content-guide.md, \"HTML in content\"), or remove it";
const URL_HELP: &str = "link to an https:// address or to a page of the toolkit; put images under static/ and link them by path";

/// A front-matter value rendered as Markdown, reduced like a body.
#[derive(Debug)]
pub struct MarkdownField {
    /// How the message names it: "the `description` of change idea `triage`".
    pub label: String,
    pub doc: BodyDoc,
    /// The value's lines in the file, as (file line, text), to tell where a
    /// removal is when YAML folded the lines.
    pub lines: Vec<(usize, String)>,
}

#[derive(Deserialize)]
struct IdeasOnly {
    #[serde(default)]
    change_ideas: Vec<IdeaText>,
}

#[derive(Deserialize)]
struct IdeaText {
    #[serde(default)]
    id: Option<String>,
    #[serde(default)]
    description: Option<String>,
}

/// The Markdown-bearing values of a front matter (`yaml`, starting at file
/// line `first_line`): every change idea's `description`. A front matter
/// that does not parse gives none; the `front-matter` rule reports it.
pub fn markdown_fields(yaml: &str, first_line: usize) -> Vec<MarkdownField> {
    if !yaml.contains("change_ideas:") {
        return Vec::new();
    }
    let Ok(parsed) = crate::yaml::parse::<IdeasOnly>(yaml, "", first_line) else {
        return Vec::new();
    };
    let lines: Vec<&str> = yaml.lines().collect();
    let key_lines = description_key_lines(&lines);
    let with_text: Vec<(Option<String>, String)> = parsed
        .change_ideas
        .into_iter()
        .filter_map(|idea| Some((idea.id, idea.description?)))
        .collect();
    // Written in an unusual way (flow style, anchors): search the whole front matter.
    let aligned = key_lines.len() == with_text.len();
    with_text
        .into_iter()
        .enumerate()
        .map(|(i, (id, text))| {
            let value_lines = if aligned {
                value_range(&lines, key_lines[i])
            } else {
                0..lines.len()
            };
            let mut doc = BodyDoc::default();
            body::collect(&mut doc, &text, first_line + value_lines.start);
            MarkdownField {
                label: match id {
                    Some(id) => format!("the `description` of change idea `{id}`"),
                    None => "a change idea's `description`".to_string(),
                },
                doc,
                lines: value_lines
                    .map(|i| {
                        (
                            first_line + i,
                            lines.get(i).copied().unwrap_or("").to_string(),
                        )
                    })
                    .collect(),
            }
        })
        .collect()
}

/// Indexes of the `description:` lines inside the `change_ideas:` list, in order.
fn description_key_lines(lines: &[&str]) -> Vec<usize> {
    let Some(start) = lines.iter().position(|l| l.starts_with("change_ideas:")) else {
        return Vec::new();
    };
    let is_top_level_key = |l: &str| !l.is_empty() && !l.starts_with([' ', '\t', '-', '#']);
    lines
        .iter()
        .enumerate()
        .skip(start + 1)
        .take_while(|(_, l)| !is_top_level_key(l))
        .filter(|(_, l)| {
            l.trim_start()
                .trim_start_matches("- ")
                .trim_start()
                .starts_with("description:")
        })
        .map(|(i, _)| i)
        .collect()
}

/// The lines holding the value of the key on line `key`: the key's own line
/// (or the next, for a `|` or `>` block) up to the next line indented no deeper.
fn value_range(lines: &[&str], key: usize) -> std::ops::Range<usize> {
    let indent = |l: &str| l.len() - l.trim_start_matches([' ', '-']).len();
    let key_indent = indent(lines[key]);
    let after_key = lines[key]
        .split_once("description:")
        .map_or("", |(_, v)| v.trim());
    let start = if after_key.starts_with(['|', '>']) {
        key + 1
    } else {
        key
    };
    let end = (key + 1..lines.len())
        .find(|&i| !lines[i].trim().is_empty() && indent(lines[i]) <= key_indent)
        .unwrap_or(lines.len());
    start..end.max(start + 1)
}

/// `raw-html-removed`: one finding per element, attribute, link or image the
/// sanitizer takes out of the body or a Markdown front-matter value.
pub fn removed(doc: &BodyDoc, findings: &mut Vec<Finding>) {
    if doc.raw_html == RawHtml::Trusted {
        return;
    }
    report_in(doc, &doc.file, "", None, findings);
    for field in &doc.fields {
        let place = format!(" in {}", field.label);
        report_in(&field.doc, &doc.file, &place, Some(&field.lines), findings);
    }
}

/// Reports what is removed from one reduced text; `place` says where it
/// is when that is not the body, `lines` are its lines in the file then.
fn report_in(
    doc: &BodyDoc,
    file: &str,
    place: &str,
    lines: Option<&[(usize, String)]>,
    findings: &mut Vec<Finding>,
) {
    let locate = |needle: &str, near: usize| match lines {
        Some(lines) => find_line(lines, needle, near).unwrap_or(near),
        None => near,
    };
    for html in &joined_by_block(&doc.html) {
        let mut from = 0;
        for removal in sanitize::removals(&html.html) {
            let lowered = html.html.to_ascii_lowercase();
            let offset = lowered[from..]
                .find(&removal.needle.to_ascii_lowercase())
                .map(|i| from + i);
            let line = match offset {
                Some(offset) => {
                    // Elements come in document order; attributes follow their element.
                    if removal.needle.starts_with('<') {
                        from = offset;
                    }
                    html.line + html.html[..offset].matches('\n').count()
                }
                None => html.line,
            };
            let line = locate(&removal.needle, line);
            let message = format!("{} is removed from the page{place}", removal.what);
            findings.push(finding(removal.danger, file, message, line));
        }
    }
    let urls = doc
        .links
        .iter()
        .map(|l| (&l.dest, l.line, false))
        .chain(doc.images.iter().map(|i| (&i.dest, i.line, true)));
    for (dest, line, is_image) in urls {
        let Some(scheme) = sanitize::url_scheme(dest).filter(|_| !sanitize::is_safe_url(dest))
        else {
            continue;
        };
        // In a body, `url-syntax` already reports a mistyped scheme (`htps:`)
        // as an error; this rule adds what could run script.
        let in_body = lines.is_none();
        if in_body && !sanitize::scheme_runs_script(&scheme, is_image) {
            continue;
        }
        let (what, danger) = (
            if is_image {
                "an image with a `{s}:` URL is left out (its alt text is shown)"
            } else {
                "a link to a `{s}:` URL is written as plain text"
            },
            if sanitize::scheme_runs_script(&scheme, is_image) {
                Danger::Script
            } else {
                Danger::Markup
            },
        );
        let message = format!("{}{place}", what.replace("{s}", &scheme));
        let mut found = finding(danger, file, message, locate(dest, line));
        // What to link to instead says more than the general help.
        found.diagnostic.help = Some(URL_HELP.to_string());
        findings.push(found);
    }
    for heading in &doc.headings {
        for (name, value) in &heading.attributes {
            if GENERIC_ATTRIBUTES.contains(&name.as_str()) {
                continue;
            }
            let danger = if name.to_ascii_lowercase().starts_with("on")
                || sanitize::url_scheme(value)
                    .is_some_and(|s| sanitize::scheme_runs_script(&s, false))
            {
                Danger::Script
            } else {
                Danger::Markup
            };
            let message =
                format!("the `{name}` attribute of a heading is removed from the page{place}");
            findings.push(finding(danger, file, message, locate(name, heading.line)));
        }
    }
}

/// The raw HTML of a text with the inline tags of each paragraph joined into
/// one piece, as the browser reads them (the text between them left out).
/// Line breaks keep each tag at its own line from the piece's first line.
fn joined_by_block(pieces: &[body::Html]) -> Vec<body::Html> {
    let mut joined: Vec<body::Html> = Vec::new();
    for piece in pieces {
        match joined.last_mut() {
            Some(last) if piece.block.is_some() && last.block == piece.block => {
                let at_line = last.line + last.html.matches('\n').count();
                let breaks = piece.line.saturating_sub(at_line);
                last.html.push_str(&"\n".repeat(breaks));
                last.html.push_str(&piece.html);
            }
            _ => joined.push(body::Html {
                html: piece.html.clone(),
                line: piece.line,
                block: piece.block,
            }),
        }
    }
    joined
}

/// The first line at or after `near` holding `needle`, any case.
fn find_line(lines: &[(usize, String)], needle: &str, near: usize) -> Option<usize> {
    let needle = needle.to_ascii_lowercase();
    lines
        .iter()
        .filter(|(line, _)| *line >= near)
        .chain(lines.iter())
        .find(|(_, text)| text.to_ascii_lowercase().contains(&needle))
        .map(|(line, _)| *line)
}

fn finding(danger: Danger, file: &str, message: String, line: usize) -> Finding {
    let diagnostic = Diagnostic::new(file, message).at_line(line);
    match danger {
        Danger::Script => Finding::error(RULE, diagnostic.help(SCRIPT_HELP)),
        Danger::Markup => Finding::warning(RULE, diagnostic.help(MARKUP_HELP)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::Severity;

    fn findings(body: &str, yaml: &str) -> Vec<(Severity, usize, String)> {
        let mut doc = BodyDoc {
            file: "content/en/x.md".into(),
            ..Default::default()
        };
        body::collect(&mut doc, body, 10);
        doc.fields = markdown_fields(yaml, 2);
        let mut found = Vec::new();
        removed(&doc, &mut found);
        found
            .into_iter()
            .map(|f| (f.severity, f.diagnostic.line.unwrap(), f.diagnostic.message))
            .collect()
    }

    #[test]
    fn body_removals_have_their_lines() {
        let found = findings(
            "Intro\n\n<div>\n<img src=x\n  onerror=alert(1) alt=\"\">\n<font>big</font>\n</div>\n\n[x](javascript:alert(1))\n",
            "",
        );
        assert_eq!(
            found,
            [
                (
                    Severity::Error,
                    14,
                    "the `onerror` attribute of `<img>` is removed from the page".to_string()
                ),
                (
                    Severity::Warning,
                    15,
                    "the `<font>` element is removed from the page".to_string()
                ),
                (
                    Severity::Error,
                    18,
                    "a link to a `javascript:` URL is written as plain text".to_string()
                ),
            ]
        );
    }

    #[test]
    fn descriptions_of_change_ideas_are_checked_at_their_lines() {
        let yaml = "title: P\nkind: change-package\nchange_ideas:\n  - id: a\n    title: A\n    description: see [this](javascript:x)\n  - id: b\n    title: B\n    description: |\n      Fine text.\n\n      <script>bad()</script>\nmeasures: []\n";
        let found = findings("", yaml);
        assert_eq!(
            found,
            [
                (Severity::Error, 7, "a link to a `javascript:` URL is written as plain text in the `description` of change idea `a`".to_string()),
                (Severity::Error, 13, "the `<script>` element is removed from the page in the `description` of change idea `b`".to_string()),
            ]
        );
    }

    #[test]
    fn inline_tags_of_a_paragraph_are_read_together() {
        let found = findings(
            "Text <svg onload=\"go()\">\n<circle r=\"1\"></circle></svg> and\n<font>old</font>\n",
            "",
        );
        assert_eq!(
            found,
            [
                (
                    Severity::Error,
                    10,
                    "the `<svg>` element is removed from the page".to_string()
                ),
                (
                    Severity::Warning,
                    12,
                    "the `<font>` element is removed from the page".to_string()
                ),
            ]
        );
    }

    #[test]
    fn trusted_sites_hear_nothing() {
        let mut doc = BodyDoc {
            raw_html: RawHtml::Trusted,
            ..Default::default()
        };
        body::collect(&mut doc, "<script>x()</script>\n", 1);
        let mut found = Vec::new();
        removed(&doc, &mut found);
        assert!(found.is_empty());
    }
}
