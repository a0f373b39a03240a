//! Assembling the model from the parsed sources: planning every page,
//! building bodies (in parallel, reusing cached ones), then listings, titles
//! and menus.

use std::collections::HashMap;
use std::sync::Arc;

use rayon::prelude::*;

use super::body_cache::{self, BuiltBody, Others};
use super::*;
use crate::config::Settings;
use crate::content::Source;
use crate::error::{Error, Result};
use crate::i18n::UiStrings;
use crate::translation::{self, State};

impl Site {
    pub fn build(
        settings: Settings,
        ui: UiStrings,
        reserved_ids: ReservedIds,
        sources: &[Source],
    ) -> Result<Site> {
        Site::build_from(settings, ui, reserved_ids, sources, None)
    }

    /// Like [`Site::build`], reusing the bodies of unchanged pages from
    /// `cache` and keeping the bodies built now for the next call.
    pub fn build_with_cache(
        settings: Settings,
        ui: UiStrings,
        reserved_ids: ReservedIds,
        sources: &[Source],
        cache: &mut BodyCache,
    ) -> Result<Site> {
        Site::build_from(settings, ui, reserved_ids, sources, Some(cache))
    }

    fn build_from(
        settings: Settings,
        ui: UiStrings,
        reserved_ids: ReservedIds,
        sources: &[Source],
        mut cache: Option<&mut BodyCache>,
    ) -> Result<Site> {
        let mut problems = Vec::new();
        let plans = plan_pages(&settings, sources);
        let by_source: HashMap<(String, String), PageId> = plans
            .iter()
            .enumerate()
            .map(|(id, plan)| ((plan.lang.clone(), sources[plan.source].rel.clone()), id))
            .collect();
        check_unique_paths(sources, &plans, &mut problems);
        if let Some(cache) = cache.as_deref_mut() {
            cache.start(&ui, settings.raw_html);
        }

        let default_lang = settings.default_language.clone();
        let others = Others::new(&default_lang, sources, &plans);
        let reusable = cache.as_deref();
        let bodies: Vec<BuiltBody> = plans
            .par_iter()
            .map(|plan| {
                let source = &sources[plan.source];
                let reused =
                    reusable.and_then(|c| c.reuse(&plan.lang, source, &plan.path, &others));
                match reused {
                    Some(body) => BuiltBody::Reused(body),
                    None => match build_page_body(
                        source,
                        &plan.lang,
                        &plan.path,
                        &ui,
                        reserved_ids,
                        &others,
                        settings.raw_html,
                    ) {
                        Ok((body, answers)) => BuiltBody::New(body, answers),
                        Err(d) => BuiltBody::Failed(d),
                    },
                }
            })
            .collect();

        let translation_report = match cache.as_deref() {
            Some(cache) => {
                translation::Report::assess_with(&settings, &ui, sources, &cache.fingerprints)
            }
            None => translation::Report::assess(&settings, &ui, sources),
        };
        let mut pages = Vec::with_capacity(plans.len());
        for (plan, body) in plans.iter().zip(bodies) {
            let source = &sources[plan.source];
            let source_page = by_source
                .get(&(default_lang.clone(), source.rel.clone()))
                .copied();
            let origin = match (plan.fallback, source_page) {
                (true, Some(source)) => Origin::Fallback { source },
                (false, Some(source_id)) if source.lang != default_lang => {
                    let outdated = translation_report
                        .translation(&source.lang, &source.rel)
                        .is_some_and(|t| matches!(t.state, State::Outdated { .. }));
                    Origin::Translation {
                        source: source_id,
                        outdated,
                    }
                }
                _ => Origin::Original,
            };
            let body = match body {
                BuiltBody::Reused(body) => body,
                BuiltBody::New(body, answers) => {
                    if let Some(cache) = cache.as_deref_mut() {
                        cache.keep(&plan.lang, source, &plan.path, answers, Arc::clone(&body));
                    }
                    body
                }
                // A fallback page repeats its source's problems; report them once.
                BuiltBody::Failed(mut d) => {
                    if !plan.fallback {
                        problems.append(&mut d);
                    }
                    continue;
                }
            };
            pages.push(Page {
                lang: plan.lang.clone(),
                content_lang: source.lang.clone(),
                origin,
                rel: source.rel.clone(),
                file: source.file.clone(),
                path: plan.path.clone(),
                front: Arc::clone(&source.front),
                body,
                absorbed: false,
            });
        }
        if let Some(cache) = cache {
            cache.forget_missing(body_cache::page_keys(&pages));
        }
        check_every_language_has_home(&settings, &by_source, &mut problems);
        if !problems.is_empty() {
            return Err(Error::Invalid(problems));
        }

        let mut translations: HashMap<String, Vec<PageId>> = HashMap::new();
        for (id, page) in pages.iter().enumerate().filter(|(_, p)| !p.is_fallback()) {
            translations.entry(page.rel.clone()).or_default().push(id);
        }
        let lang_order: HashMap<&str, usize> = settings
            .languages
            .iter()
            .enumerate()
            .map(|(i, l)| (l.code.as_str(), i))
            .collect();
        for ids in translations.values_mut() {
            ids.sort_by_key(|&id| {
                (
                    pages[id].lang != settings.default_language,
                    lang_order[pages[id].lang.as_str()],
                )
            });
        }

        let mut site = Site {
            settings,
            ui,
            reserved_ids,
            pages,
            listings: Vec::new(),
            by_source,
            translations,
            titles_by_path: HashMap::new(),
            title_langs: HashMap::new(),
            translation_report,
            menus: HashMap::new(),
            listing_translations: HashMap::new(),
            browse: HashMap::new(),
        };
        site.build_listings()?;
        site.build_titles();
        site.build_menus();
        site.build_browse();
        Ok(site)
    }
}
