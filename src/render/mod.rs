//! Rendering: Markdown bodies, then every page of the site through the
//! theme's templates, in parallel.
//!
//! The renderer reads the immutable [`Site`] and produces HTML strings; it
//! writes nothing. [`Renderer::jobs`] lists every page to render, so a
//! caller (the build, the watcher) decides what to render and where to put it.

pub mod context;
pub mod escape;
pub mod highlight;
pub mod images;
pub mod jsonld;
pub mod markdown;
pub mod quiz;
pub mod templates;
pub mod typography;

mod bodies;
mod common;
mod home;
mod listing;
mod pages;

use std::collections::{BTreeMap, HashMap, HashSet};

use rayon::prelude::*;

use crate::content::Collection;
use crate::diagnostics::Diagnostic;
use crate::site::{Page, Site};
pub use context::Assets;
use context::{Alternate, Card, Frame, JobVars, NotFoundVars, PageContext, SwitcherItem};
use highlight::Highlighter;
use images::{ImageOptions, Images};
pub use jsonld::safe_json;
use markdown::Rendered;

/// How many cards a listing page shows.
pub const PAGE_SIZE: usize = 24;

/// Free pages every French public site links from its footer, by id, with
/// the UI string naming them.
pub const FOOTER_PAGES: &[(&str, &str)] = &[
    ("pages/accessibilite", "footer_accessibility"),
    ("pages/mentions-legales", "footer_legal"),
    ("pages/donnees-personnelles", "footer_personal_data"),
    ("pages/a-propos", "footer_about"),
    ("pages/contribuer", "footer_contributing"),
];

/// One page of output to render.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Job {
    Home {
        lang: String,
    },
    Listing {
        collection: Collection,
        lang: String,
        facet: Option<(String, String)>,
        page: usize,
    },
    /// Index into `site.pages`.
    Page(usize),
    Sitemap {
        lang: String,
    },
    Search {
        lang: String,
    },
    NotFound,
    Root,
}

/// Renders the pages of one site.
pub struct Renderer<'a> {
    site: &'a Site,
    kept: RenderState,
    /// The variables every page of a language receives, by language.
    base: BTreeMap<String, tera::Context>,
}

/// What a renderer keeps from one build of a site to the next (the preview
/// server's rebuilds): the loaded templates and syntaxes, and every
/// rendered body and card, so an edit re-renders only what it touched.
pub struct RenderState {
    tera: tera::Tera,
    highlighter: Highlighter,
    /// Ids the page templates use, which headings must avoid.
    reserved_ids: Vec<String>,
    /// Every URL of the site and its static files, for link checks.
    known: HashSet<String>,
    /// The rendered body of every page, by page index.
    bodies: Vec<Rendered>,
    /// The card of every page, by page index (built once, used by every listing).
    cards: Vec<Card>,
    /// Facet values in use per collection: facet → keys (vocabulary order).
    facet_values: BTreeMap<Collection, BTreeMap<&'static str, Vec<String>>>,
    /// (collection, language, facet, key) → listed pages with that value, in order.
    by_facet: HashMap<(Collection, String, &'static str, String), Vec<usize>>,
    /// The images bodies show, read once, with their variants.
    images: std::sync::Arc<Images>,
    /// Warnings about a page found outside its body (its `photo`), by page index.
    page_warnings: HashMap<usize, Vec<Diagnostic>>,
}

impl RenderState {
    /// Loads the templates again (a template was saved): `None` when the
    /// ids the templates use changed too, since Markdown headings avoid
    /// them and every body must then be rendered again.
    pub fn reload_templates(
        &mut self,
        dirs: &[(std::path::PathBuf, std::path::PathBuf)],
    ) -> Result<bool, Vec<Diagnostic>> {
        let tera = templates::load(dirs)?;
        if templates::literal_ids(dirs) != self.reserved_ids {
            return Ok(false);
        }
        self.tera = tera;
        Ok(true)
    }

    /// The plain text of a page's body, for search and descriptions.
    pub fn body_text(&self, page: &Page) -> &str {
        self.bodies.get(page.index).map_or("", |r| r.text.as_str())
    }
}

impl<'a> Renderer<'a> {
    /// Loads the templates and renders every Markdown body; broken links
    /// and template errors come back as diagnostics.
    pub fn new(
        site: &'a Site,
        static_files: &HashSet<String>,
        assets: &Assets,
        search: &serde_json::Value,
    ) -> Result<Renderer<'a>, Vec<Diagnostic>> {
        Self::with_images(site, static_files, assets, search, ImageOptions::default())
    }

    /// [`Renderer::new`], saying how images are treated (a check reads
    /// them only; a build reuses the previous output's variants).
    pub fn with_images(
        site: &'a Site,
        static_files: &HashSet<String>,
        assets: &Assets,
        search: &serde_json::Value,
        mut image_options: ImageOptions,
    ) -> Result<Renderer<'a>, Vec<Diagnostic>> {
        let tera = templates::load(&site.template_dirs)?;
        image_options.max_kb = site.config.images.max_kb;
        let images = Images::new(
            crate::theme::static_files(&site.static_dirs),
            &site.config.root,
            site.routes.base_path(),
            image_options,
        );
        let mut r = Renderer {
            site,
            kept: RenderState {
                tera,
                highlighter: Highlighter::new(),
                reserved_ids: templates::literal_ids(&site.template_dirs),
                known: HashSet::new(),
                bodies: Vec::new(),
                cards: Vec::new(),
                facet_values: BTreeMap::new(),
                by_facet: HashMap::new(),
                images: std::sync::Arc::new(images),
                page_warnings: HashMap::new(),
            },
            base: BTreeMap::new(),
        };
        r.index_facets();
        let mut known: HashSet<String> = r.jobs().iter().map(|j| r.url_of(j)).collect();
        known.extend(site.languages().iter().map(|l| site.routes.feed(l)));
        known.extend(
            static_files
                .iter()
                .map(|f| format!("{}{f}", site.routes.base_path())),
        );
        r.kept.known = known;

        let results = r.render_bodies(site.pages.par_iter());
        let mut diags = Vec::new();
        r.kept.bodies = vec![Rendered::default(); site.pages.len()];
        for (i, rendered, d) in results {
            let (errors, warnings): (Vec<_>, Vec<_>) = d.into_iter().partition(|d| d.is_error());
            diags.extend(errors);
            r.kept.page_warnings.insert(i, warnings);
            r.kept.bodies[i] = rendered;
        }
        diags.extend(r.check_anchors(None));
        if !diags.is_empty() {
            // The warnings too, so that one run shows every problem.
            diags.extend(r.warnings());
            return Err(diags);
        }
        let cards: Vec<Card> = site.pages.par_iter().map(|p| r.make_card(p)).collect();
        r.kept.cards = cards;
        r.base = r.common_contexts(assets, search).map_err(|d| vec![d])?;
        Ok(r)
    }

    /// A renderer for `site`, a new version of the site `state` was kept
    /// from, in which only the pages at `changed` differ (same pages, same
    /// URLs: see [`Site::with_documents`]), in their bodies only unless
    /// `front_matter` says otherwise. Re-renders their bodies and cards
    /// only. On error, the state comes back as it was.
    pub fn update(
        site: &'a Site,
        state: RenderState,
        changed: &[usize],
        front_matter: bool,
        assets: &Assets,
        search: &serde_json::Value,
    ) -> Result<Renderer<'a>, (Box<RenderState>, Vec<Diagnostic>)> {
        let mut r = Renderer {
            site,
            kept: state,
            base: BTreeMap::new(),
        };
        let fresh = r.render_bodies(changed.par_iter().map(|&i| &site.pages[i]));
        let mut diags = Vec::new();
        let mut previous = Vec::new();
        for (i, rendered, d) in fresh {
            let (errors, warnings): (Vec<_>, Vec<_>) = d.into_iter().partition(|d| d.is_error());
            diags.extend(errors);
            r.kept.page_warnings.insert(i, warnings);
            previous.push((i, std::mem::replace(&mut r.kept.bodies[i], rendered)));
        }
        let touched: HashSet<usize> = changed.iter().copied().collect();
        diags.extend(r.check_anchors(Some(&touched)));
        if !diags.is_empty() {
            let mut state = r.kept;
            for (i, old) in previous {
                state.bodies[i] = old;
            }
            return Err((Box::new(state), diags));
        }
        if front_matter {
            r.index_facets();
        }
        for &i in changed {
            let card = r.make_card(&site.pages[i]);
            if let Some(c) = r.kept.cards.get_mut(i) {
                *c = card;
            }
        }
        match r.common_contexts(assets, search) {
            Ok(base) => r.base = base,
            Err(d) => return Err((Box::new(r.kept), vec![d])),
        }
        Ok(r)
    }

    /// The common variables of every language, serialised once.
    fn common_contexts(
        &self,
        assets: &Assets,
        search: &serde_json::Value,
    ) -> Result<BTreeMap<String, tera::Context>, Diagnostic> {
        self.site
            .languages()
            .iter()
            .map(|lang| {
                let context = tera::Context::from_serialize(self.common(lang, assets, search))
                    .map_err(|e| Diagnostic::error("templates", e.to_string()))?;
                Ok((lang.clone(), context))
            })
            .collect()
    }

    /// The image variants the bodies use, to write with the site: path
    /// under the output folder and bytes.
    pub fn image_files(&self) -> Vec<(String, Vec<u8>)> {
        self.kept.images.files()
    }

    /// What to keep for the next build of the same site.
    pub fn into_state(self) -> RenderState {
        self.kept
    }

    /// Listing indexes: facet values in use, pages per facet value.
    fn index_facets(&mut self) {
        let site = self.site;
        self.kept.facet_values = listing::facet_values(site);
        self.kept.by_facet.clear();
        for lang in site.languages() {
            for c in Collection::ALL {
                for p in site.listed(c, lang) {
                    for (f, k) in p.doc.facets() {
                        self.kept
                            .by_facet
                            .entry((c, lang.clone(), f, k.to_owned()))
                            .or_default()
                            .push(p.index);
                    }
                }
            }
        }
    }

    /// The plain text of a page's body, for search and descriptions.
    pub fn body_text(&self, page: &Page) -> &str {
        self.kept.body_text(page)
    }

    /// Every page of the site.
    pub fn jobs(&self) -> Vec<Job> {
        let site = self.site;
        let mut jobs = vec![Job::Root, Job::NotFound];
        for lang in site.languages() {
            jobs.push(Job::Home { lang: lang.clone() });
            jobs.push(Job::Sitemap { lang: lang.clone() });
            jobs.push(Job::Search { lang: lang.clone() });
            for c in [
                Collection::Modules,
                Collection::UseCases,
                Collection::Ambassadors,
            ] {
                let n = site.listed(c, lang).len();
                for page in 1..=pages_for(n) {
                    jobs.push(Job::Listing {
                        collection: c,
                        lang: lang.clone(),
                        facet: None,
                        page,
                    });
                }
                for (facet, keys) in self.kept.facet_values.get(&c).into_iter().flatten() {
                    for key in keys {
                        let n = self.filtered(c, lang, facet, key).len();
                        for page in 1..=pages_for(n) {
                            jobs.push(Job::Listing {
                                collection: c,
                                lang: lang.clone(),
                                facet: Some((facet.to_string(), key.clone())),
                                page,
                            });
                        }
                    }
                }
            }
        }
        jobs.extend((0..site.pages.len()).map(Job::Page));
        jobs
    }

    /// The URL a job is published at.
    pub fn url_of(&self, job: &Job) -> String {
        url_of(self.site, job)
    }

    /// Renders one job to HTML.
    pub fn render(&self, job: &Job) -> Result<String, Diagnostic> {
        let site = self.site;
        let prepared = match job {
            Job::Root => Prepared {
                page_title: Some(site.config.title_in(site.default_language())),
                ..Prepared::new("root.html", site.default_language(), JobVars::Nothing {})
            },
            Job::NotFound => Prepared {
                page_title: Some("404".into()),
                ..Prepared::new(
                    "404.html",
                    site.default_language(),
                    // It speaks every language of the site, each in its own words.
                    JobVars::NotFound(NotFoundVars {
                        all_t: site
                            .languages()
                            .iter()
                            .map(|l| (l.clone(), site.strings.of(l)))
                            .collect(),
                    }),
                )
            },
            Job::Home { lang } => self.home(lang),
            Job::Sitemap { lang } => self.sitemap(lang),
            Job::Search { lang } => self.search_page(lang),
            Job::Listing {
                collection,
                lang,
                facet,
                page,
            } => self.listing(*collection, lang, facet.as_ref(), *page),
            Job::Page(i) => self.page(&site.pages[*i]),
        };
        let Prepared {
            template,
            lang,
            page_title,
            description,
            og_type,
            languages,
            jsonld,
            vars,
        } = prepared;
        let url = self.url_of(job);
        let (alternates, switcher) = languages.unwrap_or_else(|| {
            (
                self.all_languages_alternates(job),
                self.switcher_same(job, lang),
            )
        });
        let site_title = site.config.title_in(lang);
        let title = match page_title {
            Some(t) if t != site_title => format!("{t} — {site_title}"),
            _ => site_title,
        };
        // `<title>` follows the page's typography, as its heading does.
        let title = if typography::is_french(lang) {
            typography::french(&title).into_owned()
        } else {
            title
        };
        let frame = Frame {
            permalink: self.permalink(&url),
            current_url: url.clone(),
            page_title: title,
            description: description.unwrap_or_else(|| {
                site.config
                    .description
                    .get(lang)
                    .cloned()
                    .unwrap_or_default()
            }),
            og_type,
            alternates,
            switcher,
            nav: self.nav(lang, job),
            jsonld,
        };
        let mut context = self.base.get(lang).cloned().unwrap_or_default();
        context.extend(
            tera::Context::from_serialize(PageContext { frame, vars })
                .map_err(|e| Diagnostic::error(template, e.to_string()))?,
        );
        self.kept.tera.render(template, &context).map_err(|e| {
            let chain = templates::error_chain(&e);
            let mut d = Diagnostic::error(
                self.template_path(template),
                format!("template `{template}` failed to render {url}: {chain}"),
            )
            .with_code(crate::diagnostics::Code::TemplateFailed);
            if let Some(key) = missing_ui_string(&chain) {
                d = Diagnostic::error(self.template_path(template), format!("missing UI string `{key}` for language `{lang}` (used by template `{template}`)"))
                    .with_help(format!("add `{key}: \"…\"` to i18n/{lang}.yaml"));
            }
            d
        })
    }

    fn template_path(&self, name: &str) -> std::path::PathBuf {
        self.site
            .template_dirs
            .iter()
            .rev()
            .find(|(abs, _)| crate::theme::is_file(&abs.join(name)))
            .map(|(_, shown)| shown.join(name))
            .unwrap_or_else(|| std::path::PathBuf::from("templates").join(name))
    }
}

/// What rendering one job needs besides the common variables of its
/// language: the template, what differs from the defaults of the frame,
/// and the template's own variables.
struct Prepared<'r> {
    template: &'static str,
    lang: &'r str,
    /// The page's own title (`None`: the site title alone).
    page_title: Option<String>,
    /// `None`: the site's description.
    description: Option<String>,
    og_type: &'static str,
    /// Alternates and switcher (`None`: the same job in every language).
    languages: Option<(Vec<Alternate>, Vec<SwitcherItem>)>,
    jsonld: Option<String>,
    vars: JobVars<'r>,
}

impl<'r> Prepared<'r> {
    fn new(template: &'static str, lang: &'r str, vars: JobVars<'r>) -> Self {
        Prepared {
            template,
            lang,
            page_title: None,
            description: None,
            og_type: "website",
            languages: None,
            jsonld: None,
            vars,
        }
    }
}

/// The template that renders `job`.
pub fn template_of(site: &Site, job: &Job) -> &'static str {
    match job {
        Job::Root => "root.html",
        Job::NotFound => "404.html",
        Job::Home { .. } => "index.html",
        Job::Sitemap { .. } => "sitemap.html",
        Job::Search { .. } => "search.html",
        Job::Listing { .. } => "list.html",
        Job::Page(i) => match site.pages[*i].doc.id.collection {
            Collection::Modules => "module.html",
            Collection::UseCases => "use-case.html",
            Collection::Ambassadors => "ambassador.html",
            Collection::Pages => "page.html",
        },
    }
}

/// The URL `job` is published at in `site`.
pub fn url_of(site: &Site, job: &Job) -> String {
    let r = &site.routes;
    match job {
        Job::Root => r.base_path().to_owned(),
        Job::NotFound => format!("{}404.html", r.base_path()),
        Job::Home { lang } => r.home(lang),
        Job::Sitemap { lang } => r.sitemap(lang),
        Job::Search { lang } => r.search(lang),
        Job::Listing {
            collection,
            lang,
            facet: None,
            page,
        } => r.listing_page(*collection, lang, *page),
        Job::Listing {
            collection,
            lang,
            facet: Some((f, k)),
            page,
        } => r.facet(*collection, f, k, lang, *page),
        Job::Page(i) => site.pages[*i].url.clone(),
    }
}

fn pages_for(n: usize) -> usize {
    n.div_ceil(PAGE_SIZE).max(1)
}

/// Tera's "Variable `t.x` not found" means a UI string is missing.
fn missing_ui_string(chain: &str) -> Option<String> {
    let i = chain.find("Variable `t.")?;
    let rest = &chain[i + "Variable `t.".len()..];
    let end = rest.find('`')?;
    Some(rest[..end].to_owned())
}
