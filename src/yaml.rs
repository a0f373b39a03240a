//! Typed YAML parsing with errors that point at the author's file and line.
//!
//! serde_norway reports positions inside the YAML text it was given; front matter
//! starts a line or more into its file, so callers pass that offset. Unknown
//! keys get a "did you mean" suggestion from the keys serde expected.

use serde::de::DeserializeOwned;

use crate::error::{Diagnostic, did_you_mean};

/// Parses `text` as `T`. `first_line` is the file line of the text's first line.
pub fn parse<T: DeserializeOwned>(
    text: &str,
    file: &str,
    first_line: usize,
) -> Result<T, Diagnostic> {
    serde_norway::from_str(text).map_err(|e| to_diagnostic(&e, file, first_line))
}

fn to_diagnostic(err: &serde_norway::Error, file: &str, first_line: usize) -> Diagnostic {
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
    let help = help_for(&message);
    let mut diag = Diagnostic::new(file, shorten(&message));
    if let Some((line, column)) = location {
        diag = diag.at(line, column);
    }
    if let Some(help) = help {
        diag = diag.help(help);
    }
    diag
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
fn help_for(message: &str) -> Option<String> {
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
            None => format!(
                "remove `{unknown}`; keys allowed here: {}",
                expected.join(", ")
            ),
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
