//! Prints figures about the search index of a toolkit (a benchmark, not a test):
//! build time with and without indexing, index sizes (raw and gzip), and the
//! two ways the browser could stem a typed word, measured on this vocabulary.
//!
//! ```text
//! cargo run --release --example search_report -- <toolkit> [--runs 5]
//! ```

use std::collections::{BTreeMap, HashSet};
use std::io::Write as _;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use cardstock::output::{OutputFile, write_site};
use cardstock::search::{self, IndexedPage, index, records, shards};
use cardstock::{content, i18n, load, model, render};
use flate2::Compression;
use flate2::write::GzEncoder;

fn gzip_len(bytes: &[u8]) -> usize {
    let mut enc = GzEncoder::new(Vec::new(), Compression::default());
    let _ = enc.write_all(bytes);
    enc.finish().map(|v| v.len()).unwrap_or(0)
}

/// CPU time (user + system) of this process so far, from /proc/self/stat
/// (Linux; zero elsewhere). Less disturbed than wall time when other work
/// shares the machine.
fn cpu_time() -> Duration {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let after_name = stat.rsplit(')').next().unwrap_or("");
    let fields: Vec<&str> = after_name.split_whitespace().collect();
    // Fields 14 and 15 of the file (utime, stime) are 12 and 13 after the name.
    let ticks: u64 = [11, 12]
        .iter()
        .filter_map(|&i| fields.get(i).and_then(|f| f.parse::<u64>().ok()))
        .sum();
    Duration::from_millis(ticks * 10)
}

/// A stage's wall and CPU time.
struct Timer(Instant, Duration);

impl Timer {
    fn start() -> Timer {
        Timer(Instant::now(), cpu_time())
    }
    fn stop(self, wall: &mut Vec<Duration>, cpu: &mut Vec<Duration>) {
        wall.push(self.0.elapsed());
        cpu.push(cpu_time().saturating_sub(self.1));
    }
}

fn median(mut v: Vec<Duration>) -> (Duration, Duration, Duration) {
    v.sort();
    (v[v.len() / 2], v[0], v[v.len() - 1])
}

fn ms(d: Duration) -> String {
    format!("{:.0} ms", d.as_secs_f64() * 1000.0)
}

fn kib(n: usize) -> String {
    format!("{:.1} KiB", n as f64 / 1024.0)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let dir = PathBuf::from(
        args.get(1)
            .ok_or("usage: search_report <toolkit> [--runs N]")?,
    );
    let runs: usize = args
        .iter()
        .position(|a| a == "--runs")
        .and_then(|i| args.get(i + 1))
        .and_then(|n| n.parse().ok())
        .unwrap_or(3);
    println!(
        "== Build time: {} ({runs} runs each way, alternating; {} threads)",
        dir.display(),
        rayon::current_num_threads()
    );
    let tmp = std::env::temp_dir().join(format!("cardstock-report-{}", std::process::id()));
    let (mut wall, mut cpu) = ([Vec::new(), Vec::new()], [Vec::new(), Vec::new()]);
    let (mut index_wall, mut index_cpu) = (Vec::new(), Vec::new());
    let mut last = None;
    for run in 0..runs * 2 {
        // Alternate which build goes first, and start each from flushed disks:
        // the kernel's writeback of the previous build would slow the next.
        let with_search = (run % 2 == 0) == (run / 2 % 2 == 0);
        let _ = std::fs::remove_dir_all(&tmp);
        let _ = std::process::Command::new("sync").status();
        let timer = Timer::start();
        let toolkit = load::load(&dir)?;
        let sources = content::parse_all(&toolkit.sources)?;
        let languages: Vec<String> = toolkit
            .settings
            .languages
            .iter()
            .map(|l| l.code.clone())
            .collect();
        let ui = i18n::UiStrings::load(&toolkit.theme, &languages)?;
        let renderer = render::Renderer::new(&toolkit.theme)?;
        let site =
            model::Site::build(toolkit.settings.clone(), ui, render::reserved_ids, &sources)?;
        let mut files = renderer.render_site(&site)?;
        let page_files = files.len();
        let mut indexed = None;
        if with_search {
            let timer = Timer::start();
            let pages = search::index_all_pages(&site);
            let search_files = search::write_index(&site, &pages);
            timer.stop(&mut index_wall, &mut index_cpu);
            files.extend(search_files.iter().cloned());
            indexed = Some((pages, search_files));
        }
        write_site(&tmp.join("out"), &files, &toolkit.static_files)?;
        let i = with_search as usize;
        timer.stop(&mut wall[i], &mut cpu[i]);
        // Each run, so a drift (a busy machine, memory pressure) shows.
        println!(
            "  run {}: {} search: wall {}, CPU {}",
            run + 1,
            if with_search { "with" } else { "without" },
            ms(*wall[i].last().expect("just pushed")),
            ms(*cpu[i].last().expect("just pushed"))
        );
        if let Some((pages, search_files)) = indexed {
            last = Some((site, pages, search_files, page_files));
        }
    }
    let _ = std::fs::remove_dir_all(&tmp);
    report_times(&wall, &cpu, &index_wall, &index_cpu);
    let (site, pages, search_files, page_files) = last.ok_or("no run")?;
    println!(
        "pages: {}, rendered files: {page_files}, search files: {}",
        site.pages.len() + site.listings.len(),
        search_files.len()
    );
    for lang in site.settings.languages.iter().map(|l| l.code.clone()) {
        sizes(&lang, &search_files);
        stemming_choice(&site, &pages, &lang);
    }
    Ok(())
}

fn report_times(
    wall: &[Vec<Duration>; 2],
    cpu: &[Vec<Duration>; 2],
    index_wall: &[Duration],
    index_cpu: &[Duration],
) {
    for (name, times) in [("wall", wall), ("CPU (user+sys)", cpu)] {
        let (without, w_min, w_max) = median(times[0].clone());
        let (with, s_min, s_max) = median(times[1].clone());
        println!(
            "{name}: without search {} (min {} – max {}), with search {} (min {} – max {}): +{:.1}% (medians)",
            ms(without),
            ms(w_min),
            ms(w_max),
            ms(with),
            ms(s_min),
            ms(s_max),
            100.0 * (with.as_secs_f64() / without.as_secs_f64() - 1.0)
        );
    }
    let (iw, iw_min, iw_max) = median(index_wall.to_vec());
    let (ic, _, _) = median(index_cpu.to_vec());
    println!(
        "of which indexing (tokenize, stem, postings, files in memory): wall {} (min {} – max {}), CPU {}",
        ms(iw),
        ms(iw_min),
        ms(iw_max),
        ms(ic)
    );
}

/// Raw and gzip sizes of one language's index, by kind of file.
fn sizes(lang: &str, files: &[OutputFile]) {
    let prefix = format!("{lang}/search/");
    let mut by_kind: BTreeMap<&str, (usize, usize, usize, Vec<usize>)> = BTreeMap::new();
    for f in files.iter().filter(|f| f.path.starts_with(&prefix)) {
        let rest = &f.path[prefix.len()..];
        let kind = match rest.split('/').next().unwrap_or("") {
            "s" => "term shards",
            "d" => "result documents",
            "f" => "facet files",
            _ => "manifest",
        };
        let gz = gzip_len(&f.bytes);
        let e = by_kind.entry(kind).or_default();
        e.0 += 1;
        e.1 += f.bytes.len();
        e.2 += gz;
        e.3.push(gz);
    }
    println!("\n== Index size, {lang}");
    let (mut n, mut raw, mut gz) = (0, 0, 0);
    for (kind, (count, r, g, mut each)) in by_kind {
        each.sort_unstable();
        println!(
            "{kind:17} {count:6} files  raw {:>11}  gzip {:>11}  per file gzip median {} max {}",
            kib(r),
            kib(g),
            kib(each[each.len() / 2]),
            kib(*each.last().unwrap_or(&0))
        );
        n += count;
        raw += r;
        gz += g;
    }
    println!(
        "{:17} {n:6} files  raw {:>11}  gzip {:>11}",
        "total",
        kib(raw),
        kib(gz)
    );
}

/// The two ways to stem a typed word in the browser, measured here:
/// (a) word → stem table in the shards (what Cardstock does): the bytes it
///     adds, and how often an unseen word's longest known stem is its true
///     Snowball stem (leave-one-out over the vocabulary);
/// (b) a JavaScript Snowball stemmer: exact by definition when correct, costs
///     its code size per language (not written; see docs/search.md).
fn stemming_choice(site: &model::Site, pages: &[IndexedPage], lang: &str) {
    let in_lang: Vec<&IndexedPage> = pages
        .iter()
        .filter(|p| records::page_in_index(&site.pages[p.page], lang))
        .collect();
    let assembled = index::assemble(&in_lang);
    let entries = shards::entries(&assembled);
    let with_table: Vec<u8> = entries
        .iter()
        .flat_map(|e| e.json.bytes().chain([b'\n']))
        .collect();
    let without_table: Vec<u8> = entries
        .iter()
        .flat_map(|e| {
            strip_stem_fields(&e.json)
                .into_bytes()
                .into_iter()
                .chain([b'\n'])
        })
        .collect();
    let (a, b) = (gzip_len(&with_table), gzip_len(&without_table));
    println!("\n== Stemming in the browser, {lang}");
    println!(
        "word → stem table: +{} gzip over all shards (+{:.1}% of term shard bytes; {} words, {} shared stems)",
        kib(a.saturating_sub(b)),
        100.0 * (a as f64 / b as f64 - 1.0),
        assembled.words.len(),
        assembled.stems.len()
    );

    // Leave-one-out: treat each word as unseen and look for its longest known
    // stem among the other words of its shard, as search.js does.
    let shards = shards::partition(entries, shards::SHARD_TARGET_BYTES);
    let stems_by_word: std::collections::HashMap<&str, &Vec<String>> = assembled
        .words
        .iter()
        .map(|w| w.key.as_str())
        .zip(&assembled.word_stems)
        .collect();
    let group_stems: HashSet<&str> = assembled.stems.iter().map(|t| t.key.as_str()).collect();
    let (mut same, mut other, mut none, mut tried) = (0, 0, 0, 0);
    for shard in &shards {
        let words: Vec<&str> = shard
            .iter()
            .filter(|e| !e.is_stem)
            .map(|e| e.key.as_str())
            .collect();
        for &word in &words {
            let true_stems = stems_by_word[word];
            // Only words whose stem other words share can be found by either method.
            if !true_stems.iter().any(|s| group_stems.contains(s.as_str())) {
                continue;
            }
            tried += 1;
            let len = word.chars().count();
            // The rule of search.js: at least 3 letters and 40% of the word.
            let minimum = 3.max((len * 2).div_ceil(5));
            let best = words
                .iter()
                .filter(|&&w| w != word)
                .flat_map(|w| stems_by_word[w].iter())
                .filter(|s| {
                    let n = s.chars().count();
                    n >= minimum && n <= len && word.starts_with(s.as_str())
                })
                .max_by_key(|s| s.len());
            match best {
                Some(s) if true_stems.contains(s) => same += 1,
                Some(_) => other += 1,
                None => none += 1,
            }
        }
    }
    let pct = |n: usize| 100.0 * n as f64 / tried.max(1) as f64;
    println!(
        "unseen-word fallback (leave-one-out over {tried} words with shared stems): same stem as Snowball {:.1}%, another stem {:.1}%, none found {:.1}%",
        pct(same),
        pct(other),
        pct(none)
    );
}

fn strip_stem_fields(json: &str) -> String {
    // `"s":…` is a number, a string or an array of them; `"g":1` a flag.
    let mut out = json.replace(",\"g\":1", "");
    if let Some(start) = out.find(",\"s\":") {
        let rest = &out[start + 5..];
        let end = if rest.starts_with('[') {
            rest.find(']').map(|i| i + 1)
        } else if let Some(quoted) = rest.strip_prefix('"') {
            quoted.find('"').map(|i| i + 2)
        } else {
            rest.find(',')
        };
        if let Some(end) = end {
            out.replace_range(start..start + 5 + end, "");
        }
    }
    out
}
