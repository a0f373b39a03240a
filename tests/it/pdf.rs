//! PDF handouts (issue 12): toolkits built with handouts on, their PDFs
//! opened with lopdf (structure tree, language, title, PDF/UA identifier,
//! figures) and read with poppler's `pdftotext` (text in logical order).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use lopdf::{Dictionary, Document, Object};

use crate::support::*;

/// A toolkit built once, with handouts, shared by the tests that only read it.
struct Built {
    _ws: Workspace,
    out: PathBuf,
    site: BuiltSite,
    report: cardstock::BuildReport,
}

fn build_with_handouts(ws: Workspace) -> Built {
    let report = ws
        .build_with_handouts()
        .unwrap_or_else(|e| panic!("build failed:\n{e}"));
    let out = ws.out.clone();
    let site = BuiltSite::at(&out, &ws.base_url());
    Built {
        _ws: ws,
        out,
        site,
        report,
    }
}

/// The example toolkit (English and Spanish).
fn example() -> &'static Built {
    static BUILT: OnceLock<Built> = OnceLock::new();
    BUILT.get_or_init(|| build_with_handouts(Workspace::from_example()))
}

/// The three-language fixture, with Arabic (right to left).
fn i18n() -> &'static Built {
    static BUILT: OnceLock<Built> = OnceLock::new();
    BUILT.get_or_init(|| build_with_handouts(Workspace::from_fixture("i18n")))
}

fn pdf_paths(out: &Path) -> Vec<String> {
    let mut found = Vec::new();
    collect_pdfs(out, out, &mut found);
    found.sort();
    found
}

fn collect_pdfs(root: &Path, dir: &Path, found: &mut Vec<String>) {
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect_pdfs(root, &path, found);
        } else if path.extension().is_some_and(|e| e == "pdf") {
            found.push(
                path.strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/"),
            );
        }
    }
}

/// A PDF text string: UTF-16 with a byte-order mark, or PDFDocEncoding (Latin-1 here).
fn text_of(bytes: &[u8]) -> String {
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        let units: Vec<u16> = rest
            .chunks(2)
            .map(|c| u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)]))
            .collect();
        String::from_utf16_lossy(&units)
    } else {
        bytes.iter().map(|&b| b as char).collect()
    }
}

fn deref<'a>(doc: &'a Document, object: &'a Object) -> &'a Object {
    doc.dereference(object).map(|(_, o)| o).unwrap_or(object)
}

/// One element of the structure tree, in reading order.
#[derive(Debug, Clone)]
struct Element {
    kind: String,
    alt: Option<String>,
}

fn structure(doc: &Document) -> Vec<Element> {
    let catalog = doc.catalog().unwrap();
    let root = deref(
        doc,
        catalog.get(b"StructTreeRoot").expect("a structure tree"),
    );
    let mut found = Vec::new();
    if let Ok(k) = root.as_dict().unwrap().get(b"K") {
        walk(doc, k, &mut found, 0);
    }
    found
}

fn walk(doc: &Document, object: &Object, found: &mut Vec<Element>, depth: usize) {
    assert!(depth < 200, "structure tree too deep");
    match deref(doc, object) {
        Object::Array(items) => items.iter().for_each(|i| walk(doc, i, found, depth + 1)),
        Object::Dictionary(dict) => element(doc, dict, found, depth),
        _ => {}
    }
}

fn element(doc: &Document, dict: &Dictionary, found: &mut Vec<Element>, depth: usize) {
    let Ok(kind) = dict.get(b"S").and_then(Object::as_name) else {
        return; // a marked-content or object reference
    };
    let string = |key: &[u8]| {
        dict.get(key)
            .ok()
            .and_then(|o| deref(doc, o).as_str().ok())
            .map(text_of)
    };
    found.push(Element {
        kind: String::from_utf8_lossy(kind).into_owned(),
        alt: string(b"Alt"),
    });
    if let Ok(k) = dict.get(b"K") {
        walk(doc, k, found, depth + 1);
    }
}

fn open(built: &Built, rel: &str) -> Document {
    Document::load(built.out.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn xmp(doc: &Document) -> String {
    let catalog = doc.catalog().unwrap();
    let stream = deref(doc, catalog.get(b"Metadata").expect("XMP metadata"))
        .as_stream()
        .unwrap();
    let bytes = stream
        .decompressed_content()
        .unwrap_or_else(|_| stream.content.clone());
    String::from_utf8_lossy(&bytes).into_owned()
}

/// The text of a PDF as poppler's `pdftotext` reads it, or `None` (with a
/// note) when poppler is not installed, except in CI, where `.ci/run`
/// installs it and its absence fails the test.
fn pdftotext(path: &Path) -> Option<String> {
    let output = match Command::new("pdftotext")
        .arg("-enc")
        .arg("UTF-8")
        .arg(path)
        .arg("-")
        .output()
    {
        Ok(output) => output,
        Err(e) if std::env::var_os("CI").is_none() => {
            eprintln!(
                "note: pdftotext (Debian's poppler-utils) is not installed ({e}); text checks skipped"
            );
            return None;
        }
        Err(e) => panic!("pdftotext (Debian's poppler-utils; .ci/run installs it): {e}"),
    };
    assert!(
        output.status.success(),
        "pdftotext failed on {}",
        path.display()
    );
    Some(String::from_utf8(output.stdout).unwrap())
}

/// White space of any kind and amount as one space, for comparing text
/// broken into lines.
fn squash(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn every_card_change_package_and_resource_list_has_a_pdf_in_each_language_it_exists_in() {
    let built = example();
    let pdfs = pdf_paths(&built.out);
    let mut expected = Vec::new();
    for page in built.site.html_files() {
        let doc = built.site.page(&page);
        let kind = select(&doc, "article")
            .first()
            .map(|a| attr(*a, "class"))
            .unwrap_or_default();
        let is_handout_kind = ["strategy-card", "change-package", "resource-list"]
            .iter()
            .any(|k| kind.split_whitespace().any(|c| c == *k));
        if !is_handout_kind || page.contains("print-packet") {
            continue;
        }
        let link = one(&doc, ".handout-links a[type='application/pdf']");
        let href = attr(link, "href");
        let target = match built.site.resolve(&page, &href) {
            Link::Internal { file, .. } => file,
            other => panic!("{page}: the handout link {href} leads nowhere: {other:?}"),
        };
        let size = std::fs::metadata(built.out.join(&target)).unwrap().len();
        let size_text = text(one(&doc, ".handout-links .handout-size"));
        assert!(
            size_text.contains(&size.div_ceil(1024).to_string()),
            "{page}: `{size_text}` does not give the size of {target} ({size} bytes)"
        );
        let fallback = !select(&doc, ".translation-notice-fallback").is_empty();
        let own_dir = page.trim_end_matches("index.html");
        if fallback {
            assert!(
                !target.starts_with(own_dir),
                "{page}: a fallback page links its source's PDF, not {target}"
            );
            assert!(
                size_text.contains("inglés"),
                "{page}: a fallback page says the PDF's language: {size_text}"
            );
        } else {
            assert!(target.starts_with(own_dir), "{page}: links {target}");
            expected.push(target);
        }
    }
    for lang in ["en", "es"] {
        expected.push(format!("{lang}/toolkit.pdf"));
    }
    expected.sort();
    expected.dedup();
    assert!(
        expected.len() >= 10,
        "the example toolkit has cards, a change package and a resource list: {expected:?}"
    );
    assert_eq!(
        pdfs, expected,
        "exactly one PDF per handout page and one book per language"
    );
}

#[test]
fn handouts_are_tagged_pdf_ua_with_their_language_and_title() {
    for (built, rel, lang, title) in [
        (
            example(),
            "en/strategies/learning-collaboratives/learning-collaboratives.pdf",
            "en",
            "Learning Collaboratives",
        ),
        (
            example(),
            "es/strategies/learning-collaboratives/learning-collaboratives.pdf",
            "es",
            "Colaborativos de aprendizaje",
        ),
        (
            i18n(),
            "ar/strategies/peer-coaching/peer-coaching.pdf",
            "ar",
            "التوجيه بين الأقران",
        ),
        (i18n(), "ar/toolkit.pdf", "ar", "مجموعة أدوات الاختبار"),
    ] {
        let doc = open(built, rel);
        let catalog = doc.catalog().unwrap();
        let marked = deref(&doc, catalog.get(b"MarkInfo").unwrap())
            .as_dict()
            .unwrap()
            .get(b"Marked")
            .unwrap()
            .as_bool()
            .unwrap();
        assert!(marked, "{rel}: /MarkInfo /Marked true");
        assert_eq!(
            text_of(catalog.get(b"Lang").unwrap().as_str().unwrap()),
            lang,
            "{rel}: /Lang"
        );
        let prefs = deref(&doc, catalog.get(b"ViewerPreferences").unwrap())
            .as_dict()
            .unwrap();
        assert!(
            prefs.get(b"DisplayDocTitle").unwrap().as_bool().unwrap(),
            "{rel}: the title is shown as the window title"
        );
        let metadata = xmp(&doc);
        assert!(
            metadata.contains("pdfuaid:part>1<") || metadata.contains("pdfuaid:part=\"1\""),
            "{rel}: PDF/UA-1 identifier in XMP:\n{metadata}"
        );
        assert!(
            metadata.contains(title),
            "{rel}: the title `{title}` in the XMP metadata"
        );
        assert!(!structure(&doc).is_empty(), "{rel}: a structure tree");
    }
}

#[test]
fn headings_start_at_h1_and_never_skip_a_level() {
    for built in [example(), i18n()] {
        for rel in pdf_paths(&built.out) {
            let doc = open(built, &rel);
            let levels: Vec<u32> = structure(&doc)
                .iter()
                .filter_map(|e| e.kind.strip_prefix('H').and_then(|n| n.parse().ok()))
                .collect();
            assert_eq!(
                levels.first(),
                Some(&1),
                "{rel}: the first heading is H1: {levels:?}"
            );
            for pair in levels.windows(2) {
                assert!(
                    pair[1] <= pair[0] + 1,
                    "{rel}: H{} follows H{}: {levels:?}",
                    pair[1],
                    pair[0]
                );
            }
        }
    }
}

#[test]
fn the_driver_diagram_is_a_figure_whose_alternative_text_carries_the_structure() {
    let built = example();
    let doc = open(
        built,
        "en/change-packages/run-a-learning-collaborative/run-a-learning-collaborative.pdf",
    );
    let figures: Vec<Element> = structure(&doc)
        .into_iter()
        .filter(|e| e.kind == "Figure")
        .collect();
    assert!(!figures.is_empty(), "the diagram is a Figure");
    for figure in &figures {
        assert!(
            figure.alt.as_deref().is_some_and(|a| !a.trim().is_empty()),
            "every Figure has alternative text"
        );
    }
    let alt = figures[0].alt.clone().unwrap();
    let html = built
        .site
        .page("en/change-packages/run-a-learning-collaborative/index.html");
    let list = one(&html, ".driver-tree");
    // Every aim, driver and change idea of the page's list is in the
    // figure's text, in the list's order.
    let mut at = 0;
    for item in select_in(list, "strong, span, a") {
        let name = text(item);
        let found = alt[at..].find(&name).unwrap_or_else(|| {
            panic!("`{name}` missing (or out of order) in the diagram's alternative text:\n{alt}")
        });
        at += found;
    }
    assert!(alt.contains("Aim: "), "the aim is named: {alt}");
}

#[test]
fn english_citation_titles_in_a_spanish_card_carry_their_language() {
    // Typst marks a span of another language on its marked content
    // (`/Span <</Lang (en)>> BDC`), which is where PDF/UA allows it too.
    let doc = open(
        example(),
        "es/strategies/learning-collaboratives/learning-collaboratives.pdf",
    );
    let content: Vec<u8> = doc
        .get_pages()
        .values()
        .flat_map(|&page| doc.get_page_content(page).unwrap())
        .collect();
    let text = String::from_utf8_lossy(&content);
    assert!(text.contains("/Lang(es)"), "the card's own text is Spanish");
    assert!(
        text.contains("/Lang(en)"),
        "the English citation title is marked English"
    );
}

#[test]
fn arabic_ligatures_map_to_their_letters_in_logical_order() {
    // Lam-alef is one glyph for two letters; its Unicode mapping must give
    // lam then alef, or copied and spoken text comes out reversed.
    let doc = open(i18n(), "ar/strategies/peer-coaching/peer-coaching.pdf");
    let mut maps = String::new();
    for object in doc.objects.values() {
        if let Ok(stream) = object.as_stream() {
            let bytes = stream
                .decompressed_content()
                .unwrap_or_else(|_| stream.content.clone());
            let text = String::from_utf8_lossy(&bytes);
            if text.contains("beginbfchar") || text.contains("beginbfrange") {
                maps.push_str(&text.to_ascii_uppercase());
            }
        }
    }
    assert!(
        maps.contains("<06440627>"),
        "lam-alef maps to U+0644 U+0627"
    );
    assert!(!maps.contains("<06270644>"), "never to alef then lam");
}

#[test]
fn extracted_text_has_the_section_labels_and_the_body_in_logical_order() {
    for (built, rel, lang, sentence) in [
        (
            example(),
            "en/strategies/learning-collaboratives/learning-collaboratives.pdf",
            "en",
            "Faculty teach and coach, but much of the value comes from the teams",
        ),
        (
            example(),
            "es/strategies/learning-collaboratives/learning-collaboratives.pdf",
            "es",
            "cuerpo docente experto",
        ),
        (
            i18n(),
            "ar/strategies/peer-coaching/peer-coaching.pdf",
            "ar",
            // Without lam-alef: poppler reverses the two letters of a
            // ligature glyph in right-to-left text (the PDF maps them in
            // logical order; see the ligature test).
            "يلتقي كل زوج مرة كل أسبوعين لمدة",
        ),
    ] {
        let Some(text) = pdftotext(&built.out.join(rel)) else {
            return;
        };
        let text = squash(&text);
        for section in ["what", "how", "where", "considerations"] {
            let label = ui(lang, &format!("sections.{section}"));
            assert!(
                text.contains(&label),
                "{rel}: the section label `{label}` in:\n{text}"
            );
        }
        assert!(text.contains(sentence), "{rel}: `{sentence}` in:\n{text}");
    }
}

#[test]
fn a_second_build_takes_every_handout_from_the_cache_and_writes_the_same_bytes() {
    let ws = Workspace::from_fixture("minimal");
    let first = ws.build_with_handouts().unwrap();
    let before: BTreeMap<String, Vec<u8>> = snapshot(&ws.out)
        .into_iter()
        .filter(|(p, _)| p.ends_with(".pdf"))
        .collect();
    let (typeset, cached) = first.timings.handouts.clone().unwrap();
    assert!(!typeset.is_empty() && cached == 0, "a cold build typesets");
    let second = ws.build_with_handouts().unwrap();
    let (typeset, cached) = second.timings.handouts.clone().unwrap();
    assert_eq!(
        (typeset.len(), cached),
        (0, before.len()),
        "a warm build typesets nothing"
    );
    let after: BTreeMap<String, Vec<u8>> = snapshot(&ws.out)
        .into_iter()
        .filter(|(p, _)| p.ends_with(".pdf"))
        .collect();
    assert_eq!(before, after, "the same bytes");
    // An edited card is typeset again; the others still come from the cache.
    let card = "content/en/strategies/peer-support.md";
    let text = ws
        .read(card)
        .replacen("\n## What", "\n## What\n\nAn added sentence.\n", 1);
    ws.write(card, &text);
    let third = ws.build_with_handouts().unwrap();
    let (typeset, _) = third.timings.handouts.clone().unwrap();
    assert!(
        !typeset.is_empty() && typeset.len() < before.len(),
        "only what changed is typeset again: {} of {}",
        typeset.len(),
        before.len()
    );
}

#[test]
fn author_text_that_looks_like_typst_is_printed_not_run() {
    let ws = Workspace::from_fixture("minimal");
    let card = "content/en/strategies/peer-support.md";
    let text = ws.read(card).replacen(
        "\n## What\n",
        "\n## What\n\nLiteral #read(\"/etc/passwd\") and #import \"@preview/x:1.0.0\" and $x^2$ and #panic(\"no\").\n",
        1,
    );
    ws.write(card, &text);
    let built = build_with_handouts(ws);
    let Some(extracted) = pdftotext(
        &built
            .out
            .join("en/strategies/peer-support/peer-support.pdf"),
    ) else {
        return;
    };
    let extracted = squash(&extracted);
    assert!(
        extracted.contains("Literal #read(\"/etc/passwd\") and #import"),
        "{extracted}"
    );
    assert!(!extracted.contains("root:"), "no file was read");
}

#[test]
fn a_broken_pdf_template_is_reported_at_its_file_and_line() {
    let ws = Workspace::from_fixture("minimal");
    ws.write("pdf/card.typ", "#import \"handout.typ\": *\n\n#let card(data, page, level) = {\n  heading(level: level, page.title\n}\n");
    let err = ws
        .build_with_handouts()
        .expect_err("a template that does not compile fails the build");
    let message = err.to_string();
    assert!(
        message.contains("pdf/card.typ:"),
        "names the template: {message}"
    );
    assert!(
        !message.contains("typst::") && !message.contains("panicked"),
        "no Typst internals: {message}"
    );
    assert!(!ws.out.exists(), "nothing was written");
}

#[test]
fn handouts_off_in_the_settings_means_no_pdfs_and_no_links() {
    let ws = Workspace::from_fixture("minimal");
    let settings = ws.read("cardstock.yaml") + "pdf:\n  handouts: false\n";
    ws.write("cardstock.yaml", &settings);
    let built = build_with_handouts(ws);
    assert!(pdf_paths(&built.out).is_empty());
    let page = built.site.page("en/strategies/peer-support/index.html");
    assert!(select(&page, ".handout-links").is_empty());
    assert!(built.report.timings.handouts.is_none());
}

#[test]
fn a_changed_image_typesets_again_only_the_handout_that_shows_it() {
    let ws = Workspace::from_fixture("minimal");
    let chart = |colour: &str| {
        format!(
            r#"<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"><rect width="40" height="20" fill="{colour}"/></svg>"#
        )
    };
    ws.write("static/images/chart.svg", &chart("red"));
    let card = "content/en/strategies/peer-support.md";
    let text = ws.read(card).replacen(
        "\n## What\n",
        "\n## What\n\n![A red bar standing for the share of warm handoffs](/images/chart.svg)\n",
        1,
    );
    ws.write(card, &text);
    let first = ws.build_with_handouts().unwrap();
    let total = first.timings.handouts.clone().unwrap().0.len();
    // The image is in the handout, with its alternative text.
    let doc = open_at(&ws.out, "en/strategies/peer-support/peer-support.pdf");
    let figure_alts: Vec<String> = structure(&doc)
        .into_iter()
        .filter(|e| e.kind == "Figure")
        .filter_map(|e| e.alt)
        .collect();
    assert!(
        figure_alts.iter().any(|a| a.contains("warm handoffs")),
        "the image is a Figure with its alternative text: {figure_alts:?}"
    );
    std::thread::sleep(std::time::Duration::from_millis(20));
    ws.write("static/images/chart.svg", &chart("blue"));
    let second = ws.build_with_handouts().unwrap();
    let (typeset, cached) = second.timings.handouts.clone().unwrap();
    assert_eq!(
        (typeset.len(), cached),
        (2, total - 2),
        "only the card showing the image, and the book"
    );
}

fn open_at(out: &Path, rel: &str) -> Document {
    Document::load(out.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

#[test]
fn a_font_linked_from_outside_the_toolkit_is_refused() {
    let ws = Workspace::from_fixture("minimal");
    std::fs::create_dir_all(ws.toolkit.join("fonts")).unwrap();
    std::os::unix::fs::symlink("/etc/passwd", ws.toolkit.join("fonts/evil.ttf")).unwrap();
    let err = ws.build().expect_err("a font from outside the toolkit");
    let message = err.to_string();
    assert!(message.contains("fonts/evil.ttf"), "{message}");
    assert!(message.contains("outside the toolkit"), "{message}");
}

#[test]
fn an_unknown_paper_size_is_reported_at_its_line() {
    let ws = Workspace::from_fixture("minimal");
    let settings = ws.read("cardstock.yaml");
    let line = settings.lines().count() + 2;
    ws.write("cardstock.yaml", &format!("{settings}pdf:\n  paper: a5\n"));
    let message = ws.build().expect_err("a5 is not offered").to_string();
    assert!(
        message.contains(&format!("cardstock.yaml:{line}:")),
        "{message}"
    );
    assert!(
        message.contains("us-letter") && message.contains("a4"),
        "{message}"
    );
}
