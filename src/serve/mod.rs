//! Serve: a preview server for authors. Builds a toolkit in memory, serves it
//! on this computer, watches its folder, rebuilds only what an edit changed
//! and tells open pages to reload. Nothing is written to the toolkit folder.
//!
//! Threads: a fixed pool of HTTP workers ([`connections`]) answers requests
//! from a [`http::Store`] of the last good files; the watcher ([`watch`]) sends changed paths to a rebuild thread,
//! which applies each batch to the [`rebuild::Project`], publishes the changed
//! files to the store and the outcome to the open pages ([`reload`]).
//!
//! ```no_run
//! let server = cardstock::serve::Server::start(cardstock::serve::ServeOptions::new("my-toolkit"))?;
//! println!("{}", server.url());
//! server.stop();
//! # Ok::<(), cardstock::Error>(())
//! ```

mod connections;
pub mod host;
pub mod http;
mod outputs;
mod plan;
pub mod rebuild;
pub mod reload;
mod search;
pub mod watch;
pub mod wire;

use std::io::Write;
use std::net::{IpAddr, Ipv4Addr, SocketAddr, TcpListener};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, RwLock, mpsc};
use std::thread::JoinHandle;

use crate::error::{Diagnostic, Error, Result};
use host::AllowedHosts;
use http::Store;
use rebuild::{Outcome, Project};
use reload::{Event, Hub};
pub use wire::Limits;

/// The default port, when `--port` is not given.
pub const DEFAULT_PORT: u16 = 1111;
/// Above this many changed pages, a reload event asks every page to reload.
const MAX_LISTED_PATHS: usize = 1000;

/// What `cardstock serve` was asked to do.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The toolkit folder (holding `cardstock.yaml`).
    pub toolkit: PathBuf,
    /// 0 picks a free port.
    pub port: u16,
    /// The address to listen on; other than loopback, other computers can connect.
    pub bind: IpAddr,
    /// Print nothing (for tests and benchmarks).
    pub quiet: bool,
    /// Host names answered besides IP addresses and `localhost` (`--allowed-host`; see [`host`]).
    pub allowed_hosts: Vec<String>,
    /// Bounds on what one client may hold (tests shorten them).
    pub limits: Limits,
}

impl ServeOptions {
    /// Serving `toolkit` on 127.0.0.1 at the default port.
    pub fn new(toolkit: impl Into<PathBuf>) -> ServeOptions {
        ServeOptions {
            toolkit: toolkit.into(),
            port: DEFAULT_PORT,
            bind: IpAddr::V4(Ipv4Addr::LOCALHOST),
            quiet: false,
            allowed_hosts: Vec::new(),
            limits: Limits::default(),
        }
    }
}

/// A running preview server; [`Server::stop`] ends it.
pub struct Server {
    addr: SocketAddr,
    shared: Arc<Shared>,
    threads: Vec<JoinHandle<()>>,
}

/// What the server's threads share.
struct Shared {
    store: RwLock<Store>,
    hub: Hub,
    stop: AtomicBool,
    quiet: bool,
    allowed_hosts: AllowedHosts,
    limits: Limits,
}

impl Shared {
    // Write errors are ignored: a closed terminal must not stop the preview.
    fn say(&self, text: &str) {
        if !self.quiet {
            let _ = writeln!(std::io::stdout().lock(), "{text}");
        }
    }

    fn warn(&self, text: &str) {
        if !self.quiet {
            let _ = writeln!(std::io::stderr().lock(), "{text}");
        }
    }
}

impl Server {
    /// Binds the address, builds the toolkit, then serves and watches it on
    /// background threads. A toolkit with errors is still served (a page lists
    /// the errors until they are fixed); a folder without `cardstock.yaml`, or
    /// a port in use, is an error.
    pub fn start(options: ServeOptions) -> Result<Server> {
        let root =
            std::fs::canonicalize(&options.toolkit).map_err(|e| Error::io(&options.toolkit, e))?;
        let allowed_hosts = AllowedHosts::new(&options.allowed_hosts).map_err(Error::Serve)?;
        let listener = bind(options.bind, options.port)?;
        let addr = listener
            .local_addr()
            .map_err(|e| Error::Serve(format!("cannot read the server address: {e}")))?;
        let shared = Arc::new(Shared {
            store: RwLock::new(Store::default()),
            hub: Hub::with_stream_limit(options.limits.max_event_streams),
            stop: AtomicBool::new(false),
            quiet: options.quiet,
            allowed_hosts,
            limits: options.limits.clone(),
        });
        if !is_this_computer_only(options.bind) {
            shared.warn(&format!(
                "warning: listening on {}: other computers on the network can read this preview (the default, 127.0.0.1, is this computer only)",
                options.bind
            ));
        }

        let (mut project, outcome) = Project::open(&root)?;
        report(&shared, &outcome, Build::First);
        publish(&shared, &outcome);

        let accepting = connections::start(listener, &shared)
            .map_err(|e| Error::Serve(format!("cannot start the HTTP server: {e}")))?;
        let mut threads = vec![accepting];

        let (changes_tx, changes) = mpsc::channel();
        let mut watcher = watch::Watcher::start(&root, changes_tx).map_err(|e| {
            Error::Serve(format!("cannot watch {} for changes: {e}", root.display()))
        })?;
        let index_shared = Arc::clone(&shared);
        let indexer = search::Indexer::start(project.take_search(), move |delta| {
            write(&index_shared.store).apply(delta)
        });
        let rebuild_shared = Arc::clone(&shared);
        threads.push(std::thread::spawn(move || {
            while let Some(paths) = watch::next_batch(&changes, watch::QUIET, &rebuild_shared.stop)
            {
                watcher.follow_new_folders(&paths);
                rebuild(&mut project, &paths, &rebuild_shared, &indexer);
            }
            indexer.stop();
        }));

        Ok(Server {
            addr,
            shared,
            threads,
        })
    }

    /// The address the server listens on (with the real port when 0 was asked).
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The address of the site, for a browser: `http://127.0.0.1:PORT/toolkit/`.
    pub fn url(&self) -> String {
        let host = match self.addr.ip() {
            ip if ip.is_unspecified() && ip.is_ipv4() => "127.0.0.1".to_string(),
            ip if ip.is_unspecified() => "[::1]".to_string(),
            IpAddr::V6(ip) => format!("[{ip}]"),
            IpAddr::V4(ip) => ip.to_string(),
        };
        let base_path = read(&self.shared.store).base_path().to_string();
        format!("http://{host}:{}{base_path}", self.addr.port())
    }

    /// Serves until the process ends (Ctrl-C).
    pub fn wait(self) {
        for thread in self.threads {
            let _ = thread.join();
        }
    }

    /// Stops serving and watching; open event streams are closed. Workers
    /// answering a request finish it (within the limits) on their own.
    pub fn stop(self) {
        self.shared.stop.store(true, Ordering::SeqCst);
        self.shared.hub.close();
        connections::wake(self.addr);
        for thread in self.threads {
            let _ = thread.join();
        }
    }
}

/// Whether only this computer can connect to `ip`: a loopback address,
/// including 127.0.0.1 written as IPv6 (`::ffff:127.0.0.1`).
pub fn is_this_computer_only(ip: IpAddr) -> bool {
    ip.to_canonical().is_loopback()
}

fn bind(ip: IpAddr, port: u16) -> Result<TcpListener> {
    TcpListener::bind((ip, port)).map_err(|e| {
        let message = match e.kind() {
            std::io::ErrorKind::AddrInUse => format!(
                "port {port} on {ip} is already in use (another `cardstock serve`?)\n  help: pick another port with --port, e.g. --port {}, or --port 0 for any free port",
                port.wrapping_add(1).max(1024)
            ),
            std::io::ErrorKind::PermissionDenied => format!(
                "not allowed to listen on port {port}\n  help: ports below 1024 need special rights; pick another with --port, e.g. --port {DEFAULT_PORT}"
            ),
            _ => format!("cannot listen on {ip} port {port}: {e}\n  help: check --bind and --port"),
        };
        Error::Serve(message)
    })
}

/// Applies a batch of changes, publishes the result and tells the pages.
fn rebuild(project: &mut Project, paths: &[PathBuf], shared: &Shared, indexer: &search::Indexer) {
    let applied = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| project.apply(paths)));
    match applied {
        Ok(Some(outcome)) => {
            let was_broken = shared.hub.is_broken();
            publish(shared, &outcome);
            report(shared, &outcome, Build::Again { was_broken });
            if project.take_search_reset() {
                indexer.forget_pages();
            }
            if outcome.result.is_ok()
                && let Some(site) = project.site_snapshot()
            {
                // After the pages were told to reload: nobody waits for the index.
                indexer.index(site);
            }
        }
        Ok(None) => {}
        Err(_) => {
            project.reset();
            let problem = Diagnostic::new("", "Cardstock failed unexpectedly while rebuilding")
                .help("save again to retry; if it keeps failing, restart `cardstock serve` and report the problem");
            shared.warn(&format!("error: {problem}"));
            shared.hub.send(Event::Error(vec![problem]));
        }
    }
}

/// Puts the outcome's files in the store and sends the events it calls for.
fn publish(shared: &Shared, outcome: &Outcome) {
    let became_ready = {
        let mut store = write(&shared.store);
        let was_ready = store.is_ready();
        store.publish(outcome);
        !was_ready && store.is_ready()
    };
    for event in events_for(outcome) {
        match event {
            // Pages showing the list of errors of a first build have no site path of their own.
            Event::Reload(_) | Event::Css(_) if became_ready => {
                shared.hub.send(Event::Reload(None))
            }
            event => shared.hub.send(event),
        }
    }
}

/// The events telling open pages about an outcome.
pub fn events_for(outcome: &Outcome) -> Vec<Event> {
    let update = match &outcome.result {
        Ok(update) => update,
        Err(problems) => return vec![Event::Error(problems.clone())],
    };
    let mut events = vec![Event::Ok];
    let url = |path: &str| {
        format!(
            "{}{}",
            outcome.base_path,
            path.trim_end_matches("index.html")
        )
    };
    let (css, other_statics): (Vec<&String>, Vec<&String>) = outcome
        .statics
        .iter()
        .flat_map(|s| &s.changed)
        .partition(|p| p.ends_with(".css"));
    if !update.delta.is_empty() || !other_statics.is_empty() {
        let pages: Vec<String> = update.delta.paths().map(url).collect();
        let listed = other_statics.is_empty() && pages.len() <= MAX_LISTED_PATHS;
        events.push(Event::Reload(listed.then_some(pages)));
    } else if !css.is_empty() {
        events.push(Event::Css(css.iter().map(|p| url(p)).collect()));
    }
    events
}

/// Which build an outcome comes from, for the terminal.
#[derive(Clone, Copy, PartialEq)]
enum Build {
    First,
    Again { was_broken: bool },
}

/// Prints what a build did, or its errors, as `cardstock build` would.
fn report(shared: &Shared, outcome: &Outcome, build: Build) {
    let ms = outcome.elapsed.as_millis();
    match &outcome.result {
        Ok(update) => {
            for warning in &update.warnings {
                shared.warn(&format!("warning: {warning}"));
            }
            if build == Build::First {
                shared.say(&format!(
                    "Built the site ({} files) in {ms} ms.",
                    update.delta.written.len()
                ));
                return;
            }
            let mut changed: Vec<&str> = update.delta.paths().collect();
            changed.extend(
                outcome
                    .statics
                    .iter()
                    .flat_map(|s| &s.changed)
                    .map(String::as_str),
            );
            match changed.len() {
                0 if build == (Build::Again { was_broken: true }) => {
                    shared.say("Fixed: the site builds again (no page changed).")
                }
                0 => {}
                1..=3 => shared.say(&format!("Updated in {ms} ms: {}", changed.join(", "))),
                n => shared.say(&format!("Updated in {ms} ms: {n} files")),
            }
        }
        Err(problems) => {
            shared.warn(&crate::Error::Invalid(problems.clone()).to_string());
            shared.warn(if build == Build::First {
                "The toolkit has errors; fix them and save, and the preview will appear."
            } else {
                "Still serving the last good build; fix the errors and save."
            });
        }
    }
}

/// Opens `url` in the default browser; failure is ignored (the address is printed anyway).
pub fn open_browser(url: &str) {
    // The `open` crate knows each platform's opener; a failure only means
    // the reader opens the address themselves.
    let _ = open::that_detached(url);
}

fn read(lock: &RwLock<Store>) -> std::sync::RwLockReadGuard<'_, Store> {
    // The store is replaced in whole steps; a panic elsewhere leaves it usable.
    lock.read().unwrap_or_else(|e| e.into_inner())
}

fn write(lock: &RwLock<Store>) -> std::sync::RwLockWriteGuard<'_, Store> {
    lock.write().unwrap_or_else(|e| e.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_addresses_in_every_spelling_are_this_computer_only() {
        for ip in ["127.0.0.1", "127.1.2.3", "::1", "::ffff:127.0.0.1"] {
            assert!(is_this_computer_only(ip.parse().unwrap()), "{ip}");
        }
        for ip in ["0.0.0.0", "::", "192.168.1.2", "::ffff:192.168.1.2"] {
            assert!(!is_this_computer_only(ip.parse().unwrap()), "{ip}");
        }
    }
}
