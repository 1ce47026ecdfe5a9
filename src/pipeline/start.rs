//! Stages 1 and 2: the site model a run renders (loaded, or a kept one
//! with the saved files parsed again) and the renderer with its bodies.

use serde_json::Value;

use super::{assets, load, report, BuildOptions, Failed, Model, Origin, Plan};
use crate::content::Document;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::output::OutputWriter;
use crate::render::{Assets, RenderState, Renderer};

/// Stage 1: the site model, and the render state to update when the plan
/// starts from a kept build. An edit that needs the whole site loaded again
/// becomes [`Plan::Everything`].
pub(super) fn model<'a>(
    opts: &BuildOptions,
    plan: Plan<'a>,
) -> Result<(Model<'a>, Option<RenderState>), Box<Failed>> {
    match plan {
        Plan::Everything { previous } => match load::load_site(opts) {
            Ok((site, warnings)) => Ok((
                Model {
                    site,
                    warnings,
                    from: Origin::Scratch { previous },
                },
                None,
            )),
            Err(diags) => Err(Failed::before_writing(diags, previous)),
        },
        Plan::Edited {
            kept,
            docs,
            mut notes,
            dirty,
        } => {
            let old = &kept.site;
            let edited: Vec<Document> = docs
                .into_iter()
                .filter(|d| {
                    old.page_in(&d.id, &d.lang)
                        .is_none_or(|p| p.doc.lang != d.lang || *p.doc != *d)
                })
                .collect();
            let Some((site, refs)) = old.with_documents(edited.clone()) else {
                return model(
                    opts,
                    Plan::Everything {
                        previous: Some(kept),
                    },
                );
            };
            let failed = refs.iter().any(Diagnostic::is_error);
            notes.extend(refs);
            if failed {
                let diagnostics = report(notes, &kept.warnings, dirty);
                return Err(Failed::before_writing(diagnostics, Some(kept)));
            }
            let changed: Vec<usize> = edited
                .iter()
                .filter_map(|d| site.page_in(&d.id, &d.lang).map(|p| p.index))
                .collect();
            let front_matter = changed
                .iter()
                .any(|&i| !old.pages[i].doc.same_front_matter(&site.pages[i].doc));
            let (old_site, render, old) = kept.into_parts();
            Ok((
                Model {
                    site,
                    warnings: Diagnostics::new(),
                    from: Origin::Edit {
                        old_site: Box::new(old_site),
                        old,
                        changed,
                        front_matter,
                        notes,
                        dirty,
                    },
                },
                Some(render),
            ))
        }
        Plan::Templates {
            mut kept,
            names,
            dirty,
        } => match kept.render.reload_templates(&kept.site.template_dirs) {
            Ok(true) => {
                let (site, render, old) = kept.into_parts();
                Ok((
                    Model {
                        site,
                        warnings: Diagnostics::new(),
                        from: Origin::Templates { old, names, dirty },
                    },
                    Some(render),
                ))
            }
            // The ids the templates use changed: every body again.
            Ok(false) => model(
                opts,
                Plan::Everything {
                    previous: Some(kept),
                },
            ),
            Err(errors) => {
                let diagnostics = report(errors, &kept.warnings, dirty);
                Err(Failed::before_writing(diagnostics, Some(kept)))
            }
        },
    }
}

pub(super) type Bodies<'s> = (Renderer<'s>, Assets, Value, Vec<(String, Vec<u8>)>);

/// Stage 2: the renderer, with every body rendered (a fresh site) or the
/// edited ones (a kept one); with the theme's assets and the search
/// engine's URLs, and the theme asset files to write.
pub(super) fn bodies<'s>(
    opts: &BuildOptions,
    model: &'s Model<'_>,
    state: Option<RenderState>,
    writer: &OutputWriter,
) -> Result<Bodies<'s>, (Option<Box<RenderState>>, Vec<Diagnostic>)> {
    let site = &model.site;
    let (old, changed, front_matter) = match &model.from {
        Origin::Scratch { previous } => {
            let static_files = crate::theme::static_files(&site.static_dirs);
            let (assets, files) = assets::theme_assets(site, &static_files);
            // The search engine's files, written once per output folder.
            let search = match previous {
                Some(p) => p.search.clone(),
                None => crate::search::write_assets(writer.dir(), site.routes.base_path())
                    .map(|a| serde_json::to_value(a).unwrap_or_default())
                    .map_err(|e| {
                        (
                            None,
                            vec![Diagnostic::error(opts.output_dir(), e.to_string())],
                        )
                    })?,
            };
            // Images: a check reads them; a build also makes their
            // variants, reusing those of the previous output.
            let image_options = crate::render::images::ImageOptions {
                encode: writer.writes(),
                cache: Some(opts.output_dir()).filter(|d| d.is_dir()),
                ..Default::default()
            };
            let known = assets::known_files(&static_files, &files);
            let renderer = Renderer::with_images(site, &known, &assets, &search, image_options)
                .map_err(|d| (None, d))?;
            return Ok((renderer, assets, search, files));
        }
        Origin::Edit {
            old,
            changed,
            front_matter,
            ..
        } => (old, changed.as_slice(), *front_matter),
        Origin::Templates { old, .. } => (old, &[][..], false),
    };
    let Some(state) = state else {
        let internal = "internal error: a kept build without its render state";
        return Err((None, vec![Diagnostic::error(&opts.root, internal)]));
    };
    let renderer = Renderer::update(site, state, changed, front_matter, &old.assets, &old.search)
        .map_err(|(state, errors)| (Some(state), errors))?;
    Ok((renderer, old.assets.clone(), old.search.clone(), Vec::new()))
}
