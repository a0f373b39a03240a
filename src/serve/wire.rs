//! HTTP/1.1 on the wire, for the preview server: reading a request head within
//! a time limit and a size limit, and writing a response.
//!
//! Only what the preview needs: a request line and headers (no bodies are
//! read; nothing the server answers takes one), and one request per
//! connection (every response says `Connection: close`). Keeping it this small
//! is what lets the server bound every resource a client can hold: a head is
//! read into at most [`Limits::max_head_bytes`] bytes, within
//! [`Limits::head_timeout`] in total (not per read, so a client sending one
//! byte at a time is cut off too).

use std::io::{self, Read, Write};
use std::net::TcpStream;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// The bounds on what one client may hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limits {
    /// The time a client has to send a whole request head.
    pub head_timeout: Duration,
    /// The longest request head (request line and headers) read.
    pub max_head_bytes: usize,
    /// The time a response (or one live-reload event) may take to be written.
    pub write_timeout: Duration,
    /// Threads reading requests and answering them.
    pub workers: usize,
    /// Accepted connections waiting for a worker; more are answered 503 at once.
    pub queue: usize,
    /// Live-reload event streams open at once; more are answered 503.
    pub max_event_streams: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            head_timeout: Duration::from_secs(10),
            // Node.js's default for `--max-http-header-size`.
            max_head_bytes: 16 * 1024,
            write_timeout: Duration::from_secs(30),
            workers: 8,
            queue: 64,
            max_event_streams: 64,
        }
    }
}

/// The request methods the server tells apart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Method {
    Get,
    Head,
    Other(String),
}

/// A parsed request line and its headers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestHead {
    pub method: Method,
    /// The request target as sent, e.g. `/toolkit/en/?q=1`.
    pub target: String,
    /// `(1, 0)` or `(1, 1)`.
    pub version: (u8, u8),
    /// Header names in lower case, values trimmed, in the order sent.
    pub headers: Vec<(String, String)>,
}

impl RequestHead {
    /// Every value of header `name` (lower case).
    pub fn header_values<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.headers
            .iter()
            .filter(move |(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Why no request head could be read.
#[derive(Debug, PartialEq, Eq)]
pub enum HeadError {
    /// The client closed the connection, or it failed, before a whole head arrived.
    Closed,
    /// The head did not arrive within the time limit (answered 408).
    TimedOut,
    /// The head is longer than the limit (answered 431).
    TooLarge,
    /// Not an HTTP/1.x request head (answered 400).
    Malformed,
    /// An HTTP version other than 1.0 and 1.1 (answered 505).
    UnsupportedVersion,
}

/// Reads one request head from `stream`, within `limits`.
pub fn read_head(stream: &mut TcpStream, limits: &Limits) -> Result<RequestHead, HeadError> {
    let deadline = Instant::now() + limits.head_timeout;
    read_head_from(stream, limits.max_head_bytes, |stream| {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(HeadError::TimedOut);
        }
        stream
            .set_read_timeout(Some(left))
            .map_err(|_| HeadError::Closed)
    })
}

/// Reads a head from any reader; `before_read` runs before each read (to set
/// the time left) and can end the reading with an error.
fn read_head_from<R: Read>(
    reader: &mut R,
    max_bytes: usize,
    mut before_read: impl FnMut(&mut R) -> Result<(), HeadError>,
) -> Result<RequestHead, HeadError> {
    let mut buffer = Vec::with_capacity(1024.min(max_bytes));
    let mut chunk = [0u8; 1024];
    loop {
        before_read(reader)?;
        // Never ask for more than fits under the limit (plus one byte, to know it was exceeded).
        let room = (max_bytes + 1 - buffer.len()).min(chunk.len());
        let read = match reader.read(&mut chunk[..room]) {
            Ok(0) => return Err(HeadError::Closed),
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e)
                if matches!(
                    e.kind(),
                    io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
                ) =>
            {
                return Err(HeadError::TimedOut);
            }
            Err(_) => return Err(HeadError::Closed),
        };
        let searched_from = buffer.len().saturating_sub(3);
        buffer.extend_from_slice(&chunk[..read]);
        if let Some(end) = find_head_end(&buffer[searched_from..]) {
            let head_len = searched_from + end;
            if head_len > max_bytes {
                return Err(HeadError::TooLarge);
            }
            return parse_head(&buffer[..head_len]);
        }
        if buffer.len() > max_bytes {
            return Err(HeadError::TooLarge);
        }
    }
}

/// The length of the head up to the blank line ending it (`\r\n\r\n` or `\n\n`), if present.
fn find_head_end(bytes: &[u8]) -> Option<usize> {
    let crlf = bytes
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .map(|i| i + 4);
    let lf = bytes.windows(2).position(|w| w == b"\n\n").map(|i| i + 2);
    match (crlf, lf) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

fn parse_head(bytes: &[u8]) -> Result<RequestHead, HeadError> {
    let text = String::from_utf8_lossy(bytes);
    let mut lines = text.split('\n').map(|l| l.strip_suffix('\r').unwrap_or(l));
    let request_line = lines.next().ok_or(HeadError::Malformed)?;
    let mut parts = request_line.split(' ');
    let (Some(method), Some(target), Some(version), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(HeadError::Malformed);
    };
    if method.is_empty() || !method.bytes().all(|b| b.is_ascii_alphabetic()) || target.is_empty() {
        return Err(HeadError::Malformed);
    }
    let version = match version {
        "HTTP/1.1" => (1, 1),
        "HTTP/1.0" => (1, 0),
        v if v.starts_with("HTTP/") => return Err(HeadError::UnsupportedVersion),
        _ => return Err(HeadError::Malformed),
    };
    let method = match method {
        "GET" => Method::Get,
        "HEAD" => Method::Head,
        other => Method::Other(other.to_string()),
    };
    let mut headers = Vec::new();
    for line in lines.take_while(|l| !l.is_empty()) {
        let (name, value) = line.split_once(':').ok_or(HeadError::Malformed)?;
        // No space before the colon, no folded lines (RFC 9112, 5.1 and 5.2).
        if name.is_empty() || !name.bytes().all(is_token_byte) {
            return Err(HeadError::Malformed);
        }
        headers.push((name.to_ascii_lowercase(), value.trim().to_string()));
    }
    Ok(RequestHead {
        method,
        target: target.to_string(),
        version,
        headers,
    })
}

fn is_token_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

/// A response about to be written.
#[derive(Debug, Clone)]
pub struct Response {
    pub status: u16,
    pub headers: Vec<(&'static str, String)>,
    pub body: Arc<[u8]>,
}

impl Response {
    pub fn new(status: u16, content_type: &str, body: Arc<[u8]>) -> Response {
        Response {
            status,
            headers: vec![
                ("Content-Type", content_type.to_string()),
                ("Cache-Control", "no-store".to_string()),
                ("X-Content-Type-Options", "nosniff".to_string()),
            ],
            body,
        }
    }

    /// A short plain-text answer.
    pub fn text(status: u16, message: &str) -> Response {
        Response::new(
            status,
            "text/plain; charset=utf-8",
            Arc::from(format!("{message}\n").as_bytes()),
        )
    }

    pub fn with_header(mut self, name: &'static str, value: impl Into<String>) -> Response {
        self.headers.push((name, value.into()));
        self
    }

    /// The response as bytes; the body is left out for HEAD. A header value
    /// holding a control character is left out rather than written (values
    /// here come from the server, and request paths are checked first, but a
    /// response must never be split).
    pub fn to_bytes(&self, with_body: bool) -> Vec<u8> {
        let mut head = format!("HTTP/1.1 {} {}\r\n", self.status, reason(self.status));
        for (name, value) in &self.headers {
            if !value.chars().any(char::is_control) {
                head.push_str(&format!("{name}: {value}\r\n"));
            }
        }
        head.push_str(&format!(
            "Content-Length: {}\r\nConnection: close\r\n\r\n",
            self.body.len()
        ));
        let mut bytes = head.into_bytes();
        if with_body {
            bytes.extend_from_slice(&self.body);
        }
        bytes
    }
}

/// Writes `response` and ends the connection.
pub fn send(stream: &mut TcpStream, response: &Response, with_body: bool) {
    if stream.write_all(&response.to_bytes(with_body)).is_ok() {
        let _ = stream.flush();
    }
    let _ = stream.shutdown(std::net::Shutdown::Write);
}

/// After answering a request that was not read to its end: reads and drops
/// what the client is still sending, for a short, bounded while, so that the
/// close does not reset the connection before the client has read the answer
/// (a "lingering close", as Apache's). Never more than 64 KiB or half a second.
pub fn linger(stream: &mut TcpStream) {
    const MAX_BYTES: usize = 64 * 1024;
    let deadline = Instant::now() + Duration::from_millis(500);
    let mut scratch = [0u8; 4096];
    let mut dropped = 0;
    while dropped < MAX_BYTES {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() || stream.set_read_timeout(Some(left)).is_err() {
            return;
        }
        match stream.read(&mut scratch) {
            Ok(0) | Err(_) => return,
            Ok(n) => dropped += n,
        }
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        302 => "Found",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        505 => "HTTP Version Not Supported",
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(bytes: &[u8], max: usize) -> Result<RequestHead, HeadError> {
        read_head_from(&mut &bytes[..], max, |_| Ok(()))
    }

    #[test]
    fn reads_a_request_head() {
        let head = parse(
            b"GET /toolkit/?q=1 HTTP/1.1\r\nHost: localhost:1111\r\nX-Two:  a b \r\n\r\nbody",
            1024,
        )
        .unwrap();
        assert_eq!(head.method, Method::Get);
        assert_eq!(head.target, "/toolkit/?q=1");
        assert_eq!(head.version, (1, 1));
        assert_eq!(
            head.header_values("host").collect::<Vec<_>>(),
            ["localhost:1111"]
        );
        assert_eq!(head.header_values("x-two").collect::<Vec<_>>(), ["a b"]);
        let lf_only = parse(b"HEAD / HTTP/1.0\nHost: x\n\n", 1024).unwrap();
        assert_eq!(lf_only.method, Method::Head);
        assert_eq!(lf_only.version, (1, 0));
    }

    #[test]
    fn refuses_malformed_and_oversized_heads() {
        for bad in [
            &b"GET /\r\n\r\n"[..],
            b"GET / HTTP/1.1 extra\r\n\r\n",
            b"GET / FTP/1.1\r\n\r\n",
            b"GET / HTTP/1.1\r\nNo colon\r\n\r\n",
            b"GET / HTTP/1.1\r\nHost : x\r\n\r\n",
            b"GET / HTTP/1.1\r\n folded: x\r\n\r\n",
        ] {
            assert_eq!(parse(bad, 1024), Err(HeadError::Malformed), "{bad:?}");
        }
        assert_eq!(
            parse(b"GET / HTTP/2.0\r\n\r\n", 1024),
            Err(HeadError::UnsupportedVersion)
        );
        assert_eq!(
            parse(b"GET / HTTP/1.1\r\nHost: x\r\n", 1024),
            Err(HeadError::Closed)
        );
        let long = format!("GET / HTTP/1.1\r\nX: {}\r\n\r\n", "a".repeat(100));
        assert_eq!(parse(long.as_bytes(), 64), Err(HeadError::TooLarge));
        assert!(
            parse(long.as_bytes(), long.len()).is_ok(),
            "exactly at the limit"
        );
    }

    #[test]
    fn reads_no_more_than_the_limit() {
        /// A reader with endless header bytes, counting what was taken.
        struct Endless(usize);
        impl Read for Endless {
            fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
                buf.fill(b'a');
                self.0 += buf.len();
                Ok(buf.len())
            }
        }
        let mut endless = Endless(0);
        let result = read_head_from(&mut endless, 4096, |_| Ok(()));
        assert_eq!(result, Err(HeadError::TooLarge));
        assert_eq!(endless.0, 4097);
    }

    #[test]
    fn responses_have_a_length_and_close() {
        let response = Response::text(404, "Not found.").with_header("Location", "/a\r\nX: y");
        let text = String::from_utf8(response.to_bytes(true)).unwrap();
        assert!(text.starts_with("HTTP/1.1 404 Not Found\r\n"), "{text}");
        assert!(text.contains("\r\nContent-Length: 11\r\nConnection: close\r\n\r\nNot found.\n"));
        assert!(
            !text.contains("Location"),
            "a header with a line break is left out"
        );
        let head_only = String::from_utf8(response.to_bytes(false)).unwrap();
        assert!(head_only.ends_with("\r\n\r\n"));
    }
}
