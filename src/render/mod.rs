//! Render: turns the site model into output files with the theme's Tera templates.
//!
//! Owns the template contexts (what each template may use), the recommended
//! citation, the driver diagram, and the generated files: listings, 404,
//! sitemap, robots.txt, the root language redirect and resource data files.
//! Templates are compiled once; pages render in parallel.

mod change_package;
mod citations;
mod context;
mod data;
mod diagram;
mod feed;
mod filters;
mod ids;
mod resource_list;
mod tiles;

use rayon::prelude::*;
use tera::{Context, Tera};

use crate::artifact::{Collected, FileSink, OutputFile};
use crate::error::{Diagnostic, Error, Result};
use crate::load::Theme;
use crate::model::{Body, PageId, Site};
use crate::pdf::HandoutLinks;

pub use context::{Common, language_name, page_value};

/// The context key that says a page's UI strings hold marked English
/// fallbacks ([`crate::i18n::fallback_marks`]).
const FALLBACK_MARKS: &str = "fallback_marks";
pub use ids::reserved_ids;
pub use tiles::{CardTiles, KeptTiles};

/// The compiled theme.
pub struct Renderer {
    tera: Tera,
    /// The PDF handouts the pages link (none when they were not typeset).
    handouts: HandoutLinks,
    /// Template name → the file it came from, for messages.
    template_files: std::collections::BTreeMap<String, String>,
}

impl Renderer {
    /// Compiles every template of the theme once.
    pub fn new(theme: &Theme) -> Result<Renderer> {
        let mut tera = Tera::default();
        tera.add_raw_templates(
            theme
                .templates
                .iter()
                .map(|(name, text)| (name.as_str(), text.as_str())),
        )
        .map_err(|e| template_error(&theme.template_files, &e, None))?;
        tera.autoescape_on(vec![".html", ".xml"]);
        tera.set_escape_fn(crate::text::escape_html);
        Ok(Renderer {
            tera,
            handouts: HandoutLinks::default(),
            template_files: theme.template_files.clone(),
        })
    }

    /// The handouts the pages link, from the PDF stage.
    pub fn set_handouts(&mut self, handouts: HandoutLinks) {
        self.handouts = handouts;
    }

    /// Renders the whole site into output files: every page, every listing,
    /// then the site-wide files. `serve` calls the same pieces one by one, so
    /// a new kind of output belongs in one of them.
    pub fn render_site(&self, site: &Site) -> Result<Vec<OutputFile>> {
        let collected = Collected::default();
        self.render_site_into(site, &collected)?;
        Ok(collected.into_files())
    }

    /// [`Renderer::render_site`], handing each file to `sink` as soon as it
    /// is rendered (from the thread that rendered it) rather than keeping it.
    pub fn render_site_into(&self, site: &Site, sink: &dyn FileSink) -> Result<()> {
        site.pages
            .par_iter()
            .enumerate()
            .filter(|(_, page)| !page.absorbed)
            .try_for_each(|(id, _)| {
                self.render_page(site, id)?
                    .into_iter()
                    .try_for_each(|file| sink.put(file))
            })?;
        let card_tiles =
            CardTiles::of_listings(site, 0..site.listings.len(), &KeptTiles::default());
        (0..site.listings.len())
            .into_par_iter()
            .try_for_each(|index| sink.put(self.render_listing(site, index, &card_tiles)?))?;
        let site_wide = self.render_chrome(site)?.into_iter();
        let site_wide = site_wide.chain([self.render_sitemap(site)?]);
        site_wide
            .chain(self.render_feeds(site))
            .try_for_each(|file| sink.put(file))
    }

    /// Renders one listing (card index, facet index or facet term page), with
    /// card tiles shared by all the listings being rendered
    /// ([`CardTiles::of_listings`]).
    pub fn render_listing(
        &self,
        site: &Site,
        index: usize,
        card_tiles: &CardTiles,
    ) -> Result<OutputFile> {
        let listing = &site.listings[index];
        let root = crate::model::root_prefix(&listing.path);
        let tiles: Vec<std::sync::Arc<str>> = listing
            .cards
            .par_iter()
            .map(|&id| {
                card_tiles.tile(site, id, &root, |summary| {
                    let ctx = context::card_tile(site, &listing.lang, &root, summary);
                    self.render_to_string("card_tile.html", &ctx, &listing.path)
                })
            })
            .collect::<Result<_>>()?;
        self.render_template(
            &listing_template(&listing.kind),
            &context::listing(site, listing, tiles.concat(), &self.handouts),
            &format!("{}index.html", listing.path),
        )
    }

    /// The files that depend only on the settings, UI strings and menus:
    /// `404.html`, the root language redirect, `robots.txt` and each
    /// language's print packet page.
    pub fn render_chrome(&self, site: &Site) -> Result<Vec<OutputFile>> {
        let mut files = vec![
            self.render_template("404.html", &context::not_found(site), "404.html")?,
            self.render_template("redirect.html", &context::redirect(site), "index.html")?,
            self.render_template("robots.txt", &context::robots(site), "robots.txt")?,
        ];
        for lang in site.settings.language_codes() {
            let path = format!("{}index.html", crate::model::packet_path(&lang));
            files.push(self.render_template(
                "packet.html",
                &context::packet(site, &lang),
                &path,
            )?);
        }
        Ok(files)
    }

    /// `sitemap.xml`: every page's URL, date and translations.
    pub fn render_sitemap(&self, site: &Site) -> Result<OutputFile> {
        self.render_template("sitemap.xml", &context::sitemap(site), "sitemap.xml")
    }

    /// The Atom feed of each language (`<lang>/feed.xml`).
    pub fn render_feeds(&self, site: &Site) -> Vec<OutputFile> {
        feed::feeds(site)
    }

    /// Renders one page, plus the data files that sit beside a resource list.
    pub fn render_page(&self, site: &Site, id: PageId) -> Result<Vec<OutputFile>> {
        let page = &site.pages[id];
        let template = match page.body.as_ref() {
            Body::Page { .. } if page.rel == "index.md" => "home.html",
            Body::Page { .. } => "page.html",
            Body::Card(_) => "card.html",
            Body::ChangePackage(_) => "change_package.html",
            Body::Resources { .. } => "resources.html",
        };
        let mut ctx = context::page(site, id, &self.handouts);
        ctx.insert("citation_downloads", &citations::downloads(site, page));
        let mut files =
            vec![self.render_template(template, &ctx, &format!("{}index.html", page.path))?];
        match *page.body {
            Body::Resources { .. } => files.extend(data::resource_files(site, page)),
            Body::ChangePackage(_) => files.push(data::change_package_file(site, page)),
            _ => {}
        }
        Ok(files)
    }

    fn render_template(&self, template: &str, ctx: &Context, out_path: &str) -> Result<OutputFile> {
        Ok(OutputFile {
            path: out_path.to_string(),
            bytes: self.render_to_string(template, ctx, out_path)?.into_bytes(),
        })
    }

    /// Renders `template`; errors name it and the output file it was for.
    /// An HTML page's English fallback UI strings come out marked
    /// `lang="en"` ([`crate::i18n::fallback_marks`]); only pages of a
    /// language with such strings are looked at, so other pages keep any
    /// private-use character their authors wrote.
    fn render_to_string(&self, template: &str, ctx: &Context, out_path: &str) -> Result<String> {
        let rendered = self
            .tera
            .render(template, ctx)
            .map_err(|e| template_error(&self.template_files, &e, Some(out_path)))?;
        let marked = ctx.get(FALLBACK_MARKS) == Some(&serde_json::Value::Bool(true));
        Ok(if marked && template.ends_with(".html") {
            crate::i18n::fallback_marks::to_html(rendered)
        } else {
            rendered
        })
    }
}

fn listing_template(kind: &crate::model::ListingKind) -> String {
    use crate::model::ListingKind::*;
    match kind {
        CardIndex => "card_index.html",
        FacetIndex { .. } => "facet_index.html",
        FacetTerm { .. } => "facet_term.html",
    }
    .to_string()
}

/// A template that fails to parse or render, as a diagnostic naming its file
/// (the toolkit's override or the built-in theme) and, for syntax errors,
/// the line and column.
fn template_error(
    files: &std::collections::BTreeMap<String, String>,
    err: &tera::Error,
    rendering: Option<&str>,
) -> Error {
    let full = describe_tera_error(err);
    let name = full
        .split('\'')
        .nth(1)
        .filter(|name| files.contains_key(*name));
    let Some(name) = name else {
        return Error::Template(full);
    };
    // A syntax error reads "… --> 3:19 | … = expected …"; keep the position and the expectation.
    let position = full.split_once("--> ").and_then(|(_, rest)| {
        let (line, rest) = rest.split_once(':')?;
        let column: String = rest.chars().take_while(char::is_ascii_digit).collect();
        Some((line.trim().parse().ok()?, column.parse().ok()?))
    });
    let expected = full
        .lines()
        .find_map(|l| l.trim_start().strip_prefix("= "))
        .map(str::to_string);
    let message = match (rendering, expected) {
        (_, Some(expected)) => format!("template syntax: {expected}"),
        (Some(out_path), None) => format!(
            "while rendering {out_path}: {}",
            full.rsplit(": ").next().unwrap_or(&full)
        ),
        (None, None) => full.clone(),
    };
    let mut d = Diagnostic::new(files[name].clone(), message);
    if let Some((line, column)) = position {
        d = d.at(line, column);
    }
    let help = if rendering.is_some() {
        "check the variable names against the built-in template of the same name"
    } else {
        "fix the template's syntax; see https://keats.github.io/tera/docs/"
    };
    Error::Invalid(vec![d.help(help)])
}

/// Tera hides the useful part of an error in its source chain.
fn describe_tera_error(err: &tera::Error) -> String {
    let mut message = err.to_string();
    let mut source = std::error::Error::source(err);
    while let Some(inner) = source {
        message.push_str(": ");
        message.push_str(&inner.to_string());
        source = inner.source();
    }
    message
}
