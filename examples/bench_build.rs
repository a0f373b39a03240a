//! Benchmark of `cardstock build` on a large synthetic toolkit:
//!
//! ```text
//! cargo run --profile bench-fast --example bench_build -- [CARDS_PER_LANGUAGE] [RUNS] [OUT_PARENT] [--hugo] [--no-rebuild]
//! ```
//!
//! `OUT_PARENT` (default: the temporary folder) is where the output folders
//! go; pass a RAM disk such as `/dev/shm` to see the build without the disk.
//!
//! Writes the synthetic toolkit (default 10,000 cards in English and Spanish,
//! about 20,000 pages) into a temporary folder and builds it `RUNS` times
//! (default 5), each build a child process writing into a fresh output
//! folder, so the write stage never reuses a previous build and each build's
//! CPU time and peak memory are its own. Prints the median and range of the
//! wall time, user and system CPU time and peak resident memory, of each
//! pipeline stage, and what the output holds: files and bytes, in all, per
//! page, and of the search index.
//!
//! With `--hugo`, the same toolkit is mirrored as a Hugo site
//! (`support/hugo.rs`) and `hugo` builds it between Cardstock's runs (A/B,
//! alternating, the same output parent), and the same figures are printed
//! for it beside the ratio of the medians.
//!
//! Then (unless `--no-rebuild`) the rebuild an editor makes: one card's text
//! changes and the site is built again into the existing output, `RUNS`
//! times (a new edit each time). Prints the figures of each and how many
//! files got a new inode (were written rather than linked from the previous
//! output).

#[path = "support/hugo.rs"]
mod hugo;
#[path = "support/synthetic.rs"]
mod synthetic;

use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use cardstock::{BuildOptions, build};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("--child") {
        return child(Path::new(&args[1]), Path::new(&args[2]));
    }
    let with_hugo = args.iter().any(|a| a == "--hugo");
    let rebuilds = !args.iter().any(|a| a == "--no-rebuild");
    let positional: Vec<&String> = args.iter().filter(|a| !a.starts_with("--")).collect();
    let number = |i: usize, default: usize| {
        positional.get(i).map_or(default, |n| {
            n.parse().expect("CARDS_PER_LANGUAGE and RUNS are numbers")
        })
    };
    let cards = number(0, 10_000);
    let runs = number(1, 5).max(1);

    let dir = tempfile::tempdir().expect("a temporary folder");
    let toolkit = dir.path().join("toolkit");
    let out_dir = tempfile::tempdir_in(positional.get(2).map_or(dir.path(), |p| Path::new(p)))
        .expect("a folder for the output");
    synthetic::generate_for_benchmark(&toolkit, cards);
    let hugo_site = dir.path().join("hugo-site");
    if with_hugo {
        hugo::mirror(&toolkit, &hugo_site).expect("the Hugo mirror is written");
        let version = Command::new("hugo").arg("version").output();
        let version = version.map_or("hugo is not installed".into(), |o| {
            String::from_utf8_lossy(&o.stdout).trim().to_string()
        });
        println!("Hugo: {version}");
    }
    println!("Output parent: {}", out_dir.path().display());
    println!("Load average before: {}", load_average());
    println!("{runs} builds, each a child process into a fresh folder\n");

    let mut ours = Figures::default();
    let mut theirs = Figures::default();
    let mut stages: Vec<(String, Vec<Duration>, Vec<u64>)> = Vec::new();
    let mut pages = 0;
    let mut contents = Contents::default();
    let mut hugo_contents = Contents::default();
    for run in 1..=runs {
        let out = out_dir.path().join(format!("public-{run}"));
        let measured = build_in_child(&toolkit, &out);
        println!("run {run}: cardstock {}", measured.line());
        for (name, took, resident) in &measured.stages {
            match stages.iter_mut().find(|(n, _, _)| n == name) {
                Some((_, times, mb)) => {
                    times.push(*took);
                    mb.push(*resident);
                }
                None => stages.push((name.clone(), vec![*took], vec![*resident])),
            }
        }
        pages = measured.pages;
        // Counting and removing the output is not timed; removing it keeps the disk from filling up.
        contents = Contents::of(&out);
        std::fs::remove_dir_all(&out).ok();
        ours.push(&measured);
        if with_hugo {
            let out = out_dir.path().join(format!("hugo-{run}"));
            let measured = measure(
                Command::new("hugo")
                    .arg("--quiet")
                    .arg("--source")
                    .arg(&hugo_site)
                    .arg("--destination")
                    .arg(&out),
            );
            println!("run {run}: hugo      {}", measured.line());
            hugo_contents = Contents::of(&out);
            std::fs::remove_dir_all(&out).ok();
            theirs.push(&measured);
        }
    }
    println!("Load average after: {}", load_average());

    println!(
        "\n{:<10} {:>9} {:>19} {:>20}",
        "stage", "median", "min-max", "resident after, MB"
    );
    for (name, times, mb) in &mut stages {
        mb.sort();
        print_row(name, times, &format!("{:>20}", mb[mb.len() / 2]));
    }
    println!(
        "(render includes writing each page into the staging folder; write is the static files)"
    );
    println!();
    Figures::header();
    ours.print("cardstock");
    if with_hugo {
        theirs.print("hugo");
        println!(
            "cardstock / hugo, median wall time: {:.2}",
            median(&mut ours.wall).as_secs_f64() / median(&mut theirs.wall).as_secs_f64()
        );
    }
    println!("\ncardstock output ({pages} pages):");
    contents.print(pages);
    if with_hugo {
        println!("\nhugo output:");
        hugo_contents.print(pages);
    }
    if rebuilds {
        rebuild_after_edits(
            &toolkit,
            &out_dir.path().join("public-rebuild"),
            cards,
            runs,
        );
    }
}

/// The rebuild after an edit: a cold build first (not counted), then one
/// card's body changes before each timed build into the same folder.
fn rebuild_after_edits(toolkit: &Path, out: &Path, cards: usize, runs: usize) {
    build_in_child(toolkit, out);
    println!("\n{runs} rebuilds into the existing output, each after editing one card");
    let mut figures = Figures::default();
    for run in 1..=runs {
        let before = inodes(out);
        let card = synthetic::card_path(toolkit, "en", cards / 2);
        std::fs::write(&card, synthetic::card_text("en", cards / 2, cards, run))
            .expect("the card is edited");
        let measured = build_in_child(toolkit, out);
        let after = inodes(out);
        let written = after
            .iter()
            .filter(|(path, ino)| before.get(*path) != Some(ino))
            .count();
        println!(
            "rebuild {run}: {}; {written} of {} files written, the rest linked",
            measured.line(),
            after.len()
        );
        figures.push(&measured);
    }
    Figures::header();
    figures.print("rebuild");
    std::fs::remove_dir_all(out).ok();
}

/// The child process: one build, its figures on standard output.
fn child(toolkit: &Path, out: &Path) {
    let report = build(&BuildOptions {
        toolkit: toolkit.to_path_buf(),
        out: out.to_path_buf(),
        base_url: None,
        pdf: false,
    })
    .unwrap_or_else(|e| panic!("the build failed:\n{e}"));
    println!("pages {} files {}", report.pages, report.files);
    let resident = report.timings.resident.iter();
    for ((name, took), resident) in report.timings.stages.iter().zip(resident) {
        println!(
            "stage {name} {} {}",
            took.as_micros(),
            resident.unwrap_or(0)
        );
    }
}

fn build_in_child(toolkit: &Path, out: &Path) -> Measured {
    let exe = std::env::current_exe().expect("the benchmark's own path");
    measure(Command::new(exe).arg("--child").arg(toolkit).arg(out))
}

/// One process's figures.
struct Measured {
    wall: Duration,
    user: Duration,
    system: Duration,
    peak_rss_bytes: u64,
    pages: usize,
    /// Each stage's time and the resident memory (MB) when it ended.
    stages: Vec<(String, Duration, u64)>,
}

impl Measured {
    fn line(&self) -> String {
        format!(
            "{:.2} s wall, {:.2} s user, {:.2} s system, {} MB peak",
            self.wall.as_secs_f64(),
            self.user.as_secs_f64(),
            self.system.as_secs_f64(),
            self.peak_rss_bytes / 1_000_000
        )
    }
}

/// Runs `command` to its end and reads its CPU time and peak resident memory
/// from the kernel (`wait4`), which counts the process alone.
#[allow(clippy::zombie_processes)] // reaped by `wait4`, which also gives its figures
fn measure(command: &mut Command) -> Measured {
    let started = Instant::now();
    let mut process = command
        .stdout(Stdio::piped())
        .spawn()
        .expect("the process starts");
    let mut stdout = String::new();
    process
        .stdout
        .take()
        .expect("piped")
        .read_to_string(&mut stdout)
        .expect("its output is read");
    let mut status = 0;
    // SAFETY: `rusage` is plain data the kernel fills in; the pid is our
    // child's, not yet waited for (std's `Child::wait` is never called).
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let pid = unsafe { libc::wait4(process.id() as i32, &mut status, 0, &mut usage) };
    let wall = started.elapsed();
    assert!(
        pid > 0 && libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0,
        "{command:?} failed"
    );
    let time = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
    let mut measured = Measured {
        wall,
        user: time(usage.ru_utime),
        system: time(usage.ru_stime),
        peak_rss_bytes: usage.ru_maxrss as u64 * 1024,
        pages: 0,
        stages: Vec::new(),
    };
    for line in stdout.lines() {
        let words: Vec<&str> = line.split(' ').collect();
        match words.as_slice() {
            ["pages", pages, "files", _] => measured.pages = pages.parse().unwrap_or(0),
            ["stage", name, micros, resident] => measured.stages.push((
                name.to_string(),
                Duration::from_micros(micros.parse().unwrap_or(0)),
                resident.parse::<u64>().unwrap_or(0) / 1_000_000,
            )),
            _ => {}
        }
    }
    measured
}

/// The figures of several runs of one program.
#[derive(Default)]
struct Figures {
    wall: Vec<Duration>,
    cpu: Vec<Duration>,
    user: Vec<Duration>,
    system: Vec<Duration>,
    peak_mb: Vec<u64>,
}

impl Figures {
    fn push(&mut self, m: &Measured) {
        self.wall.push(m.wall);
        self.cpu.push(m.user + m.system);
        self.user.push(m.user);
        self.system.push(m.system);
        self.peak_mb.push(m.peak_rss_bytes / 1_000_000);
    }

    fn header() {
        println!(
            "{:<10} {:>22} {:>22} {:>9} {:>9} {:>18}",
            "", "wall s (min-max)", "CPU s (min-max)", "user s", "system s", "peak MB (min-max)"
        );
    }

    fn print(&mut self, name: &str) {
        let secs = |times: &mut Vec<Duration>| {
            times.sort();
            format!(
                "{:.2} ({:.2}-{:.2})",
                times[times.len() / 2].as_secs_f64(),
                times[0].as_secs_f64(),
                times[times.len() - 1].as_secs_f64()
            )
        };
        self.peak_mb.sort();
        let mb = &self.peak_mb;
        println!(
            "{name:<10} {:>22} {:>22} {:>9.2} {:>9.2} {:>18}",
            secs(&mut self.wall),
            secs(&mut self.cpu),
            median(&mut self.user).as_secs_f64(),
            median(&mut self.system).as_secs_f64(),
            format!("{} ({}-{})", mb[mb.len() / 2], mb[0], mb[mb.len() - 1])
        );
    }
}

fn median(times: &mut [Duration]) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn print_row(name: &str, times: &mut [Duration], more: &str) {
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "{name:<10} {:>7.0} ms {:>8.0}-{:<7.0} ms{more}",
        ms(times[times.len() / 2]),
        ms(times[0]),
        ms(times[times.len() - 1])
    );
}

fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|l| l.split(' ').take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "unknown".into())
}

/// Files and bytes of an output folder: in all, and of the search index
/// (under `{lang}/search/`).
#[derive(Default)]
struct Contents {
    all: (usize, u64),
    search: (usize, u64),
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
        }
        c
    }

    fn print(&self, pages: usize) {
        let pages = pages.max(1) as f64;
        println!(
            "{:<18} {:>8} {:>12} {:>14}",
            "output", "files", "bytes", "bytes/page"
        );
        for (name, (files, bytes)) in [("all files", self.all), ("search index", self.search)] {
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
    let mut stack: Vec<(PathBuf, String)> = vec![(root.to_path_buf(), String::new())];
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
