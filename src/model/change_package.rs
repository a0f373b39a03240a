//! Change package bodies: the introduction and each change idea's description.

use super::*;
use crate::content::Source;
use crate::error::{Diagnostic, Result};
use crate::markdown::{self};

pub(super) fn build_change_package(
    source: &Source,
    ctx: &markdown::Context,
) -> Result<ChangePackageBody, Vec<Diagnostic>> {
    let intro_html = markdown::to_html(&source.body, ctx)?;
    let f = &source.front;
    let mut change_ideas = Vec::new();
    let mut problems = Vec::new();
    for idea in &f.change_ideas {
        let description_html = match &idea.description {
            Some(text) => markdown::inline_to_html(
                text,
                &markdown::Context {
                    first_line: source.line_of_reference(&idea.id).unwrap_or(1),
                    ..*ctx
                },
            )
            .unwrap_or_else(|mut d| {
                problems.append(&mut d);
                String::new()
            }),
            None => String::new(),
        };
        let serves = f
            .secondary_drivers
            .iter()
            .filter(|s| s.change_ideas.contains(&idea.id))
            .map(|s| (s.id.clone(), s.title.clone()))
            .collect();
        change_ideas.push(ChangeIdeaView {
            idea: idea.clone(),
            description_html,
            serves,
        });
    }
    if problems.is_empty() {
        Ok(ChangePackageBody {
            intro_html,
            change_ideas,
        })
    } else {
        Err(problems)
    }
}
