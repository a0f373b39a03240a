//! Hostile edits, made at random but reproducibly: a seeded generator
//! mutates the sources of a fixture toolkit (YAML syntax, aliases, deep
//! nesting, raw HTML, tabs, NUL bytes, invalid UTF-8, long values) and builds
//! each result. Every build must end, in bounded time, either with a site or
//! with diagnostics, never with a panic, and a failed build must leave the
//! previous output byte for byte.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use crate::support::*;

/// How many mutated toolkits are built; with the time bound below, the
/// test stays under a minute on a loaded two-core machine in a debug build.
const ROUNDS: usize = 80;
/// The longest one build may take before the test calls it a hang.
const BUILD_LIMIT: Duration = Duration::from_secs(20);

/// xorshift64*: small, seeded, the same sequence on every machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// Snippets an editor or an attacker might leave in a source.
const HOSTILE: &[&[u8]] = &[
    b"---\n",
    b": ",
    b"\t",
    b"\0",
    b"\xff\xfe",
    b"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[",
    b"&a [x, x, x, x]\nb: [*a, *a, *a, *a, *a, *a, *a, *a]\n",
    b"<script>alert(1)</script>",
    b"<img src=x onerror=alert(1)>",
    b"[link](javascript:alert(1))",
    b"## What\n",
    b"{#what}",
    b"tags: [a, b, c]\n",
    b"slug: ../../etc\n",
    b"updated: 2026-02-31\n",
    b"\"",
    b"'",
    b"\\u0000",
    b"- ",
    b"\n\n",
    b"\xe2\x80\xae",
];

fn sources_of(toolkit: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut stack = vec![toolkit.join("content")];
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                found.push(path);
            }
        }
    }
    found.push(toolkit.join("cardstock.yaml"));
    found.sort();
    found
}

/// One random edit of one file: insert a hostile snippet, cut a range,
/// duplicate a range, or repeat a snippet many times.
fn mutate(rng: &mut Rng, bytes: &mut Vec<u8>) {
    let at = rng.below(bytes.len() + 1);
    match rng.below(4) {
        0 => {
            let snippet = HOSTILE[rng.below(HOSTILE.len())];
            bytes.splice(at..at, snippet.iter().copied());
        }
        1 => {
            let end = (at + rng.below(40)).min(bytes.len());
            bytes.drain(at..end);
        }
        2 => {
            let end = (at + rng.below(80)).min(bytes.len());
            let copy: Vec<u8> = bytes[at..end].to_vec();
            bytes.splice(at..at, copy);
        }
        _ => {
            let snippet = HOSTILE[rng.below(HOSTILE.len())];
            let times = 1 + rng.below(2000);
            let repeated: Vec<u8> = snippet.repeat(times);
            bytes.splice(at..at, repeated);
        }
    }
}

/// Builds in a thread, so a hang fails the test instead of stalling it.
fn build_within_limit(ws: &Workspace) -> Result<(), String> {
    let (send, receive) = mpsc::channel();
    let options = cardstock::BuildOptions {
        toolkit: ws.toolkit.clone(),
        out: ws.out.clone(),
        base_url: None,
        pdf: false,
    };
    std::thread::spawn(move || {
        let result = std::panic::catch_unwind(|| cardstock::build(&options));
        let _ = send.send(result);
    });
    match receive.recv_timeout(BUILD_LIMIT) {
        Ok(Ok(Ok(_))) => Ok(()),
        Ok(Ok(Err(e))) => Err(e.to_string()),
        Ok(Err(_)) => panic!("the build panicked"),
        Err(_) => panic!("the build did not end within {BUILD_LIMIT:?}"),
    }
}

#[test]
fn random_hostile_edits_never_panic_hang_or_touch_the_previous_site() {
    let started = Instant::now();
    let mut rng = Rng(0x5eed_ca2d_57c0_c4e1);
    let (mut built, mut refused) = (0, 0);
    for round in 0..ROUNDS {
        let ws = Workspace::from_fixture("minimal");
        ws.build().expect("the fixture builds");
        let before = snapshot(&ws.out);
        let files = sources_of(&ws.toolkit);
        for _ in 0..1 + rng.below(3) {
            let file = &files[rng.below(files.len())];
            let mut bytes = fs::read(file).unwrap();
            mutate(&mut rng, &mut bytes);
            fs::write(file, bytes).unwrap();
        }
        match build_within_limit(&ws) {
            Ok(()) => built += 1,
            Err(message) => {
                refused += 1;
                assert!(!message.trim().is_empty(), "round {round}: an empty error");
                assert!(
                    snapshot(&ws.out) == before,
                    "round {round}: a failed build changed the previous site:\n{message}"
                );
            }
        }
    }
    eprintln!(
        "{ROUNDS} mutated toolkits: {built} built, {refused} refused, in {:?}",
        started.elapsed()
    );
    assert!(refused > 0 && built > 0, "the mutations should do both");
}
