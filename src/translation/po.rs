//! gettext PO files: one entry per unit, `msgctxt` = `<page>#<unit id>`
//! (`strategies/peer-coaching.md#how.2`), placeholders written as they are
//! (`{1}…{/1}`, `{2/}`). An outdated unit is `#, fuzzy` with the source it
//! was reviewed against as `#| msgid`; an untranslated one has an empty
//! `msgstr`. Written by hand: the format is small, and gettext's escaping
//! rules are followed and tested (`msgfmt --check` in the integration tests).

use std::collections::BTreeMap;

use super::exchange::{ExportUnit, ImportedPage, ImportedUnit, PageExport, UnitState};

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
        ("Plural-Forms", &super::ui_units::plural_forms(target_lang)),
        ("X-Cardstock-Source-Language", source_lang),
        (BASE_FIELD, &bases.join(" ")),
    ] {
        out.push_str(&format!("\"{}\"\n", escape(&format!("{name}: {value}\n"))));
    }
    for page in pages {
        let mut at = 0;
        while at < page.units.len() {
            let unit = &page.units[at];
            // The forms of a plural UI string: one entry.
            let forms: Vec<&ExportUnit> = page.units[at..]
                .iter()
                .take_while(|u| u.plural.is_some() && u.part == unit.part)
                .collect();
            if !forms.is_empty() {
                at += forms.len();
                write_plural(&mut out, page, &forms);
                continue;
            }
            at += 1;
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

/// One PO entry for the forms of a plural UI string: `msgid` is the
/// source's `one` form (or its `other`), `msgid_plural` its `other`, and
/// `msgstr[i]` the i-th form in the order of the `Plural-Forms` header.
fn write_plural(out: &mut String, page: &PageExport, forms: &[&ExportUnit]) {
    let first = forms[0];
    let id = first.part.clone();
    let source_of = |category: &str| {
        forms
            .iter()
            .find(|u| u.plural == Some(category))
            .map(|u| u.source.text.clone())
    };
    let other = source_of("other").unwrap_or_default();
    let singular = source_of("one").unwrap_or_else(|| other.clone());
    out.push('\n');
    out.push_str(&format!(
        "#. {}: one form per plural category, in order: {}\n",
        first.part,
        forms
            .iter()
            .filter_map(|u| u.plural)
            .collect::<Vec<_>>()
            .join(", ")
    ));
    out.push_str(&format!("#: {}\n", page.source_file));
    if forms.iter().any(|u| u.state == UnitState::NeedsReview) {
        out.push_str("#, fuzzy\n");
    }
    out.push_str(&format!(
        "msgctxt \"{}\"\n",
        escape(&format!("{}#{id}", page.path))
    ));
    out.push_str(&format!("msgid \"{}\"\n", escape(&singular)));
    out.push_str(&format!("msgid_plural \"{}\"\n", escape(&other)));
    // A string is translated only when every form is.
    let all = forms.iter().all(|u| u.target.is_some());
    for (i, unit) in forms.iter().enumerate() {
        let text = if all {
            unit.target.as_deref().unwrap_or("")
        } else {
            ""
        };
        out.push_str(&format!("msgstr[{i}] \"{}\"\n", escape(text)));
    }
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
    /// `msgstr[n]` of a plural entry, in order.
    forms: Vec<String>,
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
            "msgid_plural" => 3,
            other => match other
                .strip_prefix("msgstr[")
                .and_then(|r| r.strip_suffix(']'))
                .and_then(|i| i.parse::<u8>().ok())
            {
                Some(i) if i < 100 => 4 + i,
                _ => return Err(format!("line {n}: unknown keyword `{other}`")),
            },
        };
        // A msgctxt or msgid after a msgstr starts the next entry.
        if matches!(keyword, "msgctxt" | "msgid") && entry.translation.is_some() {
            entries.push(std::mem::take(&mut entry));
        }
        if slot >= 4 {
            // A plural form: `translation` marks the entry as having msgstrs.
            let i = usize::from(slot - 4);
            if entry.forms.len() <= i {
                entry.forms.resize(i + 1, String::new());
            }
            entry.forms[i].push_str(&value);
            entry.translation.get_or_insert_with(String::new);
        } else {
            let target = match slot {
                0 => &mut entry.context,
                1 => &mut entry.id,
                3 => &mut None,
                _ => &mut entry.translation,
            };
            target.get_or_insert_with(String::new).push_str(&value);
        }
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
        let target = match e.forms.is_empty() {
            true => e.translation.unwrap_or_default(),
            // Untranslated unless every form is.
            false if e.forms.iter().any(String::is_empty) => String::new(),
            false => e.forms[0].clone(),
        };
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
            forms: e.forms,
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
