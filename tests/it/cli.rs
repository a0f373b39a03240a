//! The `cardstock` binary: help texts, exit codes, `new`, and how `build`
//! reports success and errors.


use std::path::Path;
use std::process::{Command, Output};

use crate::support::*;

fn cardstock(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cardstock"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run cardstock")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn help_lists_the_commands() {
    let dir = tempfile::tempdir().unwrap();
    let out = cardstock(&["--help"], dir.path());
    assert_eq!(out.status.code(), Some(0));
    let help = stdout(&out);
    for word in ["build", "new", "--version", "--help", "strategy cards"] {
        assert!(help.contains(word), "`{word}` not in:\n{help}");
    }
}

#[test]
fn build_help_explains_every_option() {
    let dir = tempfile::tempdir().unwrap();
    let out = cardstock(&["build", "--help"], dir.path());
    assert_eq!(out.status.code(), Some(0));
    let help = stdout(&out);
    for (option, explained_by) in [
        ("[TOOLKIT]", "cardstock.yaml"),
        ("--out", "public/"),
        ("-o", "Where to write the site"),
        ("--base-url", "https://example.org/toolkit/"),
        ("--help", "Print help"),
    ] {
        assert!(help.contains(option), "`{option}` not in:\n{help}");
        assert!(
            help.contains(explained_by),
            "`{explained_by}` not in:\n{help}"
        );
    }
    // The all-or-nothing write is worth knowing before the first build.
    assert!(help.contains("failed build leaves the previous site untouched"));
}

#[test]
fn new_help_explains_its_argument() {
    let dir = tempfile::tempdir().unwrap();
    let out = cardstock(&["new", "--help"], dir.path());
    assert_eq!(out.status.code(), Some(0));
    let help = stdout(&out);
    assert!(help.contains("<PATH>"), "{help}");
    assert!(help.contains("must not exist or be empty"), "{help}");
}

#[test]
fn version_is_printed() {
    let dir = tempfile::tempdir().unwrap();
    let out = cardstock(&["--version"], dir.path());
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        stdout(&out).trim(),
        format!("cardstock {}", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn unknown_options_fail() {
    let dir = tempfile::tempdir().unwrap();
    for args in [&["build", "--outt", "x"][..], &["publish"][..], &[][..]] {
        let out = cardstock(args, dir.path());
        assert_ne!(out.status.code(), Some(0), "{args:?}");
        assert!(!stderr(&out).is_empty(), "{args:?}");
    }
}

#[test]
fn new_creates_a_toolkit_that_builds_into_a_complete_site() {
    let dir = tempfile::tempdir().unwrap();
    let out = cardstock(&["new", "my-toolkit"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains("cardstock build my-toolkit"));
    let toolkit = dir.path().join("my-toolkit");
    assert!(toolkit.join("cardstock.yaml").is_file());

    // With no --out, the site goes to public/ inside the toolkit.
    let out = cardstock(&["build"], &toolkit);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).starts_with("Built "), "{}", stdout(&out));
    let base_url = cardstock::load::load(&toolkit).unwrap().settings.base_url;
    let site = BuiltSite::at(&toolkit.join("public"), &base_url);
    let broken = site.broken_links();
    assert!(broken.is_empty(), "{}", broken.join("\n"));

    // One page of each kind, rendered as that kind.
    let model = cardstock::build_in_memory(&toolkit, None).unwrap();
    let kinds: std::collections::BTreeSet<String> = model
        .site
        .pages
        .iter()
        .map(|p| format!("{:?}", p.front.kind))
        .collect();
    assert_eq!(
        kinds,
        ["Card", "ChangePackage", "Page", "Resources"]
            .map(String::from)
            .into()
    );
    for page in &model.site.pages {
        let doc = site.page(&page.path);
        assert_eq!(select(&doc, "h1").len(), 1, "{}", page.path);
    }
    let card = model
        .site
        .pages
        .iter()
        .find(|p| p.front.kind == cardstock::content::Kind::Card)
        .unwrap();
    let doc = site.page(&card.path);
    for id in [
        "what",
        "who",
        "intended-for",
        "conducted-by",
        "how",
        "where",
        "considerations",
    ] {
        one(&doc, &format!("#{id}"));
    }
}

#[test]
fn new_refuses_a_folder_that_is_not_empty() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("taken")).unwrap();
    std::fs::write(dir.path().join("taken/notes.txt"), "mine").unwrap();
    let out = cardstock(&["new", "taken"], dir.path());
    assert_ne!(out.status.code(), Some(0));
    assert!(stderr(&out).contains("not empty"), "{}", stderr(&out));
    assert_eq!(
        std::fs::read_dir(dir.path().join("taken")).unwrap().count(),
        1,
        "nothing was added"
    );
}

#[test]
fn build_error_is_printed_as_file_line_column_with_help() {
    let ws = Workspace::from_fixture("minimal");
    ws.overlay("invalid/unknown-key");
    let out = cardstock(
        &["build", "toolkit", "--out", "public"],
        ws.toolkit.parent().unwrap(),
    );
    assert_ne!(out.status.code(), Some(0));
    assert!(stdout(&out).is_empty(), "nothing claims success");
    let err = stderr(&out);
    let line = line_of(&ws.read("content/en/strategies/peer-support.md"), "sumary:");
    let first = err.lines().next().unwrap();
    assert!(
        first.starts_with(&format!(
            "error: content/en/strategies/peer-support.md:{line}:1: unknown key `sumary`"
        )),
        "{err}"
    );
    assert!(
        err.lines()
            .any(|l| l.trim_start().starts_with("help: did you mean `summary`?")),
        "{err}"
    );
    assert!(!ws.out.exists(), "no output for a failed first build");
}

#[test]
fn several_errors_are_all_printed_and_counted() {
    let ws = Workspace::from_fixture("minimal");
    ws.overlay("invalid/unknown-ids");
    let out = cardstock(&["build", "toolkit"], ws.toolkit.parent().unwrap());
    assert_ne!(out.status.code(), Some(0));
    let err = stderr(&out);
    let errors: Vec<&str> = err.lines().filter(|l| l.starts_with("error: ")).collect();
    assert_eq!(errors.len(), 2, "{err}");
    assert!(err.lines().last().unwrap().contains("2 errors"), "{err}");
}

#[test]
fn build_outside_a_toolkit_says_how_to_start() {
    let dir = tempfile::tempdir().unwrap();
    let out = cardstock(&["build"], dir.path());
    assert_ne!(out.status.code(), Some(0));
    let err = stderr(&out);
    assert!(err.contains("cardstock.yaml"), "{err}");
    assert!(err.contains("cardstock new"), "{err}");
}

#[test]
fn base_url_option_replaces_the_settings() {
    let ws = Workspace::from_fixture("minimal");
    let out = cardstock(
        &[
            "build",
            "toolkit",
            "--out",
            "site",
            "--base-url",
            "https://host/sub",
        ],
        ws.toolkit.parent().unwrap(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let site = BuiltSite::at(
        &ws.toolkit.parent().unwrap().join("site"),
        "https://host/sub/",
    );
    let doc = site.page("en/about/");
    assert_eq!(
        attr(one(&doc, "link[rel=canonical]"), "href"),
        "https://host/sub/en/about/"
    );
}

#[test]
fn refused_output_folder_is_an_error_exit() {
    let ws = Workspace::from_fixture("minimal");
    let out = cardstock(&["build", ".", "--out", "."], &ws.toolkit);
    assert_ne!(out.status.code(), Some(0));
    assert!(
        stderr(&out).starts_with("error: refusing to build into"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_file_that_is_not_markdown_in_content_is_a_warning() {
    let ws = Workspace::from_fixture("minimal");
    ws.write("content/en/strategies/diagram.png", "not really a picture");
    let out = cardstock(&["build", "toolkit"], ws.toolkit.parent().unwrap());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.starts_with("warning: content/en/strategies/diagram.png: not a Markdown source"),
        "{err}"
    );
    assert!(err.contains("static/"), "{err}");
}
