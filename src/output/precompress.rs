//! `academie build --precompress`: a gzip copy (`page.html.gz`) and a
//! brotli copy (`page.html.br`) beside every text file of the output and
//! the search module.
//!
//! Why: some hosts serve files as they are unless a compressed copy sits
//! beside them. GitLab Pages compresses nothing itself and serves `.br` and
//! `.gz` copies when the browser accepts them; nginx does the same with
//! `gzip_static` and `brotli_static`, Caddy with `precompressed`. Without
//! them, every page and script goes uncompressed, and the search module
//! comes as its gzipped copy (about 112 KB, see `src/search/mod.rs`)
//! instead of 102 KB with brotli.
//!
//! Left out: images and fonts (already compressed), the search index's
//! binary files (its preload and facet table are gzipped by the index
//! writer; the index file is read by byte ranges, which a host cannot
//! answer from a compressed copy), and files too small to gain anything.
//! Each copy is kept only when smaller than the file. Both formats give
//! the same bytes for the same input (gzip's header carries no time or
//! name), so a build stays reproducible.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::io_error;
use crate::diagnostics::Diagnostic;

/// The extensions of the files compressed.
const COMPRESSED: &[&str] = &[
    "html",
    "css",
    "js",
    "mjs",
    "json",
    "xml",
    "svg",
    "txt",
    "wasm",
    "webmanifest",
    "csv",
];

/// Files smaller than this are sent as they are (a compressed copy would
/// save less than a packet).
const SMALLEST: u64 = 1024;

/// Brotli's best quality, for the few files every visitor loads (the
/// search module, scripts, stylesheets), and a faster one for pages:
/// quality 11 takes ten times as long for a few percent less.
const BROTLI_BEST: i32 = 11;
const BROTLI_PAGES: i32 = 9;
/// Brotli's largest usual window (4 MiB).
const BROTLI_WINDOW: i32 = 22;
/// The extensions compressed at [`BROTLI_BEST`].
const SHARED: &[&str] = &["wasm", "js", "mjs", "css"];

/// Writes the compressed copies of the files of `dir` (recursively).
pub fn folder(dir: &Path) -> Result<(), Vec<Diagnostic>> {
    let files: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter(|e| e.metadata().is_ok_and(|m| m.len() >= SMALLEST))
        .map(walkdir::DirEntry::into_path)
        .filter(|p| has_extension(p, COMPRESSED))
        .collect();
    let errors: Vec<Diagnostic> = files
        .par_iter()
        .filter_map(|path| copies(path).err())
        .collect();
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

/// Whether a file's extension is one of `extensions`.
fn has_extension(path: &Path, extensions: &[&str]) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| extensions.contains(&e))
}

/// Writes `path.gz` and `path.br`, each when smaller than the file.
fn copies(path: &Path) -> Result<(), Diagnostic> {
    let bytes = std::fs::read(path).map_err(|e| io_error(path, "cannot read", e))?;
    let quality = if has_extension(path, SHARED) {
        BROTLI_BEST
    } else {
        BROTLI_PAGES
    };
    for (ext, compressed) in [
        ("gz", search_index::writer::gzip(&bytes)),
        ("br", brotli(&bytes, quality)),
    ] {
        let compressed = compressed.map_err(|e| io_error(path, "cannot compress", e))?;
        if compressed.len() < bytes.len() {
            let mut name = path.as_os_str().to_owned();
            name.push(".");
            name.push(ext);
            let copy = PathBuf::from(name);
            std::fs::write(&copy, compressed).map_err(|e| io_error(&copy, "cannot write", e))?;
        }
    }
    Ok(())
}

fn brotli(bytes: &[u8], quality: i32) -> std::io::Result<Vec<u8>> {
    let params = brotli::enc::BrotliEncoderParams {
        quality,
        lgwin: BROTLI_WINDOW,
        ..Default::default()
    };
    let mut out = Vec::with_capacity(bytes.len() / 3);
    brotli::BrotliCompress(&mut &bytes[..], &mut out, &params)?;
    Ok(out)
}
