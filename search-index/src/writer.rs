//! Native side: builds a language's index in memory as a single segment and
//! writes it as a bundle (see [`crate::bundle`]) under `dir`:
//! `manifest.json`, `index.<hash>.bin`, `preload.<hash>.bin`,
//! `facets.<hash>.bin` — four files per language whatever the corpus size.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Serialize;
use tantivy::directory::RamDirectory;
use tantivy::index::SegmentComponent;
use tantivy::store::Compressor;
use tantivy::tokenizer::{TokenStream, Tokenizer, TokenizerManager};
use tantivy::{Directory, Index, IndexSettings, SingleSegmentIndexWriter, TantivyDocument};

use crate::bundle::{BundleDirectory, ChunkCache, ChunkRuns, Manifest, MemSource, FORMAT};
use crate::docs::{self, NativeInflate, StoredDoc};
use crate::engine::{Engine, EngineMeta};
use crate::schema::{build_schema, Fields};
use crate::{
    analysis, content_hash, facets, words, FacetLabels, Query, SearchDocument, TYPE_FACET,
};

/// Chunk size of range reads: a read fetches at most a chunk's worth of
/// bytes it does not need on each side. 32 rather than 128: at 10,000
/// pages a French first query read 2.3 KB less (postings and hits), for
/// four times as many chunks in the browser's cache.
pub const CHUNK_SIZE: u64 = 32;
/// Indexes whose search files (everything but the stored documents) are up
/// to this size are preloaded whole: the browser fetches them once
/// (gzipped, one request, in parallel with the engine) and reads no range
/// of them. The stored documents stay out of the preload: the first query
/// reads the few it shows by range, then the browser fetches the rest in
/// the background ([`PREFETCH_DOCS_BELOW`]). Measured on the bundled
/// catalogue (`bench/throttled-search.mjs`, Lighthouse's mobile
/// throttling): with the documents in the preload, the first query
/// downloaded 198 KB of index, 144 KB of it stored text no result showed;
/// without, 54 KB plus the shown hits. Above this size the extra bytes of
/// the first query would cost more than the round trips they save: range
/// reads.
pub const PRELOAD_ALL_BELOW: u64 = 256 * 1024;
/// Stored documents up to this size (their gzip members together) are
/// fetched whole in the background once the first results are shown
/// (manifest `prefetch`), so that later queries read nothing from the
/// network: on a phone network a range read costs a round trip (150 ms and
/// more), above the 100 ms a later query may take.
pub const PREFETCH_DOCS_BELOW: u64 = 256 * 1024;
/// Term dictionaries up to this size are preloaded whole; above, a query
/// fetches the blocks it reads (in one round of parallel requests).
pub const PRELOAD_DICTIONARY_BELOW: u64 = 256 * 1024;

/// tantivy's index meta file: in the bundle (it names the segment's
/// files), never read by the engine (see `engine::segment`).
const META: &str = "meta.json";

/// How a bundle is cut (the defaults are what the site build uses).
#[derive(Debug, Clone)]
pub struct BundleOptions {
    /// See [`PRELOAD_DICTIONARY_BELOW`].
    pub preload_dictionary_below: u64,
}

impl Default for BundleOptions {
    fn default() -> BundleOptions {
        BundleOptions {
            preload_dictionary_below: PRELOAD_DICTIONARY_BELOW,
        }
    }
}

/// What [`write_index`] wrote.
#[derive(Debug, Clone, Serialize)]
pub struct IndexStats {
    pub lang: String,
    pub documents: u64,
    /// Size of the concatenated index file.
    pub index_bytes: u64,
    /// Size of the preload file (gzipped), downloaded with the manifest
    /// before the first query.
    pub preload_bytes: u64,
    /// Size of the facet table (gzipped), downloaded when a query filters
    /// or counts by facet.
    pub facets_bytes: u64,
    pub manifest_bytes: u64,
    pub files: Vec<PathBuf>,
}

fn err(e: impl std::fmt::Display) -> tantivy::TantivyError {
    tantivy::TantivyError::InternalError(e.to_string())
}

/// The collection of free pages (legal notice, contributing…): ranked
/// below catalogue pages (see `crate::engine`).
pub const FREE_PAGES: &str = "pages";

/// The searchable text of a page's vocabulary values: the label of each
/// of its facet keys and of its type, in the index's language, and the
/// keys themselves where they are words (`btp`, `pme`; not region codes).
/// Synonyms of these words apply at query time like anywhere else.
pub fn labels_text(d: &SearchDocument, labels: &FacetLabels) -> String {
    let mut out = String::new();
    let type_pair = (TYPE_FACET.to_string(), d.kind.clone());
    for (facet, key) in std::iter::once(&type_pair).chain(&d.facets) {
        if let Some(l) = labels.get(facet).and_then(|m| m.get(key)) {
            out.push_str(l);
            out.push_str(" \n");
        }
        if facet != "region" && facet != TYPE_FACET {
            out.push_str(&key.replace('-', " "));
            out.push_str(" \n");
        }
    }
    for tag in &d.tags {
        out.push_str(tag);
        out.push_str(" \n");
    }
    out
}

/// The files of a bundle's index under names that depend on their content
/// only: tantivy names a segment by a random UUID (in its file names and
/// in `meta.json`), so two builds of the same pages would differ in bytes
/// and in the content-hashed name of the index file. Each segment id is
/// replaced by a hash of the segment's files (same length, hexadecimal, as
/// tantivy expects). Returns `meta.json` then the segment files, sorted.
pub fn deterministic_files(
    meta_json: &[u8],
    segment_ids: &[String],
    mut segment_files: Vec<(String, Vec<u8>)>,
) -> Result<Vec<(String, Vec<u8>)>, String> {
    let mut meta = String::from_utf8(meta_json.to_vec()).map_err(|e| e.to_string())?;
    segment_files.sort();
    for id in segment_ids {
        let mut content = Vec::new();
        for (name, data) in &segment_files {
            if name.starts_with(id.as_str()) {
                content.extend_from_slice(&name.as_bytes()[id.len()..]);
                content.extend_from_slice(data);
            }
        }
        // Two 64-bit hashes: 32 hex digits, like a UUID without dashes.
        let a = content_hash(&content);
        content.push(0xff);
        let b = content_hash(&content);
        let new_id = format!("{a}{b}");
        // meta.json writes the id as a UUID, with dashes.
        let dashed = |h: &str| {
            if h.len() != 32 {
                return h.to_string();
            }
            format!(
                "{}-{}-{}-{}-{}",
                &h[..8],
                &h[8..12],
                &h[12..16],
                &h[16..20],
                &h[20..]
            )
        };
        let (old, new) = if meta.contains(id.as_str()) {
            (id.clone(), new_id.clone())
        } else {
            (dashed(id), dashed(&new_id))
        };
        if !meta.contains(&old) {
            return Err(format!("segment {id} is not in meta.json"));
        }
        meta = meta.replace(&old, &new);
        for (name, _) in &mut segment_files {
            if name.starts_with(id.as_str()) {
                *name = format!("{new_id}{}", &name[id.len()..]);
            }
        }
    }
    segment_files.sort();
    let mut out = vec![(META.to_string(), meta.into_bytes())];
    out.extend(segment_files);
    Ok(out)
}

/// The bundle of a language, in memory.
pub struct Bundle {
    pub manifest: Manifest,
    pub index: Vec<u8>,
    pub preload: Vec<u8>,
    /// The facet table, gzipped.
    pub facets: Vec<u8>,
}

/// Gzips `bytes` at the best level, with no time or name in the header:
/// the same input gives the same bytes on every build. Also used by the
/// site build for its compressed copies (`academie build --precompress`).
pub fn gzip(bytes: &[u8]) -> std::io::Result<Vec<u8>> {
    use std::io::Write;
    let mut gz = flate2::GzBuilder::new().write(Vec::new(), flate2::Compression::best());
    gz.write_all(bytes)?;
    gz.finish()
}

/// Gzips `bytes` as small as the format allows (zopfli), for the files
/// every first query downloads whole: the preload and the facet table.
/// About 10 % smaller than [`gzip`] (the bundled catalogue's French
/// preload: 49.8 -> 44.9 KB), inflated by the same decoders, for about
/// half a second per language at the catalogue's size. Deterministic: no
/// time or name in the header.
pub fn gzip_smallest(bytes: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut out = Vec::with_capacity(bytes.len() / 2);
    zopfli::compress(
        zopfli::Options::default(),
        zopfli::Format::Gzip,
        bytes,
        &mut out,
    )?;
    Ok(out)
}

/// Indexes `docs` and returns the bundle (no file written).
pub fn build_bundle(
    lang: &str,
    mut docs: Vec<SearchDocument>,
    synonyms: &[Vec<String>],
    labels: &FacetLabels,
    options: &BundleOptions,
) -> tantivy::Result<Bundle> {
    // Deterministic document order (listings of an empty query follow it).
    docs.sort_by(|a, b| a.kind.cmp(&b.kind).then_with(|| a.id.cmp(&b.id)));
    let mut facet_set: BTreeSet<(String, String)> = BTreeSet::new();
    for d in &docs {
        facet_set.insert((TYPE_FACET.to_string(), d.kind.clone()));
        facet_set.extend(d.facets.iter().cloned());
    }
    let facets: Vec<(String, String)> = facet_set.into_iter().collect();
    let ord: BTreeMap<&(String, String), u64> = facets
        .iter()
        .enumerate()
        .map(|(i, f)| (f, i as u64))
        .collect();

    let schema = build_schema(lang);
    let f = Fields::from_schema(&schema)?;
    // Nothing is stored in tantivy's doc store (see `crate::docs`).
    let settings = IndexSettings {
        docstore_compression: Compressor::None,
        ..IndexSettings::default()
    };
    let tokenizers = TokenizerManager::default();
    analysis::register_on(&tokenizers, lang, synonyms);
    let mut w: SingleSegmentIndexWriter<TantivyDocument> = Index::builder()
        .schema(schema)
        .settings(settings)
        .tokenizers(tokenizers)
        .single_segment_index_writer(RamDirectory::create(), 64 << 20)?;
    // Facet ordinals of each document, in index order (see `facets`).
    let num_docs = docs.len();
    let mut doc_ords: Vec<Vec<u64>> = Vec::with_capacity(num_docs);
    let mut stored: Vec<StoredDoc> = Vec::with_capacity(num_docs);
    let mut demoted: Vec<u32> = Vec::new();
    // The words as written (`crate::words`), with how many documents have
    // each; the tokenizer remembers the analysis of words it has seen.
    let mut raw = analysis::PipelineTokenizer::new(analysis::Pipeline::for_language(lang, false));
    let mut word_docs: HashMap<String, u32> = HashMap::new();
    let mut doc_words: BTreeSet<String> = BTreeSet::new();
    for (n, d) in docs.into_iter().enumerate() {
        let labels_text = labels_text(&d, labels);
        let mut doc = TantivyDocument::new();
        doc.add_text(f.title, &d.title);
        doc.add_text(f.labels, &labels_text);
        doc.add_text(f.summary, &d.summary);
        doc.add_text(f.body, &d.body);
        for text in [&d.title, &labels_text, &d.summary, &d.body] {
            let mut tokens = raw.token_stream(text);
            while tokens.advance() {
                if !doc_words.contains(&tokens.token().text) {
                    doc_words.insert(tokens.token().text.clone());
                }
            }
        }
        for w in std::mem::take(&mut doc_words) {
            *word_docs.entry(w).or_default() += 1;
        }
        if d.kind == FREE_PAGES {
            demoted.push(n as u32);
        }
        let mut ords: BTreeSet<u64> = BTreeSet::new();
        ords.insert(ord[&(TYPE_FACET.to_string(), d.kind.clone())]);
        ords.extend(d.facets.iter().map(|p| ord[p]));
        doc_ords.push(ords.into_iter().collect());
        w.add_document(doc)?;
        // The page's text moves into the document store: no second copy.
        stored.push(StoredDoc {
            id: d.id,
            kind: d.kind,
            title: d.title,
            summary: d.summary,
            url: d.url,
            body: d.body,
            fictional: d.fictional,
        });
    }
    let index = w.finalize()?;

    // Concatenate meta.json and the segment's files, under names that
    // depend on the content only (see `deterministic_files`).
    let dir = index.directory();
    let mut segment_files: Vec<(String, Vec<u8>)> = Vec::new();
    let mut segment_ids: Vec<String> = Vec::new();
    for seg in index.searchable_segment_metas()? {
        segment_ids.push(seg.id().uuid_string());
        for c in [
            SegmentComponent::Postings,
            SegmentComponent::Positions,
            SegmentComponent::FastFields,
            SegmentComponent::FieldNorms,
            SegmentComponent::Terms,
            SegmentComponent::Store,
            SegmentComponent::Delete,
        ] {
            let p = seg.relative_path(c);
            if dir.exists(&p).map_err(err)? {
                let data = dir.atomic_read(&p).map_err(err)?;
                segment_files.push((p.to_string_lossy().into_owned(), data));
            }
        }
    }
    let meta_json = dir.atomic_read(Path::new(META)).map_err(err)?;
    let named = deterministic_files(&meta_json, &segment_ids, segment_files).map_err(err)?;
    let mut bytes = Vec::new();
    let mut files = BTreeMap::new();
    for (name, data) in named {
        files.insert(name, (bytes.len() as u64, data.len() as u64));
        bytes.extend_from_slice(&data);
    }
    let words = words::encode(&word_docs.into_iter().collect());
    let (lengths, blobs) = docs::encode(&stored).map_err(err)?;
    let blobs_len = blobs.len() as u64;
    for (name, data) in [
        (words::FILE, words),
        (docs::LENGTHS, lengths),
        (docs::BLOBS, blobs),
    ] {
        files.insert(name.to_string(), (bytes.len() as u64, data.len() as u64));
        bytes.extend_from_slice(&data);
    }
    // A small index (preloaded but for its stored text, see
    // PRELOAD_ALL_BELOW) ships its documents' heads in the preload.
    // (A larger index is over the bound without them: not encoded.)
    let mut small = bytes.len() as u64 - blobs_len <= PRELOAD_ALL_BELOW;
    if small {
        let heads = docs::encode_heads(&stored);
        small = bytes.len() as u64 + heads.len() as u64 - blobs_len <= PRELOAD_ALL_BELOW;
        if small {
            files.insert(
                docs::HEADS.to_string(),
                (bytes.len() as u64, heads.len() as u64),
            );
            bytes.extend_from_slice(&heads);
        }
    }
    drop(stored);
    let facet_table = gzip_smallest(&facets::encode(&facets, &doc_ords)).map_err(err)?;
    let index_len = bytes.len() as u64;
    let bytes = Arc::new(bytes);
    let meta = EngineMeta {
        lang: lang.to_string(),
        num_docs: num_docs as u64,
        facets: facets.clone(),
        synonyms: synonyms.to_vec(),
        demoted: demoted.clone(),
        dictionaries_cached: false,
    };

    let blobs_offset = files[docs::BLOBS].0;
    // Whole chunks: the engine reads chunk by chunk.
    let prefetch = (small && blobs_len <= PREFETCH_DOCS_BELOW && blobs_len > 0).then(|| {
        let start = blobs_offset / CHUNK_SIZE * CHUNK_SIZE;
        let end = ((blobs_offset + blobs_len).div_ceil(CHUNK_SIZE) * CHUNK_SIZE).min(index_len);
        (start, end - start)
    });
    // The preload: the chunks every query reads, recorded by opening the
    // index and listing by facets. For a small index, also everything
    // else a query can read but the stored text: the postings and the
    // documents' heads. What no query reads stays out: tantivy's
    // `meta.json` (see `engine::segment`).
    let preload_chunks: Vec<u64> = {
        let cache = Arc::new(ChunkCache::new(
            Box::new(MemSource(bytes.clone())),
            index_len,
            CHUNK_SIZE,
        ));
        *cache.touched.lock().unwrap() = Some(BTreeSet::new());
        let d = BundleDirectory::new(files.clone(), cache.clone());
        let engine = Engine::open(d, meta.clone(), Arc::new(NativeInflate))?;
        engine.search(&Query {
            text: String::new(),
            limit: 1,
            counts: false,
            ..Query::default()
        })?;
        // Opening the engine (above) read what every query reads: each
        // field's term-dictionary index, footers and token count, the
        // table of the index's words. A small index also ships the
        // postings.
        if small {
            for field in f.all() {
                engine.segment().read_all_postings(field)?;
            }
        }
        let mut touched = cache.touched.lock().unwrap().take().unwrap_or_default();
        // The stored documents are read by range, hit by hit: the one the
        // search above read stays out.
        let (offset, len) = files[docs::BLOBS];
        let blobs = offset / CHUNK_SIZE..(offset + len).div_ceil(CHUNK_SIZE);
        touched.retain(|c| !blobs.contains(c));
        // Field norms (one byte per document and text field) are read by
        // every scored query, scattered: preloading them whole saves a
        // request per few documents.
        //
        // The term dictionaries and the index's words too, up to a size:
        // every query looks its words up there first (exact terms, typo
        // and prefix scans), so shipping them with the preload (about
        // 50 KB for 5,000 pages of a language, 22 KB gzipped, and no more
        // than the first query's scans fetch) saves every query a round of
        // requests.
        let dictionaries: u64 = files
            .iter()
            .filter(|(name, _)| words::is_dictionary(name))
            .map(|(_, (_, len))| len)
            .sum();
        let dictionaries = small || dictionaries <= options.preload_dictionary_below;
        for (name, (offset, len)) in &files {
            let whole = name.ends_with(".fieldnorm")
                || name == docs::LENGTHS
                || (small && name == docs::HEADS)
                || (dictionaries && words::is_dictionary(name));
            if whole && *len > 0 {
                touched.extend(offset / CHUNK_SIZE..=(offset + len - 1) / CHUNK_SIZE);
            }
        }
        touched.into_iter().collect()
    };
    let mut preload = Vec::new();
    for &c in &preload_chunks {
        let s = (c * CHUNK_SIZE) as usize;
        let e = ((c + 1) * CHUNK_SIZE).min(index_len) as usize;
        preload.extend_from_slice(&bytes[s..e]);
    }
    let index_file = format!("index.{}.bin", content_hash(&bytes));
    // The preload and the facet table are fetched whole, as binary files a
    // host does not compress: they are gzipped here (Pagefind does the same
    // with its files).
    let preload = gzip_smallest(&preload).map_err(err)?;
    let preload_file = format!("preload.{}.bin", content_hash(&preload));
    let facets_file = format!("facets.{}.bin", content_hash(&facet_table));
    let manifest = Manifest {
        format: FORMAT,
        lang: lang.to_string(),
        num_docs: num_docs as u64,
        index_file,
        index_len,
        chunk_size: CHUNK_SIZE,
        files,
        preload_file,
        preload_chunks: ChunkRuns::from_ids(preload_chunks),
        facets_file,
        facets,
        labels: labels.clone(),
        synonyms: synonyms.to_vec(),
        demoted,
        prefetch,
    };
    let index = Arc::try_unwrap(bytes).unwrap_or_else(|a| (*a).clone());
    Ok(Bundle {
        manifest,
        index,
        preload,
        facets: facet_table,
    })
}

/// Indexes `docs` and writes the bundle into `dir` (created if needed).
/// Files of a previous build in `dir` are removed.
pub fn write_index(
    dir: &Path,
    lang: &str,
    docs: Vec<SearchDocument>,
    synonyms: &[Vec<String>],
    labels: &FacetLabels,
) -> std::io::Result<IndexStats> {
    write_index_with(dir, lang, docs, synonyms, labels, &BundleOptions::default())
}

/// [`write_index`] with other [`BundleOptions`] (tests).
pub fn write_index_with(
    dir: &Path,
    lang: &str,
    docs: Vec<SearchDocument>,
    synonyms: &[Vec<String>],
    labels: &FacetLabels,
    options: &BundleOptions,
) -> std::io::Result<IndexStats> {
    let io = |e: tantivy::TantivyError| std::io::Error::other(e.to_string());
    let b = build_bundle(lang, docs, synonyms, labels, options).map_err(io)?;
    std::fs::create_dir_all(dir)?;
    for e in std::fs::read_dir(dir)? {
        let p = e?.path();
        let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
        let ours = ["index.", "preload.", "facets."]
            .iter()
            .any(|p| name.starts_with(p));
        if ours && name.ends_with(".bin") {
            std::fs::remove_file(&p)?;
        }
    }
    let manifest = serde_json::to_vec(&b.manifest).map_err(std::io::Error::other)?;
    let files = vec![
        dir.join(&b.manifest.index_file),
        dir.join(&b.manifest.preload_file),
        dir.join(&b.manifest.facets_file),
        dir.join("manifest.json"),
    ];
    std::fs::write(&files[0], &b.index)?;
    std::fs::write(&files[1], &b.preload)?;
    std::fs::write(&files[2], &b.facets)?;
    std::fs::write(&files[3], &manifest)?;
    Ok(IndexStats {
        lang: lang.to_string(),
        documents: b.manifest.num_docs,
        index_bytes: b.index.len() as u64,
        preload_bytes: b.preload.len() as u64,
        facets_bytes: b.facets.len() as u64,
        manifest_bytes: manifest.len() as u64,
        files,
    })
}

/// Opens a bundle written by [`write_index`] (native: CLI and tests), its
/// facet table loaded. Returns the engine and its chunk cache (for download
/// statistics).
pub fn open_dir(dir: &Path) -> std::io::Result<(Engine, Arc<ChunkCache>)> {
    let (engine, cache) = open_dir_without_facets(dir)?;
    engine.load_facets(read_facets(dir)?)?;
    Ok((engine, cache))
}

fn read_manifest(dir: &Path) -> std::io::Result<Manifest> {
    serde_json::from_slice(&std::fs::read(dir.join("manifest.json"))?)
        .map_err(std::io::Error::other)
}

fn gunzip(path: &Path) -> std::io::Result<Vec<u8>> {
    docs::gunzip(&std::fs::read(path)?)
}

/// The facet table of a bundle, inflated (for [`Engine::load_facets`]).
pub fn read_facets(dir: &Path) -> std::io::Result<Vec<u8>> {
    gunzip(&dir.join(read_manifest(dir)?.facets_file))
}

/// [`open_dir`] without loading the facet table, as the browser opens a
/// bundle for the header's search field.
pub fn open_dir_without_facets(dir: &Path) -> std::io::Result<(Engine, Arc<ChunkCache>)> {
    let io = |e: tantivy::TantivyError| std::io::Error::other(e.to_string());
    let m = read_manifest(dir)?;
    if m.format != FORMAT {
        return Err(std::io::Error::other(format!(
            "search index format {} (this academie reads format {FORMAT}): rebuild the site",
            m.format
        )));
    }
    let file = std::fs::File::open(dir.join(&m.index_file))?;
    let cache = Arc::new(ChunkCache::new(
        Box::new(crate::bundle::FileSource(file)),
        m.index_len,
        m.chunk_size,
    ));
    cache.preload(&m.preload_chunks, &gunzip(&dir.join(&m.preload_file))?)?;
    let d = BundleDirectory::new(m.files.clone(), cache.clone());
    let meta = EngineMeta {
        lang: m.lang.clone(),
        num_docs: m.num_docs,
        facets: m.facets.clone(),
        synonyms: m.synonyms.clone(),
        demoted: m.demoted.clone(),
        dictionaries_cached: false,
    };
    let engine = Engine::open(d, meta, Arc::new(NativeInflate)).map_err(io)?;
    Ok((engine, cache))
}
