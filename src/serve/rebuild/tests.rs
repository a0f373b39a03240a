//! Incremental rebuilds must give exactly what a full build gives. Each test
//! edits a copy of the example toolkit step by step, applies every change to
//! one `Project`, and compares its files with a fresh `build_in_memory` of the
//! same folder, byte for byte, in both directions.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use super::*;

struct Fixture {
    dir: tempfile::TempDir,
    project: Project,
}

impl Fixture {
    /// A copy of the example toolkit (the repository root), built once.
    fn new() -> Fixture {
        let dir = tempfile::tempdir().unwrap();
        let example = Path::new(env!("CARGO_MANIFEST_DIR"));
        fs::copy(
            example.join("cardstock.yaml"),
            dir.path().join("cardstock.yaml"),
        )
        .unwrap();
        copy_tree(&example.join("content"), &dir.path().join("content"));
        let root = fs::canonicalize(dir.path()).unwrap();
        let (project, outcome) = Project::open(&root).unwrap();
        assert!(outcome.result.is_ok(), "{:?}", outcome.result);
        Fixture { dir, project }
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.project.root().join(rel)
    }

    fn read(&self, rel: &str) -> String {
        fs::read_to_string(self.path(rel)).unwrap()
    }

    fn write(&self, rel: &str, text: &str) -> PathBuf {
        let path = self.path(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(&path, text).unwrap();
        path
    }

    fn edit(&self, rel: &str, from: &str, to: &str) -> PathBuf {
        let text = self.read(rel);
        assert!(text.contains(from), "{rel} does not contain {from:?}");
        self.write(rel, &text.replacen(from, to, 1))
    }

    fn remove(&self, rel: &str) -> PathBuf {
        let path = self.path(rel);
        if path.is_dir() {
            fs::remove_dir_all(&path).unwrap();
        } else {
            fs::remove_file(&path).unwrap();
        }
        path
    }

    /// Applies the changed paths and expects a good build; then refreshes
    /// the search index, as the server does once the pages have reloaded.
    fn apply(&mut self, paths: &[PathBuf]) -> Update {
        let outcome = self
            .project
            .apply(paths)
            .expect("the change is read by the build");
        match outcome.result {
            Ok(update) => {
                self.project.refresh_search();
                update
            }
            Err(problems) => panic!("rebuild failed: {problems:#?}"),
        }
    }

    /// Applies the changed paths and expects errors.
    fn apply_broken(&mut self, paths: &[PathBuf]) -> Vec<Diagnostic> {
        let outcome = self
            .project
            .apply(paths)
            .expect("the change is read by the build");
        outcome.result.expect_err("the build should fail")
    }

    /// The served files equal a full build of the folder as it is now.
    fn assert_same_as_full_build(&self) {
        let built = crate::build_in_memory(self.dir.path(), None).unwrap();
        let expected: BTreeMap<&str, &[u8]> = built
            .files
            .iter()
            .map(|f| (f.path.as_str(), f.bytes.as_slice()))
            .collect();
        let served: BTreeMap<&str, &[u8]> =
            self.project.files().map(|(p, b)| (p, b.as_ref())).collect();
        let missing: Vec<&&str> = expected
            .keys()
            .filter(|p| !served.contains_key(*p))
            .collect();
        let extra: Vec<&&str> = served
            .keys()
            .filter(|p| !expected.contains_key(*p))
            .collect();
        assert!(missing.is_empty(), "not served: {missing:?}");
        assert!(extra.is_empty(), "served but not built: {extra:?}");
        for (path, bytes) in &expected {
            assert!(
                served[path] == *bytes,
                "{path} differs from a full build:\n--- served\n{}\n--- built\n{}",
                String::from_utf8_lossy(served[path]),
                String::from_utf8_lossy(bytes)
            );
        }
        let statics: BTreeMap<String, Vec<u8>> = built
            .toolkit
            .static_files
            .iter()
            .map(|(p, a)| (p.clone(), a.read().unwrap().into_owned()))
            .collect();
        let served_statics: BTreeMap<String, Vec<u8>> = self
            .project
            .statics()
            .iter()
            .map(|(p, b)| (p.clone(), b.to_vec()))
            .collect();
        assert_eq!(served_statics, statics);
    }
}

fn copy_tree(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), target).unwrap();
        }
    }
}

fn written(update: &Update) -> Vec<&str> {
    let mut paths: Vec<&str> = update
        .delta
        .written
        .iter()
        .map(|(p, _)| p.as_str())
        .collect();
    paths.sort();
    paths
}

const CARD: &str = "content/en/strategies/training-workshops.md";

#[test]
fn editing_a_card_s_text_renders_only_the_pages_showing_it() {
    let mut f = Fixture::new();
    // Not translated: the Spanish site shows the English text as a fallback page.
    let changed = f.edit(CARD, "## What", "## What\n\nA new first paragraph.\n");
    let update = f.apply(&[changed]);
    assert_eq!(update.rendered, 2);
    assert_eq!(
        written(&update),
        vec![
            "en/strategies/training-workshops/index.html",
            "es/strategies/training-workshops/index.html"
        ]
    );
    f.assert_same_as_full_build();
}

#[test]
fn editing_a_translated_source_marks_its_translation_outdated() {
    let mut f = Fixture::new();
    let spanish = "es/strategies/external-facilitation/index.html";
    let notice = |f: &Fixture| {
        String::from_utf8_lossy(f.project.file(spanish).unwrap())
            .contains("translation-notice-outdated")
    };
    assert!(!notice(&f), "the Spanish card starts up to date");
    let changed = f.edit(
        "content/en/strategies/external-facilitation.md",
        "## What",
        "## What\n\nA new first paragraph.\n",
    );
    let update = f.apply(&[changed]);
    assert_eq!(
        written(&update),
        vec!["en/strategies/external-facilitation/index.html", spanish]
    );
    assert!(notice(&f), "the Spanish card says it is outdated");
    f.assert_same_as_full_build();
    // Undoing the edit makes it current again.
    let undone = f.edit(
        "content/en/strategies/external-facilitation.md",
        "## What\n\nA new first paragraph.\n",
        "## What",
    );
    f.apply(&[undone]);
    assert!(!notice(&f));
    f.assert_same_as_full_build();
    // A translator's new `source_hash` that does not match marks it outdated too.
    let text = f.read("content/es/strategies/external-facilitation.md");
    let whole = text
        .lines()
        .find_map(|l| l.trim().strip_prefix("whole: "))
        .expect("a recorded source hash")
        .to_string();
    let stale = f.edit(
        "content/es/strategies/external-facilitation.md",
        &format!("whole: {whole}"),
        "whole: 0000000000000000",
    );
    f.apply(&[stale]);
    assert!(notice(&f));
    f.assert_same_as_full_build();
}

#[test]
fn saving_without_changes_changes_nothing() {
    let mut f = Fixture::new();
    let path = f.path(CARD);
    let update = f.apply(&[path]);
    assert!(update.delta.is_empty());
}

#[test]
fn a_new_title_reaches_listings_related_cards_and_links() {
    let mut f = Fixture::new();
    let changed = f.edit(
        CARD,
        "title: Training Workshops, Lectures and Webinars",
        "title: Workshops and Webinars",
    );
    let update = f.apply(&[changed]);
    let paths = written(&update);
    assert!(paths.contains(&"en/strategies/index.html"), "{paths:?}");
    // Related cards show the title.
    assert!(paths.contains(&"en/strategies/learning-collaboratives/index.html"));
    assert!(!paths.contains(&"en/about/index.html"), "{paths:?}");
    assert!(update.rendered < 40, "rendered {}", update.rendered);
    f.assert_same_as_full_build();
}

#[test]
fn facets_slugs_menus_and_sort_order() {
    let mut f = Fixture::new();
    let summary = f.edit(CARD, "summary: ", "summary: Shorter. ");
    f.apply(&[summary]);
    f.assert_same_as_full_build();
    let tags = f.edit(CARD, "tags: [", "tags: [a brand new tag, ");
    f.apply(&[tags]);
    f.assert_same_as_full_build();
    let weight = f.edit(CARD, "kind: card", "kind: card\nweight: -5");
    f.apply(&[weight]);
    f.assert_same_as_full_build();
    let slug = f.edit(CARD, "kind: card", "kind: card\nslug: workshops");
    f.apply(&[slug]);
    f.assert_same_as_full_build();
    let menu = f.edit(
        "content/en/about.md",
        "title: About this toolkit",
        "title: About us",
    );
    f.apply(&[menu]);
    f.assert_same_as_full_build();
    let updated = f.edit(
        "content/en/about.md",
        "menu: true",
        "menu: true\nupdated: 2026-01-02",
    );
    f.apply(&[updated]);
    f.assert_same_as_full_build();
    let off_menu = f.edit("content/en/about.md", "menu: true", "menu: false");
    f.apply(&[off_menu]);
    f.assert_same_as_full_build();
}

#[test]
fn term_translations_reload_everything_they_touch() {
    let mut f = Fixture::new();
    let tags = "content/_taxonomies/tags.yaml";
    let relabel = f.edit(tags, "es: sostenibilidad", "es: sostenibilidad del cambio");
    f.apply(&[relabel]);
    f.assert_same_as_full_build();
    let gone = f.remove(tags);
    f.apply(&[gone]);
    f.assert_same_as_full_build();
    let back = f.write(tags, "implementation:\n  es: implementación\n");
    f.apply(&[back]);
    f.assert_same_as_full_build();
}

#[test]
fn pages_come_and_go() {
    let mut f = Fixture::new();
    // A Spanish translation: the switchers of both languages and the Spanish links change.
    let text = f.read(CARD).replace(
        "title: Training Workshops, Lectures and Webinars",
        "title: Talleres",
    );
    let added = f.write("content/es/strategies/training-workshops.md", &text);
    f.apply(&[added]);
    f.assert_same_as_full_build();

    // A card index introduction takes over the listing's text and title.
    let intro = f.write(
        "content/en/strategies/index.md",
        "---\ntitle: All the strategies\nsummary: Every card.\n---\n\nPick one.\n",
    );
    f.apply(&[intro]);
    f.assert_same_as_full_build();
    let intro_edit = f.edit("content/en/strategies/index.md", "Pick one.", "Choose one.");
    f.apply(&[intro_edit]);
    f.assert_same_as_full_build();

    // A deleted translation leaves a fallback page in its place.
    let gone = f.remove("content/es/strategies/training-workshops.md");
    let intro_gone = f.remove("content/en/strategies/index.md");
    let update = f.apply(&[gone, intro_gone]);
    assert!(written(&update).contains(&"es/strategies/training-workshops/index.html"));
    f.assert_same_as_full_build();

    // A new card appears in both languages; deleted, it disappears from both, and from the listings.
    let card = f
        .read(CARD)
        .replace(
            "title: Training Workshops, Lectures and Webinars",
            "title: Brand New",
        )
        .replace("related: [", "related: [training-workshops.md, ");
    let new = f.write("content/en/strategies/brand-new.md", &card);
    f.apply(&[new]);
    f.assert_same_as_full_build();
    let gone = f.remove("content/en/strategies/brand-new.md");
    let update = f.apply(&[gone]);
    for path in [
        "en/strategies/brand-new/index.html",
        "es/strategies/brand-new/index.html",
    ] {
        assert!(
            update.delta.removed.contains(&path.to_string()),
            "{path} not removed"
        );
    }
    f.assert_same_as_full_build();

    // A renamed file: a remove and an add in one batch.
    let from = f.path("content/en/about.md");
    let to = f.path("content/en/about-us.md");
    fs::rename(&from, &to).unwrap();
    let en_index = f.edit("content/en/index.md", "(about.md)", "(about-us.md)");
    let es_index = f.edit("content/es/index.md", "(about.md)", "(about-us.md)");
    f.apply(&[from, to, en_index, es_index]);
    f.assert_same_as_full_build();

    // A whole folder removed at once.
    let folder = f.remove("content/es/strategies");
    f.apply(&[folder]);
    f.assert_same_as_full_build();
}

#[test]
fn a_broken_save_keeps_the_last_good_files_until_fixed() {
    let mut f = Fixture::new();
    let before = f
        .project
        .file("en/strategies/training-workshops/index.html")
        .cloned();
    let good = f.read(CARD);
    let broken = f.write(CARD, &good.replacen("title:", "title: [unclosed", 1));
    let problems = f.apply_broken(&[broken]);
    assert_eq!(problems[0].file, CARD);
    assert_eq!(problems[0].line, Some(3));
    assert_eq!(
        f.project
            .file("en/strategies/training-workshops/index.html")
            .cloned(),
        before
    );

    // Another edit while broken: still broken, and both edits count once fixed.
    let other = f.edit(
        "content/en/about.md",
        "## Purpose",
        "## Purpose\n\nNew text.\n",
    );
    f.apply_broken(&[other]);
    let fixed = f.write(CARD, &good.replace("## What", "## What\n\nFixed.\n"));
    f.apply(&[fixed]);
    f.assert_same_as_full_build();

    // A broken link is a model error: the page linking stays as it was.
    let link = f.edit(CARD, "## What", "## What\n\nSee [gone](gone.md).\n");
    let problems = f.apply_broken(&[link]);
    assert!(problems[0].message.contains("gone.md"), "{problems:?}");
    let unlink = f.edit(CARD, "See [gone](gone.md).", "See nothing.");
    f.apply(&[unlink]);
    f.assert_same_as_full_build();

    // Deleting a linked page breaks the pages that link to it.
    let gone = f.remove("content/en/strategies/communities-of-practice.md");
    let problems = f.apply_broken(&[gone]);
    assert!(
        problems
            .iter()
            .any(|p| p.message.contains("communities-of-practice")),
        "{problems:?}"
    );
}

#[test]
fn settings_templates_strings_and_static_files() {
    let mut f = Fixture::new();
    let settings = f.edit(
        "cardstock.yaml",
        "title: Learning Collaboratives Toolkit",
        "title: A Toolkit",
    );
    f.apply(&[settings]);
    f.assert_same_as_full_build();

    let template = f.write(
        "templates/page.html",
        "{% extends \"base.html\" %}{% block main %}<p>custom {{ title }}</p>{% endblock main %}",
    );
    f.apply(&[template]);
    f.assert_same_as_full_build();

    let strings = f.write("i18n/en.yaml", "nav:\n  home: Start\n");
    f.apply(&[strings]);
    f.assert_same_as_full_build();

    let css = f.write("static/css/extra.css", "body { color: black }\n");
    let outcome = f.project.apply(&[css]).unwrap();
    assert_eq!(
        outcome.statics.as_ref().map(|s| s.changed.clone()),
        Some(vec!["css/extra.css".to_string()])
    );
    assert!(outcome.result.unwrap().delta.is_empty());
    f.assert_same_as_full_build();

    // A broken template is reported and the pages stay.
    let broken = f.write("templates/page.html", "{% block main %}");
    f.apply_broken(&[broken]);
    let removed = f.remove("templates/page.html");
    f.apply(&[removed]);
    f.assert_same_as_full_build();
}

#[test]
fn paths_outside_what_the_build_reads_are_ignored() {
    let mut f = Fixture::new();
    let readme = f.write("README.md", "notes");
    let public = f.write("public/en/index.html", "old output");
    let swap = f.write("content/en/.about.md.swp", "editor state");
    assert!(f.project.apply(&[readme, public, swap]).is_none());
}

#[test]
fn an_edit_is_checked_as_build_checks_it_even_when_it_breaks_another_page() {
    let mut f = Fixture::new();
    let about = f.write(
        "content/en/about.md",
        &format!(
            "{}\n## Our team\n\nWho we are.\n",
            f.read("content/en/about.md")
        ),
    );
    let card = "content/en/strategies/training-workshops.md";
    let link = f.write(
        card,
        &format!("{}\nMeet [our team](../about.md#our-team).\n", f.read(card)),
    );
    f.apply(&[about.clone(), link]);

    // Renaming the heading removes the anchor the card links to: an error in
    // the card, found although only the about page changed.
    let renamed = f.edit("content/en/about.md", "## Our team", "## The people");
    let problems = f.apply_broken(&[renamed]);
    assert_eq!(problems.len(), 1, "{problems:#?}");
    assert_eq!(problems[0].file, card);
    assert!(problems[0].message.contains("#our-team"), "{}", problems[0]);

    let fixed = f.edit("content/en/about.md", "## The people", "## Our team");
    f.apply(&[fixed]);
    f.assert_same_as_full_build();

    // An image without alt text in an edited body is refused, as by `build`.
    let no_alt = f.edit(card, "Meet [our team]", "![](/favicon.svg) Meet [our team]");
    let problems = f.apply_broken(&[no_alt]);
    assert!(
        problems.iter().any(|d| d.message.contains("[image-alt]")),
        "{problems:#?}"
    );
}
