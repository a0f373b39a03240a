//! The strategy card schema: its sections, the sub-sections of "Who", which
//! are required, and how a heading is identified as one of them. The one home
//! of this knowledge: the model (card bodies), the translation fingerprints,
//! `translations start` and the theme's reserved ids all ask here.

use crate::i18n::UiStrings;

/// The ids of a strategy card's sections, in the order they are shown.
pub const CARD_SECTIONS: [&str; 6] = [
    "what",
    "who",
    "how",
    "where",
    "considerations",
    "more-information",
];

/// The sub-sections of "who".
pub const WHO_SUBSECTIONS: [&str; 2] = ["intended-for", "conducted-by"];

/// Sections a card may leave out.
pub const OPTIONAL_SECTIONS: [&str; 1] = ["more-information"];

/// The sub-sections a section is split into (`who`), if any.
pub fn sub_sections(id: &str) -> Option<&'static [&'static str]> {
    (id == "who").then_some(&WHO_SUBSECTIONS[..])
}

/// Whether a card must have this section.
pub fn is_required(id: &str) -> bool {
    !OPTIONAL_SECTIONS.contains(&id)
}

/// The heading level of a section or sub-section in a card's Markdown.
pub fn heading_marks(id: &str) -> &'static str {
    if WHO_SUBSECTIONS.contains(&id) {
        "###"
    } else {
        "##"
    }
}

/// The section a heading stands for, among `allowed`: by the id written after
/// it (`{#what}`), else by its text in any language ("Qué" → `what`).
pub fn identify(
    written_id: Option<&str>,
    heading: &str,
    allowed: &[&'static str],
    ui: &UiStrings,
) -> Option<&'static str> {
    let by_id = written_id.and_then(|id| allowed.iter().find(|&&a| a == id));
    let by_text = || {
        ui.section_for_heading(heading)
            .and_then(|found| allowed.iter().find(|&&a| a == found))
    };
    by_id.or_else(by_text).copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_who_has_sub_sections_and_only_more_information_is_optional() {
        assert_eq!(sub_sections("who"), Some(&WHO_SUBSECTIONS[..]));
        assert!(
            CARD_SECTIONS
                .iter()
                .filter(|s| *s != &"who")
                .all(|s| sub_sections(s).is_none())
        );
        let optional: Vec<_> = CARD_SECTIONS.iter().filter(|s| !is_required(s)).collect();
        assert_eq!(optional, [&"more-information"]);
        assert_eq!(heading_marks("conducted-by"), "###");
        assert_eq!(heading_marks("how"), "##");
    }
}
