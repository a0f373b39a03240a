//! `cardstock serve` end to end: the real server on a free port, a copy of
//! tests/fixtures/serve-toolkit in a temporary folder, real HTTP requests over
//! TCP and a real Server-Sent Events stream. Waits are bounded and generous;
//! nothing is timed.

use std::collections::HashMap;
use std::fs;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};


use cardstock::serve::{ServeOptions, Server};
use crate::support::copy_tree;
use scraper::{Html, Selector};

/// How long to wait for a rebuild to reach the event stream.
const PATIENCE: Duration = Duration::from_secs(30);

struct Fixture {
    dir: tempfile::TempDir,
    server: Option<Server>,
}

impl Fixture {
    fn start() -> Fixture {
        Fixture::start_after(|_| {})
    }

    /// Starts the server after `prepare` has changed the copied toolkit.
    fn start_after(prepare: impl FnOnce(&Path)) -> Fixture {
        let dir = tempfile::tempdir().unwrap();
        copy_tree(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/serve-toolkit"),
            dir.path(),
        );
        prepare(dir.path());
        let mut options = ServeOptions::new(dir.path());
        options.port = 0;
        options.quiet = true;
        let server = Server::start(options).unwrap();
        Fixture {
            dir,
            server: Some(server),
        }
    }

    fn addr(&self) -> SocketAddr {
        self.server.as_ref().unwrap().addr()
    }

    fn get(&self, target: &str) -> Reply {
        request(self.addr(), "GET", target)
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    fn edit(&self, rel: &str, from: &str, to: &str) {
        let text = fs::read_to_string(self.path(rel)).unwrap();
        assert!(text.contains(from), "{rel} lacks {from:?}");
        fs::write(self.path(rel), text.replacen(from, to, 1)).unwrap();
    }

    fn events(&self) -> Events {
        Events::connect(self.addr())
    }
}

impl Drop for Fixture {
    fn drop(&mut self) {
        if let Some(server) = self.server.take() {
            server.stop();
        }
    }
}

#[derive(Debug)]
struct Reply {
    status: u16,
    headers: HashMap<String, String>,
    body: Vec<u8>,
}

impl Reply {
    fn header(&self, name: &str) -> &str {
        self.headers
            .get(&name.to_ascii_lowercase())
            .map(String::as_str)
            .unwrap_or("")
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    fn html(&self) -> Html {
        Html::parse_document(&self.text())
    }
}

/// Sends one request with the target exactly as given (no normalising).
fn request(addr: SocketAddr, method: &str, target: &str) -> Reply {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream.set_read_timeout(Some(PATIENCE)).unwrap();
    write!(
        stream,
        "{method} {target} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a complete response head");
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut lines = head.lines();
    let status = lines
        .next()
        .unwrap()
        .split(' ')
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    Reply {
        status,
        headers,
        body: raw[split + 4..].to_vec(),
    }
}

/// A live-reload client: events arrive on a channel as (name, JSON data).
struct Events {
    events: Receiver<(String, serde_json::Value)>,
}

impl Events {
    fn connect(addr: SocketAddr) -> Events {
        let mut stream = TcpStream::connect(addr).unwrap();
        write!(
            stream,
            "GET /__cardstock/events HTTP/1.1\r\nHost: {addr}\r\nAccept: text/event-stream\r\n\r\n"
        )
        .unwrap();
        let (tx, events) = mpsc::channel();
        let (ready_tx, ready) = mpsc::channel();
        std::thread::spawn(move || {
            let mut name = String::new();
            for line in BufReader::new(stream).lines() {
                let Ok(line) = line else { return };
                if line.starts_with("retry:") {
                    let _ = ready_tx.send(());
                } else if let Some(n) = line.strip_prefix("event: ") {
                    name = n.to_string();
                } else if let Some(data) = line.strip_prefix("data: ") {
                    let data = serde_json::from_str(data).unwrap_or(serde_json::Value::Null);
                    if tx.send((std::mem::take(&mut name), data)).is_err() {
                        return;
                    }
                }
            }
        });
        ready
            .recv_timeout(PATIENCE)
            .expect("the event stream opens");
        Events { events }
    }

    /// The next event called `name`, skipping others; panics after `PATIENCE`.
    fn wait_for(&self, name: &str) -> serde_json::Value {
        let deadline = Instant::now() + PATIENCE;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.events.recv_timeout(left) {
                Ok((event, data)) if event == name => return data,
                Ok(_) => continue,
                Err(_) => panic!("no `{name}` event within {PATIENCE:?}"),
            }
        }
    }
}

fn texts(html: &Html, selector: &str) -> Vec<String> {
    let selector = Selector::parse(selector).unwrap();
    html.select(&selector)
        .map(|e| e.text().collect::<String>().trim().to_string())
        .collect()
}

fn attrs(html: &Html, selector: &str, attr: &str) -> Vec<String> {
    let selector = Selector::parse(selector).unwrap();
    html.select(&selector)
        .filter_map(|e| e.value().attr(attr).map(str::to_string))
        .collect()
}

const CARD: &str = "content/en/strategies/peer-coaching.md";
const CARD_URL: &str = "/toolkit/en/strategies/peer-coaching/";

#[test]
fn serves_the_built_site_under_its_base_path_with_the_live_script() {
    let f = Fixture::start();
    let page = f.get(CARD_URL);
    assert_eq!(page.status, 200);
    assert_eq!(page.header("content-type"), "text/html; charset=utf-8");
    let html = page.html();
    assert_eq!(texts(&html, "h1"), vec!["Peer Coaching"]);
    let live_scripts = attrs(&html, "script", "src")
        .into_iter()
        .filter(|src| src == "/__cardstock/live.js")
        .count();
    assert_eq!(live_scripts, 1, "the reload script is added once");

    // The rest of the page is what `cardstock build` writes.
    let built = cardstock::build_in_memory(f.dir.path(), None).unwrap();
    let file = built
        .files
        .iter()
        .find(|f| f.path == "en/strategies/peer-coaching/index.html")
        .unwrap();
    let served = page
        .text()
        .replace("<script src=\"/__cardstock/live.js\"></script>\n", "");
    assert_eq!(served, String::from_utf8_lossy(&file.bytes));

    let script = f.get("/__cardstock/live.js");
    assert_eq!(script.status, 200);
    assert!(script.header("content-type").starts_with("text/javascript"));
    assert!(script.text().contains("EventSource"));
}

#[test]
fn content_types_follow_extensions() {
    let f = Fixture::start();
    for (target, expected) in [
        ("/toolkit/", "text/html; charset=utf-8"),
        ("/toolkit/css/cardstock.css", "text/css; charset=utf-8"),
        ("/toolkit/css/extra.css", "text/css; charset=utf-8"),
        ("/toolkit/img/logo.svg", "image/svg+xml"),
        ("/toolkit/en/resources/resources.json", "application/json"),
        (
            "/toolkit/en/resources/resources.csv",
            "text/csv; charset=utf-8",
        ),
        ("/toolkit/sitemap.xml", "application/xml"),
        ("/toolkit/robots.txt", "text/plain; charset=utf-8"),
    ] {
        let reply = f.get(target);
        assert_eq!(reply.status, 200, "{target}");
        assert_eq!(reply.header("content-type"), expected, "{target}");
        assert_eq!(reply.header("x-content-type-options"), "nosniff");
    }
    let json: serde_json::Value =
        serde_json::from_slice(&f.get("/toolkit/en/resources/resources.json").body).unwrap();
    assert_eq!(json["resources"][0]["title"], "A real guide");
}

#[test]
fn head_answers_like_get_without_a_body() {
    let f = Fixture::start();
    let get = f.get(CARD_URL);
    let head = request(f.addr(), "HEAD", CARD_URL);
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty());
    assert_eq!(head.header("content-type"), get.header("content-type"));
    assert_eq!(head.header("content-length"), get.body.len().to_string());
    assert_eq!(request(f.addr(), "POST", CARD_URL).status, 405);
}

#[test]
fn folders_redirect_to_their_index_and_unknown_paths_get_the_site_404() {
    let f = Fixture::start();
    let folder = f.get("/toolkit/en/strategies/peer-coaching");
    assert_eq!(folder.status, 302);
    assert_eq!(folder.header("location"), CARD_URL);
    let root = f.get("/");
    assert_eq!(root.status, 302);
    assert_eq!(root.header("location"), "/toolkit/");

    let built = cardstock::build_in_memory(f.dir.path(), None).unwrap();
    let not_found = built.files.iter().find(|f| f.path == "404.html").unwrap();
    let expected_title = texts(
        &Html::parse_document(&String::from_utf8_lossy(&not_found.bytes)),
        "h1",
    );
    for target in [
        "/toolkit/no/such/page/",
        "/toolkit/en/strategies/nope",
        "/elsewhere/",
    ] {
        let reply = f.get(target);
        assert_eq!(reply.status, 404, "{target}");
        assert_eq!(texts(&reply.html(), "h1"), expected_title, "{target}");
    }
    // No folder listings: a folder without index.html is not found.
    assert_eq!(f.get("/toolkit/css/").status, 404);
    // Sources are not part of the site.
    assert_eq!(f.get("/toolkit/content/en/index.md").status, 404);
}

#[test]
fn path_traversal_is_refused() {
    let f = Fixture::start();
    let settings = fs::read_to_string(f.path("cardstock.yaml")).unwrap();
    for target in [
        "/toolkit/../cardstock.yaml",
        "/toolkit/../../../../etc/passwd",
        "/toolkit/%2e%2e/cardstock.yaml",
        "/toolkit/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd",
        "/toolkit/en/..%2f..%2fcardstock.yaml",
        "//etc/passwd",
        "/toolkit//etc/passwd",
        "/toolkit/..\\cardstock.yaml",
        "/toolkit/..%5ccardstock.yaml",
        "/toolkit/./cardstock.yaml",
        "/etc/passwd",
        "/cardstock.yaml",
    ] {
        let reply = f.get(target);
        assert!(
            reply.status == 400 || reply.status == 404,
            "{target}: {}",
            reply.status
        );
        assert!(
            !reply.text().contains("publisher:"),
            "{target} leaked the settings"
        );
        assert!(
            !reply.text().contains("root:x:0"),
            "{target} leaked /etc/passwd"
        );
    }
    assert!(settings.contains("publisher:"));
}

#[test]
fn an_edit_reloads_open_pages_with_the_new_text() {
    let f = Fixture::start();
    let events = f.events();
    f.edit(
        CARD,
        "Colleagues who have used",
        "Experienced colleagues who have used",
    );
    let data = events.wait_for("reload");
    let paths: Vec<&str> = data["paths"]
        .as_array()
        .expect("the changed pages are listed")
        .iter()
        .filter_map(|p| p.as_str())
        .collect();
    assert_eq!(paths, vec![CARD_URL], "only the edited page changed");
    assert!(f.get(CARD_URL).text().contains("Experienced colleagues"));
}

#[test]
fn a_stylesheet_change_swaps_css_without_a_reload() {
    let f = Fixture::start();
    let events = f.events();
    fs::write(
        f.path("static/css/extra.css"),
        ".card-tile { outline: 2px solid; }\n",
    )
    .unwrap();
    let data = events.wait_for("css");
    assert_eq!(data["paths"], serde_json::json!(["/toolkit/css/extra.css"]));
    assert!(f.get("/toolkit/css/extra.css").text().contains("2px"));
}

#[test]
fn a_broken_save_shows_the_error_keeps_the_page_and_a_fix_clears_it() {
    let f = Fixture::start();
    let events = f.events();
    let before = f.get(CARD_URL).text();
    f.edit(CARD, "title: Peer Coaching", "title: [Peer Coaching");
    let problems = events.wait_for("error");
    assert_eq!(problems[0]["file"], CARD);
    assert_eq!(problems[0]["line"], 3);
    assert!(problems[0]["message"].as_str().unwrap().contains("title"));
    assert!(problems[0]["help"].is_string());

    // The last good page is still served, and a page opened now learns of the error at once.
    let during = f.get(CARD_URL);
    assert_eq!(during.status, 200);
    assert_eq!(during.text(), before);
    let late = f.events();
    assert_eq!(late.wait_for("error")[0]["file"], CARD);

    f.edit(CARD, "title: [Peer Coaching", "title: Peer Coaching, fixed");
    events.wait_for("ok");
    late.wait_for("ok");
    events.wait_for("reload");
    assert_eq!(
        texts(&f.get(CARD_URL).html(), "h1"),
        vec!["Peer Coaching, fixed"]
    );
}

#[test]
fn a_deleted_page_disappears_from_the_site_and_the_card_index() {
    let f = Fixture::start();
    let events = f.events();
    let index = "/toolkit/en/strategies/";
    let listed = |f: &Fixture| attrs(&f.get(index).html(), ".card-grid a", "href");
    assert_eq!(listed(&f).len(), 2);
    fs::remove_file(f.path("content/en/strategies/site-visits.md")).unwrap();
    events.wait_for("reload");
    assert_eq!(f.get("/toolkit/en/strategies/site-visits/").status, 404);
    assert_eq!(f.get("/toolkit/en/tags/visits/").status, 404);
    let remaining = listed(&f);
    assert_eq!(remaining.len(), 1);
    assert!(remaining[0].contains("peer-coaching"), "{remaining:?}");
}

#[test]
fn a_port_in_use_is_a_clear_error() {
    let f = Fixture::start();
    let mut options = ServeOptions::new(f.dir.path());
    options.port = f.addr().port();
    options.quiet = true;
    let err = Server::start(options).err().expect("the port is taken");
    let message = err.to_string();
    assert!(message.contains("already in use"), "{message}");
    assert!(message.contains("--port"), "{message}");
}

#[test]
fn a_folder_without_a_toolkit_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let mut options = ServeOptions::new(dir.path());
    options.port = 0;
    options.quiet = true;
    let err = Server::start(options).err().expect("no cardstock.yaml");
    assert!(err.to_string().contains("cardstock.yaml"), "{err}");
}

#[test]
fn a_toolkit_broken_at_start_shows_its_errors_until_fixed() {
    let f = Fixture::start_after(|dir| {
        let card = dir.join(CARD);
        let text = fs::read_to_string(&card).unwrap();
        fs::write(
            &card,
            text.replacen("title: Peer Coaching", "title: [Peer Coaching", 1),
        )
        .unwrap();
    });
    let page = f.get(CARD_URL);
    assert_eq!(page.status, 503);
    let html = page.html();
    assert!(
        texts(&html, "li")
            .iter()
            .any(|t| t.contains(&format!("{CARD}:3"))),
        "{}",
        page.text()
    );
    assert_eq!(attrs(&html, "script", "src"), vec!["/__cardstock/live.js"]);

    let events = f.events();
    assert_eq!(events.wait_for("error")[0]["file"], CARD);
    f.edit(CARD, "title: [Peer Coaching", "title: Peer Coaching");
    events.wait_for("ok");
    // Every open page reloads: the error page had no site path of its own.
    assert_eq!(events.wait_for("reload")["paths"], serde_json::Value::Null);
    assert_eq!(f.get(CARD_URL).status, 200);
}

/// Whether any term shard of the English search index holds `word`.
fn search_index_has(f: &Fixture, word: &str) -> bool {
    let manifest: serde_json::Value =
        serde_json::from_str(&f.get("/toolkit/en/search/manifest.json").text()).unwrap();
    let shards = manifest["shards"]
        .as_array()
        .expect("a list of shards")
        .len();
    (0..shards).any(|i| {
        f.get(&format!("/toolkit/en/search/s/{i}.json"))
            .text()
            .contains(word)
    })
}

#[test]
fn the_search_index_follows_an_edit() {
    let f = Fixture::start();
    assert!(
        search_index_has(&f, "coaching"),
        "the first build serves a search index"
    );
    assert!(!search_index_has(&f, "zanzibarish"));
    let events = f.events();
    f.edit(
        CARD,
        "Colleagues who have used",
        "Zanzibarish colleagues who have used",
    );
    events.wait_for("reload");
    // The index is refreshed after the reload event, in its own thread.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while !search_index_has(&f, "zanzibarish") {
        assert!(
            std::time::Instant::now() < deadline,
            "the search index never took the edit in"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
}
