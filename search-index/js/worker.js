// Search worker: loads the wasm engine and answers queries off the main
// thread. `__GLUE__` and `__WASM__` are replaced by the content-hashed file
// names when the site is built (src/search/mod.rs).
import init, { SearchEngine } from "./__GLUE__";

const wasmUrl = new URL("./__WASM__", import.meta.url);
let opening = null;

// Reads of byte ranges [start, end) of the index file. A server that
// ignores `Range` answers 200 with the whole file: the file is then kept in
// memory.
//
// The engine asks for every range one step of a query needs (term
// dictionary blocks, postings, stored hits) at once; the ranges asked for in
// the same turn of the event loop are sorted and those less than GAP bytes
// apart are fetched with one request, so a query costs a few requests,
// sent in parallel.
const GAP = 4 * 1024;

function ranges(url) {
  let whole = null;
  let batch = null;
  const io = { requests: 0, bytes: 0 };
  const cut = (buf, start, end) => new Uint8Array(buf, start, end - start);

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
    for (const g of groups) {
      get(g.start, g.end).then(
        ({ buf, at }) => g.reads.forEach((r) => r.resolve(cut(buf, r.start - at, r.end - at))),
        (err) => g.reads.forEach((r) => r.reject(err)),
      );
    }
  }

  return {
    io,
    // Asynchronous: batched as above.
    read(start, end) {
      if (whole) return Promise.resolve(cut(whole, start, end));
      return new Promise((resolve, reject) => {
        if (!batch) {
          batch = [];
          queueMicrotask(flush);
        }
        batch.push({ start, end, resolve, reject });
      });
    },
    // Synchronous (allowed in a worker): only for reads the engine's
    // read-ahead did not foresee.
    readSync(start, end) {
      if (whole) return cut(whole, start, end);
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
}

async function open(manifestUrl) {
  const t0 = performance.now();
  const base = new URL(manifestUrl, self.location.href);
  const [, text] = await Promise.all([
    init({ module_or_path: wasmUrl }),
    fetch(base).then((r) => {
      if (!r.ok) throw new Error(`HTTP ${r.status} for ${base}`);
      return r.text();
    }),
  ]);
  const manifest = JSON.parse(text);
  // The preload file is gzipped by the build.
  const pre = await fetch(new URL(manifest.preload_file, base)).then((r) => {
    if (!r.ok) throw new Error(`HTTP ${r.status} for ${manifest.preload_file}`);
    return new Response(r.body.pipeThrough(new DecompressionStream("gzip"))).arrayBuffer();
  });
  const io = ranges(new URL(manifest.index_file, base).href);
  const engine = new SearchEngine(text, new Uint8Array(pre), io.readSync, io.read);
  return { engine, io: io.io, labels: JSON.parse(engine.labels()), openMs: performance.now() - t0 };
}

// Queries run one at a time, in the order they arrive.
let queue = Promise.resolve();

async function search(msg) {
  const { engine, io } = await opening;
  const t0 = performance.now();
  const results = JSON.parse(await engine.search(JSON.stringify(msg.query)));
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
      opening = opening || open(msg.manifestUrl);
      const { labels, openMs } = await opening;
      self.postMessage({ type: "ready", labels, openMs });
    } else if (msg.type === "search") {
      const run = queue.then(() => search(msg));
      queue = run.catch(() => {});
      await run;
    }
  } catch (err) {
    self.postMessage({ type: "error", id: msg.id, message: String(err && err.message ? err.message : err) });
  }
};
