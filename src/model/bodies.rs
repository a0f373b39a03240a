//! Page bodies: Markdown to HTML with the page's links resolved, per kind.

use std::sync::Arc;

use super::body_cache::{self, Asked, Directory};
use super::*;
use crate::content::{Kind, Source};
use crate::error::{Diagnostic, Result};
use crate::i18n::UiStrings;
use crate::markdown::{self};

/// Builds the body of the page of `source` in the `lang` site at `path`,
/// with what it asked about other pages.
pub(super) fn build_page_body(
    source: &Source,
    lang: &str,
    path: &str,
    ui: &UiStrings,
    reserved_ids: ReservedIds,
    directory: &dyn Directory,
    raw_html: crate::config::RawHtml,
) -> Result<(Arc<Body>, Vec<body_cache::Answer>), Vec<Diagnostic>> {
    let asked = Asked::new(directory, lang);
    let resolve = |rel: &str| asked.target(rel);
    let reserved_ids = reserved_ids(&source.front);
    let ctx = markdown::Context {
        file: &source.file,
        first_line: source.body_first_line,
        rel: &source.rel,
        root: &root_prefix(path),
        lang: &source.lang,
        resolve: &resolve,
        reserved_ids: &reserved_ids,
        raw_html,
    };
    let body = build_body(source, &ctx, ui, &asked)?;
    Ok((Arc::new(body), asked.into_answers()))
}

impl Directory for Site {
    fn default_lang(&self) -> &str {
        &self.settings.default_language
    }

    fn find_exact(&self, lang: &str, rel: &str) -> Option<body_cache::Seen<'_>> {
        let id = *self.by_source.get(&(lang.to_string(), rel.to_string()))?;
        let page = &self.pages[id];
        Some(body_cache::Seen {
            path: &page.path,
            title: &page.front.title,
            lang: &page.content_lang,
            kind: page.front.kind,
        })
    }
}

pub(super) fn build_body(
    source: &Source,
    ctx: &markdown::Context,
    ui: &UiStrings,
    asked: &Asked,
) -> Result<Body, Vec<Diagnostic>> {
    match source.front.kind {
        Kind::Page => Ok(Body::Page {
            html: markdown::to_html(&source.body, ctx)?,
        }),
        Kind::Resources => Ok(Body::Resources {
            intro_html: markdown::to_html(&source.body, ctx)?,
        }),
        Kind::Card => build_card(source, ctx, ui, asked).map(Body::Card),
        Kind::ChangePackage => build_change_package(source, ctx).map(Body::ChangePackage),
    }
}
