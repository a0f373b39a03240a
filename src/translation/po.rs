//! gettext PO files: one entry per unit, `msgctxt` = `<page>#<unit id>`
//! (`strategies/peer-coaching.md#how.2`), placeholders written as they are
//! (`{1}…{/1}`, `{2/}`). An outdated unit is `#, fuzzy` with the source it
//! was reviewed against as `#| msgid`; an untranslated one has an empty
//! `msgstr`. Written by hand: the format is small, and gettext's escaping
//! rules are followed and tested (`msgfmt --check` in the integration tests).

use std::collections::BTreeMap;

use super::exchange::{ImportedPage, ImportedUnit, PageExport, UnitState};

/// The header field recording each page's export base: `path=hash path=hash`.
const BASE_FIELD: &str = "X-Cardstock-Base";

/// Writes pages as one PO file.
pub fn write(pages: &[PageExport], source_lang: &str, target_lang: &str, now: &str) -> String {
    let bases: Vec<String> = pages
        .iter()
        .filter(|p| !p.base.is_empty())
        .map(|p| format!("{}={}", p.path, p.base))
        .collect();
    let mut out = String::new();
    out.push_str(&format!(
        "# Translation units of {} into {target_lang}, exported by Cardstock.\n\
         # Keep the placeholders {{1}}…{{/1}} and {{2/}}: they stand for links, emphasis and code.\n",
        pages.iter().map(|p| p.path.as_str()).collect::<Vec<_>>().join(", ")
    ));
    for page in pages.iter().filter(|p| p.history_note.is_some()) {
        out.push_str(&format!(
            "# {}: previous source texts not found: {}\n",
            page.path,
            page.history_note.as_deref().unwrap_or_default()
        ));
    }
    out.push_str("msgid \"\"\nmsgstr \"\"\n");
    for (name, value) in [
        ("Project-Id-Version", "cardstock"),
        ("PO-Revision-Date", now),
        ("Last-Translator", "Cardstock"),
        ("Language-Team", target_lang),
        ("Language", target_lang),
        ("MIME-Version", "1.0"),
        ("Content-Type", "text/plain; charset=UTF-8"),
        ("Content-Transfer-Encoding", "8bit"),
        ("X-Cardstock-Source-Language", source_lang),
        (BASE_FIELD, &bases.join(" ")),
    ] {
        out.push_str(&format!("\"{}\"\n", escape(&format!("{name}: {value}\n"))));
    }
    for page in pages {
        for unit in &page.units {
            let context = format!("{}#{}", page.path, unit.id);
            out.push('\n');
            out.push_str(&format!("#. {}\n", unit.part));
            if unit.whole {
                out.push_str(&format!("#. {}\n", super::exchange::WHOLE_PART_NOTE));
            }
            out.push_str(&format!("#: {}\n", page.source_file));
            if unit.state == UnitState::NeedsReview {
                out.push_str("#, fuzzy\n");
                if let Some(previous) = &unit.previous {
                    out.push_str(&format!("#| msgctxt \"{}\"\n", escape(&context)));
                    out.push_str(&format!("#| msgid \"{}\"\n", escape(previous)));
                }
            }
            out.push_str(&format!("msgctxt \"{}\"\n", escape(&context)));
            out.push_str(&format!("msgid \"{}\"\n", escape(&unit.source.text)));
            out.push_str(&format!(
                "msgstr \"{}\"\n",
                escape(unit.target.as_deref().unwrap_or(""))
            ));
        }
    }
    out
}

/// A C string body as gettext writes it.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c => out.push(c),
        }
    }
    out
}

fn unescape(text: &str, line: usize) -> Result<String, String> {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        out.push(match chars.next() {
            Some('n') => '\n',
            Some('t') => '\t',
            Some('r') => '\r',
            Some('\\') => '\\',
            Some('"') => '"',
            Some('a') => '\u{7}',
            Some('b') => '\u{8}',
            Some('f') => '\u{c}',
            Some('v') => '\u{b}',
            other => {
                return Err(format!(
                    "line {line}: unknown escape `\\{}`",
                    other.unwrap_or(' ')
                ));
            }
        });
    }
    Ok(out)
}

/// The string of a `keyword "…"` or `"…"` line.
fn quoted(rest: &str, line: usize) -> Result<String, String> {
    let rest = rest.trim();
    let inner = rest
        .strip_prefix('"')
        .and_then(|r| r.strip_suffix('"'))
        .ok_or_else(|| format!("line {line}: expected a string in double quotes"))?;
    unescape(inner, line)
}

#[derive(Default)]
struct Entry {
    context: Option<String>,
    id: Option<String>,
    translation: Option<String>,
    fuzzy: bool,
}

/// Reads the units of a PO file, grouped by page.
pub fn read(text: &str) -> Result<Vec<ImportedPage>, String> {
    let mut entries: Vec<Entry> = Vec::new();
    let mut entry = Entry::default();
    // Which field continuation lines add to.
    let mut field: Option<u8> = None;
    for (i, raw) in text.lines().enumerate() {
        let n = i + 1;
        let line = raw.trim();
        if line.is_empty() {
            continue;
        }
        if line.starts_with('#') {
            if entry.translation.is_some() {
                entries.push(std::mem::take(&mut entry));
            }
            field = None;
            if let Some(flags) = line.strip_prefix("#,") {
                entry.fuzzy |= flags.split(',').any(|f| f.trim() == "fuzzy");
            }
            continue;
        }
        let (keyword, rest) = match line.split_once([' ', '\t']) {
            Some((k, r)) if !line.starts_with('"') => (k, r),
            _ => ("", line),
        };
        let value = quoted(rest, n)?;
        let slot = match keyword {
            "" => match field {
                Some(f) => f,
                None => return Err(format!("line {n}: a string continues no field")),
            },
            "msgctxt" => 0,
            "msgid" => 1,
            "msgstr" => 2,
            "msgid_plural" | "msgstr[0]" => {
                return Err(format!("line {n}: plural entries are not Cardstock units"));
            }
            other => return Err(format!("line {n}: unknown keyword `{other}`")),
        };
        // A msgctxt or msgid after a msgstr starts the next entry.
        if matches!(keyword, "msgctxt" | "msgid") && entry.translation.is_some() {
            entries.push(std::mem::take(&mut entry));
        }
        let target = match slot {
            0 => &mut entry.context,
            1 => &mut entry.id,
            _ => &mut entry.translation,
        };
        target.get_or_insert_with(String::new).push_str(&value);
        field = Some(slot);
    }
    if entry.id.is_some() || entry.translation.is_some() {
        entries.push(entry);
    }
    let mut pages: BTreeMap<String, ImportedPage> = BTreeMap::new();
    let mut bases: BTreeMap<String, String> = BTreeMap::new();
    for e in entries {
        let Some(context) = e.context else {
            // The header: the export bases.
            if e.id.as_deref() == Some("") {
                for line in e.translation.unwrap_or_default().lines() {
                    if let Some(value) = line.strip_prefix(&format!("{BASE_FIELD}:")) {
                        for pair in value.split_whitespace() {
                            if let Some((path, hash)) = pair.split_once('=') {
                                bases.insert(path.to_string(), hash.to_string());
                            }
                        }
                    }
                }
            }
            continue;
        };
        let Some((path, id)) = context.split_once('#') else {
            return Err(format!("msgctxt \"{context}\" is not `<page>#<unit>`"));
        };
        let target = e.translation.unwrap_or_default();
        let state = match (target.is_empty(), e.fuzzy) {
            (true, _) => UnitState::New,
            (false, true) => UnitState::NeedsReview,
            (false, false) => UnitState::Translated,
        };
        let page = pages
            .entry(path.to_string())
            .or_insert_with(|| ImportedPage {
                path: path.to_string(),
                ..ImportedPage::default()
            });
        page.units.push(ImportedUnit {
            id: id.to_string(),
            target,
            state,
        });
    }
    Ok(pages
        .into_values()
        .map(|mut p| {
            p.base = bases.get(&p.path).cloned();
            p
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_as_gettext_does_and_reads_back() {
        let text = "a \"q\" \\ b\nc\td";
        assert_eq!(escape(text), "a \\\"q\\\" \\\\ b\\nc\\td");
        assert_eq!(unescape(&escape(text), 1).unwrap(), text);
    }

    #[test]
    fn reads_entries_with_continuations_flags_and_header() {
        let po = "msgid \"\"\nmsgstr \"\"\n\"Language: es\\n\"\n\"X-Cardstock-Base: a.md=00ff\\n\"\n\n\
                  #, fuzzy\n#| msgid \"old\"\nmsgctxt \"a.md#title\"\nmsgid \"T\"\nmsgstr \"Tí\"\n\"tulo\"\n\n\
                  msgctxt \"a.md#summary\"\nmsgid \"S\"\nmsgstr \"\"\nmsgctxt \"a.md#aim\"\nmsgid \"A\"\nmsgstr \"Á\"\n";
        let pages = read(po).unwrap();
        assert_eq!(pages.len(), 1);
        assert_eq!(pages[0].base.as_deref(), Some("00ff"));
        let units = &pages[0].units;
        assert_eq!(
            (units[0].id.as_str(), units[0].target.as_str()),
            ("title", "Título")
        );
        assert_eq!(units[0].state, UnitState::NeedsReview);
        assert_eq!(units[1].state, UnitState::New);
        assert_eq!(
            (units[2].id.as_str(), units[2].target.as_str()),
            ("aim", "Á")
        );
    }
}
