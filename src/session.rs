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

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::output::{self, Hashes};
use crate::pipeline::{self, load, BuildOptions, Kept, Output, Plan};
use crate::search::SearchDocument;
use crate::site::Site;

pub use crate::pipeline::Scope;

/// What changed in the sources since the last rebuild.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SourceChange {
    /// An existing file was saved; path as shown to users (relative to the
    /// site root).
    Edited(PathBuf),
    /// Anything else: a file added, deleted or renamed, or an unknown change.
    Other,
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
    kept: Box<Kept>,
    /// Output file (relative path) → hash of its bytes, for every file the
    /// session wrote, except the search engine's and those
    /// [`Session::finish`] writes.
    files: Hashes,
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
        // The first build replaces the output folder; later ones update it
        // in place.
        let (plan, output) = match self.last.take() {
            None => (
                Plan::Everything { previous: None },
                Output::Staging { track: true },
            ),
            Some(last) => {
                let plan = match self.plan(last.kept) {
                    Ok(plan) => plan,
                    Err((kept, errors)) => {
                        let report = failure(errors, &kept, &self.dirty);
                        self.last = Some(Last {
                            kept,
                            files: last.files,
                        });
                        return Err(report);
                    }
                };
                (plan, Output::InPlace(last.files))
            }
        };
        match pipeline::run(&self.opts, plan, output) {
            Ok(ran) => {
                if ran.fresh {
                    self.pending = Pending::default();
                }
                self.pending.languages.extend(ran.behind);
                self.pending.generated |= ran.generated_behind;
                self.last = Some(Last {
                    kept: Box::new(ran.kept),
                    files: ran.written.hashes,
                });
                self.dirty.clear();
                self.structural = false;
                Ok(Rebuild {
                    scope: ran.scope,
                    rendered: ran.rendered,
                    written: ran.written.written,
                    elapsed: start.elapsed(),
                    warnings: self
                        .last
                        .as_ref()
                        .map(|l| l.kept.warnings.clone())
                        .unwrap_or_default(),
                })
            }
            Err(failed) => {
                match failed.kept.zip(failed.hashes) {
                    Some((kept, files)) => self.last = Some(Last { kept, files }),
                    // What the output folder holds is no longer known:
                    // the next build starts afresh.
                    None => self.structural = true,
                }
                Err(failed.diagnostics)
            }
        }
    }

    /// The plan for the files saved since the last good build, `kept`:
    /// the pages showing them, the pages using a saved template, or
    /// everything. A saved file with errors gives them back with `kept`.
    fn plan(&self, kept: Box<Kept>) -> Result<Plan<'_>, (Box<Kept>, Vec<Diagnostic>)> {
        if self.structural {
            return Ok(Plan::Everything {
                previous: Some(kept),
            });
        }
        let names: Vec<String> = self
            .dirty
            .iter()
            .filter_map(|p| load::template_name(&kept.site, p))
            .collect();
        if !names.is_empty() {
            if names.len() != self.dirty.len() {
                return Ok(Plan::Everything {
                    previous: Some(kept),
                });
            }
            return Ok(Plan::Templates {
                kept,
                names,
                dirty: &self.dirty,
            });
        }
        match load::reparse(&self.opts.root, &kept.site, &self.dirty) {
            None => Ok(Plan::Everything {
                previous: Some(kept),
            }),
            Some(Err(errors)) => Err((kept, errors)),
            Some(Ok((docs, notes))) => Ok(Plan::Edited {
                kept,
                docs,
                notes,
                dirty: &self.dirty,
            }),
        }
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
        let kept = &last.kept;
        let search: Vec<(String, Vec<SearchDocument>)> = pending
            .languages
            .iter()
            .map(|lang| {
                let docs =
                    crate::search::search_documents(&kept.site, |p| kept.render.body_text(p), lang);
                (lang.clone(), docs)
            })
            .collect();
        if pending.generated {
            // Written elsewhere from now on: a later full rebuild must not
            // trust the hashes recorded for them.
            let site = &kept.site;
            last.files
                .retain(|f, _| !output::generated::is_generated(site, f));
        }
        Some(Deferred {
            site: kept.site.clone(),
            search,
            generated: pending.generated,
            out: self.opts.output_dir(),
        })
    }
}

/// A failed rebuild's report: its errors and the warnings of the site,
/// but those of the files saved since (they come again with their errors).
fn failure(errors: Vec<Diagnostic>, kept: &Kept, dirty: &BTreeSet<PathBuf>) -> Diagnostics {
    let mut all = Diagnostics::new();
    all.extend(errors);
    all.extend(
        kept.warnings
            .iter()
            .filter(|w| !dirty.contains(&w.file))
            .cloned(),
    );
    all
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
            for (rel, bytes) in output::generated::files(&self.site) {
                match output::writer::write_if_changed(&self.out, &rel, &bytes) {
                    Ok(wrote) => written += usize::from(wrote),
                    Err(d) => problems.push(d),
                }
            }
        }
        for (lang, docs) in self.search {
            match crate::search::replace_index(&self.site, &lang, docs, &self.out) {
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
