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
//! and of each pipeline stage.

#[path = "support/synthetic.rs"]
mod synthetic;

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

    let mut totals = Vec::new();
    let mut stages: Vec<(&'static str, Vec<Duration>)> = Vec::new();
    for run in 1..=runs {
        let out = out_dir.path().join(format!("public-{run}"));
        let options = BuildOptions {
            toolkit: toolkit.clone(),
            out: out.clone(),
            base_url: None,
            pdf: false,
        };
        let report = build(&options).unwrap_or_else(|e| panic!("the build failed:\n{e}"));
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
        // Removing the output between runs keeps the disk from filling up; it is not timed.
        std::fs::remove_dir_all(&out).ok();
    }

    println!("\n{:<10} {:>9} {:>19}", "stage", "median", "min-max");
    for (name, times) in &mut stages {
        print_row(name, times);
    }
    print_row("total", &mut totals);
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
