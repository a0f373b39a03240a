//! The preview server against hostile clients, over raw sockets: Host checks
//! (DNS rebinding), request heads too slow or too large, and caps on
//! connections, live-reload streams and threads.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use cardstock::serve::ServeOptions;

use super::{CARD_URL, Fixture, PATIENCE, parse_reply, raw_request};

fn get_with_host(f: &Fixture, host: &str) -> super::Reply {
    raw_request(
        f.addr(),
        &format!("GET {CARD_URL} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"),
    )
}

#[test]
fn a_request_for_another_host_name_is_refused() {
    let f = Fixture::start();
    let port = f.addr().port();
    let refused = get_with_host(&f, &format!("rebound.example:{port}"));
    assert_eq!(refused.status, 403);
    assert_eq!(refused.header("content-type"), "text/plain; charset=utf-8");
    let body = refused.text();
    assert!(
        body.contains("--allowed-host rebound.example"),
        "the refusal says how to allow the name: {body}"
    );
    assert!(!body.contains("Peer Coaching"), "nothing of the site leaks");
    // Neither does the live-reload stream, nor a name merely starting with `localhost`.
    for (target, host) in [
        ("/__cardstock/events", "rebound.example".to_string()),
        (CARD_URL, format!("localhost.rebound.example:{port}")),
    ] {
        let reply = raw_request(
            f.addr(),
            &format!("GET {target} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"),
        );
        assert_eq!(reply.status, 403, "{target} for {host}");
    }
}

#[test]
fn localhost_and_ip_addresses_are_answered() {
    let f = Fixture::start();
    let port = f.addr().port();
    for host in [
        format!("127.0.0.1:{port}"),
        format!("localhost:{port}"),
        "LocalHost".to_string(),
        format!("[::1]:{port}"),
        format!("preview.localhost:{port}"),
    ] {
        let reply = get_with_host(&f, &host);
        assert_eq!(reply.status, 200, "{host}");
    }
}

#[test]
fn a_name_given_with_allowed_host_is_answered() {
    let f = Fixture::start_configured(|o| {
        o.allowed_hosts = vec!["preview.example.test".into(), ".lan.test".into()]
    });
    let port = f.addr().port();
    for host in [
        format!("preview.example.test:{port}"),
        "laptop.lan.test".to_string(),
    ] {
        assert_eq!(get_with_host(&f, &host).status, 200, "{host}");
    }
    assert_eq!(get_with_host(&f, "other.example.test").status, 403);
}

#[test]
fn a_request_without_exactly_one_host_is_a_bad_request() {
    let f = Fixture::start();
    let addr = f.addr();
    let none = raw_request(
        addr,
        &format!("GET {CARD_URL} HTTP/1.1\r\nConnection: close\r\n\r\n"),
    );
    assert_eq!(none.status, 400);
    let two = raw_request(
        addr,
        &format!("GET {CARD_URL} HTTP/1.1\r\nHost: localhost\r\nHost: {addr}\r\n\r\n"),
    );
    assert_eq!(two.status, 400);
    // HTTP/1.0 has no Host requirement.
    assert_eq!(
        raw_request(addr, &format!("GET {CARD_URL} HTTP/1.0\r\n\r\n")).status,
        200
    );
}

#[test]
fn an_allowed_host_that_is_not_a_name_is_refused_at_start() {
    let dir = tempfile::tempdir().unwrap();
    super::copy_tree(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/serve-toolkit"),
        dir.path(),
    );
    let mut options = ServeOptions::new(dir.path());
    options.port = 0;
    options.quiet = true;
    options.allowed_hosts = vec!["http://example.test/".into()];
    let message = cardstock::serve::Server::start(options)
        .err()
        .expect("refused")
        .to_string();
    assert!(
        message.contains("`http://example.test/` is not a host name"),
        "{message}"
    );
}

#[test]
fn a_huge_request_head_is_refused_without_being_read() {
    let f = Fixture::start();
    let mut stream = TcpStream::connect(f.addr()).unwrap();
    stream.set_write_timeout(Some(PATIENCE)).unwrap();
    stream.set_read_timeout(Some(PATIENCE)).unwrap();
    write!(
        stream,
        "GET {CARD_URL} HTTP/1.1\r\nHost: localhost\r\nX-Padding: "
    )
    .unwrap();
    // 50 MB of one header: the server stops reading at its limit and closes,
    // so the writes fail long before the end.
    let chunk = vec![b'a'; 1024 * 1024];
    let mut sent = 0;
    let mut refused = false;
    for _ in 0..50 {
        match stream.write_all(&chunk) {
            Ok(()) => sent += chunk.len(),
            Err(_) => {
                refused = true;
                break;
            }
        }
    }
    assert!(refused, "all {sent} bytes were taken in");
    assert!(
        sent < 20 * 1024 * 1024,
        "{sent} bytes were taken in before the close"
    );
    // The server goes on answering others.
    assert_eq!(f.get(CARD_URL).status, 200);
}

#[test]
fn a_request_head_over_the_limit_gets_431() {
    let f = Fixture::start_configured(|o| o.limits.max_head_bytes = 2048);
    let head = format!(
        "GET {CARD_URL} HTTP/1.1\r\nHost: localhost\r\nX-Padding: {}\r\n\r\n",
        "a".repeat(4096)
    );
    let mut stream = TcpStream::connect(f.addr()).unwrap();
    stream.set_read_timeout(Some(PATIENCE)).unwrap();
    stream.write_all(head.as_bytes()).unwrap();
    let mut raw = Vec::new();
    // The server answers with part of the head unread, and reads a little
    // more before closing, so the answer arrives whole.
    stream.read_to_end(&mut raw).unwrap();
    let refused = parse_reply(&raw);
    assert_eq!(refused.status, 431);
    assert_eq!(
        refused.text(),
        "The request headers are longer than 2048 bytes.\n"
    );
    let fits = format!(
        "GET {CARD_URL} HTTP/1.1\r\nHost: localhost\r\nX-Padding: {}\r\n\r\n",
        "a".repeat(1024)
    );
    assert_eq!(raw_request(f.addr(), &fits).status, 200);
}

#[test]
fn a_request_head_sent_slowly_is_cut_off_at_the_time_limit() {
    let limit = Duration::from_millis(500);
    let f = Fixture::start_configured(|o| o.limits.head_timeout = limit);
    let mut stream = TcpStream::connect(f.addr()).unwrap();
    stream.set_read_timeout(Some(PATIENCE)).unwrap();
    let started = Instant::now();
    // One header byte every 50 ms: each read is quick, the whole head never comes.
    let mut writer = stream.try_clone().unwrap();
    let trickle = std::thread::spawn(move || {
        let _ = writer.write_all(b"GET / HTTP/1.1\r\nHost: localhost\r\nX-Slow: ");
        for _ in 0..200 {
            if writer.write_all(b"a").is_err() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    });
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    let took = started.elapsed();
    assert!(took >= limit, "closed after {took:?}");
    assert!(took < Duration::from_secs(5), "still open after {took:?}");
    assert_eq!(parse_reply(&raw).status, 408);
    let _ = stream.shutdown(std::net::Shutdown::Both);
    trickle.join().unwrap();
}

#[test]
fn live_reload_streams_are_capped() {
    let f = Fixture::start_configured(|o| o.limits.max_event_streams = 2);
    let _first = f.events();
    let _second = f.events();
    let third = raw_request(
        f.addr(),
        "GET /__cardstock/events HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n\r\n",
    );
    assert_eq!(third.status, 503);
    assert!(
        third.text().contains("Too many live-reload connections"),
        "{}",
        third.text()
    );
    // Pages are still served.
    assert_eq!(f.get(CARD_URL).status, 200);
}

/// `cardstock serve` run as a process on a free port, for what only a
/// process shows (its threads, what it prints).
struct ServeProcess {
    child: Child,
    addr: std::net::SocketAddr,
}

impl ServeProcess {
    /// Starts the binary on a copy of the serve fixture; `None` if `bind` cannot be used here.
    fn start(dir: &Path, bind: &str) -> Option<ServeProcess> {
        super::copy_tree(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/serve-toolkit"),
            dir,
        );
        let mut child = Command::new(env!("CARGO_BIN_EXE_cardstock"))
            .args(["serve", "--port", "0", "--bind", bind])
            .arg(dir)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut out = std::io::BufReader::new(child.stdout.take().unwrap());
        let mut line = String::new();
        let addr = loop {
            line.clear();
            match std::io::BufRead::read_line(&mut out, &mut line) {
                Ok(0) | Err(_) => break None,
                Ok(_) => {}
            }
            if let Some(url) = line.trim().strip_prefix("Serving at http://") {
                break url.split('/').next().and_then(|h| h.parse().ok());
            }
        };
        let Some(addr) = addr else {
            let _ = child.kill();
            let _ = child.wait();
            return None;
        };
        // Keep reading stdout so the server never blocks on a full pipe.
        std::thread::spawn(move || std::io::copy(&mut out, &mut std::io::sink()));
        Some(ServeProcess { child, addr })
    }

    /// Stops the process and returns what it printed to stderr.
    fn stop(mut self) -> String {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let mut err = String::new();
        let _ = self.child.stderr.take().unwrap().read_to_string(&mut err);
        err
    }

    #[cfg(target_os = "linux")]
    fn threads(&self) -> usize {
        std::fs::read_dir(format!("/proc/{}/task", self.child.id()))
            .unwrap()
            .count()
    }
}

impl Drop for ServeProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[cfg(target_os = "linux")]
#[test]
fn threads_stay_bounded_under_200_connections() {
    let dir = tempfile::tempdir().unwrap();
    let server = ServeProcess::start(dir.path(), "127.0.0.1").expect("serve starts");
    let addr = server.addr;
    std::thread::sleep(Duration::from_millis(300));
    let before = server.threads();

    // 200 connections that never send a request.
    let idle: Vec<TcpStream> = (0..200)
        .map(|_| TcpStream::connect(addr).unwrap())
        .collect();
    std::thread::sleep(Duration::from_millis(500));
    let with_idle = server.threads();

    // 200 live-reload requests: at most the cap (64) get a stream.
    let streams: Vec<TcpStream> = (0..200)
        .filter_map(|_| {
            let mut s = TcpStream::connect(addr).ok()?;
            s.write_all(b"GET /__cardstock/events HTTP/1.1\r\nHost: localhost\r\n\r\n")
                .ok()?;
            Some(s)
        })
        .collect();
    std::thread::sleep(Duration::from_millis(500));
    let with_streams = server.threads();
    drop((idle, streams));
    server.stop();
    assert!(
        with_idle <= before + 1,
        "idle connections made threads: {before} before, {with_idle} with 200 idle connections"
    );
    assert!(
        with_streams <= before + 64 + 1,
        "{before} threads before, {with_streams} with 200 live-reload requests"
    );
}

#[test]
fn ipv4_mapped_loopback_is_not_warned_about() {
    let dir = tempfile::tempdir().unwrap();
    // Some machines have no IPv6; there is nothing to check there.
    let Some(server) = ServeProcess::start(dir.path(), "::ffff:127.0.0.1") else {
        return;
    };
    let reply = raw_request(
        server.addr,
        &format!(
            "GET {CARD_URL} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
            server.addr
        ),
    );
    let err = server.stop();
    assert_eq!(reply.status, 200);
    assert!(!err.contains("warning: listening"), "{err}");
}
