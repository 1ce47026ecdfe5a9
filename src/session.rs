//! A build that stays alive between edits: the preview server's rebuilds.
//!
//! A [`Session`] keeps the last good site model, its rendered bodies and
//! cards, and the hash of every file it wrote. When an editor saves a page
//! that already exists, only that file is parsed again; the model is
//! copied with the new document ([`Site::with_documents`]), and only the
//! output that shows the page is rendered again:
//!
//! - a body edit: the page itself;
//! - a front-matter edit (title, summary, facets, references…): also its
//!   translations, the pages it refers to and that refer to it, the listing
//!   and facet pages it appears on (every listing page of its collection if
//!   its facets changed, since their counts change), the home page and the
//!   HTML sitemap.
//!
//! Files are written only when their bytes changed, each atomically. The
//! search index, the feeds, sitemap.xml and the open-data files are brought
//! up to date by [`Session::finish`], which the server runs once the editor
//! pauses, so the browser reloads as soon as the page itself is written.
//!
//! Anything else (a new, renamed or deleted file, a template, the
//! configuration, data, translations of the UI, static files) rebuilds the
//! whole site in place, still writing only the files that changed. A
//! failed rebuild writes nothing and keeps the last good state, so the
//! next rebuild starts from it with every file edited since.

use std::collections::hash_map::DefaultHasher;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rayon::prelude::*;
use serde_json::Value;

use crate::build::{self, BuildOptions};
use crate::content::{self, Document, Fields, PageId, SourceFile};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::output::{self, Staging};
use crate::render::{Assets, Job, RenderState, Renderer, PAGE_SIZE};
use crate::search::SearchDocument;
use crate::site::Site;

/// What changed in the sources since the last rebuild.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SourceChange {
    /// An existing file was saved; path as shown to users (relative to the
    /// site root).
    Edited(PathBuf),
    /// Anything else: a file added, deleted or renamed, or an unknown change.
    Other,
}

/// How much a rebuild did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// The whole site was loaded and rendered.
    Full,
    /// Only the pages showing the edited documents were rendered.
    Pages,
    /// Only the pages whose template uses an edited template were rendered.
    Templates,
}

/// What a successful rebuild did.
#[derive(Debug)]
pub struct Rebuild {
    pub scope: Scope,
    /// HTML pages rendered.
    pub rendered: usize,
    /// Files written (the others were already up to date).
    pub written: usize,
    pub elapsed: Duration,
    /// Warnings of the whole site, not only of the edited files.
    pub warnings: Diagnostics,
}

/// The last good build: what the output folder holds.
struct Last {
    site: Site,
    render: RenderState,
    assets: Assets,
    search: Value,
    /// Every job of the site, to notice when the set of pages changes.
    jobs: Vec<Job>,
    warnings: Diagnostics,
    /// Output file (relative path) → hash of its bytes, for every file the
    /// session wrote, except the search engine's (see `write_search`).
    files: HashMap<String, u64>,
}

/// Work left for [`Session::finish`].
#[derive(Debug, Default)]
struct Pending {
    /// Languages whose search index is behind.
    languages: BTreeSet<String>,
    /// Feeds, sitemap.xml and exports are behind.
    generated: bool,
}

/// Rebuilds one site into one output folder, again and again.
pub struct Session {
    opts: BuildOptions,
    last: Option<Last>,
    /// Files edited since the last good build.
    dirty: BTreeSet<PathBuf>,
    /// A change since the last good build needs a full rebuild.
    structural: bool,
    pending: Pending,
}

impl Session {
    /// A session for `opts` (its `output` is written in place after the
    /// first build, which replaces the folder as `academie build` does).
    pub fn new(opts: BuildOptions) -> Session {
        Session {
            opts,
            last: None,
            dirty: BTreeSet::new(),
            structural: false,
            pending: Pending::default(),
        }
    }

    /// Whether [`Session::finish`] has work to do.
    pub fn has_pending(&self) -> bool {
        self.last.is_some() && (self.pending.generated || !self.pending.languages.is_empty())
    }

    /// Rebuilds after `changes` (none: the first build, or a full one).
    pub fn rebuild(&mut self, changes: &[SourceChange]) -> Result<Rebuild, Diagnostics> {
        let start = Instant::now();
        for c in changes {
            match c {
                SourceChange::Edited(p) => {
                    self.dirty.insert(p.clone());
                }
                SourceChange::Other => self.structural = true,
            }
        }
        if changes.is_empty() {
            self.structural = true;
        }
        if !self.structural && self.last.is_some() {
            if let Some(result) = self.pages_only(start) {
                return result;
            }
        }
        self.full(start)
    }

    /// The fast path; `None` when the edits need a full rebuild.
    fn pages_only(&mut self, start: Instant) -> Option<Result<Rebuild, Diagnostics>> {
        let last = self.last.as_ref()?;
        let old = &last.site;
        let templates: Vec<String> = self
            .dirty
            .iter()
            .filter_map(|p| template_name(old, p))
            .collect();
        if !templates.is_empty() {
            if templates.len() != self.dirty.len() {
                return None;
            }
            return self.templates_only(&templates, start);
        }
        // Parse the edited files again, as the full load would.
        let mut diags = Vec::new();
        let mut docs = Vec::new();
        for path in &self.dirty {
            let page = old.pages.iter().find(|p| p.doc.path == *path)?;
            if page.doc.layer != 0 {
                return None;
            }
            let abs = self.opts.root.join(path);
            if !abs.is_file() {
                return None;
            }
            let source = SourceFile {
                abs: abs.clone(),
                path: path.clone(),
                collection: page.doc.id.collection,
                slug: page.doc.id.slug.clone(),
                lang: page.doc.lang.clone(),
                layer: 0,
            };
            match content::read_text(&abs, path) {
                Ok(text) => {
                    if let Some(doc) =
                        content::parse_document(&source, &text, &old.taxonomies, &mut diags)
                    {
                        docs.push(doc);
                    }
                }
                Err(d) => diags.push(d),
            }
        }
        if diags.iter().any(Diagnostic::is_error) {
            return Some(Err(self.failure(diags)));
        }
        let edited: Vec<Document> = docs
            .into_iter()
            .filter(|d| {
                old.page_in(&d.id, &d.lang)
                    .is_none_or(|p| p.doc.lang != d.lang || *p.doc != *d)
            })
            .collect();
        let (site, refs) = old.with_documents(edited.clone())?;
        if refs.iter().any(Diagnostic::is_error) {
            diags.extend(refs);
            return Some(Err(self.failure(diags)));
        }
        diags.extend(refs);
        let changed: Vec<usize> = edited
            .iter()
            .filter_map(|d| site.page_in(&d.id, &d.lang).map(|p| p.index))
            .collect();
        let front_matter = changed
            .iter()
            .any(|&i| !old.pages[i].doc.same_front_matter(&site.pages[i].doc));

        let last = self.last.take()?;
        let renderer = match Renderer::update(
            &site,
            last.render,
            &changed,
            front_matter,
            &last.assets,
            &last.search,
        ) {
            Ok(r) => r,
            Err((state, errors)) => {
                self.last = Some(Last {
                    render: *state,
                    ..last
                });
                diags.extend(errors);
                return Some(Err(self.failure(diags)));
            }
        };
        // Body edits change no listing: the jobs are the same.
        let new_jobs = if front_matter {
            renderer.jobs()
        } else {
            last.jobs.clone()
        };
        let jobs = if new_jobs == last.jobs {
            affected(&last.site, &site, &changed, &new_jobs)
        } else {
            new_jobs.clone()
        };
        let rendered = render(&site, &renderer, &jobs);
        // Images of the edited pages: warnings, and variants not written yet.
        let image_warnings: Vec<Diagnostic> = renderer
            .warnings()
            .into_iter()
            .filter(|w| self.dirty.contains(&w.file))
            .collect();
        let image_files = renderer.image_files();
        let render_state = renderer.into_state();
        let pages = match rendered {
            Ok(mut p) => {
                p.extend(image_files);
                p
            }
            Err(errors) => {
                // The kept state now mixes old and new bodies: start afresh.
                self.structural = true;
                return Some(Err(self.failure(errors)));
            }
        };
        let mut files = last.files;
        let out = self.opts.output_dir();
        let written = match write_changed(&out, &mut files, pages) {
            Ok(n) => n,
            Err(d) => {
                self.structural = true;
                return Some(Err(self.failure(vec![d])));
            }
        };
        if new_jobs != last.jobs {
            // Listing pages may have come or gone with a facet value.
            let now: HashSet<String> = new_jobs
                .iter()
                .map(|j| site.routes.file_of(&crate::render::url_of(&site, j)))
                .collect();
            let gone: HashSet<String> = last
                .jobs
                .iter()
                .map(|j| {
                    last.site
                        .routes
                        .file_of(&crate::render::url_of(&last.site, j))
                })
                .filter(|f| !now.contains(f))
                .collect();
            let keep: HashSet<String> = files
                .keys()
                .filter(|f| !gone.contains(*f))
                .cloned()
                .collect();
            remove_stale(&out, &mut files, &keep);
        }
        let mut warnings = Diagnostics::new();
        warnings.extend(
            last.warnings
                .into_iter()
                .filter(|w| !self.dirty.contains(&w.file)),
        );
        warnings.extend(diags);
        warnings.extend(image_warnings);
        let warnings = warnings.sorted();
        for &i in &changed {
            self.pending
                .languages
                .insert(site.pages[i].doc.lang.clone());
        }
        self.pending.generated = true;
        self.dirty.clear();
        self.last = Some(Last {
            site,
            render: render_state,
            assets: last.assets,
            search: last.search,
            jobs: new_jobs,
            warnings: warnings.clone(),
            files,
        });
        Some(Ok(Rebuild {
            scope: Scope::Pages,
            rendered: jobs.len(),
            written,
            elapsed: start.elapsed(),
            warnings,
        }))
    }

    /// The fast path for saved templates: loads the templates again and
    /// renders the pages whose template uses one of `changed`, directly or
    /// through `extends`, `include` or `import`. `None` when every page
    /// must be rendered again anyway.
    fn templates_only(
        &mut self,
        changed: &[String],
        start: Instant,
    ) -> Option<Result<Rebuild, Diagnostics>> {
        let mut last = self.last.take()?;
        match last.render.reload_templates(&last.site.template_dirs) {
            Ok(true) => {}
            Ok(false) => {
                self.last = Some(last);
                return None;
            }
            Err(errors) => {
                self.last = Some(last);
                return Some(Err(self.failure(errors)));
            }
        }
        let used = crate::render::templates::dependents(&last.site.template_dirs, changed);
        let jobs: Vec<Job> = last
            .jobs
            .iter()
            .filter(|j| used.contains(crate::render::template_of(&last.site, j)))
            .cloned()
            .collect();
        let renderer = match Renderer::update(
            &last.site,
            last.render,
            &[],
            false,
            &last.assets,
            &last.search,
        ) {
            Ok(r) => r,
            Err((state, errors)) => {
                self.last = Some(Last {
                    render: *state,
                    ..last
                });
                return Some(Err(self.failure(errors)));
            }
        };
        let rendered = render(&last.site, &renderer, &jobs);
        last.render = renderer.into_state();
        let out = self.opts.output_dir();
        let written = rendered
            .and_then(|pages| write_changed(&out, &mut last.files, pages).map_err(|d| vec![d]));
        let warnings = last.warnings.clone();
        self.last = Some(last);
        match written {
            Ok(written) => {
                self.dirty.clear();
                Some(Ok(Rebuild {
                    scope: Scope::Templates,
                    rendered: jobs.len(),
                    written,
                    elapsed: start.elapsed(),
                    warnings,
                }))
            }
            Err(errors) => Some(Err(self.failure(errors))),
        }
    }

    /// Loads and renders the whole site. The first build replaces the
    /// output folder; later ones update it in place.
    fn full(&mut self, start: Instant) -> Result<Rebuild, Diagnostics> {
        let (site, mut warnings) = build::load_site(&self.opts)?;
        let fail = |more: Vec<Diagnostic>| {
            let mut all = Diagnostics::new();
            all.extend(more);
            all.extend(warnings.clone());
            all
        };
        let out = self.opts.output_dir();
        let first = self.last.is_none();
        let staging = if first {
            Some(Staging::new(&out).map_err(|d| fail(vec![d]))?)
        } else {
            None
        };
        let dir = staging
            .as_ref()
            .map_or(out.clone(), |s| s.dir().to_path_buf());

        let static_files = output::static_files(&site.static_dirs);
        let (assets, mut files_out) = build::theme_assets(&site, &static_files);
        let search = match &self.last {
            Some(last) => last.search.clone(),
            None => {
                let a = crate::search::write_assets(&dir, site.routes.base_path())
                    .map_err(|e| fail(vec![Diagnostic::error(&out, e.to_string())]))?;
                serde_json::to_value(a).unwrap_or_default()
            }
        };
        let known = build::known_files(&static_files, &files_out);
        let renderer = Renderer::new(&site, &known, &assets, &search).map_err(fail)?;
        let jobs = renderer.jobs();
        let clashes = build::check_urls(&site, &renderer, &jobs);
        if !clashes.is_empty() {
            return Err(fail(clashes));
        }
        let pages = render(&site, &renderer, &jobs).map_err(fail)?;
        files_out.extend(build::static_copies(&static_files).map_err(|d| fail(vec![d]))?);
        files_out.extend(renderer.image_files());
        if first {
            files_out.extend(build::generated_files(&site));
        }
        files_out.extend(pages);

        let mut files = match self.last.take() {
            // The generated files follow with the search index (a
            // `Deferred` still running may write them before).
            Some(last) => {
                let mut files = last.files;
                files.retain(|f, _| !is_generated(&site, f));
                files
            }
            None => HashMap::new(),
        };
        let produced: HashSet<String> = files_out.iter().map(|(f, _)| f.clone()).collect();
        let written = write_changed(&dir, &mut files, files_out).map_err(|d| fail(vec![d]))?;
        remove_stale(&dir, &mut files, &produced);
        if let Some(staging) = staging {
            // The first build is complete before it is shown, search included.
            for lang in site.languages() {
                let docs = build::search_documents(&site, |p| renderer.body_text(p), lang);
                write_search(&site, lang, docs, &dir, &dir).map_err(|d| fail(vec![d]))?;
            }
            staging.commit().map_err(|d| fail(vec![d]))?;
            self.pending = Pending::default();
        } else {
            self.pending
                .languages
                .extend(site.languages().iter().cloned());
            self.pending.generated = true;
        }
        warnings.extend(renderer.warnings());
        let render = renderer.into_state();
        let warnings = warnings.sorted();
        let rendered = jobs.len();
        self.last = Some(Last {
            site,
            render,
            assets,
            search,
            jobs,
            warnings: warnings.clone(),
            files,
        });
        self.dirty.clear();
        self.structural = false;
        Ok(Rebuild {
            scope: Scope::Full,
            rendered,
            written,
            elapsed: start.elapsed(),
            warnings,
        })
    }

    /// Brings the search index, feeds, sitemap.xml and exports up to date
    /// with the last good build. Returns how many files it wrote.
    pub fn finish(&mut self) -> Result<usize, Diagnostics> {
        match self.take_pending() {
            Some(work) => work.run(),
            None => Ok(0),
        }
    }

    /// The work [`Session::finish`] would do, detached from the session so
    /// that it may run on another thread while the session rebuilds again.
    /// Runs of successive `Deferred` must not overlap (run them in order).
    pub fn take_pending(&mut self) -> Option<Deferred> {
        if !self.has_pending() {
            return None;
        }
        let last = self.last.as_mut()?;
        let pending = std::mem::take(&mut self.pending);
        let search: Vec<(String, Vec<SearchDocument>)> = pending
            .languages
            .iter()
            .map(|lang| {
                let docs = build::search_documents(&last.site, |p| last.render.body_text(p), lang);
                (lang.clone(), docs)
            })
            .collect();
        if pending.generated {
            // Written elsewhere from now on: a later full rebuild must not
            // trust the hashes recorded for them.
            let site = &last.site;
            last.files.retain(|f, _| !is_generated(site, f));
        }
        Some(Deferred {
            site: last.site.clone(),
            search,
            generated: pending.generated,
            out: self.opts.output_dir(),
        })
    }

    /// A failed rebuild's report: its errors and the warnings of the site.
    fn failure(&self, errors: Vec<Diagnostic>) -> Diagnostics {
        let mut all = Diagnostics::new();
        all.extend(errors);
        if let Some(last) = &self.last {
            all.extend(
                last.warnings
                    .iter()
                    .filter(|w| !self.dirty.contains(&w.file))
                    .cloned(),
            );
        }
        all
    }
}

/// Work left after a rebuild: the search index of the languages whose
/// pages changed, and the files made from the whole site.
pub struct Deferred {
    site: Site,
    search: Vec<(String, Vec<SearchDocument>)>,
    generated: bool,
    out: PathBuf,
}

impl Deferred {
    /// Writes the search indexes and generated files whose bytes changed.
    /// Returns how many files it wrote.
    pub fn run(self) -> Result<usize, Diagnostics> {
        let mut written = 0;
        let mut problems = Vec::new();
        if self.generated {
            for (rel, bytes) in build::generated_files(&self.site) {
                let same = std::fs::read(self.out.join(&rel)).is_ok_and(|b| b == bytes);
                if same {
                    continue;
                }
                match write_atomic(&self.out, &rel, &bytes) {
                    Ok(()) => written += 1,
                    Err(d) => problems.push(d),
                }
            }
        }
        let scratch_root = self.out.parent().unwrap_or(Path::new("."));
        for (lang, docs) in self.search {
            let scratch = tempfile::Builder::new()
                .prefix(".academie-search-")
                .tempdir_in(scratch_root);
            let result = match &scratch {
                Ok(s) => write_search(&self.site, &lang, docs, s.path(), &self.out),
                Err(e) => Err(Diagnostic::error(
                    scratch_root,
                    format!("cannot write: {e}"),
                )),
            };
            match result {
                Ok(n) => written += n,
                Err(d) => problems.push(d),
            }
        }
        if problems.is_empty() {
            Ok(written)
        } else {
            let mut all = Diagnostics::new();
            all.extend(problems);
            Err(all)
        }
    }
}

/// The template name of `path` (as shown to users) when it is in one of
/// the site's template folders.
fn template_name(site: &Site, path: &Path) -> Option<String> {
    site.template_dirs
        .iter()
        .find_map(|(_, shown)| path.strip_prefix(shown).ok())
        .map(|rel| rel.to_string_lossy().replace('\\', "/"))
}

/// Is `rel` one of the files [`build::generated_files`] makes?
fn is_generated(site: &Site, rel: &str) -> bool {
    rel == "sitemap.xml"
        || rel == "robots.txt"
        || site
            .languages()
            .iter()
            .any(|l| site.routes.file_of(&site.routes.feed(l)) == rel)
        || output::export::is_export(rel)
}

/// Renders `jobs` in parallel to (output file, HTML).
fn render(
    site: &Site,
    renderer: &Renderer,
    jobs: &[Job],
) -> Result<Vec<(String, Vec<u8>)>, Vec<Diagnostic>> {
    let results: Vec<Result<(String, Vec<u8>), Diagnostic>> = jobs
        .par_iter()
        .map(|job| {
            renderer.render(job).map(|html| {
                (
                    site.routes.file_of(&renderer.url_of(job)),
                    html.into_bytes(),
                )
            })
        })
        .collect();
    let mut pages = Vec::with_capacity(results.len());
    let mut errors = Vec::new();
    for r in results {
        match r {
            Ok(p) => pages.push(p),
            Err(e) => errors.push(e),
        }
    }
    if errors.is_empty() {
        Ok(pages)
    } else {
        Err(build::dedupe(errors))
    }
}

fn hash(bytes: &[u8]) -> u64 {
    let mut h = DefaultHasher::new();
    bytes.hash(&mut h);
    h.finish()
}

/// Writes the files whose bytes differ from what `files` records; each
/// write goes through a temporary file renamed into place, so the server
/// never sends half a page. Returns how many were written.
fn write_changed(
    dir: &Path,
    files: &mut HashMap<String, u64>,
    out: Vec<(String, Vec<u8>)>,
) -> Result<usize, Diagnostic> {
    let todo: Vec<(String, Vec<u8>, u64)> = out
        .into_iter()
        .filter_map(|(rel, bytes)| {
            let h = hash(&bytes);
            (files.get(&rel) != Some(&h)).then_some((rel, bytes, h))
        })
        .collect();
    let results: Vec<Result<(), Diagnostic>> = todo
        .par_iter()
        .map(|(rel, bytes, _)| write_atomic(dir, rel, bytes))
        .collect();
    results.into_iter().collect::<Result<(), Diagnostic>>()?;
    let n = todo.len();
    for (rel, _, h) in todo {
        files.insert(rel, h);
    }
    Ok(n)
}

fn write_atomic(dir: &Path, rel: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
    let path = dir.join(rel);
    let tmp = path.with_file_name(format!(
        ".{}.academie-tmp",
        path.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    ));
    output::write_file(
        dir,
        &tmp.strip_prefix(dir).unwrap_or(&tmp).to_string_lossy(),
        bytes,
    )?;
    std::fs::rename(&tmp, &path).map_err(|e| Diagnostic::error(&path, format!("cannot write: {e}")))
}

/// Removes the files the session wrote that the site no longer produces.
fn remove_stale(dir: &Path, files: &mut HashMap<String, u64>, produced: &HashSet<String>) {
    files.retain(|rel, _| {
        let keep = produced.contains(rel);
        if !keep {
            let _ = std::fs::remove_file(dir.join(rel));
        }
        keep
    });
}

/// Writes the search index of `lang` into `scratch`, then moves its files
/// into `out` (the content-hashed files first, the manifest naming them
/// last) and removes the files of the previous index. `scratch` may be
/// `out` itself (a first build). Returns the number of files moved.
fn write_search(
    site: &Site,
    lang: &str,
    docs: Vec<SearchDocument>,
    scratch: &Path,
    out: &Path,
) -> Result<usize, Diagnostic> {
    crate::search::write_index(
        scratch,
        lang,
        docs,
        site.synonyms.get(lang).map_or(&[], Vec::as_slice),
        &build::facet_labels(site, lang),
    )
    .map_err(|e| Diagnostic::error(out, e.to_string()))?;
    let rel = Path::new(crate::search::DIR).join(lang);
    let from = scratch.join(&rel);
    let to = out.join(&rel);
    let mut names: Vec<String> = std::fs::read_dir(&from)
        .map_err(|e| Diagnostic::error(&from, format!("cannot read: {e}")))?
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    if scratch == out {
        return Ok(names.len());
    }
    std::fs::create_dir_all(&to)
        .map_err(|e| Diagnostic::error(&to, format!("cannot create folder: {e}")))?;
    // The manifest last: it names the other files.
    names.sort_by_key(|n| n == "manifest.json");
    for name in &names {
        std::fs::rename(from.join(name), to.join(name))
            .map_err(|e| Diagnostic::error(to.join(name), format!("cannot write: {e}")))?;
    }
    if let Ok(entries) = std::fs::read_dir(&to) {
        for e in entries.filter_map(Result::ok) {
            let name = e.file_name().to_string_lossy().into_owned();
            if !names.contains(&name) {
                let _ = std::fs::remove_file(e.path());
            }
        }
    }
    Ok(names.len())
}

/// The jobs whose output may show the pages at `changed` (indexes valid in
/// both `old` and `new`, which have the same pages and jobs).
fn affected(old: &Site, new: &Site, changed: &[usize], jobs: &[Job]) -> Vec<Job> {
    let mut out: Vec<Job> = Vec::new();
    let mut seen: HashSet<Job> = HashSet::new();
    let mut add = |job: Job, out: &mut Vec<Job>| {
        if seen.insert(job.clone()) {
            out.push(job);
        }
    };
    for &i in changed {
        add(Job::Page(i), &mut out);
        let (o, n) = (&old.pages[i].doc, &new.pages[i].doc);
        if o.same_front_matter(n) {
            continue;
        }
        // What other pages show of it: its card, its title in links.
        let mut ids: BTreeSet<PageId> = BTreeSet::new();
        ids.insert(n.id.clone());
        for d in [o, n] {
            ids.extend(references(d));
        }
        ids.extend(new.all_referrers(&n.id).cloned());
        let regions: Vec<&str> = [o, n]
            .iter()
            .filter_map(|d| match &d.fields {
                Fields::Ambassador(a) => Some(a.region.as_str()),
                _ => None,
            })
            .collect();
        if !regions.is_empty() {
            for p in &new.pages {
                if matches!(&p.doc.fields, Fields::Ambassador(a) if regions.contains(&a.region.as_str()))
                {
                    ids.insert(p.doc.id.clone());
                }
            }
        }
        for id in &ids {
            for (_, p) in new.translations(id) {
                add(Job::Page(p.index), &mut out);
            }
        }
        for lang in new.languages() {
            add(Job::Home { lang: lang.clone() }, &mut out);
            add(Job::Sitemap { lang: lang.clone() }, &mut out);
        }
        // Listing pages of its collection in its language.
        let c = n.id.collection;
        let lang = &n.lang;
        let facets = n.facets();
        let facets_changed = o.facets() != facets;
        // A facet listing's old and new order, computed once for all its pages.
        let mut facet_lists: HashMap<(&str, &str), OldAndNew> = HashMap::new();
        for job in jobs {
            let Job::Listing {
                collection,
                lang: l,
                facet,
                page,
            } = job
            else {
                continue;
            };
            if *collection != c || l != lang {
                continue;
            }
            let show = facets_changed
                || match facet {
                    None => listing_page_shows(
                        old.listed_indexes(c, lang),
                        new.listed_indexes(c, lang),
                        i,
                        *page,
                    ),
                    // With the same facets, the page is on no other facet
                    // listing, and the order of the others is unchanged.
                    Some((f, k)) => match facets.iter().find(|(ff, kk)| ff == f && kk == k) {
                        None => false,
                        Some(&key) => {
                            let (ol, nl) = facet_lists.entry(key).or_insert_with(|| {
                                let filter = |s: &Site| -> Vec<usize> {
                                    s.listed_indexes(c, lang)
                                        .iter()
                                        .copied()
                                        .filter(|&j| s.pages[j].doc.facets().contains(&key))
                                        .collect()
                                };
                                (filter(old), filter(new))
                            });
                            listing_page_shows(ol, nl, i, *page)
                        }
                    },
                };
            if show {
                add(job.clone(), &mut out);
            }
        }
    }
    out
}

/// A listing's order (page indexes) before and after an edit.
type OldAndNew = (Vec<usize>, Vec<usize>);

/// Must page `page` (from 1) of a listing be rendered again, when it was
/// `old` and is now `new`, after page `i` changed?
fn listing_page_shows(old: &[usize], new: &[usize], i: usize, page: usize) -> bool {
    let range = (page - 1) * PAGE_SIZE..page * PAGE_SIZE;
    if old == new {
        return new
            .iter()
            .position(|&j| j == i)
            .is_some_and(|p| range.contains(&p));
    }
    // The order changed: every page from the first difference on.
    let first = old
        .iter()
        .zip(new)
        .position(|(a, b)| a != b)
        .unwrap_or(old.len().min(new.len()));
    range.end > first
}

/// The ids a document's fields refer to.
fn references(d: &Document) -> Vec<PageId> {
    let refs: Vec<&content::Reference> = match &d.fields {
        Fields::Module(m) => m.prerequisites.iter().collect(),
        Fields::UseCase(u) => u.related_modules.iter().chain(&u.ambassadors).collect(),
        _ => Vec::new(),
    };
    refs.iter()
        .filter_map(|r| PageId::parse(&r.value))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::listing_page_shows;
    use crate::render::PAGE_SIZE;

    #[test]
    fn same_order_renders_only_the_page_showing_the_edit() {
        let list: Vec<usize> = (0..60).collect();
        let i = PAGE_SIZE + 3; // on page 2
        assert!(!listing_page_shows(&list, &list, i, 1));
        assert!(listing_page_shows(&list, &list, i, 2));
        assert!(!listing_page_shows(&list, &list, i, 3));
    }

    #[test]
    fn new_order_renders_from_the_first_difference() {
        let old: Vec<usize> = (0..60).collect();
        let mut new = old.clone();
        new.swap(30, 50);
        assert!(!listing_page_shows(&old, &new, 30, 1));
        assert!(listing_page_shows(&old, &new, 30, 2));
        assert!(listing_page_shows(&old, &new, 30, 3));
    }
}
