//! The render stage: jobs checked for clashing URLs, rendered in parallel
//! and handed to the writer.

use std::collections::HashMap;
use std::path::PathBuf;

use rayon::prelude::*;

use crate::diagnostics::Diagnostic;
use crate::output::OutputWriter;
use crate::render::{Job, Renderer};
use crate::site::Site;

/// Renders `jobs` in parallel, each page handed to `writer` as soon as it
/// is rendered. Returns the errors, one per template mistake.
pub(crate) fn render_jobs(
    site: &Site,
    renderer: &Renderer,
    jobs: &[Job],
    writer: &OutputWriter,
    progress: bool,
) -> Result<(), Vec<Diagnostic>> {
    let bar = progress_bar(progress && jobs.len() > 300, jobs.len() as u64);
    let errors: Vec<Diagnostic> = jobs
        .par_iter()
        .filter_map(|job| {
            let result = renderer.render(job).and_then(|html| {
                writer.write(
                    &site.routes.file_of(&renderer.url_of(job)),
                    html.into_bytes(),
                )
            });
            if let Some(b) = &bar {
                b.inc(1);
            }
            result.err()
        })
        .collect();
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(dedupe(errors))
    }
}

/// Two jobs must not write the same URL.
pub(crate) fn check_urls(site: &Site, renderer: &Renderer, jobs: &[Job]) -> Vec<Diagnostic> {
    let mut seen: HashMap<String, &Job> = HashMap::new();
    let mut diags = Vec::new();
    for job in jobs {
        let url = renderer.url_of(job);
        if let Some(other) = seen.insert(url.clone(), job) {
            diags.push(
                Diagnostic::error(
                    describe_job(site, job),
                    format!(
                        "{url} is produced twice (also by {})",
                        describe_job(site, other).display()
                    ),
                )
                .with_help("give one of the pages another `slug:`"),
            );
        }
    }
    diags
}

/// One template error repeats on every page it renders: keep one.
fn dedupe(errors: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let mut unique: Vec<Diagnostic> = Vec::new();
    for e in errors {
        if !unique.iter().any(|u| u.same_problem(&e)) {
            unique.push(e);
        }
    }
    unique
}

fn describe_job(site: &Site, job: &Job) -> PathBuf {
    match job {
        Job::Page(i) => site.pages[*i].doc.path.clone(),
        other => PathBuf::from(format!("{other:?}")),
    }
}

fn progress_bar(show: bool, len: u64) -> Option<indicatif::ProgressBar> {
    use std::io::IsTerminal;
    if !show || !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = indicatif::ProgressBar::new(len);
    if let Ok(style) = indicatif::ProgressStyle::with_template(
        "{spinner} rendering {pos}/{len} pages {wide_bar} {eta}",
    ) {
        bar.set_style(style);
    }
    Some(bar)
}
