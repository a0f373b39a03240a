//! Which `Host` headers the preview server answers: the defence against DNS
//! rebinding, where a web page on `evil.example` makes its name resolve to
//! 127.0.0.1 and then reads the preview with the browser's own requests.
//! Such requests carry `Host: evil.example`, so only names known to point at
//! this computer are answered, as Vite's `server.allowedHosts` and
//! webpack-dev-server's `allowedHosts` do:
//!
//! - an IP address (`127.0.0.1`, `[::1]`, the bound address, a LAN address):
//!   a page can only send it when its own origin is that address, so it is
//!   not a rebinding;
//! - `localhost` and names ending in `.localhost`, which browsers resolve to
//!   this computer themselves (RFC 6761);
//! - the names given with `--allowed-host`; a name starting with a dot
//!   (`.example.test`) allows that name and every name below it.
//!
//! The port in the header is not compared: a request that reached this
//! socket came to the right port.

use std::net::IpAddr;

/// Names the server answers to besides IP addresses and `localhost`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AllowedHosts {
    names: Vec<String>,
}

/// What to do with a request, by its `Host` headers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    Allowed,
    /// No `Host` on HTTP/1.1, several, or one that is not a host (400).
    Malformed,
    /// A name that is not allowed (403), as sent, without the port.
    Forbidden(String),
}

impl AllowedHosts {
    /// The names given with `--allowed-host`, checked and lower-cased.
    pub fn new<S: AsRef<str>>(names: &[S]) -> Result<AllowedHosts, String> {
        let names = names
            .iter()
            .map(|n| parse_allowed_name(n.as_ref()))
            .collect::<Result<_, _>>()?;
        Ok(AllowedHosts { names })
    }

    /// Judges the `Host` header values of a request of HTTP version `version`.
    pub fn judge<'a>(
        &self,
        mut hosts: impl Iterator<Item = &'a str>,
        version: (u8, u8),
    ) -> Verdict {
        let (first, second) = (hosts.next(), hosts.next());
        let host = match (first, second) {
            (Some(host), None) => host,
            // HTTP/1.0 clients may leave it out; no browser does.
            (None, _) if version == (1, 0) => return Verdict::Allowed,
            _ => return Verdict::Malformed,
        };
        let Some(name) = host_name(host) else {
            return Verdict::Malformed;
        };
        if self.allows(&name) {
            Verdict::Allowed
        } else {
            Verdict::Forbidden(name)
        }
    }

    fn allows(&self, name: &str) -> bool {
        let name = name.strip_suffix('.').unwrap_or(name);
        if is_ip_address(name) || name == "localhost" || name.ends_with(".localhost") {
            return true;
        }
        self.names
            .iter()
            .any(|allowed| match allowed.strip_prefix('.') {
                Some(domain) => name == domain || name.ends_with(allowed.as_str()),
                None => name == allowed,
            })
    }
}

/// The host part of a `Host` header value, lower case, without the port;
/// `None` if it is not `name[:port]` or `[ipv6][:port]`.
fn host_name(value: &str) -> Option<String> {
    let value = value.to_ascii_lowercase();
    let (name, port) = if let Some(rest) = value.strip_prefix('[') {
        let (inside, after) = rest.split_once(']')?;
        (
            format!("[{inside}]"),
            after.strip_prefix(':').or(after.is_empty().then_some(""))?,
        )
    } else {
        match value.split_once(':') {
            Some((name, port)) => (name.to_string(), port),
            None => (value.clone(), ""),
        }
    };
    let port_ok = port.bytes().all(|b| b.is_ascii_digit()) && port.len() <= 5;
    let name_ok = !name.is_empty()
        && (is_ip_address(&name)
            || name
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.' || b == b'_'));
    (port_ok && name_ok).then_some(name)
}

fn is_ip_address(name: &str) -> bool {
    let bare = name
        .strip_prefix('[')
        .and_then(|n| n.strip_suffix(']'))
        .unwrap_or(name);
    bare.parse::<IpAddr>().is_ok() && (bare.contains(':') == name.starts_with('['))
}

/// Checks one `--allowed-host` value: a host name, or `.name` for a name and its subdomains.
pub fn parse_allowed_name(value: &str) -> Result<String, String> {
    let name = value.trim().to_ascii_lowercase();
    let bare = name.strip_prefix('.').unwrap_or(&name);
    let valid = !bare.is_empty()
        && bare.len() <= 253
        && bare.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && label
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        });
    if valid {
        Ok(name)
    } else {
        Err(format!(
            "`{value}` is not a host name: give a name such as `preview.example.test`, or `.example.test` for that name and every name below it (IP addresses are always allowed)"
        ))
    }
}

/// The body of a 403 for a Host that is not allowed.
pub fn forbidden_message(name: &str) -> String {
    format!(
        "Blocked request: the host `{name}` is not allowed.\n\
         The preview answers only requests for localhost, IP addresses and names you allow, so other web sites cannot read it (DNS rebinding).\n\
         To allow this host, restart with: cardstock serve --allowed-host {name}"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn judge(allowed: &[&str], host: &str) -> Verdict {
        AllowedHosts::new(allowed)
            .unwrap()
            .judge(std::iter::once(host), (1, 1))
    }

    #[test]
    fn loopback_names_and_ip_addresses_are_allowed() {
        for host in [
            "localhost",
            "LOCALHOST:1111",
            "localhost.",
            "app.localhost:80",
            "127.0.0.1",
            "127.0.0.1:1111",
            "[::1]:1111",
            "[::ffff:127.0.0.1]",
            "192.168.1.20:8080",
        ] {
            assert_eq!(judge(&[], host), Verdict::Allowed, "{host}");
        }
    }

    #[test]
    fn other_names_are_forbidden_unless_allowed() {
        assert_eq!(
            judge(&[], "evil.example:1111"),
            Verdict::Forbidden("evil.example".into())
        );
        assert_eq!(
            judge(&[], "localhost.evil.example"),
            Verdict::Forbidden("localhost.evil.example".into())
        );
        assert_eq!(
            judge(&["Preview.Test"], "preview.test:1111"),
            Verdict::Allowed
        );
        assert_eq!(
            judge(&["preview.test"], "a.preview.test"),
            Verdict::Forbidden("a.preview.test".into())
        );
        assert_eq!(
            judge(&[".preview.test"], "a.preview.test"),
            Verdict::Allowed
        );
        assert_eq!(judge(&[".preview.test"], "preview.test"), Verdict::Allowed);
        assert_eq!(
            judge(&[".preview.test"], "evilpreview.test"),
            Verdict::Forbidden("evilpreview.test".into())
        );
    }

    #[test]
    fn missing_repeated_or_malformed_hosts_are_bad_requests() {
        let hosts = AllowedHosts::default();
        assert_eq!(hosts.judge(std::iter::empty(), (1, 1)), Verdict::Malformed);
        assert_eq!(hosts.judge(std::iter::empty(), (1, 0)), Verdict::Allowed);
        assert_eq!(
            hosts.judge(["localhost", "localhost"].into_iter(), (1, 1)),
            Verdict::Malformed
        );
        for host in [
            "",
            "a b",
            "localhost:x",
            "[::1",
            "::1",
            "user@localhost",
            "localhost:1/x",
        ] {
            assert_eq!(judge(&[], host), Verdict::Malformed, "{host:?}");
        }
    }

    #[test]
    fn allowed_names_are_checked() {
        assert!(parse_allowed_name("preview.example.test").is_ok());
        assert!(parse_allowed_name(".example.test").is_ok());
        for bad in ["", ".", "a..b", "http://x", "x:80", "*.x"] {
            assert!(parse_allowed_name(bad).is_err(), "{bad}");
        }
    }
}
