//! Connections: accepts them on the server's socket and answers each with a
//! fixed pool of worker threads, so the threads and memory a client can hold
//! are bounded whatever it sends.
//!
//! One thread accepts; accepted connections wait in a queue of
//! [`Limits::queue`] for one of [`Limits::workers`] workers, and a connection
//! arriving when the queue is full is answered 503 at once. A worker reads one
//! request head (within the time and size limits of [`wire`]), checks its
//! `Host` ([`host`]), answers and closes the connection. A live-reload event
//! stream gets a thread of its own, at most [`Limits::max_event_streams`] of
//! them ([`reload::Hub`]).

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::Ordering;
use std::sync::mpsc::{self, Receiver, SyncSender, TrySendError};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

use super::host::{Verdict, forbidden_message};
use super::http::{self, Reply};
use super::reload::{self, Refused};
use super::wire::{self, HeadError, Limits, Method, Response};
use super::{Shared, read};

/// Starts accepting on `listener`; returns the accepting thread (it ends,
/// closing the socket, once `shared.stop` is set and [`wake`] is called).
pub(super) fn start(
    listener: TcpListener,
    shared: &Arc<Shared>,
) -> std::io::Result<JoinHandle<()>> {
    let (queue, waiting) = mpsc::sync_channel(shared.limits.queue);
    let waiting = Arc::new(Mutex::new(waiting));
    for i in 0..shared.limits.workers.max(1) {
        let (waiting, shared) = (Arc::clone(&waiting), Arc::clone(shared));
        std::thread::Builder::new()
            .name(format!("serve-http-{i}"))
            .spawn(move || work(&waiting, &shared))?;
    }
    let shared = Arc::clone(shared);
    std::thread::Builder::new()
        .name("serve-accept".into())
        .spawn(move || accept(&listener, &queue, &shared))
}

/// Unblocks the accepting thread after `stop` was set, by connecting to it.
pub(super) fn wake(addr: SocketAddr) {
    let ip = match addr.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => IpAddr::V4(Ipv4Addr::LOCALHOST),
        IpAddr::V6(ip) if ip.is_unspecified() => IpAddr::V6(Ipv6Addr::LOCALHOST),
        ip => ip,
    };
    let _ = TcpStream::connect_timeout(&SocketAddr::new(ip, addr.port()), Duration::from_secs(2));
}

fn accept(listener: &TcpListener, queue: &SyncSender<TcpStream>, shared: &Shared) {
    for connection in listener.incoming() {
        if shared.stop.load(Ordering::SeqCst) {
            return;
        }
        let stream = match connection {
            Ok(stream) => stream,
            // Out of file descriptors, or a connection reset before it was
            // accepted: wait a little rather than spin, and go on.
            Err(_) => {
                std::thread::sleep(Duration::from_millis(20));
                continue;
            }
        };
        match queue.try_send(stream) {
            Ok(()) => {}
            Err(TrySendError::Full(mut stream)) => {
                let _ = stream.set_write_timeout(Some(Duration::from_secs(1)));
                let busy = Response::text(503, "The preview server is busy; try again.")
                    .with_header("Retry-After", "1");
                wire::send(&mut stream, &busy, true);
            }
            Err(TrySendError::Disconnected(_)) => return,
        }
    }
}

/// A worker: answers connections until the accepting thread ends.
fn work(waiting: &Mutex<Receiver<TcpStream>>, shared: &Shared) {
    loop {
        let next = waiting.lock().unwrap_or_else(|e| e.into_inner()).recv();
        let Ok(stream) = next else { return };
        // A bug answering one request must not take the server down.
        let answered =
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| answer(stream, shared)));
        if answered.is_err() {
            shared.warn("error: a request failed unexpectedly; the server goes on");
        }
    }
}

/// Reads one request from `stream` and answers it.
fn answer(mut stream: TcpStream, shared: &Shared) {
    let limits = &shared.limits;
    let _ = stream.set_write_timeout(Some(limits.write_timeout));
    let head = match wire::read_head(&mut stream, limits) {
        Ok(head) => head,
        Err(problem) => {
            if let Some(response) = refusal(&problem, limits) {
                wire::send(&mut stream, &response, true);
                wire::linger(&mut stream);
            }
            return;
        }
    };
    let with_body = head.method != Method::Head;
    match shared
        .allowed_hosts
        .judge(head.header_values("host"), head.version)
    {
        Verdict::Allowed => {}
        Verdict::Malformed => {
            let response = Response::text(400, "Bad request: send exactly one valid Host header.");
            return wire::send(&mut stream, &response, with_body);
        }
        Verdict::Forbidden(name) => {
            let response = Response::text(403, &forbidden_message(&name));
            return wire::send(&mut stream, &response, with_body);
        }
    }
    // Decide under the lock, answer after it: a slow client must not hold up rebuilds.
    let reply = http::route(&head.method, &head.target, &read(&shared.store));
    if reply == Reply::Events {
        return open_event_stream(stream, shared, with_body);
    }
    wire::send(&mut stream, &http::response_for(reply), with_body);
}

/// Hands the connection to a thread of its own that streams live-reload events.
fn open_event_stream(mut stream: TcpStream, shared: &Shared, with_body: bool) {
    let refused = match shared.hub.subscribe() {
        Ok(subscription) => {
            // If no thread can be made, the stream (and its place) is
            // dropped: the client sees the connection close.
            let _ = std::thread::Builder::new()
                .name("serve-events".into())
                .spawn(move || reload::stream(stream, subscription));
            return;
        }
        Err(Refused::Closed) => Response::text(503, "The preview server is stopping."),
        Err(Refused::Full(max)) => Response::text(
            503,
            &format!(
                "Too many live-reload connections: {max} are open. Close some preview tabs and reload this one to get live reload back."
            ),
        ),
    };
    wire::send(&mut stream, &refused, with_body);
}

/// The answer to a request head that could not be read, if the client is still there.
fn refusal(problem: &HeadError, limits: &Limits) -> Option<Response> {
    Some(match problem {
        HeadError::Closed => return None,
        HeadError::TimedOut => Response::text(
            408,
            &format!(
                "The request did not arrive within {} seconds.",
                limits.head_timeout.as_secs_f64()
            ),
        ),
        HeadError::TooLarge => Response::text(
            431,
            &format!(
                "The request headers are longer than {} bytes.",
                limits.max_head_bytes
            ),
        ),
        HeadError::Malformed => Response::text(400, "Bad request."),
        HeadError::UnsupportedVersion => {
            Response::text(505, "Only HTTP/1.0 and HTTP/1.1 are supported.")
        }
    })
}
