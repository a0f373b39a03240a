//! XLIFF 1.2 (`urn:oasis:names:tc:xliff:document:1.2`): one `<file>` per
//! page, one `<group>` per fingerprint part, one `<trans-unit>` per unit.
//! Placeholders become `<g id="n">…</g>` and `<x id="n"/>`; the target's
//! `state` is `final`, `needs-review-translation` or `new`, and an outdated
//! unit carries the source it was reviewed against as an `<alt-trans
//! alttranstype="previous-version">`, as the specification defines it.

use std::io::{Cursor, Write};

use quick_xml::Reader;
use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};

use super::exchange::{ImportedPage, ImportedUnit, PageExport, UnitState};
use super::inline::{Code, Piece, Tagged, pieces};

pub const NAMESPACE: &str = "urn:oasis:names:tc:xliff:document:1.2";
/// The prefix of the header note that records a page's export base.
const BASE_NOTE: &str = "cardstock-base: ";

fn state_name(state: UnitState) -> &'static str {
    match state {
        UnitState::New => "new",
        UnitState::NeedsReview => "needs-review-translation",
        UnitState::Translated => "translated",
        UnitState::Final => "final",
    }
}

/// Writes pages as one XLIFF document.
pub fn write(pages: &[PageExport], source_lang: &str, target_lang: &str) -> String {
    let mut w = Writer::new(Cursor::new(Vec::new()));
    let io = "writing to memory cannot fail";
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))
        .expect(io);
    let mut root = BytesStart::new("xliff");
    root.push_attribute(("version", "1.2"));
    root.push_attribute(("xmlns", NAMESPACE));
    nl(&mut w, 0);
    w.write_event(Event::Start(root)).expect(io);
    for page in pages {
        let mut file = BytesStart::new("file");
        file.push_attribute(("original", page.path.as_str()));
        file.push_attribute(("source-language", source_lang));
        file.push_attribute(("target-language", target_lang));
        file.push_attribute(("datatype", "x-markdown"));
        nl(&mut w, 1);
        w.write_event(Event::Start(file)).expect(io);
        nl(&mut w, 2);
        w.write_event(Event::Start(BytesStart::new("header")))
            .expect(io);
        let mut tool = BytesStart::new("tool");
        tool.push_attribute(("tool-id", "cardstock"));
        tool.push_attribute(("tool-name", "Cardstock"));
        nl(&mut w, 3);
        w.write_event(Event::Empty(tool)).expect(io);
        let note = |w: &mut Writer<Cursor<Vec<u8>>>, text: &str| {
            let mut n = BytesStart::new("note");
            n.push_attribute(("from", "cardstock"));
            nl(w, 3);
            w.write_event(Event::Start(n)).expect(io);
            w.write_event(Event::Text(BytesText::new(text))).expect(io);
            w.write_event(Event::End(BytesEnd::new("note"))).expect(io);
        };
        note(&mut w, &format!("{BASE_NOTE}{}", page.base));
        note(
            &mut w,
            &format!(
                "source: {}; translation: {}",
                page.source_file, page.translation_file
            ),
        );
        if let Some(why) = &page.history_note {
            note(&mut w, &format!("previous source texts not found: {why}"));
        }
        nl(&mut w, 2);
        w.write_event(Event::End(BytesEnd::new("header")))
            .expect(io);
        nl(&mut w, 2);
        w.write_event(Event::Start(BytesStart::new("body")))
            .expect(io);
        let mut open_group: Option<&str> = None;
        for unit in &page.units {
            if open_group != Some(unit.part.as_str()) {
                if open_group.is_some() {
                    nl(&mut w, 3);
                    w.write_event(Event::End(BytesEnd::new("group"))).expect(io);
                }
                let mut g = BytesStart::new("group");
                g.push_attribute(("id", unit.part.as_str()));
                g.push_attribute(("resname", unit.part.as_str()));
                // The forms of a plural UI string, as the XLIFF 1.2
                // representation guide for PO writes them.
                if unit.plural.is_some() {
                    g.push_attribute(("restype", "x-gettext-plurals"));
                }
                nl(&mut w, 3);
                w.write_event(Event::Start(g)).expect(io);
                open_group = Some(&unit.part);
            }
            let mut tu = BytesStart::new("trans-unit");
            tu.push_attribute(("id", unit.id.as_str()));
            tu.push_attribute(("resname", unit.id.as_str()));
            // Approved: in use on the site (tools read a translation that is
            // not approved as needing review).
            if matches!(unit.state, UnitState::Final | UnitState::Translated) {
                tu.push_attribute(("approved", "yes"));
            }
            if unit.whole {
                tu.push_attribute(("xml:space", "preserve"));
            }
            nl(&mut w, 4);
            w.write_event(Event::Start(tu)).expect(io);

            let state = state_name(unit.state);
            let target = unit.target.as_deref().unwrap_or("");
            nl(&mut w, 5);
            if unit.ui {
                plain(&mut w, "source", &[], &unit.source.text);
                nl(&mut w, 5);
                plain(&mut w, "target", &[("state", state)], target);
            } else {
                element(&mut w, "source", &[], &unit.source.text, &unit.source);
                nl(&mut w, 5);
                element(&mut w, "target", &[("state", state)], target, &unit.source);
            }
            // After <source> and <target>, as the schema orders them.
            if unit.whole {
                let mut n = BytesStart::new("note");
                n.push_attribute(("from", "cardstock"));
                nl(&mut w, 5);
                w.write_event(Event::Start(n)).expect(io);
                w.write_event(Event::Text(BytesText::new(
                    super::exchange::WHOLE_PART_NOTE,
                )))
                .expect(io);
                w.write_event(Event::End(BytesEnd::new("note"))).expect(io);
            }
            if let (Some(previous), Some(target)) = (&unit.previous, &unit.target) {
                let mut alt = BytesStart::new("alt-trans");
                alt.push_attribute(("alttranstype", "previous-version"));
                nl(&mut w, 5);
                w.write_event(Event::Start(alt)).expect(io);
                nl(&mut w, 6);
                element(&mut w, "source", &[], previous, &unit.source);
                nl(&mut w, 6);
                element(&mut w, "target", &[], target, &unit.source);
                nl(&mut w, 5);
                w.write_event(Event::End(BytesEnd::new("alt-trans")))
                    .expect(io);
            }
            nl(&mut w, 4);
            w.write_event(Event::End(BytesEnd::new("trans-unit")))
                .expect(io);
        }
        if open_group.is_some() {
            nl(&mut w, 3);
            w.write_event(Event::End(BytesEnd::new("group"))).expect(io);
        }
        nl(&mut w, 2);
        w.write_event(Event::End(BytesEnd::new("body"))).expect(io);
        nl(&mut w, 1);
        w.write_event(Event::End(BytesEnd::new("file"))).expect(io);
    }
    nl(&mut w, 0);
    w.write_event(Event::End(BytesEnd::new("xliff"))).expect(io);
    let mut text = String::from_utf8(w.into_inner().into_inner()).expect("UTF-8 in, UTF-8 out");
    text.push('\n');
    text
}

/// A line break and indentation between elements (never inside a text).
fn nl(w: &mut Writer<Cursor<Vec<u8>>>, depth: usize) {
    let text = format!("\n{}", "  ".repeat(depth));
    w.write_event(Event::Text(BytesText::from_escaped(text)))
        .expect("writing to memory cannot fail");
}

/// Writes `<name>` holding a plain text (a UI string: `{n}` is text).
fn plain(w: &mut Writer<Cursor<Vec<u8>>>, name: &str, attrs: &[(&str, &str)], text: &str) {
    let io = "writing to memory cannot fail";
    let mut start = BytesStart::new(name);
    for attr in attrs {
        start.push_attribute(*attr);
    }
    if text.is_empty() {
        w.write_event(Event::Empty(start)).expect(io);
    } else {
        w.write_event(Event::Start(start)).expect(io);
        w.write_event(Event::Text(BytesText::new(text))).expect(io);
        w.write_event(Event::End(BytesEnd::new(name))).expect(io);
    }
}

/// Writes `<name>` holding a tagged text, its placeholders as `<g>`/`<x/>`.
/// Written inline, without indentation, as whitespace inside is text.
fn element(
    w: &mut Writer<Cursor<Vec<u8>>>,
    name: &str,
    attrs: &[(&str, &str)],
    text: &str,
    codes: &Tagged,
) {
    let io = "writing to memory cannot fail";
    let mut start = BytesStart::new(name);
    for attr in attrs {
        start.push_attribute(*attr);
    }
    let mut inner = Writer::new(Cursor::new(Vec::new()));
    for piece in pieces(text) {
        match piece {
            Piece::Text(t) => inner.write_event(Event::Text(BytesText::new(t))),
            Piece::Open(n) => {
                let mut g = BytesStart::new("g");
                g.push_attribute(("id", n.to_string().as_str()));
                if let Some(Code::Pair { kind, .. }) = codes.codes.get(&n) {
                    g.push_attribute(("ctype", if *kind == "image" { "x-image" } else { kind }));
                }
                inner.write_event(Event::Start(g))
            }
            Piece::Close(_) => inner.write_event(Event::End(BytesEnd::new("g"))),
            Piece::Single(n) => {
                let mut x = BytesStart::new("x");
                x.push_attribute(("id", n.to_string().as_str()));
                if let Some(Code::Single { kind, .. }) = codes.codes.get(&n) {
                    x.push_attribute(("ctype", *kind));
                }
                inner.write_event(Event::Empty(x))
            }
        }
        .expect(io);
    }
    let inner = String::from_utf8(inner.into_inner().into_inner()).expect("UTF-8");
    if inner.is_empty() {
        w.write_event(Event::Empty(start)).expect(io);
    } else {
        w.write_event(Event::Start(start)).expect(io);
        // Already escaped: written as is.
        w.get_mut().write_all(inner.as_bytes()).expect(io);
        w.write_event(Event::End(BytesEnd::new(name))).expect(io);
    }
}

/// Reads the pages and unit targets of an XLIFF 1.2 document.
pub fn read(text: &str) -> Result<Vec<ImportedPage>, String> {
    let mut reader = Reader::from_str(text);
    let mut pages: Vec<ImportedPage> = Vec::new();
    let mut unit: Option<ImportedUnit> = None;
    // Inside the trans-unit's own <target> (not an alt-trans one)?
    let mut in_target = false;
    let mut in_alt = false;
    let mut in_header_note = false;
    let mut in_header = false;
    let mut seen_root = false;
    loop {
        let event = reader.read_event().map_err(|e| {
            format!(
                "not well-formed XML at byte {}: {e}",
                reader.error_position()
            )
        })?;
        let empty = matches!(event, Event::Empty(_));
        match event {
            Event::Start(e) | Event::Empty(e) if !in_target => {
                let name = String::from_utf8_lossy(e.local_name().as_ref()).into_owned();
                let attr = |key: &str| -> Option<String> {
                    e.attributes()
                        .flatten()
                        .find(|a| a.key.local_name().as_ref() == key.as_bytes())
                        .and_then(|a| a.unescape_value().ok().map(|v| v.into_owned()))
                };
                match name.as_str() {
                    "xliff" => {
                        seen_root = true;
                        if attr("version").as_deref() != Some("1.2") {
                            return Err("only XLIFF version 1.2 is read".into());
                        }
                    }
                    "file" => pages.push(ImportedPage {
                        path: attr("original").ok_or("a <file> has no `original`")?,
                        ..ImportedPage::default()
                    }),
                    "header" => in_header = !empty,
                    "note" if in_header => in_header_note = !empty,
                    "trans-unit" => {
                        unit = Some(ImportedUnit {
                            id: attr("id").ok_or("a <trans-unit> has no `id`")?,
                            target: String::new(),
                            state: UnitState::New,
                            forms: Vec::new(),
                        })
                    }
                    "alt-trans" => in_alt = !empty,
                    "target" if !in_alt => {
                        if let Some(u) = unit.as_mut() {
                            u.state = match attr("state").as_deref() {
                                Some("final") | Some("signed-off") => UnitState::Final,
                                Some("translated") => UnitState::Translated,
                                Some("new") => UnitState::New,
                                Some(_) => UnitState::NeedsReview,
                                // A target without a state is a translation.
                                None => UnitState::Translated,
                            };
                            in_target = !empty;
                        }
                    }
                    _ => {}
                }
            }
            Event::End(e) if !in_target => match e.local_name().as_ref() {
                b"header" => in_header = false,
                b"note" => in_header_note = false,
                b"alt-trans" => in_alt = false,
                b"trans-unit" => {
                    let u = unit.take().ok_or("a </trans-unit> closes nothing")?;
                    pages
                        .last_mut()
                        .ok_or("a <trans-unit> outside <file>")?
                        .units
                        .push(u);
                }
                _ => {}
            },
            Event::Text(t) if in_header_note => {
                let note = t.unescape().map_err(|e| e.to_string())?;
                if let Some(base) = note.trim().strip_prefix(BASE_NOTE)
                    && let Some(page) = pages.last_mut()
                {
                    page.base = Some(base.trim().to_string()).filter(|b| !b.is_empty());
                }
            }
            // Inside the target: text and inline tags become the unit's text.
            Event::Start(e) if in_target => {
                let id = tag_id(&e, &unit)?;
                push(&mut unit, &format!("{{{id}}}"));
            }
            Event::Empty(e) if in_target => {
                let id = tag_id(&e, &unit)?;
                push(&mut unit, &format!("{{{id}/}}"));
            }
            Event::End(e) if in_target => {
                if e.local_name().as_ref() == b"target" {
                    in_target = false;
                } else {
                    // The id of the <g> this closes: the last one opened and not closed.
                    let target = unit.as_ref().map(|u| u.target.clone()).unwrap_or_default();
                    let id = last_open(&target).ok_or("a </g> closes nothing")?;
                    push(&mut unit, &format!("{{/{id}}}"));
                }
            }
            Event::Text(t) if in_target => {
                let text = t.unescape().map_err(|e| e.to_string())?;
                push(&mut unit, &text);
            }
            Event::CData(t) if in_target => {
                push(&mut unit, &String::from_utf8_lossy(&t.into_inner()));
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if !seen_root {
        return Err("this is not an XLIFF document (no <xliff> element)".into());
    }
    Ok(pages)
}

fn push(unit: &mut Option<ImportedUnit>, text: &str) {
    if let Some(u) = unit.as_mut() {
        u.target.push_str(text);
    }
}

/// The `id` of an inline `<g>` or `<x/>`; other inline elements are refused.
fn tag_id(e: &BytesStart, unit: &Option<ImportedUnit>) -> Result<String, String> {
    let name = String::from_utf8_lossy(e.local_name().as_ref()).into_owned();
    let which = unit.as_ref().map(|u| u.id.as_str()).unwrap_or("?");
    if name != "g" && name != "x" {
        return Err(format!(
            "unit {which}: <{name}> is not one of the inline tags Cardstock writes (<g>, <x/>)"
        ));
    }
    e.attributes()
        .flatten()
        .find(|a| a.key.as_ref() == b"id")
        .and_then(|a| a.unescape_value().ok().map(|v| v.into_owned()))
        .ok_or_else(|| format!("unit {which}: a <{name}> has no id"))
}

/// The id of the last `{n}` in `text` that no `{/n}` closes.
fn last_open(text: &str) -> Option<u32> {
    let mut stack = Vec::new();
    for piece in pieces(text) {
        match piece {
            Piece::Open(n) => stack.push(n),
            Piece::Close(_) => {
                stack.pop();
            }
            _ => {}
        }
    }
    stack.pop()
}
