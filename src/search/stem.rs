//! Stemming: the Snowball algorithm of a page's language, from `rust-stemmers`.
//!
//! Stems are taken from the lowercased, unfolded word (Snowball's Spanish and
//! French rules look at accents) and then folded like keys. Languages without
//! a Snowball algorithm in the crate are not stemmed: their stem is the word.
//! The browser never stems: the index carries each word's stem (see `shards`).

use rust_stemmers::{Algorithm, Stemmer as Snowball};
use unicode_normalization::UnicodeNormalization;

pub struct Stemmer {
    snowball: Option<Snowball>,
}

impl Stemmer {
    /// The stemmer for a BCP 47 language code; only the primary subtag counts.
    pub fn for_language(code: &str) -> Stemmer {
        Stemmer {
            snowball: algorithm(code).map(Snowball::create),
        }
    }

    /// Whether this language has a stemmer at all.
    pub fn stems(&self) -> bool {
        self.snowball.is_some()
    }

    /// The folded stem of a word as written in the text.
    pub fn stem(&self, word: &str) -> String {
        let lower: String = word.chars().flat_map(char::to_lowercase).nfc().collect();
        match &self.snowball {
            Some(s) => crate::text::fold(&s.stem(&lower)),
            None => crate::text::fold(&lower),
        }
    }
}

fn algorithm(code: &str) -> Option<Algorithm> {
    let primary = code.split('-').next().unwrap_or(code).to_ascii_lowercase();
    Some(match primary.as_str() {
        "ar" => Algorithm::Arabic,
        "da" => Algorithm::Danish,
        "nl" => Algorithm::Dutch,
        "en" => Algorithm::English,
        "fi" => Algorithm::Finnish,
        "fr" => Algorithm::French,
        "de" => Algorithm::German,
        "el" => Algorithm::Greek,
        "hu" => Algorithm::Hungarian,
        "it" => Algorithm::Italian,
        "no" | "nb" | "nn" => Algorithm::Norwegian,
        "pt" => Algorithm::Portuguese,
        "ro" => Algorithm::Romanian,
        "ru" => Algorithm::Russian,
        "es" => Algorithm::Spanish,
        "sv" => Algorithm::Swedish,
        "ta" => Algorithm::Tamil,
        "tr" => Algorithm::Turkish,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_inflections_share_a_stem() {
        let en = Stemmer::for_language("en");
        assert_eq!(en.stem("Facilitation"), en.stem("facilitating"));
        assert_eq!(en.stem("collaboratives"), en.stem("collaborative"));
        assert_ne!(en.stem("care"), en.stem("career"));
    }

    #[test]
    fn spanish_stems_see_accents_then_fold() {
        let es = Stemmer::for_language("es-MX");
        assert_eq!(es.stem("facilitación"), es.stem("facilitadores"));
        assert_eq!(es.stem("colaborativos"), es.stem("colaborativo"));
        // The stem is folded like a key, so it is plain ASCII here.
        assert!(es.stem("Atención").is_ascii());
    }

    #[test]
    fn unknown_languages_are_not_stemmed() {
        let x = Stemmer::for_language("zh-Hant");
        assert!(!x.stems());
        assert_eq!(x.stem("Équipes"), "equipes");
    }
}
