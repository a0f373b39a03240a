//! Benchmark of `cardstock serve` on a large synthetic toolkit:
//!
//! ```text
//! cargo run --release --example bench_serve -- [CARDS_PER_LANGUAGE] [EDITS] [--skip-build] [--verbose]
//! ```
//!
//! Writes the synthetic toolkit (default 10,000 cards in English and Spanish,
//! about 20,000 pages) into a temporary folder, times a plain `cardstock build`
//! of it, starts the preview server on a free port, connects a live-reload
//! client, then edits one card repeatedly and measures, for each edit, the
//! time from the file write to the `reload` event arriving at the client. Two
//! kinds of edit: a paragraph of the card's text (the common case), and its
//! title (which changes the card index and the facet pages listing it), and
//! its tags (a term page appears and goes). Prints the process's resident
//! memory after the start and after the edits (the server runs in it).
//! The times include the watcher's quiet period (50 ms). `--verbose` lets the
//! server print its own rebuild times.

#[path = "support/synthetic.rs"]
mod synthetic;

use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

use cardstock::serve::{ServeOptions, Server};

const PATIENCE: Duration = Duration::from_secs(120);
/// Time between edits, as between an author's saves (and so batches stay apart).
const PAUSE: Duration = Duration::from_millis(300);

fn main() {
    let mut numbers = Vec::new();
    let mut skip_build = false;
    let mut verbose = false;
    for arg in std::env::args().skip(1) {
        match arg.as_str() {
            "--skip-build" => skip_build = true,
            "--verbose" => verbose = true,
            n => numbers.push(
                n.parse::<usize>()
                    .expect("CARDS_PER_LANGUAGE and EDITS are numbers"),
            ),
        }
    }
    let cards = numbers.first().copied().unwrap_or(10_000);
    let edits = numbers.get(1).copied().unwrap_or(20);

    let dir = tempfile::tempdir().expect("a temporary folder");
    let toolkit = dir.path().join("toolkit");
    synthetic::generate_for_benchmark(&toolkit, cards);

    if !skip_build {
        let started = Instant::now();
        let report = cardstock::build(&cardstock::BuildOptions {
            toolkit: toolkit.clone(),
            out: dir.path().join("public"),
            base_url: None,
            pdf: false,
        })
        .expect("the synthetic toolkit builds");
        println!(
            "cardstock build: {} pages, {} files in {:.2} s (render and write to disk)",
            report.pages,
            report.files,
            started.elapsed().as_secs_f64()
        );
        std::fs::remove_dir_all(dir.path().join("public")).ok();
    }

    let started = Instant::now();
    let mut options = ServeOptions::new(&toolkit);
    options.port = 0;
    options.quiet = !verbose;
    let server = Server::start(options).expect("the server starts");
    println!(
        "cardstock serve: initial build (in memory) and start in {:.2} s, at {}",
        started.elapsed().as_secs_f64(),
        server.url()
    );
    println!("memory after start: {}", memory());

    let events = connect(server.addr());
    let card = synthetic::card_path(&toolkit, "en", cards / 2);
    let card_url = format!("/toolkit/en/strategies/card-{:05}/", cards / 2);
    let original = std::fs::read_to_string(&card).unwrap();

    let body = measure(edits, &events, &card_url, |i| {
        std::fs::write(
            &card,
            format!("{original}\nEdit number {i} of this card.\n"),
        )
        .unwrap();
    });
    report("text edit  (one page re-rendered)", &body);

    let title = measure(edits, &events, &card_url, |i| {
        let text = original.replacen("title: Strategy", &format!("title: Edited {i} Strategy"), 1);
        std::fs::write(&card, text).unwrap();
    });
    report(
        "title edit (page, card index, facet pages, related cards)",
        &title,
    );

    let tags = measure(edits, &events, &card_url, |i| {
        // Odd edits add a tag (a new term page), even ones take it away again.
        let text = if i % 2 == 1 {
            original.replacen("tags: [", "tags: [edited tag, ", 1)
        } else {
            original.clone()
        };
        std::fs::write(&card, text).unwrap();
    });
    report(
        "tag edit   (page, tag term pages, tag index, search facets)",
        &tags,
    );
    println!("memory after the edits: {}", memory());

    server.stop();
}

/// This process's resident memory now and at its peak (the server runs in
/// it), from /proc/self/status.
fn memory() -> String {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|kb| kb.parse::<u64>().ok())
            .map_or("?".to_string(), |kb| {
                format!("{} MB", kb * 1024 / 1_000_000)
            })
    };
    format!("resident {}, peak {}", field("VmRSS:"), field("VmHWM:"))
}

/// Makes `count` edits and returns, for each, the time from the write to the reload event.
fn measure(
    count: usize,
    events: &Receiver<(String, String, Instant)>,
    url: &str,
    mut edit: impl FnMut(usize),
) -> Vec<Duration> {
    let mut times = Vec::with_capacity(count);
    for i in 1..=count {
        std::thread::sleep(PAUSE);
        while events.try_recv().is_ok() {}
        let written = Instant::now();
        edit(i);
        let deadline = written + PATIENCE;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let (name, data, at) = events
                .recv_timeout(left)
                .unwrap_or_else(|_| panic!("no reload event within {PATIENCE:?}"));
            if name == "error" {
                panic!("the edit broke the build: {data}");
            }
            if name == "reload" && (data.contains(url) || data.contains("null")) {
                times.push(at - written);
                break;
            }
        }
    }
    times
}

fn report(what: &str, times: &[Duration]) {
    let mut ms: Vec<f64> = times.iter().map(|t| t.as_secs_f64() * 1000.0).collect();
    ms.sort_by(|a, b| a.total_cmp(b));
    let median = if ms.len() % 2 == 1 {
        ms[ms.len() / 2]
    } else {
        (ms[ms.len() / 2 - 1] + ms[ms.len() / 2]) / 2.0
    };
    println!(
        "edit -> reload event, {what}: median {median:.1} ms, min {:.1} ms, max {:.1} ms over {} edits",
        ms[0],
        ms[ms.len() - 1],
        ms.len()
    );
}

/// A live-reload client; events arrive as (name, data, arrival time).
fn connect(addr: SocketAddr) -> Receiver<(String, String, Instant)> {
    let mut stream = TcpStream::connect(addr).unwrap();
    write!(
        stream,
        "GET /__cardstock/events HTTP/1.1\r\nHost: {addr}\r\n\r\n"
    )
    .unwrap();
    let (tx, rx) = mpsc::channel();
    let (ready_tx, ready) = mpsc::channel();
    std::thread::spawn(move || {
        let mut name = String::new();
        for line in BufReader::new(stream).lines() {
            let Ok(line) = line else { return };
            let at = Instant::now();
            if line.starts_with("retry:") {
                let _ = ready_tx.send(());
            } else if let Some(n) = line.strip_prefix("event: ") {
                name = n.to_string();
            } else if let Some(data) = line.strip_prefix("data: ")
                && tx
                    .send((std::mem::take(&mut name), data.to_string(), at))
                    .is_err()
            {
                return;
            }
        }
    });
    ready
        .recv_timeout(PATIENCE)
        .expect("the event stream opens");
    rx
}
