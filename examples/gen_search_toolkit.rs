//! Writes a synthetic toolkit for the search benchmark: N strategy cards in
//! English, a resource list and a change package, with realistic text.
//!
//! ```text
//! cargo run --release --example gen_search_toolkit -- --cards 10000 --out target/bench/toolkit-10000
//! ```
//!
//! The text mixes function words, a few hundred word families of the field
//! (facilitate, facilitates, facilitation… — so stemming has work to do) drawn
//! with a Zipf-like skew, and a long tail of rare made-up names, as a real
//! corpus of thousands of pages has. It also plants *marker* words in a known
//! number of cards, so the benchmark can ask a one-word query that has exactly
//! five results; they are listed in `bench-queries.json` beside the toolkit.
//! Deterministic: the same arguments give the same files.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

/// Word families of implementation support and behavioral health.
const FAMILIES: &str = "
facilitate facilitates facilitated facilitating facilitation facilitations facilitator facilitators
coach coaches coached coaching
implement implements implemented implementing implementation implementations implementer implementers
improve improves improved improving improvement improvements
measure measures measured measuring measurement measurements
collaborate collaborates collaborated collaborating collaboration collaborations collaborative collaboratives
train trains trained training trainer trainers trainings
learn learns learned learning learner learners
organize organizes organized organizing organization organizations organizational
sustain sustains sustained sustaining sustainability sustainable
assess assesses assessed assessing assessment assessments
evaluate evaluates evaluated evaluating evaluation evaluations evaluator evaluators
engage engages engaged engaging engagement
support supports supported supporting supportive
lead leads leading leader leaders leadership
plan plans planned planning planner planners
test tests tested testing
report reports reported reporting
adapt adapts adapted adapting adaptation adaptations adaptive
integrate integrates integrated integrating integration
refer refers referred referring referral referrals
treat treats treated treating treatment treatments
recover recovers recovered recovering recovery
prevent prevents prevented preventing prevention preventive
screen screens screened screening screenings
retain retains retained retaining retention
serve serves served serving service services
practice practices practiced practicing practitioner practitioners
spread spreads spreading
monitor monitors monitored monitoring
document documents documented documenting documentation
consult consults consulted consulting consultation consultations consultant consultants
supervise supervises supervised supervising supervision supervisor supervisors
mentor mentors mentored mentoring
network networks networked networking
fund funds funded funding funder funders
pay pays paid paying payer payers payment payments
deliver delivers delivered delivering delivery
access accessible accessibility
equity equitable inequity inequities
culture cultures cultural culturally
community communities
family families
youth
peer peers
client clients
patient patients
clinic clinics clinical clinician clinicians
counsel counsels counseling counselor counselors
therapy therapies therapist therapists therapeutic
crisis crises
trauma traumatic
addiction addictions addictive
substance substances
opioid opioids
medication medications
mental
health healthy
behavior behaviors behavioral
primary
emergency
housing housed
employment employ employs employed employer employers
school schools
county counties
state states
rural urban
telehealth virtual virtually
data dataset datasets
fidelity
outcome outcomes
process processes
balance balancing
cycle cycles
aim aims
driver drivers
idea ideas
change changes changed changing
team teams teamwork
staff staffing
manager managers management
director directors
policy policies
workflow workflows
protocol protocols
guideline guidelines
toolkit toolkits
curriculum curricula
session sessions
webinar webinars
workshop workshops
meeting meetings
call calls
visit visits
schedule schedules scheduled scheduling
wait waits waiting
record records recorded recording
share shares shared sharing
feedback
review reviews reviewed reviewing
audit audits audited auditing
benchmark benchmarks benchmarking
readiness ready
capacity capacities
resource resources resourced
budget budgets budgeted
cost costs costly
time timely timeliness
quality
safety safe safer
risk risks risky
barrier barriers
facilitator
strategy strategies strategic
model models modeled modeling
framework frameworks
evidence evident
research researcher researchers
study studies studied
trial trials
outcome
result results resulted
lesson lessons
goal goals
target targets targeted targeting
priority priorities prioritize prioritized
region regions regional
partner partners partnered partnership partnerships
stakeholder stakeholders
advocate advocates advocacy
consumer consumers
caregiver caregivers
navigator navigators navigation
specialist specialists
nurse nurses nursing
physician physicians
pharmacist pharmacists pharmacy
psychiatrist psychiatrists psychiatric psychiatry
psychologist psychologists psychological
social socially
worker workers
volunteer volunteers
";

const FUNCTION_WORDS: &[&str] = &[
    "the", "of", "and", "to", "a", "in", "for", "with", "on", "that", "is", "are", "as", "by",
    "their", "from", "at", "or", "be", "this", "can", "each", "more", "when", "who", "they", "it",
    "into", "about", "than", "also", "most", "which", "how", "so", "not", "all", "one", "two",
    "over", "after", "before", "while", "both", "often", "many", "some", "other", "new", "small",
];

const ADJECTIVES: &[&str] = &[
    "rapid",
    "structured",
    "shared",
    "local",
    "national",
    "practical",
    "brief",
    "intensive",
    "ongoing",
    "early",
    "flexible",
    "simple",
    "common",
    "effective",
    "person-centered",
    "evidence-based",
    "monthly",
    "weekly",
    "annual",
    "formal",
    "informal",
    "collective",
];

const AUDIENCES: &[&str] = &[
    "Technical assistance providers",
    "Provider organizations",
    "Change teams",
    "Systems leaders",
    "Clinical supervisors",
    "Peer specialists",
    "Program managers",
    "State agencies",
    "County behavioral health",
    "Community coalitions",
    "Payers",
    "Researchers",
    "Trainers",
    "Frontline staff",
    "Family members",
];

const SETTINGS: &[&str] = &[
    "Behavioral health",
    "Primary care",
    "Addiction treatment",
    "Mental health services",
    "Schools",
    "Emergency departments",
    "Crisis services",
    "Housing programs",
    "Justice settings",
    "Rural clinics",
    "Telehealth",
    "Hospitals",
    "Community organizations",
    "Child welfare",
    "Workforce programs",
];

const SYLLABLES: &[&str] = &[
    "ka", "lo", "ven", "dri", "mar", "tis", "sol", "ura", "pen", "qui", "bel", "thi", "an", "or",
    "el", "mi", "ros", "tak", "vun", "gal", "fer", "nis", "hol", "dam", "ket", "lu", "sen", "bra",
    "cor", "dal", "ev", "fin", "gor", "hal", "jin", "kor", "lem", "mon", "nor", "pra",
];

/// Words planted in exactly `MARKER_CARDS` cards each; never produced otherwise.
const MARKERS: &[&str] = &[
    "oxwaldine",
    "quintrexa",
    "zublimora",
    "yavrenthic",
    "jekkoval",
];
const MARKER_CARDS: usize = 5;

/// splitmix64: small, fast and good enough for text.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E3779B97F4A7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58476D1CE4E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D049BB133111EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
    fn chance(&mut self, p: f64) -> bool {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }
}

struct Vocabulary {
    /// Content words, most frequent first (a Zipf-like draw favours the start).
    content: Vec<String>,
    rare: Vec<String>,
    tags: Vec<String>,
}

impl Vocabulary {
    fn new(rng: &mut Rng) -> Vocabulary {
        let mut content: Vec<String> = Vec::new();
        for family in FAMILIES.lines().filter(|l| !l.trim().is_empty()) {
            for w in family.split_whitespace() {
                if !content.iter().any(|c| c == w) {
                    content.push(w.to_string());
                }
            }
        }
        // Shuffle so frequency does not follow family order.
        for i in (1..content.len()).rev() {
            let j = rng.below(i + 1);
            content.swap(i, j);
        }
        let mut rare = Vec::new();
        let mut seen = std::collections::HashSet::new();
        while rare.len() < 40_000 {
            let n = 2 + rng.below(3);
            let word: String = (0..n).map(|_| *rng.pick(SYLLABLES)).collect();
            if MARKERS.iter().any(|m| word.contains(m)) || !seen.insert(word.clone()) {
                continue;
            }
            rare.push(word);
        }
        let mut tags = Vec::new();
        while tags.len() < 150 {
            let adjective = *rng.pick(ADJECTIVES);
            let tag = format!("{adjective} {}", content[rng.below(300)]);
            if !tags.contains(&tag) {
                tags.push(tag);
            }
        }
        Vocabulary {
            content,
            rare,
            tags,
        }
    }

    /// A content word, with rank r drawn with probability ∝ 1 / (r + 10).
    fn content_word(&self, rng: &mut Rng) -> &str {
        let n = self.content.len() as f64;
        let u = (rng.next() >> 11) as f64 / (1u64 << 53) as f64;
        let rank = ((n + 10.0).powf(u) * 10f64.powf(1.0 - u) - 10.0) as usize;
        &self.content[rank.min(self.content.len() - 1)]
    }

    // Clippy's suggestion (dropping the `*` of `*rng.pick(...)`) does not compile here.
    #[allow(clippy::explicit_auto_deref)]
    fn sentence(&self, rng: &mut Rng, min: usize, extra: usize) -> String {
        let words = min + rng.below(extra + 1);
        let mut out = String::new();
        for i in 0..words {
            let word: &str = if rng.chance(0.42) {
                *rng.pick(FUNCTION_WORDS)
            } else if rng.chance(0.03) {
                rng.pick(&self.rare).as_str()
            } else if rng.chance(0.12) {
                *rng.pick(ADJECTIVES)
            } else {
                self.content_word(rng)
            };
            if i == 0 {
                let mut c = word.chars();
                if let Some(first) = c.next() {
                    out.extend(first.to_uppercase());
                    out.push_str(c.as_str());
                }
            } else {
                out.push(' ');
                out.push_str(word);
            }
        }
        out.push('.');
        out
    }

    fn paragraph(&self, rng: &mut Rng, sentences: usize) -> String {
        (0..sentences)
            .map(|_| self.sentence(rng, 8, 12))
            .collect::<Vec<_>>()
            .join(" ")
    }

    fn title(&self, rng: &mut Rng, min: usize, extra: usize) -> String {
        let words = min + rng.below(extra + 1);
        (0..words)
            .map(|_| {
                let w = if rng.chance(0.3) {
                    rng.pick(&self.rare).as_str()
                } else {
                    self.content_word(rng)
                };
                let mut c = w.chars();
                c.next()
                    .map(|f| f.to_uppercase().chain(c).collect::<String>())
                    .unwrap_or_default()
            })
            .collect::<Vec<_>>()
            .join(" ")
    }
}

fn yaml_list(items: &[String]) -> String {
    format!(
        "[{}]",
        items
            .iter()
            .map(|s| format!("\"{s}\""))
            .collect::<Vec<_>>()
            .join(", ")
    )
}

fn some<'a>(rng: &mut Rng, pool: &'a [&'a str], min: usize, max: usize) -> Vec<String> {
    let n = min + rng.below(max - min + 1);
    let mut out: Vec<String> = Vec::new();
    while out.len() < n {
        let v = rng.pick(pool).to_string();
        if !out.contains(&v) {
            out.push(v);
        }
    }
    out
}

fn card(v: &Vocabulary, rng: &mut Rng, i: usize, markers: &[&str]) -> String {
    let title = format!("{} {}", v.title(rng, 2, 2), i);
    let tags: Vec<&str> = v.tags.iter().map(String::as_str).collect();
    let also_count = rng.below(3);
    let also: Vec<String> = (0..also_count).map(|_| v.title(rng, 2, 1)).collect();
    let mut text = String::new();
    let _ = writeln!(text, "---\nkind: card\ntitle: \"{title}\"");
    let _ = writeln!(text, "summary: \"{}\"", v.sentence(rng, 16, 11));
    if !also.is_empty() {
        let _ = writeln!(text, "also_called: {}", yaml_list(&also));
    }
    let _ = writeln!(text, "tags: {}", yaml_list(&some(rng, &tags, 2, 5)));
    let _ = writeln!(text, "audience: {}", yaml_list(&some(rng, AUDIENCES, 1, 3)));
    let _ = writeln!(text, "settings: {}", yaml_list(&some(rng, SETTINGS, 1, 3)));
    let (from, to) = (1 + rng.below(6), 7 + rng.below(18));
    let _ = writeln!(text, "duration: {from} to {to} months");
    let _ = writeln!(
        text,
        "key_citation:\n  title: \"{}\"\n  doi: 10.{}/bench.{i}\n---\n",
        v.sentence(rng, 9, 0),
        1000 + rng.below(8000)
    );
    let mut sections = vec![
        ("What", v.paragraph(rng, 3) + "\n\n" + &v.paragraph(rng, 2)),
        ("Who", String::new()),
        ("How", v.paragraph(rng, 3) + "\n\n" + &list(v, rng, 3)),
        ("Where", v.paragraph(rng, 2)),
        ("Considerations", list(v, rng, 3)),
    ];
    for marker in markers {
        let at = [0, 2, 3][rng.below(3)];
        sections[at].1.push_str(&format!(
            "\n\nThe {marker} approach is one example of this."
        ));
    }
    for (heading, body) in sections {
        let _ = writeln!(text, "## {heading}\n");
        if heading == "Who" {
            let _ = writeln!(text, "### Intended for\n\n{}\n", v.paragraph(rng, 2));
            let _ = writeln!(text, "### Conducted by\n\n{}\n", v.paragraph(rng, 2));
        } else {
            let _ = writeln!(text, "{body}\n");
        }
    }
    text
}

fn list(v: &Vocabulary, rng: &mut Rng, n: usize) -> String {
    (0..n)
        .map(|_| format!("- {}", v.sentence(rng, 10, 9)))
        .collect::<Vec<_>>()
        .join("\n")
}

fn resources(v: &Vocabulary, rng: &mut Rng, n: usize) -> String {
    let kinds = [
        "guide", "article", "toolkit", "webinar", "course", "report", "video",
    ];
    let tags: Vec<&str> = v.tags.iter().map(String::as_str).collect();
    let mut text = String::from(
        "---\nkind: resources\ntitle: Resources\nsummary: Guides, articles and courses.\nmenu: true\ncategories:\n",
    );
    for c in 0..(n / 50).max(1) {
        let _ = writeln!(
            text,
            "  - id: cat-{c}\n    title: \"{}\"\n    resources:",
            v.title(rng, 3, 0)
        );
        for r in 0..50.min(n - c * 50) {
            let _ = writeln!(
                text,
                "      - title: \"{}\"\n        url: https://example.org/r/{c}/{r}\n        kind: {}\n        description: \"{}\"\n        tags: {}\n        audience: {}",
                v.title(rng, 4, 3),
                rng.pick(&kinds),
                v.sentence(rng, 14, 9),
                yaml_list(&some(rng, &tags, 1, 3)),
                yaml_list(&some(rng, AUDIENCES, 1, 2)),
            );
        }
    }
    text.push_str("---\n\nResources for the benchmark toolkit.\n");
    text
}

fn change_package(v: &Vocabulary, rng: &mut Rng) -> String {
    let mut text = String::from(
        "---\nkind: change-package\ntitle: Improve follow-up after discharge\naim: Raise seven-day follow-up to 80% within 12 months.\nprimary_drivers:\n  - id: p1\n    title: Reliable handoffs\n    secondary: [s1]\nsecondary_drivers:\n  - id: s1\n    title: Shared discharge workflow\n    change_ideas: [",
    );
    let ids: Vec<String> = (0..20).map(|i| format!("idea-{i}")).collect();
    text.push_str(&ids.join(", "));
    text.push_str("]\nchange_ideas:\n");
    for id in &ids {
        let _ = writeln!(
            text,
            "  - id: {id}\n    title: \"{}\"\n    description: \"{}\"",
            v.title(rng, 4, 0),
            v.sentence(rng, 25, 0)
        );
    }
    text.push_str("---\n\nA change package for the benchmark.\n");
    text
}

fn main() -> std::io::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let arg = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .cloned()
    };
    let cards: usize = arg("--cards")
        .and_then(|n| n.parse().ok())
        .unwrap_or(10_000);
    let out =
        PathBuf::from(arg("--out").unwrap_or_else(|| format!("target/bench/toolkit-{cards}")));
    let mut rng = Rng(0x5EED_0000 + cards as u64);
    let v = Vocabulary::new(&mut rng);
    write(
        &out.join("cardstock.yaml"),
        "title: Benchmark toolkit\npublisher: Cardstock benchmark\nbase_url: https://example.org/\ndefault_language: en\nlanguages:\n  - code: en\n    name: English\n",
    )?;
    write(
        &out.join("content/en/index.md"),
        "---\ntitle: Benchmark toolkit\n---\n\nA synthetic toolkit for measuring search.\n",
    )?;
    // Markers go to evenly spread cards, so their results do not share files by accident.
    let mut marked: Vec<Vec<&str>> = vec![Vec::new(); cards];
    for (m, marker) in MARKERS.iter().enumerate() {
        for k in 0..MARKER_CARDS {
            let at = (m * 7919 + k * cards / MARKER_CARDS + 13) % cards;
            marked[at].push(marker);
        }
    }
    for (i, markers) in marked.iter().enumerate() {
        let path = out.join(format!("content/en/strategies/card-{i:05}.md"));
        write(&path, &card(&v, &mut rng, i, markers))?;
    }
    write(
        &out.join("content/en/resources/index.md"),
        &resources(&v, &mut rng, 300),
    )?;
    write(
        &out.join("content/en/change-packages/follow-up.md"),
        &change_package(&v, &mut rng),
    )?;
    let queries = serde_json::json!({
        "one_word_five_results": MARKERS,
        "one_word": ["facilitation", "coaching", "telehealth", "retention", "fidelity"],
        "two_words": ["peer coaching", "crisis screening", "oxwaldine coaching", "rural telehealth"],
        "with_facet": ["oxwaldine", "facilitation", "peer coaching"],
    });
    write(
        &out.join("bench-queries.json"),
        &serde_json::to_string_pretty(&queries)?,
    )?;
    println!(
        "wrote {cards} cards, 300 resources and a change package to {}",
        out.display()
    );
    Ok(())
}

fn write(path: &Path, text: &str) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir)?;
    }
    fs::write(path, text)
}
