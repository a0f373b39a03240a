//! Dates, numbers, plurals and lists in the reader's language, from patterns in
//! the UI strings (`format:` in themes/default/i18n/<lang>.yaml).
//!
//! A toolkit needs a handful of formats, not all of CLDR, so the patterns live
//! beside the other UI strings where a translator can see and change them:
//!
//! ```yaml
//! format:
//!   date: "{day} de {month} de {year}"
//!   months: [enero, febrero, …]
//!   digits: "٠١٢٣٤٥٦٧٨٩"        # optional: the ten digits, 0 to 9
//!   group_separator: "."
//!   group_min_digits: 5          # optional: group only numbers this long
//!   list: { two: "{0} y {1}", middle: "{0}, {1}", end: "{0} y {1}" }
//! ```
//!
//! Plural categories follow the CLDR rules of the language (see
//! [`plural_category`]); texts with a count pick `<key>_<category>` and fall
//! back to `<key>_other`.

use icu_plurals::PluralCategory;
use serde_json::Value;

/// Formats values for one language, reading its UI strings.
pub struct Formatter<'a> {
    lang: &'a str,
    strings: &'a Value,
}

impl<'a> Formatter<'a> {
    pub fn new(lang: &'a str, strings: &'a Value) -> Formatter<'a> {
        Formatter { lang, strings }
    }

    fn text(&self, key: &str) -> Option<&'a str> {
        lookup(self.strings, key).and_then(Value::as_str)
    }

    /// An ISO date (`2026-03-01`) as the language writes it ("1 de marzo de 2026").
    /// Anything that is not such a date is returned unchanged.
    pub fn date(&self, iso: &str) -> String {
        let parts: Vec<&str> = iso.split('-').collect();
        let [year, month, day] = parts.as_slice() else {
            return iso.to_string();
        };
        let (Ok(month_no), Ok(day_no)) = (month.parse::<usize>(), day.parse::<u32>()) else {
            return iso.to_string();
        };
        let month_name = lookup(self.strings, "format.months")
            .and_then(|m| m.get(month_no.wrapping_sub(1)))
            .and_then(Value::as_str)
            .map(str::to_string)
            .unwrap_or_else(|| month.to_string());
        let pattern = self.text("format.date").unwrap_or("{year}-{month}-{day}");
        pattern
            .replace("{year}", &self.digits(year))
            .replace("{month}", &month_name)
            .replace("{day}", &self.digits(&day_no.to_string()))
    }

    /// Replaces ASCII digits with the language's digits, if it has its own.
    pub fn digits(&self, text: &str) -> String {
        let Some(digits) = self.text("format.digits") else {
            return text.to_string();
        };
        let digits: Vec<char> = digits.chars().collect();
        if digits.len() != 10 {
            return text.to_string();
        }
        text.chars()
            .map(|c| match c.to_digit(10) {
                Some(d) => digits[d as usize],
                None => c,
            })
            .collect()
    }

    /// An integer with the language's digits and thousands separator.
    pub fn integer(&self, n: i64) -> String {
        let plain = n.unsigned_abs().to_string();
        let separator = self.text("format.group_separator").unwrap_or("");
        let min_digits = lookup(self.strings, "format.group_min_digits")
            .and_then(Value::as_u64)
            .unwrap_or(4) as usize;
        let grouped = if separator.is_empty() || plain.len() < min_digits {
            plain
        } else {
            let mut out = String::new();
            for (i, c) in plain.chars().enumerate() {
                if i > 0 && (plain.len() - i).is_multiple_of(3) {
                    out.push_str(separator);
                }
                out.push(c);
            }
            out
        };
        let sign = if n < 0 { "-" } else { "" };
        self.digits(&format!("{sign}{grouped}"))
    }

    /// The text at `<key>_<plural category>` (or `<key>_other`) with `{n}` filled in.
    pub fn count(&self, key: &str, n: i64) -> String {
        let category = plural_category(self.lang, n);
        let pattern = self
            .text(&format!("{key}_{category}"))
            .or_else(|| self.text(&format!("{key}_other")))
            .unwrap_or("{n}");
        pattern.replace("{n}", &self.integer(n))
    }

    /// "a, b and c" with the language's patterns.
    pub fn list(&self, items: &[String]) -> String {
        let pattern = |name: &str, default: &'static str| {
            self.text(&format!("format.list.{name}"))
                .unwrap_or(default)
                .to_string()
        };
        let join = |pattern: &str, a: &str, b: &str| pattern.replace("{0}", a).replace("{1}", b);
        match items {
            [] => String::new(),
            [only] => only.clone(),
            [a, b] => join(&pattern("two", "{0}, {1}"), a, b),
            [first, middle @ .., last] => {
                let middle_pattern = pattern("middle", "{0}, {1}");
                let mut text = first.clone();
                for item in middle {
                    text = join(&middle_pattern, &text, item);
                }
                join(&pattern("end", "{0}, {1}"), &text, last)
            }
        }
    }
}

/// A value by dotted key (`format.list.two`).
pub fn lookup<'a>(strings: &'a Value, key: &str) -> Option<&'a Value> {
    key.split('.')
        .try_fold(strings, |value, part| value.get(part))
}

/// The CLDR plural category of an integer in a language: `zero`, `one`, `two`,
/// `few`, `many` or `other`, from the CLDR rules of every language
/// (ICU4X's `icu_plurals`, CLDR data compiled in); a language CLDR does not
/// know gets the root rule (`other` for every number).
pub fn plural_category(lang: &str, n: i64) -> &'static str {
    use icu_locale_core::Locale;
    use icu_plurals::PluralRules;
    let rules_for = |code: &str| {
        let locale: Locale = code.parse().ok()?;
        PluralRules::try_new_cardinal(locale.into()).ok()
    };
    let Some(rules) = rules_for(lang).or_else(|| rules_for("en")) else {
        return "other";
    };
    category_name(rules.category_for(n.unsigned_abs()))
}

/// The CLDR name of a plural category, as UI-string keys end (`count_one`).
pub fn category_name(category: PluralCategory) -> &'static str {
    match category {
        PluralCategory::Zero => "zero",
        PluralCategory::One => "one",
        PluralCategory::Two => "two",
        PluralCategory::Few => "few",
        PluralCategory::Many => "many",
        PluralCategory::Other => "other",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn spanish() -> Value {
        json!({
            "format": {
                "date": "{day} de {month} de {year}",
                "months": ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio",
                           "agosto", "septiembre", "octubre", "noviembre", "diciembre"],
                "group_separator": ".",
                "group_min_digits": 5,
                "list": { "two": "{0} y {1}", "middle": "{0}, {1}", "end": "{0} y {1}" }
            },
            "n_cards_one": "{n} ficha",
            "n_cards_other": "{n} fichas"
        })
    }

    fn arabic() -> Value {
        json!({
            "format": {
                "date": "{day} {month} {year}",
                "months": ["يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو",
                           "أغسطس", "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر"],
                "digits": "٠١٢٣٤٥٦٧٨٩",
                "group_separator": "٬",
            },
            "n_cards_two": "بطاقتان",
            "n_cards_few": "{n} بطاقات",
            "n_cards_other": "{n} بطاقة"
        })
    }

    #[test]
    fn dates_follow_the_pattern() {
        let es = spanish();
        let f = Formatter::new("es", &es);
        assert_eq!(f.date("2026-03-01"), "1 de marzo de 2026");
        assert_eq!(f.date("soon"), "soon");
        let ar = arabic();
        assert_eq!(
            Formatter::new("ar", &ar).date("2025-11-20"),
            "٢٠ نوفمبر ٢٠٢٥"
        );
        let none = json!({});
        assert_eq!(Formatter::new("xx", &none).date("2025-11-20"), "2025-11-20");
    }

    #[test]
    fn numbers_group_and_change_digits() {
        let es = spanish();
        let f = Formatter::new("es", &es);
        assert_eq!(f.integer(1234), "1234");
        assert_eq!(f.integer(12345), "12.345");
        assert_eq!(f.integer(-1234567), "-1.234.567");
        let ar = arabic();
        assert_eq!(Formatter::new("ar", &ar).integer(1234), "١٬٢٣٤");
    }

    #[test]
    fn counts_pick_the_plural_form() {
        let es = spanish();
        let f = Formatter::new("es", &es);
        assert_eq!(f.count("n_cards", 1), "1 ficha");
        assert_eq!(f.count("n_cards", 0), "0 fichas");
        let ar = arabic();
        let f = Formatter::new("ar", &ar);
        assert_eq!(f.count("n_cards", 2), "بطاقتان");
        assert_eq!(f.count("n_cards", 3), "٣ بطاقات");
        assert_eq!(f.count("n_cards", 11), "١١ بطاقة");
    }

    #[test]
    fn plural_rules() {
        assert_eq!(plural_category("en", 1), "one");
        assert_eq!(plural_category("en", 0), "other");
        assert_eq!(plural_category("fr", 0), "one");
        assert_eq!(plural_category("ar", 0), "zero");
        assert_eq!(plural_category("ar", 105), "few");
        assert_eq!(plural_category("ar", 111), "many");
        assert_eq!(plural_category("ar", 100), "other");
        assert_eq!(plural_category("zh-Hant", 1), "other");
        assert_eq!(plural_category("ja", 1), "other");
        // Every CLDR language, not a short list: Russian 21 is `one`, 22 `few`, 25 `many`.
        assert_eq!(plural_category("ru", 21), "one");
        assert_eq!(plural_category("ru", 22), "few");
        assert_eq!(plural_category("ru", 25), "many");
        assert_eq!(plural_category("pl", 5), "many");
        // A language CLDR does not know gets the root rule: every count is `other`.
        assert_eq!(plural_category("xx-unknown", 1), "other");
    }

    #[test]
    fn lists_join_with_the_patterns() {
        let es = spanish();
        let f = Formatter::new("es", &es);
        let items = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(f.list(&items(&["a"])), "a");
        assert_eq!(f.list(&items(&["a", "b"])), "a y b");
        assert_eq!(f.list(&items(&["a", "b", "c", "d"])), "a, b, c y d");
    }
}
