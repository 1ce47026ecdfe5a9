// Measures the search of a built site in headless Chromium (no assertions):
// bytes and requests from focusing the header field to the first result,
// time from the first keystroke to the results on screen (cold cache), and
// engine time of later queries (median, p95).
//
//   node tests/browser/measure.mjs <built-site-dir> [lang] [query] [query...]
//   node tests/browser/measure.mjs public fr "gaspillage alimentaire" maintenance
//   TYPE=fill node tests/browser/measure.mjs public   (whole query at once)
//
// Transfer sizes are those of the files as served (this server does not
// compress): scripts/build-wasm prints the gzip/brotli size of the module.

import { chromium } from "playwright-core";
import { serve } from "./server.mjs";
import { CHROMIUM, CHROMIUM_ARGS } from "./support.mjs";

const [dir = "public", lang = "fr", first = "gaspillage alimentaire", ...more] = process.argv.slice(2);
const later = more.length ? more : ["maintenance", "donnees", "securite", "formation", "prompt", "llm", "collectivite", "tourisme", "gaspill", "maintenace"];

const server = await serve(dir);
const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
const page = await browser.newPage();
await page.goto(`${server.url}/${lang}/`);
await page.waitForLoadState("networkidle");
const input = page.locator("form[data-search] input[data-search-input]").first();
const before = server.log.length;
await input.focus();
const t0 = Date.now();
// TYPE=fill sends the whole query at once (as a search API call would);
// by default it is typed key by key, a query per keystroke.
if (process.env.TYPE === "fill") await input.fill(first);
else await input.pressSequentially(first, { delay: 60 });
await page.waitForFunction((q) => {
  const s = window.academieSearch.queries;
  return s.length && s[s.length - 1].text === q;
}, first, { timeout: 60000 });
const cold = server.log.slice(before);
const stats = await page.evaluate(() => window.academieSearch);
const firstShown = stats.queries[0];
const bytes = cold.reduce((s, e) => s + e.bytes, 0);
const byKind = {};
for (const e of cold) {
  const k = /\.wasm$/.test(e.url) ? "wasm" : /\.js$/.test(e.url) ? "js" : /manifest/.test(e.url) ? "manifest" : /preload/.test(e.url) ? "preload" : /index\./.test(e.url) ? "index ranges" : "other";
  byKind[k] = (byKind[k] || 0) + e.bytes;
}
const engine = [];
for (const q of later) {
  await input.fill(q);
  await page.waitForFunction((t) => {
    const s = window.academieSearch.queries;
    return s.length && s[s.length - 1].text === t;
  }, q);
}
const all = await page.evaluate(() => window.academieSearch.queries);
const engineMs = [];
for (const q of all.slice(-later.length)) {
  engine.push(q.shownMs);
  engineMs.push(q.engineMs);
}
engineMs.sort((a, b) => a - b);
engine.sort((a, b) => a - b);
const pct = (p) => engine[Math.min(engine.length - 1, Math.floor(p * engine.length))];
console.log(JSON.stringify({
  site: dir,
  lang,
  first_query: first,
  first_query_bytes: bytes,
  first_query_requests: cold.length,
  bytes_by_kind: byKind,
  engine_open_ms: Math.round(stats.openMs),
  first_keystroke_to_first_results_ms: Math.round(firstShown.shownMs),
  typed_query_total_ms: Date.now() - t0,
  later_queries: later.length,
  later_shown_ms_median: Math.round(pct(0.5) * 10) / 10,
  later_shown_ms_p95: Math.round(pct(0.95) * 10) / 10,
  later_engine_ms_median: Math.round(engineMs[Math.floor(engineMs.length / 2)] * 10) / 10,
  later_requests_total: all[all.length - 1].requests,
  later_fetched_total: all[all.length - 1].fetched,
  // Every query of the session: typed prefixes of the first query, then the
  // later ones; requests and bytes are those the query itself fetched
  // (sync_requests: blocking reads the engine's read-ahead did not foresee).
  queries: all.map((q, i) => ({
    text: q.text,
    shown_ms: Math.round(q.shownMs * 10) / 10,
    engine_ms: Math.round(q.engineMs * 10) / 10,
    requests: q.requests - (i ? all[i - 1].requests : 0),
    sync_requests: (q.syncRequests || 0) - (i ? all[i - 1].syncRequests || 0 : 0),
    fetched: q.fetched - (i ? all[i - 1].fetched : 0),
  })),
}, null, 2));
await browser.close();
await server.close();
