//! Indexing: words and stems of each record, then postings per language.
//!
//! [`index_page`] tokenizes and stems one page's records on their own, so
//! `serve` can redo only the page that changed. [`assemble`] numbers the units
//! of one language's index, and turns the pages' word counts into postings:
//! record id + a field-weighted, length-normalised term frequency (BM25F),
//! for every exact (folded) word and for every stem shared by several words.

use std::cell::RefCell;
use std::sync::Arc;

use super::FastMap;
use super::records::{self, ContentType, FIELD_COUNT, Field, Unit};
use super::stem::Stemmer;
use super::tokenize;
use crate::model::{PageId, Site};

/// How much a word counts in each field, and how strongly a long field is
/// discounted (BM25F `b`). Titles and "also called" names outrank summaries
/// and tags, which outrank the body.
pub const FIELD_WEIGHTS: [(Field, f32, f32); FIELD_COUNT] = [
    (Field::Title, 6.0, 0.5),
    (Field::AlsoCalled, 5.0, 0.5),
    (Field::Summary, 2.5, 0.75),
    (Field::Tags, 2.5, 0.5),
    (Field::Heading, 2.0, 0.5),
    (Field::Body, 1.0, 0.75),
    (Field::Links, 0.3, 0.5),
];

/// Term frequencies are stored as integers: `round(tf × TF_SCALE)`.
pub const TF_SCALE: f32 = 8.0;

/// Per word, the *ranked head*: at most this many postings (record, tf),
/// those with the highest term frequency. The browser ranks and picks the
/// section to show from them. A word in more records also gets its complete
/// unit lists ([`Term::units`]), so every unit holding it is found and counted.
pub const HEAD_POSTINGS: usize = 200;

/// Unit lists are split by the best kind of field a unit holds the word in
/// (its *tier*): 0 title, "also called", summary or tags; 1 section text and
/// headings; 2 link lists (citations). Units the head lacks are ranked by it.
pub const TIERS: usize = 3;

/// The tier of each field (in [`Field::ALL`] order).
const FIELD_TIERS: [u8; FIELD_COUNT] = [0, 0, 0, 0, 1, 1, 2];

/// One page's records, tokenized and stemmed, with the page's own vocabulary.
#[derive(Debug, Clone)]
pub struct IndexedPage {
    pub page: PageId,
    pub units: Vec<Unit>,
    /// Page-local vocabulary: folded word and its folded stems.
    pub words: Vec<WordInfo>,
    /// Per unit, per record.
    pub records: Vec<Vec<IndexedRecord>>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct WordInfo {
    pub key: Arc<str>,
    pub stems: Vec<Arc<str>>,
}

#[derive(Debug, Clone, Default)]
pub struct IndexedRecord {
    /// Words per field.
    pub lengths: [u32; FIELD_COUNT],
    /// Page-local word id and its count in each field.
    pub terms: Vec<(u32, [u16; FIELD_COUNT])>,
}

fn field_index(f: Field) -> usize {
    Field::ALL
        .iter()
        .position(|&x| x == f)
        .unwrap_or(FIELD_COUNT - 1)
}

/// A spelling's folded key and folded stem, computed once per thread and
/// language: folding and stemming cost far more than everything else done
/// per word, and a corpus repeats the same few ten thousand spellings.
#[derive(Clone)]
struct Spelling {
    key: Arc<str>,
    stem: Arc<str>,
}

thread_local! {
    static SPELLINGS: RefCell<FastMap<String, FastMap<Box<str>, Spelling>>> = RefCell::default();
}

fn with_spellings<R>(lang: &str, f: impl FnOnce(&mut FastMap<Box<str>, Spelling>) -> R) -> R {
    SPELLINGS.with(|cell| {
        let mut all = cell.borrow_mut();
        if !all.contains_key(lang) {
            all.insert(lang.to_string(), FastMap::default());
        }
        f(all.get_mut(lang).expect("just inserted"))
    })
}

/// Tokenizes and stems the records of one page.
pub fn index_page(site: &Site, id: PageId) -> IndexedPage {
    let page = &site.pages[id];
    let units = records::page_units(site, id);
    // A fallback page's text is in the default language: stem it as such.
    let (words, records) = with_spellings(&page.content_lang, |spellings| {
        let stemmer = Stemmer::for_language(&page.content_lang);
        let mut words: Vec<WordInfo> = Vec::new();
        let mut by_key: FastMap<Arc<str>, u32> = FastMap::default();
        let mut by_spelling: FastMap<&str, u32> = FastMap::default();
        // Counts of the record being read, indexed by page-local word id.
        let mut counts: Vec<[u16; FIELD_COUNT]> = Vec::new();
        let mut touched: Vec<u32> = Vec::new();
        let mut all_records = Vec::with_capacity(units.len());
        for unit in &units {
            let mut unit_records = Vec::with_capacity(unit.records.len());
            for record in &unit.records {
                let mut indexed = IndexedRecord::default();
                for (field, text) in &record.fields {
                    let f = field_index(*field);
                    for word in tokenize::words(text) {
                        let word_id = match by_spelling.get(word) {
                            Some(&w) => w,
                            None => {
                                let spelling = match spellings.get(word) {
                                    Some(s) => s.clone(),
                                    None => {
                                        let s = Spelling {
                                            key: tokenize::key(word).into(),
                                            stem: stemmer.stem(word).into(),
                                        };
                                        spellings.insert(word.into(), s.clone());
                                        s
                                    }
                                };
                                let w = *by_key.entry(spelling.key.clone()).or_insert_with(|| {
                                    words.push(WordInfo {
                                        key: spelling.key.clone(),
                                        stems: Vec::new(),
                                    });
                                    counts.push([0; FIELD_COUNT]);
                                    (words.len() - 1) as u32
                                });
                                let info = &mut words[w as usize];
                                if !info.stems.contains(&spelling.stem) {
                                    info.stems.push(spelling.stem);
                                }
                                by_spelling.insert(word, w);
                                w
                            }
                        };
                        let c = &mut counts[word_id as usize];
                        if c.iter().all(|&n| n == 0) {
                            touched.push(word_id);
                        }
                        c[f] = c[f].saturating_add(1);
                        indexed.lengths[f] += 1;
                    }
                }
                touched.sort_unstable();
                indexed.terms = touched
                    .drain(..)
                    .map(|w| (w, std::mem::take(&mut counts[w as usize])))
                    .collect();
                unit_records.push(indexed);
            }
            all_records.push(unit_records);
        }
        // Kept until the language is written: a vector grown by pushes holds
        // room for four stems where a word nearly always has one.
        for word in &mut words {
            word.stems.shrink_to_fit();
        }
        words.shrink_to_fit();
        (words, all_records)
    });
    IndexedPage {
        page: id,
        units,
        words,
        records,
    }
}

/// A unit of a language's index, pointing into the indexed pages.
#[derive(Debug, Clone, Copy)]
pub struct UnitRef {
    pub page: usize,
    pub unit: usize,
}

/// A language's index before it is cut into files.
#[derive(Debug, Default)]
pub struct Assembled {
    /// Units in id order.
    pub units: Vec<UnitRef>,
    /// Record id = unit id × stride + record index.
    pub stride: u32,
    pub record_count: u32,
    pub avg_lengths: [f32; FIELD_COUNT],
    /// Folded word → postings and its stems.
    pub words: Vec<Term>,
    /// Stems shared by two or more words → postings.
    pub stems: Vec<Term>,
    /// For each word (same order as `words`), its stem ids in `stems` (those with a group).
    pub word_stems: Vec<Vec<String>>,
}

#[derive(Debug, Clone, Default)]
pub struct Term {
    pub key: String,
    /// The ranked head: (record id, scaled tf, tier), sorted by record id.
    pub postings: Vec<Posting>,
    /// Records containing the term, before the head was cut to [`HEAD_POSTINGS`].
    pub df: u32,
    /// When the head was cut: every unit holding the term, sorted, per tier
    /// (a unit is in the list of its best tier only).
    pub units: Option<[Vec<u32>; TIERS]>,
}

/// A posting: record id, scaled tf, the best tier of the fields it is in.
pub type Posting = (u32, u16, u8);

/// The best (lowest) tier among the fields a word is counted in.
fn tier_of(counts: &[u16; FIELD_COUNT]) -> u8 {
    counts
        .iter()
        .zip(FIELD_TIERS)
        .filter(|(c, _)| **c > 0)
        .map(|(_, t)| t)
        .min()
        .unwrap_or(TIERS as u8 - 1)
}

/// Numbers the units of `pages` (by content type, then path) and computes
/// the postings of every word and shared stem.
pub fn assemble(pages: &[&IndexedPage]) -> Assembled {
    let mut units: Vec<(ContentType, &str, usize, usize)> = Vec::new();
    for (p, page) in pages.iter().enumerate() {
        for (u, unit) in page.units.iter().enumerate() {
            units.push((unit.kind, unit.path.as_str(), p, u));
        }
    }
    units.sort_by(|a, b| (a.0, a.1, a.2, a.3).cmp(&(b.0, b.1, b.2, b.3)));
    let max_records = pages
        .iter()
        .flat_map(|p| p.records.iter().map(Vec::len))
        .max()
        .unwrap_or(1)
        .max(1);
    let stride = (max_records as u32).next_power_of_two();

    let avg_lengths = average_lengths(pages);
    // Global vocabulary.
    let mut word_ids: FastMap<&str, u32> = FastMap::default();
    let mut word_keys: Vec<&str> = Vec::new();
    let mut word_stems: Vec<Vec<&str>> = Vec::new();
    let mut local_to_global: Vec<Vec<u32>> = Vec::with_capacity(pages.len());
    for page in pages {
        let map = page
            .words
            .iter()
            .map(|w| {
                let id = *word_ids.entry(&*w.key).or_insert_with(|| {
                    word_keys.push(&w.key);
                    word_stems.push(Vec::new());
                    (word_keys.len() - 1) as u32
                });
                for s in &w.stems {
                    if !word_stems[id as usize].contains(&&**s) {
                        word_stems[id as usize].push(s);
                    }
                }
                id
            })
            .collect();
        local_to_global.push(map);
    }
    // Stems shared by at least two words get postings of their own.
    let mut stem_words: FastMap<&str, u32> = FastMap::default();
    for stems in &word_stems {
        for s in stems {
            *stem_words.entry(s).or_default() += 1;
        }
    }
    let mut stem_ids: FastMap<&str, u32> = FastMap::default();
    let mut stem_keys: Vec<&str> = Vec::new();
    for stems in &word_stems {
        for s in stems {
            if stem_words[s] >= 2 && !stem_ids.contains_key(s) {
                stem_ids.insert(s, stem_keys.len() as u32);
                stem_keys.push(s);
            }
        }
    }
    let word_group_stems: Vec<Vec<u32>> = word_stems
        .iter()
        .map(|stems| {
            stems
                .iter()
                .filter_map(|s| stem_ids.get(s).copied())
                .collect()
        })
        .collect();

    let mut word_postings: Vec<Vec<Posting>> = vec![Vec::new(); word_keys.len()];
    let mut stem_postings: Vec<Vec<Posting>> = vec![Vec::new(); stem_keys.len()];
    let mut stem_acc: FastMap<u32, (f32, u8)> = FastMap::default();
    for (unit_id, &(_, _, p, u)) in units.iter().enumerate() {
        for (r, record) in pages[p].records[u].iter().enumerate() {
            let record_id = unit_id as u32 * stride + r as u32;
            let norms = field_norms(&record.lengths, &avg_lengths);
            stem_acc.clear();
            for (local, counts) in &record.terms {
                let word = local_to_global[p][*local as usize];
                let tf = weighted_tf(counts, &norms);
                let tier = tier_of(counts);
                word_postings[word as usize].push((record_id, quantize(tf), tier));
                for &s in &word_group_stems[word as usize] {
                    let acc = stem_acc.entry(s).or_insert((0.0, TIERS as u8));
                    acc.0 += tf;
                    acc.1 = acc.1.min(tier);
                }
            }
            for (&s, &(tf, tier)) in &stem_acc {
                stem_postings[s as usize].push((record_id, quantize(tf), tier));
            }
        }
    }
    let record_count = units
        .iter()
        .map(|&(_, _, p, u)| pages[p].records[u].len() as u32)
        .sum();
    let words = word_keys
        .iter()
        .zip(word_postings)
        .map(|(k, postings)| term(k, postings, stride))
        .collect();
    let stems = stem_keys
        .iter()
        .zip(stem_postings)
        .map(|(k, postings)| term(k, postings, stride))
        .collect();
    Assembled {
        units: units
            .iter()
            .map(|&(_, _, page, unit)| UnitRef { page, unit })
            .collect(),
        stride,
        record_count,
        avg_lengths,
        words,
        stems,
        word_stems: word_stems
            .into_iter()
            .map(|s| s.into_iter().map(str::to_string).collect())
            .collect(),
    }
}

/// A term's head and, when the head is cut, its complete unit lists per tier.
fn term(key: &str, mut postings: Vec<Posting>, stride: u32) -> Term {
    let df = postings.len() as u32;
    let mut units = None;
    if postings.len() > HEAD_POSTINGS {
        units = Some(units_by_tier(&postings, stride));
        postings.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        postings.truncate(HEAD_POSTINGS);
    }
    postings.sort_unstable_by_key(|p| p.0);
    Term {
        key: key.to_string(),
        postings,
        df,
        units,
    }
}

/// Every unit of `postings` (sorted by record id), in the list of its best tier.
fn units_by_tier(postings: &[Posting], stride: u32) -> [Vec<u32>; TIERS] {
    let mut lists: [Vec<u32>; TIERS] = Default::default();
    let mut sorted: Vec<Posting> = postings.to_vec();
    sorted.sort_unstable_by_key(|p| p.0);
    let mut current: Option<(u32, u8)> = None;
    for (record, _, tier) in sorted {
        let unit = record / stride;
        match &mut current {
            Some((u, best)) if *u == unit => *best = (*best).min(tier),
            _ => {
                if let Some((u, best)) = current {
                    lists[best as usize].push(u);
                }
                current = Some((unit, tier));
            }
        }
    }
    if let Some((u, best)) = current {
        lists[best as usize].push(u);
    }
    lists
}

fn average_lengths(pages: &[&IndexedPage]) -> [f32; FIELD_COUNT] {
    let mut sums = [0f64; FIELD_COUNT];
    let mut counts = [0u64; FIELD_COUNT];
    for record in pages.iter().flat_map(|p| p.records.iter().flatten()) {
        for f in 0..FIELD_COUNT {
            if record.lengths[f] > 0 {
                sums[f] += record.lengths[f] as f64;
                counts[f] += 1;
            }
        }
    }
    let mut avg = [1f32; FIELD_COUNT];
    for f in 0..FIELD_COUNT {
        if counts[f] > 0 {
            avg[f] = (sums[f] / counts[f] as f64) as f32;
        }
    }
    avg
}

/// Per field: weight / (1 − b + b × length / average length).
fn field_norms(lengths: &[u32; FIELD_COUNT], avg: &[f32; FIELD_COUNT]) -> [f32; FIELD_COUNT] {
    let mut norms = [0f32; FIELD_COUNT];
    for (f, (_, weight, b)) in FIELD_WEIGHTS.iter().enumerate() {
        norms[f] = weight / (1.0 - b + b * lengths[f] as f32 / avg[f].max(1.0));
    }
    norms
}

/// BM25F pseudo term frequency: field counts, weighted and length-normalised.
pub fn weighted_tf(counts: &[u16; FIELD_COUNT], norms: &[f32; FIELD_COUNT]) -> f32 {
    counts.iter().zip(norms).map(|(&c, &n)| c as f32 * n).sum()
}

fn quantize(tf: f32) -> u16 {
    (tf * TF_SCALE).round().clamp(1.0, u16::MAX as f32) as u16
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(lengths: [u32; FIELD_COUNT], terms: Vec<(u32, [u16; FIELD_COUNT])>) -> IndexedRecord {
        IndexedRecord { lengths, terms }
    }

    fn unit(kind: ContentType, path: &str) -> Unit {
        Unit {
            kind,
            title: path.into(),
            path: path.into(),
            anchor: None,
            lang: "en".into(),
            also_called: vec![],
            facets: vec![],
            resource_kind: None,
            records: vec![],
        }
    }

    fn word(key: &str, stem: &str) -> WordInfo {
        WordInfo {
            key: key.into(),
            stems: vec![stem.into()],
        }
    }

    #[test]
    fn title_counts_more_than_body() {
        let avg = [3.0; FIELD_COUNT];
        let lengths = [3, 0, 3, 0, 0, 3, 3];
        let norms = field_norms(&lengths, &avg);
        let in_title = weighted_tf(&[1, 0, 0, 0, 0, 0, 0], &norms);
        let in_body = weighted_tf(&[0, 0, 0, 0, 0, 1, 0], &norms);
        let in_summary = weighted_tf(&[0, 0, 1, 0, 0, 0, 0], &norms);
        let in_links = weighted_tf(&[0, 0, 0, 0, 0, 0, 1], &norms);
        assert!(in_title > in_summary && in_summary > in_body && in_body > in_links);
        assert_eq!(tier_of(&[0, 0, 0, 0, 0, 1, 1]), 1);
        assert_eq!(tier_of(&[0, 0, 0, 0, 0, 0, 4]), 2);
        assert_eq!(tier_of(&[0, 0, 1, 0, 0, 1, 1]), 0);
    }

    #[test]
    fn assembles_words_stems_and_units_in_type_order() {
        // Page 0: a plain page; page 1: a card. Cards are numbered first.
        let page0 = IndexedPage {
            page: 0,
            units: vec![unit(ContentType::Page, "en/about/")],
            words: vec![word("facilitation", "facilit")],
            records: vec![vec![record(
                [0, 0, 0, 0, 0, 10, 0],
                vec![(0, [0, 0, 0, 0, 0, 2, 0])],
            )]],
        };
        let page1 = IndexedPage {
            page: 1,
            units: vec![unit(ContentType::Card, "en/strategies/x/")],
            words: vec![word("facilitating", "facilit"), word("coach", "coach")],
            records: vec![vec![
                record([2, 0, 0, 0, 0, 0, 0], vec![(1, [1, 0, 0, 0, 0, 0, 0])]),
                record([0, 0, 0, 0, 0, 5, 0], vec![(0, [0, 0, 0, 0, 0, 1, 0])]),
            ]],
        };
        let a = assemble(&[&page0, &page1]);
        assert_eq!(a.stride, 2);
        assert_eq!(a.record_count, 3);
        assert_eq!(a.units[0].page, 1, "the card is unit 0");
        let find = |terms: &[Term], k: &str| terms.iter().find(|t| t.key == k).cloned().unwrap();
        // The card's second record is id 1; the page's head is unit 1 × stride 2 = 2.
        assert_eq!(
            find(&a.words, "facilitating")
                .postings
                .iter()
                .map(|p| p.0)
                .collect::<Vec<_>>(),
            [1]
        );
        assert_eq!(
            find(&a.words, "facilitation")
                .postings
                .iter()
                .map(|p| p.0)
                .collect::<Vec<_>>(),
            [2]
        );
        let group = find(&a.stems, "facilit");
        assert_eq!(
            group.postings.iter().map(|p| p.0).collect::<Vec<_>>(),
            [1, 2]
        );
        assert_eq!(group.df, 2);
        // "coach" is its own only word: no stem group.
        assert!(a.stems.iter().all(|t| t.key != "coach"));
    }

    #[test]
    fn common_words_keep_their_best_postings_and_every_unit() {
        let total = HEAD_POSTINGS as u32 + 50;
        // Two records per unit (stride 2); record 2k is the unit's head.
        let postings: Vec<Posting> = (0..total)
            .map(|i| (i, (i % 7) as u16 + 1, (i % 2) as u8 + (i % 5 == 0) as u8))
            .collect();
        let t = term("the", postings, 2);
        assert_eq!(t.df, total);
        assert_eq!(t.postings.len(), HEAD_POSTINGS);
        assert!(t.postings.windows(2).all(|w| w[0].0 < w[1].0));
        let min_kept = t.postings.iter().map(|p| p.1).min().unwrap();
        assert!(min_kept >= 2, "the lowest frequencies were dropped first");
        let units = t.units.expect("a cut head comes with the unit lists");
        let mut all: Vec<u32> = units.iter().flatten().copied().collect();
        all.sort_unstable();
        assert_eq!(
            all,
            (0..total.div_ceil(2)).collect::<Vec<_>>(),
            "every unit once"
        );
        // Unit 0 holds records 0 (tier 0+1) and 1 (tier 1): its best is 1.
        assert!(units[1].contains(&0));
        // Unit 1: records 2 (tier 0) and 3 (tier 1): best 0.
        assert!(units[0].contains(&1));
    }

    #[test]
    fn rare_words_have_their_whole_postings_and_no_unit_lists() {
        let t = term("rare", vec![(9, 3, 1), (4, 8, 0)], 4);
        assert_eq!(t.postings, [(4, 8, 0), (9, 3, 1)]);
        assert!(t.units.is_none());
    }
}
