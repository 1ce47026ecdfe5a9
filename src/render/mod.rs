//! Rendering: Markdown bodies, then every page of the site through the
//! theme's templates, in parallel.
//!
//! The renderer reads the immutable [`Site`] and produces HTML strings; it
//! writes nothing. [`Renderer::jobs`] lists every page to render, so a
//! caller (the build, the watcher) decides what to render and where to put it.

pub mod escape;
pub mod highlight;
pub mod images;
pub mod markdown;
pub mod quiz;
pub mod templates;
pub mod typography;

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use rayon::prelude::*;
use serde_json::{json, Value};

use crate::content::{vocabularies_of, Collection, Fields, PageId};
use crate::diagnostics::{Diagnostic, Position};
use crate::fields::{iso_date, Date};
use crate::site::{Page, Site};
use crate::taxonomy::Vocabulary;
use highlight::Highlighter;
use images::{ImageOptions, Images};
use markdown::{LinkResolver, MarkdownOptions, Rendered};

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

/// URLs of the theme's fingerprinted assets.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Assets {
    pub style: String,
    pub highlight: String,
    pub script: String,
    /// The stylesheet made from `brand:` in academie.yaml, if any.
    pub brand: Option<String>,
}

/// Renders the pages of one site.
pub struct Renderer<'a> {
    site: &'a Site,
    kept: RenderState,
    base: BTreeMap<String, Value>,
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
    cards: Vec<Value>,
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

type BodyResult = (usize, Rendered, Vec<Diagnostic>);

struct Resolver<'a> {
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

impl<'a> Renderer<'a> {
    /// Loads the templates and renders every Markdown body; broken links
    /// and template errors come back as diagnostics.
    pub fn new(
        site: &'a Site,
        static_files: &HashSet<String>,
        assets: &Assets,
        search: &Value,
    ) -> Result<Renderer<'a>, Vec<Diagnostic>> {
        Self::with_images(site, static_files, assets, search, ImageOptions::default())
    }

    /// [`Renderer::new`], saying how images are treated (a check reads
    /// them only; a build reuses the previous output's variants).
    pub fn with_images(
        site: &'a Site,
        static_files: &HashSet<String>,
        assets: &Assets,
        search: &Value,
        mut image_options: ImageOptions,
    ) -> Result<Renderer<'a>, Vec<Diagnostic>> {
        let tera = templates::load(&site.template_dirs)?;
        image_options.max_kb = site.config.images.max_kb;
        let images = Images::new(
            crate::output::static_files(&site.static_dirs),
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
        let cards: Vec<Value> = site.pages.par_iter().map(|p| r.make_card(p)).collect();
        r.kept.cards = cards;
        for lang in site.languages() {
            let base = r.base_context(lang, assets, search);
            r.base.insert(lang.clone(), base);
        }
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
        search: &Value,
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
        for lang in site.languages() {
            let base = r.base_context(lang, assets, search);
            r.base.insert(lang.clone(), base);
        }
        Ok(r)
    }

    /// The image variants the bodies use, to write with the site: path
    /// under the output folder and bytes.
    pub fn image_files(&self) -> Vec<(String, Vec<u8>)> {
        self.kept.images.files()
    }

    /// Warnings found in the bodies (images over the size budget, images
    /// from other sites), with the page's file and line.
    pub fn warnings(&self) -> Vec<Diagnostic> {
        self.site
            .pages
            .iter()
            .filter_map(|p| Some((p, self.kept.bodies.get(p.index)?)))
            .flat_map(|(p, r)| {
                let body = r.warnings.iter().map(|(line, msg, help)| {
                    Diagnostic::warning(&p.doc.path, msg.clone())
                        .at(Position::new(p.doc.body_line + line, 1))
                        .with_help(help.clone())
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

    /// What to keep for the next build of the same site.
    pub fn into_state(self) -> RenderState {
        self.kept
    }

    /// Listing indexes: facet values in use, pages per facet value.
    fn index_facets(&mut self) {
        let site = self.site;
        self.kept.facet_values = facet_values(site);
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

    /// Renders the Markdown bodies of `pages`, with their link problems.
    fn render_bodies<'p>(&self, pages: impl ParallelIterator<Item = &'p Page>) -> Vec<BodyResult> {
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
                    .map(|(line, msg, help)| {
                        Diagnostic::error(&p.doc.path, msg)
                            .at(Position::new(p.doc.body_line + line, 1))
                            .with_help(help)
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
    fn check_anchors(&self, only: Option<&HashSet<usize>>) -> Vec<Diagnostic> {
        let site = self.site;
        let bodies = &self.kept.bodies;
        let mut diags = Vec::new();
        for (p, body) in site.pages.iter().zip(bodies) {
            if body.anchor_links.is_empty() {
                continue;
            }
            let all = only.is_none_or(|o| o.contains(&p.index));
            for (line, target, anchor) in &body.anchor_links {
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
        let (template, lang, extra) = match job {
            Job::Root => (
                "root.html",
                self.site.default_language().to_owned(),
                json!({"page_title": self.site.config.title_in(self.site.default_language())}),
            ),
            Job::NotFound => (
                "404.html",
                self.site.default_language().to_owned(),
                json!({
                    "page_title": "404",
                    // It speaks every language of the site, each in its own words.
                    "all_t": self
                        .site
                        .languages()
                        .iter()
                        .map(|l| (l.clone(), json!(self.site.strings.of(l))))
                        .collect::<serde_json::Map<String, Value>>(),
                }),
            ),
            Job::Home { lang } => ("index.html", lang.clone(), self.home(lang)),
            Job::Sitemap { lang } => ("sitemap.html", lang.clone(), self.sitemap(lang)),
            Job::Search { lang } => ("search.html", lang.clone(), self.search_page(lang)),
            Job::Listing {
                collection,
                lang,
                facet,
                page,
            } => (
                "list.html",
                lang.clone(),
                self.listing(*collection, lang, facet.as_ref(), *page),
            ),
            Job::Page(i) => {
                let p = &self.site.pages[*i];
                (
                    template_of(self.site, job),
                    p.doc.lang.clone(),
                    self.page(p),
                )
            }
        };
        let url = self.url_of(job);
        let mut ctx = self.base.get(&lang).cloned().unwrap_or_else(|| json!({}));
        let obj = ctx.as_object_mut().expect("base context is an object");
        obj.insert("current_url".into(), json!(url));
        obj.insert("permalink".into(), json!(self.permalink(&url)));
        obj.insert("nav".into(), self.nav(&lang, job));
        if extra.get("alternates").is_none() {
            obj.insert("alternates".into(), self.all_languages_alternates(job));
            obj.insert("switcher".into(), self.switcher_same(job, &lang));
        }
        obj.insert("jsonld".into(), Value::Null);
        obj.insert("og_type".into(), json!("website"));
        obj.insert(
            "description".into(),
            json!(self
                .site
                .config
                .description
                .get(&lang)
                .cloned()
                .unwrap_or_default()),
        );
        if let Value::Object(m) = extra {
            obj.extend(m);
        }
        let site_title = self.site.config.title_in(&lang);
        let pt = obj
            .get("page_title")
            .and_then(Value::as_str)
            .map(str::to_owned);
        let title = match pt {
            Some(t) if t != site_title => format!("{t} — {site_title}"),
            _ => site_title,
        };
        // `<title>` follows the page's typography, as its heading does.
        let title = if typography::is_french(&lang) {
            typography::french(&title).into_owned()
        } else {
            title
        };
        obj.insert("page_title".into(), json!(title));
        let context = tera::Context::from_value(ctx)
            .map_err(|e| Diagnostic::error(template, e.to_string()))?;
        self.kept.tera.render(template, &context).map_err(|e| {
            let chain = templates::error_chain(&e);
            let mut d = Diagnostic::error(
                self.template_path(template),
                format!("template `{template}` failed to render {url}: {chain}"),
            ).with_code(crate::diagnostics::Code::TemplateFailed);
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

    fn permalink(&self, url: &str) -> String {
        let base = &self.site.config.base_url;
        let bp = self.site.routes.base_path();
        format!(
            "{base}/{}",
            url.strip_prefix(bp).unwrap_or(url.trim_start_matches('/'))
        )
    }

    fn t(&self, lang: &str, key: &str) -> String {
        self.site.strings.get(lang, key).to_owned()
    }

    fn base_context(&self, lang: &str, assets: &Assets, search: &Value) -> Value {
        let site = self.site;
        let languages: Vec<Value> = site
            .languages()
            .iter()
            .map(|l| json!({"code": l, "name": self.t(l, "language_name"), "url": site.routes.home(l)}))
            .collect();
        let edition = site.config.edition.as_ref().map(|e| {
            json!({
                "name": e.name.get(lang).or_else(|| e.name.get(site.default_language())).cloned().unwrap_or_default(),
                "region": e.region,
                "region_label": site.taxonomies.label(Vocabulary::Regions, &e.region, lang),
            })
        });
        let mut footer: Vec<Value> = Vec::new();
        for (id, key) in FOOTER_PAGES {
            if let Some(p) = PageId::parse(id).and_then(|id| site.page_in(&id, lang)) {
                footer.push(json!({"label": self.t(lang, key), "url": p.url}));
            }
            if *key == "footer_personal_data" {
                footer.push(json!({"label": self.t(lang, "footer_sitemap"), "url": site.routes.sitemap(lang)}));
            }
        }
        let year = time::OffsetDateTime::now_utc().year();
        json!({
            "lang": lang,
            "t": site.strings.of(lang),
            "site": {
                "title": site.config.title_in(lang),
                "base_url": site.config.base_url,
                "base_path": site.routes.base_path(),
                "default_language": site.default_language(),
                "languages": languages,
                "edition": edition,
                "year": year,
                "brand_logo": site.config.brand.logo.as_ref().map(|(p, _)| format!("{}{p}", site.routes.base_path())),
            },
            "assets": assets,
            "search": search,
            "footer_links": footer,
            "feed_url": site.routes.feed(lang),
        })
    }

    fn nav(&self, lang: &str, job: &Job) -> Value {
        let r = &self.site.routes;
        let current = match job {
            Job::Home { .. } => 0,
            Job::Listing { collection, .. } => match collection {
                Collection::Modules => 1,
                Collection::UseCases => 2,
                _ => 3,
            },
            Job::Page(i) => match self.site.pages[*i].doc.id.collection {
                Collection::Modules => 1,
                Collection::UseCases => 2,
                Collection::Ambassadors => 3,
                Collection::Pages => 9,
            },
            Job::Search { .. } => 4,
            _ => 9,
        };
        let items = [
            (self.t(lang, "nav_home"), r.home(lang)),
            (
                self.t(lang, "collection_modules"),
                r.collection(Collection::Modules, lang),
            ),
            (
                self.t(lang, "collection_use_cases"),
                r.collection(Collection::UseCases, lang),
            ),
            (
                self.t(lang, "collection_ambassadors"),
                r.collection(Collection::Ambassadors, lang),
            ),
            (self.t(lang, "nav_search"), r.search(lang)),
        ];
        Value::Array(
            items
                .into_iter()
                .enumerate()
                .map(|(i, (label, url))| json!({"label": label, "url": url, "current": i == current}))
                .collect(),
        )
    }

    /// The same job in another language (listings, home, search exist in all).
    fn job_in(&self, job: &Job, lang: &str) -> Job {
        let lang = lang.to_owned();
        match job {
            Job::Home { .. } => Job::Home { lang },
            Job::Sitemap { .. } => Job::Sitemap { lang },
            Job::Search { .. } => Job::Search { lang },
            Job::Listing {
                collection, facet, ..
            } => Job::Listing {
                collection: *collection,
                lang,
                facet: facet.clone(),
                page: 1,
            },
            other => other.clone(),
        }
    }

    fn all_languages_alternates(&self, job: &Job) -> Value {
        if matches!(job, Job::Root | Job::NotFound) {
            return json!([]);
        }
        Value::Array(
            self.site
                .languages()
                .iter()
                .map(|l| {
                    let url = self.url_of(&self.job_in(job, l));
                    json!({"lang": l, "url": url, "permalink": self.permalink(&url)})
                })
                .collect(),
        )
    }

    fn switcher_same(&self, job: &Job, current: &str) -> Value {
        Value::Array(
            self.site
                .languages()
                .iter()
                .map(|l| {
                    json!({"lang": l, "name": self.t(l, "language_name"), "url": self.url_of(&self.job_in(job, l)), "current": l == current, "translated": true})
                })
                .collect(),
        )
    }

    fn date_human(&self, d: Date, lang: &str) -> String {
        let months = self.t(lang, "months");
        let names: Vec<&str> = months.split(',').map(str::trim).collect();
        let m = names
            .get(usize::from(u8::from(d.month())) - 1)
            .copied()
            .unwrap_or("");
        format!("{} {m} {}", d.day(), d.year())
    }

    fn duration_human(&self, minutes: u32, lang: &str) -> String {
        let (h, m) = (minutes / 60, minutes % 60);
        if h == 0 {
            return self
                .t(lang, "duration_minutes")
                .replace("{m}", &m.to_string());
        }
        let pattern = self.t(lang, "duration_hours_minutes");
        if m == 0 {
            let cut = pattern
                .find("{m}")
                .map_or(pattern.as_str(), |i| &pattern[..i]);
            return cut.trim_end().replace("{h}", &h.to_string());
        }
        pattern
            .replace("{h}", &h.to_string())
            .replace("{m}", &format!("{m:02}"))
    }

    fn term(&self, c: Collection, facet: &str, key: &str, lang: &str) -> Value {
        json!({
            "key": key,
            "label": Vocabulary::from_facet(facet).map_or_else(|| key.to_owned(), |v| self.site.taxonomies.label(v, key, lang)),
            "url": self.site.routes.facet(c, facet, key, lang, 1),
        })
    }

    fn terms(&self, c: Collection, facet: &str, keys: &[String], lang: &str) -> Value {
        Value::Array(keys.iter().map(|k| self.term(c, facet, k, lang)).collect())
    }

    /// A card for `page`, shown on a page in `lang`.
    pub fn card(&self, page: &Page, _lang: &str) -> Value {
        match self.kept.cards.get(page.index) {
            Some(c) => c.clone(),
            None => self.make_card(page),
        }
    }

    fn make_card(&self, page: &Page) -> Value {
        let doc = &page.doc;
        let c = doc.id.collection;
        let l = &doc.lang;
        let (terms, extra): (Vec<Value>, String) = match &doc.fields {
            Fields::Module(m) => (
                vec![
                    self.term(c, "level", &m.level, l),
                    self.term(c, "format", &m.format, l),
                ],
                self.duration_human(m.duration_minutes, l),
            ),
            Fields::UseCase(u) => (
                vec![
                    self.term(c, "sector", &u.sector, l),
                    self.term(c, "region", &u.region, l),
                ],
                u.organisation.clone(),
            ),
            Fields::Ambassador(a) => (
                vec![
                    self.term(c, "region", &a.region, l),
                    self.term(c, "ambassador_kind", &a.kind, l),
                ],
                format!("{}, {}", a.role, a.organisation),
            ),
            Fields::Page => (Vec::new(), String::new()),
        };
        let updated = doc.updated();
        json!({
            "id": doc.id.to_string(),
            "kind": c.dir(),
            "url": page.url,
            "title": doc.title,
            "summary": doc.summary.clone().unwrap_or_default(),
            "updated": updated.map(iso_date),
            "updated_human": updated.map(|d| self.date_human(d, l)),
            "lang": l,
            "terms": terms,
            "extra": extra,
            "fictional": doc.fictional(),
            "fictional_label": self.fictional_label(doc),
        })
    }

    /// The label that marks an invented person or case, in the document's
    /// language (`None` for a real one).
    fn fictional_label(&self, doc: &crate::content::Document) -> Option<String> {
        let key = match &doc.fields {
            Fields::Ambassador(a) if a.fictional => "fictional_ambassador",
            Fields::UseCase(u) if u.fictional => "fictional_use_case",
            _ => return None,
        };
        Some(self.t(&doc.lang, key))
    }

    fn link(&self, id_text: &str, lang: &str) -> Option<Value> {
        let id = PageId::parse(id_text)?;
        let p = self.site.page_in(&id, lang)?;
        Some(
            json!({"id": id_text, "title": p.doc.title, "url": p.url, "translated": p.doc.lang == lang, "lang": p.doc.lang,
                "fictional": p.doc.fictional(), "fictional_label": self.fictional_label(&p.doc)}),
        )
    }

    fn cards_of(&self, ids: &[PageId], lang: &str) -> Vec<Value> {
        ids.iter()
            .filter_map(|id| self.site.page_in(id, lang))
            .map(|p| self.card(p, lang))
            .collect()
    }

    fn page(&self, p: &Page) -> Value {
        let site = self.site;
        let doc = &p.doc;
        let lang = doc.lang.as_str();
        let c = doc.id.collection;
        let body = self.kept.bodies.get(p.index);
        let updated = doc.updated();
        let mut page = json!({
            "id": doc.id.to_string(),
            "kind": c.dir(),
            "slug": doc.slug,
            "url": p.url,
            "permalink": self.permalink(&p.url),
            "lang": lang,
            "title": doc.title,
            "summary": doc.summary,
            "content": body.map_or("", |b| b.html.as_str()),
            "toc": body.map(|b| b.toc.clone()).unwrap_or_default(),
            "updated": updated.map(iso_date),
            "updated_human": updated.map(|d| self.date_human(d, lang)),
            "tags": [],
            "fictional": doc.fictional(),
            "fictional_label": self.fictional_label(doc),
        });
        let obj = page.as_object_mut().expect("object");
        let mut og_type = "article";
        let jsonld: Value;
        match &doc.fields {
            Fields::Module(m) => {
                let uses: Vec<PageId> = site
                    .referrers(&doc.id, crate::content::ReferenceKind::RelatedModules)
                    .to_vec();
                let required_by: Vec<PageId> = site
                    .referrers(&doc.id, crate::content::ReferenceKind::Prerequisites)
                    .to_vec();
                obj.extend(
                    json!({
                        "audiences": self.terms(c, "audience", &m.audiences, lang),
                        "level": self.term(c, "level", &m.level, lang),
                        "duration_minutes": m.duration_minutes,
                        "duration_human": self.duration_human(m.duration_minutes, lang),
                        "format": self.term(c, "format", &m.format, lang),
                        "objectives": m.objectives,
                        "company_sizes": self.terms(c, "company_size", &m.company_sizes, lang),
                        "sectors": self.terms(c, "sector", &m.sectors, lang),
                        "prerequisites": m.prerequisites.iter().filter_map(|r| self.link(&r.value, lang)).collect::<Vec<_>>(),
                        "provider": m.provider,
                        "tags": m.tags,
                        "required_by": self.cards_of(&required_by, lang),
                        "use_cases": self.cards_of(&uses, lang),
                    })
                    .as_object()
                    .cloned()
                    .unwrap_or_default(),
                );
                let (h, mi) = (m.duration_minutes / 60, m.duration_minutes % 60);
                jsonld = json!({
                    "@context": "https://schema.org",
                    "@type": ["Course", "LearningResource"],
                    "name": doc.title,
                    "description": doc.summary,
                    "url": self.permalink(&p.url),
                    "inLanguage": lang,
                    "timeRequired": format!("PT{h}H{mi}M"),
                    "educationalLevel": site.taxonomies.label(Vocabulary::Levels, &m.level, lang),
                    "learningResourceType": site.taxonomies.label(Vocabulary::Formats, &m.format, lang),
                    "audience": m.audiences.iter().map(|a| json!({"@type": "Audience", "audienceType": site.taxonomies.label(Vocabulary::Audiences, a, lang)})).collect::<Vec<_>>(),
                    "teaches": m.objectives,
                    "dateModified": iso_date(m.updated),
                    "isAccessibleForFree": true,
                    "provider": {"@type": "Organization", "name": m.provider.clone().unwrap_or_else(|| site.config.title_in(lang))},
                });
            }
            Fields::UseCase(u) => {
                obj.extend(
                    json!({
                        "sector": self.term(c, "sector", &u.sector, lang),
                        "company_size": self.term(c, "company_size", &u.company_size, lang),
                        "region": self.term(c, "region", &u.region, lang),
                        "organisation": u.organisation,
                        "ai_techniques": self.terms(c, "ai_technique", &u.ai_techniques, lang),
                        "solution": u.solution.as_ref().map(|s| json!({"name": s.name, "vendor": s.vendor, "origin": s.origin.key(), "origin_label": self.t(lang, &format!("origin_{}", s.origin.key()))})),
                        "results": u.results,
                        "funding": self.terms(c, "funding", &u.funding, lang),
                        "related_modules": u.related_modules.iter().filter_map(|r| self.link(&r.value, lang)).collect::<Vec<_>>(),
                        "ambassadors": u.ambassadors.iter().filter_map(|r| self.link(&r.value, lang)).collect::<Vec<_>>(),
                        // Only invented people: not "to contact".
                        "ambassadors_fictional": !u.ambassadors.is_empty() && u.ambassadors.iter().all(|r| {
                            PageId::parse(&r.value).and_then(|id| site.page_in(&id, lang)).is_some_and(|p| p.doc.fictional())
                        }),
                        "tags": u.tags,
                    })
                    .as_object()
                    .cloned()
                    .unwrap_or_default(),
                );
                // An invented case is a work of illustration: no real
                // organisation is named as its subject.
                jsonld = if u.fictional {
                    self.fictional_jsonld(doc, &p.url, "fictional_use_case_note")
                } else {
                    json!({
                    "@context": "https://schema.org",
                    "@type": "Article",
                    "headline": doc.title,
                    "description": doc.summary,
                    "url": self.permalink(&p.url),
                    "inLanguage": lang,
                    "dateModified": iso_date(u.updated),
                    "about": {"@type": "Organization", "name": u.organisation},
                    "publisher": {"@type": "Organization", "name": site.config.title_in(lang)},
                    })
                };
            }
            Fields::Ambassador(a) => {
                og_type = "profile";
                let citing: Vec<PageId> = site
                    .referrers(&doc.id, crate::content::ReferenceKind::Ambassadors)
                    .to_vec();
                let same_region: Vec<PageId> = site
                    .ids(Collection::Ambassadors)
                    .filter(|id| **id != doc.id)
                    .filter(|id| site.page_in(id, lang).is_some_and(|p| matches!(&p.doc.fields, Fields::Ambassador(b) if b.region == a.region)))
                    .cloned()
                    .collect();
                let photo = a
                    .photo
                    .as_ref()
                    .map(|ph| format!("{}{}", site.routes.base_path(), ph.trim_start_matches('/')));
                obj.extend(
                    json!({
                        "name": a.name,
                        "role": a.role,
                        "ambassador_kind": self.term(c, "ambassador_kind", &a.kind, lang),
                        "region": self.term(c, "region", &a.region, lang),
                        "organisation": a.organisation,
                        "sectors": self.terms(c, "sector", &a.sectors, lang),
                        "photo": photo,
                        "contact_url": a.contact_url,
                        "use_cases": self.cards_of(&citing, lang),
                        "region_ambassadors": self.cards_of(&same_region, lang),
                        "region_url": site.routes.facet(c, "region", &a.region, lang, 1),
                    })
                    .as_object()
                    .cloned()
                    .unwrap_or_default(),
                );
                // Never a schema.org `Person` for an invented one.
                jsonld = if a.fictional {
                    self.fictional_jsonld(doc, &p.url, "fictional_ambassador_note")
                } else {
                    json!({
                    "@context": "https://schema.org",
                    "@type": "Person",
                    "name": a.name,
                    "jobTitle": a.role,
                    "url": self.permalink(&p.url),
                    "worksFor": {"@type": "Organization", "name": a.organisation},
                    "areaServed": site.taxonomies.label(Vocabulary::Regions, &a.region, lang),
                    })
                };
            }
            Fields::Page => {
                og_type = "website";
                jsonld = Value::Null;
            }
        }
        // Alternates and switcher: the translations of this page.
        let mut alternates = Vec::new();
        let mut switcher = Vec::new();
        for l in site.languages() {
            let tr = site
                .translations(&doc.id)
                .find(|(tl, _)| tl == l)
                .map(|(_, p)| p);
            match tr {
                Some(t) => {
                    alternates.push(
                        json!({"lang": l, "url": t.url, "permalink": self.permalink(&t.url)}),
                    );
                    switcher.push(json!({"lang": l, "name": self.t(l, "language_name"), "url": t.url, "current": l == lang, "translated": true}));
                }
                None => {
                    let url = match c {
                        Collection::Pages => site.routes.home(l),
                        _ => site.routes.collection(c, l),
                    };
                    switcher.push(json!({"lang": l, "name": self.t(l, "language_name"), "url": url, "current": false, "translated": false}));
                }
            }
        }
        let description = doc.summary.clone().unwrap_or_else(|| {
            let text = body.map_or("", |b| b.text.as_str());
            let mut d: String = text
                .split_whitespace()
                .take(40)
                .collect::<Vec<_>>()
                .join(" ");
            if d.chars().count() > 200 {
                d = d.chars().take(200).collect::<String>() + "…";
            }
            d
        });
        json!({
            "page": page,
            "page_title": doc.title,
            "description": description,
            "og_type": og_type,
            "alternates": alternates,
            "switcher": switcher,
            "jsonld": if jsonld.is_null() { Value::Null } else { json!(safe_json(&jsonld)) },
        })
    }

    /// JSON-LD for an invented person or case: a `CreativeWork` that says
    /// it is an illustration, naming no real person or organisation.
    fn fictional_jsonld(&self, doc: &crate::content::Document, url: &str, note: &str) -> Value {
        let lang = doc.lang.as_str();
        json!({
            "@context": "https://schema.org",
            "@type": "CreativeWork",
            "name": doc.title,
            "genre": self.fictional_label(doc),
            "description": self.t(lang, note),
            "url": self.permalink(url),
            "inLanguage": lang,
            "dateModified": doc.updated().map(iso_date),
            "publisher": {"@type": "Organization", "name": self.site.config.title_in(lang)},
        })
    }

    fn home(&self, lang: &str) -> Value {
        let site = self.site;
        let modules = site.listed(Collection::Modules, lang);
        let use_cases = site.listed(Collection::UseCases, lang);
        let ambassadors = site.listed(Collection::Ambassadors, lang);
        let audiences: Vec<Value> = site
            .taxonomies
            .get(Vocabulary::Audiences)
            .map(|v| {
                v.keys()
                    .map(|k| {
                        let count = modules.iter().filter(|p| matches!(&p.doc.fields, Fields::Module(m) if m.audiences.iter().any(|a| a == k))).count();
                        json!({"key": k, "label": site.taxonomies.label(Vocabulary::Audiences, k, lang), "url": site.routes.facet(Collection::Modules, "audience", k, lang, 1), "count": count})
                    })
                    .filter(|v| v["count"].as_u64().unwrap_or(0) > 0)
                    .collect()
            })
            .unwrap_or_default();
        let latest = |pages: &[&Page]| -> Vec<Value> {
            let mut v: Vec<&&Page> = pages.iter().collect();
            v.sort_by(|a, b| {
                b.doc
                    .updated()
                    .cmp(&a.doc.updated())
                    .then_with(|| a.doc.title.cmp(&b.doc.title))
            });
            v.into_iter().take(6).map(|p| self.card(p, lang)).collect()
        };
        let collections: Vec<Value> = [
            (Collection::Modules, modules.len()),
            (Collection::UseCases, use_cases.len()),
            (Collection::Ambassadors, ambassadors.len()),
        ]
        .into_iter()
        .map(|(c, n)| json!({"kind": c.dir(), "label": self.t(lang, &format!("collection_{}", c.key())), "url": site.routes.collection(c, lang), "count": n}))
        .collect();
        // A regional edition puts its region first: its ambassadors and use
        // cases, its directory and a search narrowed to it.
        let region = site.config.edition.as_ref().map(|e| {
            let in_region = |p: &&&Page| match &p.doc.fields {
                Fields::UseCase(u) => u.region == e.region,
                Fields::Ambassador(a) => a.region == e.region,
                _ => false,
            };
            json!({
                "key": e.region,
                "label": site.taxonomies.label(Vocabulary::Regions, &e.region, lang),
                "ambassadors": ambassadors.iter().filter(in_region).map(|p| self.card(p, lang)).collect::<Vec<_>>(),
                "use_cases": use_cases.iter().filter(in_region).map(|p| self.card(p, lang)).collect::<Vec<_>>(),
                "ambassadors_url": site.routes.facet(Collection::Ambassadors, "region", &e.region, lang, 1),
                "use_cases_url": site.routes.facet(Collection::UseCases, "region", &e.region, lang, 1),
                "search_url": format!("{}?region={}", site.routes.search(lang), e.region),
            })
        });
        json!({
            "home": {
                "region": region,
                "audiences": audiences,
                "latest_modules": latest(&modules),
                "latest_use_cases": latest(&use_cases),
                "counts": {
                    "modules": modules.len(),
                    "use_cases": use_cases.len(),
                    "ambassadors": ambassadors.len(),
                    "fictional_use_cases": use_cases.iter().filter(|p| p.doc.fictional()).count(),
                    "fictional_ambassadors": ambassadors.iter().filter(|p| p.doc.fictional()).count(),
                },
                "collections": collections,
            },
            "description": site.config.description.get(lang).cloned().unwrap_or_else(|| self.t(lang, "home_intro")),
        })
    }

    fn filtered(&self, c: Collection, lang: &str, facet: &str, key: &str) -> Vec<&'a Page> {
        let site: &'a Site = self.site;
        let facet = Vocabulary::from_facet(facet).map_or("", Vocabulary::facet);
        self.kept
            .by_facet
            .get(&(c, lang.to_owned(), facet, key.to_owned()))
            .map(|v| v.iter().map(|&i| &site.pages[i]).collect())
            .unwrap_or_default()
    }

    fn listing(
        &self,
        c: Collection,
        lang: &str,
        active: Option<&(String, String)>,
        page_no: usize,
    ) -> Value {
        let site = self.site;
        let all = site.listed(c, lang);
        let items: Vec<&Page> = match active {
            Some((f, k)) => self.filtered(c, lang, f, k),
            None => all.clone(),
        };
        let total = items.len();
        let total_pages = pages_for(total);
        let page_url = |n: usize| match active {
            Some((f, k)) => site.routes.facet(c, f, k, lang, n),
            None => site.routes.listing_page(c, lang, n),
        };
        let cards: Vec<Value> = items
            .iter()
            .skip((page_no - 1) * PAGE_SIZE)
            .take(PAGE_SIZE)
            .map(|p| self.card(p, lang))
            .collect();
        let mut facets = Vec::new();
        for vocabulary in vocabularies_of(c) {
            let facet = vocabulary.facet();
            let keys = self
                .kept
                .facet_values
                .get(&c)
                .and_then(|m| m.get(facet))
                .cloned()
                .unwrap_or_default();
            let values: Vec<Value> = keys
                .iter()
                .map(|k| {
                    let count = self.filtered(c, lang, facet, k).len();
                    json!({
                        "key": k,
                        "label": site.taxonomies.label(*vocabulary, k, lang),
                        "url": site.routes.facet(c, facet, k, lang, 1),
                        "count": count,
                        "current": active.is_some_and(|(f, kk)| f == facet && kk == k),
                    })
                })
                .collect();
            if !values.is_empty() {
                facets.push(json!({"name": facet, "label": self.t(lang, &format!("facet_{facet}")), "values": values}));
            }
        }
        let collection_label = self.t(lang, &format!("collection_{}", c.key()));
        let (title, active_v) = match active {
            Some((f, k)) => {
                let label = Vocabulary::from_facet(f)
                    .map_or_else(|| k.clone(), |v| site.taxonomies.label(v, k, lang));
                let facet_label = self.t(lang, &format!("facet_{f}"));
                (
                    self.t(lang, "listing_facet_title")
                        .replace("{collection}", &collection_label)
                        .replace("{facet}", &facet_label)
                        .replace("{value}", &label),
                    json!({"facet": f, "facet_label": facet_label, "key": k, "label": label}),
                )
            }
            None => (collection_label.clone(), Value::Null),
        };
        let pages: Vec<Value> = (1..=total_pages)
            .map(|n| json!({"number": n, "url": page_url(n), "current": n == page_no}))
            .collect();
        let map = (c == Collection::Ambassadors).then(|| {
            let keys: Vec<String> = site.taxonomies.get(Vocabulary::Regions).map(|v| v.keys().map(str::to_owned).collect()).unwrap_or_default();
            let regions: Vec<Value> = keys
                .iter()
                .map(|k| {
                    let listed = self.filtered(c, lang, "region", k);
                    let count = listed.len();
                    let fictional = listed.iter().filter(|p| p.doc.fictional()).count();
                    json!({
                        "key": k,
                        "label": site.taxonomies.label(Vocabulary::Regions, k, lang),
                        "count": count,
                        "fictional": fictional,
                        "url": site.routes.facet(c, "region", k, lang, 1),
                        "current": active.is_some_and(|(f, kk)| f == "region" && kk == k)
                            || (active.is_none() && site.config.edition.as_ref().is_some_and(|e| e.region == *k)),
                    })
                })
                .collect();
            let fictional = all.iter().filter(|p| p.doc.fictional()).count();
            json!({"regions": regions, "fictional": fictional, "total": all.len()})
        });
        let path = match active {
            Some((f, k)) if c == Collection::Modules && f == "audience" && page_no == 1 => {
                self.learning_path(lang, k)
            }
            _ => None,
        };
        let page_title = if page_no > 1 {
            format!(
                "{title} — {}",
                self.t(lang, "pagination_page")
                    .replace("{n}", &page_no.to_string())
            )
        } else {
            title.clone()
        };
        json!({
            "listing": {
                "kind": c.dir(),
                "title": title,
                "collection_url": site.routes.collection(c, lang),
                "active": active_v,
                "items": cards,
                "total": total,
                "paginator": {
                    "current": page_no,
                    "total_pages": total_pages,
                    "prev": (page_no > 1).then(|| page_url(page_no - 1)),
                    "next": (page_no < total_pages).then(|| page_url(page_no + 1)),
                    "pages": pages,
                },
                "facets": facets,
                "map": map,
                "path": path,
                "fictional": items.iter().filter(|p| p.doc.fictional()).count(),
                "feed_url": site.routes.feed(lang),
            },
            "page_title": page_title,
        })
    }

    /// The learning path of an audience: its modules, with the modules
    /// they need first (even when meant for another audience), in
    /// prerequisite order, ties broken by level (vocabulary order), weight,
    /// then title; with each duration and the total.
    fn learning_path(&self, lang: &str, audience: &str) -> Option<Value> {
        let site = self.site;
        let members = self.filtered(Collection::Modules, lang, "audience", audience);
        if members.is_empty() {
            return None;
        }
        let prerequisites = |p: &Page| -> Vec<PageId> {
            match &p.doc.fields {
                Fields::Module(m) => m
                    .prerequisites
                    .iter()
                    .filter_map(|r| PageId::parse(&r.value))
                    .collect(),
                _ => Vec::new(),
            }
        };
        // The audience's modules and, transitively, what they require.
        let mut nodes: BTreeMap<PageId, (&Page, bool)> = members
            .iter()
            .map(|p| (p.doc.id.clone(), (*p, true)))
            .collect();
        let mut todo: Vec<&Page> = members.clone();
        while let Some(p) = todo.pop() {
            for id in prerequisites(p) {
                if nodes.contains_key(&id) {
                    continue;
                }
                if let Some(q) = site.page_in(&id, lang) {
                    nodes.insert(id, (q, false));
                    todo.push(q);
                }
            }
        }
        // Kahn's algorithm; of the modules whose prerequisites are done, the
        // easiest level goes next, then the smallest weight, then the title.
        let levels = site.taxonomies.get(Vocabulary::Levels);
        let key = |p: &Page| {
            let level = match &p.doc.fields {
                Fields::Module(m) => levels.map_or(0, |v| v.rank(&m.level)),
                _ => 0,
            };
            (
                level,
                p.doc.weight.unwrap_or(0),
                crate::site::collate(&p.doc.title),
                p.doc.id.clone(),
            )
        };
        let mut waiting: BTreeMap<PageId, usize> = nodes
            .iter()
            .map(|(id, (p, _))| {
                let n = prerequisites(p)
                    .iter()
                    .filter(|r| nodes.contains_key(r))
                    .count();
                (id.clone(), n)
            })
            .collect();
        let mut order: Vec<PageId> = Vec::new();
        while !waiting.is_empty() {
            let next = waiting
                .iter()
                .filter(|(_, n)| **n == 0)
                .map(|(id, _)| id)
                .min_by_key(|id| key(nodes[*id].0))
                // A loop is reported as an error elsewhere; never hang on one.
                .or_else(|| waiting.keys().min_by_key(|id| key(nodes[*id].0)))
                .cloned()?;
            waiting.remove(&next);
            for (id, n) in waiting.iter_mut() {
                if prerequisites(nodes[id].0).contains(&next) {
                    *n = n.saturating_sub(1);
                }
            }
            order.push(next);
        }
        let mut total = 0u32;
        let steps: Vec<Value> = order
            .iter()
            .map(|id| {
                let (p, own) = nodes[id];
                let minutes = match &p.doc.fields {
                    Fields::Module(m) => m.duration_minutes,
                    _ => 0,
                };
                total += minutes;
                let level = match &p.doc.fields {
                    Fields::Module(m) => site.taxonomies.label(Vocabulary::Levels, &m.level, lang),
                    _ => String::new(),
                };
                json!({
                    "id": id.to_string(),
                    "title": p.doc.title,
                    "url": p.url,
                    "lang": p.doc.lang,
                    "translated": p.doc.lang == lang,
                    "duration_minutes": minutes,
                    "duration_human": self.duration_human(minutes, lang),
                    "level": level,
                    "for_audience": own,
                })
            })
            .collect();
        Some(json!({
            "audience": site.taxonomies.label(Vocabulary::Audiences, audience, lang),
            "steps": steps,
            "total_minutes": total,
            "total_human": self.duration_human(total, lang),
        }))
    }

    fn sitemap(&self, lang: &str) -> Value {
        let site = self.site;
        let mut sections = Vec::new();
        for c in Collection::ALL {
            let items: Vec<Value> = site
                .listed(c, lang)
                .iter()
                .map(|p| json!({"title": p.doc.title, "url": p.url, "fictional": p.doc.fictional(), "fictional_label": self.fictional_label(&p.doc)}))
                .collect();
            let url = match c {
                Collection::Pages => site.routes.home(lang),
                _ => site.routes.collection(c, lang),
            };
            sections.push(json!({"title": self.t(lang, &format!("collection_{}", c.key())), "url": url, "items": items}));
        }
        json!({"sitemap": {"sections": sections}, "page_title": self.t(lang, "sitemap_title")})
    }

    fn search_page(&self, lang: &str) -> Value {
        json!({"page_title": self.t(lang, "nav_search")})
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

/// Facet values in use for each collection, in vocabulary order.
fn facet_values(site: &Site) -> BTreeMap<Collection, BTreeMap<&'static str, Vec<String>>> {
    let mut out: BTreeMap<Collection, BTreeMap<&'static str, BTreeSet<String>>> = BTreeMap::new();
    for p in &site.pages {
        let c = p.doc.id.collection;
        for (v, k) in p.doc.terms() {
            if vocabularies_of(c).contains(&v) {
                out.entry(c)
                    .or_default()
                    .entry(v.facet())
                    .or_default()
                    .insert(k.to_owned());
            }
        }
    }
    // The directory map links every region, so every region has its page.
    if let Some(regions) = site.taxonomies.get(Vocabulary::Regions) {
        out.entry(Collection::Ambassadors)
            .or_default()
            .entry("region")
            .or_default()
            .extend(regions.keys().map(str::to_owned));
    }
    out.into_iter()
        .map(|(c, m)| {
            let m = m
                .into_iter()
                .map(|(f, keys)| {
                    let vocab = Vocabulary::from_facet(f).and_then(|v| site.taxonomies.get(v));
                    let mut keys: Vec<String> = keys.into_iter().collect();
                    keys.sort_by_key(|k| vocab.map_or(usize::MAX, |v| v.rank(k)));
                    (f, keys)
                })
                .collect();
            (c, m)
        })
        .collect()
}

/// JSON that is safe inside a `<script>` element.
pub fn safe_json(v: &Value) -> String {
    serde_json::to_string(v)
        .unwrap_or_default()
        .replace("</", "<\\/")
        .replace("<!--", "<\\!--")
}

/// Tera's "Variable `t.x` not found" means a UI string is missing.
fn missing_ui_string(chain: &str) -> Option<String> {
    let i = chain.find("Variable `t.")?;
    let rest = &chain[i + "Variable `t.".len()..];
    let end = rest.find('`')?;
    Some(rest[..end].to_owned())
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
