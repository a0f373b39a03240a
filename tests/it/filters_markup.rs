//! The HTML the list filters rely on, checked without a browser: the form is
//! in the page, closed (its body `hidden`, its button `aria-expanded=false`);
//! the CSS shows it only on scripted pages (tests/browser/filters.test.mjs),
//! each checkbox is labelled and counts what it matches, and every card tile
//! and resource carries the `data-*` values of its own front matter.

use std::collections::BTreeSet;
use std::path::Path;

use cardstock::content::Kind;
use cardstock::model::Facet;
use cardstock::text::slugify;
use scraper::{Html, Selector};

fn built() -> cardstock::BuiltSite {
    cardstock::build_in_memory(Path::new(env!("CARGO_MANIFEST_DIR")), None).unwrap()
}

fn page(built: &cardstock::BuiltSite, path: &str) -> Html {
    let file = built
        .files
        .iter()
        .find(|f| f.path == path)
        .unwrap_or_else(|| panic!("{path} was not built"));
    Html::parse_document(&String::from_utf8_lossy(&file.bytes))
}

fn select(s: &str) -> Selector {
    Selector::parse(s).unwrap()
}

fn words(value: Option<&str>) -> BTreeSet<String> {
    value
        .unwrap_or_default()
        .split_whitespace()
        .map(str::to_string)
        .collect()
}

#[test]
fn card_index_filters_match_the_cards_front_matter() {
    let built = built();
    for lang in ["en", "es"] {
        let html = page(&built, &format!("{lang}/strategies/index.html"));
        let form = html
            .select(&select("form#card-filters"))
            .next()
            .expect("filter form");
        assert_starts_closed(&form, lang);
        assert_eq!(form.value().attr("data-status"), Some("card-count"));
        let status = html.select(&select("#card-count")).next().expect("count");
        assert_eq!(status.value().attr("role"), Some("status"));

        let cards: Vec<_> = built
            .site
            .pages
            .iter()
            .filter(|p| p.lang == lang && p.front.kind == Kind::Card)
            .collect();
        let tiles: Vec<_> = html.select(&select("#card-list > li.card-tile")).collect();
        assert_eq!(tiles.len(), cards.len());
        for tile in &tiles {
            let title = tile
                .select(&select("h2 a"))
                .next()
                .unwrap()
                .text()
                .collect::<String>();
            let card = cards.iter().find(|c| c.front.title == title).unwrap();
            for facet in Facet::ALL {
                let expected: BTreeSet<String> = facet
                    .values(&card.front)
                    .iter()
                    .map(|v| built.site.term(facet, card, v).slug)
                    .collect();
                assert_eq!(
                    words(tile.value().attr(&format!("data-{}", facet.segment()))),
                    expected,
                    "{title}: {}",
                    facet.segment()
                );
            }
        }

        // One labelled checkbox per value, whose count is the number of cards with it.
        for input in html.select(&select("#card-filters input[type=checkbox]")) {
            let id = input.value().attr("id").unwrap();
            let label = html
                .select(&select(&format!("label[for=\"{id}\"]")))
                .next()
                .expect("label");
            let key = input.value().attr("name").unwrap();
            let value = input.value().attr("value").unwrap();
            let matching = tiles
                .iter()
                .filter(|t| words(t.value().attr(&format!("data-{key}"))).contains(value))
                .count();
            let text = label.text().collect::<String>();
            assert!(
                text.ends_with(&format!("({matching})")),
                "{lang} {key}={value}: “{text}”"
            );
        }
        let legends = html
            .select(&select("#card-filters fieldset > legend"))
            .count();
        assert_eq!(
            legends,
            html.select(&select("#card-filters fieldset")).count()
        );
    }
}

#[test]
fn resources_carry_kind_audience_and_tags() {
    let built = built();
    let html = page(&built, "en/resources/index.html");
    let form = html
        .select(&select("form#resource-filters"))
        .next()
        .expect("filter form");
    assert_starts_closed(&form, "en");
    let source = built
        .site
        .pages
        .iter()
        .find(|p| p.lang == "en" && p.front.kind == Kind::Resources)
        .unwrap();
    let resources: Vec<_> = source
        .front
        .categories
        .iter()
        .flat_map(|c| &c.resources)
        .collect();
    let items: Vec<_> = html.select(&select("li.resource")).collect();
    assert_eq!(items.len(), resources.len());
    for (item, resource) in items.iter().zip(&resources) {
        assert_eq!(item.value().attr("data-kind"), Some(resource.kind.as_str()));
        let audience: BTreeSet<String> = resource.audience.iter().map(|a| slugify(a)).collect();
        assert_eq!(
            words(item.value().attr("data-audience")),
            audience,
            "{}",
            resource.title
        );
        let tags: BTreeSet<String> = resource.tags.iter().map(|t| slugify(t)).collect();
        assert_eq!(
            words(item.value().attr("data-tags")),
            tags,
            "{}",
            resource.title
        );
    }
    let count = html.select(&select("#resource-count")).next().unwrap();
    assert_eq!(
        count.text().collect::<String>(),
        format!("{} resources", resources.len())
    );
}

#[test]
fn the_script_ships_with_the_theme_and_only_listing_pages_load_it() {
    let built = built();
    assert!(built.toolkit.static_files.contains_key("js/filters.js"));
    let script = select("script[src$=\"js/filters.js\"]");
    assert_eq!(
        page(&built, "en/strategies/index.html")
            .select(&script)
            .count(),
        1
    );
    assert_eq!(
        page(&built, "en/resources/index.html")
            .select(&script)
            .count(),
        1
    );
    assert_eq!(
        page(&built, "en/strategies/learning-collaboratives/index.html")
            .select(&script)
            .count(),
        0
    );
}

/// The form is rendered as it will look when scripts run (no layout shift):
/// closed, with its disclosure button saying so.
fn assert_starts_closed(form: &scraper::ElementRef, lang: &str) {
    let toggle = form
        .select(&select(".filter-toggle"))
        .next()
        .expect("toggle");
    assert_eq!(
        toggle.value().attr("aria-expanded"),
        Some("false"),
        "{lang}"
    );
    let body_id = toggle.value().attr("aria-controls").expect("aria-controls");
    let body = form
        .select(&select(&format!("#{body_id}")))
        .next()
        .expect("filter body");
    assert!(body.value().attr("hidden").is_some(), "{lang}: body closed");
    assert!(
        form.select(&select("button[type=submit]")).next().is_some(),
        "{lang}: a submit button (HTML_CodeSniffer H32.2)"
    );
}
