//! The build's stages, in order, written once.
//!
//! [`run`] takes a [`Plan`] (every job of a freshly loaded site, or the
//! jobs an edit affects in a build kept from before) and an [`Output`] (a
//! staging folder swapped in at the end, the output folder updated in
//! place, or nothing for a check), and runs:
//!
//! 1. **load and validate** the site model ([`load`]): the whole site, or
//!    the kept model with the saved documents parsed again;
//! 2. **bodies**: every Markdown body rendered and its links checked, or
//!    only the edited ones ([`Renderer::with_images`], [`Renderer::update`]);
//! 3. **jobs**: every page of output, or those showing the edit
//!    ([`affected`]), checked for clashing URLs;
//! 4. **render** them, in parallel, into the writer;
//! 5. **site files**: theme assets, static files, image variants, and the
//!    files made from the whole site (sitemap, feeds, exports);
//! 6. **search documents** indexed per language;
//! 7. **write**: swap the staging folder in, or write the changed files
//!    and remove the stale ones.
//!
//! `academie build` is "everything into a staging folder" ([`crate::build`]);
//! the preview's [`crate::session::Session`] keeps what a run returns
//! ([`Kept`]) and runs again with the affected jobs, in place. A run in
//! place leaves stages 5 and 6's whole-site files to the preview's
//! deferred work, so the browser reloads as soon as the page is written.

mod affected;
mod assets;
pub(crate) mod load;
mod render;
mod start;

use std::collections::{BTreeSet, HashSet};
use std::path::PathBuf;

use rayon::prelude::*;
use serde_json::Value;

use crate::content::Document;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::output::{self, Finished, Hashes, OutputWriter};
use crate::render::{Assets, Job, RenderState, Renderer};
use crate::site::Site;

pub(crate) use affected::affected;

/// What to build and how.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub root: PathBuf,
    /// Output folder; `root/public` when unset.
    pub output: Option<PathBuf>,
    pub drafts: bool,
    pub base_url: Option<String>,
    /// Validate and render everything, write nothing (`academie check`).
    pub check_only: bool,
    /// Show a progress bar (on a terminal).
    pub progress: bool,
    /// Write gzip and brotli copies beside the text files
    /// (`academie build --precompress`, see [`output::precompress`]).
    pub precompress: bool,
}

impl BuildOptions {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        BuildOptions {
            root: root.into(),
            output: None,
            drafts: false,
            base_url: None,
            check_only: false,
            progress: false,
            precompress: false,
        }
    }

    pub fn output_dir(&self) -> PathBuf {
        self.output
            .clone()
            .unwrap_or_else(|| self.root.join("public"))
    }
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

/// What a run leaves for the next one: the site model, its rendered
/// bodies and cards, and what the output folder holds besides.
pub(crate) struct Kept {
    pub site: Site,
    pub render: RenderState,
    pub assets: Assets,
    /// The search engine's URLs (its files are in the output folder).
    pub search: Value,
    /// Every job of the site, to notice when the set of pages changes.
    pub jobs: Vec<Job>,
    pub warnings: Diagnostics,
}

impl Kept {
    /// The site and renderer a run goes on from, and the rest, which a
    /// run compares against.
    fn into_parts(self) -> (Site, RenderState, Parts) {
        let Kept {
            site,
            render,
            assets,
            search,
            jobs,
            warnings,
        } = self;
        let parts = Parts {
            assets,
            search,
            jobs,
            warnings,
        };
        (site, render, parts)
    }
}

/// What a run starts from and renders.
pub(crate) enum Plan<'a> {
    /// Load the whole site and render every job. `previous`, the last
    /// build of the same output folder, lends the search engine's files.
    Everything { previous: Option<Box<Kept>> },
    /// `kept` with `docs`, the saved files `dirty` parsed again (with their
    /// warnings, `notes`): render the jobs that show them.
    Edited {
        kept: Box<Kept>,
        docs: Vec<Document>,
        notes: Vec<Diagnostic>,
        dirty: &'a BTreeSet<PathBuf>,
    },
    /// `kept` with the templates `names` saved: render the jobs whose
    /// template uses one of them.
    Templates {
        kept: Box<Kept>,
        names: Vec<String>,
        dirty: &'a BTreeSet<PathBuf>,
    },
}

/// Where the files go.
pub(crate) enum Output {
    /// A staging folder beside the output folder, swapped in at the end;
    /// `track` keeps the hash of every file for later runs in place.
    Staging { track: bool },
    /// The output folder itself, which holds the files these hashes describe.
    InPlace(Hashes),
    /// Nothing (a check).
    Nowhere,
}

/// What a successful run did.
pub(crate) struct Ran {
    pub kept: Kept,
    pub scope: Scope,
    /// Jobs rendered.
    pub rendered: usize,
    pub written: Finished,
    /// Whether the output folder was made anew (or nothing written).
    pub fresh: bool,
    /// Languages whose search index is behind (a run in place).
    pub behind: BTreeSet<String>,
    /// Whether sitemap.xml, the feeds and the exports are behind.
    pub generated_behind: bool,
}

/// What a failed run reports, and what it leaves of the state it started from.
pub(crate) struct Failed {
    pub diagnostics: Diagnostics,
    /// The build the output folder still shows, when still usable.
    pub kept: Option<Box<Kept>>,
    /// What the output folder holds (a run in place).
    pub hashes: Option<Hashes>,
}

impl Failed {
    /// A failure before the output folder was opened.
    fn before_writing(diagnostics: Diagnostics, kept: Option<Box<Kept>>) -> Box<Failed> {
        Box::new(Failed {
            diagnostics,
            kept,
            hashes: None,
        })
    }
}

/// The site model a run renders, with what it came from.
struct Model<'a> {
    site: Site,
    /// Warnings so far; on failure, reported with the errors.
    warnings: Diagnostics,
    from: Origin<'a>,
}

/// Where a run's site model comes from, with what the later stages need
/// of it.
enum Origin<'a> {
    /// Loaded from the site's files.
    Scratch { previous: Option<Box<Kept>> },
    /// A kept build with edited documents.
    Edit {
        /// The kept build's site, before the edit.
        old_site: Box<Site>,
        /// The rest of the kept build, but its render state (being updated).
        old: Parts,
        changed: Vec<usize>,
        front_matter: bool,
        notes: Vec<Diagnostic>,
        dirty: &'a BTreeSet<PathBuf>,
    },
    /// A kept build with saved templates (the model's site is its own).
    Templates {
        old: Parts,
        names: Vec<String>,
        dirty: &'a BTreeSet<PathBuf>,
    },
}

/// A [`Kept`] without its site and render state.
struct Parts {
    assets: Assets,
    search: Value,
    jobs: Vec<Job>,
    warnings: Diagnostics,
}

/// Runs the stages of the [module](self) documentation, in order.
pub(crate) fn run(opts: &BuildOptions, plan: Plan<'_>, output: Output) -> Result<Ran, Box<Failed>> {
    // 1. Load and validate: the site model.
    let (model, state) = match start::model(opts, plan) {
        Ok(m) => m,
        Err(mut failed) => {
            if let Output::InPlace(hashes) = output {
                failed.hashes = Some(hashes);
            }
            return Err(failed);
        }
    };
    // (Only a staging folder can fail to open: nothing in place to keep.)
    let writer = match open(opts, output) {
        Ok(w) => w,
        Err(d) => return Err(Box::new(model.failed(None, vec![d], None))),
    };
    let in_place = writer.writes() && !writer.is_fresh();
    // 2. Bodies.
    let (renderer, assets, search, theme_files) = match start::bodies(opts, &model, state, &writer)
    {
        Ok(r) => r,
        Err((state, errors)) => {
            return Err(Box::new(model.failed(
                state.map(|s| *s),
                errors,
                writer.abandon(),
            )))
        }
    };
    // 3–7: jobs, pages, site files, search documents, write.
    let done = pages_and_files(opts, &model, &renderer, theme_files, writer);
    let warnings = renderer.warnings();
    let state = renderer.into_state();
    match done {
        Ok(done) => Ok(model.ran(state, warnings, (assets, search), done, in_place)),
        Err((errors, hashes)) => {
            // An edit's state now mixes old and new bodies: start afresh.
            let state = (!matches!(model.from, Origin::Edit { .. })).then_some(state);
            Err(Box::new(model.failed(state, errors, hashes)))
        }
    }
}

/// Opens the writer, after the site has loaded (so that content errors
/// come first, and a failed load leaves no staging folder behind).
fn open(opts: &BuildOptions, output: Output) -> Result<OutputWriter, Diagnostic> {
    match output {
        Output::Staging { track } => OutputWriter::staging(&opts.output_dir(), track),
        Output::InPlace(hashes) => Ok(OutputWriter::in_place(&opts.output_dir(), hashes)),
        Output::Nowhere => OutputWriter::discard(),
    }
}

/// What stages 3 to 7 did.
struct Done {
    /// Every job of the site now.
    jobs: Vec<Job>,
    /// How many were rendered.
    rendered: usize,
    written: Finished,
}

/// Stages 3 to 7: the jobs of the plan rendered, the site's other files,
/// the search documents, and the writer finished. On failure, the hashes
/// of what the output folder holds (in place).
fn pages_and_files(
    opts: &BuildOptions,
    model: &Model<'_>,
    renderer: &Renderer,
    theme_files: Vec<(String, Vec<u8>)>,
    writer: OutputWriter,
) -> Result<Done, (Vec<Diagnostic>, Option<Hashes>)> {
    let site = &model.site;
    macro_rules! bail {
        ($e:expr) => {
            match $e {
                Ok(v) => v,
                Err(errors) => return Err((errors, writer.abandon())),
            }
        };
    }
    // 3. Jobs: (every job of the site now, the jobs to render).
    let (all_jobs, jobs) = match &model.from {
        Origin::Scratch { .. } => {
            let jobs = renderer.jobs();
            let clashes = render::check_urls(site, renderer, &jobs);
            if !clashes.is_empty() {
                return Err((clashes, writer.abandon()));
            }
            (jobs.clone(), jobs)
        }
        Origin::Edit {
            old_site,
            old,
            changed,
            front_matter,
            ..
        } => {
            // Body edits change no listing: the jobs are the same.
            let now = if *front_matter {
                renderer.jobs()
            } else {
                old.jobs.clone()
            };
            let todo = if now == old.jobs {
                affected(old_site, site, changed, &now)
            } else {
                now.clone()
            };
            (now, todo)
        }
        Origin::Templates { old, names, .. } => {
            let used = crate::render::templates::dependents(&site.template_dirs, names);
            let todo = old
                .jobs
                .iter()
                .filter(|j| used.contains(crate::render::template_of(site, j)))
                .cloned()
                .collect();
            (old.jobs.clone(), todo)
        }
    };
    // 4. Render.
    bail!(render::render_jobs(
        site,
        renderer,
        &jobs,
        &writer,
        opts.progress
    ));
    // 5. Site files.
    let mut files = theme_files;
    if writer.writes() {
        if let Origin::Scratch { .. } = model.from {
            let static_files = crate::theme::static_files(&site.static_dirs);
            files.extend(bail!(
                assets::static_copies(&static_files).map_err(|d| vec![d])
            ));
        }
        if !matches!(model.from, Origin::Templates { .. }) {
            files.extend(renderer.image_files());
        }
        if writer.is_fresh() {
            files.extend(output::generated::files(site));
        }
    }
    bail!(writer.write_all(files));
    // 6. Search documents, into a folder nobody reads yet (in place, the
    // preview's deferred work replaces each index whole).
    if writer.is_fresh() {
        let errors: Vec<Diagnostic> = site
            .languages()
            .par_iter()
            .filter_map(|lang| {
                let docs = crate::search::search_documents(site, |p| renderer.body_text(p), lang);
                crate::search::index_language(site, lang, docs, writer.dir()).err()
            })
            .collect();
        if !errors.is_empty() {
            return Err((errors, writer.abandon()));
        }
    }
    // 7. Write: stale files go.
    match &model.from {
        Origin::Scratch { .. } => {
            // Written by the deferred work from now on.
            writer.forget(|f| output::generated::is_generated(site, f));
            let produced = writer.produced();
            writer.remove_stale(|f| produced.contains(f));
        }
        Origin::Edit { old_site, old, .. } if all_jobs != old.jobs => {
            // Listing pages may have come or gone with a facet value.
            let now: HashSet<String> = all_jobs
                .iter()
                .map(|j| site.routes.file_of(&crate::render::url_of(site, j)))
                .collect();
            let gone: HashSet<String> = old
                .jobs
                .iter()
                .map(|j| old_site.routes.file_of(&crate::render::url_of(old_site, j)))
                .filter(|f| !now.contains(f))
                .collect();
            writer.remove_stale(|f| !gone.contains(f));
        }
        _ => {}
    }
    // 8. Compressed copies, of a whole new output only (the preview
    // serves its files from this machine, uncompressed).
    if opts.precompress && writer.is_fresh() {
        if let Err(errors) = output::precompress::folder(writer.dir()) {
            return Err((errors, writer.abandon()));
        }
    }
    let rendered = jobs.len();
    match writer.finish() {
        Ok(written) => Ok(Done {
            jobs: all_jobs,
            rendered,
            written,
        }),
        Err(d) => Err((vec![d], None)),
    }
}

impl Model<'_> {
    /// The report of a failed run, and what it leaves: the build it
    /// started from when still whole (the render state given back).
    fn failed(
        self,
        state: Option<RenderState>,
        errors: Vec<Diagnostic>,
        hashes: Option<Hashes>,
    ) -> Failed {
        match self.from {
            Origin::Scratch { previous } => {
                let mut diagnostics = Diagnostics::new();
                diagnostics.extend(errors);
                diagnostics.extend(self.warnings);
                Failed {
                    diagnostics,
                    kept: previous,
                    hashes,
                }
            }
            Origin::Edit {
                old_site,
                old,
                notes,
                dirty,
                ..
            } => {
                let mut all = notes;
                all.extend(errors);
                let diagnostics = report(all, &old.warnings, dirty);
                let kept = state.map(|render| old.rest(*old_site, render));
                Failed {
                    diagnostics,
                    kept,
                    hashes,
                }
            }
            Origin::Templates { old, dirty, .. } => {
                let diagnostics = report(errors, &old.warnings, dirty);
                let kept = state.map(|render| old.rest(self.site, render));
                Failed {
                    diagnostics,
                    kept,
                    hashes,
                }
            }
        }
    }

    /// What a successful run leaves, with its report. `warnings`: those
    /// the renderer found (images); `in_place`: whether the search index
    /// and the whole-site files were left behind.
    fn ran(
        self,
        render: RenderState,
        warnings: Vec<Diagnostic>,
        (assets, search): (Assets, Value),
        done: Done,
        in_place: bool,
    ) -> Ran {
        let site = self.site;
        let (scope, warnings, behind, generated_behind) = match self.from {
            Origin::Scratch { .. } => {
                let mut all = self.warnings;
                all.extend(warnings);
                let behind = if in_place {
                    site.languages().iter().cloned().collect()
                } else {
                    BTreeSet::new()
                };
                (Scope::Full, all.sorted(), behind, in_place)
            }
            Origin::Edit {
                old,
                changed,
                notes,
                dirty,
                ..
            } => {
                let mut all = Diagnostics::new();
                all.extend(
                    old.warnings
                        .into_iter()
                        .filter(|w| !dirty.contains(&w.file)),
                );
                all.extend(notes);
                // Images of the edited pages.
                all.extend(warnings.into_iter().filter(|w| dirty.contains(&w.file)));
                let behind = changed
                    .iter()
                    .map(|&i| site.pages[i].doc.lang.clone())
                    .collect();
                (Scope::Pages, all.sorted(), behind, true)
            }
            Origin::Templates { old, .. } => {
                (Scope::Templates, old.warnings, BTreeSet::new(), false)
            }
        };
        Ran {
            kept: Kept {
                site,
                render,
                assets,
                search,
                jobs: done.jobs,
                warnings,
            },
            scope,
            rendered: done.rendered,
            written: done.written,
            fresh: !in_place,
            behind,
            generated_behind,
        }
    }
}

impl Parts {
    fn rest(self, site: Site, render: RenderState) -> Box<Kept> {
        Box::new(Kept {
            site,
            render,
            assets: self.assets,
            search: self.search,
            jobs: self.jobs,
            warnings: self.warnings,
        })
    }
}

/// A failed run's report: its errors and the warnings of the site, but
/// those of the files saved since (they come again with their errors).
fn report(
    errors: Vec<Diagnostic>,
    warnings: &Diagnostics,
    dirty: &BTreeSet<PathBuf>,
) -> Diagnostics {
    let mut all = Diagnostics::new();
    all.extend(errors);
    all.extend(
        warnings
            .iter()
            .filter(|w| !dirty.contains(&w.file))
            .cloned(),
    );
    all
}
