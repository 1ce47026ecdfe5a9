// Browser test of the search: builds the fixture site (tests/browser/site),
// serves it on 127.0.0.1, drives Debian's headless Chromium with
// playwright-core, types a query, checks results and facet counts, toggles a
// facet, goes back, and checks that no request left 127.0.0.1. Then, on a
// generated site of 800 pages (bench/corpus) whose index is too large to be
// preloaded, checks that queries read it by HTTP Range requests only, never
// whole, and that every read was fetched ahead (none blocking).
//
//   node tests/browser/search.test.mjs            (builds the sites with cargo)
//   SITE_DIR=/path/to/built/site BIG_SITE_DIR=/path/to/built/corpus \
//     node tests/browser/search.test.mjs
//
// Never skips: a missing Chromium or a site built without search fails.

import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import assert from "node:assert/strict";
import { chromium } from "playwright-core";
import { serve } from "./server.mjs";
import { buildSite, CHROMIUM, CHROMIUM_ARGS, here, repo } from "./support.mjs";



// A generated site (bench/corpus, 800 page translations): its index is
// several hundred KB, read by range.
function buildBigSite() {
  if (process.env.BIG_SITE_DIR) return { dir: resolve(process.env.BIG_SITE_DIR), cleanup: () => {} };
  const root = mkdtempSync(join(tmpdir(), "academie-search-corpus-"));
  const out = mkdtempSync(join(tmpdir(), "academie-search-corpus-out-"));
  execFileSync(
    "cargo",
    ["run", "--quiet", "-p", "corpus", "--", "--pages", "800", "--seed", "1", "--out", root, "--repo", repo],
    { cwd: repo, stdio: "inherit" },
  );
  execFileSync("cargo", ["run", "--quiet", "--", "build", "--root", root, "--output", out], {
    cwd: repo,
    stdio: "inherit",
  });
  return {
    dir: out,
    cleanup: () => {
      rmSync(root, { recursive: true, force: true });
      rmSync(out, { recursive: true, force: true });
    },
  };
}

const results = [];
async function step(name, fn) {
  const t0 = Date.now();
  try {
    await fn();
    results.push({ name, ok: true, ms: Date.now() - t0 });
    console.log(`ok   ${name} (${Date.now() - t0} ms)`);
  } catch (e) {
    results.push({ name, ok: false });
    console.log(`FAIL ${name}\n     ${String(e.stack || e).split("\n").slice(0, 6).join("\n     ")}`);
    throw e;
  }
}

assert.ok(existsSync(CHROMIUM), `Chromium not found at ${CHROMIUM} (scripts/install-test-deps installs it)`);
const site = buildSite(join(here, "site"), "academie-search-site-", "inherit");
const server = await serve(site.dir);
const big = buildBigSite();
const bigServer = await serve(big.dir);
const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
const outside = [];
// Our servers (origin + "/": another port sharing a prefix is not ours).
const origins = [server.url, bigServer.url];
const ours = (url) =>
  origins.some((o) => url.startsWith(`${o}/`)) ||
  url.startsWith("data:") ||
  url.startsWith("blob:");
let failed = false;
try {
  const context = await browser.newContext();
  // Anything not addressed to our server is recorded and refused.
  await context.route("**/*", (route) => {
    const url = route.request().url();
    if (ours(url)) {
      return route.continue();
    }
    outside.push(url);
    return route.abort();
  });
  const page = await context.newPage();
  page.on("request", (r) => {
    const u = r.url();
    if (!ours(u)) outside.push(u);
  });
  const pageErrors = [];
  page.on("pageerror", (e) => pageErrors.push(String(e)));
  page.on("console", (m) => {
    if (m.type() === "error") pageErrors.push(m.text());
  });

  const searchFiles = () =>
    server.log.filter((e) => /\/search\/.*(\.wasm|worker\.|academie_search\.|manifest\.json|\.bin)/.test(e.url));

  await step("home page loads nothing of the engine before focus", async () => {
    await page.goto(`${server.url}/fr/`);
    await page.waitForLoadState("networkidle");
    const form = page.locator("header form[data-search]");
    assert.equal(await form.count(), 1, "the header search form has no data-search: site built without search?");
    assert.deepEqual(searchFiles(), []);
  });

  let firstQueryBytes = 0;
  await step("typing a query with a typo shows results as you type", async () => {
    const input = page.locator("#site-search-q");
    const before = server.log.length;
    await input.focus();
    await input.pressSequentially("maintenace", { delay: 40 });
    const list = page.locator("#site-search-results");
    await list.locator("li.search-hit").first().waitFor({ timeout: 15000 });
    await page.waitForFunction(() => {
      const q = window.academieSearch.queries;
      return q.length && q[q.length - 1].text === "maintenace";
    });
    const titles = await list.locator(".search-hit-title").allTextContents();
    assert.ok(titles.some((t) => /Maintenance prédictive/.test(t)), titles.join(" | "));
    assert.equal(titles.length, 4, titles.join(" | "));
    const status = await page.locator("#site-search-status").textContent();
    assert.match(status, /4 résultats/);
    const marks = await list.locator("mark").count();
    assert.ok(marks > 0, "typo matches are highlighted");
    firstQueryBytes = server.log.slice(before).reduce((s, e) => s + e.bytes, 0);
    // The list shows no facet counts: the facet table is not downloaded.
    const tables = server.log.slice(before).filter((e) => /\/search\/fr\/facets\.[0-9a-f]+\.bin$/.test(e.url));
    assert.deepEqual(tables, [], "the header's list fetched the facet table");
    const stats = await page.evaluate(() => window.academieSearch);
    console.log(
      `     first query: ${firstQueryBytes} bytes downloaded in ${server.log.length - before} requests; ` +
        `open ${Math.round(stats.openMs)} ms; ` +
        `per keystroke shown after ${stats.queries.map((q) => Math.round(q.shownMs)).join("/")} ms`,
    );
  });

  await step("keyboard: arrow down reaches the results, escape closes them", async () => {
    await page.keyboard.press("ArrowDown");
    const focused = await page.evaluate(() => document.activeElement.className);
    assert.match(focused, /search-hit-title/);
    await page.keyboard.press("Escape");
    assert.equal(await page.locator("#site-search-results").isHidden(), true);
    assert.equal(await page.evaluate(() => document.activeElement.id), "site-search-q");
  });

  await step("submitting opens the search page with facets and counts", async () => {
    await page.locator("#site-search-q").press("Enter");
    await page.waitForURL(/\/fr\/recherche\/\?q=maintenace/);
    const results = page.locator("[data-search-page-results] li.search-hit");
    await results.first().waitFor({ timeout: 15000 });
    assert.equal(await results.count(), 4);
    assert.equal(await page.locator("#search-page-q").inputValue(), "maintenace");
    const industrie = page.locator('input[type=checkbox][name=sector][value=industrie]');
    await industrie.waitFor();
    const label = await page.locator(`label[for="${await industrie.getAttribute("id")}"]`).textContent();
    assert.match(label, /\(3\)/, label);
    const types = await page.locator(".search-facet").first().textContent();
    assert.match(types, /\(2\)/, types); // two use cases
    const tables = server.log.filter((e) => /\/search\/fr\/facets\.[0-9a-f]+\.bin$/.test(e.url));
    assert.equal(tables.length, 1, "the search page fetches the facet table once");
  });

  await step("toggling a facet filters, counts follow, URL is shareable", async () => {
    await page.locator('label[for="f-sector-industrie"]').click();
    await page.waitForURL(/sector=industrie/);
    await page.waitForFunction(
      () => document.querySelectorAll("[data-search-page-results] li.search-hit").length === 3,
    );
    const status = await page.locator("[data-search-page-status]").textContent();
    assert.match(status, /3 résultats/);
    // OR within a facet: tourism still counted while industrie is selected
    const tourisme = await page.locator('label[for="f-sector-tourisme"]').textContent();
    assert.match(tourisme, /\(1\)/);
    assert.equal(await page.locator("#f-sector-industrie").isChecked(), true);
  });

  await step("the back button restores the previous query", async () => {
    await page.goBack();
    await page.waitForFunction(
      () => !location.search.includes("sector=") &&
        document.querySelectorAll("[data-search-page-results] li.search-hit").length === 4,
    );
  });

  await step("result text is escaped; only <mark> is markup", async () => {
    await page.locator("#search-page-q").fill("alert script");
    await page.waitForFunction(() => {
      const q = window.academieSearch.queries;
      return q.length && q[q.length - 1].text === "alert script";
    });
    const html = await page.locator("[data-search-page-results]").innerHTML();
    const text = html.replace(/<\/?mark>/g, "");
    assert.ok(text.includes("&lt;script&gt;alert(1)&lt;/script&gt;"), html);
    assert.equal(await page.locator("[data-search-page-results] script").count(), 0);
    const tags = [...html.matchAll(/<(\w+)/g)].map((m) => m[1]);
    assert.ok(tags.every((t) => ["li", "span", "a", "p", "mark"].includes(t)), tags.join(","));
  });

  await step("a small index shows hits before reading its stored text, then fetches that text once", async () => {
    const fresh = await context.newPage();
    const before = server.log.length;
    const indexReads = () =>
      server.log.slice(before).filter((e) => /\/search\/fr\/index\.[0-9a-f]+\.bin$/.test(e.url));
    await fresh.goto(`${server.url}/fr/`);
    const input = fresh.locator("#site-search-q");
    await input.focus();
    await input.fill("maintenance");
    await fresh.locator("#site-search-results li.search-hit").first().waitFor({ timeout: 15000 });
    await fresh.waitForFunction(() => window.academieSearch.queries[0]?.snippetsMs > 0, null, { timeout: 15000 });
    const [first] = await fresh.evaluate(() => window.academieSearch.queries);
    // Index bytes read (by the worker) when the hits were shown.
    assert.equal(first.fetched, 0, JSON.stringify(first));
    assert.equal(first.requests, 0, JSON.stringify(first));
    const reads = indexReads();
    assert.equal(reads.length, 1, JSON.stringify(reads));
    assert.equal(reads[0].status, 206);
    assert.match(reads[0].range, /^bytes=\d+-\d+$/);
    const snippets = await fresh.locator("#site-search-results .search-hit-text").allTextContents();
    assert.ok(snippets.some((t) => /maintenance/i.test(t)), snippets.join(" | "));
    for (const text of ["capteurs", "rgpd"]) {
      await input.fill(text);
      await fresh.waitForFunction(
        (t) => window.academieSearch.queries.some((q) => q.text === t && q.snippetsMs > 0),
        text,
        { timeout: 15000 },
      );
    }
    assert.equal(indexReads().length, 1, "later queries read nothing more");
    await fresh.close();
  });

  await step("empty query with a facet lists everything that matches", async () => {
    await page.goto(`${server.url}/fr/recherche/?sector=industrie`);
    await page.waitForFunction(
      () => document.querySelectorAll("[data-search-page-results] li.search-hit").length === 3,
    );
  });

  const indexOf = (lang) => {
    const dir = join(big.dir, "search", lang);
    const name = readdirSync(dir).find((f) => /^index\..*\.bin$/.test(f));
    assert.ok(name, `no index file in ${dir}`);
    return { path: `/search/${lang}/${name}`, size: statSync(join(dir, name)).size };
  };
  const lastQuery = (text) =>
    page.waitForFunction((t) => {
      const q = window.academieSearch.queries;
      return q.length && q[q.length - 1].text === t;
    }, text, { timeout: 30000 });

  await step("a large index is read by range, ahead of the query, never whole", async () => {
    const index = indexOf("fr");
    const manifest = JSON.parse(
      await (await fetch(`${bigServer.url}/search/fr/manifest.json`)).text(),
    );
    const preloaded = manifest.preload_chunks.reduce((n, [, count]) => n + count, 0) * manifest.chunk_size;
    assert.ok(preloaded < index.size / 4, `preload ${preloaded} B of ${index.size} B`);
    await page.goto(`${bigServer.url}/fr/`);
    const input = page.locator("#site-search-q");
    await input.focus();
    for (const text of ["gaspillage alimentaire", "maintenance machines"]) {
      const before = bigServer.log.length;
      await input.fill(text);
      await lastQuery(text);
      const list = page.locator("#site-search-results");
      await list.locator("li.search-hit").first().waitFor({ timeout: 15000 });
      const word = text.split(" ")[0];
      const marked = await list.locator("mark").allTextContents();
      assert.ok(
        marked.some((m) => m.toLowerCase().startsWith(word.slice(0, 5))),
        `${text}: highlighted ${marked.join(", ")}`,
      );
      const reads = bigServer.log.slice(before).filter((e) => e.url === index.path);
      assert.ok(reads.length > 0, `${text}: the index was not read`);
      for (const r of reads) {
        assert.equal(r.status, 206, `${text}: ${r.url} ${r.range}`);
        assert.match(r.range || "", /^bytes=\d+-\d+(,\d+-\d+)*$/);
      }
      // Each step of the query (postings, then stored hits) is one
      // multi-range request to a server that answers them.
      assert.ok(reads.length <= 3, `${text}: ${reads.length} index requests`);
      assert.ok(reads.some((r) => r.range.includes(",")), `${text}: no multi-range request`);
    }
    const reads = bigServer.log.filter((e) => e.url === index.path);
    const fetched = reads.reduce((n, e) => n + e.bytes, 0);
    assert.ok(fetched < index.size / 4, `fetched ${fetched} B of a ${index.size} B index`);
    const stats = await page.evaluate(() => window.academieSearch.queries);
    assert.equal(stats[stats.length - 1].syncRequests, 0, "a read was not fetched ahead");
    console.log(
      `     ${index.size} B index: preload ${preloaded} B; two queries read ${fetched} B ` +
        `in ${reads.length} range requests`,
    );
  });

  await step("a host without multi-range answers falls back to single ranges", async () => {
    // This server answers a multi-range request with the whole file (as
    // RFC 9110 allows, and as some hosts do).
    const plain = await serve(big.dir, 0, { multi: false });
    origins.push(plain.url);
    try {
      const p = await context.newPage();
      await p.goto(`${plain.url}/fr/`);
      const input = p.locator("#site-search-q");
      await input.focus();
      for (const text of ["gaspillage alimentaire", "maintenance machines", "formation"]) {
        await input.fill(text);
        await p.waitForFunction((t) => {
          const s = window.academieSearch.queries;
          return s.length && s[s.length - 1].text === t;
        }, text, { timeout: 30000 });
        await p.locator("#site-search-results li.search-hit").first().waitFor({ timeout: 15000 });
      }
      const index = indexOf("fr");
      const reads = plain.log.filter((e) => e.url === index.path);
      const whole = reads.filter((e) => e.status === 200);
      assert.ok(whole.length <= 1, `${whole.length} whole-file answers`);
      // After the first answer, every read is a single range.
      const later = reads.slice(1);
      assert.ok(later.length > 0, "no read after the first");
      for (const r of later) {
        assert.equal(r.status, 206, `${r.range}`);
        assert.match(r.range || "", /^bytes=\d+-\d+$/);
      }
      await p.close();
    } finally {
      await plain.close();
    }
  });

  await step("the engine comes as .wasm from a brotli host, as its gzipped copy from others, as .wasm when the copy is refused", async () => {
    // The copy (`.bin`, zopfli) is smaller than what a gzip-only host sends
    // of the `.wasm`, and than an uncompressed `.wasm`; a brotli host
    // compresses the `.wasm` better than either.
    const engineFiles = (log) =>
      log
        .filter((e) => /\/search\/academie_search_bg\.[0-9a-f]+\.(wasm|bin)$/.test(e.url))
        .map((e) => `${e.url.endsWith(".wasm") ? "wasm" : "copy"} ${e.status} ${e.encoding || "identity"}`);
    // A host that refuses the copy gets the `.wasm` itself.
    const refuse = /\/academie_search_bg\.[0-9a-f]+\.bin$/;
    for (const [encoding, expected, options] of [
      ["br", ["wasm 200 br"]],
      ["gzip", ["copy 200 identity"]],
      [undefined, ["copy 200 identity"]],
      [undefined, ["copy 403 identity", "wasm 200 identity"], { refuse }],
    ]) {
      const host = await serve(site.dir, 0, { encoding, ...options });
      origins.push(host.url);
      try {
        const p = await context.newPage();
        await p.goto(`${host.url}/fr/`);
        const input = p.locator("#site-search-q");
        await input.focus();
        await input.fill("maintenance");
        await p.locator("#site-search-results li.search-hit").first().waitFor({ timeout: 15000 });
        const titles = await p.locator("#site-search-results .search-hit-title").allTextContents();
        assert.ok(titles.some((t) => /Maintenance prédictive/.test(t)), `${encoding}: ${titles.join(" | ")}`);
        assert.deepEqual(engineFiles(host.log), expected, `host compressing with ${encoding || "nothing"}`);
        await p.close();
      } finally {
        await host.close();
      }
    }
  });

  await step("no request left 127.0.0.1, no script error", async () => {
    assert.deepEqual(outside, []);
    assert.deepEqual(pageErrors, []);
  });
} catch (e) {
  failed = true;
} finally {
  await browser.close();
  await server.close();
  await bigServer.close();
  site.cleanup();
  big.cleanup();
}
const ok = results.filter((r) => r.ok).length;
console.log(`${ok}/${results.length} steps passed`);
process.exit(failed ? 1 : 0);
