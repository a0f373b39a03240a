//! Typed YAML parsing with errors that point at the author's file, line and column.
//!
//! Every YAML text (front matter, `cardstock.yaml`, UI strings) goes through
//! [`parse`] or [`parse_with_positions`]: a size limit first, then one scan of
//! the parser's events ([`scan`]: nesting depth, what aliases repeat, keys
//! written twice, and where each value is), then serde_norway. Positions in
//! serde_norway's messages are inside the YAML text it was given; front
//! matter starts a line or more into its file, so callers pass that offset.
//! Unknown keys get a "did you mean" suggestion from the keys serde expected.

mod events;
mod positions;
mod scan;

use serde::de::DeserializeOwned;

use crate::error::{Diagnostic, did_you_mean};

pub use positions::{Pos, Positions};
pub use scan::{MAX_ALIAS_BYTES, MAX_ALIAS_VALUES, MAX_DEPTH, MAX_PATH_BYTES};

/// A YAML text (front matter, a settings or strings file) may be this long.
pub const MAX_BYTES: usize = 1024 * 1024;

/// Parses `text` as `T`. `first_line` is the file line of the text's first line.
pub fn parse<T: DeserializeOwned>(
    text: &str,
    file: &str,
    first_line: usize,
) -> Result<T, Diagnostic> {
    parse_with_positions(text, file, first_line, None).map(|(value, _)| value)
}

/// Suggests what an unknown key may have meant when no allowed key is close.
pub type UnknownKeyHint = fn(&str) -> Option<String>;

/// Parses `text` as `T` and says where each of its values was written.
pub fn parse_with_positions<T: DeserializeOwned>(
    text: &str,
    file: &str,
    first_line: usize,
    hint: Option<UnknownKeyHint>,
) -> Result<(T, Positions), Diagnostic> {
    // A byte-order mark is invisible in editors; columns count from after it.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.len() > MAX_BYTES {
        return Err(Diagnostic::new(
            file,
            format!(
                "this YAML is {} bytes; the limit is {MAX_BYTES} bytes (1 MiB)",
                text.len()
            ),
        )
        .at_line(first_line)
        .help("move long text into the Markdown body, or split the file"));
    }
    let positions = scan::scan(text, first_line).map_err(|r| refusal(r, file, first_line))?;
    let value = serde_norway::from_str(text).map_err(|e| {
        let syntax_error = !positions.read_to_the_end;
        to_diagnostic(&e, text, syntax_error, file, first_line, hint)
    })?;
    Ok((value, positions))
}

/// A limit or a repeated key, as the author's diagnostic.
fn refusal(refusal: scan::Refusal, file: &str, first_line: usize) -> Diagnostic {
    let at = |d: Diagnostic, mark: events::Mark| d.at(first_line + mark.line, mark.column + 1);
    match refusal {
        scan::Refusal::TooDeep { at: mark } => at(
            Diagnostic::new(
                file,
                format!("lists and mappings nest more than {MAX_DEPTH} levels deep here"),
            ),
            mark,
        )
        .help("close the brackets you opened (`]`, `}`); front matter needs only a few levels"),
        scan::Refusal::AliasesRepeatTooMuch {
            at: mark,
            values,
            bytes,
        } => {
            let what = if values > MAX_ALIAS_VALUES {
                format!("more than {MAX_ALIAS_VALUES} values")
            } else {
                format!("{bytes} bytes of text; the limit is {MAX_ALIAS_BYTES} bytes (1 MiB)")
            };
            at(
                Diagnostic::new(file, format!("aliases (`*name`) up to here repeat {what}")),
                mark,
            )
            .help(format!(
                "aliases may repeat at most {MAX_ALIAS_VALUES} values and 1 MiB of text per file; write the values out, or repeat less"
            ))
        }
        scan::Refusal::PathsTooLong { at: mark } => at(
            Diagnostic::new(
                file,
                format!(
                    "the keys above the values up to here add up to more than {} MiB: long keys nested above many values",
                    MAX_PATH_BYTES / (1024 * 1024)
                ),
            ),
            mark,
        )
        .help("use short keys; long text belongs in values or in the Markdown body"),
        scan::Refusal::DuplicateKey { key, first, again } => at(
            Diagnostic::new(
                file,
                format!("the key `{key}` is written twice in the same mapping"),
            ),
            again,
        )
        .help(format!(
            "keep one `{key}`; the first is on line {}",
            first_line + first.line
        )),
    }
}

fn to_diagnostic(
    err: &serde_norway::Error,
    text: &str,
    syntax_error: bool,
    file: &str,
    first_line: usize,
    hint: Option<UnknownKeyHint>,
) -> Diagnostic {
    let tab = err
        .location()
        .filter(|_| syntax_error)
        .and_then(|loc| tab_indentation(text, loc.line()));
    if let Some(tab) = tab {
        return Diagnostic::new(file, "YAML does not allow tabs for indentation")
            .at(first_line + tab.0 - 1, tab.1)
            .help("indent with spaces; many editors can turn tabs into spaces for .md and .yaml files");
    }
    let full = err.to_string();
    let (problem, context) = split_message(&full);
    let mut location = err
        .location()
        .map(|loc| (first_line + loc.line() - 1, loc.column()));
    let mut message = problem.to_string();
    // "…, while parsing a flow sequence at line 2 column 7" says where the
    // unclosed thing began: often the line the author must fix.
    if let Some((what, line, column)) = context {
        let line = first_line + line - 1;
        message = format!("{problem} while {what} that starts at line {line}, column {column}");
        if problem.contains("end of stream") {
            location = Some((line, column));
        }
    }
    let help = help_for(&message, hint);
    let mut diag = Diagnostic::new(file, shorten(&message));
    if let Some((line, column)) = location {
        diag = diag.at(line, column);
    }
    if let Some(help) = help {
        diag = diag.help(help);
    }
    diag
}

/// The line and column (1-based, in the YAML) of a tab in the indentation of
/// the line of an error, or of the line before it: libyaml then reports
/// "found character that cannot start any token" or a misplaced key.
fn tab_indentation(text: &str, error_line: usize) -> Option<(usize, usize)> {
    let lines: Vec<&str> = text.lines().collect();
    let candidates = [error_line, error_line.saturating_sub(1)];
    candidates.into_iter().filter(|&l| l >= 1).find_map(|line| {
        let content = lines.get(line - 1)?;
        let indent = &content[..content.len() - content.trim_start().len()];
        indent
            .chars()
            .position(|c| c == '\t')
            .map(|i| (line, i + 1))
    })
}

/// "unknown field `x`, expected one of …" → "unknown key `x`": the help lists the keys.
fn shorten(message: &str) -> String {
    match message.find("unknown field `") {
        Some(start) => {
            let rest = &message[start + "unknown field ".len()..];
            let name_end = rest[1..].find('`').map(|i| i + 2).unwrap_or(rest.len());
            format!("{}unknown key {}", &message[..start], &rest[..name_end])
        }
        None => message.to_string(),
    }
}

/// Splits serde_norway's "problem at line L column C, while doing at line L2 column C2"
/// into the problem and the context (doing, L2, C2); positions are relative to the YAML.
fn split_message(full: &str) -> (&str, Option<(&str, usize, usize)>) {
    let (first, context) = match full.split_once(", while ") {
        Some((first, rest)) => (first, parse_context(rest)),
        None => (full, None),
    };
    let problem = first.split(" at line ").next().unwrap_or(first);
    (problem, context)
}

/// `parsing a flow sequence at line 2 column 7` → ("parsing a flow sequence", 2, 7).
fn parse_context(rest: &str) -> Option<(&str, usize, usize)> {
    let (what, position) = rest.rsplit_once(" at line ")?;
    let (line, column) = position.split_once(" column ")?;
    Some((what, line.trim().parse().ok()?, column.trim().parse().ok()?))
}

/// A hint for the usual mistakes: a misspelt key, a wrong type, a stray colon.
fn help_for(message: &str, hint: Option<UnknownKeyHint>) -> Option<String> {
    if let Some(start) = message.find("unknown field `") {
        let rest = &message[start + "unknown field `".len()..];
        let unknown = rest.split('`').next().unwrap_or("");
        let expected: Vec<&str> = message
            .split("expected")
            .nth(1)
            .map(|s| s.split('`').skip(1).step_by(2).collect())
            .unwrap_or_default();
        return Some(match did_you_mean(unknown, expected.iter().copied()) {
            Some(close) => format!(
                "did you mean `{close}`? Keys allowed here: {}",
                expected.join(", ")
            ),
            None => match hint.and_then(|hint| hint(unknown)) {
                Some(hint) => hint,
                None => format!(
                    "remove `{unknown}`; keys allowed here: {}",
                    expected.join(", ")
                ),
            },
        });
    }
    if message.contains("invalid type") {
        return Some("check the value's type: lists are written `[a, b]` or as `- item` lines; put text that starts with `[`, `{`, `*` or `&` or holds `: ` in double quotes".into());
    }
    if message.contains("mapping values are not allowed") {
        return Some("a value contains `: `; put the whole value in double quotes".into());
    }
    if message.contains("expected ',' or ']'") {
        return Some(
            "close the list with `]`; put an item that holds a comma or colon in double quotes"
                .into(),
        );
    }
    if message.contains("expected ',' or '}'") {
        return Some(
            "close the mapping with `}`; put a value that holds a comma or colon in double quotes"
                .into(),
        );
    }
    if message.contains("quoted scalar") {
        return Some(
            "close the quotation mark; inside double quotes write a quote as `\\\"`".into(),
        );
    }
    if message.contains("missing field") {
        return Some("add the missing key".into());
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Demo {
        title: String,
        summary: Option<String>,
        #[serde(default)]
        key_citation: Option<std::collections::BTreeMap<String, String>>,
        #[serde(default)]
        tags: Vec<String>,
    }

    #[test]
    fn unknown_key_names_line_and_suggestion() {
        let d = parse::<Demo>("title: a\nsumary: b\n", "x.md", 2).unwrap_err();
        assert_eq!(d.line, Some(3));
        assert_eq!(d.message, "unknown key `sumary`");
        assert!(
            d.help
                .as_deref()
                .unwrap()
                .contains("did you mean `summary`")
        );
    }

    #[test]
    fn tab_indentation_is_named_at_the_tab() {
        for (text, line, column) in [
            ("title: A\ntags:\n\t- a\n", 4, 1),
            ("title: A\nkey_citation:\n  title: x\n\turl: y\n", 5, 1),
            ("key_citation:\n  \ttitle: x\ntitle: A\n", 3, 3),
        ] {
            let d = parse::<Demo>(text, "x.md", 2).unwrap_err();
            assert_eq!(
                d.message, "YAML does not allow tabs for indentation",
                "{text:?}"
            );
            assert_eq!((d.line, d.column), (Some(line), Some(column)), "{text:?}");
        }
        // A tab inside a block of text is text, and a later type error is reported as such.
        let d = parse::<Demo>("summary: |\n  code\n  \tmore\ntitle: [x]\n", "x.md", 2).unwrap_err();
        assert!(d.message.contains("invalid type"), "{}", d.message);
    }

    #[test]
    fn every_text_is_limited_to_one_mebibyte() {
        let text = format!("title: {}\n", "x".repeat(MAX_BYTES));
        let d = parse::<serde_json::Value>(&text, "cardstock.yaml", 1).unwrap_err();
        assert_eq!(
            d.message,
            format!(
                "this YAML is {} bytes; the limit is 1048576 bytes (1 MiB)",
                MAX_BYTES + 8
            )
        );
        assert_eq!((d.line, d.column), (Some(1), None));
        // A byte-order mark is not counted, nor seen.
        let ok = format!("\u{feff}title: {}\n", "x".repeat(MAX_BYTES - 8));
        parse::<serde_json::Value>(&ok, "cardstock.yaml", 1).unwrap();
    }

    #[test]
    fn syntax_error_has_location() {
        let d = parse::<Demo>("title: [unclosed\n", "x.md", 2).unwrap_err();
        assert!(d.line.is_some());
    }

    #[test]
    fn unclosed_list_names_where_it_starts() {
        let d = parse::<Demo>("title: a\ntags: [b, c\nsummary: d\n", "x.md", 2).unwrap_err();
        assert_eq!((d.line, d.column), (Some(4), Some(8)), "{}", d.message);
        assert!(
            d.message
                .contains("while parsing a flow sequence that starts at line 3, column 7"),
            "{}",
            d.message
        );
        assert!(d.help.as_deref().unwrap().contains("`]`"));
    }

    #[test]
    fn unclosed_quote_points_at_the_quote() {
        let d = parse::<Demo>("title: \"unclosed\nsummary: b\n", "x.md", 2).unwrap_err();
        assert_eq!((d.line, d.column), (Some(2), Some(8)));
        assert!(d.help.as_deref().unwrap().contains("quotation mark"));
    }
}
