//! Deployment under a sub-path: `--base-url https://host/sub/` puts `/sub/`
//! into every absolute URL (canonical, hreflang, sitemap, robots.txt, 404
//! links) while the pages' own links stay relative and keep resolving.


use crate::support::*;

const BASE: &str = "https://host/sub/";

/// Both toolkits, built for the sub-path. The base URL is given without its
/// trailing slash, as people type it.
fn sub_path_sites() -> Vec<(tempfile::TempDir, BuiltSite)> {
    vec![
        build_into_temp(&example_toolkit(), Some("https://host/sub")),
        build_into_temp(&fixture("minimal"), Some("https://host/sub")),
    ]
}

#[test]
fn absolute_urls_carry_the_sub_path() {
    for (_dir, site) in sub_path_sites() {
        assert_eq!(site.base_url, BASE);
        for file in site.html_files() {
            let doc = site.page(&file);
            let canonical = attr(one(&doc, "link[rel=canonical]"), "href");
            assert!(canonical.starts_with(BASE), "{file}: canonical {canonical}");
            for (lang, url) in head_alternates(&doc) {
                assert!(url.starts_with(BASE), "{file}: hreflang {lang} → {url}");
            }
        }
        let robots = site.text("robots.txt");
        assert!(
            robots
                .lines()
                .any(|l| l == format!("Sitemap: {BASE}sitemap.xml"))
        );
        let xml = site.text("sitemap.xml");
        let sitemap = roxmltree::Document::parse(&xml).unwrap();
        let mut urls = 0;
        for node in sitemap.descendants() {
            let url = match node.tag_name().name() {
                "loc" => node.text(),
                "link" => node.attribute("href"),
                _ => continue,
            }
            .unwrap();
            assert!(url.starts_with(BASE), "sitemap URL {url}");
            urls += 1;
        }
        assert!(urls > 10);
    }
}

#[test]
fn not_found_page_links_start_with_the_sub_path() {
    for (_dir, site) in sub_path_sites() {
        let doc = site.page("404.html");
        let mut checked = 0;
        for (what, href) in link_targets(&doc) {
            if href.starts_with('#') || href.starts_with("https://") {
                continue;
            }
            assert!(href.starts_with("/sub/"), "404.html {what} `{href}`");
            assert!(
                matches!(site.resolve("404.html", &href), Link::Internal { .. }),
                "404.html {what} `{href}` does not resolve"
            );
            checked += 1;
        }
        // The stylesheet and the home link at least.
        assert!(checked >= 2);
        assert!(
            select(&doc, "link[rel=stylesheet]")
                .iter()
                .all(|l| attr(*l, "href").starts_with("/sub/"))
        );
    }
}

#[test]
fn pages_link_relatively_so_any_folder_can_serve_them() {
    for (_dir, site) in sub_path_sites() {
        let broken = site.broken_links();
        assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
        for file in site.html_files().into_iter().filter(|f| f != "404.html") {
            let doc = site.page(&file);
            for (what, href) in link_targets(&doc) {
                assert!(
                    !href.starts_with('/'),
                    "{file}: {what} `{href}` is site-absolute, which breaks under a sub-path"
                );
            }
        }
    }
}

#[test]
fn a_site_absolute_markdown_link_follows_the_sub_path() {
    let (_dir, site) = build_into_temp(&fixture("minimal"), Some(BASE));
    let doc = site.page("en/about/");
    let link = select(&doc, "main a")
        .into_iter()
        .find(|a| text(*a) == "all cards")
        .unwrap();
    assert_eq!(attr(link, "href"), "../../en/strategies/");
}

#[test]
fn citations_name_the_deployed_url() {
    let (_dir, site) = build_into_temp(&fixture("minimal"), Some(BASE));
    let doc = site.page("en/strategies/peer-support/");
    let heading = one(&doc, "#recommended-citation");
    let block = text(
        heading
            .parent()
            .and_then(scraper::ElementRef::wrap)
            .unwrap(),
    );
    assert!(
        block.contains(&format!("{BASE}en/strategies/peer-support/")),
        "{block}"
    );
}
