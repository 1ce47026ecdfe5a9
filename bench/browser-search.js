// Measures search in headless Chromium on a served build: bytes the browser
// downloads for a first query (cold cache) and query latencies (cold, then
// warm: later queries in the same page, after every cold run).
//
//   node browser-search.js --tool pagefind --site DIR [--mode api|ui] [--lang fr]
//   node browser-search.js --tool academie --site DIR [--lang fr]
//   options: --runs N (cold runs, fresh browser context each), --json FILE,
//            --query TEXT (the first query, instead of the corpus's own),
//            --page PATH (page to start from, default /LANG/),
//            --chromium PATH (default /usr/bin/chromium)
//
// pagefind/api: the Pagefind JS API (import pagefind.js, search, load the
//   first result's data), as in Pagefind's own docs.
// pagefind/ui: Pagefind's default UI added to the page (debounce 0), the
//   query set in its field; done when the first result title is on screen.
// academie: the theme's header search field (data-search-input) is focused
//   (which starts the download) and the query set; done when the first result
//   is on screen in [data-search-results].
// Bytes are counted by the server (bench/serve.js: gzip for text types, as
// sent on the wire) from the moment the page has loaded; requests that do not
// go to 127.0.0.1 fail (they do not resolve) and are reported.
'use strict';

const path = require('path');
const fs = require('fs');
const { serve } = require('./serve');

function args() {
  const a = { tool: 'pagefind', mode: 'api', lang: 'fr', runs: 5, chromium: '/usr/bin/chromium' };
  const v = process.argv.slice(2);
  for (let i = 0; i < v.length; i += 2) a[v[i].replace(/^--/, '')] = v[i + 1];
  a.runs = Number(a.runs);
  if (!a.site) {
    console.error('usage: node browser-search.js --tool pagefind|academie --site DIR [--mode api|ui] [--lang fr] [--runs N] [--json FILE]');
    process.exit(2);
  }
  return a;
}

// Two-word queries of the corpus domain (bench/corpus word lists).
const QUERIES = {
  fr: {
    first: 'gaspillage alimentaire',
    next: ['maintenance machines', 'données personnelles', 'consommation énergie', 'courriels clients',
      'vision ordinateur', 'prévision ventes', 'agent conversationnel', 'qualité pièces',
      'factures fournisseurs', 'reconnaissance vocale', 'fausses alertes', 'plannings équipes'],
  },
  en: {
    first: 'food waste',
    next: ['machine breakdowns', 'personal data', 'energy consumption', 'customer emails',
      'computer vision', 'sales forecast', 'chatbot assistant', 'quality parts',
      'supplier invoices', 'speech recognition', 'false alarms', 'team rotas'],
  },
};

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2) : null;
};
const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] : null;
};

// In-page helper: sets the query in `input` (focusing it first) and resolves
// with the milliseconds until the titles in `resultSel` differ from those
// shown before (a first result of the new query is on screen). The page is
// watched with a MutationObserver, so the time is that of the DOM change
// itself, not of the next animation frame.
const PAGE_HELPERS = `
window.__benchQuery = (inputSel, resultSel, q, timeout) => new Promise((resolve) => {
  const input = document.querySelector(inputSel);
  input.focus();
  // All result titles, joined; loading placeholders (". . .") do not count.
  const sig = () => [...document.querySelectorAll(resultSel)]
    .map((r) => r.textContent.trim()).filter((t) => t && !/^[.\\s]+$/.test(t)).join(' | ');
  const prev = sig();
  let done = false;
  const finish = (r) => {
    if (done) return;
    done = true;
    obs.disconnect();
    clearTimeout(timer);
    resolve(r);
  };
  const check = () => {
    const s = sig();
    if (s && s !== prev) finish({ ms: performance.now() - t0, first: s.slice(0, 120) });
  };
  const obs = new MutationObserver(check);
  obs.observe(document.body, { childList: true, subtree: true, characterData: true });
  const timer = setTimeout(() => finish({ ms: null, first: sig().slice(0, 120), timeout: true }), timeout);
  const t0 = performance.now();
  input.value = q;
  input.dispatchEvent(new Event('input', { bubbles: true }));
  check();
});`;

async function main() {
  const a = args();
  const { chromium } = require('playwright-core');
  const site = path.resolve(a.site);
  const q = { ...(QUERIES[a.lang] || QUERIES.fr) };
  if (a.query) q.first = a.query;
  const server = await serve(site);
  const browser = await chromium.launch({
    executablePath: a.chromium,
    headless: true,
    // Other hosts do not resolve: nothing leaves 127.0.0.1, and no request
    // pays for an interception round trip through DevTools.
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync',
      '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1'],
  });
  const outside = [];
  const startPage = a.page || `/${a.lang}/`;
  let inputSel; let resultSel;
  if (a.tool === 'academie') {
    inputSel = a.input || '#site-search-q, [data-search-input]';
    resultSel = a.result || '[data-search-results] li';
  } else {
    inputSel = '.pagefind-ui__search-input';
    resultSel = '.pagefind-ui__result-link';
  }
  const searchPath = (p) => (a.tool === 'pagefind' ? p.startsWith('/pagefind/') : /search|wasm|worker/.test(p));

  const cold = [];
  let warm = [];
  for (let run = 0; run < a.runs; run++) {
    const ctx = await browser.newContext({ serviceWorkers: 'block' });
    ctx.on('request', (req) => {
      const u = new URL(req.url());
      if (/^https?:$/.test(u.protocol) && u.hostname !== '127.0.0.1') outside.push(u.href);
    });
    const page = await ctx.newPage();
    await page.goto(server.url + startPage, { waitUntil: 'load' });
    await page.waitForTimeout(300);
    const pageBytes = server.bytes();
    server.reset();
    await page.evaluate(PAGE_HELPERS); // through DevTools: not subject to the page's CSP
    let r;
    if (a.tool === 'pagefind' && a.mode === 'api') {
      r = await page.evaluate(async (query) => {
        const t0 = performance.now();
        const pf = await import('/pagefind/pagefind.js');
        const res = await pf.search(query);
        const d = res.results.length ? await res.results[0].data() : null;
        window.__pf = pf;
        return { ms: performance.now() - t0, count: res.results.length, first: d && d.meta.title };
      }, q.first);
    } else {
      if (a.tool === 'pagefind') {
        await page.addStyleTag({ url: '/pagefind/pagefind-ui.css' });
        await page.addScriptTag({ url: '/pagefind/pagefind-ui.js' });
        await page.evaluate(() => {
          const d = document.createElement('div');
          d.id = 'bench-search';
          document.body.prepend(d);
          // eslint-disable-next-line no-undef
          new PagefindUI({ element: '#bench-search', showImages: false, debounceTimeoutMs: 0 });
        });
        await page.waitForSelector(inputSel);
      }
      r = await page.evaluate(([i, s, query]) => window.__benchQuery(i, s, query, 20000), [inputSel, resultSel, q.first]);
    }
    await page.waitForTimeout(200); // let the first screen of results finish loading
    const log = [...server.log];
    cold.push({
      ms: r.ms, first: r.first, count: r.count, page_bytes: pageBytes,
      bytes: log.reduce((s, x) => s + x.bytes, 0),
      search_bytes: log.filter((x) => searchPath(x.path)).reduce((s, x) => s + x.bytes, 0),
      requests: log.length,
      files: log.map((x) => `${x.status} ${x.bytes} ${x.path}${x.range ? ' ' + x.range : ''}`),
    });
    if (r.ms === null || r.ms === undefined) {
      // No result: the engine failed (its error is on the page); do not
      // spend more runs on it.
      const status = await page.evaluate(() => [...document.querySelectorAll('[role=status]')].map((e) => e.textContent.trim()).join(' '));
      cold[cold.length - 1].error = status || 'no result before the timeout';
      await ctx.close();
      break;
    }
    {
      // Warm: the next queries in the same page (engine and index parts
      // cached), after every cold run: 12 queries a run, so the median and
      // p95 come from 12 × runs samples, not from one page's 12.
      for (const query of q.next) {
        let w;
        if (a.tool === 'pagefind' && a.mode === 'api') {
          w = await page.evaluate(async (qq) => {
            const t0 = performance.now();
            const res = await window.__pf.search(qq);
            const d = res.results.length ? await res.results[0].data() : null;
            return { ms: performance.now() - t0, first: d && d.meta.title, count: res.results.length };
          }, query);
        } else {
          w = await page.evaluate(([i, s, qq]) => window.__benchQuery(i, s, qq, 10000), [inputSel, resultSel, query]);
          await page.waitForTimeout(300); // let the rest of the results load
        }
        warm.push({ run, query, ms: w.ms, first: w.first });
      }
    }
    await ctx.close();
  }
  await browser.close();
  await server.close();
  const ok = (x) => x.ms !== null && x.ms !== undefined;
  const out = {
    tool: a.tool,
    mode: a.tool === 'pagefind' ? a.mode : 'ui',
    lang: a.lang,
    first_query: q.first,
    cold_runs: cold.length,
    cold_ms_median: median(cold.filter(ok).map((x) => x.ms)),
    cold_bytes_median: median(cold.map((x) => x.bytes)),
    cold_search_bytes_median: median(cold.map((x) => x.search_bytes)),
    cold_requests_median: median(cold.map((x) => x.requests)),
    page_bytes_median: median(cold.map((x) => x.page_bytes)),
    warm_ms_median: median(warm.filter(ok).map((x) => x.ms)),
    warm_ms_p95: pct(warm.filter(ok).map((x) => x.ms), 95),
    timeouts: cold.filter((x) => !ok(x)).length + warm.filter((x) => !ok(x)).length,
    outside_requests: outside,
    cold,
    warm,
  };
  const text = JSON.stringify(out, null, 2);
  if (a.json) fs.writeFileSync(a.json, text);
  const kb = (b) => (b / 1024).toFixed(1) + ' KiB';
  console.log(`${out.tool}/${out.mode} ${out.lang}: first query "${q.first}": ${out.cold_ms_median?.toFixed(0)} ms cold (median of ${cold.length}), ` +
    `${kb(out.cold_bytes_median)} downloaded in ${out.cold_requests_median} requests; next queries ${out.warm_ms_median?.toFixed(1)} ms median, ` +
    `${out.warm_ms_p95?.toFixed(1)} ms p95; timeouts ${out.timeouts}; outside requests ${outside.length}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
