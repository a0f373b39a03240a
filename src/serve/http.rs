//! HTTP: answers requests from the files of the last good build, held in
//! memory (never read from disk at request time, so no request can reach a
//! file outside the site).
//!
//! The site is served under the path of its `base_url` (`/toolkit/`), as it
//! will be deployed; `/` redirects there. A folder's `index.html` answers for
//! the folder, `/dir` redirects to `/dir/`, unknown paths get the site's own
//! `404.html` with status 404, there are no folder listings, and HEAD is
//! answered like GET without a body. Request paths are percent-decoded first
//! and refused (400) if a segment is `.` or `..`, if they hold a backslash, a
//! NUL or an empty segment, or if they are not absolute paths.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use super::outputs::Delta;
use super::rebuild::Outcome;
use super::reload::{self, EVENTS_PATH, SCRIPT, SCRIPT_PATH};
use super::wire::{Method, Response};
use crate::error::Diagnostic;
use crate::text::escape_html;

/// The files being served.
#[derive(Debug, Default)]
pub struct Store {
    rendered: HashMap<String, Arc<[u8]>>,
    statics: BTreeMap<String, Arc<[u8]>>,
    /// `/` or `/toolkit/`.
    base_path: String,
    /// A build has succeeded; until then requests get the problems.
    ready: bool,
    /// Why the first build failed, while not `ready`.
    problems: Vec<Diagnostic>,
}

impl Store {
    /// Takes what a build produced; a failed build leaves the files as they were.
    pub fn publish(&mut self, outcome: &Outcome) {
        if let Some(statics) = &outcome.statics {
            self.statics = statics.files.clone();
        }
        self.base_path = outcome.base_path.clone();
        match &outcome.result {
            Ok(update) => {
                self.apply(&update.delta);
                self.ready = true;
                self.problems.clear();
            }
            Err(problems) if !self.ready => self.problems = problems.clone(),
            Err(_) => {}
        }
    }

    /// Puts changed files in and takes removed ones out.
    pub fn apply(&mut self, delta: &Delta) {
        for (path, bytes) in &delta.written {
            self.rendered.insert(path.clone(), Arc::clone(bytes));
        }
        for path in &delta.removed {
            self.rendered.remove(path);
        }
    }

    pub fn base_path(&self) -> &str {
        &self.base_path
    }

    /// Whether a build has succeeded, so there is a site to serve.
    pub fn is_ready(&self) -> bool {
        self.ready
    }

    /// A file of the site by its path inside the site; rendered files win over static ones.
    pub fn get(&self, path: &str) -> Option<&Arc<[u8]>> {
        self.rendered.get(path).or_else(|| self.statics.get(path))
    }
}

/// What to answer, before it is written to the connection.
#[derive(Debug, PartialEq)]
pub enum Reply {
    File {
        status: u16,
        content_type: &'static str,
        bytes: Arc<[u8]>,
    },
    Redirect(String),
    /// The live-reload event stream.
    Events,
    Script,
    /// No good build yet: a page listing the problems.
    NotReady(Vec<Diagnostic>),
    NotFound,
    BadRequest,
    MethodNotAllowed,
}

/// Decides the answer to a request for `raw_url` (as sent: `/toolkit/en/?q=1`).
pub fn route(method: &Method, raw_url: &str, store: &Store) -> Reply {
    if !matches!(method, Method::Get | Method::Head) {
        return Reply::MethodNotAllowed;
    }
    let Some(path) = clean_path(raw_url) else {
        return Reply::BadRequest;
    };
    // Redirects repeat the path as it was sent (still percent-encoded).
    let raw_path = raw_url.split(['?', '#']).next().unwrap_or("");
    match path.as_str() {
        EVENTS_PATH => return Reply::Events,
        SCRIPT_PATH => return Reply::Script,
        p if p.starts_with("/__cardstock/") => return Reply::NotFound,
        _ => {}
    }
    if !store.ready {
        return Reply::NotReady(store.problems.clone());
    }
    let base = store.base_path.as_str();
    if path == "/" && base != "/" || format!("{path}/") == base {
        return Reply::Redirect(base.to_string());
    }
    let Some(rel) = path.strip_prefix(base) else {
        return not_found(store);
    };
    let key = if rel.is_empty() || rel.ends_with('/') {
        format!("{rel}index.html")
    } else {
        rel.to_string()
    };
    if let Some(bytes) = store.get(&key) {
        return Reply::File {
            status: 200,
            content_type: content_type(&key),
            bytes: Arc::clone(bytes),
        };
    }
    if !key.ends_with("index.html") && store.get(&format!("{rel}/index.html")).is_some() {
        return Reply::Redirect(format!("{raw_path}/"));
    }
    not_found(store)
}

fn not_found(store: &Store) -> Reply {
    match store.get("404.html") {
        Some(page) => Reply::File {
            status: 404,
            content_type: content_type("404.html"),
            bytes: Arc::clone(page),
        },
        None => Reply::NotFound,
    }
}

/// The decoded path of a request target, or `None` if it is malformed or could
/// climb out of the site.
pub fn clean_path(raw_url: &str) -> Option<String> {
    let raw_path = raw_url.split(['?', '#']).next().unwrap_or("");
    if !raw_path.starts_with('/') || !raw_path.bytes().all(|b| b.is_ascii_graphic()) {
        return None;
    }
    let path = crate::urls::percent_decode_strict(raw_path)?;
    if path.contains(|c: char| c == '\\' || c.is_control()) {
        return None;
    }
    let segments: Vec<&str> = path[1..].split('/').collect();
    let last = segments.len() - 1;
    for (i, segment) in segments.iter().enumerate() {
        let empty_inside = segment.is_empty() && i != last;
        if empty_inside || *segment == "." || *segment == ".." {
            return None;
        }
    }
    Some(path)
}

/// The Content-Type for a file, by its extension (`mime_guess`'s table),
/// with `charset=utf-8` on the text types Cardstock writes.
pub fn content_type(path: &str) -> &'static str {
    let mime = mime_guess::from_path(path)
        .first_raw()
        .unwrap_or("application/octet-stream");
    match mime {
        "text/html" => "text/html; charset=utf-8",
        "text/css" => "text/css; charset=utf-8",
        "text/javascript" | "application/javascript" => "text/javascript; charset=utf-8",
        "text/csv" => "text/csv; charset=utf-8",
        "text/plain" => "text/plain; charset=utf-8",
        "text/xml" => "application/xml",
        other => other,
    }
}

/// The response for a reply; `Reply::Events` is answered by the connection
/// code (it keeps the connection open), so here it is only a fallback.
pub fn response_for(reply: Reply) -> Response {
    match reply {
        Reply::Script => Response::new(
            200,
            "text/javascript; charset=utf-8",
            Arc::from(SCRIPT.as_bytes()),
        ),
        Reply::File {
            status,
            content_type,
            bytes: body,
        } => {
            let body = if content_type.starts_with("text/html") {
                Arc::from(reload::inject_script(&body))
            } else {
                body
            };
            Response::new(status, content_type, body)
        }
        Reply::Redirect(location) => Response {
            status: 302,
            headers: vec![("Cache-Control", "no-store".into())],
            body: Arc::from(&b""[..]),
        }
        .with_header("Location", location),
        Reply::NotReady(problems) => Response::new(
            503,
            "text/html; charset=utf-8",
            Arc::from(reload::inject_script(not_ready_page(&problems).as_bytes())),
        ),
        Reply::NotFound => Response::text(404, "Not found."),
        Reply::BadRequest => Response::text(400, "Bad request."),
        Reply::MethodNotAllowed => Response::text(405, "Only GET and HEAD are supported.")
            .with_header("Allow", "GET, HEAD"),
        Reply::Events => Response::text(400, "Bad request."),
    }
}

/// Shown until a first build succeeds; the live script replaces it when one does.
fn not_ready_page(problems: &[Diagnostic]) -> String {
    let items: String = problems
        .iter()
        .map(|d| format!("<li><pre>{}</pre></li>", escape_html(&d.to_string())))
        .collect();
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Cardstock: the toolkit has errors</title></head>\n<body><main><h1>The toolkit has errors</h1><p>Cardstock could not build the site yet. Fix these problems and save; this page reloads by itself.</p><ul>{items}</ul></main></body></html>\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn store() -> Store {
        let mut store = Store {
            base_path: "/toolkit/".into(),
            ready: true,
            ..Store::default()
        };
        for (path, text) in [
            ("en/index.html", "home"),
            ("404.html", "missing"),
            ("en/data.json", "{}"),
        ] {
            store
                .rendered
                .insert(path.into(), Arc::from(text.as_bytes()));
        }
        store
            .statics
            .insert("css/site.css".into(), Arc::from(&b"body{}"[..]));
        store
    }

    fn status(reply: &Reply) -> u16 {
        match reply {
            Reply::File { status, .. } => *status,
            Reply::Redirect(_) => 302,
            Reply::BadRequest => 400,
            Reply::NotFound => 404,
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn serves_files_folders_and_redirects() {
        let store = store();
        let get = |url: &str| route(&Method::Get, url, &store);
        assert_eq!(status(&get("/toolkit/en/")), 200);
        assert_eq!(status(&get("/toolkit/en/index.html")), 200);
        assert_eq!(get("/toolkit/en"), Reply::Redirect("/toolkit/en/".into()));
        assert_eq!(get("/"), Reply::Redirect("/toolkit/".into()));
        assert_eq!(get("/toolkit"), Reply::Redirect("/toolkit/".into()));
        assert!(
            matches!(get("/toolkit/css/site.css"), Reply::File { content_type, .. } if content_type.starts_with("text/css"))
        );
        assert_eq!(status(&get("/toolkit/nothing/")), 404);
        assert_eq!(status(&get("/en/")), 404, "outside the base path");
        assert_eq!(
            route(&Method::Other("POST".into()), "/toolkit/en/", &store),
            Reply::MethodNotAllowed
        );
    }

    #[test]
    fn refuses_paths_that_climb_out() {
        for url in [
            "/toolkit/../etc/passwd",
            "/toolkit/%2e%2e/etc/passwd",
            "/toolkit/%2E%2E%2Fsecret",
            "//etc/passwd",
            "/toolkit/en/..%5c..%5cwin.ini",
            "/toolkit/./en/",
            "/toolkit/en%00.html",
            "/toolkit/en%0d%0aSet-Cookie:x",
            "/toolkit/%zz",
            "http://example.org/etc/passwd",
            "etc/passwd",
        ] {
            assert_eq!(
                route(&Method::Get, url, &store()),
                Reply::BadRequest,
                "{url}"
            );
        }
    }

    #[test]
    fn content_types_by_extension() {
        assert_eq!(content_type("a/b.SVG"), "image/svg+xml");
        assert_eq!(content_type("x.woff2"), "font/woff2");
        assert_eq!(content_type("r.csv"), "text/csv; charset=utf-8");
        assert_eq!(content_type("noext"), "application/octet-stream");
        assert_eq!(content_type("s.js"), "text/javascript; charset=utf-8");
        assert_eq!(content_type("index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("sitemap.xml"), "application/xml");
    }
}
