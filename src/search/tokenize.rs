//! Tokenizing: cuts text into words the same way the browser does.
//!
//! A word is a run of letters, digits and combining marks (Unicode
//! `Alphabetic`, `Numeric` and `General_Category=Mark`); everything else
//! separates words, apostrophes and hyphens included, so "Plan-Do-Study-Act"
//! gives four words and French "l'équipe" gives "l" and "équipe". Chinese and
//! Japanese characters are written without spaces, so each is a word of its
//! own. `search.js` implements the same rules with `\p{…}` classes; keep the
//! two in step (the browser tests check the JavaScript against this index).

use unicode_normalization::char::is_combining_mark;

/// Words longer than this (in characters) are not indexed: they are IDs,
/// hashes or run-together text, not something a reader types.
pub const MAX_WORD_CHARS: usize = 64;

/// The words of `text`, as slices of it, in order.
pub fn words(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut chars = 0usize;
    fn push<'t>(text: &'t str, from: usize, to: usize, n: usize, out: &mut Vec<&'t str>) {
        if n <= MAX_WORD_CHARS {
            out.push(&text[from..to]);
        }
    }
    for (i, c) in text.char_indices() {
        if is_ideograph(c) {
            if let Some(s) = start.take() {
                push(text, s, i, chars, &mut out);
            }
            out.push(&text[i..i + c.len_utf8()]);
        } else if is_word_char(c) {
            if start.is_none() {
                start = Some(i);
                chars = 0;
            }
            chars += 1;
        } else if let Some(s) = start.take() {
            push(text, s, i, chars, &mut out);
        }
    }
    if let Some(s) = start {
        push(text, s, text.len(), chars, &mut out);
    }
    out
}

pub fn is_word_char(c: char) -> bool {
    c.is_alphabetic() || c.is_numeric() || is_combining_mark(c)
}

/// Han, Hiragana and Katakana: scripts written without spaces between words.
pub fn is_ideograph(c: char) -> bool {
    matches!(c,
        '\u{3040}'..='\u{30FF}'
        | '\u{31F0}'..='\u{31FF}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{2FA1F}')
}

/// The index key of a word: folded (lowercase, no diacritics).
pub fn key(word: &str) -> String {
    crate::text::fold(word)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_on_punctuation_hyphens_and_apostrophes() {
        assert_eq!(
            words("Plan-Do-Study-Act (PDSA) cycles, don't stop!"),
            [
                "Plan", "Do", "Study", "Act", "PDSA", "cycles", "don", "t", "stop"
            ]
        );
        assert_eq!(
            words("l'équipe’s 2023–24"),
            ["l", "équipe", "s", "2023", "24"]
        );
        assert!(words("  … — ").is_empty());
    }

    #[test]
    fn keeps_combining_marks_inside_words() {
        // "Cafe" + combining acute is one word, not "Cafe" and a stray mark.
        assert_eq!(words("Cafe\u{301} noir"), ["Cafe\u{301}", "noir"]);
        assert_eq!(words("كَتَبَ الطالب"), ["كَتَبَ", "الطالب"]);
    }

    #[test]
    fn ideographs_are_words_of_their_own() {
        assert_eq!(words("学习 team协作"), ["学", "习", "team", "协", "作"]);
    }

    #[test]
    fn very_long_runs_are_skipped() {
        let long = "a".repeat(MAX_WORD_CHARS + 1);
        assert_eq!(words(&format!("short {long} end")), ["short", "end"]);
    }

    #[test]
    fn keys_are_folded() {
        assert_eq!(key("Facilitación"), "facilitacion");
        assert_eq!(key("ÉQUIPE"), "equipe");
    }
}
