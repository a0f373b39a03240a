//! Writing a language's index as many small files under `{lang}/search/`:
//!
//! - `manifest.json`: shard boundaries, counts, content-type ranges, facet
//!   list and the UI strings of the search box — read once per page visit;
//! - `s/<n>.json`: term shards. The vocabulary (folded words and shared
//!   stems, sorted as JavaScript sorts strings) is cut into contiguous ranges
//!   of about [`SHARD_TARGET_BYTES`]; the manifest holds the shortest string
//!   that starts each range, so the browser finds a word's shard by binary
//!   search and fetches only that one. Each word carries its postings and its
//!   stem (the corpus's word → stem table), so the browser never stems;
//! - `d/<first unit>.json`: the title, link and section texts of a run of
//!   consecutive units of one content type ([`DOC_CHUNK_TARGET_BYTES`] each),
//!   fetched only when one of them is shown;
//! - `f/<facet>.json` and `f/<facet>-<n>.json`: a facet's values, and per
//!   block of units, per value, the units holding it (an id list as in the
//!   term shards), fetched for the blocks holding results when a facet is
//!   opened.

use std::cmp::Ordering;
use std::collections::{BTreeMap, HashMap, HashSet};

use serde_json::{Value, json};

use super::ids::encode_id_list;
use super::index::{Assembled, FIELD_WEIGHTS, HEAD_POSTINGS, IndexedPage, TF_SCALE, TIERS, Term};
use super::records::{ContentType, FacetId, Field, Unit};
use crate::artifact::OutputFile;
use crate::model::Site;
use crate::text::slugify;

/// Raw (uncompressed) size a term shard is filled up to; JSON postings
/// compress about threefold, so a shard is a few kilobytes gzip-compressed.
pub const SHARD_TARGET_BYTES: usize = 12_000;

/// Units per facet membership file: a query whose results lie in a few
/// blocks reads only those; one whose results span the site reads them all,
/// each value's set costing about what the per-unit columns cost in all.
pub const FACET_BLOCK_UNITS: usize = 2048;

/// Format version, bumped when the browser must read files differently.
pub const FORMAT_VERSION: u32 = 3;

/// Compares as JavaScript compares strings (UTF-16 code units), so the
/// browser's binary search agrees with the order written here.
pub fn cmp_js(a: &str, b: &str) -> Ordering {
    a.encode_utf16().cmp(b.encode_utf16())
}

/// One word or stem, serialized, with its sort key.
pub struct Entry {
    pub key: String,
    pub is_stem: bool,
    pub json: String,
    /// Whether it carries unit lists (a common word): see [`partition`].
    pub has_units: bool,
}

/// Everything a language's index is written from.
pub struct IndexInput<'a> {
    pub site: &'a Site,
    pub lang: &'a str,
    pub pages: &'a [&'a IndexedPage],
    pub assembled: &'a Assembled,
}

/// Writes the files of one language's index, paths relative to the site root.
pub fn write_language(input: &IndexInput) -> Vec<OutputFile> {
    let a = input.assembled;
    let dir = format!("{}/search/", input.lang);
    let entries = entries(a);
    let shards = partition(entries, SHARD_TARGET_BYTES);
    let boundaries = boundaries(&shards);
    let mut files: Vec<OutputFile> = Vec::new();
    for (i, shard) in shards.iter().enumerate() {
        files.push(file(format!("{dir}s/{i}.json"), shard_json(shard)));
    }
    let units: Vec<&Unit> = a
        .units
        .iter()
        .map(|r| &input.pages[r.page].units[r.unit])
        .collect();
    let chunking = doc_chunking(&units);
    files.extend(doc_files(input, &units, &chunking, &dir));
    let facets = facet_files(input, &units, &dir, &mut files);
    let version = content_hash(&files);
    let manifest = manifest(input, &units, &chunking, &boundaries, facets, &version);
    files.push(file(format!("{dir}manifest.json"), manifest.to_string()));
    files
}

fn file(path: String, text: String) -> OutputFile {
    OutputFile {
        path,
        bytes: text.into_bytes(),
    }
}

/// Serializes every word and shared stem, sorted for the shards.
pub fn entries(a: &Assembled) -> Vec<Entry> {
    let groups: HashSet<&str> = a.stems.iter().map(|t| t.key.as_str()).collect();
    let mut out: Vec<Entry> = Vec::with_capacity(a.words.len() + a.stems.len());
    for (word, stems) in a.words.iter().zip(&a.word_stems) {
        let mut json = String::with_capacity(32 + word.postings.len() * 8);
        json.push_str("{\"k\":");
        push_json_str(&mut json, &word.key);
        if !(stems.len() == 1 && stems[0] == word.key) {
            json.push_str(",\"s\":");
            let refs: Vec<String> = stems.iter().map(|s| stem_ref(&word.key, s)).collect();
            if refs.len() == 1 {
                json.push_str(&refs[0]);
            } else {
                json.push('[');
                json.push_str(&refs.join(","));
                json.push(']');
            }
        }
        if stems.iter().any(|s| groups.contains(s.as_str())) {
            json.push_str(",\"g\":1");
        }
        push_postings(&mut json, word);
        out.push(Entry {
            key: word.key.clone(),
            is_stem: false,
            json,
            has_units: word.units.is_some(),
        });
    }
    for stem in &a.stems {
        let mut json = String::with_capacity(32 + stem.postings.len() * 8);
        json.push_str("{\"k\":");
        push_json_str(&mut json, &stem.key);
        push_postings(&mut json, stem);
        out.push(Entry {
            key: stem.key.clone(),
            is_stem: true,
            json,
            has_units: stem.units.is_some(),
        });
    }
    out.sort_by(|x, y| cmp_js(&x.key, &y.key).then(x.is_stem.cmp(&y.is_stem)));
    out
}

/// A stem as the number of UTF-16 units it shares with the word when it is
/// the word's beginning (usual: "facilit" of "facilitation" is `7`), else as
/// a string.
fn stem_ref(word: &str, stem: &str) -> String {
    if word.starts_with(stem) {
        stem.encode_utf16().count().to_string()
    } else {
        serde_json::to_string(stem).unwrap_or_default()
    }
}

fn push_json_str(out: &mut String, s: &str) {
    out.push_str(&serde_json::to_string(s).unwrap_or_default());
}

/// `"p":[first record id, tf × 4 + tier, gap to next record id, tf × 4 +
/// tier, …]` (the ranked head); when the head was cut, `"n"` (records holding the term) and `"u"`:
/// every unit holding it, one list per tier, each as [`encode_id_list`] writes it.
fn push_postings(out: &mut String, term: &Term) {
    use std::fmt::Write;
    out.push_str(",\"p\":[");
    let mut previous = 0;
    for (i, &(record, tf, tier)) in term.postings.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        let _ = write!(out, "{},{}", record - previous, tf as u32 * 4 + tier as u32);
        previous = record;
    }
    out.push(']');
    if term.df as usize > term.postings.len() {
        let _ = write!(out, ",\"n\":{}", term.df);
    }
    if let Some(units) = &term.units {
        out.push_str(",\"u\":[");
        for (i, list) in units.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            out.push('"');
            out.push_str(&encode_id_list(list));
            out.push('"');
        }
        out.push(']');
    }
    out.push('}');
}

/// Cuts sorted entries into shards of about `target` bytes. Entries with the
/// same key (a word and the stem spelled like it) stay together. A shard
/// holding a common word (one with unit lists) is filled only to a third of
/// `target`: a query for a common word then downloads little besides that
/// word, and the lists of common words are what grows with the site.
pub fn partition(entries: Vec<Entry>, target: usize) -> Vec<Vec<Entry>> {
    let mut shards: Vec<Vec<Entry>> = Vec::new();
    let mut current: Vec<Entry> = Vec::new();
    let mut size = 0;
    let mut common = false;
    for entry in entries {
        let same_key = current.last().is_some_and(|e: &Entry| e.key == entry.key);
        let limit = if common || entry.has_units {
            target / 3
        } else {
            target
        };
        if !current.is_empty() && !same_key && size + entry.json.len() > limit {
            shards.push(std::mem::take(&mut current));
            size = 0;
            common = false;
        }
        size += entry.json.len() + 1;
        common |= entry.has_units;
        current.push(entry);
    }
    if !current.is_empty() || shards.is_empty() {
        shards.push(current);
    }
    shards
}

/// For each shard, the shortest string that is greater than the previous
/// shard's last key and not greater than its own first key (`""` for the first).
pub fn boundaries(shards: &[Vec<Entry>]) -> Vec<String> {
    let mut out = Vec::with_capacity(shards.len());
    for (i, shard) in shards.iter().enumerate() {
        let previous_last = i
            .checked_sub(1)
            .and_then(|p| shards[p].last())
            .map(|e| e.key.as_str());
        let (Some(last), Some(first)) = (previous_last, shard.first()) else {
            out.push(String::new());
            continue;
        };
        let first = first.key.as_str();
        let shortest = first
            .char_indices()
            .map(|(i, c)| &first[..i + c.len_utf8()])
            .find(|prefix| cmp_js(prefix, last) == Ordering::Greater)
            .unwrap_or(first);
        out.push(shortest.to_string());
    }
    out
}

/// The index of the shard whose range holds `key` (as the browser computes it).
pub fn shard_for(boundaries: &[String], key: &str) -> usize {
    boundaries
        .partition_point(|b| cmp_js(b, key) != Ordering::Greater)
        .saturating_sub(1)
}

fn shard_json(shard: &[Entry]) -> String {
    let join = |stems: bool| {
        shard
            .iter()
            .filter(|e| e.is_stem == stems)
            .map(|e| e.json.as_str())
            .collect::<Vec<_>>()
            .join(",\n")
    };
    format!("{{\"w\":[\n{}\n],\"s\":[\n{}\n]}}", join(false), join(true))
}

/// Result documents are grouped so a file holds about this many bytes: one
/// to three strategy cards, a few dozen resources. Fewer, fuller files
/// write much faster (creating a file costs more than its bytes); small
/// ones keep what a shown result downloads small.
pub const DOC_CHUNK_TARGET_BYTES: usize = 9_000;

/// Units per document file, per content type (in [`ContentType::ALL`] order).
pub struct DocChunking {
    pub per_type: Vec<(ContentType, usize, usize)>, // (type, first unit id, units per file)
}

/// Chooses, per content type, how many consecutive units share a document
/// file: the target size over the type's average document size.
fn doc_chunking(units: &[&Unit]) -> DocChunking {
    let mut per_type = Vec::new();
    let mut start = 0;
    for t in ContentType::ALL {
        let of_type: Vec<&&Unit> = units.iter().filter(|u| u.kind == t).collect();
        if of_type.is_empty() {
            continue;
        }
        let bytes: usize = of_type
            .iter()
            .map(|u| {
                u.title.len()
                    + u.records
                        .iter()
                        .map(|r| r.display_text().len().min(MAX_SECTION_CHARS) + 24)
                        .sum::<usize>()
            })
            .sum();
        let average = (bytes / of_type.len()).max(1);
        let per_file = (DOC_CHUNK_TARGET_BYTES / average).clamp(1, 64);
        per_type.push((t, start, per_file));
        start += of_type.len();
    }
    DocChunking { per_type }
}

/// `d/<first unit id>.json`: a JSON array of the documents of consecutive units.
fn doc_files(
    input: &IndexInput,
    units: &[&Unit],
    chunking: &DocChunking,
    dir: &str,
) -> Vec<OutputFile> {
    let mut files = Vec::new();
    let ends: Vec<usize> = chunking
        .per_type
        .iter()
        .skip(1)
        .map(|&(_, start, _)| start)
        .chain([units.len()])
        .collect();
    for (&(_, start, per_file), end) in chunking.per_type.iter().zip(ends) {
        let mut first = start;
        while first < end {
            let last = (first + per_file).min(end);
            let docs: Vec<String> = units[first..last]
                .iter()
                .map(|u| doc_json(input, u))
                .collect();
            files.push(file(
                format!("{dir}d/{first}.json"),
                format!("[{}]", docs.join(",\n")),
            ));
            first = last;
        }
    }
    files
}

/// Section texts longer than this are cut: the snippet comes from the start
/// of the section or around the first match, rarely from further on.
const MAX_SECTION_CHARS: usize = 1_500;

fn doc_json(input: &IndexInput, unit: &Unit) -> String {
    let mut out = String::with_capacity(256 + unit.records.len() * 400);
    out.push_str("{\"t\":");
    push_json_str(&mut out, &unit.title);
    out.push_str(",\"y\":");
    push_json_str(&mut out, unit.kind.id());
    out.push_str(",\"u\":");
    push_json_str(&mut out, &unit.path);
    if let Some(anchor) = &unit.anchor {
        out.push_str(",\"a\":");
        push_json_str(&mut out, anchor);
    }
    if unit.lang != input.lang {
        out.push_str(",\"l\":");
        push_json_str(&mut out, &unit.lang);
    }
    if !unit.also_called.is_empty() {
        out.push_str(",\"o\":");
        out.push_str(&serde_json::to_string(&unit.also_called).unwrap_or_default());
    }
    if let Some(kind) = unit.resource_kind {
        out.push_str(",\"k\":");
        let label = input
            .site
            .ui
            .get(input.lang, &format!("resources.kinds.{kind}"));
        push_json_str(&mut out, &label);
    }
    out.push_str(",\"r\":[");
    for (i, r) in unit.records.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        let text = r.display_text();
        let text = match text.char_indices().nth(MAX_SECTION_CHARS) {
            Some((cut, _)) => format!("{}…", &text[..cut]),
            None => text,
        };
        out.push('[');
        match &r.label {
            Some(l) => push_json_str(&mut out, l),
            None => out.push_str("null"),
        }
        out.push(',');
        match &r.anchor {
            Some(a) => push_json_str(&mut out, a),
            None => out.push_str("null"),
        }
        out.push(',');
        push_json_str(&mut out, &text);
        out.push(']');
    }
    out.push_str("]}");
    out
}

/// What the manifest says about one facet.
struct FacetInfo {
    id: &'static str,
    label: String,
    values: usize,
    blocks: usize,
}

/// Writes each facet's files: its values' labels, and per block of
/// [`FACET_BLOCK_UNITS`] units, per value, the units holding it as an id list
/// (the format of the term shards' unit lists, so a value held by most units
/// of a block is a bitmap).
fn facet_files(
    input: &IndexInput,
    units: &[&Unit],
    dir: &str,
    files: &mut Vec<OutputFile>,
) -> Vec<FacetInfo> {
    let ui = &input.site.ui;
    let mut infos = Vec::new();
    for facet in FacetId::ALL {
        // Slug → (label, value index); the first spelling names the value.
        let mut values: BTreeMap<String, String> = BTreeMap::new();
        let unit_values: Vec<Vec<String>> = units
            .iter()
            .map(|unit| {
                let mut slugs: Vec<String> = Vec::new();
                let labelled: Vec<(String, String)> = if facet == FacetId::ResourceKind {
                    unit.resource_kind
                        .map(|k| {
                            let label = ui.get(input.lang, &format!("resources.kinds.{k}"));
                            (k.to_string(), label.to_string())
                        })
                        .into_iter()
                        .collect()
                } else {
                    unit.facets
                        .iter()
                        .filter(|(f, _)| *f == facet)
                        .flat_map(|(_, vs)| vs.iter().map(|v| (slugify(v), v.clone())))
                        .collect()
                };
                for (slug, label) in labelled {
                    values.entry(slug.clone()).or_insert(label);
                    if !slugs.contains(&slug) {
                        slugs.push(slug);
                    }
                }
                slugs
            })
            .collect();
        if values.is_empty() {
            continue;
        }
        let mut ordered: Vec<(String, String)> = values.into_iter().collect();
        ordered.sort_by_cached_key(|(slug, label)| (crate::text::fold(label), slug.clone()));
        let index: HashMap<&str, usize> = ordered
            .iter()
            .enumerate()
            .map(|(i, (slug, _))| (slug.as_str(), i))
            .collect();
        let labels: Vec<&str> = ordered.iter().map(|(_, l)| l.as_str()).collect();
        files.push(file(
            format!("{dir}f/{}.json", facet.id()),
            json!({ "v": labels }).to_string(),
        ));
        // Per block of units, per value, the units of the block holding it
        // (ids from the block's first unit, ascending: units are visited in
        // order).
        let blocks = unit_values.chunks(FACET_BLOCK_UNITS);
        let block_count = blocks.len();
        for (n, block) in blocks.enumerate() {
            let mut members: Vec<Vec<u32>> = vec![Vec::new(); ordered.len()];
            for (unit, slugs) in block.iter().enumerate() {
                for slug in slugs {
                    members[index[slug.as_str()]].push(unit as u32);
                }
            }
            let sets: Vec<String> = members.iter().map(|ids| encode_id_list(ids)).collect();
            files.push(file(
                format!("{dir}f/{}-{n}.json", facet.id()),
                json!({ "m": sets }).to_string(),
            ));
        }
        let label_key = match facet {
            FacetId::ResourceKind => "search.resource_kind".to_string(),
            other => format!("facets.{}", other.id()),
        };
        infos.push(FacetInfo {
            id: facet.id(),
            label: ui.get(input.lang, &label_key).to_string(),
            values: ordered.len(),
            blocks: block_count,
        });
    }
    infos
}

fn manifest(
    input: &IndexInput,
    units: &[&Unit],
    chunking: &DocChunking,
    boundaries: &[String],
    facets: Vec<FacetInfo>,
    version: &str,
) -> Value {
    let a = input.assembled;
    let ui = &input.site.ui;
    // Units are numbered by type: [id, label, count, units per document file].
    let types: Vec<Value> = chunking
        .per_type
        .iter()
        .map(|&(t, _, per_file)| {
            let count = units.iter().filter(|u| u.kind == t).count();
            let label = ui.get(input.lang, &format!("search.types.{}", t.id()));
            json!([t.id(), label, count, per_file])
        })
        .collect();
    let facets: Vec<Value> = facets
        .iter()
        .map(|f| json!({ "id": f.id, "label": f.label, "values": f.values, "blocks": f.blocks }))
        .collect();
    let fields: Vec<Value> = FIELD_WEIGHTS
        .iter()
        .zip(a.avg_lengths)
        .map(|((field, weight, b), avg)| {
            json!([
                Field::name(*field),
                weight,
                b,
                (avg as f64 * 10.0).round() / 10.0
            ])
        })
        .collect();
    let languages: serde_json::Map<String, Value> = input
        .site
        .settings
        .languages
        .iter()
        .map(|l| {
            // As the translation notices name it, in the index's language.
            let name = ui
                .language_name(input.lang, &l.code)
                .unwrap_or_else(|| l.name.clone());
            (l.code.clone(), json!(name))
        })
        .collect();
    let mut strings = ui
        .for_lang(input.lang)
        .get("search")
        .cloned()
        .unwrap_or_else(|| json!({}));
    // Results from fallback pages say "In English" as fallback cards in listings do.
    if let Some(map) = strings.as_object_mut() {
        map.insert(
            "in_language".into(),
            json!(ui.get(input.lang, "translation.in_language")),
        );
        // The language's ten digits, so counts match the rest of the page
        // (the filters write theirs the same way).
        map.insert(
            "digits".into(),
            json!(ui.format(input.lang).digits("0123456789")),
        );
    }
    json!({
        "format": FORMAT_VERSION,
        "version": version,
        "lang": input.lang,
        "units": units.len(),
        "records": a.record_count,
        "stride": a.stride,
        "tf_scale": TF_SCALE,
        "head_postings": HEAD_POSTINGS,
        "tiers": TIERS,
        "facet_block": FACET_BLOCK_UNITS,
        "fields": fields,
        "types": types,
        "facets": facets,
        "languages": languages,
        "strings": strings,
        "shards": boundaries,
    })
}

/// A short hash of the index files, added to their URLs so a browser never
/// mixes files of two builds.
fn content_hash(files: &[OutputFile]) -> String {
    let mut hash = crate::hash::Fnv::new();
    for f in files {
        hash.write(f.path.as_bytes());
        hash.write(&f.bytes);
    }
    let hash = hash.finish();
    format!("{:08x}", hash as u32 ^ (hash >> 32) as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(key: &str, is_stem: bool, size: usize) -> Entry {
        Entry {
            key: key.into(),
            is_stem,
            json: "x".repeat(size),
            has_units: false,
        }
    }

    #[test]
    fn common_words_share_a_shard_with_little_else() {
        let mut entries: Vec<Entry> = ["a", "b", "c", "d", "e", "f"]
            .iter()
            .map(|k| entry(k, false, 20))
            .collect();
        entries[2].has_units = true;
        let shards = partition(entries, 90);
        let keys: Vec<Vec<&str>> = shards
            .iter()
            .map(|s| s.iter().map(|e| e.key.as_str()).collect())
            .collect();
        // Up to 90 bytes, but 30 once a common word ("c") is in.
        assert_eq!(keys, [vec!["a", "b"], vec!["c"], vec!["d", "e", "f"]]);
    }

    #[test]
    fn stems_are_written_as_prefix_lengths_when_they_can_be() {
        assert_eq!(stem_ref("facilitation", "facilit"), "7");
        assert_eq!(stem_ref("happy", "happi"), "\"happi\"");
        // UTF-16 units, as JavaScript's String.slice counts them.
        assert_eq!(stem_ref("𝑥abc", "𝑥a"), "3");
    }

    #[test]
    fn partition_respects_target_and_keeps_same_keys_together() {
        let entries = vec![
            entry("a", false, 40),
            entry("b", false, 40),
            entry("b", true, 40),
            entry("c", false, 40),
            entry("d", false, 200),
        ];
        let shards = partition(entries, 100);
        let keys: Vec<Vec<&str>> = shards
            .iter()
            .map(|s| s.iter().map(|e| e.key.as_str()).collect())
            .collect();
        assert_eq!(keys, [vec!["a", "b", "b"], vec!["c"], vec!["d"]]);
    }

    #[test]
    fn boundaries_are_short_and_find_every_key() {
        let words = [
            "care",
            "career",
            "collaborate",
            "collaboration",
            "collaborative",
            "community",
            "ñandú",
            "équipe",
            "zeta",
            "中",
        ];
        let mut entries: Vec<Entry> = words.iter().map(|w| entry(w, false, 30)).collect();
        entries.sort_by(|x, y| cmp_js(&x.key, &y.key));
        let shards = partition(entries, 70);
        assert!(shards.len() >= 4);
        let bounds = boundaries(&shards);
        assert_eq!(bounds[0], "");
        for (i, shard) in shards.iter().enumerate() {
            for e in shard {
                assert_eq!(
                    shard_for(&bounds, &e.key),
                    i,
                    "{} lands in its shard",
                    e.key
                );
            }
        }
        // Separators are prefixes of the first key, as short as possible.
        for (b, shard) in bounds.iter().zip(&shards).skip(1) {
            assert!(shard[0].key.starts_with(b.as_str()));
            assert!(b.chars().count() <= shard[0].key.chars().count());
        }
        assert!(bounds.iter().skip(1).any(|b| b.chars().count() < 4));
    }

    #[test]
    fn js_order_is_utf16_order() {
        // U+FF5E sorts after U+1D465 in code points but before it in UTF-16.
        assert_eq!(cmp_js("\u{FF5E}", "\u{1D465}"), Ordering::Greater);
        assert_eq!("\u{FF5E}".cmp("\u{1D465}"), Ordering::Less);
    }

    #[test]
    fn postings_are_gap_encoded() {
        let term = Term {
            key: "x".into(),
            postings: vec![(5, 8, 0), (9, 16, 1), (40, 3, 2)],
            df: 400,
            units: Some([vec![2], vec![], vec![0, 200]]),
        };
        let mut s = String::new();
        push_postings(&mut s, &term);
        assert_eq!(
            s,
            ",\"p\":[5,32,4,65,31,14],\"n\":400,\"u\":[\"Ag\",\"\",\"AMgB\"]}"
        );
    }
}
