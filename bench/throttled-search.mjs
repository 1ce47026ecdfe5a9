// Search on a phone network, academie beside Pagefind, on one built site.
//
// Lighthouse's mobile throttling through the Chrome DevTools Protocol:
// Network.emulateNetworkConditions (1.6 Mbit/s down, 750 kbit/s up,
// 150 ms round trip) and Emulation.setCPUThrottlingRate 4, on every page
// and worker of the browser context. The site is served by bench/serve.js
// (brotli for whole files, ranges as nginx answers them; ENCODING=gzip for
// a gzip-only host); bytes are counted by that server, as sent.
//
// For each tool and run, in a fresh browser context (cold cache):
//   - the page (LANG home) loads under throttling; its bytes are reported
//     apart ("page"), search scripts the page loads included;
//   - the search field is focused and the first query set at once (as a
//     paste would): "first" is the time from the focus to the first result
//     title on screen, "bytes" what the browser asked for from the focus to
//     then (a request made after the results, such as academie's
//     background fetch of the stored documents, is left out), and
//     "bytes_settled" everything until the network went quiet after them;
//   - then each later query is set in the same field: time until its
//     results replace the previous ones (target: at most 100 ms).
// academie: the theme's header field. Pagefind: its default UI
// (pagefind-ui.js, debounce 0) added to the same page, as a site using it
// would (with the page's CSP bypassed: Pagefind's UI sets inline styles).
//
//   node bench/throttled-search.mjs --site DIR [--lang fr] [--runs 3]
//        [--tools academie,pagefind] [--json FILE] [--no-throttle]
//   (runs `pagefind --site DIR` first if DIR has no pagefind/ folder;
//    needs bench/node_modules: cd bench && npm install)
import { createRequire } from "node:module";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const { serve } = require("./serve.js");
const { chromium } = require("playwright-core");

const QUERIES = {
  fr: {
    first: "comment écrire un prompt",
    next: ["rgpd", "maintenance prédictive", "financer un projet", "données personnelles", "bâtiment",
      "chatbot", "formation salariés", "bretagne", "contrôle qualité", "tourisme"],
  },
  en: {
    first: "how to write a prompt",
    next: ["gdpr", "predictive maintenance", "funding a project", "personal data", "construction",
      "chatbot", "staff training", "brittany", "quality control", "tourism"],
  },
};

// Lighthouse's "Slow 4G" mobile profile (devtools throttling).
const NETWORK = {
  offline: false,
  latency: 150,
  downloadThroughput: (1.6 * 1024 * 1024) / 8 * 0.9,
  uploadThroughput: (750 * 1024) / 8 * 0.9,
};
const CPU_RATE = 4;

function args() {
  const a = { lang: "fr", runs: 3, tools: "academie,pagefind", chromium: "/usr/bin/chromium", throttle: true };
  const v = process.argv.slice(2);
  for (let i = 0; i < v.length; i++) {
    const k = v[i].replace(/^--/, "");
    if (k === "no-throttle") a.throttle = false;
    else a[k] = v[++i];
  }
  a.runs = Number(a.runs);
  if (!a.site) {
    console.error("usage: node bench/throttled-search.mjs --site DIR [--lang fr] [--runs 3] [--tools academie,pagefind] [--json FILE] [--no-throttle]");
    process.exit(2);
  }
  a.site = resolve(a.site);
  return a;
}

const median = (xs) => {
  const s = xs.filter((x) => x != null).sort((p, q) => p - q);
  if (!s.length) return null;
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const p95 = (xs) => {
  const s = xs.filter((x) => x != null).sort((p, q) => p - q);
  return s.length ? s[Math.min(s.length - 1, Math.ceil(0.95 * s.length) - 1)] : null;
};

// In the page: focus `inputSel` (when `focus`), set the query, resolve with
// the time from the focus (or from the query) to the moment the result
// titles under `resultSel` differ from those shown before. A
// MutationObserver times the DOM change itself.
const HELPER = `
window.__tq = (inputSel, resultSel, q, focus, timeout) => new Promise((resolve) => {
  const input = document.querySelector(inputSel);
  const sig = () => [...document.querySelectorAll(resultSel)]
    .map((r) => r.textContent.trim()).filter((t) => t && !/^[.\\s]+$/.test(t)).join(' | ');
  const prev = sig();
  let done = false;
  const finish = (r) => { if (done) return; done = true; obs.disconnect(); clearTimeout(timer); resolve(r); };
  const check = () => { const s = sig(); if (s && s !== prev) finish({ ms: performance.now() - t0, at: performance.timeOrigin + performance.now(), first: s.slice(0, 80) }); };
  const obs = new MutationObserver(check);
  obs.observe(document.body, { childList: true, subtree: true, characterData: true });
  const timer = setTimeout(() => finish({ ms: null, first: sig().slice(0, 80), timeout: true }), timeout);
  const t0 = performance.now();
  if (focus) input.focus();
  input.value = q;
  input.dispatchEvent(new Event('input', { bubbles: true }));
  check();
});`;

async function run(a) {
  const q = QUERIES[a.lang] || QUERIES.fr;
  const tools = a.tools.split(",");
  if (tools.includes("pagefind") && !existsSync(join(a.site, "pagefind"))) {
    console.error(`indexing ${a.site} with Pagefind`);
    execFileSync(join(here, "node_modules/.bin/pagefind"), ["--site", a.site], { stdio: "inherit" });
  }
  const server = await serve(a.site);
  const browser = await chromium.launch({
    executablePath: a.chromium,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
      "--disable-component-update", "--disable-sync",
      "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"],
  });
  const out = { loadavg_at_start: readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" "), site: a.site, lang: a.lang, throttled: a.throttle, network: NETWORK, cpu_rate: CPU_RATE, encoding: process.env.ENCODING === "gzip" ? "gzip" : "br", tools: {} };
  try {
    // Runs alternate between the tools, so that a busy spell of the
    // machine does not fall on one tool only.
    const all = Object.fromEntries(tools.map((t) => [t, []]));
    for (let r = 0; r < a.runs; r++) {
      for (const tool of tools) all[tool].push(await once(browser, server, a, q, tool));
    }
    for (const tool of tools) {
      const runs = all[tool];
      const later = runs.flatMap((x) => x.later.map((l) => l.ms));
      out.tools[tool] = {
        first_query: q.first,
        first_ms_median: median(runs.map((x) => x.first.ms)),
        first_bytes_median: median(runs.map((x) => x.bytes)),
        settled_bytes_median: median(runs.map((x) => x.bytes_settled)),
        first_requests_median: median(runs.map((x) => x.requests)),
        page_bytes_median: median(runs.map((x) => x.page_bytes)),
        later_ms_median: median(later),
        later_ms_p95: p95(later),
        later_ms_max: later.length ? Math.max(...later.filter((x) => x != null)) : null,
        timeouts: runs.filter((x) => x.first.ms == null).length + later.filter((x) => x == null).length,
        runs,
      };
    }
  } finally {
    await browser.close();
    await server.close();
  }
  return out;
}

async function once(browser, server, a, q, tool) {
  const context = await browser.newContext({
    serviceWorkers: "block",
    bypassCSP: tool === "pagefind",
    viewport: { width: 412, height: 823 },
    isMobile: true,
    hasTouch: true,
  });
  const page = await context.newPage();
  await throttleContext(context, page, a.throttle);
  server.reset();
  await page.goto(`${server.url}/${a.lang}/`, { waitUntil: "load", timeout: 120000 });
  let inputSel; let resultSel;
  if (tool === "academie") {
    inputSel = "#site-search-q";
    // Titles, or the "no result" line.
    resultSel = "#site-search-results li.search-hit .search-hit-title, #site-search-results li.search-none";
  } else {
    await page.addStyleTag({ url: "/pagefind/pagefind-ui.css" });
    await page.addScriptTag({ url: "/pagefind/pagefind-ui.js" });
    await page.evaluate(() => {
      const d = document.createElement("div");
      d.id = "bench-search";
      document.querySelector("main").prepend(d);
      // eslint-disable-next-line no-undef
      new PagefindUI({ element: "#bench-search", showImages: false, debounceTimeoutMs: 0 });
    });
    inputSel = ".pagefind-ui__search-input";
    resultSel = ".pagefind-ui__result-link";
    await page.waitForSelector(inputSel);
  }
  await page.waitForLoadState("networkidle");
  const pageBytes = server.bytes();
  server.reset();
  await page.evaluate(HELPER);
  const first = await page.evaluate(([i, s, t]) => window.__tq(i, s, t, true, 60000), [inputSel, resultSel, q.first]);
  // What was asked for until the results showed (the server sends at
  // once; the browser's throttling delivers later): a background fetch the
  // page starts after its results does not count here, only when settled.
  const asked = (x) => first.at == null || x.t <= first.at;
  const bytes = server.bytes(asked);
  const requests = server.log.filter(asked).length;
  const files = server.log.filter(asked).map((x) => `${x.status} ${x.bytes} ${x.path}${x.range ? ` ${x.range}` : ""}`);
  await page.waitForLoadState("networkidle");
  await page.waitForTimeout(500);
  const bytesSettled = server.bytes();
  const later = [];
  for (const text of q.next) {
    const r = await page.evaluate(([i, s, t]) => window.__tq(i, s, t, false, 20000), [inputSel, resultSel, text]);
    later.push({ query: text, ms: r.ms, first: r.first });
    await page.waitForTimeout(300);
  }
  const engine = tool === "academie" ? await page.evaluate(() => window.academieSearch) : null;
  await context.close();
  return { first, bytes, bytes_settled: bytesSettled, requests, page_bytes: pageBytes, files, later, engine };
}

/** Network and CPU throttling on the page and on the workers it starts. */
async function throttleContext(context, page, on) {
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
  if (!on) return;
  await cdp.send("Network.emulateNetworkConditions", NETWORK);
  await cdp.send("Emulation.setCPUThrottlingRate", { rate: CPU_RATE });
}

const a = args();
const res = await run(a);
const kib = (b) => (b == null ? "?" : `${(b / 1024).toFixed(1)} KiB`);
const ms = (x) => (x == null ? "timeout" : `${Math.round(x)} ms`);
for (const [tool, t] of Object.entries(res.tools)) {
  console.log(`${tool} ${a.lang}${a.throttle ? " (throttled: 1.6 Mbit/s, 150 ms RTT, CPU ×4)" : ""}: ` +
    `focus → first results "${t.first_query}" ${ms(t.first_ms_median)}, ${kib(t.first_bytes_median)} in ${t.first_requests_median} requests ` +
    `(${kib(t.settled_bytes_median)} when the network is quiet); later queries ${ms(t.later_ms_median)} median, ` +
    `${ms(t.later_ms_p95)} p95, ${ms(t.later_ms_max)} max; page ${kib(t.page_bytes_median)}; timeouts ${t.timeouts}`);
}
console.log(`(median of ${a.runs} runs; load average at start ${res.loadavg_at_start})`);
if (a.json) writeFileSync(a.json, JSON.stringify(res, null, 2));
