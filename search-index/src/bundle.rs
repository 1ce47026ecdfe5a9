//! The on-disk (and on-the-wire) form of an index: every tantivy file of the
//! single merged segment concatenated into one `index.<hash>.bin`, described
//! by a `manifest.json`. Reads go through a [`ChunkCache`] that fetches
//! fixed-size, aligned chunks from a [`RangeSource`] — a file natively, HTTP
//! `Range` requests in the browser — so a query downloads only the chunks
//! it touches. The chunks tantivy reads to open the index (footers, the
//! term-dictionary index, fast-field headers, fieldnorms) are recorded at
//! build time and shipped together as `preload.<hash>.bin`.
//!
//! Reads come in two kinds. Synchronous reads ([`ChunkCache::read`], used
//! by tantivy while it scores and collects) fetch a missing run of chunks
//! there and then. Asynchronous reads ([`ChunkCache::read_async`], reached
//! through tantivy's `read_bytes_async`) are what the engine's warm-up uses
//! before running a query: every read of one warm-up round is in flight at
//! the same time (parallel HTTP requests in the browser), so a query costs a
//! few round trips whatever the number of terms and hits
//! (see `Engine::search_async`).

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt;
use std::future::Future;
use std::io;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use serde::{Deserialize, Serialize};
use tantivy::directory::error::{DeleteError, LockError, OpenReadError, OpenWriteError};
use tantivy::directory::{
    DirectoryLock, FileHandle, Lock, OwnedBytes, WatchCallback, WatchHandle, WritePtr,
};
use tantivy::{Directory, HasLen};

use crate::FacetLabels;

/// Current manifest format (7: stored documents' lengths in units of
/// `docs::UNIT`; 6: a `labels` field, the raw field without
/// frequencies, free pages listed in `demoted`, a flags byte in stored
/// documents; 5: synonym phrases indexed as single terms,
/// no positions; 4: stored documents and facet table outside tantivy, the
/// facet table in a file of its own).
pub const FORMAT: u32 = 7;

/// Everything the browser needs besides the chunk bytes.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Manifest {
    pub format: u32,
    pub lang: String,
    pub num_docs: u64,
    /// File name (relative to the manifest) of the concatenated index.
    pub index_file: String,
    pub index_len: u64,
    pub chunk_size: u64,
    /// tantivy file name → (offset, length) in the index file.
    pub files: BTreeMap<String, (u64, u64)>,
    /// File name of the preloaded chunks, concatenated in this order and
    /// gzipped.
    pub preload_file: String,
    pub preload_chunks: ChunkRuns,
    /// File name of the facet table (`crate::facets`), gzipped: fetched
    /// only when a query filters or counts by facet.
    pub facets_file: String,
    /// The facet keys, in facet table order.
    pub facets: Vec<(String, String)>,
    /// The facets' labels in the index's language: for the search UI,
    /// which the worker gives them to; the module skips them.
    #[cfg_attr(target_arch = "wasm32", serde(skip_deserializing))]
    pub labels: FacetLabels,
    pub synonyms: Vec<Vec<String>>,
    /// Documents of free pages (ascending): ranked below catalogue pages.
    #[serde(default)]
    pub demoted: Vec<u32>,
    /// A byte range `(offset, length)` of the index file the browser
    /// fetches whole in the background after the first results (the stored
    /// documents of a small index, see `writer::PREFETCH_DOCS_BELOW`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prefetch: Option<(u64, u64)>,
}

/// Chunk ids as runs of consecutive ids, `(first, count)`: the preloaded
/// chunks are mostly whole files, so a few runs list hundreds of chunks.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
#[serde(transparent)]
pub struct ChunkRuns(pub Vec<(u64, u64)>);

impl ChunkRuns {
    /// The runs of ascending, distinct `ids`.
    pub fn from_ids(ids: impl IntoIterator<Item = u64>) -> ChunkRuns {
        let mut runs: Vec<(u64, u64)> = Vec::new();
        for id in ids {
            match runs.last_mut() {
                Some((first, count)) if *first + *count == id => *count += 1,
                _ => runs.push((id, 1)),
            }
        }
        ChunkRuns(runs)
    }

    /// Every chunk id, ascending.
    pub fn ids(&self) -> impl Iterator<Item = u64> + '_ {
        self.0
            .iter()
            .flat_map(|&(first, count)| first..first + count)
    }

    /// Number of chunks.
    pub fn len(&self) -> u64 {
        self.0.iter().map(|r| r.1).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// A pending read of an [`AsyncRangeSource`].
pub type RangeFuture = Pin<Box<dyn Future<Output = io::Result<Vec<u8>>> + Send>>;

/// Where chunk bytes come from.
pub trait RangeSource: Send + Sync + 'static {
    /// Reads `len` bytes at `offset` of the index file.
    fn fetch(&self, offset: u64, len: u64) -> io::Result<Vec<u8>>;

    /// Starts reading `len` bytes at `offset`; many such reads may be in
    /// flight at once. The default reads synchronously (files, memory).
    fn fetch_async(&self, offset: u64, len: u64) -> RangeFuture {
        let r = self.fetch(offset, len);
        Box::pin(std::future::ready(r))
    }
}

/// An in-memory index file (build time, tests).
pub struct MemSource(pub Arc<Vec<u8>>);

impl RangeSource for MemSource {
    fn fetch(&self, offset: u64, len: u64) -> io::Result<Vec<u8>> {
        let (o, l) = (offset as usize, len as usize);
        self.0
            .get(o..o + l)
            .map(<[u8]>::to_vec)
            .ok_or_else(|| io::Error::new(io::ErrorKind::UnexpectedEof, "range past end"))
    }
}

/// A local index file, read with positioned reads.
#[cfg(not(target_arch = "wasm32"))]
pub struct FileSource(pub std::fs::File);

#[cfg(not(target_arch = "wasm32"))]
impl RangeSource for FileSource {
    fn fetch(&self, offset: u64, len: u64) -> io::Result<Vec<u8>> {
        use std::os::unix::fs::FileExt;
        let mut buf = vec![0; len as usize];
        self.0.read_exact_at(&mut buf, offset)?;
        Ok(buf)
    }
}

/// Chunked read-through cache over a [`RangeSource`], with counters.
pub struct ChunkCache {
    source: Box<dyn RangeSource>,
    len: u64,
    chunk: u64,
    chunks: Mutex<HashMap<u64, Arc<Vec<u8>>>>,
    /// Bytes fetched from the source (preloaded chunks excluded).
    pub fetched_bytes: AtomicU64,
    /// Number of source requests (synchronous and asynchronous).
    pub requests: AtomicU64,
    /// Number of synchronous source requests: reads a warm-up did not
    /// foresee (each one a blocking round trip in the browser).
    pub sync_requests: AtomicU64,
    /// When set, every chunk touched is recorded here.
    pub touched: Mutex<Option<BTreeSet<u64>>>,
}

impl ChunkCache {
    pub fn new(source: Box<dyn RangeSource>, len: u64, chunk: u64) -> ChunkCache {
        ChunkCache {
            source,
            len,
            chunk,
            chunks: Mutex::new(HashMap::new()),
            fetched_bytes: AtomicU64::new(0),
            requests: AtomicU64::new(0),
            sync_requests: AtomicU64::new(0),
            touched: Mutex::new(None),
        }
    }

    /// Seeds the cache with preloaded chunks (`bytes` = their concatenation).
    pub fn preload(&self, ids: &ChunkRuns, bytes: &[u8]) -> io::Result<()> {
        let mut map = self.chunks.lock().unwrap();
        let mut at = 0usize;
        for id in ids.ids() {
            let n = self.chunk_len(id) as usize;
            let data = bytes
                .get(at..at + n)
                .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidData, "short preload"))?;
            map.insert(id, Arc::new(data.to_vec()));
            at += n;
        }
        Ok(())
    }

    fn chunk_len(&self, id: u64) -> u64 {
        self.chunk.min(self.len - id * self.chunk)
    }

    fn check(&self, range: &Range<u64>) -> io::Result<()> {
        if range.end > self.len {
            return Err(io::Error::new(io::ErrorKind::UnexpectedEof, "past end"));
        }
        Ok(())
    }

    /// Chunk ids of a non-empty range (and records them when asked to).
    fn chunk_ids(&self, range: &Range<u64>) -> (u64, u64) {
        let first = range.start / self.chunk;
        let last = (range.end - 1) / self.chunk;
        if let Some(t) = self.touched.lock().unwrap().as_mut() {
            t.extend(first..=last);
        }
        (first, last)
    }

    /// Runs of consecutive chunks of `first..=last` missing from the cache,
    /// as byte ranges of the index file.
    fn missing_runs(&self, first: u64, last: u64) -> Vec<(u64, u64)> {
        let map = self.chunks.lock().unwrap();
        let mut runs = Vec::new();
        let mut id = first;
        while id <= last {
            if map.contains_key(&id) {
                id += 1;
                continue;
            }
            let mut end = id;
            while end < last && !map.contains_key(&(end + 1)) {
                end += 1;
            }
            let off = id * self.chunk;
            runs.push((off, ((end + 1) * self.chunk).min(self.len) - off));
            id = end + 1;
        }
        runs
    }

    /// Stores fetched bytes (a run of whole chunks starting at `off`).
    fn insert_run(&self, off: u64, len: u64, data: &[u8]) -> io::Result<()> {
        if data.len() as u64 != len {
            return Err(io::Error::new(io::ErrorKind::UnexpectedEof, "short read"));
        }
        self.fetched_bytes.fetch_add(len, Ordering::Relaxed);
        self.requests.fetch_add(1, Ordering::Relaxed);
        let mut map = self.chunks.lock().unwrap();
        let id = off / self.chunk;
        for (i, c) in data.chunks(self.chunk as usize).enumerate() {
            map.entry(id + i as u64)
                .or_insert_with(|| Arc::new(c.to_vec()));
        }
        Ok(())
    }

    /// Copies `range` out of cached chunks.
    fn assemble(&self, range: &Range<u64>, first: u64, last: u64) -> io::Result<Vec<u8>> {
        let map = self.chunks.lock().unwrap();
        let mut out = Vec::with_capacity((range.end - range.start) as usize);
        for id in first..=last {
            let c = map
                .get(&id)
                .ok_or_else(|| io::Error::other("chunk missing after fetch"))?;
            let base = id * self.chunk;
            let s = range.start.max(base) - base;
            let e = range.end.min(base + c.len() as u64) - base;
            out.extend_from_slice(&c[s as usize..e as usize]);
        }
        Ok(out)
    }

    /// Whether every chunk of `range` is cached (preloaded or fetched).
    pub fn is_cached(&self, range: Range<u64>) -> bool {
        if range.start >= range.end {
            return true;
        }
        let (first, last) = (range.start / self.chunk, (range.end - 1) / self.chunk);
        let map = self.chunks.lock().unwrap();
        (first..=last).all(|id| map.contains_key(&id))
    }

    /// Reads `range` of the index file, fetching missing chunks (runs of
    /// consecutive missing chunks in one request each) synchronously.
    pub fn read(&self, range: Range<u64>) -> io::Result<Vec<u8>> {
        if range.start >= range.end {
            return Ok(Vec::new());
        }
        self.check(&range)?;
        let (first, last) = self.chunk_ids(&range);
        for (off, len) in self.missing_runs(first, last) {
            let data = self.source.fetch(off, len)?;
            self.sync_requests.fetch_add(1, Ordering::Relaxed);
            self.insert_run(off, len, &data)?;
        }
        self.assemble(&range, first, last)
    }

    /// Reads `range` like [`ChunkCache::read`], but the missing runs are
    /// fetched with [`RangeSource::fetch_async`], all at once.
    pub async fn read_async(&self, range: Range<u64>) -> io::Result<Vec<u8>> {
        if range.start >= range.end {
            return Ok(Vec::new());
        }
        self.check(&range)?;
        let (first, last) = self.chunk_ids(&range);
        let runs = self.missing_runs(first, last);
        if !runs.is_empty() {
            let pending: Vec<RangeFuture> = runs
                .iter()
                .map(|&(off, len)| self.source.fetch_async(off, len))
                .collect();
            let fetched = futures_util::future::try_join_all(pending).await?;
            for ((off, len), data) in runs.into_iter().zip(fetched) {
                self.insert_run(off, len, &data)?;
            }
        }
        self.assemble(&range, first, last)
    }
}

/// A read-only tantivy [`Directory`] over a bundle.
#[derive(Clone)]
pub struct BundleDirectory {
    files: Arc<BTreeMap<String, (u64, u64)>>,
    cache: Arc<ChunkCache>,
}

impl fmt::Debug for BundleDirectory {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "BundleDirectory({} files)", self.files.len())
    }
}

impl BundleDirectory {
    pub fn new(files: BTreeMap<String, (u64, u64)>, cache: Arc<ChunkCache>) -> BundleDirectory {
        BundleDirectory {
            files: Arc::new(files),
            cache,
        }
    }

    pub fn cache(&self) -> &Arc<ChunkCache> {
        &self.cache
    }

    /// The names of the bundle's files.
    pub fn file_names(&self) -> impl Iterator<Item = &str> {
        self.files.keys().map(String::as_str)
    }

    fn entry(&self, path: &Path) -> Option<(u64, u64)> {
        self.files.get(path.to_str()?).copied()
    }
}

#[derive(Debug)]
struct BundleFile {
    offset: u64,
    len: u64,
    cache: Arc<ChunkCache>,
}

impl fmt::Debug for ChunkCache {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ChunkCache({} bytes)", self.len)
    }
}

impl HasLen for BundleFile {
    fn len(&self) -> usize {
        self.len as usize
    }
}

impl FileHandle for BundleFile {
    fn read_bytes(&self, range: Range<usize>) -> io::Result<OwnedBytes> {
        let (s, e) = (range.start as u64, range.end as u64);
        if e > self.len {
            return Err(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                "past end of file",
            ));
        }
        let bytes = self.cache.read(self.offset + s..self.offset + e)?;
        Ok(OwnedBytes::new(bytes))
    }

    fn read_bytes_async<'a, 'b>(
        &'a self,
        range: Range<usize>,
    ) -> Pin<Box<dyn Future<Output = io::Result<OwnedBytes>> + Send + 'b>>
    where
        'a: 'b,
        Self: 'b,
    {
        Box::pin(async move {
            let (s, e) = (range.start as u64, range.end as u64);
            if e > self.len {
                return Err(io::Error::new(
                    io::ErrorKind::UnexpectedEof,
                    "past end of file",
                ));
            }
            let bytes = self
                .cache
                .read_async(self.offset + s..self.offset + e)
                .await?;
            Ok(OwnedBytes::new(bytes))
        })
    }
}

/// tantivy's index meta file, and its list of the files it manages.
const META: &str = "meta.json";
const MANAGED: &str = ".managed.json";

fn read_only(path: &Path) -> io::Error {
    io::Error::new(
        io::ErrorKind::PermissionDenied,
        format!("search bundle is read-only: {}", path.display()),
    )
}

impl Directory for BundleDirectory {
    fn get_file_handle(&self, path: &Path) -> Result<Arc<dyn FileHandle>, OpenReadError> {
        let (offset, len) = self
            .entry(path)
            .ok_or_else(|| OpenReadError::FileDoesNotExist(path.to_path_buf()))?;
        Ok(Arc::new(BundleFile {
            offset,
            len,
            cache: self.cache.clone(),
        }))
    }

    fn delete(&self, path: &Path) -> Result<(), DeleteError> {
        Err(DeleteError::FileDoesNotExist(path.to_path_buf()))
    }

    fn exists(&self, path: &Path) -> Result<bool, OpenReadError> {
        Ok(self.entry(path).is_some())
    }

    fn open_write(&self, path: &Path) -> Result<WritePtr, OpenWriteError> {
        Err(OpenWriteError::IoError {
            io_error: Arc::new(read_only(path)),
            filepath: PathBuf::from(path),
        })
    }

    fn atomic_read(&self, path: &Path) -> Result<Vec<u8>, OpenReadError> {
        let (offset, len) = self
            .entry(path)
            .ok_or_else(|| OpenReadError::FileDoesNotExist(path.to_path_buf()))?;
        self.cache
            .read(offset..offset + len)
            .map_err(|e| OpenReadError::IoError {
                io_error: Arc::new(e),
                filepath: path.to_path_buf(),
            })
    }

    /// Refused, but for tantivy's own bookkeeping files: the engine opens
    /// its index with `Index::create`, which writes a `meta.json` and
    /// lists it in `.managed.json` (see `engine::segment`); those writes
    /// are dropped, the bundle keeps the files it has.
    fn atomic_write(&self, path: &Path, _data: &[u8]) -> io::Result<()> {
        match path.to_str() {
            Some(META | MANAGED) => Ok(()),
            _ => Err(read_only(path)),
        }
    }

    fn sync_directory(&self) -> io::Result<()> {
        Ok(())
    }

    /// Nothing ever writes a bundle: every lock is granted.
    fn acquire_lock(&self, _lock: &Lock) -> Result<DirectoryLock, LockError> {
        Ok(DirectoryLock::from(Box::new(())))
    }

    fn watch(&self, _cb: WatchCallback) -> tantivy::Result<WatchHandle> {
        Ok(WatchHandle::empty())
    }
}
