//! From the site to the search engine: what each page gives the index
//! (its title, summary, body text, facets) and the labels of the facets.

use std::path::Path;

use crate::content::{Collection, Fields};
use crate::diagnostics::Diagnostic;
use crate::site::{Page, Site};

use super::{FacetLabels, SearchDocument};

/// What the search engine indexes for `lang`: every page listed in it.
/// `body_text` gives the plain text of a page's rendered body.
pub fn search_documents<'r>(
    site: &Site,
    body_text: impl Fn(&Page) -> &'r str,
    lang: &str,
) -> Vec<SearchDocument> {
    let mut docs = Vec::new();
    for c in Collection::ALL {
        for page in site.listed(c, lang) {
            let doc = &page.doc;
            if !doc.search {
                continue;
            }
            let mut body = String::new();
            if let Fields::Ambassador(a) = &doc.fields {
                body.push_str(&format!("{}\n{}\n", a.role, a.organisation));
            }
            if let Fields::UseCase(u) = &doc.fields {
                body.push_str(&format!("{}\n", u.organisation));
                if let Some(s) = &u.solution {
                    body.push_str(&format!("{}\n", s.name));
                }
            }
            body.push_str(body_text(page));
            docs.push(SearchDocument {
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
                tags: match &doc.fields {
                    Fields::Module(m) => m.tags.clone(),
                    Fields::UseCase(u) => u.tags.clone(),
                    _ => Vec::new(),
                },
                fictional: doc.fictional(),
            });
        }
    }
    docs
}

/// Labels of every facet value in `lang`, and of the page types.
pub fn facet_labels(site: &Site, lang: &str) -> FacetLabels {
    let mut labels = FacetLabels::new();
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

/// Indexes `docs`, the documents of `lang`, into `out/search/<lang>/`,
/// with the site's synonyms and facet labels. For a folder nobody reads
/// yet (a staging folder); see [`replace_index`] for a served one.
pub fn index_language(
    site: &Site,
    lang: &str,
    docs: Vec<SearchDocument>,
    out: &Path,
) -> Result<(), Diagnostic> {
    super::write_index(
        out,
        lang,
        docs,
        site.synonyms.get(lang).map_or(&[], Vec::as_slice),
        &facet_labels(site, lang),
    )
    .map(|_| ())
    .map_err(|e| Diagnostic::error(out, e.to_string()))
}

/// Replaces the index of `lang` in the output folder `out`, which a
/// browser may be reading: the index is made in a scratch folder beside
/// it, then its files are moved in (the content-hashed files first, the
/// manifest naming them last) and the previous index's files removed.
/// Returns the number of files moved.
pub fn replace_index(
    site: &Site,
    lang: &str,
    docs: Vec<SearchDocument>,
    out: &Path,
) -> Result<usize, Diagnostic> {
    let parent = out.parent().unwrap_or(Path::new("."));
    let scratch = tempfile::Builder::new()
        .prefix(".academie-search-")
        .tempdir_in(parent)
        .map_err(|e| Diagnostic::error(parent, format!("cannot write: {e}")))?;
    index_language(site, lang, docs, scratch.path())?;
    let rel = Path::new(super::DIR).join(lang);
    let from = scratch.path().join(&rel);
    let to = out.join(&rel);
    let mut names: Vec<String> = std::fs::read_dir(&from)
        .map_err(|e| Diagnostic::error(&from, format!("cannot read: {e}")))?
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
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
