//! Builds a toolkit (no PDFs) and prints, for each query, the units a plain
//! scan of the indexed text finds: the units holding every word (the word or
//! a word of the same stem), as `tests/it/search_recall.rs` scans. The search
//! benchmark compares the browser search's results with these (recall).
//!
//! ```text
//! cargo run --example search_scan -- <toolkit> <site out> '["feedback","housing advocacy"]'
//! ```
//!
//! Prints JSON: `{ "<lang>": { "<query>": ["<path>#<anchor>", …] } }`.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::PathBuf;

use cardstock::search::records::{self, Unit};
use cardstock::search::stem::Stemmer;
use cardstock::search::tokenize;

fn unit_name(unit: &Unit) -> String {
    match &unit.anchor {
        Some(a) => format!("{}#{a}", unit.path),
        None => unit.path.clone(),
    }
}

/// Unit name → its folded words and their stems; folded word → its stems.
type Scan = (
    BTreeMap<String, (BTreeSet<String>, BTreeSet<String>)>,
    HashMap<String, BTreeSet<String>>,
);

fn scan(site: &cardstock::model::Site, lang: &str) -> Scan {
    let (mut units, mut stems): Scan = Default::default();
    for id in 0..site.pages.len() {
        if !records::page_in_index(&site.pages[id], lang) {
            continue;
        }
        for unit in records::page_units(site, id) {
            let stemmer = Stemmer::for_language(&unit.lang);
            let (keys, unit_stems) = units.entry(unit_name(&unit)).or_default();
            for record in &unit.records {
                for (_, text) in &record.fields {
                    for word in tokenize::words(text) {
                        let key = tokenize::key(word);
                        let stem = stemmer.stem(word);
                        stems.entry(key.clone()).or_default().insert(stem.clone());
                        keys.insert(key);
                        unit_stems.insert(stem);
                    }
                }
            }
        }
    }
    (units, stems)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [toolkit, out, queries] = args.as_slice() else {
        return Err("usage: search_scan <toolkit> <site out> <queries as JSON>".into());
    };
    let queries: Vec<String> = serde_json::from_str(queries)?;
    let built =
        cardstock::build_in_memory(&PathBuf::from(toolkit), None).map_err(|e| format!("{e:?}"))?;
    cardstock::pipeline::write(&PathBuf::from(out), &built).map_err(|e| format!("{e:?}"))?;
    let mut answer = serde_json::Map::new();
    for lang in built.site.settings.languages.iter().map(|l| l.code.clone()) {
        let (units, stems) = scan(&built.site, &lang);
        let mut per_query = serde_json::Map::new();
        for query in &queries {
            let words: Vec<String> = tokenize::words(query)
                .into_iter()
                .map(tokenize::key)
                .collect();
            let found: Vec<&String> = units
                .iter()
                .filter(|(_, (keys, unit_stems))| {
                    words.iter().all(|w| {
                        keys.contains(w)
                            || stems
                                .get(w)
                                .is_some_and(|s| s.iter().any(|s| unit_stems.contains(s)))
                    })
                })
                .map(|(name, _)| name)
                .collect();
            per_query.insert(query.clone(), serde_json::json!(found));
        }
        answer.insert(lang, serde_json::Value::Object(per_query));
    }
    println!("{}", serde_json::Value::Object(answer));
    Ok(())
}
