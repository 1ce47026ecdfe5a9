// Search worker: loads the wasm engine and answers queries off the main
// thread. `__GLUE__` and `__WASM__` are replaced by the content-hashed file
// names when the site is built (src/search/mod.rs).
//
// The module is fetched as soon as the worker runs, and the glue imported
// beside it (not before it, as a static import would): on a phone network
// that spares a round trip before the largest download starts.
//
// The module comes one of two ways; search-ui.js chooses from how the page
// itself was sent and names the worker after its choice. A host that
// compresses with brotli (or zstd) gets the `.wasm` and compresses it
// better than gzip can (the catalogue's engine: 102 KB). Any other host,
// one that compresses only with gzip (127 KB) or nothing at all (285 KB),
// gets the build's copy of it gzipped with zopfli (112 KB, under a `.bin`
// name that no host compresses again or labels), inflated here and still
// compiled while it downloads.
const packed = self.name === "academie-search packed";
const wasmUrl = new URL("./__WASM__", import.meta.url);
const wasmResponse = packed
  ? fetch(new URL("./__WASM_PACKED__", import.meta.url)).then((r) => {
      if (!r.ok) throw new Error(`HTTP ${r.status} for the search engine`);
      return new Response(r.body.pipeThrough(new DecompressionStream("gzip")), {
        headers: { "content-type": "application/wasm" },
      });
    })
  : fetch(wasmUrl);
wasmResponse.catch(() => {});
const glue = import("./__GLUE__");
let opening = null;

// Reads of byte ranges [start, end) of the index file. A server that
// ignores `Range` answers 200 with the whole file: the file is then kept in
// memory.
//
// The engine asks for every range one step of a query needs (term
// dictionary blocks, postings, stored hits) at once; the ranges asked for in
// the same turn of the event loop are sorted, those less than GAP bytes
// apart are merged, and all of them go in one multi-range request
// (`Range: bytes=a-b,c-d`, answered `multipart/byteranges` by nginx,
// Apache, Caddy and `academie serve`): a query step costs one request. A
// host that answers such a request with anything else (one range, the whole
// file) is sent one request per range from then on, in parallel.
// GAP is 128 bytes: each part of a multipart answer costs about 100 bytes
// of headers, so merging across a wider gap downloads more than it saves
// (measured at 10,000 pages: 4 KB gaps cost a French first query 6.4 KB).
const GAP = 128;
// Ranges per request (Apache refuses more than 200 by default).
const MAX_PARTS = 64;

// Parts of a `multipart/byteranges` body: [{ start, bytes }].
function multipart(buf, contentType) {
  const m = /boundary="?([^";,]+)"?/i.exec(contentType);
  if (!m) throw new Error("multipart response without a boundary");
  const data = new Uint8Array(buf);
  const mark = new TextEncoder().encode(`--${m[1]}`);
  const find = (bytes, from) => {
    outer: for (let i = from; i + bytes.length <= data.length; i++) {
      for (let j = 0; j < bytes.length; j++) if (data[i + j] !== bytes[j]) continue outer;
      return i;
    }
    return -1;
  };
  const blank = new TextEncoder().encode("\r\n\r\n");
  const parts = [];
  let at = find(mark, 0);
  while (at >= 0) {
    at += mark.length;
    if (data[at] === 45 && data[at + 1] === 45) break; // "--": the end
    const body = find(blank, at);
    if (body < 0) break;
    const head = new TextDecoder().decode(data.subarray(at, body));
    const r = /content-range:\s*bytes\s+(\d+)-(\d+)/i.exec(head);
    if (!r) throw new Error("multipart part without Content-Range");
    const start = Number(r[1]);
    const len = Number(r[2]) - start + 1;
    parts.push({ start, bytes: data.subarray(body + 4, body + 4 + len) });
    at = find(mark, body + 4 + len);
  }
  return parts;
}

function ranges(url) {
  let whole = null;
  let batch = null;
  // null: not known yet; then true or false.
  let multi = null;
  const io = { requests: 0, bytes: 0 };
  const cut = (buf, start, end) => new Uint8Array(buf, start, end - start);

  const resolveFrom = (g, part) =>
    g.reads.forEach((r) => r.resolve(part.bytes.subarray(r.start - part.start, r.end - part.start)));
  const fail = (g, err) => g.reads.forEach((r) => r.reject(err));

  async function get(start, end) {
    if (whole) return { buf: whole, at: 0 };
    io.requests += 1;
    const r = await fetch(url, { headers: { Range: `bytes=${start}-${end - 1}` } });
    if (!r.ok) throw new Error(`HTTP ${r.status} for ${url}`);
    const buf = await r.arrayBuffer();
    io.bytes += buf.byteLength;
    if (r.status === 206) return { buf, at: start };
    whole = buf;
    return { buf, at: 0 };
  }

  function single(g) {
    get(g.start, g.end).then(
      ({ buf, at }) => resolveFrom(g, { start: at, bytes: new Uint8Array(buf) }),
      (err) => fail(g, err),
    );
  }

  // One request for several groups; what it does not bring is fetched
  // range by range.
  async function several(groups) {
    let parts = [];
    try {
      io.requests += 1;
      const ctl = new AbortController();
      const spec = groups.map((g) => `${g.start}-${g.end - 1}`).join(",");
      const r = await fetch(url, { headers: { Range: `bytes=${spec}` }, signal: ctl.signal });
      const type = r.headers.get("content-type") || "";
      if (r.status === 206 && /^multipart\/byteranges/i.test(type)) {
        const buf = await r.arrayBuffer();
        io.bytes += buf.byteLength;
        parts = multipart(buf, type);
        multi = true;
      } else {
        multi = false;
        if (r.status === 206) {
          // One range only (the first, or all of them merged).
          const cr = /bytes\s+(\d+)-/.exec(r.headers.get("content-range") || "");
          const buf = await r.arrayBuffer();
          io.bytes += buf.byteLength;
          if (cr) parts = [{ start: Number(cr[1]), bytes: new Uint8Array(buf) }];
        } else {
          // The whole file, or an error: not worth reading; ask again
          // range by range.
          ctl.abort();
        }
      }
    } catch (err) {
      multi = false;
    }
    for (const g of groups) {
      const p = parts.find((p) => p.start <= g.start && g.end <= p.start + p.bytes.length);
      if (p) resolveFrom(g, p);
      else single(g);
    }
  }

  function flush() {
    const reads = batch.sort((a, b) => a.start - b.start);
    batch = null;
    const groups = [];
    for (const r of reads) {
      const g = groups[groups.length - 1];
      if (g && r.start <= g.end + GAP) {
        g.end = Math.max(g.end, r.end);
        g.reads.push(r);
      } else {
        groups.push({ start: r.start, end: r.end, reads: [r] });
      }
    }
    if (whole || multi === false || groups.length === 1) {
      groups.forEach(single);
      return;
    }
    for (let i = 0; i < groups.length; i += MAX_PARTS) several(groups.slice(i, i + MAX_PARTS));
  }

  // Ranges fetched whole in the background (the manifest's `prefetch`):
  // { start, end, bytes: Promise<Uint8Array> }. A read inside one waits for
  // it instead of asking the server again.
  const held = [];
  const within = (start, end) => held.find((h) => h.start <= start && end <= h.end);

  const api = {
    io,
    // Asynchronous: batched as above.
    read(start, end) {
      if (whole) return Promise.resolve(cut(whole, start, end));
      const h = within(start, end);
      if (h) {
        return h.bytes.then(
          (b) => b.subarray(start - h.start, end - h.start),
          () => api.read(start, end),
        );
      }
      return new Promise((resolve, reject) => {
        if (!batch) {
          batch = [];
          queueMicrotask(flush);
        }
        batch.push({ start, end, resolve, reject });
      });
    },
    // Fetches [start, end) in one request and keeps it (a failure only
    // drops it: reads then go to the server as before).
    prefetch(start, end) {
      if (whole || within(start, end)) return;
      const h = { start, end, bytes: null, ready: null };
      h.bytes = get(start, end).then(({ buf, at }) => {
        h.ready = new Uint8Array(buf, start - at, end - start);
        return h.ready;
      });
      h.bytes.catch(() => held.splice(held.indexOf(h), 1));
      held.push(h);
    },
    // Synchronous (allowed in a worker): only for reads the engine's
    // read-ahead did not foresee.
    readSync(start, end) {
      if (whole) return cut(whole, start, end);
      const h = within(start, end);
      if (h && h.ready) return h.ready.subarray(start - h.start, end - h.start);
      io.requests += 1;
      const xhr = new XMLHttpRequest();
      xhr.open("GET", url, false);
      xhr.setRequestHeader("Range", `bytes=${start}-${end - 1}`);
      xhr.responseType = "arraybuffer";
      xhr.send();
      if (xhr.status === 206) {
        io.bytes += xhr.response.byteLength;
        return new Uint8Array(xhr.response);
      }
      if (xhr.status === 200) {
        whole = xhr.response;
        return cut(whole, start, end);
      }
      throw new Error(`HTTP ${xhr.status} for ${url}`);
    },
  };
  return api;
}

// The preload, the facet table and each stored document are gzipped by the
// build; the browser inflates them.
const gunzip = (stream) =>
  new Response(stream.pipeThrough(new DecompressionStream("gzip"))).arrayBuffer();

// A stored document (a gzip member of a kilobyte or two), for the engine:
// written to and read from the stream directly, which costs a fraction of
// a millisecond where a Blob → Response round trip costs several.
async function inflate(bytes) {
  const ds = new DecompressionStream("gzip");
  const w = ds.writable.getWriter();
  w.write(bytes).catch(() => {});
  w.close().catch(() => {});
  const r = ds.readable.getReader();
  const chunks = [];
  let n = 0;
  for (;;) {
    const { done, value } = await r.read();
    if (done) break;
    chunks.push(value);
    n += value.length;
  }
  if (chunks.length === 1) return chunks[0];
  const out = new Uint8Array(n);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

async function fetchGzipped(url, name) {
  const r = await fetch(url);
  if (!r.ok) throw new Error(`HTTP ${r.status} for ${name}`);
  return new Uint8Array(await gunzip(r.body));
}

// A query needs the facet table when it filters by facet or asks for
// counts (the search page); the header's list does neither.
const needsFacets = (q) =>
  q.counts !== false || Object.values(q.facets || {}).some((keys) => keys.length);

async function open(manifestUrl, withFacets) {
  const t0 = performance.now();
  const base = new URL(manifestUrl, self.location.href);
  const [{ SearchEngine }, text] = await Promise.all([
    glue.then(async (m) => {
      // A Response: compiled while it downloads (instantiateStreaming).
      await m.default({ module_or_path: wasmResponse }).catch((err) => {
        // The copy did not come or did not inflate (a host that refuses
        // or alters `.bin` files): the `.wasm` itself.
        if (!packed) throw err;
        return m.default({ module_or_path: fetch(wasmUrl) });
      });
      return m;
    }),
    fetch(base).then((r) => {
      if (!r.ok) throw new Error(`HTTP ${r.status} for ${base}`);
      return r.text();
    }),
  ]);
  const manifest = JSON.parse(text);
  let facets = null;
  const table = () =>
    (facets = facets || fetchGzipped(new URL(manifest.facets_file, base), manifest.facets_file));
  if (withFacets) table();
  const pre = await fetchGzipped(new URL(manifest.preload_file, base), manifest.preload_file);
  const io = ranges(new URL(manifest.index_file, base).href);
  const engine = new SearchEngine(manifest, pre, io.readSync, io.read, inflate);
  // Loads the facet table once, when the first query that needs it comes.
  let loading = null;
  const loadFacets = () =>
    (loading = loading || table().then((bytes) => engine.load_facets(bytes)));
  // The rest of a small index, once the page has shown its first results
  // (the "prefetch" message).
  const prefetch = () => {
    if (manifest.prefetch) {
      const [offset, len] = manifest.prefetch;
      io.prefetch(offset, offset + len);
    }
  };
  return {
    engine,
    io: io.io,
    prefetch,
    loadFacets,
    // Facet labels (facet → key → label), from the manifest (the
    // module skips them).
    labels: manifest.labels,
    // The facet keys this index knows (the search page drops the others
    // from a URL made in another language).
    facets: manifest.facets,
    openMs: performance.now() - t0,
  };
}

// Queries run one at a time, in the order they arrive.
let queue = Promise.resolve();

async function search(msg) {
  const { engine, io, loadFacets } = await opening;
  const t0 = performance.now();
  if (needsFacets(msg.query) && !engine.has_facets()) await loadFacets();
  const results = await engine.search(msg.query);
  self.postMessage({
    type: "results",
    id: msg.id,
    results,
    ms: performance.now() - t0,
    // HTTP requests and bytes of the index file so far; sync: blocking
    // reads the engine did not foresee.
    fetched: io.bytes,
    requests: io.requests,
    syncRequests: engine.sync_requests(),
  });
}

self.onmessage = async (event) => {
  const msg = event.data;
  try {
    if (msg.type === "init") {
      opening = opening || open(msg.manifestUrl, !!msg.facets);
      const { labels, facets, openMs } = await opening;
      self.postMessage({ type: "ready", labels, facets, openMs });
    } else if (msg.type === "prefetch") {
      // Sent by the page once its first results are painted.
      (await opening).prefetch();
    } else if (msg.type === "search" && msg.background) {
      // Snippets of hits already shown: may wait for the network while
      // the typed queries go on.
      await search(msg);
    } else if (msg.type === "search") {
      const run = queue.then(() => search(msg));
      queue = run.catch(() => {});
      await run;
    }
  } catch (err) {
    self.postMessage({ type: "error", id: msg.id, message: String(err && err.message ? err.message : err) });
  }
};
