//! Benchmark of the PDF handouts:
//!
//! ```text
//! cargo run --release --example bench_pdf -- [RUNS] [CARDS_PER_LANGUAGE]
//! ```
//!
//! Builds the bundled example toolkit (or, given `CARDS_PER_LANGUAGE`, a
//! synthetic toolkit of that many cards in English and Spanish) with
//! handouts, `RUNS` times cold (an empty cache each time) and `RUNS` times
//! warm (the cache of the previous build kept), and prints the median and
//! range of the whole build, of the PDF stage, and of the time each handout
//! took to typeset.

#[path = "support/synthetic.rs"]
mod synthetic;

use std::path::Path;
use std::time::Duration;

use cardstock::{BuildOptions, BuildReport, build};

fn main() {
    let args: Vec<usize> = std::env::args()
        .skip(1)
        .map(|n| n.parse().expect("RUNS and CARDS_PER_LANGUAGE are numbers"))
        .collect();
    let runs = args.first().copied().unwrap_or(3).max(1);
    let dir = tempfile::tempdir().expect("a temporary folder");
    let toolkit = dir.path().join("toolkit");
    match args.get(1) {
        Some(&cards) => synthetic::generate_for_benchmark(&toolkit, cards),
        None => copy_example(&toolkit),
    }
    let cache = toolkit.join(cardstock::pdf::CACHE_DIR);
    for (label, cold) in [("cold", true), ("warm", false)] {
        let mut totals = Vec::new();
        let mut stage = Vec::new();
        let mut each = Vec::new();
        let mut counts = (0, 0);
        for run in 1..=runs {
            if cold {
                std::fs::remove_dir_all(&cache).ok();
            }
            let report = build_once(&toolkit, &dir.path().join(format!("public-{label}-{run}")));
            totals.push(report.elapsed);
            if let Some((_, took)) = report
                .timings
                .stages
                .iter()
                .find(|(name, _)| *name == "pdf")
            {
                stage.push(*took);
            }
            let (typeset, cached) = report.timings.handouts.clone().unwrap_or_default();
            counts = (typeset.len(), cached);
            each.extend(typeset);
        }
        println!(
            "\n{label}: {runs} builds; each typeset {} handouts and took {} from the cache",
            counts.0, counts.1
        );
        print_row("build", &mut totals);
        print_row("pdf stage", &mut stage);
        if !each.is_empty() {
            print_row("per PDF", &mut each);
        }
    }
}

fn build_once(toolkit: &Path, out: &Path) -> BuildReport {
    let report = build(&BuildOptions {
        toolkit: toolkit.to_path_buf(),
        out: out.to_path_buf(),
        base_url: None,
        pdf: true,
    })
    .unwrap_or_else(|e| panic!("the build failed:\n{e}"));
    std::fs::remove_dir_all(out).ok();
    report
}

/// The repository's example toolkit: its settings and content.
fn copy_example(to: &Path) {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    std::fs::create_dir_all(to).unwrap();
    std::fs::copy(repo.join("cardstock.yaml"), to.join("cardstock.yaml")).unwrap();
    copy_tree(&repo.join("content"), &to.join("content"));
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap().flatten() {
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

fn print_row(name: &str, times: &mut [Duration]) {
    if times.is_empty() {
        return;
    }
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "  {name:<10} median {:>7.0} ms  ({:.0}-{:.0} ms, n={})",
        ms(times[times.len() / 2]),
        ms(times[0]),
        ms(times[times.len() - 1]),
        times.len()
    );
}
