//! Search ranking on a corpus made for it: where a word is in a page decides
//! its rank first — title, "also called", summary and tags, then section
//! text, then link lists and citations — whatever the lengths of the fields,
//! in cards and on plain pages alike.
//! Runs the browser's search code in node, as `search_recall` does.

use std::fs;

use crate::search_recall::{node_available, search_query};

/// A card with the given title, summary, What text and More information text.
fn plain_card(n: usize, title: &str, summary: &str, what: &str, more: &str) -> String {
    format!(
        "---\nkind: card\ntitle: \"{title}\"\nsummary: \"{summary}\"\ntags: [\"Data use\"]\naudience: [\"Change teams\"]\nsettings: [\"Primary care\"]\nduration: 3 to 9 months\nkey_citation:\n  title: \"A study {n}\"\n  doi: 10.1000/rank.{n}\n---\n\n## What\n\n{what}\n\n## Who\n\n### Intended for\n\nTeams.\n\n### Conducted by\n\nCoaches.\n\n## How\n\nMeet weekly.\n\n## Where\n\nClinics.\n\n## Considerations\n\nTime.\n\n## More information\n\n{more}\n"
    )
}

#[test]
fn title_and_summary_matches_rank_first_section_text_next_link_lists_last() {
    if !node_available() {
        eprintln!("skipped: node is not installed (the test runs search.js in node)");
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let toolkit = tmp.path().join("toolkit");
    let out = tmp.path().join("site");
    let w = |rel: &str, text: &str| {
        let path = toolkit.join(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    };
    w(
        "cardstock.yaml",
        "title: Ranking toolkit\npublisher: Tests\nbase_url: https://example.org/\ndefault_language: en\nlanguages:\n  - code: en\n    name: English\n",
    );
    w(
        "content/en/index.md",
        "---\ntitle: Ranking toolkit\n---\n\nCards.\n",
    );
    // More cards link to the dashboards card than a word's head holds, so
    // the link-list matches are ranked from the unit lists' tiers.
    let link = "- [Grow data dashboards](card-000.md)";
    // A long section: length normalisation alone would rank it below the
    // short link lists.
    let long = format!(
        "Teams read dashboards together. {}",
        "They plan, meet and review the work. ".repeat(12)
    );
    let cards = [
        (
            900,
            "Weekly review",
            "Teams share dashboards each week.",
            "Plan.",
            "",
        ),
        (901, "Team huddles", "Short meetings.", long.as_str(), ""),
        // Resources listed with a description after each link: a link
        // list, though no item is a link alone.
        (
            902,
            "Data walks",
            "Walk through the numbers.",
            "- [Dashboards guide](https://example.org/d): how to build one.\n- [Data walk kit](https://example.org/w) (PDF)",
            "",
        ),
        (
            0,
            "Grow data dashboards",
            "Build shared views.",
            "Plan.",
            "",
        ),
    ];
    for (n, title, summary, what, more) in cards {
        w(
            &format!("content/en/strategies/card-{n:03}.md"),
            &plain_card(n, title, summary, what, more),
        );
    }
    for n in 1..=240 {
        w(
            &format!("content/en/strategies/card-{n:03}.md"),
            &plain_card(n, &format!("Filler {n}"), "Other work.", "Plan.", link),
        );
    }
    // A plain page whose related-links list names the dashboards card: link
    // lists rank lowest on every page, not only in cards.
    w(
        "content/en/partners.md",
        "---\ntitle: Partners\nsummary: Who we work with.\n---\n\nWe work with clinics.\n\n## Related\n\n- [Grow data dashboards](https://example.org/grow)\n- [Peer review](https://example.org/peer)\n",
    );
    let built = cardstock::build_in_memory(&toolkit, None).expect("the toolkit builds");
    cardstock::pipeline::write(&out, &built).unwrap();
    let found = search_query(&out, &["en", r#"["dashboards "]"#]);
    let results: Vec<&str> = found["dashboards "]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r.as_str().unwrap())
        .collect();
    assert_eq!(results.len(), 245, "every unit holding the word");
    assert_eq!(
        results[..3],
        [
            "en/strategies/card-000/",
            "en/strategies/card-900/",
            "en/strategies/card-901/"
        ],
        "title, then summary, then section text"
    );
    // The link lists of a card's section and of a page are in the tier of
    // related-links lists, below every section-text match.
    let tiers = found["dashboards "]["tiers"].as_array().unwrap();
    let tier_of = |unit: &str| tiers[results.iter().position(|r| *r == unit).unwrap()].clone();
    assert_eq!(tier_of("en/strategies/card-901/"), 1, "section text");
    assert_eq!(
        tier_of("en/strategies/card-001/"),
        2,
        "a related-links list"
    );
    for late in ["en/strategies/card-902/", "en/partners/"] {
        assert_eq!(tier_of(late), 2, "{late}: {:?}", &results[..6]);
    }
}
