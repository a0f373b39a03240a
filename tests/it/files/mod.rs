//! Files outside the toolkit never reach the site, and every limit has an
//! error: links (made here at test time, as git keeps them poorly), loops,
//! unreadable and non-UTF-8 files, long and numerous front-matter values, and
//! names that break on Windows or on case-insensitive hosts. Each failing
//! case starts from a good build of `minimal` and checks that the output is
//! left byte for byte; builds that could hang run under a time limit.

use std::fs;
use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use cardstock::{Diagnostic, Error};

use crate::support::*;

mod limits;

/// Long enough for a debug build of `minimal`; a loop or a blocking read ends far later.
const TIME_LIMIT: Duration = Duration::from_secs(60);

/// Runs `f` on its own thread; a run past [`TIME_LIMIT`] fails the test instead of hanging it.
fn within_time_limit<T: Send + 'static>(what: &str, f: impl FnOnce() -> T + Send + 'static) -> T {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(f());
    });
    rx.recv_timeout(TIME_LIMIT)
        .unwrap_or_else(|_| panic!("{what} did not finish within {TIME_LIMIT:?}"))
}

fn build(toolkit: &Path, out: &Path) -> cardstock::Result<cardstock::BuildReport> {
    let options = cardstock::BuildOptions {
        toolkit: toolkit.to_path_buf(),
        out: out.to_path_buf(),
        base_url: None,
        pdf: false,
    };
    within_time_limit("the build", move || cardstock::build(&options))
}

/// A copy of `minimal` with a good build in its output folder.
fn good_build() -> Workspace {
    let ws = Workspace::from_fixture("minimal");
    build(&ws.toolkit, &ws.out).expect("the minimal fixture builds");
    ws
}

/// Changes the toolkit with `break_it`, builds, and returns the diagnostics,
/// checking that the previous output is byte for byte as it was.
fn diagnostics_after(ws: &Workspace, break_it: impl FnOnce(&Workspace)) -> Vec<Diagnostic> {
    let before = snapshot(&ws.out);
    break_it(ws);
    let result = build(&ws.toolkit, &ws.out);
    assert_eq!(
        snapshot(&ws.out),
        before,
        "the failed build changed the output"
    );
    match result {
        Ok(_) => panic!("the build succeeded"),
        Err(Error::Invalid(d)) => d,
        Err(other) => panic!("expected diagnostics, got: {other}"),
    }
}

/// The one diagnostic of a build broken by `break_it`.
fn only_diagnostic(break_it: impl FnOnce(&Workspace)) -> (Workspace, Diagnostic) {
    let ws = good_build();
    let mut list = diagnostics_after(&ws, break_it);
    assert_eq!(list.len(), 1, "{list:#?}");
    (ws, list.remove(0))
}

fn link(ws: &Workspace, rel: &str, target: impl AsRef<Path>) {
    let path = ws.toolkit.join(rel);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    symlink(target, path).unwrap();
}

/// A file beside the toolkit folder, outside it.
fn outside_file(ws: &Workspace, name: &str, text: &str) -> PathBuf {
    let path = ws.toolkit.parent().unwrap().join(name);
    fs::write(&path, text).unwrap();
    path
}

fn help(d: &Diagnostic) -> &str {
    d.help
        .as_deref()
        .unwrap_or_else(|| panic!("no help in {d}"))
}

const OUTSIDE_HELP: &str = "copy the file into the toolkit instead of linking to it; Cardstock reads nothing outside the toolkit folder";

#[test]
fn a_static_link_to_the_process_environment_is_an_error() {
    let (ws, d) = only_diagnostic(|ws| link(ws, "static/env.txt", "/proc/self/environ"));
    assert_eq!(d.file, "static/env.txt");
    assert_eq!(
        d.message,
        "this link leads outside the toolkit folder, to `/proc/self/environ`"
    );
    assert_eq!(help(&d), OUTSIDE_HELP);
    assert!(!ws.out.join("env.txt").exists());
}

#[test]
fn a_markdown_link_out_of_the_toolkit_is_an_error() {
    let (_ws, d) = only_diagnostic(|ws| {
        let secret = outside_file(ws, "secret.md", "---\ntitle: Secret\n---\nsecret\n");
        link(ws, "content/en/secret.md", &secret);
    });
    assert_eq!(d.file, "content/en/secret.md");
    assert!(
        d.message
            .starts_with("this link leads outside the toolkit folder, to `/"),
        "{d}"
    );
    assert!(d.message.ends_with("/secret.md`"), "{d}");
}

#[test]
fn a_relative_folder_link_out_of_the_toolkit_names_its_target_as_written_and_resolved() {
    let ws = good_build();
    let outside = ws.toolkit.parent().unwrap().join("shared");
    fs::create_dir_all(&outside).unwrap();
    fs::write(outside.join("page.md"), "---\ntitle: Shared\n---\n").unwrap();
    let list = diagnostics_after(&ws, |ws| link(ws, "content/en/shared", "../../../shared"));
    assert_eq!(list.len(), 1, "{list:#?}");
    let real = fs::canonicalize(&outside).unwrap();
    assert_eq!(list[0].file, "content/en/shared");
    assert_eq!(
        list[0].message,
        format!(
            "this link leads outside the toolkit folder, to `../../../shared` (`{}`)",
            real.display()
        )
    );
}

#[test]
fn the_settings_file_and_templates_may_not_link_out_either() {
    let ws = good_build();
    let settings = outside_file(&ws, "settings.yaml", &ws.read("cardstock.yaml"));
    let list = diagnostics_after(&ws, |ws| {
        ws.remove("cardstock.yaml");
        link(ws, "cardstock.yaml", &settings);
    });
    assert_eq!(list.len(), 1, "{list:#?}");
    assert_eq!(list[0].file, "cardstock.yaml");
    assert_eq!(help(&list[0]), OUTSIDE_HELP);

    let ws = good_build();
    let template = outside_file(&ws, "card.html", "{{ title }}");
    let list = diagnostics_after(&ws, |ws| link(ws, "templates/card.html", &template));
    assert_eq!(list.len(), 1, "{list:#?}");
    assert_eq!(list[0].file, "templates/card.html");
    assert_eq!(help(&list[0]), OUTSIDE_HELP);
}

#[test]
fn links_inside_the_toolkit_are_followed() {
    let ws = good_build();
    ws.write("static/files/real.txt", "real");
    ws.write("shared/handout.txt", "shared");
    link(&ws, "static/alias.txt", "files/real.txt");
    link(&ws, "static/docs", "../shared");
    build(&ws.toolkit, &ws.out).expect("links inside the toolkit build");
    assert_eq!(fs::read(ws.out.join("alias.txt")).unwrap(), b"real");
    assert_eq!(fs::read(ws.out.join("files/real.txt")).unwrap(), b"real");
    assert_eq!(
        fs::read(ws.out.join("docs/handout.txt")).unwrap(),
        b"shared"
    );

    // A second way into a folder already published would publish it twice.
    let list = diagnostics_after(&ws, |ws| link(ws, "static/again", "files"));
    assert_eq!(list.len(), 1, "{list:#?}");
    assert_eq!(list[0].file, "static/again");
    assert_eq!(
        list[0].message,
        "this link leads to `static/files`, a folder read already"
    );
}

#[test]
fn two_links_to_their_own_folder_are_loops_named_in_build_and_check() {
    let ws = good_build();
    let list = diagnostics_after(&ws, |ws| {
        link(ws, "content/en/a", ".");
        link(ws, "content/en/b", ".");
    });
    let found: Vec<(&str, &str)> = list
        .iter()
        .map(|d| (d.file.as_str(), d.message.as_str()))
        .collect();
    let message =
        "this link to `content/en` makes a loop: it leads back to a folder that contains it";
    assert_eq!(
        found,
        [("content/en/a", message), ("content/en/b", message)]
    );
    assert_eq!(
        help(&list[0]),
        "remove the link; a folder cannot contain itself"
    );

    let toolkit = ws.toolkit.clone();
    let report = within_time_limit("check", move || cardstock::check_toolkit(&toolkit));
    let errors: Vec<&str> = report
        .errors()
        .map(|f| f.diagnostic.file.as_str())
        .collect();
    assert_eq!(errors, ["content/en/a", "content/en/b"]);
}

#[test]
fn a_link_to_its_own_folder_publishes_nothing_twice() {
    let (_ws, d) = only_diagnostic(|ws| link(ws, "content/en/self", "."));
    assert_eq!(d.file, "content/en/self");
    assert_eq!(
        d.message,
        "this link to `content/en` makes a loop: it leads back to a folder that contains it"
    );
}

#[test]
fn a_second_link_to_a_folder_already_read_is_an_error() {
    let (_ws, d) = only_diagnostic(|ws| link(ws, "content/en/again", "strategies"));
    assert_eq!(d.file, "content/en/again");
    assert_eq!(
        d.message,
        "this link leads to `content/en/strategies`, a folder read already"
    );
}

#[test]
fn a_dangling_link_is_an_error() {
    let (_ws, d) = only_diagnostic(|ws| link(ws, "static/gone.png", "missing.png"));
    assert_eq!(d.file, "static/gone.png");
    assert_eq!(
        d.message,
        "this link leads to `missing.png`, which does not exist"
    );
    assert_eq!(help(&d), "fix the link's target or remove the link");
}

#[test]
fn a_pipe_in_the_toolkit_is_an_error_and_does_not_block() {
    let make_fifo = |path: &Path| {
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        let status = std::process::Command::new("mkfifo")
            .arg(path)
            .status()
            .expect("mkfifo runs");
        assert!(status.success());
    };
    let (_ws, d) = only_diagnostic(|ws| make_fifo(&ws.toolkit.join("static/pipe")));
    assert_eq!(d.file, "static/pipe");
    assert_eq!(
        d.message,
        "this is neither a regular file nor a folder (a pipe, socket or device)"
    );

    let (_ws, d) = only_diagnostic(|ws| {
        make_fifo(&ws.toolkit.join("pipe"));
        link(ws, "content/en/pipe.md", "../../pipe");
    });
    assert_eq!(d.file, "content/en/pipe.md");
    assert_eq!(
        d.message,
        "this link leads to `pipe`, which is neither a regular file nor a folder"
    );
}

#[test]
fn a_file_that_is_not_utf8_names_its_line_and_column() {
    let (_ws, d) = only_diagnostic(|ws| {
        let path = ws.toolkit.join("content/en/about.md");
        fs::write(path, b"---\ntitle: About\n---\nCaf\xe9 au lait\n").unwrap();
    });
    assert_eq!(d.file, "content/en/about.md");
    assert_eq!((d.line, d.column), (Some(4), Some(4)));
    assert_eq!(d.message, "this file is not valid UTF-8 (byte 0xE9)");
    assert!(help(&d).contains("UTF-8"));
}

#[test]
fn a_nul_character_is_an_error_not_part_of_the_page() {
    let (ws, d) = only_diagnostic(|ws| {
        ws.write(
            "content/en/about.md",
            "---\ntitle: About\n---\nline one\nab\0c\n",
        );
    });
    assert_eq!(d.file, "content/en/about.md");
    assert_eq!((d.line, d.column), (Some(5), Some(3)));
    assert_eq!(d.message, "this file contains a NUL character");
    assert!(
        !fs::read(ws.out.join("en/about/index.html"))
            .unwrap()
            .contains(&0)
    );
}

#[test]
fn a_file_name_that_is_not_utf8_is_an_error() {
    use std::os::unix::ffi::OsStrExt;
    let (ws, d) = only_diagnostic(|ws| {
        let name = std::ffi::OsStr::from_bytes(b"caf\xe9.md");
        fs::write(
            ws.toolkit.join("content/en").join(name),
            "---\ntitle: Cafe\n---\n",
        )
        .unwrap();
    });
    assert_eq!(d.file, "content/en/caf\u{fffd}.md");
    assert_eq!(
        d.message,
        "this file name is not valid UTF-8 (shown with � for the bytes that are not)"
    );
    assert!(!ws.out.join("en/caf").exists());
}

#[test]
fn an_unreadable_file_is_named_relative_to_the_toolkit() {
    use std::os::unix::fs::PermissionsExt;
    let ws = good_build();
    let path = ws.toolkit.join("content/en/about.md");
    fs::set_permissions(&path, fs::Permissions::from_mode(0o000)).unwrap();
    if fs::read(&path).is_ok() {
        // Running as root: permissions do not stop reading.
        return;
    }
    let list = diagnostics_after(&ws, |_| {});
    fs::set_permissions(&path, fs::Permissions::from_mode(0o644)).unwrap();
    assert_eq!(list.len(), 1, "{list:#?}");
    assert_eq!(list[0].file, "content/en/about.md");
    assert_eq!(list[0].message, "cannot read this: Permission denied");
    assert!(help(&list[0]).contains("chmod"));
}

/// One GET over a raw socket: the status and the whole response.
fn get(addr: std::net::SocketAddr, target: &str) -> (u16, String) {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    write!(
        stream,
        "GET {target} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut reply = Vec::new();
    let _ = stream.read_to_end(&mut reply);
    let reply = String::from_utf8_lossy(&reply).into_owned();
    let status = reply
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (status, reply)
}

fn serve(toolkit: &Path) -> cardstock::serve::Server {
    let mut options = cardstock::serve::ServeOptions::new(toolkit);
    options.port = 0;
    options.quiet = true;
    cardstock::serve::Server::start(options).unwrap()
}

#[test]
fn the_dev_server_never_serves_a_link_out_of_the_toolkit() {
    const SECRET: &str = "TOKEN=do-not-publish";
    // A link present when the server starts.
    let ws = Workspace::from_fixture("minimal");
    let secret = outside_file(&ws, "secret.txt", SECRET);
    link(&ws, "static/secret.txt", &secret);
    let server = serve(&ws.toolkit);
    let (status, reply) = get(server.addr(), "/minimal/secret.txt");
    assert!(
        !reply.contains(SECRET),
        "served the link's target: {status}"
    );
    server.stop();

    // A link made while it runs.
    let ws = Workspace::from_fixture("minimal");
    let secret = outside_file(&ws, "secret.txt", SECRET);
    let server = serve(&ws.toolkit);
    assert_eq!(get(server.addr(), "/minimal/en/").0, 200);
    link(&ws, "static/secret.txt", &secret);
    let deadline = Instant::now() + Duration::from_secs(3);
    while Instant::now() < deadline {
        let (status, reply) = get(server.addr(), "/minimal/secret.txt");
        assert!(
            !reply.contains(SECRET),
            "served the link's target: {status}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    server.stop();
}

#[test]
fn the_dev_server_starts_on_a_toolkit_with_link_loops_and_shows_them() {
    let ws = Workspace::from_fixture("minimal");
    link(&ws, "content/en/a", ".");
    link(&ws, "content/en/b", ".");
    let toolkit = ws.toolkit.clone();
    let (addr, stop) = within_time_limit("starting the dev server", move || {
        let server = serve(&toolkit);
        (server.addr(), server)
    });
    let (_, reply) = within_time_limit("a request", move || get(addr, "/minimal/en/"));
    assert!(reply.contains("content/en/a"), "{reply}");
    stop.stop();
}

#[test]
fn a_theme_folder_linked_from_outside_is_an_error_naming_the_link() {
    let (_ws, d) = only_diagnostic(|ws| {
        let theme = ws.toolkit.parent().unwrap().join("shared-theme");
        fs::create_dir_all(theme.join("templates")).unwrap();
        fs::write(theme.join("templates/card.html"), "{{ title }}").unwrap();
        link(ws, "themes/shared", &theme);
        let settings = ws.read("cardstock.yaml");
        ws.write("cardstock.yaml", &format!("{settings}theme: shared\n"));
    });
    assert_eq!(d.file, "themes/shared");
    assert!(
        d.message
            .starts_with("this link leads outside the toolkit folder, to `/"),
        "{d}"
    );
    assert_eq!(help(&d), OUTSIDE_HELP);
}
