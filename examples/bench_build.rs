//! Benchmark of `cardstock build` on a large synthetic toolkit:
//!
//! ```text
//! cargo run --release --example bench_build -- [CARDS_PER_LANGUAGE] [RUNS] [OUT_PARENT]
//! ```
//!
//! `OUT_PARENT` (default: the temporary folder) is where the output folders
//! go; pass a RAM disk such as `/dev/shm` to see the build without the disk.
//!
//! Writes the synthetic toolkit (default 10,000 cards in English and Spanish,
//! about 20,000 pages) into a temporary folder and builds it `RUNS` times
//! (default 5) into a fresh output folder each time, so the write stage never
//! reuses a previous build. Prints the median and range of the whole build
//! and of each pipeline stage, and what the output holds: files and bytes,
//! in all, per page, and of the search index and the citation downloads.
//!
//! Then the rebuild an editor makes: one card's text changes and the site is
//! built again into the existing output, `RUNS` times (a new edit each time).
//! Prints the time of each and how many files got a new inode (were written
//! rather than linked from the previous output).

#[path = "support/synthetic.rs"]
mod synthetic;

use std::collections::HashMap;
use std::path::Path;
use std::time::Duration;

use cardstock::{BuildOptions, build};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let numbers: Vec<usize> = args
        .iter()
        .take(2)
        .map(|n| n.parse().expect("CARDS_PER_LANGUAGE and RUNS are numbers"))
        .collect();
    let cards = numbers.first().copied().unwrap_or(10_000);
    let runs = numbers.get(1).copied().unwrap_or(5).max(1);

    let dir = tempfile::tempdir().expect("a temporary folder");
    let toolkit = dir.path().join("toolkit");
    let out_dir = tempfile::tempdir_in(args.get(2).map_or(dir.path(), std::path::Path::new))
        .expect("a folder for the output");
    synthetic::generate_for_benchmark(&toolkit, cards);
    println!("{runs} builds, each into a fresh folder");

    let options = |out: &Path| BuildOptions {
        toolkit: toolkit.clone(),
        out: out.to_path_buf(),
        base_url: None,
        pdf: false,
    };
    let mut totals = Vec::new();
    let mut stages: Vec<(&'static str, Vec<Duration>)> = Vec::new();
    let mut pages = 0;
    let mut contents = Contents::default();
    for run in 1..=runs {
        let out = out_dir.path().join(format!("public-{run}"));
        let report = build(&options(&out)).unwrap_or_else(|e| panic!("the build failed:\n{e}"));
        println!(
            "run {run}: {} pages, {} files in {:.2} s",
            report.pages,
            report.files,
            report.elapsed.as_secs_f64()
        );
        totals.push(report.elapsed);
        for (i, (name, took)) in report.timings.stages.iter().enumerate() {
            if stages.len() <= i {
                stages.push((name, Vec::new()));
            }
            stages[i].1.push(*took);
        }
        pages = report.pages;
        // Counting and removing the output is not timed; removing it keeps the disk from filling up.
        contents = Contents::of(&out);
        std::fs::remove_dir_all(&out).ok();
    }

    println!("\n{:<10} {:>9} {:>19}", "stage", "median", "min-max");
    for (name, times) in &mut stages {
        print_row(name, times);
    }
    print_row("total", &mut totals);
    contents.print(pages);

    // The rebuild after an edit: a cold build first (not counted), then one
    // card's body changes before each timed build into the same folder.
    let out = out_dir.path().join("public-rebuild");
    build(&options(&out)).unwrap_or_else(|e| panic!("the build failed:\n{e}"));
    println!("\n{runs} rebuilds into the existing output, each after editing one card");
    let mut rebuilds = Vec::new();
    for run in 1..=runs {
        let before = inodes(&out);
        let card = synthetic::card_path(&toolkit, "en", cards / 2);
        std::fs::write(&card, synthetic::card_text("en", cards / 2, cards, run))
            .expect("the card is edited");
        let report = build(&options(&out)).unwrap_or_else(|e| panic!("the rebuild failed:\n{e}"));
        let after = inodes(&out);
        let written = after
            .iter()
            .filter(|(path, ino)| before.get(*path) != Some(ino))
            .count();
        let write = report
            .timings
            .stages
            .iter()
            .find(|(name, _)| *name == "write")
            .map_or(0.0, |(_, took)| took.as_secs_f64());
        println!(
            "rebuild {run}: {:.2} s (write stage {write:.2} s), {written} of {} files written, the rest linked",
            report.elapsed.as_secs_f64(),
            after.len()
        );
        rebuilds.push(report.elapsed);
    }
    print_row("rebuild", &mut rebuilds);
    std::fs::remove_dir_all(&out).ok();
}

fn print_row(name: &str, times: &mut [Duration]) {
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "{name:<10} {:>7.0} ms {:>8.0}-{:<7.0} ms",
        ms(times[times.len() / 2]),
        ms(times[0]),
        ms(times[times.len() - 1])
    );
}

/// Files and bytes of an output folder: in all, of the search index (under
/// `{lang}/search/`) and of the citation downloads (`citation.*` files).
#[derive(Default)]
struct Contents {
    all: (usize, u64),
    search: (usize, u64),
    citations: (usize, u64),
}

impl Contents {
    fn of(root: &Path) -> Contents {
        let mut c = Contents::default();
        for (rel, len) in walk(root) {
            let add = |sum: &mut (usize, u64)| {
                sum.0 += 1;
                sum.1 += len;
            };
            add(&mut c.all);
            if rel.split('/').nth(1) == Some("search") {
                add(&mut c.search);
            }
            if rel
                .rsplit('/')
                .next()
                .is_some_and(|n| n.starts_with("citation."))
            {
                add(&mut c.citations);
            }
        }
        c
    }

    fn print(&self, pages: usize) {
        let pages = pages.max(1) as f64;
        println!(
            "\n{:<18} {:>8} {:>12} {:>14}",
            "output", "files", "bytes", "bytes/page"
        );
        for (name, (files, bytes)) in [
            ("all files", self.all),
            ("search index", self.search),
            ("citation files", self.citations),
        ] {
            println!(
                "{name:<18} {files:>8} {bytes:>12} {:>14.0}",
                bytes as f64 / pages
            );
        }
        println!(
            "{:<18} {:>8.2}",
            "files per page",
            self.all.0 as f64 / pages
        );
    }
}

/// Every file under `root` as (path relative to it, size in bytes).
fn walk(root: &Path) -> Vec<(String, u64)> {
    let mut out = Vec::new();
    let mut stack = vec![(root.to_path_buf(), String::new())];
    while let Some((dir, prefix)) = stack.pop() {
        for entry in std::fs::read_dir(&dir)
            .expect("the output is readable")
            .flatten()
        {
            let name = format!("{prefix}{}", entry.file_name().to_string_lossy());
            let meta = entry.metadata().expect("a file's metadata");
            if meta.is_dir() {
                stack.push((entry.path(), format!("{name}/")));
            } else {
                out.push((name, meta.len()));
            }
        }
    }
    out
}

/// The inode of every file under `root`, to tell written files from linked ones.
fn inodes(root: &Path) -> HashMap<String, u64> {
    use std::os::unix::fs::MetadataExt;
    walk(root)
        .into_iter()
        .map(|(rel, _)| {
            let ino = std::fs::metadata(root.join(&rel)).map_or(0, |m| m.ino());
            (rel, ino)
        })
        .collect()
}
