//! URL handling shared by every stage: validating web addresses (with the
//! `url` crate, as a browser parses them), percent-decoding, and joining
//! relative paths the way the site's links are resolved.

use percent_encoding::percent_decode_str;

/// Whether `text` is a usable `http`/`https` address: parsed by the WHATWG
/// URL rules, with a host that is a domain with a dot, `localhost` or an IP
/// address, and written without whitespace (which the parser would drop).
pub fn is_web_url(text: &str) -> bool {
    if text.chars().any(char::is_whitespace) {
        return false;
    }
    let Ok(url) = url::Url::parse(text) else {
        return false;
    };
    if !matches!(url.scheme(), "http" | "https") {
        return false;
    }
    match url.host() {
        Some(url::Host::Domain(domain)) => {
            domain == "localhost"
                || (domain.contains('.') && !domain.starts_with('.') && !domain.ends_with('.'))
        }
        Some(_) => true,
        None => false,
    }
}

/// Decodes `%XX` escapes (`qu%C3%A9` → `qué`); invalid UTF-8 is replaced.
pub fn percent_decode(text: &str) -> String {
    percent_decode_str(text).decode_utf8_lossy().into_owned()
}

/// Decodes `%XX` escapes strictly, for a request path the dev server may
/// refuse: `None` when a `%` is not followed by two hex digits or the bytes
/// are not UTF-8.
pub fn percent_decode_strict(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let well_formed = bytes.iter().enumerate().all(|(i, &b)| {
        b != b'%'
            || bytes
                .get(i + 1..i + 3)
                .is_some_and(|hex| hex.iter().all(u8::is_ascii_hexdigit))
    });
    if !well_formed {
        return None;
    }
    percent_decode_str(text)
        .decode_utf8()
        .ok()
        .map(|decoded| decoded.into_owned())
}

/// Joins a relative path to a folder, both `/`-separated: `.` and empty
/// parts are skipped, `..` climbs; `None` when it climbs above `folder`'s root.
pub fn join_path(folder: &str, relative: &str) -> Option<String> {
    let mut parts: Vec<&str> = folder.split('/').filter(|p| !p.is_empty()).collect();
    for part in relative.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            other => parts.push(other),
        }
    }
    Some(parts.join("/"))
}

/// The folder part of a `/`-separated file path (`a/b/c.md` → `a/b`).
pub fn parent_folder(file: &str) -> &str {
    file.rsplit_once('/').map_or("", |(folder, _)| folder)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn web_addresses() {
        assert!(is_web_url("https://doi.org/10.1/x"));
        assert!(is_web_url("http://localhost:8080/x"));
        assert!(is_web_url("https://127.0.0.1/"));
        assert!(!is_web_url("htp://x.org"));
        assert!(!is_web_url("https://exa mple.org"));
        assert!(!is_web_url("http://localhost and spaces"));
        assert!(!is_web_url("https://nodot/"));
        assert!(!is_web_url("https://example.org./"));
        assert!(!is_web_url("https://\texample.org/"));
    }

    #[test]
    fn decoding_and_joining() {
        assert_eq!(percent_decode("qu%C3%A9%20x"), "qué x");
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(
            percent_decode_strict("/a%20b/%C3%A9"),
            Some("/a b/é".into())
        );
        assert_eq!(percent_decode_strict("/100%"), None);
        assert_eq!(percent_decode_strict("/%zz"), None);
        assert_eq!(percent_decode_strict("/%FF"), None);
        assert_eq!(
            join_path("en/about", "../strategies"),
            Some("en/strategies".into())
        );
        assert_eq!(join_path("a", "../../x"), None);
        assert_eq!(join_path("", "./x/y"), Some("x/y".into()));
        assert_eq!(parent_folder("strategies/x.md"), "strategies");
        assert_eq!(parent_folder("x.md"), "");
    }
}
