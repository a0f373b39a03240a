//! A change package's measurable aim: the IHI Model for Improvement's "how
//! much, by when, for whom" as structured fields beside (or instead of) the
//! `aim` sentence, and the checks of those fields. The sentence made from them
//! in each language is the render stage's (`render::aim`).

use serde::{Deserialize, Serialize};

use super::Source;
use super::kinds::at_key;
use crate::error::Diagnostic;

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct MeasurableAim {
    /// Whom the aim is for: "adults seen for a first visit".
    pub population: String,
    /// What is counted: "the share who return within 14 days".
    pub measure: String,
    /// Where the measure stands now; required with a `direction`.
    #[serde(default)]
    pub baseline: Option<f64>,
    pub target: f64,
    /// Written after the numbers: `%`, "days", "visits".
    #[serde(default)]
    pub unit: Option<String>,
    /// Whether the measure should go up or down from the baseline.
    #[serde(default)]
    pub direction: Option<String>,
    /// By when: "within 12 months", "by June 2027".
    pub timeframe: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    Increase,
    Decrease,
}

impl MeasurableAim {
    /// The direction, if written and known (the checks reject anything else).
    pub fn direction(&self) -> Option<Direction> {
        match self.direction.as_deref() {
            Some("increase") => Some(Direction::Increase),
            Some("decrease") => Some(Direction::Decrease),
            _ => None,
        }
    }
}

/// The aim sentence or the measurable aim must be there; the fields must agree.
pub(super) fn check(source: &Source, problems: &mut Vec<Diagnostic>) {
    let f = &source.front;
    let has_sentence = f.aim.as_deref().is_some_and(|a| !a.trim().is_empty());
    let Some(aim) = &f.measurable_aim else {
        if !has_sentence {
            problems.push(
                at_key(source, "title", "a change package needs an `aim`")
                    .help("add `aim:` with a specific, time-bound aim statement, or `measurable_aim:` with its fields"),
            );
        }
        return;
    };
    let line_of = |key: &str| {
        let prefix = format!("{key}:");
        let start = source.line_of_key("measurable_aim").unwrap_or(1);
        source
            .yaml
            .lines()
            .enumerate()
            .skip(start.saturating_sub(source.yaml_first_line))
            .find(|(_, l)| l.trim_start().starts_with(&prefix))
            .map(|(i, _)| source.yaml_first_line + i)
            .unwrap_or(start)
    };
    let at =
        |key: &str, message: String| Diagnostic::new(&source.file, message).at_line(line_of(key));
    for (key, value) in [
        ("population", &aim.population),
        ("measure", &aim.measure),
        ("timeframe", &aim.timeframe),
    ] {
        if value.trim().is_empty() {
            problems.push(
                at(key, format!("the measurable aim's `{key}` is empty"))
                    .help(format!("write the aim's {key}, or remove `measurable_aim:` and keep the `aim:` sentence")),
            );
        }
    }
    let direction = match aim.direction.as_deref() {
        None => None,
        Some(_) if aim.direction().is_some() => aim.direction(),
        Some(other) => {
            problems.push(
                at("direction", format!("`{other}` is not a direction"))
                    .help("write `direction: increase` or `direction: decrease`, or leave it out for a target to reach"),
            );
            return;
        }
    };
    let Some(direction) = direction else {
        return;
    };
    let Some(baseline) = aim.baseline else {
        problems.push(
            at("target", "a target with a direction needs a `baseline`".to_string()).help(
                "add `baseline:` with where the measure stands now, or leave out `direction:` for a target to reach",
            ),
        );
        return;
    };
    let agrees = match direction {
        Direction::Increase => aim.target > baseline,
        Direction::Decrease => aim.target < baseline,
    };
    if !agrees {
        let word = match direction {
            Direction::Increase => "an increase",
            Direction::Decrease => "a decrease",
        };
        problems.push(
            at(
                "target",
                format!(
                    "the target {} is not {word} from the baseline {}",
                    aim.target, baseline
                ),
            )
            .help("check the numbers, or the `direction:`"),
        );
    }
    if !aim.target.is_finite() || !baseline.is_finite() {
        problems.push(at(
            "target",
            "the target and the baseline must be numbers".to_string(),
        ));
    }
}
