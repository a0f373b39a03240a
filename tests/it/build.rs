//! Builds the bundled example toolkit (the repository root) and checks the
//! produced site: card structure in every language, links, translations,
//! sitemap, robots.txt, 404, the root redirect, resource data files, the
//! change package, citations, listings and breadcrumbs.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::OnceLock;

use crate::support::*;
use cardstock::content::Kind;
use cardstock::model::{Body, Facet, Page};
use scraper::ElementRef;

const CARD_SECTIONS: [&str; 6] = [
    "what",
    "who",
    "how",
    "where",
    "considerations",
    "more-information",
];

/// Builds `toolkit` once per test run into a folder under Cargo's target dir
/// named `name`, which the next run replaces (as any Cardstock output folder).
fn build_once(name: &str, toolkit: &Path) -> BuiltSite {
    let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    if let Err(e) = cardstock::build(&cardstock::BuildOptions {
        toolkit: toolkit.to_path_buf(),
        out: out.clone(),
        base_url: None,
        pdf: false,
    }) {
        panic!("{} does not build:\n{e}", toolkit.display());
    }
    let base_url = cardstock::load::load(toolkit).unwrap().settings.base_url;
    BuiltSite::at(&out, &base_url)
}

fn example() -> &'static BuiltSite {
    static SITE: OnceLock<BuiltSite> = OnceLock::new();
    SITE.get_or_init(|| build_once("build-rs-example-site", &example_toolkit()))
}

/// The minimal fixture, for checks that should hold for any toolkit.
fn minimal() -> &'static BuiltSite {
    static SITE: OnceLock<BuiltSite> = OnceLock::new();
    SITE.get_or_init(|| build_once("build-rs-minimal-site", &fixture("minimal")))
}

/// The example's model, to know which sources exist and what they hold.
fn model() -> &'static cardstock::BuiltSite {
    static MODEL: OnceLock<cardstock::BuiltSite> = OnceLock::new();
    MODEL.get_or_init(|| cardstock::build_in_memory(&example_toolkit(), None).unwrap())
}

fn pages_of_kind(kind: Kind) -> Vec<&'static Page> {
    model()
        .site
        .pages
        .iter()
        .filter(|p| p.front.kind == kind)
        .collect()
}

/// The element an element sits in.
fn parent_element(el: ElementRef) -> ElementRef {
    el.parent().and_then(ElementRef::wrap).unwrap()
}

#[test]
fn every_card_source_becomes_a_card_page() {
    // Independent of the model: the files in content/<lang>/strategies/.
    for lang in ["en", "es"] {
        let dir = example_toolkit()
            .join("content")
            .join(lang)
            .join("strategies");
        let mut on_disk: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".md") && n != "index.md")
            .map(|n| n.trim_end_matches(".md").to_string())
            .collect();
        on_disk.sort();
        let mut built: Vec<String> = pages_of_kind(Kind::Card)
            .into_iter()
            .filter(|p| p.lang == lang && !p.is_fallback())
            .map(|p| {
                p.path
                    .trim_end_matches('/')
                    .rsplit('/')
                    .next()
                    .unwrap()
                    .to_string()
            })
            .collect();
        built.sort();
        assert_eq!(on_disk, built, "cards in {lang}");
        for slug in &built {
            let doc = example().page(&format!("{lang}/strategies/{slug}/"));
            one(&doc, "article.strategy-card");
        }
    }
    // The issue asks for five English cards, three of them also in Spanish.
    assert!(
        pages_of_kind(Kind::Card)
            .iter()
            .filter(|p| p.lang == "en")
            .count()
            >= 5
    );
    assert!(
        pages_of_kind(Kind::Card)
            .iter()
            .filter(|p| p.lang == "es")
            .count()
            >= 3
    );
}

#[test]
fn every_card_has_all_sections_with_labels_of_its_language() {
    let cards = pages_of_kind(Kind::Card);
    assert!(!cards.is_empty());
    for card in cards {
        let doc = example().page(&card.path);
        let main = one(&doc, "main");
        let shown: Vec<String> = select_in(main, "h2[id]")
            .into_iter()
            .map(|h| attr(h, "id"))
            .filter(|id| CARD_SECTIONS.contains(&id.as_str()))
            .collect();
        assert_eq!(shown, CARD_SECTIONS, "sections of {}", card.path);
        for id in CARD_SECTIONS {
            let heading = one(&doc, &format!("main h2#{id}"));
            assert_eq!(
                text(heading),
                ui(&card.lang, &format!("sections.{id}")),
                "label of `{id}` on {}",
                card.path
            );
            let section = parent_element(heading);
            assert_eq!(section.value().name(), "section", "{id} on {}", card.path);
            let body = text(section).replacen(&text(heading), "", 1);
            assert!(
                !body.trim().is_empty(),
                "the `{id}` section of {} is empty",
                card.path
            );
        }
        let who = parent_element(one(&doc, "main h2#who"));
        for id in ["intended-for", "conducted-by"] {
            let sub = select_in(who, &format!("h3#{id}"));
            assert_eq!(sub.len(), 1, "`{id}` inside `who` on {}", card.path);
            assert_eq!(text(sub[0]), ui(&card.lang, &format!("sections.{id}")));
        }
        // The key citation from the front matter is in More information.
        let key = card.front.key_citation.as_ref().unwrap();
        let more = parent_element(one(&doc, "main h2#more-information"));
        assert!(
            text(more).contains(&key.title),
            "key citation on {}",
            card.path
        );
    }
}

#[test]
fn spanish_card_is_recognised_from_spanish_headings() {
    let source = std::fs::read_to_string(
        example_toolkit().join("content/es/strategies/learning-collaboratives.md"),
    )
    .unwrap();
    assert!(
        source.contains("## Qué"),
        "the fixture still uses Spanish headings"
    );
    let doc = example().page("es/strategies/learning-collaboratives/");
    assert_eq!(text(one(&doc, "h2#what")), "Qué");
    assert_eq!(
        text(one(&doc, "h3#conducted-by")),
        ui("es", "sections.conducted-by")
    );
    assert_eq!(attr(one(&doc, "html"), "lang"), "es");
}

fn assert_one_h1_per_page(site: &BuiltSite) {
    let files = site.html_files();
    assert!(files.len() > 20);
    for file in files {
        let doc = site.page(&file);
        assert_eq!(select(&doc, "h1").len(), 1, "h1 count in {file}");
    }
}

#[test]
fn every_page_has_exactly_one_h1() {
    assert_one_h1_per_page(example());
    assert_one_h1_per_page(minimal());
}

#[test]
fn ids_are_unique_within_each_page() {
    for file in example().html_files() {
        let doc = example().page(&file);
        let mut seen = BTreeSet::new();
        for el in select(&doc, "[id]") {
            let id = attr(el, "id");
            assert!(seen.insert(id.clone()), "id `{id}` twice in {file}");
        }
    }
}

#[test]
fn every_internal_link_resolves() {
    for site in [example(), minimal()] {
        let broken = site.broken_links();
        assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
    }
}

#[test]
fn link_checker_catches_broken_links() {
    // The checker itself must be able to fail.
    let site = example();
    let from = "en/strategies/external-facilitation/index.html";
    assert!(matches!(site.resolve(from, "../nope/"), Link::Broken(_)));
    assert!(matches!(
        site.resolve(from, "../../../../x"),
        Link::Broken(_)
    ));
    assert_eq!(
        site.resolve(from, "../../../css/cardstock.css"),
        Link::Internal {
            file: "css/cardstock.css".into(),
            fragment: None
        }
    );
    assert_eq!(
        site.resolve(from, "../#x"),
        Link::Internal {
            file: "en/strategies/index.html".into(),
            fragment: Some("x".into())
        }
    );
}

#[test]
fn no_request_leaves_the_site() {
    for file in example().html_files() {
        let doc = example().page(&file);
        for (selector, attribute) in [
            ("script[src]", "src"),
            ("link[rel=stylesheet]", "href"),
            ("img[src]", "src"),
            ("link[rel=preload]", "href"),
        ] {
            for el in select(&doc, selector) {
                let target = attr(el, attribute);
                assert!(
                    matches!(example().resolve(&file, &target), Link::Internal { .. }),
                    "{file} loads {target}"
                );
            }
        }
    }
    for (path, bytes) in snapshot(&example().root) {
        if path.ends_with(".css") {
            let css = String::from_utf8(bytes).unwrap();
            assert!(!css.contains("@import"), "{path} imports");
            for (i, _) in css.match_indices("url(") {
                let arg = css[i + 4..].trim_start_matches(['"', '\'']);
                assert!(
                    !arg.starts_with("http") && !arg.starts_with("//"),
                    "{path} loads {}",
                    &arg[..arg.find(')').unwrap_or(arg.len())]
                );
            }
        }
    }
}

/// Every translated page lists itself and its translations in its head and
/// language switcher, and each translation lists the same set back.
/// Returns how many translated pages there are.
fn assert_translations_cross_link(site: &BuiltSite) -> usize {
    let mut translated_pages = 0;
    // The root index.html is the language chooser, checked on its own below.
    for file in site.html_files().into_iter().filter(|f| f != "index.html") {
        let doc = site.page(&file);
        let alternates = head_alternates(&doc);
        if alternates.is_empty() {
            continue;
        }
        translated_pages += 1;
        let own_lang = attr(one(&doc, "html"), "lang");
        let canonical = attr(one(&doc, "link[rel=canonical]"), "href");
        assert_eq!(
            alternates.get(&own_lang),
            Some(&canonical),
            "{file} lists itself among its alternates"
        );
        let switcher: BTreeMap<String, String> = select(&doc, "nav.lang-switcher a[hreflang]")
            .into_iter()
            .map(|a| (attr(a, "hreflang"), attr(a, "href")))
            .collect();
        assert!(
            alternates.keys().all(|l| switcher.contains_key(l)),
            "the language switcher of {file} offers the alternates"
        );
        for (lang, url) in &alternates {
            // The switcher's relative link and the head's absolute URL lead to the same page.
            let by_switcher = site.resolve(&file, &switcher[lang]);
            let by_head = site.resolve(&file, url);
            assert_eq!(by_switcher, by_head, "{file} → {lang}");
            let Link::Internal { file: target, .. } = by_head else {
                panic!("{file}: alternate {url} does not resolve: {by_head:?}");
            };
            let target_doc = site.page(&target);
            assert_eq!(attr(one(&target_doc, "html"), "lang"), *lang);
            assert_eq!(
                head_alternates(&target_doc),
                alternates,
                "{target} and {file} disagree on their translations"
            );
        }
    }
    translated_pages
}

#[test]
fn translations_link_each_other_both_ways() {
    let site = example();
    let translated_pages = assert_translations_cross_link(site);
    assert!(
        translated_pages >= 8,
        "only {translated_pages} translated pages"
    );
    assert!(assert_translations_cross_link(minimal()) >= 6);
    // The seed cards, by name.
    for slug in [
        "learning-collaboratives",
        "external-facilitation",
        "niatx-change-model",
    ] {
        let doc = site.page(&format!("en/strategies/{slug}/"));
        assert_eq!(
            head_alternates(&doc).get("es"),
            Some(&format!("{}es/strategies/{slug}/", site.base_url))
        );
    }
}

#[test]
fn untranslated_pages_have_no_alternates() {
    let doc = example().page("en/strategies/training-workshops/");
    assert!(head_alternates(&doc).is_empty());
    // Readers still reach the Spanish fallback page (language_switcher.rs).
    assert_eq!(select(&doc, "nav.lang-switcher a").len(), 2);
}

/// Every page but 404.html and the root chooser is in the sitemap once, at
/// its canonical URL, with the alternates of its head.
fn assert_sitemap_matches_pages(site: &BuiltSite) {
    let xml = site.text("sitemap.xml");
    let doc = roxmltree::Document::parse(&xml).unwrap();
    const SITEMAP: &str = "http://www.sitemaps.org/schemas/sitemap/0.9";
    const XHTML: &str = "http://www.w3.org/1999/xhtml";
    let mut listed = BTreeSet::new();
    for url in doc
        .descendants()
        .filter(|n| n.has_tag_name((SITEMAP, "url")))
    {
        let loc = url
            .children()
            .find(|n| n.has_tag_name((SITEMAP, "loc")))
            .and_then(|n| n.text())
            .unwrap()
            .to_string();
        let Link::Internal { file, .. } = site.resolve("sitemap.xml", &loc) else {
            panic!("sitemap entry {loc} is not a page of the site");
        };
        let page = site.page(&file);
        assert_eq!(
            attr(one(&page, "link[rel=canonical]"), "href"),
            loc,
            "canonical URL of {file}"
        );
        let alternates: BTreeMap<String, String> = url
            .children()
            .filter(|n| n.has_tag_name((XHTML, "link")))
            .map(|n| {
                assert_eq!(n.attribute("rel"), Some("alternate"));
                (
                    n.attribute("hreflang").unwrap().to_string(),
                    n.attribute("href").unwrap().to_string(),
                )
            })
            .collect();
        assert_eq!(alternates, head_alternates(&page), "alternates of {loc}");
        assert!(listed.insert(file), "{loc} listed twice");
    }
    // A page whose canonical URL is another page's (a fallback page: an
    // untranslated page shown in another language's site) is not listed, nor
    // is a page kept out of search engines (the print packet).
    let pages: BTreeSet<String> = site
        .html_files()
        .into_iter()
        .filter(|f| f != "404.html" && f != "index.html")
        .filter(|f| {
            let doc = site.page(f.trim_end_matches("index.html"));
            if !select(&doc, "meta[name=robots][content~=noindex]").is_empty() {
                return false;
            }
            let canonical = one(&doc, "link[rel=canonical]")
                .value()
                .attr("href")
                .unwrap()
                .to_string();
            canonical == format!("{}{}", site.base_url, f.trim_end_matches("index.html"))
        })
        .collect();
    assert_eq!(listed, pages);
    assert!(
        xml.contains("xhtml:link"),
        "alternates use the xhtml:link form"
    );
}

#[test]
fn sitemap_lists_every_page_with_language_alternates() {
    assert_sitemap_matches_pages(example());
    // The minimal fixture's card index has an introduction page, in English only.
    let intro = minimal().page("en/strategies/");
    assert!(text(one(&intro, "main")).contains("An introduction the card index"));
    assert_sitemap_matches_pages(minimal());
}

#[test]
fn robots_txt_allows_crawling_and_names_the_sitemap() {
    let robots = example().text("robots.txt");
    let lines: Vec<&str> = robots.lines().map(str::trim).collect();
    assert!(lines.contains(&"User-agent: *"));
    assert!(!lines.contains(&"Disallow: /"));
    assert!(lines.contains(&format!("Sitemap: {}sitemap.xml", example().base_url).as_str()));
}

#[test]
fn not_found_page_links_from_the_base_path() {
    let site = example();
    let doc = site.page("404.html");
    assert_eq!(text(one(&doc, "h1")), ui("en", "not_found.title"));
    let links = link_targets(&doc);
    assert!(!links.is_empty());
    for (what, href) in links {
        if href.starts_with('#') || href.starts_with("http") {
            continue;
        }
        // Served for any missing URL at any depth, so relative links would break.
        assert!(
            href.starts_with(&site.base_path()),
            "404.html {what} `{href}` is not site-absolute"
        );
    }
    let home = select(&doc, "main a[href]")
        .into_iter()
        .map(|a| attr(a, "href"))
        .collect::<Vec<_>>();
    assert!(home.contains(&format!("{}en/", site.base_path())));
}

#[test]
fn root_index_sends_readers_to_the_default_language_without_javascript() {
    let doc = example().page("index.html");
    assert!(select(&doc, "script").is_empty(), "no script needed");
    let refresh = one(&doc, "meta[http-equiv=refresh]");
    let content = attr(refresh, "content");
    let (delay, target) = content.split_once(';').unwrap();
    assert_eq!(delay.trim(), "0");
    let url = target.trim().strip_prefix("url=").unwrap();
    assert_eq!(
        example().resolve("index.html", url),
        Link::Internal {
            file: "en/index.html".into(),
            fragment: None
        }
    );
    // Readers whose browser ignores the refresh can follow a link to each language.
    let links: BTreeMap<String, String> = select(&doc, "a[hreflang]")
        .into_iter()
        .map(|a| (attr(a, "hreflang"), attr(a, "href")))
        .collect();
    assert_eq!(links.get("en").map(String::as_str), Some("en/"));
    assert_eq!(links.get("es").map(String::as_str), Some("es/"));
}

#[test]
fn resource_list_has_json_and_csv_data() {
    let lists = pages_of_kind(Kind::Resources);
    assert!(!lists.is_empty());
    for list in lists {
        let count: usize = list
            .front
            .categories
            .iter()
            .map(|c| c.resources.len())
            .sum();
        assert!(count >= 5, "{} has only {count} resources", list.file);
        let doc = example().page(&list.path);
        assert_eq!(select(&doc, "li.resource").len(), count, "{}", list.path);
        for category in &list.front.categories {
            let heading = one(&doc, &format!("h2#cat-{}", category.id));
            assert_eq!(text(heading), category.title);
        }

        let json: serde_json::Value =
            serde_json::from_str(&example().text(&format!("{}resources.json", list.path))).unwrap();
        let rows = json["resources"].as_array().unwrap();
        assert_eq!(rows.len(), count);
        let titles: BTreeSet<&str> = rows.iter().map(|r| r["title"].as_str().unwrap()).collect();
        for resource in list.front.categories.iter().flat_map(|c| &c.resources) {
            assert!(titles.contains(resource.title.as_str()));
        }
        assert!(
            rows.iter()
                .all(|r| r["url"].as_str().is_some_and(|u| u.starts_with("https://")))
        );

        let csv_text = example().text(&format!("{}resources.csv", list.path));
        let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
        let headers = reader.headers().unwrap().clone();
        assert!(headers.iter().any(|h| h == "title"));
        assert!(headers.iter().any(|h| h == "url"));
        let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        assert_eq!(records.len(), count);
        let title_col = headers.iter().position(|h| h == "title").unwrap();
        for (record, row) in records.iter().zip(rows) {
            assert_eq!(&record[title_col], row["title"].as_str().unwrap());
        }

        // The page offers both files, by links that resolve.
        let mut offered = BTreeSet::new();
        for a in select(&doc, "a[href]") {
            if let Link::Internal { file, .. } =
                example().resolve(&file_of(&list.path), &attr(a, "href"))
            {
                offered.insert(file);
            }
        }
        assert!(offered.contains(&format!("{}resources.json", list.path)));
        assert!(offered.contains(&format!("{}resources.csv", list.path)));
    }
}

#[test]
fn change_package_has_diagram_list_and_a_section_per_idea() {
    let packages = pages_of_kind(Kind::ChangePackage);
    assert!(!packages.is_empty());
    for package in packages {
        let f = &package.front;
        let doc = example().page(&package.path);

        // The picture: inline SVG, with one box per aim, driver and idea.
        let svg = one(&doc, "main svg");
        assert_eq!(svg.value().attr("role"), Some("img"));
        assert!(
            !attr(svg, "aria-label").trim().is_empty(),
            "the diagram has a name"
        );
        let boxes = select_in(svg, "rect").len();
        assert_eq!(
            boxes,
            1 + f.primary_drivers.len() + f.secondary_drivers.len() + f.change_ideas.len(),
            "boxes in the driver diagram of {}",
            package.path
        );
        assert!(
            select(&doc, "main img").is_empty(),
            "the diagram is not an image"
        );

        // The same structure as nested lists: primary › secondary › idea links.
        let tree = one(&doc, "main ul.driver-tree");
        let primaries: Vec<ElementRef> = tree
            .children()
            .filter_map(ElementRef::wrap)
            .filter(|e| e.value().name() == "li")
            .collect();
        assert_eq!(primaries.len(), f.primary_drivers.len());
        for (li, primary) in primaries.iter().zip(&f.primary_drivers) {
            assert!(text(*li).contains(&primary.title));
            let secondaries: Vec<ElementRef> = select_in(*li, ":scope > ul > li");
            assert_eq!(secondaries.len(), primary.secondary.len(), "{}", primary.id);
            for (sli, sid) in secondaries.iter().zip(&primary.secondary) {
                let secondary = f.secondary_drivers.iter().find(|s| &s.id == sid).unwrap();
                assert!(text(*sli).contains(&secondary.title));
                let idea_links: Vec<String> = select_in(*sli, ":scope > ul > li a")
                    .into_iter()
                    .map(|a| attr(a, "href"))
                    .collect();
                let expected: Vec<String> = secondary
                    .change_ideas
                    .iter()
                    .map(|id| format!("#idea-{id}"))
                    .collect();
                assert_eq!(idea_links, expected, "ideas under {sid}");
            }
        }

        // A section per change idea, with its PDSA cycles and measures.
        assert!(matches!(*package.body, Body::ChangePackage(_)));
        for idea in &f.change_ideas {
            let heading = one(&doc, &format!("#idea-{}", idea.id));
            assert_eq!(text(heading), idea.title);
            let section = parent_element(heading);
            assert_eq!(section.value().name(), "section");
            assert_eq!(
                select_in(section, "table.pdsa").len(),
                idea.pdsa.len(),
                "PDSA cycles of {}",
                idea.id
            );
            for cycle in &idea.pdsa {
                assert!(text(section).contains(&cycle.title));
            }
            for measure in &idea.measures {
                assert!(text(section).contains(&measure.name));
            }
        }
        // The example shows all three kinds of measure somewhere.
        let all_text = text(one(&doc, "main"));
        for kind in ["outcome", "process", "balancing"] {
            assert!(all_text.contains(&ui(
                &package.lang,
                &format!("change_package.measure_types.{kind}")
            )));
        }
    }
}

#[test]
fn cards_change_packages_and_resource_lists_show_a_recommended_citation() {
    let site = example();
    let pages: Vec<&Page> = model()
        .site
        .pages
        .iter()
        .filter(|p| {
            matches!(
                p.front.kind,
                Kind::Card | Kind::ChangePackage | Kind::Resources
            )
        })
        .collect();
    assert!(pages.len() >= 7);
    let settings = &model().site.settings;
    for page in pages {
        let doc = site.page(&page.path);
        let heading = select(&doc, "main h2")
            .into_iter()
            .find(|h| text(*h) == ui(&page.lang, "citation.heading"))
            .unwrap_or_else(|| panic!("no citation heading on {}", page.path));
        let block = text(parent_element(heading));
        // A fallback page (an untranslated page shown in another language's
        // site) cites its source, which is its canonical URL.
        let cited_path = match page.origin {
            cardstock::model::Origin::Fallback { source } => &model().site.pages[source].path,
            _ => &page.path,
        };
        let url = format!("{}{}", site.base_url, cited_path);
        for part in [
            settings.publisher.as_str(),
            page.front.title.as_str(),
            url.as_str(),
            settings.title_in(&page.lang),
        ] {
            assert!(
                block.contains(part),
                "citation on {} lacks `{part}`: {block}",
                page.path
            );
        }
        let year = page
            .front
            .updated
            .as_deref()
            .map(|d| d[..4].to_string())
            .unwrap_or_else(|| settings.year.unwrap().to_string());
        assert!(block.contains(&format!("({year})")), "year in {block}");
    }
}

/// The card pages a listing links to, as site paths.
fn listed_cards(site: &BuiltSite, listing: &str) -> BTreeSet<String> {
    let doc = site.page(listing);
    select(&doc, "main .card-grid > li h2 a")
        .into_iter()
        .map(
            |a| match site.resolve(&file_of(listing), &attr(a, "href")) {
                Link::Internal { file, .. } => file.trim_end_matches("index.html").to_string(),
                other => panic!("{listing}: {other:?}"),
            },
        )
        .collect()
}

#[test]
fn card_index_lists_every_card_of_its_language() {
    for lang in ["en", "es"] {
        let expected: BTreeSet<String> = pages_of_kind(Kind::Card)
            .into_iter()
            .filter(|p| p.lang == lang)
            .map(|p| p.path.clone())
            .collect();
        assert_eq!(
            listed_cards(example(), &format!("{lang}/strategies/")),
            expected
        );
        let doc = example().page(&format!("{lang}/strategies/"));
        for tile in select(&doc, "main .card-grid > li") {
            let title = text(select_in(tile, "h2")[0]);
            let card = pages_of_kind(Kind::Card)
                .into_iter()
                .find(|p| p.lang == lang && p.front.title == title)
                .unwrap();
            assert!(text(tile).contains(card.front.summary.as_deref().unwrap()));
            // Tags as the language names them (content/_taxonomies/).
            for raw in &card.front.tags {
                let tag = model().site.term(Facet::Tags, card, raw).name;
                assert!(
                    text(tile).contains(tag.as_str()),
                    "tag {tag} on the tile of {title}"
                );
            }
        }
    }
}

#[test]
fn facet_pages_list_the_cards_with_that_term() {
    let site = example();
    let cards = pages_of_kind(Kind::Card);
    let mut checked = 0;
    for card in &cards {
        let doc = site.page(&card.path);
        // Terms as the card's language names them (content/_taxonomies/).
        let named = |c: &Page, facet: Facet| -> Vec<String> {
            facet
                .values(&c.front)
                .iter()
                .map(|raw| model().site.term(facet, c, raw).name)
                .collect()
        };
        for facet in Facet::ALL {
            let segment = facet.segment();
            for term in &named(card, facet) {
                // The card links each of its terms to that term's page…
                let link = select(&doc, "main .glance a")
                    .into_iter()
                    .find(|a| text(*a) == *term)
                    .unwrap_or_else(|| panic!("{}: no link for {segment} `{term}`", card.path));
                let Link::Internal { file, .. } =
                    site.resolve(&file_of(&card.path), &attr(link, "href"))
                else {
                    panic!("{}: the link for `{term}` is broken", card.path);
                };
                let term_page = file.trim_end_matches("index.html").to_string();
                assert!(term_page.starts_with(&format!("{}/{segment}/", card.lang)));
                // …and that page lists exactly the cards of the language with the term.
                let expected: BTreeSet<String> = cards
                    .iter()
                    .filter(|c| c.lang == card.lang)
                    .filter(|c| {
                        named(c, facet)
                            .iter()
                            .any(|v| v.to_lowercase() == term.to_lowercase())
                    })
                    .map(|c| c.path.clone())
                    .collect();
                assert_eq!(listed_cards(site, &term_page), expected, "{term_page}");
                // A heading that reads as a sentence: "Strategy cards tagged “pdsa”".
                let heading = ui(&card.lang, &format!("facets.term_heading.{segment}"));
                assert_eq!(
                    text(one(&site.page(&term_page), "h1")),
                    heading.replace("{term}", term)
                );
                checked += 1;
            }
        }
    }
    assert!(checked > 10);
    // Each facet index links every term page of its language.
    for lang in ["en", "es"] {
        for segment in ["tags", "audiences", "settings"] {
            let index = format!("{lang}/{segment}/");
            let doc = site.page(&index);
            let linked: BTreeSet<String> = select(&doc, "main ul.term-index a")
                .into_iter()
                .map(|a| match site.resolve(&file_of(&index), &attr(a, "href")) {
                    Link::Internal { file, .. } => file,
                    other => panic!("{index}: {other:?}"),
                })
                .collect();
            let on_disk: BTreeSet<String> = std::fs::read_dir(site.root.join(&index))
                .unwrap()
                .map(|e| e.unwrap())
                .filter(|e| e.file_type().unwrap().is_dir())
                .map(|e| format!("{index}{}/index.html", e.file_name().to_string_lossy()))
                .collect();
            assert!(!on_disk.is_empty(), "{index} has no terms");
            assert_eq!(linked, on_disk, "{index}");
        }
    }
}

#[test]
fn breadcrumbs_lead_from_home_to_the_page() {
    let site = example();
    let cases = [
        (
            "en/strategies/learning-collaboratives/",
            vec!["en/", "en/strategies/"],
        ),
        (
            "es/strategies/learning-collaboratives/",
            vec!["es/", "es/strategies/"],
        ),
        ("en/tags/pdsa/", vec!["en/", "en/tags/"]),
        ("en/about/", vec!["en/"]),
    ];
    for (page, ancestors) in cases {
        let doc = site.page(page);
        let crumbs: Vec<ElementRef> = select(&doc, "nav.breadcrumbs li a");
        let targets: Vec<String> = crumbs
            .iter()
            .map(|a| match site.resolve(&file_of(page), &attr(*a, "href")) {
                Link::Internal { file, .. } => file.trim_end_matches("index.html").to_string(),
                other => panic!("{page}: {other:?}"),
            })
            .collect();
        let mut expected: Vec<String> = ancestors.iter().map(|s| s.to_string()).collect();
        expected.push(page.to_string());
        assert_eq!(targets, expected, "breadcrumbs of {page}");
        let lang = &page[..2];
        assert_eq!(text(crumbs[0]), ui(lang, "nav.home"));
        let last = crumbs.last().unwrap();
        assert_eq!(last.value().attr("aria-current"), Some("page"));
        // The last crumb names the page: its title, which a term page's heading contains.
        assert!(text(one(&doc, "h1")).contains(&text(*last)), "{page}");
        assert_eq!(
            attr(one(&doc, "nav.breadcrumbs"), "aria-label"),
            ui(lang, "nav.breadcrumbs")
        );
    }
}

#[test]
fn pages_use_the_ui_strings_of_their_language() {
    for (page, lang) in [("en/", "en"), ("es/", "es"), ("es/strategies/", "es")] {
        let doc = example().page(page);
        assert_eq!(attr(one(&doc, "html"), "lang"), lang);
        assert_eq!(text(one(&doc, "a.skip-link")), ui(lang, "skip_to_content"));
        let skip_target = attr(one(&doc, "a.skip-link"), "href");
        assert!(ids_of(&doc).contains(skip_target.trim_start_matches('#')));
    }
}
