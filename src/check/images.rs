//! Image rules: every image needs a text alternative (WCAG 1.1.1), and a file
//! name is not one.
//!
//! Convention for decorative images: write the alt text `decorative`,
//! `![decorative](border.png)`. It renders as `alt=""`, so screen readers
//! skip the image, and it tells the next editor the choice was deliberate.
//! In raw HTML, `alt=""` written out is the same explicit choice.

use super::Finding;
use super::body::BodyDoc;
use crate::error::Diagnostic;

const IMAGE_EXTENSIONS: [&str; 11] = [
    "png", "jpg", "jpeg", "gif", "svg", "webp", "avif", "bmp", "tif", "tiff", "heic",
];

/// `image-alt` (error): a Markdown image with empty alt text, or an HTML
/// `<img>` without an `alt` attribute.
pub fn missing_alt(doc: &BodyDoc, findings: &mut Vec<Finding>) {
    let help = "describe what the image shows: ![Coaches and a team reviewing a run chart](…); if it only decorates, write ![decorative](…)";
    for image in doc.images.iter().filter(|i| i.alt.trim().is_empty()) {
        findings.push(Finding::error(
            "image-alt",
            Diagnostic::new(&doc.file, format!("image `{}` has no alt text", image.dest))
                .at_line(image.line)
                .help(help),
        ));
    }
    for html in &doc.html {
        for tag in tags_named(&html.html, "img") {
            if attribute(tag, "alt").is_none() {
                findings.push(Finding::error(
                    "image-alt",
                    Diagnostic::new(&doc.file, "HTML image has no `alt` attribute")
                        .at_line(html.line)
                        .help("add alt=\"what the image shows\", or alt=\"\" if it only decorates"),
                ));
            }
        }
    }
}

/// `image-alt-filename` (error): alt text that is a file name (`IMG_0042.jpg`)
/// or the image's own file name tells a listener nothing.
pub fn alt_is_file_name(doc: &BodyDoc, findings: &mut Vec<Finding>) {
    for image in &doc.images {
        let alt = image.alt.trim();
        if !alt.is_empty() && looks_like_file_name(alt, &image.dest) {
            findings.push(Finding::error(
                "image-alt-filename",
                Diagnostic::new(&doc.file, format!("alt text `{alt}` is a file name"))
                    .at_line(image.line)
                    .help("replace it with what the image shows, in a short sentence"),
            ));
        }
    }
}

fn looks_like_file_name(alt: &str, dest: &str) -> bool {
    let lower = alt.to_lowercase();
    let has_extension = lower
        .rsplit_once('.')
        .is_some_and(|(stem, ext)| !stem.is_empty() && IMAGE_EXTENSIONS.contains(&ext));
    let file_name = dest
        .split(['?', '#'])
        .next()
        .unwrap_or("")
        .rsplit('/')
        .next()
        .unwrap_or("")
        .to_lowercase();
    let stem = file_name
        .rsplit_once('.')
        .map_or(file_name.as_str(), |(s, _)| s);
    has_extension || (!stem.is_empty() && (lower == file_name || lower == stem))
}

/// The opening tags `<name …>` in an HTML fragment.
pub(super) fn tags_named<'a>(html: &'a str, name: &str) -> Vec<&'a str> {
    let lower = html.to_ascii_lowercase();
    let open = format!("<{name}");
    let mut tags = Vec::new();
    let mut from = 0;
    while let Some(i) = lower[from..].find(&open) {
        let start = from + i;
        let after = start + open.len();
        let boundary = lower[after..]
            .chars()
            .next()
            .is_none_or(|c| c.is_whitespace() || c == '>' || c == '/');
        let end = lower[start..]
            .find('>')
            .map_or(lower.len(), |e| start + e + 1);
        if boundary {
            tags.push(&html[start..end]);
        }
        from = end.max(after);
    }
    tags
}

/// The value of an attribute in an opening tag; `Some("")` for `alt` or `alt=""`.
pub(super) fn attribute<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let lower = tag.to_ascii_lowercase();
    let mut from = 0;
    while let Some(i) = lower[from..].find(name) {
        let start = from + i;
        let before = lower[..start].chars().next_back();
        let rest = &tag[start + name.len()..];
        from = start + name.len();
        if !before.is_some_and(char::is_whitespace) {
            continue;
        }
        let rest_trimmed = rest.trim_start();
        let Some(value) = rest_trimmed.strip_prefix('=') else {
            let next = rest.chars().next();
            if next.is_none_or(|c| c.is_whitespace() || c == '>' || c == '/') {
                return Some("");
            }
            continue;
        };
        let value = value.trim_start();
        return Some(match value.chars().next() {
            Some(q @ ('"' | '\'')) => value[1..].split(q).next().unwrap_or(""),
            _ => value
                .split(|c: char| c.is_whitespace() || c == '>')
                .next()
                .unwrap_or(""),
        });
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names() {
        assert!(looks_like_file_name("IMG_0042.JPG", "photos/IMG_0042.JPG"));
        assert!(looks_like_file_name("team-photo", "img/team-photo.png"));
        assert!(!looks_like_file_name(
            "Team photo at the 2025 session",
            "img/team-photo.png"
        ));
        assert!(!looks_like_file_name("Dr. Smith", "a.png"));
    }

    #[test]
    fn html_attributes() {
        let tags = tags_named(
            r#"<p><IMG src="a.png" ALT=""> <img src=b.png> <imgx></p>"#,
            "img",
        );
        assert_eq!(tags.len(), 2);
        assert_eq!(attribute(tags[0], "alt"), Some(""));
        assert_eq!(attribute(tags[1], "alt"), None);
        assert_eq!(
            attribute(r#"<img data-alt="x" alt='Logo'>"#, "alt"),
            Some("Logo")
        );
    }
}
