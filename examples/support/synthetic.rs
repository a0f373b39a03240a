//! A synthetic toolkit for benchmarks: N strategy cards in English and Spanish,
//! with tags, audiences, settings, related cards and links between cards, plus
//! home, about and card-index pages. Shared by the examples through
//! `#[path = "support/synthetic.rs"] mod synthetic;` so every benchmark (serve,
//! search, build) measures the same corpus.

#![allow(dead_code)]

use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

const TAGS: [&str; 24] = [
    "peer learning",
    "training",
    "sustainability",
    "coaching",
    "implementation",
    "data",
    "quality improvement",
    "leadership",
    "workforce",
    "equity",
    "telehealth",
    "family engagement",
    "crisis care",
    "recovery",
    "housing",
    "employment",
    "youth",
    "older adults",
    "rural",
    "integration",
    "measurement",
    "fidelity",
    "financing",
    "policy",
];
const AUDIENCES: [&str; 6] = [
    "Provider organizations",
    "Change teams",
    "Technical assistance providers",
    "State agencies",
    "Individual practitioners",
    "Peer specialists",
];
const SETTINGS: [&str; 6] = [
    "Behavioral health",
    "Primary care",
    "Addiction treatment",
    "Mental health services",
    "Schools",
    "Justice settings",
];

/// The file of card `n` inside a language folder.
pub fn card_rel(n: usize) -> String {
    format!("strategies/card-{n:05}.md")
}

/// Writes a toolkit with `cards` cards per language into `dir` (created if
/// missing), in English and Spanish. Returns the number of Markdown sources.
pub fn generate(dir: &Path, cards: usize) -> io::Result<usize> {
    write(dir, "cardstock.yaml", SETTINGS_YAML)?;
    let mut sources = 0;
    for lang in ["en", "es"] {
        let l = Lang::of(lang);
        write(dir, &format!("content/{lang}/index.md"), &home(&l, cards))?;
        write(dir, &format!("content/{lang}/about.md"), &about(&l))?;
        write(
            dir,
            &format!("content/{lang}/strategies/index.md"),
            &card_index(&l),
        )?;
        sources += 3;
        for n in 0..cards {
            write(
                dir,
                &format!("content/{lang}/{}", card_rel(n)),
                &card(&l, n, cards),
            )?;
            sources += 1;
        }
    }
    Ok(sources)
}

/// The text of card `n`; `variant` changes its body (not its title or
/// metadata), as an author editing a paragraph would.
/// Writes the toolkit for a benchmark and prints what was written and on
/// what machine (the figures mean little without the core count).
pub fn generate_for_benchmark(dir: &Path, cards: usize) {
    let started = std::time::Instant::now();
    let sources = generate(dir, cards).expect("the synthetic toolkit is written");
    println!(
        "Synthetic toolkit: {sources} sources ({cards} cards x 2 languages) written in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    println!(
        "Machine: {} logical cores",
        std::thread::available_parallelism().map_or(0, |n| n.get())
    );
}

pub fn card_text(lang: &str, n: usize, cards: usize, variant: usize) -> String {
    let mut text = card(&Lang::of(lang), n, cards);
    if variant > 0 {
        text.push_str(&format!("\nEdit number {variant} of this card.\n"));
    }
    text
}

pub fn card_path(dir: &Path, lang: &str, n: usize) -> PathBuf {
    dir.join("content").join(lang).join(card_rel(n))
}

const SETTINGS_YAML: &str = "title: Synthetic Toolkit
publisher: Benchmark Center
base_url: https://example.org/toolkit/
year: 2026
default_language: en
languages:
  - code: en
    name: English
  - code: es
    name: Español
";

struct Lang {
    code: &'static str,
    headings: [&'static str; 8],
    word: &'static str,
}

impl Lang {
    fn of(code: &str) -> Lang {
        match code {
            "es" => Lang {
                code: "es",
                headings: [
                    "Qué {#what}",
                    "Quién {#who}",
                    "Destinatarios {#intended-for}",
                    "Quién lo conduce {#conducted-by}",
                    "Cómo {#how}",
                    "Dónde {#where}",
                    "Consideraciones {#considerations}",
                    "Más información {#more-information}",
                ],
                word: "Estrategia",
            },
            _ => Lang {
                code: "en",
                headings: [
                    "What",
                    "Who",
                    "Intended for",
                    "Conducted by",
                    "How",
                    "Where",
                    "Considerations",
                    "More information",
                ],
                word: "Strategy",
            },
        }
    }
}

fn write(dir: &Path, rel: &str, text: &str) -> io::Result<()> {
    let path = dir.join(rel);
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent)?;
    }
    fs::write(path, text)
}

fn home(l: &Lang, cards: usize) -> String {
    format!(
        "---\ntitle: Synthetic Toolkit ({})\nsummary: {cards} generated strategy cards.\n---\n\nSee the [cards](strategies/index.md) and [about](about.md).\n",
        l.code
    )
}

fn about(l: &Lang) -> String {
    format!(
        "---\ntitle: About ({})\nsummary: About this generated toolkit.\nmenu: true\nweight: 90\n---\n\n## Purpose\n\nA generated toolkit for benchmarks.\n",
        l.code
    )
}

fn card_index(l: &Lang) -> String {
    format!(
        "---\ntitle: {} cards\nsummary: Every generated strategy card.\n---\n\nAll cards, by title.\n",
        l.word
    )
}

fn pick<'a>(pool: &[&'a str], n: usize, count: usize, step: usize) -> Vec<&'a str> {
    let mut out: Vec<&str> = Vec::new();
    let mut i = n;
    while out.len() < count {
        let item = pool[i % pool.len()];
        if !out.contains(&item) {
            out.push(item);
        }
        i = i.wrapping_mul(31).wrapping_add(step);
    }
    out
}

fn card(l: &Lang, n: usize, cards: usize) -> String {
    let related: Vec<String> = [n + 1, n + 7]
        .iter()
        .map(|m| format!("card-{:05}.md", m % cards))
        .filter(|r| *r != format!("card-{n:05}.md"))
        .collect();
    let link_to = (n * 13 + 5) % cards;
    let h = &l.headings;
    let mut t = String::new();
    let _ = write!(
        t,
        "---\nkind: card\ntitle: {word} {n:05} for {tag}\nsummary: Generated card {n} describes how teams use {tag} to improve care over several months.\nalso_called: [Approach {n}, Method {n}]\ntags: [{tags}]\naudience: [{aud}]\nsettings: [{set}]\nduration: {months} months\nkey_citation:\n  title: \"A study of strategy {n}\"\n  doi: 10.1000/synthetic.{n}\nrelated: [{related}]\n---\n\n",
        word = l.word,
        tag = pick(&TAGS, n, 1, 3)[0],
        tags = pick(&TAGS, n, 3, 3).join(", "),
        aud = pick(&AUDIENCES, n, 2, 1).join(", "),
        set = pick(&SETTINGS, n, 2, 5).join(", "),
        months = 3 + n % 21,
        related = related.join(", "),
    );
    let para = |topic: &str| {
        format!(
            "Teams working on {topic} meet regularly, share data and test small changes. \
             Leaders make time for the work, and **coaches** help each team plan its next cycle. \
             Progress is reviewed every month so that what works spreads and what does not is dropped.\n"
        )
    };
    let _ = write!(
        t,
        "## {}\n\n{}\n{}",
        h[0],
        para("the core practice"),
        para("follow-up")
    );
    let _ = write!(
        t,
        "\nCompare with [card {link_to}](card-{link_to:05}.md).\n\n## {}\n\n### {}\n\n{}\n### {}\n\n{}\n",
        h[1],
        h[2],
        para("access"),
        h[3],
        para("coaching")
    );
    let _ = write!(
        t,
        "## {}\n\n1. Form a team.\n2. Set an aim.\n3. Test changes in short cycles.\n4. Measure and share results.\n\n{}\n",
        h[4],
        para("measurement")
    );
    let _ = write!(
        t,
        "## {}\n\n- In clinics.\n- In community programs.\n\n{}\n",
        h[5],
        para("settings")
    );
    let _ = write!(
        t,
        "## {}\n\n{}\n## {}\n\nSee the key citation.\n",
        h[6],
        para("costs"),
        h[7]
    );
    t
}
