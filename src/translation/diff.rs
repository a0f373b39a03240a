//! `translations diff`: what changed in a source since its translation was
//! reviewed, part by part (a card section, a change idea…), word by word, in
//! the style of `git diff --word-diff=plain`: `[-removed-]{+added+}`. The
//! reviewed text comes from the toolkit's git history ([`history`]).

use similar::{ChangeTag, TextDiff};

use super::files::Workspace;
use super::fingerprint::Fingerprint;
use super::hash::{long_hex, short_hex};
use super::history;
use super::units::units;
use crate::content::Source;
use crate::error::{Diagnostic, Result};
use crate::i18n::UiStrings;
use crate::load::CONTENT_DIR;

impl Workspace {
    fn translation_hash(
        &self,
        lang: &str,
        rel: &str,
    ) -> Result<Option<crate::content::SourceHash>> {
        let Some(file) = self.file(lang, rel) else {
            return Err(Diagnostic::new(
                format!("{CONTENT_DIR}/{lang}/{rel}"),
                "there is no translation of this page",
            )
            .help(format!(
                "start one with: cardstock translations start {lang} {rel}"
            ))
            .into());
        };
        Ok(self.parsed(file)?.front.source_hash.clone())
    }
}

/// The report of `translations diff LANG PATH`.
pub fn diff(ws: &Workspace, lang: &str, rel: &str) -> Result<String> {
    ws.check_translation_language(lang)?;
    let (source, current) = ws.fingerprint(rel)?;
    let target = format!("{CONTENT_DIR}/{lang}/{rel}");
    let Some(recorded) = ws.translation_hash(lang, rel)? else {
        return Ok(format!(
            "{target} has no source_hash: nobody recorded which version of {} it translates, so there is nothing to compare.\n\
             Review it against the source, then: cardstock translations mark {lang} {rel}",
            source.file
        ));
    };
    if recorded.whole == long_hex(current.whole) {
        return Ok(format!("{target} is up to date with {}.", source.file));
    }
    let found = match history::find(&ws.toolkit.root, &source, &recorded.whole, &ws.ui) {
        Ok(found) => found,
        Err(why) => {
            let changed = changed_parts(&recorded.parts, &current);
            return Ok(format!(
                "{target} is outdated{}.\nThe text it was reviewed against was not found: {why}.\n\
                 Compare the translation with {} by hand.",
                if changed.is_empty() {
                    String::new()
                } else {
                    format!(" (changed: {})", changed.join(", "))
                },
                source.file
            ));
        }
    };
    let old = Fingerprint::of(&found.source, &ws.ui);
    let mut parts: Vec<&String> = current
        .parts
        .keys()
        .chain(old.parts.keys())
        .filter(|p| current.parts.get(*p) != old.parts.get(*p))
        .collect();
    parts.sort();
    parts.dedup();
    let mut out = format!(
        "{target} was reviewed against {} as of commit {}; changed since: {}\n",
        source.file,
        found.commit,
        parts
            .iter()
            .map(|p| p.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    );
    for part in parts {
        out.push_str(&format!("\n== {part} ==\n"));
        let before = part_text(&found.source, part, &ws.ui);
        let after = part_text(&source, part, &ws.ui);
        out.push_str(&word_diff(&before, &after));
        out.push('\n');
    }
    Ok(out.trim_end().to_string())
}

fn changed_parts(
    recorded: &std::collections::BTreeMap<String, String>,
    current: &Fingerprint,
) -> Vec<String> {
    current
        .parts
        .iter()
        .filter(|(name, hash)| recorded.get(*name) != Some(&short_hex(**hash)))
        .map(|(name, _)| name.clone())
        .collect()
}

/// The text of one part: its units, a paragraph each.
fn part_text(source: &Source, part: &str, ui: &UiStrings) -> String {
    units(source, ui)
        .into_iter()
        .filter(|u| u.part == part)
        .map(|u| u.text)
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// `before` and `after`, word by word: `[-removed-]{+added+}`.
pub fn word_diff(before: &str, after: &str) -> String {
    let diff = TextDiff::from_words(before, after);
    let mut out = String::new();
    let (mut removed, mut added) = (String::new(), String::new());
    let flush = |out: &mut String, removed: &mut String, added: &mut String| {
        // Spaces a change starts or ends with belong to the text around it.
        let head = |s: &str| s[..s.len() - s.trim_start().len()].to_string();
        let tail = |s: &str| s[s.trim_end().len()..].to_string();
        let changed = if removed.trim().is_empty() {
            added.clone()
        } else {
            removed.clone()
        };
        out.push_str(&head(&changed));
        if !removed.trim().is_empty() {
            out.push_str(&format!("[-{}-]", removed.trim()));
        }
        if !added.trim().is_empty() {
            out.push_str(&format!("{{+{}+}}", added.trim()));
        }
        out.push_str(&tail(&changed));
        removed.clear();
        added.clear();
    };
    for change in diff.iter_all_changes() {
        match change.tag() {
            ChangeTag::Equal => {
                flush(&mut out, &mut removed, &mut added);
                out.push_str(change.value());
            }
            ChangeTag::Delete => removed.push_str(change.value()),
            ChangeTag::Insert => added.push_str(change.value()),
        }
    }
    flush(&mut out, &mut removed, &mut added);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_removed_and_added_are_marked() {
        assert_eq!(
            word_diff(
                "Meet every week for an hour.",
                "Meet every two weeks for an hour."
            ),
            "Meet every [-week-]{+two weeks+} for an hour."
        );
    }
}
