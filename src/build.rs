//! One build, from a site root to an output folder: the stages in order.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::PathBuf;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::content::Collection;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::output::{self, Staging};
use crate::render::{self, Assets, Job, Renderer};
use crate::site::{LoadOptions, Page, Site};

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
        }
    }

    pub fn output_dir(&self) -> PathBuf {
        self.output
            .clone()
            .unwrap_or_else(|| self.root.join("public"))
    }
}

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
    if !opts.check_only {
        output::remove_leftovers(&opts.output_dir());
    }
    let (site, mut warnings) = load_site(opts)?;
    let fail = |mut diags: Diagnostics, more: Vec<Diagnostic>, warnings: &Diagnostics| {
        diags.extend(more);
        diags.extend(warnings.clone());
        diags
    };

    let staging = if opts.check_only {
        None
    } else {
        Some(
            Staging::new(&opts.output_dir())
                .map_err(|d| fail(Diagnostics::new(), vec![d], &warnings))?,
        )
    };

    // Theme assets, fingerprinted so browsers may cache them for ever.
    let static_files = output::static_files(&site.static_dirs);
    let (assets, mut to_write) = theme_assets(&site, &static_files);
    // The search engine's files: in the staging folder, or for a check in a
    // scratch folder (templates still need their URLs).
    let scratch = if staging.is_none() {
        tempfile::tempdir().ok()
    } else {
        None
    };
    let search_dir = staging
        .as_ref()
        .map(|s| s.dir().to_path_buf())
        .or_else(|| scratch.as_ref().map(|t| t.path().to_path_buf()));
    let search_assets = match &search_dir {
        Some(dir) => {
            let a = crate::search::write_assets(dir, site.routes.base_path()).map_err(|e| {
                fail(
                    Diagnostics::new(),
                    vec![Diagnostic::error(opts.output_dir(), e.to_string())],
                    &warnings,
                )
            })?;
            serde_json::to_value(a).unwrap_or_default()
        }
        None => serde_json::Value::Null,
    };

    // Images: a check reads them; a build also makes their variants,
    // reusing those of the previous output (named by the source's hash).
    let image_options = render::images::ImageOptions {
        encode: !opts.check_only,
        cache: Some(opts.output_dir()).filter(|d| d.is_dir()),
        ..Default::default()
    };
    let renderer = Renderer::with_images(
        &site,
        &known_files(&static_files, &to_write),
        &assets,
        &search_assets,
        image_options,
    )
    .map_err(|d| fail(Diagnostics::new(), d, &warnings))?;
    warnings.extend(renderer.warnings());

    // Every page, checked for clashing URLs, rendered in parallel.
    let jobs = renderer.jobs();
    let diags = check_urls(&site, &renderer, &jobs);
    if !diags.is_empty() {
        return Err(fail(Diagnostics::new(), diags, &warnings));
    }
    let bar = progress_bar(opts.progress && jobs.len() > 300, jobs.len() as u64);
    let errors: Vec<Diagnostic> = jobs
        .par_iter()
        .filter_map(|job| {
            let result = renderer.render(job).and_then(|html| match &staging {
                Some(s) => s.write(&site.routes.file_of(&renderer.url_of(job)), html.as_bytes()),
                None => Ok(()),
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
    if !errors.is_empty() {
        return Err(fail(Diagnostics::new(), dedupe(errors), &warnings));
    }

    let mut pages: BTreeMap<(String, Collection), usize> = BTreeMap::new();
    for p in &site.pages {
        *pages
            .entry((p.doc.lang.clone(), p.doc.id.collection))
            .or_default() += 1;
    }
    let mut output_path = None;
    if let Some(staging) = staging {
        to_write.extend(
            static_copies(&static_files)
                .map_err(|d| fail(Diagnostics::new(), vec![d], &warnings))?,
        );
        to_write.extend(generated_files(&site));
        to_write.extend(renderer.image_files());
        let errors: Vec<Diagnostic> = site
            .languages()
            .par_iter()
            .filter_map(|lang| {
                let docs = search_documents(&site, |p| renderer.body_text(p), lang);
                crate::search::write_index(
                    staging.dir(),
                    lang,
                    docs,
                    site.synonyms.get(lang).map_or(&[], Vec::as_slice),
                    &facet_labels(&site, lang),
                )
                .err()
                .map(|e| Diagnostic::error(opts.output_dir(), e.to_string()))
            })
            .collect();
        if !errors.is_empty() {
            return Err(fail(Diagnostics::new(), errors, &warnings));
        }
        let errors: Vec<Diagnostic> = to_write
            .par_iter()
            .filter_map(|(rel, bytes)| staging.write(rel, bytes).err())
            .collect();
        if !errors.is_empty() {
            return Err(fail(Diagnostics::new(), errors, &warnings));
        }
        output_path = Some(
            staging
                .commit()
                .map_err(|d| fail(Diagnostics::new(), vec![d], &warnings))?,
        );
    }
    warnings = warnings.sorted();
    Ok(BuildReport {
        pages,
        rendered: jobs.len(),
        warnings,
        elapsed: start.elapsed(),
        output: output_path,
        languages: site.languages().to_vec(),
    })
}

/// What the search engine indexes for `lang`: every page listed in it.
/// `body_text` gives the plain text of a page's rendered body.
pub fn search_documents<'r>(
    site: &Site,
    body_text: impl Fn(&Page) -> &'r str,
    lang: &str,
) -> Vec<crate::search::SearchDocument> {
    let mut docs = Vec::new();
    for c in Collection::ALL {
        for page in site.listed(c, lang) {
            let doc = &page.doc;
            if !doc.search {
                continue;
            }
            let mut body = String::new();
            if let crate::content::Fields::Ambassador(a) = &doc.fields {
                body.push_str(&format!("{}\n{}\n", a.role, a.organisation));
            }
            if let crate::content::Fields::UseCase(u) = &doc.fields {
                body.push_str(&format!("{}\n", u.organisation));
                if let Some(s) = &u.solution {
                    body.push_str(&format!("{}\n", s.name));
                }
            }
            body.push_str(body_text(page));
            docs.push(crate::search::SearchDocument {
                id: doc.id.to_string(),
                kind: c.dir().to_owned(),
                title: doc.title.clone(),
                summary: doc.summary.clone().unwrap_or_default(),
                body,
                url: page.url.clone(),
                facets: doc
                    .facets()
                    .into_iter()
                    .map(|(f, k)| (f.to_owned(), k.to_owned()))
                    .collect(),
                fictional: doc.fictional(),
            });
        }
    }
    docs
}

/// Labels of every facet value in `lang`, and of the page types.
pub fn facet_labels(site: &Site, lang: &str) -> crate::search::FacetLabels {
    let mut labels = crate::search::FacetLabels::new();
    for vocabulary in crate::taxonomy::Vocabulary::ALL {
        if let Some(v) = site.taxonomies.get(vocabulary) {
            labels.insert(
                vocabulary.facet().to_owned(),
                v.keys()
                    .map(|k| (k.to_owned(), site.taxonomies.label(vocabulary, k, lang)))
                    .collect(),
            );
        }
    }
    labels.insert(
        "type".to_owned(),
        Collection::ALL
            .iter()
            .map(|c| {
                (
                    c.dir().to_owned(),
                    site.strings
                        .get(lang, &format!("collection_{}", c.key()))
                        .to_owned(),
                )
            })
            .collect(),
    );
    labels
}

/// Loads the site model. When its files have errors, the templates and
/// body links are still checked, so that one run reports every mistake.
pub(crate) fn load_site(opts: &BuildOptions) -> Result<(Site, Diagnostics), Diagnostics> {
    let load = LoadOptions {
        drafts: opts.drafts,
        base_url: opts.base_url.clone(),
    };
    let (site, mut warnings) = Site::load(&opts.root, &load)?;
    if warnings.has_errors() {
        let known: HashSet<String> = output::static_files(&site.static_dirs)
            .into_keys()
            .collect();
        let read_only = render::images::ImageOptions {
            encode: false,
            ..Default::default()
        };
        if let Err(more) = Renderer::with_images(
            &site,
            &known,
            &Assets::default(),
            &serde_json::Value::Null,
            read_only,
        ) {
            warnings.extend(more);
        }
        return Err(warnings);
    }
    Ok((site, warnings))
}

/// The files a body may link to besides pages: the static files and the
/// theme's fingerprinted assets.
pub(crate) fn known_files(
    static_files: &BTreeMap<String, PathBuf>,
    assets: &[(String, Vec<u8>)],
) -> HashSet<String> {
    static_files
        .keys()
        .cloned()
        .chain(assets.iter().map(|(f, _)| f.clone()))
        .collect()
}

/// The theme's stylesheet and script and the highlighting stylesheet,
/// fingerprinted: their URLs for the templates and their files.
pub(crate) fn theme_assets(
    site: &Site,
    static_files: &BTreeMap<String, PathBuf>,
) -> (Assets, Vec<(String, Vec<u8>)>) {
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    let mut asset = |name: &str, bytes: Vec<u8>| -> String {
        let file = output::fingerprinted(name, &bytes);
        files.push((file.clone(), bytes));
        format!("{}{file}", site.routes.base_path())
    };
    let read = |name: &str| {
        static_files
            .get(name)
            .and_then(|p| crate::theme::read(p).ok())
            .map(std::borrow::Cow::into_owned)
            .unwrap_or_default()
    };
    let assets = Assets {
        style: asset("style.css", read("style.css")),
        highlight: asset(
            "highlight.css",
            render::highlight::stylesheet().into_bytes(),
        ),
        script: asset("site.js", read("site.js")),
        brand: (!site.config.brand.is_empty()).then(|| {
            asset(
                "brand.css",
                crate::brand::stylesheet(&site.config.brand).into_bytes(),
            )
        }),
    };
    (assets, files)
}

/// The other files of the static folders, copied as they are.
pub(crate) fn static_copies(
    static_files: &BTreeMap<String, PathBuf>,
) -> Result<Vec<(String, Vec<u8>)>, Diagnostic> {
    let mut out = Vec::new();
    for (rel, abs) in static_files {
        if rel == "style.css" || rel == "site.js" {
            continue;
        }
        let bytes = crate::theme::read(abs)
            .map_err(|e| Diagnostic::error(abs, format!("cannot read: {e}")))?;
        out.push((rel.clone(), bytes.into_owned()));
    }
    Ok(out)
}

/// Files made from the whole site rather than one page: sitemap.xml,
/// robots.txt, the feeds and the open-data exports.
pub(crate) fn generated_files(site: &Site) -> Vec<(String, Vec<u8>)> {
    let permalink = |url: &str| {
        format!(
            "{}/{}",
            site.config.base_url,
            url.strip_prefix(site.routes.base_path())
                .unwrap_or(url.trim_start_matches('/'))
        )
    };
    let mut out = Vec::new();
    let extra: Vec<String> = site
        .languages()
        .iter()
        .flat_map(|l| {
            [
                Collection::Modules,
                Collection::UseCases,
                Collection::Ambassadors,
            ]
            .map(|c| site.routes.collection(c, l))
            .into_iter()
            .chain([site.routes.home(l), site.routes.sitemap(l)])
        })
        .collect();
    out.push((
        "sitemap.xml".into(),
        output::sitemap::sitemap_xml(site, &permalink, &extra).into_bytes(),
    ));
    out.push((
        "robots.txt".into(),
        output::sitemap::robots_txt(&permalink(&format!(
            "{}sitemap.xml",
            site.routes.base_path()
        )))
        .into_bytes(),
    ));
    for lang in site.languages() {
        let feed = site.routes.feed(lang);
        out.push((
            site.routes.file_of(&feed),
            output::feeds::atom(site, lang, &permalink).into_bytes(),
        ));
    }
    out.extend(output::export::files(site));
    out
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
pub(crate) fn dedupe(errors: Vec<Diagnostic>) -> Vec<Diagnostic> {
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
