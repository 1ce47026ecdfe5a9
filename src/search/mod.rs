//! Search glue between the site build and the `search-index` crate.
//!
//! The build calls [`write_assets`] once (the browser side: UI script,
//! worker, wasm engine — compiled from `search-index` by this crate's
//! `build.rs` and embedded in the binary, so every site gets the engine of
//! the binary that built it) and [`write_index`] once per language. Every
//! file gets a content-hashed name, except each language's small
//! `manifest.json`, which names the hashed index files. What a page gives
//! the index is decided in [`documents`].

mod documents;

use std::fmt;
use std::path::{Path, PathBuf};

use serde::Serialize;

pub use documents::{facet_labels, index_language, replace_index, search_documents};
pub use search_index::{FacetLabels, IndexStats, SearchDocument};

const DIST_WASM: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/academie_search_bg.wasm"));
/// The module gzipped (zopfli, by build.rs), under a `.bin` name so that
/// no host adds a `Content-Encoding` to it: the worker inflates it itself
/// when the page came from a host that compresses with nothing better than
/// gzip (search-index/js/search-ui.js says how it tells).
const DIST_WASM_PACKED: &[u8] =
    include_bytes!(concat!(env!("OUT_DIR"), "/academie_search_bg.wasm.gz"));
const DIST_GLUE: &str = include_str!(concat!(env!("OUT_DIR"), "/academie_search.js"));
const DIST_WORKER: &str = include_str!("../../search-index/js/worker.js");
const DIST_UI: &str = include_str!("../../search-index/js/search-ui.js");
const DIST_CSS: &[u8] = include_bytes!("../../search-index/js/search.css");

/// Folder of the search files in the output.
pub const DIR: &str = "search";

/// What templates get as the variable `search`.
#[derive(Debug, Clone, Serialize)]
pub struct SearchAssets {
    /// The UI script (`<script type="module">`), loaded on every page.
    pub script_url: String,
    /// The module worker that runs the engine.
    pub worker_url: String,
    /// Stylesheet of results and facets (injected when the search starts).
    pub css_url: String,
    pub wasm_url: String,
    /// Prefix of the per-language indexes: `{index_base}{lang}/manifest.json`.
    pub index_base: String,
}

/// A failure of the search build, with what was being done and where.
#[derive(Debug)]
pub enum SearchError {
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    Index {
        lang: String,
        message: String,
    },
}

impl fmt::Display for SearchError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SearchError::Io { path, source } => {
                write!(f, "{}: cannot write search file: {source}", path.display())
            }
            SearchError::Index { lang, message } => {
                write!(f, "search index ({lang}): {message}")
            }
        }
    }
}

impl std::error::Error for SearchError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            SearchError::Io { source, .. } => Some(source),
            SearchError::Index { .. } => None,
        }
    }
}

/// A script of ours without its comments and indentation (`minifier`: it
/// drops what the tokens do not need and renames nothing). The worker and
/// the engine's glue are on the path of every first query, and comments
/// were a third of the worker's weight gzipped. A script it cannot read
/// is shipped as it is (a test checks it reads ours).
fn minified(js: &str) -> String {
    match minifier::js::minify(js) {
        Ok(m) => m.to_string(),
        Err(_) => js.to_string(),
    }
}

fn hashed(name: &str, bytes: &[u8]) -> String {
    let h = &search_index::content_hash(bytes)[..12];
    match name.rsplit_once('.') {
        Some((stem, ext)) => format!("{stem}.{h}.{ext}"),
        None => format!("{name}.{h}"),
    }
}

/// Writes the browser side of the search into `out_dir/search/` and returns
/// the URLs the templates need. `base_path` is the site's path prefix
/// (`/` or `/academie/`).
pub fn write_assets(out_dir: &Path, base_path: &str) -> Result<SearchAssets, SearchError> {
    let dir = out_dir.join(DIR);
    std::fs::create_dir_all(&dir).map_err(|source| SearchError::Io {
        path: dir.clone(),
        source,
    })?;
    let write = |name: &str, bytes: &[u8]| -> Result<String, SearchError> {
        let file = hashed(name, bytes);
        let path = dir.join(&file);
        std::fs::write(&path, bytes).map_err(|source| SearchError::Io { path, source })?;
        Ok(file)
    };
    let wasm = write("academie_search_bg.wasm", DIST_WASM)?;
    let packed = write("academie_search_bg.bin", DIST_WASM_PACKED)?;
    let glue = write("academie_search.js", minified(DIST_GLUE).as_bytes())?;
    let worker_src = minified(DIST_WORKER)
        .replace("__GLUE__", &glue)
        .replace("__WASM_PACKED__", &packed)
        .replace("__WASM__", &wasm);
    let worker = write("worker.js", worker_src.as_bytes())?;
    let ui = write("search-ui.js", minified(DIST_UI).as_bytes())?;
    let css = write("search.css", DIST_CSS)?;
    let base = if base_path.ends_with('/') {
        base_path.to_string()
    } else {
        format!("{base_path}/")
    };
    let url = |f: &str| format!("{base}{DIR}/{f}");
    Ok(SearchAssets {
        script_url: url(&ui),
        worker_url: url(&worker),
        css_url: url(&css),
        wasm_url: url(&wasm),
        index_base: format!("{base}{DIR}/"),
    })
}

/// Indexes the documents of one language into `out_dir/search/<lang>/`
/// (four files: `manifest.json`, `index.<hash>.bin`, `preload.<hash>.bin`,
/// `facets.<hash>.bin`).
pub fn write_index(
    out_dir: &Path,
    lang: &str,
    docs: Vec<SearchDocument>,
    synonyms: &[Vec<String>],
    labels: &FacetLabels,
) -> Result<IndexStats, SearchError> {
    let dir = out_dir.join(DIR).join(lang);
    search_index::write_index(&dir, lang, docs, synonyms, labels).map_err(|e| {
        if e.kind() == std::io::ErrorKind::Other {
            SearchError::Index {
                lang: lang.to_string(),
                message: e.to_string(),
            }
        } else {
            SearchError::Io {
                path: dir,
                source: e,
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Our scripts go through the minifier (none falls back to its
    /// source) and keep what makes them work: the placeholders the build
    /// fills in, the regular expressions, the strings.
    #[test]
    fn our_scripts_are_minified() {
        for (name, js) in [
            ("glue", DIST_GLUE),
            ("worker", DIST_WORKER),
            ("ui", DIST_UI),
        ] {
            assert!(minifier::js::minify(js).is_ok(), "{name}");
            let m = minified(js);
            assert!(
                m.len() < js.len() * 9 / 10,
                "{name}: {} -> {}",
                js.len(),
                m.len()
            );
            assert!(!m.contains("\n//"), "{name} keeps a comment");
        }
        let worker = minified(DIST_WORKER);
        for kept in [
            "__GLUE__",
            "__WASM_PACKED__",
            "__WASM__",
            "multipart\\/byteranges",
        ] {
            assert!(worker.contains(kept), "{kept}");
        }
    }
}
