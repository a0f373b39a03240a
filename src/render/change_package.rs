//! What a change package's template gets: the aim (as written, or as the
//! sentence made from its measurable aim in the page's language), the aim at a
//! glance, the driver tree, the change ideas, measures and references.

use serde_json::{Value, json};

use super::context::{direction, merge_object, reference_value};
use crate::content::measurable_aim::{Direction, MeasurableAim};
use crate::content::{FrontMatter, Measure, MeasureType};
use crate::i18n::UiStrings;
use crate::model::{ChangePackageBody, Page, Site};

/// The aim a reader sees: the `aim` sentence, or the one made from
/// `measurable_aim` in `lang` when there is no sentence.
pub fn aim_text(ui: &UiStrings, lang: &str, f: &FrontMatter) -> String {
    match (&f.aim, &f.measurable_aim) {
        (Some(aim), _) if !aim.trim().is_empty() => aim.clone(),
        (_, Some(m)) => aim_sentence(ui, lang, m),
        _ => String::new(),
    }
}

/// "Increase {measure} among {population} from {baseline} to {target}
/// {timeframe}." from the UI-string pattern of the aim's direction.
pub fn aim_sentence(ui: &UiStrings, lang: &str, m: &MeasurableAim) -> String {
    let pattern = match m.direction() {
        Some(Direction::Increase) => "increase",
        Some(Direction::Decrease) => "decrease",
        None => "reach",
    };
    ui.get(lang, &format!("change_package.aim_sentence.{pattern}"))
        .replace("{measure}", m.measure.trim())
        .replace("{population}", m.population.trim())
        .replace(
            "{baseline}",
            &m.baseline
                .map(|b| quantity(ui, lang, b, m.unit.as_deref()))
                .unwrap_or_default(),
        )
        .replace("{target}", &quantity(ui, lang, m.target, m.unit.as_deref()))
        .replace("{timeframe}", m.timeframe.trim())
}

/// A number with the language's digits and its unit: "45%", "12 days".
pub fn quantity(ui: &UiStrings, lang: &str, n: f64, unit: Option<&str>) -> String {
    let format = ui.format(lang);
    let number = if n.fract() == 0.0 && n.abs() < 1e15 {
        format.integer(n as i64)
    } else {
        format.digits(&n.to_string())
    };
    match unit.map(str::trim) {
        None | Some("") => number,
        Some("%") => format!("{number}%"),
        Some(unit) => format!("{number} {unit}"),
    }
}

/// The rows of the "aim at a glance" table, labelled in `lang`.
fn aim_rows(ui: &UiStrings, lang: &str, m: &MeasurableAim) -> Vec<Value> {
    let label = |key: &str| ui.get(lang, &format!("change_package.aim_fields.{key}"));
    let unit = m.unit.as_deref();
    let mut rows = vec![
        json!({ "key": "population", "label": label("population"), "value": m.population }),
        json!({ "key": "measure", "label": label("measure"), "value": m.measure }),
    ];
    if let Some(b) = m.baseline {
        rows.push(json!({ "key": "baseline", "label": label("baseline"), "value": quantity(ui, lang, b, unit) }));
    }
    rows.push(json!({ "key": "target", "label": label("target"), "value": quantity(ui, lang, m.target, unit) }));
    if let Some(d) = m.direction() {
        let name = match d {
            Direction::Increase => "increase",
            Direction::Decrease => "decrease",
        };
        rows.push(json!({ "key": "direction", "label": label("direction"), "value": ui.get(lang, &format!("change_package.aim_directions.{name}")), "ui": true }));
    }
    rows.push(json!({ "key": "timeframe", "label": label("timeframe"), "value": m.timeframe }));
    rows
}

pub(super) fn value(site: &Site, page: &Page, cp: &ChangePackageBody) -> Value {
    let f = &page.front;
    let idea_title = |id: &str| {
        f.change_ideas
            .iter()
            .find(|c| c.id == id)
            .map(|c| c.title.clone())
            .unwrap_or_default()
    };
    let primary: Vec<Value> = f
        .primary_drivers
        .iter()
        .map(|p| {
            let secondary: Vec<Value> = p
                .secondary
                .iter()
                .filter_map(|sid| f.secondary_drivers.iter().find(|s| &s.id == sid))
                .map(|s| {
                    let ideas: Vec<Value> = s.change_ideas.iter().map(|cid| json!({ "id": cid, "title": idea_title(cid) })).collect();
                    json!({ "id": s.id, "title": s.title, "description": s.description, "ideas": ideas })
                })
                .collect();
            json!({ "id": p.id, "title": p.title, "description": p.description, "secondary": secondary })
        })
        .collect();
    let diagram_text_lang = (page.content_lang != page.lang).then_some(page.content_lang.as_str());
    let ideas: Vec<Value> = cp
        .change_ideas
        .iter()
        .map(|view| {
            let mut v = serde_json::to_value(view).unwrap_or(Value::Null);
            let serves: Vec<String> = view.serves.iter().map(|(_, title)| title.clone()).collect();
            merge_object(
                &mut v,
                json!({
                    "measures_by_type": measure_groups(&view.idea.measures),
                    "serves_text": site.ui.format(&page.content_lang).list(&serves),
                }),
            );
            v
        })
        .collect();
    // The aim sentence comes from the UI strings of the page's text language.
    let aim = aim_text(&site.ui, &page.content_lang, f);
    let diagram_front;
    let diagram_source = if f.aim.as_deref() == Some(aim.as_str()) {
        f.as_ref()
    } else {
        diagram_front = FrontMatter {
            aim: Some(aim.clone()),
            ..f.as_ref().clone()
        };
        &diagram_front
    };
    let references: Vec<Value> = f
        .references
        .iter()
        .map(|r| reference_value(&Some(r.clone())))
        .collect();
    json!({
        "aim": aim,
        "aim_at_a_glance": f.measurable_aim.as_ref().map(|m| aim_rows(&site.ui, &page.content_lang, m)),
        "intro_html": cp.intro_html,
        "primary_drivers": primary,
        "change_ideas": ideas,
        "measures_by_type": measure_groups(&f.measures),
        "references": references,
        "data_json": "change-package.json",
        // Laid out in the page's direction; box text marked when it is in another language.
        "diagram_svg": super::diagram::driver_diagram(
            &site.ui,
            &page.lang,
            diagram_source,
            direction(site.settings.language(&page.lang).map(|l| l.direction)) == "rtl",
            diagram_text_lang,
        ),
        "diagram_bands": super::diagram::driver_bands(&site.ui, &page.lang, diagram_source, diagram_text_lang),
    })
}

/// Measures grouped by type (outcome, process, balancing); a group says
/// whether any of its measures has a definition, so an empty column is left out.
fn measure_groups(measures: &[Measure]) -> Vec<Value> {
    [
        (MeasureType::Outcome, "outcome"),
        (MeasureType::Process, "process"),
        (MeasureType::Balancing, "balancing"),
    ]
    .into_iter()
    .map(|(kind, name)| {
        let list: Vec<&Measure> = measures.iter().filter(|m| m.kind == kind).collect();
        let has_definitions = list.iter().any(|m| {
            m.definition
                .as_deref()
                .is_some_and(|d| !d.trim().is_empty())
        });
        json!({ "type": name, "measures": list, "has_definitions": has_definitions })
    })
    .filter(|group| group["measures"].as_array().is_some_and(|l| !l.is_empty()))
    .collect()
}
