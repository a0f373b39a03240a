//! UI strings as exchange units: every text of the theme's UI strings (the
//! built-in `i18n/en.yaml` with the theme's and the toolkit's own
//! overrides), exported beside the pages as the pseudo-page
//! `i18n/<lang>.yaml`, each unit `ui:<key>` (`ui:nav.home`).
//!
//! Texts with a count (`<key>_one`, `<key>_other`…) are one string with a
//! form per CLDR plural category of the target language (from
//! `icu_plurals`): a PO entry with `msgid_plural` and `msgstr[n]` in the
//! order of [`plural_categories`] (and a `Plural-Forms` header from
//! [`plural_forms`]); in XLIFF one unit per category, `ui:<key>_<category>`,
//! in a `<group restype="x-gettext-plurals">`. Lists (`format.months`,
//! `section_aliases`) and numbers are not units: they are edited in the file.

use std::collections::BTreeSet;

use serde_json::Value;

use super::exchange::{ExportUnit, PageExport, UnitState};
use super::inline::Tagged;
use crate::i18n::UiStrings;
use crate::i18n::format::plural_category;

/// The prefix of a UI string's unit id.
pub const PREFIX: &str = "ui:";

/// CLDR's plural categories, in the order PO forms and XLIFF units use.
const CATEGORIES: [&str; 6] = ["zero", "one", "two", "few", "many", "other"];

/// The pseudo-page path of a language's UI strings: the file import writes.
pub fn ui_path(lang: &str) -> String {
    format!("{}/{lang}.yaml", crate::load::I18N_DIR)
}

/// Whether an exchanged page path is that of UI strings.
pub fn is_ui_path(path: &str) -> bool {
    path.strip_prefix(crate::load::I18N_DIR)
        .is_some_and(|p| p.starts_with('/') && p.ends_with(".yaml"))
}

/// The plural categories of a language, as CLDR gives them (`other` last).
pub fn plural_categories(lang: &str) -> Vec<&'static str> {
    use icu_locale_core::Locale;
    use icu_plurals::{PluralCategory, PluralRules};
    let rules = |code: &str| -> Option<PluralRules> {
        let locale: Locale = code.parse().ok()?;
        PluralRules::try_new_cardinal(locale.into()).ok()
    };
    let Some(rules) = rules(lang).or_else(|| rules("en")) else {
        return vec!["other"];
    };
    let present: Vec<PluralCategory> = rules.categories().collect();
    let name = |c: &PluralCategory| crate::i18n::format::category_name(*c);
    let names: BTreeSet<&str> = present.iter().map(name).collect();
    CATEGORIES
        .into_iter()
        .filter(|c| names.contains(c) || *c == "other")
        .collect()
}

/// One condition of a plural expression, over a non-negative integer `n`.
#[derive(Debug, Clone)]
enum Cond {
    /// `a <= n <= b`.
    Range(u64, u64),
    /// `n >= 100` and `a <= n % 100 <= b`.
    Hundreds(u64, u64),
    /// A non-zero multiple of a million (`many` in Spanish, French…).
    Millions,
}

impl Cond {
    fn c(&self) -> String {
        match *self {
            Cond::Range(a, b) if a == b => format!("n=={a}"),
            Cond::Range(a, b) => format!("(n>={a} && n<={b})"),
            Cond::Hundreds(a, b) if a == b => format!("(n>=100 && n%100=={a})"),
            Cond::Hundreds(a, b) => format!("(n>=100 && n%100>={a} && n%100<={b})"),
            Cond::Millions => "(n!=0 && n%1000000==0)".to_string(),
        }
    }
}

/// Runs of consecutive numbers in `from..to` for which `pick` holds.
fn runs(from: u64, to: u64, pick: impl Fn(u64) -> bool) -> Vec<(u64, u64)> {
    let mut out: Vec<(u64, u64)> = Vec::new();
    for k in from..to {
        if !pick(k) {
            continue;
        }
        match out.last_mut() {
            Some((_, end)) if *end + 1 == k => *end = k,
            _ => out.push((k, k)),
        }
    }
    out
}

/// The gettext `Plural-Forms` header value of a language: `nplurals` is the
/// number of its CLDR categories, and `plural` a C expression giving each
/// count the index of its category in [`plural_categories`]. Built from the
/// CLDR rules themselves: the category of 0–99 as such, of larger numbers by
/// their last two digits, and of non-zero multiples of a million where they
/// differ, which is how CLDR's rules for integers work (checked against
/// `icu_plurals` for many languages in the tests).
pub fn plural_forms(lang: &str) -> String {
    let categories = plural_categories(lang);
    let index = |n: u64| {
        let c = plural_category(lang, n as i64);
        categories.iter().position(|x| *x == c).unwrap_or(0)
    };
    let mut rules: Vec<(Cond, usize)> = Vec::new();
    if index(1_000_000) != index(100) {
        rules.push((Cond::Millions, index(1_000_000)));
    }
    let last = categories.len() - 1;
    for i in 0..last {
        for (a, b) in runs(0, 100, |k| index(k) == i) {
            rules.push((Cond::Range(a, b), i));
        }
        for (a, b) in runs(0, 100, |k| index(100 + k) == i) {
            rules.push((Cond::Hundreds(a, b), i));
        }
    }
    let mut expression = last.to_string();
    for (cond, i) in rules.iter().rev() {
        expression = format!("{} ? {i} : {expression}", cond.c());
    }
    format!("nplurals={}; plural={expression};", categories.len())
}

/// Evaluates what [`plural_forms`] writes, for the tests.
#[cfg(test)]
fn plural_index(forms: &str, n: u64) -> usize {
    let expression = forms.split("plural=").nth(1).unwrap().trim_end_matches(';');
    // Conditions and results alternate: `cond ? i : cond ? i : last`.
    let mut rest = expression;
    loop {
        let Some((cond, tail)) = rest.split_once(" ? ") else {
            return rest.trim().parse().unwrap();
        };
        let (i, tail) = tail.split_once(" : ").unwrap();
        if eval(cond, n) {
            return i.parse().unwrap();
        }
        rest = tail;
    }
}

#[cfg(test)]
fn eval(cond: &str, n: u64) -> bool {
    let cond = cond.trim_matches(['(', ')']);
    cond.split(" && ").all(|term| {
        let (lhs, op, rhs) = ["==", ">=", "<=", "!="]
            .iter()
            .find_map(|op| term.split_once(op).map(|(l, r)| (l, *op, r)))
            .unwrap();
        let value = match lhs.split_once('%') {
            Some((_, m)) => n % m.parse::<u64>().unwrap(),
            None => n,
        };
        let rhs: u64 = rhs.parse().unwrap();
        match op {
            "==" => value == rhs,
            ">=" => value >= rhs,
            "<=" => value <= rhs,
            _ => value != rhs,
        }
    })
}

/// Every string of a tree of UI strings with its dotted key; lists and
/// numbers are left out.
fn strings(value: &Value, out: &mut Vec<(String, String)>) {
    out.extend(
        crate::i18n::leaves(value)
            .into_iter()
            .filter_map(|(key, leaf)| leaf.as_str().map(|s| (key, s.to_string()))),
    );
}

/// `card_index.count_one` → (`card_index.count`, `one`).
pub fn plural_parts(key: &str) -> Option<(&str, &'static str)> {
    let (base, category) = key.rsplit_once('_')?;
    let category = CATEGORIES.into_iter().find(|c| *c == category)?;
    Some((base, category))
}

/// The UI strings of `lang` as exchange units, against the default language's.
pub fn export(ui: &UiStrings, source_lang: &str, lang: &str, base: String) -> PageExport {
    let mut source = Vec::new();
    strings(ui.for_lang(source_lang), &mut source);
    let source_text = |key: &str| {
        source
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, t)| t.clone())
    };
    let categories = plural_categories(lang);
    // (parent, is plural, key) keeps each XLIFF group in one piece.
    let mut units: Vec<(String, bool, ExportUnit)> = Vec::new();
    let mut plural_bases = BTreeSet::new();
    for (key, text) in &source {
        let plural =
            plural_parts(key).filter(|(base, _)| source_text(&format!("{base}_other")).is_some());
        let Some((base, _)) = plural else {
            let parent = key.rsplit_once('.').map(|(p, _)| p).unwrap_or("");
            units.push((
                parent.to_string(),
                false,
                unit(key, key, None, text, ui.own(lang, key)),
            ));
            continue;
        };
        if !plural_bases.insert(base.to_string()) {
            continue;
        }
        let other = source_text(&format!("{base}_other")).unwrap_or_default();
        let own_other = ui.own(lang, &format!("{base}_other"));
        for category in &categories {
            let key = format!("{base}_{category}");
            let text = source_text(&key).unwrap_or_else(|| other.clone());
            let target = ui.own(lang, &key).or_else(|| own_other.clone());
            let parent = base.rsplit_once('.').map(|(p, _)| p).unwrap_or("");
            units.push((
                parent.to_string(),
                true,
                unit(&key, base, Some(category), &text, target),
            ));
        }
    }
    units.sort_by(|a, b| (&a.0, a.1).cmp(&(&b.0, b.1)));
    PageExport {
        path: ui_path(lang),
        source_file: ui_path(source_lang),
        translation_file: ui_path(lang),
        base,
        units: units.into_iter().map(|(_, _, u)| u).collect(),
        history_note: None,
    }
}

fn unit(
    key: &str,
    group: &str,
    plural: Option<&'static str>,
    text: &str,
    target: Option<String>,
) -> ExportUnit {
    let part = match plural {
        Some(_) => format!("{PREFIX}{group}"),
        None => format!(
            "{PREFIX}{}",
            group.rsplit_once('.').map(|(p, _)| p).unwrap_or("")
        ),
    };
    ExportUnit {
        id: format!("{PREFIX}{key}"),
        part,
        source: Tagged {
            text: text.to_string(),
            codes: Default::default(),
        },
        state: if target.is_some() {
            UnitState::Translated
        } else {
            UnitState::New
        },
        target,
        previous: None,
        whole: false,
        ui: true,
        plural,
    }
}

/// The `{name}` placeholders of a UI string (`{n}`, `{language}`, `{0}`).
pub fn placeholders(text: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else {
            break;
        };
        let name = &after[..close];
        if !name.is_empty() && name.chars().all(|c| c.is_alphanumeric() || c == '_') {
            out.insert(format!("{{{name}}}"));
        }
        rest = &after[close..];
    }
    out
}

/// Why a translated UI string's placeholders do not fit its source's, if
/// they do not: every placeholder of the source must be there and no other,
/// except that a plural form may leave out `{n}` ("بطاقتان", "one card").
pub fn placeholder_problem(source: &str, target: &str, plural: bool) -> Option<String> {
    let (ours, theirs) = (placeholders(source), placeholders(target));
    let lacking: Vec<&String> = ours
        .difference(&theirs)
        .filter(|p| !(plural && *p == "{n}"))
        .collect();
    let extra: Vec<&String> = theirs.difference(&ours).collect();
    if lacking.is_empty() && extra.is_empty() {
        return None;
    }
    let list = |v: &[&String]| v.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", ");
    let mut why = Vec::new();
    if !lacking.is_empty() {
        why.push(format!("lacks {}", list(&lacking)));
    }
    if !extra.is_empty() {
        why.push(format!("has {} that the source does not", list(&extra)));
    }
    Some(format!(
        "its placeholders differ from the source's: it {}",
        why.join(" and ")
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plural_forms_agree_with_cldr_for_every_count() {
        for lang in [
            "en", "es", "fr", "pt", "it", "ar", "ru", "uk", "pl", "cs", "lt", "lv", "ga", "cy",
            "sl", "he", "ro", "ja", "zh", "vi", "ko", "tl", "ht", "mt", "is", "mk",
        ] {
            let categories = plural_categories(lang);
            let forms = plural_forms(lang);
            let counts = (0..3000u64)
                .chain((1..6).map(|m| m * 1_000_000))
                .chain([1_000_001, 1_000_100, 2_000_002]);
            for n in counts {
                let expected = plural_category(lang, n as i64);
                assert_eq!(
                    categories[plural_index(&forms, n)],
                    expected,
                    "{lang} {n}: {forms}"
                );
            }
        }
        assert_eq!(plural_categories("es"), ["one", "many", "other"]);
        assert_eq!(plural_forms("ja"), "nplurals=1; plural=0;");
        assert_eq!(plural_forms("en"), "nplurals=2; plural=n==1 ? 0 : 1;");
    }

    #[test]
    fn placeholders_must_match_except_a_plural_count() {
        assert_eq!(
            placeholders("{n} results for “{q}”, {0}"),
            ["{0}", "{n}", "{q}"].map(String::from).into()
        );
        assert!(placeholder_problem("Hi {name}", "Hola {name}", false).is_none());
        let why = placeholder_problem("{n} for “{q}”", "{n} para “{x}”", true).unwrap();
        assert!(
            why.contains("lacks {q}") && why.contains("has {x}"),
            "{why}"
        );
        assert!(placeholder_problem("{n} cards", "بطاقتان", true).is_none());
        assert!(placeholder_problem("{n} cards", "cartas", false).is_some());
    }
}
