//! The ids the theme's templates give their own elements, which body headings
//! must not take. The theme owns them; the model is handed [`reserved_ids`]
//! (see `pipeline`) so it can keep heading ids clear of them.

use crate::content::card_schema::{CARD_SECTIONS, WHO_SUBSECTIONS};
use crate::content::{FrontMatter, Kind};

/// The ids the default theme's templates give their own headings and
/// landmarks on a page of this kind, so that a body heading such as
/// `### Where` gets another id and `#where` keeps leading to the section.
pub fn reserved_ids(front: &FrontMatter) -> Vec<String> {
    let mut ids: Vec<String> = ["main", "recommended-citation", "browse-heading"]
        .map(String::from)
        .to_vec();
    match front.kind {
        Kind::Card => {
            ids.extend(
                CARD_SECTIONS
                    .iter()
                    .chain(&WHO_SUBSECTIONS)
                    .map(|s| s.to_string()),
            );
            ids.extend(["at-a-glance", "related", "on-this-page"].map(String::from));
        }
        Kind::ChangePackage => {
            ids.extend(
                [
                    "aim",
                    "driver-diagram",
                    "driver-list",
                    "change-ideas",
                    "package-measures",
                    "introduction",
                    "references",
                    "on-this-page",
                ]
                .map(String::from),
            );
            ids.extend(front.change_ideas.iter().map(|c| format!("idea-{}", c.id)));
        }
        Kind::Resources => {
            ids.extend(
                [
                    "categories",
                    "resource-filters",
                    "resource-filters-heading",
                    "resource-filters-hint",
                    "resource-filters-body",
                    "resource-count",
                ]
                .map(String::from),
            );
            ids.extend(front.categories.iter().map(|c| format!("cat-{}", c.id)));
        }
        // A page may introduce the card index, whose filters and list have ids.
        Kind::Page => ids.extend(
            [
                "card-filters",
                "card-filters-heading",
                "card-filters-hint",
                "card-filters-body",
                "card-count",
                "card-list",
            ]
            .map(String::from),
        ),
    }
    ids
}
