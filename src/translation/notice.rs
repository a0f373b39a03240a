//! What the outdated notice on a translated page says changed: each changed
//! fingerprint part (`how`, `summary`, `driver.engage`…) named as readers see
//! it, in the page's language, from the UI strings (section labels) or the
//! translation's own titles (drivers, change ideas, categories).

use crate::content::FrontMatter;
use crate::i18n::UiStrings;

/// The label of fingerprint part `part` on a page in `lang` whose front
/// matter is `front`; the part id itself when nothing names it.
pub fn part_label(ui: &UiStrings, lang: &str, front: &FrontMatter, part: &str) -> String {
    if let Some((kind, id)) = part.split_once('.') {
        let title = match kind {
            "driver" => front
                .primary_drivers
                .iter()
                .map(|d| (&d.id, &d.title))
                .chain(front.secondary_drivers.iter().map(|d| (&d.id, &d.title)))
                .find(|(d, _)| *d == id)
                .map(|(_, t)| t.clone()),
            "idea" => front
                .change_ideas
                .iter()
                .find(|i| i.id == id)
                .map(|i| i.title.clone()),
            "category" => front
                .categories
                .iter()
                .find(|c| c.id == id)
                .map(|c| c.title.clone()),
            _ => None,
        };
        return title.unwrap_or_else(|| part.to_string());
    }
    // Section labels first, then the words the page already uses for that key.
    ["sections", "translation.parts", "card", "change_package"]
        .iter()
        .map(|group| format!("{group}.{part}"))
        .map(|key| (ui.get(lang, &key), key))
        .find(|(label, key)| label != key)
        .map(|(label, _)| label)
        .unwrap_or_else(|| part.to_string())
}

/// The outdated notice naming the changed parts, or `None` when none are known
/// (a `source_hash` without parts): then the general notice is shown.
pub fn outdated_text(
    ui: &UiStrings,
    lang: &str,
    front: &FrontMatter,
    changed: &[String],
) -> Option<String> {
    if changed.is_empty() {
        return None;
    }
    let labels: Vec<String> = changed
        .iter()
        .map(|part| part_label(ui, lang, front, part))
        .collect();
    Some(
        ui.get(lang, "translation.outdated_parts")
            .replace("{parts}", &ui.format(lang).list(&labels)),
    )
}
