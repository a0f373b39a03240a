//! Content that is valid but easy to get wrong: headings in a body whose
//! text matches the theme's own headings, and links into sections.


use std::collections::BTreeSet;

use crate::support::*;

/// Every page of the site has each id once.
fn assert_unique_ids(site: &BuiltSite) {
    for file in site.html_files() {
        let doc = site.page(&file);
        let mut seen = BTreeSet::new();
        for el in select(&doc, "[id]") {
            let id = attr(el, "id");
            assert!(seen.insert(id.clone()), "id `{id}` twice in {file}");
        }
    }
}

#[test]
fn body_headings_do_not_take_the_ids_of_theme_headings() {
    let ws = Workspace::from_fixture("minimal");
    let card = ws.read("content/en/strategies/warm-handoff.md").replace(
        "An introduction in person rather than a referral slip.\n",
        "An introduction in person rather than a referral slip.\n\n### Where\n\nIt began in primary care.\n\n### Related\n\nSee below.\n",
    );
    ws.write("content/en/strategies/warm-handoff.md", &card);
    let package = ws.read("content/en/change-packages/follow-up.md").replace(
        "This change package tests small changes to follow-up.\n",
        "## Aim\n\nWhy this aim.\n\n## Idea: book at checkout {#unused}\n\n### Idea book at checkout\n\nA note.\n",
    );
    ws.write("content/en/change-packages/follow-up.md", &package);
    let site = ws.site();
    assert_unique_ids(&site);
    // Links into sections still reach the theme's section headings.
    let doc = site.page("en/strategies/warm-handoff/");
    assert_eq!(text(one(&doc, "h2#where")), "Where");
    assert!(site.broken_links().is_empty(), "{:?}", site.broken_links());
    let peer = site.page("en/strategies/peer-support/");
    let link = select(&peer, "main a")
        .into_iter()
        .find(|a| text(*a) == "Warm Handoff" && attr(*a, "href").contains('#'))
        .unwrap();
    assert_eq!(
        attr(link, "href"),
        "../../../en/strategies/warm-handoff/#how"
    );
}
