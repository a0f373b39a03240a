//! Live reload: the Server-Sent Events endpoint (`/__cardstock/events`) that
//! tells open pages what a rebuild did, and the script the dev server adds to
//! every HTML page it serves (never to `cardstock build` output).
//!
//! Events: `reload` (data `{"paths": [...]}`, the URL paths of changed pages,
//! or `null` for all), `css` (only stylesheets changed; data `{"paths": [...]}`),
//! `error` (the build failed; data: a list of `{file, line, column, message,
//! help}`), and `ok` (the next good build; the overlay goes away). A page that
//! connects while the build is broken gets the `error` event at once.

use std::io::Write;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::json;

use crate::error::Diagnostic;

/// Where the script and the event stream are served; outside any site path.
pub const EVENTS_PATH: &str = "/__cardstock/events";
pub const SCRIPT_PATH: &str = "/__cardstock/live.js";

/// The script added to served pages.
pub const SCRIPT: &str = include_str!("live.js");

/// How often an idle stream sends a comment, so a closed tab is noticed.
const KEEP_ALIVE: Duration = Duration::from_secs(15);

#[derive(Debug, Clone, PartialEq)]
pub enum Event {
    /// Pages changed: reload the listed URL paths, or every page (`None`).
    Reload(Option<Vec<String>>),
    /// Only stylesheets changed (URL paths).
    Css(Vec<String>),
    /// The build failed; the last good pages are still served.
    Error(Vec<Diagnostic>),
    /// A build succeeded after a failure.
    Ok,
}

impl Event {
    pub fn name(&self) -> &'static str {
        match self {
            Event::Reload(_) => "reload",
            Event::Css(_) => "css",
            Event::Error(_) => "error",
            Event::Ok => "ok",
        }
    }

    /// The event in the `text/event-stream` format.
    pub fn to_sse(&self) -> String {
        let data = match self {
            Event::Reload(paths) => json!({ "paths": paths }),
            Event::Css(paths) => json!({ "paths": paths }),
            Event::Error(problems) => json!(problems),
            Event::Ok => json!({}),
        };
        // serde_json escapes newlines inside strings, so the data is one line.
        format!("event: {}\ndata: {data}\n\n", self.name())
    }
}

/// The open event streams, and whether the build is currently broken.
pub struct Hub {
    state: Mutex<HubState>,
    /// Streams being served now (a stream ends when its client goes away).
    open_streams: Arc<AtomicUsize>,
    max_streams: usize,
}

impl Default for Hub {
    fn default() -> Hub {
        Hub::with_stream_limit(crate::serve::wire::Limits::default().max_event_streams)
    }
}

/// Why a new event stream was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refused {
    /// The server is stopping.
    Closed,
    /// As many streams as allowed are open.
    Full(usize),
}

/// An open event stream: its events, and its place among the open streams
/// (given back when this is dropped).
pub struct Subscription {
    pub events: Receiver<Event>,
    open_streams: Arc<AtomicUsize>,
}

impl Drop for Subscription {
    fn drop(&mut self) {
        self.open_streams.fetch_sub(1, Ordering::SeqCst);
    }
}

#[derive(Default)]
struct HubState {
    clients: Vec<Sender<Event>>,
    errors: Option<Vec<Diagnostic>>,
    closed: bool,
}

impl Hub {
    /// A hub serving at most `max_streams` event streams at once.
    pub fn with_stream_limit(max_streams: usize) -> Hub {
        Hub {
            state: Mutex::default(),
            open_streams: Arc::default(),
            max_streams,
        }
    }

    /// A new stream; it starts with the current errors, if any.
    pub fn subscribe(&self) -> Result<Subscription, Refused> {
        let mut state = self.lock();
        if state.closed {
            return Err(Refused::Closed);
        }
        // Counted under the lock, so two clients cannot both take the last place.
        if self.open_streams.load(Ordering::SeqCst) >= self.max_streams {
            return Err(Refused::Full(self.max_streams));
        }
        self.open_streams.fetch_add(1, Ordering::SeqCst);
        let (tx, rx) = mpsc::channel();
        if let Some(errors) = &state.errors {
            let _ = tx.send(Event::Error(errors.clone()));
        }
        state.clients.push(tx);
        Ok(Subscription {
            events: rx,
            open_streams: Arc::clone(&self.open_streams),
        })
    }

    /// How many event streams are open.
    pub fn open_streams(&self) -> usize {
        self.open_streams.load(Ordering::SeqCst)
    }

    /// Sends to every open stream, dropping the closed ones. An `Ok` is sent
    /// only if the build was broken.
    pub fn send(&self, event: Event) {
        let mut state = self.lock();
        match &event {
            Event::Error(errors) => state.errors = Some(errors.clone()),
            Event::Ok if state.errors.take().is_none() => return,
            _ => {}
        }
        state.clients.retain(|tx| tx.send(event.clone()).is_ok());
    }

    pub fn is_broken(&self) -> bool {
        self.lock().errors.is_some()
    }

    /// Ends every stream; later subscriptions are refused.
    pub fn close(&self) {
        let mut state = self.lock();
        state.closed = true;
        state.clients.clear();
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HubState> {
        // The state stays valid if a holder panicked.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// Writes an event stream to a client until it goes away or the hub closes.
/// Ending (dropping the subscription) frees the stream's place.
pub fn stream(mut writer: impl Write, subscription: Subscription) {
    let events = &subscription.events;
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\nCache-Control: no-store\r\nConnection: close\r\nX-Content-Type-Options: nosniff\r\n\r\nretry: 1000\n\n";
    if write_flush(&mut writer, head).is_err() {
        return;
    }
    loop {
        let text = match events.recv_timeout(KEEP_ALIVE) {
            Ok(event) => event.to_sse(),
            Err(RecvTimeoutError::Timeout) => ": keep-alive\n\n".to_string(),
            Err(RecvTimeoutError::Disconnected) => return,
        };
        if write_flush(&mut writer, &text).is_err() {
            return;
        }
    }
}

fn write_flush(writer: &mut impl Write, text: &str) -> std::io::Result<()> {
    writer.write_all(text.as_bytes())?;
    writer.flush()
}

/// Adds the live-reload script to an HTML page, before `</body>`.
pub fn inject_script(html: &[u8]) -> Vec<u8> {
    let tag = format!("<script src=\"{SCRIPT_PATH}\"></script>\n");
    let at = find_last(html, b"</body>").unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + tag.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(tag.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

fn find_last(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .rposition(|w| w.eq_ignore_ascii_case(needle))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_are_single_data_lines() {
        let event = Event::Error(vec![
            Diagnostic::new("content/en/a.md", "bad\nthing").at_line(3),
        ]);
        let text = event.to_sse();
        assert!(text.starts_with("event: error\ndata: ["));
        assert_eq!(text.matches('\n').count(), 3, "{text}");
        let data: serde_json::Value =
            serde_json::from_str(text.lines().nth(1).unwrap().strip_prefix("data: ").unwrap())
                .unwrap();
        assert_eq!(data[0]["line"], 3);
        assert_eq!(data[0]["message"], "bad\nthing");
    }

    #[test]
    fn script_goes_before_the_body_end() {
        let page = inject_script(b"<html><body><p>x</p></body></html>");
        let page = String::from_utf8(page).unwrap();
        assert!(page.ends_with("</script>\n</body></html>"), "{page}");
        assert!(
            String::from_utf8(inject_script(b"<p>no body"))
                .unwrap()
                .ends_with("</script>\n")
        );
    }

    #[test]
    fn late_subscribers_get_the_current_error_and_ok_only_follows_an_error() {
        let hub = Hub::default();
        let early = hub.subscribe().unwrap();
        hub.send(Event::Ok);
        assert!(early.events.try_recv().is_err(), "no ok without an error");
        hub.send(Event::Error(vec![Diagnostic::new("x.md", "bad")]));
        let late = hub.subscribe().unwrap();
        assert_eq!(late.events.try_recv().unwrap().name(), "error");
        hub.send(Event::Ok);
        assert_eq!(late.events.try_recv().unwrap(), Event::Ok);
        assert!(!hub.is_broken());
        hub.close();
        assert_eq!(hub.subscribe().err(), Some(Refused::Closed));
    }

    #[test]
    fn streams_are_capped_and_a_closed_one_frees_its_place() {
        let hub = Hub::with_stream_limit(2);
        let first = hub.subscribe().unwrap();
        let _second = hub.subscribe().unwrap();
        assert_eq!(hub.subscribe().err(), Some(Refused::Full(2)));
        drop(first);
        assert_eq!(hub.open_streams(), 1);
        assert!(hub.subscribe().is_ok());
    }
}
