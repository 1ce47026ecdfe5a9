//! Browser side: the engine exported with wasm-bindgen, meant to run in a
//! Web Worker. The index is never downloaded whole: the worker passes the
//! manifest and the preloaded chunks; every other byte is fetched on demand
//! with a synchronous `Range` request (allowed inside a worker).

use std::io;
use std::sync::atomic::Ordering;
use std::sync::{Arc, OnceLock};

use wasm_bindgen::prelude::*;
use web_sys::{XmlHttpRequest, XmlHttpRequestResponseType};

use crate::bundle::{BundleDirectory, ChunkCache, Manifest, RangeSource};
use crate::engine::{Engine, EngineMeta};
use crate::Query;

/// Fetches byte ranges of the index file over HTTP. A server that ignores
/// `Range` answers 200 with the whole file: it is then kept and served from
/// memory.
struct XhrSource {
    url: String,
    whole: OnceLock<Vec<u8>>,
}

fn js_err(e: JsValue) -> io::Error {
    io::Error::other(format!("{e:?}"))
}

impl RangeSource for XhrSource {
    fn fetch(&self, offset: u64, len: u64) -> io::Result<Vec<u8>> {
        if let Some(w) = self.whole.get() {
            return slice(w, offset, len);
        }
        let xhr = XmlHttpRequest::new().map_err(js_err)?;
        xhr.open_with_async("GET", &self.url, false)
            .map_err(js_err)?;
        xhr.set_request_header("Range", &format!("bytes={}-{}", offset, offset + len - 1))
            .map_err(js_err)?;
        xhr.set_response_type(XmlHttpRequestResponseType::Arraybuffer);
        xhr.send().map_err(js_err)?;
        let status = xhr.status().map_err(js_err)?;
        let body = js_sys::Uint8Array::new(&xhr.response().map_err(js_err)?).to_vec();
        match status {
            206 => Ok(body),
            200 => {
                let out = slice(&body, offset, len);
                let _ = self.whole.set(body);
                out
            }
            s => Err(io::Error::other(format!("HTTP {s} for {}", self.url))),
        }
    }
}

fn slice(b: &[u8], offset: u64, len: u64) -> io::Result<Vec<u8>> {
    b.get(offset as usize..(offset + len) as usize)
        .map(<[u8]>::to_vec)
        .ok_or_else(|| io::Error::new(io::ErrorKind::UnexpectedEof, "short index file"))
}

/// An opened index of one language.
#[wasm_bindgen]
pub struct SearchEngine {
    engine: Engine,
    cache: Arc<ChunkCache>,
}

#[wasm_bindgen]
impl SearchEngine {
    /// `manifest`: the text of `manifest.json`; `index_url`: absolute URL of
    /// the index file; `preload`: the bytes of the preload file.
    #[wasm_bindgen(constructor)]
    pub fn new(manifest: &str, index_url: String, preload: &[u8]) -> Result<SearchEngine, JsError> {
        let m: Manifest = serde_json::from_str(manifest)?;
        let source = XhrSource {
            url: index_url,
            whole: OnceLock::new(),
        };
        let cache = Arc::new(ChunkCache::new(Box::new(source), m.index_len, m.chunk_size));
        cache.preload(&m.preload_chunks, preload)?;
        let dir = BundleDirectory::new(m.files, cache.clone());
        let meta = EngineMeta {
            lang: m.lang,
            facets: m.facets,
            labels: m.labels,
            synonyms: m.synonyms,
        };
        let index = tantivy::Index::open(dir).map_err(|e| JsError::new(&e.to_string()))?;
        let engine = Engine::open(index, meta).map_err(|e| JsError::new(&e.to_string()))?;
        Ok(SearchEngine { engine, cache })
    }

    /// Runs a query given as JSON ([`Query`]); returns [`crate::Results`] as JSON.
    pub fn search(&self, query: &str) -> Result<String, JsError> {
        let q: Query = serde_json::from_str(query)?;
        let r = self
            .engine
            .search(&q)
            .map_err(|e| JsError::new(&e.to_string()))?;
        Ok(serde_json::to_string(&r)?)
    }

    /// Facet labels of the index, as JSON (facet → key → label).
    pub fn labels(&self) -> String {
        serde_json::to_string(&self.engine.meta().labels).unwrap_or_default()
    }

    /// Bytes fetched with range requests so far (preload excluded).
    pub fn fetched_bytes(&self) -> f64 {
        self.cache.fetched_bytes.load(Ordering::Relaxed) as f64
    }

    /// Number of range requests so far.
    pub fn requests(&self) -> f64 {
        self.cache.requests.load(Ordering::Relaxed) as f64
    }
}
