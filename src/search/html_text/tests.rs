//! Tests of the text read from HTML. `before` is the scanner search used
//! until it moved onto `crate::html`, kept to show the move changed no
//! record: the text of a sample card and page is the same through both.

use super::*;

/// The previous string scanner, verbatim (test only).
mod before {
    /// A section of rendered HTML, cut at a heading.
    #[derive(Debug, PartialEq)]
    pub(super) struct HtmlSection {
        pub(super) heading: String,
        pub(super) id: String,
        pub(super) text: String,
    }

    /// Cuts rendered HTML at its `h1`–`h3` headings (which all carry ids, given
    /// by the Markdown stage). Returns the text before the first heading, then
    /// the sections.
    pub(super) fn split_html_at_headings(html: &str) -> (String, Vec<HtmlSection>) {
        let mut sections = Vec::new();
        let mut rest = html;
        let mut before = None;
        loop {
            let next = find_heading(rest);
            let (chunk, after) = match next {
                Some(start) => (&rest[..start], Some(&rest[start..])),
                None => (rest, None),
            };
            match before {
                None => before = Some(html_to_text(chunk)),
                Some(_) => {
                    if let Some(last) = sections.last_mut() {
                        let last: &mut HtmlSection = last;
                        last.text = html_to_text(chunk);
                    }
                }
            }
            let Some(after) = after else { break };
            let level = &after[2..3];
            let open_end = after.find('>').map_or(after.len(), |i| i + 1);
            let id = attribute(&after[..open_end], "id").unwrap_or_default();
            let close = format!("</h{level}>");
            let heading_end = after.find(&close).unwrap_or(after.len());
            let heading = html_to_text(&after[open_end.min(heading_end)..heading_end]);
            sections.push(HtmlSection {
                heading: heading.trim().to_string(),
                id,
                text: String::new(),
            });
            rest = &after[(heading_end + close.len()).min(after.len())..];
        }
        (before.unwrap_or_default(), sections)
    }

    fn find_heading(html: &str) -> Option<usize> {
        let mut from = 0;
        while let Some(i) = html[from..].find("<h") {
            let at = from + i;
            let bytes = html.as_bytes();
            if matches!(bytes.get(at + 2), Some(b'1'..=b'3'))
                && matches!(bytes.get(at + 3), Some(b' ' | b'>'))
            {
                return Some(at);
            }
            from = at + 2;
        }
        None
    }

    fn attribute(tag: &str, name: &str) -> Option<String> {
        let needle = format!(" {name}=\"");
        let start = tag.find(&needle)? + needle.len();
        let end = tag[start..].find('"')? + start;
        Some(decode_entities(&tag[start..end]))
    }

    /// Splits a section's HTML into its text and the text of its link lists:
    /// list items that are one link and nothing else (related cards, further
    /// reading). Those name other pages, so search ranks them lowest.
    pub(super) fn split_link_lists(html: &str) -> (String, String) {
        let mut kept = String::with_capacity(html.len());
        let mut links = String::new();
        let mut rest = html;
        while let Some(start) = rest.find("<li>") {
            let Some(len) = rest[start..].find("</li>") else {
                break;
            };
            let inner = rest[start + 4..start + len].trim();
            let one_link = inner.starts_with("<a ")
                && inner.ends_with("</a>")
                && inner.matches("<a ").count() == 1;
            kept.push_str(&rest[..start]);
            if one_link {
                links.push_str(&html_to_text(inner));
                links.push_str(" \n");
            } else {
                kept.push_str(&rest[start..start + len + 5]);
            }
            rest = &rest[start + len + 5..];
        }
        kept.push_str(rest);
        (html_to_text(&kept), links.trim_end().to_string())
    }

    /// The text of rendered HTML: tags dropped (block tags leave a space so
    /// words do not run together), character references decoded.
    pub(super) fn html_to_text(html: &str) -> String {
        let mut out = String::with_capacity(html.len());
        let mut rest = html;
        while let Some(lt) = rest.find('<') {
            out.push_str(&decode_entities(&rest[..lt]));
            let Some(gt) = rest[lt..].find('>') else {
                rest = "";
                break;
            };
            let tag = &rest[lt + 1..lt + gt];
            if is_block_tag(tag) && !out.ends_with(char::is_whitespace) {
                out.push(' ');
            }
            rest = &rest[lt + gt + 1..];
        }
        out.push_str(&decode_entities(rest));
        collapse_whitespace(&out)
    }

    fn is_block_tag(tag: &str) -> bool {
        let name = tag
            .trim_start_matches('/')
            .split(|c: char| c.is_whitespace() || c == '/')
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        super::super::is_block(&name)
    }

    fn collapse_whitespace(s: &str) -> String {
        s.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    fn decode_entities(s: &str) -> String {
        if !s.contains('&') {
            return s.to_string();
        }
        let mut out = String::with_capacity(s.len());
        let mut rest = s;
        while let Some(amp) = rest.find('&') {
            out.push_str(&rest[..amp]);
            let after = &rest[amp..];
            let decoded = after.find(';').filter(|&i| i <= 10).and_then(|semi| {
                let name = &after[1..semi];
                let c = match name {
                    "amp" => Some('&'),
                    "lt" => Some('<'),
                    "gt" => Some('>'),
                    "quot" => Some('"'),
                    "apos" => Some('\''),
                    "nbsp" => Some('\u{a0}'),
                    _ => name
                        .strip_prefix("#x")
                        .or_else(|| name.strip_prefix("#X"))
                        .and_then(|hex| u32::from_str_radix(hex, 16).ok())
                        .or_else(|| name.strip_prefix('#').and_then(|d| d.parse().ok()))
                        .and_then(char::from_u32),
                };
                c.map(|c| (c, semi + 1))
            });
            match decoded {
                Some((c, len)) => {
                    out.push(c);
                    rest = &after[len..];
                }
                None => {
                    out.push('&');
                    rest = &after[1..];
                }
            }
        }
        out.push_str(rest);
        out
    }
}

/// A card section and a page as the Markdown stage renders them: inline
/// markup, entities, a list mixing link items and prose, a table, headings
/// at three levels, a break and an image.
const SAMPLE_SECTION: &str = "<p>Teams use <a href=\"../x/\">run charts</a> &amp; <strong>dashboards</strong> weekly&nbsp;to review&#39;s data.</p>\n<ul>\n<li><a href=\"../grow/\">Grow data dashboards</a></li>\n<li>Meet with the <a href=\"../coach/\">coach</a> each week</li>\n<li> <a href=\"../peer/\">Peer review</a> </li>\n<li>Plain item, no link</li>\n</ul>\n<p>Line one<br>line two <em>un</em>believ<em>able</em> &quot;quoted&quot; &lt;tag&gt;</p>\n<table><thead><tr><th>Step</th><th>Who</th></tr></thead><tbody><tr><td>Plan</td><td>Lead</td></tr></tbody></table>\n<p><img src=\"a.png\" alt=\"Chart\">After the image.</p>\n<blockquote>\n<p>Quoted advice.</p>\n</blockquote>\n";

const SAMPLE_PAGE: &str = "<p>Intro text &amp; more.</p>\n<h2 id=\"purpose\">Purpose &amp; <em>aim</em></h2>\n<p>Why we do it.</p>\n<ol>\n<li>First step</li>\n<li>Second step with a <a href=\"x\">link</a> inside</li>\n</ol>\n<h3 id=\"how-it-works\">How it works</h3>\n<p>More text.</p>\n<h4 id=\"deep\">Deep</h4>\n<p>kept in the section</p>\n<h2 id=\"last\">Last</h2>\n<p>The end.</p>\n";

#[test]
fn the_move_onto_the_html_tokenizer_changes_no_record() {
    assert_eq!(
        split_link_lists(SAMPLE_SECTION),
        before::split_link_lists(SAMPLE_SECTION)
    );
    for html in [SAMPLE_SECTION, SAMPLE_PAGE] {
        assert_eq!(html_to_text(html), before::html_to_text(html));
    }
    let (old_before, old_sections) = before::split_html_at_headings(SAMPLE_PAGE);
    let (new_before, new_sections) = split_html_at_headings(SAMPLE_PAGE);
    assert_eq!(new_before.text, old_before);
    assert_eq!(new_before.links, "");
    assert_eq!(new_sections.len(), old_sections.len());
    for (new, old) in new_sections.iter().zip(&old_sections) {
        assert_eq!(
            (&new.heading, &new.id, &new.text),
            (&old.heading, &old.id, &old.text)
        );
        assert_eq!(new.links, "");
    }
    // The sample holds what it claims to.
    let (text, links) = split_link_lists(SAMPLE_SECTION);
    assert_eq!(links, "Grow data dashboards \nPeer review");
    assert!(
        text.contains("run charts & dashboards weekly\u{a0}to")
            || text.contains("run charts & dashboards weekly to"),
        "{text}"
    );
    assert_eq!(new_sections[0].heading, "Purpose & aim");
    assert_eq!(new_sections[1].text, "More text. Deep kept in the section");
}

#[test]
fn link_lists_are_split_from_the_text() {
    let html = "<p>Use <a href=\"x\">dashboards</a> weekly.</p><ul><li><a href=\"/a/\">Grow data dashboards</a></li><li>Plain <a href=\"b\">item</a> here</li><li> <a href=\"/c/\">Peer review</a> </li></ul>";
    let (text, links) = split_link_lists(html);
    assert_eq!(links, "Grow data dashboards \nPeer review");
    assert!(text.contains("Use dashboards weekly."), "{text}");
    assert!(text.contains("Plain item here"), "{text}");
    assert!(!text.contains("Grow"), "{text}");
}

#[test]
fn lists_of_links_with_descriptions_or_citations_are_link_lists() {
    // Resources: each item begins with its link.
    let resources = "<p>See also:</p><ul><li><a href=\"https://a\">Dashboard guide</a>: how to build one.</li><li><a href=\"https://b\">Data walk toolkit</a> (PDF)</li></ul>";
    let (text, links) = split_link_lists(resources);
    assert_eq!(text, "See also:");
    assert_eq!(
        links,
        "Dashboard guide: how to build one. Data walk toolkit (PDF)"
    );
    // Citations: each item ends with its link.
    let citations = "<ol><li>Smith J. (2020). Dashboards in care. <a href=\"https://doi.org/10.1/x\">doi:10.1/x</a>.</li><li>Lee K. (2019). Data use. <a href=\"https://doi.org/10.1/y\">doi:10.1/y</a></li></ol>";
    let (text, links) = split_link_lists(citations);
    assert_eq!(text, "");
    assert!(
        links.starts_with("Smith J. (2020). Dashboards in care."),
        "{links}"
    );
    // Loose lists (items in paragraphs) are read alike.
    let loose = "<ul>\n<li>\n<p><a href=\"/a/\">Grow data dashboards</a></p>\n</li>\n</ul>";
    assert_eq!(
        split_link_lists(loose),
        (String::new(), "Grow data dashboards".into())
    );
    // Prose with a link in the middle of an item stays text, and so does
    // its whole list.
    let prose = "<ul><li>Read the <a href=\"x\">dashboard</a> weekly.</li><li><a href=\"y\">Huddles</a> help.</li></ul>";
    assert_eq!(split_link_lists(prose).1, "");
    // The previous scanner saw none of these.
    for html in [resources, citations, loose] {
        assert!(
            before::split_link_lists(html).0.len() > split_link_lists(html).0.len(),
            "{html}"
        );
    }
}

#[test]
fn link_lists_on_pages_are_split_in_every_section() {
    let html = "<p>About us.</p><ul><li><a href=\"/a/\">Partner site</a></li></ul><h2 id=\"related\">Related</h2><ul><li><a href=\"/g/\">Grow data dashboards</a></li><li><a href=\"/p/\">Peer review</a></li></ul><p>Ask us.</p>";
    let (head, sections) = split_html_at_headings(html);
    assert_eq!(
        head,
        Text {
            text: "About us.".into(),
            links: "Partner site".into()
        }
    );
    assert_eq!(sections[0].text, "Ask us.");
    assert_eq!(sections[0].links, "Grow data dashboards \nPeer review");
}

#[test]
fn splits_at_headings_with_ids() {
    let html = "<p>Intro</p>\n<h2 id=\"purpose\">Purpose &amp; aim</h2>\n<p>Why.</p>\n<h3 class=x id='x'>Sub</h3><p>More</p><h4 id=\"deep\">Deep</h4><p>kept</p>";
    let (before, sections) = split_html_at_headings(html);
    assert_eq!(before.text, "Intro");
    let read: Vec<(&str, &str, &str)> = sections
        .iter()
        .map(|s| (s.heading.as_str(), s.id.as_str(), s.text.as_str()))
        .collect();
    assert_eq!(
        read,
        [
            ("Purpose & aim", "purpose", "Why."),
            ("Sub", "x", "More Deep kept")
        ]
    );
}
