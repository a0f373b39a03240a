//! Link rules: a link's text must say where it leads, also out of context,
//! as screen-reader users hear links in a list (WCAG 2.4.4, 4.1.2); and
//! external addresses must at least be well formed (syntax only: no network).

use std::collections::HashMap;

use super::Finding;
use super::body::{BodyDoc, Link};
use crate::content::kinds::{is_valid_doi, is_valid_url};
use crate::error::Diagnostic;
use crate::markdown::{Destination, classify_link};
use crate::text::fold;

/// Link texts that say nothing about the destination, compared after folding
/// case and accents and trimming punctuation. English and Spanish.
const VAGUE_TEXTS: [&str; 22] = [
    "click here",
    "click",
    "here",
    "read more",
    "more",
    "learn more",
    "more info",
    "link",
    "this link",
    "go",
    "this",
    "haga clic aqui",
    "haga clic",
    "clic aqui",
    "pulse aqui",
    "aqui",
    "leer mas",
    "mas",
    "mas informacion",
    "enlace",
    "este enlace",
    "ver mas",
];

/// Schemes other than http(s) that a toolkit may link to.
const OTHER_SCHEMES: [&str; 3] = ["mailto", "tel", "ftp"];

/// `link-empty` (error): a link with no text (and no alt text on an image
/// inside it) is announced as just "link", or as its address.
pub fn empty_text(doc: &BodyDoc, findings: &mut Vec<Finding>) {
    for link in doc.links.iter().filter(|l| l.text.trim().is_empty()) {
        findings.push(Finding::error(
            "link-empty",
            Diagnostic::new(&doc.file, format!("link to `{}` has no text", link.dest))
                .at_line(link.line)
                .help("write what the link leads to between the brackets: [Title of the page](…)"),
        ));
    }
}

fn normalized(text: &str) -> String {
    fold(text)
        .trim_matches(|c: char| !c.is_alphanumeric())
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// `link-vague` (warning): "click here", "read more", "aquí" and the like.
pub fn vague_text(doc: &BodyDoc, findings: &mut Vec<Finding>) {
    for link in &doc.links {
        let text = normalized(&link.text);
        if VAGUE_TEXTS.contains(&text.as_str()) {
            findings.push(Finding::warning(
                "link-vague",
                Diagnostic::new(
                    &doc.file,
                    format!("link text “{}” does not say where the link leads", link.text.trim()),
                )
                .at_line(link.line)
                .help("use the destination's name as the text: “see the [change package](…)” rather than “[click here](…)”"),
            ));
        }
    }
}

fn is_bare_url(text: &str) -> bool {
    let t = text.trim().to_ascii_lowercase();
    t.starts_with("http://") || t.starts_with("https://") || t.starts_with("www.")
}

/// `link-bare-url` (warning): an address as link text is read out character
/// by character and says little about the page.
pub fn bare_url_text(doc: &BodyDoc, findings: &mut Vec<Finding>) {
    for link in doc
        .links
        .iter()
        .filter(|l| l.autolink || is_bare_url(&l.text))
    {
        if link.dest.starts_with("mailto:") {
            continue;
        }
        findings.push(Finding::warning(
            "link-bare-url",
            Diagnostic::new(
                &doc.file,
                format!("link text is a bare address `{}`", link.text.trim()),
            )
            .at_line(link.line)
            .help("name the destination instead: [Name of the site or page](https://…)"),
        ));
    }
}

/// Where a link leads, written the same way however the author wrote it.
fn destination_key(link: &Link, rel: &str) -> String {
    match classify_link(&link.dest, rel) {
        Destination::Source {
            rel: Some(r),
            fragment,
        } => format!("@/{r}{fragment}"),
        _ => link.dest.clone(),
    }
}

/// `link-duplicate-text` (warning): the same text for links that lead to
/// different places on one page leaves a listener unable to tell them apart.
pub fn same_text_different_places(doc: &BodyDoc, findings: &mut Vec<Finding>) {
    let mut first: HashMap<String, (String, usize)> = HashMap::new();
    for link in &doc.links {
        let text = normalized(&link.text);
        if text.is_empty() {
            continue;
        }
        let dest = destination_key(link, &doc.rel);
        match first.get(&text) {
            Some((other, line)) if *other != dest => findings.push(Finding::warning(
                "link-duplicate-text",
                Diagnostic::new(
                    &doc.file,
                    format!(
                        "link text “{}” also leads elsewhere, on line {line} (`{}` here, `{other}` there)",
                        link.text.trim(),
                        link.dest
                    ),
                )
                .at_line(link.line)
                .help("give links to different places different texts"),
            )),
            Some(_) => {}
            None => {
                first.insert(text, (dest, link.line));
            }
        }
    }
}

/// `url-syntax` (error): an external address in a link or image that cannot
/// work: an unknown scheme (`htps:`), a host without a dot, a space, or a
/// doi.org link whose DOI is malformed. Checked offline, by syntax only.
pub fn url_syntax(doc: &BodyDoc, findings: &mut Vec<Finding>) {
    let dests = doc
        .links
        .iter()
        .map(|l| (&l.dest, l.line))
        .chain(doc.images.iter().map(|i| (&i.dest, i.line)));
    for (dest, line) in dests {
        if classify_link(dest, &doc.rel) != Destination::External {
            continue;
        }
        if let Some(problem) = url_problem(dest) {
            findings.push(Finding::error(
                "url-syntax",
                Diagnostic::new(&doc.file, format!("`{dest}` {problem}"))
                    .at_line(line)
                    .help("write a full address such as https://www.example.org/page, or a DOI link as https://doi.org/10.1000/xyz"),
            ));
        }
    }
}

fn url_problem(dest: &str) -> Option<&'static str> {
    let scheme = dest.split(':').next().unwrap_or("").to_ascii_lowercase();
    if dest.starts_with("//") {
        return Some("has no scheme; start it with https:");
    }
    if scheme == "http" || scheme == "https" {
        if !is_valid_url(dest) {
            return Some("is not a valid web address");
        }
        let after_host = dest.split("://").nth(1).unwrap_or("");
        if let Some(doi) = after_host
            .strip_prefix("doi.org/")
            .or_else(|| after_host.strip_prefix("dx.doi.org/"))
            && !is_valid_doi(&doi.replace("%2F", "/").replace("%2f", "/"))
        {
            return Some("is not a valid DOI link");
        }
        return None;
    }
    if scheme == "mailto" {
        return (!dest.contains('@')).then_some("is not an email address");
    }
    if OTHER_SCHEMES.contains(&scheme.as_str()) {
        return None;
    }
    Some("has an unknown scheme")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vague_texts_fold_case_accents_and_punctuation() {
        assert!(VAGUE_TEXTS.contains(&normalized("Haga clic AQUÍ.").as_str()));
        assert!(VAGUE_TEXTS.contains(&normalized("Read more…").as_str()));
        assert!(!VAGUE_TEXTS.contains(&normalized("Read more about PDSA").as_str()));
    }

    #[test]
    fn url_problems() {
        assert_eq!(
            url_problem("https://doi.org/10.1007/s11414-022-09826-z"),
            None
        );
        assert!(url_problem("https://doi.org/11.1007/x").is_some());
        assert!(url_problem("htps://example.org").is_some());
        assert!(url_problem("https://intranet").is_some());
        assert_eq!(url_problem("mailto:help@example.org"), None);
        assert!(url_problem("mailto:nobody").is_some());
    }
}
