// Browser test of the search: builds the fixture site (tests/browser/site),
// serves it on 127.0.0.1, drives Debian's headless Chromium with
// playwright-core, types a query, checks results and facet counts, toggles a
// facet, goes back, and checks that no request left 127.0.0.1.
//
//   node tests/browser/search.test.mjs            (builds the site with cargo)
//   SITE_DIR=/path/to/built/site node tests/browser/search.test.mjs
//
// Never skips: a missing Chromium or a site built without search fails.

import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import assert from "node:assert/strict";
import { chromium } from "playwright-core";
import { serve } from "./server.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, "../..");
const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
const ARGS = [
  "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync",
];

function buildSite() {
  if (process.env.SITE_DIR) return { dir: resolve(process.env.SITE_DIR), cleanup: () => {} };
  const out = mkdtempSync(join(tmpdir(), "academie-search-site-"));
  execFileSync(
    "cargo",
    ["run", "--quiet", "--", "build", "--root", join(here, "site"), "--output", out],
    { cwd: repo, stdio: "inherit" },
  );
  return { dir: out, cleanup: () => rmSync(out, { recursive: true, force: true }) };
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
const site = buildSite();
const server = await serve(site.dir);
const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true });
const outside = [];
let failed = false;
try {
  const context = await browser.newContext();
  // Anything not addressed to our server is recorded and refused.
  await context.route("**/*", (route) => {
    const url = route.request().url();
    if (url.startsWith(server.url) || url.startsWith("data:") || url.startsWith("blob:")) {
      return route.continue();
    }
    outside.push(url);
    return route.abort();
  });
  const page = await context.newPage();
  page.on("request", (r) => {
    const u = r.url();
    if (!u.startsWith(server.url) && !u.startsWith("data:") && !u.startsWith("blob:")) outside.push(u);
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
    const types = await page.locator("fieldset.search-facet").first().textContent();
    assert.match(types, /\(2\)/, types); // two use cases
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

  await step("empty query with a facet lists everything that matches", async () => {
    await page.goto(`${server.url}/fr/recherche/?sector=industrie`);
    await page.waitForFunction(
      () => document.querySelectorAll("[data-search-page-results] li.search-hit").length === 3,
    );
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
  site.cleanup();
}
const ok = results.filter((r) => r.ok).length;
console.log(`${ok}/${results.length} steps passed`);
process.exit(failed ? 1 : 0);
