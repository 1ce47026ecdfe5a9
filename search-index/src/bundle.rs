//! The on-disk (and on-the-wire) form of an index: every tantivy file of the
//! single merged segment concatenated into one `index.<hash>.bin`, described
//! by a `manifest.json`. Reads go through a [`ChunkCache`] that fetches
//! fixed-size, aligned chunks from a [`RangeSource`] — a file natively, HTTP
//! `Range` requests in the browser — so a query downloads only the chunks
//! it touches. The chunks tantivy reads to open the index (footers, the
//! term-dictionary index, fast-field headers, fieldnorms) are recorded at
//! build time and shipped together as `preload.<hash>.bin`.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt;
use std::io;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use serde::{Deserialize, Serialize};
use tantivy::directory::error::{DeleteError, LockError, OpenReadError, OpenWriteError};
use tantivy::directory::{
    DirectoryLock, FileHandle, Lock, OwnedBytes, WatchCallback, WatchHandle, WritePtr,
};
use tantivy::{Directory, HasLen};

use crate::FacetLabels;

/// Current manifest format.
pub const FORMAT: u32 = 1;

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
    /// File name of the preloaded chunks, concatenated in this order.
    pub preload_file: String,
    pub preload_chunks: Vec<u64>,
    /// Facet table: a document's `facet` values are indexes into it.
    pub facets: Vec<(String, String)>,
    pub labels: FacetLabels,
    pub synonyms: Vec<Vec<String>>,
}

/// Where chunk bytes come from.
pub trait RangeSource: Send + Sync + 'static {
    /// Reads `len` bytes at `offset` of the index file.
    fn fetch(&self, offset: u64, len: u64) -> io::Result<Vec<u8>>;
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
    /// Number of source requests.
    pub requests: AtomicU64,
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
            touched: Mutex::new(None),
        }
    }

    /// Seeds the cache with preloaded chunks (`bytes` = their concatenation).
    pub fn preload(&self, ids: &[u64], bytes: &[u8]) -> io::Result<()> {
        let mut map = self.chunks.lock().unwrap();
        let mut at = 0usize;
        for &id in ids {
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

    /// Reads `range` of the index file, fetching missing chunks (runs of
    /// consecutive missing chunks in one request).
    pub fn read(&self, range: Range<u64>) -> io::Result<Vec<u8>> {
        if range.start >= range.end {
            return Ok(Vec::new());
        }
        if range.end > self.len {
            return Err(io::Error::new(io::ErrorKind::UnexpectedEof, "past end"));
        }
        let first = range.start / self.chunk;
        let last = (range.end - 1) / self.chunk;
        if let Some(t) = self.touched.lock().unwrap().as_mut() {
            t.extend(first..=last);
        }
        let mut map = self.chunks.lock().unwrap();
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
            let len = ((end + 1) * self.chunk).min(self.len) - off;
            let data = self.source.fetch(off, len)?;
            if data.len() as u64 != len {
                return Err(io::Error::new(io::ErrorKind::UnexpectedEof, "short read"));
            }
            self.fetched_bytes.fetch_add(len, Ordering::Relaxed);
            self.requests.fetch_add(1, Ordering::Relaxed);
            for (i, c) in data.chunks(self.chunk as usize).enumerate() {
                map.insert(id + i as u64, Arc::new(c.to_vec()));
            }
            id = end + 1;
        }
        let mut out = Vec::with_capacity((range.end - range.start) as usize);
        for id in first..=last {
            let c = &map[&id];
            let base = id * self.chunk;
            let s = range.start.max(base) - base;
            let e = range.end.min(base + c.len() as u64) - base;
            out.extend_from_slice(&c[s as usize..e as usize]);
        }
        Ok(out)
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
}

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

    fn atomic_write(&self, path: &Path, _data: &[u8]) -> io::Result<()> {
        Err(read_only(path))
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
