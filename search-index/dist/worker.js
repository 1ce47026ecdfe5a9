// Search worker: loads the wasm engine and answers queries off the main
// thread. `__GLUE__` and `__WASM__` are replaced by the content-hashed file
// names when the site is built (src/search/mod.rs).
import init, { SearchEngine } from "./__GLUE__";

const wasmUrl = new URL("./__WASM__", import.meta.url);
let opening = null;

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
  const pre = await fetch(new URL(manifest.preload_file, base)).then((r) => r.arrayBuffer());
  const engine = new SearchEngine(text, new URL(manifest.index_file, base).href, new Uint8Array(pre));
  return { engine, labels: JSON.parse(engine.labels()), openMs: performance.now() - t0 };
}

self.onmessage = async (event) => {
  const msg = event.data;
  try {
    if (msg.type === "init") {
      opening = opening || open(msg.manifestUrl);
      const { labels, openMs } = await opening;
      self.postMessage({ type: "ready", labels, openMs });
    } else if (msg.type === "search") {
      const { engine } = await opening;
      const t0 = performance.now();
      const results = JSON.parse(engine.search(JSON.stringify(msg.query)));
      self.postMessage({
        type: "results",
        id: msg.id,
        results,
        ms: performance.now() - t0,
        fetched: engine.fetched_bytes(),
        requests: engine.requests(),
      });
    }
  } catch (err) {
    self.postMessage({ type: "error", id: msg.id, message: String(err && err.message ? err.message : err) });
  }
};
