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
use crate::html::tags_named;

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
            if tag.attribute("alt").is_none() {
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
}
