//! Markdown bodies of the pages: rendered in parallel, their links and
//! anchors checked, their problems reported at the page's line.

use std::collections::HashSet;

use rayon::prelude::*;

use super::images::{self, Images};
use super::markdown::{self, LinkResolver, MarkdownOptions, Rendered};
use super::{quiz, typography, Renderer};
use crate::content::{Fields, PageId};
use crate::diagnostics::{Diagnostic, Position};
use crate::site::{Page, Site};

pub(super) type BodyResult = (usize, Rendered, Vec<Diagnostic>);

pub(super) struct Resolver<'a> {
    site: &'a Site,
    lang: &'a str,
    known: &'a HashSet<String>,
    images: &'a Images,
}

impl LinkResolver for Resolver<'_> {
    fn fictional_label(&self, id: &str) -> Option<String> {
        let page = self.site.page_in(&PageId::parse(id)?, self.lang)?;
        let key = match &page.doc.fields {
            Fields::Ambassador(a) if a.fictional => "fictional_ambassador",
            Fields::UseCase(u) if u.fictional => "fictional_use_case",
            _ => return None,
        };
        Some(self.site.strings.get(self.lang, key).to_owned())
    }

    fn page_url(&self, id: &str) -> Result<String, String> {
        let parsed = PageId::parse(id).ok_or_else(|| format!("`@/{id}` is not a page id"))?;
        if self.site.broken.contains(&parsed) {
            return Ok("#".into()); // its own file's errors are reported
        }
        self.site
            .page_in(&parsed, self.lang)
            .map(|p| p.url.clone())
            .ok_or_else(|| {
                let ids: Vec<String> = self
                    .site
                    .ids(parsed.collection)
                    .map(ToString::to_string)
                    .collect();
                match crate::diagnostics::did_you_mean(id, ids.iter().map(String::as_str)) {
                    Some(s) => {
                        format!("link to `@/{id}`, which does not exist (did you mean `@/{s}`?)")
                    }
                    None => format!("link to `@/{id}`, which does not exist"),
                }
            })
    }

    fn site_path(&self, path: &str) -> Result<String, String> {
        let base = self.site.routes.base_path();
        let full = if path.starts_with(base) {
            path.to_owned()
        } else {
            format!("{base}{}", path.trim_start_matches('/'))
        };
        let (no_query, _) = full.split_once('?').unwrap_or((&full, ""));
        let candidates = [
            no_query.to_owned(),
            format!("{}/", no_query.trim_end_matches('/')),
            no_query.trim_end_matches("index.html").to_owned(),
        ];
        if candidates.iter().any(|c| self.known.contains(c)) {
            Ok(full)
        } else {
            Err(format!(
                "link to `{path}`, which is not a page or file of this site"
            ))
        }
    }

    fn image(
        &self,
        path: &str,
    ) -> Option<Result<std::sync::Arc<images::Picture>, images::ImageError>> {
        self.images.get(path)
    }

    fn image_budget_kb(&self) -> u64 {
        self.images.max_kb()
    }
}

impl Renderer<'_> {
    /// Warnings found in the bodies (images over the size budget, images
    /// from other sites), with the page's file and line.
    pub fn warnings(&self) -> Vec<Diagnostic> {
        self.site
            .pages
            .iter()
            .filter_map(|p| Some((p, self.kept.bodies.get(p.index)?)))
            .flat_map(|(p, r)| {
                let body = r.warnings.iter().map(|w| {
                    Diagnostic::warning(&p.doc.path, w.message.clone())
                        .at(Position::new(p.doc.body_line + w.line, 1))
                        .with_help(w.help.clone())
                });
                let page = self
                    .kept
                    .page_warnings
                    .get(&p.index)
                    .into_iter()
                    .flatten()
                    .cloned();
                body.chain(page).collect::<Vec<_>>()
            })
            .collect()
    }

    /// Renders the Markdown bodies of `pages`, with their link problems.
    pub(super) fn render_bodies<'p>(
        &self,
        pages: impl ParallelIterator<Item = &'p Page>,
    ) -> Vec<BodyResult> {
        let site = self.site;
        let known = &self.kept.known;
        let highlighter = &self.kept.highlighter;
        let reserved_ids = &self.kept.reserved_ids;
        let images = &*self.kept.images;
        pages
            .map(|p| {
                let resolver = Resolver {
                    site,
                    lang: &p.doc.lang,
                    known,
                    images,
                };
                let strings = site.strings.of(&p.doc.lang);
                let label = |k: &str| strings.get(k).map_or("", String::as_str);
                let md_opts = MarkdownOptions {
                    raw_html: site.config.markdown.raw_html,
                    task_labels: (label("task_done"), label("task_todo")),
                    reserved_ids,
                    quiz_labels: quiz::QuizLabels {
                        title: label("quiz_title"),
                        hint: label("quiz_hint"),
                        right: label("quiz_right"),
                        wrong: label("quiz_wrong"),
                    },
                    french: typography::is_french(&p.doc.lang),
                };
                let mut rendered = markdown::render(&p.doc.body, &resolver, highlighter, md_opts);
                let mut diags: Vec<Diagnostic> = std::mem::take(&mut rendered.errors)
                    .into_iter()
                    .map(|e| {
                        Diagnostic::error(&p.doc.path, e.message)
                            .at(Position::new(p.doc.body_line + e.line, 1))
                            .with_help(e.help)
                    })
                    .collect();
                if let Fields::Ambassador(a) = &p.doc.fields {
                    if let Some(photo) = &a.photo {
                        diags.extend(check_photo(site, p, photo, images));
                    }
                }
                (p.index, rendered, diags)
            })
            .collect()
    }

    /// Anchors: `#x` and `@/id#x` must name a heading or footnote. With
    /// `only`, just the links from or to those pages (the others were
    /// checked before and have not changed).
    pub(super) fn check_anchors(&self, only: Option<&HashSet<usize>>) -> Vec<Diagnostic> {
        let site = self.site;
        let bodies = &self.kept.bodies;
        let mut diags = Vec::new();
        for (p, body) in site.pages.iter().zip(bodies) {
            if body.anchor_links.is_empty() {
                continue;
            }
            let all = only.is_none_or(|o| o.contains(&p.index));
            for link in &body.anchor_links {
                let (line, target, anchor) = (link.line, &link.target, &link.anchor);
                let target_page = match target {
                    None => Some(p),
                    Some(id) => PageId::parse(id).and_then(|id| site.page_in(&id, &p.doc.lang)),
                };
                let Some(t) = target_page else { continue };
                if !all && only.is_some_and(|o| !o.contains(&t.index)) {
                    continue;
                }
                let Some(tb) = bodies.get(t.index) else {
                    continue;
                };
                if !tb.ids.iter().any(|i| i == anchor) {
                    let shown = match target {
                        Some(id) => format!("@/{id}#{anchor}"),
                        None => format!("#{anchor}"),
                    };
                    let mut known: Vec<&str> = tb.ids.iter().map(String::as_str).take(12).collect();
                    known.sort_unstable();
                    let help = match crate::diagnostics::did_you_mean(
                        anchor,
                        tb.ids.iter().map(String::as_str),
                    ) {
                        Some(s) => format!(
                            "did you mean `#{s}`? Anchors of that page: {}",
                            known.join(", ")
                        ),
                        None if known.is_empty() => {
                            "that page has no headings to link to".to_owned()
                        }
                        None => format!("anchors of that page: {}", known.join(", ")),
                    };
                    diags.push(
                        Diagnostic::error(
                            &p.doc.path,
                            format!("link to `{shown}`: no heading has the anchor `{anchor}`"),
                        )
                        .at(Position::new(p.doc.body_line + line, 1))
                        .with_help(help),
                    );
                }
            }
        }
        diags
    }
}

/// An ambassador's `photo`: a static file the build can read, within the
/// size budget (a warning otherwise). Reported at the `photo:` line.
fn check_photo(site: &Site, p: &Page, photo: &str, images: &Images) -> Vec<Diagnostic> {
    let at = || {
        let line = std::fs::read_to_string(site.config.root.join(&p.doc.path))
            .ok()
            .and_then(|text| {
                text.lines()
                    .take(p.doc.body_line)
                    .position(|l| l.trim_start().starts_with("photo:"))
            })
            .map_or(1, |i| i + 1);
        Position::new(line, 1)
    };
    match images.get(photo) {
        None => vec![Diagnostic::error(
            &p.doc.path,
            format!("`photo` names `{photo}`, which is not a file under static/"),
        )
        .at(at())
        .with_help("put the photo under static/images/ and write `photo: images/name.jpg`")],
        Some(Err(e)) => vec![Diagnostic::error(&p.doc.path, e.message)
            .at(at())
            .with_help(e.help)],
        Some(Ok(pic)) if pic.over_budget(images.max_kb()) => vec![Diagnostic::warning(
            &p.doc.path,
            format!(
                "photo `{}` weighs {} KB, over the {} KB budget",
                pic.file,
                pic.bytes.div_ceil(1024),
                images.max_kb()
            ),
        )
        .at(at())
        .with_help("it shows 160 pixels wide: export it at 480 pixels, JPEG quality 80")],
        Some(Ok(_)) => Vec::new(),
    }
}
