//! The search index of a multilingual toolkit (tests/fixtures/i18n: English
//! sources, partly translated into Spanish and Arabic), read back from the
//! written files: which pages each language's index holds, where its results
//! link to, and how the text of untranslated (fallback) pages is indexed.
//! How the browser reads the files is tested in tests/browser/.


use std::collections::BTreeMap;
use std::fs;

use cardstock::search::stem::Stemmer;
use crate::support::*;
use serde_json::Value;

/// Every result document of a language's index (`<lang>/search/d/*.json`).
fn documents(site: &BuiltSite, lang: &str) -> Vec<Value> {
    let dir = site.root.join(format!("{lang}/search/d"));
    let mut docs = Vec::new();
    for entry in fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let text = fs::read_to_string(entry.unwrap().path()).unwrap();
        match serde_json::from_str(&text).unwrap() {
            Value::Array(list) => docs.extend(list),
            other => panic!("a document file holds {other}"),
        }
    }
    docs
}

/// Result path (and anchor) → the document's language mark (`l`), for results
/// of a content type.
fn results_of_type(docs: &[Value], kind: &str) -> BTreeMap<String, Option<String>> {
    docs.iter()
        .filter(|d| d["y"] == kind)
        .map(|d| {
            let path = d["u"].as_str().unwrap().to_string();
            (path, d["l"].as_str().map(str::to_string))
        })
        .collect()
}

/// The stems a word is indexed with in a language's term shards.
fn stems_of(site: &BuiltSite, lang: &str, word: &str) -> Vec<String> {
    let dir = site.root.join(format!("{lang}/search/s"));
    for entry in fs::read_dir(dir).unwrap() {
        let shard: Value =
            serde_json::from_str(&fs::read_to_string(entry.unwrap().path()).unwrap()).unwrap();
        let Some(found) = shard["w"]
            .as_array()
            .unwrap()
            .iter()
            .find(|w| w["k"] == word)
        else {
            continue;
        };
        // `s` is absent when the stem is the word, a prefix length (in UTF-16
        // units) when the stem starts the word, else the stem; or a list of those.
        let decode = |s: &Value| match s {
            Value::Number(n) => {
                let units: Vec<u16> = word.encode_utf16().collect();
                String::from_utf16(&units[..n.as_u64().unwrap() as usize]).unwrap()
            }
            Value::String(s) => s.clone(),
            other => panic!("a stem {other}"),
        };
        return match &found["s"] {
            Value::Null => vec![word.to_string()],
            Value::Array(list) => list.iter().map(decode).collect(),
            single => vec![decode(single)],
        };
    }
    panic!("{word} is not in the {lang} index");
}

fn manifest(site: &BuiltSite, lang: &str) -> Value {
    serde_json::from_str(&site.text(&format!("{lang}/search/manifest.json"))).unwrap()
}

#[test]
fn each_language_indexes_its_own_site_with_fallback_pages_marked() {
    let ws = Workspace::from_fixture("i18n");
    let site = ws.site();

    let english = results_of_type(&documents(&site, "en"), "card");
    assert_eq!(
        english.keys().collect::<Vec<_>>(),
        [
            "en/strategies/peer-coaching/",
            "en/strategies/rapid-huddles/",
            "en/strategies/shared-dashboards/"
        ]
    );
    assert!(english.values().all(Option::is_none), "{english:?}");

    // Spanish: two translated cards, and the untranslated one at its fallback
    // page inside the Spanish site, marked as English text.
    let spanish = results_of_type(&documents(&site, "es"), "card");
    assert_eq!(
        spanish,
        BTreeMap::from([
            ("es/strategies/peer-coaching/".to_string(), None),
            (
                "es/strategies/rapid-huddles/".to_string(),
                Some("en".to_string())
            ),
            ("es/strategies/shared-dashboards/".to_string(), None),
        ])
    );
    let arabic = results_of_type(&documents(&site, "ar"), "card");
    assert_eq!(
        arabic.get("ar/strategies/shared-dashboards/"),
        Some(&Some("en".to_string()))
    );
    assert_eq!(arabic.get("ar/strategies/peer-coaching/"), Some(&None));

    // No result of a language's index leaves that language's site.
    for lang in ["en", "es", "ar"] {
        for doc in documents(&site, lang) {
            let path = doc["u"].as_str().unwrap();
            assert!(path.starts_with(&format!("{lang}/")), "{lang}: {path}");
            assert!(site.exists(&file_of(path)), "{lang}: {path} was not built");
        }
    }
}

#[test]
fn fallback_text_is_stemmed_in_its_own_language() {
    let english = Stemmer::for_language("en").stem("meetings");
    let spanish = Stemmer::for_language("es").stem("meetings");
    // Otherwise this test could not tell the two apart.
    assert_ne!(english, spanish);

    let ws = Workspace::from_fixture("i18n");
    let site = ws.site();
    // "meetings" is only in the English text of Rapid Huddles, shown untranslated in Spanish.
    assert_eq!(stems_of(&site, "es", "meetings"), [english.as_str()]);
    assert_eq!(stems_of(&site, "en", "meetings"), [english.as_str()]);
}

#[test]
fn results_name_the_language_of_fallback_text_as_the_notices_do() {
    let ws = Workspace::from_fixture("i18n");
    let site = ws.site();
    let es = manifest(&site, "es");
    assert_eq!(es["languages"]["en"], ui("es", "language_names.en"));
    assert_eq!(
        es["strings"]["in_language"],
        ui("es", "translation.in_language")
    );
    assert_eq!(es["strings"]["label"], ui("es", "search.label"));
    let ar = manifest(&site, "ar");
    assert_eq!(ar["languages"]["en"], ui("ar", "language_names.en"));
}

#[test]
fn with_untranslated_omit_a_language_searches_only_its_translations() {
    let ws = Workspace::from_fixture("i18n");
    let settings = ws.read("cardstock.yaml");
    ws.write("cardstock.yaml", &format!("{settings}untranslated: omit\n"));
    let site = ws.site();
    let spanish = results_of_type(&documents(&site, "es"), "card");
    assert_eq!(
        spanish.keys().collect::<Vec<_>>(),
        [
            "es/strategies/peer-coaching/",
            "es/strategies/shared-dashboards/"
        ]
    );
    assert!(
        documents(&site, "es")
            .iter()
            .all(|d| d["u"].as_str().unwrap().starts_with("es/")),
        "the Spanish index links to another language's site"
    );
}
