//! Search recall: on a generated two-language toolkit (English cards, some
//! translated into Spanish, the others shown untranslated in the Spanish
//! site, and a resource list), sampled one-, two- and three-word queries run
//! through the browser's own search code (`examples/search-query.mjs` loads
//! `search.js` in node and reads the built index from disk). The set of
//! results — all of them, as paging with "Show more" reaches them — and the
//! count must equal what a plain scan of the indexed text finds: the units
//! holding every word (the word itself or a word of the same stem), or, when
//! no unit holds them all, the units holding any.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt::Write as _;
use std::fs;
use std::path::Path;
use std::process::Command;

use cardstock::search::records::{self, Unit};
use cardstock::search::stem::Stemmer;
use cardstock::search::tokenize;
use serde_json::Value;

use crate::support::ok;

/// A deterministic generator (xorshift), so failures reproduce.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    /// Skewed towards the start of a list: a few words are very common.
    fn zipf(&mut self, n: usize) -> usize {
        let u = (self.next() % 1_000_000) as f64 / 1_000_000.0;
        ((n as f64) * u.powi(3)) as usize % n
    }
}

const FAMILIES: [&str; 10] = [
    "coach coaches coaching coached",
    "facilitate facilitates facilitation facilitator facilitators",
    "measure measures measuring measurement",
    "team teams",
    "dashboard dashboards",
    "outreach",
    "peer peers",
    "housing",
    "advocacy advocate advocates",
    "screen screening screenings",
];
const SPANISH: [&str; 12] = [
    "facilitación",
    "colaboración",
    "equipos",
    "equipo",
    "mejora",
    "mejoras",
    "atención",
    "vivienda",
    "acompañamiento",
    "pares",
    "medición",
    "tableros",
];
const TAGS: [&str; 8] = [
    "Coaching",
    "Data use",
    "Peer support",
    "Housing",
    "Workforce",
    "Telehealth",
    "Equity",
    "Leadership",
];

struct Corpus {
    words: Vec<String>,
    spanish: Vec<String>,
}

impl Corpus {
    fn new(rng: &mut Rng) -> Corpus {
        let mut words: Vec<String> = FAMILIES
            .iter()
            .flat_map(|f| f.split(' ').map(String::from))
            .collect();
        let syllables = [
            "ka", "mar", "vo", "su", "li", "den", "tro", "pa", "qui", "zel",
        ];
        for _ in 0..260 {
            let n = 2 + rng.below(2);
            let w: String = (0..n)
                .map(|_| syllables[rng.below(syllables.len())])
                .collect();
            if !words.contains(&w) {
                words.push(w);
            }
        }
        let spanish = SPANISH.iter().map(|s| s.to_string()).collect();
        Corpus { words, spanish }
    }

    fn sentence(&self, rng: &mut Rng, spanish: bool, len: usize) -> String {
        let mut out = Vec::new();
        for _ in 0..len {
            if spanish && rng.below(3) == 0 {
                out.push(self.spanish[rng.zipf(self.spanish.len())].clone());
            } else {
                let w = &self.words[rng.zipf(self.words.len())];
                // Now and then capitalised, to exercise folding.
                out.push(if rng.below(9) == 0 {
                    w.to_uppercase()
                } else {
                    w.clone()
                });
            }
        }
        out.join(" ") + "."
    }
}

fn card(c: &Corpus, rng: &mut Rng, n: usize, spanish: bool) -> String {
    let headings: [&str; 8] = if spanish {
        [
            "Qué {#what}",
            "Quién {#who}",
            "Destinatarios {#intended-for}",
            "Quién lo conduce {#conducted-by}",
            "Cómo {#how}",
            "Dónde {#where}",
            "Consideraciones {#considerations}",
            "Más información {#more-information}",
        ]
    } else {
        [
            "What",
            "Who",
            "Intended for",
            "Conducted by",
            "How",
            "Where",
            "Considerations",
            "More information",
        ]
    };
    let len = 2 + rng.below(3);
    let title = c.sentence(rng, spanish, len);
    let title = title.trim_end_matches('.');
    let tag = TAGS[rng.below(TAGS.len())];
    let mut t = String::new();
    let _ = write!(
        t,
        "---\nkind: card\ntitle: \"{title} {n}\"\nsummary: \"{}\"\ntags: [\"{tag}\", \"{}\"]\naudience: [\"{}\"]\nsettings: [\"Primary care\"]\nduration: 3 to 9 months\nkey_citation:\n  title: \"{}\"\n  doi: 10.1000/recall.{n}\n---\n\n",
        c.sentence(rng, spanish, 8),
        // A second tag and the audience from the card's number, so facet
        // values overlap and differ between cards (the text's random draws
        // stay as they were).
        TAGS[n % TAGS.len()],
        ["Change teams", "Leaders", "Clinicians"][n % 3],
        c.sentence(rng, spanish, 5),
    );
    let para = |rng: &mut Rng| {
        let sentences = 1 + rng.below(3);
        (0..sentences)
            .map(|_| {
                let len = 6 + rng.below(10);
                c.sentence(rng, spanish, len)
            })
            .collect::<Vec<_>>()
            .join(" ")
    };
    let _ = write!(
        t,
        "## {}\n\n{}\n\n## {}\n\n",
        headings[0],
        para(rng),
        headings[1]
    );
    let _ = write!(
        t,
        "### {}\n\n{}\n\n### {}\n\n{}\n\n",
        headings[2],
        para(rng),
        headings[3],
        para(rng)
    );
    for h in &headings[4..7] {
        let _ = write!(t, "## {h}\n\n{}\n\n", para(rng));
    }
    let _ = write!(t, "## {}\n\n{}\n", headings[7], para(rng));
    t
}

fn resources(c: &Corpus, rng: &mut Rng) -> String {
    let mut t = String::from(
        "---\nkind: resources\ntitle: Resources\nsummary: Guides and articles.\ncategories:\n  - id: guides\n    title: Guides\n    resources:\n",
    );
    for r in 0..40 {
        let title = c.sentence(rng, false, 3);
        let _ = write!(
            t,
            "      - title: \"{} {r}\"\n        url: https://example.org/r/{r}\n        kind: guide\n        description: \"{}\"\n",
            title.trim_end_matches('.'),
            c.sentence(rng, false, 10)
        );
    }
    t.push_str("---\n\nResources for the recall test.\n");
    t
}

/// Writes the toolkit: `cards` English cards, every third translated into Spanish.
fn generate(dir: &Path, cards: usize) {
    let mut rng = Rng(0x5EA2C4);
    let c = Corpus::new(&mut rng);
    let w = |rel: &str, text: &str| {
        let path = dir.join(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    };
    w(
        "cardstock.yaml",
        "title: Recall toolkit\npublisher: Tests\nbase_url: https://example.org/\ndefault_language: en\nlanguages:\n  - code: en\n    name: English\n  - code: es\n    name: Español\n",
    );
    for lang in ["en", "es"] {
        w(
            &format!("content/{lang}/index.md"),
            "---\ntitle: Recall toolkit\n---\n\nA generated toolkit.\n",
        );
    }
    for n in 0..cards {
        w(
            &format!("content/en/strategies/card-{n:04}.md"),
            &card(&c, &mut rng, n, false),
        );
        if n % 3 == 0 {
            w(
                &format!("content/es/strategies/card-{n:04}.md"),
                &card(&c, &mut rng, n, true),
            );
        }
    }
    w("content/en/resources/index.md", &resources(&c, &mut rng));
}

/// What a plain scan of a language's indexed text finds.
struct Scan {
    /// Unit name (`path#anchor`) → its folded words and their stems.
    units: BTreeMap<String, (BTreeSet<String>, BTreeSet<String>)>,
    /// Folded word → every stem it has in this language's text.
    stems: HashMap<String, BTreeSet<String>>,
}

fn unit_name(unit: &Unit) -> String {
    match &unit.anchor {
        Some(a) => format!("{}#{a}", unit.path),
        None => unit.path.clone(),
    }
}

fn scan(site: &cardstock::model::Site, lang: &str) -> Scan {
    let mut out = Scan {
        units: BTreeMap::new(),
        stems: HashMap::new(),
    };
    for id in 0..site.pages.len() {
        if !records::page_in_index(&site.pages[id], lang) {
            continue;
        }
        for unit in records::page_units(site, id) {
            let stemmer = Stemmer::for_language(&unit.lang);
            let (keys, stems) = out.units.entry(unit_name(&unit)).or_default();
            for record in &unit.records {
                for (_, text) in &record.fields {
                    for word in tokenize::words(text) {
                        let key = tokenize::key(word);
                        let stem = stemmer.stem(word);
                        out.stems
                            .entry(key.clone())
                            .or_default()
                            .insert(stem.clone());
                        keys.insert(key);
                        stems.insert(stem);
                    }
                }
            }
        }
    }
    out
}

impl Scan {
    /// Units holding the word or a word of one of its stems.
    fn holding(&self, word: &str) -> BTreeSet<String> {
        let stems = &self.stems[word];
        self.units
            .iter()
            .filter(|(_, (keys, unit_stems))| {
                keys.contains(word) || stems.iter().any(|s| unit_stems.contains(s))
            })
            .map(|(name, _)| name.clone())
            .collect()
    }

    /// Units holding every word, else those holding any; and whether it is the latter.
    fn expected(&self, words: &[&str]) -> (BTreeSet<String>, bool) {
        let sets: Vec<BTreeSet<String>> = words.iter().map(|w| self.holding(w)).collect();
        let all = sets[1..].iter().fold(sets[0].clone(), |acc, s| {
            acc.intersection(s).cloned().collect()
        });
        if !all.is_empty() || words.len() == 1 {
            return (all, false);
        }
        let any: BTreeSet<String> = sets.into_iter().flatten().collect();
        let partial = !any.is_empty();
        (any, partial)
    }

    /// Query words of every frequency: the rarest, some in the middle, the most common.
    fn sample(&self) -> Vec<String> {
        let mut by_df: Vec<(usize, String)> = self
            .stems
            .keys()
            .map(|k| (self.holding(k).len(), k.clone()))
            .collect();
        by_df.sort();
        let n = by_df.len();
        [
            0,
            1,
            n / 4,
            n / 2,
            2 * n / 3,
            9 * n / 10,
            n - 3,
            n - 2,
            n - 1,
        ]
        .iter()
        .map(|&i| by_df[i].1.clone())
        .collect()
    }
}

/// A toolkit of `cards` generated cards per language, built and written into
/// a temporary folder (kept alive by the first value), and where it went.
fn generated_site(cards: usize) -> (tempfile::TempDir, cardstock::BuiltSite, std::path::PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let toolkit = tmp.path().join("toolkit");
    let out = tmp.path().join("site");
    generate(&toolkit, cards);
    let built = cardstock::build_in_memory(&toolkit, None).expect("the generated toolkit builds");
    cardstock::pipeline::write(&out, &built).unwrap();
    (tmp, built, out)
}

/// What the browser's search code answers on the built site at `site`:
/// `examples/search-query.mjs` run in node with `args` (the language, then
/// the queries as JSON or `--facets`).
pub fn search_query(site: &Path, args: &[&str]) -> Value {
    let answer = ok(Command::new("node")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .arg("examples/search-query.mjs")
        .arg(site)
        .args(args)
        .output()
        .unwrap());
    serde_json::from_str(&answer).unwrap()
}

pub fn node_available() -> bool {
    Command::new("node")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

#[test]
fn the_browser_search_finds_and_counts_every_page_holding_the_words() {
    if !node_available() {
        eprintln!("skipped: node is not installed (the test runs search.js in node)");
        return;
    }
    let (_tmp, built, out) = generated_site(300);

    for lang in ["en", "es"] {
        let scan = scan(&built.site, lang);
        let words = scan.sample();
        eprintln!(
            "{lang}: {:?}",
            words
                .iter()
                .map(|w| (w, scan.holding(w).len()))
                .collect::<Vec<_>>()
        );
        let w = |i: usize| words[i % words.len()].as_str();
        let mut queries: Vec<Vec<&str>> = (0..words.len()).map(|i| vec![w(i)]).collect();
        // Two words: common + common, common + mid, mid + rare, rare + rare, …
        for (a, b) in [(8, 7), (8, 4), (5, 4), (4, 2), (0, 1), (6, 3), (5, 2)] {
            queries.push(vec![w(a), w(b)]);
        }
        for (a, b, c) in [(8, 7, 6), (6, 5, 4), (8, 5, 3), (4, 3, 2), (7, 1, 0)] {
            queries.push(vec![w(a), w(b), w(c)]);
        }
        // A trailing space: every word is complete (no prefix matching).
        let texts: Vec<String> = queries.iter().map(|q| q.join(" ") + " ").collect();
        let found = search_query(&out, &[lang, &serde_json::to_string(&texts).unwrap()]);

        let (mut common_seen, mut partial_seen, mut narrowed_seen) = (false, false, false);
        for (query, text) in queries.iter().zip(&texts) {
            let (expected, partial) = scan.expected(query);
            let answer = &found[text];
            let results: Vec<String> = answer["results"]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| r.as_str().unwrap().to_string())
                .collect();
            let got: BTreeSet<String> = results.iter().cloned().collect();
            assert_eq!(
                got.len(),
                results.len(),
                "{lang} {text:?}: a unit listed twice"
            );
            let missing: Vec<_> = expected.difference(&got).take(5).collect();
            let extra: Vec<_> = got.difference(&expected).take(5).collect();
            assert!(
                missing.is_empty() && extra.is_empty(),
                "{lang} {text:?}: {} expected, {} found; missing {missing:?}, extra {extra:?}",
                expected.len(),
                got.len()
            );
            assert_eq!(
                answer["count"],
                expected.len(),
                "{lang} {text:?}: the count"
            );
            assert_eq!(answer["partial"], partial, "{lang} {text:?}: partial");
            common_seen |= expected.len() > 200;
            partial_seen |= partial;
            narrowed_seen |= query.len() > 1
                && !partial
                && query.iter().all(|w| scan.holding(w).len() > expected.len());
        }
        // The sample covers the cases that matter.
        assert!(
            common_seen,
            "{lang}: a query finds more units than a head holds"
        );
        assert!(
            partial_seen,
            "{lang}: a query no unit answers with every word"
        );
        assert!(
            narrowed_seen,
            "{lang}: a query whose words narrow each other"
        );
    }
}

#[test]
fn facet_filters_read_membership_sets_holding_every_units_values() {
    if !node_available() {
        eprintln!("skipped: node is not installed (the test runs search.js in node)");
        return;
    }
    // More units than a block of membership sets (2,048), in each language.
    let (_tmp, built, out) = generated_site(2100);
    for lang in ["en", "es"] {
        let read = search_query(&out, &[lang, "--facets"]);
        // Opening every facet for results spanning every unit reads each
        // facet's values and its two blocks of membership sets, not a file
        // per 250 units.
        let files: BTreeSet<&str> = read["files"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f.as_str().unwrap())
            .collect();
        let expected_files: BTreeSet<String> = ["tags", "audiences", "settings", "resource_kind"]
            .iter()
            .flat_map(|f| {
                [
                    format!("/{lang}/search/f/{f}.json"),
                    format!("/{lang}/search/f/{f}-0.json"),
                    format!("/{lang}/search/f/{f}-1.json"),
                ]
            })
            .collect();
        assert_eq!(
            files,
            expected_files.iter().map(String::as_str).collect(),
            "{lang}: facet files read"
        );
        let on_disk = fs::read_dir(out.join(lang).join("search").join("f"))
            .unwrap()
            .count();
        assert_eq!(
            on_disk, 12,
            "{lang}: values and two blocks per facet on disk"
        );

        // Each unit's values, as the filters read them, are its own.
        let mut units = 0;
        for id in 0..built.site.pages.len() {
            if !records::page_in_index(&built.site.pages[id], lang) {
                continue;
            }
            for unit in records::page_units(&built.site, id) {
                units += 1;
                let got = &read["units"][unit_name(&unit)];
                assert!(got.is_object(), "{lang} {}: not read", unit_name(&unit));
                for (facet, values) in &unit.facets {
                    let want: BTreeSet<&str> = values.iter().map(String::as_str).collect();
                    let have: BTreeSet<&str> = got[facet.id()]
                        .as_array()
                        .map(|l| l.iter().map(|v| v.as_str().unwrap()).collect())
                        .unwrap_or_default();
                    assert_eq!(have, want, "{lang} {}: {}", unit_name(&unit), facet.id());
                }
                let facets_named = unit.facets.iter().filter(|(_, v)| !v.is_empty()).count()
                    + unit.resource_kind.is_some() as usize;
                assert_eq!(
                    got.as_object().unwrap().len(),
                    facets_named,
                    "{lang} {}: facets {got}",
                    unit_name(&unit)
                );
                if unit.resource_kind.is_some() {
                    assert_eq!(got["resource_kind"].as_array().unwrap().len(), 1);
                }
            }
        }
        assert_eq!(
            read["units"].as_object().unwrap().len(),
            units,
            "{lang}: every unit"
        );
    }
}
