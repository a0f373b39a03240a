//! Replacing one scalar value of block-style front matter in place, found by
//! its path (`change_ideas` → item with `id: kickoff` → `pdsa` → item 0 →
//! `plan`), so an import changes that value and nothing else: comments, key
//! order and the other values' quoting stay as the translator left them.

use std::ops::Range;

use super::units::Step;

struct Line<'a> {
    start: usize,
    text: &'a str,
}

impl Line<'_> {
    fn indent(&self) -> usize {
        self.text.len() - self.text.trim_start().len()
    }

    fn is_blank(&self) -> bool {
        let t = self.text.trim();
        t.is_empty() || t.starts_with('#')
    }

    /// The column where the line's content starts after any `- ` markers.
    fn content_column(&self) -> usize {
        let mut col = self.indent();
        let mut rest = &self.text[col..];
        while let Some(after) = rest.strip_prefix('-').filter(|a| a.starts_with(' ')) {
            let spaces = after.len() - after.trim_start().len();
            col += 1 + spaces;
            rest = &self.text[col..];
        }
        col
    }
}

/// The byte range, in `yaml`, of the scalar value at `path`: after `key:`
/// and its spaces, up to a trailing comment or the end of its last line.
pub fn locate(yaml: &str, path: &[Step]) -> Option<Range<usize>> {
    let mut lines = Vec::new();
    let mut at = 0;
    for text in yaml.split_inclusive('\n') {
        lines.push(Line {
            start: at,
            text: text.trim_end_matches(['\n', '\r']),
        });
        at += text.len();
    }
    // The lines the current mapping spans, and the column of its keys.
    let (mut lo, mut hi, mut column) = (0, lines.len(), 0);
    let mut steps = path.iter().peekable();
    while let Some(step) = steps.next() {
        match step {
            Step::Key(_) | Step::Field(_) => {
                let key: &str = match step {
                    Step::Key(k) => k,
                    Step::Field(k) => k,
                    _ => unreachable!(),
                };
                let i = (lo..hi).find(|&i| {
                    let l = &lines[i];
                    !l.is_blank()
                        && l.content_column() == column
                        && l.text[column..]
                            .strip_prefix(key)
                            .is_some_and(|r| r.starts_with(':'))
                })?;
                // The value's lines: deeper ones, and a list written at the key's own indent.
                let key_indent = lines[i].content_column();
                let mut end = i + 1;
                while end < hi {
                    let l = &lines[end];
                    let deeper = l.indent() > key_indent
                        || (l.indent() == key_indent && l.text.trim_start().starts_with("- "));
                    if !(l.is_blank() || deeper) {
                        break;
                    }
                    end += 1;
                }
                if steps.peek().is_none() {
                    return Some(scalar_range(&lines, i, key_indent + key.len() + 1, end));
                }
                (lo, hi) = (i + 1, end);
                // A nested mapping's keys are at its first line's indent.
                if let Some(Step::Key(_) | Step::Field(_)) = steps.peek() {
                    column = (lo..hi)
                        .find(|&j| !lines[j].is_blank())
                        .map(|j| lines[j].indent())?;
                }
            }
            Step::Index(_) | Step::Id(_) => {
                let dash = (lo..hi)
                    .find(|&i| lines[i].text.trim_start().starts_with("- "))
                    .map(|i| lines[i].indent())?;
                let items: Vec<usize> = (lo..hi)
                    .filter(|&i| {
                        lines[i].indent() == dash && lines[i].text.trim_start().starts_with("- ")
                    })
                    .collect();
                let bounds = |k: usize| (items[k], items.get(k + 1).copied().unwrap_or(hi));
                let k = match step {
                    Step::Index(n) => (*n < items.len()).then_some(*n)?,
                    Step::Id(id) => (0..items.len()).find(|&k| {
                        let (a, b) = bounds(k);
                        let col = lines[a].content_column();
                        (a..b).any(|i| {
                            let l = &lines[i];
                            l.content_column() == col
                                && l.text[col..].strip_prefix("id:").is_some_and(|v| {
                                    v.split(" #")
                                        .next()
                                        .unwrap_or("")
                                        .trim()
                                        .trim_matches(['"', '\''])
                                        == id
                                })
                        })
                    })?,
                    Step::Key(_) | Step::Field(_) => unreachable!(),
                };
                let (a, b) = bounds(k);
                column = lines[a].content_column();
                (lo, hi) = (a, b);
            }
        }
    }
    None
}

/// `yaml` with the scalar at the key path `keys` set to `value` (already
/// quoted): replaced in place when the key is there, else added at the end
/// of the deepest mapping of the path that exists (creating the mappings
/// below it), or of the file. Comments, order and other values stay as they
/// are. `None` when the place is not a block mapping (a flow `{…}` one).
pub fn set(yaml: &str, keys: &[&str], value: &str) -> Option<String> {
    let path: Vec<Step> = keys.iter().map(|k| Step::Field(k.to_string())).collect();
    let mut text = yaml.to_string();
    if let Some(range) = locate(yaml, &path) {
        text.replace_range(range, value);
        return Some(text);
    }
    let nested = |keys: &[&str], indent: usize| {
        let mut out = String::new();
        for (i, key) in keys.iter().enumerate() {
            out.push('\n');
            out.push_str(&" ".repeat(indent + 2 * i));
            out.push_str(key);
            out.push(':');
        }
        out.push(' ');
        out.push_str(value);
        out
    };
    for depth in (1..keys.len()).rev() {
        let Some(range) = locate(yaml, &path[..depth]) else {
            continue;
        };
        let found = &yaml[range.clone()];
        let line_start = yaml[..range.start].rfind('\n').map_or(0, |i| i + 1);
        let key_line = Line {
            start: line_start,
            text: &yaml[line_start..range.start],
        };
        if found.trim().is_empty() {
            // `key:` with nothing under it yet.
            let at = range.start;
            let indent = key_line.content_column() + 2;
            text.insert_str(at, &nested(&keys[depth..], indent));
            return Some(text);
        }
        if !found.starts_with('\n') {
            return None;
        }
        // After the mapping's last line that is not a comment or blank.
        let mut end = range.end;
        for line in found.lines().rev() {
            let t = line.trim();
            if t.is_empty() || t.starts_with('#') {
                end -= line.len() + 1;
            } else {
                break;
            }
        }
        let indent = found
            .lines()
            .find(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
            .map(|l| l.len() - l.trim_start().len())?;
        text.insert_str(end.max(range.start), &nested(&keys[depth..], indent));
        return Some(text);
    }
    if !text.is_empty() && !text.ends_with('\n') {
        text.push('\n');
    }
    text.push_str(nested(keys, 0).trim_start_matches('\n'));
    text.push('\n');
    Some(text)
}

/// The value of the key on line `i` (its text starting at byte `from` of the
/// line), continued on lines up to `end`.
fn scalar_range(lines: &[Line], i: usize, from: usize, end: usize) -> Range<usize> {
    let line = &lines[i];
    let rest = &line.text[from..];
    let start = line.start + from + (rest.len() - rest.trim_start().len());
    let value = rest.trim_start();
    let last = (i + 1..end)
        .rev()
        .find(|&j| !lines[j].text.trim().is_empty());
    if let Some(j) = last.filter(|_| !value.starts_with(['"', '\'']) || !closes(value)) {
        return start..lines[j].start + lines[j].text.len();
    }
    let len = match value.chars().next() {
        Some(q @ ('"' | '\'')) => quoted_len(value, q).unwrap_or(value.len()),
        _ => value.find(" #").unwrap_or(value.len()),
    };
    start..start + value[..len].trim_end().len()
}

/// Whether a quoted scalar closes on its first line.
fn closes(value: &str) -> bool {
    let q = value.chars().next().unwrap_or('"');
    quoted_len(value, q).is_some()
}

/// The length of a quoted scalar including its quotes, if it closes.
fn quoted_len(value: &str, quote: char) -> Option<usize> {
    let mut chars = value.char_indices().skip(1).peekable();
    while let Some((i, c)) = chars.next() {
        if quote == '"' && c == '\\' {
            chars.next();
        } else if c == quote {
            if quote == '\'' && chars.peek().map(|(_, c)| *c) == Some('\'') {
                chars.next();
                continue;
            }
            return Some(i + 1);
        }
    }
    None
}

/// A YAML double-quoted scalar holding `text`.
pub fn quote(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const YAML: &str = "title: Hola   # kept\nsummary: >\n  two\n  lines\nchange_ideas:\n  - id: kickoff\n    title: \"Start\" # c\n    pdsa:\n      - title: One\n        plan: 'It''s'\n      - title: Two\n  - id: \"second\"\n    title: Second\nmeasures:\n- type: outcome\n  name: Rate\n";

    fn value(path: &[Step]) -> &'static str {
        &YAML[locate(YAML, path).expect("found")]
    }

    #[test]
    fn finds_values_by_path() {
        use Step::*;
        assert_eq!(value(&[Key("title")]), "Hola");
        assert_eq!(value(&[Key("summary")]), ">\n  two\n  lines");
        assert_eq!(
            value(&[Key("change_ideas"), Id("kickoff".into()), Key("title")]),
            "\"Start\""
        );
        assert_eq!(
            value(&[
                Key("change_ideas"),
                Id("kickoff".into()),
                Key("pdsa"),
                Index(0),
                Key("plan")
            ]),
            "'It''s'"
        );
        assert_eq!(
            value(&[
                Key("change_ideas"),
                Id("kickoff".into()),
                Key("pdsa"),
                Index(1),
                Key("title")
            ]),
            "Two"
        );
        assert_eq!(
            value(&[Key("change_ideas"), Id("second".into()), Key("title")]),
            "Second"
        );
        assert_eq!(value(&[Key("measures"), Index(0), Key("name")]), "Rate");
        assert!(
            locate(
                YAML,
                &[Key("change_ideas"), Id("nope".into()), Key("title")]
            )
            .is_none()
        );
    }

    #[test]
    fn sets_replaces_or_adds_keys_keeping_comments() {
        let yaml =
            "# mine\nnav:\n  home: Inicio # kept\n  main: Principal\n# next\ncard:\nfooter: x\n";
        let set_ = |y: &str, k: &[&str]| set(y, k, "\"V\"").unwrap();
        assert_eq!(
            set_(yaml, &["nav", "home"]),
            yaml.replace("Inicio", "\"V\"")
        );
        assert_eq!(
            set_(yaml, &["nav", "languages"]),
            yaml.replace("Principal\n", "Principal\n  languages: \"V\"\n")
        );
        assert_eq!(
            set_(yaml, &["card", "kind"]),
            yaml.replace("card:\n", "card:\n  kind: \"V\"\n")
        );
        assert_eq!(
            set_(yaml, &["search", "types", "card"]),
            format!("{yaml}search:\n  types:\n    card: \"V\"\n")
        );
        assert_eq!(set("a: {b: c}\n", &["a", "d"], "x"), None);
    }

    #[test]
    fn quoted_values_parse_back() {
        let text = "a \"b\" \\ c: #d\né";
        let yaml = format!("k: {}\n", quote(text));
        let parsed: std::collections::HashMap<String, String> =
            serde_norway::from_str(&yaml).unwrap();
        assert_eq!(parsed["k"], text);
    }
}
