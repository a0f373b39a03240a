//! Small text helpers shared by the stages: diacritic folding and slugs.

use unicode_normalization::UnicodeNormalization;

/// Lowercases and removes diacritics, so "Qué" and "que" compare equal.
///
/// Text is decomposed (NFD), the combining marks of [`is_foldable_mark`] are
/// dropped, a few letters that do not decompose are spelled out (æ → ae,
/// ß → ss, ø → o, ł → l…), and the result is recomposed (NFC). The browser
/// search (`themes/default/static/js/search.js`) folds the same way with
/// `String.prototype.normalize`, so a typed word meets the indexed one.
pub fn fold(s: &str) -> String {
    // Most words of an English or Spanish toolkit are plain ASCII, for which
    // all of the below is lowercasing; indexing folds every word it meets.
    if s.is_ascii() {
        return s.to_ascii_lowercase();
    }
    fold_unicode(s)
}

/// [`fold`] for any text: decompose, drop marks, spell out, recompose.
fn fold_unicode(s: &str) -> String {
    let lowered: String = s.chars().flat_map(char::to_lowercase).collect();
    let mut out = String::with_capacity(lowered.len());
    for c in lowered.nfd() {
        if is_foldable_mark(c) {
            continue;
        }
        match spelled_out(c) {
            Some(base) => out.push_str(base),
            None => out.push(c),
        }
    }
    out.nfc().collect()
}

/// Combining marks that folding removes: Latin, Greek and Cyrillic accents,
/// Hebrew points and Arabic vowel signs. Marks that are letters' own vowels
/// in Indic and other scripts are kept, or words there would collide.
pub fn is_foldable_mark(c: char) -> bool {
    matches!(c,
        '\u{0300}'..='\u{036F}'
        | '\u{0483}'..='\u{0489}'
        | '\u{0591}'..='\u{05BD}'
        | '\u{05BF}'
        | '\u{05C1}'..='\u{05C2}'
        | '\u{05C4}'..='\u{05C5}'
        | '\u{05C7}'
        | '\u{0610}'..='\u{061A}'
        | '\u{064B}'..='\u{065F}'
        | '\u{0670}'
        | '\u{0640}'
        | '\u{06D6}'..='\u{06DC}'
        | '\u{06DF}'..='\u{06E4}'
        | '\u{06E7}'..='\u{06E8}'
        | '\u{06EA}'..='\u{06ED}'
        | '\u{1AB0}'..='\u{1AFF}'
        | '\u{1DC0}'..='\u{1DFF}'
        | '\u{20D0}'..='\u{20FF}'
        | '\u{FE20}'..='\u{FE2F}')
}

/// Letters that carry no decomposable accent but are read as plain letters.
fn spelled_out(c: char) -> Option<&'static str> {
    Some(match c {
        'æ' => "ae",
        'œ' => "oe",
        'ß' => "ss",
        'ø' => "o",
        'đ' | 'ð' => "d",
        'ł' => "l",
        'ı' => "i",
        'þ' => "th",
        'ħ' => "h",
        'ŧ' => "t",
        'ς' => "σ",
        _ => return None,
    })
}

/// A URL- and id-safe slug: folded, runs of other characters become one `-`.
/// Letters of non-Latin scripts are kept, so a heading in Arabic still gets an id.
pub fn slugify(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending_dash = false;
    for c in fold(s).chars() {
        if c.is_alphanumeric() {
            if pending_dash && !out.is_empty() {
                out.push('-');
            }
            pending_dash = false;
            out.push(c);
        } else {
            pending_dash = true;
        }
    }
    out
}

/// Escapes text for HTML element content and attribute values.
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// Maps byte offsets in a text to file lines, for messages: the text starts
/// on line `first_line` of its file.
pub struct Lines {
    starts: Vec<usize>,
    first_line: usize,
}

impl Lines {
    pub fn new(text: &str, first_line: usize) -> Lines {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Lines { starts, first_line }
    }

    /// The file line holding byte `offset` of the text.
    pub fn line_of(&self, offset: usize) -> usize {
        self.first_line + self.starts.partition_point(|&s| s <= offset) - 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_diacritics() {
        assert_eq!(fold("Facilitación Qué ÑANDÚ"), "facilitacion que nandu");
        assert_eq!(fold("Straße Œuvre Łódź Søren"), "strasse oeuvre lodz soren");
        // Decomposed input (e + combining acute) folds like the precomposed letter.
        assert_eq!(fold("Cafe\u{301}"), "cafe");
        assert_eq!(fold("Việt"), "viet");
    }

    #[test]
    fn ascii_fast_path_agrees_with_full_folding() {
        let every_ascii: String = (0u8..=127).map(char::from).collect();
        assert_eq!(fold(&every_ascii), fold_unicode(&every_ascii));
        assert_eq!(fold("Plan-Do-Study-Act"), "plan-do-study-act");
    }

    #[test]
    fn folds_other_scripts() {
        // Arabic vowel signs and the tatweel go; the letters stay.
        assert_eq!(fold("كَتَبَ"), "كتب");
        assert_eq!(fold("مـدرسة"), "مدرسة");
        // Final sigma folds to sigma; Greek accents go.
        assert_eq!(fold("ΛΌΓΟΣ"), "λογοσ");
        // Indic vowel signs are letters' own: kept.
        assert_eq!(fold("हिंदी"), "हिंदी");
    }

    #[test]
    fn slugs() {
        assert_eq!(slugify("Quality improvement!"), "quality-improvement");
        assert_eq!(slugify("  Más información "), "mas-informacion");
        assert_eq!(slugify("../etc"), "etc");
    }
}
