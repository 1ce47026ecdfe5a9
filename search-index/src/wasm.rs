//! Browser side: the engine exported with wasm-bindgen, meant to run in a
//! Web Worker. The index is never downloaded whole: the worker passes the
//! manifest and the preloaded chunks, and two functions that read byte
//! ranges of the index file with HTTP `Range` requests — one returning a
//! promise (the warm-up rounds of [`Engine::search_async`] issue many at
//! once), one synchronous (allowed inside a worker; only used if a read was
//! not foreseen, which the native tests check never happens), and a
//! function that inflates the stored documents of the hits
//! (`DecompressionStream`: the module carries no inflate code).

use std::future::Future;
use std::io;
use std::pin::Pin;
use std::rc::Rc;
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::task::{Context, Poll};

use js_sys::futures::{future_to_promise, JsFuture};
use js_sys::{Function, Promise, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::bundle::{BundleDirectory, ChunkCache, Manifest, RangeFuture, RangeSource, FORMAT};
use crate::docs::{Inflate, InflateFuture};
use crate::engine::{Engine, EngineMeta};
use crate::Query;
use serde::Serialize;

// The `Send`/`Sync` claims below hold because this module only runs on a
// single thread: wasm32 without shared memory.
#[cfg(target_feature = "atomics")]
compile_error!("the search engine's JavaScript handles assume a single-threaded wasm module");

/// Reads byte ranges of the index file through the worker's functions
/// `readSync(start, end) → Uint8Array` and `read(start, end) →
/// Promise<Uint8Array>` (`end` exclusive).
struct JsSource {
    read_sync: Function,
    read: Function,
}

// SAFETY: single-threaded wasm (see above): the handles never cross threads.
unsafe impl Send for JsSource {}
// SAFETY: as above.
unsafe impl Sync for JsSource {}

/// Lets a future holding JavaScript handles be used where tantivy asks for
/// `Send` futures.
struct AssertSend<F>(F);

// SAFETY: single-threaded wasm (see above).
unsafe impl<F> Send for AssertSend<F> {}

impl<F: Future> Future for AssertSend<F> {
    type Output = F::Output;
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        // SAFETY: structural pinning of the only field.
        unsafe { self.map_unchecked_mut(|s| &mut s.0) }.poll(cx)
    }
}

fn js_err(e: JsValue) -> io::Error {
    io::Error::other(e.as_string().unwrap_or_else(|| "index read failed".into()))
}

fn bytes(v: &JsValue, len: u64) -> io::Result<Vec<u8>> {
    let out = Uint8Array::new(v).to_vec();
    if out.len() as u64 == len {
        Ok(out)
    } else {
        Err(io::Error::new(
            io::ErrorKind::UnexpectedEof,
            "short index read",
        ))
    }
}

impl RangeSource for JsSource {
    fn fetch(&self, offset: u64, len: u64) -> io::Result<Vec<u8>> {
        let v = self
            .read_sync
            .call2(
                &JsValue::NULL,
                &JsValue::from_f64(offset as f64),
                &JsValue::from_f64((offset + len) as f64),
            )
            .map_err(js_err)?;
        bytes(&v, len)
    }

    fn fetch_async(&self, offset: u64, len: u64) -> RangeFuture {
        let started = self.read.call2(
            &JsValue::NULL,
            &JsValue::from_f64(offset as f64),
            &JsValue::from_f64((offset + len) as f64),
        );
        Box::pin(AssertSend(async move {
            let promise: Promise = started.map_err(js_err)?.unchecked_into();
            let v = JsFuture::from(promise).await.map_err(js_err)?;
            bytes(&v, len)
        }))
    }
}

/// Inflates gzip members through the worker's `inflate(bytes) →
/// Promise<Uint8Array>`.
struct JsInflate(Function);

// SAFETY: single-threaded wasm (see above).
unsafe impl Send for JsInflate {}
// SAFETY: as above.
unsafe impl Sync for JsInflate {}

impl Inflate for JsInflate {
    fn inflate(&self, member: Vec<u8>) -> InflateFuture {
        let started = self
            .0
            .call1(&JsValue::NULL, &Uint8Array::from(member.as_slice()));
        Box::pin(AssertSend(async move {
            let promise: Promise = started.map_err(js_err)?.unchecked_into();
            let v = JsFuture::from(promise).await.map_err(js_err)?;
            Ok(Uint8Array::new(&v).to_vec())
        }))
    }
}

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = console, js_name = error)]
    fn console_error(message: &str);
}

/// A panic aborts the module: say why on the console first.
fn report_panics() {
    std::panic::set_hook(Box::new(|info| {
        console_error(&format!("academie search engine: {info}"));
    }));
}

/// An opened index of one language.
#[wasm_bindgen]
pub struct SearchEngine {
    engine: Rc<Engine>,
    cache: Arc<ChunkCache>,
}

#[wasm_bindgen]
impl SearchEngine {
    /// `manifest`: `manifest.json`, parsed by the worker (`JSON.parse`:
    /// the module carries no JSON parser); `preload`: the bytes of the
    /// preload file, inflated (it is gzipped on the wire);
    /// `read_sync(start, end)` and `read(start, end)` read a byte range of
    /// the index file (see [`JsSource`]); `inflate(bytes)` inflates a gzip
    /// member (see [`JsInflate`]).
    #[wasm_bindgen(constructor)]
    pub fn new(
        manifest: JsValue,
        preload: &[u8],
        read_sync: Function,
        read: Function,
        inflate: Function,
    ) -> Result<SearchEngine, JsError> {
        report_panics();
        let m: Manifest = serde_wasm_bindgen::from_value(manifest)?;
        if m.format != FORMAT {
            return Err(JsError::new(
                "search index of another version: rebuild the site",
            ));
        }
        let source = JsSource { read_sync, read };
        let cache = Arc::new(ChunkCache::new(Box::new(source), m.index_len, m.chunk_size));
        cache.preload(&m.preload_chunks, preload)?;
        let dictionaries_cached = m
            .files
            .iter()
            .filter(|(name, _)| crate::words::is_dictionary(name))
            .all(|(_, &(offset, len))| cache.is_cached(offset..offset + len));
        let dir = BundleDirectory::new(m.files, cache.clone());
        let meta = EngineMeta {
            lang: m.lang,
            num_docs: m.num_docs,
            facets: m.facets,
            synonyms: m.synonyms,
            demoted: m.demoted,
            dictionaries_cached,
        };
        let engine = Engine::open(dir, meta, Arc::new(JsInflate(inflate)))
            .map_err(|e| JsError::new(&e.to_string()))?;
        Ok(SearchEngine {
            engine: Rc::new(engine),
            cache,
        })
    }

    /// Runs a query (a [`Query`] as a JavaScript object); resolves to
    /// [`crate::Results`] as a JavaScript object (maps as plain objects,
    /// as `JSON.parse` would give them).
    pub fn search(&self, query: JsValue) -> Result<Promise, JsError> {
        let q: Query = serde_wasm_bindgen::from_value(query)?;
        let engine = self.engine.clone();
        Ok(future_to_promise(async move {
            let r = engine
                .search_async(&q)
                .await
                .map_err(|e| JsValue::from(JsError::new(&e.to_string())))?;
            r.serialize(&serde_wasm_bindgen::Serializer::json_compatible())
                .map_err(|e| JsValue::from(JsError::new(&e.to_string())))
        }))
    }

    /// Loads the facet table: the bytes of the manifest's `facets_file`,
    /// inflated. Queries that filter or count by facet need it.
    pub fn load_facets(&self, table: &[u8]) -> Result<(), JsError> {
        Ok(self.engine.load_facets(table.to_vec())?)
    }

    /// Whether the facet table is loaded.
    pub fn has_facets(&self) -> bool {
        self.engine.has_facets()
    }

    /// Bytes fetched with range requests so far (preload excluded).
    pub fn fetched_bytes(&self) -> f64 {
        self.cache.fetched_bytes.load(Ordering::Relaxed) as f64
    }

    /// Number of range requests so far.
    pub fn requests(&self) -> f64 {
        self.cache.requests.load(Ordering::Relaxed) as f64
    }

    /// Number of those requests that were synchronous (unforeseen reads).
    pub fn sync_requests(&self) -> f64 {
        self.cache.sync_requests.load(Ordering::Relaxed) as f64
    }
}
