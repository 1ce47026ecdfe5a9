//! `academie build` and `academie check`: the [pipeline](crate::pipeline)
//! with every job, into a staging folder swapped in at the end (or into
//! nothing, for a check).

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use crate::content::Collection;
use crate::diagnostics::Diagnostics;
use crate::pipeline::{self, Output, Plan};

pub use crate::pipeline::BuildOptions;

/// What a successful build did.
#[derive(Debug)]
pub struct BuildReport {
    /// Published page translations per language and collection.
    pub pages: BTreeMap<(String, Collection), usize>,
    /// HTML files rendered (pages, listings, facet pages…).
    pub rendered: usize,
    pub warnings: Diagnostics,
    pub elapsed: Duration,
    /// Where the site was written (`None` for a check).
    pub output: Option<PathBuf>,
    pub languages: Vec<String>,
}

/// Builds the site described by `opts`. On error, the output folder is
/// left as it was and every diagnostic found is returned.
pub fn build(opts: &BuildOptions) -> Result<BuildReport, Diagnostics> {
    let start = Instant::now();
    let output = if opts.check_only {
        Output::Nowhere
    } else {
        // Before anything else, so that even a build that then fails on
        // its content leaves the output folder as the last good build
        // made it.
        crate::output::remove_leftovers(&opts.output_dir());
        Output::Staging { track: false }
    };
    let ran = pipeline::run(opts, Plan::Everything { previous: None }, output)
        .map_err(|failed| failed.diagnostics)?;
    let site = &ran.kept.site;
    let mut pages: BTreeMap<(String, Collection), usize> = BTreeMap::new();
    for p in &site.pages {
        *pages
            .entry((p.doc.lang.clone(), p.doc.id.collection))
            .or_default() += 1;
    }
    Ok(BuildReport {
        pages,
        rendered: ran.rendered,
        languages: site.languages().to_vec(),
        warnings: ran.kept.warnings,
        elapsed: start.elapsed(),
        output: ran.written.output,
    })
}
