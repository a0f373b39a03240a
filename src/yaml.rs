//! Typed YAML parsing with errors that point at the author's file and line.
//!
//! serde_yaml reports positions inside the YAML text it was given; front matter
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
    serde_yaml::from_str(text).map_err(|e| to_diagnostic(&e, file, first_line))
}

fn to_diagnostic(err: &serde_yaml::Error, file: &str, first_line: usize) -> Diagnostic {
    let full = err.to_string();
    // serde_yaml appends " at line L column C"; we print the location ourselves.
    let message = match full.find(" at line ") {
        Some(i) => full[..i].to_string(),
        None => full.clone(),
    };
    let mut diag = Diagnostic::new(file, message.clone());
    if let Some(loc) = err.location() {
        diag = diag.at(first_line + loc.line() - 1, loc.column());
    }
    if let Some(help) = help_for(&message) {
        diag = diag.help(help);
    }
    diag
}

/// A hint for the usual mistakes: a misspelt key, a wrong type, a stray colon.
fn help_for(message: &str) -> Option<String> {
    if let Some(rest) = message.strip_prefix("unknown field `") {
        let unknown = rest.split('`').next().unwrap_or("");
        let expected: Vec<&str> = message
            .split("expected")
            .nth(1)
            .map(|s| s.split('`').skip(1).step_by(2).collect())
            .unwrap_or_default();
        return Some(match did_you_mean(unknown, expected.iter().copied()) {
            Some(close) => format!(
                "did you mean `{close}`? Known keys here: {}",
                expected.join(", ")
            ),
            None => format!(
                "remove `{unknown}`; known keys here: {}",
                expected.join(", ")
            ),
        });
    }
    if message.starts_with("invalid type") {
        return Some("check the value's type: lists are written `[a, b]` or as `- item` lines; text with a colon needs quotes".into());
    }
    if message.contains("mapping values are not allowed") {
        return Some("a value contains `: `; put the whole value in double quotes".into());
    }
    if message.starts_with("missing field") {
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
    }

    #[test]
    fn unknown_key_names_line_and_suggestion() {
        let d = parse::<Demo>("title: a\nsumary: b\n", "x.md", 2).unwrap_err();
        assert_eq!(d.line, Some(3));
        assert!(
            d.message.contains("unknown field `sumary`"),
            "{}",
            d.message
        );
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
}
