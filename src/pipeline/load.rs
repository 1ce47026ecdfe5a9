//! The first stages: the site's files loaded, validated and resolved into
//! the site model — the whole site, or the files an editor saved.

use std::collections::{BTreeSet, HashSet};
use std::path::{Path, PathBuf};

use super::BuildOptions;
use crate::content::{self, Document, SourceFile};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::render::{self, Assets, Renderer};
use crate::site::{LoadOptions, Site};

/// Loads the site model. When its files have errors, the templates and
/// body links are still checked, so that one run reports every mistake.
pub(crate) fn load_site(opts: &BuildOptions) -> Result<(Site, Diagnostics), Diagnostics> {
    let load = LoadOptions {
        drafts: opts.drafts,
        base_url: opts.base_url.clone(),
    };
    let (site, mut warnings) = Site::load(&opts.root, &load)?;
    if warnings.has_errors() {
        let known: HashSet<String> = crate::theme::static_files(&site.static_dirs)
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

/// Documents parsed again with their warnings, or the errors found.
pub(crate) type Reparsed = Result<(Vec<Document>, Vec<Diagnostic>), Vec<Diagnostic>>;

/// The documents of the saved files `dirty`, parsed again as the full load
/// would, with their warnings. `None` when one of them is not a page of
/// `site` that a plain re-read can update (new, deleted, or from another
/// edition's layer): the whole site must be loaded again.
pub(crate) fn reparse(root: &Path, site: &Site, dirty: &BTreeSet<PathBuf>) -> Option<Reparsed> {
    let mut diags = Vec::new();
    let mut docs = Vec::new();
    for path in dirty {
        let page = site.pages.iter().find(|p| p.doc.path == *path)?;
        if page.doc.layer != 0 {
            return None;
        }
        let abs = root.join(path);
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
                    content::parse_document(&source, &text, &site.taxonomies, &mut diags)
                {
                    docs.push(doc);
                }
            }
            Err(d) => diags.push(d),
        }
    }
    if diags.iter().any(Diagnostic::is_error) {
        return Some(Err(diags));
    }
    Some(Ok((docs, diags)))
}

/// The template name of `path` (as shown to users) when it is in one of
/// the site's template folders.
pub(crate) fn template_name(site: &Site, path: &Path) -> Option<String> {
    site.template_dirs
        .iter()
        .find_map(|(_, shown)| path.strip_prefix(shown).ok())
        .map(|rel| rel.to_string_lossy().replace('\\', "/"))
}
